/* cmd_depth.c - gradcheck depth: predict (and with --simulate reproduce)
 * how a deep stack of an activation's layers blows up.
 *
 * For every NAME and every initialisation (the given --sigma-w, else both
 * LeCun sigma_w = 1 and He sigma_w = sqrt 2) it runs gc_depth_analyze and,
 * with --simulate, gc_depth_simulate in float32, float16 and bfloat16.
 * Everything is computed before anything is written, so a failure writes
 * nothing; the report goes to stdout or, atomically, to -o FILE.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cli.h"
#include "activation.h"
#include "depth.h"
#include "report.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

static const char depth_usage[] =
    "usage: gradcheck depth NAME... [options]\n"
    "\n"
    "Predict what a deep fully connected network built from each activation\n"
    "does to its signal (mean-field theory: the pre-activation variance map\n"
    "q(l+1) = sigma_w^2 E[f(sqrt(q) z)^2] + sigma_b^2 and the gradient gain\n"
    "chi = sigma_w^2 E[f'(sqrt(q) z)^2] with the declared f'), its fixed\n"
    "points, and the layer at which float16, bfloat16, float32 and float64\n"
    "overflow or underflow.  Layer 0 is the input (variance q0); layer l is\n"
    "the l-th hidden layer.\n"
    "\n"
    "options:\n"
    "  -w, --sigma-w S         weight scale: weights N(0, S^2/fan_in), S in\n"
    "                          (0, 1000] (default: report both LeCun, S = 1,\n"
    "                          and He, S = sqrt 2)\n"
    "  -b, --sigma-b B         bias standard deviation, 0 to 1000 (default 0)\n"
    "  -q, --input-var Q       variance of the inputs, 1e-300 to 1e300\n"
    "                          (default 1)\n"
    "  -l, --layers L          number of layers, 1 to 10000 (default 100)\n"
    "      --simulate          also run a random MLP forward and backward in\n"
    "                          float32, float16 and bfloat16 (GSL BLAS) and\n"
    "                          report the RMS per layer and the first inf/NaN\n"
    "      --width W           simulation width, 1 to 8192 (default 512)\n"
    "  -s, --seed N            simulation seed (default 1); the loss is a\n"
    "                          random +-1 read-out of the last layer\n"
    "  -f, --format FMT        text or json (default text)\n"
    "  -o, --output FILE       write the report to FILE instead of standard\n"
    "                          output (a regular file is replaced atomically;\n"
    "                          a device or FIFO is written in place)\n"
    "  -h, --help              show this help\n"
    "\n"
    "exit status: 0 (a predicted blow-up is a finding, not a failure),\n"
    "2 bad usage or input (nothing is written).\n";

enum { FMT_TEXT, FMT_JSON };
enum { OPT_SIMULATE = 256, OPT_WIDTH };

static const gc_precision sim_precs[] = { GC_PREC_F32, GC_PREC_F16, GC_PREC_BF16 };
#define N_SIM (sizeof sim_precs / sizeof sim_precs[0])

struct entry {
    const struct gc_activation *act;
    double sigma_w, sigma_b;
    const char *init;                 /* "LeCun", "He" or NULL */
    struct gc_depth_result r;
    bool have_r;
    struct gc_depth_sim sim[N_SIM];
    bool have_sim;
    int width;
    uint64_t seed;
};

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

static void text_entry(FILE *out, const struct entry *e)
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
        for (size_t i = 0; i < N_SIM; i++)
            fprintf(out, "%s %s forward %s backward %s", i ? ";" : "",
                    gc_fp_format(sim_precs[i])->name,
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

static json_t *num(double v)
{
    if (isnan(v))
        return json_string("nan");
    if (isinf(v))
        return json_string(v < 0 ? "-inf" : "inf");
    return json_real(v);
}

static json_t *layer_num(int l)
{
    return l ? json_integer(l) : json_null();
}

static int set(json_t *obj, const char *key, json_t *val)
{
    return val ? json_object_set_new(obj, key, val) : -1;
}

static json_t *per_prec(const int *layer)
{
    json_t *o = json_object();
    int bad = !o;
    for (int p = 0; p < GC_N_PRECISIONS && !bad; p++)
        bad |= set(o, gc_fp_format((gc_precision)p)->name, layer_num(layer[p]));
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
        bad |= set(y, "layer", json_integer(l));
        bad |= set(y, "rms_h", num(s->layers[l - 1].rms_h));
        bad |= set(y, "rms_x", num(s->layers[l - 1].rms_x));
        bad |= set(y, "rms_grad", num(s->layers[l - 1].rms_grad));
        bad |= json_array_append_new(ls, y);
    }
    bad |= set(o, "forward_nonfinite_layer", layer_num(s->forward_nonfinite_layer));
    bad |= set(o, "backward_nonfinite_layer", layer_num(s->backward_nonfinite_layer));
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

static json_t *entry_json(const struct entry *e)
{
    const struct gc_depth_result *r = &e->r;
    char verdict[4096];
    json_t *o = json_object(), *fps = json_array(), *ls = json_array();
    int bad = !o || !fps || !ls;
    if (bad)
        goto fail;
    bad |= set(o, "activation", json_string(e->act->name));
    bad |= set(o, "sigma_w", num(e->sigma_w));
    bad |= set(o, "sigma_b", num(e->sigma_b));
    bad |= set(o, "input_var", num(r->params.q0));
    if (e->init)
        bad |= set(o, "init", json_string(e->init));
    bad |= set(o, "sigma_w2", num(r->params.sw2));
    bad |= set(o, "sigma_b2", num(r->params.sb2));
    bad |= set(o, "layers_requested", json_integer(r->params.layers));
    for (size_t i = 0; i < r->n_fixed && !bad; i++) {
        json_t *f = json_object();
        bad |= !f;
        bad |= set(f, "q", num(r->fixed[i].q));
        bad |= set(f, "stable", json_boolean(r->fixed[i].stable));
        bad |= set(f, "slope", num(r->fixed[i].slope));
        bad |= set(f, "chi", num(r->fixed[i].chi));
        bad |= json_array_append_new(fps, f);
    }
    bad |= json_object_set_new(o, "fixed_points", fps);
    fps = NULL;
    bad |= set(o, "every_q_fixed", json_boolean(r->every_q_fixed));
    bad |= set(o, "regime", json_string(gc_depth_regime_name(r->regime)));
    bad |= set(o, "gradients", json_string(gc_depth_gradient_name(r->gradient)));
    bad |= set(o, "growth_per_layer", num(r->growth));
    bad |= set(o, "chi_per_layer", num(r->chi_mean));
    bad |= set(o, "total_gain", num(r->total_gain));
    bad |= set(o, "overflow_layer", per_prec(r->overflow_layer));
    bad |= set(o, "underflow_layer", per_prec(r->underflow_layer));
    bad |= set(o, "gradient_overflow_layer", per_prec(r->grad_overflow_layer));
    bad |= set(o, "gradient_underflow_layer", per_prec(r->grad_underflow_layer));
    bad |= set(o, "stopped", json_boolean(r->stopped));
    bad |= set(o, "unresolved", json_boolean(r->unresolved));
    bad |= set(o, "layers_computed", json_integer(r->n_layers));
    bad |= set(o, "quadrature_relerr", num(r->max_relerr));
    bad |= set(o, "verdict", json_string(gc_depth_verdict(r, verdict, sizeof verdict)));
    for (int l = 1; l <= r->n_layers && !bad; l++) {
        const struct gc_depth_layer *y = &r->layers[l - 1];
        json_t *j = json_object();
        bad |= !j;
        bad |= set(j, "layer", json_integer(l));
        bad |= set(j, "q", num(y->q));
        bad |= set(j, "chi", num(y->chi));
        bad |= set(j, "gain", num(y->gain));
        bad |= set(j, "activation_rms", num(y->rms_act));
        bad |= json_array_append_new(ls, j);
    }
    bad |= json_object_set_new(o, "layers", ls);
    ls = NULL;
    if (e->have_sim && !bad) {
        json_t *s = json_object();
        bad |= !s;
        bad |= set(s, "width", json_integer(e->width));
        bad |= set(s, "seed", json_integer((json_int_t)e->seed));
        for (size_t i = 0; i < N_SIM && !bad; i++)
            bad |= set(s, gc_fp_format(sim_precs[i])->name, sim_json(&e->sim[i]));
        bad |= set(o, "simulation", s);
    }
    if (!bad)
        return o;
fail:
    json_decref(o);
    json_decref(fps);
    json_decref(ls);
    return NULL;
}

static bool write_json(FILE *out, const struct entry *es, size_t n)
{
    json_t *root = json_object(), *ver = json_object(), *arr = json_array();
    int bad = !root || !ver || !arr;
    if (!bad) {
        bad |= set(ver, "version", json_string(PACKAGE_VERSION));
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
    return !bad;
}

/* ------------------------------------------------------------------ */

static void free_entries(struct entry *es, size_t n)
{
    for (size_t i = 0; es && i < n; i++) {
        gc_depth_result_free(&es[i].r);
        for (size_t k = 0; k < N_SIM; k++)
            gc_depth_sim_free(&es[i].sim[k]);
    }
    free(es);
}

static int run_depth(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "sigma-w", required_argument, NULL, 'w' },
        { "sigma-b", required_argument, NULL, 'b' },
        { "input-var", required_argument, NULL, 'q' },
        { "layers", required_argument, NULL, 'l' },
        { "simulate", no_argument, NULL, OPT_SIMULATE },
        { "width", required_argument, NULL, OPT_WIDTH },
        { "seed", required_argument, NULL, 's' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    double sigma_w = 0, sigma_b = 0, q0 = 1;
    bool have_sw = false, simulate = false;
    size_t layers = 100, width = 512;
    uint64_t seed = 1;
    int format = FMT_TEXT, c;
    const char *output = NULL;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":w:b:q:l:s:f:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'w':
            if (!cli_parse_double("depth", "--sigma-w", optarg, 0, 1000, &sigma_w))
                return GC_EXIT_USAGE;
            if (!(sigma_w > 0))
                return cli_error("depth", "--sigma-w: expected a number above 0, "
                                 "got '%s'", optarg);
            have_sw = true;
            break;
        case 'b':
            if (!cli_parse_double("depth", "--sigma-b", optarg, 0, 1000, &sigma_b))
                return GC_EXIT_USAGE;
            break;
        case 'q':
            if (!cli_parse_double("depth", "--input-var", optarg, 1e-300, 1e300, &q0))
                return GC_EXIT_USAGE;
            break;
        case 'l':
            if (!cli_parse_size("depth", "--layers", optarg, 1, 10000, &layers))
                return GC_EXIT_USAGE;
            break;
        case OPT_SIMULATE: simulate = true; break;
        case OPT_WIDTH:
            if (!cli_parse_size("depth", "--width", optarg, 1, 8192, &width))
                return GC_EXIT_USAGE;
            break;
        case 's':
            if (!cli_parse_u64("depth", "--seed", optarg, &seed))
                return GC_EXIT_USAGE;
            break;
        case 'f':
            if (strcmp(optarg, "text") == 0)
                format = FMT_TEXT;
            else if (strcmp(optarg, "json") == 0)
                format = FMT_JSON;
            else
                return cli_error("depth", "--format: expected text or json, got '%s'", optarg);
            break;
        case 'o': output = optarg; break;
        case 'h':
            fputs(depth_usage, stdout);
            return GC_EXIT_OK;
        case ':':
            return cli_error("depth", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_error("depth", "unknown option '%s' (try 'gradcheck depth --help')",
                             argv[optind - 1]);
        }
    }
    size_t n_names = (size_t)(argc - optind);
    if (!n_names)
        return cli_error("depth", "no activation given ('gradcheck list' shows them)");
    for (size_t i = 0; i < n_names; i++)
        if (!gc_builtin_find(argv[optind + (int)i]))
            return cli_error("depth", "unknown activation '%s' ('gradcheck list' "
                             "shows the built-ins)", argv[optind + (int)i]);

    static const struct { double sigma_w; const char *init; } defaults[] = {
        { 1.0, "LeCun" }, { 0x1.6a09e667f3bcdp+0 /* sqrt 2 */, "He" },
    };
    size_t n_init = have_sw ? 1 : 2, n = n_names * n_init;
    struct entry *es = calloc(n, sizeof *es);
    if (!es)
        return cli_error("depth", "out of memory");
    for (size_t i = 0; i < n; i++) {
        struct entry *e = &es[i];
        struct gc_depth_params p;
        e->act = gc_builtin_find(argv[optind + (int)(i / n_init)]);
        e->sigma_w = have_sw ? sigma_w : defaults[i % n_init].sigma_w;
        e->init = have_sw ? NULL : defaults[i % n_init].init;
        e->sigma_b = sigma_b;
        gc_depth_params_default(&p);
        /* He is sigma_w^2 = 2 exactly, not the square of the rounded sqrt 2. */
        p.sw2 = have_sw ? sigma_w * sigma_w : (i % n_init ? 2.0 : 1.0);
        p.sb2 = sigma_b * sigma_b;
        p.q0 = q0;
        p.layers = (int)layers;
        const char *name = e->act->name;   /* outlives es */
        gc_status st = gc_depth_analyze(e->act, &p, &e->r);
        if (st != GC_OK) {
            free_entries(es, n);
            return cli_error("depth", "%s: %s", name, gc_strerror(st));
        }
        e->have_r = true;
        if (simulate) {
            struct gc_depth_sim_params sp = {
                (int)width, (int)layers, p.sw2, p.sb2, q0, seed, GC_PREC_F32,
                GC_DEPTH_LOSS_SIGNS,
            };
            e->width = (int)width;
            e->seed = seed;
            st = gc_depth_simulate_multi(e->act, &sp, sim_precs, N_SIM, e->sim);
            if (st != GC_OK) {
                free_entries(es, n);
                return cli_error("depth", "%s: simulation: %s", name, gc_strerror(st));
            }
            e->have_sim = true;
        }
    }

    struct cli_output out;
    if (!cli_output_open("depth", output, &out)) {
        free_entries(es, n);
        return GC_EXIT_USAGE;
    }
    bool ok = true;
    if (format == FMT_JSON) {
        ok = write_json(out.fp, es, n);
    } else {
        for (size_t i = 0; i < n; i++) {
            if (i)
                fputc('\n', out.fp);
            text_entry(out.fp, &es[i]);
        }
        ok = !ferror(out.fp);
    }
    if (!ok) {
        free_entries(es, n);
        return cli_output_fail("depth", &out, GC_IO);
    }
    free_entries(es, n);
    return cli_output_commit("depth", &out) ? GC_EXIT_OK : GC_EXIT_USAGE;
}

const struct gc_subcommand gc_cmd_depth = {
    "depth", "predict and simulate the deep-network blow-up of activations",
    depth_usage, run_depth,
};
