/* check_plugins.c - plugin loading never maps the plugin in the calling
 * process, and a plugin that crashes or hangs while loading is reported
 * with its phase and signal or timeout instead of taking the caller down.
 *
 * The plugins are the build tree's checks/mutants/.libs/NAME.so:
 * crash_plugin (loads fine, crashes when evaluated), fault_* (crash or hang
 * in a constructor or in gc_plugin_activations, checks/mutants/fault_plugin.c)
 * and bad_abi (refused as today).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include "gc_test.h"
#include "verify.h"
#include "plugin.h"

static const char *so_path(const char *name, char *buf, size_t size)
{
    const char *b = getenv("GC_BUILDDIR");
    snprintf(buf, size, "%s/checks/mutants/.libs/%s.so", b ? b : ".", name);
    return buf;
}

/* Whether this process has the shared object at path mapped. */
static bool mapped(const char *path)
{
    void *h = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
    if (h)
        dlclose(h);
    return h != NULL;
}

static struct gc_plugin *load_ok(const char *path)
{
    struct gc_plugin *pl = NULL;
    struct gc_crash crash;
    char why[300] = "";
    gc_status st = gc_plugin_load(path, 30, &pl, &crash, why, sizeof why);
    ck_assert_msg(st == GC_OK && pl, "cannot load %s: %s (%s)", path, why, gc_status_name(st));
    return pl;
}

static const struct gc_activation *find(const struct gc_plugin *pl, const char *name)
{
    for (size_t i = 0; i < gc_plugin_count(pl); i++)
        if (strcmp(gc_plugin_activation(pl, i)->name, name) == 0)
            return gc_plugin_activation(pl, i);
    ck_abort_msg("%s exports no %s", gc_plugin_path(pl), name);
    return NULL;
}

START_TEST(test_load_describes_without_mapping)
{
    char path[4096];
    so_path("crash_plugin", path, sizeof path);
    struct gc_plugin *pl = load_ok(path);
    ck_assert_uint_eq(gc_plugin_count(pl), 5);
    ck_assert_str_eq(gc_plugin_path(pl), path);
    const struct gc_activation *a = find(pl, "fine_square");
    ck_assert_str_eq(a->summary, "x^2, correct");
    ck_assert_uint_eq(a->n_kinks, 0);
    /* Present functions are marked present, absent ones NULL. */
    ck_assert(a->f32 && a->df32 && a->f64 && a->df64 && a->fref);
    ck_assert(a->dfref == NULL);
    ck_assert_msg(!mapped(path), "the parent has the plugin mapped after loading it");
    gc_plugin_free(pl);
}
END_TEST

/* A proxy's function pointer is only a marker: calling it aborts. */
START_TEST(test_proxy_function_aborts)
{
    char path[4096];
    struct gc_plugin *pl = load_ok(so_path("crash_plugin", path, sizeof path));
    volatile float y = find(pl, "fine_square")->f32(2.0f);
    (void)y;
}
END_TEST

START_TEST(test_isolated_run_loads_in_the_child)
{
    char path[4096];
    struct gc_plugin *pl = load_ok(so_path("crash_plugin", path, sizeof path));
    struct gc_check_options o;
    gc_check_options_default(&o);
    o.n_points = 500;
    struct gc_result r;
    struct gc_crash crash;
    const struct gc_activation *a = find(pl, "fine_square");
    gc_status st = gc_check_run_isolated(a, path, GC_PREC_F64, &o, 30, &r, &crash);
    ck_assert_msg(st == GC_OK, "fine_square: %s", gc_strerror(st));
    ck_assert_ptr_eq(r.act, a);
    ck_assert_int_ne(r.verdict, GC_VERDICT_CRASH);
    ck_assert_uint_gt(r.points, 0);
    gc_result_free(&r);

    /* The watch names the child's real function, not the proxy's stub. */
    a = find(pl, "crash_segv");
    st = gc_check_run_isolated(a, path, GC_PREC_F32, &o, 30, &r, &crash);
    ck_assert_int_eq(st, GC_CRASH);
    ck_assert_int_eq(crash.signal, SIGSEGV);
    ck_assert_str_eq(crash.phase, "evaluation");
    ck_assert_str_eq(crash.what, "df32");
    ck_assert_msg(crash.x > 2, "crash_segv crashed at x = %g, not above 2", crash.x);
    ck_assert_int_eq(r.verdict, GC_VERDICT_CRASH);
    ck_assert_msg(!mapped(path), "the parent has the plugin mapped after checking it");
    gc_plugin_free(pl);
}
END_TEST

static const struct fault {
    const char *so;
    gc_status st;
    int signal;
    const char *phase, *why;
} faults[] = {
    { "fault_ctor_segv", GC_CRASH, SIGSEGV, "loading",
      "crashed (Segmentation fault) while loading" },
    { "fault_ctor_abort", GC_CRASH, SIGABRT, "loading", "crashed (Aborted) while loading" },
    { "fault_ctor_loop", GC_TIMEOUT, 0, "loading", "timed out after 0.5 s while loading" },
    { "fault_reg_null", GC_CRASH, SIGSEGV, "registration",
      "crashed (Segmentation fault) during registration" },
    { "fault_reg_loop", GC_TIMEOUT, 0, "registration",
      "timed out after 0.5 s during registration" },
};

START_TEST(test_fault_while_loading)
{
    const struct fault *f = &faults[_i];
    char path[4096], why[300] = "";
    struct gc_plugin *pl = (struct gc_plugin *)&pl;   /* must become NULL */
    struct gc_crash crash;
    gc_status st = gc_plugin_load(so_path(f->so, path, sizeof path), 0.5, &pl, &crash,
                                  why, sizeof why);
    ck_assert_msg(st == f->st, "%s: %s, expected %s (%s)", f->so, gc_status_name(st),
                  gc_status_name(f->st), why);
    ck_assert_ptr_null(pl);
    ck_assert_int_eq(crash.signal, f->signal);
    ck_assert_int_eq(crash.timed_out, f->st == GC_TIMEOUT);
    ck_assert_str_eq(crash.phase, f->phase);
    ck_assert_str_eq(why, f->why);
    ck_assert(!mapped(path));
}
END_TEST

/* Plugins that are bad without crashing are refused as before. */
START_TEST(test_bad_plugin_refused)
{
    char path[4096], why[300] = "";
    struct gc_plugin *pl = NULL;
    struct gc_crash crash;
    gc_status st = gc_plugin_load(so_path("bad_abi", path, sizeof path), 30, &pl, &crash,
                                  why, sizeof why);
    ck_assert_int_eq(st, GC_ABI);
    ck_assert_ptr_null(pl);
    ck_assert_str_eq(why, "ABI version 99, gradcheck speaks 1");
    st = gc_plugin_load(so_path("no_such_plugin", path, sizeof path), 30, &pl, &crash,
                        why, sizeof why);
    ck_assert_int_eq(st, GC_IO);
    ck_assert_msg(strncmp(why, "cannot load: ", 13) == 0, "why: %s", why);
}
END_TEST

Suite *gc_test_suite(void)
{
    Suite *s = suite_create("plugins");
    TCase *tc = tcase_create("load");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_load_describes_without_mapping);
    tcase_add_test_raise_signal(tc, test_proxy_function_aborts, SIGABRT);
    tcase_add_test(tc, test_isolated_run_loads_in_the_child);
    tcase_add_loop_test(tc, test_fault_while_loading, 0, (int)(sizeof faults / sizeof faults[0]));
    tcase_add_test(tc, test_bad_plugin_refused);
    suite_add_tcase(s, tc);
    return s;
}
