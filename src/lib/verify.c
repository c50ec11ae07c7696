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
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "verify.h"
#include "fd.h"
#include "sample.h"

#define GC_FE_MASK (FE_OVERFLOW | FE_UNDERFLOW | FE_INVALID | FE_DIVBYZERO)

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

static struct gc_watch *watch;
static bool serial;

void gc_verify_watch(struct gc_watch *w)
{
    watch = w;
}

void gc_verify_serial(bool on)
{
    serial = on;
}

#define WATCH(fnp, xv)                                                     \
    do {                                                                   \
        if (watch) {                                                       \
            watch->x = (double)(xv);                                       \
            watch->fn = (uintptr_t)(fnp);                                  \
        }                                                                  \
    } while (0)

/* Clearing and testing the flags of GC_FE_MASK, as feclearexcept and
 * fetestexcept do.  glibc's feclearexcept rewrites the whole x87
 * environment (fnstenv/fldenv, ~100 cycles), which dominated the
 * exhaustive sweep in regions where every call raises a flag (square's
 * overflow from |x| = 2^64 on); on x86-64 the SSE flags are cleared in
 * MXCSR directly, and the x87 ones, only when set (long double code), by
 * fnclex, which also clears inexact and denormal: flags nobody records.
 * The FE_* values are the bit positions of both status registers. */
#if defined(__x86_64__) && defined(__GNUC__) && FE_INVALID == 1 && FE_DIVBYZERO == 4 \
    && FE_OVERFLOW == 8 && FE_UNDERFLOW == 16
static inline int fe_test(void)
{
    unsigned short sw;
    unsigned int csr;
    __asm__ __volatile__("fnstsw %0" : "=am"(sw));
    __asm__ __volatile__("stmxcsr %0" : "=m"(csr));
    return (int)((sw | csr) & GC_FE_MASK);
}

static inline void fe_clear(void)
{
    unsigned short sw;
    unsigned int csr;
    __asm__ __volatile__("fnstsw %0" : "=am"(sw));
    if (sw & GC_FE_MASK)
        __asm__ __volatile__("fnclex");
    __asm__ __volatile__("stmxcsr %0" : "=m"(csr));
    if (csr & GC_FE_MASK) {
        csr &= ~(unsigned int)GC_FE_MASK;
        __asm__ __volatile__("ldmxcsr %0" : : "m"(csr));
    }
}
#else
static inline int fe_test(void)
{
    return fetestexcept(GC_FE_MASK);
}

/* The flags are sticky and nearly always clear already. */
static inline void fe_clear(void)
{
    if (fetestexcept(GC_FE_MASK))
        feclearexcept(GC_FE_MASK);
}
#endif

/* The declared functions run behind noinline wrappers with a volatile
 * result so that the flag-raising operation happens between clear and
 * test: gcc does not model the FP environment (no FENV_ACCESS) and would
 * otherwise move or fold the operation across the flag calls. */
__attribute__((noinline))
static long double call_f32(float (*fn)(float), float x, int *fe)
{
    WATCH(fn, x);
    fe_clear();
    volatile float v = fn(x);
    *fe = fe_test();
    return v;
}

__attribute__((noinline))
static long double call_f64(double (*fn)(double), double x, int *fe)
{
    WATCH(fn, x);
    fe_clear();
    volatile double v = fn(x);
    *fe = fe_test();
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
        return call_f32(deriv ? a->df32 : a->f32, (float)x, fe);
    default: {
        long double v = call_f32(deriv ? a->df32 : a->f32, (float)x, fe);
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

/* ------------------------------------------------------------ reference */

struct ref_fn {
    const struct gc_activation *a;
};

static long double ref_fref(long double x, void *ctx)
{
    WATCH(((const struct ref_fn *)ctx)->a->fref, x);
    return ((const struct ref_fn *)ctx)->a->fref(x);
}

static long double ref_f64(long double x, void *ctx)
{
    WATCH(((const struct ref_fn *)ctx)->a->f64, x);
    return ((const struct ref_fn *)ctx)->a->f64((double)x);
}

static long double ref_f32(long double x, void *ctx)
{
    WATCH(((const struct ref_fn *)ctx)->a->f32, x);
    return ((const struct ref_fn *)ctx)->a->f32((float)x);
}

/* The most precise f available, with its argument lattice and the
 * relative noise of its values (a few units of its last place: libm
 * functions are within 1-2 ULP, and a formula adds a few roundings). */
static void reference_function(const struct gc_activation *a,
                               struct ref_fn *ctx, struct gc_fd_func *F)
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

struct ref_result {
    long double f_ref, r, e, d2;
    bool at_kink, sides_known, fd_disagrees;
    long double left, left_err, right, right_err;
};

/* Both one-sided derivatives at x from step h0, into out->left/right. */
static void one_sided(const struct gc_fd_func *F, long double x, long double h0,
                      struct ref_result *out)
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

static void compute_reference(const struct gc_activation *a, gc_precision p,
                              const struct gc_tolerance *tol,
                              const struct gc_fd_func *F, long double x,
                              struct ref_result *out)
{
    const struct gc_format *fmt = gc_fp_format(p);
    struct gc_fd_estimate est;

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
    if (isinf(x)) {
        /* The derivative at +-inf is the limit: the closed form if there
         * is one, else the finite difference at the largest finite x. */
        if (a->dfref) {
            WATCH(a->dfref, x);
            out->r = a->dfref(x);
            out->e = 0;
            return;
        }
        long double xm = copysignl(fmt->max, x);
        if (gc_fd_reference(F, xm, a->kinks, a->n_kinks, &est) == GC_OK) {
            out->r = est.value;
            out->e = gc_fd_error(&est);
        }
        return;
    }

    if (a->n_kinks && is_kink(a, p, (double)x)) {
        long double h0 = side_step(a, x, gc_fd_step(x, 0x1p-6L, F->mant_bits));
        out->at_kink = true;
        one_sided(F, x, h0, out);
        if (out->sides_known) {
            out->r = (out->left + out->right) / 2;
            out->e = fabsl(out->left - out->right) / 2
                     + fmaxl(out->left_err, out->right_err);
        }
        return;
    }

    /* A closed-form dfref, where the descriptor has one, is the reference,
     * and a five-point difference of fref with a short step (kept clear of
     * kinks) stays beside it as a cross-check of gross disagreement.  The
     * difference cannot stand alone everywhere: where fref rounds to +-1,
     * as tanhl does for x > 23, or where a step of |x|/64 spans many
     * periods of sin, a difference of fref says little or nothing about
     * f'.  (tests/check_activation.c holds every dfref to its finite
     * difference much more tightly where that is well conditioned.) */
    if (a->dfref) {
        WATCH(a->dfref, x);
        long double c = a->dfref(x);
        if (!isnan(c)) {
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
            return;
        }
    }

    /* Many activations change formula at 0 even where f' is continuous
     * (elu, softsign: f'' jumps there), which a difference reaching across
     * 0 mistakes for smoothness: away from 0 the stencil treats 0 as a
     * kink.  (A declared kink list has at most a few entries.) */
    double kz[17];
    const double *kinks = a->kinks;
    size_t nk = a->n_kinks;
    if (x != 0 && nk < 16) {
        size_t j = 0;
        bool put = false;
        for (size_t i = 0; i < nk; i++) {
            if (!put && a->kinks[i] >= 0) {
                if (a->kinks[i] != 0)
                    kz[j++] = 0;
                put = true;
            }
            kz[j++] = a->kinks[i];
        }
        if (!put)
            kz[j++] = 0;
        kinks = kz;
        nk = j;
    }
    bool fd_ok = gc_fd_reference(F, x, kinks, nk, &est) == GC_OK;
    if (!fd_ok) {
        /* f is not finite on one side (e.g. the edge of its domain or
         * of the lattice): try each side alone. */
        long double h0 = gc_fd_step(x, 0x1p-8L, F->mant_bits);
        fd_ok = gc_fd_ridders(F, x, h0, -1, &est) == GC_OK
                || gc_fd_ridders(F, x, h0, +1, &est) == GC_OK;
    }
    if (fd_ok) {
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
    }
    if (!fd_ok)
        return;

    /* Unable to resolve the tolerance: look at each side alone, so that a
     * kink nobody declared shows up as one.  The one-sided steps stay
     * within |x|/4 so that they do not reach across 0, where the
     * derivatives of many activations change formula. */
    long double ulp_r = gc_fp_ulp_ld(p, out->r);
    if (out->e > tol->ulps * ulp_r || x == 0) {
        long double h0 = est.h > 0 ? est.h : gc_fd_step(x, 0x1p-8L, F->mant_bits);
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

static gc_status check_one(const struct gc_activation *a, gc_precision p,
                           const struct gc_tolerance *tol,
                           const struct gc_fd_func *F, double x,
                           struct gc_flag *out)
{
    struct ref_result ref;
    struct gc_point_in in;
    struct gc_point_out res;

    memset(out, 0, sizeof *out);
    out->x = x;
    out->f_decl = eval_decl(a, p, false, x, &out->fe_f);
    out->declared = eval_decl(a, p, true, x, &out->fe_df);
    compute_reference(a, p, tol, F, x, &ref);

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
    struct ref_fn ctx;
    struct gc_fd_func F;
    if (!a || (unsigned)p >= GC_N_PRECISIONS || !precision_present(a, p))
        return GC_INVAL;
    reference_function(a, &ctx, &F);
    return check_one(a, p, tol, &F, x, out);
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

/* --------------------------------------------------------- boundaries */

/* Two points belong to the same region when class, function and
 * inherence agree (every ok point is alike). */
static bool same_key(const struct gc_flag *a, const struct gc_flag *b)
{
    if (a->cls != b->cls)
        return false;
    return a->cls == GC_CLASS_OK
           || (a->function == b->function && a->inherent == b->inherent);
}

/* Between adjacent samples a < b of different regions, find on p's
 * ordered lattice the last value of a's region and the first of b's: two
 * bisections, one on "belongs to a's region", one on "belongs to b's"
 * (they differ when a third, narrower region lies between the samples). */
static int64_t bisect_edge(const struct gc_activation *a, gc_precision p,
                           const struct gc_tolerance *tol,
                           const struct gc_fd_func *F, int64_t lo, int64_t hi,
                           const struct gc_flag *key, bool key_at_lo)
{
    /* Invariant: lo is in key's region iff key_at_lo, hi iff !key_at_lo. */
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        struct gc_flag fm;
        (void)check_one(a, p, tol, F, gc_fp_from_ord(p, mid), &fm);
        if (same_key(&fm, key) == key_at_lo)
            lo = mid;
        else
            hi = mid;
    }
    return key_at_lo ? lo : hi;
}

static void refine_boundary(const struct gc_activation *a, gc_precision p,
                            const struct gc_tolerance *tol,
                            const struct gc_fd_func *F,
                            const struct gc_flag *fa, const struct gc_flag *fb,
                            double *a_last, double *b_first)
{
    int64_t lo = gc_fp_ord(p, fa->x), hi = gc_fp_ord(p, fb->x);
    *a_last = fa->x;
    *b_first = fb->x;
    if (hi - lo <= 1)
        return;   /* neighbours already (also -0 next to +0) */
    *a_last = gc_fp_from_ord(p, bisect_edge(a, p, tol, F, lo, hi, fa, true));
    *b_first = gc_fp_from_ord(p, bisect_edge(a, p, tol, F, lo, hi, fb, false));
}

/* Exact region edges for every change of region between adjacent finite
 * samples (float32 and float64; float16 and bfloat16 are exhaustive, so
 * their samples are already neighbours).  lo_at[i] is the first value of
 * the region that starts at sample i, hi_at[i] the last value of the
 * region that ends there. */
static void refine_regions(const struct gc_activation *a, gc_precision p,
                           const struct gc_tolerance *tol,
                           const struct gc_fd_func *F,
                           const struct gc_flag *all, size_t n,
                           double *lo_at, double *hi_at)
{
    for (size_t i = 0; i < n; i++)
        lo_at[i] = hi_at[i] = all[i].x;
    if ((p != GC_PREC_F32 && p != GC_PREC_F64) || n < 2)
        return;
    #pragma omp parallel for schedule(dynamic, 1) if (!serial)
    for (size_t i = 0; i < n - 1; i++) {
        if (same_key(&all[i], &all[i + 1]) || !isfinite(all[i].x)
            || !isfinite(all[i + 1].x))
            continue;
        refine_boundary(a, p, tol, F, &all[i], &all[i + 1], &hi_at[i], &lo_at[i + 1]);
    }
}

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* The relative error of a declared gradient d against the reference r,
 * on a floor of the precision's smallest normal: where r is subnormal
 * or 0 a correct d is off by a few subnormal ULPs, which relative to r
 * itself reads as 1.0 (relu and gelu in float32 once reported that). */
static double rel_error(long double d, long double r, long double min_normal)
{
    long double den = fabsl(r) > min_normal ? fabsl(r) : min_normal;
    double rel = (double)(fabsl(d - r) / den);
    return isnan(rel) ? (double)INFINITY : rel;
}

static void summarise(struct gc_result *r, struct gc_flag *all, size_t n)
{
    double *ulps = malloc((n ? n : 1) * sizeof *ulps);
    size_t n_ulps = 0;

    r->max_ulp_error = 0;
    r->max_rel_error = 0;
    for (size_t i = 0; i < n; i++) {
        struct gc_flag *f = &all[i];
        r->count[f->cls]++;
        r->fd_disagreements += f->fd_disagrees;
        if (gc_class_fails(f->cls, f->inherent))
            r->mismatches++;
        bool compared = (f->cls == GC_CLASS_OK || f->cls == GC_CLASS_MISMATCH
                         || f->cls == GC_CLASS_GRADIENT_UNDERFLOW
                         || f->cls == GC_CLASS_KINK)
                        && isfinite(f->reference) && !isnan(f->ulp_error);
        if (!compared)
            continue;
        if (ulps)
            ulps[n_ulps++] = f->ulp_error;
        /* The worst point; among equals the first finite one. */
        if (!r->has_worst || f->ulp_error > r->worst.ulp_error
            || (!isfinite(r->worst.x) && isfinite(f->x)
                && f->ulp_error >= r->worst.ulp_error)) {
            r->worst = *f;
            r->has_worst = true;
        }
        r->max_ulp_error = fmax(r->max_ulp_error, f->ulp_error);
        if (f->cls != GC_CLASS_KINK)
            r->max_rel_error = fmax(r->max_rel_error,
                                    rel_error(f->declared, f->reference,
                                              gc_fp_format(r->prec)->min_normal));
    }
    if (ulps && n_ulps) {
        qsort(ulps, n_ulps, sizeof *ulps, cmp_double);
        r->median_ulp_error = n_ulps % 2 ? ulps[n_ulps / 2]
            : (ulps[n_ulps / 2 - 1] + ulps[n_ulps / 2]) / 2;
    }
    free(ulps);
}

static gc_status collect_flags(struct gc_result *r, struct gc_flag *all, size_t n,
                               const double *lo_at, const double *hi_at)
{
    size_t nf = 0, nr = 0;
    for (size_t i = 0; i < n; i++)
        if (all[i].cls != GC_CLASS_OK)
            nf++;
    r->flags = calloc(nf ? nf : 1, sizeof *r->flags);
    r->regions = calloc(nf ? nf : 1, sizeof *r->regions);
    if (!r->flags || !r->regions)
        return GC_NOMEM;
    struct gc_region *cur = NULL;
    for (size_t i = 0; i < n; i++) {
        struct gc_flag *f = &all[i];
        r->fe_f |= f->fe_f;
        r->fe_df |= f->fe_df;
        if (f->cls == GC_CLASS_OK) {
            cur = NULL;
            continue;
        }
        r->flags[r->n_flags++] = *f;
        if (cur && cur->cls == f->cls && cur->function == f->function
            && cur->inherent == f->inherent) {
            cur->hi = hi_at[i];
            cur->count++;
            cur->fe |= f->function == GC_FN_F ? f->fe_f : f->fe_df;
            continue;
        }
        cur = &r->regions[nr++];
        cur->cls = f->cls;
        cur->function = f->function;
        cur->inherent = f->inherent;
        cur->lo = lo_at[i];
        cur->hi = hi_at[i];
        cur->count = 1;
        cur->fe = f->function == GC_FN_F ? f->fe_f : f->fe_df;
    }
    r->n_regions = nr;
    return GC_OK;
}

/* ------------------------------------------------- exhaustive float32 */

/* The float32 lattice is swept in ascending order, in blocks of
 * SWEEP_CHUNK consecutive values; SWEEP_WAVE blocks run in parallel, then
 * their summaries are appended in order, so that a sweep stopped between
 * waves has covered an exact prefix of the lattice.  A cheap screen
 * (screen_point) gives the points it can decide the class the full check
 * would give them, without the finite-difference machinery; every other
 * point gets the full check.  (The screen skips the five-point
 * cross-check of dfref; the sampled checks and tests/check_activation.c
 * do that.)  bench/bench_sweep.c holds the screen to the full check,
 * point by point, on every built-in (make bench). */
#define SWEEP_CHUNK (1u << 18)
#define SWEEP_WAVE 16

struct sweep_ctx {
    const struct gc_activation *a;
    const struct gc_tolerance *tol;
    const struct gc_fd_func *F;
    float kinks[16];           /* declared kinks rounded to float32 */
    size_t n_kinks;            /* more than 16 kinks: every point full */
    bool all_full;
};

struct chunk {
    size_t count[GC_N_CLASSES];
    size_t mismatches, disagreements, points;
    double max_ulp, max_rel;
    bool has_worst;
    struct gc_flag worst;
    int fe_f, fe_df;
    struct gc_region *reg;
    size_t n_reg, cap_reg;
    struct gc_flag *flags;
    size_t n_flags, cap_flags, reg_stored;  /* flags kept for the last region */
    bool has_last;
    struct gc_flag first, last;   /* the chunk's first and last points */
    bool nomem;
};

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t nc = *cap ? 2 * *cap : 16;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, nc * size);
    if (!q)
        return false;
    *p = q;
    *cap = nc;
    return true;
}

/* ulp of float32 at v, exactly gc_fp_ulp_ld(GC_PREC_F32, v) for every
 * non-NaN long double v, without frexpl/ldexpl (x87 library calls that
 * cost more than a whole screened point): the exponent is read from the
 * bits of (double)v and corrected by one where the conversion rounded |v|
 * up to the next power of two.  *inv is 1/ulp, exact (a power of two), so
 * that diff / ulp can be formed as an exact product. */
static inline long double ulp_f32_ld(long double v, long double *inv)
{
    long double a = fabsl(v);
    if (a >= (long double)FLT_MAX) {               /* top binade, inf */
        *inv = 0x1p-104L;
        return 0x1p104L;
    }
    if (a < (long double)FLT_MIN) {                /* subnormals, 0 */
        *inv = 0x1p149L;
        return 0x1p-149L;
    }
    double d = (double)a;                          /* normal, in range */
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    int e = (int)(b >> 52) - 1023;                 /* 2^e <= d < 2^(e+1) */
    uint64_t bp = b & 0xfff0000000000000u;         /* 2^e: d's mantissa cleared */
    double p;
    memcpy(&p, &bp, sizeof p);
    if ((long double)p > a)
        e--;                                       /* d rounded up to 2^e */
    /* 2^(e-23) and 2^(23-e) are normal doubles for -126 <= e <= 127. */
    uint64_t bu = (uint64_t)(e - 23 + 1023) << 52, bi = (uint64_t)(23 - e + 1023) << 52;
    double u, iu;
    memcpy(&u, &bu, sizeof u);
    memcpy(&iu, &bi, sizeof iu);
    *inv = iu;
    return u;
}

/* isinf(gc_fp_round_ld(GC_PREC_F32, v)) without the emulated rounding:
 * a long double rounds to float32 infinity exactly when its magnitude
 * reaches the midpoint 2^128 - 2^103 = 0x1.ffffffp+127 between FLT_MAX
 * and 2^128 (the tie goes to the even 2^128, FLT_MAX's significand being
 * odd).  False for NaN, as isinf is. */
static inline bool rounds_to_inf_f32(long double v)
{
    return fabsl(v) >= 0x1.ffffffp+127L;
}


/* Fold one point (in ascending order) into a chunk summary. */
static void chunk_add(struct chunk *k, const struct gc_flag *f)
{
    if (k->points++ == 0)
        k->first = *f;
    k->count[f->cls]++;
    k->disagreements += f->fd_disagrees;
    k->fe_f |= f->fe_f;
    k->fe_df |= f->fe_df;
    if (gc_class_fails(f->cls, f->inherent))
        k->mismatches++;
    bool compared = (f->cls == GC_CLASS_OK || f->cls == GC_CLASS_MISMATCH
                     || f->cls == GC_CLASS_GRADIENT_UNDERFLOW
                     || f->cls == GC_CLASS_KINK)
                    && isfinite(f->reference) && !isnan(f->ulp_error);
    if (compared) {
        if (!k->has_worst || f->ulp_error > k->worst.ulp_error) {
            k->worst = *f;
            k->has_worst = true;
        }
        k->max_ulp = fmax(k->max_ulp, f->ulp_error);
        if (f->cls != GC_CLASS_KINK)
            k->max_rel = fmax(k->max_rel, rel_error(f->declared, f->reference, 0x1p-126L));
    }
    if (f->cls != GC_CLASS_OK) {
        int fe = f->function == GC_FN_F ? f->fe_f : f->fe_df;
        struct gc_region *g = k->n_reg ? &k->reg[k->n_reg - 1] : NULL;
        if (g && k->has_last && k->last.cls != GC_CLASS_OK && same_key(&k->last, f)) {
            g->hi = f->x;
            g->count++;
            g->fe |= fe;
        } else {
            if (!grow((void **)&k->reg, &k->cap_reg, k->n_reg + 1, sizeof *k->reg)) {
                k->nomem = true;
                return;
            }
            g = &k->reg[k->n_reg++];
            *g = (struct gc_region){ .cls = f->cls, .function = f->function,
                                     .inherent = f->inherent, .lo = f->x,
                                     .hi = f->x, .count = 1, .fe = fe };
            k->reg_stored = 0;
        }
        if (k->reg_stored < GC_FLAGS_PER_REGION) {
            if (!grow((void **)&k->flags, &k->cap_flags, k->n_flags + 1, sizeof *k->flags)) {
                k->nomem = true;
                return;
            }
            k->flags[k->n_flags++] = *f;
            k->reg_stored++;
        }
    }
    k->last = *f;
    k->has_last = true;
}

/* The cheap screen.  A sweep spends nearly all its time on points the
 * screen passes, so for those nothing is built or copied: chunk_ok folds
 * an ok point into the summary exactly as chunk_add would (same counts,
 * maxima and worst point; a struct gc_flag is only built when the point
 * becomes the chunk's first or worst), and chunk_extend does the same for
 * a point that only lengthens the current region once its
 * GC_FLAGS_PER_REGION flags are stored (an inherent overflow of f, which
 * covers a quarter of the lattice for square).  chunk_add only reads the
 * class, function and inherence of k->last and k->first, and so does
 * chunk_merge: keeping those keys current is all that is needed. */
static void ok_flag(const struct sweep_ctx *c, float x, long double fv,
                    long double dv, long double r, double ulp_error,
                    int fe_f, int fe_df, struct gc_flag *out)
{
    memset(out, 0, sizeof *out);
    out->x = x;
    out->cls = GC_CLASS_OK;
    out->f_decl = fv;
    out->f_ref = NAN;
    out->declared = dv;
    out->reference = r;
    out->ref_err = 16 * LDBL_EPSILON * fabsl(r);
    out->left = out->right = out->fd_same = NAN;
    out->ulp_error = ulp_error;
    out->tol_ulps = c->tol->ulps;
    out->fe_f = fe_f;
    out->fe_df = fe_df;
}

/* The screen's per-point helpers are called from two places each (the
 * per-point path and batch_screen); gcc then stops inlining them, which
 * costs the cheap activations (relu) a third of their sweep. */
#if defined(__GNUC__)
#define SWEEP_INLINE inline __attribute__((always_inline))
#else
#define SWEEP_INLINE inline
#endif

static SWEEP_INLINE void chunk_ok(const struct sweep_ctx *c, struct chunk *k, float x,
                                    long double fv, long double dv, long double r,
                                    double ulp_error, int fe_f, int fe_df)
{
    if (k->points++ == 0)
        ok_flag(c, x, fv, dv, r, ulp_error, fe_f, fe_df, &k->first);
    k->count[GC_CLASS_OK]++;
    k->fe_f |= fe_f;
    k->fe_df |= fe_df;
    /* compared: r is finite and ulp_error a number (see screen_point) */
    if (!k->has_worst || ulp_error > k->worst.ulp_error) {
        ok_flag(c, x, fv, dv, r, ulp_error, fe_f, fe_df, &k->worst);
        k->has_worst = true;
    }
    if (ulp_error > k->max_ulp)                    /* fmax: no NaN here */
        k->max_ulp = ulp_error;
    if (dv != r) {                                 /* equal never raises it */
        double rel = rel_error(dv, r, 0x1p-126L);  /* the sweep is float32 */
        if (rel > k->max_rel)
            k->max_rel = rel;
    }
    k->last.cls = GC_CLASS_OK;
    k->has_last = true;
}

/* True when the chunk's current region is an inherent overflow of f with
 * its GC_FLAGS_PER_REGION flags stored: chunk_extend's precondition. */
static SWEEP_INLINE bool chunk_extendable(const struct chunk *k)
{
    return k->has_last && k->last.cls == GC_CLASS_OVERFLOW && k->last.function == GC_FN_F
           && k->last.inherent && k->n_reg && k->reg_stored >= GC_FLAGS_PER_REGION;
}

/* True (and the point folded in) when an inherent overflow of f at x
 * continues the chunk's current region past its stored flags. */
static SWEEP_INLINE bool chunk_extend(struct chunk *k, float x, int fe_f, int fe_df)
{
    if (!chunk_extendable(k))
        return false;
    struct gc_region *g = &k->reg[k->n_reg - 1];
    k->points++;
    k->count[GC_CLASS_OVERFLOW]++;
    k->fe_f |= fe_f;
    k->fe_df |= fe_df;
    g->hi = x;
    g->count++;
    g->fe |= fe_f;
    return true;
}

/* Would screen_point fold this inherent overflow of f into the current
 * region (its first branch), given f's value fv and df's value dv? */
static SWEEP_INLINE bool screen_extends(const struct gc_activation *a, float x, float fv, float dv)
{
    if (!isinf(fv) || isnan(dv) || !a->fref)
        return false;
    WATCH(a->fref, x);
    if (!rounds_to_inf_f32(a->fref(x)))
        return false;
    if (isinf(dv)) {
        WATCH(a->dfref, x);
        if (isnan(a->dfref(x)))
            return false;
    }
    return true;
}

/* Does the screen pass x as ok (screen_point's second branch)?  Then the
 * closed form r and the ULP error of dv are set. */
static SWEEP_INLINE bool screen_ok(const struct sweep_ctx *c, float x, float fv, float dv,
                                   long double *r_out, double *ulp_error)
{
    if (!isfinite(fv) || !isfinite(dv))
        return false;
    WATCH(c->a->dfref, x);
    long double r = c->a->dfref(x);
    if (!isfinite(r))
        return false;
    long double inv, u = ulp_f32_ld(r, &inv);
    long double diff = fabsl((long double)dv - r);
    if (!(diff <= (long double)c->tol->ulps * u))
        return false;
    *r_out = r;
    *ulp_error = (double)(diff * inv);
    return true;
}

/* The screen of one point x (finite, nonzero, not a kink) given its
 * declared values and their flags: true when the point was folded into k
 * with the class the full check gives it, false when it needs the full
 * check.
 *  - ok: declared values finite and within ulps * ulp(dfref) of the
 *    closed form, which the full check's tolerance always contains;
 *  - an inherent overflow of f (fref beyond float32 too), where df is
 *    finite, or infinite with dfref(x) not NaN: the full check classes
 *    it by f alone (compare.c looks at f's overflow before df's, a NaN
 *    df is excluded here, and the reference is dfref(x), not NaN).  Such
 *    points are only counted into a region whose flags are already
 *    stored (chunk_extend); a point that is stored gets the full check. */
static SWEEP_INLINE bool screen_point(const struct sweep_ctx *c, struct chunk *k, float x,
                                      float fv, float dv, int fe_f, int fe_df)
{
    const struct gc_activation *a = c->a;
    if (isinf(fv))
        return screen_extends(a, x, fv, dv) && chunk_extend(k, x, fe_f, fe_df);
    long double r;
    double ulp_error;
    if (!screen_ok(c, x, fv, dv, &r, &ulp_error))
        return false;
    chunk_ok(c, k, x, fv, dv, r, ulp_error, fe_f, fe_df);
    return true;
}

/* Points per batch: f32 and df32 are each evaluated over the batch with
 * the exception flags cleared before and tested after.  By C11 7.6p3 a
 * function does not clear its caller's status flags, so a batch that
 * raised none means that no call raised any, which is what per-call
 * testing would have recorded; a batch that raised some is evaluated
 * again point by point (call_f32), so every point's own flags are exact.
 * Under the crash isolation of plugin.c (watch set) every call is made
 * singly and watched. */
#define SWEEP_BATCH 128

/* fn over the batch; the flags the batch raised. */
static int eval_batch_f32(float (*fn)(float), const float *xs, float *ys, int n)
{
    fe_clear();
    for (int j = 0; j < n; j++) {
        volatile float v = fn(xs[j]);
        ys[j] = v;
    }
    return fe_test();
}

static SWEEP_INLINE bool plain_point(const struct sweep_ctx *c, float x)
{
    if (x == 0 || !isfinite(x))
        return false;
    for (size_t q = 0; q < c->n_kinks; q++)
        if (x == c->kinks[q])
            return false;
    return true;
}

/* A batch that raised flags, fe_f from f and fe_df from df, need not be
 * evaluated again point by point when the screen takes every point of it
 * the same way, since then the flags end up only in unions that the
 * batch's flags are exactly:
 *  - every point continues the chunk's inherent overflow of f (a quarter
 *    of square's lattice): the region's and the chunk's unions;
 *  - every point is ok (square's underflowing x^2 for |x| < 2^-63): the
 *    chunk's union, except for a point that becomes the chunk's first or
 *    worst, whose stored record gets its own flags from a single call.
 * True when the batch was folded in. */
static bool batch_screen(const struct sweep_ctx *c, struct chunk *k, const float *xs,
                         const float *fv, const float *dv, int n, int fe_f, int fe_df)
{
    const struct gc_activation *a = c->a;
    if (chunk_extendable(k)) {
        for (int j = 0; j < n; j++)
            if (!plain_point(c, xs[j]) || !screen_extends(a, xs[j], fv[j], dv[j]))
                return false;
        for (int j = 0; j < n; j++)
            (void)chunk_extend(k, xs[j], fe_f, fe_df);
        return true;
    }
    long double r[SWEEP_BATCH];
    double ue[SWEEP_BATCH];
    for (int j = 0; j < n; j++)
        if (!plain_point(c, xs[j]) || !screen_ok(c, xs[j], fv[j], dv[j], &r[j], &ue[j]))
            return false;
    for (int j = 0; j < n; j++) {
        int ff = 0, fd = 0;
        if (k->points == 0 || !k->has_worst || ue[j] > k->worst.ulp_error) {
            (void)call_f32(a->f32, xs[j], &ff);
            (void)call_f32(a->df32, xs[j], &fd);
        }
        chunk_ok(c, k, xs[j], fv[j], dv[j], r[j], ue[j], ff, fd);
    }
    k->fe_f |= fe_f;
    k->fe_df |= fe_df;
    return true;
}

static void sweep_chunk(const struct sweep_ctx *c, int64_t k0, int64_t k1,
                        struct chunk *k)
{
    const struct gc_activation *a = c->a;
    const bool screen = !c->all_full && a->dfref;
    float xs[SWEEP_BATCH], fv[SWEEP_BATCH], dv[SWEEP_BATCH];
    struct gc_flag f;

    for (int64_t i0 = k0; i0 < k1 && !k->nomem; i0 += SWEEP_BATCH) {
        int n = k1 - i0 < SWEEP_BATCH ? (int)(k1 - i0) : SWEEP_BATCH;
        for (int j = 0; j < n; j++)
            xs[j] = gc_fp_from_ord_f32((int32_t)(i0 + j));
        int fe_bf = 0, fe_bdf = 0;
        bool batched = screen && !watch;
        if (batched) {
            fe_bf = eval_batch_f32(a->f32, xs, fv, n);
            fe_bdf = eval_batch_f32(a->df32, xs, dv, n);
            if ((fe_bf | fe_bdf) && batch_screen(c, k, xs, fv, dv, n, fe_bf, fe_bdf))
                continue;
        }
        bool clean = batched && (fe_bf | fe_bdf) == 0;
        for (int j = 0; j < n && !k->nomem; j++) {
            float x = xs[j];
            if (i0 + j == 0) {
                /* ord 0 is both zeros: -0 first. */
                (void)check_one(a, GC_PREC_F32, c->tol, c->F, -0.0, &f);
                chunk_add(k, &f);
            }
            if (screen && plain_point(c, x)) {
                int fe_f = 0, fe_df = 0;
                float fx = fv[j], dx = dv[j];
                if (!clean) {
                    fx = (float)call_f32(a->f32, x, &fe_f);
                    dx = (float)call_f32(a->df32, x, &fe_df);
                }
                if (screen_point(c, k, x, fx, dx, fe_f, fe_df))
                    continue;
            }
            (void)check_one(a, GC_PREC_F32, c->tol, c->F, x, &f);
            chunk_add(k, &f);
        }
    }
}

/* Append chunk k to the result, merging a region that runs across. */
static gc_status chunk_merge(struct gc_result *r, struct chunk *k,
                             size_t *cap_reg, size_t *cap_flags,
                             struct gc_flag *prev_last, bool *has_prev,
                             size_t *stored_last)
{
    for (int c = 0; c < GC_N_CLASSES; c++)
        r->count[c] += k->count[c];
    r->points += k->points;
    r->mismatches += k->mismatches;
    r->fd_disagreements += k->disagreements;
    r->fe_f |= k->fe_f;
    r->fe_df |= k->fe_df;
    r->max_ulp_error = fmax(r->max_ulp_error, k->max_ulp);
    r->max_rel_error = fmax(r->max_rel_error, k->max_rel);
    if (k->has_worst && (!r->has_worst || k->worst.ulp_error > r->worst.ulp_error)) {
        r->worst = k->worst;
        r->has_worst = true;
    }
    size_t first = 0, skip_from = 0, skip_to = 0;
    if (k->n_reg && r->n_regions && *has_prev && prev_last->cls != GC_CLASS_OK
        && k->first.cls != GC_CLASS_OK && same_key(prev_last, &k->first)) {
        /* The previous chunk ended inside a region that this one opens
         * with (its first point is flagged and of the same key): extend
         * it, keeping at most GC_FLAGS_PER_REGION of its flagged points. */
        struct gc_region *g = &r->regions[r->n_regions - 1];
        size_t own = k->reg[0].count < GC_FLAGS_PER_REGION ? k->reg[0].count
                                                           : GC_FLAGS_PER_REGION;
        size_t room = *stored_last < GC_FLAGS_PER_REGION
                          ? GC_FLAGS_PER_REGION - *stored_last : 0;
        size_t take = own < room ? own : room;
        skip_from = take;
        skip_to = own;
        *stored_last += take;
        g->hi = k->reg[0].hi;
        g->count += k->reg[0].count;
        g->fe |= k->reg[0].fe;
        first = 1;
    }
    if (!grow((void **)&r->regions, cap_reg, r->n_regions + k->n_reg, sizeof *r->regions)
        || !grow((void **)&r->flags, cap_flags, r->n_flags + k->n_flags, sizeof *r->flags))
        return GC_NOMEM;
    for (size_t i = first; i < k->n_reg; i++)
        r->regions[r->n_regions++] = k->reg[i];
    for (size_t i = 0; i < k->n_flags; i++)
        if (i < skip_from || i >= skip_to)
            r->flags[r->n_flags++] = k->flags[i];
    if (k->n_reg > first)
        *stored_last = k->reg_stored;
    if (k->has_last) {
        *prev_last = k->last;
        *has_prev = true;
    }
    return GC_OK;
}

static gc_status sweep_f32(const struct gc_activation *a,
                           const struct gc_check_options *o,
                           const struct gc_fd_func *F, struct gc_result *r)
{
    struct sweep_ctx c = { .a = a, .tol = &o->tol[GC_PREC_F32], .F = F };
    if (a->n_kinks > sizeof c.kinks / sizeof c.kinks[0])
        c.all_full = true;
    for (size_t i = 0; i < a->n_kinks && !c.all_full; i++)
        c.kinks[c.n_kinks++] = (float)gc_fp_round_ld(GC_PREC_F32, a->kinks[i]);

    const int64_t k_lo = gc_fp_ord_f32(-INFINITY), k_hi = gc_fp_ord_f32(INFINITY) + 1;
    const uint64_t total = (uint64_t)(k_hi - k_lo);
    size_t cap_reg = 0, cap_flags = 0, stored_last = 0;
    struct gc_flag prev_last;
    bool has_prev = false;
    gc_status st = GC_OK;
    int64_t done_to = k_lo;
    struct chunk *wave = calloc(SWEEP_WAVE, sizeof *wave);
    if (!wave)
        return GC_NOMEM;

    r->exhaustive = true;
    while (done_to < k_hi && st == GC_OK) {
        if (o->stop && *o->stop)
            break;
        int64_t span = (int64_t)SWEEP_CHUNK * SWEEP_WAVE;
        int64_t end = k_hi - done_to < span ? k_hi : done_to + span;
        int n_chunks = (int)((end - done_to + SWEEP_CHUNK - 1) / SWEEP_CHUNK);
        int64_t base = done_to;
        #pragma omp parallel for schedule(dynamic, 1) if (!serial)
        for (int j = 0; j < n_chunks; j++) {
            int64_t k0 = base + (int64_t)j * SWEEP_CHUNK;
            int64_t k1 = k0 + SWEEP_CHUNK < end ? k0 + SWEEP_CHUNK : end;
            /* Summed on this thread's stack, not in wave[]: neighbouring
             * elements share cache lines, and two threads updating their
             * counters there ran 2x slower (false sharing). */
            struct chunk loc;
            memset(&loc, 0, sizeof loc);
            sweep_chunk(&c, k0, k1, &loc);
            wave[j] = loc;
        }
        for (int j = 0; j < n_chunks; j++) {
            if (wave[j].nomem)
                st = GC_NOMEM;
            if (st == GC_OK)
                st = chunk_merge(r, &wave[j], &cap_reg, &cap_flags, &prev_last, &has_prev,
                                 &stored_last);
            free(wave[j].reg);
            free(wave[j].flags);
            memset(&wave[j], 0, sizeof wave[j]);
        }
        done_to = end;
        if (o->progress)
            o->progress(o->progress_ctx, (uint64_t)(done_to - k_lo), total);
    }
    free(wave);
    if (st != GC_OK)
        return st;

    /* NaN, once, as the sampled checks do. */
    if (done_to >= k_hi) {
        struct chunk k;
        struct gc_flag f;
        memset(&k, 0, sizeof k);
        (void)check_one(a, GC_PREC_F32, &o->tol[GC_PREC_F32], F, NAN, &f);
        chunk_add(&k, &f);
        st = k.nomem ? GC_NOMEM
                     : chunk_merge(r, &k, &cap_reg, &cap_flags, &prev_last, &has_prev,
                                   &stored_last);
        free(k.reg);
        free(k.flags);
    }
    r->partial = done_to < k_hi;
    r->coverage = (double)(done_to - k_lo) / (double)total;
    r->median_ulp_error = NAN;  /* not kept over 2^32 points */
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

gc_status gc_check_run(const struct gc_activation *a, const char *source,
                       gc_precision p, const struct gc_check_options *o,
                       struct gc_result *r)
{
    struct gc_check_options defaults;
    struct gc_points pts;
    struct ref_fn ctx;
    struct gc_fd_func F;
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
        reference_function(a, &ctx, &F);
        st = sweep_f32(a, o, &F, r);
        if (st != GC_OK) {
            gc_result_free(r);
            return st;
        }
        finish_verdict(r);
        return GC_OK;
    }

    gc_points_init(&pts);
    r->exhaustive = p == GC_PREC_F16 || p == GC_PREC_BF16;
    if (p == GC_PREC_F16 || p == GC_PREC_BF16)
        st = half_points(p, &pts);
    else
        st = gc_sample_default(p, a->kinks, a->n_kinks, o->n_points,
                               o->seed, &pts);
    for (size_t i = 0; st == GC_OK && i < o->n_extra; i++)
        st = gc_points_push(&pts, (double)gc_fp_round_ld(p, o->extra[i]));
    if (st != GC_OK) {
        gc_points_free(&pts);
        return st;
    }
    gc_points_finish(&pts);

    struct gc_flag *all = calloc(pts.n ? pts.n : 1, sizeof *all);
    if (!all) {
        gc_points_free(&pts);
        return GC_NOMEM;
    }
    reference_function(a, &ctx, &F);
    const struct gc_tolerance *tol = &o->tol[p];

    /* Points are independent; fenv state is per thread. */
    #pragma omp parallel for schedule(dynamic, 64) if (!serial)
    for (size_t i = 0; i < pts.n; i++)
        (void)check_one(a, p, tol, &F, pts.x[i], &all[i]);

    r->points = pts.n;
    summarise(r, all, pts.n);
    double *lo_at = malloc((pts.n ? pts.n : 1) * sizeof *lo_at);
    double *hi_at = malloc((pts.n ? pts.n : 1) * sizeof *hi_at);
    if (lo_at && hi_at) {
        refine_regions(a, p, tol, &F, all, pts.n, lo_at, hi_at);
        st = collect_flags(r, all, pts.n, lo_at, hi_at);
    } else {
        st = GC_NOMEM;
    }
    free(lo_at);
    free(hi_at);
    free(all);
    gc_points_free(&pts);
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
