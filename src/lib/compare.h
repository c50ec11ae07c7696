/* compare.h - the tolerance model and the per-point classification.
 *
 * A declared gradient d (computed in precision p at a point x of p) is
 * judged against a reference r with error bar e.  The tolerance is
 *
 *   tol = ulps * ulp_p(r)                  rounding of a few operations
 *       + backward_ulps * |f''(x)| * ulp_p(x)
 *                                          what f' changes across that many
 *                                          ULPs of x: a backward-stable
 *                                          formula is exact for a nearby x
 *       + scale_eps * eps_p * S(x)         absolute noise of terms the size
 *                                          of f's slope around x,
 *                                          S = |f(x+d) - f(x-d)| / 2d with
 *                                          d = max(1, |x|/8): what cancels
 *                                          near a zero of f' (snake' =
 *                                          1 + sin 2x at its double zeros);
 *                                          close to |f'| elsewhere
 *       + e                                the reference's own error bar
 *
 * and every flag carries the numbers that justify it (ULP error, the
 * tolerance in ULPs, the reference and its bar).
 */
#ifndef GC_COMPARE_H
#define GC_COMPARE_H

#include "gradcheck.h"

#define GC_CLASS_MAP(XX)                                                   \
    XX(OK, "ok")                                                           \
    XX(MISMATCH, "mismatch")                                               \
    XX(KINK, "kink")                                                       \
    XX(UNDECLARED_KINK, "undeclared_kink")                                 \
    XX(OVERFLOW, "overflow")                                               \
    XX(NAN, "nan")                                                         \
    XX(GRADIENT_UNDERFLOW, "gradient_underflow")                           \
    XX(FD_UNRELIABLE, "fd_unreliable")

typedef enum {
#define GC_CLASS_ENUM_(name, str) GC_CLASS_##name,
    GC_CLASS_MAP(GC_CLASS_ENUM_)
#undef GC_CLASS_ENUM_
    GC_N_CLASSES
} gc_class;

/* Which function a flag is about. */
typedef enum { GC_FN_DF = 0, GC_FN_F = 1 } gc_function;

/* "mismatch", "fd_unreliable", ...; "?" out of range. */
const char *gc_class_name(gc_class c);
/* Parse a class name; GC_INVAL if unknown. */
gc_status gc_class_parse(const char *name, gc_class *out) GC_WARN_UNUSED;
/* True for the classes that make an activation fail: mismatch, nan,
 * gradient_underflow, undeclared_kink and premature (not inherent)
 * overflow. */
bool gc_class_fails(gc_class c, bool inherent);

struct gc_tolerance {
    double ulps;           /* multiples of ulp_p(reference) */
    double backward_ulps;  /* multiples of |f''(x)| * ulp_p(x) */
    double scale_eps;      /* multiples of eps_p * S(x) */
};

/* The defaults for p.  They give zero false positives on every correct
 * built-in (checks/check_builtins.c sweeps them) while a relative error of
 * 1e-4 in float32 or 1e-9 in float64 is still caught. */
void gc_tolerance_default(gc_precision p, struct gc_tolerance *t);

/* Everything known about one point. */
struct gc_point_in {
    long double x;
    long double f_decl;     /* f_p(x), widened */
    long double df_decl;    /* df_p(x), widened */
    long double f_ref;      /* reference f(x) */
    long double df_ref;     /* reference derivative; NaN if none */
    long double df_err;     /* its error bar (>= 0; inf if unknown) */
    long double d2;         /* |f''(x)| estimate; 0 if unknown */
    long double secant;     /* S(x), the neighbourhood slope; 0 if unknown */
    bool at_kink;           /* x is a declared kink */
    bool sides_known;       /* left/right below are valid */
    long double left, left_err;   /* one-sided derivatives */
    long double right, right_err;
};

struct gc_point_out {
    gc_class cls;
    gc_function function;   /* which of f, df the class is about */
    bool inherent;          /* overflow: the true value is beyond p */
    double ulp_error;       /* |df_decl - df_ref| / ulp_p(df_ref) */
    double tol_ulps;        /* the tolerance, in the same ULPs */
    long double tol_abs;    /* the tolerance, absolute */
};

/* The tolerance (absolute) at a point, excluding nothing: see above. */
long double gc_tolerance_abs(gc_precision p, const struct gc_tolerance *t,
                             const struct gc_point_in *in);

/* Classify one point.  Order of precedence: NaN input, NaN outputs,
 * overflow of f, overflow of df, declared kinks, undeclared kinks,
 * gradient underflow, mismatch, fd_unreliable, ok.  Returns out->cls. */
gc_class gc_compare_point(gc_precision p, const struct gc_tolerance *t,
                          const struct gc_point_in *in,
                          struct gc_point_out *out);

#endif
