/* What the job takes from earlier snapshots in its directory: the previous ranks (warm start),
 * score changes over a day, a week and a month (deltas), and leftovers of killed runs. */
#include "job_internal.h"
#include "peoplerank/dist.h"
#include "peoplerank/name_index.h"

#include <json-c/json.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Calls fn(person, record) for every record of snapshot s whose name is a current person. */
typedef void (*record_fn)(void *ctx, pr_node person, const pr_snapshot_record *rec);

static int each_known_record(pr_snapshot *s, const job_ctx *c, record_fn fn, void *ctx,
                             pr_error *err)
{
    pr_name_index idx;
    int rc = pr_graph_index_names(&idx, c->persons);
    if (rc != PR_OK) {
        return pr_error_set(err, rc, NULL, 0, "out of memory reading a previous snapshot");
    }
    uint64_t count = pr_snapshot_count(s);
    for (uint64_t pos = 1; pos <= count; pos++) {
        pr_snapshot_record rec;
        if ((rc = pr_snapshot_at(&rec, s, pos, err)) != PR_OK) {
            goto done;
        }
        pr_node p = pr_name_index_find(&idx, rec.name);
        if (p != PR_NODE_NONE) {
            fn(ctx, p, &rec);
        }
    }
done:
    pr_name_index_free(&idx);
    return rc;
}

typedef struct previous_ctx {
    double *rank;
    uint32_t found;
} previous_ctx;

static void take_rank(void *ctx, pr_node p, const pr_snapshot_record *rec)
{
    previous_ctx *pc = ctx;
    pc->rank[p] = rec->rank;
    pc->found++;
}

/* networks.NAME.rank_sum of the previous header, per current network (0 where unknown). */
static double *previous_network_sums(pr_snapshot *s, const job_ctx *c)
{
    double *sums = pr_calloc(c->net_count, sizeof *sums);
    const char *text = pr_snapshot_get_meta(s)->extra_json;
    json_object *extra = text ? json_tokener_parse(text) : NULL;
    json_object *nets = NULL, *one = NULL, *sum = NULL;
    for (uint32_t k = 0; sums != NULL && extra != NULL && k < c->net_count; k++) {
        if (json_object_object_get_ex(extra, "networks", &nets) &&
            json_object_object_get_ex(nets, c->net[k].name, &one) &&
            json_object_object_get_ex(one, "rank_sum", &sum)) {
            sums[k] = json_object_get_double(sum);
        }
    }
    json_object_put(extra);
    return sums;
}

static int load_previous(job_ctx *c, const char *latest, pr_error *err)
{
    const char *path = c->opts->warm_start;
    pr_free(c->previous);
    pr_free(c->previous_path);
    c->previous = NULL;
    c->previous_found = 0;
    c->previous_path = NULL;
    c->previous_unreadable = 0;
    if (c->opts->no_warm_start) {
        return PR_OK;
    }
    if (path == NULL) {
        if (access(latest, F_OK) != 0) {
            return PR_OK; /* the first run in this directory */
        }
        path = latest;
    }
    pr_snapshot *s = NULL;
    int rc = pr_snapshot_open(&s, path, err);
    if (rc != PR_OK && path == latest) {
        /* A damaged latest must not stop the night's run: start cold and say so (the drift
         * guard, when asked for, refuses since it cannot compare). */
        c->previous_unreadable = 1;
        return PR_OK;
    }
    if (rc != PR_OK) {
        return rc;
    }
    pr_free(c->previous_scale);
    c->previous_scale = previous_network_sums(s, c);
    /* NaN marks persons the previous snapshot does not have: they start at the average. */
    previous_ctx pc = {pr_mallocarray(c->persons->n ? c->persons->n : 1, sizeof *pc.rank), 0};
    for (pr_node p = 0; pc.rank != NULL && p < c->persons->n; p++) {
        pc.rank[p] = NAN;
    }
    rc = pc.rank ? each_known_record(s, c, take_rank, &pc, err) : PR_ENOMEM;
    pr_snapshot_close(s);
    if (rc != PR_OK) {
        goto fail;
    }
    if ((c->previous_path = pr_strdup(path)) == NULL) {
        rc = PR_ENOMEM;
        goto fail;
    }
    c->previous = pc.rank;
    c->previous_found = pc.found;
    return PR_OK;
fail:
    pr_free(pc.rank);
    return rc == PR_ENOMEM ? pr_error_set(err, rc, NULL, 0, "out of memory") : rc;
}

/* Several processes: process 0 read the previous snapshot; every other process receives what
 * it took (ranks, network sums, path), so that all start from the same vector, wherever their
 * --out points (a directory of process 0's machine alone is enough). Collective. */
static int share_previous(job_ctx *c, pr_error *err)
{
    uint64_t head[5] = {c->previous != NULL, c->previous_scale != NULL, c->previous_found,
                        (uint64_t)c->previous_unreadable,
                        c->previous_path ? strlen(c->previous_path) + 1 : 0};
    pr_dist_broadcast(head, sizeof head);
    int rc = PR_OK;
    if (pr_dist_rank() != 0) {
        pr_free(c->previous), pr_free(c->previous_scale), pr_free(c->previous_path);
        c->previous = head[0] ? pr_mallocarray(c->persons->n + 1, sizeof *c->previous) : NULL;
        c->previous_scale =
            head[1] ? pr_mallocarray(c->net_count + 1, sizeof *c->previous_scale) : NULL;
        c->previous_path = head[4] ? pr_malloc(head[4]) : NULL;
        c->previous_found = (uint32_t)head[2];
        c->previous_unreadable = (int)head[3];
        int ok = (!head[0] || c->previous) && (!head[1] || c->previous_scale) &&
                 (!head[4] || c->previous_path);
        rc = ok ? PR_OK : pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    if ((rc = pr_dist_agree(rc, err)) != PR_OK) {
        return rc;
    }
    pr_dist_broadcast(c->previous, head[0] ? (uint64_t)c->persons->n * sizeof *c->previous : 0);
    pr_dist_broadcast(c->previous_scale,
                      head[1] ? (uint64_t)c->net_count * sizeof *c->previous_scale : 0);
    pr_dist_broadcast(c->previous_path, head[4]);
    return PR_OK;
}

int job_load_previous(job_ctx *c, const char *dir, pr_error *err)
{
    char *latest = pr_strfmt("%s/latest", dir);
    int rc = PR_OK;
    if (latest == NULL) {
        rc = pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    } else if (pr_dist_rank() == 0) {
        rc = load_previous(c, latest, err);
    }
    pr_free(latest);
    if (pr_dist_size() == 1) {
        return rc;
    }
    /* every process reaches the agreement, failed or not: it is collective */
    if ((rc = pr_dist_agree(rc, err)) != PR_OK) {
        return rc;
    }
    return share_previous(c, err);
}

/* ---- Deltas ---- */

int job_deltas(job_result *r, const job_ctx *c, const char *dir, int64_t as_of, pr_error *err)
{
    pr_node n = c->persons->n;
    r->delta = pr_mallocarray((uint64_t)n * PR_SNAPSHOT_DELTAS, sizeof *r->delta);
    const char **names = pr_mallocarray(n ? n : 1, sizeof *names);
    int rc;
    if (r->delta == NULL || names == NULL) {
        rc = pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    for (pr_node v = 0; v < n; v++) {
        names[v] = pr_graph_name(c->persons, v);
    }
    if ((rc = pr_snapshot_find_older(r->delta_source, dir, as_of, err)) != PR_OK) {
        goto done;
    }
    pr_snapshot_columns cols = {n, names, r->rank, r->score, r->percentile};
    rc = pr_snapshot_compute_deltas(r->delta, &cols, r->delta_source, err);
done:
    pr_free(names);
    return rc;
}

/* ---- Leftovers of killed runs ---- */

/* A run killed mid-write leaves a hidden temp file (".NAME.tmp.XXXXXX") or a staging directory
 * (".staging-PID") behind. Remove temp files untouched for STALE_SECONDS (a run writing now
 * touches its file constantly) and staging directories whose process is gone. */
#define STALE_SECONDS (6 * 3600)

static void remove_staging(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *de;
    while (d != NULL && (de = readdir(d)) != NULL) {
        char *file = de->d_name[0] != '.' ? pr_strfmt("%s/%s", path, de->d_name) : NULL;
        if (file != NULL) {
            unlink(file);
        }
        pr_free(file);
    }
    if (d != NULL) {
        closedir(d);
    }
    rmdir(path);
}

void job_remove_leftovers(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    time_t now = time(NULL);
    while (d != NULL && (de = readdir(d)) != NULL) {
        char *path = de->d_name[0] == '.' ? pr_strfmt("%s/%s", dir, de->d_name) : NULL;
        struct stat st;
        if (path == NULL || lstat(path, &st) != 0) {
            pr_free(path);
            continue;
        }
        long pid = 0;
        if (S_ISDIR(st.st_mode) && sscanf(de->d_name, ".staging-%ld", &pid) == 1 && pid > 0 &&
            kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
            remove_staging(path);
        } else if (S_ISREG(st.st_mode) && strstr(de->d_name, ".tmp.") != NULL &&
                   now - st.st_mtime > STALE_SECONDS) {
            unlink(path);
        }
        pr_free(path);
    }
    if (d != NULL) {
        closedir(d);
    }
}
