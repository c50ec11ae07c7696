/* check_specs.c - an activation written as a .act expression agrees with
 * the built-in of the same formula: bit for bit where both evaluate the
 * same operations in the same precision, and within 1 ULP at worst, at
 * 20 000 seeded points per precision. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include "gc_test.h"
#include "activation.h"
#include "spec.h"

/* Spec file, built-in, and which functions share their formula. */
static const struct {
    const char *spec, *builtin;
    bool f, df;
} pairs[] = {
    { "square.act", "square", true, true },
    { "exp.act", "exp", true, true },
    { "tanh.act", "tanh", true, false },
    { "elu.act", "elu", true, false },
    { "relu.act", "relu", true, true },
    { "softsign.act", "softsign", true, false },
    { "hardtanh.act", "hardtanh", true, false },
    { "leaky_relu.act", "leaky_relu", true, false },
};

static struct gc_spec *load(const char *file)
{
    const char *src = getenv("GC_SRCDIR");
    char path[4096];
    struct gc_spec *s = NULL;
    struct gc_spec_error err;
    snprintf(path, sizeof path, "%s/checks/specs/%s", src ? src : ".", file);
    gc_status st = gc_spec_load_file(path, &s, &err);
    ck_assert_msg(st == GC_OK, "%s: %s: %s", path, err.where, err.msg);
    return s;
}

START_TEST(test_spec_agrees_with_builtin_within_1ulp)
{
    struct gc_spec *s = load(pairs[_i].spec);
    const struct gc_activation *a = gc_spec_activation(s);
    const struct gc_activation *b = gc_builtin_find(pairs[_i].builtin);
    ck_assert_ptr_nonnull(b);
    uint64_t state = 0x2545f4914f6cdd1du + (uint64_t)_i;
    for (int i = 0; i < 20000; i++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        /* Half on [-30, 30], half anywhere on the float lattice. */
        float x32;
        if (i % 2) {
            x32 = (float)(-30 + 60 * (double)(state >> 11) * 0x1p-53);
        } else {
            uint32_t bits = (uint32_t)(state >> 32);
            memcpy(&x32, &bits, 4);
            if (isnan(x32))
                continue;
        }
        double x64 = i % 2 ? -30 + 60 * (double)(state >> 11) * 0x1p-53 : (double)x32 * 1e3;
        if (pairs[_i].f) {
            ck_assert_ulp_le_f32(a->f32(x32), b->f32(x32), 1);
            ck_assert_ulp_le_f64(a->f64(x64), b->f64(x64), 1);
        }
        if (pairs[_i].df) {
            ck_assert_ulp_le_f32(a->df32(x32), b->df32(x32), 1);
            ck_assert_ulp_le_f64(a->df64(x64), b->df64(x64), 1);
        }
    }
    gc_spec_free(s);
}
END_TEST

Suite *gc_test_suite(void)
{
    Suite *s = suite_create("specs");
    TCase *tc = tcase_create("same_formula");
    tcase_add_loop_test(tc, test_spec_agrees_with_builtin_within_1ulp, 0,
                        (int)(sizeof pairs / sizeof pairs[0]));
    suite_add_tcase(s, tc);
    return s;
}
