/* peoplerank: engagement rules against gaming, applied to the built graph before ranking
 * (docs/scores.md, "Resistance to gaming").
 *
 * Two rules, both cheap (one pass over the edges) and both about what counts as evidence of
 * influence:
 *
 * 1. Seeded trust. The teleport (the share of rank every account gets for free) goes only to
 *    accounts that have received at least `trust_min_received` weight of engagement (after the
 *    ingest's window, decay, daily cap and selectivity). An account nobody engages - a bought
 *    follower, a sock puppet - then holds no rank, so its follows and likes pass nothing on.
 *
 * 2. Reciprocity discount. For every pair that engages both ways, the mutual part beyond an
 *    allowance, m = max(0, min(w(u,v), w(v,u)) - allowance), is discounted:
 *    w'(u,v) = w(u,v) - discount * m. Friends who talk now and then stay under the allowance;
 *    an engagement pod, whose members like every member's posts every day, does not. The
 *    discounted weight is not handed to u's other targets: out_w[u] keeps the undiscounted
 *    total, so that share of u's rank leaks (PageRank then sums to less than 1, and is the
 *    "leak to teleport" PageRank up to a constant factor; the score scale works on relative
 *    values, so the factor does not matter).
 *
 * 3. Exchange (closed mutual structure). An account's exchange share is the part of its
 *    out-weight that the same partners return: sum_u min(w(v,u), w(u,v)) / W(v). Friends and
 *    audiences stay well under a half (casual users 0.2-0.4, daily users about 0.1, marketers
 *    0.4-0.8 when their audiences are their peers); a pod member, whose engagement all goes to
 *    members who engage back, is above 0.9. For a pair whose smaller exchange share x exceeds
 *    `exchange_threshold` t, the mutual weight inside the allowance is removed too, in the
 *    proportion 2 (x - t) / (1 - t), capped at 1 (all of it from x = (1 + t) / 2 = 0.75 on): a
 *    pair trading most of its engagement keeps none of the trade, whatever its amount (pods whose
 *    members only like stay under the allowance).
 */
#ifndef PEOPLERANK_ENGAGEMENT_RULES_H
#define PEOPLERANK_ENGAGEMENT_RULES_H

#include "peoplerank/common.h"
#include "peoplerank/graph.h"

#include <stdint.h>

typedef struct pr_engagement_rules {
    double trust_min_received;    /* weight received to get teleport; <= 0: everyone trusted */
    double reciprocity_allowance; /* mutual weight per pair that counts in full */
    double reciprocity_discount; /* share of the mutual weight beyond the allowance removed, 0..1 */
    double exchange_threshold;   /* exchange share above which mutual weight is traded; 1 = off */
} pr_engagement_rules;

/* Defaults (docs/scores.md): half a like's worth of engagement earns trust (one like a month
 * old, after decay; a follow alone does not); mutual weight above 20 (about a mutual like every
 * other day over the window, after decay) is removed. */
#define PR_ENGAGEMENT_RULES_INIT                                                                   \
    {                                                                                              \
        .trust_min_received = 0.5, .reciprocity_allowance = 20.0, .reciprocity_discount = 1.0,     \
        .exchange_threshold = 0.5                                                                  \
    }

/* Applies the rules to g in place and writes the teleport distribution into teleport[0..n-1]
 * (uniform over the trusted accounts, summing to 1; uniform over all when none is trusted).
 * *trusted (may be NULL) receives the number of trusted accounts: the persons the score scale
 * averages over. g may be a loaded graph (pr_graph_load): its new weights replace the mapped
 * ones (pr_graph_replace_weights), the file is never written; an unweighted graph gets weights.
 * PR_EINVAL on bad rule values, PR_ENOMEM. Deterministic at any thread count. */
int pr_engagement_rules_apply(double *teleport, uint64_t *trusted, pr_graph *g,
                              const pr_engagement_rules *rules);

/* The weight each node received (sum of its in-edge weights), into received[0..n-1]. */
void pr_engagement_received(double *received, const pr_graph *g);

#endif
