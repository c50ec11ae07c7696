/* output.c - report files that never harm what they are pointed at.
 *
 * The temporary-file-and-rename write keeps a reader from ever seeing half
 * a report, but rename() replaces whatever sits at the target: run as root
 * with -o /dev/null it turned the device into a regular file.  So the
 * target is resolved first (symlinks followed), and only a regular file,
 * or a name that does not exist yet, outside /dev and /proc, is replaced
 * by rename.  Everything else (devices, FIFOs, sockets, /dev/stdout and
 * the /proc/self/fd links behind it) is opened and written in place, as
 * a shell redirection would.  Every step that can fail is checked, so a
 * full disk or /dev/full is an error, never "written".
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cli.h"
#include "gradcheck.h"

/* The temporary file to remove if a signal ends the run (one at a time:
 * every writer commits or aborts before it opens the next). */
static char *volatile pending_tmp;

void cli_output_remove_pending(void)
{
    char *t = pending_tmp;
    if (t)
        unlink(t);    /* async-signal-safe */
}

static void on_fatal_signal(int sig)
{
    cli_output_remove_pending();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Fatal-signal cleanup for a run that has not asked to be stopped
 * gracefully (cli_on_interrupt replaces these handlers). */
static void install_cleanup(void)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction old;
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
            signal(sigs[i], on_fatal_signal);
    }
}

static bool under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* dirname and basename of p in fresh strings ("." for a bare name). */
static bool split(const char *p, char **dir, char **base)
{
    const char *slash = strrchr(p, '/');
    if (!slash) {
        *dir = strdup(".");
        *base = strdup(p);
    } else {
        size_t n = slash == p ? 1 : (size_t)(slash - p);
        *dir = strndup(p, n);
        *base = strdup(slash + 1);
    }
    if (!*dir || !*base) {
        free(*dir);
        free(*base);
        return false;
    }
    return true;
}

/* Follow symlinks from path to the name that will really be written.
 * Stops inside /proc, whose fd links (/dev/stdout -> /proc/self/fd/1)
 * name pipes and terminals rather than paths.  Returns a fresh string,
 * or NULL with errno set (ELOOP after 40 links, as the kernel does). */
static char *resolve_links(const char *path)
{
    char *p = strdup(path);
    for (int hops = 0; p; hops++) {
        struct stat sb;
        if (under(p, "/proc") || lstat(p, &sb) != 0 || !S_ISLNK(sb.st_mode))
            return p;      /* a missing name is created: fine */
        if (hops == 40) {
            free(p);
            errno = ELOOP;
            return NULL;
        }
        char target[PATH_MAX];
        ssize_t n = readlink(p, target, sizeof target - 1);
        if (n < 0) {
            free(p);
            return NULL;
        }
        target[n] = '\0';
        char *next;
        if (target[0] == '/') {
            next = strdup(target);
        } else {
            char *dir, *base;
            if (!split(p, &dir, &base)) {
                free(p);
                return NULL;
            }
            size_t len = strlen(dir) + strlen(target) + 2;
            next = malloc(len);
            if (next)
                snprintf(next, len, "%s/%s", dir, target);
            free(dir);
            free(base);
        }
        free(p);
        p = next;
    }
    return NULL;
}

static void fail_line(const char *cmd, const char *path, int err)
{
    cli_error(cmd, "%s: cannot write: %s", path, strerror(err));
}

/* The atomic write: a temporary file beside the target, given the
 * target's mode and owner if it exists, renamed over it on commit. */
static bool open_atomic(const char *cmd, struct cli_output *o, const char *dir,
                        const char *base, const struct stat *existing)
{
    size_t n = strlen(dir) + strlen(base) + sizeof "/." CLI_TMP_INFIX "XXXXXX";
    o->tmp = malloc(n);
    if (!o->tmp) {
        cli_error(cmd, "out of memory");
        return false;
    }
    snprintf(o->tmp, n, "%s/.%s" CLI_TMP_INFIX "XXXXXX", dir, base);
    /* Signals first: between mkstemp and the handler a Ctrl-C would
     * leave the file behind. */
    install_cleanup();
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        fail_line(cmd, o->path, errno);
        return false;
    }
    pending_tmp = o->tmp;
    if (existing) {
        /* Keep the file what it was; chown fails for a non-root user on
         * someone else's file, whose rename the directory allowed. */
        (void)fchown(fd, existing->st_uid, existing->st_gid);
        (void)fchmod(fd, existing->st_mode & 07777);
    } else {
        mode_t mask = umask(0);
        umask(mask);
        (void)fchmod(fd, 0666 & ~mask);
    }
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        fail_line(cmd, o->path, errno);
        close(fd);
        unlink(o->tmp);
        pending_tmp = NULL;
        return false;
    }
    o->write_path = o->tmp;
    return true;
}

/* The direct write: the target itself, opened for writing. */
static bool open_direct(const char *cmd, struct cli_output *o, const char *target)
{
    int fd = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY, 0666);
    if (fd < 0 && errno == EINVAL)   /* some devices refuse O_TRUNC */
        fd = open(target, O_WRONLY | O_CREAT | O_NOCTTY, 0666);
    if (fd < 0) {
        fail_line(cmd, o->path, errno);
        return false;
    }
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        fail_line(cmd, o->path, errno);
        close(fd);
        return false;
    }
    o->direct = true;
    o->write_path = o->final;
    return true;
}

bool cli_output_open(const char *cmd, const char *path, struct cli_output *o)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return true;
    }
    o->path = strdup(path);
    o->final = resolve_links(path);
    if (!o->path || !o->final) {
        int err = errno;
        if (!o->path)
            cli_error(cmd, "out of memory");
        else
            fail_line(cmd, path, err);
        free(o->path);
        free(o->final);
        memset(o, 0, sizeof *o);
        return false;
    }
    char *dir = NULL, *base = NULL;
    bool ok = split(o->final, &dir, &base);
    char *rdir = ok ? realpath(dir, NULL) : NULL;
    struct stat sb;
    bool exists = ok && rdir && stat(o->final, &sb) == 0;
    if (!ok) {
        cli_error(cmd, "out of memory");
    } else if (!rdir) {
        ok = false;
        fail_line(cmd, path, errno);
    } else if (!*base || (exists && S_ISDIR(sb.st_mode))) {
        ok = false;
        cli_error(cmd, "%s: is a directory", path);
    } else if (!exists && errno != ENOENT) {
        ok = false;
        fail_line(cmd, path, errno);
    } else if (under(rdir, "/dev") || under(rdir, "/proc") || under(o->final, "/proc")
               || (exists && !S_ISREG(sb.st_mode))) {
        ok = open_direct(cmd, o, o->final);
    } else if (exists && access(o->final, W_OK) != 0) {
        /* rename would replace a file the user may not write. */
        ok = false;
        fail_line(cmd, path, errno);
    } else {
        ok = open_atomic(cmd, o, rdir, base, exists ? &sb : NULL);
    }
    free(dir);
    free(base);
    free(rdir);
    if (!ok) {
        free(o->path);
        free(o->final);
        free(o->tmp);
        memset(o, 0, sizeof *o);
    }
    return ok;
}

static void release(struct cli_output *o)
{
    if (o->tmp)
        pending_tmp = NULL;
    free(o->path);
    free(o->final);
    free(o->tmp);
    memset(o, 0, sizeof *o);
}

/* fflush, ferror, fsync (where the data is meant to be on disk) and
 * fclose, each checked; errno of the first failure in *err. */
static bool finish(FILE *fp, bool sync, int *err)
{
    *err = 0;
    errno = 0;
    bool ok = fflush(fp) == 0 && !ferror(fp);
    if (!ok)
        *err = errno ? errno : EIO;
    if (ok && sync && fsync(fileno(fp)) != 0 && errno != EINVAL && errno != EROFS) {
        ok = false;
        *err = errno;
    }
    if (fclose(fp) != 0 && ok) {
        ok = false;
        *err = errno ? errno : EIO;
    }
    return ok;
}

bool cli_output_commit(const char *cmd, struct cli_output *o)
{
    int err;
    if (o->fp == stdout) {
        errno = 0;
        if (fflush(stdout) != 0 || ferror(stdout)) {
            cli_error(cmd, "standard output: cannot write: %s",
                      strerror(errno ? errno : EIO));
            return false;
        }
        return true;
    }
    if (o->direct) {
        struct stat sb;
        bool regular = fstat(fileno(o->fp), &sb) == 0 && S_ISREG(sb.st_mode);
        bool ok = finish(o->fp, regular, &err);
        o->fp = NULL;
        if (!ok)
            fail_line(cmd, o->path, err);
        release(o);
        return ok;
    }
    bool ok = finish(o->fp, true, &err);
    o->fp = NULL;
    if (ok && rename(o->tmp, o->final) != 0) {
        ok = false;
        err = errno;
    }
    if (!ok) {
        fail_line(cmd, o->path, err);
        unlink(o->tmp);
    }
    release(o);
    return ok;
}

int cli_output_fail(const char *cmd, struct cli_output *o, int st)
{
    int err = errno ? errno : EIO;     /* the failed write's, before fclose */
    const char *what = o->path ? o->path : "standard output";
    if (st == GC_IO)
        cli_error(cmd, "%s: cannot write: %s", what, strerror(err));
    else
        cli_error(cmd, "%s: %s", what, gc_strerror(st));
    cli_output_abort(o);
    return GC_EXIT_USAGE;
}

void cli_output_abort(struct cli_output *o)
{
    if (o->fp && o->fp != stdout) {
        fclose(o->fp);
        if (o->tmp)
            unlink(o->tmp);
    }
    release(o);
}
