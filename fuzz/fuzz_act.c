/* fuzz_act.c - libFuzzer target for the .act spec reader (spec.c).
 *
 * Any byte string is read as a spec file.  It must load or fail with one
 * of the documented status codes and a message naming file:line:col (or
 * the file), never crash, leak or hang; a spec that loads is evaluated in
 * the three precisions at a few points through its descriptor, as a check
 * would.
 *
 *   ./configure --enable-fuzz && make fuzz      (or: fuzz/run.sh SECONDS)
 *   ./fuzz/fuzz_act -max_total_time=120 fuzz/corpus/act
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const double xs[] = { 0.0, -1.5, 2.385, 1e30, -INFINITY, NAN };
    struct gc_spec *s = NULL;
    struct gc_spec_error err;
    memset(&err, 0, sizeof err);
    gc_status st = gc_spec_load_text("fuzz.act", (const char *)data, size, &s, &err);
    if (st == GC_OK) {
        const struct gc_activation *a = gc_spec_activation(s);
        volatile long double sink = 0;
        for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
            sink += a->f32((float)xs[i]) + a->df32((float)xs[i]);
            sink += a->f64(xs[i]) + a->df64(xs[i]) + a->fref(xs[i]);
        }
        (void)sink;
        gc_spec_free(s);
    } else if (st != GC_PARSE && st != GC_RANGE && st != GC_NOMEM) {
        __builtin_trap();   /* an undocumented status */
    } else if (st != GC_NOMEM && (!err.where[0] || !err.msg[0])) {
        __builtin_trap();   /* every error says where and what */
    }
    return 0;
}
