/* manifest.c - which files of a report directory gradcheck wrote.
 *
 * `gradcheck report` run from a repository root once overwrote a
 * committed reports/index.md.  A report directory therefore carries
 * CLI_MANIFEST, the names of the files gradcheck wrote there; a file
 * that exists but is not listed belongs to someone else and is never
 * overwritten unless the user says --force.  Every name a run may write is
 * claimed, and the manifest written once, before any of the files, so an
 * interrupted run cannot leave a file of ours unlisted.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli.h"
#include "manifest.h"

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static bool listed(const struct cli_manifest *m, const char *name)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->names[i], name) == 0)
            return true;
    return false;
}

static bool push(struct cli_manifest *m, const char *name)
{
    if (m->n == m->cap) {
        size_t nc = m->cap ? 2 * m->cap : 64;
        char **nn = realloc(m->names, nc * sizeof *nn);
        if (!nn)
            return false;
        m->names = nn;
        m->cap = nc;
    }
    m->names[m->n] = strdup(name);
    return m->names[m->n++] != NULL;
}

bool cli_manifest_load(const char *cmd, const char *dir, bool force,
                       struct cli_manifest *m)
{
    memset(m, 0, sizeof *m);
    m->force = force;
    m->dir = strdup(dir);
    char *path = join(dir, CLI_MANIFEST);
    if (!m->dir || !path) {
        free(path);
        cli_manifest_free(m);
        cli_error(cmd, "out of memory");
        return false;
    }
    FILE *fp = fopen(path, "r");
    if (!fp) {
        int err = errno;
        free(path);
        if (err == ENOENT || err == ENOTDIR)
            return true;        /* no manifest yet: nothing is ours */
        cli_manifest_free(m);
        cli_error(cmd, "%s/%s: cannot read: %s", dir, CLI_MANIFEST, strerror(err));
        return false;
    }
    char line[4096];
    bool ok = true;
    while (ok && fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\n")] = '\0';
        /* Only plain names count: a listed "../x" must not make a file
         * outside the directory ours. */
        if (!*line || line[0] == '#' || line[0] == '.' || strchr(line, '/'))
            continue;
        ok = listed(m, line) || push(m, line);
    }
    bool rd = !ferror(fp);
    fclose(fp);
    free(path);
    if (!ok || !rd) {
        cli_manifest_free(m);
        cli_error(cmd, "%s/%s: %s", dir, CLI_MANIFEST, ok ? "read error" : "out of memory");
        return false;
    }
    return true;
}

bool cli_manifest_claim(const char *cmd, struct cli_manifest *m, const char *name)
{
    if (listed(m, name))
        return true;
    char *path = join(m->dir, name);
    struct stat sb;
    bool exists = path && lstat(path, &sb) == 0;
    free(path);
    if (exists && !m->force) {
        cli_error(cmd, "%s/%s exists and gradcheck did not write it (%s/%s does not list "
                  "it); use another -o DIR, or --force to overwrite", m->dir, name, m->dir,
                  CLI_MANIFEST);
        return false;
    }
    if (!push(m, name)) {
        cli_error(cmd, "out of memory");
        return false;
    }
    m->changed = true;
    return true;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bool cli_manifest_save(const char *cmd, struct cli_manifest *m)
{
    if (!m->changed)
        return true;
    /* Sorted, so that a rerun writes the same bytes. */
    qsort(m->names, m->n, sizeof *m->names, cmp_names);
    char *path = join(m->dir, CLI_MANIFEST);
    struct cli_output o;
    if (!path || !cli_output_open(cmd, path, &o)) {
        if (!path)
            cli_error(cmd, "out of memory");
        free(path);
        return false;
    }
    free(path);
    fputs("# Files written by gradcheck report.  gradcheck overwrites only the\n"
          "# files listed here (others only with --force).\n", o.fp);
    for (size_t i = 0; i < m->n; i++)
        fprintf(o.fp, "%s\n", m->names[i]);
    m->changed = false;
    return cli_output_commit(cmd, &o);
}

void cli_manifest_free(struct cli_manifest *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->names[i]);
    free(m->names);
    free(m->dir);
    memset(m, 0, sizeof *m);
}
