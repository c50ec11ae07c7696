/* crash_plugin.c - plugin activations that crash or hang, beside one that
 * is fine.  Each MUST be reported (exit status 3) with its signal and the
 * x being evaluated, while the others are still checked
 * (checks/plugins.sh):
 *   crash_segv     df32 writes through a NULL pointer for x > 2     SIGSEGV
 *   crash_abort    df64 calls abort() for x < -3                    SIGABRT
 *   crash_loop     f32 never returns for x > 5                      timeout
 *   crash_intdiv   df32 divides an integer by zero for x in (1, 2)  SIGFPE
 *   fine_square    x^2, correct                                     warn
 */
#include <math.h>
#include <stdlib.h>
#include <stddef.h>
#include "gradcheck.h"

static float sq_f32(float x) { return x * x; }
static float sq_df32(float x) { return 2 * x; }
static double sq_f64(double x) { return x * x; }
static double sq_df64(double x) { return 2 * x; }
static long double sq_ld(long double x) { return x * x; }

static volatile int *volatile null_ptr;
static float segv_df32(float x)
{
    if (x > 2)
        *null_ptr = 1;
    return 2 * x;
}

static double abort_df64(double x)
{
    if (x < -3)
        abort();
    return 2 * x;
}

static volatile int spin;
static float loop_f32(float x)
{
    while (x > 5)
        spin++;
    return x * x;
}

static volatile int zero;
static float intdiv_df32(float x)
{
    /* Not 1 / zero: gcc turns 1/n into a comparison without a division. */
    if (x > 1 && x < 2)
        return (float)((int)(x * 1000) / zero);
    return 2 * x;
}

static const struct gc_activation acts[] = {
    { .name = "crash_segv", .summary = "SIGSEGV in df32 for x > 2",
      .f32 = sq_f32, .df32 = segv_df32, .f64 = sq_f64, .df64 = sq_df64, .fref = sq_ld },
    { .name = "crash_abort", .summary = "abort() in df64 for x < -3",
      .f32 = sq_f32, .df32 = sq_df32, .f64 = sq_f64, .df64 = abort_df64, .fref = sq_ld },
    { .name = "crash_loop", .summary = "f32 loops forever for x > 5",
      .f32 = loop_f32, .df32 = sq_df32, .f64 = sq_f64, .df64 = sq_df64, .fref = sq_ld },
    { .name = "crash_intdiv", .summary = "integer division by zero in df32 for 1 < x < 2",
      .f32 = sq_f32, .df32 = intdiv_df32, .f64 = sq_f64, .df64 = sq_df64, .fref = sq_ld },
    { .name = "fine_square", .summary = "x^2, correct",
      .f32 = sq_f32, .df32 = sq_df32, .f64 = sq_f64, .df64 = sq_df64, .fref = sq_ld },
};

const struct gc_activation *gc_plugin_activations(size_t *count, int *abi_version)
{
    *count = sizeof acts / sizeof acts[0];
    *abi_version = GC_ABI_VERSION;
    return acts;
}
