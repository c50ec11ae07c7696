/* check_mutants.c - every mutant must be flagged, for its stated reason,
 * with the exact region edges it states.
 *
 * The wrong activations come from the C plugin mutants_plugin.so
 * (checks/mutants/mutants_plugin.c), loaded with gc_plugin_load and each
 * checked in a child process (gc_check_run_isolated) as the command line
 * checks plugins, so the findings travel the real plugin path; and from
 * the .act specs in checks/mutants/, checked with gc_check_run.  What
 * each must trigger is the table of checks/mutants/mutants.c, and the
 * plugin must export exactly the activations that table names.  A plugin
 * or spec that cannot be loaded is a failure, never a skip.
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
#include <stdlib.h>
#include "gc_test.h"
#include "verify.h"
#include "plugin.h"
#include "spec.h"
#include "mutants/mutants.h"

/* Seconds one plugin activation may take in one precision. */
#define PLUGIN_TIMEOUT_S 120

/* The plugin activation's name or the spec file. */
static const char *label(const struct gc_mutant *m)
{
    return m->plugin ? m->plugin : m->spec;
}

/* mutants_plugin.so from the build tree; a failure to load it fails the
 * test with the reason. */
static struct gc_plugin *load_plugin(void)
{
    const char *b = getenv("GC_BUILDDIR");
    char path[4096], why[512] = "";
    snprintf(path, sizeof path, "%s/checks/mutants/.libs/mutants_plugin.so", b ? b : ".");
    struct gc_plugin *pl = NULL;
    struct gc_crash crash;
    gc_status st = gc_plugin_load(path, PLUGIN_TIMEOUT_S, &pl, &crash, why, sizeof why);
    ck_assert_msg(st == GC_OK && pl, "cannot load the mutant plugin %s: %s (%s)",
                  path, why, gc_status_name(st));
    return pl;
}

static const struct gc_activation *plugin_find(const struct gc_plugin *pl, const char *name)
{
    for (size_t i = 0; i < gc_plugin_count(pl); i++)
        if (strcmp(gc_plugin_activation(pl, i)->name, name) == 0)
            return gc_plugin_activation(pl, i);
    return NULL;
}

/* A spec mutant from the source tree; a failure to load it fails the
 * test with the reason. */
static struct gc_spec *load_spec(const char *file)
{
    const char *src = getenv("GC_SRCDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/checks/mutants/%s", src ? src : ".", file);
    struct gc_spec_error err = { "", "" };
    struct gc_spec *s = NULL;
    gc_status st = gc_spec_load_file(path, &s, &err);
    ck_assert_msg(st == GC_OK && s, "cannot load the mutant spec %s: %s: %s",
                  path, err.where, err.msg);
    return s;
}

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
                 "regions of that class:%s", label(m), m->why,
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
    struct gc_plugin *pl = NULL;
    struct gc_spec *spec = NULL;
    const struct gc_activation *act;
    if (m->plugin) {
        pl = load_plugin();
        act = plugin_find(pl, m->plugin);
        ck_assert_msg(act != NULL, "the mutant plugin %s exports no activation %s",
                      gc_plugin_path(pl), m->plugin);
    } else {
        spec = load_spec(m->spec);
        act = gc_spec_activation(spec);
    }

    for (int p = 0; p < GC_N_PRECISIONS; p++) {
        gc_precision prec = (gc_precision)p;
        bool derived = derived_from(prec, m);
        struct gc_result r;
        if (pl) {
            /* In a child process, as the command line runs plugins. */
            struct gc_crash crash;
            gc_status st = gc_check_run_isolated(act, gc_plugin_path(pl), prec, &o,
                                                 PLUGIN_TIMEOUT_S, &r, &crash);
            ck_assert_msg(st == GC_OK, "mutant %s (%s) in %s: %s (%s, evaluating %s "
                          "at x = %.17g)", label(m), m->why, gc_fp_format(prec)->name,
                          gc_strerror(st),
                          crash.timed_out ? "timed out"
                              : crash.signal ? strsignal(crash.signal) : "no signal",
                          crash.what ? crash.what : "?", crash.x);
        } else {
            ck_assert_int_eq(gc_check_run(act, "mutant", prec, &o, &r), GC_OK);
        }
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
                          "(verdict %s, %zu flags)", label(m), m->why,
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
                         label(m), m->why, gc_fp_format(prec)->name, other,
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
    gc_plugin_free(pl);
    gc_spec_free(spec);
}
END_TEST

/* No untested mutant in the plugin, no expectation without its mutant. */
START_TEST(test_plugin_exports_exactly_the_table)
{
    size_t n;
    const struct gc_mutant *ms = gc_mutants(&n);
    struct gc_plugin *pl = load_plugin();
    for (size_t k = 0; k < n; k++) {
        ck_assert_msg((ms[k].plugin != NULL) != (ms[k].spec != NULL),
                      "expectation %zu (%s) must name exactly one of a plugin "
                      "activation and a spec", k, ms[k].why);
        if (ms[k].plugin)
            ck_assert_msg(plugin_find(pl, ms[k].plugin) != NULL,
                          "expectation %s (%s): the mutant plugin %s exports no such "
                          "activation", ms[k].plugin, ms[k].why, gc_plugin_path(pl));
    }
    for (size_t i = 0; i < gc_plugin_count(pl); i++) {
        const char *name = gc_plugin_activation(pl, i)->name;
        size_t rows = 0;
        for (size_t k = 0; k < n; k++)
            rows += ms[k].plugin && strcmp(ms[k].plugin, name) == 0;
        ck_assert_msg(rows > 0, "the mutant plugin %s exports %s, which no expectation "
                      "in checks/mutants/mutants.c names (an untested mutant)",
                      gc_plugin_path(pl), name);
    }
    gc_plugin_free(pl);
}
END_TEST

Suite *gc_test_suite(void)
{
    size_t n;
    (void)gc_mutants(&n);
    Suite *s = suite_create("mutants");
    TCase *plugin = tcase_create("plugin");
    tcase_add_test(plugin, test_plugin_exports_exactly_the_table);
    suite_add_tcase(s, plugin);
    TCase *tc = tcase_create("flagged");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_mutant_is_flagged_for_its_reason, 0, (int)n);
    suite_add_tcase(s, tc);
    return s;
}
