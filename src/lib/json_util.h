/* json_util.h - the two jansson helpers every JSON writer of the report
 * layer uses (report_json.c, report_depth.c). */
#ifndef GC_JSON_UTIL_H
#define GC_JSON_UTIL_H

#include <jansson.h>

/* A finite number as a real (dumped with 17 significant digits: exact for
 * every value of the four formats), a non-finite one as "inf", "-inf" or
 * "nan"; NULL when out of memory. */
json_t *gc_json_num(long double v);
/* obj[key] = val, taking val; -1 when val is NULL (an allocation failed
 * further down) or the set fails, so errors can be or-ed together. */
int gc_json_set(json_t *obj, const char *key, json_t *val);

#endif
