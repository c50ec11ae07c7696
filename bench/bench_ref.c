/* bench_ref.c - accuracy of the reference derivative against GSL.
 *
 * At 1000 seeded points of [-20, 20] (the points of tests/check_verify.c),
 * for sigmoid, tanh, gelu and silu, the error in ULPs of float64 against
 * the true derivative (closed forms in binary128, quadmath) of:
 *   - gc_fd_reference on the long double fref (Ridders, error bar);
 *   - the reference gradcheck's check uses (gc_check_point, float64: the
 *     closed-form dfref, with a five-point difference of fref beside it);
 *   - gsl_deriv_central on f64 (gc_fd_gsl_central), initial step 1e-4 |x|
 *     (1e-4 near 0; GSL adapts it);
 *   - a plain central difference of f64 with the optimal step
 *     cbrt(3 eps) max(|x|, 1), in double.
 * Function evaluations are counted through wrappers (fref + dfref for
 * gradcheck's reference, f64 for the others), per point on average. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include <float.h>
#include <math.h>
#include <quadmath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gradcheck.h"
#include "activation.h"
#include "fd.h"
#include "verify.h"
#include "oracle_q.h"

static const struct gc_activation *base;
static long evals;
static long double cnt_fref(long double x) { evals++; return base->fref(x); }
static long double cnt_dfref(long double x) { evals++; return base->dfref(x); }
static long double fd_fref(long double x, void *ctx) { (void)ctx; evals++; return base->fref(x); }
static double cnt_f64(double x, void *ctx) { (void)ctx; evals++; return base->f64(x); }

static int cmp_d(const void *a, const void *b)
{
    double u = *(const double *)a, v = *(const double *)b;
    return (u > v) - (u < v);
}

#define NPTS 1000
#define NMETH 4

int main(void)
{
    static const struct { const char *name; __float128 (*d)(__float128); } cases[] = {
        { "sigmoid", dsigmoid_q }, { "tanh", dtanh_q }, { "gelu", dgelu_q },
        { "silu", dsilu_q },
    };
    static const char *const meth[NMETH] = {
        "gradcheck: gc_fd_reference (Ridders on fref)",
        "gradcheck: check reference (dfref + five-point cross-check)",
        "GSL gsl_deriv_central (f64, h = 1e-4 max(|x|,1))",
        "plain central difference (f64, h = cbrt(3 eps) max(|x|,1))",
    };
    static double err[NMETH][NPTS];
    gc_verify_serial(true);
    printf("| activation | method | evaluations per point | max ULP (float64) | median ULP |\n");
    printf("|---|---|---|---|---|\n");
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        base = gc_builtin_find(cases[c].name);
        struct gc_activation counted = *base;
        counted.fref = cnt_fref;
        counted.dfref = cnt_dfref;
        struct gc_fd_func F = { fd_fref, NULL, LDBL_MANT_DIG, 4 * LDBL_EPSILON };
        struct gc_tolerance t;
        gc_tolerance_default(GC_PREC_F64, &t);
        long nev[NMETH] = { 0 };
        uint64_t state = 0x9e3779b97f4a7c15u + c;
        for (int i = 0; i < NPTS; i++) {
            state = state * 6364136223846793005u + 1442695040888963407u;
            double x = -20 + 40 * (double)(state >> 11) * 0x1p-53;
            __float128 truth = cases[c].d(x);
            long double ulp = gc_fp_ulp_ld(GC_PREC_F64, (long double)truth);
            long double v[NMETH];
            struct gc_fd_estimate e;
            evals = 0;
            v[0] = gc_fd_reference(&F, x, NULL, 0, &e) == GC_OK ? e.value : NAN;
            nev[0] += evals;
            struct gc_flag fl;
            evals = 0;
            v[1] = gc_check_point(&counted, GC_PREC_F64, &t, x, &fl) == GC_OK ? fl.reference : NAN;
            nev[1] += evals;
            evals = 0;
            double h = 1e-4 * fmax(fabs(x), 1);
            v[2] = gc_fd_gsl_central(cnt_f64, NULL, x, h, &e) == GC_OK ? e.value : NAN;
            nev[2] += evals;
            evals = 0;
            double hc = cbrt(3 * DBL_EPSILON) * fmax(fabs(x), 1);
            volatile double xp = x + hc, xm = x - hc;
            v[3] = (cnt_f64(xp, NULL) - cnt_f64(xm, NULL)) / (xp - xm);
            nev[3] += evals;
            for (int m = 0; m < NMETH; m++)
                err[m][i] = (double)(fabsq((__float128)v[m] - truth) / ulp);
        }
        for (int m = 0; m < NMETH; m++) {
            qsort(err[m], NPTS, sizeof err[m][0], cmp_d);
            printf("| %s | %s | %.1f | %.3g | %.3g |\n", cases[c].name, meth[m],
                   (double)nev[m] / NPTS, err[m][NPTS - 1],
                   (err[m][NPTS / 2 - 1] + err[m][NPTS / 2]) / 2);
        }
    }
    return 0;
}
