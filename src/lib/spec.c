/* spec.c - .act spec files: activations defined as expressions.
 *
 * The reader is line based: "key = value", '#' to the end of the line is a
 * comment, blank lines are skipped.  Positions are 1-based line:column of
 * the file, and expression errors keep theirs because the expression
 * parser is given the column where the value starts.  Limits: a file of at
 * most GC_SPEC_MAX_BYTES, expressions within the parser's limits (expr.h),
 * GC_SPEC_MAX specs loaded at a time.  Loading is not thread-safe.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "spec.h"
#include "expr.h"

struct gc_spec {
    struct gc_activation act;
    int slot;
    char *source;
    char name[64];
    char *summary;
    struct gc_expr *f;        /* f as written */
    struct gc_expr *df;       /* the df under check (declared or symbolic) */
    char *df_text;
    bool df_symbolic;
    double *kinks;
    size_t n_kinks;
};

/* ------------------------------------------------------- trampolines */

/* The ABI's function pointers carry no context, so each slot has its own
 * set of functions that evaluate that slot's expressions. */
static struct gc_spec *slots[GC_SPEC_MAX];

#define GC_SPEC_TRAMPOLINES(i)                                                   \
    static float f32_##i(float x) { return gc_expr_eval_f32(slots[i]->f, x); }   \
    static float df32_##i(float x) { return gc_expr_eval_f32(slots[i]->df, x); } \
    static double f64_##i(double x) { return gc_expr_eval_f64(slots[i]->f, x); } \
    static double df64_##i(double x) { return gc_expr_eval_f64(slots[i]->df, x); } \
    static long double fref_##i(long double x) { return gc_expr_eval_ld(slots[i]->f, x); } \


GC_SPEC_TRAMPOLINES(0)
GC_SPEC_TRAMPOLINES(1)
GC_SPEC_TRAMPOLINES(2)
GC_SPEC_TRAMPOLINES(3)
GC_SPEC_TRAMPOLINES(4)
GC_SPEC_TRAMPOLINES(5)
GC_SPEC_TRAMPOLINES(6)
GC_SPEC_TRAMPOLINES(7)
GC_SPEC_TRAMPOLINES(8)
GC_SPEC_TRAMPOLINES(9)
GC_SPEC_TRAMPOLINES(10)
GC_SPEC_TRAMPOLINES(11)
GC_SPEC_TRAMPOLINES(12)
GC_SPEC_TRAMPOLINES(13)
GC_SPEC_TRAMPOLINES(14)
GC_SPEC_TRAMPOLINES(15)
GC_SPEC_TRAMPOLINES(16)
GC_SPEC_TRAMPOLINES(17)
GC_SPEC_TRAMPOLINES(18)
GC_SPEC_TRAMPOLINES(19)
GC_SPEC_TRAMPOLINES(20)
GC_SPEC_TRAMPOLINES(21)
GC_SPEC_TRAMPOLINES(22)
GC_SPEC_TRAMPOLINES(23)
GC_SPEC_TRAMPOLINES(24)
GC_SPEC_TRAMPOLINES(25)
GC_SPEC_TRAMPOLINES(26)
GC_SPEC_TRAMPOLINES(27)
GC_SPEC_TRAMPOLINES(28)
GC_SPEC_TRAMPOLINES(29)
GC_SPEC_TRAMPOLINES(30)
GC_SPEC_TRAMPOLINES(31)
GC_SPEC_TRAMPOLINES(32)
GC_SPEC_TRAMPOLINES(33)
GC_SPEC_TRAMPOLINES(34)
GC_SPEC_TRAMPOLINES(35)
GC_SPEC_TRAMPOLINES(36)
GC_SPEC_TRAMPOLINES(37)
GC_SPEC_TRAMPOLINES(38)
GC_SPEC_TRAMPOLINES(39)
GC_SPEC_TRAMPOLINES(40)
GC_SPEC_TRAMPOLINES(41)
GC_SPEC_TRAMPOLINES(42)
GC_SPEC_TRAMPOLINES(43)
GC_SPEC_TRAMPOLINES(44)
GC_SPEC_TRAMPOLINES(45)
GC_SPEC_TRAMPOLINES(46)
GC_SPEC_TRAMPOLINES(47)
GC_SPEC_TRAMPOLINES(48)
GC_SPEC_TRAMPOLINES(49)
GC_SPEC_TRAMPOLINES(50)
GC_SPEC_TRAMPOLINES(51)
GC_SPEC_TRAMPOLINES(52)
GC_SPEC_TRAMPOLINES(53)
GC_SPEC_TRAMPOLINES(54)
GC_SPEC_TRAMPOLINES(55)
GC_SPEC_TRAMPOLINES(56)
GC_SPEC_TRAMPOLINES(57)
GC_SPEC_TRAMPOLINES(58)
GC_SPEC_TRAMPOLINES(59)
GC_SPEC_TRAMPOLINES(60)
GC_SPEC_TRAMPOLINES(61)
GC_SPEC_TRAMPOLINES(62)
GC_SPEC_TRAMPOLINES(63)

struct trampolines {
    float (*f32)(float);
    float (*df32)(float);
    double (*f64)(double);
    double (*df64)(double);
    long double (*fref)(long double);
};

#define GC_SPEC_ENTRY(i) { f32_##i, df32_##i, f64_##i, df64_##i, fref_##i }

static const struct trampolines tramp[GC_SPEC_MAX] = {
    GC_SPEC_ENTRY(0),
    GC_SPEC_ENTRY(1),
    GC_SPEC_ENTRY(2),
    GC_SPEC_ENTRY(3),
    GC_SPEC_ENTRY(4),
    GC_SPEC_ENTRY(5),
    GC_SPEC_ENTRY(6),
    GC_SPEC_ENTRY(7),
    GC_SPEC_ENTRY(8),
    GC_SPEC_ENTRY(9),
    GC_SPEC_ENTRY(10),
    GC_SPEC_ENTRY(11),
    GC_SPEC_ENTRY(12),
    GC_SPEC_ENTRY(13),
    GC_SPEC_ENTRY(14),
    GC_SPEC_ENTRY(15),
    GC_SPEC_ENTRY(16),
    GC_SPEC_ENTRY(17),
    GC_SPEC_ENTRY(18),
    GC_SPEC_ENTRY(19),
    GC_SPEC_ENTRY(20),
    GC_SPEC_ENTRY(21),
    GC_SPEC_ENTRY(22),
    GC_SPEC_ENTRY(23),
    GC_SPEC_ENTRY(24),
    GC_SPEC_ENTRY(25),
    GC_SPEC_ENTRY(26),
    GC_SPEC_ENTRY(27),
    GC_SPEC_ENTRY(28),
    GC_SPEC_ENTRY(29),
    GC_SPEC_ENTRY(30),
    GC_SPEC_ENTRY(31),
    GC_SPEC_ENTRY(32),
    GC_SPEC_ENTRY(33),
    GC_SPEC_ENTRY(34),
    GC_SPEC_ENTRY(35),
    GC_SPEC_ENTRY(36),
    GC_SPEC_ENTRY(37),
    GC_SPEC_ENTRY(38),
    GC_SPEC_ENTRY(39),
    GC_SPEC_ENTRY(40),
    GC_SPEC_ENTRY(41),
    GC_SPEC_ENTRY(42),
    GC_SPEC_ENTRY(43),
    GC_SPEC_ENTRY(44),
    GC_SPEC_ENTRY(45),
    GC_SPEC_ENTRY(46),
    GC_SPEC_ENTRY(47),
    GC_SPEC_ENTRY(48),
    GC_SPEC_ENTRY(49),
    GC_SPEC_ENTRY(50),
    GC_SPEC_ENTRY(51),
    GC_SPEC_ENTRY(52),
    GC_SPEC_ENTRY(53),
    GC_SPEC_ENTRY(54),
    GC_SPEC_ENTRY(55),
    GC_SPEC_ENTRY(56),
    GC_SPEC_ENTRY(57),
    GC_SPEC_ENTRY(58),
    GC_SPEC_ENTRY(59),
    GC_SPEC_ENTRY(60),
    GC_SPEC_ENTRY(61),
    GC_SPEC_ENTRY(62),
    GC_SPEC_ENTRY(63)
};

/* ------------------------------------------------------------ errors */

__attribute__((format(printf, 5, 6)))
static gc_status fail(struct gc_spec_error *err, const char *file, int line,
                      int col, const char *fmt, ...)
{
    va_list ap;
    if (!err)
        return GC_PARSE;
    if (line > 0)
        snprintf(err->where, sizeof err->where, "%s:%d:%d", file, line, col);
    else
        snprintf(err->where, sizeof err->where, "%s", file);
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return GC_PARSE;
}

/* ------------------------------------------------------------- specs */

void gc_spec_free(struct gc_spec *s)
{
    if (!s)
        return;
    if (s->slot >= 0 && slots[s->slot] == s)
        slots[s->slot] = NULL;
    gc_expr_free(s->f);
    gc_expr_free(s->df);
    free(s->df_text);
    free(s->summary);
    free(s->source);
    free(s->kinks);
    free(s);
}

const struct gc_activation *gc_spec_activation(const struct gc_spec *s)
{
    return &s->act;
}

const char *gc_spec_source(const struct gc_spec *s)
{
    return s->source;
}

bool gc_spec_df_is_symbolic(const struct gc_spec *s)
{
    return s->df_symbolic;
}

const char *gc_spec_df_text(const struct gc_spec *s)
{
    return s->df_text;
}

static bool valid_name(const char *n, size_t len)
{
    if (len == 0 || len > 63 || !(n[0] >= 'a' && n[0] <= 'z'))
        return false;
    for (size_t i = 1; i < len; i++)
        if (!((n[i] >= 'a' && n[i] <= 'z') || (n[i] >= '0' && n[i] <= '9') || n[i] == '_'))
            return false;
    return true;
}

static gc_status parse_expr(const char *file, const char *v, size_t len, int line,
                            int col, struct gc_expr **out, struct gc_spec_error *err)
{
    struct gc_expr_error e;
    memset(&e, 0, sizeof e);
    gc_status st = gc_expr_parse(v, len, line, col, out, &e);
    if (st == GC_OK)
        return GC_OK;
    if (st == GC_NOMEM)
        return st;
    fail(err, file, e.line, e.col, "%s", e.msg);
    return GC_PARSE;
}

/* Comma-separated numbers, strictly ascending. */
static gc_status parse_kinks(const char *file, const char *v, size_t len, int line,
                             int col, struct gc_spec *s, struct gc_spec_error *err)
{
    size_t i = 0;
    while (i < len) {
        while (i < len && (v[i] == ' ' || v[i] == '\t'))
            i++;
        size_t j = i;
        while (j < len && v[j] != ',')
            j++;
        size_t k = j;
        while (k > i && (v[k - 1] == ' ' || v[k - 1] == '\t'))
            k--;
        int c = col + (int)i;
        if (k == i)
            return fail(err, file, line, c, "expected a number in 'kinks', found %s",
                        j < len ? "','" : "end of line");
        char buf[128];
        if (k - i >= sizeof buf)
            return fail(err, file, line, c, "number too long in 'kinks'");
        memcpy(buf, v + i, k - i);
        buf[k - i] = '\0';
        char *end;
        errno = 0;
        double d = strtod(buf, &end);
        if (*end != '\0' || end == buf)
            return fail(err, file, line, c + (int)(end - buf),
                        "malformed number '%s' in 'kinks'", buf);
        if (errno == ERANGE || !isfinite(d))
            return fail(err, file, line, c, "kink '%s' is not a finite double", buf);
        if (s->n_kinks && !(s->kinks[s->n_kinks - 1] < d))
            return fail(err, file, line, c, "kinks must be strictly ascending: '%s' "
                        "after %.17g", buf, s->kinks[s->n_kinks - 1]);
        double *nk = realloc(s->kinks, (s->n_kinks + 1) * sizeof *nk);
        if (!nk)
            return GC_NOMEM;
        s->kinks = nk;
        s->kinks[s->n_kinks++] = d;
        if (j < len && j + 1 >= len)
            return fail(err, file, line, col + (int)j + 1,
                        "expected a number after ',' in 'kinks', found end of line");
        i = j + 1;
    }
    return GC_OK;
}

enum { K_NAME, K_SUMMARY, K_F, K_DF, K_KINKS, N_KEYS };
static const char *const key_names[N_KEYS] = { "name", "summary", "f", "df", "kinks" };

/* The file's base name without ".act", when it is a valid name. */
static void name_from_path(const char *path, char *out, size_t size)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(b);
    if (n > 4 && strcmp(b + n - 4, ".act") == 0)
        n -= 4;
    out[0] = '\0';
    if (valid_name(b, n) && n < size) {
        memcpy(out, b, n);
        out[n] = '\0';
    }
}

static gc_status finish(struct gc_spec *s, const char *file, const char *f_src,
                        size_t f_len, struct gc_spec_error *err)
{
    if (!s->df) {
        /* No df: the symbolic derivative of f is what is checked. */
        gc_status st = gc_expr_derive(s->f, &s->df);
        if (st == GC_NOMEM)
            return st;
        if (st != GC_OK)
            return fail(err, file, 0, 0, "no df given and the symbolic derivative of "
                        "f = '%.*s' is too large; give df", (int)(f_len > 80 ? 80 : f_len),
                        f_src);
        s->df_symbolic = true;
    }
    s->df_text = gc_expr_to_string(s->df);
    if (!s->df_text)
        return GC_NOMEM;
    int slot = -1;
    for (int i = 0; i < GC_SPEC_MAX && slot < 0; i++)
        if (!slots[i])
            slot = i;
    if (slot < 0) {
        fail(err, file, 0, 0, "more than %d specs loaded at once", GC_SPEC_MAX);
        return GC_RANGE;
    }
    s->slot = slot;
    slots[slot] = s;
    s->act.name = s->name;
    s->act.summary = s->summary ? s->summary : "";
    s->act.f32 = tramp[slot].f32;
    s->act.df32 = tramp[slot].df32;
    s->act.f64 = tramp[slot].f64;
    s->act.df64 = tramp[slot].df64;
    s->act.fref = tramp[slot].fref;
    /* No dfref: a symbolic derivative is no safe oracle.  It inherits the
     * cancellations of its formula (1 - tanh(x)^2 is 0 in long double from
     * x = 23, where tanh' is 4e-20) and is wrong exactly where the pieces
     * of f switch (abs and max in softplus = max(x,0) + log1p(exp(-|x|))
     * give 1 at x = 0, not 1/2).  The finite difference of fref, with its
     * honest error bar, is the reference of every spec. */
    s->act.dfref = NULL;
    s->act.kinks = s->kinks;
    s->act.n_kinks = s->n_kinks;
    return GC_OK;
}

static struct gc_spec *spec_new(const char *source)
{
    struct gc_spec *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->slot = -1;
    s->source = strdup(source);
    if (!s->source) {
        free(s);
        return NULL;
    }
    return s;
}

/* One line's "key = value", comments and blanks stripped: *key (-1 for a
 * blank line) and the value with its column.  seen[] holds the line each
 * key was first given on. */
struct kv {
    int key;
    const char *v;
    size_t vlen;
    int vcol;
};

static gc_status read_line(const char *file, int line, const char *l, size_t n,
                           int seen[N_KEYS], struct kv *out, struct gc_spec_error *err)
{
    out->key = -1;
    for (size_t i = 0; i < n; i++)
        if (l[i] == '\0')
            return fail(err, file, line, (int)i + 1, "NUL byte: not a text file");
    for (size_t i = 0; i < n; i++)
        if (l[i] == '#') {
            n = i;
            break;
        }
    size_t i = 0;
    while (i < n && (l[i] == ' ' || l[i] == '\t'))
        i++;
    if (i == n)
        return GC_OK;
    size_t k0 = i;
    while (i < n && ((l[i] >= 'a' && l[i] <= 'z') || l[i] == '_'))
        i++;
    if (i == k0)
        return fail(err, file, line, (int)k0 + 1, "expected a key (name, summary, f, "
                    "df or kinks), found '%c'", (l[k0] >= 32 && l[k0] < 127) ? l[k0] : '?');
    int key = -1;
    for (int k = 0; k < N_KEYS; k++)
        if (strlen(key_names[k]) == i - k0 && memcmp(l + k0, key_names[k], i - k0) == 0)
            key = k;
    if (key < 0)
        return fail(err, file, line, (int)k0 + 1, "unknown key '%.*s' (expected name, "
                    "summary, f, df or kinks)", (int)(i - k0 > 40 ? 40 : i - k0), l + k0);
    while (i < n && (l[i] == ' ' || l[i] == '\t'))
        i++;
    if (i >= n || l[i] != '=')
        return fail(err, file, line, (int)i + 1, "expected '=' after '%s'", key_names[key]);
    if (seen[key])
        return fail(err, file, line, (int)k0 + 1, "duplicate key '%s' (first on line %d)",
                    key_names[key], seen[key]);
    seen[key] = line;
    i++;
    while (i < n && (l[i] == ' ' || l[i] == '\t'))
        i++;
    size_t vend = n;
    while (vend > i && (l[vend - 1] == ' ' || l[vend - 1] == '\t'))
        vend--;
    *out = (struct kv){ key, l + i, vend - i, (int)i + 1 };
    return GC_OK;
}

/* Store one key's value in s (parsing expressions and kinks). */
static gc_status set_value(struct gc_spec *s, const char *file, int line, const struct kv *kv,
                           const char **f_src, size_t *f_len, struct gc_spec_error *err)
{
    const char *v = kv->v;
    size_t vlen = kv->vlen;
    switch (kv->key) {
    case K_NAME:
        if (!valid_name(v, vlen))
            return fail(err, file, line, kv->vcol, "expected a name matching "
                        "[a-z][a-z0-9_]* (at most 63 characters), found '%.*s'",
                        (int)(vlen > 40 ? 40 : vlen), v);
        memcpy(s->name, v, vlen);
        s->name[vlen] = '\0';
        return GC_OK;
    case K_SUMMARY:
        s->summary = strndup(v, vlen);
        return s->summary ? GC_OK : GC_NOMEM;
    case K_F:
    case K_DF:
        if (vlen == 0)
            return fail(err, file, line, kv->vcol, "expected an expression after '%s ='",
                        key_names[kv->key]);
        if (kv->key == K_F) {
            *f_src = v;
            *f_len = vlen;
        }
        return parse_expr(file, v, vlen, line, kv->vcol, kv->key == K_F ? &s->f : &s->df,
                          err);
    default:
        return parse_kinks(file, v, vlen, line, kv->vcol, s, err);
    }
}

gc_status gc_spec_load_text(const char *file, const char *text, size_t len,
                            struct gc_spec **out, struct gc_spec_error *err)
{
    *out = NULL;
    if (len > GC_SPEC_MAX_BYTES) {
        fail(err, file, 0, 0, "spec larger than %d bytes", GC_SPEC_MAX_BYTES);
        return GC_RANGE;
    }
    struct gc_spec *s = spec_new(file);
    if (!s)
        return GC_NOMEM;
    int seen[N_KEYS] = { 0 };
    const char *f_src = NULL;
    size_t f_len = 0;
    gc_status st = GC_OK;
    int line = 0;
    size_t pos = 0;

    while (pos < len && st == GC_OK) {
        line++;
        size_t eol = pos;
        while (eol < len && text[eol] != '\n')
            eol++;
        const char *l = text + pos;
        size_t n = eol - pos;
        pos = eol + 1;
        if (n && l[n - 1] == '\r')
            n--;
        struct kv kv;
        st = read_line(file, line, l, n, seen, &kv, err);
        if (st == GC_OK && kv.key >= 0)
            st = set_value(s, file, line, &kv, &f_src, &f_len, err);
    }
    if (st == GC_OK && !s->f)
        st = fail(err, file, line ? line : 1, 1, len == 0 ? "empty spec: expected "
                  "'f = <expression>'" : "missing key 'f' (the activation's expression)");
    if (st == GC_OK && !s->name[0]) {
        name_from_path(file, s->name, sizeof s->name);
        if (!s->name[0])
            st = fail(err, file, 1, 1, "missing key 'name' (and the file name is not a valid name)");
    }
    if (st == GC_OK)
        st = finish(s, file, f_src, f_len, err);
    if (st != GC_OK) {
        gc_spec_free(s);
        return st;
    }
    *out = s;
    return GC_OK;
}

gc_status gc_spec_load_file(const char *path, struct gc_spec **out,
                            struct gc_spec_error *err)
{
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fail(err, path, 0, 0, "cannot read: %s", strerror(errno));
        return GC_IO;
    }
    char *buf = malloc(GC_SPEC_MAX_BYTES + 1);
    if (!buf) {
        fclose(fp);
        return GC_NOMEM;
    }
    size_t n = fread(buf, 1, GC_SPEC_MAX_BYTES + 1, fp);
    bool bad = ferror(fp);
    fclose(fp);
    if (bad) {
        free(buf);
        fail(err, path, 0, 0, "read error");
        return GC_IO;
    }
    gc_status st = gc_spec_load_text(path, buf, n, out, err);
    free(buf);
    return st;
}

gc_status gc_spec_inline(const char *name, const char *f, const char *df,
                         struct gc_spec **out, struct gc_spec_error *err)
{
    *out = NULL;
    const char *file = "--f";
    struct gc_spec *s = spec_new("inline");
    if (!s)
        return GC_NOMEM;
    gc_status st = GC_OK;
    if (name && !valid_name(name, strlen(name)))
        st = fail(err, "--name", 0, 0, "expected a name matching [a-z][a-z0-9_]*, found '%s'",
                  name);
    else
        snprintf(s->name, sizeof s->name, "%s", name ? name : "inline");
    if (st == GC_OK)
        st = parse_expr(file, f, strlen(f), 1, 1, &s->f, err);
    if (st == GC_OK && df)
        st = parse_expr("--df", df, strlen(df), 1, 1, &s->df, err);
    if (st == GC_OK)
        st = finish(s, file, f, strlen(f), err);
    if (st != GC_OK) {
        gc_spec_free(s);
        return st;
    }
    *out = s;
    return GC_OK;
}
