/* report_text.c - the human-readable report. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "report.h"

#define NUM 48

static void ulp_cell(double u, char *buf, size_t size)
{
    if (isnan(u))
        snprintf(buf, size, "-");
    else if (isinf(u))
        snprintf(buf, size, "inf");
    else if (u < 1e6)
        snprintf(buf, size, "%.2f", u);
    else
        snprintf(buf, size, "%.3g", u);
}

static void summary_line(FILE *out, const struct gc_result *r, int w)
{
    const char *prec = gc_fp_format(r->prec)->name;
    if (r->verdict == GC_VERDICT_CRASH) {
        char xs[NUM], xh[NUM];
        fprintf(out, "%-*s %-9s %-7s  ", w, r->act->name, prec, "crash");
        if (r->timed_out)
            fprintf(out, "timed out");
        else if (r->crash_signal)
            fprintf(out, "killed by signal %d (%s)", r->crash_signal, strsignal(r->crash_signal));
        else
            fprintf(out, "exited on its own");
        if (!isnan(r->crash_x))
            fprintf(out, " evaluating %s at x = %s (%s)", r->crash_what ? r->crash_what : "?",
                    gc_fmt_value(r->prec, r->crash_x, xs, sizeof xs),
                    gc_fmt_hex(r->crash_x, xh, sizeof xh));
        fputc('\n', out);
        return;
    }
    if (r->skipped) {
        fprintf(out, "%-*s %-9s %-7s  skipped: no %s functions\n",
                w, r->act->name, prec, "-", r->prec == GC_PREC_F64 ? "f64/df64"
                                                               : "f32/df32");
        return;
    }
    char mx[NUM], tol[NUM], wx[NUM], wh[NUM];
    ulp_cell(r->max_ulp_error, mx, sizeof mx);
    ulp_cell(r->has_worst ? r->worst.tol_ulps : (double)NAN, tol, sizeof tol);
    fprintf(out, "%-*s %-9s %-7s %7zu %10s %10s  ", w, r->act->name, prec,
            gc_verdict_name(r->verdict), r->points, mx, tol);
    if (r->has_worst && r->max_ulp_error > 0)
        fprintf(out, "%s (%s)", gc_fmt_value(r->prec, r->worst.x, wx, sizeof wx),
                gc_fmt_hex(r->worst.x, wh, sizeof wh));
    else
        fprintf(out, "-");
    if (r->partial)
        fprintf(out, "  [partial: %.1f%% of the lattice]", 100 * r->coverage);
    else if (r->exhaustive)
        fprintf(out, "  [exhaustive]");
    fputc('\n', out);
}

static void flag_line(FILE *out, const struct gc_result *r, const struct gc_flag *f)
{
    char x[NUM], xh[NUM], d[NUM], dh[NUM], ref[NUM], err[NUM], u[NUM], t[NUM];
    char fd[NUM], fe[NUM];
    fprintf(out, "      x = %s (%s): ", gc_fmt_value(r->prec, f->x, x, sizeof x),
            gc_fmt_hex(f->x, xh, sizeof xh));
    if (f->function == GC_FN_F) {
        fprintf(out, "f = %s, reference f = %s", gc_fmt_value(r->prec, f->f_decl, d, sizeof d),
                gc_fmt_value(GC_PREC_F64, f->f_ref, ref, sizeof ref));
    } else if (f->at_kink) {
        fprintf(out, "df = %s (%s), one-sided derivatives %s (left) and %s (right)",
                gc_fmt_value(r->prec, f->declared, d, sizeof d),
                gc_fmt_hex(f->declared, dh, sizeof dh),
                gc_fmt_value(GC_PREC_F64, f->left, ref, sizeof ref),
                gc_fmt_value(GC_PREC_F64, f->right, fd, sizeof fd));
        if (f->cls != GC_CLASS_KINK)
            fprintf(out, ": not between them (tolerance %.2f ULP)", f->tol_ulps);
    } else {
        snprintf(err, sizeof err, "%.2Lg", f->ref_err);
        ulp_cell(f->ulp_error, u, sizeof u);
        ulp_cell(f->tol_ulps, t, sizeof t);
        fprintf(out, "df = %s (%s), reference %s +- %s: %s ULP, tolerance %s ULP",
                gc_fmt_value(r->prec, f->declared, d, sizeof d),
                gc_fmt_hex(f->declared, dh, sizeof dh),
                gc_fmt_value(GC_PREC_F64, f->reference, ref, sizeof ref), err, u, t);
        if (!isnan(f->left))
            fprintf(out, ", one-sided %s / %s",
                    gc_fmt_value(GC_PREC_F64, f->left, d, sizeof d),
                    gc_fmt_value(GC_PREC_F64, f->right, ref, sizeof ref));
        if (!isnan(f->fd_same))
            fprintf(out, ", %s finite difference %s", gc_fp_format(r->prec)->name,
                    gc_fmt_value(r->prec, f->fd_same, fd, sizeof fd));
    }
    int fl = f->function == GC_FN_F ? f->fe_f : f->fe_df;
    if (fl)
        fprintf(out, " [%s]", gc_fe_names(fl, fe, sizeof fe));
    fputc('\n', out);
}

static void details(FILE *out, const struct gc_result *r, size_t max_detail)
{
    char lo[NUM], loh[NUM], hi[NUM], hih[NUM], fe[NUM];
    fprintf(out, "\n%s %s: %s, %zu region%s", r->act->name,
            gc_fp_format(r->prec)->name, gc_verdict_name(r->verdict),
            r->n_regions, r->n_regions == 1 ? "" : "s");
    fprintf(out, " (tolerance: %g ULP + %g x |f''| ULP(x) + %g x eps x |secant|"
            " + reference error)\n", r->tol.ulps, r->tol.backward_ulps, r->tol.scale_eps);
    fprintf(out, "    %-18s %-3s %-9s %-34s %-34s %7s  %s\n", "class", "fn", "kind",
            "from", "to", "points", "exceptions");
    size_t fi = 0;
    for (size_t i = 0; i < r->n_regions; i++) {
        const struct gc_region *g = &r->regions[i];
        char from[2 * NUM + 4], to[2 * NUM + 4];
        snprintf(from, sizeof from, "%s (%s)", gc_fmt_value(r->prec, g->lo, lo, sizeof lo),
                 gc_fmt_hex(g->lo, loh, sizeof loh));
        snprintf(to, sizeof to, "%s (%s)", gc_fmt_value(r->prec, g->hi, hi, sizeof hi),
                 gc_fmt_hex(g->hi, hih, sizeof hih));
        const char *kind = g->cls == GC_CLASS_OVERFLOW
                               ? (g->inherent ? "inherent" : "premature")
                               : gc_class_fails(g->cls, g->inherent) ? "error" : "info";
        fprintf(out, "    %-18s %-3s %-9s %-34s %-34s %7zu  %s\n", gc_class_name(g->cls),
                g->function == GC_FN_F ? "f" : "df", kind, from, to, g->count,
                g->fe ? gc_fe_names(g->fe, fe, sizeof fe) : "-");
        /* The flagged points kept for this region: r->flags is in
         * ascending x, like the regions. */
        while (fi < r->n_flags && r->flags[fi].x < g->lo)
            fi++;
        bool listed = gc_class_fails(g->cls, g->inherent) || g->cls == GC_CLASS_KINK;
        size_t shown = 0, kept = 0;
        for (; fi < r->n_flags && r->flags[fi].x <= g->hi; fi++) {
            if (r->flags[fi].cls != g->cls)
                continue;
            kept++;
            if (listed && (!max_detail || shown < max_detail)) {
                flag_line(out, r, &r->flags[fi]);
                shown++;
            }
        }
        if (listed && g->count > shown)
            fprintf(out, "      ... %zu more in this region%s\n", g->count - shown,
                    kept > shown ? " (--details 0 lists all kept; --format json has them)" : "");
    }
}

gc_status gc_report_text(FILE *out, const struct gc_result *res, size_t n,
                         size_t max_detail)
{
    /* The name column fits the longest name (at least 14). */
    int w = 14;
    for (size_t i = 0; i < n; i++)
        if (res[i].act && (int)strlen(res[i].act->name) > w)
            w = (int)strlen(res[i].act->name);
    fprintf(out, "%-*s %-9s %-7s %7s %10s %10s  %s\n", w, "activation", "precision",
            "verdict", "points", "max ulp", "tol ulp", "worst x");
    for (size_t i = 0; i < n; i++)
        summary_line(out, &res[i], w);
    for (size_t i = 0; i < n; i++)
        if (!res[i].skipped && res[i].n_regions && res[i].verdict != GC_VERDICT_CRASH)
            details(out, &res[i], max_detail);
    /* One depth note per activation (the same in every precision). */
    for (size_t i = 0; i < n; i++) {
        if (res[i].depth_layer <= 0 || (i > 0 && res[i - 1].act == res[i].act))
            continue;
        fprintf(out, "\n%s: in a deep network (sigma_w^2 = %g, sigma_b = 0, input variance 1) "
                "float32 activations overflow at layer %d: see 'gradcheck depth %s'\n",
                res[i].act->name, res[i].depth_sw2, res[i].depth_layer, res[i].act->name);
    }
    return ferror(out) ? GC_IO : GC_OK;
}
