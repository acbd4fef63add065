/* peoplerank: the people-rank kernel by node ranges, the public base of every run whose nodes are
 * partitioned by id ranges (one process with OpenMP, or several with MPI: src/dist/). The
 * iteration it performs is the one pr_rank_pagerank (rank.h) documents. */
#ifndef PEOPLERANK_RANK_KERNEL_H
#define PEOPLERANK_RANK_KERNEL_H

#include "peoplerank/graph.h"

#include <stdint.h>

/* ---- The kernel by node ranges (for a run whose nodes are partitioned by id ranges) ----
 *
 * One iteration is: contrib step over every range, sum of the dangling parts, pull step over
 * every range, sum of the change parts. Reductions are done per fixed chunk of PR_RANK_CHUNK
 * consecutive node ids (chunk c = ids [c*PR_RANK_CHUNK, (c+1)*PR_RANK_CHUNK)), then the chunk
 * parts are added in chunk order by pr_rank_sum_parts; so a range must start on a chunk
 * boundary (begin % PR_RANK_CHUNK == 0) and end on one or at n. Any partition into such ranges,
 * at any thread count, gives bit-identical ranks. These functions use no global state; `threads`
 * is the OpenMP thread count (0 = OpenMP's default). */
#define PR_RANK_CHUNK 4096u

/* Number of reduction chunks (and of entries of a parts array) for n nodes. */
static inline uint64_t pr_rank_chunk_count(pr_node n)
{
    return ((uint64_t)n + PR_RANK_CHUNK - 1) / PR_RANK_CHUNK;
}

/* contrib[u] = rank[u] / W(u) (0 when u is dangling) for u in [begin, end); for each chunk c in
 * the range, dangling_parts[c] = the rank held by the chunk's dangling nodes. */
void pr_rank_contrib_range(double *contrib, double *dangling_parts, const pr_graph *g,
                           const double *rank, pr_node begin, pr_node end, int threads);

/* The pull step for v in [begin, end): rank[v] = (1-d) t(v) + d (sum_{u->v} contrib[u] w(u,v)
 * + dangling t(v)), t = teleport or uniform when NULL; for each chunk c in the range,
 * change_parts[c] = sum of |new - old| over the chunk. contrib must hold every source. */
void pr_rank_pull_range(double *rank, double *change_parts, const pr_graph *g,
                        const double *contrib, double dangling, double damping,
                        const double *teleport, pr_node begin, pr_node end, int threads);

/* The same two steps with float contributions (pr_rank_opts.float_contrib). */
void pr_rank_contrib_range_f(float *contrib, double *dangling_parts, const pr_graph *g,
                             const double *rank, pr_node begin, pr_node end, int threads);
void pr_rank_pull_range_f(double *rank, double *change_parts, const pr_graph *g,
                          const float *contrib, double dangling, double damping,
                          const double *teleport, pr_node begin, pr_node end, int threads);

/* parts[0] + parts[1] + ... + parts[count-1], in that order. */
double pr_rank_sum_parts(const double *parts, uint64_t count);

#endif
