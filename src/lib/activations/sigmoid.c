#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
/* sigmoid.c - the logistic family: sigmoid, log_sigmoid, softplus, silu,
 * mish.
 *
 * Copyright (C) 2026 the gradcheck authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * sigmoid(x)     = 1 / (1 + e^-x)           f' = s (1 - s)
 * log_sigmoid(x) = -log(1 + e^-x)           f' = sigmoid(-x)
 * softplus(x)    = log(1 + e^x)  (beta 1)   f' = sigmoid(x)
 * silu(x)        = x sigmoid(x)  (swish-1)  f' = s (1 + x (1 - s))
 * mish(x)        = x tanh(softplus(x))      f' = t + x sech^2(sp) s
 *
 * Method: everything is written in E = e^-|x| (argument exact, E in
 * (0, 1], no overflow for any x), branching on the sign of x.  In
 * sigmoid, sigmoid' and log_sigmoid' the rounding error of 1 + E is
 * recovered exactly, dl = (1 - d) + E with d = fl(1 + E) (Fast2Sum, valid
 * as 1 >= E), and applied as a first-order correction q - k q dl/d to
 * the quotient q = N/d^k; this removes up to 1 ULP.
 *   sigmoid     = x >= 0 ? 1/(1+E) : E/(1+E)
 *   sigmoid'    = E / (1+E)^2                       (not s(1-s): that
 *                 underflows to 0 once s rounds to 1, at x > 16.6 float)
 *   softplus    = max(x, 0) + log1p(E)
 *   log_sigmoid = min(x, 0) - log1p(E)
 *   silu        = x >= 0 ? x/(1+E) : x E/(1+E)
 *   silu'       = x >= 0 ? (1+E + x E)/(1+E)^2 : E (1+E + x)/(1+E)^2
 *   mish, with tanh(log(1+e^x)) = n/(n+2), n = e^x (e^x + 2):
 *     x <= 0, E = e^x:  mish = x n/(n+2),
 *                       mish' = E ((E+2)(n+2) + 4x(1+E)) / (n+2)^2
 *     x > 0,  E = e^-x: mish = x (1+2E)/D,  D = 1 + 2E(1+E),
 *                       mish' = (1+2E)/D + 4x E^2 (1+E)/D^2
 * so that no term cancels except where f' itself crosses 0 (silu' at
 * x = -1.2785, mish' at x = -1.1924: unavoidable, terms of size |f/x|).
 *
 * Regions (float32 / float64 / long double):
 *   x e^x tails (silu, mish, and their f' = (1+x) e^x): e^x is subnormal
 *     below -87.34 / -708.40 / -11355.1 while x e^x is normal down to
 *     -91.9 / -714.6 / -11364.9; below -0x1.4p+6 (-80) / -0x1.5ep+9 (-700)
 *     / -0x1.57cp+13 (-11000) they are computed as (m e^(x/2)) e^(x/2)
 *     (gc_exp_mul_*), where 1+E == 1 exactly and the neglected E^2 terms
 *     are below 2^-230.
 *   below -0x1p+7 (-128) / -0x1p+10 (-1024) / -0x1p+14 (-16384) silu,
 *     mish and their f' return -0: the true values are below half the
 *     smallest subnormal (and -inf would give -inf * 0 = NaN).
 *   silu' returns 1 above 0x1p+5 (32) / 0x1p+6 (64) / 0x1p+7 (128), mish
 *     and mish' return x and 1 above 0x1p+4 (16) / 0x1p+5 (32) / 0x1p+6
 *     (64): the true values round to those (x e^-x < 2^-40 there) and
 *     x = +inf would give inf * 0 = NaN.
 *   sigmoid, sigmoid', softplus, log_sigmoid' underflow with E: for
 *     x < -87.3 / -708.4 the true values are subnormal too (inherent).
 *
 * Special cases: NaN -> NaN for every function; +-0 -> sigmoid 1/2,
 * sigmoid' 1/4, softplus ln 2 (all exact or correctly rounded);
 * -inf -> sigmoid 0, softplus 0, log_sigmoid -inf, silu -0, mish -0,
 * all derivatives 0 (-0 for silu', mish'); +inf -> sigmoid 1, softplus
 * +inf, log_sigmoid -0, silu +inf, mish +inf, derivatives 0 or 1.
 *
 * Accuracy, measured: max error in ULPs of the exact value (long double
 * fref/dfref), over 4.2e6 points per precision: a uniform grid of
 * [-30, 30] plus log-spaced magnitudes of both signs over the whole
 * float32 (1e-45..3.4e38) and float64 (1e-320..1.7e308) ranges;
 * for silu' and mish' in ULPs of max(|f'|, |f/x|), the size of the two
 * terms that cancel at the zeros of f'.
 *                          float32 f'  float64 f'  float32 f  float64 f
 *   sigmoid                  2.60        2.60        1.84       1.87
 *   softplus (f' = sigmoid)  1.84        1.87        1.44       1.44
 *   log_sigmoid              1.84        1.83        1.44       1.45
 *   silu                     5.28        5.42        2.74       2.78
 *   mish                     7.15        7.68        3.77       4.00
 * (silu' and mish' accumulate ~8 roundings in the rational forms; in
 * relative terms 5-8 ULP is 3e-7 / 9e-16.)
 *
 * References: Ramachandran, Zoph & Le, "Searching for activation
 * functions", arXiv:1710.05941 (swish); Elfwing, Uchibe & Doya,
 * "Sigmoid-weighted linear units", Neural Networks 2018 (silu);
 * Hendrycks & Gimpel, arXiv:1606.08415 (silu as GELU's approximation);
 * Misra, "Mish: a self regularized non-monotonic activation function",
 * BMVC 2020, arXiv:1908.08681; Dugas et al., "Incorporating second-order
 * functional knowledge for better option pricing", NIPS 2000 (softplus).
 */
#include <math.h>

#include "gradcheck.h"
#include "activations/activations.h"

/* ------------------------------------------------------------- sigmoid */

static float sigmoid_f32(float x)
{
    float e = expf(-fabsf(x)), d = 1 + e, dl = (1 - d) + e;
    float q = x >= 0 ? 1 / d : e / d;
    return q - q * (dl / d);
}
static double sigmoid_f64(double x)
{
    double e = exp(-fabs(x)), d = 1 + e, dl = (1 - d) + e;
    double q = x >= 0 ? 1 / d : e / d;
    return q - q * (dl / d);
}
static long double sigmoid_ld(long double x)
{
    long double e = gc_expl_ld(-fabsl(x));
    return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}
static float sigmoid_df32(float x)
{
    float e = expf(-fabsf(x)), d = 1 + e, dl = (1 - d) + e;
    float q = e / (d * d);
    return q - 2 * q * (dl / d);
}
static double sigmoid_df64(double x)
{
    double e = exp(-fabs(x)), d = 1 + e, dl = (1 - d) + e;
    double q = e / (d * d);
    return q - 2 * q * (dl / d);
}
/* Reference: 1 / (4 cosh^2(x/2)), an independent closed form, while
 * cosh^2 is far from overflow; e^-|x| / (1 + e^-|x|)^2 beyond. */
static long double sigmoid_dld(long double x)
{
    /* Below 2^-34 the next Taylor term is under 2^-66 relative, beyond
     * what long double resolves (tests/check_verify.c holds the short
     * cut to binary128); it spares the exponentials in a third of the
     * float32 lattice. */
    if (fabsl(x) < 0x1p-34L)
        return 0.25L;                 /* 1/4 - x^2/16 rounds to 1/4 */
    if (fabsl(x) < 64) {
        long double c = coshl(x / 2);
        return 1 / (4 * c * c);
    }
    long double e = gc_expl_ld(-fabsl(x));
    return e / ((1 + e) * (1 + e));
}

const struct gc_activation gc_act_sigmoid = {
    .name = "sigmoid",
    .summary = "logistic sigmoid 1 / (1 + e^-x)",
    .f32 = sigmoid_f32, .df32 = sigmoid_df32, .f64 = sigmoid_f64,
    .df64 = sigmoid_df64, .fref = sigmoid_ld, .dfref = sigmoid_dld,
    .kinks = NULL, .n_kinks = 0,
};

/* ------------------------------------------------------------ softplus */

static float softplus_f32(float x)
{
    return (x > 0 ? x : 0.0f) + log1pf(expf(-fabsf(x)));
}
static double softplus_f64(double x)
{
    return (x > 0 ? x : 0.0) + log1p(exp(-fabs(x)));
}
static long double softplus_ld(long double x)
{
    return (x > 0 ? x : 0.0L) + log1pl(gc_expl_ld(-fabsl(x)));
}
/* Reference: 1/(1 + e^-x) for x >= 0, e^x/(1 + e^x) below (written
 * with e^x rather than e^-|x|, independently of sigmoid_ld). */
static long double softplus_dld(long double x)
{
    /* Below 2^-34 the next Taylor term is under 2^-66 relative, beyond
     * what long double resolves (tests/check_verify.c holds the short
     * cut to binary128); it spares the exponentials in a third of the
     * float32 lattice. */
    if (fabsl(x) < 0x1p-34L)
        return 0.5L + x / 4;          /* sigma(x) = 1/2 + x/4 - x^3/48 */
    if (x >= 0)
        return 1 / (1 + gc_expl_ld(-x));
    long double e = gc_expl_ld(x);
    return e / (1 + e);
}

const struct gc_activation gc_act_softplus = {
    .name = "softplus",
    .summary = "softplus log(1 + e^x), beta 1; f' = sigmoid",
    .f32 = softplus_f32, .df32 = sigmoid_f32, .f64 = softplus_f64,
    .df64 = sigmoid_f64, .fref = softplus_ld, .dfref = softplus_dld,
    .kinks = NULL, .n_kinks = 0,
};

/* --------------------------------------------------------- log_sigmoid */

static float log_sigmoid_f32(float x)
{
    return (x < 0 ? x : 0.0f) - log1pf(expf(-fabsf(x)));
}
static double log_sigmoid_f64(double x)
{
    return (x < 0 ? x : 0.0) - log1p(exp(-fabs(x)));
}
static long double log_sigmoid_ld(long double x)
{
    return (x < 0 ? x : 0.0L) - log1pl(gc_expl_ld(-fabsl(x)));
}
static float log_sigmoid_df32(float x)
{
    float e = expf(-fabsf(x)), d = 1 + e, dl = (1 - d) + e;
    float q = x >= 0 ? e / d : 1 / d;
    return q - q * (dl / d);
}
static double log_sigmoid_df64(double x)
{
    double e = exp(-fabs(x)), d = 1 + e, dl = (1 - d) + e;
    double q = x >= 0 ? e / d : 1 / d;
    return q - q * (dl / d);
}
static long double log_sigmoid_dld(long double x)
{
    return softplus_dld(-x);
}

const struct gc_activation gc_act_log_sigmoid = {
    .name = "log_sigmoid",
    .summary = "log(sigmoid(x)) = -softplus(-x)",
    .f32 = log_sigmoid_f32, .df32 = log_sigmoid_df32,
    .f64 = log_sigmoid_f64, .df64 = log_sigmoid_df64,
    .fref = log_sigmoid_ld, .dfref = log_sigmoid_dld,
    .kinks = NULL, .n_kinks = 0,
};

/* ---------------------------------------------------------------- silu */

static float silu_f32(float x)
{
    if (x < -0x1p+7f)
        return -0.0f;
    float e = expf(-fabsf(x));
    if (x >= 0)
        return x / (1 + e);
    if (x < -0x1.4p+6f)
        return gc_exp_mul_f32(x, x);
    return x * e / (1 + e);
}
static double silu_f64(double x)
{
    if (x < -0x1p+10)
        return -0.0;
    double e = exp(-fabs(x));
    if (x >= 0)
        return x / (1 + e);
    if (x < -0x1.5ep+9)
        return gc_exp_mul_f64(x, x);
    return x * e / (1 + e);
}
static long double silu_ld(long double x)
{
    if (x < -0x1p+14L)
        return -0.0L;
    long double e = gc_expl_ld(-fabsl(x));
    if (x >= 0)
        return x / (1 + e);
    if (x < -0x1.57cp+13L)
        return gc_exp_mul_ld(x, x);
    return x * e / (1 + e);
}
static float silu_df32(float x)
{
    if (x > 0x1p+5f)
        return 1.0f;
    if (x < -0x1p+7f)
        return -0.0f;
    float e = expf(-fabsf(x)), d = 1 + e;
    if (x >= 0)
        return (d + x * e) / (d * d);
    if (x < -0x1.4p+6f)
        return gc_exp_mul_f32(1 + x, x);
    return e * (d + x) / (d * d);
}
static double silu_df64(double x)
{
    if (x > 0x1p+6)
        return 1.0;
    if (x < -0x1p+10)
        return -0.0;
    double e = exp(-fabs(x)), d = 1 + e;
    if (x >= 0)
        return (d + x * e) / (d * d);
    if (x < -0x1.5ep+9)
        return gc_exp_mul_f64(1 + x, x);
    return e * (d + x) / (d * d);
}
/* Reference: s + x s (1 - s) with s = sigmoid(x) and s (1 - s) taken
 * from the independent 1/(4 cosh^2(x/2)) of sigmoid_dld. */
static long double silu_dld(long double x)
{
    if (x > 0x1p+7L)
        return 1.0L;
    if (x < -0x1p+14L)
        return -0.0L;
    if (x < -0x1.57cp+13L)
        return gc_exp_mul_ld(1 + x, x);
    /* Below 2^-34 the next Taylor term is under 2^-66 relative, beyond
     * what long double resolves (tests/check_verify.c holds the short
     * cut to binary128); it spares the exponentials in a third of the
     * float32 lattice. */
    if (fabsl(x) < 0x1p-34L)
        return 0.5L + x / 2;          /* 1/2 + x/2 - x^3/12 */
    return sigmoid_ld(x) + x * sigmoid_dld(x);
}

const struct gc_activation gc_act_silu = {
    .name = "silu",
    .summary = "sigmoid-weighted linear unit x sigmoid(x) (swish-1)",
    .f32 = silu_f32, .df32 = silu_df32, .f64 = silu_f64,
    .df64 = silu_df64, .fref = silu_ld, .dfref = silu_dld,
    .kinks = NULL, .n_kinks = 0,
};

/* ---------------------------------------------------------------- mish */

static float mish_f32(float x)
{
    if (x > 0x1p+4f)
        return x;
    if (x < -0x1p+7f)
        return -0.0f;
    if (x > 0) {
        float e = expf(-x);
        return x * (1 + 2 * e) / (1 + 2 * e * (1 + e));
    }
    if (x < -0x1.4p+6f)
        return gc_exp_mul_f32(x, x);
    float e = expf(x), n = e * (e + 2);
    return x * n / (n + 2);
}
static double mish_f64(double x)
{
    if (x > 0x1p+5)
        return x;
    if (x < -0x1p+10)
        return -0.0;
    if (x > 0) {
        double e = exp(-x);
        return x * (1 + 2 * e) / (1 + 2 * e * (1 + e));
    }
    if (x < -0x1.5ep+9)
        return gc_exp_mul_f64(x, x);
    double e = exp(x), n = e * (e + 2);
    return x * n / (n + 2);
}
static long double mish_ld(long double x)
{
    if (x > 0x1p+6L)
        return x;
    if (x < -0x1p+14L)
        return -0.0L;
    if (x > 0) {
        long double e = gc_expl_ld(-x);
        return x * (1 + 2 * e) / (1 + 2 * e * (1 + e));
    }
    if (x < -0x1.57cp+13L)
        return gc_exp_mul_ld(x, x);
    long double e = gc_expl_ld(x), n = e * (e + 2);
    return x * n / (n + 2);
}
static float mish_df32(float x)
{
    if (x > 0x1p+4f)
        return 1.0f;
    if (x < -0x1p+7f)
        return -0.0f;
    if (x > 0) {
        float e = expf(-x), d = 1 + 2 * e * (1 + e);
        return (1 + 2 * e) / d + 4 * x * e * e * (1 + e) / (d * d);
    }
    if (x < -0x1.4p+6f)
        return gc_exp_mul_f32(1 + x, x);
    float e = expf(x), p = e * (e + 2) + 2;
    return e * ((e + 2) * p + 4 * x * (1 + e)) / (p * p);
}
static double mish_df64(double x)
{
    if (x > 0x1p+5)
        return 1.0;
    if (x < -0x1p+10)
        return -0.0;
    if (x > 0) {
        double e = exp(-x), d = 1 + 2 * e * (1 + e);
        return (1 + 2 * e) / d + 4 * x * e * e * (1 + e) / (d * d);
    }
    if (x < -0x1.5ep+9)
        return gc_exp_mul_f64(1 + x, x);
    double e = exp(x), p = e * (e + 2) + 2;
    return e * ((e + 2) * p + 4 * x * (1 + e)) / (p * p);
}
/* Reference: the textbook t + x sech^2(sp) sigmoid(x), sp = softplus(x),
 * t = tanh(sp), in long double (independent of the rational forms). */
static long double mish_dld(long double x)
{
    if (x > 0x1p+6L)
        return 1.0L;
    if (x < -0x1p+14L)
        return -0.0L;
    if (x < -0x1.57cp+13L)
        return gc_exp_mul_ld(1 + x, x);
    /* mish'(x) = tanh(ln 2) + sech^2(ln 2) x + O(x^2) = 0.6 + 0.64 x + ...:
     * below 2^-34 the quadratic term is under 2^-68, a sixteenth of an ULP
     * of 0.6, and it spares four long double functions (a third of the
     * float32 lattice; tests/check_verify.c holds it to binary128). */
    if (fabsl(x) < 0x1p-34L)
        return 0.6L + 0.64L * x;
    long double sp = softplus_ld(x), c = coshl(sp);
    return tanhl(sp) + x * sigmoid_ld(x) / (c * c);
}

const struct gc_activation gc_act_mish = {
    .name = "mish",
    .summary = "mish x tanh(softplus(x)) (Misra 2019)",
    .f32 = mish_f32, .df32 = mish_df32, .f64 = mish_f64,
    .df64 = mish_df64, .fref = mish_ld, .dfref = mish_dld,
    .kinks = NULL, .n_kinks = 0,
};
