/* cmd_check.c - gradcheck check: verify declared gradients. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"
#include "options.h"
#include "select.h"
#include "spec.h"
#include "plugin.h"
#include "depth.h"
#include "verify.h"
#include "report.h"

enum { OPT_DETAILS = 256, OPT_SPEC, OPT_F, OPT_DF, OPT_NAME, OPT_PLUGIN, OPT_TIMEOUT,
       OPT_XFAIL };

static const char check_usage[] =
    "usage: gradcheck check [NAME...|--all] [--spec FILE]... [--f EXPR [--df EXPR]]\n"
    "                       [options]\n"
    "\n"
    "Check each activation's declared gradient against a finite-difference\n"
    "reference, in every requested precision, and map where f and df\n"
    "overflow, return NaN or underflow.\n"
    "\n"
    "options:\n";

/* After the options: exit statuses and notes. */
static const char check_usage_tail[] =
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

static const struct cli_opt check_opts[] = {
    { "all", 'a', NULL,
      "check every built-in activation" },
    { "spec", OPT_SPEC, "FILE",
      "also check the activation defined in the .act\n"
      "file FILE (repeatable)" },
    { "f", OPT_F, "EXPR",
      "also check the activation f = EXPR given inline..." },
    { "df", OPT_DF, "EXPR",
      "...with the declared gradient EXPR (default: the\n"
      "symbolic derivative of f, which is printed)" },
    { "name", OPT_NAME, "NAME",
      "...under the name NAME (default: inline)" },
    { "plugin", OPT_PLUGIN, "SO",
      "also check the activations of the plugin SO (a\n"
      "shared object exporting gc_plugin_activations;\n"
      "NAMEs then select among them); each runs in a\n"
      "child process (repeatable)" },
    { "timeout", OPT_TIMEOUT, "S",
      "seconds a plugin may take to load, and each of\n"
      "its activations per precision, before it is\n"
      "stopped (default 60)" },
    { "precision", 'p', "LIST",
      "comma-separated precisions: float16, bfloat16,\n"
      "float32, float64 (default: float32,float64);\n"
      "float16 and bfloat16 are always exhaustive" },
    { "points", 'n', "N",
      "about N sampled points per precision\n"
      "(default 10000; 100 to 100000000)" },
    { "seed", 's', "N",
      "seed of the random points (default 1)" },
    { "exhaustive", 'x', NULL,
      "float32: check every one of the 2^32 values\n"
      "(progress on a terminal; Ctrl-C stops early and\n"
      "still writes the report, marked partial)" },
    { "format", 'f', "FMT",
      "text, json, csv (one row per activation and\n"
      "precision), markdown or tap (TAP version 13: one\n"
      "test line per activation and precision, for a\n"
      "test suite such as automake's tap-driver.sh)\n"
      "(default text)" },
    { "xfail", OPT_XFAIL, "LIST",
      "tap: comma-separated activations expected to\n"
      "fail; their lines get '# TODO' (repeatable)" },
    { "output", 'o', "FILE",
      "write the report to FILE instead of standard\n"
      "output (a regular file is replaced atomically;\n"
      "a device or FIFO is written in place)" },
    { "details", OPT_DETAILS, "N",
      "text: list at most N flagged points per region\n"
      "(default 5; 0 lists all)" },
    { "help", 'h', NULL,
      "show this help" },
};
#define N_OPTS (sizeof check_opts / sizeof check_opts[0])


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

/* What the command line asked for. */
struct check_args {
    struct gc_check_options opt;
    struct cli_request req;
    bool want[GC_N_PRECISIONS];
    const struct gc_report_format *format;
    size_t details;
    const char *output;
    double timeout;
    struct xfail_list xfail;
};

/* --format: a row of the library's table of formats. */
static bool parse_format(const char *s, const struct gc_report_format **fmt)
{
    *fmt = gc_report_format_find(s);
    if (*fmt)
        return true;
    char names[128] = "";
    for (size_t i = 0; i < gc_report_n_formats; i++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                 i == 0 ? "" : i + 1 == gc_report_n_formats ? " or " : ", ",
                 gc_report_formats[i].name);
    cli_error("check", "--format: expected %s, got '%s'", names, s);
    return false;
}

static bool is_tap(const struct gc_report_format *f)
{
    return strcmp(f->name, "tap") == 0;
}

/* One option into a; false after one line on stderr. */
static bool parse_option(int c, struct check_args *a)
{
    switch (c) {
    case 'a': a->req.all = true; return true;
    case 'p': return cli_parse_precisions("check", optarg, a->want);
    case 'n': return cli_parse_size("check", "--points", optarg, 100, 100000000,
                                    &a->opt.n_points);
    case 's': return cli_parse_u64("check", "--seed", optarg, &a->opt.seed);
    case 'f': return parse_format(optarg, &a->format);
    case 'o': a->output = optarg; return true;
    case 'x': a->opt.exhaustive = true; return true;
    case OPT_SPEC: return cli_request_add_spec("check", &a->req, optarg);
    case OPT_PLUGIN: return cli_request_add_plugin("check", &a->req, optarg);
    case OPT_TIMEOUT: return cli_parse_double("check", "--timeout", optarg, 1e-3, 1e6,
                                              &a->timeout);
    case OPT_XFAIL: return xfail_add(&a->xfail, optarg);
    case OPT_F: a->req.inline_f = optarg; return true;
    case OPT_DF: a->req.inline_df = optarg; return true;
    case OPT_NAME: a->req.inline_name = optarg; return true;
    case OPT_DETAILS: return cli_parse_size("check", "--details", optarg, 0, 1000000,
                                            &a->details);
    default: return false;
    }
}

/* The command line into a: -1 to go on, else the exit status (after
 * --help, or one line on stderr for bad usage). */
static int parse_args(int argc, char **argv, struct check_args *a)
{
    struct option longopts[CLI_MAX_OPTS];
    char shortopts[2 * CLI_MAX_OPTS + 2];
    if (!cli_opt_tables(check_opts, N_OPTS, longopts, shortopts, sizeof shortopts))
        return cli_error("check", "internal error: option table too large");
    memset(a, 0, sizeof *a);
    a->req.inline_allowed = true;
    gc_check_options_default(&a->opt);
    a->want[GC_PREC_F32] = a->want[GC_PREC_F64] = true;
    a->format = gc_report_format_find("text");
    a->details = 5;
    a->timeout = 60;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (c == 'h') {
            cli_usage(stdout, &gc_cmd_check);
            return GC_EXIT_OK;
        }
        if (c == ':')
            return cli_error("check", "option '%s' needs a value", argv[optind - 1]);
        if (c == '?')
            return cli_error("check", "unknown option '%s' (try 'gradcheck check --help')",
                             argv[optind - 1]);
        if (!parse_option(c, a))
            return GC_EXIT_USAGE;
    }
    if (a->xfail.n && !is_tap(a->format))
        return cli_error("check", "--xfail needs --format tap");
    a->req.names = argv + optind;
    a->req.n_names = (size_t)(argc - optind);
    a->req.timeout = a->timeout;
    return -1;
}

/* The results of a run, in order: activation by activation, the
 * precisions in order. */
struct check_run {
    struct gc_result *res;
    size_t n_res;
    bool crashed;
};

/* A deep network of an activation blowing up within 50 layers under LeCun
 * or He initialisation is a warning (not for plugins: their code runs only
 * in child processes).  Each activation once, in parallel; NULL when out
 * of memory (no warnings then). */
static struct depth_note *depth_notes(const struct cli_item *acts, size_t n)
{
    struct depth_note *notes = calloc(n ? n : 1, sizeof *notes);
    if (!notes)
        return NULL;
    #pragma omp parallel for schedule(dynamic, 1)
    for (size_t i = 0; i < n; i++)
        if (!acts[i].isolated
            && gc_depth_blowup_within(acts[i].act, 50, &notes[i].up, &notes[i].layer,
                                      NULL, &notes[i].sw2) != GC_OK)
            notes[i].up = false;
    return notes;
}

/* Check one activation in one precision into r: in a child process for a
 * plugin's (a crash is a result, with its line on stderr).  Returns the
 * library's status; GC_CRASH/GC_TIMEOUT still fill r. */
static gc_status check_item(const struct check_args *a, const struct cli_item *it,
                            gc_precision p, const struct gc_check_options *opt,
                            struct gc_result *r)
{
    if (!it->isolated)
        return gc_check_run(it->act, it->source, p, opt, r);
    struct gc_crash crash;
    gc_status st = gc_check_run_isolated(it->act, it->source, p, opt, a->timeout, r, &crash);
    if (st == GC_CRASH || st == GC_TIMEOUT)
        cli_crash_line("check", r, a->timeout);
    return st;
}

/* Every activation of sel in every wanted precision, until done or
 * interrupted.  Returns GC_EXIT_OK or GC_EXIT_FAIL (some verdict fail),
 * or GC_EXIT_USAGE after one line on stderr. */
static int run_all(struct check_args *a, const struct cli_selection *sel, bool progress,
                   struct check_run *run)
{
    struct gc_check_options opt = a->opt;
    struct progress pr;
    opt.stop = &interrupted;
    if (opt.exhaustive && cli_isatty(stderr)) {
        opt.progress = show_progress;
        opt.progress_ctx = &pr;
    }
    struct depth_note *notes = depth_notes(sel->items, sel->n);
    int rc = GC_EXIT_OK;
    for (size_t i = 0; i < sel->n && !interrupted && rc != GC_EXIT_USAGE; i++) {
        const struct cli_item *it = &sel->items[i];
        for (int p = 0; p < GC_N_PRECISIONS && !interrupted; p++) {
            if (!a->want[p])
                continue;
            pr.name = it->act->name;
            pr.prec = gc_fp_format((gc_precision)p)->name;
            clock_gettime(CLOCK_MONOTONIC, &pr.t0);
            if (progress)
                fprintf(stderr, "\rchecking %zu/%zu: %-14s %-9s", i + 1, sel->n,
                        it->act->name, pr.prec);
            struct gc_result *r = &run->res[run->n_res];
            gc_status st = check_item(a, it, (gc_precision)p, &opt, r);
            if (st == GC_CRASH || st == GC_TIMEOUT) {
                run->n_res++;
                run->crashed = true;
                continue;
            }
            if (st != GC_OK) {
                rc = cli_error("check", "%s: %s", it->act->name, gc_strerror(st));
                break;
            }
            run->n_res++;
            if (notes && notes[i].up && !r->skipped) {
                r->depth_layer = notes[i].layer;
                r->depth_sw2 = notes[i].sw2;
                if (r->verdict == GC_VERDICT_PASS)
                    r->verdict = GC_VERDICT_WARN;
            }
            if (r->verdict == GC_VERDICT_FAIL)
                rc = GC_EXIT_FAIL;
        }
    }
    if (progress || opt.progress)
        fprintf(stderr, "\r%80s\r", "");
    free(notes);
    return rc;
}

/* The report of run in a's format to out (not committed). */
static gc_status write_report(const struct check_args *a, const struct cli_selection *sel,
                              const struct check_run *run, FILE *out)
{
    if (strcmp(a->format->name, "text") == 0)
        for (size_t i = 0; i < sel->n_specs; i++)
            if (gc_spec_df_is_symbolic(sel->specs[i]))
                fprintf(out, "%s (%s): no df given; checking the symbolic derivative "
                        "df = %s\n\n", gc_spec_activation(sel->specs[i])->name,
                        gc_spec_source(sel->specs[i]), gc_spec_df_text(sel->specs[i]));
    bool *todo = NULL;    /* TAP: per result, whether --xfail names it */
    if (a->xfail.n) {
        todo = calloc(run->n_res ? run->n_res : 1, sizeof *todo);
        if (!todo)
            return GC_NOMEM;
        for (size_t i = 0; i < run->n_res; i++)
            todo[i] = xfail_has(&a->xfail, run->res[i].act->name);
    }
    struct gc_report_opts o = { a->details, todo };
    gc_status st = a->format->write(out, run->res, run->n_res, &o);
    free(todo);
    return st;
}

/* The exit status: crash over fail; with TAP the verdicts are in the
 * stream, and a test driver reads any other status as an error of the
 * stream itself, so only a plugin that did not load (its lines are
 * missing) keeps 3; an interruption wins over everything. */
static int exit_status(const struct check_args *a, const struct cli_selection *sel,
                       const struct check_run *run, int rc)
{
    if ((run->crashed || sel->plugin_crashed) && rc != GC_EXIT_USAGE)
        rc = GC_EXIT_CRASH;
    if (is_tap(a->format)
        && (rc == GC_EXIT_FAIL || (rc == GC_EXIT_CRASH && !sel->plugin_crashed)))
        rc = GC_EXIT_OK;
    if (interrupted) {
        fprintf(stderr, "gradcheck: check: interrupted (%s); the report covers what was "
                "checked\n", strsignal(interrupted));
        rc = GC_EXIT_SIGNAL + interrupted;
    }
    return rc;
}

static int run_check(int argc, char **argv)
{
    struct check_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    /* Resolve every name and load every spec and plugin before any work,
     * so bad input writes nothing. */
    struct cli_selection sel;
    if (!cli_select("check", &a.req, &sel))
        return GC_EXIT_USAGE;
    struct cli_output out;
    if (!xfail_check(&a.xfail, &sel) || !cli_output_open("check", a.output, &out)) {
        cli_selection_free(&sel);
        return GC_EXIT_USAGE;
    }
    size_t n_prec = 0;
    for (int p = 0; p < GC_N_PRECISIONS; p++)
        n_prec += a.want[p];
    struct check_run run = { calloc(sel.n * n_prec + 1, sizeof *run.res), 0, false };
    /* SIGINT, SIGTERM and SIGHUP stop the run between activations (and a
     * sweep within one); what was checked is still reported. */
    cli_on_interrupt(&interrupted);
    bool progress = cli_isatty(stderr) && (a.output != NULL || !cli_isatty(stdout));
    rc = run.res ? run_all(&a, &sel, progress, &run) : cli_error("check", "out of memory");
    if (rc == GC_EXIT_USAGE) {
        cli_output_abort(&out);
    } else {
        rc = exit_status(&a, &sel, &run, rc);
        gc_status st = write_report(&a, &sel, &run, out.fp);
        if (st != GC_OK)
            rc = cli_output_fail("check", &out, st);
        else if (!cli_output_commit("check", &out))
            rc = GC_EXIT_USAGE;
    }
    for (size_t i = 0; i < run.n_res; i++)
        gc_result_free(&run.res[i]);
    free(run.res);
    cli_selection_free(&sel);
    return rc;
}

const struct gc_subcommand gc_cmd_check = {
    "check", "check declared gradients against finite differences",
    check_usage, check_opts, N_OPTS, check_usage_tail, run_check,
};
