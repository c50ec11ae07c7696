#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
/* activation.c - the catalogue of built-in activations, lookup by name,
 * and validation of descriptors (built-in, spec or plugin alike).
 *
 * Copyright (C) 2026 the gradcheck authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The catalogue is one table of pointers sorted strictly by strcmp of the
 * names; tests/check_activation.c checks that it stays sorted, that the
 * names are valid and unique and that every entry validates.  Lookup is a
 * binary search over it.
 *
 * gc_builtins() promises a contiguous array of descriptors, but each
 * descriptor is defined in its family file (activations/NAME.c) and C cannot
 * initialise a static array from objects of other translation units.  So
 * the array is copied from the pointer table once, under pthread_once, on
 * first use; gc_builtin_find returns pointers into that same array.
 */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gradcheck.h"
#include "activation.h"
#include "activations/activations.h"

/* Longest accepted activation name, in characters (see activation.h). */
#define GC_NAME_MAX 63

#define GC_BUILTIN_ENTRY(name) &gc_act_##name,
static const struct gc_activation *const builtins[] = { GC_BUILTIN_LIST(GC_BUILTIN_ENTRY) };
#undef GC_BUILTIN_ENTRY

#define N_BUILTINS (sizeof builtins / sizeof builtins[0])

static struct gc_activation catalogue[N_BUILTINS];
static pthread_once_t catalogue_once = PTHREAD_ONCE_INIT;

static void catalogue_init(void)
{
    for (size_t i = 0; i < N_BUILTINS; i++)
        catalogue[i] = *builtins[i];
}

/* The built-in catalogue: an array of *count descriptors sorted strictly
 * by name (strcmp), valid for the life of the program.  count may be
 * NULL.  Thread-safe. */
const struct gc_activation *gc_builtins(size_t *count)
{
    pthread_once(&catalogue_once, catalogue_init);
    if (count)
        *count = N_BUILTINS;
    return catalogue;
}

/* The built-in named `name`, or NULL when there is none (or name is
 * NULL).  Binary search over the sorted table. */
const struct gc_activation *gc_builtin_find(const char *name)
{
    if (name == NULL)
        return NULL;
    const struct gc_activation *cat = gc_builtins(NULL);
    size_t lo = 0, hi = N_BUILTINS;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(name, cat[mid].name);
        if (c == 0)
            return &cat[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* Write a one-line reason into why (truncated to why_size, always
 * terminated) and return GC_INVAL. */
__attribute__((format(printf, 3, 4)))
static gc_status reject(char *why, size_t why_size, const char *fmt, ...)
{
    va_list ap;
    if (why != NULL && why_size > 0) {
        va_start(ap, fmt);
        vsnprintf(why, why_size, fmt, ap);
        va_end(ap);
    }
    return GC_INVAL;
}

/* Validate a descriptor against the contract in activation.h: the name
 * matches [a-z][a-z0-9_]* with at most 63 characters; at least one (f, df)
 * pair is present (f32 with df32, or f64 with df64); kinks are finite
 * and strictly ascending; kinks is non-NULL whenever n_kinks > 0.
 * Returns GC_OK, or GC_INVAL with the reason in why (if why is not NULL
 * and why_size > 0). */
gc_status gc_activation_validate(const struct gc_activation *a,
                                 char *why, size_t why_size)
{
    if (why != NULL && why_size > 0)
        why[0] = '\0';
    if (a == NULL)
        return reject(why, why_size, "no descriptor (NULL)");
    const char *n = a->name;
    if (n == NULL)
        return reject(why, why_size, "name is NULL");
    size_t len = strlen(n);
    if (len == 0)
        return reject(why, why_size, "name is empty");
    if (len > GC_NAME_MAX)
        return reject(why, why_size,
                      "name '%.40s...' is longer than %zu characters",
                      n, (size_t)GC_NAME_MAX);
    if (!(n[0] >= 'a' && n[0] <= 'z'))
        return reject(why, why_size,
                      "name '%s' must start with a lowercase letter", n);
    for (size_t i = 1; i < len; i++) {
        char c = n[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return reject(why, why_size,
                          "name '%s' may contain only [a-z0-9_] "
                          "(bad character at index %zu)", n, i);
    }
    if (!((a->f32 && a->df32) || (a->f64 && a->df64)))
        return reject(why, why_size,
                      "%s: no (f, df) pair: needs f32 with df32 or f64 with "
                      "df64", n);
    if (a->kinks == NULL && a->n_kinks > 0)
        return reject(why, why_size, "%s: kinks is NULL but n_kinks is %zu",
                      n, a->n_kinks);
    for (size_t i = 0; i < a->n_kinks; i++) {
        if (!isfinite(a->kinks[i]))
            return reject(why, why_size, "%s: kink %zu is not finite",
                          n, i);
        if (i > 0 && !(a->kinks[i - 1] < a->kinks[i]))
            return reject(why, why_size,
                          "%s: kinks not strictly ascending at index %zu",
                          n, i);
    }
    return GC_OK;
}
