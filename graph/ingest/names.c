/* The account-name table: interned strings with ids in order of first appearance (so that node
 * ids, and everything downstream, are deterministic), open addressing keyed by XXH3. */
#include "ingest_internal.h"

#include <string.h>
#include <xxhash.h>

/* A slot holds id + 1 in its low half and the hash's high half, so that probing compares tags
 * without touching the name or hash arrays (one cache miss per lookup instead of three). */
static uint64_t slot_value(uint32_t id, uint64_t h)
{
    return (h & UINT64_C(0xffffffff00000000)) | ((uint64_t)id + 1);
}

static int grow_slots(pr_names *t)
{
    uint64_t cap = t->slots ? (t->mask + 1) * 2 : 1024;
    uint64_t *slots = pr_calloc(cap, sizeof *slots);
    if (slots == NULL) {
        return PR_ENOMEM;
    }
    for (uint32_t id = 0; id < t->count; id++) {
        uint64_t i = t->hash[id] & (cap - 1);
        while (slots[i] != 0) {
            i = (i + 1) & (cap - 1);
        }
        slots[i] = slot_value(id, t->hash[id]);
    }
    pr_free(t->slots);
    t->slots = slots;
    t->mask = cap - 1;
    return PR_OK;
}

static int grow_names(pr_names *t, size_t len)
{
    if (t->count == t->off_cap) {
        if (t->count >= UINT32_MAX - 2) {
            return PR_ELIMIT;
        }
        uint64_t cap = t->off_cap ? (uint64_t)t->off_cap * 2 : 1024;
        cap = cap > UINT32_MAX - 1 ? UINT32_MAX - 1 : cap;
        uint64_t *off = pr_realloc(t->off, cap * sizeof *off);
        if (off == NULL) {
            return PR_ENOMEM;
        }
        t->off = off;
        uint64_t *hash = pr_realloc(t->hash, cap * sizeof *hash);
        if (hash == NULL) {
            return PR_ENOMEM;
        }
        t->hash = hash;
        t->off_cap = (uint32_t)cap;
    }
    if (t->len + len + 1 > t->cap) {
        uint64_t cap = t->cap ? t->cap * 2 : 1 << 16;
        while (cap < t->len + len + 1) {
            cap *= 2;
        }
        char *data = pr_realloc(t->data, cap);
        if (data == NULL) {
            return PR_ENOMEM;
        }
        t->data = data;
        t->cap = cap;
    }
    return PR_OK;
}

uint64_t pr_ingest__names_hash2(const char *net, size_t net_len, const char *handle, size_t len)
{
    if (net == NULL) {
        return XXH3_64bits(handle, len);
    }
    return XXH3_64bits_withSeed(handle, len, XXH3_64bits(net, net_len));
}

/* A plain name hashes as network + handle when it has a ':' (its first one separates them), so
 * that "net:handle" and the pair (net, handle) meet in the same slot. */
static uint64_t hash_name(const char **net, size_t *net_len, const char **handle, size_t *len)
{
    const char *colon = memchr(*handle, ':', *len);
    if (colon == NULL) {
        *net = NULL, *net_len = 0;
    } else {
        *net = *handle, *net_len = (size_t)(colon - *handle);
        *len -= *net_len + 1;
        *handle = colon + 1;
    }
    return pr_ingest__names_hash2(*net, *net_len, *handle, *len);
}

static int same(const char *cand, const char *net, size_t net_len, const char *handle, size_t len)
{
    if (net != NULL) {
        if (memcmp(cand, net, net_len) != 0 || cand[net_len] != ':') {
            return 0;
        }
        cand += net_len + 1;
    }
    return memcmp(cand, handle, len) == 0 && cand[len] == '\0';
}

/* The slot holding the name, or the empty slot where it would go. The tag (32 hash bits beyond
 * the bucket bits) filters candidates, so only true matches touch the name bytes. */
static uint64_t probe(const pr_names *t, const char *net, size_t net_len, const char *handle,
                      size_t len, uint64_t h)
{
    uint64_t i = h & t->mask;
    uint64_t tag = h & UINT64_C(0xffffffff00000000);
    for (;;) {
        uint64_t s = t->slots[i];
        if (s == 0) {
            return i;
        }
        if ((s & UINT64_C(0xffffffff00000000)) == tag &&
            same(t->data + t->off[(uint32_t)s - 1], net, net_len, handle, len)) {
            return i;
        }
        i = (i + 1) & t->mask;
    }
}

void pr_ingest__names_prefetch(const pr_names *t, uint64_t h)
{
#if defined(__GNUC__)
    if (t->slots != NULL) {
        __builtin_prefetch(&t->slots[h & t->mask]);
    }
#else
    (void)t, (void)h;
#endif
}

void pr_ingest__names_prefetch_name(const pr_names *t, uint64_t h, int stage)
{
#if defined(__GNUC__)
    if (t->slots == NULL) {
        return;
    }
    uint64_t s = t->slots[h & t->mask];
    if (s == 0 || (s & UINT64_C(0xffffffff00000000)) != (h & UINT64_C(0xffffffff00000000))) {
        return;
    }
    if (stage == 0) {
        __builtin_prefetch(&t->off[(uint32_t)s - 1]);
    } else {
        __builtin_prefetch(t->data + t->off[(uint32_t)s - 1]);
    }
#else
    (void)t, (void)h, (void)stage;
#endif
}

uint32_t pr_ingest__names_find2(const pr_names *t, const char *net, size_t net_len,
                                const char *handle, size_t len, uint64_t h)
{
    if (t->slots == NULL) {
        return PR_NODE_NONE;
    }
    uint64_t s = t->slots[probe(t, net, net_len, handle, len, h)];
    return s == 0 ? PR_NODE_NONE : (uint32_t)s - 1;
}

uint32_t pr_ingest__names_find(const pr_names *t, const char *name, size_t len)
{
    if (t->slots == NULL) {
        return PR_NODE_NONE;
    }
    const char *net;
    size_t net_len;
    uint64_t h = hash_name(&net, &net_len, &name, &len);
    uint64_t s = t->slots[probe(t, net, net_len, name, len, h)];
    return s == 0 ? PR_NODE_NONE : (uint32_t)s - 1;
}

int pr_ingest__names_intern2(uint32_t *id, pr_names *t, const char *net, size_t net_len,
                             const char *handle, size_t len, uint64_t h)
{
    if (t->slots == NULL || (uint64_t)t->count * 2 >= t->mask + 1) {
        int rc = grow_slots(t);
        if (rc != PR_OK) {
            return rc;
        }
    }
    uint64_t i = probe(t, net, net_len, handle, len, h);
    if (t->slots[i] != 0) {
        *id = (uint32_t)t->slots[i] - 1;
        return PR_OK;
    }
    size_t full = net ? net_len + 1 + len : len;
    int rc = grow_names(t, full);
    if (rc != PR_OK) {
        return rc;
    }
    uint32_t nid = t->count++;
    char *at = t->data + t->len;
    t->off[nid] = t->len;
    t->hash[nid] = h;
    if (net != NULL) {
        memcpy(at, net, net_len);
        at[net_len] = ':';
        at += net_len + 1;
    }
    memcpy(at, handle, len);
    at[len] = '\0';
    t->len += full + 1;
    t->slots[i] = slot_value(nid, h);
    *id = nid;
    return PR_OK;
}

int pr_ingest__names_intern(uint32_t *id, pr_names *t, const char *name, size_t len)
{
    const char *net;
    size_t net_len;
    uint64_t h = hash_name(&net, &net_len, &name, &len);
    return pr_ingest__names_intern2(id, t, net, net_len, name, len, h);
}

void pr_ingest__names_clear(pr_names *t)
{
    pr_free(t->data);
    pr_free(t->off);
    pr_free(t->hash);
    pr_free(t->slots);
    memset(t, 0, sizeof *t);
}
