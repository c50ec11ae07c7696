/* check_report.c - the text and JSON writers on a fixed result set: the
 * JSON parses back with every number bit-exact, non-finite numbers are
 * strings, and the text names verdicts and exact boundaries. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <float.h>
#include <stdlib.h>
#include <jansson.h>
#include "gc_test.h"
#include "report.h"

static const struct gc_activation fake = { .name = "square", .summary = "x^2" };

/* Regions and flags as gc_check_run leaves them: the flags of each
 * region in order. */
static struct gc_region regions[2] = {
    { .cls = GC_CLASS_MISMATCH, .function = GC_FN_DF, .lo = 2.385, .hi = 2.385,
      .count = 1 },
    { .cls = GC_CLASS_OVERFLOW, .function = GC_FN_F, .inherent = true,
      .lo = 0x1p64, .hi = INFINITY, .count = 1 },
};

static struct gc_flag flags[2] = {
    { .x = 2.385, .cls = GC_CLASS_MISMATCH, .function = GC_FN_DF,
      .declared = 2.385, .reference = 4.77L, .ref_err = 1e-20L,
      .left = NAN, .right = NAN, .fd_same = NAN, .ulp_error = 4.0e6, .tol_ulps = 8.5 },
    { .x = 0x1p64, .cls = GC_CLASS_OVERFLOW, .function = GC_FN_F, .inherent = true,
      .f_decl = INFINITY, .f_ref = 0x1p128L, .declared = 0x1p65, .reference = 0x1p65,
      .left = NAN, .right = NAN, .fd_same = NAN },
};

static struct gc_result make_result(gc_precision p)
{
    struct gc_result r;
    memset(&r, 0, sizeof r);
    r.act = &fake;
    r.source = "builtin";
    r.prec = p;
    r.points = 12345;
    r.mismatches = 1;
    r.max_ulp_error = 0.5;
    r.max_rel_error = 5.9604644775390625e-08;
    r.has_worst = true;
    r.worst = flags[0];
    r.worst.x = FLT_MAX;
    r.regions = regions;
    r.n_regions = 2;
    r.flags = flags;
    r.n_flags = 2;
    r.verdict = GC_VERDICT_FAIL;
    gc_tolerance_default(p, &r.tol);
    return r;
}

static char *render(gc_status (*fn)(FILE *, const struct gc_result *, size_t),
                    const struct gc_result *r, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fn(f, r, n), GC_OK);
    fclose(f);
    return buf;
}

static gc_status text_all(FILE *f, const struct gc_result *r, size_t n)
{
    return gc_report_text(f, r, n, 0);
}

START_TEST(test_report_json_parses_back_bit_exact)
{
    struct gc_result r[2] = { make_result(GC_PREC_F32), make_result(GC_PREC_F64) };
    char *s = render(gc_report_json, r, 2);
    json_error_t err;
    json_t *root = json_loads(s, 0, &err);
    ck_assert_msg(root != NULL, "JSON does not parse: %s (line %d)", err.text, err.line);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(root, "gradcheck"),
                                                       "version")), PACKAGE_VERSION);
    json_t *res = json_object_get(root, "results");
    ck_assert_uint_eq(json_array_size(res), 2);
    json_t *r0 = json_array_get(res, 0);
    ck_assert_str_eq(json_string_value(json_object_get(r0, "activation")), "square");
    ck_assert_str_eq(json_string_value(json_object_get(r0, "precision")), "float32");
    ck_assert_str_eq(json_string_value(json_object_get(r0, "verdict")), "fail");
    ck_assert_int_eq(json_integer_value(json_object_get(r0, "points")), 12345);
    ck_assert_int_eq(json_integer_value(json_object_get(r0, "mismatches")), 1);
    /* Bit-exact numbers. */
    ck_assert(json_real_value(json_object_get(r0, "max_rel_error")) == 5.9604644775390625e-08);
    json_t *worst = json_object_get(r0, "worst");
    ck_assert(json_real_value(json_object_get(worst, "x")) == (double)FLT_MAX);
    ck_assert_str_eq(json_string_value(json_object_get(worst, "x_hex")), "0x1.fffffep+127");
    json_t *reg = json_array_get(json_object_get(r0, "regions"), 1);
    ck_assert_str_eq(json_string_value(json_object_get(reg, "kind")), "overflow");
    ck_assert_str_eq(json_string_value(json_object_get(reg, "function")), "f");
    ck_assert(json_is_true(json_object_get(reg, "inherent")));
    ck_assert(json_real_value(json_object_get(reg, "lo")) == 0x1p64);
    ck_assert_str_eq(json_string_value(json_object_get(reg, "hi")), "inf");
    json_t *fl = json_array_get(json_object_get(r0, "flags"), 0);
    ck_assert(json_real_value(json_object_get(fl, "x")) == 2.385);
    ck_assert(json_real_value(json_object_get(fl, "reference")) == (double)4.77L);
    json_decref(root);
    free(s);
}
END_TEST

START_TEST(test_report_text_names_verdict_and_exact_boundary)
{
    struct gc_result r = make_result(GC_PREC_F32);
    char *s = render(text_all, &r, 1);
    ck_assert_msg(strstr(s, "square") && strstr(s, "float32") && strstr(s, "fail"), "%s", s);
    /* The boundary in round-trip decimal and hex. */
    ck_assert_msg(strstr(s, "1.84467441e+19 (0x1p+64)") != NULL, "%s", s);
    ck_assert_msg(strstr(s, "inherent") != NULL, "%s", s);
    /* The flagged point, with its ULP error and tolerance. */
    ck_assert_msg(strstr(s, "x = 2.385 (0x1.3147ae147ae14p+1)") != NULL, "%s", s);
    ck_assert_msg(strstr(s, "4e+06 ULP, tolerance 8.50 ULP") != NULL, "%s", s);
    free(s);
}
END_TEST

START_TEST(test_report_fmt_value_round_trips)
{
    char buf[64];
    ck_assert_str_eq(gc_fmt_value(GC_PREC_F32, 0.1f, buf, sizeof buf), "0.100000001");
    ck_assert(strtof(buf, NULL) == 0.1f);
    ck_assert_str_eq(gc_fmt_value(GC_PREC_F64, 0.1, buf, sizeof buf), "0.10000000000000001");
    ck_assert_str_eq(gc_fmt_value(GC_PREC_F16, 65504, buf, sizeof buf), "65504");
    ck_assert_str_eq(gc_fmt_value(GC_PREC_F32, -INFINITY, buf, sizeof buf), "-inf");
    ck_assert_str_eq(gc_fmt_value(GC_PREC_F32, NAN, buf, sizeof buf), "nan");
    ck_assert_str_eq(gc_fmt_value(GC_PREC_F32, -0.0, buf, sizeof buf), "-0");
    ck_assert_str_eq(gc_fmt_hex(0x1p-149, buf, sizeof buf), "0x1p-149");
}
END_TEST

Suite *gc_test_suite(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("writers");
    tcase_add_test(tc, test_report_json_parses_back_bit_exact);
    tcase_add_test(tc, test_report_text_names_verdict_and_exact_boundary);
    tcase_add_test(tc, test_report_fmt_value_round_trips);
    suite_add_tcase(s, tc);
    return s;
}
