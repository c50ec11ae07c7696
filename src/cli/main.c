/* main.c - the gradcheck command: a table of subcommands. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include "cli.h"
#include "help.h"

static const struct gc_subcommand *const commands[] = {
    &gc_cmd_list,
    &gc_cmd_check,
    &gc_cmd_depth,
    &gc_cmd_derive,
    &gc_cmd_report,
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    cli_help_main(out, commands, N_COMMANDS);
}

int main(int argc, char **argv)
{
    /* GSL's default handler aborts; the library checks every status. */
    gsl_set_error_handler_off();
    if (argc < 2) {
        usage(stderr);
        return GC_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return GC_EXIT_OK;
    }
    /* Hidden: the man page, generated from the --help texts (make runs
     * it to write gradcheck.1). */
    if (strcmp(cmd, "--man") == 0) {
        cli_help_man(stdout, commands, N_COMMANDS);
        return fflush(stdout) == 0 && !ferror(stdout) ? GC_EXIT_OK : GC_EXIT_USAGE;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("gradcheck %s\n", PACKAGE_VERSION);
        return GC_EXIT_OK;
    }
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(cmd, commands[i]->name) == 0)
            return commands[i]->run(argc - 1, argv + 1);
    return cli_error(NULL, "unknown command '%s' (try 'gradcheck --help')", cmd);
}
