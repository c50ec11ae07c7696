/* help.c - `gradcheck --help` and the man page from the same text. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "help.h"

const char cli_help_description[] =
    "Verify hand-written gradients of neural-network activation functions\n"
    "against finite differences, in float32 and float64, and map where their\n"
    "numbers go bad (overflow, NaN, gradient underflow, kinks).\n";

const char cli_help_options[] =
    "options:\n"
    "  -h, --help     show this help\n"
    "  -V, --version  show the version\n";

const char cli_help_exit[] =
    "exit status: 0 all passed (warnings allowed), 1 some activation failed,\n"
    "2 bad usage or input, 3 an activation crashed or timed out, 128 + the\n"
    "signal when stopped by SIGINT (130), SIGHUP (129) or SIGTERM (143).\n";

void cli_help_main(FILE *out, const struct gc_subcommand *const *cmds, size_t n)
{
    fprintf(out, "usage: gradcheck <command> [options]\n\n%s\ncommands:\n",
            cli_help_description);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "  %-8s %s\n", cmds[i]->name, cmds[i]->summary);
    fprintf(out, "\n%s\n'gradcheck <command> --help' describes a command.\n%s",
            cli_help_options, cli_help_exit);
}

/* ------------------------------------------------------------------ */
/* roff                                                                */

/* Text with roff's specials escaped: \ as \e, - as \- (a minus that
 * copy-pastes as "-"), and a line-initial . or ' guarded by \&. */
static void roff(FILE *out, const char *s, size_t len)
{
    if (len && (s[0] == '.' || s[0] == '\''))
        fputs("\\&", out);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\\')
            fputs("\\e", out);
        else if (s[i] == '-')
            fputs("\\-", out);
        else
            fputc(s[i], out);
    }
}

static size_t skip_blanks(const char *s, size_t i, size_t len)
{
    while (i < len && s[i] == ' ')
        i++;
    return i;
}

/* Lines of a usage text, one at a time. */
struct lines {
    const char *p;
};

static bool next_line(struct lines *ls, const char **line, size_t *len)
{
    if (!*ls->p)
        return false;
    const char *nl = strchr(ls->p, '\n');
    *line = ls->p;
    *len = nl ? (size_t)(nl - ls->p) : strlen(ls->p);
    ls->p = nl ? nl + 1 : ls->p + *len;
    return true;
}

/* An option line: two to eight blanks, a dash, the option spec, then two
 * or more blanks and the description (which may be empty: it then
 * continues on the next, deeply indented, lines).  *start is where the
 * spec begins. */
static bool option_line(const char *s, size_t len, size_t *start, size_t *spec_end,
                        size_t *desc)
{
    size_t b = skip_blanks(s, 0, len);
    if (b < 2 || b > 8 || b >= len || s[b] != '-')
        return false;
    size_t i = b;
    while (i < len && !(s[i] == ' ' && i + 1 < len && s[i + 1] == ' '))
        i++;
    *start = b;
    *spec_end = i;
    *desc = skip_blanks(s, i, len);
    return true;
}

static void usage_to_man(FILE *out, const char *usage)
{
    struct lines ls = { usage };
    const char *l;
    size_t len;
    enum { SYNOPSIS, TEXT } state = SYNOPSIS;
    bool in_par = false, in_tag = false;

    fputs(".nf\n", out);
    while (next_line(&ls, &l, &len)) {
        if (state == SYNOPSIS) {
            if (len == 0) {
                fputs(".fi\n", out);
                state = TEXT;
                continue;
            }
            if (len > 7 && strncmp(l, "usage: ", 7) == 0) {
                l += 7;
                len -= 7;
            }
            fputs("\\fB", out);
            roff(out, l, len);
            fputs("\\fR\n", out);
            continue;
        }
        size_t start, spec_end, desc;
        if (len == 0) {
            in_par = in_tag = false;
            continue;
        }
        if (option_line(l, len, &start, &spec_end, &desc)) {
            fputs(".TP\n\\fB", out);
            roff(out, l + start, spec_end - start);
            fputs("\\fR\n", out);
            if (desc < len) {
                roff(out, l + desc, len - desc);
                fputc('\n', out);
            }
            in_tag = true;
            continue;
        }
        if (in_tag && len > 4 && l[0] == ' ' && l[1] == ' ' && l[2] == ' ') {
            size_t b = skip_blanks(l, 0, len);
            roff(out, l + b, len - b);
            fputc('\n', out);
            continue;
        }
        if (!in_par || in_tag) {
            fputs(".PP\n", out);
            in_par = true;
            in_tag = false;
        }
        size_t b = skip_blanks(l, 0, len);
        if (b >= 2)           /* an indented line keeps its own line */
            fputs(".br\n", out);
        roff(out, l + b, len - b);
        fputc('\n', out);
    }
    if (state == SYNOPSIS)
        fputs(".fi\n", out);
}

void cli_help_man(FILE *out, const struct gc_subcommand *const *cmds, size_t n)
{
    fprintf(out, ".\\\" gradcheck.1 - generated by 'gradcheck --man' from the --help texts\n"
            ".\\\" (src/cli/help.c and each subcommand); do not edit.\n"
            ".TH GRADCHECK 1 \"\" \"gradcheck %s\" \"User Commands\"\n"
            ".SH NAME\ngradcheck \\- verify hand\\-written gradients of activation "
            "functions\n.SH SYNOPSIS\n.nf\n", PACKAGE_VERSION);
    fputs("\\fBgradcheck\\fR \\fIcommand\\fR [\\fIoptions\\fR]\n", out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "\\fBgradcheck %s\\fR \\-\\-help\n", cmds[i]->name);
    fputs(".fi\n.SH DESCRIPTION\n", out);
    roff(out, cli_help_description, strlen(cli_help_description));
    fputs(".SH COMMANDS\n", out);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, ".SS \"gradcheck %s\"\n", cmds[i]->name);
        roff(out, cmds[i]->summary, strlen(cmds[i]->summary));
        fputs(".\n.PP\n", out);
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        if (mem) {
            cli_usage(mem, cmds[i]);
            if (fclose(mem) == 0)
                usage_to_man(out, text);
        }
        free(text);
    }
    fputs(".SH OPTIONS\n", out);
    usage_to_man(out, "usage: gradcheck <command> [options]\n\n");
    {
        /* The option lines of cli_help_options, without its heading. */
        const char *opts = strchr(cli_help_options, '\n');
        usage_to_man(out, opts ? opts : "");
    }
    fputs(".SH EXIT STATUS\n", out);
    {
        const char *e = cli_help_exit + strlen("exit status: ");
        roff(out, e, strlen(e));
    }
    fputs(".SH SEE ALSO\nThe README of the gradcheck sources; reports made by "
          "\\fBgradcheck report\\fR.\n", out);
}
