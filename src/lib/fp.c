#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
/* fp.c - float lattices: format table, ordered-integer mapping, ULP
 * distances, binary16/bfloat16 conversions and rounding of long double to
 * any of the four precisions.
 *
 * Copyright (C) 2026 the gradcheck authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Methods
 *
 * Ordered mapping.  For an IEEE binary format with bits u (sign s,
 * magnitude bits m = u without the sign), the non-NaN values are ordered
 * exactly as the integers  s ? -m : +m.  Consecutive magnitudes differ by
 * one in m (the exponent field carries into the next binade, subnormals
 * continue the same integer sequence down to 0), so ord(nextup(x)) ==
 * ord(x) + 1, and -0, +0 both map to 0.  |m| <= 0x7f800000 (float32) and
 * 0x7ff0000000000000 (float64) for non-NaN values, so the negation never
 * touches INT32_MIN / INT64_MIN and ULP distances (at most 2 * ord(inf))
 * fit the unsigned type, with UINT*_MAX left free to signal NaN.
 *
 * Round to nearest even on bits.  float -> binary16 / bfloat16 works on
 * the float's bit pattern: the bits below the target's last significand
 * bit are the remainder, compared with the half-way pattern; a tie goes to
 * the candidate whose last bit is 0.  An increment that carries out of the
 * significand moves into the next binade (or to inf, which is the next
 * bit pattern after the largest finite value), so overflow needs no special
 * case beyond the threshold: binary16 values >= 65520 = 0x1.ffep15
 * (half-way between 65504 and 2^16) round to inf; bfloat16 values >=
 * 0x1.ffp127 (float bits 0x7f7f8000) do.  Subnormal binary16 results are k * 2^-24 with
 * k = round(significand >> shift); float inputs <= 2^-25 (half the smallest
 * subnormal, a tie with 0) give 0.
 *
 * Rounding a long double (gc_fp_round_ld).  With 2^E <= |v| < 2^(E+1) and
 * E clamped below at emin, the quantum of the target format is 2^q,
 * q = E - mant_dig + 1.  s = |v| * 2^-q is computed exactly (scaling by a
 * power of two, no overflow or underflow in long double), k = floor(s) is
 * an integer below 2^mant_dig and s - k the exact remainder (Sterbenz-like:
 * both have the same binade or k = 0).  The decision to round up is made
 * on k and the remainder only, so the result does not depend on the FPU
 * rounding mode and there is exactly one rounding (no detour through float
 * or double, which would round twice).  k * 2^q is then exact; a result
 * above the format's max (only possible as 2^(emax+1)) becomes inf.  This
 * works for any long double whose significand is at least as wide as the
 * target's (x87 80-bit, IEEE quad, or double when the target is float64).
 *
 * NaNs are returned quiet: the quiet bit is set, sign and the top payload
 * bits are kept.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "gradcheck.h"

/* ------------------------------------------------------------------ */
/* Format table                                                        */

static const struct gc_format formats[GC_N_PRECISIONS] = {
    [GC_PREC_F16] = {
        .name = "float16", .mant_dig = 11, .emin = -14, .emax = 15,
        .max = 0x1.ffcp15L,                /* 65504 */
        .min_normal = 0x1p-14L,
        .min_subnormal = 0x1p-24L,
        .epsilon = 0x1p-10L,
    },
    [GC_PREC_BF16] = {
        .name = "bfloat16", .mant_dig = 8, .emin = -126, .emax = 127,
        .max = 0x1.fep127L,                /* 3.38953139e38 */
        .min_normal = 0x1p-126L,
        .min_subnormal = 0x1p-133L,
        .epsilon = 0x1p-7L,
    },
    [GC_PREC_F32] = {
        .name = "float32", .mant_dig = 24, .emin = -126, .emax = 127,
        .max = 0x1.fffffep127L,            /* FLT_MAX */
        .min_normal = 0x1p-126L,
        .min_subnormal = 0x1p-149L,
        .epsilon = 0x1p-23L,
    },
    [GC_PREC_F64] = {
        .name = "float64", .mant_dig = 53, .emin = -1022, .emax = 1023,
        .max = 0x1.fffffffffffffp1023L,    /* DBL_MAX */
        .min_normal = 0x1p-1022L,
        .min_subnormal = 0x1p-1074L,
        .epsilon = 0x1p-52L,
    },
};

const struct gc_format *gc_fp_format(gc_precision p)
{
    if ((unsigned)p >= (unsigned)GC_N_PRECISIONS)
        return NULL;
    return &formats[p];
}

/* Names and aliases, matched exactly (case-sensitive, like the rest of
 * the command line). */
static const struct {
    const char *name;
    gc_precision p;
} precision_names[] = {
    { "float16", GC_PREC_F16 },  { "f16", GC_PREC_F16 },
    { "half", GC_PREC_F16 },
    { "bfloat16", GC_PREC_BF16 }, { "bf16", GC_PREC_BF16 },
    { "float32", GC_PREC_F32 },  { "f32", GC_PREC_F32 },
    { "float", GC_PREC_F32 },
    { "float64", GC_PREC_F64 },  { "f64", GC_PREC_F64 },
    { "double", GC_PREC_F64 },
};

gc_status gc_precision_parse(const char *name, gc_precision *out)
{
    if (name == NULL || out == NULL)
        return GC_INVAL;
    for (size_t i = 0; i < sizeof precision_names / sizeof precision_names[0]; i++) {
        if (strcmp(name, precision_names[i].name) == 0) {
            *out = precision_names[i].p;
            return GC_OK;
        }
    }
    return GC_INVAL;
}

/* ------------------------------------------------------------------ */
/* Bit access                                                          */

static uint32_t bits_f32(float x)
{
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static float f32_from_bits(uint32_t u)
{
    float x;
    memcpy(&x, &u, sizeof x);
    return x;
}

static uint64_t bits_f64(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static double f64_from_bits(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* ------------------------------------------------------------------ */
/* binary16                                                            */

gc_f16 gc_fp_round_f16(float x)
{
    uint32_t u = bits_f32(x);
    uint16_t sign = (uint16_t)((u >> 16) & 0x8000u);
    uint32_t a = u & 0x7fffffffu;
    gc_f16 h;

    if (a > 0x7f800000u) {
        /* NaN: quiet bit 0x200, keep the top 9 payload bits. */
        h.bits = (uint16_t)(sign | 0x7e00u | ((a >> 13) & 0x3ffu));
        return h;
    }
    if (a >= 0x477ff000u) {
        /* >= 65520 = 0x1.ffep15 (including inf): rounds to inf. */
        h.bits = (uint16_t)(sign | 0x7c00u);
        return h;
    }
    if (a >= 0x38800000u) {
        /* Normal result, |x| >= 2^-14: rebias the exponent (127 -> 15),
         * drop 13 significand bits with RNE.  A carry moves into the
         * exponent field, which is the correct next value. */
        uint32_t base = (a >> 13) - (112u << 10);
        uint32_t rem = a & 0x1fffu;
        if (rem > 0x1000u || (rem == 0x1000u && (base & 1u)))
            base++;
        h.bits = (uint16_t)(sign | base);
        return h;
    }
    if (a <= 0x33000000u) {
        /* |x| <= 2^-25: below or at the tie with 0; 0 is even. */
        h.bits = sign;
        return h;
    }
    /* Subnormal result: |x| = m * 2^(e - 150) with the implicit bit in m,
     * e in [102, 112]; the result is k * 2^-24, k = m >> (126 - e). */
    {
        uint32_t e = a >> 23;
        uint32_t m = (a & 0x7fffffu) | 0x800000u;
        uint32_t shift = 126u - e;                 /* 14 .. 24 */
        uint32_t k = m >> shift;
        uint32_t rem = m & ((1u << shift) - 1u);
        uint32_t half = 1u << (shift - 1u);
        if (rem > half || (rem == half && (k & 1u)))
            k++;                                   /* may reach 0x400 = 2^-14 */
        h.bits = (uint16_t)(sign | k);
        return h;
    }
}

float gc_fp_widen_f16(gc_f16 h)
{
    uint32_t sign = ((uint32_t)h.bits & 0x8000u) << 16;
    uint32_t e = ((uint32_t)h.bits >> 10) & 0x1fu;
    uint32_t m = (uint32_t)h.bits & 0x3ffu;
    uint32_t u;

    if (e == 0x1fu) {
        u = sign | 0x7f800000u | (m << 13);
        if (m != 0)
            u |= 0x400000u;                        /* NaN stays quiet */
    } else if (e != 0) {
        u = sign | ((e + 112u) << 23) | (m << 13);
    } else if (m == 0) {
        u = sign;
    } else {
        /* Subnormal m * 2^-24: normalise so the leading bit sits at 0x400,
         * starting from the exponent of 2^-14 (biased 113). */
        uint32_t e32 = 113u;
        while ((m & 0x400u) == 0) {
            m <<= 1;
            e32--;
        }
        u = sign | (e32 << 23) | ((m & 0x3ffu) << 13);
    }
    return f32_from_bits(u);
}

/* ------------------------------------------------------------------ */
/* bfloat16                                                            */

gc_bf16 gc_fp_round_bf16(float x)
{
    uint32_t u = bits_f32(x);
    gc_bf16 h;

    if ((u & 0x7fffffffu) > 0x7f800000u) {
        h.bits = (uint16_t)((u >> 16) | 0x0040u);  /* quiet NaN */
        return h;
    }
    /* Add just under half an ULP of bfloat16 (0x7fff), plus one when the
     * kept part is odd, then truncate: RNE.  Same exponent range as
     * float32, so subnormals need nothing special, and the carry out of
     * 0x7f7f.. gives 0x7f80 = inf.  No overflow: u <= 0xff800000. */
    u += 0x7fffu + ((u >> 16) & 1u);
    h.bits = (uint16_t)(u >> 16);
    return h;
}

float gc_fp_widen_bf16(gc_bf16 h)
{
    uint32_t u = (uint32_t)h.bits << 16;
    if ((u & 0x7fffffffu) > 0x7f800000u)
        u |= 0x400000u;                            /* NaN stays quiet */
    return f32_from_bits(u);
}

/* ------------------------------------------------------------------ */
/* Ordered mapping and ULP distances                                   */

int32_t gc_fp_ord_f32(float x)
{
    uint32_t u = bits_f32(x);
    int32_t m = (int32_t)(u & 0x7fffffffu);        /* <= 0x7fffffff: no UB */
    return (u >> 31) ? -m : m;
}

float gc_fp_from_ord_f32(int32_t k)
{
    /* |k| computed in unsigned arithmetic, so INT32_MIN is harmless. */
    uint32_t mag = k < 0 ? 0u - (uint32_t)k : (uint32_t)k;
    if (mag > 0x7f800000u)
        return (float)NAN;                                /* outside the lattice */
    return f32_from_bits(k < 0 ? (mag | 0x80000000u) : mag);
}

int64_t gc_fp_ord_f64(double x)
{
    uint64_t u = bits_f64(x);
    int64_t m = (int64_t)(u & 0x7fffffffffffffffu);
    return (u >> 63) ? -m : m;
}

double gc_fp_from_ord_f64(int64_t k)
{
    uint64_t mag = k < 0 ? 0u - (uint64_t)k : (uint64_t)k;
    if (mag > 0x7ff0000000000000u)
        return (double)NAN;
    return f64_from_bits(k < 0 ? (mag | 0x8000000000000000u) : mag);
}

uint32_t gc_fp_ulp_diff_f32(float a, float b)
{
    if (isnan(a) || isnan(b))
        return UINT32_MAX;
    /* Both ords lie in [-0x7f800000, 0x7f800000]: the difference of their
     * unsigned images mod 2^32 is the true distance (< 2^32 - 1). */
    int32_t sa = gc_fp_ord_f32(a), sb = gc_fp_ord_f32(b);
    uint32_t oa = (uint32_t)sa, ob = (uint32_t)sb;
    return sa >= sb ? oa - ob : ob - oa;
}

uint64_t gc_fp_ulp_diff_f64(double a, double b)
{
    if (isnan(a) || isnan(b))
        return UINT64_MAX;
    int64_t sa = gc_fp_ord_f64(a), sb = gc_fp_ord_f64(b);
    uint64_t oa = (uint64_t)sa, ob = (uint64_t)sb;
    return sa >= sb ? oa - ob : ob - oa;
}

/* ------------------------------------------------------------------ */
/* Long double lattices                                                */

long double gc_fp_ulp_ld(gc_precision p, long double v)
{
    const struct gc_format *f = gc_fp_format(p);
    if (f == NULL || isnan(v))
        return (long double)NAN;
    long double a = fabsl(v);
    if (a >= f->max)                               /* top binade, inf */
        return ldexpl(1.0L, f->emax - f->mant_dig + 1);
    if (a < f->min_normal)                         /* subnormals, 0 */
        return f->min_subnormal;
    int e;
    (void)frexpl(a, &e);                           /* 2^(e-1) <= a < 2^e */
    return ldexpl(1.0L, e - 1 - f->mant_dig + 1);
}

long double gc_fp_round_ld(gc_precision p, long double v)
{
    const struct gc_format *f = gc_fp_format(p);
    if (f == NULL)
        return (long double)NAN;
    if (isnan(v))
        return v + v;                              /* quiet */
    if (isinf(v) || v == 0)
        return v;

    long double a = fabsl(v);
    long double r;
    if (a <= f->min_subnormal * 0.5L) {
        /* At most half the smallest subnormal: 0 (the tie goes to the even
         * 0).  Exiting here also keeps the scaling below in range. */
        r = 0.0L;
    } else if (a >= ldexpl(1.0L, f->emax + 1)) {
        r = (long double)INFINITY;
    } else {
        int e;
        (void)frexpl(a, &e);
        int E = e - 1;                             /* 2^E <= a < 2^(E+1) */
        if (E < f->emin)
            E = f->emin;                           /* subnormal quantum */
        int q = E - f->mant_dig + 1;
        /* Exact: a power-of-two scaling with 1/2 < s < 2^mant_dig, far
         * from long double underflow and overflow. */
        long double s = ldexpl(a, -q);
        long double fl = floorl(s);
        long double rem = s - fl;                  /* exact remainder */
        uint64_t k = (uint64_t)fl;                 /* < 2^mant_dig */
        if (rem > 0.5L || (rem == 0.5L && (k & 1u)))
            k++;
        r = ldexpl((long double)k, q);             /* exact */
        if (r > f->max)
            r = (long double)INFINITY;                          /* only 2^(emax+1) */
    }
    return signbit(v) ? -r : r;
}

double gc_fp_ulp_error(gc_precision p, long double approx, long double exact)
{
    int na = isnan(approx) != 0, ne = isnan(exact) != 0;
    if (na && ne)
        return 0.0;
    if (na || ne)
        return (double)INFINITY;
    if (isinf(approx) || isinf(exact))
        return approx == exact ? 0.0 : (double)INFINITY;
    long double u = gc_fp_ulp_ld(p, exact);
    if (isnan(u))
        return (double)NAN;                                /* invalid precision */
    return (double)(fabsl(approx - exact) / u);
}

/* ------------------------------------------------------------------ */
/* The ordered lattice of any precision                                */

int64_t gc_fp_ord_top(gc_precision p)
{
    switch (p) {
    case GC_PREC_F16:  return 0x7c00;
    case GC_PREC_BF16: return 0x7f80;
    case GC_PREC_F32:  return 0x7f800000;
    default:           return (int64_t)0x7ff0000000000000;
    }
}

/* Half formats: sign and magnitude bits to a signed position. */
static int64_t ord16(uint16_t h)
{
    int64_t m = (int64_t)(h & 0x7fffu);
    return (h & 0x8000u) ? -m : m;
}

static uint16_t from_ord16(int64_t k)
{
    return (uint16_t)(k < 0 ? (0x8000u | (uint16_t)-k) : (uint16_t)k);
}

int64_t gc_fp_ord(gc_precision p, double x)
{
    switch (p) {
    case GC_PREC_F16:  return ord16(gc_fp_round_f16((float)x).bits);
    case GC_PREC_BF16: return ord16(gc_fp_round_bf16((float)x).bits);
    case GC_PREC_F32:  return gc_fp_ord_f32((float)x);
    default:           return gc_fp_ord_f64(x);
    }
}

double gc_fp_from_ord(gc_precision p, int64_t k)
{
    switch (p) {
    case GC_PREC_F16:
        return (double)gc_fp_widen_f16((gc_f16){ from_ord16(k) });
    case GC_PREC_BF16:
        return (double)gc_fp_widen_bf16((gc_bf16){ from_ord16(k) });
    case GC_PREC_F32:
        return (double)gc_fp_from_ord_f32((int32_t)k);
    default:
        return gc_fp_from_ord_f64(k);
    }
}
