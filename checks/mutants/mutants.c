/* mutants.c - the compiled-in mutants (see mutants.h).
 *
 * Each comes in two variants: with the built-in's closed-form dfref
 * (reference by finite differences, dfref in the tails) and without it
 * (finite differences only, as for a user's plugin), so both reference
 * paths are tested for detection power.
 *
 * The region mutants (issue 3) each state the exact edge of the region
 * they must produce; how each number was derived is written beside it,
 * and was confirmed by scanning the float32 lattice with the mutant's
 * own functions (compiled with -O2, FLT_EVAL_METHOD 0, glibc libm).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>

#include "mutants/mutants.h"
#include "activations/activations.h"
#include "spec.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* silu's gradient 1 % too large, in float64 only. */
static double silu_df64_1pct(double x)
{
    return gc_act_silu.df64(x) * 1.01;
}

/* gelu's gradient 1e-9 too large, in float64 only (about 9e6 ULPs, far
 * below anything float32 could show). */
static double gelu_df64_off(double x)
{
    return gc_act_gelu.df64(x) * (1.0 + 1e-9);
}

/* softplus as the textbook log(1 + e^x), float32 only (its gradient is
 * the built-in's, correct).  expf(x) overflows to +inf for every float x
 * above ln(FLT_MAX) = 88.72283905206835 (the first float above it,
 * 0x1.62e430p+6 = 88.7228394, has e^x = FLT_MAX (1 + 3.6e-8) > FLT_MAX
 * + ulp/2; the float below, 0x1.62e42ep+6, gives 0x1.ffff3ep+127), and
 * log(1 + inf) = inf, while the true softplus there is just x: a
 * premature overflow of f from 0x1.62e430p+6 up to FLT_MAX. */
static float softplus_naive_f32(float x) { return logf(1.0f + expf(x)); }

/* sigmoid's gradient as s (1 - s), with s the built-in float32 sigmoid.
 * For x >= 0 the built-in computes e = expf(-x), d = fl(1 + e), and for
 * e < 2^-24 (x > 16.64) d = 1, dl = e, so s = fl(1 - e), which rounds to
 * 1 exactly when e <= 2^-25 (1 - 2^-25 is the midpoint between 1 - 2^-24
 * and 1 and ties go to the even 1).  expf(-x) <= 2^-25 iff x >= 25 ln 2
 * = 17.328679513998633, and the first float above that is 0x1.154246p+4
 * = 17.3286800 (expf(-x) = 0x1.ffffeep-26 there; at the float below,
 * 0x1.154244p+4, expf(-x) = 0x1.000018p-25 and s = 1 - 2^-24).  From
 * there s (1 - s) = 0 while the true gradient e^-x / (1 + e^-x)^2 ~ 3e-8
 * is a normal float: gradient_underflow of df.  Before it, from where s
 * first reaches 1 - 2^-24 (x = 0x1.03ae5cp+4 = 16.2300682) and earlier
 * as 1 - s loses bits, the gradient is a few ULPs to 100 % off:
 * mismatch, allowed as `also`. */
static float sigmoid_df32_s1ms(float x)
{
    float s = gc_act_sigmoid.f32(x);
    return s * (1 - s);
}

/* tanh as (e^x - e^-x) / (e^x + e^-x), float32 only.  For x >=
 * 0x1.62e430p+6 (the first float above ln(FLT_MAX), where expf
 * overflows, see softplus above) it is (inf - 0) / (inf + 0) = inf / inf
 * = NaN, and symmetrically (0 - inf) / (0 + inf) = NaN for x <=
 * -0x1.62e430p+6, while tanh = +-1: nan of f, two regions with the
 * edges lo = 0x1.62e430p+6 and hi = -0x1.62e430p+6. */
static float tanh_naive_f32(float x)
{
    float a = expf(x), b = expf(-x);
    return (a - b) / (a + b);
}

/* A mutant is a built-in with some functions replaced.  The table is a
 * recipe (C cannot initialise a static descriptor from another object's
 * members), turned into descriptors on first use. */
struct recipe {
    const struct gc_activation *base;   /* NULL: the mutant is a spec */
    const char *spec;                   /* ...in checks/mutants/ */
    const char *name;
    float (*f32)(float);      /* NULL: the base's */
    float (*df32)(float);     /* NULL: the base's */
    double (*df64)(double);   /* NULL: the base's */
    bool drop_dfref;          /* finite differences only, like a plugin */
    bool drop_kinks;          /* declare no kinks */
    gc_precision prec;
    gc_class expect;
    gc_class also;
    gc_function function;
    double lo, hi;
    gc_mutant_inherence inherence;
    struct gc_mutant_edge edges[GC_MUTANT_MAX_EDGES];
    const char *why;
};

#define NO_EDGES { { GC_EDGE_NONE, 0 }, { GC_EDGE_NONE, 0 } }
#define LO_EDGE(x) { { GC_EDGE_LO, (x) }, { GC_EDGE_NONE, 0 } }
#define LO_HI_EDGES(lo, hi) { { GC_EDGE_LO, (lo) }, { GC_EDGE_HI, (hi) } }

static const struct recipe recipes[] = {
    { &gc_act_square, NULL, "square_df32_x", NULL, square_df32_half, NULL, false, false,
      GC_PREC_F32, GC_CLASS_MISMATCH, GC_CLASS_GRADIENT_UNDERFLOW, GC_FN_DF, 2.5, 3.5,
      GC_MUTANT_INH_ANY, NO_EDGES,
      "declared gradient x instead of 2x (float32)" },
    { &gc_act_square, NULL, "square_df64_x", NULL, NULL, square_df64_half, false, false,
      GC_PREC_F64, GC_CLASS_MISMATCH, GC_CLASS_GRADIENT_UNDERFLOW, GC_FN_DF, 2.5, 3.5,
      GC_MUTANT_INH_ANY, NO_EDGES,
      "declared gradient x instead of 2x (float64)" },
    { &gc_act_square, NULL, "square_df64_x_nodfref", NULL, NULL, square_df64_half, true, false,
      GC_PREC_F64, GC_CLASS_MISMATCH, GC_CLASS_GRADIENT_UNDERFLOW, GC_FN_DF, 2.5, 3.5,
      GC_MUTANT_INH_ANY, NO_EDGES,
      "declared gradient x instead of 2x, finite differences only" },
    { &gc_act_sigmoid, NULL, "sigmoid_df32_off", NULL, sigmoid_df32_off, NULL, false, false,
      GC_PREC_F32, GC_CLASS_MISMATCH, GC_CLASS_OK, GC_FN_DF, -3, 3,
      GC_MUTANT_INH_ANY, NO_EDGES,
      "sigmoid's float32 gradient 1e-4 relative too large" },
    { &gc_act_sigmoid, NULL, "sigmoid_df32_off_nodfref", NULL, sigmoid_df32_off, NULL, true, false,
      GC_PREC_F32, GC_CLASS_MISMATCH, GC_CLASS_OK, GC_FN_DF, -3, 3,
      GC_MUTANT_INH_ANY, NO_EDGES,
      "sigmoid's float32 gradient 1e-4 relative too large, finite differences only" },
    { &gc_act_silu, NULL, "silu_df64_1pct", NULL, NULL, silu_df64_1pct, false, false,
      GC_PREC_F64, GC_CLASS_MISMATCH, GC_CLASS_OK, GC_FN_DF, -3, 3,
      GC_MUTANT_INH_ANY, NO_EDGES,
      "silu's float64 gradient 1 % too large" },
    { &gc_act_gelu, NULL, "gelu_df64_off", NULL, NULL, gelu_df64_off, false, false,
      GC_PREC_F64, GC_CLASS_MISMATCH, GC_CLASS_OK, GC_FN_DF, -3, 3,
      GC_MUTANT_INH_ANY, NO_EDGES,
      "gelu's float64 gradient 1e-9 relative too large" },
    { &gc_act_gelu, NULL, "gelu_df64_off_nodfref", NULL, NULL, gelu_df64_off, true, false,
      GC_PREC_F64, GC_CLASS_MISMATCH, GC_CLASS_OK, GC_FN_DF, -3, 3,
      GC_MUTANT_INH_ANY, NO_EDGES,
      "gelu's float64 gradient 1e-9 relative too large, finite differences only" },
    /* ---- region mutants (issue 3): exact edges, derivations above ---- */
    { &gc_act_softplus, NULL, "softplus_log1pexp", softplus_naive_f32, NULL, NULL, false, false,
      GC_PREC_F32, GC_CLASS_OVERFLOW, GC_CLASS_OK, GC_FN_F, 0x1.62e430p+6, 0x1.fffffep+127,
      GC_MUTANT_INH_PREMATURE,
      { { GC_EDGE_LO, 0x1.62e430p+6 /* 88.7228394 */ }, { GC_EDGE_NONE, 0 } },
      "softplus as log(1 + exp(x)) in float32: exp overflows above ln(FLT_MAX)" },
    { &gc_act_sigmoid, NULL, "sigmoid_df32_s1ms", NULL, sigmoid_df32_s1ms, NULL, false, false,
      GC_PREC_F32, GC_CLASS_GRADIENT_UNDERFLOW, GC_CLASS_MISMATCH, GC_FN_DF, 17.5, 80,
      GC_MUTANT_INH_ANY,
      { { GC_EDGE_LO, 0x1.154246p+4 /* 17.3286800 */ }, { GC_EDGE_NONE, 0 } },
      "sigmoid's float32 gradient as s*(1-s): 0 once s rounds to 1" },
    { &gc_act_tanh, NULL, "tanh_exp_ratio", tanh_naive_f32, NULL, NULL, false, false,
      GC_PREC_F32, GC_CLASS_NAN, GC_CLASS_OK, GC_FN_F, 0x1.62e430p+6, 0x1.fffffep+127,
      GC_MUTANT_INH_ANY,
      { { GC_EDGE_LO, 0x1.62e430p+6 /* 88.7228394 */ },
        { GC_EDGE_HI, -0x1.62e430p+6 } },
      "tanh as (e^x - e^-x)/(e^x + e^-x) in float32: inf/inf once exp overflows" },
    { &gc_act_relu, NULL, "relu_nokink_f32", NULL, NULL, NULL, false, true,
      GC_PREC_F32, GC_CLASS_UNDECLARED_KINK, GC_CLASS_OK, GC_FN_DF, 0, 0,
      GC_MUTANT_INH_ANY,
      { { GC_EDGE_LO, 0 }, { GC_EDGE_HI, 0 } },
      "relu with its kink at 0 not declared (float32)" },
    { &gc_act_relu, NULL, "relu_nokink_f64", NULL, NULL, NULL, false, true,
      GC_PREC_F64, GC_CLASS_UNDECLARED_KINK, GC_CLASS_OK, GC_FN_DF, 0, 0,
      GC_MUTANT_INH_ANY,
      { { GC_EDGE_LO, 0 }, { GC_EDGE_HI, 0 } },
      "relu with its kink at 0 not declared (float64)" },
    /* .act spec mutants: one formula evaluated in every precision. */
    { NULL, "square_df_x.act", "square_df_x", NULL, NULL, NULL, false, false,
      GC_PREC_F32, GC_CLASS_MISMATCH, GC_CLASS_GRADIENT_UNDERFLOW, GC_FN_DF, 2.5, 3.5,
      GC_MUTANT_INH_ANY, NO_EDGES, "spec: declared gradient x instead of 2x" },
    { NULL, "softplus_naive.act", "softplus_naive", NULL, NULL, NULL, false, false,
      GC_PREC_F32, GC_CLASS_OVERFLOW, GC_CLASS_OK, GC_FN_F, 88, 1e30,
      GC_MUTANT_INH_PREMATURE, LO_EDGE(0x1.62e430p+6),
      "spec: softplus as log1p(exp(x)) overflows prematurely" },
    /* (A spec's reference is the difference of its own f in long double:
     * the ratio form of tanh cancels to 0 there too for |x| < 1e-19, so
     * the reference of the correct gradient is 0 and mismatch is allowed
     * beside the NaN.) */
    { NULL, "tanh_ratio.act", "tanh_ratio", NULL, NULL, NULL, false, false,
      GC_PREC_F32, GC_CLASS_NAN, GC_CLASS_MISMATCH, GC_FN_F, 88, 1e30,
      GC_MUTANT_INH_ANY, LO_HI_EDGES(0x1.62e430p+6, -0x1.62e430p+6),
      "spec: tanh as a ratio of exponentials is inf/inf = NaN" },
    { NULL, "sigmoid_s1ms.act", "sigmoid_s1ms", NULL, NULL, NULL, false, false,
      GC_PREC_F32, GC_CLASS_GRADIENT_UNDERFLOW, GC_CLASS_MISMATCH, GC_FN_DF, 17, 87,
      GC_MUTANT_INH_ANY, NO_EDGES, "spec: sigmoid's gradient as s*(1-s) underflows" },
    { NULL, "relu_nokink.act", "relu_nokink", NULL, NULL, NULL, false, true,
      GC_PREC_F32, GC_CLASS_UNDECLARED_KINK, GC_CLASS_OK, GC_FN_DF, 0, 0,
      GC_MUTANT_INH_ANY, LO_HI_EDGES(0, 0), "spec: relu with no kink declared" },
};

/* Load a spec mutant once (kept for the life of the test program). */
static const struct gc_activation *spec_activation(const char *file)
{
    static struct gc_spec *loaded[16];
    static const char *names[16];
    static size_t n_loaded;
    for (size_t i = 0; i < n_loaded; i++)
        if (strcmp(names[i], file) == 0)
            return gc_spec_activation(loaded[i]);
    const char *src = getenv("GC_SRCDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/checks/mutants/%s", src ? src : ".", file);
    struct gc_spec_error err;
    struct gc_spec *s = NULL;
    if (n_loaded >= 16 || gc_spec_load_file(path, &s, &err) != GC_OK) {
        fprintf(stderr, "cannot load mutant %s: %s: %s\n", path, err.where, err.msg);
        abort();   /* a broken test fixture, not a finding */
    }
    loaded[n_loaded] = s;
    names[n_loaded++] = file;
    return gc_spec_activation(s);
}

#define N_MUTANTS (sizeof recipes / sizeof recipes[0])
static struct gc_mutant mutants[N_MUTANTS];

const struct gc_mutant *gc_mutants(size_t *count)
{
    for (size_t i = 0; i < N_MUTANTS; i++) {
        const struct recipe *r = &recipes[i];
        struct gc_mutant *m = &mutants[i];
        if (r->spec) {
            m->act = *spec_activation(r->spec);
            m->every_precision = true;
        } else {
            m->act = *r->base;
            m->every_precision = r->drop_kinks;
        }
        m->act.name = r->name;
        m->act.summary = r->why;
        if (r->f32)
            m->act.f32 = r->f32;
        if (r->df32)
            m->act.df32 = r->df32;
        if (r->df64)
            m->act.df64 = r->df64;
        if (r->drop_dfref)
            m->act.dfref = NULL;
        if (r->drop_kinks) {
            m->act.kinks = NULL;
            m->act.n_kinks = 0;
        }
        m->prec = r->prec;
        m->expect = r->expect;
        m->also = r->also;
        m->function = r->function;
        m->lo = r->lo;
        m->hi = r->hi;
        m->inherence = r->inherence;
        for (size_t k = 0; k < GC_MUTANT_MAX_EDGES; k++)
            m->edges[k] = r->edges[k];
        m->why = r->why;
    }
    *count = N_MUTANTS;
    return mutants;
}
