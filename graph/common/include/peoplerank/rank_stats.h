/* peoplerank: rank statistics shared by every room that compares rankings (snapshot compare, the
 * hold-out evaluation): rank correlations with ties, rank-biased overlap, and the radix sort
 * they are built on. */
#ifndef PEOPLERANK_RANK_STATS_H
#define PEOPLERANK_RANK_STATS_H

#include "peoplerank/common.h"

#include <stdint.h>

/* Spearman's rho (Pearson correlation of average ranks) and Kendall's tau-b (Knight 1966), ties
 * handled, O(n log n). NaN when undefined (n < 2, a constant input) or out of memory. */
double pr_stat_spearman(const double *x, const double *y, uint64_t n);
double pr_stat_kendall_tau_b(const double *x, const double *y, uint64_t n);
/* Both at once (they share their two sorts). */
void pr_stat_rank_correlations(double *rho, double *tau, const double *x, const double *y,
                               uint64_t n);
/* Extrapolated rank-biased overlap (Webber et al. 2010) from overlap[d-1] = |A[1..d] & B[1..d]|
 * for d = 1..depth. */
double pr_stat_rbo(const uint64_t *overlap, uint64_t depth, double p);

/* Stable LSD radix sort of (key, idx) pairs by key; tmp has n entries, count 2049. */
typedef struct pr_sort_pair {
    uint64_t key;
    uint64_t idx;
} pr_sort_pair;
void pr_radix_sort(pr_sort_pair *a, pr_sort_pair *tmp, uint64_t n, uint64_t *count);

#endif
