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

/* New weights into w_new (m entries), from the original weights only, so the order of edges
 * does not matter. The result is kept positive: the graph's weights must stay > 0. */
static void discount_reciprocity(float *w_new, const pr_graph *g, const pr_engagement_rules *r)
{
    int64_t n = (int64_t)g->n;
#pragma omp parallel for schedule(dynamic, 1024)
    for (int64_t vi = 0; vi < n; vi++) {
        pr_node v = (pr_node)vi;
        for (uint64_t e = g->in_off[v]; e < g->in_off[v + 1]; e++) {
            double w = pr_graph_in_weight(g, e);
            double back = weight_from(g, g->in_src[e], v);
            double mutual = (back < w ? back : w) - r->reciprocity_allowance;
            double kept = mutual > 0.0 ? w - r->reciprocity_discount * mutual : w;
            /* floor at a tiny positive weight: the edge stays, its influence is gone */
            w_new[e] = (float)(kept > w * 1e-6 ? kept : w * 1e-6);
        }
    }
}

static int check_rules(const pr_engagement_rules *r)
{
    if (!isfinite(r->trust_min_received) || !(r->reciprocity_allowance >= 0.0) ||
        !isfinite(r->reciprocity_allowance) || !(r->reciprocity_discount >= 0.0) ||
        !(r->reciprocity_discount <= 1.0)) {
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
    double *received = pr_mallocarray(g->n, sizeof *received);
    float *w_new = pr_mallocarray(g->m ? g->m : 1, sizeof *w_new);
    if (received == NULL || w_new == NULL) {
        rc = PR_ENOMEM;
        goto cleanup;
    }
    pr_engagement_received(received, g);
    trust_teleport(teleport, trusted, g, received, rules->trust_min_received);
    if (rules->reciprocity_discount > 0.0 && g->m > 0) {
        discount_reciprocity(w_new, g, rules);
        /* out_w is left as it is: the discounted weight leaks (see the header) */
        pr_graph_replace_weights(g, w_new); /* a loaded graph keeps its mapping as it is */
        w_new = NULL;
    }
cleanup:
    pr_free(received);
    pr_free(w_new);
    return rc;
}
