#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
/* expr.c - the expression language: parser, compiler to a postfix program,
 * evaluators in three precisions, symbolic derivative, printer.
 *
 * Copyright (C) 2026 the gradcheck authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Method
 *
 *   parse    Recursive descent over an on-the-fly lexer.  The parser
 *            recurses only through parentheses, calls, unary operators and
 *            '^' right operands, each of which counts one level against
 *            GC_EXPR_MAX_DEPTH; chains of left-associative operators are
 *            built by loops.  Every node records its height, and a node
 *            taller than GC_EXPR_MAX_TREE_DEPTH is refused when it is
 *            built, so every later recursive walk is bounded too.
 *   compile  One instruction per node into a flat postfix program; the
 *            literal 2 of a^2 folds into a SQR instruction.  The operands
 *            of each operator are emitted neediest first (Sethi-Ullman
 *            numbering; the instruction records the swap), which bounds the
 *            stack by GC_EXPR_EVAL_STACK (see expr.h), so evaluation is a
 *            loop over a fixed local array: no recursion, no allocation.
 *   eval     The same loop instantiated for float, double and long double
 *            (EXPR_DEFINE_EVAL), calling the libm function of that
 *            precision (expf / exp / expl ...).  Constants are stored
 *            pre-rounded per precision.
 *   derive   Recursive over the (height-bounded) tree; results are built
 *            with simplifying constructors (mk_add, mk_mul, ...) that take
 *            ownership of their arguments, also when they fail, so error
 *            paths cannot leak.  Node count and height are capped while
 *            building (struct builder).
 *
 * Numbers are read with strtold, which follows the C locale's decimal point;
 * the library never calls setlocale, and a program that switches to a
 * locale with a decimal comma gets "malformed number" errors, not wrong
 * values.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"

/* ------------------------------------------------------------------ */
/* Operators                                                           */

enum op {
    OP_NUM, OP_X,                                   /* leaves */
    OP_NEG,                                         /* prefix */
    OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_POW,         /* infix */
    OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE,
    OP_ABS, OP_SIGN, OP_SQRT, OP_CBRT, OP_EXP, OP_EXPM1, OP_LOG, OP_LOG1P,
    OP_LOG2, OP_SIN, OP_COS, OP_TAN, OP_ASIN, OP_ACOS, OP_ATAN, OP_SINH,
    OP_COSH, OP_TANH, OP_ASINH, OP_ERF, OP_ERFC,    /* calls, 1 argument */
    OP_MIN, OP_MAX,                                 /* calls, 2 arguments */
    OP_WHERE,                                       /* call, 3 arguments */
    OP_SQR,                                         /* instruction only: a*a */
    N_OPS
};

/* Printing precedence: a child is parenthesised when it binds looser than
 * its place needs.  PREC_UNARY is also that of a negative number. */
enum { PREC_CMP = 1, PREC_ADD, PREC_MUL, PREC_UNARY, PREC_POW, PREC_ATOM };

struct opinfo {
    const char *name;   /* operator symbol or function name */
    unsigned char arity;
    unsigned char prec;
    bool call;          /* written name(args) */
};

static const struct opinfo ops[N_OPS] = {
    [OP_NUM] = {"number", 0, PREC_ATOM, false},
    [OP_X] = {"x", 0, PREC_ATOM, false},
    [OP_NEG] = {"-", 1, PREC_UNARY, false},
    [OP_ADD] = {"+", 2, PREC_ADD, false},
    [OP_SUB] = {"-", 2, PREC_ADD, false},
    [OP_MUL] = {"*", 2, PREC_MUL, false},
    [OP_DIV] = {"/", 2, PREC_MUL, false},
    [OP_POW] = {"^", 2, PREC_POW, false},
    [OP_LT] = {"<", 2, PREC_CMP, false},
    [OP_LE] = {"<=", 2, PREC_CMP, false},
    [OP_GT] = {">", 2, PREC_CMP, false},
    [OP_GE] = {">=", 2, PREC_CMP, false},
    [OP_EQ] = {"==", 2, PREC_CMP, false},
    [OP_NE] = {"!=", 2, PREC_CMP, false},
    [OP_ABS] = {"abs", 1, PREC_ATOM, true},
    [OP_SIGN] = {"sign", 1, PREC_ATOM, true},
    [OP_SQRT] = {"sqrt", 1, PREC_ATOM, true},
    [OP_CBRT] = {"cbrt", 1, PREC_ATOM, true},
    [OP_EXP] = {"exp", 1, PREC_ATOM, true},
    [OP_EXPM1] = {"expm1", 1, PREC_ATOM, true},
    [OP_LOG] = {"log", 1, PREC_ATOM, true},
    [OP_LOG1P] = {"log1p", 1, PREC_ATOM, true},
    [OP_LOG2] = {"log2", 1, PREC_ATOM, true},
    [OP_SIN] = {"sin", 1, PREC_ATOM, true},
    [OP_COS] = {"cos", 1, PREC_ATOM, true},
    [OP_TAN] = {"tan", 1, PREC_ATOM, true},
    [OP_ASIN] = {"asin", 1, PREC_ATOM, true},
    [OP_ACOS] = {"acos", 1, PREC_ATOM, true},
    [OP_ATAN] = {"atan", 1, PREC_ATOM, true},
    [OP_SINH] = {"sinh", 1, PREC_ATOM, true},
    [OP_COSH] = {"cosh", 1, PREC_ATOM, true},
    [OP_TANH] = {"tanh", 1, PREC_ATOM, true},
    [OP_ASINH] = {"asinh", 1, PREC_ATOM, true},
    [OP_ERF] = {"erf", 1, PREC_ATOM, true},
    [OP_ERFC] = {"erfc", 1, PREC_ATOM, true},
    [OP_MIN] = {"min", 2, PREC_ATOM, true},
    [OP_MAX] = {"max", 2, PREC_ATOM, true},
    [OP_WHERE] = {"where", 3, PREC_ATOM, true},
    [OP_SQR] = {"sqr", 1, PREC_ATOM, false},
};

/* Function names the parser accepts: every call of ops[] plus pow, which
 * builds the same node as '^'. */
static const struct { const char *name; enum op op; } functions[] = {
    {"abs", OP_ABS}, {"acos", OP_ACOS}, {"asin", OP_ASIN},
    {"asinh", OP_ASINH}, {"atan", OP_ATAN}, {"cbrt", OP_CBRT},
    {"cos", OP_COS}, {"cosh", OP_COSH}, {"erf", OP_ERF}, {"erfc", OP_ERFC},
    {"exp", OP_EXP}, {"expm1", OP_EXPM1}, {"log", OP_LOG},
    {"log1p", OP_LOG1P}, {"log2", OP_LOG2}, {"max", OP_MAX},
    {"min", OP_MIN}, {"pow", OP_POW}, {"sign", OP_SIGN}, {"sin", OP_SIN},
    {"sinh", OP_SINH}, {"sqrt", OP_SQRT}, {"tan", OP_TAN},
    {"tanh", OP_TANH}, {"where", OP_WHERE},
};

/* Named constants.  The long double values are pi and e correctly rounded
 * to 64 bits; converting them to float and double gives the correctly
 * rounded float and double constants (M_PI, M_E), checked by the tests. */
enum cname { CN_NONE, CN_PI, CN_E, CN_INF };
static const char *const cname_text[] = {NULL, "pi", "e", "inf"};
#define EXPR_PI_LD 3.14159265358979323846264338327950288L
#define EXPR_E_LD 2.71828182845904523536028747135266250L

/* ------------------------------------------------------------------ */
/* Trees and the builder that caps their size                          */

struct node {
    long double v;           /* OP_NUM: value (pi, e, inf for constants) */
    struct node *kid[3];
    unsigned char op;        /* enum op */
    unsigned char cname;     /* OP_NUM: enum cname */
    unsigned short height;   /* 1 for a leaf */
    unsigned short need;     /* evaluation stack slots (Sethi-Ullman) */
};

/* Counts live nodes and records the first failure; one per parse or
 * derivation. */
struct builder {
    size_t live;
    gc_status status;        /* GC_OK until something fails */
    const char *why;         /* the failure, for messages */
};

static void fail(struct builder *b, gc_status st, const char *why)
{
    if (b->status == GC_OK) {
        b->status = st;
        b->why = why;
    }
}

/* Free one node without its children. */
static void shell_free(struct builder *b, struct node *n)
{
    if (b)
        b->live--;
    free(n);
}

/* Free a whole tree (recursion bounded by its height). */
static void tree_free(struct builder *b, struct node *n)
{
    if (!n)
        return;
    for (int i = 0; i < ops[n->op].arity; i++)
        tree_free(b, n->kid[i]);
    shell_free(b, n);
}

/* Sethi-Ullman number: the stack a node needs when its children are
 * evaluated neediest first.  With children needs n1 >= n2 >= n3 the node
 * needs max(n1, n2 + 1, n3 + 2). */
static unsigned need_of(unsigned char op, struct node *const *k)
{
    unsigned a[3] = {0, 0, 0}, r;
    int ar = ops[op].arity;
    if (ar == 0)
        return 1;
    for (int i = 0; i < ar; i++)
        a[i] = k[i]->need;
    /* sort descending (at most three) */
    for (int i = 0; i < ar; i++)
        for (int j = i + 1; j < ar; j++)
            if (a[j] > a[i]) {
                unsigned t = a[i]; a[i] = a[j]; a[j] = t;
            }
    r = a[0];
    if (ar >= 2 && a[1] + 1 > r)
        r = a[1] + 1;
    if (ar >= 3 && a[2] + 2 > r)
        r = a[2] + 2;
    return r;
}

/* A new node of operator op owning the children k0, k1, k2 (as many as the
 * arity; the rest ignored).  Consumes the children, also on failure; NULL
 * if a child is NULL (an earlier failure), when out of memory, or past
 * GC_EXPR_MAX_NODES / GC_EXPR_MAX_TREE_DEPTH. */
static struct node *node_new(struct builder *b, enum op op, struct node *k0,
                             struct node *k1, struct node *k2)
{
    struct node *k[3] = {k0, k1, k2};
    int ar = ops[op].arity;
    unsigned h = 0;
    bool ok = true;
    for (int i = 0; i < ar; i++) {
        if (!k[i])
            ok = false;
        else if (k[i]->height > h)
            h = k[i]->height;
    }
    if (ok && h + 1 > GC_EXPR_MAX_TREE_DEPTH) {
        fail(b, GC_RANGE, "depth");
        ok = false;
    }
    if (ok && b->live >= GC_EXPR_MAX_NODES) {
        fail(b, GC_RANGE, "nodes");
        ok = false;
    }
    struct node *n = ok ? calloc(1, sizeof *n) : NULL;
    if (ok && !n)
        fail(b, GC_NOMEM, "memory");
    if (!n) {
        for (int i = 0; i < ar; i++)
            tree_free(b, k[i]);
        return NULL;
    }
    b->live++;
    n->op = (unsigned char)op;
    n->height = (unsigned short)(h + 1);
    for (int i = 0; i < ar; i++)
        n->kid[i] = k[i];
    n->need = (unsigned short)need_of(n->op, n->kid);
    return n;
}

static struct node *mk_num(struct builder *b, long double v)
{
    struct node *n = node_new(b, OP_NUM, NULL, NULL, NULL);
    if (n)
        n->v = v;
    return n;
}

static struct node *mk_const(struct builder *b, enum cname c)
{
    static const long double val[] = {0, EXPR_PI_LD, EXPR_E_LD, HUGE_VALL};
    struct node *n = mk_num(b, val[c]);
    if (n)
        n->cname = (unsigned char)c;
    return n;
}

/* Deep copy (recursion bounded by the height). */
static struct node *copy(struct builder *b, const struct node *n)
{
    struct node *k[3] = {NULL, NULL, NULL};
    int ar = ops[n->op].arity;
    for (int i = 0; i < ar; i++)
        k[i] = copy(b, n->kid[i]);
    struct node *c = node_new(b, (enum op)n->op, k[0], k[1], k[2]);
    if (c) {
        c->v = n->v;
        c->cname = n->cname;
    }
    return c;
}

static size_t tree_size(const struct node *n)
{
    size_t s = 1;
    for (int i = 0; i < ops[n->op].arity; i++)
        s += tree_size(n->kid[i]);
    return s;
}

/* ------------------------------------------------------------------ */
/* Compiled form                                                       */

struct instr {
    unsigned char op;     /* enum op; OP_NUM pushes a constant, OP_X x */
    unsigned char arity;  /* operands popped (0: pushes one value) */
    unsigned char swap;   /* binary: operands were emitted right first */
    unsigned char pos[3]; /* where: emission slot of cond, a, b */
    uint32_t k;           /* OP_NUM: constant index */
};

struct gc_expr {
    struct node *root;
    size_t n_nodes;
    struct instr *prog;
    size_t n_prog;
    float *cf;            /* constants rounded to each precision */
    double *cd;
    long double *cl;
    size_t n_consts;
};

struct compiler {
    struct gc_expr *e;
    size_t depth, max_depth;
};

static bool is_num(const struct node *n, long double v)
{
    return n->op == OP_NUM && n->cname == CN_NONE && n->v == v;
}

static void emit(struct compiler *c, const struct node *n)
{
    struct gc_expr *e = c->e;
    struct instr *in;
    if (n->op == OP_POW && is_num(n->kid[1], 2)) {
        emit(c, n->kid[0]);
        in = &e->prog[e->n_prog++];
        in->op = OP_SQR;
        in->arity = 1;
        return;
    }
    int ar = ops[n->op].arity;
    unsigned char order[3] = {0, 1, 2};
    /* stable sort of the children by need, descending */
    for (int i = 1; i < ar; i++)
        for (int j = i; j > 0 && n->kid[order[j]]->need > n->kid[order[j - 1]]->need; j--) {
            unsigned char t = order[j]; order[j] = order[j - 1]; order[j - 1] = t;
        }
    for (int i = 0; i < ar; i++)
        emit(c, n->kid[order[i]]);
    in = &e->prog[e->n_prog++];
    in->op = n->op;
    in->arity = (unsigned char)ar;
    if (ar == 0) {
        if (n->op == OP_NUM) {
            size_t i = e->n_consts++;
            e->cf[i] = (float)n->v;
            e->cd[i] = (double)n->v;
            e->cl[i] = n->v;
            in->k = (uint32_t)i;
        }
        if (++c->depth > c->max_depth)
            c->max_depth = c->depth;
        return;
    }
    for (int i = 0; i < ar; i++)
        in->pos[order[i]] = (unsigned char)i;
    in->swap = ar == 2 && order[0] == 1;
    c->depth -= (size_t)(ar - 1);
}

static size_t count_nums(const struct node *n)
{
    size_t s = n->op == OP_NUM;
    for (int i = 0; i < ops[n->op].arity; i++)
        s += count_nums(n->kid[i]);
    return s;
}

/* Wrap a finished tree (taking ownership, also on failure) into a compiled
 * gc_expr. */
static gc_status compile(struct node *root, struct gc_expr **out)
{
    struct gc_expr *e = calloc(1, sizeof *e);
    if (!e) {
        tree_free(NULL, root);
        return GC_NOMEM;
    }
    e->root = root;
    e->n_nodes = tree_size(root);
    size_t nc = count_nums(root);
    e->prog = calloc(e->n_nodes, sizeof *e->prog);
    e->cf = calloc(nc ? nc : 1, sizeof *e->cf);
    e->cd = calloc(nc ? nc : 1, sizeof *e->cd);
    e->cl = calloc(nc ? nc : 1, sizeof *e->cl);
    if (!e->prog || !e->cf || !e->cd || !e->cl) {
        gc_expr_free(e);
        return GC_NOMEM;
    }
    struct compiler c = {e, 0, 0};
    emit(&c, root);
    if (c.max_depth > GC_EXPR_EVAL_STACK) {  /* cannot happen, see expr.h */
        gc_expr_free(e);
        return GC_RANGE;
    }
    *out = e;
    return GC_OK;
}

void gc_expr_free(struct gc_expr *e)
{
    if (!e)
        return;
    tree_free(NULL, e->root);
    free(e->prog);
    free(e->cf);
    free(e->cd);
    free(e->cl);
    free(e);
}

size_t gc_expr_size(const struct gc_expr *e)
{
    return e ? e->n_nodes : 0;
}

/* ------------------------------------------------------------------ */
/* Evaluation                                                          */

#define EXPR_CAT_(a, b) a##b
#define EXPR_FN(name, sfx) EXPR_CAT_(name, sfx)

/* One evaluator: FUNC(e, x) in type T, libm functions with suffix SFX
 * (f, nothing, l), constants from e->CONSTS. */
#define EXPR_DEFINE_EVAL(FUNC, T, SFX, CONSTS)                                \
T FUNC(const struct gc_expr *e, T x)                                          \
{                                                                             \
    T s[GC_EXPR_EVAL_STACK];                                                  \
    size_t n = 0;                                                             \
    if (!e)                                                                   \
        return (T)NAN;                                                        \
    for (const struct instr *ip = e->prog, *end = ip + e->n_prog;             \
         ip < end; ip++) {                                                    \
        T a = 0, b = 0, c = 0, r;                                             \
        switch (ip->arity) {                                                  \
        case 0: n++; break;                                                   \
        case 1: a = s[n - 1]; break;                                          \
        case 2:                                                               \
            n--;                                                              \
            a = s[n - 1]; b = s[n];                                           \
            if (ip->swap) { T t_ = a; a = b; b = t_; }                        \
            break;                                                            \
        default:                                                              \
            n -= 2;                                                           \
            c = s[n - 1 + ip->pos[0]];                                        \
            a = s[n - 1 + ip->pos[1]];                                        \
            b = s[n - 1 + ip->pos[2]];                                        \
            break;                                                            \
        }                                                                     \
        switch (ip->op) {                                                     \
        case OP_NUM: r = e->CONSTS[ip->k]; break;                             \
        case OP_X: r = x; break;                                              \
        case OP_NEG: r = -a; break;                                           \
        case OP_ADD: r = a + b; break;                                        \
        case OP_SUB: r = a - b; break;                                        \
        case OP_MUL: r = a * b; break;                                        \
        case OP_DIV: r = a / b; break;                                        \
        case OP_POW: r = EXPR_FN(pow, SFX)(a, b); break;                      \
        case OP_SQR: r = a * a; break;                                        \
        case OP_LT: r = (T)(a < b); break;                                    \
        case OP_LE: r = (T)(a <= b); break;                                   \
        case OP_GT: r = (T)(a > b); break;                                    \
        case OP_GE: r = (T)(a >= b); break;                                   \
        case OP_EQ: r = (T)(a == b); break;                                   \
        case OP_NE: r = (T)(a != b); break;                                   \
        case OP_ABS: r = EXPR_FN(fabs, SFX)(a); break;                        \
        case OP_SIGN: r = a > 0 ? (T)1 : a < 0 ? (T)-1 : a; break;            \
        case OP_SQRT: r = EXPR_FN(sqrt, SFX)(a); break;                       \
        case OP_CBRT: r = EXPR_FN(cbrt, SFX)(a); break;                       \
        case OP_EXP: r = EXPR_FN(exp, SFX)(a); break;                         \
        case OP_EXPM1: r = EXPR_FN(expm1, SFX)(a); break;                     \
        case OP_LOG: r = EXPR_FN(log, SFX)(a); break;                         \
        case OP_LOG1P: r = EXPR_FN(log1p, SFX)(a); break;                     \
        case OP_LOG2: r = EXPR_FN(log2, SFX)(a); break;                       \
        case OP_SIN: r = EXPR_FN(sin, SFX)(a); break;                         \
        case OP_COS: r = EXPR_FN(cos, SFX)(a); break;                         \
        case OP_TAN: r = EXPR_FN(tan, SFX)(a); break;                         \
        case OP_ASIN: r = EXPR_FN(asin, SFX)(a); break;                       \
        case OP_ACOS: r = EXPR_FN(acos, SFX)(a); break;                       \
        case OP_ATAN: r = EXPR_FN(atan, SFX)(a); break;                       \
        case OP_SINH: r = EXPR_FN(sinh, SFX)(a); break;                       \
        case OP_COSH: r = EXPR_FN(cosh, SFX)(a); break;                       \
        case OP_TANH: r = EXPR_FN(tanh, SFX)(a); break;                       \
        case OP_ASINH: r = EXPR_FN(asinh, SFX)(a); break;                     \
        case OP_ERF: r = EXPR_FN(erf, SFX)(a); break;                         \
        case OP_ERFC: r = EXPR_FN(erfc, SFX)(a); break;                       \
        case OP_MIN:                                                          \
            r = isnan(a) || isnan(b) ? a + b : a <= b ? a : b; break;         \
        case OP_MAX:                                                          \
            r = isnan(a) || isnan(b) ? a + b : a >= b ? a : b; break;         \
        case OP_WHERE: r = c != 0 ? a : b; break;                             \
        default: r = (T)NAN; break;                                           \
        }                                                                     \
        s[n - 1] = r;                                                         \
    }                                                                         \
    return s[0];                                                              \
}

EXPR_DEFINE_EVAL(gc_expr_eval_f32, float, f, cf)
EXPR_DEFINE_EVAL(gc_expr_eval_f64, double, , cd)
EXPR_DEFINE_EVAL(gc_expr_eval_ld, long double, l, cl)

/* ------------------------------------------------------------------ */
/* Lexer                                                               */

enum tok {
    T_EOF, T_NUM, T_IDENT,
    T_PLUS, T_MINUS, T_STAR, T_SLASH, T_CARET, T_LPAREN, T_RPAREN, T_COMMA,
    T_LT, T_LE, T_GT, T_GE, T_EQ, T_NE,
};

struct token {
    enum tok kind;
    size_t pos, len;      /* bytes of src */
    int line, col;
    long double v;        /* T_NUM */
};

struct parser {
    const char *src;
    size_t len, pos;      /* lexer position */
    int line, col;        /* of src[pos] */
    struct token t;       /* current token */
    struct builder b;
    struct gc_expr_error *err;
    bool failed;
    gc_status status;
};

/* Record the first error at line:col. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void perr(struct parser *p, int line, int col, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = true;
    p->status = GC_PARSE;
    if (p->err) {
        va_list ap;
        p->err->line = line;
        p->err->col = col;
        va_start(ap, fmt);
        vsnprintf(p->err->msg, sizeof p->err->msg, fmt, ap);
        va_end(ap);
    }
}

/* Quote src[pos .. pos+len) for a message: printable ASCII only, at most
 * 32 bytes, then "...". */
static void quote(char *buf, size_t size, const char *s, size_t len)
{
    size_t n = 0, i;
    for (i = 0; i < len && i < 32 && n + 5 < size; i++) {
        unsigned char ch = (unsigned char)s[i];
        buf[n++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
    }
    if (i < len && n + 4 < size) {
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    buf[n] = '\0';
}

/* What the current token is, for "found ...". */
static const char *describe(const struct parser *p, char *buf, size_t size)
{
    char q[48];
    const struct token *t = &p->t;
    switch (t->kind) {
    case T_EOF:
        return "end of input";
    case T_NUM:
        quote(q, sizeof q, p->src + t->pos, t->len);
        snprintf(buf, size, "number '%s'", q);
        return buf;
    default:
        quote(q, sizeof q, p->src + t->pos, t->len);
        snprintf(buf, size, "'%s'", q);
        return buf;
    }
}

static bool is_digit(int c) { return c >= '0' && c <= '9'; }
static bool is_xdigit(int c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static bool is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* Is s[0..n) a C floating or (non-octal) integer constant without suffix?
 * Sets *why for the error message when it is not. */
static bool number_ok(const char *s, size_t n, const char **why)
{
    size_t i = 0, mant = 0;
    bool hex = n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    bool dot = false;
    *why = NULL;
    if (hex) {
        i = 2;
        while (i < n && is_xdigit((unsigned char)s[i])) { i++; mant++; }
        if (i < n && s[i] == '.') {
            dot = true;
            i++;
            while (i < n && is_xdigit((unsigned char)s[i])) { i++; mant++; }
        }
    } else {
        while (i < n && is_digit((unsigned char)s[i])) { i++; mant++; }
        if (i < n && s[i] == '.') {
            dot = true;
            i++;
            while (i < n && is_digit((unsigned char)s[i])) { i++; mant++; }
        }
    }
    if (mant == 0)
        return false;
    bool expo = false;
    if (i < n && (hex ? (s[i] == 'p' || s[i] == 'P') : (s[i] == 'e' || s[i] == 'E'))) {
        size_t d = 0;
        expo = true;
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        while (i < n && is_digit((unsigned char)s[i])) { i++; d++; }
        if (d == 0)
            return false;
    }
    if (i != n)
        return false;
    if (hex && dot && !expo) {
        *why = "a hexadecimal float needs a 'p' exponent";
        return false;
    }
    if (!hex && !dot && !expo && n > 1 && s[0] == '0') {
        *why = "leading zeros: in C this would be octal";
        return false;
    }
    return true;
}

/* Advance the lexer over one byte, tracking line and column. */
static void bump(struct parser *p)
{
    if (p->src[p->pos] == '\n') {
        p->line++;
        p->col = 1;
    } else {
        p->col++;
    }
    p->pos++;
}

/* Read the next token into p->t; lexical errors are reported here. */
static void next(struct parser *p)
{
    const char *s = p->src;
    while (p->pos < p->len && strchr(" \t\n\r\f\v", s[p->pos]) && s[p->pos] != '\0')
        bump(p);
    struct token *t = &p->t;
    t->pos = p->pos;
    t->line = p->line;
    t->col = p->col;
    t->len = 0;
    t->v = 0;
    if (p->pos >= p->len) {
        t->kind = T_EOF;
        return;
    }
    unsigned char c = (unsigned char)s[p->pos];
    unsigned char c1 = p->pos + 1 < p->len ? (unsigned char)s[p->pos + 1] : 0;
    if (is_digit(c) || (c == '.' && is_digit(c1))) {
        /* Maximal munch of a number-like lexeme, then validate it. */
        size_t i = p->pos;
        bool hex = c == '0' && (c1 == 'x' || c1 == 'X');
        while (i < p->len) {
            unsigned char d = (unsigned char)s[i];
            if (is_digit(d) || is_alpha(d) || d == '.') {
                i++;
            } else if ((d == '+' || d == '-') && i > p->pos &&
                       strchr(hex ? "pP" : "eE", s[i - 1]) && s[i - 1] != '\0' &&
                       !(hex && i - p->pos == 2)) {
                i++;
            } else {
                break;
            }
        }
        t->kind = T_NUM;
        t->len = i - p->pos;
        const char *why;
        char q[48];
        if (!number_ok(s + p->pos, t->len, &why)) {
            quote(q, sizeof q, s + p->pos, t->len);
            if (why)
                perr(p, t->line, t->col, "malformed number '%s': %s", q, why);
            else
                perr(p, t->line, t->col, "malformed number '%s'", q);
            return;
        }
        char *tmp = malloc(t->len + 1), *end;
        if (!tmp) {
            perr(p, t->line, t->col, "out of memory");
            p->status = GC_NOMEM;
            return;
        }
        memcpy(tmp, s + p->pos, t->len);
        tmp[t->len] = '\0';
        errno = 0;
        t->v = strtold(tmp, &end);  /* ERANGE: +-inf or 0, as C would */
        bool whole = (size_t)(end - tmp) == t->len;
        free(tmp);
        if (!whole) {
            quote(q, sizeof q, s + p->pos, t->len);
            perr(p, t->line, t->col, "malformed number '%s'", q);
            return;
        }
        while (p->pos < i)
            bump(p);
        return;
    }
    if (is_alpha(c)) {
        while (p->pos < p->len && (is_alpha((unsigned char)s[p->pos]) ||
                                   is_digit((unsigned char)s[p->pos])))
            bump(p);
        t->kind = T_IDENT;
        t->len = p->pos - t->pos;
        return;
    }
    static const struct { char text[3]; enum tok kind; } punct[] = {
        {"<=", T_LE}, {">=", T_GE}, {"==", T_EQ}, {"!=", T_NE},
        {"+", T_PLUS}, {"-", T_MINUS}, {"*", T_STAR}, {"/", T_SLASH},
        {"^", T_CARET}, {"(", T_LPAREN}, {")", T_RPAREN}, {",", T_COMMA},
        {"<", T_LT}, {">", T_GT},
    };
    for (size_t k = 0; k < sizeof punct / sizeof punct[0]; k++) {
        size_t n = strlen(punct[k].text);
        if (p->pos + n <= p->len && memcmp(s + p->pos, punct[k].text, n) == 0) {
            t->kind = punct[k].kind;
            t->len = n;
            for (size_t j = 0; j < n; j++)
                bump(p);
            return;
        }
    }
    if (c == '=' || c == '!')
        perr(p, t->line, t->col, "unexpected '%c' (did you mean '%s'?)", c,
             c == '=' ? "==" : "!=");
    else if (c >= 0x80 || c < 0x20 || c == 0x7f)
        perr(p, t->line, t->col, "unexpected byte 0x%02x%s", c,
             c >= 0x80 ? " (expressions are ASCII)" : "");
    else
        perr(p, t->line, t->col, "unexpected character '%c'", c);
}

/* ------------------------------------------------------------------ */
/* Parser                                                              */

static struct node *parse_expr(struct parser *p, int depth);
static struct node *parse_unary(struct parser *p, int depth);

/* Report a builder failure at tok. */
static void builder_error(struct parser *p, const struct token *tok)
{
    if (p->failed)
        return;
    if (p->b.status == GC_NOMEM) {
        perr(p, tok->line, tok->col, "out of memory");
        p->status = GC_NOMEM;
    } else if (p->b.why && strcmp(p->b.why, "depth") == 0) {
        perr(p, tok->line, tok->col,
             "expression too deep: more than %d nested operations",
             GC_EXPR_MAX_TREE_DEPTH);
    } else {
        perr(p, tok->line, tok->col, "expression has more than %d nodes",
             GC_EXPR_MAX_NODES);
    }
}

/* node_new, with a failure reported at tok. */
static struct node *p_node(struct parser *p, const struct token *tok, enum op op,
                           struct node *k0, struct node *k1, struct node *k2)
{
    if (p->failed) {
        tree_free(&p->b, k0);
        tree_free(&p->b, k1);
        tree_free(&p->b, k2);
        return NULL;
    }
    struct node *n = node_new(&p->b, op, k0, k1, k2);
    if (!n)
        builder_error(p, tok);
    return n;
}

static bool enter(struct parser *p, int depth)
{
    if (depth > GC_EXPR_MAX_DEPTH) {
        perr(p, p->t.line, p->t.col, "expression nested deeper than %d levels",
             GC_EXPR_MAX_DEPTH);
        return false;
    }
    return true;
}

/* Consume a token of kind k or report "expected ..., found ...". */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static bool expect(struct parser *p, enum tok k, const char *what_fmt, ...)
{
    if (p->failed)
        return false;
    if (p->t.kind == k) {
        next(p);
        return !p->failed;
    }
    char what[120], found[64];
    va_list ap;
    va_start(ap, what_fmt);
    vsnprintf(what, sizeof what, what_fmt, ap);
    va_end(ap);
    perr(p, p->t.line, p->t.col, "expected %s, found %s", what,
         describe(p, found, sizeof found));
    return false;
}

static bool ident_is(const struct parser *p, const struct token *t, const char *name)
{
    return t->len == strlen(name) && memcmp(p->src + t->pos, name, t->len) == 0;
}

static struct node *parse_call(struct parser *p, int depth, struct token name,
                               enum op op)
{
    char q[48];
    quote(q, sizeof q, p->src + name.pos, name.len);
    int arity = ops[op].arity;
    struct token open = p->t;
    if (p->t.kind == T_LPAREN && !enter(p, depth + 1))
        return NULL;
    if (!expect(p, T_LPAREN, "'(' after function '%s'", q))
        return NULL;
    struct node *k[3] = {NULL, NULL, NULL};
    for (int i = 0; i < arity && !p->failed; i++) {
        k[i] = parse_expr(p, depth + 1);
        if (i + 1 < arity) {
            if (p->t.kind == T_RPAREN && !p->failed)
                perr(p, p->t.line, p->t.col,
                     "'%s' takes %d arguments, found ')' after %d", q, arity, i + 1);
            else
                expect(p, T_COMMA, "',' after argument %d of '%s'", i + 1, q);
        }
    }
    if (!p->failed && p->t.kind == T_COMMA)
        perr(p, p->t.line, p->t.col, "'%s' takes %d argument%s, found ','", q,
             arity, arity == 1 ? "" : "s");
    expect(p, T_RPAREN, "')' to close '%s(' at %d:%d", q, open.line, open.col);
    return p_node(p, &name, op, k[0], k[1], k[2]);
}

static struct node *parse_primary(struct parser *p, int depth)
{
    char found[64];
    struct token t = p->t;
    if (p->failed)
        return NULL;
    switch (t.kind) {
    case T_NUM: {
        struct node *n = p_node(p, &t, OP_NUM, NULL, NULL, NULL);
        if (n)
            n->v = t.v;
        next(p);
        return n;
    }
    case T_IDENT: {
        for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++)
            if (ident_is(p, &t, functions[i].name)) {
                next(p);
                return parse_call(p, depth, t, functions[i].op);
            }
        for (int c = CN_PI; c <= CN_INF; c++)
            if (ident_is(p, &t, cname_text[c])) {
                struct node *n = NULL;
                if (!p->failed) {
                    n = mk_const(&p->b, (enum cname)c);
                    if (!n)
                        builder_error(p, &t);
                }
                next(p);
                return n;
            }
        if (ident_is(p, &t, "x")) {
            next(p);
            return p_node(p, &t, OP_X, NULL, NULL, NULL);
        }
        char q[48];
        quote(q, sizeof q, p->src + t.pos, t.len);
        next(p);
        if (!p->failed && p->t.kind == T_LPAREN)
            perr(p, t.line, t.col, "unknown function '%s'", q);
        else
            perr(p, t.line, t.col,
                 "unknown identifier '%s' (expected x, pi, e, inf or a function call)", q);
        return NULL;
    }
    case T_LPAREN: {
        if (!enter(p, depth + 1))
            return NULL;
        next(p);
        struct node *n = parse_expr(p, depth + 1);
        if (!expect(p, T_RPAREN, "')' to close '(' at %d:%d", t.line, t.col)) {
            tree_free(&p->b, n);
            return NULL;
        }
        return n;
    }
    default:
        perr(p, t.line, t.col, "expected an expression, found %s",
             describe(p, found, sizeof found));
        return NULL;
    }
}

static struct node *parse_power(struct parser *p, int depth)
{
    struct node *base = parse_primary(p, depth);
    if (p->failed || p->t.kind != T_CARET)
        return base;
    struct token op = p->t;
    if (!enter(p, depth + 1)) {
        tree_free(&p->b, base);
        return NULL;
    }
    next(p);
    struct node *ex = parse_unary(p, depth + 1);
    return p_node(p, &op, OP_POW, base, ex, NULL);
}

static struct node *parse_unary(struct parser *p, int depth)
{
    if (p->failed)
        return NULL;
    if (p->t.kind != T_MINUS && p->t.kind != T_PLUS)
        return parse_power(p, depth);
    struct token op = p->t;
    if (!enter(p, depth + 1))
        return NULL;
    next(p);
    struct node *a = parse_unary(p, depth + 1);
    if (op.kind == T_PLUS || !a)
        return a;
    /* -literal is a negative literal (the same value in every precision,
     * since negation is exact); a literal already negative stays inside a
     * NEG, so "--2" prints back as "--2", and so does an overflowed one,
     * which prints as "inf" and so must read back as -(inf). */
    if (a->op == OP_NUM && a->cname == CN_NONE && !signbit(a->v) && isfinite(a->v)) {
        a->v = -a->v;
        return a;
    }
    return p_node(p, &op, OP_NEG, a, NULL, NULL);
}

/* A loop over one left-associative precedence level. */
static struct node *parse_left(struct parser *p, int depth, int level)
{
    static const struct { enum tok t; enum op op; int level; } binops[] = {
        {T_LT, OP_LT, 0}, {T_LE, OP_LE, 0}, {T_GT, OP_GT, 0},
        {T_GE, OP_GE, 0}, {T_EQ, OP_EQ, 0}, {T_NE, OP_NE, 0},
        {T_PLUS, OP_ADD, 1}, {T_MINUS, OP_SUB, 1},
        {T_STAR, OP_MUL, 2}, {T_SLASH, OP_DIV, 2},
    };
    struct node *l = level == 2 ? parse_unary(p, depth) : parse_left(p, depth, level + 1);
    for (;;) {
        if (p->failed)
            return l;  /* NULL or a tree the caller frees */
        enum op op = OP_NUM;
        for (size_t i = 0; i < sizeof binops / sizeof binops[0]; i++)
            if (binops[i].t == p->t.kind && binops[i].level == level)
                op = binops[i].op;
        if (op == OP_NUM)
            return l;
        struct token optok = p->t;
        next(p);
        struct node *r = level == 2 ? parse_unary(p, depth)
                                    : parse_left(p, depth, level + 1);
        l = p_node(p, &optok, op, l, r, NULL);
    }
}

static struct node *parse_expr(struct parser *p, int depth)
{
    struct node *n = parse_left(p, depth, 0);
    if (p->failed) {
        tree_free(&p->b, n);
        return NULL;
    }
    return n;
}

/* Set err for an error outside the parser proper. */
static void set_error(struct gc_expr_error *err, int line, int col,
                      const char *msg)
{
    if (!err)
        return;
    err->line = line;
    err->col = col;
    snprintf(err->msg, sizeof err->msg, "%s", msg);
}

gc_status gc_expr_parse(const char *src, size_t len, int line0, int col0,
                        struct gc_expr **out, struct gc_expr_error *err)
{
    if (!out || (!src && len > 0)) {
        set_error(err, line0, col0, "invalid argument");
        return GC_INVAL;
    }
    if (len > GC_EXPR_MAX_LEN) {
        if (err) {
            err->line = line0;
            err->col = col0;
            snprintf(err->msg, sizeof err->msg,
                     "expression longer than %d characters (%zu)",
                     GC_EXPR_MAX_LEN, len);
        }
        return GC_PARSE;
    }
    struct parser p;
    memset(&p, 0, sizeof p);
    p.src = src ? src : "";
    p.len = len;
    p.line = line0;
    p.col = col0;
    p.err = err;
    p.b.status = GC_OK;
    next(&p);
    if (!p.failed && p.t.kind == T_EOF) {
        perr(&p, p.t.line, p.t.col, "empty expression");
        return GC_PARSE;
    }
    struct node *root = parse_expr(&p, 0);
    if (!p.failed && p.t.kind != T_EOF) {
        char found[64];
        if (p.t.kind == T_RPAREN)
            perr(&p, p.t.line, p.t.col, "unmatched ')'");
        else
            perr(&p, p.t.line, p.t.col,
                 "expected an operator or end of input, found %s",
                 describe(&p, found, sizeof found));
    }
    if (p.failed) {
        tree_free(&p.b, root);
        return p.status;
    }
    gc_status st = compile(root, out);
    if (st != GC_OK)
        set_error(err, line0, col0, gc_strerror(st));
    return st;
}

/* ------------------------------------------------------------------ */
/* Simplifying constructors (all consume their arguments)              */

static bool is_plain_num(const struct node *n)
{
    return n->op == OP_NUM && n->cname == CN_NONE;
}

static bool is_zero(const struct node *n) { return is_num(n, 0); }

/* Take child i out of n and free n's shell. */
static struct node *unwrap(struct builder *b, struct node *n, int i)
{
    struct node *k = n->kid[i];
    shell_free(b, n);
    return k;
}

/* Fold a result of two plain numbers into a (freeing b) if it is finite;
 * returns a, or NULL when the fold does not apply (nothing freed). */
static struct node *fold(struct builder *bl, struct node *a, struct node *b,
                         long double r)
{
    if (!isfinite(r))
        return NULL;
    a->v = r;
    tree_free(bl, b);
    return a;
}

static struct node *mk_neg(struct builder *b, struct node *a);
static struct node *mk_mul(struct builder *b, struct node *x, struct node *y);

static struct node *mk_add(struct builder *b, struct node *x, struct node *y)
{
    struct node *r;
    if (!x || !y) {
        tree_free(b, x);
        tree_free(b, y);
        return NULL;
    }
    if (is_plain_num(x) && is_plain_num(y) && (r = fold(b, x, y, x->v + y->v)))
        return r;
    if (is_zero(x)) {
        tree_free(b, x);
        return y;
    }
    if (is_zero(y)) {
        tree_free(b, y);
        return x;
    }
    if (x->op == OP_NEG && y->op != OP_NEG) {     /* -p + y = y - p */
        struct node *t = x; x = y; y = t;
    }
    if (y->op == OP_NEG)                           /* x + -q = x - q */
        return node_new(b, OP_SUB, x, unwrap(b, y, 0), NULL);
    if (is_plain_num(y) && signbit(y->v)) {        /* x + -2 = x - 2 */
        y->v = -y->v;
        return node_new(b, OP_SUB, x, y, NULL);
    }
    if (y->op == OP_MUL && is_plain_num(y->kid[0]) && signbit(y->kid[0]->v)) {
        y->kid[0]->v = -y->kid[0]->v;              /* x + -2*q = x - 2*q */
        return node_new(b, OP_SUB, x, y, NULL);
    }
    return node_new(b, OP_ADD, x, y, NULL);
}

static struct node *mk_sub(struct builder *b, struct node *x, struct node *y)
{
    struct node *r;
    if (!x || !y) {
        tree_free(b, x);
        tree_free(b, y);
        return NULL;
    }
    if (is_plain_num(x) && is_plain_num(y) && (r = fold(b, x, y, x->v - y->v)))
        return r;
    if (is_zero(y)) {
        tree_free(b, y);
        return x;
    }
    if (is_zero(x)) {
        tree_free(b, x);
        return mk_neg(b, y);
    }
    if (y->op == OP_NEG)                           /* x - -q = x + q */
        return node_new(b, OP_ADD, x, unwrap(b, y, 0), NULL);
    if (is_plain_num(y) && signbit(y->v)) {
        y->v = -y->v;
        return node_new(b, OP_ADD, x, y, NULL);
    }
    if (y->op == OP_MUL && is_plain_num(y->kid[0]) && signbit(y->kid[0]->v)) {
        y->kid[0]->v = -y->kid[0]->v;
        return node_new(b, OP_ADD, x, y, NULL);
    }
    return node_new(b, OP_SUB, x, y, NULL);
}

/* Can a product or quotient led by n be negated by negating a number in
 * place (no allocation)? */
static bool neg_absorbs(const struct node *n)
{
    while (n->op == OP_MUL || n->op == OP_DIV)
        n = n->kid[0];
    return is_plain_num(n) && n->v != 0 && isfinite(n->v);
}

static struct node *mk_neg(struct builder *b, struct node *a)
{
    if (!a)
        return NULL;
    if (is_plain_num(a) && isfinite(a->v)) {
        a->v = a->v == 0 ? 0 : -a->v;
        return a;
    }
    if (a->op == OP_NEG)
        return unwrap(b, a, 0);
    if ((a->op == OP_MUL || a->op == OP_DIV) && neg_absorbs(a->kid[0])) {
        a->kid[0] = mk_neg(b, a->kid[0]);          /* -(2*q) = -2*q */
        if (a->op == OP_MUL && is_num(a->kid[0], 1)) {
            tree_free(b, a->kid[0]);
            return unwrap(b, a, 1);
        }
        return a;
    }
    return node_new(b, OP_NEG, a, NULL, NULL);
}

static struct node *mk_div(struct builder *b, struct node *x, struct node *y)
{
    if (!x || !y) {
        tree_free(b, x);
        tree_free(b, y);
        return NULL;
    }
    if (is_plain_num(x) && is_plain_num(y) && y->v != 0) {
        /* fold only an exact quotient: fmal rounds q*y - x once, so it is
         * zero exactly when q*y == x */
        long double q = x->v / y->v;
        struct node *r;
        if (fmal(q, y->v, -x->v) == 0 && (r = fold(b, x, y, q)))
            return r;
    }
    if (is_zero(x) || is_num(y, 1)) {
        tree_free(b, y);
        return x;
    }
    if (is_num(y, -1)) {
        tree_free(b, y);
        return mk_neg(b, x);
    }
    if (x->op == OP_NEG)
        return mk_neg(b, mk_div(b, unwrap(b, x, 0), y));
    if (y->op == OP_NEG)
        return mk_neg(b, mk_div(b, x, unwrap(b, y, 0)));
    return node_new(b, OP_DIV, x, y, NULL);
}

/* The number leading a product or quotient (2 in 2/q*r), or NULL. */
static struct node *leading_num(struct node *n)
{
    if (n->op != OP_MUL && n->op != OP_DIV)
        return NULL;
    while (n->op == OP_MUL || n->op == OP_DIV)
        n = n->kid[0];
    return is_plain_num(n) && isfinite(n->v) ? n : NULL;
}

static struct node *mk_mul(struct builder *b, struct node *x, struct node *y)
{
    struct node *r;
    if (!x || !y) {
        tree_free(b, x);
        tree_free(b, y);
        return NULL;
    }
    if (is_plain_num(x) && is_plain_num(y) && (r = fold(b, x, y, x->v * y->v)))
        return r;
    if (is_zero(x) || is_zero(y)) {
        tree_free(b, x);
        tree_free(b, y);
        return mk_num(b, 0);
    }
    if (is_plain_num(y) && !is_plain_num(x)) {     /* numbers in front */
        struct node *t = x; x = y; y = t;
    }
    if (is_num(x, 1)) {
        tree_free(b, x);
        return y;
    }
    if (is_num(x, -1)) {
        tree_free(b, x);
        return mk_neg(b, y);
    }
    if (x->op == OP_NEG)
        return mk_neg(b, mk_mul(b, unwrap(b, x, 0), y));
    if (y->op == OP_NEG)
        return mk_neg(b, mk_mul(b, x, unwrap(b, y, 0)));
    if (x->op == OP_DIV && is_num(x->kid[0], 1)) { /* (1/q)*y = y/q */
        struct node *q = x->kid[1];
        tree_free(b, x->kid[0]);
        shell_free(b, x);
        return mk_div(b, y, q);
    }
    if (y->op == OP_DIV && is_num(y->kid[0], 1)) {
        struct node *q = y->kid[1];
        tree_free(b, y->kid[0]);
        shell_free(b, y);
        return mk_div(b, x, q);
    }
    struct node *lead = leading_num(y);
    if (lead && is_plain_num(x) && isfinite(x->v * lead->v)) {
        lead->v *= x->v;                           /* 2*(3/q*r) = 6/q*r */
        tree_free(b, x);
        if (y->op == OP_MUL && is_num(y->kid[0], 1)) {
            tree_free(b, y->kid[0]);
            return unwrap(b, y, 1);
        }
        if (y->op == OP_MUL && is_num(y->kid[0], -1)) {
            tree_free(b, y->kid[0]);
            return mk_neg(b, unwrap(b, y, 1));
        }
        return y;
    }
    if (y->op == OP_MUL && is_plain_num(y->kid[0]) && !is_plain_num(x)) {
        struct node *k = y->kid[0], *q = y->kid[1];
        shell_free(b, y);
        return mk_mul(b, mk_mul(b, k, x), q);      /* x*(2*q) = 2*x*q */
    }
    return node_new(b, OP_MUL, x, y, NULL);
}

static struct node *mk_pow(struct builder *b, struct node *x, struct node *y)
{
    if (!x || !y) {
        tree_free(b, x);
        tree_free(b, y);
        return NULL;
    }
    if (is_num(y, 1)) {
        tree_free(b, y);
        return x;
    }
    if (is_zero(y)) {                              /* pow(a, 0) = 1, even NaN */
        tree_free(b, x);
        tree_free(b, y);
        return mk_num(b, 1);
    }
    return node_new(b, OP_POW, x, y, NULL);
}

static struct node *mk_fn(struct builder *b, enum op op, struct node *a)
{
    return node_new(b, op, a, NULL, NULL);
}

/* ------------------------------------------------------------------ */
/* Derivative                                                          */

static struct node *derive(struct builder *b, const struct node *n);

/* where(c, da, db), or da alone when both are the same number. */
static struct node *d_where(struct builder *b, struct node *c, struct node *da,
                            struct node *db)
{
    if (!c || !da || !db) {
        tree_free(b, c);
        tree_free(b, da);
        tree_free(b, db);
        return NULL;
    }
    if (is_plain_num(da) && is_plain_num(db) && da->v == db->v) {
        tree_free(b, c);
        tree_free(b, db);
        return da;
    }
    return node_new(b, OP_WHERE, c, da, db);
}

/* d(a^e) for the node n = a^e. */
static struct node *d_pow(struct builder *b, const struct node *n)
{
    const struct node *a = n->kid[0], *ex = n->kid[1];
    struct node *da = derive(b, a), *de;
    if (!da)
        return NULL;
    de = derive(b, ex);
    if (!de) {
        tree_free(b, da);
        return NULL;
    }
    if (is_zero(de)) {                  /* e constant: e*a^(e-1)*a' */
        tree_free(b, de);
        if (is_zero(da))
            return da;
        return mk_mul(b, mk_mul(b, copy(b, ex),
                                mk_pow(b, copy(b, a),
                                       mk_sub(b, copy(b, ex), mk_num(b, 1)))),
                      da);
    }
    if (is_zero(da)) {                  /* a constant: a^e*log(a)*e' */
        tree_free(b, da);
        if (a->op == OP_NUM && a->cname == CN_E)
            return mk_mul(b, copy(b, n), de);
        return mk_mul(b, mk_mul(b, copy(b, n), mk_fn(b, OP_LOG, copy(b, a))), de);
    }
    /* a^e*(log(a)*e' + e*a'/a) */
    return mk_mul(b, copy(b, n),
                  mk_add(b, mk_mul(b, mk_fn(b, OP_LOG, copy(b, a)), de),
                         mk_div(b, mk_mul(b, copy(b, ex), da), copy(b, a))));
}

/* f'(a) for the one-argument function op, without the chain factor. */
static struct node *d_fn(struct builder *b, enum op op, const struct node *a)
{
    switch (op) {
    case OP_ABS:
        return mk_fn(b, OP_SIGN, copy(b, a));
    case OP_SQRT:
        return mk_div(b, mk_num(b, 1), mk_mul(b, mk_num(b, 2),
                                              mk_fn(b, OP_SQRT, copy(b, a))));
    case OP_CBRT:
        return mk_div(b, mk_num(b, 1),
                      mk_mul(b, mk_num(b, 3),
                             mk_pow(b, mk_fn(b, OP_CBRT, copy(b, a)), mk_num(b, 2))));
    case OP_EXP:
    case OP_EXPM1:
        return mk_fn(b, OP_EXP, copy(b, a));
    case OP_LOG:
        return mk_div(b, mk_num(b, 1), copy(b, a));
    case OP_LOG1P:
        return mk_div(b, mk_num(b, 1), mk_add(b, mk_num(b, 1), copy(b, a)));
    case OP_LOG2:
        return mk_div(b, mk_num(b, 1),
                      mk_mul(b, copy(b, a), mk_fn(b, OP_LOG, mk_num(b, 2))));
    case OP_SIN:
        return mk_fn(b, OP_COS, copy(b, a));
    case OP_COS:
        return mk_neg(b, mk_fn(b, OP_SIN, copy(b, a)));
    case OP_TAN:
        return mk_div(b, mk_num(b, 1),
                      mk_pow(b, mk_fn(b, OP_COS, copy(b, a)), mk_num(b, 2)));
    case OP_ASIN:
    case OP_ACOS: {
        struct node *d = mk_div(b, mk_num(b, 1),
                                mk_fn(b, OP_SQRT,
                                      mk_sub(b, mk_num(b, 1),
                                             mk_pow(b, copy(b, a), mk_num(b, 2)))));
        return op == OP_ACOS ? mk_neg(b, d) : d;
    }
    case OP_ATAN:
        return mk_div(b, mk_num(b, 1),
                      mk_add(b, mk_num(b, 1), mk_pow(b, copy(b, a), mk_num(b, 2))));
    case OP_SINH:
        return mk_fn(b, OP_COSH, copy(b, a));
    case OP_COSH:
        return mk_fn(b, OP_SINH, copy(b, a));
    case OP_TANH:
        return mk_sub(b, mk_num(b, 1),
                      mk_pow(b, mk_fn(b, OP_TANH, copy(b, a)), mk_num(b, 2)));
    case OP_ASINH:
        return mk_div(b, mk_num(b, 1),
                      mk_fn(b, OP_SQRT, mk_add(b, mk_pow(b, copy(b, a), mk_num(b, 2)),
                                               mk_num(b, 1))));
    case OP_ERF:
    case OP_ERFC: {
        struct node *d = mk_mul(b, mk_div(b, mk_num(b, 2),
                                          mk_fn(b, OP_SQRT, mk_const(b, CN_PI))),
                                mk_fn(b, OP_EXP, mk_neg(b, mk_pow(b, copy(b, a),
                                                                  mk_num(b, 2)))));
        return op == OP_ERFC ? mk_neg(b, d) : d;
    }
    default:
        fail(b, GC_INVAL, "internal");
        return NULL;
    }
}

static struct node *derive(struct builder *b, const struct node *n)
{
    const struct node *a = n->kid[0], *c = n->kid[1];
    struct node *da, *dc, *t1, *t2;
    if (b->status != GC_OK)
        return NULL;
    switch (n->op) {
    case OP_NUM:
        return mk_num(b, 0);
    case OP_X:
        return mk_num(b, 1);
    case OP_NEG:
        return mk_neg(b, derive(b, a));
    case OP_ADD:
        da = derive(b, a);
        return mk_add(b, da, da ? derive(b, c) : NULL);
    case OP_SUB:
        da = derive(b, a);
        return mk_sub(b, da, da ? derive(b, c) : NULL);
    case OP_MUL:
        if (!(da = derive(b, a)))
            return NULL;
        if (!(dc = derive(b, c))) {
            tree_free(b, da);
            return NULL;
        }
        if (is_zero(da) && is_zero(dc)) {   /* no copies to throw away */
            tree_free(b, dc);
            return da;
        }
        if (is_zero(da)) {
            tree_free(b, da);
            return mk_mul(b, copy(b, a), dc);
        }
        if (is_zero(dc)) {
            tree_free(b, dc);
            return mk_mul(b, da, copy(b, c));
        }
        t1 = mk_mul(b, da, copy(b, c));
        t2 = mk_mul(b, copy(b, a), dc);
        return mk_add(b, t1, t2);
    case OP_DIV:
        if (!(da = derive(b, a)))
            return NULL;
        if (!(dc = derive(b, c))) {
            tree_free(b, da);
            return NULL;
        }
        if (is_zero(dc)) {
            tree_free(b, dc);
            return is_zero(da) ? da : mk_div(b, da, copy(b, c));
        }
        t2 = mk_mul(b, copy(b, a), dc);
        if (is_zero(da)) {
            tree_free(b, da);
            t1 = mk_neg(b, t2);
        } else {
            t1 = mk_sub(b, mk_mul(b, da, copy(b, c)), t2);
        }
        return mk_div(b, t1, mk_pow(b, copy(b, c), mk_num(b, 2)));
    case OP_POW:
        return d_pow(b, n);
    case OP_LT: case OP_LE: case OP_GT: case OP_GE: case OP_EQ: case OP_NE:
    case OP_SIGN:
        return mk_num(b, 0);
    case OP_MIN:
    case OP_MAX:
        if (!(da = derive(b, a)))
            return NULL;
        if (!(dc = derive(b, c))) {
            tree_free(b, da);
            return NULL;
        }
        if (is_plain_num(da) && is_plain_num(dc) && da->v == dc->v) {
            tree_free(b, dc);
            return da;
        }
        return d_where(b, node_new(b, n->op == OP_MIN ? OP_LE : OP_GE,
                                   copy(b, a), copy(b, c), NULL), da, dc);
    case OP_WHERE:
        if (!(da = derive(b, c)))
            return NULL;
        if (!(dc = derive(b, n->kid[2]))) {
            tree_free(b, da);
            return NULL;
        }
        if (is_plain_num(da) && is_plain_num(dc) && da->v == dc->v) {
            tree_free(b, dc);
            return da;
        }
        return d_where(b, copy(b, a), da, dc);
    default:                            /* one-argument functions */
        if (!(da = derive(b, a)))
            return NULL;
        if (is_zero(da))
            return da;
        return mk_mul(b, d_fn(b, (enum op)n->op, a), da);
    }
}

gc_status gc_expr_derive_ex(const struct gc_expr *e, struct gc_expr **out,
                            struct gc_expr_error *err)
{
    if (!e || !out) {
        set_error(err, 0, 0, "invalid argument");
        return GC_INVAL;
    }
    struct builder b = {0, GC_OK, NULL};
    struct node *d = derive(&b, e->root);
    if (!d || b.status != GC_OK) {
        tree_free(&b, d);
        gc_status st = b.status != GC_OK ? b.status : GC_NOMEM;
        if (st == GC_RANGE && b.why && strcmp(b.why, "depth") == 0) {
            if (err) {
                err->line = err->col = 0;
                snprintf(err->msg, sizeof err->msg,
                         "derivative nests more than %d operations",
                         GC_EXPR_MAX_TREE_DEPTH);
            }
        } else if (st == GC_RANGE) {
            if (err) {
                err->line = err->col = 0;
                snprintf(err->msg, sizeof err->msg,
                         "derivative has more than %d nodes", GC_EXPR_MAX_NODES);
            }
        } else {
            set_error(err, 0, 0, gc_strerror(st));
        }
        return st;
    }
    gc_status st = compile(d, out);
    if (st != GC_OK)
        set_error(err, 0, 0, gc_strerror(st));
    return st;
}

gc_status gc_expr_derive(const struct gc_expr *e, struct gc_expr **out)
{
    return gc_expr_derive_ex(e, out, NULL);
}

/* ------------------------------------------------------------------ */
/* Printing                                                            */

struct sbuf {
    char *s;
    size_t len, cap;
    bool oom;
};

static void put(struct sbuf *sb, const char *t, size_t n)
{
    if (sb->oom)
        return;
    if (sb->len + n + 1 > sb->cap) {
        size_t cap = sb->cap ? sb->cap : 64;
        while (sb->len + n + 1 > cap)
            cap *= 2;
        char *s = realloc(sb->s, cap);
        if (!s) {
            sb->oom = true;
            return;
        }
        sb->s = s;
        sb->cap = cap;
    }
    memcpy(sb->s + sb->len, t, n);
    sb->len += n;
    sb->s[sb->len] = '\0';
}

static void puts_(struct sbuf *sb, const char *t) { put(sb, t, strlen(t)); }

/* The fewest significant digits (1 ... 21) that strtold reads back to v
 * (64-bit long double needs at most 21), in %g style; when that chose an
 * exponent, the plain form is used instead if it reads back too and is at
 * most 3 characters longer ("10" and "100000", not "1e+01" and "1e+05"). */
static void put_number(struct sbuf *sb, long double v)
{
    char buf[64], plain[64];
    int prec;
    if (isinf(v)) {
        puts_(sb, v < 0 ? "-inf" : "inf");
        return;
    }
    for (prec = 1; prec <= 21; prec++) {
        snprintf(buf, sizeof buf, "%.*Lg", prec, v);
        if (strtold(buf, NULL) == v)
            break;
    }
    if (strchr(buf, 'e')) {
        for (int q = prec + 1; q <= 21; q++) {
            snprintf(plain, sizeof plain, "%.*Lg", q, v);
            if (strlen(plain) > strlen(buf) + 3)
                break;
            if (!strchr(plain, 'e') && strtold(plain, NULL) == v) {
                puts_(sb, plain);
                return;
            }
        }
    }
    puts_(sb, buf);
}

static int prec_of(const struct node *n)
{
    if (n->op == OP_NUM && n->cname == CN_NONE && signbit(n->v))
        return PREC_UNARY;
    return ops[n->op].prec;
}

static void print(struct sbuf *sb, const struct node *n);

static void print_sub(struct sbuf *sb, const struct node *n, bool parens)
{
    if (parens)
        puts_(sb, "(");
    print(sb, n);
    if (parens)
        puts_(sb, ")");
}

static void print(struct sbuf *sb, const struct node *n)
{
    const struct opinfo *o = &ops[n->op];
    int p = o->prec;
    switch (n->op) {
    case OP_NUM:
        if (n->cname != CN_NONE)
            puts_(sb, cname_text[n->cname]);
        else
            put_number(sb, n->v);
        return;
    case OP_X:
        puts_(sb, "x");
        return;
    case OP_NEG:
        puts_(sb, "-");
        print_sub(sb, n->kid[0], prec_of(n->kid[0]) < PREC_UNARY);
        return;
    case OP_POW:
        print_sub(sb, n->kid[0], prec_of(n->kid[0]) <= PREC_POW);
        puts_(sb, "^");
        print_sub(sb, n->kid[1], prec_of(n->kid[1]) < PREC_UNARY);
        return;
    default:
        break;
    }
    if (o->call) {
        puts_(sb, o->name);
        puts_(sb, "(");
        for (int i = 0; i < o->arity; i++) {
            if (i)
                puts_(sb, ", ");
            print(sb, n->kid[i]);
        }
        puts_(sb, ")");
        return;
    }
    /* left-associative infix */
    print_sub(sb, n->kid[0], prec_of(n->kid[0]) < p);
    if (p == PREC_MUL) {
        puts_(sb, o->name);
    } else {
        puts_(sb, " ");
        puts_(sb, o->name);
        puts_(sb, " ");
    }
    print_sub(sb, n->kid[1], prec_of(n->kid[1]) <= p);
}

char *gc_expr_to_string(const struct gc_expr *e)
{
    struct sbuf sb = {NULL, 0, 0, false};
    if (!e)
        return NULL;
    print(&sb, e->root);
    if (sb.oom) {
        free(sb.s);
        return NULL;
    }
    return sb.s;
}
