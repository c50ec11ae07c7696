/* compare.c - tolerance model and per-point classification.
 *
 * See compare.h for the model.  The defaults were chosen by measurement:
 * the largest error of a correct built-in seen over the sampled and
 * exhaustive sweeps (README, "Tolerance") with a margin of at least 2x,
 * while the mutants of checks/ (1e-4 relative in float32 is 1678 ULPs,
 * 1e-9 relative in float64 is 9e6 ULPs) stay orders of magnitude outside.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include "compare.h"

static const char *const class_names[GC_N_CLASSES] = {
#define GC_CLASS_STR_(name, str) str,
    GC_CLASS_MAP(GC_CLASS_STR_)
#undef GC_CLASS_STR_
};

const char *gc_class_name(gc_class c)
{
    return (unsigned)c < GC_N_CLASSES ? class_names[c] : "?";
}

gc_status gc_class_parse(const char *name, gc_class *out)
{
    if (!name)
        return GC_INVAL;
    for (int c = 0; c < GC_N_CLASSES; c++)
        if (strcmp(name, class_names[c]) == 0) {
            *out = (gc_class)c;
            return GC_OK;
        }
    return GC_INVAL;
}

bool gc_class_fails(gc_class c, bool inherent)
{
    switch (c) {
    case GC_CLASS_MISMATCH:
    case GC_CLASS_NAN:
    case GC_CLASS_GRADIENT_UNDERFLOW:
    case GC_CLASS_UNDECLARED_KINK:
        return true;
    case GC_CLASS_OVERFLOW:
        return !inherent;
    default:
        return false;
    }
}

/* Indexed by gc_precision.  float16/bfloat16 results are float32 results
 * rounded once to the half format, so half an ULP plus a hair is all the
 * rounding they may show; the backward and scale terms still apply. */
static const struct gc_tolerance default_tol[GC_N_PRECISIONS] = {
    [GC_PREC_F16]  = { 1.0, 2.0, 2.0 },
    [GC_PREC_BF16] = { 1.0, 2.0, 2.0 },
    [GC_PREC_F32]  = { 8.0, 4.0, 8.0 },
    [GC_PREC_F64]  = { 8.0, 4.0, 8.0 },
};

void gc_tolerance_default(gc_precision p, struct gc_tolerance *t)
{
    *t = default_tol[(unsigned)p < GC_N_PRECISIONS ? p : GC_PREC_F64];
}

static long double finite_or_zero(long double v)
{
    return isfinite(v) ? fabsl(v) : 0.0L;
}

long double gc_tolerance_abs(gc_precision p, const struct gc_tolerance *t,
                             const struct gc_point_in *in)
{
    const struct gc_format *fmt = gc_fp_format(p);
    long double tol = (long double)t->ulps * gc_fp_ulp_ld(p, in->df_ref);
    tol += (long double)t->backward_ulps * finite_or_zero(in->d2)
           * gc_fp_ulp_ld(p, in->x);
    tol += (long double)t->scale_eps * fmt->epsilon * finite_or_zero(in->secant);
    tol += in->df_err;
    return tol;
}

/* |a - b| treating equal infinities as 0 apart. */
static long double abs_diff(long double a, long double b)
{
    if (isinf(a) && isinf(b) && signbit(a) == signbit(b))
        return 0.0L;
    return fabsl(a - b);
}

static void fill_errors(gc_precision p, long double d, long double r,
                        long double tol, struct gc_point_out *out)
{
    long double u = gc_fp_ulp_ld(p, r);
    out->tol_abs = tol;
    out->ulp_error = (double)(abs_diff(d, r) / u);
    out->tol_ulps = (double)(tol / u);
}

static gc_class done(struct gc_point_out *out, gc_class c, gc_function fn,
                     bool inherent)
{
    out->cls = c;
    out->function = fn;
    out->inherent = inherent;
    return c;
}

gc_class gc_compare_point(gc_precision p, const struct gc_tolerance *t,
                          const struct gc_point_in *in,
                          struct gc_point_out *out)
{
    const struct gc_format *fmt = gc_fp_format(p);
    long double d = in->df_decl, r = in->df_ref, e = in->df_err;

    memset(out, 0, sizeof *out);
    out->tol_ulps = NAN;
    out->ulp_error = NAN;

    /* A NaN input must come out as NaN from both functions. */
    if (isnan(in->x)) {
        out->ulp_error = 0;
        if (isnan(in->f_decl) && isnan(d))
            return done(out, GC_CLASS_OK, GC_FN_DF, false);
        out->ulp_error = INFINITY;
        return done(out, GC_CLASS_MISMATCH,
                    isnan(in->f_decl) ? GC_FN_DF : GC_FN_F, false);
    }

    if (isnan(in->f_decl) && !isnan(in->f_ref))
        return done(out, GC_CLASS_NAN, GC_FN_F, false);
    if (isnan(d) && !isnan(r)) {
        out->ulp_error = INFINITY;
        return done(out, GC_CLASS_NAN, GC_FN_DF, false);
    }
    if (isnan(r)) {
        /* No reference: NaN on both sides is agreement. */
        out->ulp_error = isnan(d) ? 0.0 : (double)NAN;
        return done(out, isnan(d) ? GC_CLASS_OK : GC_CLASS_FD_UNRELIABLE,
                    GC_FN_DF, false);
    }

    /* Overflow: judged only for finite x (an infinite input may give an
     * infinite output).  Inherent when the true value rounds to inf. */
    if (isfinite(in->x) && isinf(in->f_decl)) {
        bool inherent = isinf(gc_fp_round_ld(p, in->f_ref));
        return done(out, GC_CLASS_OVERFLOW, GC_FN_F, inherent);
    }
    if (isinf(d)) {
        bool inherent = isinf(gc_fp_round_ld(p, r))
                        && signbit(r) == signbit(d);
        if (isfinite(in->x)) {
            fill_errors(p, d, r, gc_tolerance_abs(p, t, in), out);
            return done(out, GC_CLASS_OVERFLOW, GC_FN_DF, inherent);
        }
        if (inherent) {
            out->ulp_error = 0;
            return done(out, GC_CLASS_OK, GC_FN_DF, false);
        }
    }

    if (in->at_kink && in->sides_known) {
        struct gc_point_in side = *in;
        side.df_ref = in->left;
        side.df_err = in->left_err;
        long double tl = gc_tolerance_abs(p, t, &side);
        side.df_ref = in->right;
        side.df_err = in->right_err;
        long double tr = gc_tolerance_abs(p, t, &side);
        long double lo = in->left, hi = in->right, tlo = tl, thi = tr;
        if (lo > hi) {
            lo = in->right; hi = in->left; tlo = tr; thi = tl;
        }
        /* Report the error against the nearer one-sided derivative. */
        bool nearer_lo = abs_diff(d, lo) <= abs_diff(d, hi);
        fill_errors(p, d, nearer_lo ? lo : hi, nearer_lo ? tlo : thi, out);
        if (d >= lo - tlo && d <= hi + thi) {
            if (d >= lo && d <= hi)
                out->ulp_error = 0;
            return done(out, GC_CLASS_KINK, GC_FN_DF, false);
        }
        return done(out, GC_CLASS_MISMATCH, GC_FN_DF, false);
    }

    long double tol = gc_tolerance_abs(p, t, in);
    fill_errors(p, d, r, tol, out);

    if (in->sides_known && !in->at_kink) {
        struct gc_point_in side = *in;
        side.df_ref = in->left;
        side.df_err = in->left_err;
        long double tl = gc_tolerance_abs(p, t, &side);
        side.df_ref = in->right;
        side.df_err = in->right_err;
        long double tr = gc_tolerance_abs(p, t, &side);
        if (abs_diff(in->left, in->right) > tl + tr)
            return done(out, GC_CLASS_UNDECLARED_KINK, GC_FN_DF, false);
    }

    if (abs_diff(d, r) > tol) {
        if (fabsl(d) < fmt->min_normal && fabsl(r) - e >= fmt->min_normal)
            return done(out, GC_CLASS_GRADIENT_UNDERFLOW, GC_FN_DF, false);
        return done(out, GC_CLASS_MISMATCH, GC_FN_DF, false);
    }
    if (e > tol - e)
        return done(out, GC_CLASS_FD_UNRELIABLE, GC_FN_DF, false);
    return done(out, GC_CLASS_OK, GC_FN_DF, false);
}
