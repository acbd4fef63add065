/* Fuzz target: the snapshot reader (pr_snapshot_open, at, lookup, verify, export, compare).
 * Any input must give a clean error or a snapshot; a snapshot that passes pr_snapshot_verify must
 * keep the reader's promises: every name found by at(k) looks up to position k. */
#include "fuzz_util.h"

#include "peoplerank/snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = pr_fuzz_file_open(path, sizeof path, data, size);
    if (fd < 0) {
        return 0;
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
    return 0;
}
