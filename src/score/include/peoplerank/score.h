/* peoplerank: the 1-100 influence score scale (docs/scores.md).
 *
 * The raw influence of a person is their earned rank: the PageRank that reaches them through
 * engagement, e(v) = d * sum_{u->v} r(u) w(u,v) / W(u), i.e. their rank without the teleport
 * share that every account gets for free. Relative to the average person,
 *     rel(v) = e(v) / mean of e over the persons that count (teleport > 0),
 * the score is logistic in log(rel):
 *     score = 1 + 99 / (1 + exp(-(slope * ln(rel) + offset)))
 * The offset puts the average person (rel = 1) at 40; the slope sets how fast scores climb: each
 * step up is harder and scores never leave [1, 100]. A person who earned nothing scores 1. */
#ifndef PEOPLERANK_SCORE_H
#define PEOPLERANK_SCORE_H

#include "peoplerank/graph.h"

#include <stdint.h>

typedef struct pr_scale {
    double slope;
    double offset;
} pr_scale;

/* offset = ln(39/60): an average person scores exactly 40. */
#define PR_SCALE_OFFSET_AVERAGE_40 (-0.43078291609245423)
/* The slope is calibrated on generated populations (docs/scores.md, tests/unit/test_calibration.c).
 */
#define PR_SCALE_SLOPE_DEFAULT 0.35
#define PR_SCALE_INIT                                                                              \
    {                                                                                              \
        .slope = PR_SCALE_SLOPE_DEFAULT, .offset = PR_SCALE_OFFSET_AVERAGE_40                      \
    }

/* The score of a person whose value relative to the average person is `relative` (1 = average;
 * <= 0 scores 1). Monotonic in relative. */
double pr_score_relative(const pr_scale *s, double relative);

/* The score of a person whose rank is `rank` among n persons, taking rank * n as the relative
 * value (for rankings without a graph; pr_score_graph is the calibrated default). */
double pr_score(const pr_scale *s, double rank, uint64_t n);

/* earned[v] = damping * sum over v's in-edges u->v of rank[u] * w(u,v) / out_w[u]. */
void pr_score_earned(double *earned, const pr_graph *g, const double *rank, double damping);

/* The average earned rank over the persons with teleport[v] > 0 (all when teleport is NULL);
 * 0 when there are none. */
double pr_score_reference(const double *earned, const double *teleport, uint64_t n);

/* The calibrated scores of every person of g: earned rank, relative to the average person who
 * counts (teleport > 0; teleport may be NULL = everyone), through the scale. rank and teleport
 * are those the rank kernel used. Unrounded; PR_ENOMEM. */
int pr_score_graph(double *score, const pr_scale *s, const pr_graph *g, const double *rank,
                   const double *teleport, double damping);

/* The score rounded to two decimals, as stored and printed. */
double pr_score_round(double score);

#endif
