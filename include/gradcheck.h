/* gradcheck.h - public API and plugin ABI of libgradcheck.
 *
 * Copyright (C) 2026 the gradcheck authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every public symbol starts with gc_, every macro with GC_.  The activation
 * descriptor (struct gc_activation) is the plugin ABI: fields are only ever
 * appended, and GC_ABI_VERSION changes when an existing field changes.
 * Functions whose result depends on a floating-point format carry the
 * format in their name: _f16, _bf16, _f32, _f64 (and _ld for long double).
 */
#ifndef GRADCHECK_H
#define GRADCHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GC_ABI_VERSION 1

#if defined(__GNUC__)
#define GC_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define GC_WARN_UNUSED
#endif

/* ------------------------------------------------------------------ */
/* Status codes: one list generates the enum, the names and messages.  */

#define GC_STATUS_MAP(XX)                                              \
    XX(OK, "success")                                                  \
    XX(NOMEM, "out of memory")                                         \
    XX(INVAL, "invalid argument")                                      \
    XX(NOTFOUND, "not found")                                          \
    XX(RANGE, "value out of range")                                    \
    XX(IO, "input/output error")                                       \
    XX(PARSE, "syntax error")                                          \
    XX(NUMERIC, "numerical method failed")                             \
    XX(ABI, "plugin ABI mismatch")                                     \
    XX(CRASH, "activation crashed")                                    \
    XX(TIMEOUT, "activation timed out")                                \
    XX(INTERRUPTED, "interrupted")

typedef enum {
#define GC_STATUS_ENUM_(name, msg) GC_##name,
    GC_STATUS_MAP(GC_STATUS_ENUM_)
#undef GC_STATUS_ENUM_
    GC_N_STATUS
} gc_status;

/* Human-readable message for a status ("out of memory"); never NULL. */
const char *gc_strerror(gc_status status);
/* Symbolic name without prefix ("NOMEM"); never NULL. */
const char *gc_status_name(gc_status status);

/* ------------------------------------------------------------------ */
/* Plugin ABI: the activation descriptor.                              */

struct gc_activation {
    const char *name;                 /* [a-z][a-z0-9_]*, unique */
    const char *summary;              /* one line */
    float       (*f32)(float);        /* any of these may be NULL: that   */
    float       (*df32)(float);       /* precision is then skipped, and   */
    double      (*f64)(double);       /* the report says so               */
    double      (*df64)(double);
    long double (*fref)(long double); /* optional: f in long double, used
                                         only to build references */
    const double *kinks;              /* ascending points where f is not
                                         differentiable; NULL if none */
    size_t n_kinks;
    /* Appended (gradcheck extension, see README "How a declared gradient
     * is judged"): optional closed-form derivative in long double.  It is
     * never the thing under test.  When present it is the reference
     * derivative, with a finite difference of fref computed beside it as
     * a cross-check; it lets the check resolve f' where differences of
     * fref cannot (tanh' in the tails, where tanhl rounds to +-1; sin' at
     * huge |x|). */
    long double (*dfref)(long double);
};

/* A plugin is a shared object exporting exactly this function. */
typedef const struct gc_activation *gc_plugin_fn(size_t *count, int *abi_version);
const struct gc_activation *gc_plugin_activations(size_t *count, int *abi_version);

/* The built-in catalogue (gradcheck extension): a plugin linked against
 * libgradcheck may wrap a built-in, e.g. to test a variant of one
 * function of it (checks/mutants/mutants_plugin.c does).  Sorted by name;
 * the descriptors live as long as the library. */
const struct gc_activation *gc_builtins(size_t *count);
/* A built-in by name; NULL if there is none. */
const struct gc_activation *gc_builtin_find(const char *name);
/* Validate a descriptor as plugin loading does: name matches
 * [a-z][a-z0-9_]* (at most 63 chars), at least one (f, df) pair present,
 * kinks finite and strictly ascending, n_kinks == 0 when kinks is NULL.
 * On failure writes a one-line reason into why (if not NULL) and returns
 * GC_INVAL. */
gc_status gc_activation_validate(const struct gc_activation *a,
                                 char *why, size_t why_size) GC_WARN_UNUSED;

/* ------------------------------------------------------------------ */
/* Precisions and float lattices (fp.c)                                */

typedef enum {
    GC_PREC_F16,    /* IEEE binary16 */
    GC_PREC_BF16,   /* bfloat16: the top half of a binary32 */
    GC_PREC_F32,    /* IEEE binary32 */
    GC_PREC_F64,    /* IEEE binary64 */
    GC_N_PRECISIONS
} gc_precision;

/* Properties of a binary floating-point format, all exact. */
struct gc_format {
    const char *name;          /* "float16", "bfloat16", "float32", "float64" */
    int mant_dig;              /* significand bits including the implicit one */
    int emin;                  /* exponent of the smallest normal: 2^emin */
    int emax;                  /* exponent of the largest binade: max < 2^(emax+1) */
    long double max;           /* largest finite value */
    long double min_normal;    /* 2^emin */
    long double min_subnormal; /* 2^(emin - mant_dig + 1) */
    long double epsilon;       /* 2^(1 - mant_dig) */
};

/* The format table entry of p; NULL if p is out of range. */
const struct gc_format *gc_fp_format(gc_precision p);

/* Parse "float16", "bfloat16", "float32" or "float64" (also the aliases
 * "f16", "bf16", "f32", "f64", "half", "float", "double").
 * Returns GC_OK and sets *out, or GC_INVAL. */
gc_status gc_precision_parse(const char *name, gc_precision *out) GC_WARN_UNUSED;

/* Half formats are distinct types so they cannot be mixed by accident. */
typedef struct { uint16_t bits; } gc_f16;
typedef struct { uint16_t bits; } gc_bf16;

/* float -> binary16 with round-to-nearest-even; overflow gives +-inf,
 * NaN stays NaN (quiet), subnormals are produced exactly. */
gc_f16 gc_fp_round_f16(float x);
/* binary16 -> float, exact. */
float gc_fp_widen_f16(gc_f16 h);
/* float -> bfloat16 with round-to-nearest-even, NaN stays NaN (quiet). */
gc_bf16 gc_fp_round_bf16(float x);
/* bfloat16 -> float, exact. */
float gc_fp_widen_bf16(gc_bf16 h);

/* Ordered-integer mapping: a monotone bijection between the non-NaN values
 * of the format and a contiguous integer range, with -0 and +0 both mapped
 * to 0 (so they are 0 ULP apart).  ord(nextafter(x, +inf)) == ord(x) + 1.
 * The result for NaN is unspecified. */
int32_t gc_fp_ord_f32(float x);
float   gc_fp_from_ord_f32(int32_t k);   /* inverse; 0 maps to +0 */
int64_t gc_fp_ord_f64(double x);
double  gc_fp_from_ord_f64(int64_t k);

/* The ordered lattice of any precision: gc_fp_ord(p, x) for a non-NaN value
 * x of p is its position (-0 and +0 both 0, next value up +1), in
 * [-gc_fp_ord_top(p), gc_fp_ord_top(p)] where the ends are -inf and +inf;
 * gc_fp_from_ord(p, k) is the inverse (0 gives +0).  For float32 and
 * float64 these are gc_fp_ord_f32/f64; half formats order their bits. */
int64_t gc_fp_ord(gc_precision p, double x);
double  gc_fp_from_ord(gc_precision p, int64_t k);
int64_t gc_fp_ord_top(gc_precision p);

/* Distance in ULPs on the ordered lattice: the number of representable
 * values stepped over going from a to b.  0 for a == b (including -0, +0).
 * UINT32_MAX / UINT64_MAX when either is NaN. */
uint32_t gc_fp_ulp_diff_f32(float a, float b);
uint64_t gc_fp_ulp_diff_f64(double a, double b);

/* Spacing of precision p's lattice at magnitude |v|: 2^(e - mant_dig + 1)
 * where 2^e <= |v| < 2^(e+1), floored at min_subnormal for tiny |v|
 * (including 0) and capped at the spacing of the top binade for
 * |v| >= max (including inf).  NaN gives NaN. */
long double gc_fp_ulp_ld(gc_precision p, long double v);

/* Round the long double v to precision p with round-to-nearest-even,
 * including gradual underflow and overflow to +-inf; returned as long
 * double (exactly representable in p). */
long double gc_fp_round_ld(gc_precision p, long double v);

/* ULP error of `approx` (a value of precision p) against an exact or
 * reference value `exact`: |approx - exact| / gc_fp_ulp_ld(p, exact).
 * 0 when both are equal infinities or both NaN; +inf when exactly one is
 * NaN or infinite. */
double gc_fp_ulp_error(gc_precision p, long double approx, long double exact);

/* ------------------------------------------------------------------ */
/* Running a check from a program (run.c)                              */
/*
 * A program (a framework's or a kernel library's test suite) checks its
 * own activations, or built-ins, in a few calls:
 *
 *     struct gc_run_options o;
 *     gc_run_options_default(&o);
 *     const struct gc_activation *acts[] = { &my_act, gc_builtin_find("relu") };
 *     struct gc_run *run;
 *     if (gc_run_check(acts, 2, &o, &run) != GC_OK) ...;
 *     for (size_t i = 0; i < gc_run_count(run); i++) {
 *         struct gc_run_summary s;
 *         if (gc_run_summary_get(run, i, &s) == GC_OK && s.outcome == GC_OUTCOME_FAIL) ...;
 *     }
 *     (void)gc_run_write(run, "tap", stdout);
 *     gc_run_free(run);
 *
 * GSL: the check calls GSL, whose default error handler aborts the
 * process.  gc_run_check turns that handler off for the duration of the
 * run (gsl_set_error_handler_off) and puts the caller's handler back
 * before it returns; every GSL status is checked by the library.  Since
 * GSL's handler is one process-wide setting, a host that calls GSL from
 * other threads during a run should call gsl_set_error_handler_off()
 * itself beforehand.  The other library functions that reach GSL
 * (none declared in this header) expect the host to have done so.
 */

/* The outcome of one activation in one precision. */
typedef enum {
    GC_OUTCOME_PASS,    /* every point within tolerance, nothing to note */
    GC_OUTCOME_WARN,    /* passes, with something to note: f or df overflow
                           where the mathematical function does (inherent),
                           or a deep network of it blows up */
    GC_OUTCOME_FAIL,    /* some point fails: a wrong gradient, a NaN or an
                           overflow the function does not have */
    GC_OUTCOME_CRASH,   /* the activation crashed or timed out (child
                           isolation only; in-process, a crash ends the host) */
    GC_OUTCOME_SKIPPED  /* the descriptor has no functions of the precision */
} gc_outcome;

/* "pass", "warn", "fail", "crash", "skipped"; "?" out of range. */
const char *gc_outcome_name(gc_outcome o);

/* Where the activations' code runs. */
typedef enum {
    /* Each activation and precision in a child process made with fork(),
     * stopped after timeout_s seconds: a crash or a hang is a result with
     * outcome GC_OUTCOME_CRASH.  fork() is unsafe in a multithreaded
     * host (a lock held by another thread stays held in the child; the
     * child then calls only the library and the activation): use
     * GC_ISOLATE_NONE there. */
    GC_ISOLATE_CHILD,
    /* In the calling process: no fork, no time limit; a crash of the
     * activation is a crash of the host. */
    GC_ISOLATE_NONE
} gc_isolation;

/* Options of gc_run_check.  Fill with gc_run_options_default, then set
 * fields; fields are only ever appended. */
struct gc_run_options {
    size_t points;            /* about this many sampled points per float32
                                 and float64 check, 100 to 100000000
                                 (float16 and bfloat16 always check every
                                 value); default 10000 */
    uint64_t seed;            /* of the random points; default 1 */
    bool precisions[GC_N_PRECISIONS]; /* which to check; default float32
                                         and float64 */
    double timeout_s;         /* GC_ISOLATE_CHILD: seconds per activation
                                 and precision, > 0; default 60 */
    gc_isolation isolation;   /* default GC_ISOLATE_CHILD */
    bool depth_warning;       /* turn a pass into a warn when a deep network
                                 of the activation overflows float32 within
                                 50 layers (as gradcheck check does); only
                                 for built-ins and in-process runs, since it
                                 calls the activation in the caller; default
                                 true */
    const char *const *expect_fail; /* names of activations expected to fail:
                                       their summaries say so and the "tap"
                                       writer marks their lines "# TODO";
                                       default NULL */
    size_t n_expect_fail;
};

/* Set every field of *o to its default (above).  o must not be NULL. */
void gc_run_options_default(struct gc_run_options *o);

/* A finished run: the results of every activation in every precision. */
struct gc_run;

/* Check each of the n_acts activations acts[0..n_acts-1] in each
 * precision selected by o (NULL: the defaults), activation-major (all
 * precisions of acts[0] first, in the order float16, bfloat16, float32,
 * float64).  The descriptors may be built-ins (gc_builtin_find) or the
 * caller's own; they must outlive the run (the results point at their
 * names).  Returns GC_OK with *out set, whatever the outcomes (read them
 * with gc_run_summary_get); GC_INVAL (*out NULL) when acts or out is NULL,
 * n_acts is 0, a descriptor fails gc_activation_validate, no precision is
 * selected, points or timeout_s is out of range, isolation is unknown, or
 * an expect_fail name is not the name of one of acts; GC_NOMEM when
 * memory ran out; GC_IO when no child process could be made.  Never
 * exits; see above on GSL's error handler. */
gc_status gc_run_check(const struct gc_activation *const *acts, size_t n_acts,
                       const struct gc_run_options *o, struct gc_run **out)
                       GC_WARN_UNUSED;

/* The number of results of run (activations times selected precisions,
 * skipped ones included); 0 for NULL. */
size_t gc_run_count(const struct gc_run *run);

/* A result in brief.  The precision is a field, so this type serves
 * every precision; values of x are exact values of that precision held
 * in a double. */
struct gc_run_summary {
    const char *activation;   /* the descriptor's name */
    gc_precision precision;
    gc_outcome outcome;
    bool expected_fail;       /* named in options.expect_fail */
    size_t points;            /* points evaluated */
    size_t mismatches;        /* points of failing classes */
    double max_ulp_error;     /* largest ULP error of df over the points
                                 compared (0 when none) */
    double tol_ulps;          /* the tolerance, in ULPs, at worst_x; NaN
                                 when there is no worst point */
    double worst_x;           /* where max_ulp_error is reached; NaN when
                                 there is none */
    size_t n_regions;         /* regions where points were flagged */
};

/* Fill *out with result i (0 <= i < gc_run_count(run)).  GC_OK, or
 * GC_INVAL (out untouched) when run or out is NULL or i is out of range.
 * out->activation lives as long as the descriptor. */
gc_status gc_run_summary_get(const struct gc_run *run, size_t i,
                             struct gc_run_summary *out) GC_WARN_UNUSED;

/* Write every result of run to out in format: "text" (the report of
 * gradcheck check), "json", "csv", "markdown" or "tap" (TAP version 13:
 * the plan, one test line per result, "# TODO" on expected failures,
 * YAML diagnostics; see gradcheck(1)).  Returns GC_OK; GC_INVAL when run,
 * format or out is NULL or format is unknown (nothing written); GC_IO
 * when out has its error indicator set after writing.  Does not flush or
 * close out. */
gc_status gc_run_write(const struct gc_run *run, const char *format, FILE *out)
                       GC_WARN_UNUSED;

/* Free run and its results; NULL is allowed. */
void gc_run_free(struct gc_run *run);

#ifdef __cplusplus
}
#endif
#endif /* GRADCHECK_H */
