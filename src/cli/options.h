/* options.h - a subcommand's options, one table: the getopt_long tables
 * and the option lines of its --help (and so of the man page, which is
 * made from the --help text) both come from it, so they cannot drift. */
#ifndef GC_CLI_OPTIONS_H
#define GC_CLI_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct cli_opt {
    const char *name;     /* the long name, without "--" */
    int key;              /* the short letter, or an id above 255 (long only) */
    const char *arg;      /* the argument's name in --help ("N", "FILE"), or
                             NULL for an option without argument */
    const char *help;     /* the description; '\n' starts a continuation line */
};

/* The most options a subcommand has, with room for the terminator. */
#define CLI_MAX_OPTS 32

/* getopt_long's tables for opts: longopts (CLI_MAX_OPTS entries; n + 1
 * are used, the last all
 * zero) and shortopts (":" then every short letter, with ':' after those
 * taking an argument).  False when they do not fit. */
bool cli_opt_tables(const struct cli_opt *opts, size_t n, struct option *longopts,
                    char *shortopts, size_t shortopts_size);

/* The --help lines of opts: "  -x, --name ARG" (or "      --name ARG"),
 * the description from column 27, continuation lines aligned under it. */
void cli_opt_print(FILE *out, const struct cli_opt *opts, size_t n);

#endif
