/* plugin.h - activations from shared objects, and running any activation
 * in a child process so that a crash or a hang cannot take the run down.
 *
 * A plugin exports gc_plugin_activations (include/gradcheck.h).  Loading
 * checks everything that can be checked without calling the activations:
 * that the file is a shared object, that it exports the function, the ABI
 * version, and every descriptor (gc_activation_validate, unique names).
 *
 * The calling process never maps a plugin: loading happens in a child
 * process, and so does every check of a plugin activation
 * (gc_check_run_isolated loads the plugin again in its child).  The
 * descriptors gc_plugin_activation returns are the parent's proxies: name,
 * summary and kinks are copies, and a non-NULL function pointer only says
 * that the plugin has that function (calling it aborts).  A plugin still
 * runs its own code with the user's rights, in those children.
 */
#ifndef GC_PLUGIN_H
#define GC_PLUGIN_H

#include "gradcheck.h"
#include "verify.h"

struct gc_plugin;

/* What was being done when a child died. */
struct gc_crash {
    int signal;          /* the signal that ended the child; 0 for a timeout
                            or a child that exited by itself */
    bool timed_out;
    const char *phase;   /* "loading" (dlopen, constructors), "registration"
                            (gc_plugin_activations, validation) or
                            "evaluation" */
    double x;            /* the argument being evaluated (NaN if unknown) */
    const char *what;    /* "f32", "df32", "f64", "df64", "fref", "dfref";
                            "dlopen" or "gc_plugin_activations" outside
                            evaluation */
};

/* Load the plugin at path in a child process given timeout_s seconds.  On
 * failure returns GC_IO (cannot open: not a shared object, missing file),
 * GC_NOTFOUND (no gc_plugin_activations), GC_ABI (version mismatch) or
 * GC_INVAL (a bad descriptor); GC_CRASH or GC_TIMEOUT when the child died
 * or hung, with crash filled (phase "loading" or "registration"); GC_NOMEM
 * or GC_IO when no child could be run.  Every failure but GC_NOMEM leaves
 * a one-line reason in why: "crashed (Aborted) while loading", "timed out
 * after 1 s during registration", ... for a crash. */
gc_status gc_plugin_load(const char *path, double timeout_s, struct gc_plugin **out,
                         struct gc_crash *crash, char *why, size_t why_size)
                         GC_WARN_UNUSED;
/* The plugin's proxy descriptors (valid until gc_plugin_free). */
const struct gc_activation *gc_plugin_activation(const struct gc_plugin *pl,
                                                 size_t i);
size_t gc_plugin_count(const struct gc_plugin *pl);
const char *gc_plugin_path(const struct gc_plugin *pl);
void gc_plugin_free(struct gc_plugin *pl);

/* gc_check_run in a child process, with a time limit of timeout_s
 * seconds.  For a plugin's proxy the child loads the plugin and checks
 * its real descriptor; a crash while doing so (phase "loading" or
 * "registration") is reported as any crash.  GC_OK with r filled as
 * gc_check_run would; GC_CRASH or GC_TIMEOUT with crash filled and r a
 * result with verdict GC_VERDICT_CRASH and the crash fields set (nothing
 * to free); other codes as gc_check_run. */
gc_status gc_check_run_isolated(const struct gc_activation *a, const char *source,
                                gc_precision p, const struct gc_check_options *o,
                                double timeout_s, struct gc_result *r,
                                struct gc_crash *crash) GC_WARN_UNUSED;

#endif
