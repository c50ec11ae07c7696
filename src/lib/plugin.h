/* plugin.h - activations from shared objects, and running any activation
 * in a child process so that a crash or a hang cannot take the run down.
 *
 * A plugin exports gc_plugin_activations (include/gradcheck.h).  Loading
 * checks everything that can be checked without calling the activations:
 * that the file is a shared object, that it exports the function, the ABI
 * version, and every descriptor (gc_activation_validate, unique names).
 */
#ifndef GC_PLUGIN_H
#define GC_PLUGIN_H

#include "gradcheck.h"
#include "verify.h"

struct gc_plugin;

/* Load the plugin at path.  On failure returns GC_IO (cannot open: not a
 * shared object, missing file), GC_NOTFOUND (no gc_plugin_activations),
 * GC_ABI (version mismatch) or GC_INVAL (a bad descriptor), with a
 * one-line reason in why. */
gc_status gc_plugin_load(const char *path, struct gc_plugin **out,
                         char *why, size_t why_size) GC_WARN_UNUSED;
/* The plugin's descriptors (valid until gc_plugin_free). */
const struct gc_activation *gc_plugin_activation(const struct gc_plugin *pl,
                                                 size_t i);
size_t gc_plugin_count(const struct gc_plugin *pl);
const char *gc_plugin_path(const struct gc_plugin *pl);
void gc_plugin_free(struct gc_plugin *pl);

/* What was being evaluated when a child died. */
struct gc_crash {
    int signal;          /* the signal that ended the child; 0 for a timeout */
    bool timed_out;
    double x;            /* the argument being evaluated (NaN if unknown) */
    const char *what;    /* "f32", "df32", "f64", "df64", "fref", "dfref" */
};

/* gc_check_run in a child process, with a time limit of timeout_s
 * seconds.  GC_OK with r filled as gc_check_run would; GC_CRASH or
 * GC_TIMEOUT with crash filled and r a result with verdict
 * GC_VERDICT_CRASH and the crash fields set (nothing to free); other
 * codes as gc_check_run. */
gc_status gc_check_run_isolated(const struct gc_activation *a, const char *source,
                                gc_precision p, const struct gc_check_options *o,
                                double timeout_s, struct gc_result *r,
                                struct gc_crash *crash) GC_WARN_UNUSED;

#endif
