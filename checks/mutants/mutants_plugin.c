/* mutants_plugin.c - wrong activations built from the built-ins, as a C
 * plugin.  Every one MUST be flagged (checks/check_mutants.c loads this
 * plugin and runs each activation in a child process, as the command
 * line does; the expectations are in checks/mutants/mutants.c).  Each
 * activation is a copy of a built-in's descriptor with its name and
 * summary changed and the defective functions replaced; the wrappers
 * call the built-in through a pointer taken at registration, so their
 * arithmetic is the built-in's bit for bit.  The _nodfref variants drop
 * the built-in's closed-form dfref (the reference is then finite
 * differences of fref only, as for most users' plugins), so both
 * reference paths are tested for detection power.
 *
 * What each must trigger (class of function, where, in which precision;
 * float16 and bfloat16 evaluate the float32 functions, so a float32
 * defect may show there too, and nothing else may show anywhere):
 *
 *   square_df32_x             mismatch of df in [2.5, 3.5], float32 (also
 *                             gradient_underflow where x is subnormal)
 *   square_df64_x             mismatch of df in [2.5, 3.5], float64 (also
 *                             gradient_underflow)
 *   square_df64_x_nodfref     the same, finite differences only
 *   sigmoid_df32_off          mismatch of df in [-3, 3], float32
 *   sigmoid_df32_off_nodfref  the same, finite differences only
 *   silu_df64_1pct            mismatch of df in [-3, 3], float64
 *   gelu_df64_off             mismatch of df in [-3, 3], float64
 *   gelu_df64_off_nodfref     the same, finite differences only
 *   softplus_log1pexp         premature overflow of f from exactly
 *                             0x1.62e430p+6 (88.7228394) up to FLT_MAX,
 *                             float32
 *   sigmoid_df32_s1ms         gradient_underflow of df from exactly
 *                             0x1.154246p+4 (17.3286800), float32 (also
 *                             mismatch before it)
 *   tanh_exp_ratio            nan of f from exactly 0x1.62e430p+6 up and
 *                             from exactly -0x1.62e430p+6 down, float32
 *   relu_nokink_builtin       undeclared_kink of df at exactly 0 (a region
 *                             [0, 0]), in every precision (checked in
 *                             float32 and float64)
 *
 * The region mutants (issue 3) state the exact edge of the region they
 * must produce; how each number was derived is written beside the
 * function, and was confirmed by scanning the float32 lattice with the
 * mutant's own functions (compiled with -O2, FLT_EVAL_METHOD 0, glibc
 * libm).
 *
 * Linked against libgradcheck for gc_builtin_find (include/gradcheck.h):
 *   gradcheck check --plugin checks/mutants/.libs/mutants_plugin.so
 * fails (exit status 1) on every activation.
 */
#include <math.h>
#include <stddef.h>
#include "gradcheck.h"

/* The built-ins wrapped, taken at registration. */
static const struct gc_activation *square, *sigmoid, *silu, *gelu, *softplus,
                                  *tanh_builtin, *relu;

/* square with the gradient x instead of 2x: a 50 % error everywhere; and
 * where x is subnormal but 2x is not ([2^-127, 2^-126) in float32) the
 * declared gradient also underflows. */
static float square_df32_half(float x) { return x; }
static double square_df64_half(double x) { return x; }

/* sigmoid's gradient 1e-4 too large, in float32 only (1678 ULPs). */
static float sigmoid_df32_off(float x)
{
    return sigmoid->df32(x) * (1.0f + 1e-4f);
}

/* silu's gradient 1 % too large, in float64 only. */
static double silu_df64_1pct(double x)
{
    return silu->df64(x) * 1.01;
}

/* gelu's gradient 1e-9 too large, in float64 only (about 9e6 ULPs, far
 * below anything float32 could show). */
static double gelu_df64_off(double x)
{
    return gelu->df64(x) * (1.0 + 1e-9);
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
    float s = sigmoid->f32(x);
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
 * members), turned into descriptors on the first call. */
struct recipe {
    const struct gc_activation **base;
    const char *name;
    const char *summary;
    float (*f32)(float);      /* NULL: the base's */
    float (*df32)(float);     /* NULL: the base's */
    double (*df64)(double);   /* NULL: the base's */
    bool drop_dfref;          /* finite differences only */
    bool drop_kinks;          /* declare no kinks */
};

static const struct recipe recipes[] = {
    { &square, "square_df32_x", "declared gradient x instead of 2x (float32)",
      NULL, square_df32_half, NULL, false, false },
    { &square, "square_df64_x", "declared gradient x instead of 2x (float64)",
      NULL, NULL, square_df64_half, false, false },
    { &square, "square_df64_x_nodfref",
      "declared gradient x instead of 2x (float64), finite differences only",
      NULL, NULL, square_df64_half, true, false },
    { &sigmoid, "sigmoid_df32_off", "sigmoid's float32 gradient 1e-4 relative too large",
      NULL, sigmoid_df32_off, NULL, false, false },
    { &sigmoid, "sigmoid_df32_off_nodfref",
      "sigmoid's float32 gradient 1e-4 relative too large, finite differences only",
      NULL, sigmoid_df32_off, NULL, true, false },
    { &silu, "silu_df64_1pct", "silu's float64 gradient 1 % too large",
      NULL, NULL, silu_df64_1pct, false, false },
    { &gelu, "gelu_df64_off", "gelu's float64 gradient 1e-9 relative too large",
      NULL, NULL, gelu_df64_off, false, false },
    { &gelu, "gelu_df64_off_nodfref",
      "gelu's float64 gradient 1e-9 relative too large, finite differences only",
      NULL, NULL, gelu_df64_off, true, false },
    { &softplus, "softplus_log1pexp",
      "softplus as log(1 + exp(x)) in float32: exp overflows above ln(FLT_MAX)",
      softplus_naive_f32, NULL, NULL, false, false },
    { &sigmoid, "sigmoid_df32_s1ms",
      "sigmoid's float32 gradient as s*(1-s): 0 once s rounds to 1",
      NULL, sigmoid_df32_s1ms, NULL, false, false },
    { &tanh_builtin, "tanh_exp_ratio",
      "tanh as (e^x - e^-x)/(e^x + e^-x) in float32: inf/inf once exp overflows",
      tanh_naive_f32, NULL, NULL, false, false },
    { &relu, "relu_nokink_builtin", "relu with its kink at 0 not declared",
      NULL, NULL, NULL, false, true },
};

#define N_MUTANTS (sizeof recipes / sizeof recipes[0])
static struct gc_activation acts[N_MUTANTS];
static bool built;

static bool build(void)
{
    struct { const struct gc_activation **p; const char *name; } bases[] = {
        { &square, "square" }, { &sigmoid, "sigmoid" }, { &silu, "silu" },
        { &gelu, "gelu" }, { &softplus, "softplus" }, { &tanh_builtin, "tanh" },
        { &relu, "relu" },
    };
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++)
        if (!(*bases[i].p = gc_builtin_find(bases[i].name)))
            return false;
    for (size_t i = 0; i < N_MUTANTS; i++) {
        const struct recipe *r = &recipes[i];
        struct gc_activation *a = &acts[i];
        *a = **r->base;
        a->name = r->name;
        a->summary = r->summary;
        if (r->f32)
            a->f32 = r->f32;
        if (r->df32)
            a->df32 = r->df32;
        if (r->df64)
            a->df64 = r->df64;
        if (r->drop_dfref)
            a->dfref = NULL;
        if (r->drop_kinks) {
            a->kinks = NULL;
            a->n_kinks = 0;
        }
    }
    return true;
}

const struct gc_activation *gc_plugin_activations(size_t *count, int *abi_version)
{
    *abi_version = GC_ABI_VERSION;
    if (!built && !build()) {
        *count = 0;   /* a built-in is missing: the loader refuses us */
        return NULL;
    }
    built = true;
    *count = N_MUTANTS;
    return acts;
}
