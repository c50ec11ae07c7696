/* help.h - the one source of gradcheck's help: `gradcheck --help`, every
 * `gradcheck CMD --help` (the usage text in each subcommand's table entry)
 * and the man page gradcheck.1 (`gradcheck --man`, run by make), so the
 * two cannot drift apart (tests/man.sh checks that every option of every
 * --help is in the man page). */
#ifndef GC_CLI_HELP_H
#define GC_CLI_HELP_H

#include <stddef.h>
#include <stdio.h>
#include "cli.h"

/* The paragraph under "usage: gradcheck <command> [options]". */
extern const char cli_help_description[];
/* The global options and exit statuses, after the command list. */
extern const char cli_help_options[];
extern const char cli_help_exit[];

/* `gradcheck --help`: usage, description, the commands, options. */
void cli_help_main(FILE *out, const struct gc_subcommand *const *cmds, size_t n);

/* The man page in roff (man(7) macros): NAME, SYNOPSIS, DESCRIPTION,
 * then one section per subcommand made from its usage text (synopsis in
 * no-fill, prose as paragraphs, "  -x, --opt ARG   text" lines as tagged
 * paragraphs), OPTIONS, EXIT STATUS.  No date, so it is reproducible. */
void cli_help_man(FILE *out, const struct gc_subcommand *const *cmds, size_t n);

#endif
