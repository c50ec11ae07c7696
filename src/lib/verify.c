/* verify.c - check one activation in one precision.
 *
 * Method (doc/design.md, "The check of one activation"):
 *  1. points: gc_sample_default for float32/float64; every value of the
 *     format for float16/bfloat16 (65536 patterns, so always exhaustive);
 *  2. declared values: f_p and df_p evaluated in p, each call bracketed by
 *     feclearexcept/fetestexcept (the result goes through a volatile so
 *     gcc cannot delete the operation that raises the flag);
 *  3. reference: Ridders extrapolation on fref (else f64, else f32),
 *     one-sided beside kinks; where its error bar cannot resolve one ULP
 *     of p and the descriptor has a closed-form dfref that agrees with the
 *     finite difference within the bar, dfref is used instead;
 *  4. classification (compare.c), regions, verdict.
 * This file holds the check and the calls into activation code; the
 * reference is in reference.c, the summary and the regions in regions.c,
 * the exhaustive float32 sweep in sweep.c (verify_internal.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "verify_internal.h"
#include "sample.h"


static const char *const verdict_names[] = { "pass", "warn", "fail", "crash" };

const char *gc_verdict_name(gc_verdict v)
{
    return (unsigned)v <= GC_VERDICT_CRASH ? verdict_names[v] : "?";
}

void gc_check_options_default(struct gc_check_options *o)
{
    memset(o, 0, sizeof *o);
    o->n_points = 10000;
    o->seed = 1;
    for (int p = 0; p < GC_N_PRECISIONS; p++)
        gc_tolerance_default((gc_precision)p, &o->tol[p]);
}

const char *gc_fe_names(int fe, char *buf, size_t size)
{
    static const struct { int bit; const char *name; } names[] = {
        { FE_OVERFLOW, "overflow" }, { FE_UNDERFLOW, "underflow" },
        { FE_INVALID, "invalid" }, { FE_DIVBYZERO, "divbyzero" },
    };
    size_t len = 0;
    if (size)
        buf[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!(fe & names[i].bit) || len + 1 >= size)
            continue;
        int n = snprintf(buf + len, size - len, "%s%s", len ? "," : "",
                         names[i].name);
        if (n > 0)
            len += (size_t)n < size - len ? (size_t)n : size - len - 1;
    }
    return buf;
}

/* ---------------------------------------------------------------- calls */

struct gc_watch *gc_verify_watching;
bool gc_verify_serial_on;

void gc_verify_watch(struct gc_watch *w)
{
    gc_verify_watching = w;
}

void gc_verify_serial(bool on)
{
    gc_verify_serial_on = on;
}

/* The declared functions run behind noinline wrappers with a volatile
 * result so that the flag-raising operation happens between clear and
 * test: gcc does not model the FP environment (no FENV_ACCESS) and would
 * otherwise move or fold the operation across the flag calls. */
__attribute__((noinline))
long double gc_call_f32(float (*fn)(float), float x, int *fe)
{
    GC_WATCH(fn, x);
    gc_fe_clear();
    volatile float v = fn(x);
    *fe = gc_fe_test();
    return v;
}

__attribute__((noinline))
static long double call_f64(double (*fn)(double), double x, int *fe)
{
    GC_WATCH(fn, x);
    gc_fe_clear();
    volatile double v = fn(x);
    *fe = gc_fe_test();
    return v;
}

/* Evaluate f or df of precision p at x.  Half formats evaluate the
 * float32 function on the (exactly widened) half input and round the
 * result once to the half format, as frameworks do on CPU. */
static long double eval_decl(const struct gc_activation *a, gc_precision p,
                             bool deriv, double x, int *fe)
{
    switch (p) {
    case GC_PREC_F64:
        return call_f64(deriv ? a->df64 : a->f64, x, fe);
    case GC_PREC_F32:
        return gc_call_f32(deriv ? a->df32 : a->f32, (float)x, fe);
    default: {
        long double v = gc_call_f32(deriv ? a->df32 : a->f32, (float)x, fe);
        long double h = gc_fp_round_ld(p, v);
        /* The rounding to the half format raises what a hardware
         * conversion would: overflow, and underflow for an inexact tiny
         * result. */
        if (isinf(h) && isfinite(v))
            *fe |= FE_OVERFLOW;
        else if (h != v && isfinite(v)
                 && fabsl(h) < gc_fp_format(p)->min_normal)
            *fe |= FE_UNDERFLOW;
        return h;
    }
    }
}

static bool precision_present(const struct gc_activation *a, gc_precision p)
{
    if (p == GC_PREC_F64)
        return a->f64 && a->df64;
    return a->f32 && a->df32;
}

/* ---------------------------------------------------------------- points */

/* The slope of f over the unit neighbourhood of x, |f(x+d) - f(x-d)| / 2d
 * with d = max(1, |x|/8), kept short of any declared kink: the size of
 * the terms a gradient formula may legitimately cancel near a zero of f'
 * (compare.h).  Where f is smooth it is close to |f'(x)|. */
static long double neighbourhood_slope(const struct gc_activation *a,
                                       const struct gc_fd_func *F,
                                       long double x, long double r)
{
    if (!isfinite(x))
        return 0;
    long double d = fmaxl(1.0L, fabsl(x) / 8);
    for (size_t i = 0; i < a->n_kinks; i++) {
        long double dist = fabsl((long double)a->kinks[i] - x);
        if (dist > 0 && dist < d)
            d = dist;
    }
    for (int tries = 0; tries < 64 && d > 0; tries++, d /= 2) {
        long double s = (F->fn(x + d, F->ctx) - F->fn(x - d, F->ctx)) / (2 * d);
        if (isfinite(s))
            return fabsl(s);
    }
    return isfinite(r) ? fabsl(r) : 0;
}

gc_status gc_check_one(const struct gc_activation *a, gc_precision p,
                       const struct gc_tolerance *tol,
                       const struct gc_fd_func *F, double x,
                       struct gc_flag *out)
{
    struct gc_ref_result ref;
    struct gc_point_in in;
    struct gc_point_out res;

    memset(out, 0, sizeof *out);
    out->x = x;
    out->f_decl = eval_decl(a, p, false, x, &out->fe_f);
    out->declared = eval_decl(a, p, true, x, &out->fe_df);
    gc_reference(a, p, tol, F, x, &ref);

    memset(&in, 0, sizeof in);
    in.x = x;
    in.f_decl = out->f_decl;
    in.df_decl = out->declared;
    in.f_ref = ref.f_ref;
    in.df_ref = ref.r;
    in.df_err = ref.e;
    in.d2 = ref.d2;
    in.secant = ref.at_kink ? 0 : neighbourhood_slope(a, F, x, ref.r);
    in.at_kink = ref.at_kink;
    in.sides_known = ref.sides_known;
    in.left = ref.left;
    in.left_err = ref.left_err;
    in.right = ref.right;
    in.right_err = ref.right_err;
    gc_compare_point(p, tol, &in, &res);

    out->cls = res.cls;
    out->function = res.function;
    out->inherent = res.inherent;
    out->f_ref = ref.f_ref;
    out->reference = ref.r;
    out->ref_err = ref.e;
    out->left = ref.sides_known ? ref.left : NAN;
    out->right = ref.sides_known ? ref.right : NAN;
    out->ulp_error = res.ulp_error;
    out->tol_ulps = res.tol_ulps;
    out->fd_disagrees = ref.fd_disagrees;
    out->at_kink = ref.at_kink;
    out->fd_same = NAN;
    if (res.cls != GC_CLASS_OK && isfinite(x)) {
        if (p == GC_PREC_F64)
            out->fd_same = gc_fd_same_f64(a->f64, x);
        else
            out->fd_same = gc_fp_round_ld(p, gc_fd_same_f32(a->f32, (float)x));
    }
    return GC_OK;
}

gc_status gc_check_point(const struct gc_activation *a, gc_precision p,
                         const struct gc_tolerance *tol, double x,
                         struct gc_flag *out)
{
    struct gc_ref_fn ctx;
    struct gc_fd_func F;
    if (!a || (unsigned)p >= GC_N_PRECISIONS || !precision_present(a, p))
        return GC_INVAL;
    gc_reference_function(a, &ctx, &F);
    return gc_check_one(a, p, tol, &F, x, out);
}

/* Every value of a half format: all 65536 bit patterns except the
 * redundant NaNs (one quiet NaN is kept). */
static gc_status half_points(gc_precision p, struct gc_points *pts)
{
    gc_status st = GC_OK;
    for (uint32_t b = 0; b <= 0xffff && st == GC_OK; b++) {
        float v;
        if (p == GC_PREC_F16)
            v = gc_fp_widen_f16((gc_f16){ (uint16_t)b });
        else
            v = gc_fp_widen_bf16((gc_bf16){ (uint16_t)b });
        if (isnan(v) && b != (p == GC_PREC_F16 ? 0x7e00u : 0x7fc0u))
            continue;
        st = gc_points_push(pts, v);
    }
    if (st == GC_OK)
        gc_points_finish(pts);
    return st;
}


static void finish_verdict(struct gc_result *r)
{
    bool warn = false;
    for (size_t i = 0; i < r->n_regions; i++)
        if (r->regions[i].cls == GC_CLASS_OVERFLOW && r->regions[i].inherent)
            warn = true;
    r->verdict = r->mismatches ? GC_VERDICT_FAIL
               : warn ? GC_VERDICT_WARN : GC_VERDICT_PASS;
}

/* The points of a sampled check, ascending: every value of a half
 * format, else gc_sample_default's; then the extra points, rounded to p. */
static gc_status check_points(const struct gc_activation *a, gc_precision p,
                              const struct gc_check_options *o, struct gc_points *pts)
{
    gc_status st;
    if (p == GC_PREC_F16 || p == GC_PREC_BF16)
        st = half_points(p, pts);
    else
        st = gc_sample_default(p, a->kinks, a->n_kinks, o->n_points, o->seed, pts);
    for (size_t i = 0; st == GC_OK && i < o->n_extra; i++)
        st = gc_points_push(pts, (double)gc_fp_round_ld(p, o->extra[i]));
    if (st == GC_OK)
        gc_points_finish(pts);
    return st;
}

/* Classify every point, bisect the region edges, summarise into r. */
static gc_status check_sampled(const struct gc_activation *a, gc_precision p,
                               const struct gc_check_options *o, struct gc_result *r)
{
    struct gc_points pts;
    struct gc_ref_fn ctx;
    struct gc_fd_func F;
    const struct gc_tolerance *tol = &o->tol[p];

    gc_points_init(&pts);
    r->exhaustive = p == GC_PREC_F16 || p == GC_PREC_BF16;
    gc_status st = check_points(a, p, o, &pts);
    if (st != GC_OK) {
        gc_points_free(&pts);
        return st;
    }
    size_t n = pts.n ? pts.n : 1;
    struct gc_flag *all = calloc(n, sizeof *all);
    double *lo_at = malloc(n * sizeof *lo_at), *hi_at = malloc(n * sizeof *hi_at);
    if (all && lo_at && hi_at) {
        gc_reference_function(a, &ctx, &F);
        /* Points are independent; fenv state is per thread. */
        #pragma omp parallel for schedule(dynamic, 64) if (!gc_verify_serial_on)
        for (size_t i = 0; i < pts.n; i++)
            (void)gc_check_one(a, p, tol, &F, pts.x[i], &all[i]);
        gc_refine_regions(a, p, tol, &F, all, pts.n, lo_at, hi_at);
        /* Every flagged point of a sampled check is kept. */
        struct gc_summary sum;
        gc_summary_init(&sum, p, SIZE_MAX);
        for (size_t i = 0; i < pts.n; i++)
            gc_summary_add(&sum, &all[i], lo_at[i], hi_at[i]);
        st = gc_summary_to_result(&sum, r);
        gc_summary_free(&sum);
        r->median_ulp_error = gc_median_ulp_error(all, pts.n);
    } else {
        st = GC_NOMEM;
    }
    free(lo_at);
    free(hi_at);
    free(all);
    gc_points_free(&pts);
    return st;
}

gc_status gc_check_run(const struct gc_activation *a, const char *source,
                       gc_precision p, const struct gc_check_options *o,
                       struct gc_result *r)
{
    struct gc_check_options defaults;
    gc_status st;

    memset(r, 0, sizeof *r);
    if (!a || (unsigned)p >= GC_N_PRECISIONS)
        return GC_INVAL;
    if (!o) {
        gc_check_options_default(&defaults);
        o = &defaults;
    }
    r->act = a;
    r->source = source;
    r->prec = p;
    r->tol = o->tol[p];
    if (!precision_present(a, p)) {
        r->skipped = true;
        r->verdict = GC_VERDICT_PASS;
        return GC_OK;
    }

    r->coverage = 1;
    if (o->exhaustive && p == GC_PREC_F32) {
        struct gc_ref_fn ctx;
        struct gc_fd_func F;
        gc_reference_function(a, &ctx, &F);
        st = gc_sweep_f32(a, o, &F, r);
    } else {
        st = check_sampled(a, p, o, r);
    }
    if (st != GC_OK) {
        gc_result_free(r);
        return st;
    }
    finish_verdict(r);
    return GC_OK;
}

void gc_result_free(struct gc_result *r)
{
    if (!r)
        return;
    free(r->flags);
    free(r->regions);
    r->flags = NULL;
    r->regions = NULL;
    r->n_flags = r->n_regions = 0;
}
