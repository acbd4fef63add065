/* peoplerank: the people-rank kernel (weighted PageRank, pull direction, OpenMP).
 *
 * r'(v) = (1-d) t(v) + d [ sum_{u->v} r(u) w(u,v) / W(u)  +  D t(v) ]
 * where W(u) is u's total out-weight, D the rank held by dangling nodes (W = 0) and t the
 * teleport distribution (uniform 1/n unless a prior is given). The tolerance bounds the L1 change
 * of r between two iterations. Results are bit-identical at any thread count. */
#ifndef PEOPLERANK_RANK_H
#define PEOPLERANK_RANK_H

#include "peoplerank/common.h"
#include "peoplerank/graph.h"

typedef struct pr_rank_opts {
    double damping;          /* d, in [0, 1) */
    double tolerance;        /* stop when the L1 change is below this; 0 = run max_iterations */
    uint32_t max_iterations;
    const double *teleport;  /* n entries summing to 1, or NULL for uniform */
    const double *initial;   /* warm start: n entries (renormalised), or NULL for teleport */
    int threads;             /* 0 = OpenMP's default */
} pr_rank_opts;

#define PR_RANK_OPTS_INIT {0.85, 1e-10, 1000, NULL, NULL, 0}

typedef struct pr_rank_result {
    uint32_t iterations;
    double final_change; /* L1 change of the last iteration */
    int converged;       /* final_change < tolerance */
} pr_rank_result;

/* Ranks g into rank[0..n-1] (non-negative, summing to 1). */
int pr_rank_pagerank(double *rank, pr_rank_result *result, const pr_graph *g,
                     const pr_rank_opts *opts);

#endif
