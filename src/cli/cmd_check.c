/* cmd_check.c - gradcheck check: verify declared gradients. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"
#include "activation.h"
#include "verify.h"
#include "report.h"

static const char check_usage[] =
    "usage: gradcheck check [NAME...|--all] [options]\n"
    "\n"
    "Check each activation's declared gradient against a finite-difference\n"
    "reference, in every requested precision, and map where f and df\n"
    "overflow, return NaN or underflow.\n"
    "\n"
    "options:\n"
    "  -a, --all               check every built-in activation\n"
    "  -p, --precision LIST    comma-separated precisions: float16, bfloat16,\n"
    "                          float32, float64 (default: float32,float64);\n"
    "                          float16 and bfloat16 are always exhaustive\n"
    "  -n, --points N          about N sampled points per precision\n"
    "                          (default 10000; 100 to 100000000)\n"
    "  -s, --seed N            seed of the random points (default 1)\n"
    "  -x, --exhaustive        float32: check every one of the 2^32 values\n"
    "                          (progress on a terminal; Ctrl-C stops early and\n"
    "                          still writes the report, marked partial)\n"
    "  -f, --format FMT        text or json (default text)\n"
    "  -o, --output FILE       write the report to FILE (atomically) instead\n"
    "                          of standard output\n"
    "      --details N         text: list at most N flagged points per region\n"
    "                          (default 5; 0 lists all)\n"
    "  -h, --help              show this help\n"
    "\n"
    "exit status: 0 all passed (warnings allowed), 1 some activation failed,\n"
    "2 bad usage or input (nothing is written), 130 interrupted (the partial\n"
    "report is written).\n";

enum { FMT_TEXT, FMT_JSON };
enum { OPT_DETAILS = 256 };

static bool parse_precisions(const char *s, bool want[GC_N_PRECISIONS])
{
    char *copy = strdup(s), *save = NULL;
    bool ok = copy != NULL && *s != '\0';
    for (int p = 0; p < GC_N_PRECISIONS; p++)
        want[p] = false;
    for (char *tok = copy ? strtok_r(copy, ",", &save) : NULL; ok && tok;
         tok = strtok_r(NULL, ",", &save)) {
        gc_precision p;
        if (gc_precision_parse(tok, &p) != GC_OK) {
            cli_error("check", "--precision: unknown precision '%s' (expected "
                      "float16, bfloat16, float32 or float64)", tok);
            ok = false;
            break;
        }
        want[p] = true;
    }
    if (ok && s[strlen(s) - 1] == ',') {
        cli_error("check", "--precision: empty item in '%s'", s);
        ok = false;
    } else if (!copy || !*s) {
        cli_error("check", "--precision: expected a list such as float32,float64, got '%s'", s);
    }
    free(copy);
    return ok;
}

/* Progress of a long sweep on stderr (only when it is a terminal). */
struct progress {
    const char *name, *prec;
    struct timespec t0;
};

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
}

static void show_progress(void *ctx, uint64_t done, uint64_t total)
{
    struct progress *pr = ctx;
    double f = (double)done / (double)total, el = seconds_since(&pr->t0);
    int bar = (int)(f * 30);
    fprintf(stderr, "\r%-12s %-8s [%.*s%*s] %5.1f%%  %.0f s, about %.0f s left ",
            pr->name, pr->prec, bar, "##############################", 30 - bar, "",
            100 * f, el, f > 0 ? el * (1 - f) / f : 0.0);
    fflush(stderr);
}

static volatile sig_atomic_t interrupted;

static int run_check(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "all", no_argument, NULL, 'a' },
        { "precision", required_argument, NULL, 'p' },
        { "points", required_argument, NULL, 'n' },
        { "seed", required_argument, NULL, 's' },
        { "exhaustive", no_argument, NULL, 'x' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        { "details", required_argument, NULL, OPT_DETAILS },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct gc_check_options opt;
    bool all = false, want[GC_N_PRECISIONS] = { false };
    int format = FMT_TEXT, c;
    size_t details = 5;
    const char *output = NULL;

    gc_check_options_default(&opt);
    want[GC_PREC_F32] = want[GC_PREC_F64] = true;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":ap:n:s:xf:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'a': all = true; break;
        case 'p':
            if (!parse_precisions(optarg, want))
                return GC_EXIT_USAGE;
            break;
        case 'n':
            if (!cli_parse_size("check", "--points", optarg, 100, 100000000, &opt.n_points))
                return GC_EXIT_USAGE;
            break;
        case 's':
            if (!cli_parse_u64("check", "--seed", optarg, &opt.seed))
                return GC_EXIT_USAGE;
            break;
        case 'f':
            if (strcmp(optarg, "text") == 0)
                format = FMT_TEXT;
            else if (strcmp(optarg, "json") == 0)
                format = FMT_JSON;
            else
                return cli_error("check", "--format: expected text or json, got '%s'", optarg);
            break;
        case 'o': output = optarg; break;
        case 'x': opt.exhaustive = true; break;
        case OPT_DETAILS:
            if (!cli_parse_size("check", "--details", optarg, 0, 1000000, &details))
                return GC_EXIT_USAGE;
            break;
        case 'h':
            fputs(check_usage, stdout);
            return GC_EXIT_OK;
        case ':':
            return cli_error("check", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_error("check", "unknown option '%s' (try 'gradcheck check --help')",
                             argv[optind - 1]);
        }
    }

    /* Resolve every name before any work, so bad input writes nothing. */
    size_t n_builtin;
    const struct gc_activation *builtins = gc_builtins(&n_builtin);
    size_t n_names = (size_t)(argc - optind);
    if (all && n_names)
        return cli_error("check", "give activation names or --all, not both");
    if (!all && !n_names)
        return cli_error("check", "no activation given (name one, or use --all; "
                         "'gradcheck list' shows them)");
    size_t n_acts = all ? n_builtin : n_names;
    const struct gc_activation **acts = calloc(n_acts, sizeof *acts);
    if (!acts)
        return cli_error("check", "out of memory");
    for (size_t i = 0; i < n_acts; i++) {
        acts[i] = all ? &builtins[i] : gc_builtin_find(argv[optind + (int)i]);
        if (!acts[i]) {
            free(acts);
            return cli_error("check", "unknown activation '%s' ('gradcheck list' "
                             "shows the built-ins)", argv[optind + (int)i]);
        }
    }

    struct cli_output out;
    if (!cli_output_open("check", output, &out)) {
        free(acts);
        return GC_EXIT_USAGE;
    }

    size_t n_prec = 0;
    for (int p = 0; p < GC_N_PRECISIONS; p++)
        n_prec += want[p];
    struct gc_result *res = calloc(n_acts * n_prec, sizeof *res);
    size_t n_res = 0;
    int rc = GC_EXIT_OK;
    gc_status st;
    bool progress = cli_isatty(stderr) && (output != NULL || !cli_isatty(stdout));
    struct progress pr;
    if (opt.exhaustive) {
        cli_on_interrupt(&interrupted);
        opt.stop = &interrupted;
        if (cli_isatty(stderr)) {
            opt.progress = show_progress;
            opt.progress_ctx = &pr;
        }
    }
    if (!res) {
        rc = cli_error("check", "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < n_acts && !interrupted; i++) {
        for (int p = 0; p < GC_N_PRECISIONS && !interrupted; p++) {
            if (!want[p])
                continue;
            pr.name = acts[i]->name;
            pr.prec = gc_fp_format((gc_precision)p)->name;
            clock_gettime(CLOCK_MONOTONIC, &pr.t0);
            if (progress)
                fprintf(stderr, "\rchecking %zu/%zu: %-14s %-9s", i + 1, n_acts,
                        acts[i]->name, gc_fp_format((gc_precision)p)->name);
            st = gc_check_run(acts[i], "builtin", (gc_precision)p, &opt, &res[n_res]);
            if (st != GC_OK) {
                rc = cli_error("check", "%s: %s", acts[i]->name, gc_strerror(st));
                goto fail;
            }
            if (res[n_res].verdict == GC_VERDICT_FAIL)
                rc = GC_EXIT_FAIL;
            n_res++;
        }
    }
    if (progress || opt.progress)
        fprintf(stderr, "\r%80s\r", "");
    if (interrupted) {
        fprintf(stderr, "gradcheck: check: interrupted; the report covers what was checked\n");
        rc = GC_EXIT_INTERRUPTED;
    }

    st = format == FMT_JSON ? gc_report_json(out.fp, res, n_res)
                            : gc_report_text(out.fp, res, n_res, details);
    if (st != GC_OK) {
        rc = cli_error("check", "%s: %s", output ? output : "standard output",
                       gc_strerror(st));
        goto fail;
    }
    if (!cli_output_commit("check", &out)) {
        rc = GC_EXIT_USAGE;
        goto done;
    }
    goto done;
fail:
    cli_output_abort(&out);
done:
    for (size_t i = 0; i < n_res; i++)
        gc_result_free(&res[i]);
    free(res);
    free(acts);
    return rc;
}

const struct gc_subcommand gc_cmd_check = {
    "check", "check declared gradients against finite differences",
    check_usage, run_check,
};
