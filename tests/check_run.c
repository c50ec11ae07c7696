/* check_run.c - the public run API (include/gradcheck.h, src/lib/run.c),
 * used only through the installed header as a program would: real
 * outcomes of a built-in, of a right and of a wrong gradient, in process
 * and in a child, crashes, expected failures, the writers by name, the
 * refusals, and GSL's error handler put back.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_errno.h>
#include "gc_test.h"

/* A correct softsign, x / (1 + |x|), and a wrong gradient of x^2 (df = x
 * instead of 2x); both only in float32 and float64 arithmetic. */
static float ss_f32(float x) { return x / (1.0f + fabsf(x)); }
static float ss_df32(float x) { float d = 1.0f + fabsf(x); return 1.0f / (d * d); }
static double ss_f64(double x) { return x / (1.0 + fabs(x)); }
static double ss_df64(double x) { double d = 1.0 + fabs(x); return 1.0 / (d * d); }
static long double ss_ref(long double x) { return x / (1.0L + fabsl(x)); }

static float sq_f32(float x) { return x * x; }
static float sq_bad_df32(float x) { return x; }
static double sq_f64(double x) { return x * x; }
static double sq_bad_df64(double x) { return x; }

static float crash_df32(float x)
{
    if (x > 1.0f)
        raise(SIGSEGV);
    return 2.0f * x;
}

static const struct gc_activation softsign = {
    .name = "my_softsign", .summary = "x / (1 + |x|)", .f32 = ss_f32, .df32 = ss_df32,
    .f64 = ss_f64, .df64 = ss_df64, .fref = ss_ref,
};
static const struct gc_activation wrong = {
    .name = "wrong_square", .summary = "x^2 with df = x", .f32 = sq_f32, .df32 = sq_bad_df32,
    .f64 = sq_f64, .df64 = sq_bad_df64,
};
static const struct gc_activation only64 = {
    .name = "only64", .summary = "float64 only", .f64 = ss_f64, .df64 = ss_df64,
};
static const struct gc_activation crasher = {
    .name = "crasher", .summary = "segfaults in df32 above 1", .f32 = sq_f32,
    .df32 = crash_df32,
};

static struct gc_run *run_of(const struct gc_activation *const *acts, size_t n,
                             const struct gc_run_options *o)
{
    struct gc_run *run = NULL;
    ck_assert_int_eq(gc_run_check(acts, n, o, &run), GC_OK);
    ck_assert_ptr_nonnull(run);
    return run;
}

static struct gc_run_summary summary(const struct gc_run *run, size_t i)
{
    struct gc_run_summary s;
    ck_assert_int_eq(gc_run_summary_get(run, i, &s), GC_OK);
    return s;
}

static struct gc_run_options fast(gc_isolation iso)
{
    struct gc_run_options o;
    gc_run_options_default(&o);
    o.points = 2000;
    o.isolation = iso;
    return o;
}

START_TEST(test_run_defaults)
{
    struct gc_run_options o;
    memset(&o, 0xff, sizeof o);
    gc_run_options_default(&o);
    ck_assert_uint_eq(o.points, 10000);
    ck_assert_uint_eq(o.seed, 1);
    ck_assert(!o.precisions[GC_PREC_F16] && !o.precisions[GC_PREC_BF16]);
    ck_assert(o.precisions[GC_PREC_F32] && o.precisions[GC_PREC_F64]);
    ck_assert(o.timeout_s == 60);
    ck_assert_int_eq(o.isolation, GC_ISOLATE_CHILD);
    ck_assert(o.depth_warning);
    ck_assert_ptr_null(o.expect_fail);
    ck_assert_str_eq(gc_outcome_name(GC_OUTCOME_SKIPPED), "skipped");
    ck_assert_str_eq(gc_outcome_name((gc_outcome)99), "?");
}
END_TEST

/* square is exact in float32 (2x is one multiplication by 2), so its
 * largest error is 0 ULP; it overflows where x^2 does, hence warn. */
START_TEST(test_run_builtin_square_float32_warns_with_zero_ulp)
{
    struct gc_run_options o = fast(GC_ISOLATE_NONE);
    const struct gc_activation *acts[1] = { gc_builtin_find("square") };
    ck_assert_ptr_nonnull(acts[0]);
    o.precisions[GC_PREC_F64] = false;
    struct gc_run *run = run_of(acts, 1, &o);
    ck_assert_uint_eq(gc_run_count(run), 1);
    struct gc_run_summary s = summary(run, 0);
    ck_assert_str_eq(s.activation, "square");
    ck_assert_int_eq(s.precision, GC_PREC_F32);
    ck_assert_int_eq(s.outcome, GC_OUTCOME_WARN);
    ck_assert(s.max_ulp_error == 0);
    ck_assert_uint_eq(s.mismatches, 0);
    ck_assert_uint_ge(s.points, 1000);   /* "about" 2000: duplicates merge */
    ck_assert_uint_le(s.points, 4000);
    ck_assert_uint_gt(s.n_regions, 0);
    ck_assert(!s.expected_fail);
    gc_run_free(run);
}
END_TEST

START_TEST(test_run_wrong_gradient_fails_right_one_passes)
{
    struct gc_run_options o = fast(GC_ISOLATE_NONE);
    const struct gc_activation *acts[2] = { &softsign, &wrong };
    struct gc_run *run = run_of(acts, 2, &o);
    ck_assert_uint_eq(gc_run_count(run), 4);   /* activation-major */
    for (size_t i = 0; i < 2; i++) {
        struct gc_run_summary s = summary(run, i);
        ck_assert_str_eq(s.activation, "my_softsign");
        ck_assert_int_eq(s.precision, i == 0 ? GC_PREC_F32 : GC_PREC_F64);
        ck_assert_msg(s.outcome == GC_OUTCOME_PASS || s.outcome == GC_OUTCOME_WARN,
                      "softsign %s: %s", gc_fp_format(s.precision)->name,
                      gc_outcome_name(s.outcome));
        ck_assert_uint_eq(s.mismatches, 0);
        ck_assert(s.max_ulp_error <= s.tol_ulps);
    }
    for (size_t i = 2; i < 4; i++) {
        struct gc_run_summary s = summary(run, i);
        ck_assert_str_eq(s.activation, "wrong_square");
        ck_assert_int_eq(s.outcome, GC_OUTCOME_FAIL);
        ck_assert_uint_gt(s.mismatches, 0);
        ck_assert(isfinite(s.worst_x));
        ck_assert(s.max_ulp_error > s.tol_ulps);
        ck_assert_uint_gt(s.n_regions, 0);
    }
    gc_run_free(run);
}
END_TEST

/* The same check in a child gives the same numbers. */
START_TEST(test_run_child_matches_in_process)
{
    struct gc_run_options a = fast(GC_ISOLATE_NONE), b = fast(GC_ISOLATE_CHILD);
    const struct gc_activation *acts[1] = { &wrong };
    struct gc_run *ra = run_of(acts, 1, &a), *rb = run_of(acts, 1, &b);
    ck_assert_uint_eq(gc_run_count(ra), gc_run_count(rb));
    for (size_t i = 0; i < gc_run_count(ra); i++) {
        struct gc_run_summary x = summary(ra, i), y = summary(rb, i);
        ck_assert_int_eq(x.outcome, y.outcome);
        ck_assert_uint_eq(x.points, y.points);
        ck_assert_uint_eq(x.mismatches, y.mismatches);
        ck_assert(x.max_ulp_error == y.max_ulp_error);
        ck_assert(x.worst_x == y.worst_x);
        ck_assert_uint_eq(x.n_regions, y.n_regions);
    }
    gc_run_free(ra);
    gc_run_free(rb);
}
END_TEST

START_TEST(test_run_crash_in_child_is_an_outcome)
{
    struct gc_run_options o = fast(GC_ISOLATE_CHILD);
    const struct gc_activation *acts[2] = { &crasher, &softsign };
    o.precisions[GC_PREC_F64] = false;
    o.timeout_s = 20;
    struct gc_run *run = run_of(acts, 2, &o);
    ck_assert_uint_eq(gc_run_count(run), 2);
    ck_assert_int_eq(summary(run, 0).outcome, GC_OUTCOME_CRASH);
    ck_assert_int_ne(summary(run, 1).outcome, GC_OUTCOME_CRASH);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(gc_run_write(run, "tap", f), GC_OK);
    fclose(f);
    ck_assert_msg(strstr(buf, "\nnot ok 1 - crasher float32: crash\n") != NULL, "%s", buf);
    ck_assert_msg(strstr(buf, "  function: \"df32\"\n") != NULL, "%s", buf);
    free(buf);
    gc_run_free(run);
}
END_TEST

START_TEST(test_run_skipped_precision)
{
    struct gc_run_options o = fast(GC_ISOLATE_NONE);
    const struct gc_activation *acts[1] = { &only64 };
    struct gc_run *run = run_of(acts, 1, &o);
    ck_assert_uint_eq(gc_run_count(run), 2);
    ck_assert_int_eq(summary(run, 0).outcome, GC_OUTCOME_SKIPPED);
    ck_assert_int_ne(summary(run, 1).outcome, GC_OUTCOME_SKIPPED);
    gc_run_free(run);
}
END_TEST

START_TEST(test_run_expected_failure_is_todo_in_tap)
{
    static const char *const xfail[1] = { "wrong_square" };
    struct gc_run_options o = fast(GC_ISOLATE_NONE);
    const struct gc_activation *acts[2] = { &softsign, &wrong };
    o.precisions[GC_PREC_F64] = false;
    o.expect_fail = xfail;
    o.n_expect_fail = 1;
    struct gc_run *run = run_of(acts, 2, &o);
    ck_assert(!summary(run, 0).expected_fail);
    ck_assert(summary(run, 1).expected_fail);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(gc_run_write(run, "tap", f), GC_OK);
    fclose(f);
    ck_assert_msg(strstr(buf, "\nnot ok 2 - wrong_square float32: fail, ") != NULL, "%s", buf);
    ck_assert_msg(strstr(buf, " # TODO expected failure\n") != NULL, "%s", buf);
    ck_assert_msg(strstr(buf, "\nok 1 - my_softsign float32") != NULL, "%s", buf);
    free(buf);
    gc_run_free(run);
}
END_TEST

START_TEST(test_run_writes_every_format_by_name)
{
    static const char *const formats[] = { "text", "json", "csv", "markdown", "tap" };
    struct gc_run_options o = fast(GC_ISOLATE_NONE);
    const struct gc_activation *acts[1] = { &wrong };
    struct gc_run *run = run_of(acts, 1, &o);
    for (size_t k = 0; k < sizeof formats / sizeof *formats; k++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(gc_run_write(run, formats[k], f), GC_OK);
        fclose(f);
        ck_assert_msg(strstr(buf, "wrong_square") != NULL, "%s: %s", formats[k], buf);
        free(buf);
    }
    ck_assert_int_eq(gc_run_write(run, "yaml", stdout), GC_INVAL);
    ck_assert_int_eq(gc_run_write(run, NULL, stdout), GC_INVAL);
    ck_assert_int_eq(gc_run_write(run, "tap", NULL), GC_INVAL);
    ck_assert_int_eq(gc_run_write(NULL, "tap", stdout), GC_INVAL);
    struct gc_run_summary s;
    ck_assert_int_eq(gc_run_summary_get(run, 2, &s), GC_INVAL);
    ck_assert_int_eq(gc_run_summary_get(NULL, 0, &s), GC_INVAL);
    ck_assert_uint_eq(gc_run_count(NULL), 0);
    gc_run_free(run);
    gc_run_free(NULL);
}
END_TEST

START_TEST(test_run_refuses_bad_input)
{
    static const char *const typo[1] = { "wrong_sqare" };
    static const struct gc_activation badname = {
        .name = "Bad-Name", .f32 = sq_f32, .df32 = sq_bad_df32,
    };
    const struct gc_activation *acts[1] = { &wrong }, *bad[1] = { &badname },
                               *none[1] = { NULL };
    struct gc_run *run = (struct gc_run *)&run;   /* must be reset to NULL */
    struct gc_run_options o = fast(GC_ISOLATE_NONE);
    ck_assert_int_eq(gc_run_check(acts, 0, &o, &run), GC_INVAL);
    ck_assert_ptr_null(run);
    ck_assert_int_eq(gc_run_check(NULL, 1, &o, &run), GC_INVAL);
    ck_assert_int_eq(gc_run_check(acts, 1, &o, NULL), GC_INVAL);
    ck_assert_int_eq(gc_run_check(bad, 1, &o, &run), GC_INVAL);
    ck_assert_int_eq(gc_run_check(none, 1, &o, &run), GC_INVAL);
    o.expect_fail = typo;
    o.n_expect_fail = 1;
    ck_assert_int_eq(gc_run_check(acts, 1, &o, &run), GC_INVAL);
    o = fast(GC_ISOLATE_NONE);
    o.precisions[GC_PREC_F32] = o.precisions[GC_PREC_F64] = false;
    ck_assert_int_eq(gc_run_check(acts, 1, &o, &run), GC_INVAL);
    o = fast(GC_ISOLATE_NONE);
    o.points = 99;
    ck_assert_int_eq(gc_run_check(acts, 1, &o, &run), GC_INVAL);
    o = fast(GC_ISOLATE_CHILD);
    o.timeout_s = 0;
    ck_assert_int_eq(gc_run_check(acts, 1, &o, &run), GC_INVAL);
    o = fast(GC_ISOLATE_NONE);
    o.isolation = (gc_isolation)7;
    ck_assert_int_eq(gc_run_check(acts, 1, &o, &run), GC_INVAL);
    ck_assert_ptr_null(run);
}
END_TEST

static void host_handler(const char *reason, const char *file, int line, int err)
{
    (void)reason, (void)file, (void)line, (void)err;
}

/* The run turns GSL's aborting handler off, and puts the host's back. */
START_TEST(test_run_restores_the_gsl_error_handler)
{
    struct gc_run_options o = fast(GC_ISOLATE_NONE);
    const struct gc_activation *acts[1] = { gc_builtin_find("tanh") };
    gsl_error_handler_t *before = gsl_set_error_handler(host_handler);
    struct gc_run *run = run_of(acts, 1, &o);
    ck_assert(gsl_set_error_handler(before) == host_handler);
    gc_run_free(run);
}
END_TEST

Suite *gc_test_suite(void)
{
    Suite *s = suite_create("run");
    TCase *tc = tcase_create("api");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_run_defaults);
    tcase_add_test(tc, test_run_builtin_square_float32_warns_with_zero_ulp);
    tcase_add_test(tc, test_run_wrong_gradient_fails_right_one_passes);
    tcase_add_test(tc, test_run_child_matches_in_process);
    tcase_add_test(tc, test_run_crash_in_child_is_an_outcome);
    tcase_add_test(tc, test_run_skipped_precision);
    tcase_add_test(tc, test_run_expected_failure_is_todo_in_tap);
    tcase_add_test(tc, test_run_writes_every_format_by_name);
    tcase_add_test(tc, test_run_refuses_bad_input);
    tcase_add_test(tc, test_run_restores_the_gsl_error_handler);
    suite_add_tcase(s, tc);
    return s;
}
