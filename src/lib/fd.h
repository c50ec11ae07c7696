/* fd.h - finite-difference derivative estimators.
 *
 * Every estimator returns the estimate together with its error bars and
 * the step used (struct gc_fd_estimate), so callers can tell a derivative
 * that is accurate from one that merely looks accurate.
 *
 * Functions are evaluated through struct gc_fd_func, which also says on
 * which lattice the function's argument lives (64 bits for a long double
 * reference, 53 for a double function, 24 for a float function) and how
 * large the relative rounding noise of its values is.  Steps are powers of
 * two and the abscissae x +- h are formed so that they are exactly
 * representable on that lattice; where that is impossible (x near the top of
 * a binade on a 53-bit lattice) the realised steps (x+h)-x and x-(x-h) are
 * used, so the difference quotient always divides by the true distance.
 */
#ifndef GC_FD_H
#define GC_FD_H

#include "gradcheck.h"

typedef long double (*gc_fd_fn)(long double x, void *ctx);

struct gc_fd_func {
    gc_fd_fn fn;          /* the function; may return inf/NaN */
    void *ctx;            /* passed through to fn */
    int mant_bits;        /* argument lattice: 64, 53 or 24 */
    long double noise;    /* relative rounding error of fn's values,
                             e.g. LDBL_EPSILON for a correctly rounded-ish
                             long double function, DBL_EPSILON for double */
};

struct gc_fd_estimate {
    long double value;     /* derivative estimate */
    long double err_round; /* bound on the effect of rounding noise */
    long double err_trunc; /* estimate of the truncation error */
    long double h;         /* the (initial) step used */
    int n_evals;           /* function evaluations spent */
};

/* Total error bar: err_round + err_trunc. */
long double gc_fd_error(const struct gc_fd_estimate *e);

/* A power-of-two step near `scale` * max(|x|, 1) for which x + h and x - h
 * are exact on a lattice of `mant_bits` bits, given x itself lies on it. */
long double gc_fd_step(long double x, long double scale, int mant_bits);

/* Plain central difference (f(x+h) - f(x-h)) / 2h, second order.
 * err_trunc is estimated by comparing with the step 2h. */
gc_status gc_fd_central(const struct gc_fd_func *F, long double x,
                        long double h, struct gc_fd_estimate *out) GC_WARN_UNUSED;

/* Five-point stencil, fourth order; err_trunc from the step 2h. */
gc_status gc_fd_five_point(const struct gc_fd_func *F, long double x,
                           long double h, struct gc_fd_estimate *out) GC_WARN_UNUSED;

/* Ridders' method: Richardson extrapolation of central differences over a
 * geometric sequence of steps starting at h0, stopping when the error
 * estimate grows.  side = 0 for central differences; side = +1 (-1) uses
 * only points at or right (left) of x, for use beside a kink: the one-sided
 * differences are extrapolated the same way. */
gc_status gc_fd_ridders(const struct gc_fd_func *F, long double x,
                        long double h0, int side,
                        struct gc_fd_estimate *out) GC_WARN_UNUSED;

/* The reference derivative at x: Ridders with a step chosen from x and the
 * function's lattice; if a kink lies within reach of the stencil, the step
 * is shrunk to stay clear of it, and if x is itself a kink the caller
 * should use gc_fd_ridders with side = -1 / +1.  kinks ascending. */
gc_status gc_fd_reference(const struct gc_fd_func *F, long double x,
                          const double *kinks, size_t n_kinks,
                          struct gc_fd_estimate *out) GC_WARN_UNUSED;

/* GSL's gsl_deriv_central on a double function, as a comparison
 * estimator: value, GSL's abserr as err_trunc, step h. */
gc_status gc_fd_gsl_central(double (*f)(double x, void *ctx), void *ctx,
                            double x, double h,
                            struct gc_fd_estimate *out) GC_WARN_UNUSED;

/* The derivative a user would compute in the precision itself: central
 * difference with the step cbrt(eps)-ish power of two scaled by |x|, every
 * operation in that precision. */
float  gc_fd_same_f32(float (*f)(float), float x);
double gc_fd_same_f64(double (*f)(double), double x);

#endif
