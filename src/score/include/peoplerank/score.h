/* peoplerank: the 1-100 influence score scale (docs/scores.md).
 *
 * The raw influence of a person is their earned rank: the PageRank that reaches them through
 * engagement, e(v) = d * sum_{u->v} r(u) w(u,v) / W(u), i.e. their rank without the teleport
 * share that every account gets for free. Relative to the typical person,
 *     rel(v) = e(v) / e of the typical person that counts (teleport > 0; pr_score_reference),
 * the score is logistic in log(rel):
 *     score = 1 + 99 / (1 + exp(-(slope * ln(rel) + offset)))
 * The offset puts the typical person (rel = 1) at 30; the slope sets how fast scores climb: each
 * step up is harder and scores never leave [1, 100]. A person who earned nothing scores 1. The
 * typical person, not the average: the mean follows the heavy tail, so with it every score moved
 * with the share of marketers and celebrities in the population (docs/scores.md, "The
 * reference"). */
#ifndef PEOPLERANK_SCORE_H
#define PEOPLERANK_SCORE_H

#include "peoplerank/graph.h"

#include <stdint.h>

typedef struct pr_scale {
    double slope;
    double offset;
} pr_scale;

/* offset = ln(29/70): the typical person who counts scores exactly 30. */
#define PR_SCALE_OFFSET_MEDIAN_30 (-0.8811994120628849)
/* The slope is calibrated on generated populations (docs/scores.md, "The matrix"). */
#define PR_SCALE_SLOPE_DEFAULT 0.33
#define PR_SCALE_INIT                                                                              \
    {                                                                                              \
        .slope = PR_SCALE_SLOPE_DEFAULT, .offset = PR_SCALE_OFFSET_MEDIAN_30                       \
    }

/* The score of a person whose value relative to the average person is `relative` (1 = average;
 * <= 0 scores 1). Monotonic in relative. */
double pr_score_relative(const pr_scale *s, double relative);

/* The score of a person whose rank is `rank` among n persons, taking rank * n as the relative
 * value (for rankings without a graph; pr_score_graph is the calibrated default). */
double pr_score(const pr_scale *s, double rank, uint64_t n);

/* earned[v] = damping * sum over v's in-edges u->v of rank[u] * w(u,v) / out_w[u]. */
void pr_score_earned(double *earned, const pr_graph *g, const double *rank, double damping);

/* *ref = the earned rank of the typical person with teleport[v] > 0 (all when teleport is NULL):
 * the middle of the densest half, i.e. of the ceil(k/2) consecutive earned values (sorted, k
 * persons) whose largest / smallest is smallest (the first such window; the geometric mean of
 * its two middle values when ceil(k/2) is even). The mean when more than half earned nothing;
 * 0 when there are none. PR_OK or PR_ENOMEM (it sorts a copy). */
int pr_score_reference(double *ref, const double *earned, const double *teleport, uint64_t n);

/* The calibrated scores of every person of g: earned rank, relative to the average person who
 * counts (teleport > 0; teleport may be NULL = everyone), through the scale. rank and teleport
 * are those the rank kernel used. Unrounded; PR_ENOMEM. */
int pr_score_graph(double *score, const pr_scale *s, const pr_graph *g, const double *rank,
                   const double *teleport, double damping);

/* The score rounded to two decimals, as stored and printed. */
double pr_score_round(double score);

#endif
