/* The allocation wrapper with its fail-the-Nth-allocation test hook. */
#include "peoplerank/common.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Test hook state. Atomic because allocations may happen inside OpenMP regions' callers;
 * this is the only mutable global in the library and it is inert unless a test arms it. */
static atomic_long fail_countdown = -1;
static atomic_long alloc_count = 0;

void pr_alloc_fail_after(long n)
{
    atomic_store(&fail_countdown, n);
    atomic_store(&alloc_count, 0);
}

long pr_alloc_count(void)
{
    return atomic_load(&alloc_count);
}

static int should_fail(void)
{
    atomic_fetch_add(&alloc_count, 1);
    if (atomic_load(&fail_countdown) < 0) {
        return 0;
    }
    return atomic_fetch_sub(&fail_countdown, 1) <= 0 ? (atomic_store(&fail_countdown, 0), 1) : 0;
}

void *pr_malloc(size_t size)
{
    return should_fail() ? NULL : malloc(size ? size : 1);
}

void *pr_calloc(size_t count, size_t size)
{
    return should_fail() ? NULL : calloc(count ? count : 1, size ? size : 1);
}

void *pr_realloc(void *ptr, size_t size)
{
    return should_fail() ? NULL : realloc(ptr, size ? size : 1);
}

int pr_resize(void *array_ptr, size_t count, size_t size)
{
    void *old;
    memcpy(&old, array_ptr, sizeof old); /* every object pointer has the same representation */
    if (size != 0 && count > SIZE_MAX / size) {
        return PR_ENOMEM;
    }
    void *grown = pr_realloc(old, count * size);
    if (grown == NULL) {
        return PR_ENOMEM;
    }
    memcpy(array_ptr, &grown, sizeof grown);
    return PR_OK;
}

void *pr_mallocarray(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size) {
        return NULL;
    }
    return pr_malloc(count * size);
}

void pr_free(void *ptr)
{
    free(ptr);
}

char *pr_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = pr_malloc(n);
    if (d != NULL) {
        memcpy(d, s, n);
    }
    return d;
}
