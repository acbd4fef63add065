/* A read-only hash index from names to node ids (open addressing, xxhash), used by the job to map
 * account names to persons and previous snapshots' names to nodes. Internal to src/. */
#ifndef PR_NAME_INDEX_H
#define PR_NAME_INDEX_H

#include "peoplerank/graph.h"

#include <stddef.h>

typedef struct pr_name_index {
    uint64_t mask;
    uint32_t *slot;            /* entry + 1, 0 = empty */
    const char *const *names;  /* entry -> name (borrowed) */
    const pr_node *value;      /* entry -> value (borrowed), or NULL: value = entry */
} pr_name_index;

/* Indexes names[0..count-1] (borrowed: they must outlive the index); value may be NULL. When a
 * name repeats, the first entry wins. */
int pr_name_index_build(pr_name_index *idx, const char *const *names, const pr_node *value,
                        uint32_t count);

/* The value of name, or PR_NODE_NONE. */
pr_node pr_name_index_find(const pr_name_index *idx, const char *name);

void pr_name_index_free(pr_name_index *idx);

#endif
