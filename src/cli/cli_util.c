/* cli_util.c - strict number parsing, one-line errors, signals. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cli.h"
#include "verify.h"

int cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "gradcheck: ");
    if (cmd)
        fprintf(stderr, "%s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return GC_EXIT_USAGE;
}

static bool parse_u64(const char *s, uint64_t *out)
{
    char *end;
    /* strtoull accepts a sign and leading blanks; a count accepts neither. */
    if (!s || !*s || !(*s >= '0' && *s <= '9'))
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno == ERANGE || *end != '\0')
        return false;
    *out = (uint64_t)v;
    return true;
}

bool cli_parse_size(const char *cmd, const char *opt, const char *s,
                    size_t min, size_t max, size_t *out)
{
    uint64_t v;
    if (!parse_u64(s, &v) || v < min || v > max) {
        cli_error(cmd, "%s: expected an integer from %zu to %zu, got '%s'",
                  opt, min, max, s ? s : "");
        return false;
    }
    *out = (size_t)v;
    return true;
}

bool cli_parse_u64(const char *cmd, const char *opt, const char *s, uint64_t *out)
{
    if (!parse_u64(s, out)) {
        cli_error(cmd, "%s: expected a non-negative integer, got '%s'", opt,
                  s ? s : "");
        return false;
    }
    return true;
}

bool cli_isatty(FILE *stream)
{
    return isatty(fileno(stream)) == 1;
}

static volatile sig_atomic_t *interrupt_flag;

/* The first SIGINT/SIGTERM/SIGHUP asks the run to stop (it still writes
 * its report); a second one ends it at once, without a temporary file. */
static void on_interrupt(int sig)
{
    if (interrupt_flag && !*interrupt_flag) {
        *interrupt_flag = sig;
        return;
    }
    cli_output_remove_pending();
    signal(sig, SIG_DFL);
    raise(sig);
}

void cli_on_interrupt(volatile sig_atomic_t *flag)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    interrupt_flag = flag;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* Under nohup SIGHUP is ignored, and must stay so. */
    struct sigaction old;
    if (sigaction(SIGHUP, NULL, &old) == 0 && old.sa_handler != SIG_IGN)
        sigaction(SIGHUP, &sa, NULL);
}

/* Used only by cli_parse_double (appended below the original helpers). */
#include <ctype.h>
#include <math.h>

bool cli_parse_double(const char *cmd, const char *opt, const char *s,
                      double min, double max, double *out)
{
    char *end = NULL;
    double v = 0;
    bool ok = s && *s && !isspace((unsigned char)*s);
    if (ok) {
        errno = 0;
        v = strtod(s, &end);
        /* ERANGE with a huge result is overflow; with a tiny one it is a
         * (representable) underflow, which is fine. */
        ok = end != s && *end == '\0' && isfinite(v)
             && !(errno == ERANGE && fabs(v) > 1.0);
    }
    if (!ok || !(v >= min && v <= max)) {
        cli_error(cmd, "%s: expected a number from %.15g to %.15g, got '%s'",
                  opt, min, max, s ? s : "");
        return false;
    }
    *out = v;
    return true;
}

void cli_crash_line(const char *cmd, const struct gc_result *r, double timeout)
{
    char xs[96];
    snprintf(xs, sizeof xs, "at x = %.17g (%a)", r->crash_x, r->crash_x);
    /* A crash while the child loaded the plugin again, before any x. */
    if (r->crash_what && (strcmp(r->crash_what, "dlopen") == 0
                          || strcmp(r->crash_what, "gc_plugin_activations") == 0))
        snprintf(xs, sizeof xs, "(loading the plugin for the check)");
    const char *prec = gc_fp_format(r->prec)->name;
    if (r->timed_out)
        fprintf(stderr, "gradcheck: %s: %s (%s) %s: timed out after %g s evaluating %s "
                "%s\n", cmd, r->act->name, r->source, prec, timeout, r->crash_what, xs);
    else
        fprintf(stderr, "gradcheck: %s: %s (%s) %s: crashed (%s) evaluating %s %s\n",
                cmd, r->act->name, r->source, prec,
                r->crash_signal ? strsignal(r->crash_signal) : "exited by itself",
                r->crash_what, xs);
}

int cli_help_only(const char *cmd, const char *usage, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    opterr = 0;
    optind = 1;
    int c = getopt_long(argc, argv, "+:h", longopts, NULL);
    if (c == -1)
        return -1;
    if (c == 'h') {
        fputs(usage, stdout);
        return GC_EXIT_OK;
    }
    return cli_error(cmd, "unknown option '%s' (try 'gradcheck %s --help')",
                     argv[optind - 1], cmd);
}
