/* report.c - number formatting shared by the writers. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <stdio.h>
#include "report.h"

/* Significant decimal digits that make every value of the format read
 * back exactly: ceil(mant_dig * log10(2)) + 1. */
static const int roundtrip_digits[GC_N_PRECISIONS] = {
    [GC_PREC_F16] = 5, [GC_PREC_BF16] = 4, [GC_PREC_F32] = 9, [GC_PREC_F64] = 17,
};

const char *gc_fmt_value(gc_precision p, long double v, char *buf, size_t size)
{
    if (isnan(v))
        snprintf(buf, size, "nan");
    else if (isinf(v))
        snprintf(buf, size, "%sinf", v < 0 ? "-" : "");
    else
        snprintf(buf, size, "%.*g",
                 roundtrip_digits[(unsigned)p < GC_N_PRECISIONS ? p : GC_PREC_F64],
                 (double)v);
    return buf;
}

const char *gc_fmt_hex(long double v, char *buf, size_t size)
{
    if (isnan(v))
        snprintf(buf, size, "nan");
    else if (isinf(v))
        snprintf(buf, size, "%sinf", v < 0 ? "-" : "");
    else
        snprintf(buf, size, "%a", (double)v);
    return buf;
}
