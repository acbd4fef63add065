/* A directory of snapshots: finding older ones for deltas, computing deltas, pruning (--keep N).
 * Snapshots are recognised by their name alone: peoplerank-YYYY-MM-DD.snap. */
#include "snapshot_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

typedef struct snap_file {
    int64_t day; /* days since 1970-01-01 */
    char name[32];
} snap_file;

/* The day of a snapshot file name (peoplerank-YYYY-MM-DD.snap), or INT64_MIN when it is not one. */
static int64_t parse_name(const char *name)
{
    int64_t day;
    if (strlen(name) != 26 || strncmp(name, "peoplerank-", 11) != 0 ||
        strcmp(name + 21, ".snap") != 0 || pr_parse_day(&day, name + 11, 10) != PR_OK) {
        return INT64_MIN;
    }
    return day;
}

static int cmp_newest_first(const void *a, const void *b)
{
    const snap_file *x = a, *y = b;
    return (x->day < y->day) - (x->day > y->day);
}

static int list_snapshots(snap_file **out, size_t *count, const char *dir, pr_error *err)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        return pr_error_set(err, errno == ENOENT ? PR_ENOTFOUND : PR_EIO, dir, 0,
                            "cannot list the directory: %s", strerror(errno));
    }
    snap_file *files = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int rc = PR_OK;
    while ((e = readdir(d)) != NULL) {
        int64_t day = parse_name(e->d_name);
        if (day == INT64_MIN) {
            continue;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            snap_file *p = pr_realloc(files, cap * sizeof *files);
            if (p == NULL) {
                rc = pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
                break;
            }
            files = p;
        }
        files[n].day = day;
        memcpy(files[n].name, e->d_name, 27); /* parse_name: exactly 26 bytes */
        n++;
    }
    closedir(d);
    if (rc != PR_OK) {
        pr_free(files);
        return rc;
    }
    if (n > 1) { /* files may be NULL when the directory has none */
        qsort(files, n, sizeof *files, cmp_newest_first);
    }
    *out = files;
    *count = n;
    return PR_OK;
}

static int64_t floor_day(int64_t t)
{
    return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

int pr_snapshot_find_older(char *paths[PR_SNAPSHOT_DELTAS], const char *dir, int64_t as_of,
                           pr_error *err)
{
    static const int64_t ago[PR_SNAPSHOT_DELTAS] = {1, 7, 30}, tol[PR_SNAPSHOT_DELTAS] = {0, 1, 3};
    for (int j = 0; j < PR_SNAPSHOT_DELTAS; j++) {
        paths[j] = NULL;
    }
    snap_file *files = NULL;
    size_t n = 0;
    int64_t today = floor_day(as_of);
    int rc;
    if ((rc = list_snapshots(&files, &n, dir, err)) != PR_OK) {
        return rc;
    }
    for (int j = 0; j < PR_SNAPSHOT_DELTAS; j++) {
        const snap_file *best = NULL;
        int64_t target = today - ago[j], best_dist = INT64_MAX;
        for (size_t i = 0; i < n; i++) { /* newest first, so `<=` prefers the older on a tie */
            int64_t dist = llabs(files[i].day - target);
            if (files[i].day < today && dist <= tol[j] && dist <= best_dist) {
                best = &files[i];
                best_dist = dist;
            }
        }
        if (best != NULL) {
            size_t len = strlen(dir) + strlen(best->name) + 2;
            paths[j] = pr_malloc(len);
            if (paths[j] == NULL) {
                rc = pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
                break;
            }
            snprintf(paths[j], len, "%s/%s", dir, best->name);
        }
    }
    pr_free(files);
    if (rc != PR_OK) {
        for (int j = 0; j < PR_SNAPSHOT_DELTAS; j++) {
            pr_free(paths[j]);
            paths[j] = NULL;
        }
    }
    return rc;
}

static int deltas_from(double *delta, int j, const pr_snapshot_columns *cols, const char *path,
                       pr_error *err)
{
    pr_snapshot *old = NULL;
    int rc;
    if ((rc = pr_snapshot_open(&old, path, err)) != PR_OK) {
        goto done;
    }
    for (uint64_t i = 0; i < cols->count; i++) {
        pr_snapshot_record r;
        double *d = &delta[i * PR_SNAPSHOT_DELTAS + (uint64_t)j];
        *d = NAN;
        if ((rc = pr_snapshot_lookup(&r, old, cols->name[i], err)) == PR_ENOTFOUND) {
            continue; /* new today: no change to show */
        }
        if (rc != PR_OK) {
            goto done;
        }
        *d = cols->score[i] - r.score;
    }
    rc = PR_OK;
done:
    pr_snapshot_close(old);
    return rc;
}

int pr_snapshot_compute_deltas(double *delta, const pr_snapshot_columns *cols,
                               char *const paths[PR_SNAPSHOT_DELTAS], pr_error *err)
{
    for (uint64_t i = 0; i < cols->count * PR_SNAPSHOT_DELTAS; i++) {
        delta[i] = NAN;
    }
    for (int j = 0; j < PR_SNAPSHOT_DELTAS; j++) {
        int rc = paths[j] ? deltas_from(delta, j, cols, paths[j], err) : PR_OK;
        if (rc != PR_OK) {
            return rc;
        }
    }
    return PR_OK;
}

/* The file name latest points at ("" when there is no latest). */
static void latest_target(char *buf, size_t cap, const char *dir)
{
    char *link = pr_strfmt("%s/latest", dir);
    ssize_t k = link ? readlink(link, buf, cap - 1) : -1;
    buf[k > 0 ? k : 0] = '\0';
    pr_free(link);
    const char *slash = strrchr(buf, '/');
    if (slash != NULL) {
        memmove(buf, slash + 1, strlen(slash + 1) + 1);
    }
}

/* Removes dir/name unless someone holds it open for reading (their shared lock). */
static int remove_unless_read(const char *dir, const char *name)
{
    char *path = pr_strfmt("%s/%s", dir, name);
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    int removed = 0;
    if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0) {
        removed = unlink(path) == 0;
    }
    if (fd >= 0) {
        close(fd);
    }
    pr_free(path);
    return removed;
}

int pr_snapshot_prune(uint32_t *removed, char **names, const char *dir, uint32_t keep,
                      pr_error *err)
{
    snap_file *files = NULL;
    size_t n = 0;
    uint32_t count = 0;
    int rc = list_snapshots(&files, &n, dir, err); /* none listed (n = 0) after a failure */
    char target[256];
    latest_target(target, sizeof target, dir);
    /* every name is 26 bytes: room for all of them, one a line */
    char *list = names && n > keep ? pr_malloc((n - keep) * 27 + 1) : NULL;
    size_t used = 0;
    for (size_t i = keep; i < n; i++) {
        if (strcmp(files[i].name, target) != 0 && remove_unless_read(dir, files[i].name)) {
            count++;
            if (list != NULL) {
                used += (size_t)sprintf(list + used, "%s\n", files[i].name);
            }
        }
    }
    pr_free(files);
    if (removed) {
        *removed = count;
    }
    if (names != NULL) {
        *names = used > 0 ? list : NULL;
    }
    if (names == NULL || used == 0) {
        pr_free(list);
    }
    return rc;
}

int pr_snapshot_list(char ***names, size_t *count, const char *dir, pr_error *err)
{
    snap_file *files = NULL;
    size_t n = 0;
    *names = NULL;
    *count = 0;
    int rc = list_snapshots(&files, &n, dir, err);
    if (rc != PR_OK) {
        return rc;
    }
    char **out = pr_calloc(n ? n : 1, sizeof *out);
    for (size_t i = 0; out != NULL && i < n; i++) {
        size_t len = strlen(files[i].name) + 1;
        if ((out[i] = pr_malloc(len)) == NULL) {
            pr_snapshot_list_free(out, i);
            out = NULL;
            break;
        }
        memcpy(out[i], files[i].name, len);
    }
    pr_free(files);
    if (out == NULL) {
        return pr_error_set(err, PR_ENOMEM, dir, 0, "out of memory listing snapshots");
    }
    *names = out;
    *count = n;
    return PR_OK;
}

void pr_snapshot_list_free(char **names, size_t count)
{
    for (size_t i = 0; names != NULL && i < count; i++) {
        pr_free(names[i]);
    }
    pr_free(names);
}

void pr_snapshot_file_name(char *buf, size_t cap, int64_t as_of)
{
    snap_file_name(buf, cap, as_of);
}

int64_t pr_snapshot_latest_day(const char *dir)
{
    char target[256];
    latest_target(target, sizeof target, dir);
    return parse_name(target);
}
