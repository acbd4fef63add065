/* peoplerank: the one name -> id lookup of the project: a read-only hash index (open addressing,
 * XXH3) from names to 32-bit ids, used to map account names to persons, snapshot names to nodes,
 * teleport and label files to nodes, and accounts to snapshot positions. */
#ifndef PEOPLERANK_NAME_INDEX_H
#define PEOPLERANK_NAME_INDEX_H

#include <stddef.h>
#include <stdint.h>

#define PR_NAME_NONE UINT32_MAX /* not found; equal to PR_NODE_NONE */

typedef struct pr_name_index {
    uint64_t mask;
    uint32_t *slot;        /* entry + 1, 0 = empty */
    const char **names;    /* entry -> name: the pointer array is the index's own copy, the
                            * strings are borrowed */
    const uint32_t *value; /* entry -> value (borrowed), or NULL: value = entry */
} pr_name_index;

/* Indexes names[0..count-1]: the strings are borrowed (they must outlive the index), the array
 * of pointers is copied. value may be NULL (the value is the entry's number). When a name
 * repeats, the first entry wins. PR_OK or PR_ENOMEM (*idx then frees cleanly). */
int pr_name_index_build(pr_name_index *idx, const char *const *names, const uint32_t *value,
                        uint32_t count);

/* The value of name (NUL-terminated, or its first len bytes), or PR_NAME_NONE. */
uint32_t pr_name_index_find(const pr_name_index *idx, const char *name);
uint32_t pr_name_index_find_len(const pr_name_index *idx, const char *name, size_t len);

void pr_name_index_free(pr_name_index *idx); /* accepts a zeroed index */

#endif
