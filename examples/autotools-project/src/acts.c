/* acts.c - actdemo's two activations, as a gradcheck plugin.
 *
 * scaled_tanh, LeCun's 1.7159 tanh(2x/3), with its correct gradient, and
 * bad_softsign, x / (1 + |x|), whose gradient forgets to square the
 * denominator: the mistake gradcheck is there to catch.
 */
#include <math.h>
#include <stddef.h>
#include "acts.h"

/* Evaluated in long double and rounded once: 1 - tanh^2 would be 0 as
 * soon as tanh rounds to +-1, so the gradient uses sech^2 = 1 / cosh^2
 * (cosh overflowing far out gives the 0 the float32/float64 value is). */
#define A 1.7159L
#define B (2.0L / 3.0L)

static long double st_ref(long double x) { return A * tanhl(B * x); }
static long double st_dref(long double x)
{
    long double c = coshl(B * x);
    return A * B / (c * c);
}
static float st_f32(float x) { return (float)st_ref(x); }
static float st_df32(float x) { return (float)st_dref(x); }
static double st_f64(double x) { return (double)st_ref(x); }
static double st_df64(double x) { return (double)st_dref(x); }

static float ss_f32(float x) { return x / (1.0f + fabsf(x)); }
static float ss_bad_df32(float x) { return 1.0f / (1.0f + fabsf(x)); }   /* wrong: not squared */
static double ss_f64(double x) { return x / (1.0 + fabs(x)); }
static double ss_bad_df64(double x) { return 1.0 / (1.0 + fabs(x)); }  /* wrong: not squared */
static long double ss_ref(long double x) { return x / (1.0L + fabsl(x)); }

static const struct gc_activation acts[] = {
    { .name = "scaled_tanh", .summary = "1.7159 tanh(2x/3) (LeCun)",
      .f32 = st_f32, .df32 = st_df32, .f64 = st_f64, .df64 = st_df64, .fref = st_ref,
      .dfref = st_dref },
    { .name = ACTDEMO_WRONG, .summary = "x / (1 + |x|) with a wrong gradient",
      .f32 = ss_f32, .df32 = ss_bad_df32, .f64 = ss_f64, .df64 = ss_bad_df64,
      .fref = ss_ref },
};

const struct gc_activation *gc_plugin_activations(size_t *count, int *abi_version)
{
    *count = sizeof acts / sizeof *acts;
    *abi_version = GC_ABI_VERSION;
    return acts;
}
