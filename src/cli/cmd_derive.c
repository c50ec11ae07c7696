/* cmd_derive.c - gradcheck derive: the symbolic derivative of an
 * expression, as the checks of a spec without df use it. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "expr.h"

static const char derive_usage[] =
    "usage: gradcheck derive [--help] 'EXPR'\n"
    "\n"
    "Print d/dx of the expression EXPR in the variable x (the language of .act\n"
    "spec files: + - * / ^, comparisons, abs sign sqrt cbrt exp expm1 log log1p\n"
    "log2 sin cos tan asin acos atan sinh cosh tanh asinh erf erfc pow min max\n"
    "where, constants pi e inf), simplified.  This is the gradient gradcheck\n"
    "checks for a spec that gives no df.\n";

static int run_derive(int argc, char **argv)
{
    int rc = cli_help_only("derive", derive_usage, argc, argv);
    if (rc >= 0)
        return rc;
    if (argc - optind != 1)
        return cli_error("derive", "expected exactly one expression, got %d",
                         argc - optind);
    const char *src = argv[optind];
    struct gc_expr *e = NULL, *d = NULL;
    struct gc_expr_error err;
    memset(&err, 0, sizeof err);
    gc_status st = gc_expr_parse(src, strlen(src), 1, 1, &e, &err);
    if (st != GC_OK)
        return st == GC_NOMEM ? cli_error("derive", "out of memory")
                              : cli_error("derive", "%d:%d: %s", err.line, err.col, err.msg);
    st = gc_expr_derive(e, &d);
    gc_expr_free(e);
    if (st != GC_OK)
        return cli_error("derive", "%s", st == GC_RANGE
                         ? "the derivative is too large to write out" : gc_strerror(st));
    char *text = gc_expr_to_string(d);
    gc_expr_free(d);
    if (!text)
        return cli_error("derive", "out of memory");
    printf("%s\n", text);
    free(text);
    return fflush(stdout) == 0 ? GC_EXIT_OK : GC_EXIT_USAGE;
}

const struct gc_subcommand gc_cmd_derive = {
    "derive", "print the symbolic derivative of an expression", derive_usage, NULL, 0, NULL, run_derive,
};
