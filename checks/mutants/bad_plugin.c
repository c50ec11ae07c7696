/* bad_plugin.c - plugins that must be refused at load time with one line
 * and exit status 2 (checks/plugins.sh).  Built several times:
 *   -DBAD_ABI        reports ABI version 99
 *   -DBAD_NAME       an activation named "Bad Name"
 *   -DBAD_KINKS      kinks not ascending
 *   -DBAD_DUPLICATE  two activations with the same name
 *   -DBAD_NOPAIR     no (f, df) pair at all
 *   -DNO_SYMBOL      does not export gc_plugin_activations
 */
#include <stddef.h>
#include "gradcheck.h"

static float f32(float x) { return x; }

#ifndef BAD_NOPAIR
static float df32(float x) { (void)x; return 1; }
#define PAIR .f32 = f32, .df32 = df32
#else
#define PAIR .f32 = f32
#endif

#ifdef BAD_KINKS
static const double kinks[] = { 1.0, 0.0 };
#endif

static const struct gc_activation acts[] = {
#if defined(BAD_NAME)
    { .name = "Bad Name", .summary = "", PAIR },
#elif defined(BAD_KINKS)
    { .name = "unsorted", .summary = "", PAIR, .kinks = kinks, .n_kinks = 2 },
#else
    { .name = "ident", .summary = "", PAIR },
#endif
#if defined(BAD_DUPLICATE)
    { .name = "ident", .summary = "", PAIR },
#endif
};

#ifndef NO_SYMBOL
const struct gc_activation *gc_plugin_activations(size_t *count, int *abi_version)
{
    *count = sizeof acts / sizeof acts[0];
#ifdef BAD_ABI
    *abi_version = 99;
#else
    *abi_version = GC_ABI_VERSION;
#endif
    return acts;
}
#else
const struct gc_activation *not_the_entry_point(size_t *count);
const struct gc_activation *not_the_entry_point(size_t *count)
{
    *count = 1;
    return acts;
}
#endif
