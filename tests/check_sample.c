#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
/* check_sample.c - tests of src/lib/sample.c: every point is a value of
 * the precision, sets are sorted and unique, specials and kink
 * neighbourhoods are present bit for bit, log-spaced points reach every
 * binade, seeds reproduce, and the default set has about n_target points.
 */
#include <float.h>
#include <stdlib.h>

#include "gc_test.h"
#include "sample.h"

/* Only call into Check on failure: it records every passing assertion,
 * which would dominate loops over thousands of points. */
#define expect(cond, ...) do {                                              \
    if (!(cond))                                                            \
        ck_assert_msg(cond, __VA_ARGS__);                                   \
} while (0)

static const gc_precision all_precisions[] = {
    GC_PREC_F16, GC_PREC_BF16, GC_PREC_F32, GC_PREC_F64,
};

static uint64_t bits_of(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

/* Same total order as gc_points_finish for non-NaN values. */
static uint64_t key_of(double x)
{
    uint64_t u = bits_of(x);
    return (u >> 63) ? ~u : (u | ((uint64_t)1 << 63));
}

static bool has_bits(const struct gc_points *pts, double x)
{
    for (size_t i = 0; i < pts->n; i++)
        if (bits_of(pts->x[i]) == bits_of(x))
            return true;
    return false;
}

static bool has_nan(const struct gc_points *pts)
{
    for (size_t i = 0; i < pts->n; i++)
        if (isnan(pts->x[i]))
            return true;
    return false;
}

static void check_on_lattice(gc_precision p, const struct gc_points *pts)
{
    for (size_t i = 0; i < pts->n; i++) {
        double x = pts->x[i];
        if (isnan(x))
            continue;
        long double r = gc_fp_round_ld(p, (long double)x);
        expect(r == (long double)x && !signbit(r) == !signbit(x),
               "%s: point %zu = %.17g (%a) is not a value (rounds to %La)",
               gc_fp_format(p)->name, i, x, x, r);
    }
}

static void check_sorted_unique(const struct gc_points *pts)
{
    for (size_t i = 1; i < pts->n; i++) {
        double a = pts->x[i - 1], b = pts->x[i];
        expect(!isnan(a), "NaN %a at %zu is not last (n = %zu)", a, i - 1, pts->n);
        if (isnan(b)) {
            expect(i == pts->n - 1 || bits_of(pts->x[i + 1]) != bits_of(b),
                   "duplicate NaN at %zu", i);
            continue;
        }
        expect(key_of(a) < key_of(b), "points %zu, %zu out of order: %a, %a",
               i - 1, i, a, b);
    }
}

static void check_points_equal(const struct gc_points *pts, const double *want, size_t n)
{
    ck_assert_uint_eq(pts->n, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(bits_of(pts->x[i]) == bits_of(want[i]),
                      "point %zu: got %.17g (%a), want %.17g (%a)", i,
                      pts->x[i], pts->x[i], want[i], want[i]);
}

/* ------------------------------------------------------------------ */

START_TEST(test_sample_finish_sorts_zeros_and_nan_and_dedups)
{
    static const double in[] = { (double)NAN, 1.0, -0.0, 0.0, -0.0, -1.0, 1.0, (double)NAN,
                                 HUGE_VAL, -HUGE_VAL, 0.0 };
    const double want[] = { -HUGE_VAL, -1.0, -0.0, 0.0, 1.0, HUGE_VAL, (double)NAN };
    struct gc_points pts;
    gc_points_init(&pts);
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
        ck_assert_int_eq(gc_points_push(&pts, in[i]), GC_OK);
    gc_points_finish(&pts);
    check_points_equal(&pts, want, sizeof want / sizeof want[0]);
    gc_points_free(&pts);
    ck_assert_ptr_null(pts.x);
    ck_assert_uint_eq(pts.n, 0);
    gc_points_finish(&pts);                        /* empty: no-op */
}
END_TEST

START_TEST(test_sample_push_grows_geometrically)
{
    struct gc_points pts;
    gc_points_init(&pts);
    size_t reallocs = 0, cap = 0;
    for (int i = 0; i < 100000; i++) {
        ck_assert_int_eq(gc_points_push(&pts, (double)i), GC_OK);
        if (pts.cap != cap) {
            reallocs++;
            cap = pts.cap;
        }
    }
    ck_assert_uint_eq(pts.n, 100000);
    ck_assert_uint_le(reallocs, 20);
    for (int i = 0; i < 100000; i++)
        expect(pts.x[i] == (double)i, "x[%d] = %g", i, pts.x[i]);
    gc_points_free(&pts);
    ck_assert_int_eq(gc_points_push(NULL, 1.0), GC_INVAL);
}
END_TEST

START_TEST(test_sample_special_values_by_bits)
{
    static const struct {
        gc_precision p;
        double min_sub, min_normal, max;
    } tab[] = {
        { GC_PREC_F16, 0x1p-24, 0x1p-14, 65504.0 },
        { GC_PREC_BF16, 0x1p-133, 0x1p-126, 0x1.fep127 },
        { GC_PREC_F32, 0x1p-149, 0x1p-126, 0x1.fffffep127 },
        { GC_PREC_F64, 0x1p-1074, 0x1p-1022, DBL_MAX },
    };
    for (size_t t = 0; t < sizeof tab / sizeof tab[0]; t++) {
        const double mags[] = { 0.0, tab[t].min_sub, tab[t].min_normal, 1.0,
                                tab[t].max, HUGE_VAL };
        struct gc_points sp, def;
        gc_points_init(&sp);
        gc_points_init(&def);
        ck_assert_int_eq(gc_sample_special(tab[t].p, &sp), GC_OK);
        ck_assert_int_eq(gc_sample_default(tab[t].p, NULL, 0, 500, 7, &def), GC_OK);
        ck_assert_uint_eq(sp.n, 13);
        for (size_t i = 0; i < 6; i++) {
            for (int s = 0; s < 2; s++) {
                double v = s ? -mags[i] : mags[i];
                ck_assert_msg(has_bits(&sp, v), "%s specials lack %a",
                              gc_fp_format(tab[t].p)->name, v);
                ck_assert_msg(has_bits(&def, v), "%s default set lacks %a",
                              gc_fp_format(tab[t].p)->name, v);
            }
        }
        ck_assert(has_nan(&sp));
        ck_assert(isnan(def.x[def.n - 1]));
        gc_points_free(&sp);
        gc_points_free(&def);
    }
}
END_TEST

START_TEST(test_sample_kinks_exact_neighbourhoods)
{
    struct gc_points pts;
    const double k0 = 0.0;

    /* Kink 0 in float32, radius 2: both zeros and two subnormals a side. */
    gc_points_init(&pts);
    ck_assert_int_eq(gc_sample_kinks(GC_PREC_F32, &k0, 1, 2, &pts), GC_OK);
    gc_points_finish(&pts);
    const double want0[] = { -0x1p-148, -0x1p-149, -0.0, 0.0, 0x1p-149, 0x1p-148 };
    check_points_equal(&pts, want0, 6);
    gc_points_free(&pts);

    /* Kink 1 in float32, radius 3: the spacing halves below 1. */
    const double k1 = 1.0;
    ck_assert_int_eq(gc_sample_kinks(GC_PREC_F32, &k1, 1, 3, &pts), GC_OK);
    gc_points_finish(&pts);
    const double want1[] = { 1 - 0x3p-24, 1 - 0x2p-24, 1 - 0x1p-24, 1.0,
                             1 + 0x1p-23, 1 + 0x2p-23, 1 + 0x3p-23 };
    check_points_equal(&pts, want1, 7);
    gc_points_free(&pts);

    /* Kink 0.1 in float16 rounds to 0x2e66; neighbours 0x2e64..0x2e68. */
    const double k2 = 0.1;
    ck_assert_int_eq(gc_sample_kinks(GC_PREC_F16, &k2, 1, 2, &pts), GC_OK);
    gc_points_finish(&pts);
    ck_assert_uint_eq(pts.n, 5);
    for (uint16_t b = 0x2e64; b <= 0x2e68; b++) {
        gc_f16 h = { b };
        ck_assert_msg(pts.x[b - 0x2e64] == (double)gc_fp_widen_f16(h),
                      "f16 0x%04x missing", b);
    }
    gc_points_free(&pts);

    /* Kink -1 in bfloat16, radius 2. */
    const double k3 = -1.0;
    ck_assert_int_eq(gc_sample_kinks(GC_PREC_BF16, &k3, 1, 2, &pts), GC_OK);
    gc_points_finish(&pts);
    const double want3[] = { -1 - 0x2p-7, -1 - 0x1p-7, -1.0, -1 + 0x1p-8, -1 + 0x2p-8 };
    check_points_equal(&pts, want3, 5);
    gc_points_free(&pts);

    /* At the top of float16: neighbours stop at inf; a kink beyond the
     * range rounds to inf and keeps its neighbours below. */
    const double k4[] = { 65504.0, 1e6 };
    ck_assert_int_eq(gc_sample_kinks(GC_PREC_F16, k4, 2, 2, &pts), GC_OK);
    gc_points_finish(&pts);
    const double want4[] = { 65440.0, 65472.0, 65504.0, HUGE_VAL };
    check_points_equal(&pts, want4, 4);
    gc_points_free(&pts);

    /* float64, across a binade boundary and around a negative kink. */
    const double k5 = -2.0;
    ck_assert_int_eq(gc_sample_kinks(GC_PREC_F64, &k5, 1, 1, &pts), GC_OK);
    gc_points_finish(&pts);
    const double want5[] = { -2 - 0x1p-51, -2.0, -2 + 0x1p-52 };
    check_points_equal(&pts, want5, 3);
    gc_points_free(&pts);

    const double knan = (double)NAN;
    ck_assert_int_eq(gc_sample_kinks(GC_PREC_F32, &knan, 1, 2, &pts), GC_INVAL);
    ck_assert_int_eq(gc_sample_kinks(GC_PREC_F32, &k1, 1, -1, &pts), GC_INVAL);
    ck_assert_int_eq(gc_sample_kinks(GC_PREC_F32, NULL, 1, 1, &pts), GC_INVAL);
    ck_assert_int_eq(gc_sample_kinks(GC_PREC_F32, NULL, 0, 1, &pts), GC_OK);
    gc_points_free(&pts);
}
END_TEST

/* The default set holds each kink and its neighbours 1..4 ULPs away. */
START_TEST(test_sample_default_contains_kink_neighbourhoods)
{
    static const double kinks[] = { -1.0, 0.0, 0.1, 3.0 };
    for (size_t t = 0; t < 4; t++) {
        gc_precision p = all_precisions[t];
        struct gc_points pts, nb;
        gc_points_init(&pts);
        gc_points_init(&nb);
        ck_assert_int_eq(gc_sample_default(p, kinks, 4, 2000, 3, &pts), GC_OK);
        ck_assert_int_eq(gc_sample_kinks(p, kinks, 4, 4, &nb), GC_OK);
        ck_assert_uint_eq(nb.n, 4 * 9 + 1);         /* +-0 for kink 0 */
        for (size_t i = 0; i < nb.n; i++)
            ck_assert_msg(has_bits(&pts, nb.x[i]), "%s: default lacks %a",
                          gc_fp_format(p)->name, nb.x[i]);
        /* float32: kink 0's neighbours are exactly +-k * 2^-149. */
        if (p == GC_PREC_F32)
            for (int k = 1; k <= 4; k++) {
                ck_assert(has_bits(&pts, k * 0x1p-149));
                ck_assert(has_bits(&pts, -k * 0x1p-149));
            }
        gc_points_free(&pts);
        gc_points_free(&nb);
    }
}
END_TEST

START_TEST(test_sample_default_points_lie_on_lattice)
{
    static const double kinks[] = { -0.5, 0.0, 1.0 / 3.0 };
    for (size_t t = 0; t < 4; t++) {
        gc_precision p = all_precisions[t];
        struct gc_points pts;
        gc_points_init(&pts);
        ck_assert_int_eq(gc_sample_default(p, kinks, 3, 5000, 11, &pts), GC_OK);
        check_on_lattice(p, &pts);
        check_sorted_unique(&pts);
        /* Independent check of the lattice with the native conversions. */
        for (size_t i = 0; i < pts.n; i++) {
            double x = pts.x[i];
            if (isnan(x) || p == GC_PREC_F64)
                continue;
            float f = (float)x;
            expect((double)f == x, "%a is not a float", x);
            if (p == GC_PREC_F16)
                expect(gc_fp_widen_f16(gc_fp_round_f16(f)) == f, "%a not f16", x);
            if (p == GC_PREC_BF16)
                expect(gc_fp_widen_bf16(gc_fp_round_bf16(f)) == f, "%a not bf16", x);
        }
        gc_points_free(&pts);
    }
}
END_TEST

START_TEST(test_sample_builders_stay_on_lattice)
{
    for (size_t t = 0; t < 4; t++) {
        gc_precision p = all_precisions[t];
        struct gc_points pts;
        gc_points_init(&pts);
        ck_assert_int_eq(gc_sample_uniform(p, -3.3, 7.1, 1001, &pts), GC_OK);
        ck_assert_int_eq(gc_sample_random(p, 2000, 5, 1e3, &pts), GC_OK);
        ck_assert_int_eq(gc_sample_logspaced(p, 1, &pts), GC_OK);
        check_on_lattice(p, &pts);
        gc_points_finish(&pts);
        check_sorted_unique(&pts);
        gc_points_free(&pts);
    }
}
END_TEST

/* For every exponent e of float32 values (-149 .. 127) and both signs,
 * some point x has 2^e <= |x| < 2^(e+1); same for the other formats. */
START_TEST(test_sample_logspaced_covers_every_binade)
{
    for (size_t t = 0; t < 4; t++) {
        gc_precision p = all_precisions[t];
        const struct gc_format *f = gc_fp_format(p);
        const int e_lo = f->emin - f->mant_dig + 1;
        const int nb = f->emax - e_lo + 1;
        const int per_binade = p == GC_PREC_F64 ? 1 : 3;
        struct gc_points pts;
        gc_points_init(&pts);
        ck_assert_int_eq(gc_sample_logspaced(p, per_binade, &pts), GC_OK);
        ck_assert_uint_eq(pts.n, 2 * (size_t)nb * (size_t)per_binade);
        check_on_lattice(p, &pts);
        unsigned char *seen = calloc(2 * (size_t)nb, 1);
        ck_assert_ptr_nonnull(seen);
        for (size_t i = 0; i < pts.n; i++) {
            double x = pts.x[i];
            expect(isfinite(x) && x != 0, "%s: logspaced point %a",
                   f->name, x);
            int e;
            (void)frexp(fabs(x), &e);
            e -= 1;
            expect(e >= e_lo && e <= f->emax, "%s: %a outside range", f->name, x);
            seen[(size_t)(e - e_lo) * 2 + (x < 0)] = 1;
        }
        for (int e = e_lo; e <= f->emax; e++)
            for (int s = 0; s < 2; s++)
                ck_assert_msg(seen[(size_t)(e - e_lo) * 2 + (size_t)s],
                              "%s: no %s point in binade 2^%d", f->name,
                              s ? "negative" : "positive", e);
        free(seen);
        gc_points_free(&pts);
    }
    struct gc_points pts;
    gc_points_init(&pts);
    ck_assert_int_eq(gc_sample_logspaced(GC_PREC_F32, 0, &pts), GC_INVAL);
    gc_points_free(&pts);
}
END_TEST

START_TEST(test_sample_uniform_grid_exact_values)
{
    struct gc_points pts;
    gc_points_init(&pts);
    ck_assert_int_eq(gc_sample_uniform(GC_PREC_F32, -10.0, 10.0, 21, &pts), GC_OK);
    ck_assert_uint_eq(pts.n, 21);
    for (int i = 0; i < 21; i++)
        ck_assert_msg(pts.x[i] == (double)(i - 10), "x[%d] = %a", i, pts.x[i]);
    gc_points_free(&pts);

    /* 0.1 steps land on the nearest float16 values. */
    ck_assert_int_eq(gc_sample_uniform(GC_PREC_F16, 0.0, 1.0, 11, &pts), GC_OK);
    ck_assert_uint_eq(pts.n, 11);
    ck_assert(pts.x[1] == (double)gc_fp_widen_f16(gc_fp_round_f16(0.1f)));
    ck_assert(pts.x[10] == 1.0);
    gc_points_free(&pts);

    /* End points are kept exactly (rounded once) even for odd ranges. */
    ck_assert_int_eq(gc_sample_uniform(GC_PREC_F64, -0.3, 0.7, 3, &pts), GC_OK);
    ck_assert(pts.x[0] == -0.3 && pts.x[2] == 0.7);
    ck_assert_int_eq(gc_sample_uniform(GC_PREC_F64, 1.0, 0.0, 3, &pts), GC_INVAL);
    ck_assert_int_eq(gc_sample_uniform(GC_PREC_F64, (double)NAN, 0.0, 3, &pts), GC_INVAL);
    ck_assert_int_eq(gc_sample_uniform(GC_PREC_F64, 0.0, HUGE_VAL, 3, &pts), GC_INVAL);
    gc_points_free(&pts);
}
END_TEST

static bool same_points(const struct gc_points *a, const struct gc_points *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (bits_of(a->x[i]) != bits_of(b->x[i]))
            return false;
    return true;
}

START_TEST(test_sample_random_same_seed_same_points)
{
    for (size_t t = 0; t < 4; t++) {
        gc_precision p = all_precisions[t];
        struct gc_points a, b, c;
        gc_points_init(&a);
        gc_points_init(&b);
        gc_points_init(&c);
        ck_assert_int_eq(gc_sample_random(p, 1000, 42, 10.0, &a), GC_OK);
        ck_assert_int_eq(gc_sample_random(p, 1000, 42, 10.0, &b), GC_OK);
        ck_assert_int_eq(gc_sample_random(p, 1000, 43, 10.0, &c), GC_OK);
        ck_assert_uint_eq(a.n, 1000);
        ck_assert(same_points(&a, &b));
        ck_assert(!same_points(&a, &c));
        /* The first half is uniform on [-10, 10], the second half spans
         * p's whole range; with 500 draws both signs turn up, and
         * lattice draws reach far outside [-10, 10]. */
        size_t neg = 0, big = 0;
        for (size_t i = 0; i < a.n; i++) {
            expect(isfinite(a.x[i]), "non-finite random point %a", a.x[i]);
            if (i < 500)
                expect(fabs(a.x[i]) <= 10.0, "uniform point %a", a.x[i]);
            else
                big += fabs(a.x[i]) > 10.0;
            neg += a.x[i] < 0;
        }
        ck_assert_uint_gt(neg, 400);
        ck_assert_uint_lt(neg, 600);
        ck_assert_uint_gt(big, 100);
        check_on_lattice(p, &a);
        gc_points_free(&a);
        gc_points_free(&b);
        gc_points_free(&c);
    }
    struct gc_points a;
    gc_points_init(&a);
    ck_assert_int_eq(gc_sample_random(GC_PREC_F32, 10, 1, -1.0, &a), GC_INVAL);
    ck_assert_int_eq(gc_sample_random(GC_PREC_F32, 10, 1, (double)NAN, &a), GC_INVAL);
    gc_points_free(&a);
}
END_TEST

START_TEST(test_sample_default_same_seed_same_set)
{
    static const double kinks[] = { 0.0 };
    for (size_t t = 0; t < 4; t++) {
        gc_precision p = all_precisions[t];
        struct gc_points a, b, c;
        gc_points_init(&a);
        gc_points_init(&b);
        gc_points_init(&c);
        ck_assert_int_eq(gc_sample_default(p, kinks, 1, 3000, 2026, &a), GC_OK);
        ck_assert_int_eq(gc_sample_default(p, kinks, 1, 3000, 2026, &b), GC_OK);
        ck_assert_int_eq(gc_sample_default(p, kinks, 1, 3000, 2027, &c), GC_OK);
        ck_assert(same_points(&a, &b));
        ck_assert(!same_points(&a, &c));
        gc_points_free(&a);
        gc_points_free(&b);
        gc_points_free(&c);
    }
}
END_TEST

START_TEST(test_sample_default_respects_n_target)
{
    static const size_t targets[] = { 60, 500, 4000, 20000 };
    static const double kinks[] = { 0.0, 1.0 };
    for (size_t t = 0; t < 4; t++) {
        for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
            gc_precision p = all_precisions[t];
            size_t n = targets[i];
            struct gc_points pts;
            gc_points_init(&pts);
            ck_assert_int_eq(gc_sample_default(p, kinks, 2, n, 9, &pts), GC_OK);
            ck_assert_msg(pts.n * 10 >= n * 9 && pts.n * 10 <= n * 11,
                          "%s: %zu points for n_target %zu",
                          gc_fp_format(p)->name, pts.n, n);
            gc_points_free(&pts);
        }
    }
    /* 50000 of float16's 63491 values: the top-up still gets there. */
    struct gc_points pts;
    gc_points_init(&pts);
    ck_assert_int_eq(gc_sample_default(GC_PREC_F16, NULL, 0, 50000, 9, &pts), GC_OK);
    ck_assert_msg(pts.n >= 45000 && pts.n <= 55000, "%zu points", pts.n);
    gc_points_free(&pts);
    /* A target at least the size of a 16-bit format gives all of it:
     * every non-NaN pattern (both zeros) and one NaN. */
    ck_assert_int_eq(gc_sample_default(GC_PREC_F16, NULL, 0, 100000, 9, &pts), GC_OK);
    ck_assert_uint_eq(pts.n, 2 * 0x7c00 + 3);
    check_on_lattice(GC_PREC_F16, &pts);
    check_sorted_unique(&pts);
    gc_points_free(&pts);
    ck_assert_int_eq(gc_sample_default(GC_PREC_BF16, NULL, 0, 65536, 9, &pts), GC_OK);
    ck_assert_uint_eq(pts.n, 2 * 0x7f80 + 3);
    gc_points_free(&pts);
}
END_TEST

START_TEST(test_sample_rejects_invalid_arguments)
{
    struct gc_points pts;
    gc_points_init(&pts);
    gc_precision bad = GC_N_PRECISIONS;
    ck_assert_int_eq(gc_sample_special(bad, &pts), GC_INVAL);
    ck_assert_int_eq(gc_sample_special(GC_PREC_F32, NULL), GC_INVAL);
    ck_assert_int_eq(gc_sample_logspaced(bad, 1, &pts), GC_INVAL);
    ck_assert_int_eq(gc_sample_uniform(bad, 0, 1, 2, &pts), GC_INVAL);
    ck_assert_int_eq(gc_sample_random(bad, 2, 1, 1.0, &pts), GC_INVAL);
    ck_assert_int_eq(gc_sample_default(bad, NULL, 0, 100, 1, &pts), GC_INVAL);
    ck_assert_int_eq(gc_sample_default(GC_PREC_F32, NULL, 0, 0, 1, &pts), GC_INVAL);
    ck_assert_int_eq(gc_sample_default(GC_PREC_F32, NULL, 3, 100, 1, &pts), GC_INVAL);
    ck_assert_uint_eq(pts.n, 0);
    gc_points_free(&pts);
}
END_TEST

Suite *gc_test_suite(void)
{
    Suite *s = suite_create("sample");
    TCase *tc;

    tc = tcase_create("points");
    tcase_add_test(tc, test_sample_finish_sorts_zeros_and_nan_and_dedups);
    tcase_add_test(tc, test_sample_push_grows_geometrically);
    suite_add_tcase(s, tc);

    tc = tcase_create("builders");
    tcase_add_test(tc, test_sample_special_values_by_bits);
    tcase_add_test(tc, test_sample_kinks_exact_neighbourhoods);
    tcase_add_test(tc, test_sample_builders_stay_on_lattice);
    tcase_add_test(tc, test_sample_logspaced_covers_every_binade);
    tcase_add_test(tc, test_sample_uniform_grid_exact_values);
    tcase_add_test(tc, test_sample_random_same_seed_same_points);
    tcase_add_test(tc, test_sample_rejects_invalid_arguments);
    suite_add_tcase(s, tc);

    tc = tcase_create("default");
    tcase_add_test(tc, test_sample_default_contains_kink_neighbourhoods);
    tcase_add_test(tc, test_sample_default_points_lie_on_lattice);
    tcase_add_test(tc, test_sample_default_same_seed_same_set);
    tcase_add_test(tc, test_sample_default_respects_n_target);
    suite_add_tcase(s, tc);

    return s;
}
