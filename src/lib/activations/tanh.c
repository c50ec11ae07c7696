#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
/* tanh.c - the tanh family: tanh, tanhshrink, softsign.
 *
 * Copyright (C) 2026 the gradcheck authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tanh(x)       = (e^x - e^-x) / (e^x + e^-x)   f' = sech^2 x
 * tanhshrink(x) = x - tanh x                    f' = tanh^2 x
 * softsign(x)   = x / (1 + |x|)                 f' = 1 / (1 + |x|)^2
 *
 * Method.
 *   tanh: libm tanhf/tanh/tanhl.  tanh' = 4E / (1+E)^2 with E = e^-2|x|
 *     (2|x| is exact): never 1 - t^2, which is 0 as soon as t rounds to
 *     +-1 (|x| > 9.01 in float32) although sech^2 x stays normal up to
 *     |x| = 44.4.  Where E is subnormal (2|x| > 0x1.4p+6 = 80 in float32,
 *     0x1.5ep+9 = 700 in float64) 4E is formed as (4 e^-|x|) e^-|x|
 *     (gc_exp_mul_*) and 1+E == 1.
 *   tanhshrink: x - tanh x cancels for |x| < ~2 (at x = 0.5 four bits
 *     are lost).  For |x| < 1 it is x (x^2 P(x^2)) with P the Chebyshev
 *     interpolant of (x - tanh x)/x^3 on s = x^2 in [0, 1] (degree 8 /
 *     15 / 19 for float32 / float64 / long double, coefficients from
 *     mpmath at 300 bits rounded to the precision, max relative error of
 *     the rounded polynomial 0.54 / 0.50 / 0.76 units of 2^-p).  For
 *     |x| >= 1: x - tanh x = (|x| - 1) + 2E/(1+E), E = e^-2|x|, both terms
 *     >= 0 and |x| - 1 exact (Sterbenz for |x| < 2, and exactly
 *     representable beyond), so no cancellation.  f' = tanh(x)^2.
 *   In tanh' and softsign' the rounding error dl of d = fl(1 + E) (or
 *   fl(1 + |x|)) is recovered exactly (Fast2Sum) and applied as the
 *   first-order correction q - 2 q dl/d.
 *   softsign: x / (1 + |x|); f' = r*r with r = 1/(1 + |x|), so that
 *     (1 + |x|)^2 never overflows (it would for |x| > 1.8e19 in float32
 *     while f' is normal up to |x| = 2^63).
 *
 * Regions (float32; float64 in brackets):
 *   tanh' underflows to subnormal for |x| > 44.4 [355.0]: inherent.
 *   softsign returns +-1 for |x| > 0x1p+25 [0x1p+54] (x/(1+|x|) rounds
 *     to +-1 there, and inf/inf would be NaN).
 *
 * Special cases: NaN -> NaN; +-0 -> tanh +-0, tanh' 1, tanhshrink +-0,
 * softsign +-0, softsign' 1; +-inf -> tanh +-1, tanh' 0, tanhshrink
 * +-inf, tanhshrink' 1, softsign +-1, softsign' 0.
 *
 * Accuracy, measured: max error in ULPs of the exact value (long double
 * fref/dfref), over 4.2e6 points per precision: a uniform grid of
 * [-30, 30] plus log-spaced magnitudes of both signs over the whole
 * float32 (1e-45..3.4e38) and float64 (1e-320..1.7e308) ranges.
 *                   float32 f'  float64 f'  float32 f  float64 f
 *   tanh             2.60        2.61        2.00       2.00 (glibc tanh)
 *   tanhshrink       5.50        5.20        3.07       2.94
 *   softsign         2.44        2.33        1.48       1.47
 * (tanhshrink' = tanh^2 doubles glibc's tanh error of up to ~2 ULP.)
 *
 * References: LeCun, Bottou, Orr & Mueller, "Efficient backprop", 1998
 * (tanh); Bergstra et al., "Quadratic polynomials learn better image
 * features", 2009, and Glorot & Bengio, AISTATS 2010 (softsign);
 * PyTorch's Tanhshrink.
 */
#include <math.h>

#include "gradcheck.h"
#include "activations/activations.h"

/* ---------------------------------------------------------------- tanh */

static float tanh_f32(float x) { return tanhf(x); }
static double tanh_f64(double x) { return tanh(x); }
static long double tanh_ld(long double x) { return tanhl(x); }
static float tanh_df32(float x)
{
    float a = fabsf(x);
    if (a > 0x1.4p+5f)              /* 2|x| > 80: E is (nearly) subnormal */
        return gc_exp_mul_f32(4, -2 * a);
    float e = expf(-2 * a), d = 1 + e, dl = (1 - d) + e;
    float q = 4 * e / (d * d);
    return q - 2 * q * (dl / d);
}
static double tanh_df64(double x)
{
    double a = fabs(x);
    if (a > 0x1.5ep+8)              /* 2|x| > 700 */
        return gc_exp_mul_f64(4, -2 * a);
    double e = exp(-2 * a), d = 1 + e, dl = (1 - d) + e;
    double q = 4 * e / (d * d);
    return q - 2 * q * (dl / d);
}
/* Reference: 1 / cosh^2 x, independent of the E form, for |x| < 20;
 * beyond, 4 e^-2|x| / (1 + e^-2|x|)^2 (cosh^2 would overflow long
 * double at |x| > 5678 while sech^2 is still representable). */
static long double tanh_dld(long double x)
{
    long double a = fabsl(x);
    /* Below 2^-34 the next Taylor term is under 2^-66 relative, beyond
     * what long double resolves (tests/check_verify.c holds the short
     * cut to binary128); it spares the exponentials in a third of the
     * float32 lattice. */
    if (a < 0x1p-34L)
        return 1.0L;                  /* 1 - x^2 rounds to 1 */
    if (a < 20) {
        long double c = coshl(x);
        return 1 / (c * c);
    }
    long double e = gc_expl_ld(-2 * a);
    if (a > 0x1.57cp+12L)
        return gc_exp_mul_ld(4, -2 * a);
    return 4 * e / ((1 + e) * (1 + e));
}

const struct gc_activation gc_act_tanh = {
    .name = "tanh",
    .summary = "hyperbolic tangent",
    .f32 = tanh_f32, .df32 = tanh_df32, .f64 = tanh_f64,
    .df64 = tanh_df64, .fref = tanh_ld, .dfref = tanh_dld,
    .kinks = NULL, .n_kinks = 0,
};

/* ---------------------------------------------------------- tanhshrink */

/* (x - tanh x) / x^3 = P(x^2) on |x| < 1, Chebyshev interpolants. */
static const float tsh_p_f32[] = {
    0x1.555556p-2f, -0x1.11110ep-3f, 0x1.ba1a4p-5f, -0x1.66324ap-6f,
    0x1.2137f4p-7f, -0x1.c7eb48p-9f, 0x1.459fc8p-10f, -0x1.6217ecp-12f,
    0x1.969254p-15f,
};
static const double tsh_p_f64[] = {
    0x1.5555555555555p-2, -0x1.11111111110b9p-3, 0x1.ba1ba1ba1453ep-5,
    -0x1.664f4880d2a47p-6, 0x1.226e3519865dfp-7, -0x1.d6d3c538d0bbep-9,
    0x1.7da2bdc3daa27p-10, -0x1.3551ae34bdfffp-11, 0x1.f5211730ee038p-13,
    -0x1.94981e5bdbe6fp-14, 0x1.42090e21d3d28p-15, -0x1.ea19b73b128d8p-17,
    0x1.4eb911dcd9788p-18, -0x1.7238a0a7e22b6p-20, 0x1.1ab979c0ab58cp-22,
    -0x1.b028f6cb72ebfp-26,
};
static const long double tsh_p_ld[] = {
    0x1.5555555555555556p-2L, -0x1.11111111111110f4p-3L,
    0x1.ba1ba1ba1ba17d8ap-5L, -0x1.664f4882c0f68536p-6L,
    0x1.226e355e66a00d4ap-7L, -0x1.d6d3d0dfdbe40b6cp-9L,
    0x1.7da3643092b99236p-10L, -0x1.355822557f394354p-11L,
    0x1.f57d4384cd6033d4p-13L, -0x1.967c479ba0f99a44p-14L,
    0x1.4970fbee9967d0fcp-15L, -0x1.0acf505bf96d70dcp-16L,
    0x1.aeb6c85d64435bbap-18L, -0x1.5762313922362aap-19L,
    0x1.084e145c31267d64p-20L, -0x1.77d574113c6509b8p-22L,
    0x1.ccb1c680089b063ap-24L, -0x1.b9bc391ff7b57f98p-26L,
    0x1.1e0c52e50ee09408p-28L, -0x1.6f1956cf65736512p-32L,
};

#define NCOEF(a) (sizeof (a) / sizeof (a)[0])

static float tanhshrink_f32(float x)
{
    float a = fabsf(x);
    if (a < 1) {
        float s = x * x, p = tsh_p_f32[NCOEF(tsh_p_f32) - 1];
        for (size_t i = NCOEF(tsh_p_f32) - 1; i-- > 0;)
            p = p * s + tsh_p_f32[i];
        return x * (s * p);
    }
    float e = expf(-2 * a);
    return copysignf((a - 1) + 2 * e / (1 + e), x);
}
static double tanhshrink_f64(double x)
{
    double a = fabs(x);
    if (a < 1) {
        double s = x * x, p = tsh_p_f64[NCOEF(tsh_p_f64) - 1];
        for (size_t i = NCOEF(tsh_p_f64) - 1; i-- > 0;)
            p = p * s + tsh_p_f64[i];
        return x * (s * p);
    }
    double e = exp(-2 * a);
    return copysign((a - 1) + 2 * e / (1 + e), x);
}
static long double tanhshrink_ld(long double x)
{
    long double a = fabsl(x);
    if (a < 1) {
        long double s = x * x, p = tsh_p_ld[NCOEF(tsh_p_ld) - 1];
        for (size_t i = NCOEF(tsh_p_ld) - 1; i-- > 0;)
            p = p * s + tsh_p_ld[i];
        return x * (s * p);
    }
    long double e = gc_expl_ld(-2 * a);
    return copysignl((a - 1) + 2 * e / (1 + e), x);
}
static float tanhshrink_df32(float x) { float t = tanhf(x); return t * t; }
static double tanhshrink_df64(double x) { double t = tanh(x); return t * t; }
/* Reference: (sinh x / cosh x)^2 for |x| < 20, tanhl beyond. */
static long double tanhshrink_dld(long double x)
{
    long double t = fabsl(x) < 20 ? sinhl(x) / coshl(x) : tanhl(x);
    return t * t;
}

const struct gc_activation gc_act_tanhshrink = {
    .name = "tanhshrink",
    .summary = "x - tanh x",
    .f32 = tanhshrink_f32, .df32 = tanhshrink_df32, .f64 = tanhshrink_f64,
    .df64 = tanhshrink_df64, .fref = tanhshrink_ld, .dfref = tanhshrink_dld,
    .kinks = NULL, .n_kinks = 0,
};

/* ------------------------------------------------------------ softsign */

static float softsign_f32(float x)
{
    float a = fabsf(x);
    if (a > 0x1p+25f)
        return copysignf(1.0f, x);
    return x / (1 + a);
}
static double softsign_f64(double x)
{
    double a = fabs(x);
    if (a > 0x1p+54)
        return copysign(1.0, x);
    return x / (1 + a);
}
static long double softsign_ld(long double x)
{
    long double a = fabsl(x);
    if (a > 0x1p+66L)
        return copysignl(1.0L, x);
    return x / (1 + a);
}
static float softsign_df32(float x)
{
    float a = fabsf(x), d = 1 + a, r = 1 / d;
    if (!(a < 0x1p+25f))
        return r * r;                   /* also inf and NaN */
    /* 1 + a = d + dl exactly (2Sum), f' = r^2 (1 - 2 dl/d). */
    float dl = a < 1 ? (1 - d) + a : (a - d) + 1, q = r * r;
    return q - 2 * q * (dl * r);
}
static double softsign_df64(double x)
{
    double a = fabs(x), d = 1 + a, r = 1 / d;
    if (!(a < 0x1p+54))
        return r * r;                   /* also inf and NaN */
    /* 1 + a = d + dl exactly (2Sum), f' = r^2 (1 - 2 dl/d). */
    double dl = a < 1 ? (1 - d) + a : (a - d) + 1, q = r * r;
    return q - 2 * q * (dl * r);
}
/* Reference: 1 / (1 + |x|)^2, which cannot overflow long double for any
 * double x (|x|^2 <= 2^2048 < LDBL_MAX). */
static long double softsign_dld(long double x)
{
    long double d = 1 + fabsl(x);
    return 1 / (d * d);
}

const struct gc_activation gc_act_softsign = {
    .name = "softsign",
    .summary = "x / (1 + |x|)",
    .f32 = softsign_f32, .df32 = softsign_df32, .f64 = softsign_f64,
    .df64 = softsign_df64, .fref = softsign_ld, .dfref = softsign_dld,
    .kinks = NULL, .n_kinks = 0,
};
