#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
/* check_depth.c - tests of src/lib/depth.c: the Gaussian expectations
 * against closed forms (identity, relu, square, erf, exp, each to 1e-12
 * relative, and the error estimate covering the true error), fixed points
 * and their stability, square's blow-up layers derived by hand, the regimes
 * of the common activations under LeCun and He initialisation, and the
 * simulated MLP agreeing with the prediction.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "gc_test.h"
#include "activation.h"
#include "depth.h"

#define REL 1e-12L

/* A local activation with closed-form expectations:
 *   E[erf(sqrt(q) z)^2]  = (2/pi) asin(2q / (1 + 2q))
 *                        = (2/pi) atan2(2q, sqrt(1 + 4q))
 * (sin t = 2q/(1+2q) gives cos t = sqrt(1+4q)/(1+2q); the atan2 form is
 * well conditioned where asin's argument is near 1, i.e. for large q), and
 *   E[erf'(sqrt(q) z)^2] = (4/pi) E[exp(-2 q z^2)] = (4/pi) / sqrt(1 + 4q). */
static double erf_f64(double x) { return erf(x); }
static double erf_df64(double x) { return 1.1283791670955126 * exp(-x * x); }
static const struct gc_activation erf_act = {
    .name = "erf", .summary = "the error function", .f64 = erf_f64, .df64 = erf_df64,
};

static long double erf_f2_exact(long double q)
{
    return 2 / 3.14159265358979323846264338327950288L * atan2l(2 * q, sqrtl(1 + 4 * q));
}

static const struct gc_activation *builtin(const char *name)
{
    const struct gc_activation *a = gc_builtin_find(name);
    ck_assert_msg(a != NULL, "no built-in '%s'", name);
    return a;
}

/* Check one expectation against its exact value: within REL, and the
 * reported error estimate plus the final rounding to double covers the
 * true error. */
static void expect_close(const struct gc_activation *a, gc_depth_moment which,
                         double q, long double exact)
{
    double v, err;
    gc_status st = gc_depth_expect(a, which, q, &v, &err);
    ck_assert_msg(st == GC_OK, "%s moment %d q = %.17g: %s", a->name, (int)which, q,
                  gc_strerror(st));
    ck_assert_rel_le_ld((long double)v, exact, REL);
    long double true_rel = fabsl((long double)v - exact) / fabsl(exact);
    ck_assert_msg(true_rel <= (long double)err + 4 * DBL_EPSILON,
                  "%s q = %.17g: error %.3Lg not covered by the estimate %.3g",
                  a->name, q, true_rel, err);
}

static const double qs[] = { 1e-6, 1e-3, 0.1, 0.5, 1, 2.385, 4, 7.5, 100, 1e3, 1e6, 1e12 };
#define N_QS (sizeof qs / sizeof qs[0])

START_TEST(test_depth_identity_matches_closed_form)
{
    const struct gc_activation *a = builtin("identity");
    for (size_t i = 0; i < N_QS; i++) {
        double q = qs[i], qn, chi;
        expect_close(a, GC_DEPTH_F2, q, q);
        expect_close(a, GC_DEPTH_DF2, q, 1);
        /* the map sw2 q + sb2 */
        ck_assert_int_eq(gc_depth_map(a, 1.7, 0.3, q, &qn, &chi), GC_OK);
        ck_assert_rel_le_ld(qn, 1.7L * q + 0.3L, REL);
        ck_assert_rel_le_ld(chi, 1.7L, REL);
    }
}
END_TEST

START_TEST(test_depth_relu_matches_closed_form)
{
    const struct gc_activation *a = builtin("relu");
    for (size_t i = 0; i < N_QS; i++) {
        double q = qs[i], qn, chi;
        expect_close(a, GC_DEPTH_F2, q, 0.5L * q);
        expect_close(a, GC_DEPTH_DF2, q, 0.5L);
        expect_close(a, GC_DEPTH_FDFX, q, 0.5L);   /* d/dq (q/2) */
        ck_assert_int_eq(gc_depth_map(a, 2, 0.25, q, &qn, &chi), GC_OK);
        ck_assert_rel_le_ld(qn, (long double)q + 0.25L, REL);   /* sw2 q/2 + sb2 */
        ck_assert_rel_le_ld(chi, 1.0L, REL);                      /* sw2 / 2 */
        ck_assert_int_eq(gc_depth_map(a, 1, 0, q, NULL, &chi), GC_OK);
        ck_assert_rel_le_ld(chi, 0.5L, REL);
    }
}
END_TEST

START_TEST(test_depth_square_matches_closed_form)
{
    const struct gc_activation *a = builtin("square");
    for (size_t i = 0; i < N_QS; i++) {
        long double q = qs[i];
        double qn, chi;
        expect_close(a, GC_DEPTH_F2, qs[i], 3 * q * q);     /* E[x^4] = 3 q^2 */
        expect_close(a, GC_DEPTH_DF2, qs[i], 4 * q);        /* E[(2x)^2] */
        expect_close(a, GC_DEPTH_FDFX, qs[i], 6 * q);       /* d/dq 3 q^2 */
        ck_assert_int_eq(gc_depth_map(a, 2, 0.5, qs[i], &qn, &chi), GC_OK);
        ck_assert_rel_le_ld(qn, 3 * 2 * q * q + 0.5L, REL);
        ck_assert_rel_le_ld(chi, 2 * 4 * q, REL);
    }
}
END_TEST

START_TEST(test_depth_erf_matches_closed_form)
{
    for (size_t i = 0; i < N_QS; i++) {
        long double q = qs[i];
        expect_close(&erf_act, GC_DEPTH_F2, qs[i], erf_f2_exact(q));
        expect_close(&erf_act, GC_DEPTH_DF2, qs[i],
                     4 / 3.14159265358979323846264338327950288L / sqrtl(1 + 4 * q));
    }
}
END_TEST

/* exp: E[e^(2 sqrt(q) z)] = e^(2q); the mass of the integrand sits at
 * z = 2 sqrt(q) (z = 20 for q = 100), far outside the bulk of N(0,1). */
START_TEST(test_depth_exp_matches_closed_form)
{
    static const double eq[] = { 1e-3, 0.5, 1, 3, 4, 10, 25, 60, 100, 150 };
    const struct gc_activation *a = builtin("exp");
    for (size_t i = 0; i < sizeof eq / sizeof eq[0]; i++) {
        expect_close(a, GC_DEPTH_F2, eq[i], expl(2 * (long double)eq[i]));
        expect_close(a, GC_DEPTH_DF2, eq[i], expl(2 * (long double)eq[i]));
    }
}
END_TEST

START_TEST(test_depth_expect_rejects_bad_input)
{
    double v;
    const struct gc_activation none = { .name = "none", .summary = "no functions" };
    ck_assert_int_eq(gc_depth_expect(builtin("relu"), GC_DEPTH_F2, -1, &v, NULL), GC_INVAL);
    ck_assert_int_eq(gc_depth_expect(builtin("relu"), GC_DEPTH_F2, NAN, &v, NULL), GC_INVAL);
    ck_assert_int_eq(gc_depth_expect(builtin("relu"), GC_DEPTH_F2, INFINITY, &v, NULL), GC_INVAL);
    ck_assert_int_eq(gc_depth_expect(NULL, GC_DEPTH_F2, 1, &v, NULL), GC_INVAL);
    ck_assert_int_eq(gc_depth_expect(&none, GC_DEPTH_F2, 1, &v, NULL), GC_INVAL);
    ck_assert_int_eq(gc_depth_expect(builtin("relu"), GC_DEPTH_F2, 1, NULL, NULL), GC_INVAL);

    struct gc_depth_params p;
    struct gc_depth_result r;
    gc_depth_params_default(&p);
    p.sw2 = 0;
    ck_assert_int_eq(gc_depth_analyze(builtin("relu"), &p, &r), GC_INVAL);
    gc_depth_params_default(&p);
    p.layers = 0;
    ck_assert_int_eq(gc_depth_analyze(builtin("relu"), &p, &r), GC_INVAL);
    gc_depth_params_default(&p);
    p.q0 = -1;
    ck_assert_int_eq(gc_depth_analyze(builtin("relu"), &p, &r), GC_INVAL);
}
END_TEST

/* q = 0 is a point mass: E[f(0)^2]. */
START_TEST(test_depth_expect_at_zero_variance)
{
    double v;
    ck_assert_int_eq(gc_depth_expect(builtin("sigmoid"), GC_DEPTH_F2, 0, &v, NULL), GC_OK);
    ck_assert_double_eq(v, 0.25);
    ck_assert_int_eq(gc_depth_expect(builtin("tanh"), GC_DEPTH_DF2, 0, &v, NULL), GC_OK);
    ck_assert_double_eq(v, 1.0);
}
END_TEST

static void analyze(const char *name, double sw2, int layers, struct gc_depth_result *r)
{
    struct gc_depth_params p;
    gc_depth_params_default(&p);
    p.sw2 = sw2;
    p.layers = layers;
    gc_status st = gc_depth_analyze(builtin(name), &p, r);
    ck_assert_msg(st == GC_OK, "%s sw2 = %g: %s", name, sw2, gc_strerror(st));
}

/* The seed story's example: square, sigma_w = 1, q0 = 1: layer 1 has q = 3,
 * chi = 12, and q* = 1/3 is the one positive fixed point, unstable
 * (F(q) = 3 q^2, F'(1/3) = 6/3 = 2). */
START_TEST(test_depth_square_design_example)
{
    struct gc_depth_result r;
    analyze("square", 1, 100, &r);
    ck_assert_int_ge(r.n_layers, 1);
    ck_assert_int_eq(r.layers[0].layer, 1);
    ck_assert_rel_le_ld(r.layers[0].q, 3.0L, REL);
    ck_assert_rel_le_ld(r.layers[0].chi, 12.0L, REL);
    ck_assert_rel_le_ld(r.layers[1].q, 27.0L, REL);
    ck_assert_rel_le_ld(r.layers[2].q, 2187.0L, REL);
    ck_assert_uint_eq(r.n_fixed, 2);
    ck_assert_double_eq(r.fixed[0].q, 0);
    ck_assert(r.fixed[0].stable);
    ck_assert_rel_le_ld(r.fixed[1].q, 1.0L / 3, 1e-13L);
    ck_assert_rel_le_ld(r.fixed[1].slope, 2.0L, 1e-12L);
    ck_assert(!r.fixed[1].stable);
    ck_assert_int_eq(r.regime, GC_DEPTH_REGIME_DOUBLE_EXP);
    ck_assert_str_eq(gc_depth_regime_name(r.regime), "double-exponential growth");
    ck_assert_int_eq(r.gradient, GC_DEPTH_GRAD_EXPLODING);
    ck_assert(r.stopped);
    gc_depth_result_free(&r);
}
END_TEST

/* Square's blow-up layers, by hand.  With q(0) = q0 = 1 and sb2 = 0 the map
 * is q(l) = 3 sw2 q(l-1)^2, and the activations of layer l, f(h) = h^2 with
 * h ~ N(0, q(l)), have RMS sqrt(E[h^4]) = sqrt(3) q(l) >= sqrt(q(l)) once
 * q(l) >= 1/3.  So layer l overflows a format with largest value M when
 * sqrt(3) q(l) > M.
 *
 * sw2 = 1: q = 3, 27, 2187, 1.43e7, 6.18e14, 1.14e30, 3.93e60, 4.63e121,
 *   6.44e243, 1.24e488.  sqrt(3) q = 5.2, 47, 3788, 2.49e7, ...:
 *   float16  (M = 65504):         3788 < M < 2.49e7         -> layer 4;
 *   bfloat16 (M = 3.39e38), float32 (M = 3.40e38):
 *                                 1.98e30 < M < 6.81e60     -> layer 7;
 *   float64  (M = 1.80e308):      1.12e244 < M < 2.1e488    -> layer 10.
 * sw2 = 2: q = 6, 216, 279936, 4.70e11, 1.33e24, 1.06e49, 6.69e98,
 *   2.68e198, 4.3e397.  sqrt(3) q = 10.4, 374, 4.85e5, ...:
 *   float16: 374 < M < 4.85e5 -> layer 3; bfloat16, float32: sqrt(3) q5 =
 *   2.30e24 < M < 1.83e49 -> layer 6; float64: sqrt(3) q8 = 4.65e198 < M
 *   < 7.4e397 -> layer 9.
 * The loop below recomputes this with long double (whose range holds
 * 1e488) and the test also pins the numbers above. */
static void square_by_hand(double sw2, int expect[GC_N_PRECISIONS])
{
    for (int p = 0; p < GC_N_PRECISIONS; p++) {
        long double M = gc_fp_format((gc_precision)p)->max, q = 1;
        expect[p] = 0;
        for (int l = 1; l <= 100 && !expect[p]; l++) {
            q = 3 * (long double)sw2 * q * q;
            if (sqrtl(3) * q > M)
                expect[p] = l;
        }
    }
}

START_TEST(test_depth_square_overflow_layers_match_hand_derivation)
{
    static const int pinned[2][GC_N_PRECISIONS] = { { 4, 7, 7, 10 }, { 3, 6, 6, 9 } };
    static const double sw2s[2] = { 1, 2 };
    for (int k = 0; k < 2; k++) {
        int hand[GC_N_PRECISIONS];
        struct gc_depth_result r;
        square_by_hand(sw2s[k], hand);
        analyze("square", sw2s[k], 100, &r);
        for (int p = 0; p < GC_N_PRECISIONS; p++) {
            ck_assert_msg(hand[p] == pinned[k][p], "sw2 %g %s: hand %d, pinned %d",
                          sw2s[k], gc_fp_format((gc_precision)p)->name, hand[p], pinned[k][p]);
            ck_assert_msg(r.overflow_layer[p] == hand[p], "sw2 %g %s: predicted %d, hand %d",
                          sw2s[k], gc_fp_format((gc_precision)p)->name,
                          r.overflow_layer[p], hand[p]);
        }
        gc_depth_result_free(&r);
    }
}
END_TEST

/* relu at sigma_w = 2 (sw2 = 4): q(l) = 2 q(l-1), q(l) = 2^l, exploding
 * geometrically.  Activations' RMS sqrt(q/2) < sqrt(q), so layer l
 * overflows float16 when 2^(l/2) > 65504, i.e. 2^l > 65504^2 =
 * 4290774016 < 2^32: layer 32. */
START_TEST(test_depth_relu_geometric_explosion)
{
    struct gc_depth_result r;
    analyze("relu", 4, 100, &r);
    ck_assert_int_eq(r.regime, GC_DEPTH_REGIME_EXPLODING);
    ck_assert_rel_le_ld(r.growth, 2.0L, 1e-12L);
    ck_assert_int_eq(r.overflow_layer[GC_PREC_F16], 32);
    ck_assert_int_eq(r.overflow_layer[GC_PREC_F32], 0);  /* 2^100 fits */
    ck_assert_int_eq(r.gradient, GC_DEPTH_GRAD_EXPLODING);
    gc_depth_result_free(&r);
}
END_TEST

START_TEST(test_depth_relu_regimes)
{
    struct gc_depth_result r;
    analyze("relu", 2, 100, &r);   /* He: F(q) = q, critical */
    ck_assert(r.every_q_fixed);
    ck_assert_int_eq(r.regime, GC_DEPTH_REGIME_MARGINAL);
    ck_assert_int_eq(r.gradient, GC_DEPTH_GRAD_PRESERVED);
    ck_assert_rel_le_ld(r.total_gain, 1.0L, 1e-10L);
    gc_depth_result_free(&r);

    analyze("relu", 1, 100, &r);   /* LeCun: q halves, gradients too */
    ck_assert_int_eq(r.regime, GC_DEPTH_REGIME_VANISHING);
    ck_assert_int_eq(r.gradient, GC_DEPTH_GRAD_VANISHING);
    ck_assert_rel_le_ld(r.total_gain, ldexpl(1, -100), 1e-10L);
    /* q(l) = 2^-l; sqrt(q) < 2^-14 (float16's smallest normal) from l = 29 */
    ck_assert_int_eq(r.underflow_layer[GC_PREC_F16], 29);
    gc_depth_result_free(&r);
}
END_TEST

/* tanh at He is in the chaotic phase: a stable q* > 0 with chi(q*) > 1. */
START_TEST(test_depth_tanh_he_stable_fixed_point)
{
    struct gc_depth_result r;
    analyze("tanh", 2, 100, &r);
    ck_assert_int_eq(r.regime, GC_DEPTH_REGIME_STABLE);
    const struct gc_depth_fixed_point *fp = NULL;
    for (size_t i = 0; i < r.n_fixed; i++)
        if (r.fixed[i].q > 0)
            fp = &r.fixed[i];
    ck_assert_ptr_nonnull(fp);
    ck_assert(fp->stable);
    /* F(q*) = q* to the quadrature's accuracy */
    double qn;
    ck_assert_int_eq(gc_depth_map(builtin("tanh"), 2, 0, fp->q, &qn, NULL), GC_OK);
    ck_assert_rel_le_ld(qn, fp->q, 1e-13L);
    ck_assert_rel_le_ld(r.layers[99].q, fp->q, 1e-10L);
    ck_assert(fp->chi > 1);
    ck_assert_int_eq(r.gradient, GC_DEPTH_GRAD_EXPLODING);
    gc_depth_result_free(&r);
}
END_TEST

/* The acceptance list: no float32 overflow within 100 layers, and a clear
 * statement about the gradients, with the per-layer gain. */
START_TEST(test_depth_common_activations_stay_finite)
{
    static const struct {
        const char *name;
        double sw2;
        gc_depth_gradient grad;
    } cases[] = {
        { "tanh", 1, GC_DEPTH_GRAD_VANISHING },   /* q ~ 1/l, chi -> 1 from below */
        { "tanh", 2, GC_DEPTH_GRAD_EXPLODING },   /* chi(q*) = 1.106 */
        { "relu", 1, GC_DEPTH_GRAD_VANISHING },   /* chi = 1/2 */
        { "relu", 2, GC_DEPTH_GRAD_PRESERVED },   /* chi = 1 */
        { "gelu", 1, GC_DEPTH_GRAD_VANISHING },   /* gelu(x) ~ x/2: chi -> 1/4 */
        { "gelu", 2, GC_DEPTH_GRAD_VANISHING },   /* chi -> 1/2 */
        { "silu", 1, GC_DEPTH_GRAD_VANISHING },
        { "silu", 2, GC_DEPTH_GRAD_VANISHING },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_depth_result r;
        char buf[4096];
        analyze(cases[i].name, cases[i].sw2, 100, &r);
        ck_assert_int_eq(r.n_layers, 100);
        ck_assert(!r.stopped);
        ck_assert_msg(r.overflow_layer[GC_PREC_F32] == 0, "%s sw2 %g overflows float32 at %d",
                      cases[i].name, cases[i].sw2, r.overflow_layer[GC_PREC_F32]);
        ck_assert_msg(r.gradient == cases[i].grad, "%s sw2 %g: gradients %s",
                      cases[i].name, cases[i].sw2, gc_depth_gradient_name(r.gradient));
        ck_assert(isfinite(r.chi_mean) && r.chi_mean > 0);
        ck_assert(r.max_relerr <= GC_DEPTH_RTOL);
        gc_depth_verdict(&r, buf, sizeof buf);
        const char *want = r.gradient == GC_DEPTH_GRAD_VANISHING ? "Gradients vanish"
                         : r.gradient == GC_DEPTH_GRAD_EXPLODING ? "Gradients explode"
                         : "Gradients are preserved";
        ck_assert_msg(strstr(buf, want) != NULL, "verdict lacks '%s': %s", want, buf);
        ck_assert_msg(strstr(buf, "per layer") != NULL, "verdict lacks the gain: %s", buf);
        gc_depth_result_free(&r);
    }
}
END_TEST

START_TEST(test_depth_blowup_within_for_check)
{
    bool up;
    int layer = -1;
    gc_precision prec = GC_PREC_F64;
    double sw2 = 0;
    ck_assert_int_eq(gc_depth_blowup_within(builtin("square"), 50, &up, &layer, &prec, &sw2),
                     GC_OK);
    ck_assert(up);
    ck_assert_int_eq(layer, 6);            /* He; LeCun at 7 */
    ck_assert_int_eq(prec, GC_PREC_F32);
    ck_assert_double_eq(sw2, 2.0);
    ck_assert_int_eq(gc_depth_blowup_within(builtin("relu"), 50, &up, NULL, NULL, NULL), GC_OK);
    ck_assert(!up);
    ck_assert_int_eq(gc_depth_blowup_within(builtin("exp"), 50, &up, &layer, NULL, NULL), GC_OK);
    ck_assert(up);
    ck_assert_int_eq(layer, 2);
}
END_TEST

static void simulate(const char *name, double sw2, int width, int layers,
                     gc_precision prec, struct gc_depth_sim *s)
{
    struct gc_depth_sim_params p = { width, layers, sw2, 0, 1, 42, prec, GC_DEPTH_LOSS_SIGNS };
    gc_status st = gc_depth_simulate(builtin(name), &p, s);
    ck_assert_msg(st == GC_OK, "simulate %s: %s", name, gc_strerror(st));
}

/* The prediction and a real float32 (and float16, bfloat16) network agree
 * on square's first inf/NaN layer within one layer. */
START_TEST(test_depth_simulation_square_agrees_within_one_layer)
{
    static const gc_precision precs[] = { GC_PREC_F32, GC_PREC_F16, GC_PREC_BF16 };
    for (int k = 1; k <= 2; k++) {
        struct gc_depth_result r;
        analyze("square", k, 30, &r);
        for (size_t i = 0; i < 3; i++) {
            struct gc_depth_sim s;
            simulate("square", k, 128, 30, precs[i], &s);
            int pred = r.overflow_layer[precs[i]], got = s.forward_nonfinite_layer;
            ck_assert_msg(got > 0 && abs(got - pred) <= 1, "square sw2 %d %s: predicted %d, "
                          "simulated %d", k, gc_fp_format(precs[i])->name, pred, got);
            ck_assert_int_gt(s.backward_nonfinite_layer, 0);
            gc_depth_sim_free(&s);
        }
        gc_depth_result_free(&r);
    }
}
END_TEST

/* relu at He: the simulated network stays finite for 150 layers, and its
 * RMS stays within a factor 4 of the mean-field prediction (1 for h,
 * 1/sqrt 2 for dL/dh; finite-width fluctuations grow like depth/width). */
START_TEST(test_depth_simulation_relu_he_stays_finite)
{
    struct gc_depth_sim s;
    simulate("relu", 2, 128, 150, GC_PREC_F32, &s);
    ck_assert_int_eq(s.forward_nonfinite_layer, 0);
    ck_assert_int_eq(s.backward_nonfinite_layer, 0);
    for (int l = 1; l <= 150; l++) {
        ck_assert(isfinite(s.layers[l - 1].rms_h) && isfinite(s.layers[l - 1].rms_grad));
        ck_assert_msg(s.layers[l - 1].rms_grad > 0.707 / 4 && s.layers[l - 1].rms_grad < 0.707 * 4,
                      "layer %d rms grad %.9g", l, s.layers[l - 1].rms_grad);
    }
    for (int l = 1; l <= 20; l++)   /* early layers: close to the prediction */
        ck_assert_msg(fabs(s.layers[l - 1].rms_h - 1) < 0.5, "layer %d rms h %.9g", l,
                      s.layers[l - 1].rms_h);
    gc_depth_sim_free(&s);
}
END_TEST

/* Same seed, same numbers; multi-precision runs share the network. */
START_TEST(test_depth_simulation_is_deterministic)
{
    static const gc_precision precs[] = { GC_PREC_F32, GC_PREC_BF16 };
    struct gc_depth_sim a, m[2];
    struct gc_depth_sim_params p = { 64, 12, 2, 0.1, 1, 7, GC_PREC_BF16, GC_DEPTH_LOSS_SUM };
    ck_assert_int_eq(gc_depth_simulate(builtin("tanh"), &p, &a), GC_OK);
    ck_assert_int_eq(gc_depth_simulate_multi(builtin("tanh"), &p, precs, 2, m), GC_OK);
    for (int l = 0; l < 12; l++) {
        ck_assert_double_eq(a.layers[l].rms_h, m[1].layers[l].rms_h);
        ck_assert_double_eq(a.layers[l].rms_grad, m[1].layers[l].rms_grad);
    }
    gc_depth_sim_free(&a);
    gc_depth_sim_free(&m[0]);
    gc_depth_sim_free(&m[1]);
    p.prec = GC_PREC_F64;
    ck_assert_int_eq(gc_depth_simulate(builtin("tanh"), &p, &a), GC_INVAL);
}
END_TEST

Suite *gc_test_suite(void)
{
    Suite *s = suite_create("depth");
    TCase *q = tcase_create("quadrature");
    tcase_add_test(q, test_depth_identity_matches_closed_form);
    tcase_add_test(q, test_depth_relu_matches_closed_form);
    tcase_add_test(q, test_depth_square_matches_closed_form);
    tcase_add_test(q, test_depth_erf_matches_closed_form);
    tcase_add_test(q, test_depth_exp_matches_closed_form);
    tcase_add_test(q, test_depth_expect_rejects_bad_input);
    tcase_add_test(q, test_depth_expect_at_zero_variance);
    suite_add_tcase(s, q);
    TCase *m = tcase_create("map");
    tcase_set_timeout(m, 60);
    tcase_add_test(m, test_depth_square_design_example);
    tcase_add_test(m, test_depth_square_overflow_layers_match_hand_derivation);
    tcase_add_test(m, test_depth_relu_geometric_explosion);
    tcase_add_test(m, test_depth_relu_regimes);
    tcase_add_test(m, test_depth_tanh_he_stable_fixed_point);
    tcase_add_test(m, test_depth_common_activations_stay_finite);
    tcase_add_test(m, test_depth_blowup_within_for_check);
    suite_add_tcase(s, m);
    TCase *sim = tcase_create("simulate");
    tcase_set_timeout(sim, 60);
    tcase_add_test(sim, test_depth_simulation_square_agrees_within_one_layer);
    tcase_add_test(sim, test_depth_simulation_relu_he_stays_finite);
    tcase_add_test(sim, test_depth_simulation_is_deterministic);
    suite_add_tcase(s, sim);
    return s;
}
