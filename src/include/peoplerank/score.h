/* peoplerank: the 1-100 influence score scale.
 *
 * score = 1 + 99 / (1 + exp(-(slope * ln(rank * n) + offset)))
 * rank * n is the rank relative to the average person (1 = average). The offset puts the average
 * person at 40; the slope sets how fast scores climb: logistic in log-rank, so each step up is
 * harder and scores never leave [1, 100]. */
#ifndef PEOPLERANK_SCORE_H
#define PEOPLERANK_SCORE_H

#include <stdint.h>

typedef struct pr_scale {
    double slope;
    double offset;
} pr_scale;

/* offset = ln(39/60): an average person scores exactly 40. */
#define PR_SCALE_OFFSET_AVERAGE_40 (-0.43078291609245423)
#define PR_SCALE_INIT {1.0, PR_SCALE_OFFSET_AVERAGE_40}

/* The score of a person whose rank is `rank` among n persons. Monotonic in rank. */
double pr_score(const pr_scale *s, double rank, uint64_t n);

/* The score rounded to two decimals, as stored and printed. */
double pr_score_round(double score);

#endif
