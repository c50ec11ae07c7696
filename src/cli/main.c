/* main.c - the gradcheck command: a table of subcommands. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include "cli.h"

static const struct gc_subcommand *const commands[] = {
    &gc_cmd_list,
    &gc_cmd_check,
    &gc_cmd_depth,
    &gc_cmd_derive,
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    fprintf(out,
        "usage: gradcheck <command> [options]\n"
        "\n"
        "Verify hand-written gradients of neural-network activation functions\n"
        "against finite differences, in float32 and float64, and map where their\n"
        "numbers go bad (overflow, NaN, gradient underflow, kinks).\n"
        "\n"
        "commands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-8s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(out,
        "\n"
        "options:\n"
        "  -h, --help     show this help\n"
        "  -V, --version  show the version\n"
        "\n"
        "'gradcheck <command> --help' describes a command.\n"
        "exit status: 0 all passed (warnings allowed), 1 some activation failed,\n"
        "2 bad usage or input, 3 an activation crashed or timed out.\n");
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
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("gradcheck %s\n", PACKAGE_VERSION);
        return GC_EXIT_OK;
    }
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(cmd, commands[i]->name) == 0)
            return commands[i]->run(argc - 1, argv + 1);
    return cli_error(NULL, "unknown command '%s' (try 'gradcheck --help')", cmd);
}
