/* report.h - writing check results: text and JSON.
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

/* JSON in DESIGN.md's shape: {"gradcheck": {...}, "results": [...]}. */
gc_status gc_report_json(FILE *out, const struct gc_result *res, size_t n)
    GC_WARN_UNUSED;

#endif
