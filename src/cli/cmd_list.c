/* cmd_list.c - gradcheck list: the built-ins and where each came from. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include "cli.h"
#include "activation.h"

static const char list_usage[] =
    "usage: gradcheck list [--help]\n"
    "\n"
    "List the built-in activations: name, source, declared kinks, summary.\n";

static int run_list(int argc, char **argv)
{
    int rc = cli_help_only("list", list_usage, argc, argv);
    if (rc >= 0)
        return rc;
    if (optind < argc)
        return cli_error("list", "unexpected argument '%s'", argv[optind]);

    size_t n;
    const struct gc_activation *acts = gc_builtins(&n);
    printf("%-14s %-8s %-12s %s\n", "name", "source", "kinks", "summary");
    for (size_t i = 0; i < n; i++) {
        const struct gc_activation *a = &acts[i];
        char kinks[64] = "-";
        size_t len = 0;
        for (size_t k = 0; k < a->n_kinks && len < sizeof kinks; k++) {
            int w = snprintf(kinks + len, sizeof kinks - len, "%s%.17g",
                             k ? "," : "", a->kinks[k]);
            if (w < 0)
                break;
            len += (size_t)w;
        }
        printf("%-14s %-8s %-12s %s\n", a->name, "builtin", kinks, a->summary);
    }
    return fflush(stdout) == 0 ? GC_EXIT_OK : GC_EXIT_USAGE;
}

const struct gc_subcommand gc_cmd_list = {
    "list", "list the built-in activations", list_usage, NULL, 0, NULL, run_list,
};
