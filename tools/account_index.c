/* Account -> person position, for lookups by account in identity-mapped snapshots. */
#include "account_index.h"

#include <stdlib.h>
#include <string.h>

static int add(account_index *ix, const char *account, size_t len, uint64_t position)
{
    if (ix->count == ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 1024;
        account_entry *grown = pr_realloc(ix->entry, cap * sizeof *grown);
        if (grown == NULL) {
            return PR_ENOMEM;
        }
        ix->entry = grown;
        ix->cap = cap;
    }
    char *copy = pr_malloc(len + 1);
    if (copy == NULL) {
        return PR_ENOMEM;
    }
    memcpy(copy, account, len);
    copy[len] = '\0';
    ix->entry[ix->count++] = (account_entry){copy, position};
    return PR_OK;
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const account_entry *)a)->account, ((const account_entry *)b)->account);
}

int account_index_build(account_index *ix, pr_snapshot *s, pr_error *err)
{
    ix->built = 1;
    uint64_t count = pr_snapshot_count(s);
    for (uint64_t pos = 1; pos <= count; pos++) {
        pr_snapshot_record r;
        int rc = pr_snapshot_at(&r, s, pos, err);
        for (const char *a = r.accounts; rc == PR_OK && a != NULL && *a != '\0';) {
            size_t len = strcspn(a, "\t");
            rc = add(ix, a, len, pos);
            a += len + (a[len] == '\t');
        }
        if (rc != PR_OK) {
            return rc == PR_ENOMEM ? pr_error_set(err, rc, NULL, 0, "out of memory") : rc;
        }
    }
    if (ix->count > 1) {
        qsort(ix->entry, ix->count, sizeof *ix->entry, cmp_entry);
    }
    return PR_OK;
}

uint64_t account_index_find(const account_index *ix, const char *account)
{
    account_entry key = {(char *)account, 0};
    const account_entry *hit =
        ix->count ? bsearch(&key, ix->entry, ix->count, sizeof *ix->entry, cmp_entry) : NULL;
    return hit ? hit->position : 0;
}

void account_index_free(account_index *ix)
{
    for (size_t i = 0; i < ix->count; i++) {
        pr_free(ix->entry[i].account);
    }
    pr_free(ix->entry);
    memset(ix, 0, sizeof *ix);
}
