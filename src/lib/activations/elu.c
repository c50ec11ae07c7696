#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
/* elu.c - the exponential-linear family: elu, celu, selu.
 *
 * Copyright (C) 2026 the gradcheck authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * elu(x)  = x > 0 ? x : alpha (e^x - 1),           alpha = 1
 * celu(x) = max(0, x) + min(0, alpha (e^(x/alpha) - 1)), alpha = 1,
 *           which for alpha = 1 is elu itself (same functions)
 * selu(x) = scale * (x > 0 ? x : alpha (e^x - 1)),
 *           alpha = 1.6732632423543772848170429916717,
 *           scale = 1.0507009873554804934193349852946 (PyTorch's digits)
 * f'(x)   = 1, e^x;  selu': scale, scale*alpha*e^x.
 *
 * Method: expm1 for f (no cancellation in e^x - 1 near 0), exp for f'.
 * selu multiplies by the product scale*alpha rounded once to each
 * precision (float 0x1.c212ccp+0, double 0x1.c212cc640f031p+0, long
 * double 0x1.c212cc640f031106p+0 = 1.7580993408473768599...), so f' is
 * one exp and one product.
 *
 * Regions:
 *   f' = e^x is subnormal for x < ln(2^-126) = -87.34 (float32), -708.40
 *     (float64): inherent, the true value is subnormal too.
 *   selu' = 1.758 e^x is normal down to x = -87.90 (float32) while e^x is
 *     already subnormal below -87.34: below -0x1.4p+6 (-80), -0x1.5ep+9
 *     (-700) it is computed as (1.758 e^(x/2)) e^(x/2) so that no
 *     intermediate is subnormal (gc_exp_mul_*, activations.h).
 *   elu and celu have a continuous derivative at 0 (both sides 1) so they
 *     declare no kink; selu has a kink at 0 (left 1.7581, right 1.0507),
 *     selu'(0) = scale*alpha (left, as PyTorch's backward).
 *
 * Special cases: NaN -> NaN; f(-inf) = -1 (selu: -1.7581), f'(-inf) = 0;
 * f(+inf) = +inf, f'(+inf) = 1 (scale); -0 -> f(-0) = -0 (expm1(-0)).
 *
 * Accuracy, measured: max error in ULPs of the exact value (long double
 * fref/dfref), over 4.2e6 points per precision: a uniform grid of
 * [-30, 30] plus log-spaced magnitudes of both signs over the whole
 * float32 (1e-45..3.4e38) and float64 (1e-320..1.7e308) ranges.
 *                 float32          float64
 *   elu', celu'   0.50             0.51      (one exp)
 *   selu'         2.76             1.45
 *   elu, celu     0.75             0.77
 *   selu          1.62             1.52
 *
 * References: Clevert, Unterthiner & Hochreiter, "Fast and accurate deep
 * network learning by exponential linear units (ELUs)", ICLR 2016,
 * arXiv:1511.07289; Barron, "Continuously differentiable exponential
 * linear units", arXiv:1704.07483 (CELU); Klambauer, Unterthiner, Mayr &
 * Hochreiter, "Self-normalizing neural networks", NeurIPS 2017,
 * arXiv:1706.02515 (SELU).
 */
#include <math.h>

#include "gradcheck.h"
#include "activations/activations.h"

/* ----------------------------------------------------------- elu, celu */

static float elu_f32(float x) { return x > 0 ? x : expm1f(x); }
static double elu_f64(double x) { return x > 0 ? x : expm1(x); }
static long double elu_ld(long double x) { return x > 0 ? x : expm1l(x); }
static float elu_df32(float x) { return x > 0 ? 1.0f : expf(x); }
static double elu_df64(double x) { return x > 0 ? 1.0 : exp(x); }
static long double elu_dld(long double x) { return x > 0 ? 1.0L : gc_expl_ld(x); }

const struct gc_activation gc_act_elu = {
    .name = "elu",
    .summary = "exponential linear unit, x > 0 ? x : e^x - 1 (alpha 1)",
    .f32 = elu_f32, .df32 = elu_df32, .f64 = elu_f64, .df64 = elu_df64,
    .fref = elu_ld, .dfref = elu_dld,
    .kinks = NULL, .n_kinks = 0,
};

const struct gc_activation gc_act_celu = {
    .name = "celu",
    .summary = "continuously differentiable elu, alpha 1 (equals elu)",
    .f32 = elu_f32, .df32 = elu_df32, .f64 = elu_f64, .df64 = elu_df64,
    .fref = elu_ld, .dfref = elu_dld,
    .kinks = NULL, .n_kinks = 0,
};

/* ---------------------------------------------------------------- selu */

/* scale and scale*alpha rounded to each precision (mpmath, 300 bits). */
#define SELU_SCALE_F32 0x1.0cfabep+0f
#define SELU_SA_F32    0x1.c212ccp+0f
#define SELU_SCALE_F64 0x1.0cfabd6a91132p+0
#define SELU_SA_F64    0x1.c212cc640f031p+0
/* dfref is written from the decimal constants, independently. */
#define SELU_ALPHA_LD  1.6732632423543772848170429916717L
#define SELU_SCALE_LD  1.0507009873554804934193349852946L

/* For x > 0 the product is formed in the next wider format and rounded
 * once: scale rounded to float32 is 0x1.0cfabep+0 > scale, so
 * SELU_SCALE_F32 * x overflows from 0x1.e74b30p+127, one float before the
 * true boundary 0x1.e74b32p+127 (a premature overflow); with the exact
 * product's single rounding the boundary is exact. */
static float selu_f32(float x)
{
    return x > 0 ? (float)(SELU_SCALE_F64 * (double)x) : SELU_SA_F32 * expm1f(x);
}
static double selu_f64(double x)
{
    return x > 0 ? (double)(SELU_SCALE_LD * (long double)x) : SELU_SA_F64 * expm1(x);
}
static long double selu_ld(long double x)
{
    return SELU_SCALE_LD * (x > 0 ? x : SELU_ALPHA_LD * expm1l(x));
}
static float selu_df32(float x)
{
    return x > 0 ? SELU_SCALE_F32 : gc_exp_mul_f32(SELU_SA_F32, x);
}
static double selu_df64(double x)
{
    return x > 0 ? SELU_SCALE_F64 : gc_exp_mul_f64(SELU_SA_F64, x);
}
static long double selu_dld(long double x)
{
    if (x > 0)
        return SELU_SCALE_LD;
    return SELU_SCALE_LD * gc_exp_mul_ld(SELU_ALPHA_LD, x);
}

static const double selu_kinks[] = { 0.0 };

const struct gc_activation gc_act_selu = {
    .name = "selu",
    .summary = "scaled elu (Klambauer et al.), PyTorch constants",
    .f32 = selu_f32, .df32 = selu_df32, .f64 = selu_f64,
    .df64 = selu_df64, .fref = selu_ld, .dfref = selu_dld,
    .kinks = selu_kinks, .n_kinks = 1,
};
