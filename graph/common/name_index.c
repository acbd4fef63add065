/* Open-addressing hash index from names to ids. */
#include "peoplerank/name_index.h"

#include "peoplerank/common.h"

#include <string.h>
#include <xxhash.h>

int pr_name_index_build(pr_name_index *idx, const char *const *names, const uint32_t *value,
                        uint32_t count)
{
    uint64_t size = 16;
    while (size < (uint64_t)count * 2) { /* load factor <= 0.5 */
        size <<= 1;
    }
    memset(idx, 0, sizeof *idx);
    idx->slot = pr_calloc(size, sizeof *idx->slot);
    idx->names = pr_mallocarray(count ? count : 1, sizeof *idx->names);
    if (idx->slot == NULL || idx->names == NULL) {
        pr_name_index_free(idx);
        return PR_ENOMEM;
    }
    memcpy(idx->names, names, (size_t)count * sizeof *idx->names);
    idx->mask = size - 1;
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

uint32_t pr_name_index_find_len(const pr_name_index *idx, const char *name, size_t len)
{
    if (idx->slot == NULL) {
        return PR_NAME_NONE;
    }
    uint64_t h = XXH3_64bits(name, len) & idx->mask;
    while (idx->slot[h] != 0) {
        uint32_t e = idx->slot[h] - 1;
        if (strnlen(idx->names[e], len + 1) == len && memcmp(idx->names[e], name, len) == 0) {
            return idx->value ? idx->value[e] : e;
        }
        h = (h + 1) & idx->mask;
    }
    return PR_NAME_NONE;
}

uint32_t pr_name_index_find(const pr_name_index *idx, const char *name)
{
    return pr_name_index_find_len(idx, name, strlen(name));
}

void pr_name_index_free(pr_name_index *idx)
{
    pr_free(idx->slot);
    pr_free(idx->names);
    memset(idx, 0, sizeof *idx);
}
