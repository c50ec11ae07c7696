/* fuzz_expr.c - libFuzzer target for the expression language (expr.c).
 *
 * Copyright (C) 2026 the gradcheck authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any byte string is parsed.  When it parses, it is evaluated in the three
 * precisions, printed, and the print must parse back to a tree that prints
 * the same and evaluates bit-identically; the symbolic derivative (and the
 * derivative of that) must either succeed and pass the same round trip or
 * fail cleanly with GC_RANGE.  Any violated property traps, so libFuzzer
 * reports it as a crash.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude -Isrc/lib \
 *       fuzz/fuzz_expr.c src/lib/expr.c src/lib/status.c -lm -o fuzz_expr
 *   ./fuzz_expr -max_total_time=120 fuzz/corpus/expr
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const double points[] = {0.0, -0.0, 1.5, -2.385, 1e-30, 1e30, 0x1p-1074,
                                INFINITY, NAN};
#define N_POINTS (sizeof points / sizeof points[0])

static int same_f64(double a, double b)
{
    uint64_t ua, ub;
    memcpy(&ua, &a, 8);
    memcpy(&ub, &b, 8);
    return ua == ub || (isnan(a) && isnan(b));
}

static int same_f32(float a, float b)
{
    uint32_t ua, ub;
    memcpy(&ua, &a, 4);
    memcpy(&ub, &b, 4);
    return ua == ub || (isnan(a) && isnan(b));
}

static int same_ld(long double a, long double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    return a == b && signbit(a) == signbit(b);
}

/* A failure that only a limit may explain. */
static int is_limit(const struct gc_expr_error *err)
{
    return strstr(err->msg, "longer than") || strstr(err->msg, "nested deeper") ||
           strstr(err->msg, "too deep") || strstr(err->msg, "more than");
}

/* Print e, parse the print, and check the round trip. */
static void round_trip(const struct gc_expr *e, int from_source)
{
    char *s = gc_expr_to_string(e);
    if (!s)
        __builtin_trap();
    size_t len = strlen(s);
    struct gc_expr *r = NULL;
    struct gc_expr_error err;
    gc_status st = gc_expr_parse(s, len, 1, 1, &r, &err);
    if (st != GC_OK) {
        /* a print may be longer than its source (numbers with 21 digits,
         * spaces around '+'); a derivative may also nest deeper */
        if (st != GC_PARSE || !(len > GC_EXPR_MAX_LEN || (!from_source && is_limit(&err))))
            __builtin_trap();
        free(s);
        return;
    }
    char *s2 = gc_expr_to_string(r);
    if (!s2 || strcmp(s, s2) != 0 || gc_expr_size(r) != gc_expr_size(e))
        __builtin_trap();
    for (size_t i = 0; i < N_POINTS; i++) {
        double v = points[i];
        if (!same_f32(gc_expr_eval_f32(e, (float)v), gc_expr_eval_f32(r, (float)v)) ||
            !same_f64(gc_expr_eval_f64(e, v), gc_expr_eval_f64(r, v)) ||
            !same_ld(gc_expr_eval_ld(e, v), gc_expr_eval_ld(r, v)))
            __builtin_trap();
    }
    free(s2);
    free(s);
    gc_expr_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct gc_expr *e = NULL, *d = NULL, *d2 = NULL;
    struct gc_expr_error err;
    gc_status st = gc_expr_parse((const char *)data, size, 1, 1, &e, &err);
    if (st != GC_OK) {
        if (st != GC_PARSE || err.line < 1 || err.col < 1 || err.msg[0] == '\0' ||
            memchr(err.msg, '\0', sizeof err.msg) == NULL)
            __builtin_trap();
        return 0;
    }
    if (gc_expr_size(e) == 0 || gc_expr_size(e) > GC_EXPR_MAX_NODES)
        __builtin_trap();
    round_trip(e, 1);
    st = gc_expr_derive_ex(e, &d, &err);
    if (st == GC_OK) {
        round_trip(d, 0);
        st = gc_expr_derive(d, &d2);
        if (st == GC_OK) {
            for (size_t i = 0; i < N_POINTS; i++)
                (void)gc_expr_eval_f32(d2, (float)points[i]);
            gc_expr_free(d2);
        } else if (st != GC_RANGE) {
            __builtin_trap();
        }
        gc_expr_free(d);
    } else if (st != GC_RANGE) {
        __builtin_trap();
    }
    gc_expr_free(e);
    return 0;
}
