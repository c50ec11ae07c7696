/* plot.h - gradient-accuracy plots drawn by gnuplot (SVG).
 *
 * Each gc_plot_* writer emits one complete gnuplot script (terminal,
 * output file, data as inline datablocks, plot command) to a stream: to a
 * gnuplot process opened with gc_plot_open, or to any FILE for a test.
 * Scripts are deterministic (fixed formats, %.17g numbers, no dates), and
 * gnuplot's SVG terminal writes no date or random id, so the same data
 * gives the same bytes.
 *
 * The x axis of the error plot is symmetric-logarithmic:
 *     X(x) = sign(x) log10(1 + |x| / GC_PLOT_LINTHRESH),
 * linear within about GC_PLOT_LINTHRESH of 0 and logarithmic beyond, so
 * that subnormals, [-10, 10] and the overflow edges near 2^64, 2^128 and
 * 2^1024 all fit on one axis; tick labels are placed at X of real x.
 */
#ifndef GC_PLOT_H
#define GC_PLOT_H

#include <stdio.h>
#include "verify.h"
#include "depth.h"

/* The linear threshold of the symmetric-log x axis. */
#define GC_PLOT_LINTHRESH 1e-3

/* The gnuplot to run: $GRADCHECK_GNUPLOT when set (a path, or a name
 * searched in PATH), else "gnuplot" searched in PATH.  Copies the
 * resolved path into buf and returns buf, or returns NULL when there is
 * no such executable (the caller then writes its report without plots). */
const char *gc_plot_find(char *buf, size_t size);

/* Start `program` (from gc_plot_find) with its default settings (no
 * ~/.gnuplot: -d) and a pipe to its standard input.  The caller should
 * ignore SIGPIPE while writing, so that a gnuplot dying early is an error
 * status rather than the end of the caller.  Returns GC_OK or GC_IO. */
gc_status gc_plot_open(const char *program, FILE **gp) GC_WARN_UNUSED;

/* Tell gnuplot to finish, wait for it and check that it exited with
 * status 0.  Returns GC_OK, or GC_IO when a write failed or gnuplot
 * failed (then *exit_status, when not NULL, holds the wait status). */
gc_status gc_plot_close(FILE *gp, int *exit_status) GC_WARN_UNUSED;

/* X(x) of the symmetric-log axis. */
double gc_plot_symlog(double x);

/* One precision of the error plot: the evaluated points (ascending x, as
 * gc_check_point gives them) and the regions of the check. */
struct gc_plot_precision {
    gc_precision prec;
    const struct gc_flag *pts;
    size_t n;
    const struct gc_region *regions;
    size_t n_regions;
};

/* (a) The declared gradient's error in ULPs of each precision against x
 * on the symmetric-log axis, one line per precision, with the regions
 * (overflow, NaN, gradient underflow, mismatch, ...) shaded in a band per
 * precision and labelled, and the declared kinks drawn as dashed lines.
 * Writes an SVG to svg_path. */
gc_status gc_plot_error(FILE *gp, const char *svg_path, const char *name,
                        const struct gc_plot_precision *pp, size_t n_pp,
                        const double *kinks, size_t n_kinks) GC_WARN_UNUSED;

/* (b) f and the declared df of a on [lo, hi] at n + 1 evenly spaced
 * points (float64 functions, else float32 ones widened). */
gc_status gc_plot_functions(FILE *gp, const char *svg_path,
                            const struct gc_activation *a,
                            double lo, double hi, size_t n) GC_WARN_UNUSED;

/* (c) The depth analysis: RMS pre-activation sqrt(q(l)) and cumulative
 * gradient gain per layer for each analysis in dr[0..n_dr-1] (labelled
 * labels[k]), on a log y axis, with the largest finite value of each
 * precision drawn as the overflow limit. */
gc_status gc_plot_depth(FILE *gp, const char *svg_path, const char *name,
                        const struct gc_depth_result *dr, const char *const *labels,
                        size_t n_dr) GC_WARN_UNUSED;

#endif
