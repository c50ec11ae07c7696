/* check_compare.c - the tolerance model and per-point classes. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <float.h>
#include "gc_test.h"
#include "compare.h"

static const struct gc_tolerance tol8 = { 8.0, 4.0, 8.0 };

/* A point with an exact reference and no curvature or secant terms. */
static struct gc_point_in plain(long double x, long double d, long double r)
{
    struct gc_point_in in;
    memset(&in, 0, sizeof in);
    in.x = x;
    in.f_decl = in.f_ref = 1;
    in.df_decl = d;
    in.df_ref = r;
    in.df_err = 0;
    in.left = in.right = NAN;
    return in;
}

static gc_class classify(gc_precision p, struct gc_point_in in,
                         struct gc_point_out *out)
{
    return gc_compare_point(p, &tol8, &in, out);
}

START_TEST(test_compare_eight_ulps_pass_nine_fail_f32)
{
    struct gc_point_out o;
    const long double u = 0x1p-23L; /* ULP of float32 in [1, 2) */
    ck_assert_int_eq(classify(GC_PREC_F32, plain(1, 1.5L + 8 * u, 1.5L), &o), GC_CLASS_OK);
    ck_assert_double_eq(o.ulp_error, 8.0);
    ck_assert_double_eq(o.tol_ulps, 8.0);
    ck_assert_int_eq(classify(GC_PREC_F32, plain(1, 1.5L + 9 * u, 1.5L), &o), GC_CLASS_MISMATCH);
    ck_assert_double_eq(o.ulp_error, 9.0);
    /* Just below a power of two the ULP halves: 8 ULPs of [0.5, 1). */
    ck_assert_int_eq(classify(GC_PREC_F32, plain(1, 1.0L - 0x1p-24L - 9 * 0x1p-24L,
                                                 1.0L - 0x1p-24L), &o), GC_CLASS_MISMATCH);
}
END_TEST

START_TEST(test_compare_relative_errors_of_mutants_are_flagged)
{
    struct gc_point_out o;
    struct gc_point_in in = plain(1.25L, 0.25L * (1 + 1e-4L), 0.25L);
    in.secant = 0.5L; /* a generous scale term */
    in.d2 = 1;
    ck_assert_int_eq(classify(GC_PREC_F32, in, &o), GC_CLASS_MISMATCH);
    /* 1e-4 * 0.25 / 2^-25 = 838.86 ULPs of float32. */
    ck_assert(o.ulp_error > 838.8 && o.ulp_error < 838.9);
    in = plain(1.25L, 0.25L * (1 + 1e-9L), 0.25L);
    in.secant = 0.5L;
    in.d2 = 1;
    ck_assert_int_eq(classify(GC_PREC_F64, in, &o), GC_CLASS_MISMATCH);
    /* The same 1e-9 is far inside float32's tolerance. */
    ck_assert_int_eq(classify(GC_PREC_F32, in, &o), GC_CLASS_OK);
}
END_TEST

START_TEST(test_compare_backward_term_is_fpp_times_ulp_of_x)
{
    struct gc_point_out o;
    /* x = 2^20 in float32 has ULP 2^-3; |f''| = 2 and 4 backward ULPs
     * allow 4 * 2 * 2^-3 = 1 on top of 8 ULPs of the reference (2^21). */
    struct gc_point_in in = plain(0x1p20L, 0x1p21L + 1, 0x1p21L);
    in.d2 = 2;
    ck_assert_int_eq(classify(GC_PREC_F32, in, &o), GC_CLASS_OK);
    long double tol = gc_tolerance_abs(GC_PREC_F32, &tol8, &in);
    ck_assert_ldouble_eq(tol, 8 * 0.25L + 1);
    in.df_decl = 0x1p21L + 3.25L;
    ck_assert_int_eq(classify(GC_PREC_F32, in, &o), GC_CLASS_MISMATCH);
}
END_TEST

START_TEST(test_compare_secant_term_covers_cancellation)
{
    struct gc_point_out o;
    /* Near a zero of f' (silu' at -1.278) the reference is tiny but terms
     * of size S = 0.22 cancel: 8 * 2^-23 * 0.22 = 2.1e-7 absolute. */
    struct gc_point_in in = plain(-1.278L, 1e-7L, 1e-9L);
    in.secant = 0.22L;
    ck_assert_int_eq(classify(GC_PREC_F32, in, &o), GC_CLASS_OK);
    in.df_decl = 3e-7L;
    ck_assert_int_eq(classify(GC_PREC_F32, in, &o), GC_CLASS_MISMATCH);
}
END_TEST

START_TEST(test_compare_nan_on_both_sides_is_agreement)
{
    struct gc_point_out o;
    struct gc_point_in in = plain(NAN, NAN, NAN);
    in.f_decl = in.f_ref = NAN;
    ck_assert_int_eq(classify(GC_PREC_F32, in, &o), GC_CLASS_OK);
    in = plain(INFINITY, NAN, NAN);   /* sin'(inf): no limit, NaN declared */
    ck_assert_int_eq(classify(GC_PREC_F64, in, &o), GC_CLASS_OK);
}
END_TEST

START_TEST(test_compare_nan_input_must_propagate)
{
    struct gc_point_out o;
    struct gc_point_in in = plain(NAN, NAN, NAN);
    in.f_decl = 0;      /* fmaxf(NaN, 0) == 0: the NaN was swallowed */
    ck_assert_int_eq(classify(GC_PREC_F32, in, &o), GC_CLASS_MISMATCH);
    ck_assert_int_eq(o.function, GC_FN_F);
}
END_TEST

START_TEST(test_compare_nan_output_with_finite_reference)
{
    struct gc_point_out o;
    struct gc_point_in in = plain(100, NAN, 0);
    ck_assert_int_eq(classify(GC_PREC_F32, in, &o), GC_CLASS_NAN);
    ck_assert_int_eq(o.function, GC_FN_DF);
    in = plain(100, 0, 0);
    in.f_decl = NAN;
    ck_assert_int_eq(classify(GC_PREC_F32, in, &o), GC_CLASS_NAN);
    ck_assert_int_eq(o.function, GC_FN_F);
}
END_TEST

START_TEST(test_compare_overflow_inherent_exactly_at_rounding_threshold)
{
    struct gc_point_out o;
    /* float32 rounds to inf from FLT_MAX + ULP/2 = 2^128 - 2^103 (a tie,
     * and FLT_MAX's significand is odd, so the tie goes up). */
    struct gc_point_in in = plain(0x1p64L, 2, 2);
    in.f_decl = INFINITY;
    in.f_ref = 0x1p128L - 0x1p103L;
    ck_assert_int_eq(classify(GC_PREC_F32, in, &o), GC_CLASS_OVERFLOW);
    ck_assert(o.inherent);
    ck_assert_int_eq(o.function, GC_FN_F);
    in.f_ref = 0x1p128L - 0x1p103L - 0x1p70L;  /* exact in long double */
    ck_assert_int_eq(classify(GC_PREC_F32, in, &o), GC_CLASS_OVERFLOW);
    ck_assert(!o.inherent);
    ck_assert(gc_class_fails(GC_CLASS_OVERFLOW, false));
    ck_assert(!gc_class_fails(GC_CLASS_OVERFLOW, true));
    /* float16: 65520 = 65504 + 16 is the threshold. */
    in.f_ref = 65520;
    ck_assert_int_eq(classify(GC_PREC_F16, in, &o), GC_CLASS_OVERFLOW);
    ck_assert(o.inherent);
    in.f_ref = 65519.99L;
    ck_assert_int_eq(classify(GC_PREC_F16, in, &o), GC_CLASS_OVERFLOW);
    ck_assert(!o.inherent);
}
END_TEST

START_TEST(test_compare_infinite_input_with_infinite_output_is_no_overflow)
{
    struct gc_point_out o;
    struct gc_point_in in = plain(INFINITY, INFINITY, INFINITY);
    in.f_decl = in.f_ref = INFINITY;
    ck_assert_int_eq(classify(GC_PREC_F32, in, &o), GC_CLASS_OK);
}
END_TEST

START_TEST(test_compare_gradient_underflow_only_when_truth_is_normal)
{
    struct gc_point_out o;
    ck_assert_int_eq(classify(GC_PREC_F32, plain(20, 0, 1e-30L), &o),
                     GC_CLASS_GRADIENT_UNDERFLOW);
    /* Subnormal declared value, normal truth. */
    ck_assert_int_eq(classify(GC_PREC_F32, plain(20, 0x1p-130L, 0x1p-125L), &o),
                     GC_CLASS_GRADIENT_UNDERFLOW);
    /* Truth subnormal too: an ordinary mismatch. */
    ck_assert_int_eq(classify(GC_PREC_F32, plain(20, 0, 1e-40L), &o), GC_CLASS_MISMATCH);
    /* Truth below the smallest subnormal: 0 is right. */
    ck_assert_int_eq(classify(GC_PREC_F32, plain(20, 0, 1e-50L), &o), GC_CLASS_OK);
    /* float64 keeps 1e-30 as a normal number: 0 there is underflow. */
    ck_assert_int_eq(classify(GC_PREC_F64, plain(20, 0, 1e-300L), &o),
                     GC_CLASS_GRADIENT_UNDERFLOW);
}
END_TEST

START_TEST(test_compare_declared_kink_value_between_sides)
{
    struct gc_point_out o;
    struct gc_point_in in = plain(0, 0, 0.5L);
    in.at_kink = in.sides_known = true;
    in.left = 0;
    in.right = 1;
    ck_assert_int_eq(classify(GC_PREC_F32, in, &o), GC_CLASS_KINK);
    in.df_decl = 0.5L;
    ck_assert_int_eq(classify(GC_PREC_F32, in, &o), GC_CLASS_KINK);
    in.df_decl = 1;
    ck_assert_int_eq(classify(GC_PREC_F32, in, &o), GC_CLASS_KINK);
    in.df_decl = 1.5L;
    ck_assert_int_eq(classify(GC_PREC_F32, in, &o), GC_CLASS_MISMATCH);
    in.df_decl = -1e-3L;
    ck_assert_int_eq(classify(GC_PREC_F32, in, &o), GC_CLASS_MISMATCH);
}
END_TEST

START_TEST(test_compare_sides_disagreeing_without_declared_kink)
{
    struct gc_point_out o;
    struct gc_point_in in = plain(0, 0, 0.5L);
    in.df_err = 0.5L;
    in.sides_known = true;
    in.left = 0;
    in.left_err = 1e-20L;
    in.right = 1;
    in.right_err = 1e-20L;
    ck_assert_int_eq(classify(GC_PREC_F32, in, &o), GC_CLASS_UNDECLARED_KINK);
    in.right = 5e-21L;  /* the sides agree within their error bars */
    ck_assert_int_ne(classify(GC_PREC_F32, in, &o), GC_CLASS_UNDECLARED_KINK);
}
END_TEST

START_TEST(test_compare_coarse_reference_is_fd_unreliable_not_mismatch)
{
    struct gc_point_out o;
    struct gc_point_in in = plain(30, 1 + 1e-6L, 1);
    in.df_err = 1e-5L;
    ck_assert_int_eq(classify(GC_PREC_F32, in, &o), GC_CLASS_FD_UNRELIABLE);
    in.df_decl = 1.001L;   /* wrong beyond any doubt of the reference */
    ck_assert_int_eq(classify(GC_PREC_F32, in, &o), GC_CLASS_MISMATCH);
}
END_TEST

START_TEST(test_compare_class_names_round_trip)
{
    for (int c = 0; c < GC_N_CLASSES; c++) {
        gc_class back;
        ck_assert_int_eq(gc_class_parse(gc_class_name((gc_class)c), &back), GC_OK);
        ck_assert_int_eq(back, c);
    }
    gc_class x;
    ck_assert_int_eq(gc_class_parse("Mismatch", &x), GC_INVAL);
    ck_assert_str_eq(gc_class_name(GC_CLASS_GRADIENT_UNDERFLOW), "gradient_underflow");
    ck_assert_str_eq(gc_class_name((gc_class)99), "?");
}
END_TEST

START_TEST(test_compare_default_tolerances)
{
    struct gc_tolerance t;
    gc_tolerance_default(GC_PREC_F32, &t);
    ck_assert_double_eq(t.ulps, 8.0);
    gc_tolerance_default(GC_PREC_F16, &t);
    ck_assert_double_eq(t.ulps, 1.0);
}
END_TEST

Suite *gc_test_suite(void)
{
    Suite *s = suite_create("compare");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_compare_eight_ulps_pass_nine_fail_f32);
    tcase_add_test(tc, test_compare_relative_errors_of_mutants_are_flagged);
    tcase_add_test(tc, test_compare_backward_term_is_fpp_times_ulp_of_x);
    tcase_add_test(tc, test_compare_secant_term_covers_cancellation);
    tcase_add_test(tc, test_compare_nan_on_both_sides_is_agreement);
    tcase_add_test(tc, test_compare_nan_input_must_propagate);
    tcase_add_test(tc, test_compare_nan_output_with_finite_reference);
    tcase_add_test(tc, test_compare_overflow_inherent_exactly_at_rounding_threshold);
    tcase_add_test(tc, test_compare_infinite_input_with_infinite_output_is_no_overflow);
    tcase_add_test(tc, test_compare_gradient_underflow_only_when_truth_is_normal);
    tcase_add_test(tc, test_compare_declared_kink_value_between_sides);
    tcase_add_test(tc, test_compare_sides_disagreeing_without_declared_kink);
    tcase_add_test(tc, test_compare_coarse_reference_is_fd_unreliable_not_mismatch);
    tcase_add_test(tc, test_compare_class_names_round_trip);
    tcase_add_test(tc, test_compare_default_tolerances);
    suite_add_tcase(s, tc);
    return s;
}
