/* select.c - resolving the activations a command works on (select.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "select.h"
#include "activation.h"

bool cli_request_add_spec(const char *cmd, struct cli_request *req, char *path)
{
    /* One slot stays free for the inline --f spec. */
    if (req->n_spec >= GC_SPEC_MAX - 1) {
        cli_error(cmd, "--spec: at most %d spec files", GC_SPEC_MAX - 1);
        return false;
    }
    req->spec_paths[req->n_spec++] = path;
    return true;
}

bool cli_request_add_plugin(const char *cmd, struct cli_request *req, char *path)
{
    if (req->n_plugin_paths >= CLI_MAX_PLUGINS) {
        cli_error(cmd, "--plugin: at most %d plugins", CLI_MAX_PLUGINS);
        return false;
    }
    req->plugin_paths[req->n_plugin_paths++] = path;
    return true;
}

static bool spec_error(const char *cmd, gc_status st, const struct gc_spec_error *err)
{
    if (st == GC_NOMEM)
        cli_error(cmd, "out of memory");
    else
        cli_error(cmd, "%s: %s", err->where, err->msg);
    return false;
}

static bool load_specs(const char *cmd, const struct cli_request *req,
                       struct cli_selection *sel)
{
    struct gc_spec_error err;
    for (size_t i = 0; i < req->n_spec; i++) {
        memset(&err, 0, sizeof err);
        gc_status st = gc_spec_load_file(req->spec_paths[i], &sel->specs[sel->n_specs], &err);
        if (st != GC_OK)
            return spec_error(cmd, st, &err);
        sel->n_specs++;
    }
    if (req->inline_f) {
        memset(&err, 0, sizeof err);
        gc_status st = gc_spec_inline(req->inline_name, req->inline_f, req->inline_df,
                                      &sel->specs[sel->n_specs], &err);
        if (st != GC_OK)
            return spec_error(cmd, st, &err);
        sel->n_specs++;
    } else if (req->inline_df || req->inline_name) {
        cli_error(cmd, "%s needs --f", req->inline_df ? "--df" : "--name");
        return false;
    }
    return true;
}

static void push(struct cli_selection *sel, const struct gc_activation *a,
                 const char *source, bool isolated)
{
    sel->items[sel->n++] = (struct cli_item){ a, source, isolated };
}

bool cli_select(const char *cmd, const struct cli_request *req, struct cli_selection *sel)
{
    size_t n_plugin_acts = 0, n_builtin = 0, cap;
    const char *crashed_path = NULL;   /* the first plugin that did not load */
    size_t n_crashed = 0;
    const struct gc_activation *builtins = gc_builtins(&n_builtin);
    memset(sel, 0, sizeof *sel);
    if (req->all && req->n_names) {
        cli_error(cmd, "give activation names or --all, not both");
        return false;
    }
    if (!load_specs(cmd, req, sel))
        goto fail;
    for (size_t i = 0; i < req->n_plugin_paths; i++) {
        char why[300];
        struct gc_crash crash;
        gc_status st;
        st = gc_plugin_load(req->plugin_paths[i], req->timeout > 0 ? req->timeout : 60,
                            &sel->plugins[sel->n_plugins], &crash, why, sizeof why);
        if (st == GC_CRASH || st == GC_TIMEOUT) {
            /* The plugin's fault, not the user's input: say so and go on. */
            fprintf(stderr, "gradcheck: %s: %s: %s\n", cmd, req->plugin_paths[i], why);
            sel->plugin_crashed = true;
            if (!n_crashed++)
                crashed_path = req->plugin_paths[i];
            continue;
        }
        if (st != GC_OK) {
            if (st == GC_NOMEM)
                cli_error(cmd, "out of memory");
            else
                cli_error(cmd, "--plugin %s: %s", req->plugin_paths[i], why);
            goto fail;
        }
        n_plugin_acts += gc_plugin_count(sel->plugins[sel->n_plugins++]);
    }
    if (!req->all && !req->n_names && !sel->n_specs && !req->n_plugin_paths) {
        cli_error(cmd, "no activation given (name one, use --all, --spec FILE%s or "
                  "--plugin SO; 'gradcheck list' shows the built-ins)",
                  req->inline_allowed ? ", --f EXPR" : "");
        goto fail;
    }
    cap = (req->all ? n_builtin : req->n_names) + sel->n_specs + n_plugin_acts;
    sel->items = calloc(cap ? cap : 1, sizeof *sel->items);
    if (!sel->items) {
        cli_error(cmd, "out of memory");
        goto fail;
    }
    if (req->all)
        for (size_t i = 0; i < n_builtin; i++)
            push(sel, &builtins[i], "builtin", false);
    /* Names pick plugin activations first, then built-ins; with plugins
     * and no names, every plugin activation is taken. */
    for (size_t i = 0; i < req->n_names; i++) {
        const char *nm = req->names[i];
        bool found = false;
        for (size_t k = 0; k < sel->n_plugins && !found; k++)
            for (size_t j = 0; j < gc_plugin_count(sel->plugins[k]) && !found; j++)
                if (strcmp(gc_plugin_activation(sel->plugins[k], j)->name, nm) == 0) {
                    push(sel, gc_plugin_activation(sel->plugins[k], j),
                         gc_plugin_path(sel->plugins[k]), true);
                    found = true;
                }
        const struct gc_activation *a = found ? NULL : gc_builtin_find(nm);
        if (a) {
            push(sel, a, "builtin", false);
        } else if (!found && n_crashed) {
            /* It may have been the crashed plugin's: not a usage error. */
            fprintf(stderr, "gradcheck: %s: '%s' not checked: no loaded plugin or "
                    "built-in provides it (%s%s did not load)\n", cmd, nm, crashed_path,
                    n_crashed > 1 ? " and others" : "");
        } else if (!found) {
            cli_error(cmd, "unknown activation '%s' ('gradcheck list' shows the built-ins)",
                      nm);
            goto fail;
        }
    }
    if (!req->n_names)
        for (size_t k = 0; k < sel->n_plugins; k++)
            for (size_t j = 0; j < gc_plugin_count(sel->plugins[k]); j++)
                push(sel, gc_plugin_activation(sel->plugins[k], j),
                     gc_plugin_path(sel->plugins[k]), true);
    for (size_t i = 0; i < sel->n_specs; i++)
        push(sel, gc_spec_activation(sel->specs[i]), gc_spec_source(sel->specs[i]), false);
    return true;
fail:
    cli_selection_free(sel);
    return false;
}

void cli_selection_free(struct cli_selection *sel)
{
    free(sel->items);
    for (size_t i = 0; i < sel->n_specs; i++)
        gc_spec_free(sel->specs[i]);
    for (size_t k = 0; k < sel->n_plugins; k++)
        gc_plugin_free(sel->plugins[k]);
    memset(sel, 0, sizeof *sel);
}

bool cli_parse_precisions(const char *cmd, const char *s, bool want[GC_N_PRECISIONS])
{
    for (int p = 0; p < GC_N_PRECISIONS; p++)
        want[p] = false;
    const char *q = s;
    bool any = false;
    while (true) {
        size_t len = strcspn(q, ",");
        char tok[32];
        gc_precision p;
        if (len == 0 || len >= sizeof tok) {
            cli_error(cmd, "--precision: expected a list such as float32,float64, got '%s'", s);
            return false;
        }
        memcpy(tok, q, len);
        tok[len] = '\0';
        if (gc_precision_parse(tok, &p) != GC_OK) {
            cli_error(cmd, "--precision: unknown precision '%s' (expected float16, "
                      "bfloat16, float32 or float64)", tok);
            return false;
        }
        want[p] = any = true;
        if (!q[len])
            break;
        q += len + 1;
    }
    return any;
}
