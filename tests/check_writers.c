/* check_writers.c - every writer (text, JSON, CSV, per-point CSV,
 * Markdown, TAP, the gnuplot scripts) rendered from one fixed, hand-built
 * result set and compared byte for byte with tests/golden/; the JSON and
 * CSV are also read back and checked bit-exact.
 *
 * After an intended change of a format, regenerate the golden files with
 *     GC_UPDATE_GOLDEN=1 GC_SRCDIR=. tests/check_writers
 * and review the diff.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <jansson.h>
#include "gc_test.h"
#include "report.h"
#include "plot.h"

static const double kinks[1] = { 0 };
static const struct gc_activation fake = { .name = "leaky_sq", .summary = "x^2, a test",
                                           .kinks = kinks, .n_kinks = 1 };

static struct gc_region regions[3] = {
    { .cls = GC_CLASS_MISMATCH, .function = GC_FN_DF, .lo = 2.385, .hi = 2.385, .count = 1 },
    { .cls = GC_CLASS_KINK, .function = GC_FN_DF, .lo = 0, .hi = 0, .count = 1 },
    { .cls = GC_CLASS_OVERFLOW, .function = GC_FN_F, .inherent = true,
      .lo = 0x1p64, .hi = INFINITY, .count = 3, .fe = 0 },
};

static struct gc_flag flags[3] = {
    { .x = 0, .cls = GC_CLASS_KINK, .function = GC_FN_DF, .at_kink = true,
      .declared = 0, .reference = 0, .left = -0.01L, .right = 0, .fd_same = NAN },
    { .x = 2.385, .cls = GC_CLASS_MISMATCH, .function = GC_FN_DF,
      .f_decl = 5.688225, .f_ref = 5.688225L, .declared = 2.385, .reference = 4.77L,
      .ref_err = 1e-20L, .left = NAN, .right = NAN, .fd_same = 4.7699999809265137,
      .ulp_error = 4.0e6, .tol_ulps = 8.5 },
    { .x = 0x1p64, .cls = GC_CLASS_OVERFLOW, .function = GC_FN_F, .inherent = true,
      .f_decl = INFINITY, .f_ref = 0x1p128L, .declared = 0x1p65, .reference = 0x1p65,
      .left = NAN, .right = NAN, .fd_same = NAN, .ulp_error = NAN, .tol_ulps = NAN },
};

static struct gc_result make_result(gc_precision p)
{
    struct gc_result r;
    memset(&r, 0, sizeof r);
    r.act = &fake;
    r.source = "checks/specs/a,b.act";   /* a comma: CSV must quote it */
    r.prec = p;
    r.points = 12345;
    r.mismatches = 1;
    r.max_ulp_error = 0.5;
    r.median_ulp_error = 0.25;
    r.max_rel_error = 5.9604644775390625e-08;
    r.has_worst = true;
    r.worst = flags[1];
    r.worst.x = FLT_MAX;
    r.worst.ulp_error = 0.5;
    r.regions = regions;
    r.n_regions = 3;
    r.flags = flags;
    r.n_flags = 3;
    r.verdict = GC_VERDICT_FAIL;
    r.coverage = 1;
    r.depth_layer = 7;
    r.depth_sw2 = 1;
    gc_tolerance_default(p, &r.tol);
    return r;
}

/* Three results: float32 fail, float64 fail, float16 skipped. */
static void result_set(struct gc_result r[3])
{
    r[0] = make_result(GC_PREC_F32);
    r[1] = make_result(GC_PREC_F64);
    r[2] = make_result(GC_PREC_F16);
    r[2].skipped = true;
    r[2].exhaustive = true;
    r[2].n_regions = r[2].n_flags = 0;
    r[2].has_worst = false;
    r[2].verdict = GC_VERDICT_PASS;
    r[2].depth_layer = 0;
}

typedef gc_status (*render_fn)(FILE *f, const struct gc_result *r, size_t n);

static char *render(render_fn fn, const struct gc_result *r, size_t n, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fn(f, r, n), GC_OK);
    ck_assert_int_eq(fclose(f), 0);
    return buf;
}

/* Compare s with tests/golden/name byte for byte (or write it when
 * GC_UPDATE_GOLDEN is set); on a difference, name the first differing
 * line. */
static void golden(const char *name, const char *s, size_t len)
{
    char path[1024];
    const char *src = getenv("GC_SRCDIR");
    snprintf(path, sizeof path, "%s/tests/golden/%s", src ? src : ".", name);
    if (getenv("GC_UPDATE_GOLDEN")) {
        FILE *f = fopen(path, "w");
        ck_assert_msg(f != NULL, "cannot write %s", path);
        ck_assert_uint_eq(fwrite(s, 1, len, f), len);
        ck_assert_int_eq(fclose(f), 0);
        return;
    }
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot read %s (GC_UPDATE_GOLDEN=1 writes it)", path);
    char *want = malloc(len + 2);
    ck_assert_ptr_nonnull(want);
    size_t got = fread(want, 1, len + 1, f);
    fclose(f);
    size_t i = 0, line = 1;
    while (i < len && i < got && s[i] == want[i])
        line += s[i++] == '\n';
    ck_assert_msg(got == len && i == len,
                  "%s: output differs from the golden file at line %zu (byte %zu; "
                  "%zu bytes written, %zu expected)", name, line, i, len, got);
    free(want);
}

static gc_status text_all(FILE *f, const struct gc_result *r, size_t n)
{
    return gc_report_text(f, r, n, 0);
}

START_TEST(test_writers_text_matches_golden)
{
    struct gc_result r[3];
    size_t len;
    result_set(r);
    char *s = render(text_all, r, 3, &len);
    golden("results.txt", s, len);
    free(s);
}
END_TEST

START_TEST(test_writers_markdown_matches_golden)
{
    struct gc_result r[3];
    size_t len;
    result_set(r);
    char *s = render(gc_report_markdown, r, 3, &len);
    golden("results.md", s, len);
    /* Exact boundaries in decimal and hex, in code spans. */
    ck_assert_msg(strstr(s, "`1.84467441e+19` (`0x1p+64`)") != NULL, "%s", s);
    free(s);
}
END_TEST

START_TEST(test_writers_json_matches_golden_and_parses_bit_exact)
{
    struct gc_result r[3];
    size_t len;
    result_set(r);
    char *s = render(gc_report_json, r, 3, &len);
    golden("results.json", s, len);
    json_error_t err;
    json_t *root = json_loads(s, 0, &err);
    ck_assert_msg(root != NULL, "JSON does not parse: %s (line %d)", err.text, err.line);
    json_t *r0 = json_array_get(json_object_get(root, "results"), 0);
    ck_assert(json_real_value(json_object_get(r0, "max_rel_error")) == 5.9604644775390625e-08);
    ck_assert(json_real_value(json_object_get(json_object_get(r0, "worst"), "x"))
              == (double)FLT_MAX);
    json_t *reg = json_array_get(json_object_get(r0, "regions"), 2);
    ck_assert(json_real_value(json_object_get(reg, "lo")) == 0x1p64);
    ck_assert_str_eq(json_string_value(json_object_get(reg, "hi")), "inf");
    json_t *fl = json_array_get(json_object_get(r0, "flags"), 1);
    ck_assert(json_real_value(json_object_get(fl, "x")) == 2.385);
    ck_assert(json_real_value(json_object_get(fl, "reference")) == (double)4.77L);
    json_decref(root);
    free(s);
}
END_TEST

/* TAP: the three results plus a crash, a pass and a warn; the second
 * fail and the skipped one are marked as expected failures. */
START_TEST(test_writers_tap_matches_golden_and_marks_todo)
{
    struct gc_result r[6];
    const bool todo[6] = { false, true, true, false, true, false };
    result_set(r);
    r[3] = make_result(GC_PREC_BF16);
    r[3].verdict = GC_VERDICT_CRASH;
    r[3].crash_signal = 11;          /* SIGSEGV on Linux */
    r[3].crash_x = -0x1p-3;
    r[3].crash_what = "df32";
    r[4] = make_result(GC_PREC_F32);
    r[4].verdict = GC_VERDICT_PASS;
    r[4].mismatches = 0;
    r[5] = make_result(GC_PREC_F64);
    r[5].verdict = GC_VERDICT_WARN;
    r[5].mismatches = 0;
    r[5].n_regions = 1;
    r[5].regions = &regions[2];
    r[5].partial = true;
    r[5].coverage = 0.25;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(gc_report_tap(f, r, 6, todo), GC_OK);
    ck_assert_int_eq(fclose(f), 0);
    golden("results.tap", buf, len);
    ck_assert(strncmp(buf, "TAP version 13\n1..6\n", 20) == 0);
    ck_assert_msg(strstr(buf, "\nnot ok 1 - leaky_sq float32: fail, 1 failing point\n"),
                  "%s", buf);
    ck_assert(strstr(buf, "\nnot ok 2 - leaky_sq float64: fail, 1 failing point "
                          "# TODO expected failure\n"));
    ck_assert(strstr(buf, "\nok 3 - leaky_sq float16 # SKIP no f32/df32 functions\n"));
    ck_assert(strstr(buf, "\nnot ok 4 - leaky_sq bfloat16: crash\n"));
    ck_assert(strstr(buf, "\nok 5 - leaky_sq float32: pass # TODO expected failure\n"));
    ck_assert(strstr(buf, "\nok 6 - leaky_sq float64: warn\n  ---\n"));
    /* The diagnostics: worst x exactly, in decimal and hex. */
    ck_assert(strstr(buf, "  worst_x: \"3.40282347e+38\"\n  worst_x_hex: \"0x1.fffffep+127\"\n"));
    ck_assert(strstr(buf, "  failing_classes: [mismatch]\n"));
    ck_assert(strstr(buf, "  x_hex: \"-0x1p-3\"\n"));
    free(buf);
}
END_TEST

START_TEST(test_writers_tap_empty_run_is_a_complete_stream)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(gc_report_tap(f, NULL, 0, NULL), GC_OK);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_str_eq(buf, "TAP version 13\n1..0\n");
    free(buf);
}
END_TEST

/* Field `col` (0-based) of CSV line `line` (0 = header), unquoted. */
static char *csv_field(const char *s, int line, int col)
{
    static char buf[256];
    while (line-- > 0)
        s = strchr(s, '\n') + 1;
    for (int c = 0; c <= col; c++) {
        size_t k = 0;
        bool quoted = *s == '"';
        if (quoted)
            s++;
        while (*s && (quoted ? !(s[0] == '"' && s[1] != '"') : (*s != ',' && *s != '\n'))) {
            if (quoted && s[0] == '"')
                s++;
            if (k + 1 < sizeof buf)
                buf[k++] = *s;
            s++;
        }
        if (quoted)
            s++;
        buf[k] = '\0';
        if (c < col)
            s++;   /* the comma */
    }
    return buf;
}

START_TEST(test_writers_csv_matches_golden_and_reads_back)
{
    struct gc_result r[3];
    size_t len;
    result_set(r);
    char *s = render(gc_report_csv, r, 3, &len);
    golden("results.csv", s, len);
    /* One header row and one row per result, each with the header's
     * number of fields. */
    size_t lines = 0;
    for (const char *p = s; *p; p++)
        lines += *p == '\n';
    ck_assert_uint_eq(lines, 4);
    ck_assert_str_eq(csv_field(s, 0, 1), "source");
    ck_assert_str_eq(csv_field(s, 1, 1), "checks/specs/a,b.act");
    ck_assert_str_eq(csv_field(s, 1, 13), "3.40282347e+38");     /* worst_x, float32 */
    ck_assert(strtof(csv_field(s, 1, 13), NULL) == FLT_MAX);
    ck_assert(strtod(csv_field(s, 1, 12), NULL) == 5.9604644775390625e-08);
    ck_assert_str_eq(csv_field(s, 2, 13), "3.4028234663852886e+38"); /* %.17g */
    free(s);
}
END_TEST

START_TEST(test_writers_csv_points_matches_golden)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(gc_report_csv_points(f, "leaky_sq", GC_PREC_F32, flags, 3, true), GC_OK);
    ck_assert_int_eq(gc_report_csv_points(f, "leaky_sq", GC_PREC_F64, flags, 3, false), GC_OK);
    fclose(f);
    golden("points.csv", buf, len);
    ck_assert_str_eq(csv_field(buf, 2, 2), "2.385");               /* %.9g */
    ck_assert_str_eq(csv_field(buf, 5, 2), "2.3849999999999998");  /* %.17g float64 */
    ck_assert(strtod(csv_field(buf, 5, 2), NULL) == 2.385);
    ck_assert_str_eq(csv_field(buf, 3, 8), "inf");                 /* f overflowed */
    ck_assert_str_eq(csv_field(buf, 3, 13), "nan");
    free(buf);
}
END_TEST

START_TEST(test_writers_gnuplot_scripts_match_golden)
{
    struct gc_result r[3];
    result_set(r);
    struct gc_plot_precision pp[2] = {
        { GC_PREC_F32, flags, 3, regions, 3 },
        { GC_PREC_F64, flags, 3, regions, 3 },
    };
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(gc_plot_error(f, "out.svg", "leaky_sq", pp, 2, kinks, 1), GC_OK);
    fclose(f);
    golden("error.gp", buf, len);
    free(buf);
}
END_TEST

START_TEST(test_writers_symlog_is_odd_monotone_and_finite)
{
    ck_assert(gc_plot_symlog(0) == 0);
    ck_assert(gc_plot_symlog(-5) == -gc_plot_symlog(5));
    ck_assert(gc_plot_symlog(1) < gc_plot_symlog(10));
    ck_assert(isfinite(gc_plot_symlog(DBL_MAX)));
    ck_assert(gc_plot_symlog(DBL_MAX) > gc_plot_symlog(1e300));
    ck_assert(fabs(gc_plot_symlog(1e-3) - log10(2.0)) < 1e-15);
}
END_TEST

Suite *gc_test_suite(void)
{
    Suite *s = suite_create("writers");
    TCase *tc = tcase_create("golden");
    tcase_add_test(tc, test_writers_text_matches_golden);
    tcase_add_test(tc, test_writers_markdown_matches_golden);
    tcase_add_test(tc, test_writers_json_matches_golden_and_parses_bit_exact);
    tcase_add_test(tc, test_writers_csv_matches_golden_and_reads_back);
    tcase_add_test(tc, test_writers_csv_points_matches_golden);
    tcase_add_test(tc, test_writers_tap_matches_golden_and_marks_todo);
    tcase_add_test(tc, test_writers_tap_empty_run_is_a_complete_stream);
    tcase_add_test(tc, test_writers_gnuplot_scripts_match_golden);
    tcase_add_test(tc, test_writers_symlog_is_odd_monotone_and_finite);
    suite_add_tcase(s, tc);
    return s;
}
