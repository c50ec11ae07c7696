/* cli.h - shared pieces of the gradcheck command. */
#ifndef GC_CLI_H
#define GC_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>

/* Exit codes (DESIGN.md, "The command line"). */
enum {
    GC_EXIT_OK = 0,       /* everything passed (warnings allowed) */
    GC_EXIT_FAIL = 1,     /* some activation failed verification */
    GC_EXIT_USAGE = 2,    /* bad usage or bad input; nothing written */
    GC_EXIT_CRASH = 3,    /* an activation crashed or timed out */
    GC_EXIT_INTERRUPTED = 130, /* stopped by SIGINT; a partial report was written */
};

struct gc_subcommand {
    const char *name;
    const char *summary;  /* one line for `gradcheck --help` */
    const char *usage;    /* the full --help text */
    int (*run)(int argc, char **argv);
};

extern const struct gc_subcommand gc_cmd_list, gc_cmd_check, gc_cmd_derive;

/* "gradcheck: check: <message>" on stderr; returns GC_EXIT_USAGE. */
int cli_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Strict converters: the whole string must be a number in [min, max].
 * On failure print one line naming the option and return false. */
bool cli_parse_size(const char *cmd, const char *opt, const char *s,
                    size_t min, size_t max, size_t *out);
bool cli_parse_u64(const char *cmd, const char *opt, const char *s,
                   uint64_t *out);

/* Output written atomically: a temporary file beside `path`, renamed
 * over it on commit, removed on abort or on SIGINT/SIGTERM.  A NULL or
 * "-" path means stdout. */
struct cli_output {
    FILE *fp;
    char *path;
    char *tmp;
};
bool cli_output_open(const char *cmd, const char *path, struct cli_output *o);
bool cli_output_commit(const char *cmd, struct cli_output *o);
void cli_output_abort(struct cli_output *o);

/* Make the first SIGINT/SIGTERM set *flag (a long run then stops early and
 * still writes its report); a second one ends the program at once,
 * removing a pending temporary output file. */
void cli_on_interrupt(volatile sig_atomic_t *flag);

/* "gradcheck: CMD: NAME (SOURCE) PRECISION: crashed (SIGNAL) evaluating
 * FN at x = X" (or "timed out after TIMEOUT s ...") on stderr, for a
 * result with verdict crash (gc_check_run_isolated). */
struct gc_result;
void cli_crash_line(const char *cmd, const struct gc_result *r, double timeout);

/* Options of a subcommand that takes none but --help: prints usage and
 * returns GC_EXIT_OK for --help, one line and GC_EXIT_USAGE for any other
 * option, and -1 when the operands (argv + optind) are the command's to
 * read.  Options end at the first operand. */
int cli_help_only(const char *cmd, const char *usage, int argc, char **argv);

/* True when stream is a terminal (progress is shown only then). */
bool cli_isatty(FILE *stream);

/* Strict real converter (appended for `gradcheck depth`): the whole of s
 * must be a finite decimal or hex float (strtod syntax, no leading blank),
 * not overflowing (ERANGE on overflow; an underflow to a tiny value is
 * accepted as the nearest double), within [min, max].  On failure prints
 * one line naming the option and returns false. */
bool cli_parse_double(const char *cmd, const char *opt, const char *s,
                      double min, double max, double *out);

/* gradcheck depth (src/cli/cmd_depth.c); main.c's table lists it. */
extern const struct gc_subcommand gc_cmd_depth;

/* gradcheck report (src/cli/cmd_report.c). */
extern const struct gc_subcommand gc_cmd_report;

#endif
