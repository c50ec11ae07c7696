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
    bool changed;      /* names claimed since the last save */
};

/* Read DIR/CLI_MANIFEST (missing: an empty list).  False after one line
 * on stderr when it cannot be read. */
bool cli_manifest_load(const char *cmd, const char *dir, bool force,
                       struct cli_manifest *m);
/* Claim DIR/name for this run: true (and listed, in memory) when it does
 * not exist, the manifest lists it, or force; otherwise one line on
 * stderr and false. */
bool cli_manifest_claim(const char *cmd, struct cli_manifest *m, const char *name);
/* Write DIR/CLI_MANIFEST if a claim added a name.  False after one line
 * on stderr. */
bool cli_manifest_save(const char *cmd, struct cli_manifest *m);
void cli_manifest_free(struct cli_manifest *m);

#endif
