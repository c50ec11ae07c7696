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
#include "activation.h"
#include "depth.h"
#include "report.h"

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

static void free_entries(struct gc_depth_entry *es, size_t n)
{
    for (size_t i = 0; es && i < n; i++) {
        gc_depth_result_free(&es[i].r);
        for (size_t k = 0; k < GC_DEPTH_N_SIM; k++)
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
    struct gc_depth_entry *es = calloc(n, sizeof *es);
    if (!es)
        return cli_error("depth", "out of memory");
    for (size_t i = 0; i < n; i++) {
        struct gc_depth_entry *e = &es[i];
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
            st = gc_depth_simulate_multi(e->act, &sp, gc_depth_sim_precs, GC_DEPTH_N_SIM, e->sim);
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
    gc_status st = format == FMT_JSON ? gc_report_depth_json(out.fp, es, n)
                                      : gc_report_depth_text(out.fp, es, n);
    if (st != GC_OK) {
        free_entries(es, n);
        return cli_output_fail("depth", &out, st);
    }
    free_entries(es, n);
    return cli_output_commit("depth", &out) ? GC_EXIT_OK : GC_EXIT_USAGE;
}

const struct gc_subcommand gc_cmd_depth = {
    "depth", "predict and simulate the deep-network blow-up of activations",
    depth_usage, run_depth,
};
