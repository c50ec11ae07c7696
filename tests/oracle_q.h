/* oracle_q.h - closed-form activations and derivatives in binary128
 * (__float128, 113-bit significand, libquadmath), written independently
 * of the built-ins: the oracle for their reference derivatives
 * (tests/check_verify.c) and for bench/bench_ref.c.  Header-only. */
#ifndef GC_ORACLE_Q_H
#define GC_ORACLE_Q_H

#include <quadmath.h>

static inline __float128 sigmoid_q(__float128 x) { return 1 / (1 + expq(-x)); }
static inline __float128 dsigmoid_q(__float128 x)
{
    __float128 e = expq(-fabsq(x));
    return e / ((1 + e) * (1 + e));
}
static inline __float128 dtanh_q(__float128 x)
{
    __float128 c = coshq(x);
    return 1 / (c * c);
}
static inline __float128 dgelu_q(__float128 x)
{
    __float128 phi = expq(-x * x / 2) / sqrtq(2 * M_PIq);
    return erfcq(-x / sqrtq(2)) / 2 + x * phi;
}
static inline __float128 dsilu_q(__float128 x)
{
    __float128 s = sigmoid_q(x);
    return s + x * dsigmoid_q(x);
}

static inline __float128 dsoftplus_q(__float128 x) { return sigmoid_q(x); }
static inline __float128 dlog_sigmoid_q(__float128 x) { return sigmoid_q(-x); }
static inline __float128 dgelu_tanh_q(__float128 x)
{
    __float128 a = sqrtq(2 / M_PIq), b = 0.044715Q;
    __float128 u = a * (x + b * x * x * x), c = coshq(u);
    return (1 + tanhq(u)) / 2 + x * a * (1 + 3 * b * x * x) / (2 * c * c);
}
static inline __float128 dmish_q(__float128 x)
{
    __float128 sp = log1pq(expq(x)), c = coshq(sp);
    return tanhq(sp) + x * sigmoid_q(x) / (c * c);
}

#endif
