/* Finding a person by one of their accounts in a snapshot made with an identity map, where the
 * name index knows only person ids. Built once, on the first name the index does not know, by
 * one pass over the accounts column. */
#ifndef PR_ACCOUNT_INDEX_H
#define PR_ACCOUNT_INDEX_H

#include "peoplerank/name_index.h"
#include "peoplerank/snapshot.h"

#include <stddef.h>
#include <stdint.h>

typedef struct account_index {
    char **names;       /* every account (owned) */
    uint32_t *position; /* its person's position */
    size_t count, cap;
    pr_name_index index;
    int built;
} account_index;

/* One pass over s: every "network:handle" in the accounts column, with its person's position. */
int account_index_build(account_index *ix, pr_snapshot *s, pr_error *err);
/* The position of the person holding account, or 0. */
uint64_t account_index_find(const account_index *ix, const char *account);
void account_index_free(account_index *ix);

#endif
