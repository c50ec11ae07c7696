/* regions.c - the summary of a check's points, and its regions.
 *
 * One accumulator (struct gc_summary) folds the classified points, in
 * ascending order, into what a struct gc_result reports: counts, the
 * largest errors and the worst point, the unions of the exception flags,
 * the flagged points kept and the regions (runs of flagged points of one
 * class, function and inherence).  The sampled check folds all its points
 * into one summary; the exhaustive sweep (sweep.c) folds each block into
 * its own and appends the blocks in order.  The sampled check's region
 * edges are first made exact by bisection on the lattice.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include "verify_internal.h"

/* --------------------------------------------------------- boundaries */

static bool same_region(const struct gc_flag *a, const struct gc_flag *b)
{
    return gc_same_key(gc_key_of(a), gc_key_of(b));
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
        (void)gc_check_one(a, p, tol, F, gc_fp_from_ord(p, mid), &fm);
        if (same_region(&fm, key) == key_at_lo)
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

/* float16 and bfloat16 are exhaustive, so their samples are already
 * neighbours: only float32 and float64 are bisected. */
void gc_refine_regions(const struct gc_activation *a, gc_precision p,
                       const struct gc_tolerance *tol, const struct gc_fd_func *F,
                       const struct gc_flag *all, size_t n, double *lo_at, double *hi_at)
{
    for (size_t i = 0; i < n; i++)
        lo_at[i] = hi_at[i] = all[i].x;
    if ((p != GC_PREC_F32 && p != GC_PREC_F64) || n < 2)
        return;
    #pragma omp parallel for schedule(dynamic, 1) if (!gc_verify_serial_on)
    for (size_t i = 0; i < n - 1; i++) {
        if (same_region(&all[i], &all[i + 1]) || !isfinite(all[i].x)
            || !isfinite(all[i + 1].x))
            continue;
        refine_boundary(a, p, tol, F, &all[i], &all[i + 1], &hi_at[i], &lo_at[i + 1]);
    }
}


/* ------------------------------------------------------------ summary */

void gc_summary_init(struct gc_summary *s, gc_precision p, size_t flags_per_region)
{
    memset(s, 0, sizeof *s);
    s->min_normal = gc_fp_format(p)->min_normal;
    s->flags_per_region = flags_per_region;
}

void gc_summary_free(struct gc_summary *s)
{
    free(s->reg);
    free(s->flags);
    s->reg = NULL;
    s->flags = NULL;
    s->n_reg = s->cap_reg = s->n_flags = s->cap_flags = 0;
}

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

/* Flagged point f continues the last region or opens one; its record is
 * kept while the region has fewer than flags_per_region. */
static void add_to_region(struct gc_summary *s, const struct gc_flag *f, struct gc_key key,
                          double lo, double hi)
{
    int fe = f->function == GC_FN_F ? f->fe_f : f->fe_df;
    struct gc_region *g = s->n_reg ? &s->reg[s->n_reg - 1] : NULL;
    if (g && s->has_last && s->last.cls != GC_CLASS_OK && gc_same_key(s->last, key)) {
        g->hi = hi;
        g->count++;
        g->fe |= fe;
    } else {
        if (!grow((void **)&s->reg, &s->cap_reg, s->n_reg + 1, sizeof *s->reg)) {
            s->nomem = true;
            return;
        }
        g = &s->reg[s->n_reg++];
        *g = (struct gc_region){ .cls = f->cls, .function = f->function,
                                 .inherent = f->inherent, .lo = lo, .hi = hi,
                                 .count = 1, .fe = fe };
        s->reg_stored = 0;
    }
    if (s->reg_stored < s->flags_per_region) {
        if (!grow((void **)&s->flags, &s->cap_flags, s->n_flags + 1, sizeof *s->flags)) {
            s->nomem = true;
            return;
        }
        s->flags[s->n_flags++] = *f;
        s->reg_stored++;
    }
}

void gc_summary_add(struct gc_summary *s, const struct gc_flag *f, double lo, double hi)
{
    struct gc_key key = gc_key_of(f);
    if (s->points++ == 0)
        s->first = key;
    s->count[f->cls]++;
    s->disagreements += f->fd_disagrees;
    s->fe_f |= f->fe_f;
    s->fe_df |= f->fe_df;
    if (gc_class_fails(f->cls, f->inherent))
        s->mismatches++;
    if (gc_flag_compared(f)) {
        if (gc_summary_takes_worst(s, f->ulp_error, f->x)) {
            s->worst = *f;
            s->has_worst = true;
        }
        gc_summary_errors(s, f->ulp_error, f->declared, f->reference,
                          f->cls == GC_CLASS_KINK);
    }
    if (f->cls != GC_CLASS_OK) {
        add_to_region(s, f, key, lo, hi);
        if (s->nomem)
            return;
    }
    s->last = key;
    s->has_last = true;
}

gc_status gc_summary_merge(struct gc_summary *s, const struct gc_summary *k)
{
    for (int c = 0; c < GC_N_CLASSES; c++)
        s->count[c] += k->count[c];
    if (s->points == 0)
        s->first = k->first;
    s->points += k->points;
    s->mismatches += k->mismatches;
    s->disagreements += k->disagreements;
    s->fe_f |= k->fe_f;
    s->fe_df |= k->fe_df;
    s->max_ulp = fmax(s->max_ulp, k->max_ulp);
    s->max_rel = fmax(s->max_rel, k->max_rel);
    /* k's worst is the one gc_summary_add would pick among k's points, so
     * the same rule between the two gives the worst of all of them. */
    if (k->has_worst && gc_summary_takes_worst(s, k->worst.ulp_error, k->worst.x)) {
        s->worst = k->worst;
        s->has_worst = true;
    }
    size_t first = 0, skip_from = 0, skip_to = 0;
    if (k->n_reg && s->n_reg && s->has_last && s->last.cls != GC_CLASS_OK
        && k->first.cls != GC_CLASS_OK && gc_same_key(s->last, k->first)) {
        /* s ended inside a region that k opens with (its first point is
         * flagged and of the same key): extend it, keeping at most
         * flags_per_region of its flagged points; k kept the first
         * min(count, flags_per_region) of its part. */
        struct gc_region *g = &s->reg[s->n_reg - 1];
        size_t cap = s->flags_per_region;
        size_t own = k->reg[0].count < cap ? k->reg[0].count : cap;
        size_t room = s->reg_stored < cap ? cap - s->reg_stored : 0;
        size_t take = own < room ? own : room;
        skip_from = take;
        skip_to = own;
        s->reg_stored += take;
        g->hi = k->reg[0].hi;
        g->count += k->reg[0].count;
        g->fe |= k->reg[0].fe;
        first = 1;
    }
    if (!grow((void **)&s->reg, &s->cap_reg, s->n_reg + k->n_reg, sizeof *s->reg)
        || !grow((void **)&s->flags, &s->cap_flags, s->n_flags + k->n_flags, sizeof *s->flags)) {
        s->nomem = true;
        return GC_NOMEM;
    }
    for (size_t i = first; i < k->n_reg; i++)
        s->reg[s->n_reg++] = k->reg[i];
    for (size_t i = 0; i < k->n_flags; i++)
        if (i < skip_from || i >= skip_to)
            s->flags[s->n_flags++] = k->flags[i];
    if (k->n_reg > first)
        s->reg_stored = k->reg_stored;
    if (k->has_last) {
        s->last = k->last;
        s->has_last = true;
    }
    return GC_OK;
}

gc_status gc_summary_to_result(struct gc_summary *s, struct gc_result *r)
{
    if (s->nomem)
        return GC_NOMEM;
    for (int c = 0; c < GC_N_CLASSES; c++)
        r->count[c] = s->count[c];
    r->points = s->points;
    r->mismatches = s->mismatches;
    r->fd_disagreements = s->disagreements;
    r->max_ulp_error = s->max_ulp;
    r->max_rel_error = s->max_rel;
    r->has_worst = s->has_worst;
    if (s->has_worst)
        r->worst = s->worst;
    r->fe_f = s->fe_f;
    r->fe_df = s->fe_df;
    r->flags = s->flags;
    r->n_flags = s->n_flags;
    r->regions = s->reg;
    r->n_regions = s->n_reg;
    s->flags = NULL;
    s->reg = NULL;
    s->n_flags = s->n_reg = s->cap_flags = s->cap_reg = 0;
    return GC_OK;
}

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

double gc_median_ulp_error(const struct gc_flag *all, size_t n)
{
    double *ulps = malloc((n ? n : 1) * sizeof *ulps), median = 0;
    size_t n_ulps = 0;
    if (!ulps)
        return 0;   /* the median alone is lost; the check goes on */
    for (size_t i = 0; i < n; i++)
        if (gc_flag_compared(&all[i]))
            ulps[n_ulps++] = all[i].ulp_error;
    if (n_ulps) {
        qsort(ulps, n_ulps, sizeof *ulps, cmp_double);
        median = n_ulps % 2 ? ulps[n_ulps / 2]
               : (ulps[n_ulps / 2 - 1] + ulps[n_ulps / 2]) / 2;
    }
    free(ulps);
    return median;
}
