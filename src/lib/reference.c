/* reference.c - the reference derivative at one point.
 *
 * Ridders extrapolation on the most precise f available (fref, else f64,
 * else f32), one-sided beside kinks; where the descriptor has a
 * closed-form dfref, that is the reference and a short five-point
 * difference of fref stays beside it as a cross-check (doc/design.md,
 * "Reference and tolerance").
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <float.h>
#include <math.h>
#include "verify_internal.h"

static long double ref_fref(long double x, void *ctx)
{
    GC_WATCH(((const struct gc_ref_fn *)ctx)->a->fref, x);
    return ((const struct gc_ref_fn *)ctx)->a->fref(x);
}

static long double ref_f64(long double x, void *ctx)
{
    GC_WATCH(((const struct gc_ref_fn *)ctx)->a->f64, x);
    return ((const struct gc_ref_fn *)ctx)->a->f64((double)x);
}

static long double ref_f32(long double x, void *ctx)
{
    GC_WATCH(((const struct gc_ref_fn *)ctx)->a->f32, x);
    return ((const struct gc_ref_fn *)ctx)->a->f32((float)x);
}

/* The most precise f available, with its argument lattice and the
 * relative noise of its values (a few units of its last place: libm
 * functions are within 1-2 ULP, and a formula adds a few roundings). */
void gc_reference_function(const struct gc_activation *a,
                           struct gc_ref_fn *ctx, struct gc_fd_func *F)
{
    ctx->a = a;
    F->ctx = ctx;
    if (a->fref) {
        F->fn = ref_fref;
        F->mant_bits = LDBL_MANT_DIG;
        F->noise = 4 * LDBL_EPSILON;
    } else if (a->f64) {
        F->fn = ref_f64;
        F->mant_bits = DBL_MANT_DIG;
        F->noise = 4 * DBL_EPSILON;
    } else {
        F->fn = ref_f32;
        F->mant_bits = FLT_MANT_DIG;
        F->noise = 4 * FLT_EPSILON;
    }
}

/* Is x (a value of p) one of the declared kinks rounded to p? */
static bool is_kink(const struct gc_activation *a, gc_precision p, double x)
{
    for (size_t i = 0; i < a->n_kinks; i++)
        if ((double)gc_fp_round_ld(p, a->kinks[i]) == x)
            return true;
    return false;
}

/* Largest power-of-two step below half the distance from x to the nearest
 * other kink, capped at `cap`, so a one-sided stencil at a kink stays on
 * one smooth piece. */
static long double side_step(const struct gc_activation *a, long double x,
                             long double cap)
{
    long double h = cap;
    for (size_t i = 0; i < a->n_kinks; i++) {
        long double dist = fabsl((long double)a->kinks[i] - x);
        if (dist > 0 && dist / 4 < h)
            h = ldexpl(1.0L, ilogbl(dist / 4));
    }
    return h;
}

/* Both one-sided derivatives at x from step h0, into out->left/right. */
static void one_sided(const struct gc_fd_func *F, long double x, long double h0,
                      struct gc_ref_result *out)
{
    struct gc_fd_estimate le, re;
    if (gc_fd_ridders(F, x, h0, -1, &le) == GC_OK
        && gc_fd_ridders(F, x, h0, +1, &re) == GC_OK) {
        out->sides_known = true;
        out->left = le.value;
        out->left_err = gc_fd_error(&le);
        out->right = re.value;
        out->right_err = gc_fd_error(&re);
    }
}


/* At +-inf the derivative is the limit: the closed form if there is one,
 * else the finite difference at the largest finite x. */
static void reference_limit(const struct gc_activation *a, gc_precision p,
                            const struct gc_fd_func *F, long double x,
                            struct gc_ref_result *out)
{
    struct gc_fd_estimate est;
    if (a->dfref) {
        GC_WATCH(a->dfref, x);
        out->r = a->dfref(x);
        out->e = 0;
        return;
    }
    long double xm = copysignl(gc_fp_format(p)->max, x);
    if (gc_fd_reference(F, xm, a->kinks, a->n_kinks, &est) == GC_OK) {
        out->r = est.value;
        out->e = gc_fd_error(&est);
    }
}

/* At a declared kink: both one-sided derivatives; the reference is their
 * midpoint, its bar reaching both. */
static void reference_at_kink(const struct gc_activation *a, const struct gc_fd_func *F,
                              long double x, struct gc_ref_result *out)
{
    long double h0 = side_step(a, x, gc_fd_step(x, 0x1p-6L, F->mant_bits));
    out->at_kink = true;
    one_sided(F, x, h0, out);
    if (out->sides_known) {
        out->r = (out->left + out->right) / 2;
        out->e = fabsl(out->left - out->right) / 2
                 + fmaxl(out->left_err, out->right_err);
    }
}

/* A closed-form dfref, where the descriptor has one, is the reference,
 * and a five-point difference of fref with a short step (kept clear of
 * kinks) stays beside it as a cross-check of gross disagreement.  The
 * difference cannot stand alone everywhere: where fref rounds to +-1,
 * as tanhl does for x > 23, or where a step of |x|/64 spans many
 * periods of sin, a difference of fref says little or nothing about
 * f'.  (tests/check_activation.c holds every dfref to its finite
 * difference much more tightly where that is well conditioned.)
 * False, and out untouched, where dfref(x) is NaN. */
static bool reference_closed_form(const struct gc_activation *a, const struct gc_fd_func *F,
                                  long double x, struct gc_ref_result *out)
{
    struct gc_fd_estimate est;
    GC_WATCH(a->dfref, x);
    long double c = a->dfref(x);
    if (isnan(c))
        return false;
    /* An absolute step of 2^-10 (raised to the lattice where x is
     * large): activations vary on a scale of 1 (exp, sigmoid
     * tails), not of |x|. */
    long double h = side_step(a, x, gc_fd_step(x, 0x1p-10L / fmaxl(1, fabsl(x)),
                                               F->mant_bits));
    /* Many activations change formula at 0 (elu's f'' jumps
     * there): the stencil keeps within |x|/4 of x, and the
     * cross-check is skipped at 0 itself. */
    if (h > fabsl(x) / 8 && x != 0)
        h = ldexpl(1.0L, ilogbl(fabsl(x) / 8));
    out->r = c;
    /* A long double closed form: a few roundings of its own. */
    out->e = 16 * LDBL_EPSILON * fabsl(c);
    if (x != 0 && gc_fd_five_point(F, x, h, &est) == GC_OK)
        out->fd_disagrees = !(fabsl(c - est.value) <= gc_fd_error(&est) + out->e);
    long double cp = a->dfref(x + h), cm = a->dfref(x - h);
    long double d2 = (cp - cm) / (2 * h);
    out->d2 = isfinite(d2) ? fabsl(d2) : 0;
    /* 0 is where a kink hides most often (relu, leaky_relu, selu):
     * there the one-sided derivatives are always compared, so an
     * undeclared one shows even with a closed form at hand. */
    if (x == 0)
        one_sided(F, x, gc_fd_step(x, 0x1p-6L, F->mant_bits), out);
    return true;
}

/* Many activations change formula at 0 even where f' is continuous
 * (elu, softsign: f'' jumps there), which a difference reaching across
 * 0 mistakes for smoothness: away from 0 the stencil treats 0 as a
 * kink.  The declared kinks with 0 added into kz (room for 17), or the
 * declared ones alone; their count in *nk. */
static const double *kinks_with_zero(const struct gc_activation *a, long double x,
                                     double *kz, size_t *nk)
{
    *nk = a->n_kinks;
    if (x == 0 || a->n_kinks >= 16)
        return a->kinks;
    size_t j = 0;
    bool put = false;
    for (size_t i = 0; i < a->n_kinks; i++) {
        if (!put && a->kinks[i] >= 0) {
            if (a->kinks[i] != 0)
                kz[j++] = 0;
            put = true;
        }
        kz[j++] = a->kinks[i];
    }
    if (!put)
        kz[j++] = 0;
    *nk = j;
    return kz;
}

/* Unable to resolve the tolerance: look at each side alone, so that a
 * kink nobody declared shows up as one.  The one-sided steps stay
 * within |x|/4 so that they do not reach across 0, where the
 * derivatives of many activations change formula.  h is the central
 * estimate's step. */
static void reference_sides(const struct gc_activation *a, const struct gc_fd_func *F,
                            long double x, long double h, struct gc_ref_result *out)
{
    long double h0 = h > 0 ? h : gc_fd_step(x, 0x1p-8L, F->mant_bits);
    if (x != 0 && h0 > fabsl(x) / 4)
        h0 = ldexpl(1.0L, ilogbl(fabsl(x) / 4));
    one_sided(F, x, side_step(a, x, h0), out);
    /* Two one-sided derivatives that agree, with smaller bars than the
     * central one, are the better reference (the central stencil may
     * straddle a change of formula the one-sided ones avoid). */
    if (out->sides_known) {
        long double gap = fabsl(out->left - out->right);
        long double bar = fmaxl(out->left_err, out->right_err) + gap / 2;
        if (gap <= out->left_err + out->right_err && bar < out->e) {
            out->r = (out->left + out->right) / 2;
            out->e = bar;
        }
    }
}

/* Ridders on f, clear of the kinks and of 0, else on one side alone;
 * the one-sided derivatives too where the bar cannot resolve the
 * tolerance. */
static void reference_fd(const struct gc_activation *a, gc_precision p,
                         const struct gc_tolerance *tol, const struct gc_fd_func *F,
                         long double x, struct gc_ref_result *out)
{
    struct gc_fd_estimate est;
    double kz[17];
    size_t nk;
    const double *kinks = kinks_with_zero(a, x, kz, &nk);
    bool fd_ok = gc_fd_reference(F, x, kinks, nk, &est) == GC_OK;
    if (!fd_ok) {
        /* f is not finite on one side (e.g. the edge of its domain or
         * of the lattice): try each side alone. */
        long double h0 = gc_fd_step(x, 0x1p-8L, F->mant_bits);
        fd_ok = gc_fd_ridders(F, x, h0, -1, &est) == GC_OK
                || gc_fd_ridders(F, x, h0, +1, &est) == GC_OK;
    }
    if (!fd_ok)
        return;
    out->r = est.value;
    out->e = gc_fd_error(&est);
    /* Curvature for the backward-error term: a second difference with
     * the reference's own step (which already keeps clear of kinks). */
    long double h = est.h;
    if (h > 0) {
        long double fp = F->fn(x + h, F->ctx), fm = F->fn(x - h, F->ctx);
        long double d2 = (fp - 2 * out->f_ref + fm) / (h * h);
        out->d2 = isfinite(d2) ? fabsl(d2) : 0;
    }
    if (out->e > tol->ulps * gc_fp_ulp_ld(p, out->r) || x == 0)
        reference_sides(a, F, x, est.h, out);
}

void gc_reference(const struct gc_activation *a, gc_precision p,
                  const struct gc_tolerance *tol, const struct gc_fd_func *F,
                  long double x, struct gc_ref_result *out)
{
    out->r = NAN;
    out->e = INFINITY;
    out->d2 = 0;
    out->at_kink = false;
    out->sides_known = false;
    out->fd_disagrees = false;
    out->left = out->right = NAN;
    out->left_err = out->right_err = INFINITY;
    out->f_ref = F->fn(x, F->ctx);

    if (isnan(x))
        return;
    if (isinf(x))
        reference_limit(a, p, F, x, out);
    else if (a->n_kinks && is_kink(a, p, (double)x))
        reference_at_kink(a, F, x, out);
    else if (!a->dfref || !reference_closed_form(a, F, x, out))
        reference_fd(a, p, tol, F, x, out);
}
