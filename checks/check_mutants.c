/* check_mutants.c - every mutant must be flagged, for its stated reason,
 * with the exact region edges it states.
 *
 * Like Check's own table of deliberately failing tests: a mutant that
 * passes fails this suite, and so does one flagged for another failing
 * class, or flagged in a precision where its functions are correct, or
 * whose region of the expected class does not begin (end) exactly at the
 * stated value of the precision.  Every precision is checked: float16
 * and bfloat16 evaluate the float32 functions, so a float32 mutant may
 * show its expected (or `also`) class there, and nothing else.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include "gc_test.h"
#include "verify.h"
#include "mutants/mutants.h"

/* Does p evaluate the functions the mutant replaced (or is the defect
 * in every precision)? */
static bool derived_from(gc_precision p, const struct gc_mutant *m)
{
    gc_precision defect = m->prec;
    if (p == defect || m->every_precision)
        return true;
    return defect == GC_PREC_F32 && (p == GC_PREC_F16 || p == GC_PREC_BF16);
}

static bool inherence_matches(gc_mutant_inherence want, gc_class cls, bool inherent)
{
    if (cls != GC_CLASS_OVERFLOW || want == GC_MUTANT_INH_ANY)
        return true;
    return inherent == (want == GC_MUTANT_INH_INHERENT);
}

/* The expected region edge must exist exactly; on failure list every
 * region of the class with its edges in decimal and hex. */
static void check_edge(const struct gc_mutant *m, const struct gc_result *r,
                       const struct gc_mutant_edge *e)
{
    const char *side = e->kind == GC_EDGE_LO ? "lo" : "hi";
    for (size_t i = 0; i < r->n_regions; i++) {
        const struct gc_region *g = &r->regions[i];
        if (g->cls != m->expect || g->function != m->function
            || !inherence_matches(m->inherence, g->cls, g->inherent))
            continue;
        double edge = e->kind == GC_EDGE_LO ? g->lo : g->hi;
        if (edge == e->x)
            return;
    }
    char buf[2048];
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < r->n_regions && len < sizeof buf - 200; i++) {
        const struct gc_region *g = &r->regions[i];
        if (g->cls != m->expect)
            continue;
        int k = snprintf(buf + len, sizeof buf - len,
                         " [%s %s%s: lo %.17g (%a), hi %.17g (%a)]",
                         gc_class_name(g->cls), g->function == GC_FN_F ? "f" : "df",
                         g->cls != GC_CLASS_OVERFLOW ? ""
                             : g->inherent ? " inherent" : " premature",
                         g->lo, g->lo, g->hi, g->hi);
        if (k > 0)
            len += (size_t)k;
    }
    ck_abort_msg("mutant %s (%s): no %s region of %s with %s = %.17g (%a) in %s; "
                 "regions of that class:%s", m->act.name, m->why,
                 gc_class_name(m->expect), m->function == GC_FN_F ? "f" : "df",
                 side, e->x, e->x, gc_fp_format(m->prec)->name,
                 len ? buf : " none");
}

START_TEST(test_mutant_is_flagged_for_its_reason)
{
    size_t n;
    const struct gc_mutant *m = &gc_mutants(&n)[_i];
    struct gc_check_options o;
    gc_check_options_default(&o);

    for (int p = 0; p < GC_N_PRECISIONS; p++) {
        gc_precision prec = (gc_precision)p;
        bool derived = derived_from(prec, m);
        struct gc_result r;
        ck_assert_int_eq(gc_check_run(&m->act, "mutant", prec, &o, &r), GC_OK);
        size_t hits = 0, other = 0;
        const struct gc_flag *first_other = NULL;
        for (size_t i = 0; i < r.n_flags; i++) {
            const struct gc_flag *f = &r.flags[i];
            if (!gc_class_fails(f->cls, f->inherent))
                continue;
            if (derived && f->cls == m->expect && f->function == m->function
                && inherence_matches(m->inherence, f->cls, f->inherent)) {
                if (prec == m->prec && f->x >= m->lo && f->x <= m->hi)
                    hits++;
                continue;
            }
            if (derived && m->also != GC_CLASS_OK && f->cls == m->also)
                continue;
            if (!first_other)
                first_other = f;
            other++;
        }
        if (prec == m->prec) {
            ck_assert_msg(r.verdict == GC_VERDICT_FAIL && hits > 0,
                          "mutant %s (%s) was not flagged as %s in [%g, %g] in %s "
                          "(verdict %s, %zu flags)", m->act.name, m->why,
                          gc_class_name(m->expect), m->lo, m->hi,
                          gc_fp_format(m->prec)->name, gc_verdict_name(r.verdict),
                          r.n_flags);
            for (size_t k = 0; k < GC_MUTANT_MAX_EDGES; k++)
                if (m->edges[k].kind != GC_EDGE_NONE)
                    check_edge(m, &r, &m->edges[k]);
        }
        if (other) {
            ck_abort_msg("mutant %s (%s) flagged for another reason in %s: %zu points, "
                         "first %s (%s%s) at x = %.17g (%a) (declared %.17Lg, "
                         "reference %.17Lg, %.3g ULP, tolerance %.3g ULP)",
                         m->act.name, m->why, gc_fp_format(prec)->name, other,
                         gc_class_name(first_other->cls),
                         first_other->function == GC_FN_F ? "f" : "df",
                         first_other->cls != GC_CLASS_OVERFLOW ? ""
                             : first_other->inherent ? ", inherent" : ", premature",
                         first_other->x, first_other->x,
                         first_other->declared, first_other->reference,
                         first_other->ulp_error, first_other->tol_ulps);
        }
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
