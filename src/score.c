/* The 1-100 score scale: logistic in log-rank (see score.h and README "Scores"). */
#include "peoplerank/score.h"

#include <math.h>

double pr_score(const pr_scale *s, double rank, uint64_t n)
{
    double relative = rank * (double)n;
    if (!(relative > 0.0)) {
        return 1.0;
    }
    double x = s->slope * log(relative) + s->offset;
    return 1.0 + 99.0 / (1.0 + exp(-x));
}

double pr_score_round(double score)
{
    return round(score * 100.0) / 100.0;
}
