#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
/* check_fp.c - tests of src/lib/fp.c: format table, precision names,
 * ordered mapping, ULP distances, binary16/bfloat16 rounding (exhaustive
 * over both 16-bit formats), long double rounding at every tie of float16
 * and at ties of float32/float64 across binades, subnormals and overflow.
 */
#include <float.h>
#include <stdio.h>
#include <stdlib.h>

#include "gc_test.h"

/* Deterministic pseudo-random bits (splitmix64), independent of libc. */
static uint64_t rng_state;

static uint64_t rnd64(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static float f32_bits(uint32_t u)
{
    float x;
    memcpy(&x, &u, sizeof x);
    return x;
}

static uint32_t bits_of_f32(float x)
{
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static double f64_bits(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

static uint64_t bits_of_f64(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static uint16_t r16(float x)
{
    return gc_fp_round_f16(x).bits;
}

static uint16_t rb16(float x)
{
    return gc_fp_round_bf16(x).bits;
}

static float w16(uint16_t b)
{
    gc_f16 h = { b };
    return gc_fp_widen_f16(h);
}

static float wb16(uint16_t b)
{
    gc_bf16 h = { b };
    return gc_fp_widen_bf16(h);
}

/* Check records every passing assertion (a write to its pipe), which
 * dominates the exhaustive loops; expect() only calls into Check when the
 * condition fails. */
#define expect(cond, ...) do {                                              \
    if (!(cond))                                                            \
        ck_assert_msg(cond, __VA_ARGS__);                                   \
} while (0)

/* Bitwise equality of long doubles that are values of a format (compared
 * as value plus sign, so -0 != +0; NaN == NaN). */
#define ck_assert_ld_same(a, b) do {                                        \
    long double la_ = (a), lb_ = (b);                                       \
    int same_ = (isnan(la_) && isnan(lb_)) ||                               \
        (la_ == lb_ && !signbit(la_) == !signbit(lb_));                     \
    expect(same_, "%s = %.21Lg (%La) != %s = %.21Lg (%La)",                 \
           #a, la_, la_, #b, lb_, lb_);                                     \
} while (0)

#define ck_assert_h16(a, b) do {                                            \
    unsigned ha_ = (a), hb_ = (b);                                          \
    expect(ha_ == hb_, "%s = 0x%04x != %s = 0x%04x", #a, ha_, #b, hb_);     \
} while (0)

/* ------------------------------------------------------------------ */
/* Format table and names                                              */

START_TEST(test_fp_format_table_is_exact)
{
    const struct gc_format *f;

    f = gc_fp_format(GC_PREC_F16);
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->name, "float16");
    ck_assert_int_eq(f->mant_dig, 11);
    ck_assert_int_eq(f->emin, -14);
    ck_assert_int_eq(f->emax, 15);
    ck_assert_ld_same(f->max, 65504.0L);
    ck_assert_ld_same(f->min_normal, 0x1p-14L);
    ck_assert_ld_same(f->min_subnormal, 0x1p-24L);
    ck_assert_ld_same(f->epsilon, 0x1p-10L);

    f = gc_fp_format(GC_PREC_BF16);
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->name, "bfloat16");
    ck_assert_int_eq(f->mant_dig, 8);
    ck_assert_int_eq(f->emin, -126);
    ck_assert_int_eq(f->emax, 127);
    ck_assert_ld_same(f->max, (long double)wb16(0x7f7f));
    ck_assert_ld_same(f->min_subnormal, (long double)wb16(0x0001));
    ck_assert_ld_same(f->epsilon, 0x1p-7L);

    f = gc_fp_format(GC_PREC_F32);
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->name, "float32");
    ck_assert_int_eq(f->mant_dig, FLT_MANT_DIG);
    ck_assert_int_eq(f->emin, FLT_MIN_EXP - 1);
    ck_assert_int_eq(f->emax, FLT_MAX_EXP - 1);
    ck_assert_ld_same(f->max, (long double)FLT_MAX);
    ck_assert_ld_same(f->min_normal, (long double)FLT_MIN);
    ck_assert_ld_same(f->min_subnormal, (long double)f32_bits(1));
    ck_assert_ld_same(f->epsilon, (long double)FLT_EPSILON);

    f = gc_fp_format(GC_PREC_F64);
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->name, "float64");
    ck_assert_int_eq(f->mant_dig, DBL_MANT_DIG);
    ck_assert_int_eq(f->emin, DBL_MIN_EXP - 1);
    ck_assert_int_eq(f->emax, DBL_MAX_EXP - 1);
    ck_assert_ld_same(f->max, (long double)DBL_MAX);
    ck_assert_ld_same(f->min_normal, (long double)DBL_MIN);
    ck_assert_ld_same(f->min_subnormal, (long double)f64_bits(1));
    ck_assert_ld_same(f->epsilon, (long double)DBL_EPSILON);

    ck_assert_ptr_null(gc_fp_format(GC_N_PRECISIONS));
    ck_assert_ptr_null(gc_fp_format((gc_precision)-1));
}
END_TEST

START_TEST(test_fp_precision_parse_accepts_names_and_aliases)
{
    static const struct { const char *name; gc_precision p; } ok[] = {
        { "float16", GC_PREC_F16 }, { "f16", GC_PREC_F16 },
        { "half", GC_PREC_F16 },
        { "bfloat16", GC_PREC_BF16 }, { "bf16", GC_PREC_BF16 },
        { "float32", GC_PREC_F32 }, { "f32", GC_PREC_F32 },
        { "float", GC_PREC_F32 },
        { "float64", GC_PREC_F64 }, { "f64", GC_PREC_F64 },
        { "double", GC_PREC_F64 },
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        gc_precision p = GC_N_PRECISIONS;
        ck_assert_msg(gc_precision_parse(ok[i].name, &p) == GC_OK,
                      "'%s' rejected", ok[i].name);
        ck_assert_msg(p == ok[i].p, "'%s' parsed as %d", ok[i].name, (int)p);
    }
    /* Every canonical name round-trips through the format table. */
    for (int i = 0; i < GC_N_PRECISIONS; i++) {
        gc_precision p;
        ck_assert_int_eq(gc_precision_parse(gc_fp_format((gc_precision)i)->name, &p), GC_OK);
        ck_assert_int_eq((int)p, i);
    }
}
END_TEST

START_TEST(test_fp_precision_parse_rejects_unknown_names)
{
    static const char *const bad[] = {
        "", "float3", "float321", "Float32", "FLOAT", "float32 ", " f32",
        "fp32", "bfloat", "bf", "f8", "quad", "long double", "float16\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        gc_precision p = GC_PREC_F64;
        ck_assert_msg(gc_precision_parse(bad[i], &p) == GC_INVAL,
                      "'%s' accepted", bad[i]);
        ck_assert_msg(p == GC_PREC_F64, "'%s' wrote *out on failure", bad[i]);
    }
    gc_precision p;
    ck_assert_int_eq(gc_precision_parse(NULL, &p), GC_INVAL);
    ck_assert_int_eq(gc_precision_parse("float32", NULL), GC_INVAL);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Ordered mapping                                                     */

START_TEST(test_fp_ord_maps_both_zeros_to_zero)
{
    ck_assert_int_eq(gc_fp_ord_f32(0.0f), 0);
    ck_assert_int_eq(gc_fp_ord_f32(-0.0f), 0);
    ck_assert_bits_eq_f32(gc_fp_from_ord_f32(0), 0.0f);
    ck_assert_int_eq(gc_fp_ord_f64(0.0), 0);
    ck_assert_int_eq(gc_fp_ord_f64(-0.0), 0);
    ck_assert_uint_eq(bits_of_f64(gc_fp_from_ord_f64(0)), 0);
    ck_assert_int_eq(gc_fp_ord_f32(f32_bits(1)), 1);
    ck_assert_int_eq(gc_fp_ord_f32(-f32_bits(1)), -1);
    ck_assert_int_eq(gc_fp_ord_f32(INFINITY), 0x7f800000);
    ck_assert_int_eq(gc_fp_ord_f32(-INFINITY), -0x7f800000);
    ck_assert_int_eq(gc_fp_ord_f64(HUGE_VAL), (int64_t)0x7ff0000000000000);
    ck_assert_int_eq(gc_fp_ord_f64(-HUGE_VAL), -(int64_t)0x7ff0000000000000);
}
END_TEST

/* Walk 2 * span consecutive floats centred on each anchor (both signs)
 * with nextafterf and check each step adds exactly 1 and inverts. */
START_TEST(test_fp_ord_f32_steps_by_one_across_boundaries)
{
    static const float anchors[] = {
        0.0f, 0x1p-149f, 0x1p-140f, 0x1p-126f, 0.5f, 1.0f, 2.0f, 0x1p24f,
        0x1p100f, 0x1.fffffep127f,
    };
    const int span = 1500;
    long steps = 0;
    for (size_t i = 0; i < sizeof anchors / sizeof anchors[0]; i++) {
        for (int sgn = 0; sgn < 2; sgn++) {
            float x = sgn ? -anchors[i] : anchors[i];
            for (int j = 0; j < span && !isinf(x); j++)
                x = nextafterf(x, -INFINITY);
            for (int j = 0; j < 2 * span && !isinf(x); j++, steps++) {
                float y = nextafterf(x, INFINITY);
                if (x == 0 && y == 0) {         /* -0 -> +0 in nextafter */
                    x = y;
                    continue;
                }
                expect(gc_fp_ord_f32(y) == gc_fp_ord_f32(x) + 1,
                              "ord(%a) = %d, ord(next = %a) = %d",
                              (double)x, gc_fp_ord_f32(x), (double)y,
                              gc_fp_ord_f32(y));
                if (x != 0)
                    expect(bits_of_f32(gc_fp_from_ord_f32(gc_fp_ord_f32(x)))
                           == bits_of_f32(x), "from_ord(ord(%a))", (double)x);
                x = y;
            }
        }
    }
    ck_assert_int_gt(steps, 50000);
    ck_assert_int_eq(gc_fp_ord_f32(INFINITY), gc_fp_ord_f32(FLT_MAX) + 1);
    ck_assert_int_eq(gc_fp_ord_f32(0x1p-126f), gc_fp_ord_f32(nextafterf(0x1p-126f, 0)) + 1);
    ck_assert_bits_eq_f32(gc_fp_from_ord_f32(0x7f800000), INFINITY);
    ck_assert_bits_eq_f32(gc_fp_from_ord_f32(-0x7f800000), -INFINITY);
    /* Outside the lattice (no UB at INT32_MIN): NaN. */
    ck_assert(isnan(gc_fp_from_ord_f32(INT32_MIN)));
    ck_assert(isnan(gc_fp_from_ord_f32(INT32_MAX)));
    ck_assert(isnan(gc_fp_from_ord_f32(0x7f800001)));
}
END_TEST

START_TEST(test_fp_ord_f64_steps_by_one_across_boundaries)
{
    static const double anchors[] = {
        0.0, 0x1p-1074, 0x1p-1022, 1.0, 0x1p53, 0x1p-500, 0x1.fffffffffffffp1023,
    };
    const int span = 1500;
    for (size_t i = 0; i < sizeof anchors / sizeof anchors[0]; i++) {
        for (int sgn = 0; sgn < 2; sgn++) {
            double x = sgn ? -anchors[i] : anchors[i];
            for (int j = 0; j < span && !isinf(x); j++)
                x = nextafter(x, -HUGE_VAL);
            for (int j = 0; j < 2 * span && !isinf(x); j++) {
                double y = nextafter(x, HUGE_VAL);
                if (x == 0 && y == 0) {
                    x = y;
                    continue;
                }
                expect(gc_fp_ord_f64(y) == gc_fp_ord_f64(x) + 1,
                              "ord(%a) = %lld, ord(next = %a) = %lld", x,
                              (long long)gc_fp_ord_f64(x), y,
                              (long long)gc_fp_ord_f64(y));
                if (x != 0)
                    expect(bits_of_f64(gc_fp_from_ord_f64(gc_fp_ord_f64(x)))
                           == bits_of_f64(x), "from_ord(ord(%a))", x);
                x = y;
            }
        }
    }
    ck_assert(gc_fp_ord_f64(HUGE_VAL) == gc_fp_ord_f64(DBL_MAX) + 1);
    ck_assert(isnan(gc_fp_from_ord_f64(INT64_MIN)));
    ck_assert(isnan(gc_fp_from_ord_f64(INT64_MAX)));
}
END_TEST

START_TEST(test_fp_ord_is_monotone_on_random_pairs)
{
    rng_state = 12345;
    int n32 = 0, n64 = 0;
    for (int i = 0; i < 200000; i++) {
        uint64_t r = rnd64();
        float a = f32_bits((uint32_t)r), b = f32_bits((uint32_t)(r >> 32));
        /* Every 4th pair is near each other so close values are covered. */
        if (i % 4 == 0)
            b = f32_bits((uint32_t)r + (uint32_t)(r >> 60));
        if (!isnan(a) && !isnan(b)) {
            int32_t oa = gc_fp_ord_f32(a), ob = gc_fp_ord_f32(b);
            expect((a < b) == (oa < ob) && (a == b) == (oa == ob),
                          "%a vs %a: ord %d vs %d", (double)a, (double)b, oa, ob);
            expect(gc_fp_ulp_diff_f32(a, b) ==
                          (uint32_t)llabs((long long)oa - (long long)ob),
                          "ulp_diff(%a, %a)", (double)a, (double)b);
            n32++;
        }
        double c = f64_bits(rnd64()), d = f64_bits(rnd64());
        if (i % 4 == 0)
            d = f64_bits(bits_of_f64(c) + (rnd64() >> 58));
        if (!isnan(c) && !isnan(d)) {
            int64_t oc = gc_fp_ord_f64(c), od = gc_fp_ord_f64(d);
            expect((c < d) == (oc < od) && (c == d) == (oc == od),
                          "%a vs %a", c, d);
            n64++;
        }
    }
    ck_assert_int_gt(n32, 190000);
    ck_assert_int_gt(n64, 190000);
}
END_TEST

START_TEST(test_fp_ulp_diff_known_values)
{
    float min_sub = f32_bits(1);
    ck_assert_uint_eq(gc_fp_ulp_diff_f32(1.0f, nextafterf(1.0f, 2.0f)), 1);
    ck_assert_uint_eq(gc_fp_ulp_diff_f32(nextafterf(1.0f, 2.0f), 1.0f), 1);
    ck_assert_uint_eq(gc_fp_ulp_diff_f32(1.0f, nextafterf(1.0f, 0.0f)), 1);
    ck_assert_uint_eq(gc_fp_ulp_diff_f32(-min_sub, min_sub), 2);
    ck_assert_uint_eq(gc_fp_ulp_diff_f32(-0.0f, 0.0f), 0);
    ck_assert_uint_eq(gc_fp_ulp_diff_f32(-0.0f, min_sub), 1);
    ck_assert_uint_eq(gc_fp_ulp_diff_f32(FLT_MAX, INFINITY), 1);
    ck_assert_uint_eq(gc_fp_ulp_diff_f32(1.0f, 2.0f), 1u << 23);
    ck_assert_uint_eq(gc_fp_ulp_diff_f32(-INFINITY, INFINITY), 0xff000000u);
    ck_assert_uint_eq(gc_fp_ulp_diff_f32(NAN, 1.0f), UINT32_MAX);
    ck_assert_uint_eq(gc_fp_ulp_diff_f32(1.0f, NAN), UINT32_MAX);
    ck_assert_uint_eq(gc_fp_ulp_diff_f32(NAN, NAN), UINT32_MAX);

    double dmin_sub = f64_bits(1);
    ck_assert_uint_eq(gc_fp_ulp_diff_f64(1.0, nextafter(1.0, 2.0)), 1);
    ck_assert_uint_eq(gc_fp_ulp_diff_f64(-dmin_sub, dmin_sub), 2);
    ck_assert_uint_eq(gc_fp_ulp_diff_f64(0.0, -0.0), 0);
    ck_assert_uint_eq(gc_fp_ulp_diff_f64(DBL_MAX, HUGE_VAL), 1);
    ck_assert_uint_eq(gc_fp_ulp_diff_f64(1.0, 2.0), (uint64_t)1 << 52);
    ck_assert_uint_eq(gc_fp_ulp_diff_f64(-HUGE_VAL, HUGE_VAL), 0xffe0000000000000u);
    ck_assert_uint_eq(gc_fp_ulp_diff_f64((double)NAN, 0.0), UINT64_MAX);
    ck_assert_uint_eq(gc_fp_ulp_diff_f64(0.0, -(double)NAN), UINT64_MAX);
}
END_TEST

/* ------------------------------------------------------------------ */
/* binary16                                                            */

START_TEST(test_fp_round_f16_known_values)
{
    ck_assert_h16(r16(1.0f), 0x3c00);
    ck_assert_h16(r16(1.0f / 3.0f), 0x3555);
    ck_assert_h16(r16(-1.0f / 3.0f), 0xb555);
    ck_assert_h16(r16(0.1f), 0x2e66);
    ck_assert_h16(r16(65504.0f), 0x7bff);
    ck_assert_h16(r16(65519.99f), 0x7bff);
    ck_assert_h16(r16(nextafterf(65520.0f, 0)), 0x7bff);
    ck_assert_h16(r16(65520.0f), 0x7c00);            /* tie: 2^16 is even */
    ck_assert_h16(r16(-65520.0f), 0xfc00);
    ck_assert_h16(r16(1e10f), 0x7c00);
    ck_assert_h16(r16(INFINITY), 0x7c00);
    ck_assert_h16(r16(-INFINITY), 0xfc00);
    ck_assert_h16(r16(0.0f), 0x0000);
    ck_assert_h16(r16(-0.0f), 0x8000);
    /* Normal ties. */
    ck_assert_h16(r16(1.0f + 0x1p-11f), 0x3c00);
    ck_assert_h16(r16(1.0f + 0x3p-11f), 0x3c02);
    ck_assert_h16(r16(nextafterf(1.0f + 0x1p-11f, 2)), 0x3c01);
    ck_assert_h16(r16(nextafterf(1.0f + 0x3p-11f, 0)), 0x3c01);
    /* Subnormals: k * 2^-24. */
    ck_assert_h16(r16(0x1p-24f), 0x0001);
    ck_assert_h16(r16(-0x1p-24f), 0x8001);
    ck_assert_h16(r16(0x1p-25f), 0x0000);            /* tie with 0 */
    ck_assert_h16(r16(-0x1p-25f), 0x8000);
    ck_assert_h16(r16(nextafterf(0x1p-25f, 1)), 0x0001);
    ck_assert_h16(r16(nextafterf(0x1p-25f, 0)), 0x0000);
    ck_assert_h16(r16(0x3p-26f), 0x0001);            /* 0.75 -> 1 */
    ck_assert_h16(r16(0x3p-25f), 0x0002);            /* 1.5: tie to 2 */
    ck_assert_h16(r16(0x5p-25f), 0x0002);            /* 2.5: tie to 2 */
    ck_assert_h16(r16(0x7p-25f), 0x0004);            /* 3.5: tie to 4 */
    ck_assert_h16(r16(0x1p-30f), 0x0000);
    ck_assert_h16(r16(f32_bits(1)), 0x0000);
    ck_assert_h16(r16(0x1p-14f), 0x0400);
    ck_assert_h16(r16(0x1p-14f - 0x1p-24f), 0x03ff);
    ck_assert_h16(r16(0x1p-14f - 0x1p-25f), 0x0400); /* tie 0x3ff/0x400 */
    ck_assert_h16(r16(0x1p-14f - 0x3p-25f), 0x03fe); /* tie 0x3fe/0x3ff */
    ck_assert_h16(r16(0x1p-15f + 0x1p-25f), 0x0200); /* tie 0x200/0x201 */
    ck_assert_h16(r16(0x1p-15f + 0x3p-25f), 0x0202);
}
END_TEST

START_TEST(test_fp_round_f16_nan_stays_quiet_nan)
{
    uint16_t h = r16(NAN);
    ck_assert_h16(h & 0x7c00u, 0x7c00);
    ck_assert_h16(h & 0x0200u, 0x0200);
    ck_assert_h16(r16(-NAN) & 0x8000u, 0x8000);
    /* A signalling float NaN with a payload only in the low bits still
     * gives a NaN (never inf). */
    h = r16(f32_bits(0x7f800001u));
    ck_assert_msg((h & 0x7c00u) == 0x7c00u && (h & 0x3ffu) != 0, "got 0x%04x", h);
    /* Top payload bits are kept. */
    ck_assert_h16(r16(f32_bits(0x7fd00000u)), 0x7e80);
    ck_assert(isnan(w16(0x7c01)));
    ck_assert_uint_eq(bits_of_f32(w16(0xfe00)), 0xffc00000u);
}
END_TEST

START_TEST(test_fp_f16_all_bit_patterns_round_trip)
{
    for (uint32_t b = 0; b <= 0xffffu; b++) {
        uint16_t h = (uint16_t)b;
        float x = w16(h);
        uint16_t back = r16(x);
        if ((h & 0x7c00u) == 0x7c00u && (h & 0x3ffu) != 0) {
            expect(isnan(x), "0x%04x widened to %a", b, (double)x);
            expect((back & 0x7c00u) == 0x7c00u && (back & 0x3ffu) != 0
                          && (back & 0x8000u) == (h & 0x8000u)
                          && (back & 0x1ffu) == (h & 0x1ffu),
                          "NaN 0x%04x came back as 0x%04x", b, back);
        } else {
            expect(back == h, "0x%04x -> %a -> 0x%04x", b, (double)x, back);
            /* widen agrees with the exact value from round_ld. */
            ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F16, (long double)x), (long double)x);
        }
    }
    ck_assert_bits_eq_f32(w16(0x0001), 0x1p-24f);
    ck_assert_bits_eq_f32(w16(0x03ff), 0x1.ff8p-15f);
    ck_assert_bits_eq_f32(w16(0x0400), 0x1p-14f);
    ck_assert_bits_eq_f32(w16(0x7bff), 65504.0f);
    ck_assert_bits_eq_f32(w16(0x7c00), INFINITY);
    ck_assert_bits_eq_f32(w16(0x8000), -0.0f);
}
END_TEST

/* For every pair of neighbouring finite binary16 values (both signs), the
 * midpoint rounds to the even one and one float ULP either side of it
 * rounds to the nearer; the midpoint above 65504 rounds to inf. */
START_TEST(test_fp_round_f16_every_midpoint_goes_to_even)
{
    for (uint16_t h = 0; h < 0x7c00u; h++) {
        uint16_t up = (uint16_t)(h + 1u);
        float v = w16(h);
        float w = (up == 0x7c00u) ? 65536.0f : w16(up);
        float m = v + (w - v) * 0.5f;              /* exact: 12 bits */
        uint16_t even = (h & 1u) ? up : h;
        expect(r16(m) == even, "midpoint %a of 0x%04x: got 0x%04x",
                      (double)m, h, r16(m));
        ck_assert_h16(r16(-m), (unsigned)even | 0x8000u);
        ck_assert_h16(r16(nextafterf(m, 0)), h);
        ck_assert_h16(r16(nextafterf(m, INFINITY)), up);
        ck_assert_h16(r16(-nextafterf(m, INFINITY)), (unsigned)up | 0x8000u);
    }
}
END_TEST

/* round_f16 (float bits) and round_ld(F16) (long double arithmetic) are
 * independent implementations: they agree on a broad sample of floats. */
START_TEST(test_fp_round_f16_agrees_with_round_ld)
{
    rng_state = 777;
    for (int i = 0; i < 300000; i++) {
        uint32_t u = (uint32_t)rnd64();
        /* Bias half the samples to the binary16 exponent range. */
        if (i & 1)
            u = (u & 0x80ffffffu) | ((uint32_t)(100 + (u >> 24) % 45) << 23);
        float x = f32_bits(u);
        if (isnan(x))
            continue;
        long double want = gc_fp_round_ld(GC_PREC_F16, (long double)x);
        float got = w16(r16(x));
        expect((long double)got == want && !signbit(got) == !signbit(want),
                      "x = %a: round_f16 -> %a, round_ld -> %La", (double)x,
                      (double)got, want);
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* bfloat16                                                            */

START_TEST(test_fp_round_bf16_known_values)
{
    ck_assert_h16(rb16(1.0f), 0x3f80);
    ck_assert_h16(rb16(f32_bits(0x3f808000u)), 0x3f80);  /* 1 + 2^-8: tie */
    ck_assert_h16(rb16(f32_bits(0x3f818000u)), 0x3f82);  /* tie to even up */
    ck_assert_h16(rb16(f32_bits(0x3f808001u)), 0x3f81);
    ck_assert_h16(rb16(f32_bits(0x3f807fffu)), 0x3f80);
    ck_assert_h16(rb16(-1.0f / 3.0f), 0xbeab);
    ck_assert_h16(rb16(FLT_MAX), 0x7f80);                /* > 0x1.ffp127 */
    ck_assert_h16(rb16(f32_bits(0x7f7f8000u)), 0x7f80);  /* tie: inf */
    ck_assert_h16(rb16(f32_bits(0x7f7f7fffu)), 0x7f7f);
    ck_assert_h16(rb16(-INFINITY), 0xff80);
    ck_assert_h16(rb16(-0.0f), 0x8000);
    ck_assert_h16(rb16(f32_bits(0x00008000u)), 0x0000);  /* subnormal tie */
    ck_assert_h16(rb16(f32_bits(0x00018000u)), 0x0002);
    ck_assert_h16(rb16(f32_bits(0x00008001u)), 0x0001);
    ck_assert_h16(rb16(f32_bits(0x007fffffu)), 0x0080);  /* to min normal */
    uint16_t n = rb16(NAN);
    ck_assert_msg((n & 0x7f80u) == 0x7f80u && (n & 0x40u), "NaN -> 0x%04x", n);
    n = rb16(f32_bits(0xff800001u));                     /* sNaN, low payload */
    ck_assert_msg((n & 0x7f80u) == 0x7f80u && (n & 0x7fu) && (n & 0x8000u),
                  "-sNaN -> 0x%04x", n);
}
END_TEST

START_TEST(test_fp_bf16_all_bit_patterns_round_trip)
{
    for (uint32_t b = 0; b <= 0xffffu; b++) {
        uint16_t h = (uint16_t)b;
        float x = wb16(h);
        uint16_t back = rb16(x);
        if ((h & 0x7f80u) == 0x7f80u && (h & 0x7fu) != 0) {
            expect(isnan(x), "0x%04x widened to %a", b, (double)x);
            expect((back & 0x7f80u) == 0x7f80u && (back & 0x7fu) != 0
                          && (back & 0x8000u) == (h & 0x8000u)
                          && (back & 0x3fu) == (h & 0x3fu),
                          "NaN 0x%04x came back as 0x%04x", b, back);
        } else {
            expect(back == h, "0x%04x -> %a -> 0x%04x", b, (double)x, back);
            expect(bits_of_f32(x) == b << 16, "0x%04x widened to %a", b, (double)x);
            ck_assert_ld_same(gc_fp_round_ld(GC_PREC_BF16, (long double)x), (long double)x);
        }
    }
}
END_TEST

START_TEST(test_fp_round_bf16_every_midpoint_goes_to_even)
{
    for (uint32_t h = 0; h < 0x7f80u; h++) {
        /* The bit pattern h:8000 is exactly half way between h and h+1. */
        float m = f32_bits((h << 16) | 0x8000u);
        uint16_t even = (uint16_t)((h & 1u) ? h + 1u : h);
        ck_assert_h16(rb16(m), even);
        ck_assert_h16(rb16(-m), (unsigned)even | 0x8000u);
        ck_assert_h16(rb16(nextafterf(m, 0)), h);
        ck_assert_h16(rb16(nextafterf(m, INFINITY)), h + 1u);
        /* The long double path agrees, midpoint and both sides. */
        long double want = (long double)wb16(even);
        ck_assert_ld_same(gc_fp_round_ld(GC_PREC_BF16, (long double)m), want);
        ck_assert_ld_same(gc_fp_round_ld(GC_PREC_BF16, nextafterl((long double)m, 0)),
                          (long double)wb16((uint16_t)h));
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* gc_fp_round_ld                                                      */

/* Check the tie between v and its upper neighbour w in format p (w may be
 * inf, then the midpoint is v + ulp/2 and the even side is inf), and one
 * long double ULP either side; all for both signs. */
static void check_tie(gc_precision p, long double v, long double w, int v_even)
{
    long double m;
    if (isinf(w))
        m = v + gc_fp_ulp_ld(p, v) * 0.5L;
    else
        m = (v + w) * 0.5L;                        /* exact: <= 54 bits */
    long double even = v_even ? v : w;
    for (int s = 0; s < 2; s++) {
        long double sg = s ? -1.0L : 1.0L;
        ck_assert_ld_same(gc_fp_round_ld(p, sg * m), sg * even);
        ck_assert_ld_same(gc_fp_round_ld(p, sg * nextafterl(m, 0)), sg * v);
        ck_assert_ld_same(gc_fp_round_ld(p, sg * nextafterl(m, HUGE_VALL)), sg * w);
        ck_assert_ld_same(gc_fp_round_ld(p, sg * v), sg * v);
    }
}

START_TEST(test_fp_round_ld_f16_every_midpoint_goes_to_even)
{
    for (uint16_t h = 0; h < 0x7c00u; h++) {
        uint16_t up = (uint16_t)(h + 1u);
        check_tie(GC_PREC_F16, (long double)w16(h), (long double)w16(up),
                  (h & 1u) == 0);
    }
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F16, 65520.0L), HUGE_VALL);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F16, 65519.99L), 65504.0L);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F16, -1e30L), -HUGE_VALL);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F16, 0x1p-25L), 0.0L);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F16, -0x1p-25L), -0.0L);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F16, 0x3p-26L), 0x1p-24L);
}
END_TEST

START_TEST(test_fp_round_ld_f32_ties_across_binades)
{
    static const float anchors[] = {
        0.0f, 0x1p-149f, 0x1p-140f, 0x1.fffff0p-127f, 0x1p-126f, 0.5f, 1.0f,
        1.5f, 3.0f, 0x1p24f, 0x1p100f, 0x1.ffff00p127f,
    };
    for (size_t i = 0; i < sizeof anchors / sizeof anchors[0]; i++) {
        float v = anchors[i];
        for (int j = 0; j < 300 && !isinf(v); j++) {
            float w = nextafterf(v, INFINITY);
            check_tie(GC_PREC_F32, (long double)v, (long double)w,
                      (bits_of_f32(v) & 1u) == 0);
            v = w;
        }
    }
    /* Above FLT_MAX: the half-way point 0x1.ffffffp127 goes to inf. */
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F32, 0x1.ffffffp127L), HUGE_VALL);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F32, nextafterl(0x1.ffffffp127L, 0)),
                      (long double)FLT_MAX);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F32, -0x1p128L), -HUGE_VALL);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F32, 0x1p-150L), 0.0L);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F32, 0x3p-151L), 0x1p-149L);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F32, 0x3p-150L), 0x1p-148L);
}
END_TEST

START_TEST(test_fp_round_ld_f64_ties_across_binades)
{
    static const double anchors[] = {
        0.0, 0x1p-1074, 0x1.ffffffffffff0p-1023, 0x1p-1022, 1.0, 0x1.8p500,
        0x1p53, 0x1.fffffffffff00p1023,
    };
    for (size_t i = 0; i < sizeof anchors / sizeof anchors[0]; i++) {
        double v = anchors[i];
        for (int j = 0; j < 300 && !isinf(v); j++) {
            double w = nextafter(v, HUGE_VAL);
            check_tie(GC_PREC_F64, (long double)v, (long double)w,
                      (bits_of_f64(v) & 1u) == 0);
            v = w;
        }
    }
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F64, 1e4000L), HUGE_VALL);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F64, -1e-4000L), -0.0L);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F64, LDBL_TRUE_MIN), 0.0L);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F64, 0x1.fffffffffffff8p1023L), HUGE_VALL);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F64, 0x1p-1075L), 0.0L);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F64, nextafterl(0x1p-1075L, 1)), 0x1p-1074L);
}
END_TEST

START_TEST(test_fp_round_ld_bf16_overflow_and_subnormals)
{
    /* Half way between max = 0x1.fep127 and 2^128 is 0x1.ffp127. */
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_BF16, 0x1.ffp127L), HUGE_VALL);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_BF16, nextafterl(0x1.ffp127L, 0)), 0x1.fep127L);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_BF16, 0x1p-134L), 0.0L);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_BF16, nextafterl(0x1p-134L, 1)), 0x1p-133L);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_BF16, 0x3p-134L), 0x1p-132L);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_BF16, 1.0L + 0x1p-8L), 1.0L);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_BF16, 1.0L + 0x3p-8L), 1.0L + 0x1p-6L);
}
END_TEST

/* A single rounding, never through float or double: each input below is
 * rounded to a tie by the first step of a two-step conversion, which then
 * goes the wrong way. */
START_TEST(test_fp_round_ld_rounds_once)
{
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F32, 1.0L + 0x1p-24L + 0x1p-60L),
                      1.0L + 0x1p-23L);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F32, 1.0L + 0x1p-24L - 0x1p-60L), 1.0L);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F16, 1.0L + 0x1p-11L + 0x1p-30L),
                      1.0L + 0x1p-10L);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F16, 0x1p-25L + 0x1p-60L), 0x1p-24L);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_BF16, 1.0L + 0x1p-8L + 0x1p-40L),
                      1.0L + 0x1p-7L);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F32, 0x1p-150L + 0x1p-200L), 0x1p-149L);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F64, 1.0L + 0x1p-53L + 0x1p-63L),
                      1.0L + 0x1p-52L);
    ck_assert_ld_same(gc_fp_round_ld(GC_PREC_F64, 0x1p-1075L + 0x1p-1130L), 0x1p-1074L);
}
END_TEST

START_TEST(test_fp_round_ld_special_inputs)
{
    for (int i = 0; i < GC_N_PRECISIONS; i++) {
        gc_precision p = (gc_precision)i;
        ck_assert(isnan(gc_fp_round_ld(p, (long double)NAN)));
        ck_assert_ld_same(gc_fp_round_ld(p, HUGE_VALL), HUGE_VALL);
        ck_assert_ld_same(gc_fp_round_ld(p, -HUGE_VALL), -HUGE_VALL);
        ck_assert_ld_same(gc_fp_round_ld(p, 0.0L), 0.0L);
        ck_assert_ld_same(gc_fp_round_ld(p, -0.0L), -0.0L);
        ck_assert_ld_same(gc_fp_round_ld(p, LDBL_MAX), HUGE_VALL);
        ck_assert_ld_same(gc_fp_round_ld(p, -LDBL_TRUE_MIN), -0.0L);
        const struct gc_format *f = gc_fp_format(p);
        ck_assert_ld_same(gc_fp_round_ld(p, f->max), f->max);
        ck_assert_ld_same(gc_fp_round_ld(p, -f->min_subnormal), -f->min_subnormal);
        ck_assert_ld_same(gc_fp_round_ld(p, f->min_normal), f->min_normal);
    }
    ck_assert(isnan(gc_fp_round_ld(GC_N_PRECISIONS, 1.0L)));
}
END_TEST

/* On x86 the hardware conversions long double -> float/double are
 * correctly rounded in the default mode: an independent oracle over
 * random long doubles around both formats' whole exponent ranges. */
START_TEST(test_fp_round_ld_agrees_with_hardware_conversion)
{
    rng_state = 4242;
    for (int i = 0; i < 200000; i++) {
        uint64_t sig = rnd64() | ((uint64_t)1 << 63);
        /* Force some near-ties: many zero bits below the float/double
         * rounding position, then the tie bit. */
        if (i % 3 == 0)
            sig &= ~(((uint64_t)1 << (rnd64() % 40)) - 1u);
        long double m = ldexpl((long double)sig, -64);  /* [1/2, 1) exact */
        int e32 = (int)(rnd64() % 300) - 160;
        int e64 = (int)(rnd64() % 2140) - 1090;
        long double x = ldexpl(m, e32);
        if (rnd64() & 1)
            x = -x;
        long double want32 = (long double)(float)x;
        expect(gc_fp_round_ld(GC_PREC_F32, x) == want32
                      && !signbit(gc_fp_round_ld(GC_PREC_F32, x)) == !signbit(want32),
                      "x = %La: got %La, want %La", x,
                      gc_fp_round_ld(GC_PREC_F32, x), want32);
        long double y = ldexpl(m, e64);
        long double want64 = (long double)(double)y;
        expect(gc_fp_round_ld(GC_PREC_F64, y) == want64,
                      "y = %La: got %La, want %La", y,
                      gc_fp_round_ld(GC_PREC_F64, y), want64);
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* ULP sizes and errors                                                */

START_TEST(test_fp_ulp_ld_known_values)
{
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F32, 1.0L), 0x1p-23L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F32, -1.0L), 0x1p-23L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F32, 1.999L), 0x1p-23L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F32, nextafterl(1.0L, 0)), 0x1p-24L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F32, 0.0L), 0x1p-149L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F32, -0.0L), 0x1p-149L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F32, 0x1p-140L), 0x1p-149L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F32, 0x1p-126L), 0x1p-149L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F32, 0x1p-125L), 0x1p-148L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F32, (long double)FLT_MAX), 0x1p104L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F32, 1e300L), 0x1p104L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F32, HUGE_VALL), 0x1p104L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F32, -HUGE_VALL), 0x1p104L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F64, 1.5L), 0x1p-52L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F64, 0.0L), 0x1p-1074L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F64, 1e-4000L), 0x1p-1074L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F64, HUGE_VALL), 0x1p971L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F16, 65504.0L), 32.0L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F16, 65520.0L), 32.0L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F16, HUGE_VALL), 32.0L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F16, 1.0L), 0x1p-10L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F16, 0x1p-14L), 0x1p-24L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F16, 0x1p-20L), 0x1p-24L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F16, 0.0L), 0x1p-24L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_BF16, 1.0L), 0x1p-7L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_BF16, 0.0L), 0x1p-133L);
    ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_BF16, HUGE_VALL), 0x1p120L);
    ck_assert(isnan(gc_fp_ulp_ld(GC_PREC_F32, (long double)NAN)));
    ck_assert(isnan(gc_fp_ulp_ld(GC_N_PRECISIONS, 1.0L)));
    /* The spacing is the distance to the next value of the format. */
    for (float x = 0x1p-149f; !isinf(x); x *= 3.0f)
        ck_assert_ld_same(gc_fp_ulp_ld(GC_PREC_F32, (long double)x),
                          (long double)nextafterf(x, INFINITY) - (long double)x);
}
END_TEST

START_TEST(test_fp_ulp_error_known_values)
{
    ck_assert_double_eq(gc_fp_ulp_error(GC_PREC_F32, 1.0L + 0x1p-23L, 1.0L), 1.0);
    ck_assert_double_eq(gc_fp_ulp_error(GC_PREC_F32, 1.0L, 1.0L + 0x1p-23L), 1.0);
    ck_assert_double_eq(gc_fp_ulp_error(GC_PREC_F32, 1.0L, 1.0L + 0x1p-24L), 0.5);
    ck_assert_double_eq(gc_fp_ulp_error(GC_PREC_F32, 1.0L, 1.0L - 0x1p-25L), 0.5);
    ck_assert_double_eq(gc_fp_ulp_error(GC_PREC_F32, 0.0L, 0x1p-150L), 0.5);
    ck_assert_double_eq(gc_fp_ulp_error(GC_PREC_F32, 2.0L, 1.0L), 0x1p23);
    ck_assert_double_eq(gc_fp_ulp_error(GC_PREC_F16, 65504.0L, 65520.0L), 0.5);
    ck_assert_double_eq(gc_fp_ulp_error(GC_PREC_F16, 1.0L, 1.0L + 0x1p-11L), 0.5);
    ck_assert_double_eq(gc_fp_ulp_error(GC_PREC_F64, 1.0L + 0x1p-52L, 1.0L), 1.0);
    ck_assert_double_eq(gc_fp_ulp_error(GC_PREC_F64, 1.0L, 1.0L + 0x1p-53L), 0.5);
    ck_assert_double_eq(gc_fp_ulp_error(GC_PREC_F32, 3.0L, 3.0L), 0.0);
    ck_assert_double_eq(gc_fp_ulp_error(GC_PREC_F32, HUGE_VALL, HUGE_VALL), 0.0);
    ck_assert_double_eq(gc_fp_ulp_error(GC_PREC_F32, -HUGE_VALL, -HUGE_VALL), 0.0);
    ck_assert_double_eq(gc_fp_ulp_error(GC_PREC_F32, (long double)NAN, (long double)NAN), 0.0);
    ck_assert_double_eq(gc_fp_ulp_error(GC_PREC_F32, (long double)NAN, 1.0L), INFINITY);
    ck_assert_double_eq(gc_fp_ulp_error(GC_PREC_F32, 1.0L, (long double)NAN), INFINITY);
    ck_assert_double_eq(gc_fp_ulp_error(GC_PREC_F32, HUGE_VALL, (long double)FLT_MAX), INFINITY);
    ck_assert_double_eq(gc_fp_ulp_error(GC_PREC_F32, (long double)FLT_MAX, HUGE_VALL), INFINITY);
    ck_assert_double_eq(gc_fp_ulp_error(GC_PREC_F32, HUGE_VALL, -HUGE_VALL), INFINITY);
}
END_TEST

/* The ordered lattice of every precision: the ends are -inf and +inf,
 * -0 and +0 are position 0, one step up from the largest finite value is
 * inf, and positions and values invert each other. */
START_TEST(test_fp_ord_any_precision_steps_on_the_lattice)
{
    static const struct { gc_precision p; double max, min_sub; } c[] = {
        { GC_PREC_F16, 65504.0, 0x1p-24 },
        { GC_PREC_BF16, 0x1.fep127, 0x1p-133 },
        { GC_PREC_F32, 0x1.fffffep127, 0x1p-149 },
        { GC_PREC_F64, 0x1.fffffffffffffp1023, 0x1p-1074 },
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        gc_precision p = c[i].p;
        int64_t top = gc_fp_ord_top(p);
        ck_assert_int_eq(gc_fp_ord(p, INFINITY), top);
        ck_assert_int_eq(gc_fp_ord(p, -INFINITY), -top);
        ck_assert_int_eq(gc_fp_ord(p, 0.0), 0);
        ck_assert_int_eq(gc_fp_ord(p, -0.0), 0);
        ck_assert_int_eq(gc_fp_ord(p, c[i].min_sub), 1);
        ck_assert_int_eq(gc_fp_ord(p, -c[i].min_sub), -1);
        ck_assert_int_eq(gc_fp_ord(p, c[i].max), top - 1);
        ck_assert(gc_fp_from_ord(p, top - 1) == c[i].max);
        ck_assert(isinf(gc_fp_from_ord(p, top)));
        ck_assert(gc_fp_from_ord(p, 1) == c[i].min_sub);
        ck_assert(!signbit(gc_fp_from_ord(p, 0)));
        /* 1 and the value after it. */
        ck_assert_int_eq(gc_fp_ord(p, gc_fp_from_ord(p, gc_fp_ord(p, 1.0) + 1))
                         - gc_fp_ord(p, 1.0), 1);
        ck_assert(gc_fp_from_ord(p, gc_fp_ord(p, 1.0) + 1) > 1.0);
    }
    /* Half formats: every position round-trips. */
    for (int64_t k = -gc_fp_ord_top(GC_PREC_F16); k <= gc_fp_ord_top(GC_PREC_F16); k++)
        ck_assert_int_eq(gc_fp_ord(GC_PREC_F16, gc_fp_from_ord(GC_PREC_F16, k)), k);
    for (int64_t k = -gc_fp_ord_top(GC_PREC_BF16); k <= gc_fp_ord_top(GC_PREC_BF16); k++)
        ck_assert_int_eq(gc_fp_ord(GC_PREC_BF16, gc_fp_from_ord(GC_PREC_BF16, k)), k);
}
END_TEST

Suite *gc_test_suite(void)
{
    Suite *s = suite_create("fp");
    TCase *tc;

    tc = tcase_create("format");
    tcase_add_test(tc, test_fp_format_table_is_exact);
    tcase_add_test(tc, test_fp_precision_parse_accepts_names_and_aliases);
    tcase_add_test(tc, test_fp_precision_parse_rejects_unknown_names);
    tcase_add_test(tc, test_fp_ord_any_precision_steps_on_the_lattice);
    suite_add_tcase(s, tc);

    tc = tcase_create("ord");
    tcase_add_test(tc, test_fp_ord_maps_both_zeros_to_zero);
    tcase_add_test(tc, test_fp_ord_f32_steps_by_one_across_boundaries);
    tcase_add_test(tc, test_fp_ord_f64_steps_by_one_across_boundaries);
    tcase_add_test(tc, test_fp_ord_is_monotone_on_random_pairs);
    tcase_add_test(tc, test_fp_ulp_diff_known_values);
    suite_add_tcase(s, tc);

    tc = tcase_create("half");
    tcase_add_test(tc, test_fp_round_f16_known_values);
    tcase_add_test(tc, test_fp_round_f16_nan_stays_quiet_nan);
    tcase_add_test(tc, test_fp_f16_all_bit_patterns_round_trip);
    tcase_add_test(tc, test_fp_round_f16_every_midpoint_goes_to_even);
    tcase_add_test(tc, test_fp_round_f16_agrees_with_round_ld);
    tcase_add_test(tc, test_fp_round_bf16_known_values);
    tcase_add_test(tc, test_fp_bf16_all_bit_patterns_round_trip);
    tcase_add_test(tc, test_fp_round_bf16_every_midpoint_goes_to_even);
    suite_add_tcase(s, tc);

    tc = tcase_create("round_ld");
    tcase_add_test(tc, test_fp_round_ld_f16_every_midpoint_goes_to_even);
    tcase_add_test(tc, test_fp_round_ld_f32_ties_across_binades);
    tcase_add_test(tc, test_fp_round_ld_f64_ties_across_binades);
    tcase_add_test(tc, test_fp_round_ld_bf16_overflow_and_subnormals);
    tcase_add_test(tc, test_fp_round_ld_rounds_once);
    tcase_add_test(tc, test_fp_round_ld_special_inputs);
    tcase_add_test(tc, test_fp_round_ld_agrees_with_hardware_conversion);
    suite_add_tcase(s, tc);

    tc = tcase_create("ulp");
    tcase_add_test(tc, test_fp_ulp_ld_known_values);
    tcase_add_test(tc, test_fp_ulp_error_known_values);
    suite_add_tcase(s, tc);

    return s;
}
