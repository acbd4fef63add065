/* peoplerank: error codes, error details and the allocation wrapper shared by every module. */
#ifndef PEOPLERANK_COMMON_H
#define PEOPLERANK_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* Every function that can fail returns 0 or one of these negative codes. */
enum {
    PR_OK = 0,
    PR_ENOMEM = -1,    /* an allocation failed */
    PR_EIO = -2,       /* reading or writing a file failed */
    PR_EPARSE = -3,    /* bad input line (file and line in pr_error) */
    PR_EFORMAT = -4,   /* a binary file is not what it claims (magic, version, sizes) */
    PR_EINVAL = -5,    /* bad argument or option */
    PR_ENOTFOUND = -6, /* a name or file that does not exist */
    PR_ELIMIT = -7,    /* a documented limit was exceeded */
    PR_ECHECKSUM = -8, /* a checksum did not match */
    PR_EDRIFT = -9,    /* the drift guard refused to publish */
    PR_EORDER = -10    /* an event broke the in-order promise (pr_ingest_opts.in_order) */
};

/* A human-readable name for a PR_E* code. */
const char *pr_strerror(int code);

/* Details of a failure, for the caller to print as "file:line: message".
 * Never global: each call that can fail on input takes one (OpenMP-safe). */
typedef struct pr_error {
    int code;
    uint64_t line;  /* 0 when the problem has no line */
    char file[512]; /* empty when the problem has no file */
    char message[512];
} pr_error;

#define PR_ERROR_INIT                                                                              \
    {                                                                                              \
        .code = 0, .line = 0, .file = {0}, .message = { 0 }                                        \
    }

/* Fills e (if not NULL) and returns code, so that callers can `return pr_error_set(...)`. */
int pr_error_set(pr_error *e, int code, const char *file, uint64_t line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Formats e as one line: "file:line: message" (the parts that are set). */
void pr_error_format(char *buf, size_t cap, const pr_error *e);

/* Allocation wrapper: every allocation in peoplerank goes through these, so that tests can
 * make the Nth allocation fail (pr_alloc_fail_after) and check that nothing leaks or crashes. */
void *pr_malloc(size_t size);
void *pr_calloc(size_t count, size_t size);
void *pr_realloc(void *ptr, size_t size);
/* Resizes the array *array_ptr points to (any T **, passed as &array) to count elements of size
 * bytes, with an overflow check: PR_OK, or PR_ENOMEM with the array as it was. For the parallel
 * arrays of a growing store: `if (pr_resize(&st->src, cap, sizeof *st->src) != PR_OK) ...`. */
int pr_resize(void *array_ptr, size_t count, size_t size);
/* pr_malloc(count * size) with an overflow check. */
void *pr_mallocarray(size_t count, size_t size);
void pr_free(void *ptr);
char *pr_strdup(const char *s);
/* A newly allocated string formatted like printf (free with pr_free), or NULL when out of memory:
 * for paths and messages of any length, instead of fixed-size buffers. */
char *pr_strfmt(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Test hook: the (n+1)th allocation from now on fails, and every later one too, until reset with
 * a negative n. pr_alloc_count() tells how many allocations were made since the last call. */
void pr_alloc_fail_after(long n);
long pr_alloc_count(void);

#endif
