/* cli.h - shared pieces of the gradcheck command. */
#ifndef GC_CLI_H
#define GC_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>

/* Exit codes (doc/design.md, "Exit status"). */
enum {
    GC_EXIT_OK = 0,       /* everything passed (warnings allowed) */
    GC_EXIT_FAIL = 1,     /* some activation failed verification */
    GC_EXIT_USAGE = 2,    /* bad usage or bad input; nothing written */
    GC_EXIT_CRASH = 3,    /* an activation crashed or timed out */
    GC_EXIT_SIGNAL = 128,  /* + the signal: stopped by SIGINT, SIGTERM or SIGHUP;
                             the report (partial) was written */
};

struct cli_opt;
struct gc_subcommand {
    const char *name;
    const char *summary;  /* one line for `gradcheck --help` */
    const char *usage;    /* the --help text up to "options:\n"; all of it
                             when there is no option table */
    const struct cli_opt *opts;  /* the options (options.h), or NULL */
    size_t n_opts;
    const char *usage_tail;      /* after the option lines */
    int (*run)(int argc, char **argv);
};

/* The whole --help text of c: usage, the option lines made from its
 * table, the tail. */
void cli_usage(FILE *out, const struct gc_subcommand *c);

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

/* Report output (output.c).  The target is resolved through symlinks;
 * a regular file or a new name outside /dev and /proc is written to a
 * temporary file beside it (".NAME" CLI_TMP_INFIX "XXXXXX", keeping an
 * existing file's mode and owner, else 0666 & ~umask) that commit renames
 * over it and abort or a fatal signal removes; anything else (a device,
 * a FIFO, /dev/stdout) is written in place.  A NULL or "-" path means
 * stdout.  A directory, a missing directory or an unwritable target is
 * refused by open; every write, flush, fsync and close is checked by
 * commit.  Both print one line "gradcheck: CMD: PATH: ..." on failure. */
#define CLI_TMP_INFIX ".gradcheck-tmp."
struct cli_output {
    FILE *fp;
    char *path;          /* as given */
    char *final;         /* after symlinks: what is written */
    char *tmp;           /* the temporary file (atomic write), else NULL */
    const char *write_path; /* where the bytes go: tmp, or final if direct */
    bool direct;
};
bool cli_output_open(const char *cmd, const char *path, struct cli_output *o);
bool cli_output_commit(const char *cmd, struct cli_output *o);
void cli_output_abort(struct cli_output *o);
/* A writer failed with st: one line ("PATH: cannot write: <errno text>"
 * for GC_IO, read from errno, so call it right after the failure), then
 * abort; returns GC_EXIT_USAGE. */
int cli_output_fail(const char *cmd, struct cli_output *o, int st);
/* Remove the pending temporary file (async-signal-safe). */
void cli_output_remove_pending(void);

/* Make the first SIGINT, SIGTERM or SIGHUP set *flag to the signal (a
 * run then stops early, still writes its report and exits 128 + the
 * signal); a second one ends the program at once, removing a pending
 * temporary output file. */
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
