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

#ifdef __cplusplus
}
#endif
#endif /* GRADCHECK_H */
