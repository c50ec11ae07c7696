/* bench_torch.c - gradcheck's side of the comparison with PyTorch's
 * torch.autograd.gradcheck (bench/torch_gradcheck.py runs the other).
 *
 * usage: bench_torch points N FILE   write the finite points of the
 *                                    default float64 point set of about N
 *                                    points (what gc_check_run checks), one
 *                                    %.17g per line, for torch to use
 *        bench_torch time N NAME...  seconds of gc_check_run in float64
 *                                    with about N points, best of 3
 *        bench_torch detect NAME...  smallest relative error of df that
 *                                    fails the check, float32 and float64
 *        bench_torch detect-local NAME...  the same with df wrong on
 *                                    [2, 2.5) only (one wrong branch)
 *
 * Detection: the built-in's df is replaced by df (1 + eps) (the product
 * formed in long double and rounded once), for eps = 1e-2 ... 1e-12, as
 * checks/mutants does for its mutants; the check (1000 points, default
 * tolerances) must end in fail.  eps = 0 is run too: it must not. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "gradcheck.h"
#include "activation.h"
#include "sample.h"
#include "verify.h"

static const struct gc_activation *base;
static long double scale = 1;
static bool local;   /* wrong on [2, 2.5) only: one wrong branch */
static long double scale_at(double x)
{
    return !local || (x >= 2 && x < 2.5) ? scale : 1;
}
static float mut_df32(float x) { return (float)((long double)base->df32(x) * scale_at(x)); }
static double mut_df64(double x) { return (double)((long double)base->df64(x) * scale_at(x)); }

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int fails(const struct gc_activation *a, gc_precision p, long double s)
{
    struct gc_activation m = *a;
    struct gc_check_options o;
    struct gc_result r;
    base = a;
    scale = s;
    m.df32 = mut_df32;
    m.df64 = mut_df64;
    gc_check_options_default(&o);
    o.n_points = 1000;
    if (gc_check_run(&m, "bench", p, &o, &r) != GC_OK)
        return -1;
    int f = r.verdict == GC_VERDICT_FAIL;
    gc_result_free(&r);
    return f;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && !strcmp(argv[1], "points")) {
        struct gc_points pts;
        gc_points_init(&pts);
        if (gc_sample_default(GC_PREC_F64, NULL, 0, strtoul(argv[2], NULL, 10), 1, &pts) != GC_OK)
            return 2;
        FILE *fp = fopen(argv[3], "w");
        if (!fp)
            return 2;
        for (size_t i = 0; i < pts.n; i++)
            if (isfinite(pts.x[i]))
                fprintf(fp, "%.17g\n", pts.x[i]);
        fclose(fp);
        gc_points_free(&pts);
        return 0;
    }
    if (argc >= 4 && !strcmp(argv[1], "time")) {
        size_t n = strtoul(argv[2], NULL, 10);
        for (int i = 3; i < argc; i++) {
            const struct gc_activation *a = gc_builtin_find(argv[i]);
            if (!a)
                return 2;
            struct gc_check_options o;
            gc_check_options_default(&o);
            o.n_points = n;
            double best = INFINITY;
            size_t pts = 0;
            for (int rep = 0; rep < 3; rep++) {
                struct gc_result r;
                double t0 = now();
                if (gc_check_run(a, "builtin", GC_PREC_F64, &o, &r) != GC_OK)
                    return 2;
                best = fmin(best, now() - t0);
                pts = r.points;
                gc_result_free(&r);
            }
            printf("%s %zu %zu %.6f\n", a->name, n, pts, best);
        }
        return 0;
    }
    if (argc >= 3 && (!strcmp(argv[1], "detect") || !strcmp(argv[1], "detect-local"))) {
        local = !strcmp(argv[1], "detect-local");
        static const double eps[] = { 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8,
                                      1e-9, 1e-10, 1e-11, 1e-12 };
        for (int i = 2; i < argc; i++) {
            const struct gc_activation *a = gc_builtin_find(argv[i]);
            if (!a)
                return 2;
            for (int pi = 0; pi < 2; pi++) {
                gc_precision p = pi ? GC_PREC_F64 : GC_PREC_F32;
                double smallest = NAN;
                for (size_t e = 0; e < sizeof eps / sizeof eps[0]; e++) {
                    int f = fails(a, p, 1.0L + (long double)eps[e]);
                    if (f != 1)
                        break;
                    smallest = eps[e];
                }
                int f0 = fails(a, p, 1.0L);
                printf("%s %s %.0e %s\n", a->name, gc_fp_format(p)->name, smallest,
                       f0 ? "false-positive" : "clean");
            }
        }
        return 0;
    }
    fprintf(stderr, "usage: bench_torch points N FILE | time N NAME... | detect NAME... | "
            "detect-local NAME...\n");
    return 2;
}
