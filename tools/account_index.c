/* Account -> person position, for lookups by account in identity-mapped snapshots: the accounts
 * column read once into owned strings, looked up through the project's name index. */
#include "account_index.h"

#include <string.h>

static int add(account_index *ix, const char *account, size_t len, uint32_t position)
{
    if (ix->count == ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 1024;
        if (pr_resize(&ix->names, cap, sizeof *ix->names) != PR_OK ||
            pr_resize(&ix->position, cap, sizeof *ix->position) != PR_OK) {
            return PR_ENOMEM;
        }
        ix->cap = cap;
    }
    char *copy = pr_malloc(len + 1);
    if (copy == NULL) {
        return PR_ENOMEM;
    }
    memcpy(copy, account, len);
    copy[len] = '\0';
    ix->names[ix->count] = copy;
    ix->position[ix->count++] = position;
    return PR_OK;
}

int account_index_build(account_index *ix, pr_snapshot *s, pr_error *err)
{
    ix->built = 1;
    uint64_t count = pr_snapshot_count(s);
    if (count >= UINT32_MAX) {
        return pr_error_set(err, PR_ELIMIT, NULL, 0, "too many persons to index accounts");
    }
    int rc;
    for (uint64_t pos = 1; pos <= count; pos++) {
        pr_snapshot_record r;
        if ((rc = pr_snapshot_at(&r, s, pos, err)) != PR_OK) {
            goto fail;
        }
        for (const char *a = r.accounts; a != NULL && *a != '\0';) {
            size_t len = strcspn(a, "\t");
            if ((rc = add(ix, a, len, (uint32_t)pos)) != PR_OK) {
                goto fail;
            }
            a += len + (a[len] == '\t');
        }
    }
    if (ix->count > UINT32_MAX - 1 ||
        pr_name_index_build(&ix->index, (const char *const *)ix->names, ix->position,
                            (uint32_t)ix->count) != PR_OK) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    return PR_OK;
fail:
    return rc == PR_ENOMEM ? pr_error_set(err, rc, NULL, 0, "out of memory") : rc;
}

uint64_t account_index_find(const account_index *ix, const char *account)
{
    uint32_t pos = ix->index.slot ? pr_name_index_find(&ix->index, account) : PR_NAME_NONE;
    return pos == PR_NAME_NONE ? 0 : pos;
}

void account_index_free(account_index *ix)
{
    for (size_t i = 0; i < ix->count; i++) {
        pr_free(ix->names[i]);
    }
    pr_free(ix->names);
    pr_free(ix->position);
    pr_name_index_free(&ix->index);
    memset(ix, 0, sizeof *ix);
}
