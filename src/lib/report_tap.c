/* report_tap.c - TAP results (gradcheck check --format tap), so that
 * another project's test suite (automake's tap-driver.sh, prove) can run
 * gradcheck as one of its tests.
 *
 * TAP version 13: the plan first, then one test line per result.  Pass and
 * warn are "ok", fail and crash "not ok", a precision without functions
 * "ok ... # SKIP".  Everything but a plain pass carries a YAML diagnostic
 * block; tap-driver.sh copies it into the test log and otherwise ignores
 * it, prove and TAP::Harness parse it.  The description never contains
 * '#' (names are [a-z][a-z0-9_]*), so only the directives this writer
 * adds are read as directives.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "report.h"

#define NUM 48
/* Regions listed per result: an exhaustive sweep can have hundreds, and
 * a test log wants the first few plus a count. */
#define TAP_MAX_REGIONS 20

/* A YAML double-quoted scalar: escapes what would end or bend it. */
static void yaml_str(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\x%02x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

/* A number reading back to the same double; non-finite ones as YAML's
 * .inf, -.inf, .nan so that a parser gets a float either way. */
static void yaml_num(FILE *out, double v)
{
    char b[NUM];
    if (isnan(v))
        fputs(".nan", out);
    else if (isinf(v))
        fputs(v < 0 ? "-.inf" : ".inf", out);
    else
        fputs(gc_fmt_shortest(v, b, sizeof b), out);
}

/* x as a value of the precision, decimal and hex, both quoted: "-0" and
 * "0x1p+64" are strings to YAML, and must stay exactly as printed. */
static void yaml_x(FILE *out, const char *key, gc_precision p, double x)
{
    char d[NUM], h[NUM];
    fprintf(out, "  %s: ", key);
    yaml_str(out, gc_fmt_value(p, x, d, sizeof d));
    fprintf(out, "\n  %s_hex: ", key);
    yaml_str(out, gc_fmt_hex(x, h, sizeof h));
    fputc('\n', out);
}

static const char *region_kind(const struct gc_region *g)
{
    if (g->cls == GC_CLASS_OVERFLOW)
        return g->inherent ? "inherent" : "premature";
    return gc_class_fails(g->cls, g->inherent) ? "error" : "info";
}

/* The failing classes as a YAML flow list, each named once. */
static void failing_classes(FILE *out, const struct gc_result *r)
{
    bool seen[GC_N_CLASSES] = { false };
    const char *sep = "";
    fputs("  failing_classes: [", out);
    for (size_t i = 0; i < r->n_regions; i++) {
        const struct gc_region *g = &r->regions[i];
        if ((unsigned)g->cls >= GC_N_CLASSES || seen[g->cls]
            || !gc_class_fails(g->cls, g->inherent))
            continue;
        seen[g->cls] = true;
        fprintf(out, "%s%s", sep, gc_class_name(g->cls));
        sep = ", ";
    }
    fputs("]\n", out);
}

static void regions(FILE *out, const struct gc_result *r)
{
    char lo[NUM], hi[NUM], loh[NUM], hih[NUM], fe[NUM];
    fprintf(out, "  n_regions: %zu\n", r->n_regions);
    if (!r->n_regions)
        return;
    fputs("  regions:\n", out);
    for (size_t i = 0; i < r->n_regions && i < TAP_MAX_REGIONS; i++) {
        const struct gc_region *g = &r->regions[i];
        fprintf(out, "    - { class: %s, function: %s, kind: %s, from: ",
                gc_class_name(g->cls), g->function == GC_FN_F ? "f" : "df", region_kind(g));
        yaml_str(out, gc_fmt_value(r->prec, g->lo, lo, sizeof lo));
        fputs(", to: ", out);
        yaml_str(out, gc_fmt_value(r->prec, g->hi, hi, sizeof hi));
        fputs(", from_hex: ", out);
        yaml_str(out, gc_fmt_hex(g->lo, loh, sizeof loh));
        fputs(", to_hex: ", out);
        yaml_str(out, gc_fmt_hex(g->hi, hih, sizeof hih));
        fprintf(out, ", points: %zu", g->count);
        if (g->fe)
            fprintf(out, ", exceptions: \"%s\"", gc_fe_names(g->fe, fe, sizeof fe));
        fputs(" }\n", out);
    }
    if (r->n_regions > TAP_MAX_REGIONS)
        fprintf(out, "  regions_not_listed: %zu\n", r->n_regions - TAP_MAX_REGIONS);
}

static void crash_block(FILE *out, const struct gc_result *r)
{
    char what[128];
    if (r->timed_out)
        snprintf(what, sizeof what, "timed out");
    else if (r->crash_signal)
        snprintf(what, sizeof what, "killed by signal %d (%s)", r->crash_signal,
                 strsignal(r->crash_signal));
    else
        snprintf(what, sizeof what, "exited on its own");
    fputs("  verdict: crash\n  source: ", out);
    yaml_str(out, r->source ? r->source : "");
    fputs("\n  crash: ", out);
    yaml_str(out, what);
    fputc('\n', out);
    if (!isnan(r->crash_x)) {
        fputs("  function: ", out);
        yaml_str(out, r->crash_what ? r->crash_what : "?");
        fputc('\n', out);
        yaml_x(out, "x", r->prec, r->crash_x);
    }
}

static void result_block(FILE *out, const struct gc_result *r)
{
    fprintf(out, "  verdict: %s\n  source: ", gc_verdict_name(r->verdict));
    yaml_str(out, r->source ? r->source : "");
    fprintf(out, "\n  points: %zu\n  mismatches: %zu\n  max_ulp_error: ",
            r->points, r->mismatches);
    yaml_num(out, r->max_ulp_error);
    fputs("\n  tolerance_ulps: ", out);
    yaml_num(out, r->has_worst ? r->worst.tol_ulps : (double)NAN);
    fputc('\n', out);
    if (r->has_worst)
        yaml_x(out, "worst_x", r->prec, r->worst.x);
    if (r->partial) {
        /* An interrupted sweep: the fraction of the lattice it covered. */
        fputs("  partial: true\n  coverage: ", out);
        yaml_num(out, r->coverage);
        fputc('\n', out);
    } else {
        fprintf(out, "  exhaustive: %s\n", r->exhaustive ? "true" : "false");
    }
    failing_classes(out, r);
    regions(out, r);
    if (r->depth_layer > 0)
        fprintf(out, "  depth_layer: %d\n  depth_note: \"a deep network of %s overflows "
                "float32 at layer %d (gradcheck depth %s)\"\n",
                r->depth_layer, r->act->name, r->depth_layer, r->act->name);
}

gc_status gc_report_tap(FILE *out, const struct gc_result *res, size_t n, const bool *todo)
{
    fprintf(out, "TAP version 13\n1..%zu\n", n);
    for (size_t i = 0; i < n; i++) {
        const struct gc_result *r = &res[i];
        const char *prec = gc_fp_format(r->prec)->name;
        if (r->skipped) {
            /* Nothing was run: a skip, whether or not a failure was expected. */
            fprintf(out, "ok %zu - %s %s # SKIP no %s functions\n", i + 1, r->act->name,
                    prec, r->prec == GC_PREC_F64 ? "f64/df64" : "f32/df32");
            continue;
        }
        bool bad = r->verdict == GC_VERDICT_FAIL || r->verdict == GC_VERDICT_CRASH;
        fprintf(out, "%s %zu - %s %s: %s", bad ? "not ok" : "ok", i + 1, r->act->name, prec,
                gc_verdict_name(r->verdict));
        if (r->verdict == GC_VERDICT_FAIL)
            fprintf(out, ", %zu failing point%s", r->mismatches,
                    r->mismatches == 1 ? "" : "s");
        if (todo && todo[i])
            fputs(" # TODO expected failure", out);
        fputc('\n', out);
        if (r->verdict == GC_VERDICT_PASS)
            continue;
        fputs("  ---\n", out);
        if (r->verdict == GC_VERDICT_CRASH)
            crash_block(out, r);
        else
            result_block(out, r);
        fputs("  ...\n", out);
    }
    return ferror(out) ? GC_IO : GC_OK;
}
