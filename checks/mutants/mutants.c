/* mutants.c - what every mutant must trigger (see mutants.h).
 *
 * Only expectations: the wrong activations are the C plugin
 * checks/mutants/mutants_plugin.c (rows naming a plugin activation; how
 * each region edge below was derived is written beside the function
 * there) and the .act specs in checks/mutants/ (rows naming a file).
 * The plugin's float32/float64 pairs come with and without the
 * built-in's closed-form dfref (_nodfref: finite differences only), so
 * both reference paths are tested for detection power.
 * checks/check_mutants also checks that the plugin exports exactly the
 * activations named here.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "mutants/mutants.h"

#define NO_EDGES { { GC_EDGE_NONE, 0 }, { GC_EDGE_NONE, 0 } }
#define LO_EDGE(x) { { GC_EDGE_LO, (x) }, { GC_EDGE_NONE, 0 } }
#define LO_HI_EDGES(lo, hi) { { GC_EDGE_LO, (lo) }, { GC_EDGE_HI, (hi) } }
/* Where the activation comes from. */
#define PLUGIN(name) (name), NULL
#define SPEC(file) NULL, (file)

static const struct gc_mutant mutants[] = {
    /* ---- mutants_plugin.so: one precision's function replaced ---- */
    { PLUGIN("square_df32_x"), GC_PREC_F32, false,
      GC_CLASS_MISMATCH, GC_CLASS_GRADIENT_UNDERFLOW, GC_FN_DF, 2.5, 3.5,
      GC_MUTANT_INH_ANY, NO_EDGES,
      "declared gradient x instead of 2x (float32)" },
    { PLUGIN("square_df64_x"), GC_PREC_F64, false,
      GC_CLASS_MISMATCH, GC_CLASS_GRADIENT_UNDERFLOW, GC_FN_DF, 2.5, 3.5,
      GC_MUTANT_INH_ANY, NO_EDGES,
      "declared gradient x instead of 2x (float64)" },
    { PLUGIN("square_df64_x_nodfref"), GC_PREC_F64, false,
      GC_CLASS_MISMATCH, GC_CLASS_GRADIENT_UNDERFLOW, GC_FN_DF, 2.5, 3.5,
      GC_MUTANT_INH_ANY, NO_EDGES,
      "declared gradient x instead of 2x, finite differences only" },
    { PLUGIN("sigmoid_df32_off"), GC_PREC_F32, false,
      GC_CLASS_MISMATCH, GC_CLASS_OK, GC_FN_DF, -3, 3,
      GC_MUTANT_INH_ANY, NO_EDGES,
      "sigmoid's float32 gradient 1e-4 relative too large" },
    { PLUGIN("sigmoid_df32_off_nodfref"), GC_PREC_F32, false,
      GC_CLASS_MISMATCH, GC_CLASS_OK, GC_FN_DF, -3, 3,
      GC_MUTANT_INH_ANY, NO_EDGES,
      "sigmoid's float32 gradient 1e-4 relative too large, finite differences only" },
    { PLUGIN("silu_df64_1pct"), GC_PREC_F64, false,
      GC_CLASS_MISMATCH, GC_CLASS_OK, GC_FN_DF, -3, 3,
      GC_MUTANT_INH_ANY, NO_EDGES,
      "silu's float64 gradient 1 % too large" },
    { PLUGIN("gelu_df64_off"), GC_PREC_F64, false,
      GC_CLASS_MISMATCH, GC_CLASS_OK, GC_FN_DF, -3, 3,
      GC_MUTANT_INH_ANY, NO_EDGES,
      "gelu's float64 gradient 1e-9 relative too large" },
    { PLUGIN("gelu_df64_off_nodfref"), GC_PREC_F64, false,
      GC_CLASS_MISMATCH, GC_CLASS_OK, GC_FN_DF, -3, 3,
      GC_MUTANT_INH_ANY, NO_EDGES,
      "gelu's float64 gradient 1e-9 relative too large, finite differences only" },
    /* ---- region mutants (issue 3): exact edges, derived in the plugin ---- */
    { PLUGIN("softplus_log1pexp"), GC_PREC_F32, false,
      GC_CLASS_OVERFLOW, GC_CLASS_OK, GC_FN_F, 0x1.62e430p+6, 0x1.fffffep+127,
      GC_MUTANT_INH_PREMATURE,
      { { GC_EDGE_LO, 0x1.62e430p+6 /* 88.7228394 */ }, { GC_EDGE_NONE, 0 } },
      "softplus as log(1 + exp(x)) in float32: exp overflows above ln(FLT_MAX)" },
    { PLUGIN("sigmoid_df32_s1ms"), GC_PREC_F32, false,
      GC_CLASS_GRADIENT_UNDERFLOW, GC_CLASS_MISMATCH, GC_FN_DF, 17.5, 80,
      GC_MUTANT_INH_ANY,
      { { GC_EDGE_LO, 0x1.154246p+4 /* 17.3286800 */ }, { GC_EDGE_NONE, 0 } },
      "sigmoid's float32 gradient as s*(1-s): 0 once s rounds to 1" },
    { PLUGIN("tanh_exp_ratio"), GC_PREC_F32, false,
      GC_CLASS_NAN, GC_CLASS_OK, GC_FN_F, 0x1.62e430p+6, 0x1.fffffep+127,
      GC_MUTANT_INH_ANY,
      { { GC_EDGE_LO, 0x1.62e430p+6 /* 88.7228394 */ },
        { GC_EDGE_HI, -0x1.62e430p+6 } },
      "tanh as (e^x - e^-x)/(e^x + e^-x) in float32: inf/inf once exp overflows" },
    /* One activation, wrong in every precision, checked in two. */
    { PLUGIN("relu_nokink_builtin"), GC_PREC_F32, true,
      GC_CLASS_UNDECLARED_KINK, GC_CLASS_OK, GC_FN_DF, 0, 0,
      GC_MUTANT_INH_ANY,
      { { GC_EDGE_LO, 0 }, { GC_EDGE_HI, 0 } },
      "relu with its kink at 0 not declared (float32)" },
    { PLUGIN("relu_nokink_builtin"), GC_PREC_F64, true,
      GC_CLASS_UNDECLARED_KINK, GC_CLASS_OK, GC_FN_DF, 0, 0,
      GC_MUTANT_INH_ANY,
      { { GC_EDGE_LO, 0 }, { GC_EDGE_HI, 0 } },
      "relu with its kink at 0 not declared (float64)" },
    /* ---- .act spec mutants: one formula evaluated in every precision ---- */
    { SPEC("square_df_x.act"), GC_PREC_F32, true,
      GC_CLASS_MISMATCH, GC_CLASS_GRADIENT_UNDERFLOW, GC_FN_DF, 2.5, 3.5,
      GC_MUTANT_INH_ANY, NO_EDGES, "spec: declared gradient x instead of 2x" },
    { SPEC("softplus_naive.act"), GC_PREC_F32, true,
      GC_CLASS_OVERFLOW, GC_CLASS_OK, GC_FN_F, 88, 1e30,
      GC_MUTANT_INH_PREMATURE, LO_EDGE(0x1.62e430p+6),
      "spec: softplus as log1p(exp(x)) overflows prematurely" },
    /* (A spec's reference is the difference of its own f in long double:
     * the ratio form of tanh cancels to 0 there too for |x| < 1e-19, so
     * the reference of the correct gradient is 0 and mismatch is allowed
     * beside the NaN.) */
    { SPEC("tanh_ratio.act"), GC_PREC_F32, true,
      GC_CLASS_NAN, GC_CLASS_MISMATCH, GC_FN_F, 88, 1e30,
      GC_MUTANT_INH_ANY, LO_HI_EDGES(0x1.62e430p+6, -0x1.62e430p+6),
      "spec: tanh as a ratio of exponentials is inf/inf = NaN" },
    { SPEC("sigmoid_s1ms.act"), GC_PREC_F32, true,
      GC_CLASS_GRADIENT_UNDERFLOW, GC_CLASS_MISMATCH, GC_FN_DF, 17, 87,
      GC_MUTANT_INH_ANY, NO_EDGES, "spec: sigmoid's gradient as s*(1-s) underflows" },
    { SPEC("relu_nokink.act"), GC_PREC_F32, true,
      GC_CLASS_UNDECLARED_KINK, GC_CLASS_OK, GC_FN_DF, 0, 0,
      GC_MUTANT_INH_ANY, LO_HI_EDGES(0, 0), "spec: relu with no kink declared" },
};

const struct gc_mutant *gc_mutants(size_t *count)
{
    *count = sizeof mutants / sizeof mutants[0];
    return mutants;
}
