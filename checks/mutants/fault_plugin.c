/* fault_plugin.c - plugins that crash or hang before any activation is
 * evaluated.  Each MUST be reported with exit status 3 and one line
 * naming the plugin, the phase and the signal or the timeout, while every
 * other activation of the run is still checked (checks/plugins.sh,
 * checks/check_plugins.c).  Built once per fault:
 *   -DCTOR_SEGV   a constructor writes through NULL      SIGSEGV  loading
 *   -DCTOR_ABORT  a constructor calls abort()            SIGABRT  loading
 *   -DCTOR_LOOP   a constructor never returns            timeout  loading
 *   -DREG_NULL    gc_plugin_activations reads *NULL      SIGSEGV  registration
 *   -DREG_LOOP    gc_plugin_activations never returns    timeout  registration
 * Otherwise the plugin would be fine: one correct activation.
 */
#include <stdlib.h>
#include <stddef.h>
#include "gradcheck.h"

static float sq_f32(float x) { return x * x; }
static float sq_df32(float x) { return 2 * x; }

static const struct gc_activation acts[] = {
    { .name = "fault_square", .summary = "x^2, correct; the plugin is the fault",
      .f32 = sq_f32, .df32 = sq_df32 },
};

/* volatile: the compiler must not prove the access away. */
static volatile int *volatile null_ptr;
static volatile unsigned long spin;

#if defined(CTOR_SEGV)
__attribute__((constructor)) static void ctor(void)
{
    *null_ptr = 1;
}
#elif defined(CTOR_ABORT)
__attribute__((constructor)) static void ctor(void)
{
    abort();
}
#elif defined(CTOR_LOOP)
__attribute__((constructor)) static void ctor(void)
{
    for (;;)
        spin++;
}
#endif

const struct gc_activation *gc_plugin_activations(size_t *count, int *abi_version)
{
#if defined(REG_NULL)
    *count = (size_t)*null_ptr;
#elif defined(REG_LOOP)
    for (;;)
        spin++;
#endif
    *count = sizeof acts / sizeof acts[0];
    *abi_version = GC_ABI_VERSION;
    return acts;
}
