/* gc_test.h - shared helpers for the Check suites.
 *
 * Each tests/check_<module>.c defines gc_test_suite(); tests/check_main.c
 * runs it.  Floats in failure messages are printed to round-trip (%.9g for
 * float32, %.17g for float64, %.21Lg for long double) together with %a, so
 * a failure says exactly which value was wrong.
 */
#ifndef GC_TEST_H
#define GC_TEST_H

#define CK_FLOATING_DIG 17
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "gradcheck.h"

Suite *gc_test_suite(void);

/* |a - b| <= n ULPs of float32 on the ordered lattice. */
#define ck_assert_ulp_le_f32(a, b, n) do {                                  \
    float ga_ = (a), gb_ = (b);                                             \
    uint32_t gd_ = gc_fp_ulp_diff_f32(ga_, gb_);                            \
    ck_assert_msg(gd_ <= (uint32_t)(n),                                     \
        "%s = %.9g (%a) and %s = %.9g (%a) are %u ULP apart (float32), "    \
        "allowed %u", #a, (double)ga_, (double)ga_, #b, (double)gb_,        \
        (double)gb_, (unsigned)gd_, (unsigned)(n));                         \
} while (0)

/* |a - b| <= n ULPs of float64 on the ordered lattice. */
#define ck_assert_ulp_le_f64(a, b, n) do {                                  \
    double ga_ = (a), gb_ = (b);                                            \
    uint64_t gd_ = gc_fp_ulp_diff_f64(ga_, gb_);                            \
    ck_assert_msg(gd_ <= (uint64_t)(n),                                     \
        "%s = %.17g (%a) and %s = %.17g (%a) are %llu ULP apart (float64), "\
        "allowed %llu", #a, ga_, ga_, #b, gb_, gb_,                         \
        (unsigned long long)gd_, (unsigned long long)(n));                  \
} while (0)

/* Bitwise equality of two floats (so -0 != +0 and NaN == same NaN). */
#define ck_assert_bits_eq_f32(a, b) do {                                    \
    float ga_ = (a), gb_ = (b); uint32_t ua_, ub_;                          \
    memcpy(&ua_, &ga_, 4); memcpy(&ub_, &gb_, 4);                           \
    ck_assert_msg(ua_ == ub_, "%s = %.9g (%a, 0x%08x) != %s = %.9g (%a, 0x%08x)", \
        #a, (double)ga_, (double)ga_, ua_, #b, (double)gb_, (double)gb_, ub_); \
} while (0)

/* |a - b| <= tol * |b| for long doubles, with the numbers printed. */
#define ck_assert_rel_le_ld(a, b, tol) do {                                 \
    long double ga_ = (a), gb_ = (b), gt_ = (tol);                          \
    ck_assert_msg(fabsl(ga_ - gb_) <= gt_ * fabsl(gb_),                     \
        "%s = %.21Lg and %s = %.21Lg differ by %.3Lg relative, allowed %.3Lg", \
        #a, ga_, #b, gb_, gb_ != 0 ? fabsl(ga_ - gb_) / fabsl(gb_) : fabsl(ga_), gt_); \
} while (0)

#endif
