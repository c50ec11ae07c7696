/* report_csv.c - CSV results: one row per result (gradcheck check
 * --format csv) and one row per evaluated point (gradcheck report).
 *
 * RFC 4180: comma-separated, one header row, a field is quoted (with
 * doubled quotes inside) only when it holds a comma, quote or line break,
 * rows end in "\n" (what pandas.read_csv and jq's @csv expect).  Numbers
 * read back exactly: values of the checked precision with %.9g (float16,
 * bfloat16 and float32 values are all float32 values) or %.17g (float64),
 * derived quantities (references, errors, tolerances) as the shortest
 * decimal that strtod maps back to the same double.  Non-finite numbers
 * are "inf", "-inf", "nan" (pandas reads them as floats); a value that
 * does not exist (no worst point) is an empty field.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

#define NUM 48

const char *gc_fmt_shortest(double v, char *buf, size_t size)
{
    if (isnan(v)) {
        snprintf(buf, size, "nan");
        return buf;
    }
    if (isinf(v)) {
        snprintf(buf, size, "%sinf", v < 0 ? "-" : "");
        return buf;
    }
    /* 17 significant digits always round-trip a double; fewer often do. */
    for (int d = 1; d <= 17; d++) {
        snprintf(buf, size, "%.*g", d, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return buf;
}

/* A value of precision p: %.9g for the formats narrower than double. */
static const char *fmt_p(gc_precision p, long double v, char *buf, size_t size)
{
    if (isnan(v) || isinf(v))
        return gc_fmt_shortest((double)v, buf, size);
    snprintf(buf, size, "%.*g", p == GC_PREC_F64 ? 17 : 9, (double)v);
    return buf;
}

static void field(FILE *out, const char *s, bool last)
{
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', out);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', out);
            fputc(*s, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
    fputc(last ? '\n' : ',', out);
}

static void num_field(FILE *out, double v)
{
    char buf[NUM];
    field(out, gc_fmt_shortest(v, buf, sizeof buf), false);
}

static void size_field(FILE *out, size_t v)
{
    fprintf(out, "%zu,", v);
}

gc_status gc_report_csv(FILE *out, const struct gc_result *res, size_t n)
{
    fputs("activation,source,precision,verdict,skipped,exhaustive,partial,points,"
          "mismatches,regions,max_ulp_error,median_ulp_error,max_rel_error,"
          "worst_x,worst_x_hex,worst_declared,worst_reference,worst_ulp_error,"
          "tolerance_ulps,tol_ulps,tol_backward_ulps,tol_scale_eps,"
          "depth_float32_overflow_layer\n", out);
    for (size_t i = 0; i < n; i++) {
        const struct gc_result *r = &res[i];
        char a[NUM], b[NUM];
        bool crash = r->verdict == GC_VERDICT_CRASH;
        field(out, r->act->name, false);
        field(out, r->source ? r->source : "builtin", false);
        field(out, gc_fp_format(r->prec)->name, false);
        field(out, gc_verdict_name(r->verdict), false);
        field(out, r->skipped ? "true" : "false", false);
        field(out, r->exhaustive ? "true" : "false", false);
        field(out, r->partial ? "true" : "false", false);
        size_field(out, r->points);
        size_field(out, r->mismatches);
        size_field(out, r->n_regions);
        if (r->skipped || crash) {
            fputs(",,,", out);
        } else {
            num_field(out, r->max_ulp_error);
            num_field(out, r->median_ulp_error);
            num_field(out, r->max_rel_error);
        }
        if (r->has_worst && !r->skipped && !crash) {
            field(out, fmt_p(r->prec, r->worst.x, a, sizeof a), false);
            field(out, gc_fmt_hex(r->worst.x, b, sizeof b), false);
            field(out, fmt_p(r->prec, r->worst.declared, a, sizeof a), false);
            num_field(out, (double)r->worst.reference);
            num_field(out, r->worst.ulp_error);
            num_field(out, r->worst.tol_ulps);
        } else {
            fputs(",,,,,,", out);
        }
        num_field(out, r->tol.ulps);
        num_field(out, r->tol.backward_ulps);
        num_field(out, r->tol.scale_eps);
        fprintf(out, "%d\n", r->depth_layer);
    }
    return ferror(out) ? GC_IO : GC_OK;
}

gc_status gc_report_csv_points(FILE *out, const char *activation, gc_precision p,
                               const struct gc_flag *pts, size_t n, bool header)
{
    if (header)
        fputs("activation,precision,x,x_hex,class,function,inherent,at_kink,"
              "f,f_reference,declared,reference,reference_error,ulp_error,"
              "tolerance_ulps,same_precision_fd,left,right\n", out);
    const char *prec = gc_fp_format(p)->name;
    for (size_t i = 0; i < n; i++) {
        const struct gc_flag *f = &pts[i];
        char a[NUM];
        field(out, activation, false);
        field(out, prec, false);
        field(out, fmt_p(p, f->x, a, sizeof a), false);
        field(out, gc_fmt_hex(f->x, a, sizeof a), false);
        field(out, gc_class_name(f->cls), false);
        field(out, f->function == GC_FN_F ? "f" : "df", false);
        field(out, f->inherent ? "true" : "false", false);
        field(out, f->at_kink ? "true" : "false", false);
        field(out, fmt_p(p, f->f_decl, a, sizeof a), false);
        num_field(out, (double)f->f_ref);
        field(out, fmt_p(p, f->declared, a, sizeof a), false);
        num_field(out, (double)f->reference);
        num_field(out, (double)f->ref_err);
        num_field(out, f->ulp_error);
        num_field(out, f->tol_ulps);
        if (isnan(f->fd_same))
            fputc(',', out);
        else
            field(out, fmt_p(p, f->fd_same, a, sizeof a), false);
        if (isnan(f->left)) {
            fputs(",\n", out);
        } else {
            num_field(out, (double)f->left);
            field(out, gc_fmt_shortest((double)f->right, a, sizeof a), true);
        }
    }
    return ferror(out) ? GC_IO : GC_OK;
}
