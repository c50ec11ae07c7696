/* report_formats.c - the one table of result formats: `gradcheck check
 * --format` and gc_run_write both choose their writer here, so a new
 * format is one writer and one row. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include "report.h"

static gc_status text(FILE *out, const struct gc_result *res, size_t n,
                      const struct gc_report_opts *o)
{
    return gc_report_text(out, res, n, o ? o->details : 5);
}

static gc_status json(FILE *out, const struct gc_result *res, size_t n,
                      const struct gc_report_opts *o)
{
    (void)o;
    return gc_report_json(out, res, n);
}

static gc_status csv(FILE *out, const struct gc_result *res, size_t n,
                     const struct gc_report_opts *o)
{
    (void)o;
    return gc_report_csv(out, res, n);
}

static gc_status markdown(FILE *out, const struct gc_result *res, size_t n,
                          const struct gc_report_opts *o)
{
    (void)o;
    return gc_report_markdown(out, res, n);
}

static gc_status tap(FILE *out, const struct gc_result *res, size_t n,
                     const struct gc_report_opts *o)
{
    return gc_report_tap(out, res, n, o ? o->todo : NULL);
}

const struct gc_report_format gc_report_formats[] = {
    { "text", NULL, text },
    { "json", NULL, json },
    { "csv", NULL, csv },
    { "markdown", "md", markdown },
    { "tap", NULL, tap },
};
const size_t gc_report_n_formats = sizeof gc_report_formats / sizeof gc_report_formats[0];

const struct gc_report_format *gc_report_format_find(const char *name)
{
    for (size_t i = 0; name && i < gc_report_n_formats; i++)
        if (strcmp(name, gc_report_formats[i].name) == 0
            || (gc_report_formats[i].alias && strcmp(name, gc_report_formats[i].alias) == 0))
            return &gc_report_formats[i];
    return NULL;
}
