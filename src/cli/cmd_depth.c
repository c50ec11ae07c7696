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
#include "cli.h"
#include "options.h"
#include "activation.h"
#include "depth.h"
#include "report.h"

enum { FMT_TEXT, FMT_JSON };
enum { OPT_SIMULATE = 256, OPT_WIDTH };

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
    "options:\n";

/* After the options: exit statuses and notes. */
static const char depth_usage_tail[] =
    "\n"
    "exit status: 0 (a predicted blow-up is a finding, not a failure),\n"
    "2 bad usage or input (nothing is written).\n";

static const struct cli_opt depth_opts[] = {
    { "sigma-w", 'w', "S",
      "weight scale: weights N(0, S^2/fan_in), S in\n"
      "(0, 1000] (default: report both LeCun, S = 1,\n"
      "and He, S = sqrt 2)" },
    { "sigma-b", 'b', "B",
      "bias standard deviation, 0 to 1000 (default 0)" },
    { "input-var", 'q', "Q",
      "variance of the inputs, 1e-300 to 1e300\n"
      "(default 1)" },
    { "layers", 'l', "L",
      "number of layers, 1 to 10000 (default 100)" },
    { "simulate", OPT_SIMULATE, NULL,
      "also run a random MLP forward and backward in\n"
      "float32, float16 and bfloat16 (GSL BLAS) and\n"
      "report the RMS per layer and the first inf/NaN" },
    { "width", OPT_WIDTH, "W",
      "simulation width, 1 to 8192 (default 512)" },
    { "seed", 's', "N",
      "simulation seed (default 1); the loss is a\n"
      "random +-1 read-out of the last layer" },
    { "format", 'f', "FMT",
      "text or json (default text)" },
    { "output", 'o', "FILE",
      "write the report to FILE instead of standard\n"
      "output (a regular file is replaced atomically;\n"
      "a device or FIFO is written in place)" },
    { "help", 'h', NULL,
      "show this help" },
};
#define N_OPTS (sizeof depth_opts / sizeof depth_opts[0])


static void free_entries(struct gc_depth_entry *es, size_t n)
{
    for (size_t i = 0; es && i < n; i++) {
        gc_depth_result_free(&es[i].r);
        for (size_t k = 0; k < GC_DEPTH_N_SIM; k++)
            gc_depth_sim_free(&es[i].sim[k]);
    }
    free(es);
}

/* What the command line asked for. */
struct depth_args {
    double sigma_w, sigma_b, q0;
    bool have_sw, simulate;
    size_t layers, width;
    uint64_t seed;
    int format;
    const char *output;
    char **names;
    size_t n_names;
};

/* One option into a; false after one line on stderr. */
static bool parse_option(int c, struct depth_args *a)
{
    switch (c) {
    case 'w':
        if (!cli_parse_double("depth", "--sigma-w", optarg, 0, 1000, &a->sigma_w))
            return false;
        if (!(a->sigma_w > 0)) {
            cli_error("depth", "--sigma-w: expected a number above 0, got '%s'", optarg);
            return false;
        }
        a->have_sw = true;
        return true;
    case 'b': return cli_parse_double("depth", "--sigma-b", optarg, 0, 1000, &a->sigma_b);
    case 'q': return cli_parse_double("depth", "--input-var", optarg, 1e-300, 1e300, &a->q0);
    case 'l': return cli_parse_size("depth", "--layers", optarg, 1, 10000, &a->layers);
    case OPT_SIMULATE: a->simulate = true; return true;
    case OPT_WIDTH: return cli_parse_size("depth", "--width", optarg, 1, 8192, &a->width);
    case 's': return cli_parse_u64("depth", "--seed", optarg, &a->seed);
    case 'f':
        if (strcmp(optarg, "text") == 0 || strcmp(optarg, "json") == 0) {
            a->format = optarg[0] == 't' ? FMT_TEXT : FMT_JSON;
            return true;
        }
        cli_error("depth", "--format: expected text or json, got '%s'", optarg);
        return false;
    case 'o': a->output = optarg; return true;
    default: return false;
    }
}

/* The command line into a: -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, struct depth_args *a)
{
    struct option longopts[CLI_MAX_OPTS];
    char shortopts[2 * CLI_MAX_OPTS + 2];
    if (!cli_opt_tables(depth_opts, N_OPTS, longopts, shortopts, sizeof shortopts))
        return cli_error("depth", "internal error: option table too large");
    *a = (struct depth_args){ .q0 = 1, .layers = 100, .width = 512, .seed = 1,
                              .format = FMT_TEXT };
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (c == 'h') {
            cli_usage(stdout, &gc_cmd_depth);
            return GC_EXIT_OK;
        }
        if (c == ':')
            return cli_error("depth", "option '%s' needs a value", argv[optind - 1]);
        if (c == '?')
            return cli_error("depth", "unknown option '%s' (try 'gradcheck depth --help')",
                             argv[optind - 1]);
        if (!parse_option(c, a))
            return GC_EXIT_USAGE;
    }
    a->names = argv + optind;
    a->n_names = (size_t)(argc - optind);
    if (!a->n_names)
        return cli_error("depth", "no activation given ('gradcheck list' shows them)");
    for (size_t i = 0; i < a->n_names; i++)
        if (!gc_builtin_find(a->names[i]))
            return cli_error("depth", "unknown activation '%s' ('gradcheck list' "
                             "shows the built-ins)", a->names[i]);
    return -1;
}

/* Entry i of n_init per activation: the analysis and, if asked, the
 * simulation.  GC_EXIT_OK, or GC_EXIT_USAGE after one line on stderr. */
static int compute_entry(const struct depth_args *a, size_t i, size_t n_init,
                         struct gc_depth_entry *e)
{
    static const struct { double sigma_w; const char *init; } defaults[] = {
        { 1.0, "LeCun" }, { 0x1.6a09e667f3bcdp+0 /* sqrt 2 */, "He" },
    };
    struct gc_depth_params p;
    e->act = gc_builtin_find(a->names[i / n_init]);
    e->sigma_w = a->have_sw ? a->sigma_w : defaults[i % n_init].sigma_w;
    e->init = a->have_sw ? NULL : defaults[i % n_init].init;
    e->sigma_b = a->sigma_b;
    gc_depth_params_default(&p);
    /* He is sigma_w^2 = 2 exactly, not the square of the rounded sqrt 2. */
    p.sw2 = a->have_sw ? a->sigma_w * a->sigma_w : (i % n_init ? 2.0 : 1.0);
    p.sb2 = a->sigma_b * a->sigma_b;
    p.q0 = a->q0;
    p.layers = (int)a->layers;
    gc_status st = gc_depth_analyze(e->act, &p, &e->r);
    if (st != GC_OK)
        return cli_error("depth", "%s: %s", e->act->name, gc_strerror(st));
    e->have_r = true;
    if (!a->simulate)
        return GC_EXIT_OK;
    struct gc_depth_sim_params sp = {
        (int)a->width, (int)a->layers, p.sw2, p.sb2, a->q0, a->seed, GC_PREC_F32,
        GC_DEPTH_LOSS_SIGNS,
    };
    e->width = (int)a->width;
    e->seed = a->seed;
    st = gc_depth_simulate_multi(e->act, &sp, gc_depth_sim_precs, GC_DEPTH_N_SIM, e->sim);
    if (st != GC_OK)
        return cli_error("depth", "%s: simulation: %s", e->act->name, gc_strerror(st));
    e->have_sim = true;
    return GC_EXIT_OK;
}

static int run_depth(int argc, char **argv)
{
    struct depth_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    /* Everything is computed before anything is written. */
    size_t n_init = a.have_sw ? 1 : 2, n = a.n_names * n_init;
    struct gc_depth_entry *es = calloc(n, sizeof *es);
    if (!es)
        return cli_error("depth", "out of memory");
    rc = GC_EXIT_OK;
    for (size_t i = 0; i < n && rc == GC_EXIT_OK; i++)
        rc = compute_entry(&a, i, n_init, &es[i]);
    struct cli_output out;
    if (rc == GC_EXIT_OK && !cli_output_open("depth", a.output, &out))
        rc = GC_EXIT_USAGE;
    if (rc == GC_EXIT_OK) {
        gc_status st = a.format == FMT_JSON ? gc_report_depth_json(out.fp, es, n)
                                            : gc_report_depth_text(out.fp, es, n);
        if (st != GC_OK)
            rc = cli_output_fail("depth", &out, st);
        else if (!cli_output_commit("depth", &out))
            rc = GC_EXIT_USAGE;
    }
    free_entries(es, n);
    return rc;
}

const struct gc_subcommand gc_cmd_depth = {
    "depth", "predict and simulate the deep-network blow-up of activations",
    depth_usage, depth_opts, N_OPTS, depth_usage_tail, run_depth,
};
