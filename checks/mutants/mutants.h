/* mutants.h - deliberately wrong activations that the harness MUST flag.
 *
 * Each mutant states what it must trigger: the class, the function (f or
 * df), the precision, and an interval of x where at least one point of
 * that class must be found.  checks/check_mutants.c fails when a mutant
 * passes, and also when it is flagged for any other failing reason or in
 * a precision where its functions are correct.
 * (Until .act specs and plugins exist, the mutants are compiled in.)
 */
#ifndef GC_MUTANTS_H
#define GC_MUTANTS_H

#include "gradcheck.h"
#include "compare.h"

struct gc_mutant {
    struct gc_activation act;   /* the wrong activation */
    gc_precision prec;          /* where the defect is */
    gc_class expect;            /* the class it must trigger there */
    gc_class also;              /* another failing class it may show
                                   there (GC_CLASS_OK: none) */
    gc_function function;
    double lo, hi;              /* a flag of that class must lie in [lo, hi] */
    const char *why;            /* what is wrong, in one line */
};

const struct gc_mutant *gc_mutants(size_t *count);

#endif
