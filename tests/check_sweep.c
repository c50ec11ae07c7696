/* check_sweep.c - the exhaustive float32 sweep held to the full check.
 *
 * The sweep gives most points the class of a cheap screen (sweep.c) and
 * folds them in through fast paths of the summary; only the points the
 * screen declines get the full check.  Over ranges of consecutive float32
 * values chosen to hold region edges and changes of the exception flags,
 * every point also gets the full check (gc_check_point) here, and:
 *  - every point has the class, function and inherence the full check
 *    gives it (read off the sweep's regions);
 *  - the unions of the exception flags, over the range and over each
 *    region, are those of the full check;
 *  - the sweep's summary (counts, largest errors, worst point, regions
 *    with their edges, counts and flags, the flagged points kept) is the
 *    one gc_summary_add builds from the full check's points;
 *  - a range swept in pieces and merged (as gc_sweep_f32 merges its
 *    blocks) gives the summary of the range swept at once.
 * About 3.1 million points in all; the full check dominates (about 2 us
 * a point).  bench_sweep verify does the same over every built-in.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <fenv.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include "gc_test.h"
#include "activation.h"
#include "verify_internal.h"

/* A range of 2 * half consecutive float32 values centred on the ordinal
 * of `at` (clipped to the lattice, -inf .. +inf). */
struct range {
    const char *act;
    float at;
    int64_t half;
    const char *why;
};

static const struct range ranges[] = {
    { "square", 0x1p64f, 3 << 16, "ok, then the inherent overflow of f (screen extends it)" },
    { "square", -0x1p64f, 3 << 15, "the overflow of f ending, ascending" },
    { "square", 0x1p-63f, 3 << 15, "x^2 underflows: whole batches of ok points raising flags" },
    { "square", INFINITY, 3 << 15, "the overflow of f up to +inf" },
    { "relu", 0.0f, 3 << 16, "subnormals, -0 and +0, the declared kink at 0" },
    { "elu", 0.0f, 3 << 15, "subnormals through expm1, a change of formula at 0" },
    { "hardtanh", 1.0f, 3 << 15, "the declared kink at 1" },
    { "exp", 0x1.62e43p+6f, 3 << 16, "e^x overflows from 88.72" },
    { "sigmoid", -0x1.62e43p+6f, 3 << 16, "e^-x overflows inside 1 / (1 + e^-x)" },
    { "softplus", -0x1.5d58ap+6f, 3 << 16, "e^x becomes subnormal (x < -87.34)" },
    { "cube", 0x1.965fecp+42f, 3 << 15, "x^3 overflows" },
    { "tanh", -INFINITY, 3 << 15, "-inf and the saturated tail: the worst point among equals" },
};
#define N_RANGES (sizeof ranges / sizeof ranges[0])

static const struct gc_activation *act(const char *name)
{
    const struct gc_activation *a = gc_builtin_find(name);
    ck_assert_msg(a != NULL, "no built-in %s", name);
    return a;
}

static void bounds(const struct range *g, int64_t *k0, int64_t *k1)
{
    const int64_t lo = gc_fp_ord_f32(-INFINITY), hi = gc_fp_ord_f32(INFINITY) + 1;
    int64_t c = gc_fp_ord_f32(g->at);
    *k0 = c - g->half < lo ? lo : c - g->half;
    *k1 = c + g->half > hi ? hi : c + g->half;
}

/* The full check of every value of [k0, k1), -0 before +0 at ordinal 0,
 * as the sweep visits them; *n gets the count. */
static struct gc_flag *full_check(const struct gc_activation *a, int64_t k0, int64_t k1,
                                  size_t *n)
{
    struct gc_tolerance tol;
    gc_tolerance_default(GC_PREC_F32, &tol);
    bool zero = k0 <= 0 && 0 < k1;
    size_t m = (size_t)(k1 - k0) + zero;
    struct gc_flag *all = calloc(m, sizeof *all);
    ck_assert_ptr_nonnull(all);
    int bad = 0;
    #pragma omp parallel for schedule(dynamic, 4096) reduction(| : bad)
    for (int64_t k = k0; k < k1; k++) {
        size_t i = (size_t)(k - k0) + (zero && k > 0);
        float x = gc_fp_from_ord_f32((int32_t)k);
        if (k == 0) {
            bad |= gc_check_point(a, GC_PREC_F32, &tol, -0.0, &all[i]) != GC_OK;
            i++;
        }
        bad |= gc_check_point(a, GC_PREC_F32, &tol, x, &all[i]) != GC_OK;
    }
    ck_assert_int_eq(bad, 0);
    *n = m;
    return all;
}

static void sweep(const struct gc_activation *a, int64_t k0, int64_t k1, struct gc_summary *s)
{
    struct gc_tolerance tol;
    gc_tolerance_default(GC_PREC_F32, &tol);
    gc_summary_init(s, GC_PREC_F32, GC_FLAGS_PER_REGION);
    gc_sweep_range(a, &tol, k0, k1, s);
    ck_assert(!s->nomem);
}

/* Where x comes in the sweep: the ordinal, with -0 before +0. */
static int64_t pos(double x)
{
    return 2 * (int64_t)gc_fp_ord_f32((float)x) + (x == 0 && !signbit(x));
}

static bool same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* (Per-point checks call ck_abort_msg only on failure: every ck_assert
 * writes a checkpoint to Check's pipe, a system call per point.) */

/* Every field of two summaries that a result reports, but the reference
 * disagreements: the screen skips the cross-check of dfref, so a sweep
 * counts them only at the points that got the full check (at most the
 * full check's). */
static void assert_same_summary(const char *what, const struct gc_summary *s,
                                const struct gc_summary *t)
{
    ck_assert_msg(s->points == t->points, "%s: %zu points, expected %zu", what, s->points,
                  t->points);
    for (int c = 0; c < GC_N_CLASSES; c++)
        ck_assert_msg(s->count[c] == t->count[c], "%s: %zu points of class %s, expected %zu",
                      what, s->count[c], gc_class_name((gc_class)c), t->count[c]);
    ck_assert_msg(s->mismatches == t->mismatches, "%s: mismatches", what);
    ck_assert_msg(s->disagreements <= t->disagreements, "%s: %zu reference disagreements, "
                  "more than the full check's %zu", what, s->disagreements, t->disagreements);
    ck_assert_msg(s->fe_f == t->fe_f && s->fe_df == t->fe_df,
                  "%s: flags f %#x df %#x, expected f %#x df %#x", what, (unsigned)s->fe_f,
                  (unsigned)s->fe_df, (unsigned)t->fe_f, (unsigned)t->fe_df);
    ck_assert_msg(same_bits(s->max_ulp, t->max_ulp) && same_bits(s->max_rel, t->max_rel),
                  "%s: max ULP error %a, relative %a; expected %a, %a", what, s->max_ulp,
                  s->max_rel, t->max_ulp, t->max_rel);
    ck_assert_msg(s->has_worst == t->has_worst
                  && (!s->has_worst || (same_bits(s->worst.x, t->worst.x)
                                        && same_bits(s->worst.ulp_error, t->worst.ulp_error))),
                  "%s: worst point %a (%a ULP), expected %a (%a ULP)", what, s->worst.x,
                  s->worst.ulp_error, t->worst.x, t->worst.ulp_error);
    ck_assert_msg(s->n_reg == t->n_reg, "%s: %zu regions, expected %zu", what, s->n_reg,
                  t->n_reg);
    for (size_t i = 0; i < s->n_reg; i++) {
        const struct gc_region *g = &s->reg[i], *h = &t->reg[i];
        if (!(g->cls == h->cls && g->function == h->function
              && g->inherent == h->inherent && same_bits(g->lo, h->lo)
              && same_bits(g->hi, h->hi) && g->count == h->count && g->fe == h->fe))
            ck_abort_msg("%s: region %zu is %s of %s on [%a, %a] (%zu points, flags %#x), "
                         "expected %s of %s on [%a, %a] (%zu points, flags %#x)", what, i,
                         gc_class_name(g->cls), g->function == GC_FN_F ? "f" : "df", g->lo,
                         g->hi, g->count, (unsigned)g->fe, gc_class_name(h->cls),
                         h->function == GC_FN_F ? "f" : "df", h->lo, h->hi, h->count,
                         (unsigned)h->fe);
    }
    ck_assert_msg(s->n_flags == t->n_flags, "%s: %zu flagged points kept, expected %zu", what,
                  s->n_flags, t->n_flags);
    for (size_t i = 0; i < s->n_flags; i++)
        if (!same_bits(s->flags[i].x, t->flags[i].x) || s->flags[i].cls != t->flags[i].cls)
            ck_abort_msg("%s: kept flag %zu at %a, expected %a", what, i, s->flags[i].x,
                         t->flags[i].x);
}

START_TEST(test_sweep_classes_flags_and_regions_equal_the_full_check)
{
    const struct range *g = &ranges[_i];
    const struct gc_activation *a = act(g->act);
    int64_t k0, k1;
    bounds(g, &k0, &k1);
    struct gc_summary s, t;
    sweep(a, k0, k1, &s);
    size_t n;
    struct gc_flag *all = full_check(a, k0, k1, &n);
    char what[160];
    snprintf(what, sizeof what, "%s on [%a, %a] (%s)", a->name,
             (double)gc_fp_from_ord_f32((int32_t)k0), (double)gc_fp_from_ord_f32((int32_t)(k1 - 1)),
             g->why);

    /* Every point's class read off the sweep's regions (ascending, and
     * every flagged point lies in one), and the unions of the flags, from
     * the full check's points directly. */
    size_t r = 0;
    int u_f = 0, u_df = 0;
    for (size_t i = 0; i < n; i++) {
        const struct gc_flag *f = &all[i];
        int64_t at = pos(f->x);
        while (r < s.n_reg && pos(s.reg[r].hi) < at)
            r++;
        struct gc_key swept = { .cls = GC_CLASS_OK };
        if (r < s.n_reg && pos(s.reg[r].lo) <= at && at <= pos(s.reg[r].hi))
            swept = (struct gc_key){ s.reg[r].cls, s.reg[r].function, s.reg[r].inherent };
        if (!gc_same_key(swept, gc_key_of(f)))
            ck_abort_msg("%s: x = %.9g (%a): the full check gives %s of %s, the sweep %s", what,
                         f->x, f->x, gc_class_name(f->cls), f->function == GC_FN_F ? "f" : "df",
                         gc_class_name(swept.cls));
        u_f |= f->fe_f;
        u_df |= f->fe_df;
    }
    ck_assert_msg(s.fe_f == u_f && s.fe_df == u_df,
                  "%s: flags f %#x df %#x, the full check's f %#x df %#x", what,
                  (unsigned)s.fe_f, (unsigned)s.fe_df, (unsigned)u_f, (unsigned)u_df);

    /* The whole summary against the accumulator's general path. */
    gc_summary_init(&t, GC_PREC_F32, GC_FLAGS_PER_REGION);
    for (size_t i = 0; i < n; i++)
        gc_summary_add(&t, &all[i], all[i].x, all[i].x);
    ck_assert(!t.nomem);
    assert_same_summary(what, &s, &t);
    gc_summary_free(&s);
    gc_summary_free(&t);
    free(all);
}
END_TEST

/* gc_sweep_f32 sweeps blocks and merges them: pieces of 1000 values (not
 * a multiple of the 128-point batches) cut the ranges' regions many times,
 * past the GC_FLAGS_PER_REGION flags a region keeps. */
START_TEST(test_sweep_merged_pieces_equal_one_sweep)
{
    const struct range *g = &ranges[_i];
    const struct gc_activation *a = act(g->act);
    int64_t k0, k1;
    bounds(g, &k0, &k1);
    struct gc_summary whole, merged, piece;
    sweep(a, k0, k1, &whole);
    gc_summary_init(&merged, GC_PREC_F32, GC_FLAGS_PER_REGION);
    for (int64_t k = k0; k < k1; k += 1000) {
        sweep(a, k, k + 1000 < k1 ? k + 1000 : k1, &piece);
        ck_assert_int_eq(gc_summary_merge(&merged, &piece), GC_OK);
        gc_summary_free(&piece);
    }
    char what[96];
    snprintf(what, sizeof what, "%s around %a, in pieces", a->name, (double)g->at);
    assert_same_summary(what, &merged, &whole);
    ck_assert(merged.disagreements == whole.disagreements);
    gc_summary_free(&whole);
    gc_summary_free(&merged);
}
END_TEST

/* The screen's own float32 helpers against fp.c's, near binade edges,
 * the ends of the float32 range, and on random long doubles. */
START_TEST(test_sweep_screen_helpers_equal_fp)
{
    uint64_t s = 42;
    for (long t = 0; t < 1000000; t++) {
        s = s * 6364136223846793005u + 1442695040888963407u;
        long double v;
        if (t < 250000) {
            int e = (int)((s >> 33) % 300) - 160;
            v = ldexpl(1.0L, e) * (1.0L + ((long double)((int64_t)(s >> 40) % 64) * 0x1p-63L));
        } else {
            double d;
            uint64_t b = s ^ (s >> 17);
            memcpy(&d, &b, sizeof d);
            v = (long double)d * (1.0L + (long double)(s & 0xffff) * 0x1p-60L);
        }
        if (!isfinite(v) || v == 0)
            continue;
        if (s & 1)
            v = -v;
        long double inv, u = gc_ulp_f32_ld(v, &inv);
        if (u != gc_fp_ulp_ld(GC_PREC_F32, v) || u * inv != 1)
            ck_abort_msg("gc_ulp_f32_ld(%La) = %La, gc_fp_ulp_ld %La", v, u,
                         gc_fp_ulp_ld(GC_PREC_F32, v));
        long double w = ldexpl(v, 128 - ilogbl(v)) * (1 - (long double)(s & 7) * 0x1p-27L);
        if (gc_rounds_to_inf_f32(w) != (bool)isinf(gc_fp_round_ld(GC_PREC_F32, w)))
            ck_abort_msg("gc_rounds_to_inf_f32(%La)", w);
    }
    static const long double edges[] = { 0x1.ffffffp+127L, 0x1.fffffefffffffffep+127L,
        0x1.fffffep+127L, 0x1p128L, 0x1p-126L, 0x1.fffffffffffffffep-127L, 0x1p-149L, 0,
        INFINITY };
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        long double inv;
        ck_assert_msg(gc_rounds_to_inf_f32(edges[i])
                          == (bool)isinf(gc_fp_round_ld(GC_PREC_F32, edges[i]))
                      && gc_ulp_f32_ld(edges[i], &inv) == gc_fp_ulp_ld(GC_PREC_F32, edges[i]),
                      "edge %La", edges[i]);
    }
}
END_TEST

Suite *gc_test_suite(void)
{
    Suite *s = suite_create("sweep");
    TCase *tc = tcase_create("screen");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_sweep_classes_flags_and_regions_equal_the_full_check, 0,
                        (int)N_RANGES);
    tcase_add_loop_test(tc, test_sweep_merged_pieces_equal_one_sweep, 0, (int)N_RANGES);
    tcase_add_test(tc, test_sweep_screen_helpers_equal_fp);
    suite_add_tcase(s, tc);
    return s;
}
