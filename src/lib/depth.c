#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
/* depth.c - mean-field signal propagation and deep-network blow-up.
 *
 * Copyright (C) 2026 the gradcheck authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Model (Poole et al. 2016, "Exponential expressivity in deep neural
 * networks through transient chaos"; Schoenholz et al. 2017, "Deep
 * information propagation").  A fully connected net, width N -> inf,
 * weights N(0, sw2/N), biases N(0, sb2).  The input is layer 0: its
 * components h_0 ~ N(0, q0) are passed through f like every other layer,
 * so layer l (l >= 1, the l-th hidden layer) computes h_l = W_l f(h_{l-1})
 * + b_l and
 *
 *     q(l) = F(q(l-1)),   F(q) = sw2 E[f(sqrt(q) z)^2] + sb2,   q(0) = q0,
 *     a(l) = sqrt(E[f(h_l)^2])               (RMS of the activations),
 *     chi(l) = sw2 E[f'(h_l)^2]              (declared f': the gradient gain),
 *
 * so that for square, sw2 = 1, q0 = 1: q = 3, 27, 2187, 1.43e7, ... and
 * chi(1) = 4 q(1) = 12 (the seed story's example).  Back-propagating L = sum of
 * f(h_L), the mean square of dL/dx_{l-1} is chi(l) times that of dL/dx_l, so
 * gain(l) = chi(1) ... chi(l) is the factor by which the mean squared
 * gradient grows from layer l's output back to the input, and
 * ms(dL/dh_l) = (chi(l)/sw2) gain(n)/gain(l).
 *
 * Quadrature.  Every expectation E[g(sqrt(q) z)], g in {f^2, f'^2, f f' x/q},
 * is accumulated in long double (f and f' are evaluated in double: f64/df64,
 * else f32/df32 widened; f^2 is formed in long double so it does not
 * overflow double before the expectation does).  Two methods:
 *
 *   1. Gauss-Hermite (GSL gsl_integration_fixed_hermite with weight
 *      exp(-x^2/2), i.e. the probabilists' rule) with 64 and with 96 nodes,
 *      for activations that declare no kink.  GH with n nodes is exact for
 *      polynomials of degree < 2n (square: degree 4, cube: 6, so exact) and
 *      converges geometrically for smooth g of moderate growth.  The
 *      96-node value is accepted when it agrees with the 64-node one to
 *      GC_DEPTH_RTOL relative to E|g|; the difference is the error
 *      estimate reported.
 *   2. Otherwise composite Gauss-Legendre (GSL glfixed table, 20 nodes per
 *      panel) with adaptive bisection of each panel: the 20-node value of
 *      a panel is compared with the sum over its two halves, and halves are
 *      split again (at most 40 levels) until the differences sum to at most
 *      GC_DEPTH_RTOL/4 of E|g|.  Panels break at every declared kink
 *      (z = k/sqrt(q): the integrand is smooth on each piece, so the rule
 *      keeps its geometric convergence), at every integer z in [-Z, Z]
 *      (the Gaussian's own scale), and at z = j/sqrt(q) for integer
 *      |j| <= 32 (the activation's own scale, |x| <= 32, where the built-ins
 *      have their curvature: gelu's and silu's soft knee at large q becomes
 *      a feature of width 1/sqrt(q) in z that the Gaussian grid would miss).
 *      Z starts at 40 (phi(40) = 1.5e-348) and doubles, up to 320, while
 *      the integrand at +-Z is above GC_DEPTH_RTOL * 1e-3 of E|g|: that
 *      follows fast-growing f, whose mass moves out (exp: f^2 phi peaks at
 *      z = 2 sqrt(q)).  Nodes whose Gaussian weight underflows long double
 *      (|z| > ~150) are skipped, never evaluated.
 *
 *   Why not Gauss-Hermite alone: for a kinked g (relu) it converges only
 *   algebraically (64 vs 96 nodes differ by ~1e-5), and for exp it needs the
 *   nodes to reach z = 2 sqrt(q) + 8; raising the order would cost
 *   hundreds of nodes and still fail for soft knees at large q.  Splitting
 *   costs ~10^4 evaluations per expectation and reaches the target.
 *   Measured (q = 1e-6 .. 1e12 every 1/8 decade; exp to q = 150): identity,
 *   relu, square, erf within 3.7e-16 relative of the closed forms, exp
 *   within 1.8e-14 (its noise, below); the tested bound is 1e-12, and the returned error
 *   estimate (plus the final rounding to double) covers the true error.
 *
 *   Limits: when f overflows double at a node of the range the expectation
 *   is +inf.  For exp, [-Z, Z] must reach past the peak z = 2 sqrt(q), so
 *   Z = 48 from q = 144 on, where f(48 sqrt(q)) overflows once q > 218.6:
 *   for 218.6 < q < 354.9 the map says inf although e^(2q) < DBL_MAX, i.e.
 *   float64 is reported overflowing one layer early.  The noise of f in
 *   double (x = sqrt(q) z is rounded first; exp magnifies that by |x|)
 *   limits exp to ~1e-14 relative at q = 150; results are accepted up to
 *   GC_DEPTH_RTOL_MAX = 1e-12, with the estimate returned.

 * Fixed points.  r(q) = F(q)/q - 1 is scanned at q = 2^k, k = -40..40;
 * |r| <= 1e-12 counts as zero (F(q) = q to rounding).  Each sign change is
 * refined by bisection in log q to relative width 1e-15.  q = 0 is a
 * fixed point when F(0) = 0, with slope lim F'(q) = sw2 E[f f' x]/q taken
 * at q = 2^-100.  When r is zero on the whole scan (relu at He, identity
 * at LeCun) every q is a fixed point.  A fixed point is stable when
 * |F'(q*)| < 1 - 1e-9 (F'(q*) exactly 1 is marginal, not stable).
 *
 * Regime (thresholds chosen so the words match what a practitioner sees
 * over the requested depth n):
 *   double-exponential growth  the map left the double range or q(n) >
 *                              10 q0, and the log-growth accelerates:
 *                              ln(q(l)/q(l-1)) >= 1.5 ln(q(l-1)/q(l-2)) > 0
 *                              over the last two finite steps (square: 2x,
 *                              cube: 3x); also when it left the range
 *                              before two finite steps;
 *   exploding (geometric)      otherwise growing by that test;
 *   stable fixed point         q(n) within 1 % of a stable fixed point > 0;
 *   vanishing                  q(n) < q0 / 10;
 *   marginal                   q(n) within a factor 10 of q0 otherwise
 *                              (critical initialisation: relu at He).
 * Gradients: gain(n) < 0.1 vanishing (the input receives less than 1/3.16
 * of the output's RMS gradient), > 10 exploding, otherwise preserved.
 *
 * Blow-up per precision p: layer l overflows p when the RMS of its
 * pre-activations sqrt(q(l)) or of its activations a(l) exceeds p's
 * max (square: a = sqrt(3) q, so float16 at layer 4, bfloat16 and
 * float32 at 7, float64 at 10 from q0 = 1), or q(l) is not finite; it
 * underflows when sqrt(q(l)) is below p's smallest normal.  Once q(l) or
 * a(l) passes DBL_MAX the trajectory stops (stopped = true).
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_matrix_float.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector_float.h>

#include "depth.h"
#include "report.h"

/* 1/sqrt(2 pi), to long double precision. */
#define INV_SQRT_2PI_L 0.398942280401432677939946059934381868L

/* ------------------------------------------------------------------ */
/* Node tables (built once).                                          */

#define GH_N1 64
#define GH_N2 96
#define GL_N 20
/* Gauss-Hermite only up to q = 4: its nodes near 0 are ~0.3 apart in z,
 * i.e. <= 0.6 in x = sqrt(q) z, so features of f at the unit scale are
 * still seen.  Beyond, a feature of width 1 in x is narrower than the node
 * spacing, and both rules can agree on a wrong value (erf(sqrt(q) z)^2 at
 * q = 1e6: both give 1 - 3e-16 instead of 1 - 6.4e-4). */
#define GH_QMAX 4.0L
/* Composite Gauss-Legendre: [-Z, Z] starts at Z = 12 (phi(12) = 5.3e-32,
 * so even z^20 phi(z) is below 1e-9 there and the edge test below passes
 * for any polynomially growing f) and doubles up to 192 (the Gaussian
 * weight underflows long double beyond ~150).  x-grid breakpoints every 2
 * in |x| <= 32. */
#define GL_Z0 12
/* Evaluations allowed per expectation: a smooth or kinked f needs 5e3 to
 * 2e4; an f oscillating at a frequency far beyond the Gaussian's (sin at
 * q = 2^40) cannot be resolved and gives GC_NUMERIC after this many. */
#define QUAD_BUDGET 400000
#define GL_ZMAX 192
#define GL_XGRID 32
#define GL_XSTEP 2

static double gh1_x[GH_N1], gh1_w[GH_N1], gh2_x[GH_N2], gh2_w[GH_N2];
static double gl_x[GL_N], gl_w[GL_N];
static gc_status tables_status = GC_NUMERIC;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

/* Probabilists' Gauss-Hermite rule with n nodes for the density phi.
 * GSL's gsl_integration_fixed_hermite (weight exp(-x^2/2): a = 0, b = 1/2)
 * gives the nodes by Golub-Welsch; its weights lose a few ULPs (a bias of
 * ~5e-16 in their sum, more in the small outer weights), so each node is
 * polished by two Newton steps in long double on the orthonormal Hermite
 * polynomial p_n, and the weights are recomputed as Christoffel numbers
 * w_i = 1 / sum_{k<n} p_k(x_i)^2 (so they sum to 1 for the density phi):
 * p_0 = 1, p_1 = x, p_{k+1} = (x p_k - sqrt(k) p_{k-1}) / sqrt(k+1),
 * p_n' = sqrt(n) p_{n-1}. */
static gc_status gh_table(size_t n, double *x, double *w)
{
    gsl_integration_fixed_workspace *ws =
        gsl_integration_fixed_alloc(gsl_integration_fixed_hermite, n, 0.0, 0.5, 0.0, 0.0);
    if (!ws)
        return GC_NOMEM;
    const double *nx = gsl_integration_fixed_nodes(ws);
    for (size_t i = 0; i < n; i++) {
        long double t = nx[i], s = 0;
        for (int it = 0; it < 3; it++) {
            long double p0 = 1, p1 = t, p2;
            s = 1 + t * t;
            for (size_t k = 1; k + 1 <= n; k++) {
                p2 = (t * p1 - sqrtl((long double)k) * p0) / sqrtl((long double)(k + 1));
                p0 = p1;
                p1 = p2;
                if (k + 1 < n)
                    s += p1 * p1;
            }
            /* now p1 = p_n(t), p0 = p_{n-1}(t), s = sum_{k<n} p_k^2 */
            if (it < 2)
                t -= p1 / (sqrtl((long double)n) * p0);
        }
        x[i] = (double)t;
        w[i] = (double)(1 / s);
    }
    gsl_integration_fixed_free(ws);
    return GC_OK;
}

static void tables_init(void)
{
    gc_status st = gh_table(GH_N1, gh1_x, gh1_w);
    if (st == GC_OK)
        st = gh_table(GH_N2, gh2_x, gh2_w);
    if (st == GC_OK) {
        gsl_integration_glfixed_table *t = gsl_integration_glfixed_table_alloc(GL_N);
        if (!t) {
            st = GC_NOMEM;
        } else {
            for (size_t i = 0; i < GL_N && st == GC_OK; i++)
                if (gsl_integration_glfixed_point(-1.0, 1.0, i, &gl_x[i], &gl_w[i], t)
                    != GSL_SUCCESS)
                    st = GC_NUMERIC;
            gsl_integration_glfixed_table_free(t);
        }
    }
    tables_status = st;
}

/* ------------------------------------------------------------------ */
/* Integrands.                                                        */

static double eval_f(const struct gc_activation *a, double x)
{
    return a->f64 ? a->f64(x) : (double)a->f32((float)x);
}

static double eval_df(const struct gc_activation *a, double x)
{
    return a->df64 ? a->df64(x) : (double)a->df32((float)x);
}

struct quad {
    const struct gc_activation *a;
    gc_depth_moment which;
    long double sq;        /* sqrt(q) */
    long double invq;      /* 1/q for GC_DEPTH_FDFX */
    long evals, budget;
    bool inf, nan;
};

/* g(sqrt(q) z), without the Gaussian weight. */
static long double integrand(struct quad *c, long double z)
{
    double x = (double)(c->sq * z);
    long double g;
    c->evals++;
    switch (c->which) {
    case GC_DEPTH_F2: {
        long double fx = eval_f(c->a, x);
        g = fx * fx;
        break;
    }
    case GC_DEPTH_DF2: {
        long double d = eval_df(c->a, x);
        g = d * d;
        break;
    }
    default: {
        long double fx = eval_f(c->a, x), d = eval_df(c->a, x);
        g = fx * d * (long double)x * c->invq;
        break;
    }
    }
    if (isnan(g)) {
        c->nan = true;
        return 0;
    }
    if (isinf(g)) {
        c->inf = true;
        return 0;
    }
    return g;
}

/* Gaussian-weighted 20-point Gauss-Legendre on [lo, hi]; *l1 gets the
 * same sum of |terms|. */
static long double gl_panel(struct quad *c, long double lo, long double hi,
                            long double *l1)
{
    long double mid = 0.5L * (lo + hi), half = 0.5L * (hi - lo), s = 0, s1 = 0;
    for (int i = 0; i < GL_N; i++) {
        long double z = mid + half * gl_x[i];
        long double w = expl(-0.5L * z * z);
        if (w == 0)
            continue;
        long double t = gl_w[i] * w * integrand(c, z);
        s += t;
        s1 += fabsl(t);
    }
    *l1 = s1 * half * INV_SQRT_2PI_L;
    return s * half * INV_SQRT_2PI_L;
}

static void gl_adapt(struct quad *c, long double lo, long double hi,
                     long double whole, long double tol, int depth,
                     long double prev_d, long double *sum, long double *err)
{
    long double mid = 0.5L * (lo + hi), l1a, l1b;
    long double left = gl_panel(c, lo, mid, &l1a), right = gl_panel(c, mid, hi, &l1b);
    long double d = fabsl(left + right - whole);
    /* f is known to double precision only: agreement to 8 DBL_EPSILON of
     * the panel's own magnitude is the noise floor, and summed over all
     * panels it is at most 8 DBL_EPSILON = 1.8e-15 of E|g|.  The noise can
     * be larger: x = sqrt(q) z is rounded to double before f sees it, and
     * exp(x) magnifies that by |x| (3e-14 at x = 300).  Halving a panel
     * shrinks the difference 2^41-fold for a smooth integrand and ~4-fold
     * across an (undeclared) kink, but not at all on noise; so a
     * difference that is already within 1e-11 of the panel's magnitude
     * (noise cannot be larger: |x| eps < 1e-11 for |x| < 4e4) and above
     * 0.4 of the parent's is noise and ends the refinement.  (Larger
     * differences that do not shrink are the pre-asymptotic phase of an
     * oscillating integrand, which must go on.) */
    if (d <= tol || d <= 8 * DBL_EPSILON * (l1a + l1b)
        || (d >= 0.4L * prev_d && d <= 1e-11L * (l1a + l1b))
        || depth >= 40 || c->evals > c->budget || c->inf || c->nan) {
        *sum += left + right;
        *err += d;
        return;
    }
    gl_adapt(c, lo, mid, left, 0.5L * tol, depth + 1, d, sum, err);
    gl_adapt(c, mid, hi, right, 0.5L * tol, depth + 1, d, sum, err);
}

static int cmp_ld(const void *pa, const void *pb)
{
    long double a = *(const long double *)pa, b = *(const long double *)pb;
    return (a > b) - (a < b);
}

/* Composite adaptive Gauss-Legendre over [-Z, Z] (see the header). */
static gc_status gl_expect(struct quad *c, long double *value, long double *relerr)
{
    const struct gc_activation *a = c->a;
    for (int zmax = GL_Z0; ; zmax *= 2) {
        size_t cap = (size_t)(2 * zmax + 1) + (2 * GL_XGRID / GL_XSTEP + 1) + a->n_kinks;
        size_t n = 0;
        long double *bp = malloc(2 * cap * sizeof *bp);
        if (!bp)
            return GC_NOMEM;
        long double *whole = bp + cap;
        for (int k = -zmax; k <= zmax; k++)
            bp[n++] = k;
        for (int j = -GL_XGRID; j <= GL_XGRID; j += GL_XSTEP) {
            long double z = (long double)j / c->sq;
            if (fabsl(z) < zmax)
                bp[n++] = z;
        }
        for (size_t k = 0; k < a->n_kinks; k++) {
            long double z = (long double)a->kinks[k] / c->sq;
            if (fabsl(z) < zmax)
                bp[n++] = z;
        }
        qsort(bp, n, sizeof *bp, cmp_ld);

        /* Pass 1: the plain rule on every panel gives the scale E|g|. */
        long double l1 = 0, t;
        for (size_t i = 0; i + 1 < n; i++) {
            whole[i] = bp[i + 1] > bp[i] ? gl_panel(c, bp[i], bp[i + 1], &t) : 0;
            l1 += bp[i + 1] > bp[i] ? t : 0;
        }
        long double sum = 0, err = 0;
        if (!c->inf && !c->nan && l1 > 0) {
            long double tol = 0.25L * GC_DEPTH_RTOL * l1 / (long double)n;
            for (size_t i = 0; i + 1 < n; i++)
                if (bp[i + 1] > bp[i])
                    gl_adapt(c, bp[i], bp[i + 1], whole[i], tol, 0, INFINITY, &sum, &err);
        }
        free(bp);
        if (c->nan) {
            *value = NAN;
            *relerr = NAN;
            return GC_OK;
        }
        if (c->inf) {
            *value = c->which == GC_DEPTH_FDFX ? NAN : INFINITY;
            *relerr = 0;
            return GC_OK;
        }
        if (l1 == 0) {
            *value = 0;
            *relerr = 0;
            return GC_OK;
        }
        /* Is the integrand negligible at the ends of [-Z, Z]? */
        long double edge = 0;
        for (int s = -1; s <= 1; s += 2) {
            long double z = (long double)(s * zmax), w = expl(-0.5L * z * z);
            if (w > 0)
                edge = fmaxl(edge, fabsl(integrand(c, z)) * w * INV_SQRT_2PI_L);
        }
        if (c->inf || c->nan) {
            *value = c->nan ? NAN : INFINITY;
            *relerr = 0;
            return GC_OK;
        }
        if (edge > 1e-3L * GC_DEPTH_RTOL * l1 && zmax < GL_ZMAX)
            continue;
        *value = sum;
        *relerr = err / l1;
        return *relerr <= GC_DEPTH_RTOL_MAX ? GC_OK : GC_NUMERIC;
    }
}

/* Gauss-Hermite with n nodes; *l1 = E|g|. */
static long double gh_expect(struct quad *c, const double *x, const double *w,
                             int n, long double *l1)
{
    long double s = 0, s1 = 0;
    for (int i = 0; i < n; i++) {
        long double t = w[i] * integrand(c, x[i]);
        s += t;
        s1 += fabsl(t);
    }
    *l1 = s1;
    return s;
}

static bool has_pair(const struct gc_activation *a)
{
    return a && (a->f64 || a->f32) && (a->df64 || a->df32);
}

static gc_status expect_ld(const struct gc_activation *a, gc_depth_moment which,
                           long double q, long double *value, long double *relerr)
{
    if (!has_pair(a) || !value || !(q >= 0) || isinf(q)
        || (unsigned)which > (unsigned)GC_DEPTH_FDFX)
        return GC_INVAL;
    pthread_once(&tables_once, tables_init);
    if (tables_status != GC_OK)
        return tables_status;
    long double dummy;
    if (!relerr)
        relerr = &dummy;
    if (q == 0 && which != GC_DEPTH_FDFX) {
        /* A point mass at 0. */
        struct quad c0 = { a, which, 0, 0, 0, 0, false, false };
        long double g = integrand(&c0, 0);
        *value = c0.nan ? NAN : c0.inf ? INFINITY : g;
        *relerr = 0;
        return GC_OK;
    }
    if (q == 0)
        q = 0x1p-100L;  /* the limit q -> 0 of E[f f' x]/q */
    struct quad c = { a, which, sqrtl(q), 1 / q, 0, QUAD_BUDGET, false, false };
    if (a->n_kinks == 0 && q <= GH_QMAX) {
        long double l1a, l1b;
        long double e1 = gh_expect(&c, gh1_x, gh1_w, GH_N1, &l1a);
        long double e2 = gh_expect(&c, gh2_x, gh2_w, GH_N2, &l1b);
        if (!c.inf && !c.nan) {
            if (l1b == 0) {
                *value = 0;
                *relerr = 0;
                return GC_OK;
            }
            long double d = fabsl(e1 - e2) / l1b;
            if (d <= GC_DEPTH_RTOL) {
                *value = e2;
                *relerr = d;
                return GC_OK;
            }
        }
        c.inf = c.nan = false;  /* an overflow at a far GH node may be spurious */
        c.evals = 0;
    }
    return gl_expect(&c, value, relerr);
}

gc_status gc_depth_expect(const struct gc_activation *a, gc_depth_moment which,
                          double q, double *value, double *relerr)
{
    long double v = NAN, e = NAN;
    if (!value)
        return GC_INVAL;
    gc_status st = expect_ld(a, which, q, &v, &e);
    *value = (double)v;
    if (relerr)
        *relerr = (double)e;
    return st;
}

gc_status gc_depth_map(const struct gc_activation *a, double sw2, double sb2,
                       double q, double *q_next, double *chi)
{
    long double v, e;
    gc_status st;
    if (!(sw2 >= 0) || !(sb2 >= 0) || isinf(sw2) || isinf(sb2))
        return GC_INVAL;
    if (q_next) {
        if ((st = expect_ld(a, GC_DEPTH_F2, q, &v, &e)) != GC_OK)
            return st;
        *q_next = (double)(sw2 * v + sb2);
    }
    if (chi) {
        if ((st = expect_ld(a, GC_DEPTH_DF2, q, &v, &e)) != GC_OK)
            return st;
        *chi = (double)(sw2 * v);
    }
    return GC_OK;
}

/* ------------------------------------------------------------------ */
/* Analysis.                                                          */

void gc_depth_params_default(struct gc_depth_params *p)
{
    p->sw2 = 1;
    p->sb2 = 0;
    p->q0 = 1;
    p->layers = 100;
}

const char *gc_depth_regime_name(gc_depth_regime r)
{
    static const char *const names[GC_N_DEPTH_REGIMES] = {
        "stable fixed point", "marginal", "vanishing", "exploding (geometric)",
        "double-exponential growth",
    };
    return (unsigned)r < GC_N_DEPTH_REGIMES ? names[r] : "unknown";
}

const char *gc_depth_gradient_name(gc_depth_gradient g)
{
    switch (g) {
    case GC_DEPTH_GRAD_PRESERVED: return "preserved";
    case GC_DEPTH_GRAD_VANISHING: return "vanishing";
    case GC_DEPTH_GRAD_EXPLODING: return "exploding";
    }
    return "unknown";
}

void gc_depth_result_free(struct gc_depth_result *r)
{
    if (!r)
        return;
    free(r->layers);
    r->layers = NULL;
    r->n_layers = 0;
}

/* Zero tolerance of r(q) = F(q)/q - 1 and the stability margin. */
#define R_ZERO 1e-12
#define FP_STABLE_MARGIN 1e-9

struct mapctx {
    const struct gc_activation *a;
    long double sw2, sb2;
    long double maxerr;
};

static gc_status map_F(struct mapctx *m, long double q, long double *out)
{
    long double v, e;
    gc_status st = expect_ld(m->a, GC_DEPTH_F2, q, &v, &e);
    if (st != GC_OK)
        return st;
    if (e > m->maxerr)
        m->maxerr = e;
    *out = m->sw2 * v + m->sb2;
    return GC_OK;
}

static gc_status ratio(struct mapctx *m, long double q, long double *r)
{
    long double F;
    gc_status st = map_F(m, q, &F);
    if (st == GC_OK)
        *r = F / q - 1;
    return st;
}

static int sgn(long double r)
{
    return r > R_ZERO ? 1 : r < -R_ZERO ? -1 : 0;
}

static gc_status add_fixed(struct mapctx *m, struct gc_depth_result *out, long double q)
{
    long double v, e;
    gc_status st;
    if (out->n_fixed >= GC_DEPTH_MAX_FIXED_POINTS)
        return GC_OK;
    struct gc_depth_fixed_point *fp = &out->fixed[out->n_fixed];
    if ((st = expect_ld(m->a, GC_DEPTH_FDFX, q, &v, &e)) != GC_OK)
        return st;
    fp->q = (double)q;
    fp->slope = (double)(m->sw2 * v);
    if ((st = expect_ld(m->a, GC_DEPTH_DF2, q, &v, &e)) != GC_OK)
        return st;
    fp->chi = (double)(m->sw2 * v);
    fp->stable = fabs(fp->slope) < 1 - FP_STABLE_MARGIN;
    out->n_fixed++;
    return GC_OK;
}

/* Root of r(q) in [qa, qb] (r of opposite signs at the ends): the
 * Illinois variant of regula falsi in u = ln q, to |du| <= 1e-15 (a
 * relative 1e-15 in q) or |r| <= 1e-16 (the quadrature's noise), at most
 * 200 steps; it converges superlinearly where bisection needs ~50. */
static gc_status refine(struct mapctx *m, long double qa, long double ra,
                        long double qb, long double rb, long double *root)
{
    long double ua = logl(qa), ub = logl(qb);
    int side = 0;
    for (int it = 0; it < 200 && fabsl(ub - ua) > 1e-15L; it++) {
        long double uc = (ua * rb - ub * ra) / (rb - ra), rc;
        if (isinf(ra) || isinf(rb) || !(uc > fminl(ua, ub) && uc < fmaxl(ua, ub)))
            uc = 0.5L * (ua + ub);
        gc_status st = ratio(m, expl(uc), &rc);
        if (st != GC_OK)
            return st;
        if (isnan(rc))
            rc = INFINITY;
        if (fabsl(rc) <= 1e-16L) {
            ua = ub = uc;
            break;
        }
        if ((rc > 0) == (rb > 0)) {
            ub = uc;
            rb = rc;
            if (side == -1)
                ra *= 0.5L;
            side = -1;
        } else {
            ua = uc;
            ra = rc;
            if (side == 1)
                rb *= 0.5L;
            side = 1;
        }
    }
    *root = expl(0.5L * (ua + ub));
    return GC_OK;
}

static gc_status find_fixed_points(struct mapctx *m, struct gc_depth_result *out)
{
    enum { KMIN = -40, KSTEP = 2, NK = 41 };   /* q = 4^-20 .. 4^20 */
    long double r[NK];
    gc_status st;
    long double F0;

    out->n_fixed = 0;
    out->every_q_fixed = false;
    if ((st = map_F(m, 0, &F0)) != GC_OK)
        return st;
    if (F0 == 0 && (st = add_fixed(m, out, 0)) != GC_OK)
        return st;
    /* A scan point where the quadrature fails (f oscillating far faster
     * than the Gaussian at that q) is skipped: r unknown there. */
    bool all_zero = true, known[NK];
    for (int k = 0; k < NK; k++) {
        st = ratio(m, ldexpl(1, KMIN + KSTEP * k), &r[k]);
        if (st == GC_NUMERIC) {
            known[k] = false;
            r[k] = 0;
            continue;
        }
        if (st != GC_OK)
            return st;
        known[k] = true;
        if (isnan(r[k]))
            r[k] = INFINITY;  /* treat a NaN map (overflow inside f) as growth */
        all_zero &= sgn(r[k]) == 0;
    }
    for (int k = 0; k < NK; k++)
        all_zero &= known[k];
    if (all_zero) {
        out->every_q_fixed = true;
        return GC_OK;
    }
    int prev = -1;  /* index of the last nonzero sign */
    for (int k = 0; k < NK; k++) {
        if (!known[k]) {
            prev = -1;   /* no bracket across an unknown point */
            continue;
        }
        if (sgn(r[k]) == 0)
            continue;
        if (prev >= 0 && sgn(r[prev]) != sgn(r[k])) {
            long double root;
            st = refine(m, ldexpl(1, KMIN + KSTEP * prev), r[prev],
                        ldexpl(1, KMIN + KSTEP * k), r[k], &root);
            if (st == GC_OK)
                st = add_fixed(m, out, root);
            if (st != GC_OK && st != GC_NUMERIC)   /* NUMERIC: skip this root */
                return st;
        }
        prev = k;
    }
    return GC_OK;
}

/* Total mean squared gradient gain outside [1/10, 10] (the input's RMS
 * gradient off by more than sqrt(10) = 3.16 from the output's) counts as
 * vanishing / exploding: tanh at LeCun (power-law decay, gain 0.015 over 100
 * layers) is then "vanishing", relu at He (gain exactly 1) "preserved". */
#define GRAD_GAIN_LO 0.1
#define GRAD_GAIN_HI 10.0

static void classify(struct gc_depth_result *out)
{
    const struct gc_depth_params *p = &out->params;
    int n = out->n_layers;
    const struct gc_depth_layer *L = out->layers;
    /* q(l) with q(0) = q0 */
#define QAT(l) ((l) == 0 ? p->q0 : L[(l) - 1].q)
    int nf = out->stopped ? n - 1 : n;   /* last finite layer */
    double qn = QAT(nf);
    out->growth = nf >= 1 ? QAT(nf) / QAT(nf - 1) : (double)NAN;
    bool growing = out->stopped || qn > 10 * p->q0;
    if (growing) {
        bool accel;
        if (nf < 2) {
            accel = out->stopped;
        } else {
            double a1 = log(QAT(nf) / QAT(nf - 1)), a0 = log(QAT(nf - 1) / QAT(nf - 2));
            accel = a0 > 0 && a1 >= 1.5 * a0;
        }
        out->regime = accel ? GC_DEPTH_REGIME_DOUBLE_EXP : GC_DEPTH_REGIME_EXPLODING;
    } else {
        out->regime = qn < p->q0 / 10 ? GC_DEPTH_REGIME_VANISHING
                                      : GC_DEPTH_REGIME_MARGINAL;
        for (size_t i = 0; i < out->n_fixed; i++)
            if (out->fixed[i].stable && out->fixed[i].q > 0
                && fabs(qn / out->fixed[i].q - 1) < 1e-2)
                out->regime = GC_DEPTH_REGIME_STABLE;
    }
#undef QAT
    double g = n > 0 ? L[n - 1].gain : 1;
    if (out->stopped && n >= 2)
        g = L[n - 2].gain;
    out->total_gain = g;
    /* The geometric mean from the layers' own chi: the product (the
     * gain) may leave the double range while every factor is finite. */
    double sum_log = 0;
    for (int i = 0; i < nf; i++)
        sum_log += log(L[i].chi);
    out->chi_mean = nf > 0 ? exp(sum_log / nf) : (double)NAN;
    out->gradient = !(g >= GRAD_GAIN_LO) && !isnan(g) ? GC_DEPTH_GRAD_VANISHING
                  : !(g <= GRAD_GAIN_HI) ? GC_DEPTH_GRAD_EXPLODING : GC_DEPTH_GRAD_PRESERVED;
}

static void blowup_layers(struct gc_depth_result *out)
{
    for (int p = 0; p < GC_N_PRECISIONS; p++) {
        const struct gc_format *fmt = gc_fp_format((gc_precision)p);
        double max = (double)fmt->max, tiny = (double)fmt->min_normal;
        out->overflow_layer[p] = out->underflow_layer[p] = 0;
        out->grad_overflow_layer[p] = out->grad_underflow_layer[p] = 0;
        for (int l = 1; l <= out->n_layers; l++) {
            const struct gc_depth_layer *y = &out->layers[l - 1];
            bool bad = !isfinite(y->q) || isnan(y->rms_act) || sqrt(y->q) > max
                       || y->rms_act > max;
            if (bad && !out->overflow_layer[p])
                out->overflow_layer[p] = l;
            if (!bad && sqrt(y->q) < tiny && !out->underflow_layer[p])
                out->underflow_layer[p] = l;
        }
        if (out->stopped)
            continue;
        /* log ms(dL/dh_l) = log(chi_l / sw2) + sum_{k > l} log chi_k */
        double lmax = 2 * log(max), ltiny = 2 * log(tiny), tail = 0;
        for (int l = out->n_layers; l >= 1; l--) {
            const struct gc_depth_layer *y = &out->layers[l - 1];
            double lms = log(y->chi / out->params.sw2) + tail;
            if (lms > lmax && !out->grad_overflow_layer[p])
                out->grad_overflow_layer[p] = l;
            if (lms < ltiny && !out->grad_underflow_layer[p])
                out->grad_underflow_layer[p] = l;
            tail += log(y->chi);
        }
    }
}

/* Along the trajectory an expectation that misses GC_DEPTH_RTOL_MAX but is
 * still good to 1e-2 (an f oscillating much faster than the Gaussian,
 * snake or sin at q > 2^20) is used: blow-up layers need orders of
 * magnitude, and max_relerr reports the loss (the verdict says so). */
#define TRAJ_RTOL 1e-2

static gc_status traj_expect(const struct gc_activation *a, gc_depth_moment which,
                             long double q, long double *value, long double *relerr)
{
    gc_status st = expect_ld(a, which, q, value, relerr);
    if (st == GC_NUMERIC && *relerr <= TRAJ_RTOL)
        st = GC_OK;
    return st;
}

gc_status gc_depth_analyze(const struct gc_activation *a,
                           const struct gc_depth_params *p,
                           struct gc_depth_result *out)
{
    if (!out)
        return GC_INVAL;
    memset(out, 0, sizeof *out);
    if (!has_pair(a) || !p || !(p->sw2 > 0) || !isfinite(p->sw2) || !(p->sb2 >= 0)
        || !isfinite(p->sb2) || !(p->q0 > 0) || !isfinite(p->q0) || p->layers < 1
        || p->layers > GC_DEPTH_MAX_LAYERS)
        return GC_INVAL;
    out->act = a;
    out->params = *p;
    out->layers = calloc((size_t)p->layers, sizeof *out->layers);
    if (!out->layers)
        return GC_NOMEM;

    struct mapctx m = { a, p->sw2, p->sb2, 0 };
    gc_status st = find_fixed_points(&m, out);
    /* One E[f^2] and one E[f'^2] per layer: E[f^2](q(l)) gives both the
     * activations' RMS of layer l and q(l+1). */
    long double q = p->q0, gain = 1, f2 = 0, v, e = 0;
    if (st == GC_OK)
        st = traj_expect(a, GC_DEPTH_F2, q, &f2, &e);
    if (st == GC_OK && e > m.maxerr)
        m.maxerr = e;
    for (int l = 1; l <= p->layers && st == GC_OK; l++) {
        struct gc_depth_layer *y = &out->layers[l - 1];
        y->layer = l;
        y->q = (double)(m.sw2 * f2 + m.sb2);
        out->n_layers = l;
        if (!isfinite(y->q)) {
            y->rms_act = y->q;
            y->chi = y->gain = NAN;
            out->stopped = true;
            break;
        }
        q = y->q;
        st = traj_expect(a, GC_DEPTH_F2, q, &f2, &e);
        if (st == GC_OK) {
            if (e > m.maxerr)
                m.maxerr = e;
            y->rms_act = (double)sqrtl(f2);
            st = traj_expect(a, GC_DEPTH_DF2, q, &v, &e);
        }
        if (st == GC_NUMERIC && l > 1) {
            /* f cannot be resolved at this variance: end the prediction at
             * the last layer computed (classify sees a finite last layer). */
            out->n_layers = l - 1;
            out->unresolved = true;
            st = GC_OK;
            break;
        }
        if (st != GC_OK)
            break;
        if (e > m.maxerr)
            m.maxerr = e;
        y->chi = (double)(m.sw2 * v);
        gain *= m.sw2 * v;
        y->gain = (double)gain;
        if (!isfinite(y->rms_act)) {
            out->stopped = true;
            break;
        }
    }
    if (st != GC_OK) {
        gc_depth_result_free(out);
        return st;
    }
    out->max_relerr = (double)m.maxerr;
    blowup_layers(out);
    classify(out);
    return GC_OK;
}

/* The trajectory alone, with gc_depth_analyze's overflow criterion (the
 * RMS of a layer's pre-activations sqrt(q) or of its activations
 * sqrt(E f^2) = sqrt(q_next / sw2) above float32's max), stopping early
 * once q settles (a fixed point: nothing changes after it) or runs out of
 * range.  This is what `gradcheck check` asks of every activation, so it
 * skips the fixed-point search and the per-layer report. */
gc_status gc_depth_blowup_within(const struct gc_activation *a, int layers,
                                 bool *blows_up, int *layer,
                                 gc_precision *prec, double *sw2)
{
    static const double inits[] = { 1.0, 2.0 };   /* LeCun, He */
    const double max = (double)gc_fp_format(GC_PREC_F32)->max;
    int best = 0;
    double best_sw2 = 0;
    if (!blows_up || !a || layers < 1)
        return GC_INVAL;
    for (size_t i = 0; i < sizeof inits / sizeof inits[0]; i++) {
        double q = 1.0, q_next, chi;
        gc_status st = gc_depth_map(a, inits[i], 0.0, q, &q, &chi);
        if (st != GC_OK)
            return st;
        for (int l = 1; l <= layers && (!best || l < best); l++) {
            if (!isfinite(q) || sqrt(q) > max) {
                best = l;
                best_sw2 = inits[i];
                break;
            }
            st = gc_depth_map(a, inits[i], 0.0, q, &q_next, &chi);
            if (st == GC_NUMERIC)
                break;   /* f too oscillatory to integrate at this q: no verdict */
            if (st != GC_OK)
                return st;
            if (!isfinite(q_next) || sqrt(q_next / inits[i]) > max) {
                best = l;
                best_sw2 = inits[i];
                break;
            }
            if (fabs(q_next - q) <= 1e-12 * q || q_next == 0)
                break;   /* settled: the same from here on */
            q = q_next;
        }
    }
    *blows_up = best != 0;
    if (best) {
        if (layer)
            *layer = best;
        if (prec)
            *prec = GC_PREC_F32;
        if (sw2)
            *sw2 = best_sw2;
    }
    return GC_OK;
}

/* ------------------------------------------------------------------ */
/* Simulation.                                                        */

static uint64_t mix64(uint64_t z)
{
    z += 0x9e3779b97f4a7c15u;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static float round_prec(gc_precision p, float v)
{
    switch (p) {
    case GC_PREC_F16: return gc_fp_widen_f16(gc_fp_round_f16(v));
    case GC_PREC_BF16: return gc_fp_widen_bf16(gc_fp_round_bf16(v));
    default: return v;
    }
}

/* RMS in double; inf or NaN when an entry is. */
static double rms_f32(const float *v, size_t n, bool *nonfinite)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        double x = (double)v[i];
        if (!isfinite(x))
            *nonfinite = true;
        s += x * x;
    }
    return sqrt(s / (double)n);
}

/* Draw layer l's weights and biases; the same seed gives the same draws. */
static void draw_layer(gsl_rng *rng, uint64_t seed, int l, gsl_matrix_float *W,
                       gsl_vector_float *b, double sw, double sb)
{
    gsl_rng_set(rng, (unsigned long)mix64(seed + (uint64_t)l));
    for (size_t i = 0; i < W->size1; i++) {
        float *row = W->data + i * W->tda;
        for (size_t j = 0; j < W->size2; j++)
            row[j] = (float)(sw * gsl_ran_gaussian_ziggurat(rng, 1.0));
    }
    for (size_t i = 0; i < b->size; i++)
        b->data[i * b->stride] = sb > 0 ? (float)gsl_ran_gaussian_ziggurat(rng, sb) : 0.0f;
}

void gc_depth_sim_free(struct gc_depth_sim *s)
{
    if (!s)
        return;
    free(s->layers);
    s->layers = NULL;
    s->n_layers = 0;
}

/* Weights of every layer are kept for the backward pass when they fit in
 * this many bytes (100 layers of width 512 take 100 MiB); otherwise each
 * layer's weights are drawn again from its seed. */
#define SIM_KEEP_BYTES ((size_t)128 << 20)

/* A numerical kernel kept whole (about 140 lines): the forward pass, the
 * backward pass over the same weights (kept or redrawn from their seeds)
 * and the per-precision rounding share the matrices and the first-inf
 * bookkeeping of every layer; apart, each half would need them all. */
gc_status gc_depth_simulate_multi(const struct gc_activation *a,
                                  const struct gc_depth_sim_params *p,
                                  const gc_precision *precs, size_t n_precs,
                                  struct gc_depth_sim *outs)
{
    if (!outs || !precs || n_precs < 1 || n_precs > 8)
        return GC_INVAL;
    for (size_t k = 0; k < n_precs; k++)
        memset(&outs[k], 0, sizeof outs[k]);
    if (!a || !a->f32 || !a->df32 || !p || p->width < 1 || p->layers < 1
        || p->layers > GC_DEPTH_MAX_LAYERS || !(p->sw2 > 0) || !isfinite(p->sw2)
        || !(p->sb2 >= 0) || !isfinite(p->sb2) || !(p->q0 > 0) || !isfinite(p->q0)
        || (p->loss != GC_DEPTH_LOSS_SIGNS && p->loss != GC_DEPTH_LOSS_SUM))
        return GC_INVAL;
    for (size_t k = 0; k < n_precs; k++)
        if (precs[k] != GC_PREC_F32 && precs[k] != GC_PREC_F16 && precs[k] != GC_PREC_BF16)
            return GC_INVAL;
    size_t w = (size_t)p->width, L = (size_t)p->layers, np = n_precs;
    if (w > SIZE_MAX / sizeof(float) / w / np || (L + 1) > SIZE_MAX / sizeof(float) / w / np)
        return GC_NOMEM;
    size_t ww = w * w;
    bool keep = L <= SIM_KEEP_BYTES / sizeof(float) / ww;

    gc_status st = GC_OK;
    double sw = sqrt(p->sw2 / (double)w), sb = sqrt(p->sb2);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_matrix_float *W = gsl_matrix_float_alloc(w, w);
    gsl_vector_float *b = gsl_vector_float_alloc(w), *x = gsl_vector_float_alloc(w);
    gsl_vector_float *g = gsl_vector_float_alloc(w);
    float *H = malloc(np * (L + 1) * w * sizeof *H);   /* h_0 .. h_L per precision */
    float *X = malloc(np * w * sizeof *X);              /* running dL/dx per precision */
    float *Wkeep = keep ? malloc(L * ww * sizeof *Wkeep) : NULL;
    float *Bkeep = keep ? malloc(L * w * sizeof *Bkeep) : NULL;
    bool mem = rng && W && b && x && g && H && X && (!keep || (Wkeep && Bkeep));
    for (size_t k = 0; k < np && mem; k++) {
        outs[k].layers = calloc(L, sizeof *outs[k].layers);
        mem = outs[k].layers != NULL;
        outs[k].n_layers = p->layers;
    }
    if (!mem) {
        st = GC_NOMEM;
        goto done;
    }

    /* Layer 0: the input, h_0 ~ N(0, q0), the same draw for every precision. */
    gsl_rng_set(rng, (unsigned long)mix64(p->seed));
    for (size_t i = 0; i < w; i++) {
        float h0 = (float)gsl_ran_gaussian_ziggurat(rng, sqrt(p->q0));
        for (size_t k = 0; k < np; k++)
            H[k * (L + 1) * w + i] = round_prec(precs[k], h0);
    }

    /* Forward: x = f(h_{l-1}), h_l = W_l x + b_l, rounded to the precision. */
    for (size_t l = 1; l <= L; l++) {
        draw_layer(rng, p->seed, (int)l, W, b, sw, sb);
        if (keep) {
            memcpy(Wkeep + (l - 1) * ww, W->data, ww * sizeof *Wkeep);
            memcpy(Bkeep + (l - 1) * w, b->data, w * sizeof *Bkeep);
        }
        for (size_t k = 0; k < np; k++) {
            gc_precision pr = precs[k];
            const float *hp = H + (k * (L + 1) + l - 1) * w;
            float *h = H + (k * (L + 1) + l) * w;
            for (size_t i = 0; i < w; i++)
                x->data[i] = round_prec(pr, a->f32(hp[i]));
            gsl_vector_float_view hv = gsl_vector_float_view_array(h, w);
            if (gsl_vector_float_memcpy(&hv.vector, b) != GSL_SUCCESS
                || gsl_blas_sgemv(CblasNoTrans, 1.0f, W, x, 1.0f, &hv.vector)
                   != GSL_SUCCESS) {
                st = GC_NUMERIC;
                goto done;
            }
            for (size_t i = 0; i < w; i++) {
                h[i] = round_prec(pr, h[i]);
                x->data[i] = round_prec(pr, a->f32(h[i]));
            }
            bool bad = false;
            outs[k].layers[l - 1].rms_h = rms_f32(h, w, &bad);
            outs[k].layers[l - 1].rms_x = rms_f32(x->data, w, &bad);
            if (bad && !outs[k].forward_nonfinite_layer)
                outs[k].forward_nonfinite_layer = (int)l;
        }
    }

    /* Backward from the loss: dL/dx_L = 1 (sum) or c (random signs). */
    gsl_rng_set(rng, (unsigned long)mix64(p->seed ^ 0x5eed5eed5eed5eedu));
    for (size_t i = 0; i < w; i++) {
        float c = p->loss == GC_DEPTH_LOSS_SUM ? 1.0f
                  : gsl_rng_uniform_int(rng, 2) ? 1.0f : -1.0f;
        for (size_t k = 0; k < np; k++)
            X[k * w + i] = c;
    }
    for (size_t l = L; l >= 1; l--) {
        if (keep) {
            gsl_matrix_float_view wv = gsl_matrix_float_view_array(Wkeep + (l - 1) * ww, w, w);
            if (gsl_matrix_float_memcpy(W, &wv.matrix) != GSL_SUCCESS) {
                st = GC_NUMERIC;
                goto done;
            }
        } else {
            draw_layer(rng, p->seed, (int)l, W, b, sw, sb);
        }
        for (size_t k = 0; k < np; k++) {
            gc_precision pr = precs[k];
            const float *h = H + (k * (L + 1) + l) * w;
            float *dx = X + k * w;
            for (size_t i = 0; i < w; i++)
                g->data[i] = round_prec(pr, round_prec(pr, a->df32(h[i])) * dx[i]);
            bool bad = false;
            outs[k].layers[l - 1].rms_grad = rms_f32(g->data, w, &bad);
            if (bad && !outs[k].backward_nonfinite_layer)
                outs[k].backward_nonfinite_layer = (int)l;
            gsl_vector_float_view dv = gsl_vector_float_view_array(dx, w);
            if (gsl_blas_sgemv(CblasTrans, 1.0f, W, g, 0.0f, &dv.vector) != GSL_SUCCESS) {
                st = GC_NUMERIC;
                goto done;
            }
            for (size_t i = 0; i < w; i++)
                dx[i] = round_prec(pr, dx[i]);
        }
    }
done:
    if (st != GC_OK)
        for (size_t k = 0; k < np; k++)
            gc_depth_sim_free(&outs[k]);
    free(Bkeep);
    free(Wkeep);
    free(X);
    free(H);
    if (g)
        gsl_vector_float_free(g);
    if (x)
        gsl_vector_float_free(x);
    if (b)
        gsl_vector_float_free(b);
    if (W)
        gsl_matrix_float_free(W);
    if (rng)
        gsl_rng_free(rng);
    return st;
}

gc_status gc_depth_simulate(const struct gc_activation *a,
                            const struct gc_depth_sim_params *p,
                            struct gc_depth_sim *out)
{
    if (!p)
        return GC_INVAL;
    return gc_depth_simulate_multi(a, p, &p->prec, 1, out);
}
