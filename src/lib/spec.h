/* spec.h - activations defined as expressions: .act spec files.
 *
 *   # checks/specs/square.act
 *   name    = square
 *   summary = x squared, the ReLU replacement from the seed story
 *   f       = x^2
 *   df      = 2*x
 *   kinks   =
 *
 * Keys: name, summary, f, df (optional: when absent the symbolic
 * derivative of f is checked), kinks (comma-separated numbers, strictly
 * ascending).  '#' starts a comment; blank lines are ignored.  Every error
 * names the file, line and column and what was expected.
 *
 * A loaded spec is a struct gc_activation whose function pointers are
 * trampolines into the compiled expressions (the plugin ABI has no
 * context pointer), so at most GC_SPEC_MAX specs are loaded at once.
 * Its fref is f in long double and it has no dfref: the reference
 * derivative is the finite difference of fref (spec.c says why a symbolic
 * derivative makes no safe oracle).
 */
#ifndef GC_SPEC_H
#define GC_SPEC_H

#include "gradcheck.h"

#define GC_SPEC_MAX 64
#define GC_SPEC_MAX_BYTES (1024 * 1024)

struct gc_spec;

struct gc_spec_error {
    char where[512];   /* "file:line:col" */
    char msg[256];     /* what was expected, what was found */
};

/* Load a spec from the file at path.  On error returns GC_PARSE (bad
 * content), GC_IO (cannot read), GC_RANGE (too many specs loaded, file
 * too large) or GC_NOMEM, with err filled. */
gc_status gc_spec_load_file(const char *path, struct gc_spec **out,
                            struct gc_spec_error *err) GC_WARN_UNUSED;

/* Load a spec from text (name used in error positions as the file). */
gc_status gc_spec_load_text(const char *name, const char *text, size_t len,
                            struct gc_spec **out,
                            struct gc_spec_error *err) GC_WARN_UNUSED;

/* Build a spec from an f and optional df (NULL: symbolic) given inline,
 * as on the command line; name NULL means "inline". */
gc_status gc_spec_inline(const char *name, const char *f, const char *df,
                         struct gc_spec **out,
                         struct gc_spec_error *err) GC_WARN_UNUSED;

/* The activation descriptor of a loaded spec (valid until freed). */
const struct gc_activation *gc_spec_activation(const struct gc_spec *s);
/* Where it came from: the file path, or "inline". */
const char *gc_spec_source(const struct gc_spec *s);
/* True when df was not given and the symbolic derivative is checked. */
bool gc_spec_df_is_symbolic(const struct gc_spec *s);
/* The df expression (declared or symbolic) as text; owned by the spec. */
const char *gc_spec_df_text(const struct gc_spec *s);

void gc_spec_free(struct gc_spec *s);

#endif
