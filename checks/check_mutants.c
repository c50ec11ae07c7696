/* check_mutants.c - every mutant must be flagged, for its stated reason.
 *
 * Like Check's own table of deliberately failing tests: a mutant that
 * passes fails this suite, and so does one flagged for another failing
 * class, or flagged in a precision where its functions are correct.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include "gc_test.h"
#include "verify.h"
#include "mutants/mutants.h"

START_TEST(test_mutant_is_flagged_for_its_reason)
{
    size_t n;
    const struct gc_mutant *m = &gc_mutants(&n)[_i];
    struct gc_check_options o;
    gc_check_options_default(&o);

    for (int p = GC_PREC_F32; p <= GC_PREC_F64; p++) {
        struct gc_result r;
        ck_assert_int_eq(gc_check_run(&m->act, "mutant", (gc_precision)p, &o, &r), GC_OK);
        size_t hits = 0, other = 0;
        const struct gc_flag *first_other = NULL;
        for (size_t i = 0; i < r.n_flags; i++) {
            const struct gc_flag *f = &r.flags[i];
            if (!gc_class_fails(f->cls, f->inherent))
                continue;
            if ((gc_precision)p == m->prec && f->cls == m->expect
                && f->function == m->function) {
                if (f->x >= m->lo && f->x <= m->hi)
                    hits++;
            } else if ((gc_precision)p == m->prec && f->cls == m->also
                       && m->also != GC_CLASS_OK) {
                continue;
            } else if (!first_other) {
                first_other = f;
                other++;
            } else {
                other++;
            }
        }
        if ((gc_precision)p == m->prec) {
            ck_assert_msg(r.verdict == GC_VERDICT_FAIL && hits > 0,
                          "mutant %s (%s) was not flagged as %s in [%g, %g] in %s "
                          "(verdict %s, %zu flags)", m->act.name, m->why,
                          gc_class_name(m->expect), m->lo, m->hi,
                          gc_fp_format(m->prec)->name, gc_verdict_name(r.verdict),
                          r.n_flags);
        }
        ck_assert_msg(other == 0,
                      "mutant %s (%s) flagged for another reason in %s: %zu points, "
                      "first %s at x = %.17g (declared %.17Lg, reference %.17Lg, "
                      "%.3g ULP, tolerance %.3g ULP)", m->act.name, m->why,
                      gc_fp_format((gc_precision)p)->name, other,
                      gc_class_name(first_other->cls), first_other->x,
                      first_other->declared, first_other->reference,
                      first_other->ulp_error, first_other->tol_ulps);
        gc_result_free(&r);
    }
}
END_TEST

Suite *gc_test_suite(void)
{
    size_t n;
    (void)gc_mutants(&n);
    Suite *s = suite_create("mutants");
    TCase *tc = tcase_create("flagged");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_mutant_is_flagged_for_its_reason, 0, (int)n);
    suite_add_tcase(s, tc);
    return s;
}
