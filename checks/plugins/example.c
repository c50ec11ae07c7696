/* example.c - a gradcheck plugin to copy: the seed story's square and a
 * leaky relu, defined in C.
 *
 * Build it as a shared object against the installed header and check it
 * (from a source tree, -I include instead of pkg-config):
 *
 *   cc -shared -fPIC -O2 $(pkg-config --cflags gradcheck) example.c -o example.so -lm
 *   gradcheck check --plugin ./example.so
 *
 * A plugin exports exactly one function, gc_plugin_activations, returning
 * an array of descriptors (struct gc_activation, include/gradcheck.h) and
 * the ABI version it was built for.  Any of f32/df32/f64/df64 may be NULL
 * (that precision is then skipped); fref, f in long double, makes the
 * reference derivative accurate to a few ULPs of float64; dfref, the
 * derivative in long double, is optional and lets gradcheck resolve f'
 * where differences of fref cannot.  kinks lists, ascending, the points
 * where f' jumps.  gradcheck runs each activation of a plugin in a child
 * process: a crash or a hang is reported, exit status 3, and the other
 * activations are still checked.
 */
#include <math.h>
#include <stddef.h>
#include "gradcheck.h"

static float square_f32(float x) { return x * x; }
static float square_df32(float x) { return 2 * x; }
static double square_f64(double x) { return x * x; }
static double square_df64(double x) { return 2 * x; }
static long double square_ld(long double x) { return x * x; }
static long double square_dld(long double x) { return 2 * x; }

/* NaN stays NaN: x > 0 is false for NaN, and 0.01 * NaN is NaN. */
static float leaky_f32(float x) { return x > 0 ? x : 0.01f * x; }
static float leaky_df32(float x) { return x > 0 ? 1.0f : (x <= 0 ? 0.01f : x); }
static double leaky_f64(double x) { return x > 0 ? x : 0.01 * x; }
static double leaky_df64(double x) { return x > 0 ? 1.0 : (x <= 0 ? 0.01 : x); }
static long double leaky_ld(long double x) { return x > 0 ? x : 0.01L * x; }

static const double leaky_kinks[] = { 0.0 };

static const struct gc_activation acts[] = {
    { .name = "plugin_square", .summary = "x^2 from a C plugin",
      .f32 = square_f32, .df32 = square_df32, .f64 = square_f64, .df64 = square_df64,
      .fref = square_ld, .dfref = square_dld },
    { .name = "plugin_leaky_relu", .summary = "leaky relu (slope 0.01) from a C plugin",
      .f32 = leaky_f32, .df32 = leaky_df32, .f64 = leaky_f64, .df64 = leaky_df64,
      .fref = leaky_ld, .kinks = leaky_kinks, .n_kinks = 1 },
};

const struct gc_activation *gc_plugin_activations(size_t *count, int *abi_version)
{
    *count = sizeof acts / sizeof acts[0];
    *abi_version = GC_ABI_VERSION;
    return acts;
}
