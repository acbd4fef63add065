/* Ranges of person ids balanced by work: in-edges plus a per-person constant. */
#include "peoplerank/dist.h"

/* What one person costs the pull step beside its in-edges (its teleport term, rank write and
 * contribution), in in-edges; GeminiGraph balances by out-degree + alpha the same way. */
#define PERSON_COST 2u

static uint64_t range_cost(const pr_graph *g, pr_node b, pr_node e)
{
    return (g->in_off[e] - g->in_off[b]) + (uint64_t)PERSON_COST * (e - b);
}

void pr_dist_partition(pr_node *bounds, const pr_graph *g, unsigned parts)
{
    uint64_t chunks = pr_rank_chunk_count(g->n);
    uint64_t total = range_cost(g, 0, g->n), done = 0;
    unsigned p = 0;
    bounds[0] = 0;
    /* Part p closes once the work so far reaches its share, (p+1)/parts of the total. */
    for (uint64_t c = 0; c < chunks && p + 1 < parts; c++) {
        pr_node b = (pr_node)(c * PR_RANK_CHUNK);
        pr_node e = (uint64_t)b + PR_RANK_CHUNK < g->n ? b + PR_RANK_CHUNK : g->n;
        done += range_cost(g, b, e);
        while (p + 1 < parts && done * parts >= total * (p + 1)) {
            bounds[++p] = e;
        }
    }
    while (p < parts) {
        bounds[++p] = g->n;
    }
}
