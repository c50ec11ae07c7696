/* check_builtins.c - every built-in passes in every precision: verdict
 * pass or warn, zero points of a failing class (mismatch, NaN, premature
 * overflow, gradient underflow, undeclared kink) in float32, float64 and
 * the exhaustive float16 and bfloat16 sweeps; and every region edge the
 * check reports is exact and hides nothing: the edge value belongs to
 * the region, and its lattice neighbour outside the region neither
 * belongs to it nor is of a failing class (a failing point narrower than
 * the sampling, stepped over by the bisection, would otherwise go
 * unseen). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include "gc_test.h"
#include "activation.h"
#include "verify.h"
#include "report.h"

/* The value next to x (a value of p) in direction dir (+1 up, -1 down)
 * on p's ordered lattice (-0 and +0 are one point). */
static double lattice_step(gc_precision p, double x, int dir)
{
    return gc_fp_from_ord(p, gc_fp_ord(p, x) + dir);
}

static bool in_region(const struct gc_flag *f, const struct gc_region *g)
{
    return f->cls == g->cls && f->function == g->function
           && f->inherent == g->inherent;
}

static const char *fn_name(gc_function fn) { return fn == GC_FN_F ? "f" : "df"; }

/* One edge of region g: edge is g->lo (dir -1) or g->hi (dir +1). */
static void edge_is_exact(const struct gc_activation *a, gc_precision p,
                          const struct gc_tolerance *t, const struct gc_region *g,
                          double edge, int dir)
{
    const char *pname = gc_fp_format(p)->name, *side = dir < 0 ? "lo" : "hi";
    double nb = lattice_step(p, edge, dir);
    if (!isfinite(edge) || !isfinite(nb))
        return;
    struct gc_flag in, out;
    ck_assert_int_eq(gc_check_point(a, p, t, edge, &in), GC_OK);
    ck_assert_int_eq(gc_check_point(a, p, t, nb, &out), GC_OK);
    ck_assert_msg(in_region(&in, g),
                  "%s %s: the %s %s region's %s edge %.17g (%a) is itself %s %s",
                  a->name, pname, gc_class_name(g->cls), fn_name(g->function), side,
                  edge, edge, gc_class_name(in.cls), fn_name(in.function));
    ck_assert_msg(!in_region(&out, g),
                  "%s %s: the %s %s%s region's %s edge %.17g (%a) is not exact: its "
                  "neighbour outside, %.17g (%a), is in the region too",
                  a->name, pname, gc_class_name(g->cls), fn_name(g->function),
                  g->inherent ? " inherent" : "", side, edge, edge, nb, nb);
    ck_assert_msg(!gc_class_fails(out.cls, out.inherent),
                  "%s %s: next to the %s edge %.17g (%a) of the %s %s region, "
                  "%.17g (%a) is %s %s%s, a failing class the check did not report "
                  "(f %.17Lg, reference f %.17Lg, declared f' %.17Lg, reference "
                  "f' %.17Lg)", a->name, pname, side, edge, edge,
                  gc_class_name(g->cls), fn_name(g->function), nb, nb,
                  gc_class_name(out.cls), fn_name(out.function),
                  out.cls == GC_CLASS_OVERFLOW ? (out.inherent ? " inherent" : " premature") : "",
                  out.f_decl, out.f_ref, out.declared, out.reference);
}

static void builtin_passes(int index, gc_precision p)
{
    size_t n;
    const struct gc_activation *a = &gc_builtins(&n)[index];
    struct gc_check_options o;
    struct gc_result r;
    gc_check_options_default(&o);
    /* make check-slow (checks/slow_builtins.sh) samples ten times more. */
    const char *np = getenv("GC_CHECK_POINTS");
    if (np && *np)
        o.n_points = (size_t)strtoull(np, NULL, 10);
    ck_assert_int_eq(gc_check_run(a, "builtin", p, &o, &r), GC_OK);
    if (r.mismatches) {
        /* Print what is needed to act before failing. */
        gc_status st = gc_report_text(stdout, &r, 1, 10);
        (void)st;
    }
    ck_assert_msg(r.mismatches == 0 && r.verdict != GC_VERDICT_FAIL,
                  "%s %s: %zu points of failing classes (verdict %s)", a->name,
                  gc_fp_format(p)->name, r.mismatches, gc_verdict_name(r.verdict));
    ck_assert_uint_gt(r.points, 1000);
    /* |d - r| = u ulp(r) <= u eps max(|r|, min normal): the relative error
     * of a correct gradient is bounded by its ULP error times eps (once
     * it read 1.0 for relu, at 0 ULP). */
    double eps = (double)gc_fp_format(p)->epsilon;
    ck_assert_msg(r.max_rel_error <= r.max_ulp_error * eps * (1 + 0x1p-20),
                  "%s %s: max_rel_error %.17g above max_ulp_error %.17g x eps", a->name,
                  gc_fp_format(p)->name, r.max_rel_error, r.max_ulp_error);

    struct gc_tolerance t;
    gc_tolerance_default(p, &t);
    for (size_t i = 0; i < r.n_regions; i++) {
        edge_is_exact(a, p, &t, &r.regions[i], r.regions[i].lo, -1);
        edge_is_exact(a, p, &t, &r.regions[i], r.regions[i].hi, +1);
    }
    gc_result_free(&r);
}

START_TEST(test_builtin_passes_float16) { builtin_passes(_i, GC_PREC_F16); }
END_TEST
START_TEST(test_builtin_passes_bfloat16) { builtin_passes(_i, GC_PREC_BF16); }
END_TEST
START_TEST(test_builtin_passes_float32) { builtin_passes(_i, GC_PREC_F32); }
END_TEST
START_TEST(test_builtin_passes_float64) { builtin_passes(_i, GC_PREC_F64); }
END_TEST

Suite *gc_test_suite(void)
{
    size_t n;
    (void)gc_builtins(&n);
    Suite *s = suite_create("builtins");
    TCase *tc = tcase_create("verify");
    tcase_set_timeout(tc, 120);
    /* float16 and bfloat16 are exhaustive (65536 values each). */
    tcase_add_loop_test(tc, test_builtin_passes_float16, 0, (int)n);
    tcase_add_loop_test(tc, test_builtin_passes_bfloat16, 0, (int)n);
    tcase_add_loop_test(tc, test_builtin_passes_float32, 0, (int)n);
    tcase_add_loop_test(tc, test_builtin_passes_float64, 0, (int)n);
    suite_add_tcase(s, tc);
    return s;
}
