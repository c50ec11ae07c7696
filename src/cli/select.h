/* select.h - which activations a command works on: names of built-ins
 * (or of plugin activations), --all, --spec FILE, --f/--df inline, and
 * --plugin SO, resolved and loaded before any work so that bad input
 * writes nothing (one line on stderr, exit 2).
 *
 * A plugin that crashes or hangs while loading is not bad input but a
 * crash: one line naming it, the phase and the signal or timeout, and the
 * run goes on without it (the command then exits 3).  A NAME that no
 * loaded source provides is then not refused either, since it may have
 * been that plugin's: one line saying so, the others are checked, exit 3.
 *
 * Used by `gradcheck check` and `gradcheck report`.
 */
#ifndef GC_CLI_SELECT_H
#define GC_CLI_SELECT_H

#include <stdbool.h>
#include <stddef.h>
#include "gradcheck.h"
#include "spec.h"
#include "plugin.h"

#define CLI_MAX_PLUGINS 16

/* One activation, where it came from, and whether its code is the user's
 * own compiled code (then it runs only in a child process). */
struct cli_item {
    const struct gc_activation *act;
    const char *source;        /* "builtin", the spec file, the plugin path */
    bool isolated;
};

/* What the command line asked for. */
struct cli_request {
    bool all;
    char **names;              /* activation names (argv after options) */
    size_t n_names;
    char *spec_paths[GC_SPEC_MAX];
    size_t n_spec;
    const char *inline_f, *inline_df, *inline_name;
    bool inline_allowed;       /* the command has --f (for the messages) */
    char *plugin_paths[CLI_MAX_PLUGINS];
    size_t n_plugin_paths;
    double timeout;            /* --timeout: seconds a plugin may take to load */
};

struct cli_selection {
    struct cli_item *items;    /* built-ins (--all or names; names pick plugin
                                  activations first), then every plugin
                                  activation when no names were given, then
                                  the specs in command-line order */
    size_t n;
    struct gc_spec *specs[GC_SPEC_MAX];
    size_t n_specs;
    struct gc_plugin *plugins[CLI_MAX_PLUGINS];
    size_t n_plugins;
    bool plugin_crashed;       /* a plugin crashed or hung while loading, and
                                  its line was printed: exit 3 */
};

/* Add a --spec or --plugin path to req; one line and false when there
 * are too many. */
bool cli_request_add_spec(const char *cmd, struct cli_request *req, char *path);
bool cli_request_add_plugin(const char *cmd, struct cli_request *req, char *path);

/* Load every spec and plugin of req and resolve every name.  On success
 * returns true with *sel filled (free it with cli_selection_free), having
 * printed one line per plugin that crashed or hung while loading and per
 * name left unresolved because of it (sel->plugin_crashed); on bad input
 * prints one line "gradcheck: CMD: ..." and returns false with nothing
 * left to free. */
bool cli_select(const char *cmd, const struct cli_request *req,
                struct cli_selection *sel);
void cli_selection_free(struct cli_selection *sel);

/* --precision LIST ("float32,float64"; aliases as gc_precision_parse): sets
 * want[] and returns true, or prints one line and returns false. */
bool cli_parse_precisions(const char *cmd, const char *s, bool want[GC_N_PRECISIONS]);

#endif
