/* Open-addressing hash index from names to node ids. */
#include "peoplerank/name_index.h"

#include <string.h>
#include <xxhash.h>

int pr_name_index_build(pr_name_index *idx, const char *const *names, const pr_node *value,
                        uint32_t count)
{
    uint64_t size = 16;
    while (size < (uint64_t)count * 2) { /* load factor <= 0.5 */
        size <<= 1;
    }
    memset(idx, 0, sizeof *idx);
    idx->slot = pr_calloc(size, sizeof *idx->slot);
    if (idx->slot == NULL) {
        return PR_ENOMEM;
    }
    idx->mask = size - 1;
    idx->names = names;
    idx->value = value;
    for (uint32_t i = 0; i < count; i++) {
        uint64_t h = XXH3_64bits(names[i], strlen(names[i])) & idx->mask;
        while (idx->slot[h] != 0) {
            if (strcmp(names[idx->slot[h] - 1], names[i]) == 0) {
                break; /* repeated name: the first entry wins */
            }
            h = (h + 1) & idx->mask;
        }
        if (idx->slot[h] == 0) {
            idx->slot[h] = i + 1;
        }
    }
    return PR_OK;
}

pr_node pr_name_index_find(const pr_name_index *idx, const char *name)
{
    uint64_t h = XXH3_64bits(name, strlen(name)) & idx->mask;
    while (idx->slot[h] != 0) {
        uint32_t e = idx->slot[h] - 1;
        if (strcmp(idx->names[e], name) == 0) {
            return idx->value ? idx->value[e] : e;
        }
        h = (h + 1) & idx->mask;
    }
    return PR_NODE_NONE;
}

void pr_name_index_free(pr_name_index *idx)
{
    pr_free(idx->slot);
    memset(idx, 0, sizeof *idx);
}
