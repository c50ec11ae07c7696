/* report_depth.c - the depth analysis as text and JSON: per entry (an
 * activation under one initialisation) the fixed points, the regime, the
 * layers at which each precision over- and underflows, a per-layer table
 * and, with a simulation, what a random MLP did.  Numbers as in report.h:
 * round-trip decimals, "inf"/"nan" as JSON strings. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "report.h"
#include "json_util.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

const gc_precision gc_depth_sim_precs[GC_DEPTH_N_SIM] = { GC_PREC_F32, GC_PREC_F16, GC_PREC_BF16 };


/* ------------------------------------------------------------------ */
/* Predicted RMS of dL/dh_l: ms = (chi_l / sw2) chi_{l+1} ... chi_n.   */

static double pred_grad_rms(const struct gc_depth_result *r, int l)
{
    if (r->stopped || l < 1 || l > r->n_layers)
        return NAN;
    double lms = log(r->layers[l - 1].chi / r->params.sw2);
    for (int k = l + 1; k <= r->n_layers; k++)
        lms += log(r->layers[k - 1].chi);
    return exp(0.5 * lms);
}

/* %.9g with "inf"/"nan": the float32 round-trip format of report.c. */
static const char *num9(double v, char *b, size_t n)
{
    return gc_fmt_value(GC_PREC_F32, v, b, n);
}

static const char *layer_or_dash(int l, char *b, size_t n)
{
    if (l)
        snprintf(b, n, "%d", l);
    else
        snprintf(b, n, "-");
    return b;
}

/* Is layer l a row of the text table?  Every layer up to 10, every 10th,
 * the last, and every layer at which some precision over/underflows. */
static bool show_row(const struct gc_depth_result *r, int l)
{
    if (l <= 10 || l % 10 == 0 || l == r->n_layers)
        return true;
    for (int p = 0; p < GC_N_PRECISIONS; p++)
        if (l == r->overflow_layer[p] || l == r->underflow_layer[p])
            return true;
    return false;
}

/* Print text wrapped at 76 columns. */
static void put_wrapped(FILE *out, const char *text)
{
    size_t col = 0;
    const char *s = text;
    while (*s) {
        while (*s == ' ')
            s++;
        size_t len = strcspn(s, " ");
        if (!len)
            break;
        if (col && col + 1 + len > 76) {
            fputc('\n', out);
            col = 0;
        } else if (col) {
            fputc(' ', out);
            col++;
        }
        fwrite(s, 1, len, out);
        col += len;
        s += len;
    }
    fputc('\n', out);
}

static void text_entry(FILE *out, const struct gc_depth_entry *e)
{
    const struct gc_depth_result *r = &e->r;
    char b1[40], b2[40], b3[40], b4[40], b5[40], b6[40], b7[40];
    char verdict[4096];

    fprintf(out, "%s  sigma_w = %.17g%s%s%s (sigma_w^2 = %.17g), sigma_b = %.17g, "
            "q0 = %.17g, %d layers\n", e->act->name, e->sigma_w,
            e->init ? " (" : "", e->init ? e->init : "", e->init ? ")" : "",
            r->params.sw2, e->sigma_b, r->params.q0, r->params.layers);
    fprintf(out, "  fixed points:");
    if (r->every_q_fixed)
        fprintf(out, " every q (F(q) = q)%s", r->n_fixed ? "," : "");
    for (size_t i = 0; i < r->n_fixed; i++)
        fprintf(out, "%s q* = %.17g (%s, slope %s, chi %s)", i ? "," : "",
                r->fixed[i].q, r->fixed[i].stable ? "stable"
                : fabs(fabs(r->fixed[i].slope) - 1) <= 1e-9 ? "marginal" : "unstable",
                num9(r->fixed[i].slope, b1, sizeof b1), num9(r->fixed[i].chi, b2, sizeof b2));
    if (!r->every_q_fixed && !r->n_fixed)
        fprintf(out, " none in [2^-40, 2^40]");
    fprintf(out, "\n  regime: %s; gradients %s\n", gc_depth_regime_name(r->regime),
            gc_depth_gradient_name(r->gradient));
    fprintf(out, "  %-17s", "overflow layer:");
    for (int p = 0; p < GC_N_PRECISIONS; p++)
        fprintf(out, " %s %s", gc_fp_format((gc_precision)p)->name,
                layer_or_dash(r->overflow_layer[p], b1, sizeof b1));
    fprintf(out, "\n  %-17s", "underflow layer:");
    for (int p = 0; p < GC_N_PRECISIONS; p++)
        fprintf(out, " %s %s", gc_fp_format((gc_precision)p)->name,
                layer_or_dash(r->underflow_layer[p], b1, sizeof b1));
    fputc('\n', out);

    fprintf(out, "  %5s %16s %16s %16s", "layer", "q", "chi", "gain");
    if (e->have_sim)
        fprintf(out, "  %16s %16s %16s %16s", "rms h (pred)", "rms h (f32 sim)",
                "rms grad (pred)", "rms grad (sim)");
    fputc('\n', out);
    for (int l = 1; l <= r->n_layers; l++) {
        const struct gc_depth_layer *y = &r->layers[l - 1];
        if (!show_row(r, l))
            continue;
        fprintf(out, "  %5d %16s %16s %16s", l, num9(y->q, b1, sizeof b1),
                num9(y->chi, b2, sizeof b2), num9(y->gain, b3, sizeof b3));
        if (e->have_sim) {
            const struct gc_depth_sim_layer *s = &e->sim[0].layers[l - 1];
            fprintf(out, "  %16s %16s %16s %16s", num9(sqrt(y->q), b4, sizeof b4),
                    num9(s->rms_h, b5, sizeof b5),
                    num9(pred_grad_rms(r, l), b6, sizeof b6),
                    num9(s->rms_grad, b7, sizeof b7));
        }
        fputc('\n', out);
    }
    if (r->stopped)
        fprintf(out, "  (layer %d leaves the double range; later layers are not "
                "predicted)\n", r->n_layers);
    if (r->unresolved)
        fprintf(out, "  (f oscillates too fast to integrate beyond layer %d; later "
                "layers are not predicted)\n", r->n_layers);
    if (e->have_sim) {
        fprintf(out, "  simulation (width %d, seed %llu): first inf/NaN", e->width,
                (unsigned long long)e->seed);
        for (size_t i = 0; i < GC_DEPTH_N_SIM; i++)
            fprintf(out, "%s %s forward %s backward %s", i ? ";" : "",
                    gc_fp_format(gc_depth_sim_precs[i])->name,
                    layer_or_dash(e->sim[i].forward_nonfinite_layer, b1, sizeof b1),
                    layer_or_dash(e->sim[i].backward_nonfinite_layer, b2, sizeof b2));
        fputc('\n', out);
    }
    gc_depth_verdict(r, verdict, sizeof verdict);
    fputc('\n', out);
    put_wrapped(out, verdict);
}

/* ------------------------------------------------------------------ */
/* JSON.                                                              */

static json_t *layer_num(int l)
{
    return l ? json_integer(l) : json_null();
}

static json_t *per_prec(const int *layer)
{
    json_t *o = json_object();
    int bad = !o;
    for (int p = 0; p < GC_N_PRECISIONS && !bad; p++)
        bad |= gc_json_set(o, gc_fp_format((gc_precision)p)->name, layer_num(layer[p]));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *sim_json(const struct gc_depth_sim *s)
{
    json_t *o = json_object(), *ls = json_array();
    int bad = !o || !ls;
    for (int l = 1; !bad && l <= s->n_layers; l++) {
        json_t *y = json_object();
        bad |= !y;
        bad |= gc_json_set(y, "layer", json_integer(l));
        bad |= gc_json_set(y, "rms_h", gc_json_num(s->layers[l - 1].rms_h));
        bad |= gc_json_set(y, "rms_x", gc_json_num(s->layers[l - 1].rms_x));
        bad |= gc_json_set(y, "rms_grad", gc_json_num(s->layers[l - 1].rms_grad));
        bad |= json_array_append_new(ls, y);
    }
    bad |= gc_json_set(o, "forward_nonfinite_layer", layer_num(s->forward_nonfinite_layer));
    bad |= gc_json_set(o, "backward_nonfinite_layer", layer_num(s->backward_nonfinite_layer));
    if (!bad) {
        bad |= json_object_set_new(o, "layers", ls);
        ls = NULL;
    }
    if (bad) {
        json_decref(o);
        json_decref(ls);
        return NULL;
    }
    return o;
}

static json_t *entry_json(const struct gc_depth_entry *e)
{
    const struct gc_depth_result *r = &e->r;
    char verdict[4096];
    json_t *o = json_object(), *fps = json_array(), *ls = json_array();
    int bad = !o || !fps || !ls;
    if (bad)
        goto fail;
    bad |= gc_json_set(o, "activation", json_string(e->act->name));
    bad |= gc_json_set(o, "sigma_w", gc_json_num(e->sigma_w));
    bad |= gc_json_set(o, "sigma_b", gc_json_num(e->sigma_b));
    bad |= gc_json_set(o, "input_var", gc_json_num(r->params.q0));
    if (e->init)
        bad |= gc_json_set(o, "init", json_string(e->init));
    bad |= gc_json_set(o, "sigma_w2", gc_json_num(r->params.sw2));
    bad |= gc_json_set(o, "sigma_b2", gc_json_num(r->params.sb2));
    bad |= gc_json_set(o, "layers_requested", json_integer(r->params.layers));
    for (size_t i = 0; i < r->n_fixed && !bad; i++) {
        json_t *f = json_object();
        bad |= !f;
        bad |= gc_json_set(f, "q", gc_json_num(r->fixed[i].q));
        bad |= gc_json_set(f, "stable", json_boolean(r->fixed[i].stable));
        bad |= gc_json_set(f, "slope", gc_json_num(r->fixed[i].slope));
        bad |= gc_json_set(f, "chi", gc_json_num(r->fixed[i].chi));
        bad |= json_array_append_new(fps, f);
    }
    bad |= json_object_set_new(o, "fixed_points", fps);
    fps = NULL;
    bad |= gc_json_set(o, "every_q_fixed", json_boolean(r->every_q_fixed));
    bad |= gc_json_set(o, "regime", json_string(gc_depth_regime_name(r->regime)));
    bad |= gc_json_set(o, "gradients", json_string(gc_depth_gradient_name(r->gradient)));
    bad |= gc_json_set(o, "growth_per_layer", gc_json_num(r->growth));
    bad |= gc_json_set(o, "chi_per_layer", gc_json_num(r->chi_mean));
    bad |= gc_json_set(o, "total_gain", gc_json_num(r->total_gain));
    bad |= gc_json_set(o, "overflow_layer", per_prec(r->overflow_layer));
    bad |= gc_json_set(o, "underflow_layer", per_prec(r->underflow_layer));
    bad |= gc_json_set(o, "gradient_overflow_layer", per_prec(r->grad_overflow_layer));
    bad |= gc_json_set(o, "gradient_underflow_layer", per_prec(r->grad_underflow_layer));
    bad |= gc_json_set(o, "stopped", json_boolean(r->stopped));
    bad |= gc_json_set(o, "unresolved", json_boolean(r->unresolved));
    bad |= gc_json_set(o, "layers_computed", json_integer(r->n_layers));
    bad |= gc_json_set(o, "quadrature_relerr", gc_json_num(r->max_relerr));
    bad |= gc_json_set(o, "verdict", json_string(gc_depth_verdict(r, verdict, sizeof verdict)));
    for (int l = 1; l <= r->n_layers && !bad; l++) {
        const struct gc_depth_layer *y = &r->layers[l - 1];
        json_t *j = json_object();
        bad |= !j;
        bad |= gc_json_set(j, "layer", json_integer(l));
        bad |= gc_json_set(j, "q", gc_json_num(y->q));
        bad |= gc_json_set(j, "chi", gc_json_num(y->chi));
        bad |= gc_json_set(j, "gain", gc_json_num(y->gain));
        bad |= gc_json_set(j, "activation_rms", gc_json_num(y->rms_act));
        bad |= json_array_append_new(ls, j);
    }
    bad |= json_object_set_new(o, "layers", ls);
    ls = NULL;
    if (e->have_sim && !bad) {
        json_t *s = json_object();
        bad |= !s;
        bad |= gc_json_set(s, "width", json_integer(e->width));
        bad |= gc_json_set(s, "seed", json_integer((json_int_t)e->seed));
        for (size_t i = 0; i < GC_DEPTH_N_SIM && !bad; i++)
            bad |= gc_json_set(s, gc_fp_format(gc_depth_sim_precs[i])->name, sim_json(&e->sim[i]));
        bad |= gc_json_set(o, "simulation", s);
    }
    if (!bad)
        return o;
fail:
    json_decref(o);
    json_decref(fps);
    json_decref(ls);
    return NULL;
}

gc_status gc_report_depth_json(FILE *out, const struct gc_depth_entry *es, size_t n)
{
    json_t *root = json_object(), *ver = json_object(), *arr = json_array();
    int bad = !root || !ver || !arr;
    if (!bad) {
        bad |= gc_json_set(ver, "version", json_string(PACKAGE_VERSION));
        bad |= json_object_set_new(root, "gradcheck", ver);
        ver = NULL;
        for (size_t i = 0; i < n && !bad; i++)
            bad |= json_array_append_new(arr, entry_json(&es[i]));
        bad |= json_object_set_new(root, "depth", arr);
        arr = NULL;
    }
    bad = bad || json_dumpf(root, out, JSON_INDENT(1) | JSON_REAL_PRECISION(17)) != 0
          || fputc('\n', out) == EOF;
    json_decref(root);
    json_decref(ver);
    json_decref(arr);
    return bad ? GC_IO : GC_OK;
}

/* ------------------------------------------------------------------ */

gc_status gc_report_depth_text(FILE *out, const struct gc_depth_entry *es, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc('\n', out);
        text_entry(out, &es[i]);
    }
    return ferror(out) ? GC_IO : GC_OK;
}
