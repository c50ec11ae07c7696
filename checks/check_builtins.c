/* check_builtins.c - every built-in passes in float32 and float64:
 * verdict pass or warn, zero points of a failing class. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include "gc_test.h"
#include "activation.h"
#include "verify.h"
#include "report.h"

static void builtin_passes(int index, gc_precision p)
{
    size_t n;
    const struct gc_activation *a = &gc_builtins(&n)[index];
    struct gc_check_options o;
    struct gc_result r;
    gc_check_options_default(&o);
    ck_assert_int_eq(gc_check_run(a, "builtin", p, &o, &r), GC_OK);
    if (r.mismatches) {
        /* Print what is needed to act before failing. */
        gc_status st = gc_report_text(stdout, &r, 1, 10);
        (void)st;
    }
    ck_assert_msg(r.mismatches == 0 && r.verdict != GC_VERDICT_FAIL,
                  "%s %s: %zu points of failing classes (verdict %s)", a->name,
                  gc_fp_format(p)->name, r.mismatches, gc_verdict_name(r.verdict));
    ck_assert_uint_gt(r.points, 1000);
    gc_result_free(&r);
}

START_TEST(test_builtin_passes_float32) { builtin_passes(_i, GC_PREC_F32); }
END_TEST
START_TEST(test_builtin_passes_float64) { builtin_passes(_i, GC_PREC_F64); }
END_TEST

Suite *gc_test_suite(void)
{
    size_t n;
    (void)gc_builtins(&n);
    Suite *s = suite_create("builtins");
    TCase *tc = tcase_create("verify");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_builtin_passes_float32, 0, (int)n);
    tcase_add_loop_test(tc, test_builtin_passes_float64, 0, (int)n);
    suite_add_tcase(s, tc);
    return s;
}
