/* expr.h - the expression language of .act specs: parse, evaluate in
 * float, double and long double, differentiate symbolically, print.
 *
 * Copyright (C) 2026 the gradcheck authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Grammar (lowest precedence first; gradcheck(5) describes it for users):
 *
 *   expr    := sum { ('<' | '<=' | '>' | '>=' | '==' | '!=') sum }
 *   sum     := product { ('+' | '-') product }
 *   product := unary { ('*' | '/') unary }
 *   unary   := ('-' | '+') unary | power
 *   power   := primary [ '^' unary ]            (right-associative)
 *   primary := number | 'x' | 'pi' | 'e' | 'inf'
 *            | name '(' expr { ',' expr } ')' | '(' expr ')'
 *
 * so -x^2 = -(x^2), 2^3^2 = 2^9, x^-2 = x^(-2), 1-2-3 = (1-2)-3, and a
 * comparison yields 1 or 0.  Numbers use C syntax: 12, 1.5, .5, 1., 1e-3,
 * 0x10, 0x1.8p3 (a hex float with a '.' needs its 'p' exponent, as in C);
 * no suffixes, and no integers with leading zeros (010 is octal in C).
 * Functions: abs sign sqrt cbrt exp expm1 log log1p log2 sin cos tan asin
 * acos atan sinh cosh tanh asinh erf erfc (one argument), pow min max (two),
 * where(cond, a, b) (cond != 0 ? a : b).
 *
 * Evaluation is in the precision asked for, every operation: float ops and
 * expf, tanhf, ... in gc_expr_eval_f32; double and exp, tanh, ... in
 * gc_expr_eval_f64; long double and expl, tanhl, ... in gc_expr_eval_ld.
 * Constants (pi, e, number literals) are read once as long double (strtold)
 * and rounded to the evaluation precision, so a literal in float32 is
 * (float)value, as the same formula written in C or numpy would see it.
 * a^2 (and pow(a, 2)) is evaluated as a*a, as the frameworks do; every other
 * power calls powf / pow / powl (for an exponent 2 both are correctly
 * rounded, so the results agree).  sign(a) is 1, -1, or a itself for +-0 and
 * NaN.  min and max propagate NaN (like numpy.minimum, unlike fmin); on ties
 * they return their first argument.  where() evaluates both branches and
 * takes a NaN condition as true (NaN != 0).
 *
 * Limits, the GC_EXPR_MAX_* macros below: any input past one of them gets a
 * clean GC_PARSE error with a line and column, never a crash, an unbounded
 * recursion or an unbounded allocation.
 */
#ifndef GC_EXPR_H
#define GC_EXPR_H

#include <stddef.h>
#include "gradcheck.h"

/* Longest accepted source text, in bytes. */
#define GC_EXPR_MAX_LEN 65536
/* Deepest nesting of parentheses, function calls, unary operators and '^'
 * right operands: the parser's recursion depth is bounded by a small
 * multiple of this. */
#define GC_EXPR_MAX_DEPTH 256
/* Most nodes in one tree, parsed or derived. */
#define GC_EXPR_MAX_NODES 10000
/* Greatest height of a tree (a flat sum of n terms has height n).  Every
 * walk over a tree (printing, compiling, differentiating, freeing) recurses
 * at most this deep. */
#define GC_EXPR_MAX_TREE_DEPTH 2048
/* Evaluation stack slots.  Children are evaluated neediest first
 * (Sethi-Ullman), so a tree needing k slots has at least 3^((k-1)/2) leaves;
 * with at most GC_EXPR_MAX_NODES nodes, k <= 18. */
#define GC_EXPR_EVAL_STACK 64

/* A parsed and compiled expression in x; opaque and immutable, so one may be
 * evaluated from several threads at once. */
struct gc_expr;

/* Where and why parsing failed.  line and col are 1-based and relative to
 * the origin given to gc_expr_parse (col counts bytes); msg is one line
 * saying what was expected and what was found. */
struct gc_expr_error {
    int line, col;
    char msg[200];
};

/* Parse src[0 .. len) (need not be NUL-terminated; may contain any bytes)
 * and compile it for evaluation.  The first byte of src is at line line0,
 * column col0 of the enclosing file (pass 1, 1 for a standalone string);
 * after a newline columns restart at 1.
 * Returns GC_OK and sets *out (free it with gc_expr_free); GC_PARSE with
 * *err filled for any malformed or over-limit input, e.g. "1:5: expected
 * ')' to close '(' at 1:1, found end of input"; GC_NOMEM (err says "out of
 * memory"); GC_INVAL when out is NULL or src is NULL with len > 0.  err may
 * be NULL.  *out is untouched on failure. */
gc_status gc_expr_parse(const char *src, size_t len, int line0, int col0,
                        struct gc_expr **out,
                        struct gc_expr_error *err) GC_WARN_UNUSED;

/* Value of e at x, every operation in float.  NaN if e is NULL. */
float gc_expr_eval_f32(const struct gc_expr *e, float x);
/* Value of e at x, every operation in double.  NaN if e is NULL. */
double gc_expr_eval_f64(const struct gc_expr *e, double x);
/* Value of e at x, every operation in long double.  NaN if e is NULL. */
long double gc_expr_eval_ld(const struct gc_expr *e, long double x);

/* Symbolic derivative d/dx of e, simplified enough to read (constant
 * folding of + - * and exact /, 0*a = 0, 1*a = a, a+0 = a, a-0 = a,
 * --a = a, a^1 = a, a^0 = 1, numeric factors combined and moved to the
 * front).  Rules: abs' = sign, sign' = comparisons' = 0, where(c, a, b)' =
 * where(c, a', b'), min(a, b)' = where(a <= b, a', b'), max likewise with
 * >=, (a^c)' = c*a^(c-1)*a' when c does not depend on x, (c^b)' =
 * c^b*log(c)*b' (e^b: e^b*b'), otherwise a^b*(log(a)*b' + b*a'/a), erf' =
 * 2/sqrt(pi)*exp(-a^2)*a', and the usual table for the rest.
 * Returns GC_OK and sets *out; GC_RANGE when the derivative would exceed
 * GC_EXPR_MAX_NODES nodes or GC_EXPR_MAX_TREE_DEPTH levels; GC_NOMEM;
 * GC_INVAL for NULL arguments.  *out is untouched on failure. */
gc_status gc_expr_derive(const struct gc_expr *e,
                         struct gc_expr **out) GC_WARN_UNUSED;

/* gc_expr_derive, and on failure a message in *err (line and col 0: a
 * derivative has no place in the source), e.g. "derivative has more than
 * 10000 nodes".  err may be NULL. */
gc_status gc_expr_derive_ex(const struct gc_expr *e, struct gc_expr **out,
                            struct gc_expr_error *err) GC_WARN_UNUSED;

/* e printed with minimal parentheses, spaces around + - and comparisons
 * ("x + 2*x^2 < 1"), numbers in the fewest digits that read back to the same
 * long double (%.1Lg ... %.21Lg: "2", "0.1", "3.1415926535897932385").
 * Parsing the result gives the same tree, hence bit-identical values in
 * every precision (a source literal that overflowed to inf prints as "inf").
 * Returns a malloc'd string the caller frees, or NULL when out of memory or
 * e is NULL. */
char *gc_expr_to_string(const struct gc_expr *e);

/* Free e; NULL is a no-op. */
void gc_expr_free(struct gc_expr *e);

/* Number of nodes in e's tree (leaves, operators and calls); 0 for NULL. */
size_t gc_expr_size(const struct gc_expr *e);

#endif /* GC_EXPR_H */
