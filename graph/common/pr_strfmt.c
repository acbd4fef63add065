/* Allocated formatted strings, so that paths and messages need no fixed-size buffers. */
#include "peoplerank/common.h"

#include <stdarg.h>
#include <stdio.h>

char *pr_strfmt(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = len >= 0 ? pr_malloc((size_t)len + 1) : NULL;
    if (s != NULL) {
        va_start(ap, fmt);
        vsnprintf(s, (size_t)len + 1, fmt, ap);
        va_end(ap);
    }
    return s;
}
