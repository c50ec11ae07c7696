/* cmd_report.c - gradcheck report: gradient-accuracy reports on disk.
 *
 * Per activation STEM (its name; "spec-NAME" for a spec file, "plugin-NAME"
 * for a plugin activation, so that checks/specs/square.act and the built-in
 * square do not collide):
 *   STEM.md           the page: summary, regions, depth, plots
 *   STEM.json         the check results (gc_report_json)
 *   STEM.csv          every sampled point of every precision
 *   STEM-error.svg    df error in ULPs against x (symmetric log)
 *   STEM-f.svg        f and df on [-5, 5]
 *   STEM-depth.svg    the deep-network analysis under LeCun and He
 * and index.md linking every page with its verdicts.
 *
 * Every file is written to a temporary file beside it and renamed over the
 * old one (cli_output_*), gnuplot's SVGs included (gnuplot writes into the
 * temporary file), so a run stopped at any point leaves each file either
 * as it was or complete.  SIGINT stops the run at the next file boundary
 * (exit 128 + the signal, as for SIGTERM and SIGHUP); a second one ends it at once, removing the pending
 * temporary file.  The output is deterministic: fixed seed, no dates, and
 * gnuplot's SVG holds neither dates nor random ids.
 *
 * The summary (and the JSON) come from gc_check_run: float16 and bfloat16
 * exhaustively, float32 and float64 on about --points sampled points.  The
 * per-point data (CSV and the error plot) come from gc_check_point over
 * gc_sample_default's point set of each precision (the same size in every
 * precision, so a page stays readable), which for float32 and float64 is
 * the very point set of the summary.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli.h"
#include "options.h"
#include "select.h"
#include "manifest.h"
#include "activation.h"
#include "depth.h"
#include "plot.h"
#include "report.h"
#include "sample.h"
#include "verify.h"

enum { OPT_SPEC = 256, OPT_PLUGIN, OPT_TIMEOUT, OPT_FORCE };

static const char report_usage[] =
    "usage: gradcheck report [NAME...|--all] [--spec FILE]... [--plugin SO]...\n"
    "                        [-o DIR] [options]\n"
    "\n"
    "Write a gradient-accuracy report of each activation into DIR: a Markdown\n"
    "page (per-precision summary, regions, deep-network analysis, plots), the\n"
    "results as JSON, every sampled point as CSV, SVG plots drawn by gnuplot,\n"
    "and index.md linking every page with its verdicts.  Without gnuplot\n"
    "(or with GRADCHECK_GNUPLOT set to an empty string) the pages say so and\n"
    "carry no plots; GRADCHECK_GNUPLOT=PROGRAM chooses the gnuplot to run.\n"
    "Every file is written atomically; Ctrl-C stops at the next file.\n"
    "\n"
    "options:\n";

/* After the options: exit statuses and notes. */
static const char report_usage_tail[] =
    "\n"
    "exit status: 0 all passed (warnings allowed), 1 some activation failed,\n"
    "2 bad usage or input (nothing is written), 3 a plugin crashed or timed\n"
    "out while loading or checking, 128 + the signal when stopped by SIGINT\n"
    "(130), SIGHUP (129) or SIGTERM (143) (every file written is complete).\n";

static const struct cli_opt report_opts[] = {
    { "all", 'a', NULL,
      "report every built-in activation" },
    { "spec", OPT_SPEC, "FILE",
      "also report the activation of the .act file FILE\n"
      "(repeatable)" },
    { "plugin", OPT_PLUGIN, "SO",
      "also report the activations of the plugin SO\n"
      "(run in a child process: no per-point data,\n"
      "plots or depth analysis) (repeatable)" },
    { "timeout", OPT_TIMEOUT, "S",
      "seconds a plugin may take to load, and each of\n"
      "its activations per precision (default 60)" },
    { "output", 'o', "DIR",
      "write into DIR, created if missing (default\n"
      "gradcheck-report)" },
    { "force", OPT_FORCE, NULL,
      "overwrite files in DIR that gradcheck did not\n"
      "write (its manifest does not list them)" },
    { "precision", 'p', "LIST",
      "comma-separated precisions (default\n"
      "float16,bfloat16,float32,float64)" },
    { "points", 'n', "N",
      "about N sampled points per precision (default\n"
      "4000; 100 to 1000000)" },
    { "seed", 's', "N",
      "seed of the random points (default 1)" },
    { "help", 'h', NULL,
      "show this help" },
};
#define N_OPTS (sizeof report_opts / sizeof report_opts[0])


#define CMD "report"
/* The range of the f and df plot. */
#define FN_LO (-5.0)
#define FN_HI 5.0
#define FN_STEPS 800
/* Depth analysis: the layers of `gradcheck depth`'s default, and the
 * horizon of check's depth warning (gc_depth_blowup_within). */
#define DEPTH_LAYERS 100
#define DEPTH_WARN_LAYERS 50

static volatile sig_atomic_t interrupted;
/* The files of the report directory that are ours to overwrite. */
static struct cli_manifest manifest;

/* Everything known about one activation while its page is written. */
struct page {
    const struct cli_item *item;
    char stem[80];
    struct gc_result res[GC_N_PRECISIONS];
    size_t n_res;
    struct gc_flag *pts[GC_N_PRECISIONS];     /* per-point data, by res index */
    size_t n_pts[GC_N_PRECISIONS];
    struct gc_depth_result depth[2];          /* LeCun, He */
    bool have_depth[2];
    bool crashed;
};

static const double init_sw2[2] = { 1, 2 };


/* ------------------------------------------------------------------ */
/* Files.                                                              */

static char *join(const char *dir, const char *stem, const char *suffix)
{
    size_t n = strlen(dir) + strlen(stem) + strlen(suffix) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s%s", dir, stem, suffix);
    return p;
}

/* cli_output_open installs its own SIGINT handler (remove the temporary
 * file and die); ours sets `interrupted` so the run stops between files. */
static bool open_file(const char *path, struct cli_output *o)
{
    bool ok = cli_output_open(CMD, path, o);
    cli_on_interrupt(&interrupted);
    return ok;
}

static bool commit_file(struct cli_output *o)
{
    if (interrupted) {
        cli_output_abort(o);
        return false;
    }
    return cli_output_commit(CMD, o);
}

typedef gc_status (*writer_fn)(FILE *out, const struct page *pg, void *ctx);

/* Write dir/stem+suffix with fn; false (after one line on stderr unless
 * interrupted) when it could not be written. */
static bool write_file(const char *dir, const char *stem, const char *suffix,
                       writer_fn fn, const struct page *pg, void *ctx)
{
    char *path = join(dir, stem, suffix);
    struct cli_output o;
    if (!path) {
        cli_error(CMD, "out of memory");
        return false;
    }
    bool ok = open_file(path, &o);
    if (ok) {
        gc_status st = fn(o.fp, pg, ctx);
        if (st != GC_OK) {
            cli_output_fail(CMD, &o, st);
            ok = false;
        } else {
            ok = commit_file(&o);
        }
    }
    free(path);
    return ok;
}

/* ------------------------------------------------------------------ */
/* Plots.                                                              */

struct plots {
    const char *gnuplot;      /* NULL: not found, or off */
    bool off;                 /* GRADCHECK_GNUPLOT set and empty */
    bool warned;
};


/* Draw plot `which` of pg into dir; the result says whether it is there. */
static bool draw(const char *dir, const struct page *pg, int which, struct plots *pl)
{
    char *path = join(dir, pg->stem, gc_page_plot_suffix[which]);
    struct cli_output o;
    FILE *gp = NULL;
    int status = 0;
    gc_status st = GC_NOMEM;
    if (!path || !open_file(path, &o)) {
        free(path);
        return false;
    }
    if (gc_plot_open(pl->gnuplot, &gp) != GC_OK) {
        st = GC_IO;
        goto out;
    }
    if (which == GC_PAGE_PLOT_ERROR) {
        struct gc_plot_precision pp[GC_N_PRECISIONS];
        size_t n = 0;
        for (size_t i = 0; i < pg->n_res; i++) {
            if (pg->res[i].skipped || !pg->pts[i])
                continue;
            pp[n++] = (struct gc_plot_precision){ pg->res[i].prec, pg->pts[i], pg->n_pts[i],
                                                  pg->res[i].regions, pg->res[i].n_regions };
        }
        st = gc_plot_error(gp, o.write_path, pg->item->act->name, pp, n, pg->item->act->kinks,
                           pg->item->act->n_kinks);
    } else if (which == GC_PAGE_PLOT_FN) {
        st = gc_plot_functions(gp, o.write_path, pg->item->act, FN_LO, FN_HI, FN_STEPS);
    } else {
        struct gc_depth_result dr[2];
        const char *labels[2];
        size_t n = 0;
        for (int k = 0; k < 2; k++)
            if (pg->have_depth[k]) {
                dr[n] = pg->depth[k];
                labels[n++] = gc_report_init_label[k];
            }
        st = gc_plot_depth(gp, o.write_path, pg->item->act->name, dr, labels, n);
    }
    if (gc_plot_close(gp, &status) != GC_OK && st == GC_OK)
        st = GC_IO;
out:
    if (st == GC_OK && commit_file(&o)) {
        free(path);
        return true;
    }
    if (o.fp)
        cli_output_abort(&o);
    if (!interrupted && !pl->warned) {
        fprintf(stderr, "gradcheck: report: %s: gnuplot (%s) failed (wait status %d); "
                "reports go on without this plot\n", path, pl->gnuplot, status);
        pl->warned = true;
    }
    free(path);
    return false;
}

/* ------------------------------------------------------------------ */
/* Writers.                                                            */

static gc_status write_json(FILE *out, const struct page *pg, void *ctx)
{
    (void)ctx;
    return gc_report_json(out, pg->res, pg->n_res);
}

static gc_status write_csv(FILE *out, const struct page *pg, void *ctx)
{
    (void)ctx;
    gc_status st = GC_OK;
    bool header = true;
    for (size_t i = 0; i < pg->n_res && st == GC_OK; i++) {
        if (!pg->pts[i])
            continue;
        st = gc_report_csv_points(out, pg->item->act->name, pg->res[i].prec, pg->pts[i],
                                  pg->n_pts[i], header);
        header = false;
    }
    if (header && st == GC_OK)   /* no per-point data: the header alone */
        st = gc_report_csv_points(out, pg->item->act->name, GC_PREC_F32, NULL, 0, true);
    return st;
}

struct page_ctx {
    const struct plots *pl;
    const bool *want;
    bool drawn[GC_PAGE_N_PLOTS];
    size_t points;
    uint64_t seed;
};

static gc_status write_page(FILE *out, const struct page *pg, void *vctx)
{
    const struct page_ctx *c = vctx;
    struct gc_report_page rp = {
        .act = pg->item->act, .source = pg->item->source, .stem = pg->stem,
        .isolated = pg->item->isolated, .res = pg->res, .n_res = pg->n_res,
        .depth = { pg->have_depth[0] ? &pg->depth[0] : NULL,
                   pg->have_depth[1] ? &pg->depth[1] : NULL },
        .depth_layers = DEPTH_LAYERS, .want = c->want, .points = c->points,
        .seed = c->seed,
        .plots = c->pl->off ? GC_PLOTS_OFF : !c->pl->gnuplot ? GC_PLOTS_NO_GNUPLOT
                                                            : GC_PLOTS_GNUPLOT,
    };
    memcpy(rp.drawn, c->drawn, sizeof rp.drawn);
    return gc_report_page(out, &rp);
}

struct index_ctx {
    const struct gc_report_index_row *rows;
    size_t n;
    const bool *want;
    size_t points;
    uint64_t seed;
};

static gc_status write_index(FILE *out, const struct page *pg, void *vctx)
{
    (void)pg;
    const struct index_ctx *c = vctx;
    return gc_report_index(out, c->rows, c->n, c->want, c->points, c->seed);
}
/* ------------------------------------------------------------------ */
/* Computing a page.                                                   */

static void page_free(struct page *pg)
{
    for (size_t i = 0; i < pg->n_res; i++) {
        gc_result_free(&pg->res[i]);
        free(pg->pts[i]);
    }
    for (int k = 0; k < 2; k++)
        if (pg->have_depth[k])
            gc_depth_result_free(&pg->depth[k]);
    memset(pg, 0, sizeof *pg);
}

/* Every point of gc_sample_default's set for precision p, evaluated. */
static gc_status sample_points(const struct gc_activation *a, gc_precision p,
                               const struct gc_check_options *o,
                               struct gc_flag **out, size_t *n_out)
{
    struct gc_points pts;
    gc_points_init(&pts);
    gc_status st = gc_sample_default(p, a->kinks, a->n_kinks, o->n_points, o->seed, &pts);
    struct gc_flag *fl = NULL;
    size_t n = 0;
    if (st == GC_OK) {
        fl = malloc((pts.n ? pts.n : 1) * sizeof *fl);
        if (!fl)
            st = GC_NOMEM;
    }
    const struct gc_tolerance *tol = o->custom_tol ? &o->tol[p] : NULL;
    struct gc_tolerance def;
    if (!tol) {
        gc_tolerance_default(p, &def);
        tol = &def;
    }
    for (size_t i = 0; st == GC_OK && i < pts.n && !interrupted; i++) {
        if (isnan(pts.x[i]))
            continue;
        st = gc_check_point(a, p, tol, pts.x[i], &fl[n]);
        if (st == GC_OK)
            n++;
    }
    gc_points_free(&pts);
    if (st != GC_OK) {
        free(fl);
        return st;
    }
    *out = fl;
    *n_out = n;
    return GC_OK;
}

static gc_status compute_page(struct page *pg, const bool want[GC_N_PRECISIONS],
                              const struct gc_check_options *opt, double timeout)
{
    const struct cli_item *it = pg->item;
    gc_status st = GC_OK;
    int depth_layer = 0;
    double depth_sw2 = 0;
    if (!it->isolated) {
        for (int k = 0; k < 2; k++) {
            struct gc_depth_params dp;
            gc_depth_params_default(&dp);
            dp.sw2 = init_sw2[k];
            dp.layers = DEPTH_LAYERS;
            pg->have_depth[k] = gc_depth_analyze(it->act, &dp, &pg->depth[k]) == GC_OK;
        }
        bool up = false;
        if (gc_depth_blowup_within(it->act, DEPTH_WARN_LAYERS, &up, &depth_layer, NULL,
                                   &depth_sw2) != GC_OK || !up)
            depth_layer = 0;
    }
    for (int p = 0; p < GC_N_PRECISIONS && !interrupted; p++) {
        if (!want[p])
            continue;
        struct gc_result *r = &pg->res[pg->n_res];
        if (it->isolated) {
            struct gc_crash crash;
            st = gc_check_run_isolated(it->act, it->source, (gc_precision)p, opt, timeout,
                                       r, &crash);
            if (st == GC_CRASH || st == GC_TIMEOUT) {
                pg->crashed = true;
                pg->n_res++;
                cli_crash_line(CMD, r, timeout);
                st = GC_OK;
                continue;
            }
        } else {
            st = gc_check_run(it->act, it->source, (gc_precision)p, opt, r);
        }
        if (st != GC_OK)
            return st;
        pg->n_res++;
        if (depth_layer > 0 && !r->skipped) {
            r->depth_layer = depth_layer;
            r->depth_sw2 = depth_sw2;
            if (r->verdict == GC_VERDICT_PASS)
                r->verdict = GC_VERDICT_WARN;
        }
        if (!it->isolated && !r->skipped) {
            st = sample_points(it->act, (gc_precision)p, opt, &pg->pts[pg->n_res - 1],
                               &pg->n_pts[pg->n_res - 1]);
            if (st != GC_OK)
                return st;
        }
    }
    return GC_OK;
}

/* ------------------------------------------------------------------ */
/* The command.                                                        */

/* Unique file stems: the name, "spec-NAME", "plugin-NAME", then "-2"... */
static void make_stem(struct gc_report_index_row *rows, size_t i, const struct cli_item *it)
{
    const char *prefix = it->isolated ? "plugin-"
                         : strcmp(it->source, "builtin") == 0 ? "" : "spec-";
    snprintf(rows[i].stem, sizeof rows[i].stem, "%s%s", prefix, it->act->name);
    for (int k = 2;; k++) {
        bool clash = false;
        for (size_t j = 0; j < i && !clash; j++)
            clash = strcmp(rows[j].stem, rows[i].stem) == 0;
        clash |= strcmp(rows[i].stem, "index") == 0;
        if (!clash)
            break;
        snprintf(rows[i].stem, sizeof rows[i].stem, "%s%s-%d", prefix, it->act->name, k);
    }
}

/* Before anything is written: every file the run may write is ours
 * (listed in the manifest), new, or --force was given. */
static bool claim_all(const struct gc_report_index_row *rows, size_t n)
{
    static const char *const suffix[] = { ".md", ".json", ".csv" };
    char name[128];
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < sizeof suffix / sizeof *suffix; k++) {
            snprintf(name, sizeof name, "%s%s", rows[i].stem, suffix[k]);
            if (!cli_manifest_claim(CMD, &manifest, name))
                return false;
        }
        for (int k = 0; k < GC_PAGE_N_PLOTS; k++) {
            snprintf(name, sizeof name, "%s%s", rows[i].stem, gc_page_plot_suffix[k]);
            if (!cli_manifest_claim(CMD, &manifest, name))
                return false;
        }
    }
    return cli_manifest_claim(CMD, &manifest, "index.md");
}
static bool make_dir(const char *dir)
{
    struct stat sb;
    if (stat(dir, &sb) == 0) {
        if (!S_ISDIR(sb.st_mode)) {
            cli_error(CMD, "%s: not a directory", dir);
            return false;
        }
        return true;
    }
    if (mkdir(dir, 0777) != 0) {
        cli_error(CMD, "%s: cannot create: %s", dir, strerror(errno));
        return false;
    }
    return true;
}

/* What the command line asked for. */
struct report_args {
    struct cli_request req;
    struct gc_check_options opt;
    bool want[GC_N_PRECISIONS];
    const char *dir;
    bool force;
    double timeout;
};

/* The command line into a: -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, struct report_args *a)
{
    struct option longopts[CLI_MAX_OPTS];
    char shortopts[2 * CLI_MAX_OPTS + 2];
    if (!cli_opt_tables(report_opts, N_OPTS, longopts, shortopts, sizeof shortopts))
        return cli_error("report", "internal error: option table too large");
    memset(a, 0, sizeof *a);
    for (int p = 0; p < GC_N_PRECISIONS; p++)
        a->want[p] = true;
    a->dir = "gradcheck-report";
    a->timeout = 60;
    gc_check_options_default(&a->opt);
    a->opt.n_points = 4000;
    a->opt.stop = &interrupted;
    opterr = 0;
    optind = 1;
    int c;
    bool ok = true;
    while (ok && (c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        switch (c) {
        case 'a': a->req.all = true; break;
        case OPT_SPEC: ok = cli_request_add_spec(CMD, &a->req, optarg); break;
        case OPT_PLUGIN: ok = cli_request_add_plugin(CMD, &a->req, optarg); break;
        case OPT_TIMEOUT:
            ok = cli_parse_double(CMD, "--timeout", optarg, 1e-3, 1e6, &a->timeout);
            break;
        case OPT_FORCE: a->force = true; break;
        case 'o':
            if (!*optarg)
                return cli_error(CMD, "--output: expected a directory, got ''");
            a->dir = optarg;
            break;
        case 'p': ok = cli_parse_precisions(CMD, optarg, a->want); break;
        case 'n':
            ok = cli_parse_size(CMD, "--points", optarg, 100, 1000000, &a->opt.n_points);
            break;
        case 's': ok = cli_parse_u64(CMD, "--seed", optarg, &a->opt.seed); break;
        case 'h':
            cli_usage(stdout, &gc_cmd_report);
            return GC_EXIT_OK;
        case ':':
            return cli_error(CMD, "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_error(CMD, "unknown option '%s' (try 'gradcheck report --help')",
                             argv[optind - 1]);
        }
    }
    if (!ok)
        return GC_EXIT_USAGE;
    a->req.names = argv + optind;
    a->req.n_names = (size_t)(argc - optind);
    a->req.timeout = a->timeout;
    return -1;
}

/* gnuplot, or why there are no plots (one line on stderr if not found). */
static void find_plots(struct plots *pl, char *buf, size_t size)
{
    pl->gnuplot = gc_plot_find(buf, size);
    const char *gp_env = getenv("GRADCHECK_GNUPLOT");
    pl->off = gp_env && !*gp_env;     /* plots turned off: no warning */
    pl->warned = false;
    if (!pl->gnuplot && !pl->off)
        fprintf(stderr, "gradcheck: report: gnuplot not found (GRADCHECK_GNUPLOT or PATH): "
                "writing the reports without plots\n");
}

/* The files of one computed page (JSON, CSV, plots, Markdown) and its
 * index row.  False when a file could not be written (one line on stderr)
 * or the run was interrupted. */
static bool write_page_files(const struct report_args *a, const struct page *pg,
                             struct plots *pl, struct gc_report_index_row *row)
{
    struct page_ctx pc = { pl, a->want, { false }, a->opt.n_points, a->opt.seed };
    bool ok = write_file(a->dir, pg->stem, ".json", write_json, pg, NULL)
              && write_file(a->dir, pg->stem, ".csv", write_csv, pg, NULL);
    if (ok && pl->gnuplot && !pg->item->isolated)
        for (int k = 0; k < GC_PAGE_N_PLOTS && !interrupted; k++)
            pc.drawn[k] = draw(a->dir, pg, k, pl);
    ok = ok && !interrupted && write_file(a->dir, pg->stem, ".md", write_page, pg, &pc);
    row->name = pg->item->act->name;
    row->source = pg->item->source;
    for (size_t k = 0; k < pg->n_res; k++) {
        const struct gc_result *r = &pg->res[k];
        row->have[r->prec] = !r->skipped;
        row->verdict[r->prec] = r->verdict;
        if (r->depth_layer > 0) {
            row->depth_layer = r->depth_layer;
            row->depth_sw2 = r->depth_sw2;
        }
    }
    return ok;
}

/* Every page, then the index.  Returns the exit status. */
static int report_all(const struct report_args *a, const struct cli_selection *sel,
                      struct gc_report_index_row *rows)
{
    /* gnuplot dying early must be a failed plot, not the end of us. */
    signal(SIGPIPE, SIG_IGN);
    cli_on_interrupt(&interrupted);
    struct plots pl;
    char gnuplot[PATH_MAX];
    find_plots(&pl, gnuplot, sizeof gnuplot);
    bool progress = cli_isatty(stderr);
    int rc = GC_EXIT_OK;
    bool crashed = sel->plugin_crashed;   /* a plugin that did not even load */
    size_t done = 0;
    for (size_t i = 0; i < sel->n && !interrupted; i++) {
        struct page pg;
        memset(&pg, 0, sizeof pg);
        pg.item = &sel->items[i];
        snprintf(pg.stem, sizeof pg.stem, "%s", rows[i].stem);
        if (progress) {
            fprintf(stderr, "\r%-70s\rreport %zu/%zu: %s", "", i + 1, sel->n, pg.item->act->name);
            fflush(stderr);
        }
        gc_status st = compute_page(&pg, a->want, &a->opt, a->timeout);
        if (st != GC_OK) {
            page_free(&pg);
            rc = cli_error(CMD, "%s: %s", sel->items[i].act->name, gc_strerror(st));
            break;
        }
        bool ok = !interrupted && write_page_files(a, &pg, &pl, &rows[i]);
        for (size_t k = 0; k < pg.n_res; k++)
            if (pg.res[k].verdict == GC_VERDICT_FAIL && rc == GC_EXIT_OK)
                rc = GC_EXIT_FAIL;
        crashed |= pg.crashed;
        page_free(&pg);
        if (!ok) {
            if (!interrupted)
                rc = GC_EXIT_USAGE;
            break;
        }
        done++;
    }
    if (progress)
        fprintf(stderr, "\r%-70s\r", "");
    if (done == sel->n && !interrupted) {
        struct index_ctx ic = { rows, sel->n, a->want, a->opt.n_points, a->opt.seed };
        if (!write_file(a->dir, "index", ".md", write_index, NULL, &ic) && !interrupted)
            rc = GC_EXIT_USAGE;
    }
    if (interrupted) {
        fprintf(stderr, "gradcheck: report: interrupted (%s) after %zu of %zu activations; "
                "every file written is complete, index.md was not updated\n",
                strsignal(interrupted), done, sel->n);
        rc = GC_EXIT_SIGNAL + interrupted;
    } else if (crashed && rc != GC_EXIT_USAGE) {
        rc = GC_EXIT_CRASH;
    }
    return rc;
}

static int run_report(int argc, char **argv)
{
    struct report_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    struct cli_selection sel;
    if (!cli_select(CMD, &a.req, &sel))
        return GC_EXIT_USAGE;
    struct gc_report_index_row *rows = calloc(sel.n ? sel.n : 1, sizeof *rows);
    if (!rows) {
        cli_selection_free(&sel);
        return cli_error(CMD, "out of memory");
    }
    for (size_t i = 0; i < sel.n; i++)
        make_stem(rows, i, &sel.items[i]);
    /* Before anything is written: the directory's files are ours. */
    if (!cli_manifest_load(CMD, a.dir, a.force, &manifest) || !claim_all(rows, sel.n)
        || !make_dir(a.dir) || !cli_manifest_save(CMD, &manifest))
        rc = GC_EXIT_USAGE;
    else
        rc = report_all(&a, &sel, rows);
    cli_manifest_free(&manifest);
    free(rows);
    cli_selection_free(&sel);
    return rc;
}

const struct gc_subcommand gc_cmd_report = {
    "report", "write Markdown, JSON, CSV and plot reports into a directory",
    report_usage, report_opts, N_OPTS, report_usage_tail, run_report,
};
