/* sample.h - point sets on which activations are checked.
 *
 * All points are values of the precision under check (stored as double,
 * which holds float16, bfloat16 and float32 values exactly).  Every builder
 * appends to a gc_points set; gc_points_finish sorts by value and removes
 * duplicates (keeping -0 and +0 apart, NaN last).  Everything is
 * deterministic for a given seed.
 */
#ifndef GC_SAMPLE_H
#define GC_SAMPLE_H

#include "gradcheck.h"

struct gc_points {
    double *x;
    size_t n;
    size_t cap;
};

void gc_points_init(struct gc_points *pts);
void gc_points_free(struct gc_points *pts);
gc_status gc_points_push(struct gc_points *pts, double x) GC_WARN_UNUSED;
/* Sort ascending (-0 before +0, NaN last) and remove exact duplicates. */
void gc_points_finish(struct gc_points *pts);

/* Special values of p: +-0, +-min subnormal, +-min normal, +-1, +-max,
 * +-inf, NaN. */
gc_status gc_sample_special(gc_precision p, struct gc_points *pts) GC_WARN_UNUSED;
/* Each kink rounded to p, and its neighbours up to `radius` ULPs of p away
 * on either side. */
gc_status gc_sample_kinks(gc_precision p, const double *kinks, size_t n_kinks,
                          int radius, struct gc_points *pts) GC_WARN_UNUSED;
/* `per_binade` log-spaced magnitudes in every binade of p, from the
 * smallest subnormal to max, on both signs. */
gc_status gc_sample_logspaced(gc_precision p, int per_binade,
                              struct gc_points *pts) GC_WARN_UNUSED;
/* n points evenly spaced on [lo, hi], rounded to p. */
gc_status gc_sample_uniform(gc_precision p, double lo, double hi, size_t n,
                            struct gc_points *pts) GC_WARN_UNUSED;
/* n seeded random points: half uniform on [-lo_hi, lo_hi], half uniform on
 * the ordered lattice of p (every finite value equally likely). */
gc_status gc_sample_random(gc_precision p, size_t n, uint64_t seed,
                           double lo_hi, struct gc_points *pts) GC_WARN_UNUSED;

/* The default point set of doc/design.md (point sets), about n_target points:
 * special values, kink neighbourhoods, log-spaced magnitudes, a dense
 * uniform grid on [-10, 10] and seeded random points; finished. */
gc_status gc_sample_default(gc_precision p, const double *kinks, size_t n_kinks,
                            size_t n_target, uint64_t seed,
                            struct gc_points *pts) GC_WARN_UNUSED;

#endif
