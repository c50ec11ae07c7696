/* mutants.h - deliberately wrong activations that the harness MUST flag.
 *
 * Each mutant states what it must trigger: the class, the function (f or
 * df), the precision, an interval of x where at least one point of that
 * class must be found, and (for the region mutants) the exact edges of
 * the region it must produce: a region of that class and function (and
 * inherence, for overflow) whose lo or hi equals the stated value of the
 * precision exactly.  checks/check_mutants.c fails when a mutant passes,
 * when an edge is missing or off by any amount, and when it is flagged
 * for any other failing reason or in a precision where its functions are
 * correct.  float16 and bfloat16 evaluate the float32 functions, so a
 * float32 mutant may show its expected (or `also`) class there too, and
 * nothing else.
 * The wrong activations themselves are not defined here: those whose
 * defect is one formula in every precision are .act specs in
 * checks/mutants/ (square_df_x, softplus_naive, tanh_ratio, sigmoid_s1ms,
 * relu_nokink); those whose defect is in one precision only (sigmoid's
 * float32 gradient 1e-4 off, gelu's float64 gradient 1e-9 off) or that
 * need the built-ins' own reference are activations of the C plugin
 * checks/mutants/mutants_plugin.c (mutants_plugin.so, wrapping the
 * built-ins), which check_mutants loads and runs in child processes
 * through the real plugin path; mutants that crash or hang are another
 * plugin (checks/mutants/crash_plugin.c, checked by checks/plugins.sh).
 * checks/mutants/mutants.c only says what each must trigger, keyed by
 * where its activation comes from.
 */
#ifndef GC_MUTANTS_H
#define GC_MUTANTS_H

#include "gradcheck.h"
#include "compare.h"

/* Which overflow the expected region must be (ignored for other
 * classes, which have no inherence). */
typedef enum {
    GC_MUTANT_INH_ANY,        /* either */
    GC_MUTANT_INH_PREMATURE,  /* the true value is representable */
    GC_MUTANT_INH_INHERENT    /* the true value is beyond the range */
} gc_mutant_inherence;

/* One exact region edge: a region of the mutant's class and function
 * whose first (lo) or last (hi) value equals x. */
typedef enum { GC_EDGE_NONE, GC_EDGE_LO, GC_EDGE_HI } gc_edge_kind;
struct gc_mutant_edge {
    gc_edge_kind kind;
    double x;                   /* a value of the mutant's precision */
};
#define GC_MUTANT_MAX_EDGES 2

struct gc_mutant {
    const char *plugin;         /* the activation of this name in
                                   mutants_plugin.so, or (NULL) */
    const char *spec;           /* the .act file of this name in
                                   checks/mutants/ */
    gc_precision prec;          /* where the defect is (and the edges) */
    bool every_precision;       /* the defect is in every precision (a
                                   spec's formula, a missing kink
                                   declaration), not only in prec and
                                   the formats derived from it */
    gc_class expect;            /* the class it must trigger there */
    gc_class also;              /* another failing class it may show
                                   there (GC_CLASS_OK: none) */
    gc_function function;
    double lo, hi;              /* a flag of that class must lie in [lo, hi] */
    gc_mutant_inherence inherence;
    struct gc_mutant_edge edges[GC_MUTANT_MAX_EDGES]; /* GC_EDGE_NONE: unused */
    const char *why;            /* what is wrong, in one line */
};

/* The expectations table: *count rows, each naming exactly one of
 * plugin and spec.  One activation may have several rows (one per
 * precision it is checked in). */
const struct gc_mutant *gc_mutants(size_t *count);

#endif
