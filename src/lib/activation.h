/* activation.h - the registry of built-in activations. */
#ifndef GC_ACTIVATION_H
#define GC_ACTIVATION_H

#include "gradcheck.h"

/* The built-in catalogue, sorted by name. */
const struct gc_activation *gc_builtins(size_t *count);

/* Look a built-in up by name; NULL if there is none. */
const struct gc_activation *gc_builtin_find(const char *name);

/* Validate a descriptor: name matches [a-z][a-z0-9_]* (at most 63 chars),
 * at least one (f, df) pair present, kinks finite and strictly ascending,
 * n_kinks == 0 when kinks is NULL.  On failure writes a one-line reason
 * into why (if not NULL) and returns GC_INVAL. */
gc_status gc_activation_validate(const struct gc_activation *a,
                                 char *why, size_t why_size) GC_WARN_UNUSED;

#endif
