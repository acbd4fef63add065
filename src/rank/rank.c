/* The people-rank kernel: Jacobi PageRank pulled over in-edges, reductions over fixed chunks.
 *
 * Memory beyond the graph: the caller's rank array plus one contrib array (8 + 8 bytes per
 * node) and two parts arrays of one double per PR_RANK_CHUNK nodes. The pull step reads only
 * contrib (computed from the previous ranks), so it can overwrite rank in place and still be a
 * Jacobi step; no second rank vector is needed. Ranks and contributions are double by default:
 * the tests hold the result to 1e-9 (L1) of PRPACK and float rounding alone costs ~6e-8 relative
 * per entry; opts->float_contrib trades that for contributions half the size (two float arrays,
 * current and next, filled in the same pass as the ranks). */
#include "peoplerank/rank.h"

#include <math.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#ifdef _OPENMP
/* Below this many nodes + edges a step runs on one thread: forking a team costs more than the
 * step, and far more on an oversubscribed machine, where one descheduled thread stalls the
 * whole team at the barrier (measured: 0.1 ms iterations turning into 40 ms). The result does
 * not depend on it. */
#define SERIAL_WORK (1u << 18)

/* OpenMP's default when threads <= 0. */
static int team_size(int threads, uint64_t work)
{
    if (work < SERIAL_WORK) {
        return 1;
    }
    return threads > 0 ? threads : omp_get_max_threads();
}
#endif

static pr_node chunk_end(pr_node c_begin, pr_node end)
{
    uint64_t e = (uint64_t)c_begin + PR_RANK_CHUNK;
    return e < end ? (pr_node)e : end;
}

/* Exactly one of contrib_d, contrib_f is not NULL. */
static void contrib_range(double *contrib_d, float *contrib_f, double *dangling_parts,
                          const pr_graph *g, const double *rank, pr_node begin, pr_node end,
                          int threads)
{
    const double *out_w = g->out_w;
    int64_t first = begin / PR_RANK_CHUNK;
    int64_t last = (int64_t)pr_rank_chunk_count(end);
    (void)threads;
#pragma omp parallel for schedule(static) num_threads(team_size(threads, end - begin))
    for (int64_t c = first; c < last; c++) {
        pr_node b = (pr_node)(c * PR_RANK_CHUNK);
        pr_node e = chunk_end(b, end);
        double dangling = 0.0;
        for (pr_node u = b; u < e; u++) {
            double x = 0.0;
            if (out_w[u] > 0.0) {
                x = rank[u] / out_w[u];
            } else {
                dangling += rank[u];
            }
            if (contrib_d != NULL) {
                contrib_d[u] = x;
            } else {
                contrib_f[u] = (float)x;
            }
        }
        dangling_parts[c] = dangling;
    }
}

void pr_rank_contrib_range(double *contrib, double *dangling_parts, const pr_graph *g,
                           const double *rank, pr_node begin, pr_node end, int threads)
{
    contrib_range(contrib, NULL, dangling_parts, g, rank, begin, end, threads);
}

void pr_rank_contrib_range_f(float *contrib, double *dangling_parts, const pr_graph *g,
                             const double *rank, pr_node begin, pr_node end, int threads)
{
    contrib_range(NULL, contrib, dangling_parts, g, rank, begin, end, threads);
}

/* sum_{u->v} contrib[u] w(u,v), summed in edge order. */
static inline double pull_sum_d(const pr_graph *g, const double *contrib, pr_node v)
{
    const pr_node *src = g->in_src;
    uint64_t e0 = g->in_off[v], e1 = g->in_off[v + 1];
    double s = 0.0;
    if (g->in_w == NULL) {
        for (uint64_t e = e0; e < e1; e++) {
            s += contrib[src[e]];
        }
    } else {
        const float *w = g->in_w;
        for (uint64_t e = e0; e < e1; e++) {
            s += contrib[src[e]] * (double)w[e];
        }
    }
    return s;
}

static inline double pull_sum_f(const pr_graph *g, const float *contrib, pr_node v)
{
    const pr_node *src = g->in_src;
    uint64_t e0 = g->in_off[v], e1 = g->in_off[v + 1];
    double s = 0.0;
    if (g->in_w == NULL) {
        for (uint64_t e = e0; e < e1; e++) {
            s += (double)contrib[src[e]];
        }
    } else {
        const float *w = g->in_w;
        for (uint64_t e = e0; e < e1; e++) {
            s += (double)contrib[src[e]] * (double)w[e];
        }
    }
    return s;
}

static void pull_range(double *rank, double *change_parts, const pr_graph *g,
                       const double *contrib_d, const float *contrib_f, double dangling,
                       double damping, const double *teleport, pr_node begin, pr_node end,
                       int threads)
{
    /* r'(v) = t(v) ((1-d) + d D) + d sum: the teleport and dangling terms share t(v). */
    double jump = (1.0 - damping) + damping * dangling;
    double uniform = g->n > 0 ? 1.0 / (double)g->n : 0.0;
    int64_t first = begin / PR_RANK_CHUNK;
    int64_t last = (int64_t)pr_rank_chunk_count(end);
    (void)threads;
    /* Dynamic: chunks of power-law graphs differ a lot in edges; results do not depend on it. */
#pragma omp parallel for schedule(dynamic, 1)                                                      \
    num_threads(team_size(threads, (end - begin) + (g->in_off[end] - g->in_off[begin])))
    for (int64_t c = first; c < last; c++) {
        pr_node b = (pr_node)(c * PR_RANK_CHUNK);
        pr_node e = chunk_end(b, end);
        double change = 0.0;
        for (pr_node v = b; v < e; v++) {
            double t = teleport ? teleport[v] : uniform;
            double s = contrib_d ? pull_sum_d(g, contrib_d, v) : pull_sum_f(g, contrib_f, v);
            double r = t * jump + damping * s;
            change += fabs(r - rank[v]);
            rank[v] = r;
        }
        change_parts[c] = change;
    }
}

void pr_rank_pull_range(double *rank, double *change_parts, const pr_graph *g,
                        const double *contrib, double dangling, double damping,
                        const double *teleport, pr_node begin, pr_node end, int threads)
{
    pull_range(rank, change_parts, g, contrib, NULL, dangling, damping, teleport, begin, end,
               threads);
}

void pr_rank_pull_range_f(double *rank, double *change_parts, const pr_graph *g,
                          const float *contrib, double dangling, double damping,
                          const double *teleport, pr_node begin, pr_node end, int threads)
{
    pull_range(rank, change_parts, g, NULL, contrib, dangling, damping, teleport, begin, end,
               threads);
}

/* The float path fuses the two steps: computing rank[v], it also writes v's next contribution
 * into a second float array and adds v's rank to the chunk's dangling part when v is dangling.
 * These are the values and the order of additions of the two-step path (contrib_range after
 * pull_range), so the bits are the same, in one pass and one barrier per iteration. */
static void fused_range_f(double *rank, float *next, double *dangling_parts, double *change_parts,
                          const pr_graph *g, const float *contrib, double dangling, double damping,
                          const double *teleport, pr_node begin, pr_node end, int threads)
{
    double jump = (1.0 - damping) + damping * dangling;
    double uniform = g->n > 0 ? 1.0 / (double)g->n : 0.0;
    const double *out_w = g->out_w;
    int64_t first = begin / PR_RANK_CHUNK;
    int64_t last = (int64_t)pr_rank_chunk_count(end);
    (void)threads;
#pragma omp parallel for schedule(dynamic, 1)                                                      \
    num_threads(team_size(threads, (end - begin) + (g->in_off[end] - g->in_off[begin])))
    for (int64_t c = first; c < last; c++) {
        pr_node b = (pr_node)(c * PR_RANK_CHUNK);
        pr_node e = chunk_end(b, end);
        double change = 0.0, dangle = 0.0;
        for (pr_node v = b; v < e; v++) {
            double t = teleport ? teleport[v] : uniform;
            double r = t * jump + damping * pull_sum_f(g, contrib, v);
            change += fabs(r - rank[v]);
            rank[v] = r;
            double x = 0.0;
            if (out_w[v] > 0.0) {
                x = r / out_w[v];
            } else {
                dangle += r;
            }
            next[v] = (float)x;
        }
        change_parts[c] = change;
        dangling_parts[c] = dangle;
    }
}

/* Iterates with float contributions (opts->float_contrib): two float arrays, current and next. */
static int iterate_float(pr_rank_result *res, double *rank, const pr_graph *g,
                         const pr_rank_opts *opts, double *dangling_parts, double *change_parts)
{
    uint64_t chunks = pr_rank_chunk_count(g->n);
    float *cur = pr_mallocarray(g->n, sizeof *cur), *next = pr_mallocarray(g->n, sizeof *next);
    if (cur == NULL || next == NULL) {
        pr_free(cur), pr_free(next);
        return PR_ENOMEM;
    }
    contrib_range(NULL, cur, dangling_parts, g, rank, 0, g->n, opts->threads);
    double dangling = pr_rank_sum_parts(dangling_parts, chunks);
    while (res->iterations < opts->max_iterations) {
        fused_range_f(rank, next, dangling_parts, change_parts, g, cur, dangling, opts->damping,
                      opts->teleport, 0, g->n, opts->threads);
        dangling = pr_rank_sum_parts(dangling_parts, chunks);
        res->final_change = pr_rank_sum_parts(change_parts, chunks);
        res->iterations++;
        float *t = cur;
        cur = next, next = t;
        if (res->final_change < opts->tolerance) {
            res->converged = 1;
            break;
        }
    }
    pr_free(cur), pr_free(next);
    return PR_OK;
}

double pr_rank_sum_parts(const double *parts, uint64_t count)
{
    double s = 0.0;
    for (uint64_t i = 0; i < count; i++) {
        s += parts[i];
    }
    return s;
}

/* Checks a distribution: finite, non-negative entries; *sum receives their sum. */
static int check_vector(double *sum, const double *x, pr_node n)
{
    double s = 0.0;
    for (pr_node v = 0; v < n; v++) {
        if (!(x[v] >= 0.0) || !isfinite(x[v])) {
            return PR_EINVAL;
        }
        s += x[v];
    }
    *sum = s;
    return PR_OK;
}

int pr_rank_check_opts(const pr_graph *g, const pr_rank_opts *opts)
{
    double sum = 0.0;
    if (!(opts->damping >= 0.0 && opts->damping < 1.0)) {
        return PR_EINVAL;
    }
    if (!(opts->tolerance >= 0.0) || !isfinite(opts->tolerance)) {
        return PR_EINVAL;
    }
    if (opts->teleport != NULL) {
        if (check_vector(&sum, opts->teleport, g->n) != PR_OK || !(fabs(sum - 1.0) <= 1e-9)) {
            return PR_EINVAL;
        }
    }
    if (opts->initial != NULL) {
        if (check_vector(&sum, opts->initial, g->n) != PR_OK || !(sum > 0.0)) {
            return PR_EINVAL;
        }
    }
    return PR_OK;
}

void pr_rank_start_vector(double *rank, const pr_graph *g, const pr_rank_opts *opts)
{
    pr_node n = g->n;
    if (opts->initial != NULL) {
        double sum = 0.0;
        for (pr_node v = 0; v < n; v++) {
            sum += opts->initial[v];
        }
        double scale = opts->initial_scale > 0.0 ? opts->initial_scale : 1.0;
        for (pr_node v = 0; v < n; v++) {
            rank[v] = opts->initial[v] / sum * scale;
        }
    } else if (opts->teleport != NULL) {
        memmove(rank, opts->teleport, (size_t)n * sizeof *rank);
    } else {
        for (pr_node v = 0; v < n; v++) {
            rank[v] = 1.0 / (double)n;
        }
    }
}

int pr_rank_pagerank(double *rank, pr_rank_result *result, const pr_graph *g,
                     const pr_rank_opts *opts)
{
    pr_rank_result res = {0, 0.0, 0};
    double *contrib = NULL, *dangling_parts = NULL, *change_parts = NULL;
    int rc;
    if ((rc = pr_rank_check_opts(g, opts)) != PR_OK || g->n == 0) {
        goto done;
    }
    uint64_t chunks = pr_rank_chunk_count(g->n);
    dangling_parts = pr_mallocarray(chunks, sizeof *dangling_parts);
    change_parts = pr_mallocarray(chunks, sizeof *change_parts);
    if (!opts->float_contrib) {
        contrib = pr_mallocarray(g->n, sizeof *contrib);
    }
    if ((contrib == NULL && !opts->float_contrib) || dangling_parts == NULL ||
        change_parts == NULL) {
        rc = PR_ENOMEM;
        goto done;
    }
    pr_rank_start_vector(rank, g, opts);
    if (opts->float_contrib) {
        rc = iterate_float(&res, rank, g, opts, dangling_parts, change_parts);
        goto done;
    }
    while (res.iterations < opts->max_iterations) {
        pr_rank_contrib_range(contrib, dangling_parts, g, rank, 0, g->n, opts->threads);
        double dangling = pr_rank_sum_parts(dangling_parts, chunks);
        pr_rank_pull_range(rank, change_parts, g, contrib, dangling, opts->damping, opts->teleport,
                           0, g->n, opts->threads);
        res.final_change = pr_rank_sum_parts(change_parts, chunks);
        res.iterations++;
        if (res.final_change < opts->tolerance) {
            res.converged = 1;
            break;
        }
    }
done:
    pr_free(contrib), pr_free(dangling_parts), pr_free(change_parts);
    if (result != NULL) {
        *result = res;
    }
    return rc;
}
