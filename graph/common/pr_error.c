/* Error codes and error details. */
#include "peoplerank/common.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *pr_strerror(int code)
{
    switch (code) {
    case PR_OK:
        return "success";
    case PR_ENOMEM:
        return "out of memory";
    case PR_EIO:
        return "input/output error";
    case PR_EPARSE:
        return "bad input";
    case PR_EFORMAT:
        return "not a valid file of this kind";
    case PR_EINVAL:
        return "invalid argument";
    case PR_ENOTFOUND:
        return "not found";
    case PR_ELIMIT:
        return "limit exceeded";
    case PR_ECHECKSUM:
        return "checksum mismatch";
    case PR_EDRIFT:
        return "drift guard refused to publish";
    case PR_EORDER:
        return "event out of time order (older than the --in-order allowance)";
    default:
        return "unknown error";
    }
}

int pr_error_set(pr_error *e, int code, const char *file, uint64_t line, const char *fmt, ...)
{
    if (e == NULL) {
        return code;
    }
    e->code = code;
    e->line = line;
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return code;
}

void pr_error_format(char *buf, size_t cap, const pr_error *e)
{
    const char *msg = e->message[0] ? e->message : pr_strerror(e->code);
    if (e->file[0] && e->line > 0) {
        snprintf(buf, cap, "%s:%llu: %s", e->file, (unsigned long long)e->line, msg);
    } else if (e->file[0]) {
        snprintf(buf, cap, "%s: %s", e->file, msg);
    } else {
        snprintf(buf, cap, "%s", msg);
    }
}
