/* depth_verdict.c - the depth analysis in plain words (gc_depth_verdict):
 * what the variance does, where each precision over- or underflows, what
 * the gradients do.  Kept apart from the numerics of depth.c: prose
 * changes should never touch the quadrature. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include "depth.h"
#include "report.h"

struct sbuf {
    char *buf;
    size_t size, len;
};

__attribute__((format(printf, 2, 3)))
static void put(struct sbuf *s, const char *fmt, ...)
{
    va_list ap;
    if (s->len >= s->size)
        return;
    va_start(ap, fmt);
    int n = vsnprintf(s->buf + s->len, s->size - s->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        s->len += (size_t)n;
    if (s->len >= s->size)
        s->len = s->size;
}

/* %.9g with "inf"/"nan": the float32 round-trip format of report.c. */
static const char *fmt9(double v, char *b, size_t n)
{
    return gc_fmt_value(GC_PREC_F32, v, b, n);
}

static void put_layers(struct sbuf *s, const int *layer, const char *none_text,
                       int n_layers)
{
    int listed = 0;
    for (int p = 0; p < GC_N_PRECISIONS; p++) {
        if (!layer[p])
            continue;
        put(s, "%s%s at layer %d", listed ? ", " : "", gc_fp_format((gc_precision)p)->name,
            layer[p]);
        listed++;
    }
    if (listed && listed < GC_N_PRECISIONS) {
        put(s, " (");
        int k = 0;
        for (int p = 0; p < GC_N_PRECISIONS; p++)
            if (!layer[p])
                put(s, "%s%s", k++ ? ", " : "", gc_fp_format((gc_precision)p)->name);
        put(s, " %s within %d layers)", k > 1 ? "do not" : "does not", n_layers);
    }
    if (!listed)
        put(s, "%s", none_text);
}

/* The forward signal: how the variance evolves, by regime. */
static void forward_sentence(struct sbuf *sb, const struct gc_depth_result *r, int nf)
{
    struct sbuf s = *sb;
    char b1[40], b2[40], b3[40];
    const struct gc_depth_params *p = &r->params;
    double qn = nf >= 1 ? r->layers[nf - 1].q : p->q0;
    const struct gc_depth_fixed_point *unstable = NULL, *stable = NULL;
    for (size_t i = 0; i < r->n_fixed; i++) {
        if (r->fixed[i].q > 0 && !r->fixed[i].stable && !unstable)
            unstable = &r->fixed[i];
        if (r->fixed[i].q > 0 && r->fixed[i].stable && !stable)
            stable = &r->fixed[i];
    }

    switch (r->regime) {
    case GC_DEPTH_REGIME_DOUBLE_EXP:
        put(&s, "The pre-activation variance grows double-exponentially "
            "(each layer raises it to a power above 1: q =");
        for (int l = 1; l <= nf && l <= 4; l++)
            put(&s, " %s,", fmt9(r->layers[l - 1].q, b1, sizeof b1));
        put(&s, " ...)");
        if (unstable)
            put(&s, "; only inputs with variance below the unstable fixed point "
                "q* = %s would shrink instead", fmt9(unstable->q, b1, sizeof b1));
        put(&s, ".");
        break;
    case GC_DEPTH_REGIME_EXPLODING:
        put(&s, "The pre-activation variance grows geometrically, by a factor %s "
            "per layer (q(%d) = %s).", fmt9(r->growth, b1, sizeof b1), nf,
            fmt9(qn, b2, sizeof b2));
        break;
    case GC_DEPTH_REGIME_VANISHING:
        put(&s, "The pre-activation variance shrinks towards 0 (q(%d) = %s from "
            "q0 = %s; a factor %s per layer at the end%s).", nf,
            fmt9(qn, b1, sizeof b1), fmt9(p->q0, b2, sizeof b2),
            fmt9(r->growth, b3, sizeof b3),
            r->growth > 0.95 ? ", so slowly: more like 1/l than geometric" : "");
        break;
    case GC_DEPTH_REGIME_STABLE:
        put(&s, "The pre-activation variance converges to the stable fixed point "
            "q* = %s (slope %s), so the forward signal stays bounded at any depth.",
            fmt9(stable ? stable->q : qn, b1, sizeof b1),
            fmt9(stable ? stable->slope : (double)NAN, b2, sizeof b2));
        break;
    default:
        put(&s, "The pre-activation variance is %s (q(%d) = %s from q0 = %s): the "
            "initialisation is critical for this activation.",
            r->every_q_fixed ? "preserved exactly, every q being a fixed point"
                             : "roughly preserved",
            nf, fmt9(qn, b1, sizeof b1), fmt9(p->q0, b2, sizeof b2));
        break;
    }
    *sb = s;
}

/* Where the activations over- and underflow, and where the analysis
 * itself stops being reliable. */
static void range_sentences(struct sbuf *sb, const struct gc_depth_result *r, int n)
{
    struct sbuf s = *sb;
    const struct gc_depth_params *p = &r->params;
    int any_over = 0;
    for (int q = 0; q < GC_N_PRECISIONS; q++)
        any_over |= r->overflow_layer[q];
    if (!any_over) {
        put(&s, " The activations overflow no precision within %d layers.", n);
    } else {
        put(&s, " Activations overflow ");
        put_layers(&s, r->overflow_layer, "", p->layers);
        put(&s, r->overflow_layer[GC_PREC_F32]
                ? "; from there a float32 network outputs inf and its loss is NaN."
                : ".");
    }
    int any_under = 0;
    for (int q = 0; q < GC_N_PRECISIONS; q++)
        any_under |= r->underflow_layer[q];
    if (any_under) {
        put(&s, " They underflow below the smallest normal of ");
        put_layers(&s, r->underflow_layer, "", p->layers);
        put(&s, ".");
    }
    if (r->stopped)
        put(&s, " The variance leaves the double range at layer %d; later layers "
            "are not computed.", n);
    if (r->unresolved)
        put(&s, " At layer %d's variance f oscillates faster than the quadrature "
            "can resolve; the prediction ends at layer %d.", n + 1, n);
    if (r->max_relerr > GC_DEPTH_RTOL_MAX)
        put(&s, " (f oscillates fast at the larger variances: the expectations "
            "there are good to %.2g relative only.)", r->max_relerr);
    *sb = s;
}

/* The backward signal: the gradient gain, and where gradients over- or
 * underflow. */
static void gradient_sentences(struct sbuf *sb, const struct gc_depth_result *r, int nf)
{
    struct sbuf s = *sb;
    char b1[40], b2[40], b3[40];
    const struct gc_depth_params *p = &r->params;
    switch (r->gradient) {
    case GC_DEPTH_GRAD_VANISHING:
        put(&s, " Gradients vanish");
        break;
    case GC_DEPTH_GRAD_EXPLODING:
        put(&s, " Gradients explode");
        break;
    default:
        put(&s, " Gradients are preserved");
        break;
    }
    put(&s, ": the mean squared gradient reaching the input is %s times the "
        "output's after %d layers (chi = %s per layer on average, %s at layer %d).",
        fmt9(r->total_gain, b1, sizeof b1), nf, fmt9(r->chi_mean, b2, sizeof b2),
        fmt9(nf >= 1 ? r->layers[nf - 1].chi : (double)NAN, b3, sizeof b3), nf);
    int any_g = 0;
    for (int q = 0; q < GC_N_PRECISIONS; q++)
        any_g |= r->grad_overflow_layer[q] | r->grad_underflow_layer[q];
    if (any_g) {
        int go = 0, gu = 0;
        for (int q = 0; q < GC_N_PRECISIONS; q++) {
            go |= r->grad_overflow_layer[q];
            gu |= r->grad_underflow_layer[q];
        }
        if (go) {
            put(&s, " In the backward pass gradients overflow ");
            put_layers(&s, r->grad_overflow_layer, "", p->layers);
            put(&s, ".");
        }
        if (gu) {
            put(&s, " In the backward pass gradients underflow ");
            put_layers(&s, r->grad_underflow_layer, "", p->layers);
            put(&s, ".");
        }
    }
    *sb = s;
}

const char *gc_depth_verdict(const struct gc_depth_result *r, char *buf, size_t size)
{
    struct sbuf s = { buf, size, 0 };
    if (!buf || size == 0)
        return buf;
    buf[0] = '\0';
    if (!r || !r->layers || r->n_layers < 1)
        return buf;
    int n = r->n_layers, nf = r->stopped ? n - 1 : n;
    forward_sentence(&s, r, nf);
    range_sentences(&s, r, n);
    gradient_sentences(&s, r, nf);
    return buf;
}

