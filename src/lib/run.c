/* run.c - the public run API (include/gradcheck.h): a set of activations
 * checked in a set of precisions, on top of gc_check_run (in process) and
 * gc_check_run_isolated (in a child), with the depth warning of gradcheck
 * check, and the writers chosen by name.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include "gradcheck.h"
#include "verify.h"
#include "plugin.h"
#include "depth.h"
#include "report.h"

/* The layers within which a blow-up is a warning, as in gradcheck check. */
#define RUN_DEPTH_LAYERS 50
/* Flagged points listed per region by the "text" writer (check's default). */
#define RUN_TEXT_DETAILS 5

struct gc_run {
    struct gc_result *res;
    bool *todo;          /* per result: named in expect_fail */
    size_t n;
};

/* The public outcomes extend the internal verdicts by "skipped" (a flag
 * of the result internally); keep the shared values equal. */
_Static_assert((int)GC_OUTCOME_PASS == (int)GC_VERDICT_PASS
               && (int)GC_OUTCOME_WARN == (int)GC_VERDICT_WARN
               && (int)GC_OUTCOME_FAIL == (int)GC_VERDICT_FAIL
               && (int)GC_OUTCOME_CRASH == (int)GC_VERDICT_CRASH,
               "gc_outcome and gc_verdict disagree");

const char *gc_outcome_name(gc_outcome o)
{
    static const char *const names[] = { "pass", "warn", "fail", "crash", "skipped" };
    return (unsigned)o < sizeof names / sizeof *names ? names[o] : "?";
}

void gc_run_options_default(struct gc_run_options *o)
{
    memset(o, 0, sizeof *o);
    o->points = 10000;
    o->seed = 1;
    o->precisions[GC_PREC_F32] = o->precisions[GC_PREC_F64] = true;
    o->timeout_s = 60;
    o->isolation = GC_ISOLATE_CHILD;
    o->depth_warning = true;
    o->expect_fail = NULL;
    o->n_expect_fail = 0;
}

static bool is_builtin(const struct gc_activation *a)
{
    size_t n;
    const struct gc_activation *b = gc_builtins(&n);
    for (size_t i = 0; i < n; i++)
        if (a == &b[i])
            return true;
    return false;
}

static bool expected_to_fail(const struct gc_run_options *o, const char *name)
{
    for (size_t i = 0; i < o->n_expect_fail; i++)
        if (o->expect_fail[i] && strcmp(o->expect_fail[i], name) == 0)
            return true;
    return false;
}

/* Everything gc_run_check refuses before doing any work. */
static gc_status validate(const struct gc_activation *const *acts, size_t n_acts,
                          const struct gc_run_options *o)
{
    size_t n_prec = 0;
    if (!acts || n_acts == 0)
        return GC_INVAL;
    for (size_t i = 0; i < n_acts; i++)
        if (!acts[i] || gc_activation_validate(acts[i], NULL, 0) != GC_OK)
            return GC_INVAL;
    for (int p = 0; p < GC_N_PRECISIONS; p++)
        n_prec += o->precisions[p];
    if (n_prec == 0 || o->points < 100 || o->points > 100000000
        || (o->isolation != GC_ISOLATE_CHILD && o->isolation != GC_ISOLATE_NONE)
        || (o->isolation == GC_ISOLATE_CHILD && !(o->timeout_s > 0 && o->timeout_s <= 1e6))
        || (o->n_expect_fail && !o->expect_fail))
        return GC_INVAL;
    /* A misspelt expected failure would hide a real one. */
    for (size_t k = 0; k < o->n_expect_fail; k++) {
        bool found = false;
        for (size_t i = 0; i < n_acts && !found; i++)
            found = o->expect_fail[k] && strcmp(acts[i]->name, o->expect_fail[k]) == 0;
        if (!found)
            return GC_INVAL;
    }
    return GC_OK;
}

/* One activation in one precision into *r.  A crash or timeout in a
 * child is a result (verdict crash), not an error. */
static gc_status check_one(const struct gc_activation *a, gc_precision p,
                           const struct gc_run_options *o,
                           const struct gc_check_options *co, struct gc_result *r)
{
    const char *source = is_builtin(a) ? "builtin" : "caller";
    if (o->isolation == GC_ISOLATE_NONE)
        return gc_check_run(a, source, p, co, r);
    struct gc_crash crash;
    gc_status st = gc_check_run_isolated(a, source, p, co, o->timeout_s, r, &crash);
    return st == GC_CRASH || st == GC_TIMEOUT ? GC_OK : st;
}

/* gradcheck check's depth warning: pass becomes warn when a deep network
 * of a overflows float32.  Runs a in this process, so only for code that
 * already runs here: built-ins, or everything when not isolating. */
static void depth_note(const struct gc_activation *a, const struct gc_run_options *o,
                       struct gc_result *r, size_t n)
{
    bool up = false;
    int layer = 0;
    double sw2 = 0;
    if (!o->depth_warning || (o->isolation != GC_ISOLATE_NONE && !is_builtin(a)))
        return;
    if (gc_depth_blowup_within(a, RUN_DEPTH_LAYERS, &up, &layer, NULL, &sw2) != GC_OK || !up)
        return;
    for (size_t i = 0; i < n; i++) {
        if (r[i].skipped || r[i].verdict == GC_VERDICT_CRASH)
            continue;
        r[i].depth_layer = layer;
        r[i].depth_sw2 = sw2;
        if (r[i].verdict == GC_VERDICT_PASS)
            r[i].verdict = GC_VERDICT_WARN;
    }
}

static gc_status run_all(const struct gc_activation *const *acts, size_t n_acts,
                         const struct gc_run_options *o, struct gc_run *run)
{
    struct gc_check_options co;
    gc_check_options_default(&co);
    co.n_points = o->points;
    co.seed = o->seed;
    for (size_t i = 0; i < n_acts; i++) {
        size_t first = run->n;
        for (int p = 0; p < GC_N_PRECISIONS; p++) {
            if (!o->precisions[p])
                continue;
            gc_status st = check_one(acts[i], (gc_precision)p, o, &co, &run->res[run->n]);
            if (st != GC_OK)
                return st;
            run->todo[run->n++] = expected_to_fail(o, acts[i]->name);
        }
        depth_note(acts[i], o, &run->res[first], run->n - first);
    }
    return GC_OK;
}

gc_status gc_run_check(const struct gc_activation *const *acts, size_t n_acts,
                       const struct gc_run_options *o, struct gc_run **out)
{
    struct gc_run_options def;
    if (!out)
        return GC_INVAL;
    *out = NULL;
    if (!o) {
        gc_run_options_default(&def);
        o = &def;
    }
    gc_status st = validate(acts, n_acts, o);
    if (st != GC_OK)
        return st;
    size_t n_prec = 0;
    for (int p = 0; p < GC_N_PRECISIONS; p++)
        n_prec += o->precisions[p];
    if (n_acts > SIZE_MAX / n_prec / sizeof(struct gc_result))
        return GC_NOMEM;
    struct gc_run *run = calloc(1, sizeof *run);
    if (!run)
        return GC_NOMEM;
    run->res = calloc(n_acts * n_prec, sizeof *run->res);
    run->todo = calloc(n_acts * n_prec, sizeof *run->todo);
    if (!run->res || !run->todo) {
        gc_run_free(run);
        return GC_NOMEM;
    }
    /* GSL's default handler aborts; the library checks every status.  The
     * caller's handler is back before returning. */
    gsl_error_handler_t *prev = gsl_set_error_handler_off();
    st = run_all(acts, n_acts, o, run);
    gsl_set_error_handler(prev);
    if (st != GC_OK) {
        gc_run_free(run);
        return st;
    }
    *out = run;
    return GC_OK;
}

size_t gc_run_count(const struct gc_run *run)
{
    return run ? run->n : 0;
}

gc_status gc_run_summary_get(const struct gc_run *run, size_t i, struct gc_run_summary *out)
{
    if (!run || !out || i >= run->n)
        return GC_INVAL;
    const struct gc_result *r = &run->res[i];
    memset(out, 0, sizeof *out);
    out->activation = r->act->name;
    out->precision = r->prec;
    out->outcome = r->skipped ? GC_OUTCOME_SKIPPED : (gc_outcome)r->verdict;
    out->expected_fail = run->todo[i];
    out->points = r->points;
    out->mismatches = r->mismatches;
    out->max_ulp_error = r->max_ulp_error;
    out->tol_ulps = r->has_worst ? r->worst.tol_ulps : (double)NAN;
    out->worst_x = r->has_worst ? r->worst.x : (double)NAN;
    out->n_regions = r->n_regions;
    return GC_OK;
}

gc_status gc_run_write(const struct gc_run *run, const char *format, FILE *out)
{
    if (!run || !format || !out)
        return GC_INVAL;
    const struct gc_report_format *f = gc_report_format_find(format);
    if (!f || (f->alias && strcmp(format, f->alias) == 0))
        return GC_INVAL;      /* the documented names only */
    struct gc_report_opts o = { RUN_TEXT_DETAILS, run->todo };
    return f->write(out, run->res, run->n, &o);
}

void gc_run_free(struct gc_run *run)
{
    if (!run)
        return;
    /* Crash results own nothing; gc_result_free copes with empty ones. */
    for (size_t i = 0; i < run->n; i++)
        gc_result_free(&run->res[i]);
    free(run->res);
    free(run->todo);
    free(run);
}
