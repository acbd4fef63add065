/* Explanations: each person's rank split exactly into the rank each engager passed on
 * (by network and action), the teleport share and the rest, written as the snapshot's `explain`
 * column (docs/snapshot-format.md, "explain").
 *
 * On network k the kernel's fixed point is r(v) = t(v) ((1-d) + d D) + sum over in-edges u->v of
 * d r(u) w(u,v) / W(u) (D: the rank of dangling accounts); a person's rank is the sum over their
 * accounts of r_k(v) / (K S), S the sum that makes person ranks sum to 1. Every term is one part;
 * an edge's term is split between actions in proportion to its events' decayed weights. */
#include "job_internal.h"
#include "peoplerank/name_index.h"
#include "peoplerank/snapshot_export.h"

#include <stdlib.h>
#include <string.h>

#define EX_TOP PR_SNAPSHOT_TOP_K         /* contributors kept per person */
#define EX_ACTIONS (PR_ACTION_COUNT + 1) /* the actions, then "other" (no events behind) */
#define EX_OTHER PR_ACTION_COUNT

typedef struct ex_top {
    pr_node who;     /* contributing person, or PR_NODE_NONE for an empty slot */
    uint32_t net;    /* network index */
    pr_node account; /* the contributing account on that network (its name when who is none) */
    double value;
    double act[EX_ACTIONS];
} ex_top;

/* What a source account passes on per unit of edge weight, held together so that an edge costs
 * one random read: d * value(u) and W(u). */
typedef struct ex_source {
    double dvalue, out_w;
} ex_source;

typedef struct ex_acc {
    const job_ctx *c;
    double *teleport, *contrib, *by_net, *by_act; /* per person; by_net n*K, by_act n*EX_ACTIONS */
    ex_top *top;                                  /* n * EX_TOP, best first */
    /* the network being visited */
    uint32_t k;
    const job_network *net;
    double norm;
    ex_source *source;        /* per node of the network graph */
    int parallel;             /* no two nodes of the network are one person (persons_distinct) */
    pr_node *node_of_account; /* ingest account -> node of the network graph */
    double *tot;              /* per in-edge: decayed event weight seen */
    int pass;
} ex_acc;

static pr_node person(const job_network *net, pr_node v)
{
    return net->person_of ? net->person_of[v] : v;
}

/* The edges' sources are in random order: read ahead of the loop (EX_AHEAD edges). */
#define EX_AHEAD 16

static void prefetch_source(const ex_acc *x, uint64_t e)
{
    const pr_graph *g = x->net->graph;
    if (e < g->m) {
        __builtin_prefetch(&x->source[g->in_src[e]]);
    }
}

static double edge_value(const ex_acc *x, uint64_t e)
{
    const pr_graph *g = x->net->graph;
    ex_source s = x->source[g->in_src[e]];
    if (!(s.out_w > 0.0)) {
        return 0.0;
    }
    return s.dvalue * pr_graph_in_weight(g, e) / s.out_w * x->norm;
}

static ex_top *find_top(ex_acc *x, pr_node p, pr_node q, uint32_t k, pr_node account)
{
    ex_top *t = &x->top[(uint64_t)p * EX_TOP];
    for (int j = 0; j < EX_TOP; j++) {
        if (t[j].net == k && t[j].who == q && (q != PR_NODE_NONE || t[j].account == account) &&
            t[j].value > 0.0) {
            return &t[j];
        }
    }
    return NULL;
}

/* Adds value to (q, k) in p's top list, keeping it sorted best first. */
static void top_add(ex_acc *x, pr_node p, pr_node q, uint32_t k, pr_node account, double value)
{
    ex_top *t = &x->top[(uint64_t)p * EX_TOP];
    ex_top *hit = find_top(x, p, q, k, account);
    int at;
    if (hit != NULL) {
        hit->value += value;
        at = (int)(hit - t);
    } else {
        at = EX_TOP - 1;
        if (t[at].value >= value) {
            return;
        }
        memset(&t[at], 0, sizeof t[at]);
        t[at].who = q, t[at].net = k, t[at].account = account, t[at].value = value;
    }
    while (at > 0 && t[at - 1].value < t[at].value) {
        ex_top tmp = t[at - 1];
        t[at - 1] = t[at];
        t[at] = tmp;
        at--;
    }
}

/* Pass over one network's edges: teleport, every contributor's value, the top lists. */
static void network_parts(ex_acc *x)
{
    const job_network *net = x->net;
    const pr_graph *g = net->graph;
    uint32_t K = x->c->net_count;
    double d = x->c->opts->rank.damping, dangling = 0.0;
    for (pr_node u = 0; u < g->n; u++) {
        dangling += g->out_w[u] > 0.0 ? 0.0 : net->value[u];
    }
    /* Each person's sums are written by one thread, in edge order: the same at any thread count. */
#pragma omp parallel for schedule(dynamic, 512) if (x->parallel)
    for (pr_node v = 0; v < g->n; v++) {
        pr_node p = person(net, v);
        if (p == PR_NODE_NONE) {
            continue;
        }
        double t = net->teleport ? net->teleport[v] : 1.0 / (double)g->n;
        x->teleport[p] += t * ((1.0 - d) + d * dangling) * x->norm;
        for (uint64_t e = g->in_off[v]; e < g->in_off[v + 1]; e++) {
            prefetch_source(x, e + EX_AHEAD);
            double c = edge_value(x, e);
            pr_node u = g->in_src[e];
            x->contrib[p] += c;
            x->by_net[(uint64_t)p * K + x->k] += c;
            top_add(x, p, person(net, u), x->k, u, c);
        }
    }
}

/* The in-edge u -> v of the network graph, or UINT64_MAX (in-edges are sorted by source). */
static uint64_t find_edge(const pr_graph *g, pr_node u, pr_node v)
{
    uint64_t lo = g->in_off[v], hi = g->in_off[v + 1];
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (g->in_src[mid] < u) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < g->in_off[v + 1] && g->in_src[lo] == u ? lo : UINT64_MAX;
}

/* Pass 1 sums each edge's event weight; pass 2 hands each event its share of the edge's value. */
static void visit_event(void *ctx, uint32_t src, uint32_t dst, int action, double w)
{
    ex_acc *x = ctx;
    pr_node u = x->node_of_account[src], v = x->node_of_account[dst];
    uint64_t e =
        (u == PR_NODE_NONE || v == PR_NODE_NONE) ? UINT64_MAX : find_edge(x->net->graph, u, v);
    if (e == UINT64_MAX || !(w > 0.0)) {
        return;
    }
    if (x->pass == 1) {
        x->tot[e] += w;
        return;
    }
    pr_node p = person(x->net, v);
    if (p == PR_NODE_NONE || !(x->tot[e] > 0.0)) {
        return;
    }
    double share = edge_value(x, e) * (w / x->tot[e]);
    x->by_act[(uint64_t)p * EX_ACTIONS + (uint32_t)action] += share;
    ex_top *t = find_top(x, p, person(x->net, u), x->k, u);
    if (t != NULL) {
        t->act[action] += share;
    }
}

/* Node of every ingest account on this network graph (by name). */
static int map_accounts(ex_acc *x)
{
    const pr_ingest *ig = x->c->ingest;
    const pr_graph *g = x->net->graph;
    uint32_t accounts = pr_ingest_account_count(ig);
    const char **names = pr_mallocarray(g->n ? g->n : 1, sizeof *names);
    x->node_of_account = pr_mallocarray(accounts ? accounts : 1, sizeof *x->node_of_account);
    pr_name_index idx = {0, NULL, NULL, NULL};
    int rc = PR_ENOMEM;
    if (names == NULL || x->node_of_account == NULL) {
        goto done;
    }
    for (pr_node v = 0; v < g->n; v++) {
        names[v] = pr_graph_name(g, v);
    }
    if ((rc = pr_name_index_build(&idx, names, NULL, g->n)) != PR_OK) {
        goto done;
    }
    for (uint32_t a = 0; a < accounts; a++) {
        x->node_of_account[a] = pr_name_index_find(&idx, pr_ingest_account_name(ig, a));
    }
done:
    pr_name_index_free(&idx);
    pr_free(names);
    return rc;
}

/* By action: from the events when the ingest still holds them, else everything is "other". */
static int network_actions(ex_acc *x)
{
    const pr_graph *g = x->net->graph;
    int rc = PR_ENOTFOUND;
    x->tot = NULL;
    x->node_of_account = NULL;
    if (x->c->ingest != NULL && g->name_off != NULL) {
        x->tot = pr_calloc(g->m ? g->m : 1, sizeof *x->tot);
        rc = x->tot ? map_accounts(x) : PR_ENOMEM;
        const char *name = x->net->person_of != NULL ? x->net->name : NULL; /* NULL: the only one */
        /* PR_ENOTFOUND from the visit: the events are gone; the edges below are then "other" */
        for (x->pass = 1; rc == PR_OK && x->pass <= 2; x->pass++) {
            rc = pr_ingest_visit_events(x->c->ingest, name, visit_event, x);
        }
    }
    /* edges no event stands behind (all of them when the events are gone) */
    pr_node nodes = rc != PR_ENOMEM ? g->n : 0;
#pragma omp parallel for schedule(dynamic, 512) if (x->parallel)
    for (pr_node v = 0; v < nodes; v++) {
        pr_node p = person(x->net, v);
        for (uint64_t e = g->in_off[v]; p != PR_NODE_NONE && e < g->in_off[v + 1]; e++) {
            if (rc == PR_OK && x->tot[e] > 0.0) {
                continue;
            }
            prefetch_source(x, e + EX_AHEAD);
            double c = edge_value(x, e);
            x->by_act[(uint64_t)p * EX_ACTIONS + EX_OTHER] += c;
            ex_top *t = find_top(x, p, person(x->net, g->in_src[e]), x->k, g->in_src[e]);
            if (t != NULL) {
                t->act[EX_OTHER] += c;
            }
        }
    }
    pr_free(x->tot);
    pr_free(x->node_of_account);
    x->tot = NULL;
    x->node_of_account = NULL;
    return rc == PR_ENOMEM ? rc : PR_OK;
}

/* Appends "\tvalue" with 12 significant digits: each part is then within 5e-13 of its value
 * relative to it, far inside the 1e-9 the parts must sum to, and the column a third smaller
 * than with the 17 digits of an exact round trip. */
static void put_num(char *buf, size_t *len, double v)
{
    buf[(*len)++] = '\t';
    *len += (size_t)pr_snapshot_format_g(buf + *len, v, 12); /* printf's %.12g, faster */
}

/* One person's text: teleport, rest, K network totals, EX_ACTIONS action totals, then per top
 * contributor: name, network index, EX_ACTIONS values. Formatted in *buf (the thread's, grown as
 * needed: the worst case is kilobytes, the text mostly a few hundred bytes), returned as a copy
 * of its own size. */
static char *person_text(const ex_acc *x, pr_node p, char **buf, size_t *buf_cap)
{
    const job_ctx *c = x->c;
    uint32_t K = c->net_count;
    const ex_top *t = &x->top[(uint64_t)p * EX_TOP];
    size_t cap = 32 + 26 * (2 + K + EX_ACTIONS) + EX_TOP * (26 * EX_ACTIONS + 16), len = 0;
    double rest = x->contrib[p];
    for (int j = 0; j < EX_TOP; j++) {
        if (t[j].value > 0.0) {
            const pr_graph *g = t[j].who != PR_NODE_NONE ? c->persons : c->net[t[j].net].graph;
            pr_node id = t[j].who != PR_NODE_NONE ? t[j].who : t[j].account;
            cap += strlen(pr_graph_name(g, id));
            rest -= t[j].value;
        }
    }
    if (cap > *buf_cap) {
        char *grown = pr_realloc(*buf, cap);
        if (grown == NULL) {
            return NULL;
        }
        *buf = grown, *buf_cap = cap;
    }
    char *s = *buf;
    put_num(s, &len, x->teleport[p]);
    put_num(s, &len, rest);
    memmove(s, s + 1, len--); /* no tab before the first field */
    for (uint32_t k = 0; k < K; k++) {
        put_num(s, &len, x->by_net[(uint64_t)p * K + k]);
    }
    for (int a = 0; a < EX_ACTIONS; a++) {
        put_num(s, &len, x->by_act[(uint64_t)p * EX_ACTIONS + a]);
    }
    for (int j = 0; j < EX_TOP && t[j].value > 0.0; j++) {
        const pr_graph *g = t[j].who != PR_NODE_NONE ? c->persons : c->net[t[j].net].graph;
        const char *name = pr_graph_name(g, t[j].who != PR_NODE_NONE ? t[j].who : t[j].account);
        len += (size_t)sprintf(s + len, "\t%s\t%u", name, (unsigned)t[j].net);
        for (int a = 0; a < EX_ACTIONS; a++) {
            put_num(s, &len, t[j].act[a]);
        }
    }
    s[len] = '\0';
    char *text = pr_malloc(len + 1);
    return text != NULL ? memcpy(text, s, len + 1) : NULL;
}

/* 1 when no two nodes of net belong to one person (always without an identity map): each pass
 * over the network's nodes can then run in parallel, every person's sums written by one thread. */
static int persons_distinct(const job_network *net, pr_node persons)
{
    if (net->person_of == NULL) {
        return 1;
    }
    uint8_t *seen = pr_calloc(persons ? persons : 1, 1);
    int distinct = seen != NULL;
    for (pr_node v = 0; distinct && v < net->graph->n; v++) {
        pr_node p = net->person_of[v];
        if (p != PR_NODE_NONE) {
            distinct = !seen[p];
            seen[p] = 1;
        }
    }
    pr_free(seen);
    return distinct;
}

static int explain_network(ex_acc *x)
{
    const pr_graph *g = x->net->graph;
    double d = x->c->opts->rank.damping;
    x->source = pr_mallocarray(g->n ? g->n : 1, sizeof *x->source);
    if (x->source == NULL) {
        return PR_ENOMEM;
    }
    for (pr_node u = 0; u < g->n; u++) {
        x->source[u].dvalue = d * x->net->value[u];
        x->source[u].out_w = g->out_w[u];
    }
    x->parallel = persons_distinct(x->net, x->c->persons->n);
    network_parts(x);
    int rc = network_actions(x);
    pr_free(x->source);
    x->source = NULL;
    return rc;
}

static int explain_networks(ex_acc *x, const job_result *r)
{
    const job_ctx *c = x->c;
    double sum = 0.0; /* S, as job_rank_algorithm normalised the person ranks */
    for (uint32_t k = 0; k < c->net_count; k++) {
        for (pr_node v = 0; v < c->net[k].graph->n; v++) {
            sum += person(&c->net[k], v) != PR_NODE_NONE ? c->net[k].value[v] / c->net_count : 0.0;
        }
    }
    (void)r;
    for (uint32_t k = 0; k < c->net_count; k++) {
        x->k = k;
        x->net = &c->net[k];
        x->norm = sum > 0.0 ? 1.0 / (c->net_count * sum) : 0.0;
        if (explain_network(x) != PR_OK) {
            return PR_ENOMEM;
        }
    }
    return PR_OK;
}

int job_explain(job_result *r, const job_ctx *c)
{
    pr_node n = c->persons->n;
    uint32_t K = c->net_count;
    ex_acc x = {0};
    x.c = c;
    x.teleport = pr_calloc(n ? n : 1, sizeof *x.teleport);
    x.contrib = pr_calloc(n ? n : 1, sizeof *x.contrib);
    x.by_net = pr_calloc((uint64_t)(n ? n : 1) * K, sizeof *x.by_net);
    x.by_act = pr_calloc((uint64_t)(n ? n : 1) * EX_ACTIONS, sizeof *x.by_act);
    x.top = pr_calloc((uint64_t)(n ? n : 1) * EX_TOP, sizeof *x.top);
    r->explain = pr_calloc(n ? n : 1, sizeof *r->explain);
    int rc = PR_ENOMEM;
    if (!x.teleport || !x.contrib || !x.by_net || !x.by_act || !x.top || !r->explain) {
        goto done;
    }
    for (uint64_t i = 0; i < (uint64_t)n * EX_TOP; i++) {
        x.top[i].who = PR_NODE_NONE;
    }
    if ((rc = explain_networks(&x, r)) != PR_OK) {
        goto done;
    }
    /* Formatting is most of this pass's time; each person's text is its own. */
    int failed = 0;
#pragma omp parallel reduction(| : failed)
    {
        char *buf = NULL;
        size_t buf_cap = 0;
#pragma omp for schedule(dynamic, 1024)
        for (pr_node p = 0; p < n; p++) {
            failed |= (r->explain[p] = person_text(&x, p, &buf, &buf_cap)) == NULL;
        }
        pr_free(buf);
    }
    rc = failed ? PR_ENOMEM : PR_OK;
done:
    pr_free(x.teleport), pr_free(x.contrib), pr_free(x.by_net), pr_free(x.by_act);
    pr_free(x.top);
    return rc;
}
