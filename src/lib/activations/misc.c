#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
/* misc.c - squareplus, snake, sin, exp.
 *
 * Copyright (C) 2026 the gradcheck authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * squareplus(x) = (x + sqrt(x^2 + b)) / 2, b = 4
 *                 f' = (1 + x / sqrt(x^2 + 4)) / 2 = f(x) / sqrt(x^2 + 4)
 * snake(x)      = x + sin^2(x) / a, a = 1        f' = 1 + sin(2x)
 * sin(x)                                         f' = cos x
 * exp(x)                                         f' = e^x
 *
 * Method.
 *   squareplus, s = sqrt(x*x + 4): for x >= 0, f = (x + s)/2 and f' =
 *     1/2 + (x/s)/2, sums of non-negative terms; for x < 0 the sum x + s
 *     cancels, so f = 2/(s - x) and f' = 2/(s (s - x)) (both from
 *     (s + x)(s - x) = 4), again without cancellation.
 *   snake: f = x + s*s with s = sin x (for x > 0 no cancellation; for
 *     x < 0, f crosses no zero but |f| can be ~|x|/4 smaller than |x|,
 *     costing up to 2 bits); f' = 1 + sin(2x), 2x exact, instead of
 *     1 + 2 sin x cos x (three roundings).
 *   sin, exp: libm.
 *
 * Regions (float32 / float64 / long double):
 *   squareplus: |x| > 0x1p+32 / 0x1p+64 / 0x1p+64 (4.29e9 / 1.84e19):
 *     x*x + 4 would overflow (float32: |x| > 1.8e19) or 4 no longer
 *     matters (4/x^2 < 2^-62); there f = x for x > 0 and 1/|x| for x < 0
 *     (so f(-FLT_MAX) = 2.94e-39, a subnormal, not the 0 of 2/(s - x)
 *     with s - x overflowing), f' = 1 for x > 0 and (1/x)^2 for x < 0
 *     (normal for |x| < 2^63 in float32).
 *   snake: |x| >= 0x1p+24 / 0x1p+53 / 0x1p+64: sin^2 x <= 1 is below half
 *     an ULP of x and f = x; this also gives snake(+-inf) = +-inf.  For
 *     |x| >= 0x1p+126 / 0x1p+1022, 2x overflows and f' is computed as
 *     1 + 2 sin x cos x.
 *   exp: f = f' overflows for x > 88.72 / 709.78 (inherent) and is
 *     subnormal below -87.34 / -708.40 (inherent).
 *
 * Special cases: NaN -> NaN.  +-inf: squareplus(+inf) = +inf, (-inf) =
 * 0, f' 1 and 0; snake(+-inf) = +-inf; exp(-inf) = 0, exp(+inf) = +inf.
 * snake'(+-inf), sin(+-inf) and sin'(+-inf) are NaN: the functions
 * oscillate and have no limit there (documented exception to "the
 * correct limit at +-inf").
 *
 * Accuracy, measured: max error in ULPs of the exact value (long double
 * fref/dfref), over 4.2e6 points per precision: a uniform grid of
 * [-30, 30] plus log-spaced magnitudes of both signs over the whole
 * float32 (1e-45..3.4e38) and float64 (1e-320..1.7e308) ranges;
 * snake' in ULPs of max(|f'|, 2), the size of its cancelling terms.
 *                   float32 f'  float64 f'  float32 f  float64 f
 *   squareplus       5.00        5.00        2.73       2.74
 *   snake            0.69        0.68        2.91       2.96
 *   sin              0.56        0.52        0.56       0.52
 *   exp              0.50        0.50        0.50       0.50
 *
 * References: Barron, "Squareplus: a softplus-like algebraic rectifier",
 * arXiv:2112.11687, 2021; Ziyin, Hartwig & Ueda, "Neural networks fail
 * to learn periodic functions and how to fix it", NeurIPS 2020,
 * arXiv:2006.08195 (snake); Sitzmann et al., "Implicit neural
 * representations with periodic activation functions", NeurIPS 2020
 * (sin, SIREN).
 */
#include <math.h>

#include "gradcheck.h"
#include "activations/activations.h"

/* ---------------------------------------------------------- squareplus */

static float squareplus_f32(float x)
{
    float a = fabsf(x);
    if (a > 0x1p+32f)
        return x > 0 ? x : 1 / a;
    float s = sqrtf(x * x + 4);
    return x >= 0 ? (x + s) / 2 : 2 / (s - x);
}
static double squareplus_f64(double x)
{
    double a = fabs(x);
    if (a > 0x1p+64)
        return x > 0 ? x : 1 / a;
    double s = sqrt(x * x + 4);
    return x >= 0 ? (x + s) / 2 : 2 / (s - x);
}
static long double squareplus_ld(long double x)
{
    long double a = fabsl(x);
    if (a > 0x1p+64L)
        return x > 0 ? x : 1 / a;
    long double s = sqrtl(x * x + 4);
    return x >= 0 ? (x + s) / 2 : 2 / (s - x);
}
static float squareplus_df32(float x)
{
    if (x > 0x1p+32f)
        return 1.0f;
    if (x < -0x1p+32f) {
        float r = 1 / x;
        return r * r;
    }
    float s = sqrtf(x * x + 4);
    return x >= 0 ? 0.5f + 0.5f * (x / s) : 2 / (s * (s - x));
}
static double squareplus_df64(double x)
{
    if (x > 0x1p+64)
        return 1.0;
    if (x < -0x1p+64) {
        double r = 1 / x;
        return r * r;
    }
    double s = sqrt(x * x + 4);
    return x >= 0 ? 0.5 + 0.5 * (x / s) : 2 / (s * (s - x));
}
/* Reference: f(x) / sqrt(x^2 + 4), a different closed form. */
static long double squareplus_dld(long double x)
{
    if (x > 0x1p+64L)
        return 1.0L;
    if (x < -0x1p+64L)
        return 1 / (x * x);
    return squareplus_ld(x) / sqrtl(x * x + 4);
}

const struct gc_activation gc_act_squareplus = {
    .name = "squareplus",
    .summary = "(x + sqrt(x^2 + 4)) / 2, softplus-like (Barron 2021)",
    .f32 = squareplus_f32, .df32 = squareplus_df32, .f64 = squareplus_f64,
    .df64 = squareplus_df64, .fref = squareplus_ld, .dfref = squareplus_dld,
    .kinks = NULL, .n_kinks = 0,
};

/* --------------------------------------------------------------- snake */

static float snake_f32(float x)
{
    if (fabsf(x) >= 0x1p+24f)
        return x;
    float s = sinf(x);
    return x + s * s;
}
static double snake_f64(double x)
{
    if (fabs(x) >= 0x1p+53)
        return x;
    double s = sin(x);
    return x + s * s;
}
static long double snake_ld(long double x)
{
    if (fabsl(x) >= 0x1p+64L)
        return x;
    long double s = sinl(x);
    return x + s * s;
}
static float snake_df32(float x)
{
    if (fabsf(x) < 0x1p+126f)
        return 1 + sinf(2 * x);
    return 1 + 2 * sinf(x) * cosf(x);
}
static double snake_df64(double x)
{
    if (fabs(x) < 0x1p+1022)
        return 1 + sin(2 * x);
    return 1 + 2 * sin(x) * cos(x);
}
/* Reference: (sin x + cos x)^2 = 1 + sin 2x, a product form. */
static long double snake_dld(long double x)
{
    long double t = sinl(x) + cosl(x);
    return t * t;
}

const struct gc_activation gc_act_snake = {
    .name = "snake",
    .summary = "snake x + sin^2(x), a = 1 (Ziyin et al. 2020)",
    .f32 = snake_f32, .df32 = snake_df32, .f64 = snake_f64,
    .df64 = snake_df64, .fref = snake_ld, .dfref = snake_dld,
    .kinks = NULL, .n_kinks = 0,
};

/* ----------------------------------------------------------------- sin */

static float sin_f32(float x) { return sinf(x); }
static double sin_f64(double x) { return sin(x); }
static long double sin_ld(long double x) { return sinl(x); }
static float sin_df32(float x) { return cosf(x); }
static double sin_df64(double x) { return cos(x); }
static long double sin_dld(long double x) { return cosl(x); }

const struct gc_activation gc_act_sin = {
    .name = "sin",
    .summary = "sine (SIREN); no limit, hence NaN, at +-inf",
    .f32 = sin_f32, .df32 = sin_df32, .f64 = sin_f64, .df64 = sin_df64,
    .fref = sin_ld, .dfref = sin_dld,
    .kinks = NULL, .n_kinks = 0,
};

/* ----------------------------------------------------------------- exp */

static float exp_f32(float x) { return expf(x); }
static double exp_f64(double x) { return exp(x); }
static long double exp_ld(long double x) { return gc_expl_ld(x); }

const struct gc_activation gc_act_exp = {
    .name = "exp",
    .summary = "exponential e^x (its own derivative)",
    .f32 = exp_f32, .df32 = exp_f32, .f64 = exp_f64, .df64 = exp_f64,
    .fref = exp_ld, .dfref = exp_ld,
    .kinks = NULL, .n_kinks = 0,
};
