/* plugin.c - activation plugins, loaded and run only in child processes.
 *
 * A plugin is the user's compiled code, and it may crash or hang at any
 * of its entry points: its constructors (run by dlopen), its
 * gc_plugin_activations, the descriptors it returns, its activations.  So
 * the parent never maps it.  gc_plugin_load forks a child that loads the
 * plugin, calls gc_plugin_activations, validates what it returns and
 * sends back a description of every activation; the parent builds proxy
 * descriptors from that, whose function pointers only say "present" (they
 * point at stubs that abort).  gc_check_run_isolated recognises a proxy
 * (a registry maps it to the plugin's path and the activation's index),
 * and its child loads the plugin itself and checks the real descriptor.
 *
 * Every child is single-threaded (an OpenMP pool does not survive fork),
 * dies with the parent (PR_SET_PDEATHSIG) and is killed after the time
 * limit; it sends its answer through a pipe as raw bytes (the same
 * program image reads them).  A page shared with the parent records the
 * phase it is in (loading, registration, evaluation) and, before every
 * call into activation code, the argument and the function
 * (gc_verify_watch), so when the child dies the parent can say what it
 * was doing.
 *
 * The registry of loaded plugins is not locked: gc_plugin_load and
 * gc_plugin_free must not run concurrently with each other or with
 * gc_check_run_isolated (the command line loads everything first).
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
#include <stdint.h>
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
    char *path;
    struct gc_activation *acts;   /* proxies: copied names, summaries and
                                     kinks; stub function pointers */
    size_t n;
    struct gc_plugin *next;       /* the registry of loaded plugins */
};

static struct gc_plugin *registry;

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

/* ------------------------------------------------------ child processes */

/* What a child is doing, in the page it shares with the parent. */
enum { PHASE_START, PHASE_LOADING, PHASE_REGISTRATION, PHASE_EVALUATION };

enum { FN_F32, FN_DF32, FN_F64, FN_DF64, FN_FREF, FN_DFREF, N_FN };
static const char *const fn_names[N_FN] = { "f32", "df32", "f64", "df64", "fref", "dfref" };

struct shared {
    struct gc_watch w;            /* argument and function being evaluated */
    volatile int phase;
    /* The child's own function pointers of the activation it checks: the
     * parent's proxy holds only stubs, so it names the function the
     * watch saw from these. */
    volatile uintptr_t fns[N_FN];
};

static void fns_of(const struct gc_activation *a, uintptr_t fns[N_FN])
{
    fns[FN_F32] = (uintptr_t)a->f32;
    fns[FN_DF32] = (uintptr_t)a->df32;
    fns[FN_F64] = (uintptr_t)a->f64;
    fns[FN_DF64] = (uintptr_t)a->df64;
    fns[FN_FREF] = (uintptr_t)a->fref;
    fns[FN_DFREF] = (uintptr_t)a->dfref;
}

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

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* The body of a child: writes its answer to fd and returns whether that
 * worked; the child then exits. */
typedef bool child_fn(int fd, struct shared *sh, const void *ctx);

/* How a child ended. */
struct outcome {
    char *buf;                    /* everything it sent */
    size_t len;
    int status;                   /* from waitpid */
    bool timed_out;
};

/* Fork a child running body, collect what it sends until EOF or the
 * deadline (then kill it), and reap it.  GC_OK whenever the child ran,
 * however it ended (see out); GC_NOMEM or GC_IO when it could not. */
static gc_status run_child(child_fn *body, const void *ctx, double timeout_s,
                           struct shared *sh, struct outcome *out)
{
    memset(out, 0, sizeof *out);
    int fds[2];
    if (pipe(fds) != 0)
        return GC_IO;
    fflush(NULL);   /* or the child's exit path could write our buffers twice */
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
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
#else
        (void)parent;
#endif
        /* _exit: neither the parent's atexit handlers nor its stdio
         * buffers belong to the child. */
        _exit(body(fds[1], sh, ctx) ? 0 : 1);
    }
    close(fds[1]);

    size_t cap = 0;
    double deadline = now_s() + timeout_s;
    bool nomem = false;
    for (;;) {
        double left = deadline - now_s();
        if (left <= 0) {
            out->timed_out = true;
            break;
        }
        struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
        int pr = poll(&pfd, 1, left > 1e6 ? 1000000000 : (int)(left * 1000) + 1);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr == 0)
            continue;
        if (cap - out->len < 65536) {
            size_t nc = cap ? 2 * cap : 1 << 17;
            char *nb = realloc(out->buf, nc);
            if (!nb) {
                nomem = true;
                break;
            }
            out->buf = nb;
            cap = nc;
        }
        ssize_t n = read(fds[0], out->buf + out->len, cap - out->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        out->len += (size_t)n;
    }
    close(fds[0]);
    if (out->timed_out || nomem)
        kill(pid, SIGKILL);
    while (waitpid(pid, &out->status, 0) < 0 && errno == EINTR)
        ;
    if (nomem) {
        free(out->buf);
        out->buf = NULL;
        return GC_NOMEM;
    }
    return GC_OK;
}

/* Whether the child ended normally, having sent its whole answer. */
static bool outcome_clean(const struct outcome *o)
{
    return !o->timed_out && WIFEXITED(o->status) && WEXITSTATUS(o->status) == 0;
}

/* Fill crash from a child that did not end cleanly. */
static void outcome_crash(const struct outcome *o, struct gc_crash *crash)
{
    crash->timed_out = o->timed_out;
    crash->signal = !o->timed_out && WIFSIGNALED(o->status) ? WTERMSIG(o->status) : 0;
}

static const char *phase_name(int phase)
{
    /* A child dead before dlopen was still loading, as far as anyone can
     * tell from outside. */
    return phase == PHASE_EVALUATION     ? "evaluation"
           : phase == PHASE_REGISTRATION ? "registration"
                                         : "loading";
}

/* ------------------------------------------------- opening, in a child */

/* dlopen the plugin, call gc_plugin_activations and validate what it
 * returns, recording the phase in sh.  Runs only in a child. */
static gc_status open_plugin(const char *path, struct shared *sh,
                             const struct gc_activation **acts_out, size_t *n_out,
                             char *why, size_t why_size)
{
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
    sh->phase = PHASE_LOADING;
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
        return GC_NOTFOUND;
    }
    sh->phase = PHASE_REGISTRATION;
    size_t n = 0;
    int abi = -1;
    const struct gc_activation *acts = fn(&n, &abi);
    if (abi != GC_ABI_VERSION) {
        why_set(why, why_size, "ABI version %d, gradcheck speaks %d", abi, GC_ABI_VERSION);
        return GC_ABI;
    }
    if (!acts || n == 0) {
        why_set(why, why_size, "gc_plugin_activations returned no activations");
        return GC_INVAL;
    }
    for (size_t i = 0; i < n; i++) {
        char reason[200];
        if (gc_activation_validate(&acts[i], reason, sizeof reason) != GC_OK) {
            why_set(why, why_size, "activation %zu: %s", i, reason);
            return GC_INVAL;
        }
        for (size_t k = 0; k < i; k++)
            if (strcmp(acts[k].name, acts[i].name) == 0) {
                why_set(why, why_size, "duplicate activation name '%s'", acts[i].name);
                return GC_INVAL;
            }
    }
    /* The handle stays open: the child exits without dlclose. */
    *acts_out = acts;
    *n_out = n;
    return GC_OK;
}

/* A growing message buffer. */
struct msg {
    char *p;
    size_t len, cap;
    bool nomem;
};

static void put(struct msg *m, const void *p, size_t n)
{
    if (m->nomem)
        return;
    if (m->cap - m->len < n) {
        size_t nc = m->cap ? m->cap : 4096;
        while (nc - m->len < n)
            nc *= 2;
        char *np = realloc(m->p, nc);
        if (!np) {
            m->nomem = true;
            return;
        }
        m->p = np;
        m->cap = nc;
    }
    memcpy(m->p + m->len, p, n);
    m->len += n;
}

static void put_str(struct msg *m, const char *s)
{
    /* SIZE_MAX: a NULL string (an optional summary). */
    size_t n = s ? strlen(s) : SIZE_MAX;
    put(m, &n, sizeof n);
    if (s)
        put(m, s, n);
}

/* The loading child's answer: status, then a reason or, for GC_OK, per
 * activation its name, summary, kinks and which functions it has.  Still
 * in the registration phase: the strings and kinks are the plugin's. */
static bool load_child(int fd, struct shared *sh, const void *ctx)
{
    const char *path = ctx;
    const struct gc_activation *acts = NULL;
    size_t n = 0;
    char why[300] = "";
    gc_status st = open_plugin(path, sh, &acts, &n, why, sizeof why);
    struct msg m = { NULL, 0, 0, false };
    put(&m, &st, sizeof st);
    if (st != GC_OK) {
        put_str(&m, why);
    } else {
        put(&m, &n, sizeof n);
        for (size_t i = 0; i < n; i++) {
            uintptr_t fns[N_FN];
            unsigned mask = 0;
            fns_of(&acts[i], fns);
            for (int k = 0; k < N_FN; k++)
                mask |= fns[k] ? 1u << k : 0;
            put(&m, &mask, sizeof mask);
            put_str(&m, acts[i].name);
            put_str(&m, acts[i].summary);
            put(&m, &acts[i].n_kinks, sizeof acts[i].n_kinks);
            if (acts[i].n_kinks)
                put(&m, acts[i].kinks, acts[i].n_kinks * sizeof *acts[i].kinks);
        }
    }
    bool ok = !m.nomem && write_all(fd, m.p, m.len);
    free(m.p);
    return ok;
}

/* --------------------------------------------- the parent's descriptors */

/* The proxies' function pointers: a plugin function is never called in
 * the parent, so reaching one of these is a bug in gradcheck. */
static _Noreturn void stub_called(void)
{
    static const char msg[] = "gradcheck: internal error: a plugin function was "
                              "called in the parent process\n";
    ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)w;
    abort();
}
static float stub_f32(float x) { (void)x; stub_called(); }
static double stub_f64(double x) { (void)x; stub_called(); }
static long double stub_ld(long double x) { (void)x; stub_called(); }

/* Reading the loading child's answer, bounds checked. */
struct reader {
    const char *p;
    size_t len, off;
    bool bad;
};

static bool get(struct reader *r, void *dst, size_t n)
{
    if (r->bad || r->len - r->off < n) {
        r->bad = true;
        return false;
    }
    memcpy(dst, r->p + r->off, n);
    r->off += n;
    return true;
}

/* A malloc'd copy of a string sent by put_str; *s NULL for a NULL string.
 * False when the message is short or memory ran out (*nomem). */
static bool get_str(struct reader *r, char **s, bool *nomem)
{
    size_t n;
    *s = NULL;
    if (!get(r, &n, sizeof n))
        return false;
    if (n == SIZE_MAX)
        return true;
    if (r->len - r->off < n) {
        r->bad = true;
        return false;
    }
    if (!(*s = malloc(n + 1))) {
        *nomem = true;
        return false;
    }
    memcpy(*s, r->p + r->off, n);
    (*s)[n] = '\0';
    r->off += n;
    return true;
}

static void proxies_free(struct gc_activation *acts, size_t n)
{
    for (size_t i = 0; acts && i < n; i++) {
        free((char *)acts[i].name);
        free((char *)acts[i].summary);
        free((double *)acts[i].kinks);
    }
    free(acts);
}

/* Build the proxies from a GC_OK answer (after its status).  GC_NOMEM, or
 * GC_CRASH for an answer that does not parse (the child's memory was the
 * plugin's to corrupt). */
static gc_status proxies_build(struct reader *r, struct gc_activation **out, size_t *n_out)
{
    size_t n;
    bool nomem = false;
    if (!get(r, &n, sizeof n) || n == 0 || n > r->len)
        return GC_CRASH;
    struct gc_activation *acts = calloc(n, sizeof *acts);
    if (!acts)
        return GC_NOMEM;
    size_t i;
    for (i = 0; i < n; i++) {
        struct gc_activation *a = &acts[i];
        unsigned mask;
        char *name, *summary;
        if (!get(r, &mask, sizeof mask) || !get_str(r, &name, &nomem))
            break;
        a->name = name;
        if (!get_str(r, &summary, &nomem))
            break;
        a->summary = summary;
        if (!get(r, &a->n_kinks, sizeof a->n_kinks))
            break;
        if (a->n_kinks) {
            if (a->n_kinks > (r->len - r->off) / sizeof(double)) {
                r->bad = true;
                break;
            }
            double *k = malloc(a->n_kinks * sizeof *k);
            if (!k) {
                nomem = true;
                break;
            }
            get(r, k, a->n_kinks * sizeof *k);
            a->kinks = k;
        }
        a->f32 = mask & 1u << FN_F32 ? stub_f32 : NULL;
        a->df32 = mask & 1u << FN_DF32 ? stub_f32 : NULL;
        a->f64 = mask & 1u << FN_F64 ? stub_f64 : NULL;
        a->df64 = mask & 1u << FN_DF64 ? stub_f64 : NULL;
        a->fref = mask & 1u << FN_FREF ? stub_ld : NULL;
        a->dfref = mask & 1u << FN_DFREF ? stub_ld : NULL;
        /* The child validated the real descriptor; the copy must pass too
         * (the checks read only names, presence and kinks). */
        if (!a->name || gc_activation_validate(a, NULL, 0) != GC_OK) {
            r->bad = true;
            break;
        }
    }
    if (i < n || r->off != r->len) {
        proxies_free(acts, n);
        return nomem ? GC_NOMEM : GC_CRASH;
    }
    *out = acts;
    *n_out = n;
    return GC_OK;
}

/* --------------------------------------------------------------- loading */

gc_status gc_plugin_load(const char *path, double timeout_s, struct gc_plugin **out,
                         struct gc_crash *crash, char *why, size_t why_size)
{
    *out = NULL;
    memset(crash, 0, sizeof *crash);
    crash->x = NAN;
    why_set(why, why_size, "%s", "");
    struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
                             MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED)
        return GC_NOMEM;
    sh->phase = PHASE_START;
    struct outcome o;
    gc_status st = run_child(load_child, path, timeout_s, sh, &o);
    int phase = sh->phase;
    munmap(sh, sizeof *sh);
    if (st != GC_OK)
        return st;

    struct reader r = { o.buf, o.len, 0, false };
    struct gc_activation *acts = NULL;
    size_t n = 0;
    if (!outcome_clean(&o) || !get(&r, &st, sizeof st) || st == GC_CRASH
        || st == GC_TIMEOUT) {
        st = GC_CRASH;
    } else if (st != GC_OK) {
        char *reason = NULL;
        bool nomem = false;
        if (get_str(&r, &reason, &nomem) && reason)
            why_set(why, why_size, "%s", reason);
        else if (nomem)
            st = GC_NOMEM;
        else
            st = GC_CRASH;
        free(reason);
    } else {
        st = proxies_build(&r, &acts, &n);
    }
    free(o.buf);

    if (st == GC_CRASH) {
        outcome_crash(&o, crash);
        crash->phase = phase_name(phase);
        const char *at = phase == PHASE_REGISTRATION ? "during" : "while";
        if (crash->timed_out)
            why_set(why, why_size, "timed out after %g s %s %s", timeout_s, at, crash->phase);
        else if (crash->signal)
            why_set(why, why_size, "crashed (%s) %s %s", strsignal(crash->signal), at,
                    crash->phase);
        else
            why_set(why, why_size, "exited by itself %s %s", at, crash->phase);
        return crash->timed_out ? GC_TIMEOUT : GC_CRASH;
    }
    if (st != GC_OK)
        return st;
    struct gc_plugin *pl = calloc(1, sizeof *pl);
    if (!pl || !(pl->path = strdup(path))) {
        free(pl);
        proxies_free(acts, n);
        return GC_NOMEM;
    }
    pl->acts = acts;
    pl->n = n;
    pl->next = registry;
    registry = pl;
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
    for (struct gc_plugin **p = &registry; *p; p = &(*p)->next)
        if (*p == pl) {
            *p = pl->next;
            break;
        }
    proxies_free(pl->acts, pl->n);
    free(pl->path);
    free(pl);
}

/* The loaded plugin a proxy belongs to, and its index; NULL for any
 * other descriptor (built-ins, specs: run as they are). */
static const struct gc_plugin *proxy_owner(const struct gc_activation *a, size_t *index)
{
    for (const struct gc_plugin *pl = registry; pl; pl = pl->next)
        for (size_t i = 0; i < pl->n; i++)
            if (a == &pl->acts[i]) {
                *index = i;
                return pl;
            }
    return NULL;
}

/* ------------------------------------------------------------ isolation */

struct eval_ctx {
    const struct gc_activation *a;     /* to check as it is, or ... */
    const struct gc_plugin *pl;        /* ... the proxy of pl's activation */
    size_t index;
    const char *source;
    gc_precision p;
    const struct gc_check_options *o;
};

/* The evaluation child: load the plugin if the activation is a proxy,
 * check, send status + result + regions + flags. */
static bool eval_child(int fd, struct shared *sh, const void *vctx)
{
    const struct eval_ctx *c = vctx;
    const struct gc_activation *a = c->a;
    gc_status st = GC_OK;
    if (c->pl) {
        const struct gc_activation *acts = NULL;
        size_t n = 0;
        st = open_plugin(c->pl->path, sh, &acts, &n, NULL, 0);
        /* The plugin must give what it gave when it was loaded. */
        if (st == GC_OK && (c->index >= n || strcmp(acts[c->index].name, a->name) != 0))
            st = GC_INVAL;
        a = st == GC_OK ? &acts[c->index] : NULL;
    }
    struct gc_result r;
    if (st == GC_OK) {
        uintptr_t fns[N_FN];
        fns_of(a, fns);
        for (int k = 0; k < N_FN; k++)
            sh->fns[k] = fns[k];
        sh->phase = PHASE_EVALUATION;
        struct gc_check_options co = *c->o;
        co.progress = NULL;   /* the parent's terminal is not the child's to draw on */
        co.stop = NULL;
        gc_verify_serial(true);
        gc_verify_watch(&sh->w);
        st = gc_check_run(a, c->source, c->p, &co, &r);
    }
    bool ok = write_all(fd, &st, sizeof st);
    if (st == GC_OK) {
        ok = ok && write_all(fd, &r, sizeof r)
             && write_all(fd, r.regions, r.n_regions * sizeof *r.regions)
             && write_all(fd, r.flags, r.n_flags * sizeof *r.flags);
    }
    return ok;
}

static const char *what_of(const struct shared *sh)
{
    uintptr_t fn = sh->w.fn;
    if (sh->phase != PHASE_EVALUATION)
        return sh->phase == PHASE_REGISTRATION ? "gc_plugin_activations" : "dlopen";
    for (int k = 0; k < N_FN; k++)
        if (fn && fn == sh->fns[k])
            return fn_names[k];
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
    struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
                             MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED)
        return GC_NOMEM;
    sh->w.x = NAN;
    sh->w.fn = 0;
    struct eval_ctx c = { a, NULL, 0, source, p, o };
    c.pl = proxy_owner(a, &c.index);
    if (!c.pl) {
        /* Not a plugin's: the child checks a itself, already mapped. */
        uintptr_t fns[N_FN];
        fns_of(a, fns);
        for (int k = 0; k < N_FN; k++)
            sh->fns[k] = fns[k];
        sh->phase = PHASE_EVALUATION;
    } else {
        sh->phase = PHASE_START;
    }
    struct outcome out;
    gc_status st = run_child(eval_child, &c, timeout_s, sh, &out);
    if (st != GC_OK) {
        munmap(sh, sizeof *sh);
        return st;
    }
    crash->x = sh->w.x;
    crash->what = what_of(sh);
    crash->phase = phase_name(sh->phase);
    munmap(sh, sizeof *sh);

    const char *buf = out.buf;
    size_t len = out.len;
    if (!outcome_clean(&out) || len < sizeof(gc_status)) {
        /* Killed, timed out, or exited on its own (exit() in the plugin). */
        outcome_crash(&out, crash);
        st = crash->timed_out ? GC_TIMEOUT : GC_CRASH;
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
                        /* Pointers are the parent's own: the proxy, not
                         * the child's descriptor. */
                        r->act = a;
                        r->source = source;
                    }
                }
            }
        }
    }
    free(out.buf);
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
