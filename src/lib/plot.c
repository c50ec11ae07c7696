/* plot.c - gradient-accuracy plots drawn by gnuplot (see plot.h).
 *
 * Method: every plot is one self-contained gnuplot script written down a
 * pipe (popen): terminal and output, the data as inline datablocks
 * ($name << EOD ... EOD, gnuplot >= 5.0), decorations (shaded regions as
 * rectangles, limits, kinks), then a single plot command.  gnuplot runs
 * with -d (default settings: a user's ~/.gnuplot cannot change the output)
 * and the noenhanced SVG terminal (activation names such as leaky_relu
 * stay as written instead of turning "_r" into a subscript).  Numbers are
 * written with %.17g, non-finite values as NaN (gnuplot skips them), so
 * the script, and with it gnuplot's SVG (which holds no date and no random
 * id), is the same for the same data.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "plot.h"
#include "compare.h"

/* ------------------------------------------------------------------ */
/* Finding and running gnuplot.                                        */

static bool executable(const char *path)
{
    return access(path, X_OK) == 0;
}

const char *gc_plot_find(char *buf, size_t size)
{
    const char *want = getenv("GRADCHECK_GNUPLOT");
    if (want && !*want)
        return NULL;          /* set but empty: plots are off */
    if (!want)
        want = "gnuplot";
    if (strchr(want, '/')) {
        if (!executable(want) || (size_t)snprintf(buf, size, "%s", want) >= size)
            return NULL;
        return buf;
    }
    const char *path = getenv("PATH");
    if (!path)
        return NULL;
    while (*path) {
        size_t len = strcspn(path, ":");
        /* An empty PATH entry means the current directory. */
        int n = len ? snprintf(buf, size, "%.*s/%s", (int)len, path, want)
                    : snprintf(buf, size, "./%s", want);
        if (n > 0 && (size_t)n < size && executable(buf))
            return buf;
        path += len;
        if (*path == ':')
            path++;
    }
    return NULL;
}

gc_status gc_plot_open(const char *program, FILE **gp)
{
    /* The program path in single quotes for /bin/sh, each ' as '\''. */
    size_t n = strlen(program), k = 0;
    char *cmd = malloc(4 * n + 16);
    if (!cmd)
        return GC_NOMEM;
    cmd[k++] = '\'';
    for (size_t i = 0; i < n; i++) {
        if (program[i] == '\'') {
            memcpy(cmd + k, "'\\''", 4);
            k += 4;
        } else {
            cmd[k++] = program[i];
        }
    }
    memcpy(cmd + k, "' -d", sizeof "' -d");
    fflush(NULL);
    *gp = popen(cmd, "w");
    free(cmd);
    return *gp ? GC_OK : GC_IO;
}

gc_status gc_plot_close(FILE *gp, int *exit_status)
{
    fputs("unset output\nquit\n", gp);
    bool ok = fflush(gp) == 0 && !ferror(gp);
    int st = pclose(gp);
    if (exit_status)
        *exit_status = st;
    return ok && st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? GC_OK : GC_IO;
}

/* ------------------------------------------------------------------ */
/* Script helpers.                                                     */

double gc_plot_symlog(double x)
{
    /* log10(1 + a/c): through log1p near 0, and as log10(c + a) - log10(c)
     * for large a, where a/c would overflow near DBL_MAX. */
    double a = fabs(x), c = GC_PLOT_LINTHRESH;
    double y = a < 1 ? log1p(a / c) / log(10.0) : log10(c + a) - log10(c);
    return copysign(y, x);
}

/* A gnuplot single-quoted string: no escapes inside but '' for '. */
static void gp_string(FILE *gp, const char *s)
{
    fputc('\'', gp);
    for (; *s; s++) {
        if (*s == '\'')
            fputc('\'', gp);
        fputc(*s == '\n' ? ' ' : *s, gp);
    }
    fputc('\'', gp);
}

static void gp_num(FILE *gp, double v)
{
    if (isfinite(v))
        fprintf(gp, "%.17g", v);
    else
        fputs("NaN", gp);
}

static void terminal(FILE *gp, const char *svg_path, int width, int height)
{
    fprintf(gp, "set terminal svg size %d,%d noenhanced font 'sans,12' "
            "background rgb 'white'\n", width, height);
    fputs("set encoding utf8\nset output ", gp);
    gp_string(gp, svg_path);
    fputs("\nset grid xtics ytics lc rgb '#dddddd' lt 1\n"
          "set border lc rgb '#444444'\n"
          "set key outside right top vertical Left reverse box lc rgb '#bbbbbb' "
          "samplen 2 spacing 1.1\n", gp);
}

static const char *const prec_color[GC_N_PRECISIONS] = {
    [GC_PREC_F16] = "#1f77b4", [GC_PREC_BF16] = "#ff7f0e",
    [GC_PREC_F32] = "#2ca02c", [GC_PREC_F64] = "#9467bd",
};

static const char *const class_color[GC_N_CLASSES] = {
    [GC_CLASS_OK] = "#ffffff",
    [GC_CLASS_MISMATCH] = "#e377c2",
    [GC_CLASS_KINK] = "#bcbd22",
    [GC_CLASS_UNDECLARED_KINK] = "#7f7f7f",
    [GC_CLASS_OVERFLOW] = "#d62728",
    [GC_CLASS_NAN] = "#8c564b",
    [GC_CLASS_GRADIENT_UNDERFLOW] = "#17becf",
    [GC_CLASS_FD_UNRELIABLE] = "#c7c7c7",
};

/* Decimal exponents of the symlog tick labels: 0 (x = 1) up to kmax in
 * steps chosen so each side gets at most 6 labels. */
static int tick_step(int kmax)
{
    static const int steps[] = { 1, 2, 3, 5, 10, 20, 25, 50, 100 };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (kmax / steps[i] <= 5)
            return steps[i];
    return 100;
}

static void symlog_xtics(FILE *gp, double maxabs)
{
    int kmax = maxabs >= 1 ? (int)floor(log10(maxabs)) : 0;
    int step = tick_step(kmax);
    /* With wide steps, +-1 would crowd the 0 label: start at one step. */
    fputs("set xtics (\"0\" 0", gp);
    for (int k = step > 3 ? step : 0; k <= kmax; k += step)
        for (int sign = -1; sign <= 1; sign += 2) {
            char label[32];
            if (k == 0)
                snprintf(label, sizeof label, "%s1", sign < 0 ? "-" : "");
            else
                snprintf(label, sizeof label, "%s1e%d", sign < 0 ? "-" : "", k);
            fprintf(gp, ", \"%s\" ", label);
            gp_num(gp, gc_plot_symlog(sign * pow(10, k)));
        }
    fputs(")\n", gp);
}

/* Y of the error plot: log10(1 + u), so 0 ULP sits on the axis. */
static double err_y(double u)
{
    return log10(1 + u);
}

static void err_ytics(FILE *gp, double ymax)
{
    static const double u[] = { 0.5, 1, 2, 5, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
                                1e9, 1e10, 1e12, 1e15, 1e20, 1e30, 1e50, 1e100, 1e200, 1e300 };
    fputs("set ytics (\"0\" 0", gp);
    for (size_t i = 0; i < sizeof u / sizeof u[0] && err_y(u[i]) <= ymax; i++) {
        fprintf(gp, ", \"%g\" ", u[i]);
        gp_num(gp, err_y(u[i]));
    }
    fputs(")\n", gp);
}

/* ------------------------------------------------------------------ */
/* (a) error in ULPs against x.                                         */

/* Thinning of the error lines: thousands of points per precision fall on
 * a plot ~900 pixels wide, so per bin of THIN_BINS across the x range only
 * the lowest and the highest error are kept (in x order: the line looks
 * the same), and of a run of equal errors only its ends.  This keeps the
 * SVG small (a point is an SVG path node) without hiding any spike. */
#define THIN_BINS 1500

struct thin {
    FILE *gp;
    double x0, width;
    long bin;                    /* current bin, -1 before the first */
    double lox, loy, hix, hiy;   /* its lowest and highest point */
    bool have_prev, have_pend;
    double prevx, prevy;         /* the last point written */
    double pendx, pendy;         /* the next one, held back: a run of
                                    equal y may still move it */
};

static void thin_write(struct thin *t, double x, double y)
{
    gp_num(t->gp, x);
    fputc(' ', t->gp);
    gp_num(t->gp, y);
    fputc('\n', t->gp);
    t->have_prev = true;
    t->prevx = x;
    t->prevy = y;
}

/* Emit a point; of three in a row with equal y the middle one goes. */
static void thin_emit(struct thin *t, double x, double y)
{
    if (t->have_pend && t->have_prev && t->prevy == y && t->pendy == y) {
        t->pendx = x;
        return;
    }
    if (t->have_pend)
        thin_write(t, t->pendx, t->pendy);
    t->have_pend = true;
    t->pendx = x;
    t->pendy = y;
}

static void thin_flush_bin(struct thin *t)
{
    if (t->bin < 0)
        return;
    if (t->lox <= t->hix) {
        thin_emit(t, t->lox, t->loy);
        if (t->hix != t->lox)
            thin_emit(t, t->hix, t->hiy);
    } else {
        thin_emit(t, t->hix, t->hiy);
        thin_emit(t, t->lox, t->loy);
    }
}

static void thin_add(struct thin *t, double x, double y)
{
    long b = (long)floor((x - t->x0) / t->width);
    if (b != t->bin) {
        thin_flush_bin(t);
        t->bin = b;
        t->lox = t->hix = x;
        t->loy = t->hiy = y;
        return;
    }
    if (y < t->loy) {
        t->lox = x;
        t->loy = y;
    }
    if (y > t->hiy) {
        t->hix = x;
        t->hiy = y;
    }
}

static void thin_flush(struct thin *t)
{
    thin_flush_bin(t);
    if (t->have_pend)
        thin_write(t, t->pendx, t->pendy);
}

/* Regions shaded per plot at most (a failing mutant can have hundreds);
 * the title says when some were left out. */
#define MAX_SHADED 80

static bool plottable(const struct gc_flag *f)
{
    return isfinite(f->x) && isfinite(f->ulp_error) && f->ulp_error >= 0;
}

/* The error plot's extent: |x| up to what happens (every point whose
 * error is not 0, the inner edge of every region, the edge nearer 0;
 * what lies beyond is the same region, clipped at the border) and the
 * largest error. */
static void error_extent(const struct gc_plot_precision *pp, size_t n_pp, double *maxabs_out,
                         double *ymax_out)
{
    double maxabs = 10, ymax = err_y(10);
    for (size_t k = 0; k < n_pp; k++) {
        for (size_t i = 0; i < pp[k].n; i++)
            if (plottable(&pp[k].pts[i])) {
                if (pp[k].pts[i].ulp_error > 0)
                    maxabs = fmax(maxabs, fabs(pp[k].pts[i].x));
                ymax = fmax(ymax, err_y(pp[k].pts[i].ulp_error));
            }
        for (size_t i = 0; i < pp[k].n_regions; i++) {
            const struct gc_region *g = &pp[k].regions[i];
            double lim = (double)gc_fp_format(pp[k].prec)->max;
            maxabs = fmax(maxabs, fmin(lim, fmin(fabs(g->lo), fabs(g->hi))));
        }
    }
    *maxabs_out = fmin(maxabs, DBL_MAX);
    *ymax_out = ymax;
}

/* Title, labels, ranges and tics of the error plot. */
static void error_axes(FILE *gp, const char *svg_path, const char *name, double xr,
                       double ymax, double maxabs)
{
    terminal(gp, svg_path, 1100, 640);
    fputs("set title ", gp);
    {
        char t[256];
        snprintf(t, sizeof t, "%s: error of the declared gradient df against the "
                 "reference derivative", name);
        gp_string(gp, t);
    }
    fputs("\nset xlabel 'x (symmetric log scale: sign(x) log10(1 + |x|/0.001))'\n"
          "set ylabel 'error of df in ULPs of the precision (log scale, 0 at the axis)'\n",
          gp);
    fputs("set xrange [", gp);
    gp_num(gp, -xr);
    fputs(":", gp);
    gp_num(gp, xr);
    /* A little room under 0 so that an exact gradient (0 ULP) shows as a
     * line above the axis rather than on it. */
    fputs("]\nset yrange [", gp);
    gp_num(gp, -0.03 * ymax);
    fputs(":", gp);
    gp_num(gp, ymax);
    fputs("]\n", gp);
    symlog_xtics(gp, maxabs);
    err_ytics(gp, ymax);

}

/* One region of band [b0, b1] shaded in its class's colour, with a label
 * saying where it starts (its inner edge).  False when it cannot be placed
 * (an edge is NaN on the axis). */
static bool shade_region(FILE *gp, const struct gc_region *g, gc_precision prec, int obj,
                         double b0, double b1, double xr, double span)
{
    double lim = (double)gc_fp_format(prec)->max;
    double x0 = gc_plot_symlog(fmax(-lim, fmin(lim, g->lo)));
    double x1 = gc_plot_symlog(fmax(-lim, fmin(lim, g->hi)));
    if (isnan(x0) || isnan(x1))
        return false;
    /* A region of one sampled point still shows. */
    double minw = 0.004 * span;
    if (x1 - x0 < minw) {
        double c = (x0 + x1) / 2;
        x0 = c - minw / 2;
        x1 = c + minw / 2;
    }
    fprintf(gp, "set object %d rect from first ", obj);
    gp_num(gp, x0);
    fprintf(gp, ", graph %.17g to first ", b0);
    gp_num(gp, x1);
    fprintf(gp, ", graph %.17g behind fc rgb '%s' fs transparent solid 0.30 "
            "border lc rgb '%s'\n", b1 - 0.01, class_color[g->cls],
            class_color[g->cls]);
    /* The inner edge (the one nearer 0) says where it starts. */
    double edge = fabs(g->lo) <= fabs(g->hi) ? g->lo : g->hi;
    if (fmin(x1, xr) - fmax(x0, -xr) < 0.06 * span) {
        char t[64];
        snprintf(t, sizeof t, "%s %.4g", gc_class_name(g->cls), edge);
        fputs("set label ", gp);
        gp_string(gp, t);
        fputs(" at first ", gp);
        gp_num(gp, (x0 + x1) / 2);
        fprintf(gp, ", graph %.17g center rotate by 90 font ',8' front\n",
                (b0 + b1) / 2);
    } else {
        char t[200];
        snprintf(t, sizeof t, "%s of %s%s",
                 gc_class_name(g->cls), g->function == GC_FN_F ? "f" : "df",
                 g->cls == GC_CLASS_OVERFLOW ? (g->inherent ? " (inherent)"
                                                            : " (PREMATURE)")
                                             : "");
        for (int line = 0; line < 2; line++) {
            if (line)
                snprintf(t, sizeof t, "from %.4g", edge);
            fputs("set label ", gp);
            gp_string(gp, t);
            fputs(" at first ", gp);
            /* Centred in the visible part of the region. */
            gp_num(gp, (fmax(x0, -xr) + fmin(x1, xr)) / 2);
            fprintf(gp, ", graph %.17g center font ',9' front\n",
                    (b0 + b1) / 2 + (line ? -0.025 : 0.015));
        }
    }
    return true;
}

/* Every declared kink as a dashed line with its value. */
static void draw_kinks(FILE *gp, const double *kinks, size_t n_kinks)
{
    for (size_t i = 0; i < n_kinks; i++) {
        if (!isfinite(kinks[i]))
            continue;
        fputs("set arrow from first ", gp);
        gp_num(gp, gc_plot_symlog(kinks[i]));
        fputs(", graph 0 to first ", gp);
        gp_num(gp, gc_plot_symlog(kinks[i]));
        fputs(", graph 1 nohead dt 2 lw 1.5 lc rgb '#555555' front\n", gp);
        char t[64];
        snprintf(t, sizeof t, "kink at %.9g", kinks[i]);
        fputs("set label ", gp);
        gp_string(gp, t);
        fputs(" at first ", gp);
        gp_num(gp, gc_plot_symlog(kinks[i]));
        fputs(", graph 0.97 left offset 0.5,0 font ',9' front\n", gp);
    }
}

/* The points of each precision (thinned) and the plot command: the widest
 * precision first, so the narrow ones (larger errors) are on top; a key
 * entry per class shaded. */
static void error_data(FILE *gp, const struct gc_plot_precision *pp, size_t n_pp, double xr,
                       double span, const bool *used_class)
{
    /* Data. */
    bool any = false;
    for (size_t k = 0; k < n_pp; k++) {
        fprintf(gp, "$P%zu << EOD\n", k);
        size_t m = 0;
        struct thin t = { .gp = gp, .x0 = -xr, .width = span / THIN_BINS, .bin = -1 };
        for (size_t i = 0; i < pp[k].n; i++) {
            const struct gc_flag *f = &pp[k].pts[i];
            if (!plottable(f))
                continue;
            thin_add(&t, gc_plot_symlog(f->x), err_y(f->ulp_error));
            m++;
        }
        thin_flush(&t);
        if (!m)
            fputs("0 NaN\n", gp);
        fputs("EOD\n", gp);
        any |= m > 0;
    }
    fputs("plot ", gp);
    const char *sep = "";
    /* The widest precision first, so the narrow ones (larger errors) are
     * drawn on top. */
    for (size_t kk = n_pp; kk-- > 0;) {
        size_t k = kk;
        bool has = false;
        for (size_t i = 0; i < pp[k].n && !has; i++)
            has = plottable(&pp[k].pts[i]);
        if (!has)
            continue;
        fprintf(gp, "%s$P%zu using 1:2 with lines lw 1.5 lc rgb '%s' "
                "title '%s'", sep, k, prec_color[pp[k].prec], gc_fp_format(pp[k].prec)->name);
        sep = ", \\\n     ";
    }
    if (!any) {
        fprintf(gp, "%s0 with lines lc rgb '#ffffff' notitle", sep);
        sep = ", \\\n     ";
    }
    for (int c = 0; c < GC_N_CLASSES; c++)
        if (used_class[c]) {
            fprintf(gp, "%skeyentry with boxes fs transparent solid 0.30 noborder "
                    "fc rgb '%s' title '%s region'", sep, class_color[c],
                    gc_class_name((gc_class)c));
            sep = ", \\\n     ";
        }
    fputc('\n', gp);
}

gc_status gc_plot_error(FILE *gp, const char *svg_path, const char *name,
                        const struct gc_plot_precision *pp, size_t n_pp,
                        const double *kinks, size_t n_kinks)
{
    double maxabs, ymax;
    bool used_class[GC_N_CLASSES] = { false };
    size_t shaded = 0, skipped = 0;
    error_extent(pp, n_pp, &maxabs, &ymax);
    /* 25 % beyond the last edge, so regions show as regions. */
    double xr = gc_plot_symlog(maxabs) * 1.25, span = 2 * xr;
    ymax *= 1.12;
    error_axes(gp, svg_path, name, xr, ymax, maxabs);

    /* Regions: a horizontal band per precision (bottom to top in the
     * order given), the colour of the class. */
    int obj = 1;
    for (size_t k = 0; k < n_pp; k++) {
        double b0 = (double)k / (double)n_pp, b1 = (double)(k + 1) / (double)n_pp;
        /* The band: its precision named at the left, a line above it. */
        fprintf(gp, "set label '%s regions' at graph 0.005, graph %.17g left "
                "font ',9' tc rgb '%s' front\n", gc_fp_format(pp[k].prec)->name,
                b1 - 0.03, prec_color[pp[k].prec]);
        if (k + 1 < n_pp)
            fprintf(gp, "set arrow from graph 0, graph %.17g to graph 1, graph %.17g "
                    "nohead lc rgb '#cccccc' dt 3 back\n", b1, b1);
        for (size_t i = 0; i < pp[k].n_regions; i++) {
            const struct gc_region *g = &pp[k].regions[i];
            if (shaded >= MAX_SHADED) {
                skipped++;
                continue;
            }
            if (!shade_region(gp, g, pp[k].prec, obj, b0, b1, xr, span))
                continue;
            obj++;
            used_class[g->cls] = true;
            shaded++;
        }
    }
    draw_kinks(gp, kinks, n_kinks);
    if (skipped) {
        fprintf(gp, "set label '%zu more regions not shaded (see the region tables)' "
                "at graph 0.01, graph 0.97 left font ',9' front\n", skipped);
    }

    error_data(gp, pp, n_pp, xr, span, used_class);
    return ferror(gp) ? GC_IO : GC_OK;
}

/* ------------------------------------------------------------------ */
/* (b) f and df.                                                        */

gc_status gc_plot_functions(FILE *gp, const char *svg_path,
                            const struct gc_activation *a,
                            double lo, double hi, size_t n)
{
    bool f64 = a->f64 && a->df64;
    if (!f64 && !(a->f32 && a->df32))
        return GC_INVAL;
    if (!(lo < hi) || n < 2)
        return GC_INVAL;
    terminal(gp, svg_path, 900, 520);
    char t[256];
    snprintf(t, sizeof t, "%s: f and the declared gradient df on [%g, %g] (%s)",
             a->name, lo, hi, f64 ? "float64" : "float32");
    fputs("set title ", gp);
    gp_string(gp, t);
    fputs("\nset xlabel 'x'\nset ylabel 'f(x), df(x)'\n", gp);
    fprintf(gp, "set xrange [%.17g:%.17g]\nset xzeroaxis lt 1 lc rgb '#888888'\n"
            "set yzeroaxis lt 1 lc rgb '#888888'\n", lo, hi);
    for (size_t i = 0; i < a->n_kinks; i++)
        if (a->kinks[i] >= lo && a->kinks[i] <= hi)
            fprintf(gp, "set arrow from first %.17g, graph 0 to first %.17g, graph 1 "
                    "nohead dt 2 lc rgb '#555555'\n", a->kinks[i], a->kinks[i]);
    fputs("$F << EOD\n", gp);
    for (size_t i = 0; i <= n; i++) {
        double x = lo + (hi - lo) * (double)i / (double)n;
        double f, df;
        if (f64) {
            f = a->f64(x);
            df = a->df64(x);
        } else {
            f = (double)a->f32((float)x);
            df = (double)a->df32((float)x);
        }
        gp_num(gp, x);
        fputc(' ', gp);
        gp_num(gp, f);
        fputc(' ', gp);
        gp_num(gp, df);
        fputc('\n', gp);
    }
    fputs("EOD\nplot $F using 1:2 with lines lw 2 lc rgb '#1f77b4' title 'f(x)', \\\n"
          "     $F using 1:3 with lines lw 2 dt 2 lc rgb '#d62728' title 'declared df(x)'",
          gp);
    if (a->n_kinks)
        fputs(", \\\n     keyentry with lines dt 2 lc rgb '#555555' title 'declared kink'", gp);
    fputc('\n', gp);
    return ferror(gp) ? GC_IO : GC_OK;
}

/* ------------------------------------------------------------------ */
/* (c) depth.                                                           */

static double positive(double v)
{
    return isfinite(v) && v > 0 ? v : (double)NAN;
}

gc_status gc_plot_depth(FILE *gp, const char *svg_path, const char *name,
                        const struct gc_depth_result *dr, const char *const *labels,
                        size_t n_dr)
{
    static const char *const dr_color[] = { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e" };
    static const char *const lim_color[GC_N_PRECISIONS] = {
        [GC_PREC_F16] = "#17becf", [GC_PREC_BF16] = "#bcbd22",
        [GC_PREC_F32] = "#e377c2", [GC_PREC_F64] = "#7f7f7f",
    };
    int last = 2;
    for (size_t k = 0; k < n_dr; k++)
        if (dr[k].n_layers > last)
            last = dr[k].n_layers;
    terminal(gp, svg_path, 1000, 560);
    char t[256];
    snprintf(t, sizeof t, "%s: deep network (mean field), RMS pre-activation and "
             "gradient gain per layer", name);
    fputs("set title ", gp);
    gp_string(gp, t);
    fputs("\nset xlabel 'layer l'\n"
          "set ylabel 'RMS of pre-activations and activations, gradient gain (log scale)'\n"
          "set format y '1e%.0f'\n", gp);
    /* The y axis holds log10 of the values (labelled as powers of ten):
     * gnuplot's own log scale cannot reach float64's largest value. */
    fprintf(gp, "set xrange [1:%d]\n", last);
    for (size_t k = 0; k < n_dr && k < 4; k++) {
        int ol = dr[k].overflow_layer[GC_PREC_F32];
        if (ol > 0) {
            fprintf(gp, "set arrow from first %d, graph 0 to first %d, graph 1 nohead "
                    "dt 3 lw 1.5 lc rgb '%s'\n", ol, ol, dr_color[k]);
            snprintf(t, sizeof t, "float32 overflow, %s: layer %d", labels[k], ol);
            fputs("set label ", gp);
            gp_string(gp, t);
            fprintf(gp, " at first %d, graph %.2f right offset -0.5,0 font ',9' "
                    "tc rgb '%s' front\n", ol, 0.95 - 0.05 * (double)k, dr_color[k]);
        }
    }
    bool has[4] = { false };
    for (size_t k = 0; k < n_dr && k < 4; k++) {
        fprintf(gp, "$D%zu << EOD\n", k);
        for (int l = 0; l < dr[k].n_layers; l++) {
            const struct gc_depth_layer *L = &dr[k].layers[l];
            double rq = log10(positive(sqrt(L->q))), g = log10(positive(L->gain));
            double ra = log10(positive(L->rms_act));
            has[k] |= !isnan(rq) || !isnan(g);
            fprintf(gp, "%d ", L->layer);
            gp_num(gp, rq);
            fputc(' ', gp);
            gp_num(gp, g);
            fputc(' ', gp);
            gp_num(gp, ra);
            fputc('\n', gp);
        }
        if (!dr[k].n_layers)
            fputs("1 NaN NaN NaN\n", gp);
        fputs("EOD\n", gp);
    }
    fputs("plot ", gp);
    const char *sep = "";
    for (int p = 0; p < GC_N_PRECISIONS; p++) {
        const struct gc_format *fm = gc_fp_format((gc_precision)p);
        fprintf(gp, "%s%.17g with lines dt 4 lw 1.5 lc rgb '%s' title '%s max (%.4g)'", sep,
                log10((double)fm->max), lim_color[p], fm->name, (double)fm->max);
        sep = ", \\\n     ";
    }
    for (size_t k = 0; k < n_dr && k < 4; k++) {
        if (!has[k])
            continue;
        fprintf(gp, "%s$D%zu using 1:2 with linespoints lw 2 pt 7 ps 0.4 lc rgb '%s' "
                "title 'sqrt(q), %s'", sep, k, dr_color[k], labels[k]);
        fprintf(gp, "%s$D%zu using 1:3 with lines lw 2 dt 2 lc rgb '%s' "
                "title 'gradient gain, %s'", sep, k, dr_color[k], labels[k]);
        fprintf(gp, "%s$D%zu using 1:4 with lines lw 1.5 dt 3 lc rgb '%s' "
                "title 'RMS activation f(h), %s'", sep, k, dr_color[k], labels[k]);
    }
    fputc('\n', gp);
    return ferror(gp) ? GC_IO : GC_OK;
}
