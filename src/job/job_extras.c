/* Scores, percentiles and the per-person columns of a snapshot: per-network scores, engagement
 * received, top influencers and influencees, and the accounts merged into each person. */
#include "job_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct rank_entry {
    double score, rank;
    pr_node node;
} rank_entry;

static int cmp_entry(const void *a, const void *b)
{
    const rank_entry *x = a, *y = b;
    if (x->score != y->score) {
        return x->score < y->score ? -1 : 1;
    }
    if (x->rank != y->rank) {
        return x->rank < y->rank ? -1 : 1;
    }
    return (x->node > y->node) - (x->node < y->node);
}

/* percentile[v] = 100 * (persons strictly below v) / n, in the order of the snapshot: score,
 * then rank. */
static int percentiles(double *percentile, const double *score, const double *rank, pr_node n)
{
    rank_entry *order = pr_mallocarray(n, sizeof *order);
    if (order == NULL && n > 0) {
        return PR_ENOMEM;
    }
    for (pr_node v = 0; v < n; v++) {
        order[v].score = score[v];
        order[v].rank = rank[v];
        order[v].node = v;
    }
    qsort(order, n, sizeof *order, cmp_entry);
    pr_node lower = 0;
    for (pr_node i = 0; i < n; i++) {
        if (i > 0 && (order[i].score != order[i - 1].score || order[i].rank != order[i - 1].rank)) {
            lower = i;
        }
        percentile[order[i].node] = 100.0 * (double)lower / (double)n;
    }
    pr_free(order);
    return PR_OK;
}

int job_scores(job_result *r, const job_ctx *c)
{
    pr_node n = c->persons->n;
    r->score = pr_mallocarray(n, sizeof *r->score);
    r->percentile = pr_mallocarray(n, sizeof *r->percentile);
    if ((r->score == NULL || r->percentile == NULL) && n > 0) {
        return PR_ENOMEM;
    }
    for (pr_node v = 0; v < n; v++) {
        r->score[v] = pr_score_round(pr_score_relative(&c->opts->scale, r->relative[v]));
    }
    return percentiles(r->percentile, r->score, r->rank, n);
}

/* A person's score on each network: the best of their accounts there, on that network's own
 * scale (relative to the network's average account). */
static void network_scores(job_result *r, const job_ctx *c)
{
    uint32_t K = c->net_count;
    for (uint64_t i = 0; i < (uint64_t)c->persons->n * K; i++) {
        r->network_score[i] = NAN;
    }
    for (uint32_t k = 0; k < K; k++) {
        const job_network *net = &c->net[k];
        for (pr_node a = 0; net->relative != NULL && a < net->graph->n; a++) {
            pr_node p = net->person_of ? net->person_of[a] : a;
            if (p == PR_NODE_NONE) {
                continue;
            }
            double s = pr_score_round(pr_score_relative(&c->opts->scale, net->relative[a]));
            double *slot = &r->network_score[(uint64_t)p * K + k];
            if (isnan(*slot) || s > *slot) {
                *slot = s;
            }
        }
    }
}

/* Keeps list[0..TOP_K) sorted by contribution, best first, one entry per person. unique: person
 * is not in the list yet (each pair of persons comes once), so no entry accumulates. */
static void top_insert(uint32_t *who, double *amount, uint32_t person, double c, int unique)
{
    int at = -1;
    for (int j = 0; !unique && j < PR_SNAPSHOT_TOP_K; j++) {
        if (who[j] == person) {
            amount[j] += c;
            at = j;
            break;
        }
    }
    if (at < 0) {
        at = PR_SNAPSHOT_TOP_K - 1;
        if (who[at] != PR_SNAPSHOT_NONE && amount[at] >= c) {
            return;
        }
        who[at] = person;
        amount[at] = c;
    }
    while (at > 0 && (who[at - 1] == PR_SNAPSHOT_NONE || amount[at - 1] < amount[at])) {
        uint32_t tw = who[at - 1];
        double ta = amount[at - 1];
        who[at - 1] = who[at], amount[at - 1] = amount[at];
        who[at] = tw, amount[at] = ta;
        at--;
    }
}

/* One pass over a network's edges u -> v: engagement received by v's person, and the rank that
 * flows along the edge (u's value * w / W(u)) for both ends' top lists. With one network and no
 * identity map every pair of persons comes once (out_floor not NULL): no list needs searching,
 * and out_floor[q], the amount a flow must beat to enter q's full list (-1 while it has room),
 * turns most edges away with one look at an array 5 times smaller than the lists (the lists of
 * the edges' sources are visited in random order: that is the cost of this pass). */
static void engagement_pass(job_result *r, double *in_amount, double *out_amount, double *out_floor,
                            const job_network *net, uint32_t K)
{
    const pr_graph *g = net->graph;
    int unique = out_floor != NULL;
    for (pr_node v = 0; v < g->n; v++) {
        pr_node p = net->person_of ? net->person_of[v] : v;
        if (p == PR_NODE_NONE) {
            continue;
        }
        for (uint64_t e = g->in_off[v]; e < g->in_off[v + 1]; e++) {
            if (e + 16 < g->m) { /* sources come in random order: read ahead */
                pr_node ahead = g->in_src[e + 16];
                __builtin_prefetch(&g->out_w[ahead]);
                __builtin_prefetch(net->value ? &net->value[ahead] : NULL);
                __builtin_prefetch(unique ? &out_floor[ahead] : NULL);
            }
            pr_node u = g->in_src[e];
            pr_node q = net->person_of ? net->person_of[u] : u;
            if (q == PR_NODE_NONE || q == p) {
                continue;
            }
            double w = pr_graph_in_weight(g, e);
            r->engagers[p]++; /* distinct accounts; made distinct persons below if merged */
            r->engagement[p] += w;
            double flow = net->value ? net->value[u] * w / g->out_w[u] / K : 0.0;
            top_insert(&r->influencers[(uint64_t)p * PR_SNAPSHOT_TOP_K],
                       &in_amount[(uint64_t)p * PR_SNAPSHOT_TOP_K], q, flow, unique);
            if (unique && flow <= out_floor[q]) {
                continue; /* top_insert would turn it away */
            }
            uint32_t *who = &r->influencees[(uint64_t)q * PR_SNAPSHOT_TOP_K];
            double *amount = &out_amount[(uint64_t)q * PR_SNAPSHOT_TOP_K];
            top_insert(who, amount, p, flow, unique);
            if (unique && who[PR_SNAPSHOT_TOP_K - 1] != PR_SNAPSHOT_NONE) {
                out_floor[q] = amount[PR_SNAPSHOT_TOP_K - 1];
            }
        }
    }
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* With an identity map one person can engage another through several accounts: count each
 * engaging person once. (Without one, every in-edge is a distinct person already.) */
static int distinct_engagers(job_result *r, const job_ctx *c)
{
    uint64_t total = 0;
    for (pr_node p = 0; p < c->persons->n; p++) {
        total += r->engagers[p];
    }
    uint64_t *pairs = pr_mallocarray(total ? total : 1, sizeof *pairs);
    if (pairs == NULL) {
        return PR_ENOMEM;
    }
    uint64_t k = 0;
    for (uint32_t i = 0; i < c->net_count; i++) {
        const job_network *net = &c->net[i];
        for (pr_node v = 0; v < net->graph->n; v++) {
            pr_node p = net->person_of[v];
            uint64_t end = p != PR_NODE_NONE ? net->graph->in_off[v + 1] : 0;
            for (uint64_t e = net->graph->in_off[v]; e < end; e++) {
                pr_node q = net->person_of[net->graph->in_src[e]];
                if (q != PR_NODE_NONE && q != p) {
                    pairs[k++] = ((uint64_t)p << 32) | q;
                }
            }
        }
    }
    qsort(pairs, k, sizeof *pairs, cmp_u64);
    memset(r->engagers, 0, (size_t)c->persons->n * sizeof *r->engagers);
    for (uint64_t j = 0; j < k; j++) {
        if (j == 0 || pairs[j] != pairs[j - 1]) {
            r->engagers[pairs[j] >> 32]++;
        }
    }
    pr_free(pairs);
    return PR_OK;
}

/* Tab-separated account names per person, when an identity map merged accounts. */
static int person_accounts(job_result *r, const job_ctx *c)
{
    if (c->ingest == NULL || c->opts->identities == NULL) {
        return PR_OK;
    }
    r->accounts = pr_calloc(c->persons->n, sizeof *r->accounts);
    if (r->accounts == NULL) {
        return PR_ENOMEM;
    }
    for (uint32_t i = 0; i < pr_ingest_account_count(c->ingest); i++) {
        pr_node p = pr_ingest_account_node(c->ingest, i);
        if (p == PR_NODE_NONE) {
            continue;
        }
        const char *name = pr_ingest_account_name(c->ingest, i);
        size_t old = r->accounts[p] ? strlen(r->accounts[p]) : 0;
        char *s = pr_realloc(r->accounts[p], old + strlen(name) + 2);
        if (s == NULL) {
            return PR_ENOMEM;
        }
        if (old > 0) {
            s[old++] = '\t';
        }
        strcpy(s + old, name);
        r->accounts[p] = s;
    }
    return PR_OK;
}

int job_extras(job_result *r, const job_ctx *c)
{
    pr_node n = c->persons->n;
    uint64_t slots = (uint64_t)n * PR_SNAPSHOT_TOP_K;
    r->network_score = pr_mallocarray((uint64_t)n * c->net_count, sizeof *r->network_score);
    r->engagers = pr_calloc(n, sizeof *r->engagers);
    r->engagement = pr_calloc(n, sizeof *r->engagement);
    r->influencers = pr_mallocarray(slots, sizeof *r->influencers);
    r->influencees = pr_mallocarray(slots, sizeof *r->influencees);
    double *in_amount = pr_calloc(slots, sizeof *in_amount);
    double *out_amount = pr_calloc(slots, sizeof *out_amount);
    int unique = c->net_count == 1 && c->net[0].person_of == NULL;
    double *out_floor = unique ? pr_mallocarray(n, sizeof *out_floor) : NULL;
    int rc = PR_ENOMEM;
    if (n == 0 || !r->network_score || !r->engagers || !r->engagement || !r->influencers ||
        !r->influencees || !in_amount || !out_amount || (unique && !out_floor)) {
        goto done;
    }
    for (pr_node v = 0; unique && v < n; v++) {
        out_floor[v] = -1.0; /* flows are >= 0: a list with room takes any */
    }
    memset(r->influencers, 0xff, slots * sizeof *r->influencers); /* PR_SNAPSHOT_NONE */
    memset(r->influencees, 0xff, slots * sizeof *r->influencees);
    network_scores(r, c);
    for (uint32_t k = 0; k < c->net_count; k++) {
        engagement_pass(r, in_amount, out_amount, out_floor, &c->net[k], c->net_count);
    }
    if ((rc = person_accounts(r, c)) != PR_OK) {
        goto done;
    }
    if (c->opts->identities != NULL && c->net[0].person_of != NULL) {
        rc = distinct_engagers(r, c);
    }
done:
    pr_free(in_amount);
    pr_free(out_amount);
    pr_free(out_floor);
    return rc;
}

void job_result_free(job_result *r, pr_node n)
{
    pr_free(r->rank);
    pr_free(r->relative);
    pr_free(r->network_sum);
    pr_free(r->score);
    pr_free(r->percentile);
    pr_free(r->network_score);
    pr_free(r->engagers);
    pr_free(r->engagement);
    pr_free(r->influencers);
    pr_free(r->influencees);
    pr_free(r->delta);
    for (int j = 0; j < PR_SNAPSHOT_DELTAS; j++) {
        pr_free(r->delta_source[j]);
    }
    for (pr_node v = 0; r->accounts != NULL && v < n; v++) {
        pr_free(r->accounts[v]);
    }
    pr_free(r->accounts);
    for (pr_node v = 0; r->explain != NULL && v < n; v++) {
        pr_free(r->explain[v]);
    }
    pr_free(r->explain);
    memset(r, 0, sizeof *r);
}
