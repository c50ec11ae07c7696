#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
/* status.c - names and messages of gc_status, generated from the single
 * list GC_STATUS_MAP in gradcheck.h (so the enum, the names and the
 * messages cannot drift apart).
 *
 * Copyright (C) 2026 the gradcheck authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gradcheck.h"

static const char *const status_messages[GC_N_STATUS] = {
#define GC_STATUS_MSG_(name, msg) [GC_##name] = msg,
    GC_STATUS_MAP(GC_STATUS_MSG_)
#undef GC_STATUS_MSG_
};

static const char *const status_names[GC_N_STATUS] = {
#define GC_STATUS_NAME_(name, msg) [GC_##name] = #name,
    GC_STATUS_MAP(GC_STATUS_NAME_)
#undef GC_STATUS_NAME_
};

/* The message of a status ("out of memory"); "unknown status" for a value
 * outside the enum, never NULL. */
const char *gc_strerror(gc_status status)
{
    if ((unsigned)status >= (unsigned)GC_N_STATUS)
        return "unknown status";
    return status_messages[status];
}

/* The symbolic name of a status without the GC_ prefix ("NOMEM");
 * "UNKNOWN" for a value outside the enum, never NULL. */
const char *gc_status_name(gc_status status)
{
    if ((unsigned)status >= (unsigned)GC_N_STATUS)
        return "UNKNOWN";
    return status_names[status];
}
