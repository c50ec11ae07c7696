/* verify.h - the check of one activation in one precision.
 *
 * gc_check_run builds the point set, evaluates the declared f and df in the
 * precision (recording floating-point exceptions), builds the reference
 * derivative from the most precise f available, classifies every point
 * (compare.h), merges flagged points into regions and reaches a verdict.
 */
#ifndef GC_VERIFY_H
#define GC_VERIFY_H

#include <signal.h>
#include "gradcheck.h"
#include "compare.h"

/* Flagged points kept per region in an exhaustive sweep. */
#define GC_FLAGS_PER_REGION 64

typedef enum {
    GC_VERDICT_PASS, GC_VERDICT_WARN, GC_VERDICT_FAIL,
    GC_VERDICT_CRASH   /* the activation crashed or timed out (plugins) */
} gc_verdict;
const char *gc_verdict_name(gc_verdict v);

struct gc_check_options {
    size_t n_points;      /* target size of the sampled point set */
    uint64_t seed;        /* for the random points */
    bool custom_tol;      /* use tol[] instead of gc_tolerance_default */
    struct gc_tolerance tol[GC_N_PRECISIONS];
    const double *extra;  /* extra points to check (rounded to p) */
    size_t n_extra;
    bool exhaustive;      /* float32: every one of the 2^32 values
                             (float16/bfloat16 always are; float64 is
                             always sampled) */
    /* Exhaustive sweeps call progress (when set) after every block, from
     * the calling thread, and stop early, leaving a partial result, once
     * *stop (when set) is nonzero. */
    void (*progress)(void *ctx, uint64_t done, uint64_t total);
    void *progress_ctx;
    volatile sig_atomic_t *stop;
};

/* Defaults: 10000 points, seed 1, default tolerances, no extra points. */
void gc_check_options_default(struct gc_check_options *o);

/* One evaluated point, with everything needed to act on a flag. */
struct gc_flag {
    double x;                 /* a value of the precision */
    gc_class cls;
    gc_function function;
    bool inherent;
    bool at_kink;             /* x is a declared kink */
    long double f_decl, f_ref;
    long double declared;     /* df_p(x) */
    long double reference;    /* reference derivative */
    long double ref_err;      /* its error bar */
    long double left, right;  /* one-sided derivatives (kinks), else NaN */
    long double fd_same;      /* same-precision central difference */
    bool fd_disagrees;        /* dfref and the finite difference of fref
                                 disagree beyond the latter's error bar */
    double ulp_error, tol_ulps;
    int fe_f, fe_df;          /* FE_* raised by f and by df */
};

/* Consecutive sampled points of one class and function, with exact
 * edges: lo and hi are the first and last value of the precision in the
 * region, found by bisection on the ordered lattice between the samples
 * on either side of each edge. */
struct gc_region {
    gc_class cls;
    gc_function function;
    bool inherent;
    double lo, hi;            /* exact edges (values of the precision) */
    size_t count;             /* sampled points inside */
    int fe;                   /* FE_* raised inside */
};

struct gc_result {
    const struct gc_activation *act;
    const char *source;       /* "builtin", a file name, ... */
    gc_precision prec;
    bool skipped;             /* the precision's functions are NULL */
    bool exhaustive;          /* every value of the precision was checked */
    bool partial;             /* an exhaustive sweep stopped early */
    double coverage;          /* fraction of the lattice covered (1 unless
                                 partial) */
    size_t points;
    size_t count[GC_N_CLASSES];
    size_t mismatches;        /* points of failing classes */
    size_t fd_disagreements;  /* points where dfref (the reference) and the
                                 finite difference of fref disagree */
    double max_ulp_error;     /* over points classed ok (finite ref) */
    double median_ulp_error;
    double max_rel_error;     /* max |d - r| / max(|r|, the precision's smallest
                                 normal) over compared points, kinks excluded:
                                 a correct gradient stays near its ULP error
                                 times eps, never 1.0 */
    bool has_worst;
    struct gc_flag worst;     /* the point with the largest ulp_error */
    struct gc_tolerance tol;
    struct gc_flag *flags;    /* non-ok points, ascending x: every one of a
                                 sampled check; at most GC_FLAGS_PER_REGION
                                 per region of an exhaustive sweep */
    size_t n_flags;
    struct gc_region *regions;
    size_t n_regions;
    int fe_f, fe_df;          /* union of FE_* over all points */
    gc_verdict verdict;
    /* Set by the caller from gc_depth_blowup_within (depth.h): activations
     * overflow float32 at this layer of a deep network (0: not within the
     * layers looked at); a pass then becomes a warn. */
    int depth_layer;
    double depth_sw2;
    /* verdict GC_VERDICT_CRASH: what happened (see plugin.h) */
    int crash_signal;         /* 0: timed out, or exited by itself */
    bool timed_out;
    double crash_x;           /* the argument being evaluated, NaN if unknown */
    const char *crash_what;   /* "f32", "df32", ... */
};

/* Check activation a in precision p.  source is copied by pointer (must
 * outlive the result).  Returns GC_OK (even when the activation fails:
 * see r->verdict), or GC_NOMEM / GC_INVAL; on error r is left empty. */
gc_status gc_check_run(const struct gc_activation *a, const char *source,
                       gc_precision p, const struct gc_check_options *o,
                       struct gc_result *r) GC_WARN_UNUSED;

/* Evaluate and classify a single point x (a value of p), as gc_check_run
 * does for each of its points. */
gc_status gc_check_point(const struct gc_activation *a, gc_precision p,
                         const struct gc_tolerance *tol, double x,
                         struct gc_flag *out) GC_WARN_UNUSED;

void gc_result_free(struct gc_result *r);

/* Where the check is: the argument and the function (compared with the
 * descriptor's pointers) of the latest call into activation code.  Set by
 * gc_verify_watch; used by the crash isolation of plugin.c, which also
 * turns threads off in its child (gc_verify_serial) so that the watch
 * names the very call that crashed. */
struct gc_watch {
    volatile double x;
    volatile uintptr_t fn;
};
void gc_verify_watch(struct gc_watch *w);
void gc_verify_serial(bool serial);

/* Names of the FE_* flags set in fe, e.g. "overflow,invalid"; "" if none. */
const char *gc_fe_names(int fe, char *buf, size_t size);

#endif
