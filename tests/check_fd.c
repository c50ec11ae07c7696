#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
/* check_fd.c - tests of src/lib/fd.c, the finite-difference engine.
 *
 * Copyright (C) 2026 the gradcheck authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every estimate is compared with a closed-form derivative and, above all,
 * the test asserts that the estimator's own error bar covers the true error
 * (GSL deriv/test.c style), and that the bar is not uselessly loose.  True
 * derivatives are computed in long double; their own rounding ("truth
 * tolerance", a few LDBL_EPSILON of the terms) is added to the allowance.
 * ULPs of float64 are computed locally (frexpl/ldexpl) so the suite does
 * not depend on fp.c.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "gc_test.h"
#include "fd.h"

#define EPS LDBL_EPSILON

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

/* splitmix64: a fixed, platform-independent seeded sequence. */
static uint64_t rng_state;
static void rng_seed(uint64_t s) { rng_state = s; }
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
/* Uniform double in [lo, hi). */
static double rng_uniform(double lo, double hi)
{
    return lo + (hi - lo) * ldexp((double)(rng_next() >> 11), -53);
}

/* Spacing of float64 at |v| (floored at the smallest subnormal). */
static long double ulp_f64(long double v)
{
    if (v == 0)
        return 0x1p-1074L;
    int e;
    (void)frexpl(v, &e);
    long double u = ldexpl(1.0L, e - DBL_MANT_DIG);
    return u < 0x1p-1074L ? 0x1p-1074L : u;
}

static bool is_pow2(long double h)
{
    int e;
    return h > 0 && frexpl(h, &e) == 0.5L;
}

/* Round to the p-bit argument lattice, as the library does. */
static long double round_lattice(long double v, int p)
{
    if (p == 53)
        return (double)v;
    if (p == 24)
        return (float)v;
    return v;
}

/* x + h exactly representable on the p-bit lattice (TwoSum). */
static bool sum_exact(long double x, long double h, int p)
{
    long double s = x + h, bb = s - x;
    long double err = (x - (s - bb)) + (h - bb);
    return isfinite(s) && err == 0 && round_lattice(s, p) == s;
}

/* ------------------------------------------------------------------ */
/* Test functions with known derivatives                               */

static long double f_exp(long double x, void *c) { (void)c; return expl(x); }
static long double d_exp(long double x) { return expl(x); }
static long double f_sin(long double x, void *c) { (void)c; return sinl(x); }
static long double d_sin(long double x) { return cosl(x); }
static long double f_log(long double x, void *c) { (void)c; return logl(x); }
static long double d_log(long double x) { return 1 / x; }
static long double f_tanh(long double x, void *c) { (void)c; return tanhl(x); }
static long double d_tanh(long double x) { long double ch = coshl(x); return 1 / (ch * ch); }
static long double f_runge(long double x, void *c) { (void)c; return 1 / (1 + x * x); }
static long double d_runge(long double x) { long double q = 1 + x * x; return -2 * x / (q * q); }
static long double f_cube(long double x, void *c) { (void)c; return x * x * x; }
static long double d_cube(long double x) { return 3 * x * x; }

/* Scale on which each function varies near x: steps are multiples of it. */
static long double s_one(long double x) { (void)x; return 1; }
static long double s_abs(long double x) { return fabsl(x); }
static long double s_runge(long double x) { return sqrtl(1 + x * x) / 2; }
static long double s_cube(long double x) { return fmaxl(fabsl(x), 0x1p-10L); }

struct known {
    const char *name;
    gc_fd_fn f;
    long double (*df)(long double);
    long double (*scale)(long double);
    long double noise;          /* measured max error of f, rounded up */
    bool positive_only;
};

/* Noise: glibc's x87 expl, sinl, logl are within 1 ULP (<= EPS |f|);
 * tanhl measured at 1.66 EPS |f| (200k points against libquadmath). */
static const struct known knowns[] = {
    { "exp",   f_exp,   d_exp,   s_one,   EPS,     false },
    { "sin",   f_sin,   d_sin,   s_one,   EPS,     false },
    { "log",   f_log,   d_log,   s_abs,   EPS,     true  },
    { "tanh",  f_tanh,  d_tanh,  s_one,   2 * EPS, false },
    { "runge", f_runge, d_runge, s_runge, 2 * EPS, false },
    { "cube",  f_cube,  d_cube,  s_cube,  EPS,     false },
};
#define N_KNOWN (sizeof knowns / sizeof knowns[0])

/* The seeded grid plus the awkward points of the brief. */
static size_t known_points(long double *xs, size_t cap)
{
    static const long double fixed[] = { 2.385L, 1e-3L, 700, -20, 1, -0.5L, 0 };
    size_t n = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0] && n < cap; i++)
        xs[n++] = fixed[i];
    rng_seed(20260101);
    while (n < cap)
        xs[n++] = rng_uniform(-6, 6);
    return n;
}

enum method { M_CENTRAL, M_FIVE, M_RIDDERS };

static gc_status run_method(enum method m, const struct gc_fd_func *F,
                            long double x, long double h,
                            struct gc_fd_estimate *e)
{
    switch (m) {
    case M_CENTRAL: return gc_fd_central(F, x, h, e);
    case M_FIVE: return gc_fd_five_point(F, x, h, e);
    default: return gc_fd_ridders(F, x, h, 0, e);
    }
}

/* Step for each method, in units of the function's scale: central near
 * its optimum for double-like accuracy studies, five-point larger, and
 * Ridders' first step large (the tableau shrinks it). */
static long double method_step(enum method m, long double scale)
{
    static const long double unit[] = { 0x1p-12L, 0x1p-7L, 0x1p-2L };
    return unit[m] * scale;
}

static const char *method_name[] = { "central", "five_point", "ridders" };

/* ------------------------------------------------------------------ */
/* Known derivatives: value, coverage, tightness                       */

START_TEST(test_fd_error_bar_covers_true_error_on_known_functions)
{
    long double xs[64];
    size_t n = known_points(xs, 64);
    for (size_t k = 0; k < N_KNOWN; k++) {
        const struct known *K = &knowns[k];
        struct gc_fd_func F = { K->f, NULL, 64, K->noise };
        for (int m = M_CENTRAL; m <= M_RIDDERS; m++) {
            for (size_t i = 0; i < n; i++) {
                long double x = xs[i];
                if (K->positive_only && x <= 0)
                    continue;
                long double s = K->scale(x);
                long double h = method_step(m, s);
                if (K->positive_only && 4 * h >= x)
                    h = x / 8;
                h = gc_fd_step(x, h / fmaxl(fabsl(x), 1), 64);
                struct gc_fd_estimate e;
                gc_status st = run_method(m, &F, x, h, &e);
                ck_assert_msg(st == GC_OK, "%s %s x=%.21Lg: status %d",
                              K->name, method_name[m], x, (int)st);
                long double t = K->df(x);
                long double err = fabsl(e.value - t);
                long double bar = gc_fd_error(&e);
                long double ttol = 4 * EPS * fabsl(t);
                ck_assert_msg(err <= bar + ttol,
                    "%s %s x=%.21Lg h=%La: |%.21Lg - %.21Lg| = %.3Lg exceeds "
                    "bar %.3Lg (trunc %.3Lg, round %.3Lg)", K->name,
                    method_name[m], x, h, e.value, t, err, bar, e.err_trunc,
                    e.err_round);
                /* Not absurdly loose: within 10^3 of the true error, or of
                 * the rounding floor noise |f| / h at the step used (for
                 * Ridders a floor at h0 / 2^10, deep in its tableau). */
                long double fx = fmaxl(fabsl(K->f(x, NULL)), fabsl(K->f(x + s, NULL)));
                long double hf = m == M_RIDDERS ? ldexpl(h, -10) : h;
                long double floor_ = K->noise * fmaxl(fx, fabsl(t) * s) / hf;
                ck_assert_msg(bar <= 1e3L * err + 10 * floor_ + ttol,
                    "%s %s x=%.21Lg: bar %.3Lg is loose: true error %.3Lg, "
                    "rounding floor %.3Lg", K->name, method_name[m], x, bar,
                    err, floor_);
                ck_assert_int_gt(e.n_evals, 0);
            }
        }
    }
}
END_TEST

/* Ridders on long double functions at moderate x, h0 = 1.  Measured worst
 * relative errors on the grid: exp 4.5e-18 (|x| <= 3), sin 8.2e-18
 * (|x| <= 3, away from zeros of cos), tanh 1.8e-17 (|x| <= 1.5; beyond,
 * |f / f'| = cosh^2 tanh grows like e^2|x| / 4 and the rounding noise of
 * f with it: 1.5e-16 at x = 2.75).  Asserted with a margin of ~3. */
START_TEST(test_fd_ridders_long_double_accuracy)
{
    static const struct { size_t k; long double range, bound; } cases[] = {
        { 0, 3, 2e-17L }, { 1, 3, 3e-17L }, { 3, 1.5L, 6e-17L },
    };
    for (size_t w = 0; w < 3; w++) {
        const struct known *K = &knowns[cases[w].k];
        struct gc_fd_func F = { K->f, NULL, 64, K->noise };
        for (long double x = -cases[w].range; x <= cases[w].range; x += 0.125L) {
            if (K->f == f_sin && fabsl(cosl(x)) < 0.1L)
                continue;               /* relative error of a near-zero f' */
            struct gc_fd_estimate e;
            gc_status st = gc_fd_ridders(&F, x, 1, 0, &e);
            ck_assert_int_eq(st, GC_OK);
            long double t = K->df(x);
            long double rel = fabsl(e.value - t) / fabsl(t);
            ck_assert_msg(rel < cases[w].bound, "%s x=%Lg: relative error %.3Lg"
                          " (allowed %.3Lg)", K->name, x, rel, cases[w].bound);
            ck_assert(fabsl(e.value - t) <= gc_fd_error(&e) + 4 * EPS * fabsl(t));
        }
    }
}
END_TEST

START_TEST(test_fd_five_point_beats_central_at_same_step)
{
    /* Points where no third derivative vanishes (runge's does at 0 and
     * +-1, which would make the central difference accidentally exact). */
    static const long double pts[] = { 2.385L, 1.7L, -0.5L, 0.3L };
    for (size_t k = 0; k < N_KNOWN; k++) {
        const struct known *K = &knowns[k];
        if (K->f == f_cube)
            continue;                   /* both exact up to rounding */
        struct gc_fd_func F = { K->f, NULL, 64, K->noise };
        for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
            long double x = pts[i];
            if (K->positive_only && x <= 0)
                continue;
            long double h = gc_fd_step(x, 0x1p-6L * K->scale(x) / fmaxl(fabsl(x), 1), 64);
            struct gc_fd_estimate c, f5;
            ck_assert_int_eq(gc_fd_central(&F, x, h, &c), GC_OK);
            ck_assert_int_eq(gc_fd_five_point(&F, x, h, &f5), GC_OK);
            long double t = K->df(x);
            long double ec = fabsl(c.value - t), e5 = fabsl(f5.value - t);
            ck_assert_msg(e5 * 100 < ec, "%s x=%Lg h=%La: five-point error "
                          "%.3Lg not well below central %.3Lg", K->name, x, h,
                          e5, ec);
            ck_assert_msg(gc_fd_error(&f5) < gc_fd_error(&c), "%s x=%Lg", K->name, x);
        }
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* Reference accuracy acceptance                                       */

/* Activations written in long double, as an fref would be.  1/sqrt(2) is
 * the long double constant S; gelu's derivative below is that of the
 * function with this S, so the comparison measures the finite difference,
 * not the constant. */
#define SQRT1_2L 0x1.6a09e667f3bcc908b2fb1366ea958p-1L
#define TWO_OVER_SQRTPI 1.1283791670955125738961589031215452L

static long double a_sigmoid(long double x, void *c) { (void)c; return 1 / (1 + expl(-x)); }
static long double a_tanh(long double x, void *c) { (void)c; return tanhl(x); }
static long double a_gelu(long double x, void *c) { (void)c; return 0.5L * x * erfcl(-x * SQRT1_2L); }
static long double a_silu(long double x, void *c) { (void)c; return x / (1 + expl(-x)); }

/* Closed-form derivatives and their own rounding allowance (*tol). */
static long double ad_sigmoid(long double x, long double *tol)
{
    long double e = expl(-fabsl(x)), t = e / ((1 + e) * (1 + e));
    *tol = 4 * EPS * t;
    return t;
}
static long double ad_tanh(long double x, long double *tol)
{
    long double ch = coshl(x), t = 1 / (ch * ch);
    *tol = 4 * EPS * t;
    return t;
}
/* Condition number of erfc at z: |z erfc'(z) / erfc(z)|; the rounding of
 * the argument -x S (relative u = EPS/2) is amplified by it. */
static long double erfc_cond(long double z)
{
    return fabsl(z) * TWO_OVER_SQRTPI * expl(-z * z) / erfcl(z);
}
static long double ad_gelu(long double x, long double *tol)
{
    long double z = -x * SQRT1_2L;
    long double phi = 0.5L * erfcl(z);
    long double t2 = -z * expl(-z * z) * (TWO_OVER_SQRTPI / 2);
    /* erfcl: 4 EPS plus argument conditioning; exp(-z^2): the exponent's
     * relative rounding 3u times z^2. */
    *tol = EPS * ((4 + erfc_cond(z) / 2) * phi + (4 + 2 * z * z) * fabsl(t2));
    return phi + t2;
}
static long double ad_silu(long double x, long double *tol)
{
    long double s = 1 / (1 + expl(-x)), sm = 1 / (1 + expl(x));
    long double t = s * (1 + x * sm);
    *tol = 6 * EPS * s * (1 + fabsl(x * sm));
    return t;
}

/* Noise of each activation as written (relative error of its values,
 * measured against libquadmath over 200k points and bounded): sigmoid
 * 1.07 EPS, silu 1.15 EPS, tanh 1.66 EPS -> 2 EPS; gelu 4 EPS plus the
 * conditioning of erfc at its rounded argument (113 EPS at x = -20). */
static long double noise_gelu(long double x)
{
    return (4 + erfc_cond(-x * SQRT1_2L) / 2) * EPS;
}

struct activation_case {
    const char *name;
    gc_fd_fn f;
    long double (*df)(long double x, long double *tol);
    long double noise;                  /* 0: per point (gelu) */
    double min_resolved;                /* asserted fraction, bar < 2 ULP */
};

/* Measured fractions of the 1000 points with a bar below 2 ULP of
 * float64: sigmoid 0.564, tanh 0.088, gelu 0.611, silu 0.988 (below 1 ULP:
 * 0.517, 0.053, 0.403, 0.941; worst error there 0.23 ULP; worst
 * error / bar over all points 0.29).  tanh and sigmoid lose their
 * saturated tails (tanh both): f rounds near +-1 in long double, so
 * noise |f| / h swamps f' long before f' leaves float64's range; gelu
 * loses the region around the zero of its derivative (x ~ -0.75) and its
 * far negative tail (erfc conditioning).  Set GC_TEST_VERBOSE=1 to print
 * the figures. */
static const struct activation_case activations[] = {
    { "sigmoid", a_sigmoid, ad_sigmoid, 2 * EPS, 0.50 },
    { "tanh",    a_tanh,    ad_tanh,    2 * EPS, 0.06 },
    { "gelu",    a_gelu,    ad_gelu,    0,       0.55 },
    { "silu",    a_silu,    ad_silu,    2 * EPS, 0.90 },
};

START_TEST(test_fd_reference_within_2_ulp_f64_where_bar_claims_it)
{
    const struct activation_case *A = &activations[_i];
    struct gc_fd_func F = { A->f, NULL, 64, A->noise };
    rng_seed(0x5eed0000u + (unsigned)_i);
    int resolved2 = 0, resolved1 = 0;
    long double worst_ulp = 0, worst_cover = 0;
    const int n = 1000;
    for (int i = 0; i < n; i++) {
        double x = rng_uniform(-20, 20);
        if (A->noise == 0)
            F.noise = noise_gelu(x);
        struct gc_fd_estimate e;
        gc_status st = gc_fd_reference(&F, x, NULL, 0, &e);
        ck_assert_msg(st == GC_OK, "%s x=%.17g: status %d", A->name, x, (int)st);
        long double tol;
        long double t = A->df(x, &tol);
        long double err = fabsl(e.value - t), bar = gc_fd_error(&e);
        long double u = ulp_f64(t);
        /* The bar covers the true error at every point. */
        ck_assert_msg(err <= bar + tol,
            "%s x=%.17g (%a): reference %.21Lg, true %.21Lg, error %.3Lg "
            "(%.3Lg ULP f64) exceeds bar %.3Lg (trunc %.3Lg, round %.3Lg) "
            "+ truth tolerance %.3Lg", A->name, x, x, e.value, t, err,
            err / u, bar, e.err_trunc, e.err_round, tol);
        if (bar + tol > 0 && err / (bar + tol) > worst_cover)
            worst_cover = err / (bar + tol);
        if (bar < 2 * u)
            resolved2++;
        if (bar < u) {
            /* Where the bar claims 1 ULP, the value is within 2. */
            resolved1++;
            ck_assert_msg(err <= 2 * u, "%s x=%.17g: bar %.3Lg ULP but error "
                          "%.3Lg ULP of float64", A->name, x, bar / u, err / u);
            if (err / u > worst_ulp)
                worst_ulp = err / u;
        }
    }
    double frac = (double)resolved2 / n;
    ck_assert_msg(frac >= A->min_resolved, "%s: only %.3f of the points have "
                  "a bar below 2 ULP of float64 (expected >= %.2f)", A->name,
                  frac, A->min_resolved);
    if (getenv("GC_TEST_VERBOSE"))
        fprintf(stderr, "%s: bar<2ulp %.3f, bar<1ulp %.3f, worst error there "
                "%.3Lg ULP f64, worst error/bar %.3Lg\n", A->name, frac,
                (double)resolved1 / n, worst_ulp, worst_cover);
}
END_TEST

/* Tails: the bar must say that tanh' at x = 12 is not resolved to float64
 * (f = tanh rounds to 1 - k 2^-64 there), yet still cover the truth. */
START_TEST(test_fd_reference_honest_in_saturated_tail)
{
    struct gc_fd_func F = { a_tanh, NULL, 64, 2 * EPS };
    static const long double xs[] = { 8, 12, 15, -12, 20 };
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        struct gc_fd_estimate e;
        ck_assert_int_eq(gc_fd_reference(&F, xs[i], NULL, 0, &e), GC_OK);
        long double tol, t = ad_tanh(xs[i], &tol);
        ck_assert_msg(gc_fd_error(&e) > 2 * ulp_f64(t),
                      "x=%Lg: bar %.3Lg claims float64 accuracy", xs[i], gc_fd_error(&e));
        ck_assert(fabsl(e.value - t) <= gc_fd_error(&e) + tol);
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* Kinks and one-sided differences                                     */

static long double k_abs(long double x, void *c) { (void)c; return fabsl(x); }
static long double k_relu(long double x, void *c) { (void)c; return x > 0 ? x : 0; }
/* Curved pieces: right sin(x) (slope 1 at 0), left x^2/2 - 2x (slope -2). */
static long double k_curved(long double x, void *c)
{
    (void)c;
    return x >= 0 ? sinl(x) : x * x / 2 - 2 * x;
}

START_TEST(test_fd_ridders_one_sided_at_kink)
{
    struct {
        gc_fd_fn f;
        long double right, left;
    } cases[] = {
        { k_abs, 1, -1 },
        { k_relu, 1, 0 },
        { k_curved, 1, -2 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_fd_func F = { cases[i].f, NULL, 64, EPS };
        struct gc_fd_estimate r, l;
        ck_assert_int_eq(gc_fd_ridders(&F, 0, 0x1p-2L, +1, &r), GC_OK);
        ck_assert_int_eq(gc_fd_ridders(&F, 0, 0x1p-2L, -1, &l), GC_OK);
        ck_assert_msg(fabsl(r.value - cases[i].right) <= gc_fd_error(&r),
                      "case %zu right: %.21Lg bar %.3Lg", i, r.value, gc_fd_error(&r));
        ck_assert_msg(fabsl(l.value - cases[i].left) <= gc_fd_error(&l),
                      "case %zu left: %.21Lg bar %.3Lg", i, l.value, gc_fd_error(&l));
        ck_assert_msg(gc_fd_error(&r) < 1e-15L && gc_fd_error(&l) < 1e-15L,
                      "case %zu: bars %.3Lg %.3Lg", i, gc_fd_error(&r), gc_fd_error(&l));
    }
}
END_TEST

START_TEST(test_fd_one_sided_on_smooth_function_covers)
{
    /* One-sided Ridders extrapolates a series in every power of h. */
    for (size_t k = 0; k < 4; k++) {
        const struct known *K = &knowns[k];
        struct gc_fd_func F = { K->f, NULL, 64, K->noise };
        for (int side = -1; side <= 1; side += 2) {
            long double x = 2.385L;
            struct gc_fd_estimate e;
            ck_assert_int_eq(gc_fd_ridders(&F, x, 0x1p-3L, side, &e), GC_OK);
            long double t = K->df(x);
            ck_assert_msg(fabsl(e.value - t) <= gc_fd_error(&e) + 4 * EPS * fabsl(t),
                          "%s side %d: %.21Lg vs %.21Lg bar %.3Lg", K->name, side,
                          e.value, t, gc_fd_error(&e));
            ck_assert_msg(fabsl(e.value - t) < 1e-14L * fabsl(t), "%s side %d", K->name, side);
        }
    }
}
END_TEST

START_TEST(test_fd_reference_stays_clear_of_kink)
{
    static const double kink0[] = { 0 };
    static const long double xs[] = { 1e-30L, 0x1p-149L, 0x1p-1074L, 1e-8L, 0.75L };
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        for (int neg = 0; neg <= 1; neg++) {
            long double x = neg ? -xs[i] : xs[i];
            struct { gc_fd_fn f; long double slope; } cases[] = {
                { k_relu, x > 0 ? 1 : 0 },
                { k_abs, x > 0 ? 1 : -1 },
                { k_curved, x > 0 ? cosl(x) : x - 2 },
            };
            for (size_t c = 0; c < 3; c++) {
                struct gc_fd_func F = { cases[c].f, NULL, 64, EPS };
                struct gc_fd_estimate e;
                ck_assert_int_eq(gc_fd_reference(&F, x, kink0, 1, &e), GC_OK);
                long double err = fabsl(e.value - cases[c].slope);
                ck_assert_msg(err <= gc_fd_error(&e) + 2 * EPS,
                              "case %zu x=%La: %.21Lg vs %.21Lg, bar %.3Lg", c, x,
                              e.value, cases[c].slope, gc_fd_error(&e));
                ck_assert_msg(err < 1e-15L && gc_fd_error(&e) < 1e-14L,
                              "case %zu x=%La: error %.3Lg bar %.3Lg", c, x, err,
                              gc_fd_error(&e));
            }
        }
    }
}
END_TEST

START_TEST(test_fd_reference_between_kinks_and_at_kink)
{
    /* hardtanh-like: kinks at -1 and 1, slope 1 between. */
    static const double kinks[] = { -1, 1 };
    struct gc_fd_func G = { k_curved, NULL, 64, EPS };
    struct gc_fd_estimate e;
    long double x = 1 - 0x1p-60L;           /* just left of the kink at 1 */
    ck_assert_int_eq(gc_fd_reference(&G, x, kinks, 2, &e), GC_OK);
    ck_assert_msg(fabsl(e.value - cosl(x)) <= gc_fd_error(&e) + 2 * EPS
                  && gc_fd_error(&e) < 1e-14L, "%.21Lg bar %.3Lg", e.value, gc_fd_error(&e));
    /* At a kink the derivative does not exist: the caller must ask for
     * one-sided derivatives. */
    ck_assert_int_eq(gc_fd_reference(&G, 1, kinks, 2, &e), GC_INVAL);
    ck_assert(isnan(e.value));
}
END_TEST

/* ------------------------------------------------------------------ */
/* Lattices                                                            */

START_TEST(test_fd_step_power_of_two_exact_on_lattice)
{
    static const int lattices[] = { 24, 53, 64 };
    static const long double scales[] = { 0x1p-8L, 0x1p-17L, 0x1p-6L, 0x1p-2L };
    rng_seed(77);
    for (int i = 0; i < 3000; i++) {
        int p = lattices[i % 3];
        long double x;
        switch (i % 5) {
        case 0: x = round_lattice(rng_uniform(-10, 10), p); break;
        case 1: x = round_lattice(ldexp(rng_uniform(1, 2), (int)(rng_next() % 200) - 100), p); break;
        case 2: x = round_lattice(2 - ldexpl(1, -(int)(rng_next() % (unsigned)p) - 1), p); break;
        case 3: x = 0; break;
        default: x = round_lattice(rng_uniform(-1e6, 1e6), p); break;
        }
        long double scale = scales[i % 4];
        long double h = gc_fd_step(x, scale, p);
        ck_assert_msg(is_pow2(h), "x=%La p=%d: h=%La", x, p, h);
        if (sum_exact(x, h, p) && sum_exact(x, -h, p))
            continue;
        /* Only allowed when no power of two down to 1/16 of the step
         * makes both sums exact. */
        for (long double c = h; c >= h / 16; c /= 2)
            ck_assert_msg(!(sum_exact(x, c, p) && sum_exact(x, -c, p)),
                          "x=%La p=%d: returned inexact %La but %La is exact", x, p, h, c);
    }
    ck_assert(isnan(gc_fd_step(1, 0, 53)));
    ck_assert(isnan(gc_fd_step(INFINITY, 1, 53)));
    ck_assert(isnan(gc_fd_step(1, 1, 99)));
    /* The binade top: no exact step near 2^-6 exists for 2 - 2^-52. */
    long double top = 2 - 0x1p-52L, h = gc_fd_step(top, 0x1p-6L, 53);
    ck_assert(is_pow2(h));
    ck_assert(!sum_exact(top, h, 53));
}
END_TEST

static long double lin(long double x, void *c) { (void)c; return 3.25L * x + 0.5L; }
static long double quad(long double x, void *c) { (void)c; return x * x; }

START_TEST(test_fd_realised_steps_at_binade_top)
{
    /* x + h is not on the 53-bit lattice: the realised offsets are used. */
    long double x = 2 - 0x1p-52L;
    struct gc_fd_func F = { lin, NULL, 53, DBL_EPSILON };
    struct gc_fd_estimate e;
    long double ulp_a = 0x1p-62L;            /* ULP of 3.25 in long double */
    ck_assert_int_eq(gc_fd_central(&F, x, 0x1p-4L, &e), GC_OK);
    ck_assert_msg(fabsl(e.value - 3.25L) <= ulp_a, "central %.21Lg", e.value);
    ck_assert_int_eq(gc_fd_five_point(&F, x, 0x1p-4L, &e), GC_OK);
    ck_assert_msg(fabsl(e.value - 3.25L) <= 4 * ulp_a, "five-point %.21Lg", e.value);
    ck_assert_int_eq(gc_fd_ridders(&F, x, 0x1p-2L, 0, &e), GC_OK);
    ck_assert_msg(fabsl(e.value - 3.25L) <= 4 * ulp_a, "ridders %.21Lg", e.value);
    ck_assert_int_eq(gc_fd_ridders(&F, x, 0x1p-2L, 1, &e), GC_OK);
    ck_assert_msg(fabsl(e.value - 3.25L) <= 4 * ulp_a, "ridders +1 %.21Lg", e.value);
    /* Second order survives the asymmetry: x^2 has no truncation error
     * under the three-point formula, while (f(xp) - f(xm)) / (xp - xm)
     * would be off by (b - a) f'' / 2 = 2^-52 (b - a = 2^-52: x + 2^-4
     * rounds on the 53-bit lattice, x - 2^-4 does not). */
    struct gc_fd_func Q = { quad, NULL, 53, EPS };
    ck_assert_int_eq(gc_fd_central(&Q, x, 0x1p-4L, &e), GC_OK);
    ck_assert_msg(fabsl(e.value - 2 * x) <= 64 * EPS, "x^2: %.21Lg vs %.21Lg",
                  e.value, 2 * x);
    ck_assert(fabsl(e.value - 2 * x) <= gc_fd_error(&e));
}
END_TEST

/* A float function on the 24-bit lattice: the reference from it is
 * honest, with a bar of float32 size. */
static long double f_tanhf(long double x, void *c) { (void)c; return tanhf((float)x); }

START_TEST(test_fd_reference_float_lattice_covers)
{
    struct gc_fd_func F = { f_tanhf, NULL, 24, 2 * FLT_EPSILON };
    rng_seed(24);
    for (int i = 0; i < 200; i++) {
        long double x = (float)rng_uniform(-4, 4);
        struct gc_fd_estimate e;
        ck_assert_int_eq(gc_fd_reference(&F, x, NULL, 0, &e), GC_OK);
        long double tol, t = ad_tanh(x, &tol);
        ck_assert_msg(fabsl(e.value - t) <= gc_fd_error(&e) + tol,
                      "x=%La: %.21Lg vs %.21Lg bar %.3Lg", x, e.value, t, gc_fd_error(&e));
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* GSL, same-precision estimates, failures                             */

static double gsl_sin(double x, void *c) { (void)c; return sin(x); }

START_TEST(test_fd_gsl_central_cos1_within_abserr)
{
    struct gc_fd_estimate e;
    ck_assert_int_eq(gc_fd_gsl_central(gsl_sin, NULL, 1.0, 1e-3, &e), GC_OK);
    ck_assert_msg(fabsl(e.value - cosl(1)) <= e.err_trunc, "%.17Lg abserr %.3Lg",
                  e.value, e.err_trunc);
    ck_assert_int_gt(e.n_evals, 0);
    ck_assert_int_eq(gc_fd_gsl_central(gsl_sin, NULL, 1.0, 0, &e), GC_INVAL);
}
END_TEST

START_TEST(test_fd_same_precision_estimates)
{
    float d32 = gc_fd_same_f32(sinf, 1.0f);
    ck_assert_msg(fabs((double)d32 - cos(1.0)) < 1e-4, "%.9g", (double)d32);
    double d64 = gc_fd_same_f64(sin, 1.0);
    ck_assert_msg(fabs(d64 - cos(1.0)) < 1e-10, "%.17g", d64);
    /* The step scales with |x| (2^-8 at 700) while exp varies on a scale
     * of 1: truncation h^2 / 6 = 2.5e-6, as a user would get. */
    ck_assert(fabs(gc_fd_same_f64(exp, 700.0) / exp(700.0) - 1) < 1e-5);
    ck_assert(isnan(gc_fd_same_f32(sinf, NAN)));
}
END_TEST

static long double nan_right(long double x, void *c) { (void)c; return x > 1.05L ? NAN : x * x; }
static long double inf_at_0(long double x, void *c) { (void)c; return 1 / x; }

START_TEST(test_fd_nonfinite_stencil_is_numeric)
{
    struct gc_fd_func F = { nan_right, NULL, 64, EPS };
    struct gc_fd_estimate e;
    ck_assert_int_eq(gc_fd_central(&F, 1, 0x1p-3L, &e), GC_NUMERIC);
    ck_assert(isnan(e.value) && isinf(gc_fd_error(&e)));
    ck_assert_int_eq(gc_fd_five_point(&F, 1, 0x1p-4L, &e), GC_NUMERIC);
    ck_assert_int_eq(gc_fd_ridders(&F, 1, 0x1p-3L, 0, &e), GC_NUMERIC);
    ck_assert_int_eq(gc_fd_ridders(&F, 1, 0x1p-3L, +1, &e), GC_NUMERIC);
    /* One-sided away from the bad side is fine. */
    ck_assert_int_eq(gc_fd_ridders(&F, 1, 0x1p-3L, -1, &e), GC_OK);
    ck_assert(fabsl(e.value - 2) <= gc_fd_error(&e));
    /* f(x) itself infinite: the reference gives up. */
    struct gc_fd_func G = { inf_at_0, NULL, 64, EPS };
    ck_assert_int_eq(gc_fd_reference(&G, 0, NULL, 0, &e), GC_NUMERIC);
    ck_assert(isnan(e.value));
    /* Overflow just right of x: the reference shrinks its step. */
    struct gc_fd_func X = { f_exp, NULL, 64, EPS };
    long double x = 11356;                  /* expl overflows at 11356.52 */
    ck_assert_int_eq(gc_fd_reference(&X, x, NULL, 0, &e), GC_OK);
    ck_assert_msg(fabsl(e.value / expl(x) - 1) < 1e-16L, "%.21Lg", e.value / expl(x));
    ck_assert(fabsl(e.value - expl(x)) <= gc_fd_error(&e) + EPS * expl(x));
}
END_TEST

START_TEST(test_fd_invalid_arguments)
{
    struct gc_fd_func F = { f_exp, NULL, 64, EPS };
    struct gc_fd_estimate e;
    ck_assert_int_eq(gc_fd_central(NULL, 1, 0.1L, &e), GC_INVAL);
    ck_assert_int_eq(gc_fd_central(&F, 1, 0, &e), GC_INVAL);
    ck_assert_int_eq(gc_fd_central(&F, 1, 0.1L, NULL), GC_INVAL);
    ck_assert_int_eq(gc_fd_five_point(&F, NAN, 0.1L, &e), GC_INVAL);
    ck_assert_int_eq(gc_fd_ridders(&F, 1, 0.1L, 2, &e), GC_INVAL);
    ck_assert_int_eq(gc_fd_ridders(&F, 1, INFINITY, 0, &e), GC_INVAL);
    struct gc_fd_func B = { f_exp, NULL, 99, EPS };
    ck_assert_int_eq(gc_fd_reference(&B, 1, NULL, 0, &e), GC_INVAL);
    ck_assert_int_eq(gc_fd_reference(&F, 1, NULL, 3, &e), GC_INVAL);
    /* A first step below the lattice spacing cannot form a stencil. */
    struct gc_fd_func D = { f_exp, NULL, 53, DBL_EPSILON };
    ck_assert_int_eq(gc_fd_ridders(&D, 1, 0x1p-60L, 0, &e), GC_INVAL);
    ck_assert(isnan(gc_fd_error(NULL)));
}
END_TEST

Suite *gc_test_suite(void)
{
    Suite *s = suite_create("fd");
    TCase *tc = tcase_create("estimators");
    tcase_add_test(tc, test_fd_error_bar_covers_true_error_on_known_functions);
    tcase_add_test(tc, test_fd_ridders_long_double_accuracy);
    tcase_add_test(tc, test_fd_five_point_beats_central_at_same_step);
    tcase_add_test(tc, test_fd_one_sided_on_smooth_function_covers);
    tcase_add_test(tc, test_fd_nonfinite_stencil_is_numeric);
    tcase_add_test(tc, test_fd_invalid_arguments);
    tcase_add_test(tc, test_fd_gsl_central_cos1_within_abserr);
    tcase_add_test(tc, test_fd_same_precision_estimates);
    suite_add_tcase(s, tc);

    TCase *ref = tcase_create("reference");
    tcase_add_loop_test(ref, test_fd_reference_within_2_ulp_f64_where_bar_claims_it,
                        0, (int)(sizeof activations / sizeof activations[0]));
    tcase_add_test(ref, test_fd_reference_honest_in_saturated_tail);
    tcase_add_test(ref, test_fd_reference_float_lattice_covers);
    suite_add_tcase(s, ref);

    TCase *kink = tcase_create("kinks");
    tcase_add_test(kink, test_fd_ridders_one_sided_at_kink);
    tcase_add_test(kink, test_fd_reference_stays_clear_of_kink);
    tcase_add_test(kink, test_fd_reference_between_kinks_and_at_kink);
    suite_add_tcase(s, kink);

    TCase *lat = tcase_create("lattice");
    tcase_add_test(lat, test_fd_step_power_of_two_exact_on_lattice);
    tcase_add_test(lat, test_fd_realised_steps_at_binade_top);
    suite_add_tcase(s, lat);
    return s;
}
