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
#include <string.h>
#include <jansson.h>
#include "gc_test.h"
#include "report.h"
#include "activation.h"
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

/* The depth writers on the seed story: square under LeCun (q = 3, 27,
 * 2187, ...; float16 overflows at layer 4, float32 at 7) and relu under
 * He (marginal), 12 layers, no simulation (BLAS sums may differ between
 * machines; the analysis is quadrature in long double). */
static void depth_entries(struct gc_depth_entry es[2])
{
    memset(es, 0, 2 * sizeof *es);
    const char *names[2] = { "square", "relu" };
    const double sw[2] = { 1.0, 0x1.6a09e667f3bcdp+0 };
    for (int i = 0; i < 2; i++) {
        struct gc_depth_params p;
        gc_depth_params_default(&p);
        p.sw2 = sw[i] * sw[i];
        p.layers = 12;
        es[i].act = gc_builtin_find(names[i]);
        ck_assert_ptr_nonnull(es[i].act);
        es[i].sigma_w = sw[i];
        es[i].init = i ? "He" : "LeCun";
        ck_assert_int_eq(gc_depth_analyze(es[i].act, &p, &es[i].r), GC_OK);
        es[i].have_r = true;
    }
}

typedef gc_status (*depth_fn)(FILE *f, const struct gc_depth_entry *es, size_t n);

static char *render_depth(depth_fn fn, const struct gc_depth_entry *es, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fn(f, es, 2), GC_OK);
    ck_assert_int_eq(fclose(f), 0);
    return buf;
}

START_TEST(test_writers_depth_text_matches_golden)
{
    struct gc_depth_entry es[2];
    depth_entries(es);
    size_t len;
    char *s = render_depth(gc_report_depth_text, es, &len);
    ck_assert_ptr_nonnull(strstr(s, "overflow layer:   float16 4 bfloat16 7 float32 7 float64 10"));
    golden("depth.txt", s, len);
    free(s);
    gc_depth_result_free(&es[0].r);
    gc_depth_result_free(&es[1].r);
}
END_TEST

START_TEST(test_writers_depth_json_matches_golden_and_parses)
{
    struct gc_depth_entry es[2];
    depth_entries(es);
    size_t len;
    char *s = render_depth(gc_report_depth_json, es, &len);
    golden("depth.json", s, len);
    json_error_t err;
    json_t *root = json_loadb(s, len, 0, &err);
    ck_assert_msg(root != NULL, "depth JSON does not parse: %s", err.text);
    json_t *sq = json_array_get(json_object_get(root, "depth"), 0);
    json_t *ov = json_object_get(sq, "overflow_layer");
    ck_assert_int_eq(json_integer_value(json_object_get(ov, "float16")), 4);
    ck_assert_int_eq(json_integer_value(json_object_get(ov, "float32")), 7);
    ck_assert_int_eq(json_integer_value(json_object_get(ov, "float64")), 10);
    json_decref(root);
    free(s);
    gc_depth_result_free(&es[0].r);
    gc_depth_result_free(&es[1].r);
}
END_TEST

/* A report page: the hand-built results, square's depth analysis under
 * LeCun and relu's under He standing in for the two initialisations,
 * float16, float32 and float64 checked, the error and f plots drawn. */
START_TEST(test_writers_report_page_matches_golden)
{
    struct gc_result r[3];
    result_set(r);
    struct gc_depth_entry es[2];
    depth_entries(es);
    const bool want[GC_N_PRECISIONS] = { true, false, true, true };
    struct gc_report_page pg = {
        .act = &fake, .source = "checks/specs/a,b.act", .stem = "spec-fake",
        .res = r, .n_res = 3, .depth = { &es[0].r, &es[1].r }, .depth_layers = 12,
        .want = want, .points = 4000, .seed = 7, .plots = GC_PLOTS_GNUPLOT,
        .drawn = { true, true, false },
    };
    char *buf = NULL;
    size_t len;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(gc_report_page(f, &pg), GC_OK);
    /* Without gnuplot, and for a plugin, the page says why there are no plots. */
    pg.plots = GC_PLOTS_NO_GNUPLOT;
    ck_assert_int_eq(gc_report_page(f, &pg), GC_OK);
    pg.plots = GC_PLOTS_GNUPLOT;
    pg.isolated = true;
    pg.depth[0] = pg.depth[1] = NULL;
    memset(pg.drawn, 0, sizeof pg.drawn);
    ck_assert_int_eq(gc_report_page(f, &pg), GC_OK);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_ptr_nonnull(strstr(buf, "Checked by gradcheck " PACKAGE_VERSION ": float16 on "
                                      "every value, float32 and float64 on about 4000 "
                                      "sampled points (seed 7)."));
    ck_assert_ptr_nonnull(strstr(buf, "![f and df](spec-fake-f.svg)"));
    ck_assert_ptr_null(strstr(buf, "spec-fake-depth.svg"));
    ck_assert_ptr_nonnull(strstr(buf, "*Some plots are missing"));
    ck_assert_ptr_nonnull(strstr(buf, "*No plots: gnuplot was not found."));
    ck_assert_ptr_nonnull(strstr(buf, "Not analysed: a plugin's code runs only in a child"));
    golden("page.md", buf, len);
    free(buf);
    gc_depth_result_free(&es[0].r);
    gc_depth_result_free(&es[1].r);
}
END_TEST

START_TEST(test_writers_report_index_matches_golden)
{
    const bool want[GC_N_PRECISIONS] = { false, true, true, false };
    struct gc_report_index_row rows[2] = {
        { "square", "square", "builtin", { 0 }, { 0 }, 7, 1 },
        { "spec-fake", "fake", "checks/specs/a,b.act", { 0 }, { 0 }, 0, 0 },
    };
    rows[0].have[GC_PREC_BF16] = rows[0].have[GC_PREC_F32] = true;
    rows[0].verdict[GC_PREC_BF16] = GC_VERDICT_WARN;
    rows[0].verdict[GC_PREC_F32] = GC_VERDICT_PASS;
    rows[1].have[GC_PREC_F32] = true;
    rows[1].verdict[GC_PREC_F32] = GC_VERDICT_FAIL;
    char *buf = NULL;
    size_t len;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(gc_report_index(f, rows, 2, want, 300, 1), GC_OK);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_ptr_nonnull(strstr(buf, "| [square](square.md) | `builtin` | **warn** | pass | "
                                      "float32 overflows at layer 7 (sigma_w^2 = 1) |"));
    ck_assert_ptr_nonnull(strstr(buf, "| [fake](spec-fake.md) | `checks/specs/a,b.act` | - | "
                                      "**FAIL** | - |"));
    golden("index.md", buf, len);
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
    tcase_add_test(tc, test_writers_depth_text_matches_golden);
    tcase_add_test(tc, test_writers_depth_json_matches_golden_and_parses);
    tcase_add_test(tc, test_writers_report_page_matches_golden);
    tcase_add_test(tc, test_writers_report_index_matches_golden);
    suite_add_tcase(s, tc);
    return s;
}
