/* activations.h - the built-in activation descriptors, and the few
 * numerical helpers their implementations share.
 *
 * Copyright (C) 2026 the gradcheck authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each family file (piecewise.c, elu.c, gelu.c, sigmoid.c, tanh.c,
 * poly.c, misc.c) defines descriptors of GC_BUILTIN_LIST below, from which
 * both their declarations and activation.c's catalogue table are made.  The helpers below are internal to
 * the built-ins (static inline, not exported); every one is written once
 * per precision, with the precision in its name, and computes in that
 * precision only (float ops and float libm for _f32, etc.).
 */
#ifndef GC_ACTIVATIONS_H
#define GC_ACTIVATIONS_H

#include <math.h>
#include "gradcheck.h"

/* The built-ins, one line each, sorted by name (strcmp): X(NAME) for the
 * descriptor gc_act_NAME that the family file defines.  The catalogue
 * table (activation.c) and these declarations both come from this list,
 * so a new built-in is its family file's descriptor plus one line here. */
#define GC_BUILTIN_LIST(X) \
    X(celu)          /* elu.c */ \
    X(cube)          /* poly.c */ \
    X(elu)           /* elu.c */ \
    X(exp)           /* misc.c */ \
    X(gelu)          /* gelu.c */ \
    X(gelu_tanh)     /* gelu.c */ \
    X(hard_sigmoid)  /* piecewise.c */ \
    X(hard_swish)    /* piecewise.c */ \
    X(hardtanh)      /* piecewise.c */ \
    X(identity)      /* poly.c */ \
    X(leaky_relu)    /* piecewise.c */ \
    X(log_sigmoid)   /* sigmoid.c */ \
    X(mish)          /* sigmoid.c */ \
    X(relu)          /* piecewise.c */ \
    X(relu6)         /* piecewise.c */ \
    X(selu)          /* elu.c */ \
    X(sigmoid)       /* sigmoid.c */ \
    X(silu)          /* sigmoid.c */ \
    X(sin)           /* misc.c */ \
    X(snake)         /* misc.c */ \
    X(softplus)      /* sigmoid.c */ \
    X(softsign)      /* tanh.c */ \
    X(square)        /* poly.c */ \
    X(squareplus)    /* misc.c */ \
    X(tanh)          /* tanh.c */ \
    X(tanhshrink)    /* tanh.c */

#define GC_DECLARE_BUILTIN(name) extern const struct gc_activation gc_act_##name;
GC_BUILTIN_LIST(GC_DECLARE_BUILTIN)
#undef GC_DECLARE_BUILTIN

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
