/* What the job takes from earlier snapshots in its directory: the previous ranks (warm start),
 * score changes over a day, a week and a month (deltas), the drift guard, and pruning. */
#include "job_internal.h"
#include "name_index.h"

#include <dirent.h>
#include <json-c/json.h>
#include <errno.h>
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
    const pr_graph *g = c->persons;
    const char **names = pr_mallocarray(g->n, sizeof *names);
    pr_name_index idx = {0, NULL, NULL, NULL};
    int rc = names ? PR_OK : PR_ENOMEM;
    for (pr_node v = 0; rc == PR_OK && v < g->n; v++) {
        names[v] = pr_graph_name(g, v);
    }
    if (rc == PR_OK) {
        rc = pr_name_index_build(&idx, names, NULL, g->n);
    }
    if (rc != PR_OK) {
        pr_error_set(err, rc, NULL, 0, "out of memory reading a previous snapshot");
    }
    uint64_t count = pr_snapshot_count(s);
    for (uint64_t pos = 1; rc == PR_OK && pos <= count; pos++) {
        pr_snapshot_record rec;
        rc = pr_snapshot_at(&rec, s, pos, err);
        pr_node p = rc == PR_OK ? pr_name_index_find(&idx, rec.name) : PR_NODE_NONE;
        if (p != PR_NODE_NONE) {
            fn(ctx, p, &rec);
        }
    }
    pr_name_index_free(&idx);
    pr_free(names);
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

int job_load_previous(job_ctx *c, const char *dir, pr_error *err)
{
    char latest[4200];
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
        snprintf(latest, sizeof latest, "%s/latest", dir);
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
    c->previous_path = rc == PR_OK ? pr_strdup(path) : NULL;
    if (rc == PR_OK && c->previous_path == NULL) {
        rc = PR_ENOMEM;
    }
    if (rc != PR_OK) {
        pr_free(pc.rank);
        return rc == PR_ENOMEM ? pr_error_set(err, rc, NULL, 0, "out of memory") : rc;
    }
    c->previous = pc.rank;
    c->previous_found = pc.found;
    return PR_OK;
}

/* ---- Deltas ---- */

static const double delta_days[PR_SNAPSHOT_DELTAS] = {1.0, 7.0, 30.0};
/* A snapshot counts as "a day/week/month older" when its age is within these bounds (days). */
static const double delta_min[PR_SNAPSHOT_DELTAS] = {0.5, 5.0, 25.0};
static const double delta_max[PR_SNAPSHOT_DELTAS] = {1.5, 9.0, 35.0};

static int is_snapshot_name(const char *name)
{
    size_t len = strlen(name);
    return name[0] != '.' && len > 5 && strcmp(name + len - 5, ".snap") == 0;
}

/* For each delta, the snapshot in dir whose age is closest to the target within its bounds. */
static void find_delta_sources(char *best[PR_SNAPSHOT_DELTAS], const char *dir, int64_t as_of)
{
    double best_gap[PR_SNAPSHOT_DELTAS] = {INFINITY, INFINITY, INFINITY};
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d != NULL && (de = readdir(d)) != NULL) {
        if (!is_snapshot_name(de->d_name)) {
            continue;
        }
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        pr_snapshot *s = NULL;
        if (pr_snapshot_open(&s, path, NULL) != PR_OK) {
            continue; /* unreadable old files are not our problem here; verify reports them */
        }
        double age = (double)(as_of - pr_snapshot_get_meta(s)->as_of) / 86400.0;
        pr_snapshot_close(s);
        for (int j = 0; j < PR_SNAPSHOT_DELTAS; j++) {
            double gap = fabs(age - delta_days[j]);
            if (age >= delta_min[j] && age <= delta_max[j] && gap < best_gap[j]) {
                char *copy = pr_strdup(path);
                if (copy != NULL) {
                    pr_free(best[j]);
                    best[j] = copy;
                    best_gap[j] = gap;
                }
            }
        }
    }
    if (d != NULL) {
        closedir(d);
    }
}

typedef struct delta_ctx {
    job_result *r;
    int which;
} delta_ctx;

static void take_delta(void *ctx, pr_node p, const pr_snapshot_record *rec)
{
    delta_ctx *dc = ctx;
    double *slot = &dc->r->delta[(uint64_t)p * PR_SNAPSHOT_DELTAS + dc->which];
    *slot = pr_score_round(dc->r->score[p] - rec->score);
}

int job_deltas(job_result *r, const job_ctx *c, const char *dir, int64_t as_of, pr_error *err)
{
    uint64_t slots = (uint64_t)c->persons->n * PR_SNAPSHOT_DELTAS;
    r->delta = pr_mallocarray(slots, sizeof *r->delta);
    if (r->delta == NULL) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    for (uint64_t i = 0; i < slots; i++) {
        r->delta[i] = NAN;
    }
    find_delta_sources(r->delta_source, dir, as_of);
    for (int j = 0; j < PR_SNAPSHOT_DELTAS; j++) {
        pr_snapshot *s = NULL;
        if (r->delta_source[j] == NULL || pr_snapshot_open(&s, r->delta_source[j], err) != 0) {
            continue;
        }
        delta_ctx dc = {r, j};
        int rc = each_known_record(s, c, take_delta, &dc, err);
        pr_snapshot_close(s);
        if (rc != PR_OK) {
            return rc;
        }
    }
    return PR_OK;
}

/* ---- Drift guard ---- */

typedef struct mover {
    pr_node person;
    double before, after;
} mover;

typedef struct drift_ctx {
    const job_result *r;
    uint64_t common, moved;
    mover top[10];
} drift_ctx;

static void take_drift(void *ctx, pr_node p, const pr_snapshot_record *rec)
{
    drift_ctx *dc = ctx;
    double change = fabs(dc->r->score[p] - rec->score);
    dc->common++;
    dc->moved += change >= 10.0;
    int at = 9;
    if (fabs(dc->top[at].after - dc->top[at].before) >= change &&
        dc->top[at].person != PR_NODE_NONE) {
        return;
    }
    dc->top[at] = (mover){p, rec->score, dc->r->score[p]};
    while (at > 0 && (dc->top[at - 1].person == PR_NODE_NONE ||
                      fabs(dc->top[at - 1].after - dc->top[at - 1].before) < change)) {
        mover t = dc->top[at - 1];
        dc->top[at - 1] = dc->top[at];
        dc->top[at] = t;
        at--;
    }
}

/* Appends each network's input volume now and in the previous run, so that an operator sees
 * at once whether a feed broke (a network's edges collapsing) or the ranking moved. */
static void append_volumes(char *text, size_t cap, pr_snapshot *prev, const job_ctx *c)
{
    const char *prev_text = pr_snapshot_get_meta(prev)->extra_json;
    json_object *extra = prev_text ? json_tokener_parse(prev_text) : NULL, *nets = NULL;
    size_t used = strlen(text);
    used += (size_t)snprintf(text + used, cap - used, "input volume by network (now / before):\n");
    json_object_object_get_ex(extra, "networks", &nets);
    for (uint32_t k = 0; k < c->net_count && used < cap - 200; k++) {
        const pr_graph *g = c->net[k].graph;
        json_object *one = NULL, *acc = NULL, *edges = NULL;
        int known = nets && json_object_object_get_ex(nets, c->net[k].name, &one) &&
                    json_object_object_get_ex(one, "accounts", &acc) &&
                    json_object_object_get_ex(one, "edges", &edges);
        used += (size_t)snprintf(text + used, cap - used,
                                 "  %-20s accounts %llu / %lld, edges %llu / %lld\n",
                                 c->net[k].name, (unsigned long long)g->n,
                                 known ? (long long)json_object_get_int64(acc) : -1LL,
                                 (unsigned long long)g->m,
                                 known ? (long long)json_object_get_int64(edges) : -1LL);
    }
    json_object_put(extra);
}

double job_drift(char **report, const job_result *r, const job_ctx *c, const char *prev_path)
{
    *report = NULL;
    pr_snapshot *s = NULL;
    if (prev_path == NULL || access(prev_path, F_OK) != 0) {
        return -1.0; /* the first run: nothing to compare with */
    }
    pr_error err = PR_ERROR_INIT;
    if (pr_snapshot_open(&s, prev_path, &err) != PR_OK) {
        char *text = pr_malloc(1200);
        if (text != NULL) {
            pr_error_format(text, 1200, &err);
            strcat(text, "\n");
        }
        *report = text;
        return INFINITY; /* cannot compare: refuse rather than publish unchecked */
    }
    drift_ctx dc = {r, 0, 0, {{0, 0, 0}}};
    for (int i = 0; i < 10; i++) {
        dc.top[i].person = PR_NODE_NONE;
    }
    int rc = each_known_record(s, c, take_drift, &dc, NULL);
    char *text = pr_malloc(4096);
    if (rc == PR_OK && text != NULL) {
        int used = snprintf(text, 4096, "%llu of %llu persons in both runs moved 10 points or more"
                            "; biggest movers (before -> after):\n",
                            (unsigned long long)dc.moved, (unsigned long long)dc.common);
        for (int i = 0; i < 10 && dc.top[i].person != PR_NODE_NONE && used < 3800; i++) {
            used += snprintf(text + used, 4096 - (size_t)used, "  %-40s %6.2f -> %6.2f\n",
                             pr_graph_name(c->persons, dc.top[i].person), dc.top[i].before,
                             dc.top[i].after);
        }
    }
    if (rc == PR_OK && text != NULL) {
        append_volumes(text, 4096, s, c);
    }
    pr_snapshot_close(s);
    *report = text;
    return (rc == PR_OK && dc.common > 0) ? 100.0 * (double)dc.moved / (double)dc.common : -1.0;
}

/* ---- Pruning ---- */

static int cmp_name_desc(const void *a, const void *b)
{
    return strcmp(*(char *const *)b, *(char *const *)a);
}

/* Keeps the `keep` newest snapshots of dir (file names sort by as-of date) and never the file
 * that latest names. Removing a file that a reader holds open is safe on POSIX: the reader keeps
 * its data until it closes it. */
int job_prune(const char *dir, unsigned keep, uint32_t *removed)
{
    char latest[4200], target[4096] = "";
    snprintf(latest, sizeof latest, "%s/latest", dir);
    ssize_t len = readlink(latest, target, sizeof target - 1);
    target[len > 0 ? len : 0] = '\0';
    const char *latest_name = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
    DIR *d = opendir(dir);
    if (d == NULL) {
        return PR_EIO;
    }
    char **names = NULL;
    size_t count = 0, cap = 0;
    struct dirent *de;
    int rc = PR_OK;
    while (rc == PR_OK && (de = readdir(d)) != NULL) {
        if (!is_snapshot_name(de->d_name)) {
            continue;
        }
        if (count == cap) {
            cap = cap ? cap * 2 : 16;
            char **grown = pr_realloc(names, cap * sizeof *names);
            rc = grown ? PR_OK : PR_ENOMEM;
            names = grown ? grown : names;
        }
        if (rc == PR_OK && (names[count] = pr_strdup(de->d_name)) != NULL) {
            count++;
        }
    }
    closedir(d);
    if (count > 1) {
        qsort(names, count, sizeof *names, cmp_name_desc);
    }
    for (size_t i = keep; rc == PR_OK && i < count; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (strcmp(names[i], latest_name) != 0 && unlink(path) == 0 && removed) {
            (*removed)++;
        }
    }
    for (size_t i = 0; i < count; i++) {
        pr_free(names[i]);
    }
    pr_free(names);
    return rc;
}
