/* sweep.c - the exhaustive float32 sweep.
 *
 * Every float32 value, in ascending order, gets the class the full check
 * (gc_check_one) would give it; a cheap screen decides most of them
 * without the finite-difference machinery.  tests/check_sweep.c holds the
 * screen to the full check inside make check; bench/bench_sweep.c
 * measures its speed.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "verify_internal.h"

/* The float32 lattice is swept in ascending order, in blocks of
 * SWEEP_CHUNK consecutive values; SWEEP_WAVE blocks run in parallel, then
 * their summaries are appended in order, so that a sweep stopped between
 * waves has covered an exact prefix of the lattice.  A cheap screen
 * (screen_point) gives the points it can decide the class the full check
 * would give them, without the finite-difference machinery; every other
 * point gets the full check.  (The screen skips the five-point
 * cross-check of dfref; the sampled checks and tests/check_activation.c
 * do that, and a sweep's reference_disagreements count only the points
 * that got the full check.) */
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

/* The cheap screen.  A sweep spends nearly all its time on points the
 * screen passes, so for those nothing is built or copied: chunk_ok folds
 * an ok point into the block's summary exactly as gc_summary_add would
 * (same counts, maxima and worst point, by the summary's own rules; a
 * struct gc_flag is only built when the point becomes the worst), and
 * chunk_extend does the same for a point that only lengthens the current
 * region once its flags are stored (an inherent overflow of f, which
 * covers a quarter of the lattice for square).  They are the
 * accumulator's fast paths, kept here, inline, because the screen's
 * speed is theirs; tests/check_sweep.c holds the summaries they build to
 * gc_summary_add's over the same points. */
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

static SWEEP_INLINE void chunk_ok(const struct sweep_ctx *c, struct gc_summary *k, float x,
                                  long double fv, long double dv, long double r,
                                  double ulp_error, int fe_f, int fe_df)
{
    if (k->points++ == 0)
        k->first = (struct gc_key){ .cls = GC_CLASS_OK };
    k->count[GC_CLASS_OK]++;
    k->fe_f |= fe_f;
    k->fe_df |= fe_df;
    /* compared: r is finite and ulp_error a number (see screen_point) */
    if (gc_summary_takes_worst(k, ulp_error, x)) {
        ok_flag(c, x, fv, dv, r, ulp_error, fe_f, fe_df, &k->worst);
        k->has_worst = true;
    }
    gc_summary_errors(k, ulp_error, dv, r, false);
    k->last.cls = GC_CLASS_OK;   /* the key of an ok point is its class */
    k->has_last = true;
}

/* True when the block's current region is an inherent overflow of f with
 * its flags stored: chunk_extend's precondition. */
static SWEEP_INLINE bool chunk_extendable(const struct gc_summary *k)
{
    return k->has_last && k->last.cls == GC_CLASS_OVERFLOW && k->last.function == GC_FN_F
           && k->last.inherent && k->n_reg && k->reg_stored >= k->flags_per_region;
}

/* True (and the point folded in) when an inherent overflow of f at x
 * continues the block's current region past its stored flags. */
static SWEEP_INLINE bool chunk_extend(struct gc_summary *k, float x, int fe_f, int fe_df)
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
    GC_WATCH(a->fref, x);
    if (!gc_rounds_to_inf_f32(a->fref(x)))
        return false;
    if (isinf(dv)) {
        GC_WATCH(a->dfref, x);
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
    GC_WATCH(c->a->dfref, x);
    long double r = c->a->dfref(x);
    if (!isfinite(r))
        return false;
    long double inv, u = gc_ulp_f32_ld(r, &inv);
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
static SWEEP_INLINE bool screen_point(const struct sweep_ctx *c, struct gc_summary *k, float x,
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
    gc_fe_clear();
    for (int j = 0; j < n; j++) {
        volatile float v = fn(xs[j]);
        ys[j] = v;
    }
    return gc_fe_test();
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
static bool batch_screen(const struct sweep_ctx *c, struct gc_summary *k, const float *xs,
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
        if (gc_summary_takes_worst(k, ue[j], xs[j])) {   /* its record gets its own */
            (void)gc_call_f32(a->f32, xs[j], &ff);
            (void)gc_call_f32(a->df32, xs[j], &fd);
        }
        chunk_ok(c, k, xs[j], fv[j], dv[j], r[j], ue[j], ff, fd);
    }
    k->fe_f |= fe_f;
    k->fe_df |= fe_df;
    return true;
}

static void sweep_chunk(const struct sweep_ctx *c, int64_t k0, int64_t k1,
                        struct gc_summary *k)
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
        bool batched = screen && !gc_verify_watching;
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
                (void)gc_check_one(a, GC_PREC_F32, c->tol, c->F, -0.0, &f);
                gc_summary_add(k, &f, f.x, f.x);
            }
            if (screen && plain_point(c, x)) {
                int fe_f = 0, fe_df = 0;
                float fx = fv[j], dx = dv[j];
                if (!clean) {
                    fx = (float)gc_call_f32(a->f32, x, &fe_f);
                    dx = (float)gc_call_f32(a->df32, x, &fe_df);
                }
                if (screen_point(c, k, x, fx, dx, fe_f, fe_df))
                    continue;
            }
            (void)gc_check_one(a, GC_PREC_F32, c->tol, c->F, x, &f);
            gc_summary_add(k, &f, f.x, f.x);
        }
    }
}

static void sweep_ctx_init(struct sweep_ctx *c, const struct gc_activation *a,
                           const struct gc_tolerance *tol, const struct gc_fd_func *F)
{
    memset(c, 0, sizeof *c);
    c->a = a;
    c->tol = tol;
    c->F = F;
    if (a->n_kinks > sizeof c->kinks / sizeof c->kinks[0])
        c->all_full = true;
    for (size_t i = 0; i < a->n_kinks && !c->all_full; i++)
        c->kinks[c->n_kinks++] = (float)gc_fp_round_ld(GC_PREC_F32, a->kinks[i]);
}

void gc_sweep_range(const struct gc_activation *a, const struct gc_tolerance *tol,
                    int64_t k0, int64_t k1, struct gc_summary *s)
{
    struct gc_ref_fn rf;
    struct gc_fd_func F;
    struct sweep_ctx c;
    gc_reference_function(a, &rf, &F);
    sweep_ctx_init(&c, a, tol, &F);
    sweep_chunk(&c, k0, k1, s);
}

gc_status gc_sweep_f32(const struct gc_activation *a, const struct gc_check_options *o,
                       const struct gc_fd_func *F, struct gc_result *r)
{
    struct sweep_ctx c;
    sweep_ctx_init(&c, a, &o->tol[GC_PREC_F32], F);
    const int64_t k_lo = gc_fp_ord_f32(-INFINITY), k_hi = gc_fp_ord_f32(INFINITY) + 1;
    const uint64_t total = (uint64_t)(k_hi - k_lo);
    struct gc_summary sum;
    gc_summary_init(&sum, GC_PREC_F32, GC_FLAGS_PER_REGION);
    int64_t done_to = k_lo;
    struct gc_summary *wave = calloc(SWEEP_WAVE, sizeof *wave);
    if (!wave)
        return GC_NOMEM;

    r->exhaustive = true;
    while (done_to < k_hi && !sum.nomem) {
        if (o->stop && *o->stop)
            break;
        int64_t span = (int64_t)SWEEP_CHUNK * SWEEP_WAVE;
        int64_t end = k_hi - done_to < span ? k_hi : done_to + span;
        int n_chunks = (int)((end - done_to + SWEEP_CHUNK - 1) / SWEEP_CHUNK);
        int64_t base = done_to;
        #pragma omp parallel for schedule(dynamic, 1) if (!gc_verify_serial_on)
        for (int j = 0; j < n_chunks; j++) {
            int64_t k0 = base + (int64_t)j * SWEEP_CHUNK;
            int64_t k1 = k0 + SWEEP_CHUNK < end ? k0 + SWEEP_CHUNK : end;
            /* Summed on this thread's stack, not in wave[]: neighbouring
             * elements share cache lines, and two threads updating their
             * counters there ran 2x slower (false sharing). */
            struct gc_summary loc;
            gc_summary_init(&loc, GC_PREC_F32, GC_FLAGS_PER_REGION);
            sweep_chunk(&c, k0, k1, &loc);
            wave[j] = loc;
        }
        for (int j = 0; j < n_chunks; j++) {
            if (wave[j].nomem)
                sum.nomem = true;
            if (!sum.nomem)
                (void)gc_summary_merge(&sum, &wave[j]);
            gc_summary_free(&wave[j]);
        }
        done_to = end;
        if (o->progress)
            o->progress(o->progress_ctx, (uint64_t)(done_to - k_lo), total);
    }
    free(wave);

    /* NaN, once, as the sampled checks do. */
    if (done_to >= k_hi && !sum.nomem) {
        struct gc_flag f;
        (void)gc_check_one(a, GC_PREC_F32, &o->tol[GC_PREC_F32], F, NAN, &f);
        gc_summary_add(&sum, &f, f.x, f.x);
    }
    gc_status st = gc_summary_to_result(&sum, r);
    gc_summary_free(&sum);
    r->partial = done_to < k_hi;
    r->coverage = (double)(done_to - k_lo) / (double)total;
    r->median_ulp_error = NAN;  /* not kept over 2^32 points */
    return st;
}
