/* api_test.c - actdemo's activations checked through gradcheck's library
 * API, as an automake "simple" test: exit 0 when every result is what is
 * expected (scaled_tanh passes or warns, bad_softsign fails), 1 when not,
 * 99 (a hard error) when the check itself could not run.
 */
#include <stdio.h>
#include <string.h>
#include "acts.h"

int main(void)
{
    size_t n_acts = 0;
    int abi = 0;
    const struct gc_activation *all = gc_plugin_activations(&n_acts, &abi);
    const struct gc_activation *acts[2];
    static const char *const wrong[1] = { ACTDEMO_WRONG };
    struct gc_run_options o;
    struct gc_run *run = NULL;
    int bad = 0;

    if (abi != GC_ABI_VERSION || n_acts != 2)
        return 99;
    acts[0] = &all[0];
    acts[1] = &all[1];
    gc_run_options_default(&o);
    o.points = 5000;
    o.expect_fail = wrong;
    o.n_expect_fail = 1;
    gc_status st = gc_run_check(acts, 2, &o, &run);
    if (st != GC_OK) {
        fprintf(stderr, "api_test: gc_run_check: %s\n", gc_strerror(st));
        return 99;
    }
    /* The report goes into the test's log. */
    if (gc_run_write(run, "text", stdout) != GC_OK)
        bad = 1;
    for (size_t i = 0; i < gc_run_count(run); i++) {
        struct gc_run_summary s;
        if (gc_run_summary_get(run, i, &s) != GC_OK) {
            gc_run_free(run);
            return 99;
        }
        bool failed = s.outcome == GC_OUTCOME_FAIL || s.outcome == GC_OUTCOME_CRASH;
        if (failed != s.expected_fail) {
            printf("api_test: %s %s: %s, expected %s\n", s.activation,
                   gc_fp_format(s.precision)->name, gc_outcome_name(s.outcome),
                   s.expected_fail ? "a failure" : "pass or warn");
            bad = 1;
        }
    }
    gc_run_free(run);
    return bad;
}
