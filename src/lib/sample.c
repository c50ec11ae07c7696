#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
/* sample.c - point sets on which activations are checked (doc/design.md,
 * "How a check works", step 1).
 *
 * Copyright (C) 2026 the gradcheck authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every point is a value of the precision p under check: candidates are
 * computed in long double and put on p's lattice with gc_fp_round_ld (one
 * correct rounding).  Neighbours of a value are found on p's ordered
 * lattice: the ordered-integer mapping of fp.c for float32/float64, and the
 * same construction on the 16-bit patterns for float16/bfloat16, so "k ULPs
 * away" means exactly k representable values away, across binade
 * boundaries and through zero.
 *
 * Randomness comes from GSL's MT19937, seeded from the 64-bit seed folded
 * to the 32 bits that generator uses (after a splitmix64 mix so nearby
 * seeds give unrelated streams).  64-bit draws are two 32-bit outputs;
 * integers below n are drawn by rejection, so the lattice sampler is
 * exactly uniform over p's finite values.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "sample.h"

/* ------------------------------------------------------------------ */
/* Point sets                                                          */

void gc_points_init(struct gc_points *pts)
{
    pts->x = NULL;
    pts->n = 0;
    pts->cap = 0;
}

void gc_points_free(struct gc_points *pts)
{
    free(pts->x);
    gc_points_init(pts);
}

gc_status gc_points_push(struct gc_points *pts, double x)
{
    if (pts == NULL)
        return GC_INVAL;
    if (pts->n == pts->cap) {
        size_t cap = pts->cap ? pts->cap : 32;
        if (cap > SIZE_MAX / 2 / sizeof *pts->x)
            return GC_NOMEM;
        cap *= 2;
        double *nx = realloc(pts->x, cap * sizeof *nx);
        if (nx == NULL)
            return GC_NOMEM;
        pts->x = nx;
        pts->cap = cap;
    }
    pts->x[pts->n++] = x;
    return GC_OK;
}

static uint64_t bits_f64(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

/* Total order on non-NaN doubles by their bits: -0 sorts before +0. */
static uint64_t order_key(double x)
{
    uint64_t u = bits_f64(x);
    return (u >> 63) ? ~u : (u | ((uint64_t)1 << 63));
}

static int cmp_points(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    int na = isnan(a) != 0, nb = isnan(b) != 0;
    uint64_t ka, kb;
    if (na != nb)
        return na ? 1 : -1;                        /* NaN last */
    if (na) {
        ka = bits_f64(a);                          /* NaNs: by payload */
        kb = bits_f64(b);
    } else {
        ka = order_key(a);
        kb = order_key(b);
    }
    return (ka > kb) - (ka < kb);
}

void gc_points_finish(struct gc_points *pts)
{
    if (pts == NULL || pts->n == 0)
        return;
    qsort(pts->x, pts->n, sizeof *pts->x, cmp_points);
    size_t w = 1;
    for (size_t i = 1; i < pts->n; i++)
        if (bits_f64(pts->x[i]) != bits_f64(pts->x[w - 1]))
            pts->x[w++] = pts->x[i];
    pts->n = w;
}

/* ------------------------------------------------------------------ */
/* p's ordered lattice                                                 */

static bool valid_precision(gc_precision p)
{
    return gc_fp_format(p) != NULL;
}

/* Push v rounded to p. */
static gc_status push_rounded(gc_precision p, long double v, struct gc_points *pts)
{
    return gc_points_push(pts, (double)gc_fp_round_ld(p, v));
}

#define TRY(expr) do {                                                      \
    gc_status st_ = (expr);                                                 \
    if (st_ != GC_OK)                                                       \
        return st_;                                                         \
} while (0)

/* ------------------------------------------------------------------ */
/* Builders                                                            */

gc_status gc_sample_special(gc_precision p, struct gc_points *pts)
{
    const struct gc_format *f = gc_fp_format(p);
    if (f == NULL || pts == NULL)
        return GC_INVAL;
    const long double mags[] = {
        0.0L, f->min_subnormal, f->min_normal, 1.0L, f->max,
        (long double)INFINITY,
    };
    for (size_t i = 0; i < sizeof mags / sizeof mags[0]; i++) {
        TRY(gc_points_push(pts, (double)mags[i]));
        TRY(gc_points_push(pts, -(double)mags[i]));
    }
    return gc_points_push(pts, (double)NAN);
}

gc_status gc_sample_kinks(gc_precision p, const double *kinks, size_t n_kinks,
                          int radius, struct gc_points *pts)
{
    if (!valid_precision(p) || pts == NULL || radius < 0
        || (kinks == NULL && n_kinks > 0))
        return GC_INVAL;
    const int64_t top = gc_fp_ord_top(p);
    for (size_t i = 0; i < n_kinks; i++) {
        if (isnan(kinks[i]))
            return GC_INVAL;
        double r = (double)gc_fp_round_ld(p, (long double)kinks[i]);
        if (r == 0) {
            /* Both zeros are values of p; the lattice has one position. */
            TRY(gc_points_push(pts, 0.0));
            TRY(gc_points_push(pts, -0.0));
        } else {
            TRY(gc_points_push(pts, r));
        }
        int64_t o = gc_fp_ord(p, r);
        for (int64_t j = 1; j <= radius; j++) {
            if (o + j <= top)
                TRY(gc_points_push(pts, gc_fp_from_ord(p, o + j)));
            if (o - j >= -top)
                TRY(gc_points_push(pts, gc_fp_from_ord(p, o - j)));
        }
    }
    return GC_OK;
}

/* m log-spaced magnitudes per sign over all binades of p, from the
 * smallest subnormal 2^e_lo to the top binade 2^emax: point j has
 * log2 = e_lo + j * span / m, computed as an integer part plus a fraction
 * so that binade starts are exact powers of two. */
static gc_status logspaced_total(gc_precision p, uint64_t m, struct gc_points *pts)
{
    const struct gc_format *f = gc_fp_format(p);
    const int e_lo = f->emin - f->mant_dig + 1;
    const uint64_t span = (uint64_t)(f->emax - e_lo + 1);
    for (uint64_t j = 0; j < m; j++) {
        uint64_t num = j * span;
        int e = e_lo + (int)(num / m);
        long double frac = (long double)(num % m) / (long double)m;
        long double v = gc_fp_round_ld(p, ldexpl(exp2l(frac), e));
        if (isinf(v))
            v = f->max;                            /* stay in the top binade */
        TRY(gc_points_push(pts, (double)v));
        TRY(gc_points_push(pts, -(double)v));
    }
    return GC_OK;
}

gc_status gc_sample_logspaced(gc_precision p, int per_binade, struct gc_points *pts)
{
    const struct gc_format *f = gc_fp_format(p);
    if (f == NULL || pts == NULL || per_binade < 1)
        return GC_INVAL;
    uint64_t binades = (uint64_t)(f->emax - (f->emin - f->mant_dig + 1) + 1);
    return logspaced_total(p, binades * (uint64_t)per_binade, pts);
}

gc_status gc_sample_uniform(gc_precision p, double lo, double hi, size_t n,
                            struct gc_points *pts)
{
    if (!valid_precision(p) || pts == NULL || !isfinite(lo) || !isfinite(hi)
        || lo > hi)
        return GC_INVAL;
    for (size_t i = 0; i < n; i++) {
        long double x;
        if (i == 0)
            x = (long double)lo;
        else if (i == n - 1)
            x = (long double)hi;                   /* exact end points */
        else
            x = (long double)lo + ((long double)hi - (long double)lo)
                * (long double)i / (long double)(n - 1);
        TRY(push_rounded(p, x, pts));
    }
    return GC_OK;
}

/* ------------------------------------------------------------------ */
/* Random points                                                       */

static uint64_t splitmix64(uint64_t z)
{
    z += 0x9e3779b97f4a7c15u;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static gsl_rng *rng_new(uint64_t seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (r != NULL) {
        uint64_t h = splitmix64(seed);
        gsl_rng_set(r, (unsigned long)(uint32_t)(h ^ (h >> 32)));
    }
    return r;
}

/* 64 random bits from two 32-bit MT19937 outputs. */
static uint64_t rng_u64(gsl_rng *r)
{
    uint64_t hi = (uint64_t)gsl_rng_get(r) & 0xffffffffu;
    uint64_t lo = (uint64_t)gsl_rng_get(r) & 0xffffffffu;
    return (hi << 32) | lo;
}

/* Uniform integer in [0, n), n > 0, by rejection (no modulo bias). */
static uint64_t rng_below(gsl_rng *r, uint64_t n)
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;  /* a multiple of n */
    uint64_t x;
    do
        x = rng_u64(r);
    while (x >= limit);
    return x % n;
}

/* n_uni points uniform on [-lo_hi, lo_hi] (53-bit uniforms, rounded to
 * p), then n_lat points uniform over p's finite values. */
static gc_status random_fill(gc_precision p, gsl_rng *r, size_t n_uni,
                             size_t n_lat, double lo_hi, struct gc_points *pts)
{
    for (size_t i = 0; i < n_uni; i++) {
        long double u = ldexpl((long double)(rng_u64(r) >> 11), -53);  /* [0,1) */
        long double x = (long double)lo_hi * (2.0L * u - 1.0L);
        TRY(push_rounded(p, x, pts));
    }
    /* Finite values have ords in [-(top-1), top-1]: 2 * top - 1 of them. */
    const int64_t top = gc_fp_ord_top(p);
    const uint64_t count = 2u * (uint64_t)top - 1u;
    for (size_t i = 0; i < n_lat; i++) {
        /* x in [0, 2 top - 1) maps to k = x - (top - 1), formed without
         * leaving int64_t (count exceeds INT64_MAX for float64). */
        uint64_t x = rng_below(r, count), mid = (uint64_t)(top - 1);
        int64_t k = x < mid ? -(int64_t)(mid - x) : (int64_t)(x - mid);
        TRY(gc_points_push(pts, gc_fp_from_ord(p, k)));
    }
    return GC_OK;
}

gc_status gc_sample_random(gc_precision p, size_t n, uint64_t seed,
                           double lo_hi, struct gc_points *pts)
{
    if (!valid_precision(p) || pts == NULL || !isfinite(lo_hi) || lo_hi < 0)
        return GC_INVAL;
    gsl_rng *r = rng_new(seed);
    if (r == NULL)
        return GC_NOMEM;
    gc_status st = random_fill(p, r, n / 2, n - n / 2, lo_hi, pts);
    gsl_rng_free(r);
    return st;
}

/* ------------------------------------------------------------------ */
/* The default set                                                     */

/* Shares of the points left after specials and kinks (percent); the
 * random share also absorbs the rounding of the other two. */
enum {
    DEFAULT_UNIFORM_PCT = 45,                      /* grid on [-10, 10] */
    DEFAULT_LOG_PCT = 25,                          /* all binades */
    DEFAULT_KINK_RADIUS = 4,                       /* ULPs each side */
    DEFAULT_TOPUP_ROUNDS = 64,
};
static const double default_range = 10.0;

/* Number of distinct values of p counting both zeros and one NaN. */
static uint64_t lattice_count(gc_precision p)
{
    return 2u * (uint64_t)gc_fp_ord_top(p) + 3u;
}

/* Every value of a 16-bit format once, and one NaN. */
static gc_status all_half_values(gc_precision p, struct gc_points *pts)
{
    const int64_t top = gc_fp_ord_top(p);
    for (int64_t k = -top; k <= top; k++)
        TRY(gc_points_push(pts, gc_fp_from_ord(p, k)));
    TRY(gc_points_push(pts, -0.0));
    return gc_points_push(pts, (double)NAN);
}

static gc_status default_body(gc_precision p, const double *kinks, size_t n_kinks,
                              size_t n_target, gsl_rng *r, struct gc_points *pts)
{
    if ((p == GC_PREC_F16 || p == GC_PREC_BF16) && n_target >= lattice_count(p)) {
        TRY(all_half_values(p, pts));
        gc_points_finish(pts);
        return GC_OK;
    }

    TRY(gc_sample_special(p, pts));
    TRY(gc_sample_kinks(p, kinks, n_kinks, DEFAULT_KINK_RADIUS, pts));
    gc_points_finish(pts);

    size_t rest = n_target > pts->n ? n_target - pts->n : 0;
    size_t n_uni = rest / 100 * DEFAULT_UNIFORM_PCT
                   + rest % 100 * DEFAULT_UNIFORM_PCT / 100;
    size_t n_log = rest / 100 * DEFAULT_LOG_PCT + rest % 100 * DEFAULT_LOG_PCT / 100;
    size_t n_rand = rest - n_uni - n_log;

    TRY(gc_sample_uniform(p, -default_range, default_range, n_uni, pts));
    TRY(logspaced_total(p, n_log / 2, pts));
    TRY(random_fill(p, r, n_rand / 2, n_rand - n_rand / 2, default_range, pts));
    gc_points_finish(pts);

    /* Rounding to p merges grid and log-spaced points where p is coarse
     * (float16/bfloat16 near +-10, subnormal binades), so top up with
     * random lattice values until the set is within 2 % of the target.
     * A fraction n / count of fresh draws is expected to be duplicates;
     * drawing deficit / (1 - n / count) replaces them on average. */
    const double count = (double)lattice_count(p);
    for (int round = 0; round < DEFAULT_TOPUP_ROUNDS; round++) {
        if (pts->n >= n_target - n_target / 50)
            break;
        double deficit = (double)(n_target - pts->n);
        double fresh = 1.0 - (double)pts->n / count;
        size_t draws = (size_t)ceil(deficit / (fresh > 0.01 ? fresh : 0.01));
        TRY(random_fill(p, r, 0, draws, default_range, pts));
        gc_points_finish(pts);
    }
    return GC_OK;
}

gc_status gc_sample_default(gc_precision p, const double *kinks, size_t n_kinks,
                            size_t n_target, uint64_t seed,
                            struct gc_points *pts)
{
    if (!valid_precision(p) || pts == NULL || n_target == 0
        || (kinks == NULL && n_kinks > 0))
        return GC_INVAL;
    gsl_rng *r = rng_new(seed);
    if (r == NULL)
        return GC_NOMEM;
    gc_status st = default_body(p, kinks, n_kinks, n_target, r, pts);
    gsl_rng_free(r);
    return st;
}
