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

/* The shortest decimal that reads back (strtod) to the same double v,
 * or "inf", "-inf", "nan".  Returns buf. */
const char *gc_fmt_shortest(double v, char *buf, size_t size);

#endif
