/* mutants.c - the compiled-in mutants (see mutants.h).
 *
 * Each comes in two variants: with the built-in's closed-form dfref
 * (reference by finite differences, dfref in the tails) and without it
 * (finite differences only, as for a user's plugin), so both reference
 * paths are tested for detection power.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "mutants/mutants.h"
#include "activations/activations.h"

/* square with the gradient x instead of 2x: a 50 % error everywhere; and
 * where x is subnormal but 2x is not ([2^-127, 2^-126) in float32) the
 * declared gradient also underflows. */
static float square_df32_half(float x) { return x; }
static double square_df64_half(double x) { return x; }

/* sigmoid's gradient 1e-4 too large, in float32 only (1678 ULPs). */
static float sigmoid_df32_off(float x)
{
    return gc_act_sigmoid.df32(x) * (1.0f + 1e-4f);
}

/* gelu's gradient 1e-9 too large, in float64 only (about 9e6 ULPs, far
 * below anything float32 could show). */
static double gelu_df64_off(double x)
{
    return gc_act_gelu.df64(x) * (1.0 + 1e-9);
}

/* A mutant is a built-in with some functions replaced.  The table is a
 * recipe (C cannot initialise a static descriptor from another object's
 * members), turned into descriptors on first use. */
struct recipe {
    const struct gc_activation *base;
    const char *name;
    float (*df32)(float);     /* NULL: the base's */
    double (*df64)(double);   /* NULL: the base's */
    bool drop_dfref;          /* finite differences only, like a plugin */
    gc_precision prec;
    gc_class expect;
    gc_class also;
    gc_function function;
    double lo, hi;
    const char *why;
};

static const struct recipe recipes[] = {
    { &gc_act_square, "square_df32_x", square_df32_half, NULL, false,
      GC_PREC_F32, GC_CLASS_MISMATCH, GC_CLASS_GRADIENT_UNDERFLOW, GC_FN_DF, 2.5, 3.5,
      "declared gradient x instead of 2x (float32)" },
    { &gc_act_square, "square_df64_x", NULL, square_df64_half, false,
      GC_PREC_F64, GC_CLASS_MISMATCH, GC_CLASS_GRADIENT_UNDERFLOW, GC_FN_DF, 2.5, 3.5,
      "declared gradient x instead of 2x (float64)" },
    { &gc_act_square, "square_df64_x_nodfref", NULL, square_df64_half, true,
      GC_PREC_F64, GC_CLASS_MISMATCH, GC_CLASS_GRADIENT_UNDERFLOW, GC_FN_DF, 2.5, 3.5,
      "declared gradient x instead of 2x, finite differences only" },
    { &gc_act_sigmoid, "sigmoid_df32_off", sigmoid_df32_off, NULL, false,
      GC_PREC_F32, GC_CLASS_MISMATCH, GC_CLASS_OK, GC_FN_DF, -3, 3,
      "sigmoid's float32 gradient 1e-4 relative too large" },
    { &gc_act_sigmoid, "sigmoid_df32_off_nodfref", sigmoid_df32_off, NULL, true,
      GC_PREC_F32, GC_CLASS_MISMATCH, GC_CLASS_OK, GC_FN_DF, -3, 3,
      "sigmoid's float32 gradient 1e-4 relative too large, finite differences only" },
    { &gc_act_gelu, "gelu_df64_off", NULL, gelu_df64_off, false,
      GC_PREC_F64, GC_CLASS_MISMATCH, GC_CLASS_OK, GC_FN_DF, -3, 3,
      "gelu's float64 gradient 1e-9 relative too large" },
    { &gc_act_gelu, "gelu_df64_off_nodfref", NULL, gelu_df64_off, true,
      GC_PREC_F64, GC_CLASS_MISMATCH, GC_CLASS_OK, GC_FN_DF, -3, 3,
      "gelu's float64 gradient 1e-9 relative too large, finite differences only" },
};

#define N_MUTANTS (sizeof recipes / sizeof recipes[0])
static struct gc_mutant mutants[N_MUTANTS];

const struct gc_mutant *gc_mutants(size_t *count)
{
    for (size_t i = 0; i < N_MUTANTS; i++) {
        const struct recipe *r = &recipes[i];
        struct gc_mutant *m = &mutants[i];
        m->act = *r->base;
        m->act.name = r->name;
        m->act.summary = r->why;
        if (r->df32)
            m->act.df32 = r->df32;
        if (r->df64)
            m->act.df64 = r->df64;
        if (r->drop_dfref)
            m->act.dfref = NULL;
        m->prec = r->prec;
        m->expect = r->expect;
        m->also = r->also;
        m->function = r->function;
        m->lo = r->lo;
        m->hi = r->hi;
        m->why = r->why;
    }
    *count = N_MUTANTS;
    return mutants;
}
