/* The drift guard (docs/operations.md, "Drift"): before publishing, the new result is compared
 * with the snapshot latest names, over the persons who matter (engaged, or scoring at least
 * DRIFT_SCORE_FLOOR, in that snapshot): how many moved, vanished or appeared per network, the
 * input volume per network, Spearman's rho over them and the top-k overlap. A broken feed
 * (swapped columns, a network missing, a stray date) changes these far beyond a normal night. */
#include "job_internal.h"
#include "peoplerank/name_index.h"
#include "peoplerank/rank_stats.h"

#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The documented thresholds (docs/operations.md). */
#define DRIFT_SCORE_FLOOR 10.0  /* a person who matters: engaged, or at least this score */
#define DRIFT_MOVE_POINTS 10.0  /* a mover: the score changed by at least this */
#define DRIFT_VANISHED_PCT 10.0 /* per network: persons who matter gone from it */
#define DRIFT_APPEARED_PCT 25.0 /* per network: engaged persons new on it */
#define DRIFT_SHRINK_PCT 25.0   /* per network: events, persons or edges fewer by this */
#define DRIFT_MIN_SPEARMAN 0.80 /* over persons who matter in both runs, on ranks */
#define DRIFT_TOP_K 100         /* top-k overlap (k = half the persons when fewer) */
#define DRIFT_MIN_OVERLAP 50.0  /* percent of the previous top k still in the top k */

typedef struct net_drift {
    char name[40];
    int64_t prev_events, prev_persons, prev_edges; /* -1: not in the previous header */
    int64_t events, persons, edges;                /* -1: unknown; network absent now: 0 */
    uint64_t matter, vanished, appeared;
    int k_now; /* index in c->net, -1 = absent now */
} net_drift;

typedef struct drift {
    const job_result *r;
    const job_ctx *c;
    pr_name_index idx;
    uint32_t prev_nets;
    net_drift *net; /* per previous network, then the networks new in this run */
    uint32_t net_count;
    int *net_of_prev;     /* previous network -> index in net */
    uint64_t *was_on;     /* per current person: bit j = had an account on net[j] before */
    uint8_t *in_prev_top; /* per current person: in the previous top k */
    double *x, *y;        /* ranks before / now of persons who matter in both */
    uint64_t common, moved, matter, vanished_total, k, overlap;
    double spearman;
} drift;

static int64_t get_i64(json_object *o, const char *key)
{
    json_object *v = NULL;
    return json_object_object_get_ex(o, key, &v) ? json_object_get_int64(v) : -1;
}

/* The previous header's networks.NAME.{events, accounts, edges}; net[k] for each previous
 * network, then the current networks it lacks. */
static int volumes(drift *d, pr_snapshot *s)
{
    const job_ctx *c = d->c;
    d->prev_nets = pr_snapshot_network_count(s);
    d->net = pr_calloc(d->prev_nets + c->net_count + 1, sizeof *d->net);
    if (d->net == NULL) {
        return PR_ENOMEM;
    }
    const char *text = pr_snapshot_get_meta(s)->extra_json;
    json_object *extra = text ? json_tokener_parse(text) : NULL, *nets = NULL, *one = NULL;
    json_object_object_get_ex(extra, "networks", &nets);
    for (uint32_t k = 0; k < d->prev_nets + c->net_count; k++) {
        const char *name =
            k < d->prev_nets ? pr_snapshot_network_name(s, k) : c->net[k - d->prev_nets].name;
        uint32_t j = 0;
        while (j < d->net_count && strcmp(d->net[j].name, name) != 0) {
            j++;
        }
        if (j < d->net_count) {
            continue; /* a current network the previous run had */
        }
        net_drift *n = &d->net[d->net_count++];
        snprintf(n->name, sizeof n->name, "%s", name);
        int have = k < d->prev_nets && json_object_object_get_ex(nets, name, &one);
        n->prev_events = have ? get_i64(one, "events") : -1;
        n->prev_persons = have ? get_i64(one, "accounts") : -1;
        n->prev_edges = have ? get_i64(one, "edges") : -1;
        n->k_now = -1;
        for (uint32_t m = 0; m < c->net_count; m++) {
            if (strcmp(c->net[m].name, name) == 0) {
                n->k_now = (int)m;
                n->events = c->net[m].events == UINT64_MAX ? -1 : (int64_t)c->net[m].events;
                n->persons = (int64_t)c->net[m].graph->n;
                n->edges = (int64_t)c->net[m].graph->m;
            }
        }
    }
    json_object_put(extra);
    return PR_OK;
}

static int matters(double score, uint32_t engagers)
{
    return engagers > 0 || score >= DRIFT_SCORE_FLOOR;
}

/* One record of the previous snapshot. */
static void take(drift *d, const pr_snapshot_record *rec, uint64_t position)
{
    const job_result *r = d->r;
    pr_node p = pr_name_index_find(&d->idx, rec->name);
    if (p != PR_NODE_NONE) {
        d->in_prev_top[p] = position <= d->k;
    }
    for (uint32_t k = 0; k < d->prev_nets; k++) { /* per network: who left it */
        if (p != PR_NODE_NONE && !isnan(rec->network_score[k])) {
            d->was_on[p] |= UINT64_C(1) << d->net_of_prev[k];
        }
        if (!isnan(rec->network_score[k]) && matters(rec->network_score[k], rec->engagers)) {
            net_drift *n = &d->net[d->net_of_prev[k]];
            n->matter++;
            n->vanished +=
                p == PR_NODE_NONE || n->k_now < 0 ||
                isnan(r->network_score[(uint64_t)p * d->c->net_count + (uint32_t)n->k_now]);
        }
    }
    if (!matters(rec->score, rec->engagers)) {
        return;
    }
    d->matter++;
    d->vanished_total += p == PR_NODE_NONE;
    if (p != PR_NODE_NONE) {
        d->moved += fabs(r->score[p] - rec->score) >= DRIFT_MOVE_POINTS;
        d->x[d->common] = rec->rank;
        d->y[d->common] = r->rank[p];
        d->common++;
    }
}

/* Engaged persons now on each network who were not on it before. */
static void appeared(drift *d)
{
    const job_ctx *c = d->c;
    const job_result *r = d->r;
    for (pr_node p = 0; p < c->persons->n; p++) {
        for (uint32_t j = 0; r->engagers[p] > 0 && j < d->net_count; j++) {
            int k = d->net[j].k_now;
            if (k >= 0 && !isnan(r->network_score[(uint64_t)p * c->net_count + (uint32_t)k])) {
                d->net[j].appeared += !(j < d->prev_nets && (d->was_on[p] >> j & 1));
            }
        }
    }
}

/* How many of the previous top k are in the current top k (score, then rank: snapshot order). */
static const job_result *order_r;
static int by_position(const void *a, const void *b)
{
    pr_node x = *(const pr_node *)a, y = *(const pr_node *)b;
    if (order_r->score[x] != order_r->score[y]) {
        return order_r->score[x] > order_r->score[y] ? -1 : 1;
    }
    if (order_r->rank[x] != order_r->rank[y]) {
        return order_r->rank[x] > order_r->rank[y] ? -1 : 1;
    }
    return (x > y) - (x < y);
}

static int top_overlap(drift *d)
{
    pr_node n = d->c->persons->n;
    pr_node *order = pr_mallocarray(n ? n : 1, sizeof *order);
    if (order == NULL) {
        return PR_ENOMEM;
    }
    for (pr_node v = 0; v < n; v++) {
        order[v] = v;
    }
    order_r = d->r; /* qsort has no context argument; the job runs one guard at a time */
    qsort(order, n, sizeof *order, by_position);
    for (uint64_t i = 0; i < d->k && i < n; i++) {
        d->overlap += d->in_prev_top[order[i]];
    }
    pr_free(order);
    return PR_OK;
}

static int read_previous(drift *d, pr_snapshot *s, pr_error *err)
{
    const pr_graph *g = d->c->persons;
    uint64_t count = pr_snapshot_count(s);
    const char **names = pr_mallocarray(g->n ? g->n : 1, sizeof *names);
    d->was_on = pr_calloc(g->n ? g->n : 1, sizeof *d->was_on);
    d->in_prev_top = pr_calloc(g->n ? g->n : 1, 1);
    d->x = pr_mallocarray(count ? count : 1, sizeof *d->x);
    d->y = pr_mallocarray(count ? count : 1, sizeof *d->y);
    d->net_of_prev = pr_mallocarray(d->prev_nets + 1, sizeof *d->net_of_prev);
    int rc = PR_ENOMEM;
    if (!names || !d->was_on || !d->in_prev_top || !d->x || !d->y || !d->net_of_prev) {
        goto done;
    }
    for (uint32_t k = 0; k < d->prev_nets; k++) {
        d->net_of_prev[k] = (int)k; /* volumes() put the previous networks first, in order */
    }
    for (pr_node v = 0; v < g->n; v++) {
        names[v] = pr_graph_name(g, v);
    }
    if ((rc = pr_name_index_build(&d->idx, names, NULL, g->n)) != PR_OK) {
        goto done;
    }
    uint64_t smaller = count < g->n ? count : g->n;
    d->k = smaller / 2 < DRIFT_TOP_K ? smaller / 2 : DRIFT_TOP_K;
    for (uint64_t pos = 1; pos <= count; pos++) {
        pr_snapshot_record rec;
        if ((rc = pr_snapshot_at(&rec, s, pos, err)) != PR_OK) {
            goto done;
        }
        take(d, &rec, pos);
    }
    appeared(d);
    rc = top_overlap(d);
done:
    pr_free(names);
    return rc;
}

/* ---- The verdict ---- */

typedef struct verdict {
    char *text; /* the report: every check, its figure and limit */
    size_t used, cap;
    int tripped;
    char first[400]; /* the first check that tripped, for the error message */
} verdict;

static void say(verdict *v, int bad, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void say(verdict *v, int bad, const char *fmt, ...)
{
    char line[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (bad && !v->tripped) {
        snprintf(v->first, sizeof v->first, "%s", line);
    }
    v->tripped |= bad;
    size_t len = strlen(line) + 8;
    if (v->used + len >= v->cap) {
        size_t cap = (v->cap + len) * 2;
        char *t = pr_realloc(v->text, cap);
        if (t == NULL) {
            return;
        }
        v->text = t;
        v->cap = cap;
    }
    v->used += (size_t)sprintf(v->text + v->used, "  %s %s\n", bad ? "FAIL" : "ok  ", line);
}

static double pct(uint64_t part, uint64_t whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

/* A volume that shrank past the limit (unknown figures never trip). */
static int shrank(int64_t now, int64_t before)
{
    double floor = (1.0 - DRIFT_SHRINK_PCT / 100.0) * (double)before;
    return now >= 0 && before > 0 && (double)now < floor;
}

static void judge_networks(verdict *v, const drift *d)
{
    for (uint32_t j = 0; j < d->net_count; j++) {
        const net_drift *n = &d->net[j];
        if (j < d->prev_nets && n->k_now < 0) {
            say(v, 1, "network %s: in the previous run (%lld persons), missing now", n->name,
                (long long)n->prev_persons);
            continue;
        }
        int bad = shrank(n->events, n->prev_events) || shrank(n->persons, n->prev_persons) ||
                  shrank(n->edges, n->prev_edges);
        say(v, bad,
            "network %s volume: events %lld (before %lld), persons %lld (%lld), edges %lld "
            "(%lld); limit: %.0f%% fewer",
            n->name, (long long)n->events, (long long)n->prev_events, (long long)n->persons,
            (long long)n->prev_persons, (long long)n->edges, (long long)n->prev_edges,
            DRIFT_SHRINK_PCT);
        say(v, pct(n->vanished, n->matter) > DRIFT_VANISHED_PCT,
            "network %s: %llu of %llu persons who matter vanished (%.2f%%, limit %.0f%%)", n->name,
            (unsigned long long)n->vanished, (unsigned long long)n->matter,
            pct(n->vanished, n->matter), DRIFT_VANISHED_PCT);
        if (j < d->prev_nets) {
            say(v, pct(n->appeared, n->matter) > DRIFT_APPEARED_PCT,
                "network %s: %llu engaged persons appeared (%.2f%% of %llu, limit %.0f%%)", n->name,
                (unsigned long long)n->appeared, pct(n->appeared, n->matter),
                (unsigned long long)n->matter, DRIFT_APPEARED_PCT);
        }
    }
}

static void judge(verdict *v, const drift *d, double max_moved)
{
    double moved = pct(d->moved, d->common);
    say(v, moved > max_moved,
        "%llu of %llu persons who matter moved %.0f points or more (%.2f%%, limit %.2f%%, "
        "--max-drift PCT)",
        (unsigned long long)d->moved, (unsigned long long)d->common, DRIFT_MOVE_POINTS, moved,
        max_moved);
    judge_networks(v, d);
    if (d->common >= 10) {
        say(v, !(d->spearman >= DRIFT_MIN_SPEARMAN),
            "Spearman rho over %llu persons who matter: %.3f (limit %.2f)",
            (unsigned long long)d->common, d->spearman, DRIFT_MIN_SPEARMAN);
    }
    if (d->k >= 10) {
        say(v, pct(d->overlap, d->k) < DRIFT_MIN_OVERLAP,
            "top-%llu overlap: %llu of %llu (%.0f%%, limit %.0f%%)", (unsigned long long)d->k,
            (unsigned long long)d->overlap, (unsigned long long)d->k, pct(d->overlap, d->k),
            DRIFT_MIN_OVERLAP);
    }
}

static void drift_free(drift *d)
{
    pr_name_index_free(&d->idx);
    pr_free(d->net);
    pr_free(d->net_of_prev);
    pr_free(d->was_on);
    pr_free(d->in_prev_top);
    pr_free(d->x);
    pr_free(d->y);
}

int job_drift_check(char **report, pr_job_output *figures, const job_result *r, const job_ctx *c,
                    const char *prev_path, pr_error *err)
{
    *report = NULL;
    figures->drift_percent = -1.0;
    figures->drift_spearman = NAN;
    figures->drift_overlap = -1.0;
    if (access(prev_path, F_OK) != 0) {
        return PR_OK; /* the first run: nothing to compare with */
    }
    pr_snapshot *s = NULL;
    pr_error oerr = PR_ERROR_INIT;
    if (pr_snapshot_open(&s, prev_path, &oerr) != PR_OK) {
        char text[1200];
        pr_error_format(text, sizeof text, &oerr);
        return pr_error_set(err, PR_EDRIFT, prev_path, 0,
                            "drift guard: cannot read the previous snapshot (%s); nothing "
                            "published (--max-drift off publishes unchecked)",
                            text);
    }
    drift d = {.r = r, .c = c, .spearman = NAN};
    int rc;
    if ((rc = volumes(&d, s)) == PR_OK) {
        rc = read_previous(&d, s, err);
    }
    pr_snapshot_close(s);
    if (rc != PR_OK) {
        drift_free(&d);
        return rc == PR_ENOMEM ? pr_error_set(err, rc, NULL, 0, "out of memory") : rc;
    }
    d.spearman = pr_stat_spearman(d.x, d.y, d.common);
    verdict v = {NULL, 0, 0, 0, {0}};
    judge(&v, &d, c->opts->max_drift_percent);
    figures->drift_percent = pct(d.moved, d.common);
    figures->drift_spearman = d.common >= 10 ? d.spearman : NAN;
    figures->drift_overlap = d.k >= 10 ? pct(d.overlap, d.k) : -1.0;
    *report = v.text;
    drift_free(&d);
    if (v.tripped) {
        return pr_error_set(err, PR_EDRIFT, prev_path, 0,
                            "drift guard: %s; nothing published (--max-drift off disables the "
                            "guard; every check below)",
                            v.first);
    }
    return PR_OK;
}
