/* report_page.c - the Markdown pages of `gradcheck report`: one page per
 * activation (what was checked and how, the summary and regions of
 * report_md.c, the deep-network analysis under LeCun and He, the plots or
 * why there are none) and the index linking every page with its verdicts.
 * Deterministic: no dates, so a rerun gives the same bytes. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include "report.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

const char *const gc_report_init_label[2] = { "LeCun (sigma_w^2 = 1)",
                                              "He (sigma_w^2 = 2)" };
const char *const gc_page_plot_suffix[GC_PAGE_N_PLOTS] = { "-error.svg", "-f.svg",
                                                           "-depth.svg" };

static void depth_section(FILE *out, const struct gc_report_page *pg)
{
    fputs("## Deep network\n\n", out);
    if (pg->isolated) {
        fputs("Not analysed: a plugin's code runs only in a child process.\n\n", out);
        return;
    }
    if (!pg->depth[0] && !pg->depth[1]) {
        fputs("The mean-field analysis could not be computed for this activation.\n\n", out);
        return;
    }
    fprintf(out, "Mean-field signal propagation through a fully connected network "
            "(`gradcheck depth %s`): weights N(0, sigma_w^2/fan_in), no biases, input "
            "variance 1, %d layers.\n\n", pg->act->name, pg->depth_layers);
    fputs("| initialisation | regime | gradients | fixed points q* | overflow layer "
          "float16 | bfloat16 | float32 | float64 |\n"
          "|---|---|---|---|---:|---:|---:|---:|\n", out);
    for (int k = 0; k < 2; k++) {
        if (!pg->depth[k])
            continue;
        const struct gc_depth_result *d = pg->depth[k];
        fprintf(out, "| %s | %s | %s | ", gc_report_init_label[k], gc_depth_regime_name(d->regime),
                gc_depth_gradient_name(d->gradient));
        if (d->every_q_fixed)
            fputs("every q", out);
        else if (!d->n_fixed)
            fputs("none", out);
        for (size_t i = 0; i < d->n_fixed && !d->every_q_fixed; i++)
            fprintf(out, "%s`%.9g` (%s)", i ? ", " : "", d->fixed[i].q,
                    d->fixed[i].stable ? "stable" : "unstable");
        for (int p = 0; p < GC_N_PRECISIONS; p++) {
            if (d->overflow_layer[p] > 0)
                fprintf(out, " | %d", d->overflow_layer[p]);
            else
                fputs(" | -", out);
        }
        fputs(" |\n", out);
    }
    fputc('\n', out);
    for (int k = 0; k < 2; k++) {
        if (!pg->depth[k])
            continue;
        char buf[2048];
        fprintf(out, "**%s.** %s\n\n", gc_report_init_label[k],
                gc_depth_verdict(pg->depth[k], buf, sizeof buf));
    }
}

/* "float16 and bfloat16 on every value, float32 on about N sampled points
 * (seed S)": the precisions this run checked, and how. */
static void checked_phrase(FILE *out, const bool *want, size_t points, uint64_t seed)
{
    static const gc_precision every[] = { GC_PREC_F16, GC_PREC_BF16 };
    static const gc_precision sampled[] = { GC_PREC_F32, GC_PREC_F64 };
    const gc_precision *set[2] = { every, sampled };
    bool first_group = true;
    for (int g = 0; g < 2; g++) {
        int n = want[set[g][0]] + want[set[g][1]];
        if (!n)
            continue;
        fputs(first_group ? "" : ", ", out);
        first_group = false;
        bool first = true;
        for (int k = 0; k < 2; k++)
            if (want[set[g][k]]) {
                fprintf(out, "%s%s", first ? "" : " and ", gc_fp_format(set[g][k])->name);
                first = false;
            }
        if (g == 0)
            fputs(" on every value", out);
        else
            fprintf(out, " on about %zu sampled points (seed %llu)", points,
                    (unsigned long long)seed);
    }
}

gc_status gc_report_page(FILE *out, const struct gc_report_page *pg)
{
    const struct gc_activation *a = pg->act;
    fprintf(out, "# %s\n\n", a->name);
    if (a->summary && *a->summary)
        fprintf(out, "%s\n\n", a->summary);
    fprintf(out, "Source: `%s`.", pg->source);
    if (a->n_kinks) {
        fputs("  Declared kinks:", out);
        for (size_t i = 0; i < a->n_kinks; i++)
            fprintf(out, "%s `%.17g`", i ? "," : "", a->kinks[i]);
        fputc('.', out);
    }
    fprintf(out, "  Checked by gradcheck %s: ", PACKAGE_VERSION);
    checked_phrase(out, pg->want, pg->points, pg->seed);
    fputs(".\n\n", out);
    fprintf(out, "Data: [results as JSON](%s.json), [every sampled point as CSV](%s.csv)"
            " (one row per point and precision).\n\n", pg->stem, pg->stem);
    gc_status st = gc_report_markdown_level(out, pg->res, pg->n_res, 2);
    if (st != GC_OK)
        return st;
    depth_section(out, pg);
    fputs("## Plots\n\n", out);
    static const char *const alt[GC_PAGE_N_PLOTS] = {
        "error of the declared gradient in ULPs against x",
        "f and df",
        "RMS pre-activation and gradient gain per layer",
    };
    static const char *const caption[GC_PAGE_N_PLOTS] = {
        "Error of the declared gradient in ULPs of each precision against x on a "
        "symmetric-log axis (the sampled points; float16 and bfloat16 as sampled, "
        "their summary above is exhaustive).  Shaded bands: the regions of each "
        "precision (one band per precision, bottom to top in the order of the "
        "summary); dashed lines: declared kinks.",
        "f and the declared df on [-5, 5].",
        "Deep network: RMS of the pre-activations sqrt(q(l)) and the cumulative "
        "gradient gain per layer under LeCun and He initialisation, with the largest "
        "finite value of each precision (the overflow limits).",
    };
    bool any = false;
    for (int k = 0; k < GC_PAGE_N_PLOTS; k++) {
        if (!pg->drawn[k])
            continue;
        fprintf(out, "![%s](%s%s)\n\n%s\n\n", alt[k], pg->stem, gc_page_plot_suffix[k], caption[k]);
        any = true;
    }
    if (pg->plots == GC_PLOTS_OFF)
        fputs("*No plots: they were turned off (GRADCHECK_GNUPLOT is empty).*\n", out);
    else if (pg->plots == GC_PLOTS_NO_GNUPLOT)
        fputs("*No plots: gnuplot was not found.  Install gnuplot (Debian: "
              "`apt-get install --no-install-recommends gnuplot-nox`) or point "
              "GRADCHECK_GNUPLOT at it, and run the report again.*\n", out);
    else if (pg->isolated)
        fputs("*No plots: a plugin's code runs only in a child process, so no "
              "per-point data is collected.*\n", out);
    else if (!any)
        fputs("*No plots: gnuplot failed (see the message on standard error).*\n", out);
    else if (!pg->drawn[GC_PAGE_PLOT_ERROR] || !pg->drawn[GC_PAGE_PLOT_FN]
             || !pg->drawn[GC_PAGE_PLOT_DEPTH])
        fputs("*Some plots are missing: gnuplot failed on them.*\n", out);
    return ferror(out) ? GC_IO : GC_OK;
}

gc_status gc_report_index(FILE *out, const struct gc_report_index_row *rows, size_t n,
                          const bool *want, size_t points, uint64_t seed)
{
    fprintf(out, "# gradcheck reports\n\n"
            "Gradient-accuracy reports written by `gradcheck report` (gradcheck %s): ",
            PACKAGE_VERSION);
    checked_phrase(out, want, points, seed);
    fputs(".  Each page has the per-precision summary, the regions where the numbers "
          "go bad, the deep-network analysis and plots; the JSON and CSV beside it "
          "carry every number.\n\n", out);
    fputs("| activation | source |", out);
    for (int p = 0; p < GC_N_PRECISIONS; p++)
        if (want[p])
            fprintf(out, " %s |", gc_fp_format((gc_precision)p)->name);
    fputs(" deep network |\n|---|---|", out);
    for (int p = 0; p < GC_N_PRECISIONS; p++)
        if (want[p])
            fputs("---|", out);
    fputs("---|\n", out);
    for (size_t i = 0; i < n; i++) {
        const struct gc_report_index_row *r = &rows[i];
        fprintf(out, "| [%s](%s.md) | `%s` |", r->name, r->stem, r->source);
        for (int p = 0; p < GC_N_PRECISIONS; p++) {
            if (!want[p])
                continue;
            if (!r->have[p])
                fputs(" - |", out);
            else
                fprintf(out, " %s |", r->verdict[p] == GC_VERDICT_PASS ? "pass"
                        : r->verdict[p] == GC_VERDICT_WARN ? "**warn**"
                        : r->verdict[p] == GC_VERDICT_FAIL ? "**FAIL**" : "**CRASH**");
        }
        if (r->depth_layer > 0)
            fprintf(out, " float32 overflows at layer %d (sigma_w^2 = %g) |\n",
                    r->depth_layer, r->depth_sw2);
        else
            fputs(" - |\n", out);
    }
    return ferror(out) ? GC_IO : GC_OK;
}
