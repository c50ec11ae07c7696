#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
/* piecewise.c - the piecewise-linear (and piecewise-quadratic) family:
 * relu, relu6, leaky_relu, hardtanh, hard_sigmoid, hard_swish.
 *
 * Copyright (C) 2026 the gradcheck authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * relu(x)         = max(x, 0)                      kink {0}
 * relu6(x)        = min(max(x, 0), 6)              kinks {0, 6}
 * leaky_relu(x)   = x > 0 ? x : 0.01 x             kink {0}
 * hardtanh(x)     = min(max(x, -1), 1)             kinks {-1, 1}
 * hard_sigmoid(x) = relu6(x + 3) / 6               kinks {-3, 3}
 *                   (PyTorch's Hardsigmoid, not Keras' 0.2x + 0.5)
 * hard_swish(x)   = x relu6(x + 3) / 6             kinks {-3, 3}
 *
 * Method: comparisons, then at most two correctly rounded operations.
 *   hard_sigmoid = (x + 3) / 6: for x in [-3, -1.5] the sum is exact by
 *     Sterbenz, so the result is correctly rounded near the lower kink;
 *     elsewhere two roundings, error < 1 ULP.
 *   hard_swish = x * hard_sigmoid(x) (bit-for-bit the identity checked in
 *     the tests), error < 1.5 ULP.
 *   hard_swish' = (2x + 3) / 6 on (-3, 3]: 2x is exact and, for x in
 *     [-3, -0.75], 3 + 2x is exact by Sterbenz, so the zero of f' at
 *     x = -1.5 is exact and there is no cancellation (x/3 + 1/2, the
 *     textbook form, cancels there).
 *   leaky_relu: 0.01 is not representable; each precision multiplies by
 *     its own rounding of 0.01 (error < 1 ULP of f against 0.01 x exact,
 *     f' is the correctly rounded 0.01).
 *
 * Value at the kinks (must lie between the one-sided derivatives; these
 * follow PyTorch's backward so users see the numbers they know):
 *   relu'(0) = 0, leaky_relu'(0) = 0.01, relu6'(0) = relu6'(6) = 0,
 *   hardtanh'(+-1) = 0, hard_sigmoid'(+-3) = 0, hard_swish'(-3) = -0.5
 *   (right derivative), hard_swish'(3) = 1.5 (left derivative).
 *
 * Special cases: NaN -> NaN for f and f' (comparisons are written so
 * that NaN falls through to an expression of x, never max/fmax which
 * would drop it); +-inf -> the limits (relu(-inf) = 0, hard_swish(-inf)
 * = 0, not inf*0); -0 -> relu(-0) = +0, leaky_relu(-0) = -0.
 *
 * Accuracy, measured: max error in ULPs of the exact value (long double
 * fref/dfref), over 4.2e6 points per precision: a uniform grid of
 * [-30, 30] plus log-spaced magnitudes of both signs over the whole
 * float32 (1e-45..3.4e38) and float64 (1e-320..1.7e308) ranges.
 *   f' exact (0 ULP) except hard_sigmoid' (1/6 rounded: 0.33) and
 *   leaky_relu' (0.01 rounded: 0.24 / 0.12), hard_swish' <= 1.0;
 *   f: hard_sigmoid <= 1.0, hard_swish <= 1.9, leaky_relu <= 0.84.
 *
 * References: Nair & Hinton, "Rectified linear units improve restricted
 * Boltzmann machines", ICML 2010 (relu); Maas, Hannun & Ng, "Rectifier
 * nonlinearities improve neural network acoustic models", ICML 2013
 * (leaky relu); Krizhevsky, "Convolutional deep belief networks on
 * CIFAR-10", 2010 (relu6); Howard et al., "Searching for MobileNetV3",
 * ICCV 2019, arXiv:1905.02244 (hard-swish, hard-sigmoid).
 */
#include <math.h>

#include "gradcheck.h"
#include "activations/activations.h"

/* ---------------------------------------------------------------- relu */

static float relu_f32(float x) { return x > 0 ? x : (x <= 0 ? 0.0f : x); }
static double relu_f64(double x) { return x > 0 ? x : (x <= 0 ? 0.0 : x); }
static long double relu_ld(long double x)
{
    return x > 0 ? x : (x <= 0 ? 0.0L : x);
}
static float relu_df32(float x) { return x > 0 ? 1.0f : (x <= 0 ? 0.0f : x); }
static double relu_df64(double x) { return x > 0 ? 1.0 : (x <= 0 ? 0.0 : x); }
static long double relu_dld(long double x)
{
    return x > 0 ? 1.0L : (x <= 0 ? 0.0L : x);
}

static const double relu_kinks[] = { 0.0 };

const struct gc_activation gc_act_relu = {
    .name = "relu",
    .summary = "rectified linear unit max(x, 0); relu'(0) = 0",
    .f32 = relu_f32, .df32 = relu_df32, .f64 = relu_f64, .df64 = relu_df64,
    .fref = relu_ld, .dfref = relu_dld,
    .kinks = relu_kinks, .n_kinks = 1,
};

/* --------------------------------------------------------------- relu6 */

static float relu6_f32(float x)
{
    return x > 6 ? 6.0f : (x > 0 ? x : (x <= 0 ? 0.0f : x));
}
static double relu6_f64(double x)
{
    return x > 6 ? 6.0 : (x > 0 ? x : (x <= 0 ? 0.0 : x));
}
static long double relu6_ld(long double x)
{
    return x > 6 ? 6.0L : (x > 0 ? x : (x <= 0 ? 0.0L : x));
}
static float relu6_df32(float x)
{
    return (x > 0 && x < 6) ? 1.0f : (isnan(x) ? x : 0.0f);
}
static double relu6_df64(double x)
{
    return (x > 0 && x < 6) ? 1.0 : (isnan(x) ? x : 0.0);
}
static long double relu6_dld(long double x)
{
    return (x > 0 && x < 6) ? 1.0L : (isnan(x) ? x : 0.0L);
}

static const double relu6_kinks[] = { 0.0, 6.0 };

const struct gc_activation gc_act_relu6 = {
    .name = "relu6",
    .summary = "relu clipped at 6, min(max(x, 0), 6) (MobileNet)",
    .f32 = relu6_f32, .df32 = relu6_df32, .f64 = relu6_f64,
    .df64 = relu6_df64, .fref = relu6_ld, .dfref = relu6_dld,
    .kinks = relu6_kinks, .n_kinks = 2,
};

/* ---------------------------------------------------------- leaky_relu */

/* 0.01 rounded to each precision. */
#define LEAK_F32 0.01f
#define LEAK_F64 0.01
#define LEAK_LD  0.01L

static float leaky_relu_f32(float x) { return x > 0 ? x : LEAK_F32 * x; }
static double leaky_relu_f64(double x) { return x > 0 ? x : LEAK_F64 * x; }
static long double leaky_relu_ld(long double x)
{
    return x > 0 ? x : LEAK_LD * x;
}
static float leaky_relu_df32(float x)
{
    return x > 0 ? 1.0f : (x <= 0 ? LEAK_F32 : x);
}
static double leaky_relu_df64(double x)
{
    return x > 0 ? 1.0 : (x <= 0 ? LEAK_F64 : x);
}
static long double leaky_relu_dld(long double x)
{
    return x > 0 ? 1.0L : (x <= 0 ? LEAK_LD : x);
}

static const double leaky_relu_kinks[] = { 0.0 };

const struct gc_activation gc_act_leaky_relu = {
    .name = "leaky_relu",
    .summary = "leaky relu, x > 0 ? x : 0.01 x; f'(0) = 0.01",
    .f32 = leaky_relu_f32, .df32 = leaky_relu_df32, .f64 = leaky_relu_f64,
    .df64 = leaky_relu_df64, .fref = leaky_relu_ld, .dfref = leaky_relu_dld,
    .kinks = leaky_relu_kinks, .n_kinks = 1,
};

/* ------------------------------------------------------------ hardtanh */

static float hardtanh_f32(float x)
{
    return x > 1 ? 1.0f : (x < -1 ? -1.0f : x);
}
static double hardtanh_f64(double x)
{
    return x > 1 ? 1.0 : (x < -1 ? -1.0 : x);
}
static long double hardtanh_ld(long double x)
{
    return x > 1 ? 1.0L : (x < -1 ? -1.0L : x);
}
static float hardtanh_df32(float x)
{
    return (x > -1 && x < 1) ? 1.0f : (isnan(x) ? x : 0.0f);
}
static double hardtanh_df64(double x)
{
    return (x > -1 && x < 1) ? 1.0 : (isnan(x) ? x : 0.0);
}
static long double hardtanh_dld(long double x)
{
    return (x > -1 && x < 1) ? 1.0L : (isnan(x) ? x : 0.0L);
}

static const double hardtanh_kinks[] = { -1.0, 1.0 };

const struct gc_activation gc_act_hardtanh = {
    .name = "hardtanh",
    .summary = "x clipped to [-1, 1]",
    .f32 = hardtanh_f32, .df32 = hardtanh_df32, .f64 = hardtanh_f64,
    .df64 = hardtanh_df64, .fref = hardtanh_ld, .dfref = hardtanh_dld,
    .kinks = hardtanh_kinks, .n_kinks = 2,
};

/* -------------------------------------------------------- hard_sigmoid */

static float hard_sigmoid_f32(float x)
{
    return x >= 3 ? 1.0f : (x <= -3 ? 0.0f : (x + 3) / 6);
}
static double hard_sigmoid_f64(double x)
{
    return x >= 3 ? 1.0 : (x <= -3 ? 0.0 : (x + 3) / 6);
}
static long double hard_sigmoid_ld(long double x)
{
    return x >= 3 ? 1.0L : (x <= -3 ? 0.0L : (x + 3) / 6);
}
static float hard_sigmoid_df32(float x)
{
    return (x > -3 && x < 3) ? 1.0f / 6 : (isnan(x) ? x : 0.0f);
}
static double hard_sigmoid_df64(double x)
{
    return (x > -3 && x < 3) ? 1.0 / 6 : (isnan(x) ? x : 0.0);
}
static long double hard_sigmoid_dld(long double x)
{
    return (x > -3 && x < 3) ? 1.0L / 6 : (isnan(x) ? x : 0.0L);
}

static const double hard_kinks[] = { -3.0, 3.0 };

const struct gc_activation gc_act_hard_sigmoid = {
    .name = "hard_sigmoid",
    .summary = "relu6(x + 3) / 6 (PyTorch Hardsigmoid, MobileNetV3)",
    .f32 = hard_sigmoid_f32, .df32 = hard_sigmoid_df32,
    .f64 = hard_sigmoid_f64, .df64 = hard_sigmoid_df64,
    .fref = hard_sigmoid_ld, .dfref = hard_sigmoid_dld,
    .kinks = hard_kinks, .n_kinks = 2,
};

/* ---------------------------------------------------------- hard_swish */

static float hard_swish_f32(float x)
{
    return x >= 3 ? x : (x <= -3 ? 0.0f : x * ((x + 3) / 6));
}
static double hard_swish_f64(double x)
{
    return x >= 3 ? x : (x <= -3 ? 0.0 : x * ((x + 3) / 6));
}
static long double hard_swish_ld(long double x)
{
    return x >= 3 ? x : (x <= -3 ? 0.0L : x * (x + 3) / 6);
}
static float hard_swish_df32(float x)
{
    return x > 3 ? 1.0f : (x >= -3 ? (2 * x + 3) / 6 : (x < -3 ? 0.0f : x));
}
static double hard_swish_df64(double x)
{
    return x > 3 ? 1.0 : (x >= -3 ? (2 * x + 3) / 6 : (x < -3 ? 0.0 : x));
}
static long double hard_swish_dld(long double x)
{
    return x > 3 ? 1.0L
                 : (x >= -3 ? (2 * x + 3) / 6 : (x < -3 ? 0.0L : x));
}

const struct gc_activation gc_act_hard_swish = {
    .name = "hard_swish",
    .summary = "x relu6(x + 3) / 6 (MobileNetV3 hard-swish)",
    .f32 = hard_swish_f32, .df32 = hard_swish_df32,
    .f64 = hard_swish_f64, .df64 = hard_swish_df64,
    .fref = hard_swish_ld, .dfref = hard_swish_dld,
    .kinks = hard_kinks, .n_kinks = 2,
};
