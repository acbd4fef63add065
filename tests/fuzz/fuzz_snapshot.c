/* Fuzz target: the snapshot reader (pr_snapshot_open, at, lookup, verify, export, compare).
 * Any input must give a clean error or a snapshot; a snapshot that passes pr_snapshot_verify must
 * keep the reader's promises: every name found by at(k) looks up to position k.
 * Every input is read twice: as given, and with its checksums repaired (where its sizes allow),
 * because checksums would otherwise stop nearly every mutation before the decoders. */
#include "fuzz_util.h"
#include "peoplerank/snapshot_export.h"
#include "peoplerank/snapshot_compare.h"

#include "peoplerank/snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static uint64_t get_le(const uint8_t *p, int bytes)
{
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; i--) {
        v = (v << 8) | p[i];
    }
    return v;
}

static void put_le(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

/* Recomputes block, directory and superblock checksums (docs/snapshot-format.md). */
static void repair(uint8_t *d, size_t size)
{
    if (size < 64) {
        return;
    }
    uint64_t dir = get_le(d + 24, 8), entries = get_le(d + 32, 4);
    if (dir <= size && entries <= (size - dir) / 32) {
        for (uint64_t i = 0; i < entries; i++) {
            uint8_t *e = d + dir + 32 * i;
            uint64_t off = get_le(e, 8), csize = get_le(e + 8, 4);
            int in_dir = off < dir + 32 * entries && off + csize > dir;
            if (off <= size && csize <= size - off && !in_dir) {
                put_le(e + 24, XXH64(d + off, (size_t)csize, 0));
            }
        }
        put_le(d + 48, XXH64(d + dir, (size_t)(32 * entries), 0));
    }
    put_le(d + 56, XXH64(d, 56, 0));
}

static void exercise(pr_snapshot *s)
{
    pr_error err = PR_ERROR_INIT;
    uint64_t n = pr_snapshot_count(s);
    int verified = pr_snapshot_verify(s, &err) == PR_OK;
    pr_snapshot_record r;
    char name[256];
    for (uint64_t k = 1; k <= n && k <= 64; k++) {
        if (pr_snapshot_at(&r, s, k, &err) != PR_OK) {
            if (verified) {
                abort();
            }
            continue;
        }
        snprintf(name, sizeof name, "%s", r.name);
        int found = pr_snapshot_lookup(&r, s, name, &err);
        if (verified && strlen(name) < sizeof name - 1 && (found != PR_OK || r.position != k)) {
            abort();
        }
    }
    (void)pr_snapshot_lookup(&r, s, "twitter:nobody", &err);
    (void)pr_snapshot_at(&r, s, n, &err);
    if (n <= 5000) {
        FILE *devnull = fopen("/dev/null", "w");
        if (devnull != NULL) {
            (void)pr_snapshot_export(s, PR_EXPORT_JSONL, devnull, NULL, &err);
            fclose(devnull);
        }
        pr_snapshot_comparison c;
        if (pr_snapshot_compare(&c, s, s, &err) == PR_OK) {
            pr_snapshot_comparison_clear(&c);
        }
    }
}

static void read_one(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = pr_fuzz_file_open(path, sizeof path, data, size);
    if (fd < 0) {
        return;
    }
    pr_snapshot *s = NULL;
    pr_error err = PR_ERROR_INIT;
    if (pr_snapshot_open(&s, path, &err) == PR_OK) {
        pr_snapshot_set_cache_limit(s, (size_t)64 << 20);
        exercise(s);
    } else if (s != NULL || err.message[0] == '\0') {
        abort(); /* a failed open returns no reader and says why */
    }
    pr_snapshot_close(s);
    pr_fuzz_file_close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_one(data, size);
    uint8_t *copy = size ? malloc(size) : NULL;
    if (copy != NULL) {
        memcpy(copy, data, size);
        repair(copy, size);
        read_one(copy, size);
        free(copy);
    }
    return 0;
}
