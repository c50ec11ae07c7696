/* report_md.c - Markdown results (gradcheck check --format markdown, and
 * the body of every page of gradcheck report).
 *
 * GitHub-flavoured tables.  Numbers are in code spans so that Markdown
 * never reinterprets them ("1e+38", "-0", "0x1p+64" stay as printed), with
 * the round-trip digits of their precision (report.h) beside the hex.
 * Activation names are [a-z][a-z0-9_]* and sources are file names; the
 * few characters that mean something in a table cell are escaped.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "report.h"

#define NUM 48

/* Plain text in a table cell: escape what Markdown would act on. */
static void text_cell(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (strchr("|\\`*_[]<>#", *s))
            fputc('\\', out);
        fputc(*s == '\n' ? ' ' : *s, out);
    }
}

static void ulp_cell(FILE *out, double u)
{
    if (isnan(u))
        fputs("-", out);
    else if (isinf(u))
        fputs("`inf`", out);
    else if (u < 1e6)
        fprintf(out, "%.2f", u);
    else
        fprintf(out, "%.3g", u);
}

static void heading(FILE *out, int level, const char *title)
{
    fprintf(out, "%.*s %s\n\n", level < 1 ? 1 : level > 6 ? 6 : level, "######", title);
}

static const char *verdict_cell(const struct gc_result *r)
{
    switch (r->verdict) {
    case GC_VERDICT_PASS: return "pass";
    case GC_VERDICT_WARN: return "**warn**";
    case GC_VERDICT_FAIL: return "**FAIL**";
    case GC_VERDICT_CRASH: return "**CRASH**";
    }
    return "?";
}

static void summary_row(FILE *out, const struct gc_result *r)
{
    char a[NUM], b[NUM];
    fputs("| ", out);
    text_cell(out, r->act->name);
    fprintf(out, " | %s | ", gc_fp_format(r->prec)->name);
    if (r->skipped) {
        fprintf(out, "skipped | - | - | - | - | - | no %s functions |\n",
                r->prec == GC_PREC_F64 ? "f64/df64" : "f32/df32");
        return;
    }
    if (r->verdict == GC_VERDICT_CRASH) {
        fprintf(out, "%s | - | - | - | - | - | ", verdict_cell(r));
        if (r->timed_out)
            fputs("timed out", out);
        else if (r->crash_signal)
            fprintf(out, "killed by signal %d (%s)", r->crash_signal, strsignal(r->crash_signal));
        else
            fputs("exited on its own", out);
        if (!isnan(r->crash_x))
            fprintf(out, " evaluating %s at `%s` (`%s`)", r->crash_what ? r->crash_what : "?",
                    gc_fmt_value(r->prec, r->crash_x, a, sizeof a),
                    gc_fmt_hex(r->crash_x, b, sizeof b));
        fputs(" |\n", out);
        return;
    }
    fprintf(out, "%s | %zu | ", verdict_cell(r), r->points);
    ulp_cell(out, r->max_ulp_error);
    fputs(" | ", out);
    ulp_cell(out, r->median_ulp_error);
    fputs(" | ", out);
    if (r->has_worst && r->max_ulp_error > 0)
        fprintf(out, "`%s` (`%s`)", gc_fmt_value(r->prec, r->worst.x, a, sizeof a),
                gc_fmt_hex(r->worst.x, b, sizeof b));
    else
        fputs("-", out);
    fputs(" | ", out);
    ulp_cell(out, r->has_worst ? r->worst.tol_ulps : (double)NAN);
    fputs(" | ", out);
    if (r->partial)
        fprintf(out, "partial: %.1f%% of the lattice", 100 * r->coverage);
    else if (r->exhaustive)
        fputs("exhaustive", out);
    else
        fputs("sampled", out);
    if (r->mismatches)
        fprintf(out, "; %zu failing point%s", r->mismatches, r->mismatches == 1 ? "" : "s");
    fputs(" |\n", out);
}

static void region_table(FILE *out, const struct gc_result *r, int level)
{
    char title[128], lo[NUM], loh[NUM], hi[NUM], hih[NUM], fe[NUM];
    snprintf(title, sizeof title, "Regions: %s %s (%s)", r->act->name,
             gc_fp_format(r->prec)->name, gc_verdict_name(r->verdict));
    heading(out, level, title);
    fprintf(out, "Tolerance: %g ULP + %g x |f''| ULP(x) + %g x eps x |secant| + "
            "reference error.\n\n", r->tol.ulps, r->tol.backward_ulps, r->tol.scale_eps);
    fputs("| class | function | kind | from | to | points | exceptions |\n"
          "|---|---|---|---|---|---:|---|\n", out);
    for (size_t i = 0; i < r->n_regions; i++) {
        const struct gc_region *g = &r->regions[i];
        const char *kind = g->cls == GC_CLASS_OVERFLOW
                               ? (g->inherent ? "inherent" : "**premature**")
                               : gc_class_fails(g->cls, g->inherent) ? "**error**" : "info";
        fprintf(out, "| %s | %s | %s | `%s` (`%s`) | `%s` (`%s`) | %zu | %s |\n",
                gc_class_name(g->cls), g->function == GC_FN_F ? "f" : "df", kind,
                gc_fmt_value(r->prec, g->lo, lo, sizeof lo), gc_fmt_hex(g->lo, loh, sizeof loh),
                gc_fmt_value(r->prec, g->hi, hi, sizeof hi), gc_fmt_hex(g->hi, hih, sizeof hih),
                g->count, g->fe ? gc_fe_names(g->fe, fe, sizeof fe) : "-");
    }
    fputc('\n', out);
}

gc_status gc_report_markdown_level(FILE *out, const struct gc_result *res, size_t n,
                                   int level)
{
    heading(out, level, "Summary");
    fputs("| activation | precision | verdict | points | max ULP error | median ULP error "
          "| worst x | tolerance (ULP) at worst x | coverage |\n"
          "|---|---|---|---:|---:|---:|---|---:|---|\n", out);
    for (size_t i = 0; i < n; i++)
        summary_row(out, &res[i]);
    fputc('\n', out);
    for (size_t i = 0; i < n; i++)
        if (!res[i].skipped && res[i].n_regions && res[i].verdict != GC_VERDICT_CRASH)
            region_table(out, &res[i], level + 1);
    for (size_t i = 0; i < n; i++) {
        if (res[i].depth_layer <= 0 || (i > 0 && res[i - 1].act == res[i].act))
            continue;
        fprintf(out, "Deep network: `%s` (`sigma_w^2 = %g`, `sigma_b = 0`, input variance 1) "
                "overflows float32 at layer %d; see `gradcheck depth %s`.\n\n",
                res[i].act->name, res[i].depth_sw2, res[i].depth_layer, res[i].act->name);
    }
    return ferror(out) ? GC_IO : GC_OK;
}

gc_status gc_report_markdown(FILE *out, const struct gc_result *res, size_t n)
{
    return gc_report_markdown_level(out, res, n, 2);
}
