/* bench_sweep.c - exhaustive float32 sweep: throughput, harness overhead,
 * and the screen held to the full check.
 *
 * It runs the sweep's own block routine (gc_sweep_range, from the
 * library's internal header) on any range of the float32 lattice: a
 * partial sweep through the public API always starts at -inf, where most
 * activations are in a trivial tail, so its speed says little about the
 * whole lattice.  Here the lattice (2^32 - 2^24 + 2 values) is cut into
 * STRATA equal parts and a block of BLOCK consecutive values is swept from
 * the middle of each; points per second over those blocks project the
 * full sweep.  (tests/check_sweep.c holds the screen to the full check
 * inside make check; `verify` here does it over every built-in.)
 *
 * usage: bench_sweep sweep    [NAME...]  throughput table (all built-ins)
 *        bench_sweep overhead [NAME...]  sampled check vs bare evaluation
 *        bench_sweep verify   [NAME...]  screen vs full check, per point;
 *                                        exit 1 on any difference
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "activation.h"
#include "sample.h"
#include "verify_internal.h"

#define STRATA 64
#define BLOCK (1 << 16)

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static const int64_t ORD_LO = -0x7f800000LL, ORD_HI = 0x7f800000LL + 1;

static int64_t stratum_start(int s, int64_t block)
{
    int64_t total = ORD_HI - ORD_LO;
    return ORD_LO + total * (2 * s + 1) / (2 * STRATA) - block / 2;
}

static volatile long double sink;

/* The bare cost: f32, df32 and dfref at every value of the blocks, on the
 * same threads, no flags, no comparison. */
static double time_bare(const struct gc_activation *a, int64_t block)
{
    double t0 = now();
    #pragma omp parallel for schedule(dynamic, 1)
    for (int s = 0; s < STRATA; s++) {
        int64_t k0 = stratum_start(s, block);
        long double acc = 0;
        for (int64_t i = k0; i < k0 + block; i++) {
            float x = gc_fp_from_ord_f32((int32_t)i);
            volatile float fv = a->f32(x), dv = a->df32(x);
            acc += a->dfref ? a->dfref(x) : 0;
            (void)fv; (void)dv;
        }
        sink = acc;
    }
    return now() - t0;
}

static double time_sweep(const struct gc_activation *a, const struct gc_tolerance *tol,
                         int64_t block, size_t *flagged)
{
    size_t nf = 0;
    double t0 = now();
    #pragma omp parallel for schedule(dynamic, 1) reduction(+ : nf)
    for (int s = 0; s < STRATA; s++) {
        struct gc_summary k;
        gc_summary_init(&k, GC_PREC_F32, GC_FLAGS_PER_REGION);
        int64_t k0 = stratum_start(s, block);
        gc_sweep_range(a, tol, k0, k0 + block, &k);
        nf += k.points - k.count[GC_CLASS_OK];
        gc_summary_free(&k);
    }
    *flagged = nf;
    return now() - t0;
}

static const char *target_of(const char *name)
{
    if (!strcmp(name, "relu") || !strcmp(name, "square"))
        return "30";
    if (!strcmp(name, "gelu") || !strcmp(name, "mish"))
        return "120";
    return NULL;
}

static int run_sweep(const struct gc_activation **acts, size_t n)
{
    struct gc_tolerance tol;
    gc_tolerance_default(GC_PREC_F32, &tol);
    const double total = (double)(ORD_HI - ORD_LO);
    printf("| activation | sweep s | bare s | sweep / bare | points/s | projected full sweep | target | flagged in sample |\n");
    printf("|---|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < n; i++) {
        size_t flagged = 0;
        double ts = INFINITY, tb = INFINITY;
        for (int rep = 0; rep < 2; rep++) {   /* side by side, best of 2 */
            ts = fmin(ts, time_sweep(acts[i], &tol, BLOCK, &flagged));
            tb = fmin(tb, time_bare(acts[i], BLOCK));
        }
        double pts = (double)STRATA * BLOCK, rate = pts / ts, full = total / rate;
        const char *tg = target_of(acts[i]->name);
        char tgt[64];
        if (tg)
            snprintf(tgt, sizeof tgt, "%s s: %s", tg,
                     full <= atof(tg) ? "met" : "missed");
        else
            snprintf(tgt, sizeof tgt, "-");
        printf("| %s | %.3f | %.3f | %.2fx | %.3g | %.0f s | %s | %.3g %% |\n",
               acts[i]->name, ts, tb, ts / tb, rate, full, tgt,
               100.0 * (double)flagged / pts);
        fflush(stdout);
    }
    return 0;
}

/* Sampled mode: the full per-point check (what gc_check_run does for each
 * of its points, single thread) against the bare evaluation of f, df,
 * fref and dfref at the same points. */
static int run_overhead(const struct gc_activation **acts, size_t n)
{
    printf("| activation | precision | points | check s | bare s | check / bare | us per point |\n");
    printf("|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < n; i++) {
        const struct gc_activation *a = acts[i];
        for (int pi = 0; pi < 2; pi++) {
            gc_precision p = pi ? GC_PREC_F64 : GC_PREC_F32;
            struct gc_points pts;
            struct gc_tolerance tol;
            gc_tolerance_default(p, &tol);
            gc_points_init(&pts);
            if (gc_sample_default(p, a->kinks, a->n_kinks, 10000, 1, &pts) != GC_OK)
                return 2;
            double tc = INFINITY, tb = INFINITY;
            for (int rep = 0; rep < 2; rep++) {
                double t0 = now();
                for (size_t j = 0; j < pts.n; j++) {
                    struct gc_flag f;
                    if (gc_check_point(a, p, &tol, pts.x[j], &f) != GC_OK)
                        return 2;
                }
                tc = fmin(tc, now() - t0);
                t0 = now();
                long double acc = 0;
                for (size_t j = 0; j < pts.n; j++) {
                    double x = pts.x[j];
                    if (p == GC_PREC_F64) {
                        volatile double fv = a->f64(x), dv = a->df64(x);
                        (void)fv; (void)dv;
                    } else {
                        volatile float fv = a->f32((float)x), dv = a->df32((float)x);
                        (void)fv; (void)dv;
                    }
                    acc += a->fref(x) + a->dfref(x);
                }
                sink = acc;
                tb = fmin(tb, now() - t0);
            }
            printf("| %s | %s | %zu | %.4f | %.5f | %.0fx | %.2f |\n", a->name,
                   gc_fp_format(p)->name, pts.n, tc, tb, tc / tb, 1e6 * tc / (double)pts.n);
            gc_points_free(&pts);
        }
        fflush(stdout);
    }
    return 0;
}

/* The class, function and inherence the swept block gave the value of
 * ordinal i (regions are ascending; *r advances). */
static void swept_key(const struct gc_summary *k, size_t *r, double x, struct gc_flag *out)
{
    while (*r < k->n_reg && k->reg[*r].hi < x)
        (*r)++;
    out->cls = GC_CLASS_OK;
    if (*r < k->n_reg && k->reg[*r].lo <= x && x <= k->reg[*r].hi) {
        out->cls = k->reg[*r].cls;
        out->function = k->reg[*r].function;
        out->inherent = k->reg[*r].inherent;
    }
}

/* The helpers the screen relies on against the library's own. */
static int verify_helpers(void)
{
    int bad = 0;
    uint64_t s = 42;
    for (long t = 0; t < 4000000; t++) {
        s = s * 6364136223846793005u + 1442695040888963407u;
        long double v;
        if (t < 1000000) {   /* near binade edges and the float32 range ends */
            int e = (int)((s >> 33) % 300) - 160;
            v = ldexpl(1.0L, e) * (1.0L + ((long double)((int64_t)(s >> 40) % 64) * 0x1p-63L));
        } else {
            double d;
            uint64_t b = s ^ (s >> 17);
            memcpy(&d, &b, sizeof d);
            v = (long double)d * (1.0L + (long double)(s & 0xffff) * 0x1p-60L);
        }
        if (!isfinite(v) || v == 0)
            continue;
        if (s & 1)
            v = -v;
        long double inv, u = gc_ulp_f32_ld(v, &inv);
        if (u != gc_fp_ulp_ld(GC_PREC_F32, v) || u * inv != 1) {
            if (bad++ < 5)
                printf("gc_ulp_f32_ld(%La) = %La, gc_fp_ulp_ld %La\n", v, u,
                       gc_fp_ulp_ld(GC_PREC_F32, v));
        }
        long double w = ldexpl(v, 128 - ilogbl(v)) * (1 - (long double)(s & 7) * 0x1p-27L);
        if (gc_rounds_to_inf_f32(w) != (bool)isinf(gc_fp_round_ld(GC_PREC_F32, w))) {
            if (bad++ < 5)
                printf("gc_rounds_to_inf_f32(%La) wrong\n", w);
        }
    }
    static const long double edges[] = { 0x1.ffffffp+127L, 0x1.fffffefffffffffep+127L,
        0x1.fffffep+127L, 0x1p128L, 0x1p-126L, 0x1.fffffffffffffffep-127L, 0x1p-149L, 0, INFINITY };
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        long double inv;
        if (gc_rounds_to_inf_f32(edges[i]) != (bool)isinf(gc_fp_round_ld(GC_PREC_F32, edges[i]))
            || gc_ulp_f32_ld(edges[i], &inv) != gc_fp_ulp_ld(GC_PREC_F32, edges[i])) {
            printf("edge %La wrong\n", edges[i]);
            bad++;
        }
    }
    printf("screen helpers (ulp of float32, overflow of the rounding) against fp.c on "
           "4e6 long doubles: %s\n\n", bad ? "DIFFER" : "identical");
    return bad;
}

/* Every value of the blocks classed by the sweep (screen, or full check
 * where the screen declines) and by the full check alone (check_one): the
 * class, function and inherence must agree at every point. */
static int run_verify(const struct gc_activation **acts, size_t n, int64_t block)
{
    struct gc_tolerance tol;
    gc_tolerance_default(GC_PREC_F32, &tol);
    int bad = verify_helpers();
    printf("| activation | values compared | screened or full | full check only | differences |\n");
    printf("|---|---|---|---|---|\n");
    size_t grand = 0;
    for (size_t i = 0; i < n; i++) {
        const struct gc_activation *a = acts[i];
        size_t diffs = 0, flagged_sweep = 0, flagged_full = 0, compared = 0;
        /* The blocks of the ends and of 0 are included: -inf, -0/+0, +inf. */
        #pragma omp parallel for schedule(dynamic, 1) \
            reduction(+ : diffs, flagged_sweep, flagged_full, compared)
        for (int s = 0; s < STRATA + 3; s++) {
            int64_t k0 = s < STRATA ? stratum_start(s, block)
                       : s == STRATA ? ORD_LO : s == STRATA + 1 ? -block / 2 : ORD_HI - block;
            struct gc_summary k;
            gc_summary_init(&k, GC_PREC_F32, GC_FLAGS_PER_REGION);
            gc_sweep_range(a, &tol, k0, k0 + block, &k);
            flagged_sweep += k.points - k.count[GC_CLASS_OK];
            size_t r = 0;
            /* The exception flags the full check records, as unions: of
             * the block (f, df) and of each of the sweep's regions. */
            int u_f = 0, u_df = 0;
            int *reg_fe = calloc(k.n_reg + 1, sizeof *reg_fe);
            for (int64_t o = k0; o < k0 + block; o++) {
                float x = gc_fp_from_ord_f32((int32_t)o);
                for (int z = (o == 0 ? 0 : 1); z < 2; z++) {
                    float xv = z == 0 ? -0.0f : x;
                    struct gc_flag full, sw;
                    (void)gc_check_point(a, GC_PREC_F32, &tol, xv, &full);
                    memset(&sw, 0, sizeof sw);
                    swept_key(&k, &r, xv, &sw);
                    u_f |= full.fe_f;
                    u_df |= full.fe_df;
                    if (sw.cls != GC_CLASS_OK && reg_fe)
                        reg_fe[r] |= sw.function == GC_FN_F ? full.fe_f : full.fe_df;
                    flagged_full += full.cls != GC_CLASS_OK;
                    compared++;
                    if (!gc_same_key(gc_key_of(&full), gc_key_of(&sw))) {
                        diffs++;
                        #pragma omp critical
                        if (diffs < 4)
                            printf("%s: x = %.9g (%a): full check %s, sweep %s\n",
                                   a->name, (double)xv, (double)xv,
                                   gc_class_name(full.cls), gc_class_name(sw.cls));
                    }
                }
            }
            bool fe_same = reg_fe && u_f == k.fe_f && u_df == k.fe_df;
            for (size_t g = 0; fe_same && g < k.n_reg; g++)
                fe_same = reg_fe[g] == k.reg[g].fe;
            if (!fe_same) {
                diffs++;
                #pragma omp critical
                printf("%s: block from ord %lld: exception flags differ (full check "
                       "f %#x df %#x, sweep f %#x df %#x)\n", a->name, (long long)k0,
                       (unsigned)u_f, (unsigned)u_df, (unsigned)k.fe_f, (unsigned)k.fe_df);
            }
            free(reg_fe);
            gc_summary_free(&k);
        }
        printf("| %s | %zu | %zu flagged | %zu flagged | %zu |\n", a->name, compared,
               flagged_sweep, flagged_full, diffs);
        fflush(stdout);
        grand += compared;
        bad += diffs != 0;
    }
    printf("\n%zu values in all; %s\n", grand,
           bad ? "DIFFERENCES: the screen is wrong" : "every value got the same class");
    return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_sweep sweep|overhead|verify [NAME...]\n");
        return 2;
    }
    size_t nb;
    const struct gc_activation *all = gc_builtins(&nb);
    const struct gc_activation **acts = calloc(nb + (size_t)argc, sizeof *acts);
    size_t n = 0;
    int64_t vblock = BLOCK / 16;
    for (int i = 2; i < argc; i++) {
        if (!strncmp(argv[i], "--block=", 8)) {
            vblock = strtol(argv[i] + 8, NULL, 10);
            continue;
        }
        acts[n] = gc_builtin_find(argv[i]);
        if (!acts[n]) {
            fprintf(stderr, "bench_sweep: no built-in '%s'\n", argv[i]);
            return 2;
        }
        n++;
    }
    if (n == 0)
        for (size_t i = 0; i < nb; i++)
            acts[n++] = &all[i];
    int rc = 2;
    if (!strcmp(argv[1], "sweep"))
        rc = run_sweep(acts, n);
    else if (!strcmp(argv[1], "overhead"))
        rc = run_overhead(acts, n);
    else if (!strcmp(argv[1], "verify"))
        rc = run_verify(acts, n, vblock);
    free(acts);
    return rc;
}
