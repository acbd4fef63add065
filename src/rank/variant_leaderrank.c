/* LeaderRank (Lu, Zhang, Yeung, Zhou 2011): a ground node linked both ways to every person, a
 * random walk with no damping, and the ground's final score shared out evenly.
 *
 * Weighted form used here: from person u the walk follows u->v with probability
 * w(u,v) / W(u) * k(u) / (k(u) + 1) and goes to the ground with 1 / (k(u) + 1), k(u) being u's
 * out-degree; i.e. the ground link weighs as much as u's mean out-edge, which gives back the
 * original definition when every weight is 1 (and a dangling person goes to the ground). The
 * ground jumps to every person uniformly. Scores are kept as a distribution (persons + ground
 * sum to 1, all persons starting at 1/n and the ground at 0, as in the paper up to the factor n);
 * the result is s(v) + s(ground) / n, which sums to 1. Reuses the pull kernel with damping 1:
 * s'(v) = s(ground) / n + sum_{u->v} contrib(u) w(u,v). W(u) is the sum of u's edge weights in
 * the graph, not g->out_w: a graph may leak rank on purpose (out_w above the kept weights, see
 * engagement_rules.h), which PageRank's teleport absorbs but an undamped walk would drain to 0.
 * Extra memory: contrib and W (8 bytes each) and the out-degree (4 bytes) per person. */
#include "peoplerank/rank.h"

#include "rank_internal.h"

#include <math.h>

#ifdef _OPENMP
#include <omp.h>

/* One thread for small graphs, as in rank.c. */
static int team_size(int threads, pr_node n)
{
    if (n < (1u << 18)) {
        return 1;
    }
    return threads > 0 ? threads : omp_get_max_threads();
}
#endif

/* contrib[u] = s(u) k / ((k+1) W(u)); parts[c] = mass sent to the ground by chunk c. */
static void leader_contrib(double *contrib, double *parts, const pr_graph *g, const double *s,
                           const uint32_t *deg, const double *out_w, int threads)
{
    int64_t chunks = (int64_t)pr_rank_chunk_count(g->n);
    (void)threads;
#pragma omp parallel for schedule(static) num_threads(team_size(threads, g->n))
    for (int64_t c = 0; c < chunks; c++) {
        pr_node b = (pr_node)(c * PR_RANK_CHUNK);
        pr_node e = (uint64_t)b + PR_RANK_CHUNK < g->n ? b + PR_RANK_CHUNK : g->n;
        double ground = 0.0;
        for (pr_node u = b; u < e; u++) {
            double k = (double)deg[u];
            contrib[u] = deg[u] ? s[u] * k / ((k + 1.0) * out_w[u]) : 0.0;
            ground += s[u] / (k + 1.0);
        }
        parts[c] = ground;
    }
}

static void start(double *s, const pr_graph *g, const pr_rank_opts *opts)
{
    double sum = 0.0;
    for (pr_node v = 0; v < g->n; v++) {
        s[v] = opts->initial ? opts->initial[v] : 1.0;
        sum += s[v];
    }
    for (pr_node v = 0; v < g->n; v++) {
        s[v] /= sum;
    }
}

int pr_rank__leaderrank(double *value, pr_rank_result *result, const pr_graph *g,
                        const pr_rank_opts *opts)
{
    pr_rank_result res = {0, 0.0, 0};
    uint64_t chunks = pr_rank_chunk_count(g->n);
    double *contrib = NULL, *ground_parts = NULL, *change_parts = NULL;
    uint32_t *deg = NULL;
    double *out_w = NULL;
    int rc;
    if ((rc = pr_rank_check_opts(g, opts)) != PR_OK || g->n == 0) {
        goto done;
    }
    rc = PR_ENOMEM;
    contrib = pr_mallocarray(g->n, sizeof *contrib);
    deg = pr_calloc(g->n, sizeof *deg);
    out_w = pr_calloc(g->n, sizeof *out_w);
    ground_parts = pr_mallocarray(chunks, sizeof *ground_parts);
    change_parts = pr_mallocarray(chunks, sizeof *change_parts);
    if (contrib == NULL || deg == NULL || out_w == NULL || ground_parts == NULL ||
        change_parts == NULL) {
        goto done;
    }
    rc = PR_OK;
    for (uint64_t e = 0; e < g->m; e++) {
        deg[g->in_src[e]]++;
        out_w[g->in_src[e]] += pr_graph_in_weight(g, e);
    }
    int threads = opts->threads;
    start(value, g, opts);
    double ground = 0.0;
    while (res.iterations < opts->max_iterations) {
        leader_contrib(contrib, ground_parts, g, value, deg, out_w, threads);
        double next_ground = pr_rank_sum_parts(ground_parts, chunks);
        pr_rank_pull_range(value, change_parts, g, contrib, ground, 1.0, NULL, 0, g->n, threads);
        res.final_change = pr_rank_sum_parts(change_parts, chunks) + fabs(next_ground - ground);
        ground = next_ground;
        res.iterations++;
        if (res.final_change < opts->tolerance) {
            res.converged = 1;
            break;
        }
    }
    for (pr_node v = 0; v < g->n; v++) {
        value[v] += ground / (double)g->n;
    }
done:
    pr_free(contrib), pr_free(deg), pr_free(out_w), pr_free(ground_parts), pr_free(change_parts);
    if (result != NULL) {
        *result = res;
    }
    return rc;
}
