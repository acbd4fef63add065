/* Engagement rules against gaming: seeded trust and the reciprocity discount (see
 * engagement_rules.h and docs/scores.md). */
#include "peoplerank/engagement_rules.h"

#include <math.h>

void pr_engagement_received(double *received, const pr_graph *g)
{
    for (pr_node v = 0; v < g->n; v++) {
        double sum = 0.0;
        for (uint64_t e = g->in_off[v]; e < g->in_off[v + 1]; e++) {
            sum += pr_graph_in_weight(g, e);
        }
        received[v] = sum;
    }
}

/* w(src -> v): v's in-edges are sorted by source, so a binary search finds it; 0 when absent. */
static double weight_from(const pr_graph *g, pr_node v, pr_node src)
{
    uint64_t lo = g->in_off[v], hi = g->in_off[v + 1];
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (g->in_src[mid] < src) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo < g->in_off[v + 1] && g->in_src[lo] == src) {
        return pr_graph_in_weight(g, lo);
    }
    return 0.0;
}

/* exchange[v] = the share of v's out-weight that comes back from the same partners:
 * sum over partners u of min(w(v,u), w(u,v)), over out_w[v]. */
static void exchange_shares(double *exchange, const pr_graph *g)
{
    int64_t n = (int64_t)g->n;
#pragma omp parallel for schedule(dynamic, 1024)
    for (int64_t vi = 0; vi < n; vi++) {
        pr_node v = (pr_node)vi;
        double mutual = 0.0;
        for (uint64_t e = g->in_off[v]; e < g->in_off[v + 1]; e++) {
            double w = pr_graph_in_weight(g, e);
            double back = weight_from(g, g->in_src[e], v);
            mutual += back < w ? back : w;
        }
        exchange[v] = g->out_w[v] > 0.0 ? mutual / g->out_w[v] : 0.0;
    }
}

/* How much of a pair's mutual weight inside the allowance is exchange, not endorsement: 0 when
 * either side spends at most `exchange_threshold` t of its engagement on partners who return it,
 * rising linearly to 1 when both spend (1 + t) / 2 or more so (a ramp, not a step, so that a
 * share crossing t moves scores a little, not all at once). */
static double exchange_factor(const double *exchange, pr_node u, pr_node v,
                              const pr_engagement_rules *r)
{
    if (exchange == NULL || !(r->exchange_threshold < 1.0)) {
        return 0.0;
    }
    double x = exchange[u] < exchange[v] ? exchange[u] : exchange[v];
    x = 2.0 * (x - r->exchange_threshold) / (1.0 - r->exchange_threshold);
    return x < 0.0 ? 0.0 : (x > 1.0 ? 1.0 : x);
}

/* New weights into w_new (m entries), from the original weights only, so the order of edges
 * does not matter. The result is kept positive: the graph's weights must stay > 0. */
static void discount_reciprocity(float *w_new, const pr_graph *g, const double *exchange,
                                 const pr_engagement_rules *r)
{
    int64_t n = (int64_t)g->n;
#pragma omp parallel for schedule(dynamic, 1024)
    for (int64_t vi = 0; vi < n; vi++) {
        pr_node v = (pr_node)vi;
        for (uint64_t e = g->in_off[v]; e < g->in_off[v + 1]; e++) {
            pr_node u = g->in_src[e];
            double w = pr_graph_in_weight(g, e);
            double back = weight_from(g, u, v);
            double mutual = back < w ? back : w;
            double beyond =
                mutual > r->reciprocity_allowance ? mutual - r->reciprocity_allowance : 0.0;
            double within = mutual - beyond;
            double kept =
                w - r->reciprocity_discount * beyond - exchange_factor(exchange, u, v, r) * within;
            /* floor at a tiny positive weight: the edge stays, its influence is gone */
            w_new[e] = (float)(kept > w * 1e-6 ? kept : w * 1e-6);
        }
    }
}

static int r_exchange_on(const pr_engagement_rules *r)
{
    return r->exchange_threshold < 1.0;
}

static int check_rules(const pr_engagement_rules *r)
{
    if (!isfinite(r->trust_min_received) || !(r->reciprocity_allowance >= 0.0) ||
        !isfinite(r->reciprocity_allowance) || !(r->reciprocity_discount >= 0.0) ||
        !(r->reciprocity_discount <= 1.0) || !(r->exchange_threshold >= 0.0) ||
        !(r->exchange_threshold <= 1.0)) {
        return PR_EINVAL;
    }
    return PR_OK;
}

static void trust_teleport(double *teleport, uint64_t *trusted, const pr_graph *g,
                           const double *received, double min_received)
{
    uint64_t count = 0;
    for (pr_node v = 0; v < g->n; v++) {
        teleport[v] = (min_received <= 0.0 || received[v] >= min_received) ? 1.0 : 0.0;
        count += teleport[v] > 0.0;
    }
    if (count == 0) {
        for (pr_node v = 0; v < g->n; v++) {
            teleport[v] = 1.0;
        }
        count = g->n;
    }
    for (pr_node v = 0; v < g->n; v++) {
        teleport[v] /= (double)count;
    }
    if (trusted != NULL) {
        *trusted = count;
    }
}

int pr_engagement_rules_apply(double *teleport, uint64_t *trusted, pr_graph *g,
                              const pr_engagement_rules *rules)
{
    if (check_rules(rules) != PR_OK) {
        return PR_EINVAL;
    }
    if (g->n == 0) {
        if (trusted != NULL) {
            *trusted = 0;
        }
        return PR_OK;
    }
    int rc = PR_OK;
    int exchange_on = r_exchange_on(rules);
    double *received = pr_mallocarray(g->n, sizeof *received);
    double *exchange = exchange_on ? pr_mallocarray(g->n, sizeof *exchange) : NULL;
    float *w_new = pr_mallocarray(g->m ? g->m : 1, sizeof *w_new);
    if (received == NULL || w_new == NULL || (exchange_on && exchange == NULL)) {
        rc = PR_ENOMEM;
        goto done;
    }
    pr_engagement_received(received, g);
    trust_teleport(teleport, trusted, g, received, rules->trust_min_received);
    if ((rules->reciprocity_discount > 0.0 || exchange_on) && g->m > 0) {
        if (exchange_on) {
            exchange_shares(exchange, g);
        }
        discount_reciprocity(w_new, g, exchange, rules);
        /* out_w is left as it is: the discounted weight leaks (see the header) */
        pr_graph_replace_weights(g, w_new); /* a loaded graph keeps its mapping as it is */
        w_new = NULL;
    }
done:
    pr_free(received);
    pr_free(exchange);
    pr_free(w_new);
    return rc;
}
