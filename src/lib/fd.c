#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
/* fd.c - finite-difference derivative estimators with honest error bars.
 *
 * Copyright (C) 2026 the gradcheck authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Methods
 *
 * All estimators work in long double (x87 80-bit on x86-64: 64 significand
 * bits, LDBL_EPSILON = 2^-63 ~ 1.08e-19; u = LDBL_EPSILON / 2 is the unit
 * roundoff).  The function's argument lives on a lattice of F->mant_bits
 * significant bits (64: a long double reference, 53: a double function,
 * 24: a float function).  Every abscissa is formed as x + h in long double
 * and rounded to that lattice, and the estimators use the realised offsets
 * (node - x), never the nominal h, so a quotient always divides by the true
 * distance.  The offsets are checked for exactness with an error-free
 * TwoSum; in the rare case one is inexact (|node| > 2|x| with a long
 * lattice, so Sterbenz does not apply) its relative error u is charged to
 * the rounding bar.
 *
 *   central      (f(x+h) - f(x-h)) / 2h; when the realised offsets a = x - xm
 *                and b = xp - x differ (x at the top of a binade on a short
 *                lattice) the three-point Lagrange formula through x - a, x,
 *                x + b is used instead, which stays second order (the plain
 *                quotient over a + b would have a first-order error
 *                (b - a) f''/2, about 1 ULP of float64 for tanh at 2 - 2^-52).
 *   five-point   (8 (f(x+h) - f(x-h)) - (f(x+2h) - f(x-2h))) / 12h, fourth
 *                order; five-node Lagrange through x when asymmetric.
 *   Ridders      Neville's polynomial extrapolation to t = 0 of a sequence of
 *                difference quotients D_k with steps h_k = h0 / 2^k.  For
 *                central quotients the error series is in even powers of h,
 *                so the extrapolation variable is t = a*b (= h^2 when
 *                symmetric); for one-sided quotients (f(x+h) - f(x)) / h the
 *                series has every power of h, so t = h.  Using the realised t
 *                in Neville's recurrence keeps the extrapolation exact for
 *                any realised steps.
 *
 * Why c = 2 in Ridders' method.  With steps shrinking by 2 every step is a
 * power of two, so x +- h_k stays exact on the lattice at every level (given
 * it is at h0), and the central tableau combines quotients whose t ratio is
 * exactly 4: the Richardson weights 4^j / (4^j - 1) have sum of absolute
 * values below 2 over the whole tableau, against about 8 for the classic
 * c = 1.4 (t ratio 1.96), so round-off is amplified 4x less.  The price,
 * reaching small steps after fewer orders, is paid back by a larger first
 * step (gc_fd_reference starts at 1 near the origin) and up to GC_FD_ROWS
 * levels.
 *
 * Error model
 *
 * A quotient D = sum_i w_i f(x_i) carries two errors.
 *
 *   Rounding: the function values are assumed to carry a relative error of
 *   at most F->noise (e.g. LDBL_EPSILON for a long double function accurate
 *   to 1 ULP; the caller must include argument conditioning if the function
 *   amplifies the rounding of intermediate arguments).  The bound is
 *   noise * max_i |f(x_i)| * sum_i |w_i|, plus the rounding of the quotient's
 *   own arithmetic (derived per formula below, a few u times the terms).
 *   In the Ridders tableau every entry is an exact linear combination of the
 *   quotients; the combination coefficients are carried along, so the bound
 *   is noise * max|f| * sum over function values of |total weight| (a value
 *   shared by several quotients, f(x) in one-sided differences, gets its
 *   net weight, not the sum of its weights), plus the arithmetic rounding
 *   of each Neville step propagated through the tableau.
 *
 *   Truncation: central and five-point compare D(h) with D(2h).  For an
 *   error c h^p + ..., D(h) - D(2h) = -(2^p - 1) c h^p, so |D(h) - D(2h)| /
 *   (2^p - 1) estimates the error of D(h); it is multiplied by the safety
 *   factor GC_FD_TRUNC_SAFETY = 2, which keeps the bar covering the truth
 *   when the next term of the series (one power of h^2 higher) is up to 1/9
 *   of the leading one with the opposite sign (e.g. sin, whose odd
 *   derivatives alternate).  Ridders uses Numerical Recipes' estimate, the
 *   larger difference between an entry and its two parents in the tableau,
 *   which measures the error of the lower-order parents and so bounds the
 *   entry's own truncation error with a wide margin.  The reported entry is
 *   the one with the lowest total err_trunc + err_round, not the lowest
 *   err_trunc: the honest total is what the caller compares against.
 *   Two safeguards keep that estimate honest when the first steps are too
 *   large for the series to be asymptotic: Numerical Recipes' early stop
 *   (the diagonal grew by GC_FD_SAFE) only applies once the best entry is
 *   limited by rounding, and the tableau otherwise runs until the rounding
 *   bound of the newest quotient alone exceeds the best total.  Finally the
 *   best entry's bar is widened until it is consistent (|difference| <=
 *   sum of bars) with every other entry whose bar is within a factor
 *   GC_FD_CONSISTENCY of it, which also catches part of an F->noise that
 *   is too optimistic.
 *
 * Measured (tests/check_fd.c, 1000 seeded points on [-20, 20], long double
 * sigmoid, tanh, gelu, silu with their measured noise): every bar covers
 * the true error (worst error/bar 0.29); where the bar is below 1 ULP of
 * float64 the worst error is 0.23 ULP; the bar is below 2 ULP of float64
 * at 56 % (sigmoid), 9 % (tanh), 61 % (gelu), 99 % (silu) of the points,
 * the rest being tails where f rounds to +-1 or f' is tiny next to f.
 * Ridders from h0 = 1 reaches relative errors of 5e-18 (exp), 8e-18 (sin),
 * 2e-17 (tanh, |x| <= 1.5).
 *
 * A non-finite function value at any stencil point makes the estimator
 * return GC_NUMERIC (the caller decides: gc_fd_reference shrinks the step).
 * On any failure the estimate is NaN with infinite error bars.
 */
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <gsl/gsl_deriv.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "fd.h"

/* ------------------------------------------------------------------ */
/* Constants                                                           */

/* Unit roundoff of long double: |fl(a op b) - a op b| <= u |a op b|. */
#define GC_FD_U (LDBL_EPSILON / 2)

/* Safety factor on the D(h) - D(2h) truncation estimate (see above). */
#define GC_FD_TRUNC_SAFETY 2.0L

/* Rows of the Ridders tableau: steps down to h0 / 2^15.  With h0 ~ 1 the
 * rounding of a long double function at h0 / 2^15 (~ 2^16 u relative) is
 * far above the best entry (~ 2^6 u), so the noise-floor stop ends the
 * tableau much earlier. */
#define GC_FD_ROWS 16

/* Numerical Recipes' SAFE: stop when the new diagonal entry differs from
 * the previous one by more than this factor times the best error so far,
 * i.e. the higher orders have started to get worse. */
#define GC_FD_SAFE 2.0L

/* Ridders: entries with a total error bar up to this factor above the
 * best one are used to check the best one's bar for consistency. */
#define GC_FD_CONSISTENCY 4.0L

/* gc_fd_step may halve the nominal step up to this many times to make
 * x +- h exact (x just below a power of two with trailing bits set). */
#define GC_FD_STEP_SHRINK 4

/* gc_fd_reference: first Ridders step h0 = 2^-6 max(|x|, 64), i.e. 1 for
 * |x| <= 64 and |x| / 64 beyond.  Activations vary on a scale of 1 near
 * the origin (the complex singularities of tanh, sigmoid, silu lie at
 * distance >= pi/2), and far out on a scale that grows with |x| (log-like
 * and linear tails).  A large h0 costs nothing in accuracy: the early rows
 * that are not yet asymptotic simply lose the minimum-total selection, and
 * the rounding bound ~ noise |f| / h_final falls as h0 grows, since the
 * tableau reaches a given order at a larger final step.  Measured on
 * sigmoid, tanh, gelu and silu over [-20, 20] with h0 = 2^-2 .. 4 near
 * the origin, every bar covered the true error once the safeguards in
 * gc_fd_ridders were in place; h0 = 1 resolved 10-50 % more points
 * (bar < 1 ULP of float64) than 2^-2, and larger h0 only added
 * evaluations. */
#define GC_FD_REF_SCALE 0x1p-6L
#define GC_FD_REF_XMIN 64.0L

/* gc_fd_reference keeps the stencil within half the distance to the nearest
 * kink: the function's Taylor series at x converges no further than the
 * kink, and at h <= d/2 each extrapolation order still gains a factor 4. */
#define GC_FD_KINK_MARGIN 0.5L

/* gc_fd_reference retries a stencil that met inf/NaN (overflow of f just
 * beyond x, a domain edge) with h0 divided by 16, at most this many times
 * (h0 / 2^24 at the last attempt). */
#define GC_FD_REF_RETRIES 6
#define GC_FD_REF_RETRY_DIV 16.0L

/* Same-precision estimates: the central-difference step that balances
 * truncation (h^2 |f'''| / 6) against rounding (eps |f| / h) is
 * cbrt(3 eps |f / f'''|), about cbrt(eps) on the function's own scale;
 * as a power of two: float eps = 2^-23 -> 2^-7.67 -> 2^-8, double
 * eps = 2^-52 -> 2^-17.3 -> 2^-17. */
#define GC_FD_SAME_SCALE_F32 0x1p-8L
#define GC_FD_SAME_SCALE_F64 0x1p-17L

/* ------------------------------------------------------------------ */
/* Lattices                                                            */

static bool valid_mant_bits(int p)
{
    return p >= 2 && p <= LDBL_MANT_DIG;
}

/* frexpl's exponent and ldexpl(1, n) from the bits of the x87 80-bit
 * format where it is the long double: the library calls (frexpl, and
 * ldexpl through scalbnl) were a fifth of a sampled check of a cheap
 * activation.  Subnormal x and n outside the normal range take the
 * library path; both give exactly what the library gives. */
#if LDBL_MANT_DIG == 64 && LDBL_MAX_EXP == 16384 && (defined(__x86_64__) || defined(__i386__))
struct ld_bits {
    uint64_t mant;
    uint16_t sign_exp;
};

/* e with 2^(e-1) <= |x| < 2^e, for finite nonzero x (frexpl's e). */
static inline int ld_exponent(long double x)
{
    struct ld_bits b = { 0, 0 };
    memcpy(&b.mant, &x, sizeof b.mant);
    memcpy(&b.sign_exp, (const char *)&x + sizeof b.mant, sizeof b.sign_exp);
    int be = b.sign_exp & 0x7fff;
    if (be == 0) {
        int e;
        (void)frexpl(x, &e);
        return e;
    }
    return be - 16382;
}

/* 2^n exactly (0 or inf beyond the range, as ldexpl). */
static inline long double ld_pow2(int n)
{
    if (n < -16382 || n > 16383)
        return ldexpl(1.0L, n);
    struct ld_bits b = { UINT64_C(1) << 63, (uint16_t)(n + 16383) };
    long double v = 0;
    memcpy(&v, &b.mant, sizeof b.mant);
    memcpy((char *)&v + sizeof b.mant, &b.sign_exp, sizeof b.sign_exp);
    return v;
}
#else
static inline int ld_exponent(long double x)
{
    int e;
    (void)frexpl(x, &e);
    return e;
}

static inline long double ld_pow2(int n)
{
    return ldexpl(1.0L, n);
}
#endif

/* v rounded to the argument lattice of p bits (round to nearest).  53 and
 * 24 use the hardware conversion, so gradual underflow and overflow are
 * those of double and float; other widths have an unbounded exponent. */
static long double lattice_round(long double v, int p)
{
    if (p >= LDBL_MANT_DIG)
        return v;
    if (p == DBL_MANT_DIG)
        return (long double)(double)v;
    if (p == FLT_MANT_DIG)
        return (long double)(float)v;
    if (!isfinite(v) || v == 0)
        return v;
    int e;
    long double m = frexpl(v, &e);          /* 0.5 <= |m| < 1, exact */
    return ldexpl(nearbyintl(ldexpl(m, p)), e - p);
}

/* Smallest positive value of the lattice (for the formats with a floor). */
static long double lattice_tiny(int p)
{
    if (p == DBL_MANT_DIG)
        return DBL_TRUE_MIN;
    if (p == FLT_MANT_DIG)
        return FLT_TRUE_MIN;
    return LDBL_TRUE_MIN;
}

/* Spacing of the p-bit lattice at x (a power of two). */
static long double lattice_ulp(long double x, int p)
{
    long double tiny = lattice_tiny(p);
    if (x == 0 || !isfinite(x))
        return tiny;
    int e = ld_exponent(x);                 /* 2^(e-1) <= |x| < 2^e */
    long double u = ld_pow2(e - p);
    return u < tiny ? tiny : u;
}

/* Exact error of the long double sum s = fl(a + b) (Knuth's TwoSum;
 * valid without overflow in round-to-nearest). */
static long double two_sum_err(long double a, long double b, long double s)
{
    long double bb = s - a;
    return (a - (s - bb)) + (b - bb);
}

/* True iff x + h is exactly representable on the p-bit lattice. */
static bool sum_on_lattice(long double x, long double h, int p)
{
    long double s = x + h;
    if (!isfinite(s))
        return false;
    return two_sum_err(x, h, s) == 0 && lattice_round(s, p) == s;
}

/* Largest power of two <= v, for finite v > 0. */
static long double pow2_floor(long double v)
{
    return ld_pow2(ld_exponent(v) - 1);
}

/* A power-of-two step near `nominal` with x +- h exact on the lattice:
 * nominal rounded down to a power of two, raised to the lattice spacing at
 * x if below it, then halved (at most GC_FD_STEP_SHRINK times) until both
 * sums are exact.  If none is, the unshrunk step is returned and the
 * estimators fall back on the realised offsets. */
static long double step_on_lattice(long double x, long double nominal, int p)
{
    long double ulp = lattice_ulp(x, p);
    long double h = nominal > 0 ? pow2_floor(nominal) : ulp;
    if (h < ulp)
        h = ulp;
    for (int k = 0; k <= GC_FD_STEP_SHRINK; k++) {
        long double c = ldexpl(h, -k);
        if (c < ulp)
            break;
        if (sum_on_lattice(x, c, p) && sum_on_lattice(x, -c, p))
            return c;
    }
    return h;
}

long double gc_fd_step(long double x, long double scale, int mant_bits)
{
    if (!isfinite(x) || !(scale > 0) || !isfinite(scale)
        || !valid_mant_bits(mant_bits))
        return NAN;
    long double nominal = scale * fmaxl(fabsl(x), 1.0L);
    if (!isfinite(nominal))
        return NAN;
    return step_on_lattice(x, nominal, mant_bits);
}

long double gc_fd_error(const struct gc_fd_estimate *e)
{
    if (!e)
        return NAN;
    return e->err_round + e->err_trunc;
}

/* ------------------------------------------------------------------ */
/* Evaluation context and stencils                                     */

struct fd_eval {
    const struct gc_fd_func *F;
    long double x;
    int p;
    long double fx;        /* f(x), once evaluated */
    bool have_fx;
    int n_evals;
};

static gc_status eval_at(struct fd_eval *E, long double t, long double *ft)
{
    long double v = E->F->fn(t, E->F->ctx);
    E->n_evals++;
    if (!isfinite(v))
        return GC_NUMERIC;
    *ft = v;
    return GC_OK;
}

static gc_status eval_center(struct fd_eval *E, long double *fx)
{
    if (!E->have_fx) {
        gc_status s = eval_at(E, E->x, &E->fx);
        if (s != GC_OK)
            return s;
        E->have_fx = true;
    }
    *fx = E->fx;
    return GC_OK;
}

/* The lattice node nearest x + h and its realised offset node - x.
 * Returns GC_INVAL if the node collapses onto x or lands on the wrong
 * side (step below the lattice spacing), GC_NUMERIC if it overflows.
 * *inexact is set when node - x was rounded. */
static gc_status realise(const struct fd_eval *E, long double h,
                         long double *node, long double *off, bool *inexact)
{
    long double xn = lattice_round(E->x + h, E->p);
    if (!isfinite(xn))
        return GC_NUMERIC;
    long double d = xn - E->x;
    if (!isfinite(d))
        return GC_NUMERIC;
    if (h > 0 ? !(d > 0) : !(d < 0))
        return GC_INVAL;
    if (two_sum_err(xn, -E->x, d) != 0)
        *inexact = true;
    *node = xn;
    *off = d;
    return GC_OK;
}

#define GC_FD_MAX_NODES 5

/* One difference quotient: value = sum_i w[i] f(node[i]). */
struct stencil {
    int n;
    long double w[GC_FD_MAX_NODES];
    bool is_center[GC_FD_MAX_NODES];
    long double value;
    long double t;          /* expansion variable of its truncation error */
    long double fmax;       /* max |f| over its nodes */
    long double arith;      /* bound on the rounding of the formula itself */
};

/* Sum of |w| over the nodes other than x, and the weight on f(x). */
static void stencil_weights(const struct stencil *s, long double *w_other,
                            long double *w_center)
{
    long double o = 0, c = 0;
    for (int i = 0; i < s->n; i++) {
        if (s->is_center[i])
            c += s->w[i];
        else
            o += fabsl(s->w[i]);
    }
    *w_other = o;
    *w_center = c;
}

static long double stencil_noise(const struct fd_eval *E, const struct stencil *s)
{
    long double o, c;
    stencil_weights(s, &o, &c);
    return E->F->noise * s->fmax * (o + fabsl(c)) + s->arith;
}

/* Generic Lagrange weights for f'(x) on nodes x + off[i], one of which is
 * x itself (off[ic] == 0), the others in pairs (-a_k, +b_k) or a single
 * one-sided node.  For i != ic
 *     w_i = prod_{k != i, ic} (-off_k) / prod_{k != i} (off_i - off_k),
 * a product of at most 2n - 3 rounded factors; for the centre
 *     w_ic = -sum_k 1 / off_k,
 * summed pairwise as (b - a) / (a b) so the near-cancellation for almost
 * symmetric nodes is exact (b - a is exact by Sterbenz). */
static void lagrange_weights(int n, const long double *off, int ic,
                             long double *w)
{
    for (int i = 0; i < n; i++) {
        if (i == ic)
            continue;
        long double num = 1, den = 1;
        for (int k = 0; k < n; k++) {
            if (k == i)
                continue;
            if (k != ic)
                num *= -off[k];
            den *= off[i] - off[k];
        }
        w[i] = num / den;
    }
    long double wc = 0;
    int k = 0;
    while (k < n) {
        if (k == ic) {
            k++;
            continue;
        }
        int k2 = k + 1 == ic ? k + 2 : k + 1;
        if (k2 < n && off[k] < 0 && off[k2] > 0) {
            long double a = -off[k], b = off[k2];
            wc += (b - a) / (a * b);
            k = k2 + 1;
        } else {
            wc -= 1 / off[k];
            k++;
        }
    }
    w[ic] = wc;
}

/* Evaluate sum w_i f_i for a generic stencil through x.  The weights sum
 * to zero (the derivative of a constant), so the value is formed as
 * sum_{i != c} w_i (f_i - f_c): the rounding errors of the weights then
 * multiply the small differences f_i - f_c ~ f' t_i instead of f itself
 * (for 3.25 x + 0.5 at x ~ 2 this is the difference between an error of
 * 1e-17 and one ULP).  Each weight has at most 2n rounded operations
 * (relative error <= 2n u to first order), each difference, product and
 * addition one more: (2n + 3) u sum |w_i (f_i - f_c)| in all. */
static void generic_value(struct stencil *s, const long double *f)
{
    int c = 0;
    while (c < s->n && !s->is_center[c])
        c++;
    long double v = 0, mag = 0;
    for (int i = 0; i < s->n; i++) {
        if (i == c)
            continue;
        long double term = s->w[i] * (f[i] - f[c]);
        v += term;
        mag += fabsl(term);
    }
    s->value = v;
    s->arith = (2 * s->n + 3) * GC_FD_U * mag;
}

/* Central quotient at step h: symmetric two-point or, if the realised
 * offsets differ, three-point through x. */
static gc_status central_stencil(struct fd_eval *E, long double h,
                                 struct stencil *s)
{
    long double xp, xm, b, ma;
    bool inexact = false;
    gc_status st = realise(E, h, &xp, &b, &inexact);
    if (st != GC_OK)
        return st;
    st = realise(E, -h, &xm, &ma, &inexact);
    if (st != GC_OK)
        return st;
    long double a = -ma;
    long double fp, fm;
    if ((st = eval_at(E, xp, &fp)) != GC_OK || (st = eval_at(E, xm, &fm)) != GC_OK)
        return st;
    memset(s, 0, sizeof *s);
    if (a == b) {
        /* (fp - fm) / (2a): one rounding in the subtraction, at most one
         * in the division (none when a is a power of two). */
        s->n = 2;
        s->w[0] = 1 / (2 * a);
        s->w[1] = -s->w[0];
        s->value = (fp - fm) / (2 * a);
        s->arith = 2 * GC_FD_U * fabsl(s->value);
        s->t = a * a;
        s->fmax = fmaxl(fabsl(fp), fabsl(fm));
    } else {
        long double f0;
        if ((st = eval_center(E, &f0)) != GC_OK)
            return st;
        long double off[3] = { -a, 0, b }, f[3] = { fm, f0, fp };
        s->n = 3;
        lagrange_weights(3, off, 1, s->w);
        s->is_center[1] = true;
        generic_value(s, f);
        s->t = a * b;
        s->fmax = fmaxl(fabsl(f0), fmaxl(fabsl(fp), fabsl(fm)));
    }
    if (inexact)
        s->arith += 2 * GC_FD_U * (fabsl(s->value) + s->fmax * 2 / (a + b));
    return GC_OK;
}

/* One-sided quotient (f(x+h) - f(x)) / h for side > 0, (f(x) - f(x-h)) / h
 * for side < 0, on the realised offset. */
static gc_status onesided_stencil(struct fd_eval *E, long double h, int side,
                                  struct stencil *s)
{
    long double xn, d;
    bool inexact = false;
    gc_status st = realise(E, side > 0 ? h : -h, &xn, &d, &inexact);
    if (st != GC_OK)
        return st;
    long double f0, fn;
    if ((st = eval_center(E, &f0)) != GC_OK || (st = eval_at(E, xn, &fn)) != GC_OK)
        return st;
    memset(s, 0, sizeof *s);
    s->n = 2;
    s->w[0] = 1 / d;
    s->w[1] = -s->w[0];
    s->is_center[1] = true;
    s->value = (fn - f0) / d;
    s->arith = 2 * GC_FD_U * fabsl(s->value);
    if (inexact)
        s->arith += 2 * GC_FD_U * fabsl(s->value);
    s->t = fabsl(d);
    s->fmax = fmaxl(fabsl(f0), fabsl(fn));
    return GC_OK;
}

/* Five-point quotient at step h (nodes +-h, +-2h). */
static gc_status five_point_stencil(struct fd_eval *E, long double h,
                                    struct stencil *s)
{
    long double xn[4], off[4];
    bool inexact = false;
    const long double mult[4] = { -2, -1, 1, 2 };
    gc_status st;
    for (int i = 0; i < 4; i++)
        if ((st = realise(E, mult[i] * h, &xn[i], &off[i], &inexact)) != GC_OK)
            return st;
    if (!(off[0] < off[1] && off[2] < off[3]))
        return GC_INVAL;                  /* nodes collapsed on the lattice */
    long double f[4];
    for (int i = 0; i < 4; i++)
        if ((st = eval_at(E, xn[i], &f[i])) != GC_OK)
            return st;
    memset(s, 0, sizeof *s);
    long double a1 = -off[1], b1 = off[2], a2 = -off[0], b2 = off[3];
    s->fmax = 0;
    for (int i = 0; i < 4; i++)
        s->fmax = fmaxl(s->fmax, fabsl(f[i]));
    if (a1 == b1 && a2 == b2 && a2 == 2 * a1) {
        /* (8 (f1 - f-1) - (f2 - f-2)) / (12 h): three subtractions and the
         * division round (8x is exact), each by at most u of a quantity
         * bounded by (8 |d1| + |d2|) / 12h. */
        long double d1 = f[2] - f[1], d2 = f[3] - f[0], q = 12 * a1;
        s->n = 4;
        s->w[0] = 1 / q;
        s->w[1] = -8 / q;
        s->w[2] = 8 / q;
        s->w[3] = -1 / q;
        s->value = (8 * d1 - d2) / q;
        s->arith = 4 * GC_FD_U * (8 * fabsl(d1) + fabsl(d2)) / q;
        s->t = a1 * a1;
    } else {
        long double f0;
        if ((st = eval_center(E, &f0)) != GC_OK)
            return st;
        /* pairs (-a1, b1), (-a2, b2) around the centre, as
         * lagrange_weights expects them */
        long double op[5] = { off[1], off[2], 0, off[0], off[3] };
        long double fq[5] = { f[1], f[2], f0, f[0], f[3] };
        s->n = 5;
        lagrange_weights(5, op, 2, s->w);
        s->is_center[2] = true;
        generic_value(s, fq);
        s->t = a1 * b1;
        s->fmax = fmaxl(s->fmax, fabsl(f0));
    }
    if (inexact)
        s->arith += 2 * GC_FD_U * (fabsl(s->value) + s->fmax * 3 / (a1 + b1));
    return GC_OK;
}

/* ------------------------------------------------------------------ */
/* Public estimators                                                   */

static bool valid_func(const struct gc_fd_func *F)
{
    return F && F->fn && valid_mant_bits(F->mant_bits)
        && F->noise >= 0 && isfinite(F->noise);
}

static void fail_estimate(struct gc_fd_estimate *out, long double h, int n)
{
    out->value = NAN;
    out->err_round = INFINITY;
    out->err_trunc = INFINITY;
    out->h = h;
    out->n_evals = n;
}

static void eval_init(struct fd_eval *E, const struct gc_fd_func *F,
                      long double x)
{
    memset(E, 0, sizeof *E);
    E->F = F;
    E->x = x;
    E->p = F->mant_bits;
}

typedef gc_status (*stencil_fn)(struct fd_eval *E, long double h,
                                struct stencil *s);

/* Shared driver of central and five-point: D(h), D(2h), err_trunc from
 * their difference scaled for an error of order t^(order/2). */
static gc_status fixed_step(const struct gc_fd_func *F, long double x,
                            long double h, stencil_fn make, int order,
                            struct gc_fd_estimate *out)
{
    if (!out)
        return GC_INVAL;
    if (!valid_func(F) || !isfinite(x) || !(h > 0) || !isfinite(h)) {
        fail_estimate(out, h, 0);
        return GC_INVAL;
    }
    struct fd_eval E;
    eval_init(&E, F, x);
    struct stencil s1, s2;
    gc_status st = make(&E, h, &s1);
    if (st == GC_OK)
        st = make(&E, 2 * h, &s2);
    if (st != GC_OK) {
        fail_estimate(out, h, E.n_evals);
        return st;
    }
    /* The error of D(h) is c t1^k with k = order / 2 and
     * D(2h) - D(h) = c (t2^k - t1^k): scale the difference by
     * t1^k / (t2^k - t1^k), 1/3 (central) or 1/15 (five-point) for exact
     * steps. */
    long double r = s2.t / s1.t, rk = order == 2 ? r : r * r;
    out->value = s1.value;
    out->err_trunc = GC_FD_TRUNC_SAFETY * fabsl(s1.value - s2.value) / (rk - 1);
    out->err_round = stencil_noise(&E, &s1);
    out->h = h;
    out->n_evals = E.n_evals;
    if (!isfinite(out->value) || !isfinite(gc_fd_error(out))) {
        fail_estimate(out, h, E.n_evals);
        return GC_NUMERIC;
    }
    return GC_OK;
}

gc_status gc_fd_central(const struct gc_fd_func *F, long double x,
                        long double h, struct gc_fd_estimate *out)
{
    return fixed_step(F, x, h, central_stencil, 2, out);
}

gc_status gc_fd_five_point(const struct gc_fd_func *F, long double x,
                           long double h, struct gc_fd_estimate *out)
{
    return fixed_step(F, x, h, five_point_stencil, 4, out);
}

/* ------------------------------------------------------------------ */
/* Ridders                                                             */

/* A numerical kernel kept whole (about 130 lines): the tableau, its
 * error propagation and the stopping rule read as one algorithm, and
 * splitting them would pass the tableau and half a dozen running bounds
 * between functions on the reference's hot path. */
gc_status gc_fd_ridders(const struct gc_fd_func *F, long double x,
                        long double h0, int side,
                        struct gc_fd_estimate *out)
{
    if (!out)
        return GC_INVAL;
    if (!valid_func(F) || !isfinite(x) || !(h0 > 0) || !isfinite(h0)
        || side < -1 || side > 1) {
        fail_estimate(out, h0, 0);
        return GC_INVAL;
    }
    struct fd_eval E;
    eval_init(&E, F, x);

    struct stencil lv[GC_FD_ROWS];
    /* Two rows of the tableau: values and arithmetic bounds; and, for the
     * noise bound of each entry sum_k c_k D_k, the bound WO >= sum_k |c_k|
     * o_k on the weights of the nodes other than x (each row has its own),
     * the exact signed weight WC = sum_k c_k w_k on the shared f(x), and
     * the largest |f| involved.  All three follow the Neville recursion in
     * O(1) per entry (WO by the triangle inequality), which keeps the
     * tableau O(rows^2). */
    long double A[2][GC_FD_ROWS], R[2][GC_FD_ROWS];
    long double WO[2][GC_FD_ROWS], WC[2][GC_FD_ROWS], FM[2][GC_FD_ROWS];
    int prev = 0, cur = 1;

    long double best_val = NAN, best_trunc = INFINITY, best_round = INFINITY;
    long double best_tot = INFINITY;
    int rows = 0;
    long double all_val[GC_FD_ROWS * GC_FD_ROWS], all_tot[GC_FD_ROWS * GC_FD_ROWS];
    int n_all = 0;

    for (int i = 0; i < GC_FD_ROWS; i++) {
        long double h = ldexpl(h0, -i);
        gc_status st = side == 0 ? central_stencil(&E, h, &lv[i])
                                 : onesided_stencil(&E, h, side, &lv[i]);
        if (st == GC_INVAL && i >= 2)
            break;                        /* steps reached the lattice */
        if (st != GC_OK) {
            fail_estimate(out, h0, E.n_evals);
            return st;
        }
        if (i > 0 && !(lv[i].t < lv[i - 1].t)) {
            if (i >= 2)
                break;
            fail_estimate(out, h0, E.n_evals);
            return GC_INVAL;
        }
        rows = i + 1;

        A[cur][0] = lv[i].value;
        R[cur][0] = lv[i].arith;
        stencil_weights(&lv[i], &WO[cur][0], &WC[cur][0]);
        FM[cur][0] = lv[i].fmax;
        for (int j = 1; j <= i; j++) {
            /* Neville: the value at t = 0 of the polynomial through
             * (t_{i-j}, A[i-1][j-1]) .. (t_i, A[i][j-1]). */
            long double ti = lv[i].t, tl = lv[i - j].t;
            long double den = tl - ti;
            long double al = tl / den, be = -ti / den;
            A[cur][j] = al * A[cur][j - 1] + be * A[prev][j - 1];
            WO[cur][j] = fabsl(al) * WO[cur][j - 1] + fabsl(be) * WO[prev][j - 1];
            WC[cur][j] = al * WC[cur][j - 1] + be * WC[prev][j - 1];
            FM[cur][j] = FM[cur][j - 1] > FM[prev][j - 1] ? FM[cur][j - 1]
                                                          : FM[prev][j - 1];
            /* al, be carry ~3u relative error each, the two products and
             * the sum one u each: the propagated bounds plus
             * 5u (|al A| + |be A'|). */
            R[cur][j] = fabsl(al) * R[cur][j - 1] + fabsl(be) * R[prev][j - 1]
                + 5 * GC_FD_U * (fabsl(al * A[cur][j - 1]) + fabsl(be * A[prev][j - 1]));
            long double trunc = fmaxl(fabsl(A[cur][j] - A[cur][j - 1]),
                                      fabsl(A[cur][j] - A[prev][j - 1]));
            long double rnd = E.F->noise * FM[cur][j] * (WO[cur][j] + fabsl(WC[cur][j]))
                              + R[cur][j];
            long double tot = trunc + rnd;
            if (n_all < GC_FD_ROWS * GC_FD_ROWS) {
                all_val[n_all] = A[cur][j];
                all_tot[n_all] = tot;
                n_all++;
            }
            if (tot < best_tot && isfinite(A[cur][j])) {
                best_tot = tot;
                best_val = A[cur][j];
                best_trunc = trunc;
                best_round = rnd;
            }
        }
        if (i >= 1) {
            /* Higher order got worse by a significant factor: stop, but
             * only once the best entry is limited by rounding rather than
             * truncation.  Before that the first steps may be too large
             * for the error series to be asymptotic, the diagonal jumps
             * about, and Numerical Recipes' rule would stop at an entry
             * whose neighbour differences agree by accident. */
            if (best_trunc <= best_round
                && fabsl(A[cur][i] - A[prev][i - 1]) >= GC_FD_SAFE * best_tot)
                break;
            /* Noise floor: every later entry contains a quotient at a
             * smaller step with coefficient >= 1 on its non-centre value,
             * whose noise alone is at least half that of D_i. */
            if (stencil_noise(&E, &lv[i]) / 2 >= best_tot)
                break;
        }
        prev = cur;
        cur = 1 - cur;
    }
    /* Self-consistency: two honest estimates differ by at most the sum of
     * their bars.  Entries whose bar is within GC_FD_CONSISTENCY of the
     * best one are independent enough (other steps, other orders) to
     * reveal a rounding model that is too optimistic (F->noise below the
     * function's real noise); the best entry's rounding bar is widened
     * until it is consistent with all of them. */
    for (int k = 0; k < n_all; k++) {
        if (!(all_tot[k] <= GC_FD_CONSISTENCY * best_tot))
            continue;
        long double gap = fabsl(all_val[k] - best_val) - all_tot[k] - best_tot;
        if (gap > 0) {
            best_round += gap;
            best_tot += gap;
        }
    }
    if (rows < 2 || !isfinite(best_val) || !isfinite(best_tot)) {
        fail_estimate(out, h0, E.n_evals);
        return rows < 2 ? GC_INVAL : GC_NUMERIC;
    }
    out->value = best_val;
    out->err_trunc = best_trunc;
    out->err_round = best_round;
    out->h = h0;
    out->n_evals = E.n_evals;
    return GC_OK;
}

/* ------------------------------------------------------------------ */
/* Reference derivative                                                */

/* Ridders from h0, retrying with smaller steps when the stencil meets a
 * non-finite value (while the step stays at least 2 lattice spacings).
 * n_evals accumulates over attempts. */
static gc_status ridders_retry(const struct gc_fd_func *F, long double x,
                               long double h0, int side,
                               struct gc_fd_estimate *out)
{
    long double ulp = lattice_ulp(x, F->mant_bits);
    int spent = 0;
    for (int r = 0; r <= GC_FD_REF_RETRIES && h0 >= 2 * ulp; r++) {
        gc_status st = gc_fd_ridders(F, x, h0, side, out);
        spent += out->n_evals;
        out->n_evals = spent;
        if (st != GC_NUMERIC)
            return st;
        h0 = step_on_lattice(x, h0 / GC_FD_REF_RETRY_DIV, F->mant_bits);
    }
    fail_estimate(out, h0, spent);
    return GC_NUMERIC;
}

gc_status gc_fd_reference(const struct gc_fd_func *F, long double x,
                          const double *kinks, size_t n_kinks,
                          struct gc_fd_estimate *out)
{
    if (!out)
        return GC_INVAL;
    if (!valid_func(F) || !isfinite(x) || (n_kinks > 0 && !kinks)) {
        fail_estimate(out, NAN, 0);
        return GC_INVAL;
    }
    int p = F->mant_bits;
    long double h0 = step_on_lattice(
        x, GC_FD_REF_SCALE * fmaxl(fabsl(x), GC_FD_REF_XMIN), p);

    /* Distances to the nearest kink on either side. */
    long double dl = INFINITY, dr = INFINITY;
    for (size_t k = 0; k < n_kinks; k++) {
        long double kk = kinks[k];
        if (isnan(kk))
            continue;
        if (kk == x) {
            /* The derivative does not exist here; the caller wants the
             * one-sided derivatives (gc_fd_ridders with side = -1, +1). */
            fail_estimate(out, h0, 0);
            return GC_INVAL;
        }
        if (kk < x)
            dl = fminl(dl, x - kk);
        else
            dr = fminl(dr, kk - x);
    }
    long double ulp = lattice_ulp(x, p);
    long double dmin = fminl(dl, dr);

    /* f(x) itself non-finite: no step can help. */
    long double fx = F->fn(x, F->ctx);
    int spent = 1;
    if (!isfinite(fx)) {
        fail_estimate(out, h0, spent);
        return GC_NUMERIC;
    }

    /* Central, shrunk to stay GC_FD_KINK_MARGIN * d clear of kinks. */
    long double hc = h0;
    if (isfinite(dmin) && hc > GC_FD_KINK_MARGIN * dmin)
        hc = pow2_floor(GC_FD_KINK_MARGIN * dmin);
    bool limited = hc < h0;

    struct gc_fd_estimate ec, es;
    gc_status sc = GC_INVAL, ss = GC_INVAL;
    if (hc >= 2 * ulp) {
        sc = ridders_retry(F, x, hc, 0, &ec);
        spent += ec.n_evals;
    }
    if (limited) {
        /* One-sided on the side away from the nearest kink, clear of the
         * kink on that side. */
        int side = dl <= dr ? +1 : -1;
        long double dfar = side > 0 ? dr : dl;
        long double hs = h0;
        if (isfinite(dfar) && hs > GC_FD_KINK_MARGIN * dfar)
            hs = pow2_floor(GC_FD_KINK_MARGIN * dfar);
        if (hs >= 2 * ulp) {
            ss = ridders_retry(F, x, hs, side, &es);
            spent += es.n_evals;
        }
    }
    bool okc = sc == GC_OK, oks = ss == GC_OK;
    if (okc && (!oks || gc_fd_error(&ec) <= gc_fd_error(&es)))
        *out = ec;
    else if (oks)
        *out = es;
    else {
        fail_estimate(out, h0, spent);
        return sc == GC_NUMERIC || ss == GC_NUMERIC ? GC_NUMERIC : GC_INVAL;
    }
    out->n_evals = spent;
    return GC_OK;
}

/* ------------------------------------------------------------------ */
/* Comparison and same-precision estimators                            */

struct gsl_tramp {
    double (*f)(double x, void *ctx);
    void *ctx;
    int n;
};

static double gsl_tramp_fn(double x, void *params)
{
    struct gsl_tramp *t = params;
    t->n++;
    return t->f(x, t->ctx);
}

gc_status gc_fd_gsl_central(double (*f)(double x, void *ctx), void *ctx,
                            double x, double h,
                            struct gc_fd_estimate *out)
{
    if (!out)
        return GC_INVAL;
    if (!f || !isfinite(x) || !(h > 0) || !isfinite(h)) {
        fail_estimate(out, h, 0);
        return GC_INVAL;
    }
    struct gsl_tramp tr = { f, ctx, 0 };
    gsl_function gf = { gsl_tramp_fn, &tr };
    double result = NAN, abserr = NAN;
    int gs = gsl_deriv_central(&gf, x, h, &result, &abserr);
    if (gs != GSL_SUCCESS) {
        fail_estimate(out, h, tr.n);
        switch (gs) {
        case GSL_ENOMEM: return GC_NOMEM;
        case GSL_EINVAL:
        case GSL_EDOM: return GC_INVAL;
        default: return GC_NUMERIC;
        }
    }
    if (!isfinite(result) || !isfinite(abserr)) {
        fail_estimate(out, h, tr.n);
        return GC_NUMERIC;
    }
    out->value = result;
    out->err_trunc = abserr;
    out->err_round = 0;
    out->h = h;
    out->n_evals = tr.n;
    return GC_OK;
}

float gc_fd_same_f32(float (*f)(float), float x)
{
    if (!f || !isfinite(x))
        return NAN;
    float h = (float)gc_fd_step(x, GC_FD_SAME_SCALE_F32, FLT_MANT_DIG);
    float xp = x + h, xm = x - h;
    return (f(xp) - f(xm)) / (xp - xm);
}

double gc_fd_same_f64(double (*f)(double), double x)
{
    if (!f || !isfinite(x))
        return NAN;
    double h = (double)gc_fd_step(x, GC_FD_SAME_SCALE_F64, DBL_MANT_DIG);
    double xp = x + h, xm = x - h;
    return (f(xp) - f(xm)) / (xp - xm);
}
