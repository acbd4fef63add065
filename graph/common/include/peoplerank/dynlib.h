/* peoplerank: libraries loaded only when a path needs them (dlopen), so that a reader's start-up
 * does not pay for loading them: igraph (hits, coreness), libmicrohttpd (serve), the MPI module
 * (under mpirun). One loader for all: open the library, fill a table of its symbols. */
#ifndef PEOPLERANK_DYNLIB_H
#define PEOPLERANK_DYNLIB_H

#include "peoplerank/common.h"

#include <stddef.h>

/* One symbol to look up, and where it goes: a pointer field at `offset` in the caller's table
 * (PR_DYNLIB_SYMBOL(struct type, field, "name")). */
typedef struct pr_dynlib_symbol {
    const char *name;
    size_t offset;
} pr_dynlib_symbol;

#define PR_DYNLIB_SYMBOL(type, field, name)                                                        \
    {                                                                                              \
        (name), offsetof(type, field)                                                              \
    }

/* Loads `library` (a soname, or a path when it holds a '/') with every symbol resolved now
 * (RTLD_NOW; RTLD_GLOBAL when `global`, for a library whose own plugins need its symbols, else
 * RTLD_LOCAL) and stores the address of each of the `count` symbols in its field of `table`
 * (function pointers through their object representation, as POSIX dlsym allows). Returns the
 * handle (for pr_dynlib_close), or NULL with err set to PR_ENOTFOUND and one line naming the
 * library: "cannot load LIBRARY: <the loader's reason>" or "LIBRARY has no SYMBOL"; then
 * nothing stays loaded and the table's fields may be partly filled. */
void *pr_dynlib_open(const char *library, int global, void *table, const pr_dynlib_symbol *symbols,
                     size_t count, pr_error *err);

/* Unloads a library pr_dynlib_open loaded (NULL: nothing). */
void pr_dynlib_close(void *handle);

#endif
