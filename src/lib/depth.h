/* depth.h - signal propagation and deep-network blow-up (gradcheck depth).
 *
 * Mean-field theory of a fully connected network (Poole et al. 2016,
 * Schoenholz et al. 2017) with weights N(0, sw2/fan_in) and biases
 * N(0, sb2): the pre-activation variance of layer l+1 is
 *
 *     q(l+1) = F(q(l)) = sw2 E[f(sqrt(q(l)) z)^2] + sb2,   z ~ N(0, 1),
 *
 * and the mean squared gradient grows by chi(q(l)) = sw2 E[f'(sqrt(q(l)) z)^2]
 * going back through layer l.  Layer 1 is the first hidden layer: q(1) =
 * sw2 q0 + sb2 when the input x0 has variance q0 per component (the input is
 * not passed through f).  The per-layer table, the fixed points of F, the
 * blow-up layer per precision and a regime in words are computed by
 * gc_depth_analyze; gc_depth_simulate runs a real random MLP to confirm them.
 * See depth.c for the quadrature and every threshold.
 */
#ifndef GC_DEPTH_H
#define GC_DEPTH_H

#include <stdbool.h>
#include <stdint.h>
#include "gradcheck.h"

/* Which Gaussian expectation gc_depth_expect computes, x = sqrt(q) z. */
typedef enum {
    GC_DEPTH_F2,     /* E[f(x)^2] */
    GC_DEPTH_DF2,    /* E[f'(x)^2], with the declared df */
    GC_DEPTH_FDFX,   /* E[f(x) f'(x) x] / q = d E[f(x)^2] / dq */
} gc_depth_moment;

/* Relative accuracy every expectation aims at, and the worst accepted:
 * GC_DEPTH_RTOL is reached unless f's own double rounding is noisier
 * (exp at large x, see depth.c); up to GC_DEPTH_RTOL_MAX the result is
 * still returned with GC_OK and its error estimate. */
#define GC_DEPTH_RTOL 1e-14
#define GC_DEPTH_RTOL_MAX 1e-12

/* E[g(sqrt(q) z)], z ~ N(0,1), for the moment `which` of activation a
 * (its f64/df64, or f32/df32 widened when those are missing), q >= 0.
 * *value is the expectation (+inf when f overflows double where the
 * Gaussian weight is not negligible); *relerr (may be NULL) its estimated
 * relative error, at most GC_DEPTH_RTOL_MAX on success.
 * Returns GC_OK, GC_INVAL (NULL pointers, q < 0 or NaN, no f/df), or
 * GC_NUMERIC when the quadrature cannot reach GC_DEPTH_RTOL_MAX (then *value
 * is the best estimate and *relerr says how good it is). */
gc_status gc_depth_expect(const struct gc_activation *a, gc_depth_moment which,
                          double q, double *value, double *relerr) GC_WARN_UNUSED;

/* The variance map and the gradient gain at q: *q_next = sw2 E[f^2] + sb2,
 * *chi = sw2 E[f'^2] (either pointer may be NULL).  Errors as
 * gc_depth_expect. */
gc_status gc_depth_map(const struct gc_activation *a, double sw2, double sb2,
                       double q, double *q_next, double *chi) GC_WARN_UNUSED;

/* ------------------------------------------------------------------ */
/* The analysis.                                                      */

struct gc_depth_params {
    double sw2;     /* sigma_w^2 > 0 (LeCun 1, He 2) */
    double sb2;     /* sigma_b^2 >= 0 */
    double q0;      /* variance of the input components, > 0 */
    int layers;     /* number of hidden layers, 1 .. GC_DEPTH_MAX_LAYERS */
};
#define GC_DEPTH_MAX_LAYERS 100000

/* sw2 = 1, sb2 = 0, q0 = 1, layers = 100. */
void gc_depth_params_default(struct gc_depth_params *p);

struct gc_depth_layer {
    int layer;      /* 1-based */
    double q;       /* pre-activation variance q(l); +inf once beyond double */
    double rms_act; /* RMS of the activations, sqrt(E[f(h_l)^2]) */
    double chi;     /* sw2 E[f'(h_l)^2]: mean squared gradient gain of layer l */
    double gain;    /* chi(1) ... chi(l): cumulative gain from layer l to the input */
};

struct gc_depth_fixed_point {
    double q;       /* q* with F(q*) = q*, relative accuracy ~1e-13 */
    double slope;   /* F'(q*) = dq(l+1)/dq(l) at q* */
    double chi;     /* chi(q*) */
    bool stable;    /* |slope| < 1 */
};

typedef enum {
    GC_DEPTH_REGIME_STABLE,      /* q converges to a finite stable q* > 0 */
    GC_DEPTH_REGIME_MARGINAL,    /* F(q) = q: every variance is kept */
    GC_DEPTH_REGIME_VANISHING,   /* q shrinks towards 0 */
    GC_DEPTH_REGIME_EXPLODING,   /* q grows geometrically */
    GC_DEPTH_REGIME_DOUBLE_EXP,  /* q grows double-exponentially (or faster) */
    GC_N_DEPTH_REGIMES
} gc_depth_regime;

typedef enum {
    GC_DEPTH_GRAD_PRESERVED,     /* total gain within [0.1, 10] */
    GC_DEPTH_GRAD_VANISHING,     /* total gain below 0.1 */
    GC_DEPTH_GRAD_EXPLODING,     /* total gain above 10 (or inf) */
} gc_depth_gradient;

#define GC_DEPTH_MAX_FIXED_POINTS 16

struct gc_depth_result {
    const struct gc_activation *act;
    struct gc_depth_params params;
    /* Fixed points in ascending q (q = 0 included when it is one). */
    struct gc_depth_fixed_point fixed[GC_DEPTH_MAX_FIXED_POINTS];
    size_t n_fixed;
    bool every_q_fixed;          /* F(q) = q on the whole scan (relu at He) */
    /* Per-layer trajectory from q0: n_layers entries, n_layers <= layers;
     * fewer when the map left the double range (stopped = true: the last
     * entry is the first layer with q or rms_act beyond DBL_MAX). */
    struct gc_depth_layer *layers;
    int n_layers;
    bool stopped;
    /* The prediction ended early (at n_layers, finite) because f oscillates
     * too fast to integrate at the next layer's variance (sin, snake with
     * q beyond ~2^20); the over/underflow layers then cover n_layers only. */
    bool unresolved;
    /* First layer (1-based) whose activations overflow p: the RMS of the
     * pre-activations sqrt(q) or of the activations rms_act exceeds p's
     * largest finite value (or q is inf/NaN); 0 when none within the
     * layers.  underflow: first layer whose pre-activation RMS sqrt(q)
     * falls below p's smallest normal. */
    int overflow_layer[GC_N_PRECISIONS];
    int underflow_layer[GC_N_PRECISIONS];
    /* Backward pass through all n_layers (only when the forward pass is
     * finite): the layer whose input gradient, RMS sqrt(chi(l)...chi(n)),
     * is the first (going back from the output) to exceed p's max or to
     * fall below its smallest normal; 0 when none. */
    int grad_overflow_layer[GC_N_PRECISIONS];
    int grad_underflow_layer[GC_N_PRECISIONS];
    gc_depth_regime regime;
    gc_depth_gradient gradient;
    double growth;               /* q(n)/q(n-1) at the last finite layers */
    double chi_mean;             /* geometric mean of chi over the layers */
    double total_gain;           /* gain of the last computed layer */
    double max_relerr;           /* largest quadrature error estimate used */
};

/* Analyse activation a with parameters p: trajectory, fixed points
 * (scanned on q = 2^-40 .. 2^40, refined by bisection), blow-up layers
 * per precision and the regime.  On GC_OK *out owns memory: free it with
 * gc_depth_result_free.  Returns GC_INVAL (bad parameters, no f/df),
 * GC_NOMEM, or GC_NUMERIC (a quadrature failed; *out is then empty). */
gc_status gc_depth_analyze(const struct gc_activation *a,
                           const struct gc_depth_params *p,
                           struct gc_depth_result *out) GC_WARN_UNUSED;
void gc_depth_result_free(struct gc_depth_result *r);

/* "stable fixed point", "marginal", "vanishing", "exploding (geometric)",
 * "double-exponential growth"; never NULL. */
const char *gc_depth_regime_name(gc_depth_regime r);
/* "preserved", "vanishing", "exploding"; never NULL. */
const char *gc_depth_gradient_name(gc_depth_gradient g);

/* One paragraph in plain words (no trailing newline) describing r: what
 * the variance does, where each precision overflows, what happens to the
 * gradients.  Truncated to size; returns buf. */
const char *gc_depth_verdict(const struct gc_depth_result *r, char *buf,
                             size_t size);

/* For `gradcheck check`: does a's float32 forward pass overflow within
 * `layers` layers (q0 = 1, sb2 = 0) under LeCun (sw2 = 1) or He (sw2 = 2)
 * initialisation?  On GC_OK sets *blows_up, and when true the earliest
 * such *layer, its *prec (GC_PREC_F32) and *sw2 (LeCun first on a tie);
 * any of layer, prec, sw2 may be NULL.  Errors as gc_depth_analyze. */
gc_status gc_depth_blowup_within(const struct gc_activation *a, int layers,
                                 bool *blows_up, int *layer,
                                 gc_precision *prec, double *sw2) GC_WARN_UNUSED;

/* ------------------------------------------------------------------ */
/* Simulation of a random MLP.                                        */

typedef enum {
    GC_DEPTH_LOSS_SIGNS,  /* L = sum c_i f(h_L,i), c_i = +-1 drawn from the seed */
    GC_DEPTH_LOSS_SUM,    /* L = sum f(h_L,i) */
} gc_depth_loss;

struct gc_depth_sim_params {
    int width;          /* units per layer (and input width), >= 1 */
    int layers;         /* >= 1 */
    double sw2, sb2, q0;
    uint64_t seed;      /* mt19937 seed (layer l draws from seed + l) */
    gc_precision prec;  /* GC_PREC_F32, GC_PREC_F16 or GC_PREC_BF16 */
    gc_depth_loss loss;
};

struct gc_depth_sim_layer {
    double rms_h;       /* RMS of the pre-activations h_l */
    double rms_x;       /* RMS of the activations x_l = f(h_l) */
    double rms_grad;    /* RMS of dL/dh_l, L = sum of the last layer */
};

struct gc_depth_sim {
    int n_layers;
    struct gc_depth_sim_layer *layers;   /* layers[l-1] is layer l */
    int forward_nonfinite_layer;  /* first l with inf/NaN in h_l or x_l, 0 if none */
    int backward_nonfinite_layer; /* first l met going back (L, L-1, ...)
                                     with inf/NaN in dL/dh_l, 0 if none */
};

/* Forward and backward pass of a width x width x ... MLP with the declared
 * f32/df32 of a, weights N(0, sw2/width) and biases N(0, sb2) in float32
 * (gsl_blas_sgemv), input h_0 ~ N(0, q0) passed through f like every
 * layer (layer l: h_l = W_l f(h_{l-1}) + b_l, as in the mean-field map).
 * For GC_PREC_F16/BF16 every layer's outputs (h, f(h), dL/dh, dL/dx) are
 * rounded to that format; weights stay float32 (mixed precision).
 *
 * The loss.  GC_DEPTH_LOSS_SUM backpropagates dL/dx_L = 1, which is
 * correlated with the forward weights (W^T 1{W x > 0} has a coherent part
 * along x), so the gradient RMS drifts away from the mean-field prediction
 * (3x to 6x for relu at He, width 512, 200 layers); GC_DEPTH_LOSS_SIGNS
 * (random +-1 read-out) restores the independence the prediction assumes
 * and is what `gradcheck depth --simulate` uses.  Either finds the same
 * first inf/NaN layers.
 *
 * On GC_OK free *out with gc_depth_sim_free.  Returns GC_INVAL, GC_NOMEM
 * or GC_NUMERIC (a GSL call failed). */
gc_status gc_depth_simulate(const struct gc_activation *a,
                            const struct gc_depth_sim_params *p,
                            struct gc_depth_sim *out) GC_WARN_UNUSED;

/* The same network (same seed: same input, weights and loss signs) run in
 * each of precs[0..n_precs-1] in lockstep, so every layer's weights are
 * drawn once (they are kept for the backward pass when L * width^2 floats
 * fit in 128 MiB, else drawn again); p->prec is ignored, outs[k] is the
 * run in precs[k].  1 <= n_precs <= 8.  Errors as gc_depth_simulate, and
 * on error every outs[k] is empty. */
gc_status gc_depth_simulate_multi(const struct gc_activation *a,
                                  const struct gc_depth_sim_params *p,
                                  const gc_precision *precs, size_t n_precs,
                                  struct gc_depth_sim *outs) GC_WARN_UNUSED;
void gc_depth_sim_free(struct gc_depth_sim *s);

#endif
