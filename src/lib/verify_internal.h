/* verify_internal.h - what crosses the files of the check (not installed).
 *
 * The check of one activation in one precision is four files:
 *   verify.c     the check itself (gc_check_run, gc_check_point), and the
 *                calls into activation code: exception capture, the
 *                crash watch of plugin.c, the per-point check gc_check_one;
 *   reference.c  the reference derivative at one point;
 *   regions.c    the one summary accumulator (counts, maxima, the worst
 *                point, exception unions, regions, kept flags) that the
 *                sampled check and the sweep both fill, and the bisection
 *                of region edges;
 *   sweep.c      the exhaustive float32 sweep and its screen.
 * Only what one file uses of another is declared here; the rest is static.
 */
#ifndef GC_VERIFY_INTERNAL_H
#define GC_VERIFY_INTERNAL_H

#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "verify.h"
#include "fd.h"

/* ------------------------------------------------------ calls (verify.c) */

#define GC_FE_MASK (FE_OVERFLOW | FE_UNDERFLOW | FE_INVALID | FE_DIVBYZERO)

/* Clearing and testing the flags of GC_FE_MASK, as feclearexcept and
 * fetestexcept do.  glibc's feclearexcept rewrites the whole x87
 * environment (fnstenv/fldenv, ~100 cycles), which dominated the
 * exhaustive sweep in regions where every call raises a flag (square's
 * overflow from |x| = 2^64 on); on x86-64 the SSE flags are cleared in
 * MXCSR directly, and the x87 ones, only when set (long double code), by
 * fnclex, which also clears inexact and denormal: flags nobody records.
 * The FE_* values are the bit positions of both status registers.
 * Inline here because the sweep's batches call them in their hot loop. */
#if defined(__x86_64__) && defined(__GNUC__) && FE_INVALID == 1 && FE_DIVBYZERO == 4 \
    && FE_OVERFLOW == 8 && FE_UNDERFLOW == 16
static inline int gc_fe_test(void)
{
    unsigned short sw;
    unsigned int csr;
    __asm__ __volatile__("fnstsw %0" : "=am"(sw));
    __asm__ __volatile__("stmxcsr %0" : "=m"(csr));
    return (int)((sw | csr) & GC_FE_MASK);
}

static inline void gc_fe_clear(void)
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
static inline int gc_fe_test(void)
{
    return fetestexcept(GC_FE_MASK);
}

/* The flags are sticky and nearly always clear already. */
static inline void gc_fe_clear(void)
{
    if (fetestexcept(GC_FE_MASK))
        feclearexcept(GC_FE_MASK);
}
#endif

/* The watch of plugin.c's crash isolation (gc_verify_watch; NULL when
 * off) and its request for one thread (gc_verify_serial).  Variables, not
 * accessors: the sweep's screen reads the watch at every point. */
extern struct gc_watch *gc_verify_watching;
extern bool gc_verify_serial_on;

#define GC_WATCH(fnp, xv)                                                  \
    do {                                                                   \
        if (gc_verify_watching) {                                          \
            gc_verify_watching->x = (double)(xv);                          \
            gc_verify_watching->fn = (uintptr_t)(fnp);                     \
        }                                                                  \
    } while (0)

/* fn(x) with the flags of GC_FE_MASK it raised in *fe (noinline, so that
 * the call stays between the clear and the test). */
long double gc_call_f32(float (*fn)(float), float x, int *fe);

/* The full check of one point: gc_check_point with the reference
 * function F already built (reference.c). */
gc_status gc_check_one(const struct gc_activation *a, gc_precision p,
                       const struct gc_tolerance *tol,
                       const struct gc_fd_func *F, double x,
                       struct gc_flag *out);

/* -------------------------------------------------- reference.c */

struct gc_ref_fn {
    const struct gc_activation *a;
};

/* The most precise f available (fref, else f64, else f32) as F, with ctx
 * as its context (ctx must outlive F). */
void gc_reference_function(const struct gc_activation *a,
                           struct gc_ref_fn *ctx, struct gc_fd_func *F);

struct gc_ref_result {
    long double f_ref, r, e, d2;
    bool at_kink, sides_known, fd_disagrees;
    long double left, left_err, right, right_err;
};

/* The reference derivative r of a at x with its error bar e, the
 * curvature d2 and, at and near kinks, the one-sided derivatives. */
void gc_reference(const struct gc_activation *a, gc_precision p,
                  const struct gc_tolerance *tol, const struct gc_fd_func *F,
                  long double x, struct gc_ref_result *out);

/* ---------------------------------------------------- regions.c */

/* Two points belong to the same region when class, function and
 * inherence agree (every ok point is alike). */
struct gc_key {
    gc_class cls;
    gc_function function;
    bool inherent;
};

static inline struct gc_key gc_key_of(const struct gc_flag *f)
{
    return (struct gc_key){ f->cls, f->function, f->inherent };
}

static inline bool gc_same_key(struct gc_key a, struct gc_key b)
{
    if (a.cls != b.cls)
        return false;
    return a.cls == GC_CLASS_OK
           || (a.function == b.function && a.inherent == b.inherent);
}

/* The summary of points folded in ascending order: what a struct
 * gc_result reports of them.  The sampled check folds every point with
 * gc_summary_add; the sweep folds blocks into their own summaries (the
 * ok points and the long inherent overflows through the inline fast
 * paths of sweep.c, which keep exactly gc_summary_add's fields) and
 * appends them in order with gc_summary_merge. */
struct gc_summary {
    size_t count[GC_N_CLASSES];
    size_t points, mismatches, disagreements;
    double max_ulp, max_rel;
    bool has_worst;
    struct gc_flag worst;        /* see gc_summary_takes_worst */
    int fe_f, fe_df;
    long double min_normal;      /* the floor of the relative error */
    size_t flags_per_region;     /* flags kept per region */
    struct gc_region *reg;
    size_t n_reg, cap_reg;
    struct gc_flag *flags;
    size_t n_flags, cap_flags;
    size_t reg_stored;           /* flags kept of the last region */
    bool has_last;
    struct gc_key first, last;   /* of the first and last points */
    bool nomem;                  /* an allocation failed: the summary is
                                    incomplete */
};

/* An empty summary for precision p keeping at most flags_per_region
 * flagged points per region (SIZE_MAX: all). */
void gc_summary_init(struct gc_summary *s, gc_precision p, size_t flags_per_region);
void gc_summary_free(struct gc_summary *s);

/* Fold in the next point f; lo and hi are the edges a region that starts
 * or ends at f gets (f->x, or the bisected edges of a sampled check). */
void gc_summary_add(struct gc_summary *s, const struct gc_flag *f, double lo, double hi);

/* Append k (the points after s's) to s, extending s's last region when k
 * opens with its continuation.  GC_NOMEM leaves s->nomem set. */
gc_status gc_summary_merge(struct gc_summary *s, const struct gc_summary *k);

/* Move the summary into r (counts, maxima, worst, unions, flags,
 * regions); s is left empty.  GC_NOMEM when s is incomplete. */
gc_status gc_summary_to_result(struct gc_summary *s, struct gc_result *r);

/* Is the point compared with its reference (its ULP error counted)? */
static inline bool gc_flag_compared(const struct gc_flag *f)
{
    return (f->cls == GC_CLASS_OK || f->cls == GC_CLASS_MISMATCH
            || f->cls == GC_CLASS_GRADIENT_UNDERFLOW || f->cls == GC_CLASS_KINK)
           && isfinite(f->reference) && !isnan(f->ulp_error);
}

/* Does a compared point at x with this ULP error become the worst?  The
 * first of the largest error; among equals the first finite one (an
 * infinite x is where the reference is a limit). */
static inline bool gc_summary_takes_worst(const struct gc_summary *s, double ulp_error,
                                          double x)
{
    return !s->has_worst || ulp_error > s->worst.ulp_error
           || (!isfinite(s->worst.x) && isfinite(x) && ulp_error >= s->worst.ulp_error);
}

/* The relative error of a declared gradient d against the reference r,
 * on a floor of the precision's smallest normal: where r is subnormal
 * or 0 a correct d is off by a few subnormal ULPs, which relative to r
 * itself reads as 1.0 (relu and gelu in float32 once reported that). */
static inline double gc_rel_error(long double d, long double r, long double min_normal)
{
    long double den = fabsl(r) > min_normal ? fabsl(r) : min_normal;
    double rel = (double)(fabsl(d - r) / den);
    return isnan(rel) ? (double)INFINITY : rel;
}

/* The maxima of a compared point (its ULP error not NaN, so a comparison
 * does what fmax would; d == r gives a relative error of 0). */
static inline void gc_summary_errors(struct gc_summary *s, double ulp_error,
                                     long double d, long double r, bool kink)
{
    if (ulp_error > s->max_ulp)
        s->max_ulp = ulp_error;
    if (!kink && d != r) {
        double rel = gc_rel_error(d, r, s->min_normal);
        if (rel > s->max_rel)
            s->max_rel = rel;
    }
}

/* The median ULP error of the compared points of all[0..n) (0 if none). */
double gc_median_ulp_error(const struct gc_flag *all, size_t n);

/* Exact region edges for every change of region between adjacent finite
 * samples all[0..n) of a sampled check: lo_at[i] is the first value of
 * the region that starts at sample i, hi_at[i] the last value of the
 * region that ends there. */
void gc_refine_regions(const struct gc_activation *a, gc_precision p,
                       const struct gc_tolerance *tol, const struct gc_fd_func *F,
                       const struct gc_flag *all, size_t n, double *lo_at, double *hi_at);

/* ------------------------------------------------------ sweep.c */

/* Sweep every float32 value of a, in ascending order, into r. */
gc_status gc_sweep_f32(const struct gc_activation *a, const struct gc_check_options *o,
                       const struct gc_fd_func *F, struct gc_result *r);

/* The sweep of the float32 values of ordinals [k0, k1) (gc_fp_ord_f32;
 * ordinal 0 is -0 then +0), single-threaded, folded into s (initialised
 * by the caller for GC_PREC_F32 and GC_FLAGS_PER_REGION): what
 * gc_sweep_f32 does for each of its blocks.  For tests and benchmarks. */
void gc_sweep_range(const struct gc_activation *a, const struct gc_tolerance *tol,
                    int64_t k0, int64_t k1, struct gc_summary *s);

/* ulp of float32 at v, exactly gc_fp_ulp_ld(GC_PREC_F32, v) for every
 * non-NaN long double v, without frexpl/ldexpl (x87 library calls that
 * cost more than a whole screened point): the exponent is read from the
 * bits of (double)v and corrected by one where the conversion rounded |v|
 * up to the next power of two.  *inv is 1/ulp, exact (a power of two), so
 * that diff / ulp can be formed as an exact product.  Inline for the
 * screen; here so that the tests can hold it to fp.c. */
static inline long double gc_ulp_f32_ld(long double v, long double *inv)
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
static inline bool gc_rounds_to_inf_f32(long double v)
{
    return fabsl(v) >= 0x1.ffffffp+127L;
}

#endif
