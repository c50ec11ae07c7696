#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
/* check_expr.c - tests of src/lib/expr.c, the expression language.
 *
 * Copyright (C) 2026 the gradcheck authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Evaluation is checked bit for bit against libm in each precision (the
 * contract is "behaves like the same formula written in C"); libm is called
 * on values read through a volatile so the compiler cannot fold the call
 * with its own, correctly rounded, implementation.  Errors are checked for
 * their exact line:col and message.  Derivatives are checked against
 * closed forms and against a five-point difference of the expression itself
 * in long double, and their printed forms must parse back to bit-identical
 * values.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc_test.h"
#include "expr.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static struct gc_expr *parse_ok(const char *src)
{
    struct gc_expr *e = NULL;
    struct gc_expr_error err = {0, 0, ""};
    gc_status st = gc_expr_parse(src, strlen(src), 1, 1, &e, &err);
    ck_assert_msg(st == GC_OK, "parse '%s': %s at %d:%d: %s", src,
                  gc_status_name(st), err.line, err.col, err.msg);
    return e;
}

static struct gc_expr *derive_ok(const struct gc_expr *e)
{
    struct gc_expr *d = NULL;
    struct gc_expr_error err = {0, 0, ""};
    gc_status st = gc_expr_derive_ex(e, &d, &err);
    ck_assert_msg(st == GC_OK, "derive: %s: %s", gc_status_name(st), err.msg);
    return d;
}

static bool same_f64(double a, double b)
{
    uint64_t ua, ub;
    memcpy(&ua, &a, 8);
    memcpy(&ub, &b, 8);
    return ua == ub || (isnan(a) && isnan(b));
}

static bool same_f32(float a, float b)
{
    uint32_t ua, ub;
    memcpy(&ua, &a, 4);
    memcpy(&ub, &b, 4);
    return ua == ub || (isnan(a) && isnan(b));
}

/* Same value and sign (the padding bytes of an x87 long double are not
 * part of the value). */
static bool same_ld(long double a, long double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    return a == b && signbit(a) == signbit(b);
}

/* Points where every function is checked: awkward values, both signs,
 * subnormal, huge, and the specials. */
static const double points[] = {
    0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.385, -2.385, 0x1.8p-126, 1e-8, -1e-8,
    0.1, 0.999, 3.0, -3.0, 10.0, -10.0, 30.0, 89.5, 100.0, 1e30, -1e30,
    0x1.fffffep127, INFINITY, -INFINITY, NAN,
};
#define N_POINTS (sizeof points / sizeof points[0])

/* Read through a volatile so libm is called at run time. */
static double opaque(double v)
{
    volatile double t = v;
    return t;
}

/* ------------------------------------------------------------------ */
/* Grammar and evaluation                                              */

START_TEST(test_expr_precedence_and_associativity)
{
    static const struct { const char *src; double x, want; } cases[] = {
        {"2^3^2", 0, 512},          /* right-associative */
        {"(2^3)^2", 0, 64},
        {"-2^2", 0, -4},            /* ^ binds tighter than unary minus */
        {"-x^2", 3, -9},
        {"(-x)^2", 3, 9},
        {"2^-2", 0, 0.25},          /* unary minus in an exponent */
        {"2^-1^2", 0, 0.5},         /* 2^(-(1^2)) */
        {"1-2-3", 0, -4},           /* left-associative */
        {"8/4/2", 0, 1},
        {"2*3+4", 0, 10},
        {"2+3*4", 0, 14},
        {"2*-3", 0, -6},
        {"--x", 5, 5},
        {"+x", 5, 5},
        {"-x*2", 3, -6},
        {"1 + 2 < 4", 0, 1},        /* comparisons bind loosest */
        {"1 < 2 == 1", 0, 1},       /* (1 < 2) == 1 */
        {"3 > 2 > 1", 0, 0},        /* (3 > 2) > 1 = 1 > 1 */
        {"(x <= 2) + (x >= 2) + (x == 2) + (x != 2)", 2, 3},
        {"(x < 2) + (x > 2)", 2, 0},
        {" \t\n x \r\n * 2 ", 4, 8},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_expr *e = parse_ok(cases[i].src);
        double got = gc_expr_eval_f64(e, cases[i].x);
        ck_assert_msg(got == cases[i].want, "'%s' at %g: %.17g, want %.17g",
                      cases[i].src, cases[i].x, got, cases[i].want);
        ck_assert_msg(gc_expr_eval_f32(e, (float)cases[i].x) == (float)cases[i].want,
                      "'%s' in float32", cases[i].src);
        ck_assert_msg(gc_expr_eval_ld(e, cases[i].x) == cases[i].want,
                      "'%s' in long double", cases[i].src);
        gc_expr_free(e);
    }
}
END_TEST

static float sign_f32(float v) { return v > 0 ? 1.0f : v < 0 ? -1.0f : v; }
static double sign_f64(double v) { return v > 0 ? 1.0 : v < 0 ? -1.0 : v; }
static long double sign_ld(long double v) { return v > 0 ? 1.0L : v < 0 ? -1.0L : v; }

static const struct {
    const char *name;
    float (*f32)(float);
    double (*f64)(double);
    long double (*ld)(long double);
} libm1[] = {
    {"abs", fabsf, fabs, fabsl}, {"sign", sign_f32, sign_f64, sign_ld},
    {"sqrt", sqrtf, sqrt, sqrtl}, {"cbrt", cbrtf, cbrt, cbrtl},
    {"exp", expf, exp, expl}, {"expm1", expm1f, expm1, expm1l},
    {"log", logf, log, logl}, {"log1p", log1pf, log1p, log1pl},
    {"log2", log2f, log2, log2l}, {"sin", sinf, sin, sinl},
    {"cos", cosf, cos, cosl}, {"tan", tanf, tan, tanl},
    {"asin", asinf, asin, asinl}, {"acos", acosf, acos, acosl},
    {"atan", atanf, atan, atanl}, {"sinh", sinhf, sinh, sinhl},
    {"cosh", coshf, cosh, coshl}, {"tanh", tanhf, tanh, tanhl},
    {"asinh", asinhf, asinh, asinhl}, {"erf", erff, erf, erfl},
    {"erfc", erfcf, erfc, erfcl},
};

START_TEST(test_expr_every_function_matches_libm_bitwise_in_each_precision)
{
    for (size_t f = 0; f < sizeof libm1 / sizeof libm1[0]; f++) {
        char src[32];
        snprintf(src, sizeof src, "%s(x)", libm1[f].name);
        struct gc_expr *e = parse_ok(src);
        for (size_t i = 0; i < N_POINTS; i++) {
            double v = opaque(points[i]);
            float vf = (float)v;
            long double vl = v;
            ck_assert_bits_eq_f32(gc_expr_eval_f32(e, vf), libm1[f].f32(vf));
            double g64 = gc_expr_eval_f64(e, v), w64 = libm1[f].f64(v);
            ck_assert_msg(same_f64(g64, w64), "%s(%a) = %a, libm %a", libm1[f].name,
                          v, g64, w64);
            long double gl = gc_expr_eval_ld(e, vl), wl = libm1[f].ld(vl);
            ck_assert_msg(same_ld(gl, wl), "%s(%a) = %La, libm %La", libm1[f].name,
                          v, gl, wl);
        }
        gc_expr_free(e);
    }
}
END_TEST

START_TEST(test_expr_powers_use_pow_of_the_precision_and_square_is_a_product)
{
    static const struct { const char *src; float cf; double c; long double cl; } cases[] = {
        {"x^3", 3, 3, 3}, {"pow(x, 3)", 3, 3, 3}, {"x^2.5", 2.5f, 2.5, 2.5L},
        {"x^-1", -1, -1, -1}, {"x^0.5", 0.5f, 0.5, 0.5L}, {"x^1.1", 1.1f, 1.1, 1.1L},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct gc_expr *e = parse_ok(cases[k].src);
        for (size_t i = 0; i < N_POINTS; i++) {
            double v = opaque(points[i]);
            float vf = (float)v;
            ck_assert_bits_eq_f32(gc_expr_eval_f32(e, vf), powf(vf, cases[k].cf));
            ck_assert(same_f64(gc_expr_eval_f64(e, v), pow(v, cases[k].c)));
            ck_assert(same_ld(gc_expr_eval_ld(e, v), powl(v, cases[k].cl)));
        }
        gc_expr_free(e);
    }
    const char *squares[] = {"x^2", "pow(x, 2)", "x^2.0"};
    for (size_t k = 0; k < 3; k++) {
        struct gc_expr *e = parse_ok(squares[k]);
        for (size_t i = 0; i < N_POINTS; i++) {
            double v = opaque(points[i]);
            float vf = (float)v;
            long double vl = v;
            ck_assert_bits_eq_f32(gc_expr_eval_f32(e, vf), vf * vf);
            ck_assert(same_f64(gc_expr_eval_f64(e, v), v * v));
            ck_assert(same_ld(gc_expr_eval_ld(e, vl), vl * vl));
        }
        gc_expr_free(e);
    }
}
END_TEST

START_TEST(test_expr_arithmetic_is_done_in_the_precision_asked)
{
    /* 1 + 1e-8 is 1 in float, not in double: each op rounds to its type */
    struct gc_expr *e = parse_ok("x + 1e-8");
    ck_assert(gc_expr_eval_f32(e, 1.0f) == 1.0f);
    ck_assert(gc_expr_eval_f64(e, 1.0) == 1.0 + 1e-8);
    ck_assert(gc_expr_eval_ld(e, 1.0L) == 1.0L + 1e-8L);
    gc_expr_free(e);
    /* the formula of silu, written the same way in C, bit for bit */
    e = parse_ok("x/(1 + exp(-x))");
    for (size_t i = 0; i < N_POINTS; i++) {
        double v = opaque(points[i]);
        float vf = (float)v;
        ck_assert_bits_eq_f32(gc_expr_eval_f32(e, vf), vf / (1.0f + expf(-vf)));
        ck_assert(same_f64(gc_expr_eval_f64(e, v), v / (1.0 + exp(-v))));
    }
    gc_expr_free(e);
    /* the float32 value of 0.1*x is (float)0.1 * x in float */
    e = parse_ok("0.1*x");
    volatile float three = 3.0f;
    ck_assert_bits_eq_f32(gc_expr_eval_f32(e, three), 0.1f * three);
    ck_assert(gc_expr_eval_f64(e, 3.0) == 0.1 * opaque(3.0));
    gc_expr_free(e);
}
END_TEST

START_TEST(test_expr_constants_are_rounded_to_each_precision)
{
    static const struct {
        const char *src; float f; double d; long double l;
    } cases[] = {
        {"pi", (float)M_PI, M_PI, 3.14159265358979323846264338327950288L},
        {"e", (float)M_E, M_E, 2.71828182845904523536028747135266250L},
        {"inf", INFINITY, INFINITY, INFINITY},
        {"-inf", -INFINITY, -INFINITY, -INFINITY},
        {"0.1", 0.1f, 0.1, 0.1L},
        {"1e-40", 1e-40f, 1e-40, 1e-40L},     /* subnormal in float */
        {"1e39", INFINITY, 1e39, 1e39L},      /* overflows float only */
        {"1e5000", INFINITY, INFINITY, INFINITY},
        {"2.385", 2.385f, 2.385, 2.385L},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_expr *e = parse_ok(cases[i].src);
        ck_assert_bits_eq_f32(gc_expr_eval_f32(e, 0), cases[i].f);
        ck_assert_msg(same_f64(gc_expr_eval_f64(e, 0), cases[i].d), "%s", cases[i].src);
        ck_assert_msg(same_ld(gc_expr_eval_ld(e, 0), cases[i].l), "%s", cases[i].src);
        gc_expr_free(e);
    }
}
END_TEST

START_TEST(test_expr_accepts_c_number_syntax_including_hex_floats)
{
    static const struct { const char *src; long double want; } cases[] = {
        {"0x1.8p3", 12}, {"0X1.8P3", 12}, {"0x1p-2", 0.25}, {"0x10", 16},
        {"0x.8p1", 1}, {"0x1.fffffep127", 0x1.fffffep127L}, {".5", 0.5},
        {"1.", 1}, {"1e3", 1000}, {"1E-3", 1e-3L}, {"2.5e+2", 250},
        {"0", 0}, {"0.0", 0}, {"00.5", 0.5}, {"0e0", 0},
        {"123456789012345678901234567890", 123456789012345678901234567890.0L},
        {"0x1.8p3-1", 11},          /* the sign after p3 ends the number */
        {"1e3-1", 999},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_expr *e = parse_ok(cases[i].src);
        long double got = gc_expr_eval_ld(e, 0);
        ck_assert_msg(got == cases[i].want, "'%s' = %La", cases[i].src, got);
        gc_expr_free(e);
    }
}
END_TEST

START_TEST(test_expr_where_min_max_and_nan_propagation)
{
    struct gc_expr *relu = parse_ok("where(x > 0, x, 0)");
    struct gc_expr *mn = parse_ok("min(x, 1)");
    struct gc_expr *mx = parse_ok("max(x, 1)");
    struct gc_expr *cond = parse_ok("where(x, 1, 2)");
    ck_assert(gc_expr_eval_f64(relu, 2.5) == 2.5);
    ck_assert(gc_expr_eval_f64(relu, -2.5) == 0);
    ck_assert(gc_expr_eval_f32(relu, -2.5f) == 0);
    ck_assert(gc_expr_eval_f64(mn, 0.5) == 0.5 && gc_expr_eval_f64(mn, 3) == 1);
    ck_assert(gc_expr_eval_f64(mx, 0.5) == 1 && gc_expr_eval_f64(mx, 3) == 3);
    ck_assert(gc_expr_eval_ld(mx, 3) == 3 && gc_expr_eval_f32(mn, 3) == 1);
    /* NaN: min/max propagate it (unlike fmin), a NaN comparison is false,
     * a NaN condition is true (NaN != 0) */
    ck_assert(isnan(gc_expr_eval_f64(mn, NAN)) && isnan(gc_expr_eval_f32(mx, NAN)));
    ck_assert(isnan(gc_expr_eval_ld(mn, NAN)));
    ck_assert(gc_expr_eval_f64(relu, NAN) == 0);
    ck_assert(gc_expr_eval_f64(cond, NAN) == 1 && gc_expr_eval_f64(cond, 0) == 2);
    gc_expr_free(relu);
    gc_expr_free(mn);
    gc_expr_free(mx);
    gc_expr_free(cond);
    const char *nan_in_nan_out[] = {"x + 1", "x*0", "2^x - x", "sign(x)", "sin(x)*0",
                                    "min(1, x)", "max(x, inf)"};
    for (size_t i = 0; i < sizeof nan_in_nan_out / sizeof nan_in_nan_out[0]; i++) {
        struct gc_expr *e = parse_ok(nan_in_nan_out[i]);
        ck_assert_msg(isnan(gc_expr_eval_f32(e, NAN)) && isnan(gc_expr_eval_f64(e, NAN))
                      && isnan(gc_expr_eval_ld(e, NAN)), "'%s' at NaN", nan_in_nan_out[i]);
        gc_expr_free(e);
    }
    struct gc_expr *ne = parse_ok("(x != x) + 2*(x == x)");
    ck_assert(gc_expr_eval_f64(ne, NAN) == 1 && gc_expr_eval_f64(ne, 1) == 2);
    gc_expr_free(ne);
    struct gc_expr *sg = parse_ok("sign(x)");
    ck_assert_bits_eq_f32(gc_expr_eval_f32(sg, -0.0f), -0.0f);
    gc_expr_free(sg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Errors                                                              */

/* Parse src[0..len) at origin line0:col0, expect GC_PARSE at line:col with
 * exactly msg. */
static void expect_error_at(const char *src, size_t len, int line0, int col0,
                            int line, int col, const char *msg)
{
    struct gc_expr *e = NULL;
    struct gc_expr_error err = {0, 0, ""};
    gc_status st = gc_expr_parse(src, len, line0, col0, &e, &err);
    ck_assert_msg(st == GC_PARSE, "'%.40s' gave %s", src, gc_status_name(st));
    ck_assert_ptr_null(e);
    ck_assert_msg(err.line == line && err.col == col && strcmp(err.msg, msg) == 0,
                  "'%.40s': got %d:%d: %s\nwant %d:%d: %s", src, err.line, err.col,
                  err.msg, line, col, msg);
}

static void expect_error(const char *src, int line, int col, const char *msg)
{
    expect_error_at(src, strlen(src), 1, 1, line, col, msg);
}

START_TEST(test_expr_errors_name_line_column_expected_and_found)
{
    expect_error("(x+1", 1, 5, "expected ')' to close '(' at 1:1, found end of input");
    expect_error(")", 1, 1, "expected an expression, found ')'");
    expect_error("x)", 1, 2, "unmatched ')'");
    expect_error("(x))", 1, 4, "unmatched ')'");
    expect_error("foo(x)", 1, 1, "unknown function 'foo'");
    expect_error("2*y", 1, 3,
                 "unknown identifier 'y' (expected x, pi, e, inf or a function call)");
    expect_error("1e", 1, 1, "malformed number '1e'");
    expect_error("x*1e+", 1, 3, "malformed number '1e+'");
    expect_error("1.2.3", 1, 1, "malformed number '1.2.3'");
    expect_error("0x", 1, 1, "malformed number '0x'");
    expect_error("2x", 1, 1, "malformed number '2x'");
    expect_error("1.0f", 1, 1, "malformed number '1.0f'");
    expect_error("0x1.8", 1, 1,
                 "malformed number '0x1.8': a hexadecimal float needs a 'p' exponent");
    expect_error("010", 1, 1, "malformed number '010': leading zeros: in C this would be octal");
    expect_error("", 1, 1, "empty expression");
    expect_error("  \n ", 2, 2, "empty expression");
    expect_error("x x", 1, 3, "expected an operator or end of input, found 'x'");
    expect_error("x 2", 1, 3, "expected an operator or end of input, found number '2'");
    expect_error("x +", 1, 4, "expected an expression, found end of input");
    expect_error("x +\n  foo(x)", 2, 3, "unknown function 'foo'");
    expect_error("sin(x", 1, 6, "expected ')' to close 'sin(' at 1:4, found end of input");
    expect_error("sin x", 1, 5, "expected '(' after function 'sin', found 'x'");
    expect_error("sin()", 1, 5, "expected an expression, found ')'");
    expect_error("pow(x)", 1, 6, "'pow' takes 2 arguments, found ')' after 1");
    expect_error("where(x, 1)", 1, 11, "'where' takes 3 arguments, found ')' after 2");
    expect_error("sin(x, 1)", 1, 6, "'sin' takes 1 argument, found ','");
    expect_error("x = 1", 1, 3, "unexpected '=' (did you mean '=='?)");
    expect_error("x ! 1", 1, 3, "unexpected '!' (did you mean '!='?)");
    expect_error("x + $", 1, 5, "unexpected character '$'");
    expect_error("x \xc3\xa9", 1, 3, "unexpected byte 0xc3 (expressions are ASCII)");
    expect_error("\x7f" "ELF\x02\x01", 1, 1, "unexpected byte 0x7f");
    /* an embedded NUL is a byte like any other, not the end */
    expect_error_at("x+\0\x01", 4, 1, 1, 1, 3, "unexpected byte 0x00");
    expect_error_at("x\0", 2, 1, 1, 1, 2, "unexpected byte 0x00");
    /* positions are relative to the origin; columns restart after '\n' */
    expect_error_at("(x+1", 4, 7, 10, 7, 14,
                    "expected ')' to close '(' at 7:10, found end of input");
    expect_error_at("x\n+ y", 5, 3, 9, 4, 3,
                    "unknown identifier 'y' (expected x, pi, e, inf or a function call)");
    /* src need not be NUL-terminated: only len bytes are read */
    expect_error_at("x+)", 2, 1, 1, 1, 3, "expected an expression, found end of input");
    /* long tokens are shortened in messages */
    expect_error("abcdefghijabcdefghijabcdefghijabcdefghij", 1, 1,
                 "unknown identifier 'abcdefghijabcdefghijabcdefghijab...' "
                 "(expected x, pi, e, inf or a function call)");
}
END_TEST

START_TEST(test_expr_bad_arguments_are_refused)
{
    struct gc_expr *e = NULL;
    struct gc_expr_error err;
    ck_assert_int_eq(gc_expr_parse("x", 1, 1, 1, NULL, &err), GC_INVAL);
    ck_assert_int_eq(gc_expr_parse(NULL, 3, 1, 1, &e, &err), GC_INVAL);
    ck_assert_int_eq(gc_expr_parse(NULL, 0, 1, 1, &e, NULL), GC_PARSE);
    ck_assert_ptr_null(e);
    ck_assert_int_eq(gc_expr_derive(NULL, &e), GC_INVAL);
    ck_assert_ptr_null(gc_expr_to_string(NULL));
    ck_assert(isnan(gc_expr_eval_f64(NULL, 1)));
    ck_assert_uint_eq(gc_expr_size(NULL), 0);
    gc_expr_free(NULL);
}
END_TEST

/* A string of n copies of unit followed by tail, in a malloc'd buffer. */
static char *repeat(const char *head, const char *unit, size_t n, const char *tail,
                    size_t *len)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    *len = hl + ul * n + tl;
    char *s = malloc(*len + 1);
    ck_assert_ptr_nonnull(s);
    memcpy(s, head, hl);
    for (size_t i = 0; i < n; i++)
        memcpy(s + hl + i * ul, unit, ul);
    memcpy(s + hl + ul * n, tail, tl);
    s[*len] = '\0';
    return s;
}

START_TEST(test_expr_one_megabyte_expression_is_refused_cleanly)
{
    size_t len;
    char *s = repeat("x", "+x", 524288 - 1, "", &len);   /* 1 MiB - 1 */
    char want[100];
    snprintf(want, sizeof want, "expression longer than 65536 characters (%zu)", len);
    expect_error_at(s, len, 1, 1, 1, 1, want);
    free(s);
    /* exactly at the limit is accepted */
    s = repeat("x", " ", GC_EXPR_MAX_LEN - 1, "", &len);
    struct gc_expr *e = parse_ok(s);
    ck_assert(gc_expr_eval_f64(e, 2) == 2);
    gc_expr_free(e);
    free(s);
    s = repeat("x", " ", GC_EXPR_MAX_LEN, "", &len);
    expect_error_at(s, len, 1, 1, 1, 1, "expression longer than 65536 characters (65537)");
    free(s);
}
END_TEST

START_TEST(test_expr_hundred_thousand_nested_parentheses_do_not_crash)
{
    size_t len;
    char *s = repeat("", "(", 100000, "x", &len);
    char *t = realloc(s, len + 100000 + 1);
    ck_assert_ptr_nonnull(t);
    s = t;
    memset(s + len, ')', 100000);
    len += 100000;
    s[len] = '\0';
    expect_error_at(s, len, 1, 1, 1, 1, "expression longer than 65536 characters (200001)");
    /* within the length limit the nesting limit answers, at the first '('
     * past it, without recursing any deeper */
    expect_error_at(s, 60000, 1, 1, 1, 257, "expression nested deeper than 256 levels");
    free(s);
    /* 256 levels are fine */
    s = repeat("", "(", 256, "x", &len);
    t = realloc(s, len + 257);
    ck_assert_ptr_nonnull(t);
    s = t;
    memset(s + len, ')', 256);
    s[len + 256] = '\0';
    struct gc_expr *e = parse_ok(s);
    ck_assert(gc_expr_eval_f64(e, 3) == 3);
    gc_expr_free(e);
    free(s);
    /* unary minus, calls and '^' chains count as nesting too */
    s = repeat("", "-", 30000, "x", &len);
    expect_error(s, 1, 257, "expression nested deeper than 256 levels");
    free(s);
    s = repeat("", "sin(", 1000, "x", &len);
    expect_error(s, 1, 1028, "expression nested deeper than 256 levels");
    free(s);
    s = repeat("x", "^x", 1000, "", &len);
    expect_error(s, 1, 2 * 257, "expression nested deeper than 256 levels");
    free(s);
}
END_TEST

START_TEST(test_expr_tree_height_and_node_count_are_capped)
{
    size_t len;
    /* a flat sum of 2048 terms (height 2048) is fine, one more is not */
    char *s = repeat("x", "+x", 2047, "", &len);
    struct gc_expr *e = parse_ok(s);
    ck_assert(gc_expr_eval_f64(e, 1) == 2048);
    ck_assert_uint_eq(gc_expr_size(e), 2 * 2048 - 1);
    gc_expr_free(e);
    free(s);
    s = repeat("x", "+x", 2048, "", &len);
    expect_error(s, 1, (int)len - 1, "expression too deep: more than 2048 nested operations");
    free(s);
    /* 2000 terms of 9 nodes each: too many nodes, though shallow enough */
    s = repeat("(x+x+x+x+x)", "+(x+x+x+x+x)", 1999, "", &len);
    struct gc_expr_error err;
    ck_assert_int_eq(gc_expr_parse(s, len, 1, 1, &e, &err), GC_PARSE);
    ck_assert_str_eq(err.msg, "expression has more than 10000 nodes");
    free(s);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Printing                                                            */

START_TEST(test_expr_prints_minimal_parentheses_and_reparses_identically)
{
    static const struct { const char *src, *want; } cases[] = {
        {"(x+1)*2", "(x + 1)*2"},
        {"x-(1-x)", "x - (1 - x)"},
        {"(x-1)-x", "x - 1 - x"},
        {"x/(2*x)", "x/(2*x)"},
        {"(x/2)*x", "x/2*x"},
        {"(2^3)^2", "(2^3)^2"},
        {"2^(3^2)", "2^3^2"},
        {"(-x)^2", "(-x)^2"},
        {"(-2)^x", "(-2)^x"},
        {"-(x^2)", "-x^2"},
        {"x^(-2)", "x^-2"},
        {"x^(2*x)", "x^(2*x)"},
        {"-(x*2)", "-(x*2)"},
        {"(-x)*2", "-x*2"},
        {"- - x", "--x"},
        {"-(-2)", "--2"},
        {"x - -2", "x - -2"},
        {"(x<1)<2", "x < 1 < 2"},
        {"x<(1<2)", "x < (1 < 2)"},
        {"(x < 1) + 1", "(x < 1) + 1"},
        {"pow(x, 2)", "x^2"},
        {"where(x>0,x,0.01*x)", "where(x > 0, x, 0.01*x)"},
        {"0x1.8p3", "12"},
        {"1e300", "1e+300"},
        {"0.1", "0.1"},
        {"+x", "x"},
        {"2.0", "2"},
        {"1e5000", "inf"},
        {"-1e5000", "-inf"},
        {"pi*e + inf", "pi*e + inf"},
        {"3.14159265358979323846264338", "3.1415926535897932385"},
        {"0x1p-16445", "4e-4951"},  /* the least subnormal: 1 digit reads back */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_expr *e = parse_ok(cases[i].src);
        char *s = gc_expr_to_string(e);
        ck_assert_ptr_nonnull(s);
        ck_assert_msg(strcmp(s, cases[i].want) == 0, "'%s' printed '%s', want '%s'",
                      cases[i].src, s, cases[i].want);
        struct gc_expr *r = parse_ok(s);
        char *s2 = gc_expr_to_string(r);
        ck_assert_str_eq(s, s2);
        for (size_t k = 0; k < N_POINTS; k++) {
            double v = points[k];
            ck_assert(same_f32(gc_expr_eval_f32(e, (float)v), gc_expr_eval_f32(r, (float)v)));
            ck_assert(same_f64(gc_expr_eval_f64(e, v), gc_expr_eval_f64(r, v)));
            ck_assert(same_ld(gc_expr_eval_ld(e, v), gc_expr_eval_ld(r, v)));
        }
        free(s);
        free(s2);
        gc_expr_free(e);
        gc_expr_free(r);
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* Derivatives                                                         */

START_TEST(test_expr_derivatives_print_simplified)
{
    static const struct { const char *src, *want; } cases[] = {
        {"x^2", "2*x"},
        {"sin(x)", "cos(x)"},
        {"cos(x)", "-sin(x)"},
        {"exp(x)", "exp(x)"},
        {"x", "1"},
        {"3", "0"},
        {"pi*x", "pi"},
        {"x^1", "1"},
        {"x^0", "0"},
        {"x^3", "3*x^2"},
        {"-x^3", "-3*x^2"},
        {"x^-1", "-x^-2"},
        {"1/x", "-1/x^2"},
        {"2*3*x", "2*3"},           /* f's own subtrees are kept as written */
        {"2*(3*x^2)", "12*x"},
        {"x - 0*x", "1"},
        {"--x", "1"},
        {"abs(x)", "sign(x)"},
        {"sign(x) + (x > 1)", "0"},
        {"log(x)", "1/x"},
        {"sqrt(x)", "1/(2*sqrt(x))"},
        {"cos(2*x)", "-2*sin(2*x)"},
        {"e^x", "e^x"},
        {"2^x", "2^x*log(2)"},
        {"erf(x)", "2/sqrt(pi)*exp(-x^2)"},
        {"erfc(x)", "-2/sqrt(pi)*exp(-x^2)"},
        {"acos(x)", "-1/sqrt(1 - x^2)"},
        {"tanh(x)", "1 - tanh(x)^2"},
        {"where(x > 0, x, 0.01*x)", "where(x > 0, 1, 0.01)"},
        {"max(x, 0)", "where(x >= 0, 1, 0)"},
        {"min(x, 2*x)", "where(x <= 2*x, 1, 2)"},
        {"where(x > 0, 2*x, 2*x)", "2"},
        {"x^2 - 3*x", "2*x - 3"},
        {"1 - x", "-1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_expr *e = parse_ok(cases[i].src);
        struct gc_expr *d = derive_ok(e);
        char *s = gc_expr_to_string(d);
        ck_assert_msg(strcmp(s, cases[i].want) == 0, "d/dx %s printed '%s', want '%s'",
                      cases[i].src, s, cases[i].want);
        free(s);
        gc_expr_free(d);
        gc_expr_free(e);
    }
}
END_TEST

/* f'(x) by a five-point stencil on the long double evaluation of e. */
static long double five_point(const struct gc_expr *e, long double x, long double h)
{
    return (8 * (gc_expr_eval_ld(e, x + h) - gc_expr_eval_ld(e, x - h)) -
            (gc_expr_eval_ld(e, x + 2 * h) - gc_expr_eval_ld(e, x - 2 * h))) / (12 * h);
}

START_TEST(test_expr_derivatives_agree_with_finite_differences)
{
    static const struct { const char *src; double lo, hi; } cases[] = {
        {"sin(2*x + 1)", -3, 3}, {"cos(x)*x", -3, 3}, {"tan(x/3)", -3, 3},
        {"sqrt(x^2 + 1)", -3, 3}, {"cbrt(x^2 + 1)", -3, 3}, {"exp(-x^2)", -3, 3},
        {"expm1(x/3)", -3, 3}, {"log(x^2 + 1)", -3, 3}, {"log1p(x^2)", -3, 3},
        {"log2(x^2 + 1)", -3, 3}, {"asin(x/10)", -3, 3}, {"acos(x/10)", -3, 3},
        {"atan(x^3)", -3, 3}, {"sinh(x/2)", -3, 3}, {"cosh(x/2)", -3, 3},
        {"tanh(x)", -3, 3}, {"asinh(x^2)", -3, 3}, {"erf(x)", -3, 3},
        {"erfc(x/2)", -3, 3}, {"x^x", 0.5, 3}, {"2^x", -3, 3}, {"e^(x/2)", -3, 3},
        {"x^3", -3, 3}, {"pow(x^2 + 1, 0.5)", -3, 3}, {"(x^2 + 1)^(x/4)", -3, 3},
        {"x/(1 + exp(-x))", -3, 3}, {"abs(x)*x", -3, 3}, {"min(x, x^2)", -3, 3},
        {"max(x, 0.5*x)", -3, 3}, {"where(x > 0, x^2, -x)", -3, 3},
        {"1/(1 + x^2)", -3, 3}, {"x*tanh(log1p(exp(x)))", -3, 3},
        {"log(x^2 + 2)/(x^2 + 1)", -3, 3}, {"(x - 1)/(x^2 + 1) - x/3", -3, 3},
        {"exp(x)/x", 0.5, 3}, {"x^2.5", 0.5, 3}, {"sqrt(x)", 0.5, 3},
        {"x*sign(x) + abs(x)", -3, 3}, {"pi^x", -3, 3},
    };
    const int n = 37;
    const long double h = 0x1p-10L;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_expr *e = parse_ok(cases[i].src);
        struct gc_expr *d = derive_ok(e);
        for (int k = 0; k < n; k++) {
            /* offset by 0.37 of a cell: never exactly on a kink */
            long double x = cases[i].lo + (cases[i].hi - cases[i].lo) * (k + 0.37L) / n;
            long double got = gc_expr_eval_ld(d, x), fd = five_point(e, x, h);
            ck_assert_msg(fabsl(got - fd) <= 1e-8L * fmaxl(1, fabsl(fd)),
                          "d/dx %s at %.21Lg: %.21Lg, five-point %.21Lg", cases[i].src,
                          x, got, fd);
        }
        gc_expr_free(d);
        gc_expr_free(e);
    }
}
END_TEST

START_TEST(test_expr_mish_derivative_matches_closed_form)
{
    struct gc_expr *e = parse_ok("x*tanh(log1p(exp(x)))");
    struct gc_expr *d = derive_ok(e);
    for (int k = 0; k <= 200; k++) {
        long double x = -5 + 10 * (k + 0.5L) / 201;
        long double sp = log1pl(expl(x)), t = tanhl(sp);
        long double sig = 1 / (1 + expl(-x));
        long double want = t + x * (1 - t * t) * sig;
        ck_assert_rel_le_ld(gc_expr_eval_ld(d, x), want, 1e-15L);
        /* float64: near x = -5 the two terms cancel to 1e-4 of their size,
         * so the bound is relative to the terms, not to the sum */
        long double scale = fabsl(t) + fabsl(x * (1 - t * t) * sig);
        long double got64 = gc_expr_eval_f64(d, (double)x);
        ck_assert_msg(fabsl(got64 - want) <= 8 * DBL_EPSILON * scale,
                      "float64 mish'(%.17Lg) = %.17Lg, want %.21Lg", x, got64, want);
    }
    gc_expr_free(d);
    gc_expr_free(e);
}
END_TEST

START_TEST(test_expr_printed_derivatives_reparse_to_identical_values)
{
    const char *srcs[] = {
        "x*tanh(log1p(exp(x)))", "x/(1 + exp(-x))", "erf(x/sqrt(2))*x",
        "where(x > 0, x, 0.01*x)", "x^x", "(x^2 + 1)^(x/4)", "acos(x/10)",
        "-x^-3 + 2^-x", "min(x, -x^2) - max(x, 1e-3)",
        /* found by fuzzing: an overflowed literal must print back as the
         * same tree, -(inf), not as a negative literal */
        "1 - x^244e44444 - x*-1e5000",
    };
    for (size_t i = 0; i < sizeof srcs / sizeof srcs[0]; i++) {
        struct gc_expr *e = parse_ok(srcs[i]);
        struct gc_expr *d = derive_ok(e);
        char *s = gc_expr_to_string(d);
        struct gc_expr *r = parse_ok(s);
        char *s2 = gc_expr_to_string(r);
        ck_assert_str_eq(s, s2);
        ck_assert_uint_eq(gc_expr_size(r), gc_expr_size(d));
        for (int k = 0; k < 50; k++) {
            double x = 0.25 + k * 0.1;
            ck_assert(same_f32(gc_expr_eval_f32(d, (float)x), gc_expr_eval_f32(r, (float)x)));
            ck_assert(same_f64(gc_expr_eval_f64(d, x), gc_expr_eval_f64(r, x)));
            ck_assert(same_ld(gc_expr_eval_ld(d, x), gc_expr_eval_ld(r, x)));
        }
        free(s);
        free(s2);
        gc_expr_free(r);
        gc_expr_free(d);
        gc_expr_free(e);
    }
}
END_TEST

START_TEST(test_expr_derivative_of_200_term_sum_stays_within_limits)
{
    /* sum_{k=1}^{200} x^k/k, whose derivative is sum_{j=0}^{199} x^j */
    char *s = malloc(200 * 24);
    ck_assert_ptr_nonnull(s);
    size_t n = 0;
    for (int k = 1; k <= 200; k++)
        n += (size_t)sprintf(s + n, "%sx^%d/%d", k > 1 ? " + " : "", k, k);
    struct gc_expr *e = parse_ok(s);
    struct gc_expr *d = derive_ok(e);
    ck_assert_uint_le(gc_expr_size(d), GC_EXPR_MAX_NODES);
    const long double xs[] = {0.5L, 0.9L, -0.7L, 0.25L};
    for (size_t i = 0; i < 4; i++) {
        long double want = 0, p = 1;
        for (int j = 0; j < 200; j++, p *= xs[i])
            want += p;
        ck_assert_rel_le_ld(gc_expr_eval_ld(d, xs[i]), want, 1e-15L);
    }
    gc_expr_free(d);
    gc_expr_free(e);
    free(s);
}
END_TEST

START_TEST(test_expr_derivative_blowup_is_refused_with_range)
{
    size_t len;
    char *s = repeat("", "tanh(", 200, "x", &len);
    char *t = realloc(s, len + 201);
    ck_assert_ptr_nonnull(t);
    s = t;
    memset(s + len, ')', 200);
    s[len + 200] = '\0';
    struct gc_expr *e = parse_ok(s);
    struct gc_expr *d = NULL;
    struct gc_expr_error err;
    ck_assert_int_eq(gc_expr_derive_ex(e, &d, &err), GC_RANGE);
    ck_assert_ptr_null(d);
    ck_assert_str_eq(err.msg, "derivative has more than 10000 nodes");
    ck_assert_int_eq(gc_expr_derive(e, &d), GC_RANGE);
    gc_expr_free(e);
    free(s);
    /* sqrt(x) + x + ... + x has height 2048; its derivative 1/(2*sqrt(x))
     * + 1 + ... + 1 would have 2050, with few nodes */
    s = repeat("sqrt(x)", "+x", 2046, "", &len);
    e = parse_ok(s);
    ck_assert_int_eq(gc_expr_derive_ex(e, &d, &err), GC_RANGE);
    ck_assert_ptr_null(d);
    ck_assert_str_eq(err.msg, "derivative nests more than 2048 operations");
    gc_expr_free(e);
    free(s);
    /* a product chain: the derivative's copies grow quadratically */
    s = repeat("x", "*x", 1500, "", &len);
    e = parse_ok(s);
    ck_assert_int_eq(gc_expr_derive_ex(e, &d, &err), GC_RANGE);
    ck_assert_str_eq(err.msg, "derivative has more than 10000 nodes");
    gc_expr_free(e);
    free(s);
}
END_TEST

Suite *gc_test_suite(void)
{
    Suite *s = suite_create("expr");
    TCase *tc = tcase_create("grammar");
    tcase_add_test(tc, test_expr_precedence_and_associativity);
    tcase_add_test(tc, test_expr_every_function_matches_libm_bitwise_in_each_precision);
    tcase_add_test(tc, test_expr_powers_use_pow_of_the_precision_and_square_is_a_product);
    tcase_add_test(tc, test_expr_arithmetic_is_done_in_the_precision_asked);
    tcase_add_test(tc, test_expr_constants_are_rounded_to_each_precision);
    tcase_add_test(tc, test_expr_accepts_c_number_syntax_including_hex_floats);
    tcase_add_test(tc, test_expr_where_min_max_and_nan_propagation);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, test_expr_errors_name_line_column_expected_and_found);
    tcase_add_test(tc, test_expr_bad_arguments_are_refused);
    tcase_add_test(tc, test_expr_one_megabyte_expression_is_refused_cleanly);
    tcase_add_test(tc, test_expr_hundred_thousand_nested_parentheses_do_not_crash);
    tcase_add_test(tc, test_expr_tree_height_and_node_count_are_capped);
    suite_add_tcase(s, tc);
    tc = tcase_create("print");
    tcase_add_test(tc, test_expr_prints_minimal_parentheses_and_reparses_identically);
    suite_add_tcase(s, tc);
    tc = tcase_create("derive");
    tcase_add_test(tc, test_expr_derivatives_print_simplified);
    tcase_add_test(tc, test_expr_derivatives_agree_with_finite_differences);
    tcase_add_test(tc, test_expr_mish_derivative_matches_closed_form);
    tcase_add_test(tc, test_expr_printed_derivatives_reparse_to_identical_values);
    tcase_add_test(tc, test_expr_derivative_of_200_term_sum_stays_within_limits);
    tcase_add_test(tc, test_expr_derivative_blowup_is_refused_with_range);
    suite_add_tcase(s, tc);
    return s;
}
