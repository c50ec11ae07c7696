/* cmd_check.c - gradcheck check: verify declared gradients. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"
#include "select.h"
#include "spec.h"
#include "plugin.h"
#include "depth.h"
#include "verify.h"
#include "report.h"

static const char check_usage[] =
    "usage: gradcheck check [NAME...|--all] [--spec FILE]... [--f EXPR [--df EXPR]]\n"
    "                       [options]\n"
    "\n"
    "Check each activation's declared gradient against a finite-difference\n"
    "reference, in every requested precision, and map where f and df\n"
    "overflow, return NaN or underflow.\n"
    "\n"
    "options:\n"
    "  -a, --all               check every built-in activation\n"
    "      --spec FILE         also check the activation defined in the .act\n"
    "                          file FILE (repeatable)\n"
    "      --f EXPR            also check the activation f = EXPR given inline...\n"
    "      --df EXPR           ...with the declared gradient EXPR (default: the\n"
    "                          symbolic derivative of f, which is printed)\n"
    "      --name NAME         ...under the name NAME (default: inline)\n"
    "      --plugin SO         also check the activations of the plugin SO (a\n"
    "                          shared object exporting gc_plugin_activations;\n"
    "                          NAMEs then select among them); each runs in a\n"
    "                          child process (repeatable)\n"
    "      --timeout S         seconds a plugin may take to load, and each of\n"
    "                          its activations per precision, before it is\n"
    "                          stopped (default 60)\n"
    "  -p, --precision LIST    comma-separated precisions: float16, bfloat16,\n"
    "                          float32, float64 (default: float32,float64);\n"
    "                          float16 and bfloat16 are always exhaustive\n"
    "  -n, --points N          about N sampled points per precision\n"
    "                          (default 10000; 100 to 100000000)\n"
    "  -s, --seed N            seed of the random points (default 1)\n"
    "  -x, --exhaustive        float32: check every one of the 2^32 values\n"
    "                          (progress on a terminal; Ctrl-C stops early and\n"
    "                          still writes the report, marked partial)\n"
    "  -f, --format FMT        text, json, csv (one row per activation and\n"
    "                          precision), markdown or tap (TAP version 13: one\n"
    "                          test line per activation and precision, for a\n"
    "                          test suite such as automake's tap-driver.sh)\n"
    "                          (default text)\n"
    "      --xfail LIST        tap: comma-separated activations expected to\n"
    "                          fail; their lines get '# TODO' (repeatable)\n"
    "  -o, --output FILE       write the report to FILE instead of standard\n"
    "                          output (a regular file is replaced atomically;\n"
    "                          a device or FIFO is written in place)\n"
    "      --details N         text: list at most N flagged points per region\n"
    "                          (default 5; 0 lists all)\n"
    "  -h, --help              show this help\n"
    "\n"
    "exit status: 0 all passed (warnings allowed), 1 some activation failed,\n"
    "2 bad usage or input (nothing is written), 3 a plugin crashed or timed out\n"
    "while loading or checking (the others are still checked and reported),\n"
    "128 + the signal when stopped by SIGINT (130), SIGHUP (129) or SIGTERM\n"
    "(143) (the report of what was checked is written; a sweep's marked\n"
    "partial).  With --format tap the verdicts are in the stream: the exit\n"
    "status is 0 once the stream is complete, even with failures or crashes,\n"
    "2 for bad usage, 3 when a plugin crashed while loading (its lines are\n"
    "missing) and 128 + the signal when stopped.\n";

enum { FMT_TEXT, FMT_JSON, FMT_CSV, FMT_MARKDOWN, FMT_TAP };
enum { OPT_DETAILS = 256, OPT_SPEC, OPT_F, OPT_DF, OPT_NAME, OPT_PLUGIN, OPT_TIMEOUT,
       OPT_XFAIL };

/* --xfail: the names given, each LIST split at its commas (in place). */
#define MAX_XFAIL 256
struct xfail_list {
    const char *names[MAX_XFAIL];
    size_t n;
};

static bool xfail_add(struct xfail_list *x, char *list)
{
    for (char *tok = list, *next; tok; tok = next) {
        next = strchr(tok, ',');
        if (next)
            *next++ = '\0';
        if (!*tok) {
            cli_error("check", "--xfail: empty name in '%s'", list);
            return false;
        }
        if (x->n == MAX_XFAIL) {
            cli_error("check", "--xfail: more than %d names", MAX_XFAIL);
            return false;
        }
        x->names[x->n++] = tok;
    }
    return true;
}

static bool xfail_has(const struct xfail_list *x, const char *name)
{
    for (size_t i = 0; i < x->n; i++)
        if (strcmp(x->names[i], name) == 0)
            return true;
    return false;
}

/* Every --xfail name must be an activation of the run, so that a typo
 * cannot turn an expected failure into an unnoticed real one.  A plugin
 * that crashed while loading may have held the name: not refused then. */
static bool xfail_check(const struct xfail_list *x, const struct cli_selection *sel)
{
    for (size_t i = 0; i < x->n; i++) {
        bool found = false;
        for (size_t k = 0; k < sel->n && !found; k++)
            found = strcmp(sel->items[k].act->name, x->names[i]) == 0;
        if (!found && !sel->plugin_crashed) {
            cli_error("check", "--xfail: '%s' is not among the activations checked",
                      x->names[i]);
            return false;
        }
    }
    return true;
}

/* Whether a deep network of the activation blows up (depth.h). */
struct depth_note {
    bool up;
    int layer;
    double sw2;
};

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
        { "spec", required_argument, NULL, OPT_SPEC },
        { "f", required_argument, NULL, OPT_F },
        { "df", required_argument, NULL, OPT_DF },
        { "name", required_argument, NULL, OPT_NAME },
        { "plugin", required_argument, NULL, OPT_PLUGIN },
        { "timeout", required_argument, NULL, OPT_TIMEOUT },
        { "xfail", required_argument, NULL, OPT_XFAIL },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct gc_check_options opt;
    struct cli_request req;
    bool want[GC_N_PRECISIONS] = { false };
    int format = FMT_TEXT, c;
    size_t details = 5;
    const char *output = NULL;
    double timeout = 60;
    struct xfail_list xfail = { .n = 0 };

    memset(&req, 0, sizeof req);
    req.inline_allowed = true;
    gc_check_options_default(&opt);
    want[GC_PREC_F32] = want[GC_PREC_F64] = true;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":ap:n:s:xf:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'a': req.all = true; break;
        case 'p':
            if (!cli_parse_precisions("check", optarg, want))
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
            else if (strcmp(optarg, "csv") == 0)
                format = FMT_CSV;
            else if (strcmp(optarg, "markdown") == 0 || strcmp(optarg, "md") == 0)
                format = FMT_MARKDOWN;
            else if (strcmp(optarg, "tap") == 0)
                format = FMT_TAP;
            else
                return cli_error("check", "--format: expected text, json, csv, markdown or "
                                 "tap, got '%s'", optarg);
            break;
        case 'o': output = optarg; break;
        case 'x': opt.exhaustive = true; break;
        case OPT_SPEC:
            if (!cli_request_add_spec("check", &req, optarg))
                return GC_EXIT_USAGE;
            break;
        case OPT_PLUGIN:
            if (!cli_request_add_plugin("check", &req, optarg))
                return GC_EXIT_USAGE;
            break;
        case OPT_TIMEOUT:
            if (!cli_parse_double("check", "--timeout", optarg, 1e-3, 1e6, &timeout))
                return GC_EXIT_USAGE;
            break;
        case OPT_XFAIL:
            if (!xfail_add(&xfail, optarg))
                return GC_EXIT_USAGE;
            break;
        case OPT_F: req.inline_f = optarg; break;
        case OPT_DF: req.inline_df = optarg; break;
        case OPT_NAME: req.inline_name = optarg; break;
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

    if (xfail.n && format != FMT_TAP)
        return cli_error("check", "--xfail needs --format tap");

    /* Resolve every name and load every spec and plugin before any work,
     * so bad input writes nothing. */
    req.names = argv + optind;
    req.n_names = (size_t)(argc - optind);
    req.timeout = timeout;
    struct cli_selection sel;
    if (!cli_select("check", &req, &sel))
        return GC_EXIT_USAGE;
    if (!xfail_check(&xfail, &sel)) {
        cli_selection_free(&sel);
        return GC_EXIT_USAGE;
    }
    const struct cli_item *acts = sel.items;
    size_t n_acts = sel.n;

    struct cli_output out;
    if (!cli_output_open("check", output, &out)) {
        cli_selection_free(&sel);
        return GC_EXIT_USAGE;
    }

    size_t n_prec = 0;
    for (int p = 0; p < GC_N_PRECISIONS; p++)
        n_prec += want[p];
    struct gc_result *res = calloc(n_acts * n_prec, sizeof *res);
    size_t n_res = 0;
    int rc = GC_EXIT_OK;
    bool crashed = sel.plugin_crashed;   /* a plugin that did not even load */
    struct depth_note *notes = NULL;
    bool *todo = NULL;    /* TAP: per result, whether --xfail names it */
    gc_status st;
    bool progress = cli_isatty(stderr) && (output != NULL || !cli_isatty(stdout));
    struct progress pr;
    /* SIGINT, SIGTERM and SIGHUP stop the run between activations (and
     * a sweep within one); what was checked is still reported. */
    cli_on_interrupt(&interrupted);
    opt.stop = &interrupted;
    if (opt.exhaustive) {
        if (cli_isatty(stderr)) {
            opt.progress = show_progress;
            opt.progress_ctx = &pr;
        }
    }
    if (!res) {
        rc = cli_error("check", "out of memory");
        goto fail;
    }
    /* A deep network of an activation blowing up within 50 layers under
     * LeCun or He initialisation is a warning (not for plugins: their code
     * runs only in child processes).  Each activation once, in parallel. */
    notes = calloc(n_acts, sizeof *notes);
    if (notes) {
        #pragma omp parallel for schedule(dynamic, 1)
        for (size_t i = 0; i < n_acts; i++)
            if (!acts[i].isolated
                && gc_depth_blowup_within(acts[i].act, 50, &notes[i].up, &notes[i].layer,
                                          NULL, &notes[i].sw2) != GC_OK)
                notes[i].up = false;
    }
    for (size_t i = 0; i < n_acts && !interrupted; i++) {
        for (int p = 0; p < GC_N_PRECISIONS && !interrupted; p++) {
            if (!want[p])
                continue;
            pr.name = acts[i].act->name;
            pr.prec = gc_fp_format((gc_precision)p)->name;
            clock_gettime(CLOCK_MONOTONIC, &pr.t0);
            if (progress)
                fprintf(stderr, "\rchecking %zu/%zu: %-14s %-9s", i + 1, n_acts,
                        acts[i].act->name, gc_fp_format((gc_precision)p)->name);
            if (acts[i].isolated) {
                struct gc_crash crash;
                st = gc_check_run_isolated(acts[i].act, acts[i].source, (gc_precision)p,
                                           &opt, timeout, &res[n_res], &crash);
                if (st == GC_CRASH || st == GC_TIMEOUT) {
                    cli_crash_line("check", &res[n_res++], timeout);
                    crashed = true;
                    continue;
                }
            } else {
                st = gc_check_run(acts[i].act, acts[i].source, (gc_precision)p, &opt, &res[n_res]);
            }
            if (st != GC_OK) {
                rc = cli_error("check", "%s: %s", acts[i].act->name, gc_strerror(st));
                goto fail;
            }
            if (notes && notes[i].up && !res[n_res].skipped) {
                res[n_res].depth_layer = notes[i].layer;
                res[n_res].depth_sw2 = notes[i].sw2;
                if (res[n_res].verdict == GC_VERDICT_PASS)
                    res[n_res].verdict = GC_VERDICT_WARN;
            }
            if (res[n_res].verdict == GC_VERDICT_FAIL)
                rc = GC_EXIT_FAIL;
            n_res++;
        }
    }
    if (progress || opt.progress)
        fprintf(stderr, "\r%80s\r", "");
    if (crashed && rc != GC_EXIT_USAGE)
        rc = GC_EXIT_CRASH;
    /* TAP: the verdicts are in the stream, and a test driver reads any
     * other status as an error of the stream itself.  Only a plugin that
     * did not load leaves lines out. */
    if (format == FMT_TAP && (rc == GC_EXIT_FAIL || (rc == GC_EXIT_CRASH && !sel.plugin_crashed)))
        rc = GC_EXIT_OK;
    if (interrupted) {
        fprintf(stderr, "gradcheck: check: interrupted (%s); the report covers what was "
                "checked\n", strsignal(interrupted));
        rc = GC_EXIT_SIGNAL + interrupted;
    }

    if (format == FMT_TEXT)
        for (size_t i = 0; i < sel.n_specs; i++)
            if (gc_spec_df_is_symbolic(sel.specs[i]))
                fprintf(out.fp, "%s (%s): no df given; checking the symbolic derivative "
                        "df = %s\n\n", gc_spec_activation(sel.specs[i])->name,
                        gc_spec_source(sel.specs[i]), gc_spec_df_text(sel.specs[i]));
    if (format == FMT_TAP && xfail.n) {
        todo = calloc(n_res ? n_res : 1, sizeof *todo);
        if (!todo) {
            rc = cli_error("check", "out of memory");
            goto fail;
        }
        for (size_t i = 0; i < n_res; i++)
            todo[i] = xfail_has(&xfail, res[i].act->name);
    }
    st = format == FMT_TAP        ? gc_report_tap(out.fp, res, n_res, todo)
         : format == FMT_JSON     ? gc_report_json(out.fp, res, n_res)
         : format == FMT_CSV      ? gc_report_csv(out.fp, res, n_res)
         : format == FMT_MARKDOWN ? gc_report_markdown(out.fp, res, n_res)
                                  : gc_report_text(out.fp, res, n_res, details);
    if (st != GC_OK) {
        rc = cli_output_fail("check", &out, st);
        goto done;
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
    free(notes);
    free(todo);
    cli_selection_free(&sel);
    return rc;
}

const struct gc_subcommand gc_cmd_check = {
    "check", "check declared gradients against finite differences",
    check_usage, run_check,
};
