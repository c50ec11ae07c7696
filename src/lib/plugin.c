/* plugin.c - loading activation plugins, and crash isolation.
 *
 * Isolation: the check of one activation in one precision runs in a
 * forked child, single-threaded (an OpenMP pool does not survive fork),
 * which sends its gc_result back through a pipe as raw bytes (the same
 * program image reads them).  Before every call into activation code the
 * child records the argument and the function in a page shared with the
 * parent (gc_verify_watch), so when the child dies of a signal, or is
 * killed after the time limit, the parent can say what was being
 * evaluated.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "plugin.h"
#include "activation.h"

struct gc_plugin {
    void *handle;
    char *path;
    const struct gc_activation *acts;
    size_t n;
};

__attribute__((format(printf, 3, 4)))
static void why_set(char *why, size_t size, const char *fmt, ...)
{
    va_list ap;
    if (!why || !size)
        return;
    va_start(ap, fmt);
    vsnprintf(why, size, fmt, ap);
    va_end(ap);
}

gc_status gc_plugin_load(const char *path, struct gc_plugin **out,
                         char *why, size_t why_size)
{
    *out = NULL;
    /* dlopen searches the library path for a bare name; a plugin is a
     * file, so make the path explicit. */
    char *full = NULL;
    if (!strchr(path, '/')) {
        full = malloc(strlen(path) + 3);
        if (!full)
            return GC_NOMEM;
        strcpy(full, "./");
        strcat(full, path);
    }
    void *h = dlopen(full ? full : path, RTLD_NOW | RTLD_LOCAL);
    free(full);
    if (!h) {
        const char *e = dlerror();
        why_set(why, why_size, "cannot load: %s", e ? e : "unknown error");
        return GC_IO;
    }
    gc_plugin_fn *fn;
    *(void **)&fn = dlsym(h, "gc_plugin_activations");
    if (!fn) {
        why_set(why, why_size, "does not export gc_plugin_activations");
        dlclose(h);
        return GC_NOTFOUND;
    }
    size_t n = 0;
    int abi = -1;
    const struct gc_activation *acts = fn(&n, &abi);
    if (abi != GC_ABI_VERSION) {
        why_set(why, why_size, "ABI version %d, gradcheck speaks %d", abi, GC_ABI_VERSION);
        dlclose(h);
        return GC_ABI;
    }
    if (!acts || n == 0) {
        why_set(why, why_size, "gc_plugin_activations returned no activations");
        dlclose(h);
        return GC_INVAL;
    }
    for (size_t i = 0; i < n; i++) {
        char reason[200];
        if (gc_activation_validate(&acts[i], reason, sizeof reason) != GC_OK) {
            why_set(why, why_size, "activation %zu: %s", i, reason);
            dlclose(h);
            return GC_INVAL;
        }
        for (size_t k = 0; k < i; k++)
            if (strcmp(acts[k].name, acts[i].name) == 0) {
                why_set(why, why_size, "duplicate activation name '%s'", acts[i].name);
                dlclose(h);
                return GC_INVAL;
            }
    }
    struct gc_plugin *pl = calloc(1, sizeof *pl);
    if (!pl || !(pl->path = strdup(path))) {
        free(pl);
        dlclose(h);
        return GC_NOMEM;
    }
    pl->handle = h;
    pl->acts = acts;
    pl->n = n;
    *out = pl;
    return GC_OK;
}

const struct gc_activation *gc_plugin_activation(const struct gc_plugin *pl, size_t i)
{
    return i < pl->n ? &pl->acts[i] : NULL;
}

size_t gc_plugin_count(const struct gc_plugin *pl)
{
    return pl->n;
}

const char *gc_plugin_path(const struct gc_plugin *pl)
{
    return pl->path;
}

void gc_plugin_free(struct gc_plugin *pl)
{
    if (!pl)
        return;
    dlclose(pl->handle);
    free(pl->path);
    free(pl);
}

/* ------------------------------------------------------------ isolation */

static bool write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        c += w;
        n -= (size_t)w;
    }
    return true;
}

/* The child: check, send status + result + regions + flags, exit. */
static void child_main(int fd, struct gc_watch *w, const struct gc_activation *a,
                       const char *source, gc_precision p,
                       const struct gc_check_options *o)
{
    struct gc_result r;
    struct gc_check_options co = *o;
    co.progress = NULL;   /* the parent's terminal is not the child's to draw on */
    co.stop = NULL;
    gc_verify_serial(true);
    gc_verify_watch(w);
    gc_status st = gc_check_run(a, source, p, &co, &r);
    bool ok = write_all(fd, &st, sizeof st);
    if (st == GC_OK) {
        ok = ok && write_all(fd, &r, sizeof r)
             && write_all(fd, r.regions, r.n_regions * sizeof *r.regions)
             && write_all(fd, r.flags, r.n_flags * sizeof *r.flags);
    }
    _exit(ok ? 0 : 1);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static const char *what_of(const struct gc_activation *a, uintptr_t fn)
{
    if (fn == (uintptr_t)a->f32) return "f32";
    if (fn == (uintptr_t)a->df32) return "df32";
    if (fn == (uintptr_t)a->f64) return "f64";
    if (fn == (uintptr_t)a->df64) return "df64";
    if (fn == (uintptr_t)a->fref) return "fref";
    if (fn == (uintptr_t)a->dfref) return "dfref";
    return "?";
}

gc_status gc_check_run_isolated(const struct gc_activation *a, const char *source,
                                gc_precision p, const struct gc_check_options *o,
                                double timeout_s, struct gc_result *r,
                                struct gc_crash *crash)
{
    memset(r, 0, sizeof *r);
    memset(crash, 0, sizeof *crash);
    crash->x = NAN;
    struct gc_watch *w = mmap(NULL, sizeof *w, PROT_READ | PROT_WRITE,
                              MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (w == MAP_FAILED)
        return GC_NOMEM;
    w->x = NAN;
    w->fn = 0;
    int fds[2];
    if (pipe(fds) != 0) {
        munmap(w, sizeof *w);
        return GC_IO;
    }
    fflush(NULL);
    pid_t parent = getpid();   /* for the child's check below */
    (void)parent;
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        munmap(w, sizeof *w);
        return GC_IO;
    }
    if (pid == 0) {
        close(fds[0]);
#ifdef __linux__
        /* A child in an endless loop must not outlive a parent that was
         * killed before its deadline came (Check's own test timeout). */
        (void)prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(1);
#endif
        child_main(fds[1], w, a, source, p, o);
    }
    close(fds[1]);

    /* Read everything the child sends, until EOF or the deadline. */
    char *buf = NULL;
    size_t len = 0, cap = 0;
    double deadline = now_s() + timeout_s;
    bool timed_out = false, nomem = false;
    for (;;) {
        double left = deadline - now_s();
        if (left <= 0) {
            timed_out = true;
            break;
        }
        struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
        int pr = poll(&pfd, 1, left > 1e6 ? 1000000000 : (int)(left * 1000) + 1);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr == 0)
            continue;
        if (cap - len < 65536) {
            size_t nc = cap ? 2 * cap : 1 << 17;
            char *nb = realloc(buf, nc);
            if (!nb) {
                nomem = true;
                break;
            }
            buf = nb;
            cap = nc;
        }
        ssize_t n = read(fds[0], buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    close(fds[0]);
    if (timed_out || nomem)
        kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    crash->x = w->x;
    crash->what = what_of(a, w->fn);
    munmap(w, sizeof *w);

    gc_status st = GC_OK;
    if (nomem) {
        st = GC_NOMEM;
    } else if (timed_out) {
        crash->timed_out = true;
        st = GC_TIMEOUT;
    } else if (WIFSIGNALED(status)) {
        crash->signal = WTERMSIG(status);
        st = GC_CRASH;
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0
               || len < sizeof(gc_status)) {
        crash->signal = 0;
        st = GC_CRASH;   /* exited on its own (exit() in the plugin) */
    } else {
        memcpy(&st, buf, sizeof st);
        if (st == GC_OK) {
            size_t off = sizeof st;
            if (len < off + sizeof *r) {
                st = GC_CRASH;
            } else {
                memcpy(r, buf + off, sizeof *r);
                off += sizeof *r;
                size_t need = r->n_regions * sizeof *r->regions + r->n_flags * sizeof *r->flags;
                if (len != off + need) {
                    memset(r, 0, sizeof *r);
                    st = GC_CRASH;
                } else {
                    r->regions = malloc(r->n_regions ? r->n_regions * sizeof *r->regions : 1);
                    r->flags = malloc(r->n_flags ? r->n_flags * sizeof *r->flags : 1);
                    if (!r->regions || !r->flags) {
                        free(r->regions);
                        free(r->flags);
                        memset(r, 0, sizeof *r);
                        st = GC_NOMEM;
                    } else {
                        memcpy(r->regions, buf + off, r->n_regions * sizeof *r->regions);
                        off += r->n_regions * sizeof *r->regions;
                        memcpy(r->flags, buf + off, r->n_flags * sizeof *r->flags);
                        /* Pointers are the parent's own. */
                        r->act = a;
                        r->source = source;
                    }
                }
            }
        }
    }
    free(buf);
    if (st == GC_CRASH || st == GC_TIMEOUT) {
        /* The result every caller reports: verdict crash, with what and
         * where. */
        memset(r, 0, sizeof *r);
        r->act = a;
        r->source = source;
        r->prec = p;
        r->verdict = GC_VERDICT_CRASH;
        r->timed_out = crash->timed_out;
        r->crash_signal = crash->signal;
        r->crash_x = crash->x;
        r->crash_what = crash->what;
    }
    return st;
}
