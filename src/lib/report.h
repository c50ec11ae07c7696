/* report.h - writing check results: text, JSON, CSV and Markdown.
 *
 * Numbers are printed so they read back exactly: in text, a value of
 * precision p with the decimal digits p needs to round-trip (%.5g float16,
 * %.4g bfloat16, %.9g float32, %.17g float64) next to its hex form (%a);
 * in JSON every finite number as a double with 17 significant digits (the
 * exact value of any float16/bfloat16/float32/float64), and the
 * non-finite ones as the strings "inf", "-inf", "nan".
 */
#ifndef GC_REPORT_H
#define GC_REPORT_H

#include <stdio.h>
#include "verify.h"
#include "depth.h"

#define GC_VERSION_STRING PACKAGE_VERSION

/* Decimal of v as a value of precision p, round-trip digits: "3.40282347e+38",
 * "inf", "-0".  Returns buf. */
const char *gc_fmt_value(gc_precision p, long double v, char *buf, size_t size);
/* Hex of v as a double ("0x1p+64", "inf"). */
const char *gc_fmt_hex(long double v, char *buf, size_t size);

/* Text: one summary line per result (verdict, points, max ULP error and
 * tolerance, worst x), then the region table and the flagged points of
 * every result that has any (at most max_detail flagged points listed per
 * region; 0 means all). */
gc_status gc_report_text(FILE *out, const struct gc_result *res, size_t n,
                         size_t max_detail) GC_WARN_UNUSED;

/* JSON in the shape of doc/design.md: {"gradcheck": {...}, "results": [...]}. */
gc_status gc_report_json(FILE *out, const struct gc_result *res, size_t n)
    GC_WARN_UNUSED;

/* CSV (RFC 4180, one header row, pandas- and jq-friendly): one row per
 * result with its verdict, counts, ULP errors, worst point and tolerance.
 * Values of the precision are printed with %.9g (float16, bfloat16,
 * float32: all exact in float32) or %.17g (float64), every other number
 * as the shortest decimal that reads back to the same double; non-finite
 * ones as "inf", "-inf", "nan"; a missing value as an empty field. */
gc_status gc_report_csv(FILE *out, const struct gc_result *res, size_t n)
    GC_WARN_UNUSED;

/* Per-point CSV: one row per evaluated point of `activation` in precision
 * p (x, class, f, declared and reference derivative, error bar, ULP error,
 * tolerance, ...), numbers as for gc_report_csv.  The header row is
 * written when `header` is true, so several precisions can share a file. */
gc_status gc_report_csv_points(FILE *out, const char *activation, gc_precision p,
                               const struct gc_flag *pts, size_t n, bool header)
    GC_WARN_UNUSED;

/* Markdown: a summary table (one row per result: verdict, points, max and
 * median ULP error, worst x in decimal and hex, tolerance), then the
 * region table of every result that has regions, and the depth notes.
 * Headings start at level `level` (2 gives "## Summary"). */
gc_status gc_report_markdown_level(FILE *out, const struct gc_result *res, size_t n,
                                   int level) GC_WARN_UNUSED;
/* gc_report_markdown_level at level 2, for `gradcheck check`. */
gc_status gc_report_markdown(FILE *out, const struct gc_result *res, size_t n)
    GC_WARN_UNUSED;

/* The depth analysis of one activation under one initialisation, and
 * what a random MLP did in the simulated precisions (gradcheck depth). */
#define GC_DEPTH_N_SIM 3
extern const gc_precision gc_depth_sim_precs[GC_DEPTH_N_SIM]; /* float32, float16, bfloat16 */
struct gc_depth_entry {
    const struct gc_activation *act;
    double sigma_w, sigma_b;
    const char *init;                 /* "LeCun", "He" or NULL */
    struct gc_depth_result r;
    bool have_r;
    struct gc_depth_sim sim[GC_DEPTH_N_SIM];
    bool have_sim;
    int width;
    uint64_t seed;
};

/* Text: per entry the parameters, fixed points, regime, over- and
 * underflow layers, a per-layer table (every layer to 10, every 10th, the
 * last and every layer where a precision over- or underflows), the
 * simulation and a plain-words verdict; entries separated by a blank
 * line.  GC_IO on a write error. */
gc_status gc_report_depth_text(FILE *out, const struct gc_depth_entry *es, size_t n)
    GC_WARN_UNUSED;
/* JSON: {"gradcheck": {"version"}, "depth": [one object per entry]}. */
gc_status gc_report_depth_json(FILE *out, const struct gc_depth_entry *es, size_t n)
    GC_WARN_UNUSED;

/* The pages of `gradcheck report` (report_page.c). */
extern const char *const gc_report_init_label[2];   /* LeCun, He */
enum { GC_PAGE_PLOT_ERROR, GC_PAGE_PLOT_FN, GC_PAGE_PLOT_DEPTH, GC_PAGE_N_PLOTS };
/* "-error.svg", "-f.svg", "-depth.svg": a plot's file is STEM + suffix. */
extern const char *const gc_page_plot_suffix[GC_PAGE_N_PLOTS];
enum gc_page_plots {
    GC_PLOTS_GNUPLOT,      /* gnuplot ran: drawn[] says which plots exist */
    GC_PLOTS_OFF,          /* GRADCHECK_GNUPLOT set and empty */
    GC_PLOTS_NO_GNUPLOT,   /* gnuplot not found */
};
struct gc_report_page {
    const struct gc_activation *act;
    const char *source;          /* "builtin", the spec file, the plugin */
    const char *stem;            /* the page's files are STEM.md, STEM.json, ... */
    bool isolated;               /* a plugin's: no per-point data, depth or plots */
    const struct gc_result *res; /* one per checked precision */
    size_t n_res;
    const struct gc_depth_result *depth[2]; /* LeCun, He; NULL: not computed */
    int depth_layers;
    const bool *want;            /* [GC_N_PRECISIONS]: the precisions checked */
    size_t points;               /* sampled points per float32/float64 check */
    uint64_t seed;
    enum gc_page_plots plots;
    bool drawn[GC_PAGE_N_PLOTS];
};
/* The Markdown page of one activation.  GC_IO on a write error. */
gc_status gc_report_page(FILE *out, const struct gc_report_page *pg) GC_WARN_UNUSED;

/* One row of the index: an activation's verdict per precision and its
 * depth warning (depth_layer 0: none). */
struct gc_report_index_row {
    char stem[80];               /* the page's files are STEM.md, ... */
    const char *name, *source;
    gc_verdict verdict[GC_N_PRECISIONS];
    bool have[GC_N_PRECISIONS];
    int depth_layer;
    double depth_sw2;
};
/* index.md: what was checked and a table linking every page (STEM.md)
 * with its verdicts in the precisions of want[].  GC_IO on a write error. */
gc_status gc_report_index(FILE *out, const struct gc_report_index_row *rows, size_t n,
                          const bool *want, size_t points, uint64_t seed) GC_WARN_UNUSED;

/* TAP version 13 (report_tap.c): the plan, then one line per result in
 * order: "ok" for pass and warn, "not ok" for fail and crash, "ok ... #
 * SKIP" for a skipped precision; warn, fail and crash lines are followed
 * by a YAML block (verdict, source, points, mismatches, max ULP error,
 * tolerance at the worst x, worst x in decimal and hex, the failing
 * classes, the first 20 regions, the depth note; for a crash what
 * happened, the function and x).  todo (NULL: none) has one entry per
 * result: a true one appends "# TODO expected failure" (automake counts
 * "not ok ... # TODO" as XFAIL, "ok ... # TODO" as XPASS); a skipped
 * result stays a SKIP.  GC_IO when out has an error. */
gc_status gc_report_tap(FILE *out, const struct gc_result *res, size_t n,
                        const bool *todo) GC_WARN_UNUSED;

/* The result formats, one table (report_formats.c): a name (and an
 * optional alias) and the writer.  details: text, flagged points listed
 * per region (0 all); todo: TAP, per result whether it is an expected
 * failure (NULL none). */
struct gc_report_opts {
    size_t details;
    const bool *todo;
};
struct gc_report_format {
    const char *name, *alias;
    gc_status (*write)(FILE *out, const struct gc_result *res, size_t n,
                       const struct gc_report_opts *o);
};
extern const struct gc_report_format gc_report_formats[];
extern const size_t gc_report_n_formats;
/* The format called name (or by its alias); NULL if none. */
const struct gc_report_format *gc_report_format_find(const char *name);

/* The shortest decimal that reads back (strtod) to the same double v,
 * or "inf", "-inf", "nan".  Returns buf. */
const char *gc_fmt_shortest(double v, char *buf, size_t size);

#endif
