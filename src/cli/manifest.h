/* manifest.h - the list of files gradcheck wrote into a report directory,
 * so that a report never overwrites a file it did not write (--force
 * overrides).  Used by `gradcheck report`. */
#ifndef GC_CLI_MANIFEST_H
#define GC_CLI_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#define CLI_MANIFEST ".gradcheck-manifest"

struct cli_manifest {
    char *dir;
    char **names;      /* plain file names, no '/' */
    size_t n, cap;
    bool force;
};

/* Read DIR/CLI_MANIFEST (missing: an empty list).  False after one line
 * on stderr when it cannot be read. */
bool cli_manifest_load(const char *cmd, const char *dir, bool force,
                       struct cli_manifest *m);
/* True when DIR/name may be written: it does not exist, the manifest
 * lists it, or force.  Otherwise one line on stderr and false. */
bool cli_manifest_may_write(const char *cmd, const struct cli_manifest *m,
                            const char *name);
/* List name (rewriting the manifest if it is new) before its file is
 * written.  False after one line on stderr. */
bool cli_manifest_add(const char *cmd, struct cli_manifest *m, const char *name);
void cli_manifest_free(struct cli_manifest *m);

#endif
