/* peoplerank: comparing two snapshots (src/snapshot/snapshot_compare.c): overlap, rank
 * correlations over the persons in both (graph/common rank_stats.h), biggest movers. */
#ifndef PEOPLERANK_SNAPSHOT_COMPARE_H
#define PEOPLERANK_SNAPSHOT_COMPARE_H

#include "peoplerank/rank_stats.h"
#include "peoplerank/snapshot.h"

#include <stdint.h>
#include <stdio.h>

#define PR_COMPARE_MOVERS 10
#define PR_COMPARE_RBO_DEPTH 100000 /* p^depth is below 1e-800 for p <= 0.98 */

typedef struct pr_snapshot_mover {
    char *name;
    uint64_t pos_a, pos_b; /* positions in A and B (0 = absent) */
    double score_a, score_b;
} pr_snapshot_mover;

typedef struct pr_snapshot_comparison {
    uint64_t count_a, count_b;
    uint64_t common, added, removed; /* added: in B only; removed: in A only */
    double spearman, kendall_tau_b;  /* over common persons, on raw ranks */
    double rbo_090, rbo_098;         /* over the two full orderings */
    uint64_t rbo_depth;
    double jaccard[3]; /* top 10, 100, 1000 */
    uint32_t risers_count, fallers_count, added_count, removed_count;
    pr_snapshot_mover risers[PR_COMPARE_MOVERS];      /* biggest position gains, common persons */
    pr_snapshot_mover fallers[PR_COMPARE_MOVERS];     /* biggest position losses */
    pr_snapshot_mover added_top[PR_COMPARE_MOVERS];   /* best-ranked persons new in B */
    pr_snapshot_mover removed_top[PR_COMPARE_MOVERS]; /* best-ranked persons gone from A */
    /* Common persons at the floor score (1.00) in both: tied, so their positions only follow
     * the tie-break; they are left out of risers and fallers, counted here. */
    uint64_t floor_ties;
} pr_snapshot_comparison;

int pr_snapshot_compare(pr_snapshot_comparison *out, pr_snapshot *a, pr_snapshot *b, pr_error *err);
void pr_snapshot_comparison_clear(pr_snapshot_comparison *c);

#endif
