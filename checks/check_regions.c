/* check_regions.c - the exact region edges of checks/expected/regions.exp.
 *
 * Every data line of the file is one test (tcase_add_loop_test over the
 * lines): gc_check_run with default options must report a region of the
 * stated class, function and inherence whose lo (hi) equals the stated
 * value exactly, and gc_check_point must agree at the edge (the value is
 * in the class, its lattice neighbour outside the region is not, nor of
 * any failing class); or,
 * for a `none` line, no region of the class may appear.  The file format
 * is described at its top.  A malformed line fails with file:line.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "gc_test.h"
#include "activation.h"
#include "verify.h"

#define MAX_LINES 512
#define MAX_LINE 1024

static char exp_path[4096];
static const char *open_error;          /* the file could not be read */
static size_t n_lines;
static int line_no[MAX_LINES];
static char line_text[MAX_LINES][MAX_LINE];

/* ------------------------------------------------------------ lattice */

/* The value next to x (a value of p) in direction dir (+1 up, -1 down),
 * on p's ordered lattice (-0 and +0 are one point). */
static double lattice_step(gc_precision p, double x, int dir)
{
    return gc_fp_from_ord(p, gc_fp_ord(p, x) + dir);
}

/* ------------------------------------------------------------- parser */

struct expect_line {
    const struct gc_activation *act;
    bool all_precisions;
    gc_precision prec;
    gc_class cls;
    bool none;                /* no region of cls at all */
    gc_function function;
    int inherent;             /* 1, 0, or -1 (not an overflow) */
    bool is_lo;
    double value;
};

/* Parse line i into *e; on a malformed line fail with file:line. */
static void parse_line(size_t i, struct expect_line *e)
{
    char buf[MAX_LINE];
    char *tok[8];
    size_t nt = 0;
    memcpy(buf, line_text[i], sizeof buf);
    for (char *s = strtok(buf, " \t"); s && nt < 8; s = strtok(NULL, " \t"))
        tok[nt++] = s;
    int ln = line_no[i];

#define MALFORMED(...) do {                                              \
        char why_[256];                                                  \
        snprintf(why_, sizeof why_, __VA_ARGS__);                        \
        ck_abort_msg("%s:%d: malformed line: %s", exp_path, ln, why_);   \
    } while (0)

    memset(e, 0, sizeof *e);
    if (nt < 4)
        MALFORMED("expected NAME PRECISION CLASS ..., got %zu fields", nt);
    e->act = gc_builtin_find(tok[0]);
    if (!e->act)
        MALFORMED("no built-in named '%s'", tok[0]);
    if (strcmp(tok[1], "all") == 0)
        e->all_precisions = true;
    else if (gc_precision_parse(tok[1], &e->prec) != GC_OK)
        MALFORMED("unknown precision '%s'", tok[1]);
    if (gc_class_parse(tok[2], &e->cls) != GC_OK || e->cls == GC_CLASS_OK)
        MALFORMED("unknown region class '%s'", tok[2]);
    if (strcmp(tok[3], "none") == 0) {
        if (nt != 4)
            MALFORMED("extra fields after 'none'");
        e->none = true;
        return;
    }
    if (e->all_precisions)
        MALFORMED("'all' is only allowed with 'none'");
    if (nt != 7)
        MALFORMED("expected NAME PRECISION CLASS FUNCTION INHERENCE EDGE VALUE, "
                  "got %zu fields", nt);
    if (strcmp(tok[3], "f") == 0)
        e->function = GC_FN_F;
    else if (strcmp(tok[3], "df") == 0)
        e->function = GC_FN_DF;
    else
        MALFORMED("function must be f or df, not '%s'", tok[3]);
    if (strcmp(tok[4], "inherent") == 0)
        e->inherent = 1;
    else if (strcmp(tok[4], "premature") == 0)
        e->inherent = 0;
    else if (strcmp(tok[4], "-") == 0)
        e->inherent = -1;
    else
        MALFORMED("inherence must be inherent, premature or -, not '%s'", tok[4]);
    if ((e->cls == GC_CLASS_OVERFLOW) != (e->inherent >= 0))
        MALFORMED("inherence '%s' does not fit class %s", tok[4], tok[2]);
    if (strcmp(tok[5], "lo") == 0)
        e->is_lo = true;
    else if (strcmp(tok[5], "hi") == 0)
        e->is_lo = false;
    else
        MALFORMED("edge must be lo or hi, not '%s'", tok[5]);
    char *end;
    errno = 0;
    e->value = strtod(tok[6], &end);
    if (end == tok[6] || *end != '\0' || errno == ERANGE || !isfinite(e->value))
        MALFORMED("bad number '%s'", tok[6]);
    if (gc_fp_round_ld(e->prec, (long double)e->value) != (long double)e->value)
        MALFORMED("%s is not a value of %s", tok[6], gc_fp_format(e->prec)->name);
#undef MALFORMED
}

/* ------------------------------------------------------------- checks */

static bool region_matches(const struct gc_region *g, const struct expect_line *e)
{
    return g->cls == e->cls && g->function == e->function
           && (e->inherent < 0 || g->inherent == (e->inherent == 1));
}

static void list_regions(const struct gc_result *r, gc_class cls, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < r->n_regions && len + 200 < size; i++) {
        const struct gc_region *g = &r->regions[i];
        if (g->cls != cls)
            continue;
        int k = snprintf(buf + len, size - len, " [%s %s%s: lo %.17g (%a), hi %.17g (%a)]",
                         gc_class_name(g->cls), g->function == GC_FN_F ? "f" : "df",
                         g->cls == GC_CLASS_OVERFLOW
                             ? (g->inherent ? " inherent" : " premature") : "",
                         g->lo, g->lo, g->hi, g->hi);
        if (k > 0)
            len += (size_t)k;
    }
    if (!len)
        snprintf(buf, size, " none");
}

static void check_edge_line(const struct expect_line *e, int ln)
{
    const char *pname = gc_fp_format(e->prec)->name;
    const char *side = e->is_lo ? "lo" : "hi";
    struct gc_check_options o;
    struct gc_result r;
    gc_check_options_default(&o);
    ck_assert_int_eq(gc_check_run(e->act, "builtin", e->prec, &o, &r), GC_OK);

    bool found = false;
    for (size_t i = 0; i < r.n_regions && !found; i++) {
        const struct gc_region *g = &r.regions[i];
        found = region_matches(g, e) && (e->is_lo ? g->lo : g->hi) == e->value;
    }
    if (!found) {
        char buf[4096];
        list_regions(&r, e->cls, buf, sizeof buf);
        ck_abort_msg("%s:%d: %s %s: no %s region of %s with %s = %.17g (%a); "
                     "regions of that class:%s", exp_path, ln, e->act->name, pname,
                     gc_class_name(e->cls), e->function == GC_FN_F ? "f" : "df",
                     side, e->value, e->value, buf);
    }
    gc_result_free(&r);

    /* The same edge point by point: VALUE in the class, its neighbour
     * outside the region not. */
    struct gc_tolerance t;
    struct gc_flag in, out;
    gc_tolerance_default(e->prec, &t);
    double nb = lattice_step(e->prec, e->value, e->is_lo ? -1 : +1);
    ck_assert_int_eq(gc_check_point(e->act, e->prec, &t, e->value, &in), GC_OK);
    ck_assert_int_eq(gc_check_point(e->act, e->prec, &t, nb, &out), GC_OK);
    ck_assert_msg(in.cls == e->cls && in.function == e->function
                  && (e->inherent < 0 || in.inherent == (e->inherent == 1)),
                  "%s:%d: %s %s: gc_check_point(%.17g = %a) is %s %s%s, not the "
                  "region's class", exp_path, ln, e->act->name, pname, e->value,
                  e->value, gc_class_name(in.cls), in.function == GC_FN_F ? "f" : "df",
                  in.inherent ? " inherent" : "");
    ck_assert_msg(!(out.cls == e->cls && out.function == e->function
                    && (e->inherent < 0 || out.inherent == (e->inherent == 1))),
                  "%s:%d: %s %s: the neighbour outside the %s edge, %.17g (%a), is "
                  "still %s: the edge is not exact", exp_path, ln, e->act->name,
                  pname, side, nb, nb, gc_class_name(out.cls));
    ck_assert_msg(!gc_class_fails(out.cls, out.inherent),
                  "%s:%d: %s %s: the neighbour outside the %s edge, %.17g (%a), is "
                  "%s %s%s, a failing class (declared %.17Lg, f %.17Lg, reference "
                  "f %.17Lg)", exp_path, ln, e->act->name, pname, side, nb, nb,
                  gc_class_name(out.cls), out.function == GC_FN_F ? "f" : "df",
                  out.cls == GC_CLASS_OVERFLOW
                      ? (out.inherent ? " inherent" : " premature") : "",
                  out.declared, out.f_decl, out.f_ref);
}

static void check_none_line(const struct expect_line *e, int ln)
{
    for (int p = 0; p < GC_N_PRECISIONS; p++) {
        if (!e->all_precisions && (gc_precision)p != e->prec)
            continue;
        struct gc_check_options o;
        struct gc_result r;
        gc_check_options_default(&o);
        ck_assert_int_eq(gc_check_run(e->act, "builtin", (gc_precision)p, &o, &r), GC_OK);
        char buf[4096];
        list_regions(&r, e->cls, buf, sizeof buf);
        ck_assert_msg(r.count[e->cls] == 0,
                      "%s:%d: %s %s: expected no %s region, found %zu points:%s",
                      exp_path, ln, e->act->name, gc_fp_format((gc_precision)p)->name,
                      gc_class_name(e->cls), r.count[e->cls], buf);
        gc_result_free(&r);
    }
}

START_TEST(test_expected_region)
{
    struct expect_line e;
    parse_line((size_t)_i, &e);
    if (e.none)
        check_none_line(&e, line_no[_i]);
    else
        check_edge_line(&e, line_no[_i]);
}
END_TEST

START_TEST(test_file_readable)
{
    ck_assert_msg(open_error == NULL, "%s: %s", exp_path, open_error);
    ck_assert_msg(n_lines > 0, "%s: no expectations", exp_path);
}
END_TEST

/* Read the data lines (comments and blank lines dropped) before the
 * tests fork, so each test is one line. */
static void load(void)
{
    const char *dir = getenv("GC_SRCDIR");
    if (dir && *dir)
        snprintf(exp_path, sizeof exp_path, "%s/checks/expected/regions.exp", dir);
    else
        snprintf(exp_path, sizeof exp_path, "checks/expected/regions.exp");
    FILE *fp = fopen(exp_path, "r");
    if (!fp) {
        open_error = strerror(errno);
        return;
    }
    char buf[MAX_LINE];
    int ln = 0;
    while (fgets(buf, sizeof buf, fp)) {
        ln++;
        size_t len = strlen(buf);
        if (len == sizeof buf - 1 && buf[len - 1] != '\n') {
            open_error = "line too long";
            break;
        }
        char *hash = strchr(buf, '#');
        if (hash)
            *hash = '\0';
        len = strlen(buf);
        while (len && strchr(" \t\r\n", buf[len - 1]))
            buf[--len] = '\0';
        char *s = buf + strspn(buf, " \t");
        if (!*s)
            continue;
        if (n_lines == MAX_LINES) {
            open_error = "too many lines";
            break;
        }
        line_no[n_lines] = ln;
        snprintf(line_text[n_lines], MAX_LINE, "%s", s);
        n_lines++;
    }
    fclose(fp);
}

Suite *gc_test_suite(void)
{
    load();
    Suite *s = suite_create("regions");
    TCase *tc = tcase_create("expected");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_file_readable);
    if (n_lines)
        tcase_add_loop_test(tc, test_expected_region, 0, (int)n_lines);
    suite_add_tcase(s, tc);
    return s;
}
