#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
/* check_activation.c - unit suite for activation.c (catalogue, lookup,
 * validation), status.c and the 26 built-in activations.
 *
 * Copyright (C) 2026 the gradcheck authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Oracles: closed values (sigmoid(0) = 1/2 exactly, ...), identities
 * (softplus' = sigmoid, odd/even symmetry, ...), the long double fref and
 * dfref (f32/f64 against them, in ULPs of the exact value), and a 4th
 * order central difference of fref that checks dfref itself.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gc_test.h"
#include "activation.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

/* Deterministic generator (64-bit LCG, Knuth's MMIX constants) so the
 * "random" grids are the same on every run; returns [0, 1). */
static uint64_t lcg_state;
static void lcg_seed(uint64_t s) { lcg_state = s; }
static double lcg_next(void)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(lcg_state >> 11) * 0x1p-53;
}

static const struct gc_activation *must_find(const char *name)
{
    const struct gc_activation *a = gc_builtin_find(name);
    ck_assert_msg(a != NULL, "built-in '%s' not found", name);
    return a;
}

/* 4th-order central difference of fref at x with step h:
 * (8 (f(x+h) - f(x-h)) - (f(x+2h) - f(x-2h))) / (12 h). */
static long double fd4_ld(long double (*f)(long double), long double x,
                          long double h)
{
    return (8 * (f(x + h) - f(x - h)) - (f(x + 2 * h) - f(x - 2 * h)))
           / (12 * h);
}

/* Activations whose f' has interior zeros where two terms of size
 * |f(x)/x| cancel; their f' error is measured in ULPs of that size. */
static int cancels(const char *name)
{
    return !strcmp(name, "silu") || !strcmp(name, "mish")
           || !strcmp(name, "gelu") || !strcmp(name, "gelu_tanh")
           || !strcmp(name, "snake");
}

/* Error of a computed derivative `got` against the reference `ref` at x,
 * in ULPs of precision p: of |ref|, or of the size of the cancelling
 * terms for the activations listed in cancels(). */
static double dferr(const struct gc_activation *a, gc_precision p,
                    long double x, long double got, long double ref)
{
    if (cancels(a->name) && x != 0 && isfinite(x) && isfinite(got)
        && isfinite(ref)) {
        long double s = !strcmp(a->name, "snake") ? 2 : fabsl(a->fref(x) / x);
        if (s > fabsl(ref))
            return (double)(fabsl(got - ref) / gc_fp_ulp_ld(p, s));
    }
    return gc_fp_ulp_error(p, got, ref);
}

/* ------------------------------------------------------------------ */
/* Catalogue                                                           */

static const char *const expected_names[] = {
    "celu", "cube", "elu", "exp", "gelu", "gelu_tanh", "hard_sigmoid",
    "hard_swish", "hardtanh", "identity", "leaky_relu", "log_sigmoid",
    "mish", "relu", "relu6", "selu", "sigmoid", "silu", "sin", "snake",
    "softplus", "softsign", "square", "squareplus", "tanh", "tanhshrink",
};
#define N_EXPECTED (sizeof expected_names / sizeof expected_names[0])

START_TEST(test_catalogue_is_exactly_the_26_builtins_sorted)
{
    size_t n = 0;
    const struct gc_activation *cat = gc_builtins(&n);
    ck_assert_ptr_nonnull(cat);
    ck_assert_uint_eq(n, 26);
    ck_assert_uint_eq(n, N_EXPECTED);
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(cat[i].name, expected_names[i]);
        if (i > 0)
            ck_assert_msg(strcmp(cat[i - 1].name, cat[i].name) < 0,
                          "'%s' !< '%s'", cat[i - 1].name, cat[i].name);
    }
    ck_assert_ptr_eq(gc_builtins(NULL), cat);
}
END_TEST

START_TEST(test_catalogue_entries_validate_and_are_complete)
{
    size_t n;
    const struct gc_activation *cat = gc_builtins(&n);
    for (size_t i = 0; i < n; i++) {
        const struct gc_activation *a = &cat[i];
        char why[128] = "unset";
        ck_assert_msg(gc_activation_validate(a, why, sizeof why) == GC_OK,
                      "%s: %s", a->name, why);
        ck_assert_str_eq(why, "");
        ck_assert_msg(a->summary && *a->summary, "%s: no summary", a->name);
        ck_assert_msg(a->f32 && a->df32 && a->f64 && a->df64 && a->fref
                      && a->dfref, "%s: missing function", a->name);
        ck_assert_msg((a->kinks == NULL) == (a->n_kinks == 0),
                      "%s: kinks pointer and count disagree", a->name);
        for (size_t k = 1; k < a->n_kinks; k++)
            ck_assert(a->kinks[k - 1] < a->kinks[k]);
    }
}
END_TEST

START_TEST(test_catalogue_declares_the_right_kinks)
{
    static const struct { const char *name; size_t n; double k[2]; } t[] = {
        { "relu", 1, { 0 } }, { "relu6", 2, { 0, 6 } },
        { "leaky_relu", 1, { 0 } }, { "hardtanh", 2, { -1, 1 } },
        { "hard_sigmoid", 2, { -3, 3 } }, { "hard_swish", 2, { -3, 3 } },
        { "selu", 1, { 0 } }, { "elu", 0, { 0 } }, { "celu", 0, { 0 } },
        { "gelu", 0, { 0 } }, { "square", 0, { 0 } },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        const struct gc_activation *a = must_find(t[i].name);
        ck_assert_msg(a->n_kinks == t[i].n, "%s: %zu kinks", a->name,
                      a->n_kinks);
        for (size_t k = 0; k < t[i].n; k++)
            ck_assert_double_eq(a->kinks[k], t[i].k[k]);
    }
}
END_TEST

START_TEST(test_builtin_find_finds_each_and_only_those)
{
    size_t n;
    const struct gc_activation *cat = gc_builtins(&n);
    for (size_t i = 0; i < n; i++)
        ck_assert_ptr_eq(gc_builtin_find(expected_names[i]), &cat[i]);
    ck_assert_ptr_null(gc_builtin_find("nope"));
    ck_assert_ptr_null(gc_builtin_find(""));
    ck_assert_ptr_null(gc_builtin_find(NULL));
    ck_assert_ptr_null(gc_builtin_find("Relu"));
    ck_assert_ptr_null(gc_builtin_find("relu "));
    ck_assert_ptr_null(gc_builtin_find("a"));
    ck_assert_ptr_null(gc_builtin_find("zzz"));
}
END_TEST

static float id_f32(float x) { return x; }
static double id_f64(double x) { return x; }

START_TEST(test_validate_rejects_bad_descriptors)
{
    static const double asc[] = { -1, 0, 2 };
    static const double dup[] = { 0, 0 };
    static const double desc[] = { 1, -1 };
    static const double nonfinite[] = { 0, INFINITY };
    char why[160];
    struct gc_activation ok = { .name = "ok_1", .f32 = id_f32,
                                .df32 = id_f32, .kinks = asc, .n_kinks = 3 };
    ck_assert_int_eq(gc_activation_validate(&ok, why, sizeof why), GC_OK);
    ck_assert_int_eq(gc_activation_validate(&ok, NULL, 0), GC_OK);

    static const char *const bad_names[] = {
        "Relu", "1x", "", "_x", "a-b", "a b", "r\xc3\xa9lu",
        "a234567890123456789012345678901234567890123456789012345678901234",
    };
    for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
        struct gc_activation b = ok;
        b.name = bad_names[i];
        why[0] = '\0';
        ck_assert_msg(gc_activation_validate(&b, why, sizeof why) == GC_INVAL,
                      "name '%s' accepted", bad_names[i]);
        ck_assert_msg(strlen(why) > 0 && !strchr(why, '\n'),
                      "reason for '%s' is not one line: '%s'", bad_names[i],
                      why);
    }
    /* 63 characters is the longest valid name. */
    struct gc_activation b = ok;
    b.name = "a23456789012345678901234567890123456789012345678901234567890123";
    ck_assert_int_eq(gc_activation_validate(&b, why, sizeof why), GC_OK);

    b = ok; b.name = NULL;
    ck_assert_int_eq(gc_activation_validate(&b, why, sizeof why), GC_INVAL);
    ck_assert_int_eq(gc_activation_validate(NULL, why, sizeof why), GC_INVAL);

    b = ok; b.kinks = dup; b.n_kinks = 2;
    ck_assert_int_eq(gc_activation_validate(&b, why, sizeof why), GC_INVAL);
    ck_assert_ptr_nonnull(strstr(why, "ascending"));
    b = ok; b.kinks = desc; b.n_kinks = 2;
    ck_assert_int_eq(gc_activation_validate(&b, why, sizeof why), GC_INVAL);
    b = ok; b.kinks = nonfinite; b.n_kinks = 2;
    ck_assert_int_eq(gc_activation_validate(&b, why, sizeof why), GC_INVAL);
    b = ok; b.kinks = NULL; b.n_kinks = 1;
    ck_assert_int_eq(gc_activation_validate(&b, why, sizeof why), GC_INVAL);
    ck_assert_ptr_nonnull(strstr(why, "NULL"));

    /* A function without its derivative (or vice versa) is no pair. */
    b = ok; b.df32 = NULL;
    ck_assert_int_eq(gc_activation_validate(&b, why, sizeof why), GC_INVAL);
    b = ok; b.f32 = NULL; b.f64 = id_f64;
    ck_assert_int_eq(gc_activation_validate(&b, why, sizeof why), GC_INVAL);
    b.df64 = id_f64;
    ck_assert_int_eq(gc_activation_validate(&b, why, sizeof why), GC_OK);

    /* The reason is truncated to why_size, always terminated. */
    b = ok; b.name = "Relu";
    char tiny[8];
    memset(tiny, 'x', sizeof tiny);
    ck_assert_int_eq(gc_activation_validate(&b, tiny, sizeof tiny), GC_INVAL);
    ck_assert_uint_eq(strlen(tiny), sizeof tiny - 1);
}
END_TEST

START_TEST(test_status_names_and_messages_come_from_the_map)
{
    ck_assert_str_eq(gc_strerror(GC_OK), "success");
    ck_assert_str_eq(gc_strerror(GC_NOMEM), "out of memory");
    ck_assert_str_eq(gc_strerror(GC_INTERRUPTED), "interrupted");
    ck_assert_str_eq(gc_status_name(GC_NOMEM), "NOMEM");
    ck_assert_str_eq(gc_status_name(GC_ABI), "ABI");
    ck_assert_str_eq(gc_status_name(GC_OK), "OK");
    ck_assert_str_eq(gc_strerror(GC_N_STATUS), "unknown status");
    ck_assert_str_eq(gc_status_name((gc_status)-1), "UNKNOWN");
    for (int s = 0; s < GC_N_STATUS; s++) {
        ck_assert_ptr_nonnull(gc_strerror((gc_status)s));
        ck_assert_ptr_nonnull(gc_status_name((gc_status)s));
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* Known values                                                        */

START_TEST(test_known_exact_values)
{
    const struct gc_activation *relu = must_find("relu"),
        *sig = must_find("sigmoid"), *th = must_find("tanh"),
        *gelu = must_find("gelu"), *gt = must_find("gelu_tanh"),
        *sq = must_find("square"), *silu = must_find("silu"),
        *mish = must_find("mish"), *sp = must_find("squareplus"),
        *ss = must_find("softsign");

    ck_assert_bits_eq_f32(relu->f32(-0x1p-149f), 0.0f);
    ck_assert_bits_eq_f32(relu->f32(0x1p-149f), 0x1p-149f);
    ck_assert(isnan(relu->f32(NAN)) && isnan(relu->df32(NAN)));
    ck_assert(isnan(relu->f64(NAN)) && isnan(relu->df64(NAN)));
    ck_assert_bits_eq_f32(relu->df32(0.0f), 0.0f);  /* like frameworks */
    ck_assert_bits_eq_f32(relu->df32(0x1p-149f), 1.0f);

    ck_assert_bits_eq_f32(sig->f32(0.0f), 0.5f);
    ck_assert_bits_eq_f32(sig->df32(0.0f), 0.25f);
    ck_assert_double_eq(sig->f64(0.0), 0.5);
    ck_assert_double_eq(sig->df64(0.0), 0.25);
    ck_assert_bits_eq_f32(sig->f32(0x1.8p-126f), 0.5f);
    ck_assert_bits_eq_f32(th->df32(0.0f), 1.0f);
    ck_assert_bits_eq_f32(th->df32(0x1.8p-126f), 1.0f);
    ck_assert_double_eq(th->df64(0.0), 1.0);
    ck_assert_bits_eq_f32(gelu->df32(0.0f), 0.5f);
    ck_assert_double_eq(gelu->df64(0.0), 0.5);
    ck_assert_bits_eq_f32(gelu->f32(0x1.8p-126f), 0x1.8p-127f);
    ck_assert_bits_eq_f32(gt->df32(0.0f), 0.5f);
    ck_assert_bits_eq_f32(silu->df32(0.0f), 0.5f);
    ck_assert_bits_eq_f32(ss->df32(0x1.8p-126f), 1.0f);
    ck_assert_bits_eq_f32(sp->f32(0.0f), 1.0f);
    ck_assert_bits_eq_f32(sp->df32(0.0f), 0.5f);
    /* mish(0) = 0, mish'(0) = tanh(ln 2) = 3/5. */
    ck_assert_ulp_le_f32(mish->df32(0.0f), 0.6f, 1);
    ck_assert_ulp_le_f64(mish->df64(0.0), 0.6, 1);

    /* square'(2.385) = 4.77: doubling is exact, so 0 ULP. */
    ck_assert_ulp_le_f32(sq->df32(2.385f), 4.77f, 0);
    ck_assert_ulp_le_f64(sq->df64(2.385), 4.77, 0);
    ck_assert_bits_eq_f32(sq->f32(0x1p+64f), INFINITY);
    ck_assert_bits_eq_f32(sq->f32(0x1.fffffep+63f), 0x1.fffffcp+127f);
}
END_TEST

START_TEST(test_known_closed_form_values)
{
    const struct gc_activation *e = must_find("exp"),
        *sp = must_find("softplus"), *selu = must_find("selu"),
        *ts = must_find("tanhshrink"), *elu = must_find("elu"),
        *cube = must_find("cube"), *gelu = must_find("gelu");

    ck_assert_ulp_le_f32(e->df32(1.0f), (float)M_E, 1);
    ck_assert_ulp_le_f64(e->df64(1.0), M_E, 1);
    ck_assert_ulp_le_f32(sp->f32(0.0f), (float)M_LN2, 1);
    ck_assert_ulp_le_f64(sp->f64(0.0), M_LN2, 1);
    /* selu(-1) = scale alpha (e^-1 - 1), mpmath: */
    ck_assert_ulp_le_f32(selu->f32(-1.0f), -1.1113307378125628f, 2);
    ck_assert_ulp_le_f64(selu->f64(-1.0), -1.1113307378125628, 2);
    /* selu'(-1) = scale alpha e^-1 = 0.64676860303481409 */
    ck_assert_ulp_le_f32(selu->df32(-1.0f), 0.64676860303481409f, 2);
    ck_assert_ulp_le_f64(selu->df64(-1.0), 0.64676860303481409, 2);
    ck_assert_ulp_le_f32(selu->df32(1.0f), 1.0507009873554805f, 0);
    /* tanhshrink(1) = 1 - tanh 1, and tiny x: x^3/3 without cancellation */
    ck_assert_ulp_le_f32(ts->f32(1.0f), 0.23840584404423515f, 2);
    ck_assert_ulp_le_f64(ts->f64(1.0), 0.23840584404423515, 2);
    ck_assert_ulp_le_f32(ts->f32(0x1p-20f), 0x1.555556p-62f, 1);
    ck_assert_ulp_le_f64(ts->f64(1e-5), 3.33333333320000e-16, 2);
    ck_assert_ulp_le_f32(elu->f32(-0x1p-30f), -0x1p-30f, 1);
    ck_assert_ulp_le_f32(cube->df32(2.385f), 17.064675f, 1);
    /* gelu(-1) = -Phi(-1) = -0.15865525393145707 */
    ck_assert_ulp_le_f32(gelu->f32(-1.0f), -0.15865525393145707f, 2);
    ck_assert_ulp_le_f64(gelu->f64(-1.0), -0.15865525393145707, 2);
}
END_TEST

/* One ULP either side of each kink: the pieces are the right ones, and
 * the value at the kink lies between the one-sided derivatives. */
START_TEST(test_kink_neighbourhoods)
{
    size_t n;
    const struct gc_activation *cat = gc_builtins(&n);
    for (size_t i = 0; i < n; i++) {
        const struct gc_activation *a = &cat[i];
        for (size_t k = 0; k < a->n_kinks; k++) {
            float c = (float)a->kinks[k];
            float lo = nextafterf(c, -INFINITY), hi = nextafterf(c, INFINITY);
            /* one-sided derivatives by fd of fref at a distance */
            long double h = 1e-6L;
            long double dl = (a->fref(c) - a->fref(c - h)) / h;
            long double dr = (a->fref(c + h) - a->fref(c)) / h;
            long double at = a->df32(c);
            long double mn = fminl(dl, dr) - 1e-5L, mx = fmaxl(dl, dr) + 1e-5L;
            ck_assert_msg(at >= mn && at <= mx,
                          "%s'(%g) = %Lg not within [%Lg, %Lg]", a->name,
                          (double)c, at, dl, dr);
            ck_assert_msg(fabsl(a->df32(lo) - dl) < 1e-4L
                          && fabsl(a->df32(hi) - dr) < 1e-4L,
                          "%s: f' one ULP around kink %g: %g %g vs %Lg %Lg",
                          a->name, (double)c, (double)a->df32(lo),
                          (double)a->df32(hi), dl, dr);
            ck_assert_ulp_le_f32(a->f32(lo),
                                 (float)a->fref((long double)lo), 1);
            ck_assert_ulp_le_f32(a->f32(hi),
                                 (float)a->fref((long double)hi), 1);
        }
    }
    const struct gc_activation *r6 = must_find("relu6"),
        *hs = must_find("hard_sigmoid"), *hw = must_find("hard_swish"),
        *lr = must_find("leaky_relu"), *ht = must_find("hardtanh");
    ck_assert_bits_eq_f32(r6->df32(nextafterf(6, 0)), 1.0f);
    ck_assert_bits_eq_f32(r6->df32(6.0f), 0.0f);
    ck_assert_bits_eq_f32(r6->f32(nextafterf(6, 7)), 6.0f);
    ck_assert_bits_eq_f32(ht->df32(1.0f), 0.0f);
    ck_assert_bits_eq_f32(ht->df32(nextafterf(-1, 0)), 1.0f);
    ck_assert_bits_eq_f32(hs->df32(nextafterf(3, 0)), 1.0f / 6);
    ck_assert_bits_eq_f32(hs->df32(3.0f), 0.0f);
    ck_assert_bits_eq_f32(hs->f32(3.0f), 1.0f);
    ck_assert_bits_eq_f32(hs->f32(nextafterf(-3, 0)), 0x1p-22f / 6);
    ck_assert_bits_eq_f32(hw->df32(-3.0f), -0.5f);
    ck_assert_bits_eq_f32(hw->df32(nextafterf(-3, -4)), 0.0f);
    ck_assert_bits_eq_f32(hw->df32(3.0f), 1.5f);
    ck_assert_bits_eq_f32(hw->df32(-1.5f), 0.0f);   /* exact zero of f' */
    ck_assert_bits_eq_f32(lr->df32(-0x1p-149f), 0.01f);
    ck_assert_bits_eq_f32(lr->df32(0.0f), 0.01f);
    ck_assert_bits_eq_f32(lr->f32(-1.0f), -0.01f);
}
END_TEST

START_TEST(test_limits_at_infinity)
{
    static const struct { const char *name; float fm, fp, dm, dp; } t[] = {
        { "sigmoid", 0, 1, 0, 0 },   { "softplus", 0, INFINITY, 0, 1 },
        { "log_sigmoid", -INFINITY, 0, 1, 0 },
        { "silu", 0, INFINITY, 0, 1 }, { "mish", 0, INFINITY, 0, 1 },
        { "gelu", 0, INFINITY, 0, 1 }, { "gelu_tanh", 0, INFINITY, 0, 1 },
        { "tanh", -1, 1, 0, 0 },
        { "tanhshrink", -INFINITY, INFINITY, 1, 1 },
        { "softsign", -1, 1, 0, 0 }, { "squareplus", 0, INFINITY, 0, 1 },
        { "elu", -1, INFINITY, 0, 1 }, { "relu", 0, INFINITY, 0, 1 },
        { "hard_swish", 0, INFINITY, 0, 1 },
        { "exp", 0, INFINITY, 0, INFINITY },
        { "identity", -INFINITY, INFINITY, 1, 1 },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        const struct gc_activation *a = must_find(t[i].name);
        ck_assert_ulp_le_f32(a->f32(-INFINITY), t[i].fm, 0);
        ck_assert_ulp_le_f32(a->f32(INFINITY), t[i].fp, 0);
        ck_assert_ulp_le_f32(a->df32(-INFINITY), t[i].dm, 0);
        ck_assert_ulp_le_f32(a->df32(INFINITY), t[i].dp, 0);
        ck_assert_ulp_le_f64(a->f64(-INFINITY), t[i].fm, 0);
        ck_assert_ulp_le_f64(a->f64(INFINITY), t[i].fp, 0);
        ck_assert_ulp_le_f64(a->df64(-INFINITY), t[i].dm, 0);
        ck_assert_ulp_le_f64(a->df64(INFINITY), t[i].dp, 0);
    }
    /* snake: f -> +-inf; f' and sin oscillate, no limit: NaN. */
    const struct gc_activation *sn = must_find("snake"), *s = must_find("sin");
    ck_assert_bits_eq_f32(sn->f32(INFINITY), INFINITY);
    ck_assert_bits_eq_f32(sn->f32(-INFINITY), -INFINITY);
    ck_assert(isnan(sn->df32(INFINITY)) && isnan(sn->df64(-INFINITY)));
    ck_assert(isnan(s->f32(INFINITY)) && isnan(s->df64(-INFINITY)));
    /* the subnormal far tail of squareplus is not flushed to 0 */
    const struct gc_activation *sp = must_find("squareplus");
    ck_assert_ulp_le_f32(sp->f32(-FLT_MAX), 1 / FLT_MAX, 1);
    ck_assert_ulp_le_f64(sp->f64(-DBL_MAX), 1 / DBL_MAX, 1);
    ck_assert_ulp_le_f32(sp->df32(-0x1p+40f), 0x1p-80f, 1);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Identities over a seeded grid                                       */

#define N_GRID 4000

static float grid_f32(int i)
{
    /* dense in [-20, 20], with a sprinkling of larger magnitudes */
    double u = lcg_next();
    if (i % 10 == 0)
        return (float)((u < 0.5 ? -1 : 1) * exp(lcg_next() * 40 - 20));
    return (float)(-20 + 40 * u);
}

START_TEST(test_identities_sigmoid_family)
{
    const struct gc_activation *sig = must_find("sigmoid"),
        *sp = must_find("softplus"), *ls = must_find("log_sigmoid"),
        *silu = must_find("silu");
    lcg_seed(20260101);
    for (int i = 0; i < N_GRID; i++) {
        float x = grid_f32(i);
        double xd = (double)x * (1 + 0x1p-40);
        /* softplus' is sigmoid */
        ck_assert_bits_eq_f32(sp->df32(x), sig->f32(x));
        ck_assert_ulp_le_f64(sp->df64(xd), sig->f64(xd), 0);
        /* sigmoid(x) + sigmoid(-x) = 1 */
        long double sum = (long double)sig->f32(x) + sig->f32(-x);
        ck_assert_msg(fabsl(sum - 1) <= 0x1p-24L, "sigmoid(%a) + sigmoid(-x) "
                      "= %.21Lg", (double)x, sum);
        sum = (long double)sig->f64(xd) + sig->f64(-xd);
        ck_assert_msg(fabsl(sum - 1) <= 0x1p-53L, "f64 sum %.21Lg", sum);
        /* sigmoid' even, log_sigmoid' = sigmoid(-x) */
        ck_assert_bits_eq_f32(sig->df32(-x), sig->df32(x));
        ck_assert_bits_eq_f32(ls->df32(x), sig->f32(-x));
        /* silu = x sigmoid(x) (two roundings in the product) */
        float prod = x * sig->f32(x);
        ck_assert_ulp_le_f32(silu->f32(x), prod, 4);
        /* softplus(x) - softplus(-x) = x */
        long double diff = (long double)sp->f64(xd) - sp->f64(-xd);
        ck_assert_msg(fabsl(diff - xd) <= 4 * 0x1p-53L * fmaxl(1, fabsl(xd)),
                      "softplus(x) - softplus(-x) - x = %Lg at %a",
                      diff - xd, xd);
        /* log_sigmoid(x) = -softplus(-x) exactly (same formula) */
        ck_assert_ulp_le_f32(ls->f32(x), -sp->f32(-x), 0);
    }
}
END_TEST

START_TEST(test_identities_symmetry_and_products)
{
    const struct gc_activation *th = must_find("tanh"),
        *ts = must_find("tanhshrink"), *ss = must_find("softsign"),
        *hw = must_find("hard_swish"), *hs = must_find("hard_sigmoid"),
        *sp = must_find("squareplus"), *elu = must_find("elu"),
        *celu = must_find("celu"), *sn = must_find("snake"),
        *sq = must_find("square"), *cube = must_find("cube");
    lcg_seed(7);
    for (int i = 0; i < N_GRID; i++) {
        float x = grid_f32(i);
        ck_assert_bits_eq_f32(th->f32(-x), -th->f32(x));
        ck_assert_bits_eq_f32(th->df32(-x), th->df32(x));
        ck_assert_bits_eq_f32(ts->f32(-x), -ts->f32(x));
        ck_assert_bits_eq_f32(ss->f32(-x), -ss->f32(x));
        ck_assert_bits_eq_f32(ss->df32(-x), ss->df32(x));
        ck_assert_bits_eq_f32(sq->df32(-x), -sq->df32(x));
        ck_assert_bits_eq_f32(cube->f32(-x), -cube->f32(x));
        float t = th->f32(x);
        ck_assert_bits_eq_f32(ts->df32(x), t * t);
        ck_assert_ulp_le_f32(hw->f32(x), x * hs->f32(x), 0);
        ck_assert_bits_eq_f32(elu->f32(x), celu->f32(x));
        ck_assert_bits_eq_f32(elu->df32(x), celu->df32(x));
        /* squareplus(x) squareplus(-x) = 1, for |x| < 2^60 */
        double xd = (double)x;
        if (fabs(xd) < 1e15) {
            long double p = (long double)sp->f64(xd) * sp->f64(-xd);
            ck_assert_msg(fabsl(p - 1) <= 8 * 0x1p-53L,
                          "squareplus(x) squareplus(-x) = %.21Lg at %a", p, xd);
            p = (long double)sp->f32(x) * sp->f32(-x);
            ck_assert_msg(fabsl(p - 1) <= 8 * 0x1p-24L,
                          "f32 squareplus product = %.21Lg at %a", p, xd);
        }
        /* snake' = 1 + sin 2x lies in [0, 2] */
        float d = sn->df32(x);
        ck_assert_msg(d >= 0 && d <= 2, "snake'(%a) = %a", (double)x,
                      (double)d);
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* Each built-in against its long double references                   */

/* Accuracy bounds in ULPs (f32, df32, f64, df64), from the measured
 * maxima (README / integration report) with a little margin. */
static const struct { const char *name; double f32, df32, f64, df64; }
bounds[] = {
    { "celu", 1, 1, 1, 1 },        { "cube", 2, 2, 2, 2 },
    { "elu", 1, 1, 1, 1 },         { "exp", 1, 1, 1, 1 },
    { "gelu", 6, 8, 6, 8 },        { "gelu_tanh", 5, 9, 5, 9 },
    { "hard_sigmoid", 1, 1, 1, 1 }, { "hard_swish", 2, 1, 2, 1 },
    { "hardtanh", 0, 0, 0, 0 },    { "identity", 0, 0, 0, 0 },
    { "leaky_relu", 1, 1, 1, 1 },  { "log_sigmoid", 2, 3, 2, 3 },
    { "mish", 5, 9, 5, 9 },        { "relu", 0, 0, 0, 0 },
    { "relu6", 0, 0, 0, 0 },       { "selu", 2, 3, 2, 3 },
    { "sigmoid", 3, 3, 3, 3 },     { "silu", 4, 7, 4, 7 },
    { "sin", 1, 1, 1, 1 },         { "snake", 4, 2, 4, 2 },
    { "softplus", 2, 3, 2, 3 },    { "softsign", 2, 3, 2, 3 },
    { "square", 1, 1, 1, 1 },      { "squareplus", 4, 6, 4, 6 },
    { "tanh", 3, 3, 3, 3 },        { "tanhshrink", 4, 6, 4, 6 },
};

/* f and f' in float32 and float64 against fref/dfref (exact values,
 * errors in ULPs of the exact value) over a grid of [-30, 30] and
 * log-spaced tails; points where the true value overflows the format
 * must give the correctly signed infinity. */
START_TEST(test_builtin_matches_long_double_reference)
{
    size_t n;
    const struct gc_activation *a = &gc_builtins(&n)[_i];
    ck_assert_str_eq(a->name, bounds[_i].name);
    lcg_seed(1000 + (uint64_t)_i);
    for (int i = 0; i < 6000; i++) {
        double xd;
        if (i < 3000)
            xd = -30 + 60 * (i + lcg_next()) / 3000;
        else
            xd = (i % 2 ? -1 : 1) * exp(-100 + 180 * lcg_next());
        if (!strcmp(a->name, "sin") || !strcmp(a->name, "snake"))
            if (fabs(xd) > 1e6) continue; /* keep sinl's reduction exact */
        float x = (float)xd;
        long double rf = a->fref(x), rd = a->dfref(x);
        long double rf64 = a->fref(xd), rd64 = a->dfref(xd);
        double e;
        if (fabsl(rf) <= FLT_MAX) {
            e = gc_fp_ulp_error(GC_PREC_F32, a->f32(x), rf);
            ck_assert_msg(e <= bounds[_i].f32, "%s(%a) f32 = %.9g, ref %.21Lg:"
                          " %.3g ULP > %g", a->name, (double)x,
                          (double)a->f32(x), rf, e, bounds[_i].f32);
        }
        if (fabsl(rd) <= FLT_MAX) {
            e = dferr(a, GC_PREC_F32, x, a->df32(x), rd);
            ck_assert_msg(e <= bounds[_i].df32, "%s'(%a) f32 = %.9g, ref "
                          "%.21Lg: %.3g ULP > %g", a->name, (double)x,
                          (double)a->df32(x), rd, e, bounds[_i].df32);
        }
        if (fabsl(rf64) <= DBL_MAX) {
            e = gc_fp_ulp_error(GC_PREC_F64, a->f64(xd), rf64);
            ck_assert_msg(e <= bounds[_i].f64, "%s(%a) f64 = %.17g, ref "
                          "%.21Lg: %.3g ULP > %g", a->name, xd, a->f64(xd),
                          rf64, e, bounds[_i].f64);
        }
        if (fabsl(rd64) <= DBL_MAX) {
            e = dferr(a, GC_PREC_F64, xd, a->df64(xd), rd64);
            ck_assert_msg(e <= bounds[_i].df64, "%s'(%a) f64 = %.17g, ref "
                          "%.21Lg: %.3g ULP > %g", a->name, xd, a->df64(xd),
                          rd64, e, bounds[_i].df64);
        }
    }
}
END_TEST

/* dfref agrees with a 4th-order central difference of fref where that
 * is well-conditioned: |x| <= 8, away from kinks, h = 1e-4 max(1, |x|);
 * truncation ~h^4 f^(5)/30 and round-off ~1e-19 |f| / h, so 1e-9
 * relative to |f| + |f'| is a loose but meaningful bound (a wrong
 * closed form is off by O(1)). */
START_TEST(test_dfref_agrees_with_finite_difference_of_fref)
{
    size_t n;
    const struct gc_activation *a = &gc_builtins(&n)[_i];
    lcg_seed(77 + (uint64_t)_i);
    for (int i = 0; i < 2000; i++) {
        long double x = -8 + 16 * (i + lcg_next()) / 2000;
        long double h = 1e-4L * fmaxl(1, fabsl(x));
        int near_kink = 0;
        for (size_t k = 0; k < a->n_kinks; k++)
            if (fabsl(x - a->kinks[k]) < 3 * h)
                near_kink = 1;
        if (near_kink)
            continue;
        long double fd = fd4_ld(a->fref, x, h), d = a->dfref(x);
        long double tol = 1e-9L * (fabsl(d) + fabsl(a->fref(x))) + 1e-300L;
        ck_assert_msg(fabsl(fd - d) <= tol, "%s: dfref(%La) = %.21Lg, fd "
                      "%.21Lg, diff %Lg > %Lg", a->name, x, d, fd,
                      fabsl(fd - d), tol);
    }
}
END_TEST

/* No NaN for any non-NaN input (except where documented: sin and
 * snake' at +-inf), no premature overflow, no gradient underflow, on a
 * log-spaced sweep over the whole float32 and float64 ranges. */
START_TEST(test_builtin_no_nan_overflow_or_underflow)
{
    size_t n;
    const struct gc_activation *a = &gc_builtins(&n)[_i];
    int oscill = !strcmp(a->name, "sin") || !strcmp(a->name, "snake");
    for (int i = 0; i <= 20000; i++) {
        double t = i / 20000.0;
        for (int sgn = -1; sgn <= 1; sgn += 2) {
            float x = (float)(sgn * exp(log(1e-45) + t * (log(3.4e38)
                                                          - log(1e-45))));
            if (i == 20000)
                x = sgn * INFINITY;
            if (i == 0)
                x = sgn * 0.0f;
            float f = a->f32(x), d = a->df32(x);
            int inf_ok = oscill && isinf(x);
            ck_assert_msg(!isnan(f) || (inf_ok && strcmp(a->name, "snake")),
                          "%s(%a) is NaN", a->name, (double)x);
            ck_assert_msg(!isnan(d) || inf_ok, "%s'(%a) is NaN", a->name,
                          (double)x);
            if (isinf(x) || (oscill && fabsf(x) > 1e6f))
                continue;
            long double rf = a->fref(x), rd = a->dfref(x);
            long double rfr = gc_fp_round_ld(GC_PREC_F32, rf);
            long double rdr = gc_fp_round_ld(GC_PREC_F32, rd);
            ck_assert_msg(!isinf(f) || isinf(rfr), "%s(%a) = %g: premature "
                          "overflow, true %Lg", a->name, (double)x,
                          (double)f, rf);
            ck_assert_msg(!isinf(d) || isinf(rdr), "%s'(%a) = %g: premature "
                          "overflow, true %Lg", a->name, (double)x,
                          (double)d, rd);
            if (fabsl(rd) >= 2 * (long double)FLT_MIN && !isinf(rdr))
                ck_assert_msg(fabsf(d) >= FLT_MIN, "%s'(%a) = %a: gradient "
                              "underflow, true %La", a->name, (double)x,
                              (double)d, rd);
            if (fabsl(rf) >= 2 * (long double)FLT_MIN && !isinf(rfr))
                ck_assert_msg(fabsf(f) >= FLT_MIN, "%s(%a) = %a: underflow, "
                              "true %La", a->name, (double)x, (double)f, rf);
        }
    }
    for (int i = 0; i <= 20000; i++) {
        double t = i / 20000.0;
        for (int sgn = -1; sgn <= 1; sgn += 2) {
            double x = sgn * exp(log(5e-324) + t * (log(1.7e308)
                                                     - log(5e-324)));
            double f = a->f64(x), d = a->df64(x);
            ck_assert_msg(!isnan(f) && !isnan(d), "%s(%a) or f' is NaN "
                          "(float64)", a->name, x);
            if (oscill && fabs(x) > 1e6)
                continue;
            long double rf = a->fref(x), rd = a->dfref(x);
            long double rfr = gc_fp_round_ld(GC_PREC_F64, rf);
            long double rdr = gc_fp_round_ld(GC_PREC_F64, rd);
            ck_assert_msg(!isinf(f) || isinf(rfr), "%s(%a): premature "
                          "overflow (float64), true %Lg", a->name, x, rf);
            ck_assert_msg(!isinf(d) || isinf(rdr), "%s'(%a): premature "
                          "overflow (float64), true %Lg", a->name, x, rd);
            if (fabsl(rd) >= 2 * (long double)DBL_MIN && !isinf(rdr))
                ck_assert_msg(fabs(d) >= DBL_MIN, "%s'(%a) = %a: gradient "
                              "underflow (float64), true %La", a->name, x,
                              d, rd);
        }
    }
}
END_TEST

Suite *gc_test_suite(void)
{
    Suite *s = suite_create("activation");
    TCase *tc = tcase_create("catalogue");
    tcase_add_test(tc, test_catalogue_is_exactly_the_26_builtins_sorted);
    tcase_add_test(tc, test_catalogue_entries_validate_and_are_complete);
    tcase_add_test(tc, test_catalogue_declares_the_right_kinks);
    tcase_add_test(tc, test_builtin_find_finds_each_and_only_those);
    tcase_add_test(tc, test_validate_rejects_bad_descriptors);
    tcase_add_test(tc, test_status_names_and_messages_come_from_the_map);
    suite_add_tcase(s, tc);

    tc = tcase_create("values");
    tcase_add_test(tc, test_known_exact_values);
    tcase_add_test(tc, test_known_closed_form_values);
    tcase_add_test(tc, test_kink_neighbourhoods);
    tcase_add_test(tc, test_limits_at_infinity);
    tcase_add_test(tc, test_identities_sigmoid_family);
    tcase_add_test(tc, test_identities_symmetry_and_products);
    suite_add_tcase(s, tc);

    tc = tcase_create("accuracy");
    tcase_set_timeout(tc, 60);
    size_t n = sizeof bounds / sizeof bounds[0];
    tcase_add_loop_test(tc, test_builtin_matches_long_double_reference, 0,
                        (int)n);
    tcase_add_loop_test(tc, test_dfref_agrees_with_finite_difference_of_fref,
                        0, (int)n);
    tcase_add_loop_test(tc, test_builtin_no_nan_overflow_or_underflow, 0,
                        (int)n);
    suite_add_tcase(s, tc);
    return s;
}
