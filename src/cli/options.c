/* options.c - getopt tables and --help lines from one option table. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include "options.h"
#include "cli.h"

bool cli_opt_tables(const struct cli_opt *opts, size_t n, struct option *longopts,
                    char *shortopts, size_t shortopts_size)
{
    size_t k = 0;
    if (n + 1 > CLI_MAX_OPTS || shortopts_size < 2)   /* longopts holds CLI_MAX_OPTS */
        return false;
    shortopts[k++] = ':';           /* a missing argument returns ':' */
    for (size_t i = 0; i < n; i++) {
        longopts[i] = (struct option){ opts[i].name,
                                       opts[i].arg ? required_argument : no_argument,
                                       NULL, opts[i].key };
        if (opts[i].key > 0 && opts[i].key < 256) {
            if (k + 3 > shortopts_size)
                return false;
            shortopts[k++] = (char)opts[i].key;
            if (opts[i].arg)
                shortopts[k++] = ':';
        }
    }
    longopts[n] = (struct option){ NULL, 0, NULL, 0 };
    shortopts[k] = '\0';
    return true;
}

/* The column where descriptions start (0-based), as the hand-written
 * --help texts had it. */
#define DESC_COL 26

void cli_opt_print(FILE *out, const struct cli_opt *opts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct cli_opt *o = &opts[i];
        int w;
        if (o->key > 0 && o->key < 256)
            w = fprintf(out, "  -%c, --%s", o->key, o->name);
        else
            w = fprintf(out, "      --%s", o->name);
        if (o->arg)
            w += fprintf(out, " %s", o->arg);
        /* At least two blanks before the description: the man page
         * generator splits the option from its text there. */
        fprintf(out, "%*s", w + 2 > DESC_COL ? 2 : DESC_COL - w, "");
        for (const char *h = o->help; *h;) {
            size_t len = strcspn(h, "\n");
            fprintf(out, "%.*s\n", (int)len, h);
            h += len;
            if (*h == '\n' && *++h)
                fprintf(out, "%*s", DESC_COL, "");
        }
    }
}

void cli_usage(FILE *out, const struct gc_subcommand *c)
{
    fputs(c->usage, out);
    if (c->opts) {
        cli_opt_print(out, c->opts, c->n_opts);
        fputs(c->usage_tail, out);
    }
}
