/* activations.h - the built-in activation descriptors, and the few
 * numerical helpers their implementations share.
 *
 * Copyright (C) 2026 the gradcheck authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each family file (piecewise.c, elu.c, gelu.c, sigmoid.c, tanh.c,
 * poly.c, misc.c) defines the descriptors declared here; activation.c
 * lists them in the catalogue table.  The helpers below are internal to
 * the built-ins (static inline, not exported); every one is written once
 * per precision, with the precision in its name, and computes in that
 * precision only (float ops and float libm for _f32, etc.).
 */
#ifndef GC_ACTIVATIONS_H
#define GC_ACTIVATIONS_H

#include <math.h>
#include "gradcheck.h"

/* elu.c */
extern const struct gc_activation gc_act_celu;
extern const struct gc_activation gc_act_elu;
extern const struct gc_activation gc_act_selu;
/* gelu.c */
extern const struct gc_activation gc_act_gelu;
extern const struct gc_activation gc_act_gelu_tanh;
/* misc.c */
extern const struct gc_activation gc_act_exp;
extern const struct gc_activation gc_act_sin;
extern const struct gc_activation gc_act_snake;
extern const struct gc_activation gc_act_squareplus;
/* piecewise.c */
extern const struct gc_activation gc_act_hard_sigmoid;
extern const struct gc_activation gc_act_hard_swish;
extern const struct gc_activation gc_act_hardtanh;
extern const struct gc_activation gc_act_leaky_relu;
extern const struct gc_activation gc_act_relu;
extern const struct gc_activation gc_act_relu6;
/* poly.c */
extern const struct gc_activation gc_act_cube;
extern const struct gc_activation gc_act_identity;
extern const struct gc_activation gc_act_square;
/* sigmoid.c */
extern const struct gc_activation gc_act_log_sigmoid;
extern const struct gc_activation gc_act_mish;
extern const struct gc_activation gc_act_sigmoid;
extern const struct gc_activation gc_act_silu;
extern const struct gc_activation gc_act_softplus;
/* tanh.c */
extern const struct gc_activation gc_act_softsign;
extern const struct gc_activation gc_act_tanh;
extern const struct gc_activation gc_act_tanhshrink;

/* ------------------------------------------------------------------ */
/* m * e^x without losing accuracy when e^x is subnormal but the product
 * is normal (the tails of silu, mish, selu', tanh', ...).  Below the
 * threshold e^x is computed as (e^(x/2))^2 with the multiplication by m
 * in between, so no intermediate is subnormal while the result is
 * normal; x/2 is exact.  Cost: about one extra ULP in that tail.
 * Thresholds: e^x is normal for x >= ln(2^emin): float -87.34, double
 * -708.40, long double -11355.1; the switch points -0x1.4p+6 (-80),
 * -0x1.5ep+9 (-700) and -0x1.57cp+13 (-11000) lie safely above.
 * Requires |m| not huge (m*e^(x/2) must not overflow); m infinite or NaN
 * propagates. */
static inline float gc_exp_mul_f32(float m, float x)
{
    if (!(x < -0x1.4p+6f))
        return m * expf(x);
    float h = expf(0.5f * x);
    return (m * h) * h;
}

static inline double gc_exp_mul_f64(double m, double x)
{
    if (!(x < -0x1.5ep+9))
        return m * exp(x);
    double h = exp(0.5 * x);
    return (m * h) * h;
}

/* expl and erfcl, returning exactly what they return, without glibc's
 * error path where the result underflows to 0 or overflows: there the
 * wrapper sets errno through __kernel_standard_l and fesetenv, which
 * costs about 6 times the function itself, and the references of the
 * built-ins land there for half the float32 lattice (sigmoid's e^-|x| for
 * |x| > 11400).  e^y rounds to +0 for y < -11400 (e^-11400 < 2^-16446,
 * half the smallest subnormal long double) and overflows for y > 11357
 * (LDBL_MAX = e^11356.52...); erfc(y) < e^(-y^2) rounds to +0 for
 * y > 107 (107^2 > 11400).  NaN fails every comparison and goes through. */
static inline long double gc_expl_ld(long double y)
{
    if (y < -11400.0L)
        return 0.0L;
    if (y > 11357.0L)
        return HUGE_VALL;
    return expl(y);
}

static inline long double gc_erfcl_ld(long double y)
{
    return y > 107.0L ? 0.0L : erfcl(y);
}

static inline long double gc_exp_mul_ld(long double m, long double x)
{
    if (!(x < -0x1.57cp+13L))
        return m * gc_expl_ld(x);
    long double h = gc_expl_ld(0.5L * x);
    return (m * h) * h;
}

#endif /* GC_ACTIVATIONS_H */
