/* check_verify.c - the check engine on known activations: exact overflow
 * boundaries, exceptions, kinks, verdicts. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <fenv.h>
#include <float.h>
#include <quadmath.h>
#include "gc_test.h"
#include "oracle_q.h"
#include "activation.h"
#include "verify.h"

static const struct gc_activation *act(const char *name)
{
    const struct gc_activation *a = gc_builtin_find(name);
    ck_assert_msg(a != NULL, "no built-in %s", name);
    return a;
}

static struct gc_flag point(const char *name, gc_precision p, double x)
{
    struct gc_tolerance t;
    struct gc_flag f;
    gc_tolerance_default(p, &t);
    ck_assert_int_eq(gc_check_point(act(name), p, &t, x, &f), GC_OK);
    return f;
}

START_TEST(test_check_square_f32_overflow_begins_exactly_at_2p64)
{
    /* (2^64)^2 = 2^128 > FLT_MAX; the float below, 2^64 (1 - 2^-24),
     * squares to 2^128 (1 - 2^-23 + 2^-48), which rounds to FLT_MAX. */
    struct gc_flag f = point("square", GC_PREC_F32, 0x1p64);
    ck_assert_int_eq(f.cls, GC_CLASS_OVERFLOW);
    ck_assert_int_eq(f.function, GC_FN_F);
    ck_assert(f.inherent);
    ck_assert(f.fe_f & FE_OVERFLOW);
    f = point("square", GC_PREC_F32, -0x1p64);
    ck_assert_int_eq(f.cls, GC_CLASS_OVERFLOW);
    ck_assert(f.inherent);
    f = point("square", GC_PREC_F32, 0x1.fffffep63);
    ck_assert_int_eq(f.cls, GC_CLASS_OK);
    ck_assert(!(f.fe_f & FE_OVERFLOW));
}
END_TEST

START_TEST(test_check_square_f16_overflow_begins_at_256)
{
    /* 256^2 = 65536 >= 65520, the float16 rounding threshold; 255.875^2 =
     * 65472.015625 rounds to 65472. */
    struct gc_flag f = point("square", GC_PREC_F16, 256);
    ck_assert_int_eq(f.cls, GC_CLASS_OVERFLOW);
    ck_assert(f.inherent);
    f = point("square", GC_PREC_F16, 255.875);
    ck_assert_int_eq(f.cls, GC_CLASS_OK);
}
END_TEST

START_TEST(test_check_exp_f32_overflow_from_first_float_above_log_flt_max)
{
    /* ln(FLT_MAX) = 88.72283905...; the floats around it are
     * 0x1.62e42ep+6 = 88.7228317 (below) and 0x1.62e430p+6 = 88.7228394. */
    struct gc_flag f = point("exp", GC_PREC_F32, 0x1.62e430p+6);
    ck_assert_int_eq(f.cls, GC_CLASS_OVERFLOW);
    ck_assert(f.inherent);
    f = point("exp", GC_PREC_F32, 0x1.62e42ep+6);
    ck_assert_int_eq(f.cls, GC_CLASS_OK);
}
END_TEST

START_TEST(test_check_relu_at_kink_is_kink_and_neighbours_ok)
{
    struct gc_flag f = point("relu", GC_PREC_F32, 0.0);
    ck_assert_int_eq(f.cls, GC_CLASS_KINK);
    ck_assert_ldouble_eq_tol(f.left, 0.0L, 1e-12L);
    ck_assert_ldouble_eq_tol(f.right, 1.0L, 1e-12L);
    f = point("relu", GC_PREC_F32, 0x1p-149);
    ck_assert_int_eq(f.cls, GC_CLASS_OK);
    ck_assert_ldouble_eq(f.reference, 1.0L);
    f = point("relu", GC_PREC_F32, -0x1p-149);
    ck_assert_int_eq(f.cls, GC_CLASS_OK);
    ck_assert_ldouble_eq(f.reference, 0.0L);
}
END_TEST

START_TEST(test_check_reference_resolves_tanh_tail_in_float64)
{
    /* tanh'(20) = 4 e^-40 / (1 + e^-40)^2 = 1.6993e-17: far below what a
     * difference of tanhl (which rounds near 1) can resolve, so the
     * reference comes from the closed form, cross-checked. */
    struct gc_flag f = point("tanh", GC_PREC_F64, 20.0);
    ck_assert_int_eq(f.cls, GC_CLASS_OK);
    ck_assert_rel_le_ld(f.reference, 4 * expl(-40.0L) / ((1 + expl(-40.0L)) * (1 + expl(-40.0L))), 1e-15L);
}
END_TEST

/* The closed-form dfref of these built-ins take a short cut for |x| <
 * 2^-34 (the first terms of their Taylor series): within 4 ULPs of long
 * double of the binary128 closed forms at 16 points of every binade of
 * float32 and float64 below 2^-30, both signs, and across the switch at
 * 2^-34. */
START_TEST(test_check_dfref_tiny_x_within_4ulp_ld_of_binary128)
{
    static const struct { const char *name; __float128 (*d)(__float128); } cases[] = {
        { "gelu", dgelu_q }, { "mish", dmish_q }, { "sigmoid", dsigmoid_q },
        { "tanh", dtanh_q }, { "silu", dsilu_q }, { "softplus", dsoftplus_q },
        { "log_sigmoid", dlog_sigmoid_q }, { "gelu_tanh", dgelu_tanh_q },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const struct gc_activation *a = act(cases[c].name);
        double worst = 0, worst_x = 0;
        for (int e = -1074; e <= -30; e++) {
            for (int k = 0; k < 16; k++) {
                double x = ldexp(1 + k / 16.0, e);
                for (int sign = 0; sign < 2; sign++, x = -x) {
                    __float128 truth = cases[c].d(x);
                    long double got = a->dfref(x);
                    double err = (double)(fabsq((__float128)got - truth)
                                          / ((__float128)LDBL_EPSILON * fabsq(truth)));
                    if (err > worst) {
                        worst = err;
                        worst_x = x;
                    }
                }
            }
        }
        ck_assert_msg(worst <= 4.0, "%s: dfref %.3g ULP of long double from binary128 at "
                      "x = %.17g (%a)", cases[c].name, worst, worst_x, worst_x);
    }
}
END_TEST

/* Acceptance: the reference derivative (fref and its checks) is within
 * 2 ULP of float64 of the true derivative for sigmoid, tanh, gelu and
 * silu at 1000 seeded points in [-20, 20]. */
START_TEST(test_check_reference_within_2ulp_f64_of_binary128_closed_forms)
{
    static const struct { const char *name; __float128 (*d)(__float128); } cases[] = {
        { "sigmoid", dsigmoid_q }, { "tanh", dtanh_q }, { "gelu", dgelu_q },
        { "silu", dsilu_q },
    };
    struct gc_tolerance t;
    gc_tolerance_default(GC_PREC_F64, &t);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        uint64_t state = 0x9e3779b97f4a7c15u + c;
        double worst = 0, worst_x = 0;
        for (int i = 0; i < 1000; i++) {
            state = state * 6364136223846793005u + 1442695040888963407u;
            double x = -20 + 40 * (double)(state >> 11) * 0x1p-53;
            struct gc_flag f;
            ck_assert_int_eq(gc_check_point(act(cases[c].name), GC_PREC_F64, &t, x, &f),
                             GC_OK);
            __float128 truth = cases[c].d(x);
            long double ulp = gc_fp_ulp_ld(GC_PREC_F64, (long double)truth);
            double err = (double)(fabsq((__float128)f.reference - truth) / ulp);
            if (err > worst) {
                worst = err;
                worst_x = x;
            }
        }
        ck_assert_msg(worst <= 2.0, "%s: reference %.3g ULP of float64 from the binary128 "
                      "closed form at x = %.17g (%a)", cases[c].name, worst, worst_x, worst_x);
    }
}
END_TEST

START_TEST(test_check_square_run_verdict_warn_with_inherent_overflow)
{
    struct gc_result r;
    struct gc_check_options o;
    gc_check_options_default(&o);
    o.n_points = 2000;
    ck_assert_int_eq(gc_check_run(act("square"), "builtin", GC_PREC_F32, &o, &r), GC_OK);
    ck_assert_int_eq(r.verdict, GC_VERDICT_WARN);
    ck_assert_uint_eq(r.mismatches, 0);
    ck_assert_uint_gt(r.count[GC_CLASS_OVERFLOW], 0);
    bool seen_pos = false;
    for (size_t i = 0; i < r.n_regions; i++) {
        const struct gc_region *g = &r.regions[i];
        ck_assert_int_eq(g->cls, GC_CLASS_OVERFLOW);
        ck_assert(g->inherent);
        ck_assert(fabs(g->lo) >= 0x1p64 && fabs(g->hi) >= 0x1p64);
        if (g->lo > 0) {
            seen_pos = true;
            ck_assert(g->fe & FE_OVERFLOW);
        }
    }
    ck_assert(seen_pos);
    ck_assert(r.max_ulp_error <= 0.5);
    gc_result_free(&r);
}
END_TEST

static volatile sig_atomic_t stop_flag;
static int progress_calls;

static void stop_after_first_block(void *ctx, uint64_t done, uint64_t total)
{
    (void)ctx;
    (void)done;
    (void)total;
    progress_calls++;
    stop_flag = 1;
}

/* An exhaustive float32 sweep stopped after its first block of blocks has
 * covered an exact prefix of the lattice from -inf: -inf itself (ok) and
 * the most negative floats, whose squares all overflow; the overflow
 * region runs across every chunk of the block and must come out whole. */
START_TEST(test_check_exhaustive_sweep_stops_with_exact_prefix)
{
    struct gc_result r;
    struct gc_check_options o;
    gc_check_options_default(&o);
    o.exhaustive = true;
    o.progress = stop_after_first_block;
    o.stop = &stop_flag;
    stop_flag = 0;
    progress_calls = 0;
    ck_assert_int_eq(gc_check_run(act("square"), "builtin", GC_PREC_F32, &o, &r), GC_OK);
    ck_assert_int_eq(progress_calls, 1);
    ck_assert(r.exhaustive && r.partial);
    ck_assert_uint_gt(r.points, 1000000);
    /* 2^32 - 2^24 + 1 ordered values from -inf to +inf, minus the NaNs. */
    ck_assert_double_eq(r.coverage, (double)r.points / 4278190081.0);
    ck_assert_uint_eq(r.n_regions, 1);
    ck_assert_int_eq(r.regions[0].cls, GC_CLASS_OVERFLOW);
    ck_assert(r.regions[0].inherent);
    ck_assert_double_eq(r.regions[0].lo, -0x1.fffffep127);
    ck_assert_uint_eq(r.regions[0].count, r.points - 1);
    ck_assert_double_eq(r.regions[0].hi, (double)gc_fp_from_ord_f32(
        gc_fp_ord_f32(-INFINITY) + (int32_t)r.points - 1));
    ck_assert_uint_le(r.n_flags, 2 * GC_FLAGS_PER_REGION);
    ck_assert_int_eq(r.verdict, GC_VERDICT_WARN);
    /* Every x here has |x| >= 2^127: x*x and 2*x both overflow, and the
     * flags, though taken batch by batch, are exactly that. */
    ck_assert_uint_lt(r.points, 1u << 23);
    ck_assert_int_eq(r.regions[0].fe, FE_OVERFLOW);
    ck_assert_int_eq(r.fe_f, FE_OVERFLOW);
    ck_assert_int_eq(r.fe_df, FE_OVERFLOW);
    for (size_t i = 0; i < r.n_flags; i++)
        ck_assert_int_eq(r.flags[i].fe_f, FE_OVERFLOW);
    gc_result_free(&r);
}
END_TEST

START_TEST(test_check_same_seed_same_result)
{
    struct gc_result a, b;
    struct gc_check_options o;
    gc_check_options_default(&o);
    o.n_points = 1500;
    o.seed = 42;
    ck_assert_int_eq(gc_check_run(act("gelu"), "builtin", GC_PREC_F32, &o, &a), GC_OK);
    ck_assert_int_eq(gc_check_run(act("gelu"), "builtin", GC_PREC_F32, &o, &b), GC_OK);
    ck_assert_uint_eq(a.points, b.points);
    ck_assert_double_eq(a.max_ulp_error, b.max_ulp_error);
    ck_assert_double_eq(a.worst.x, b.worst.x);
    gc_result_free(&a);
    gc_result_free(&b);
}
END_TEST

START_TEST(test_check_missing_precision_is_skipped)
{
    struct gc_activation only64 = *act("sigmoid");
    struct gc_result r;
    only64.f32 = NULL;
    only64.df32 = NULL;
    ck_assert_int_eq(gc_check_run(&only64, "test", GC_PREC_F32, NULL, &r), GC_OK);
    ck_assert(r.skipped);
    ck_assert_uint_eq(r.points, 0);
    gc_result_free(&r);
}
END_TEST

START_TEST(test_check_fe_names)
{
    char buf[64];
    ck_assert_str_eq(gc_fe_names(FE_OVERFLOW | FE_INVALID, buf, sizeof buf),
                     "overflow,invalid");
    ck_assert_str_eq(gc_fe_names(0, buf, sizeof buf), "");
}
END_TEST

Suite *gc_test_suite(void)
{
    Suite *s = suite_create("verify");
    TCase *tc = tcase_create("engine");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_check_square_f32_overflow_begins_exactly_at_2p64);
    tcase_add_test(tc, test_check_square_f16_overflow_begins_at_256);
    tcase_add_test(tc, test_check_exp_f32_overflow_from_first_float_above_log_flt_max);
    tcase_add_test(tc, test_check_relu_at_kink_is_kink_and_neighbours_ok);
    tcase_add_test(tc, test_check_reference_resolves_tanh_tail_in_float64);
    tcase_add_test(tc, test_check_reference_within_2ulp_f64_of_binary128_closed_forms);
    tcase_add_test(tc, test_check_square_run_verdict_warn_with_inherent_overflow);
    tcase_add_test(tc, test_check_same_seed_same_result);
    tcase_add_test(tc, test_check_exhaustive_sweep_stops_with_exact_prefix);
    tcase_add_test(tc, test_check_dfref_tiny_x_within_4ulp_ld_of_binary128);
    tcase_add_test(tc, test_check_missing_precision_is_skipped);
    tcase_add_test(tc, test_check_fe_names);
    suite_add_tcase(s, tc);
    return s;
}
