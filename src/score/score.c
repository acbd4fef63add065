/* The 1-100 score scale: logistic in the log of earned rank relative to the typical person (see
 * score.h and docs/scores.md). */
#include "peoplerank/score.h"

#include <math.h>
#include <stdlib.h>

double pr_score_relative(const pr_scale *s, double relative)
{
    if (!(relative > 0.0)) {
        return 1.0;
    }
    double x = s->slope * log(relative) + s->offset;
    return 1.0 + 99.0 / (1.0 + exp(-x));
}

double pr_score(const pr_scale *s, double rank, uint64_t n)
{
    return pr_score_relative(s, rank * (double)n);
}

void pr_score_earned(double *earned, const pr_graph *g, const double *rank, double damping)
{
    int64_t n = (int64_t)g->n;
#pragma omp parallel for schedule(static)
    for (int64_t vi = 0; vi < n; vi++) {
        pr_node v = (pr_node)vi;
        double sum = 0.0;
        for (uint64_t e = g->in_off[v]; e < g->in_off[v + 1]; e++) {
            pr_node u = g->in_src[e];
            if (g->out_w[u] > 0.0) {
                sum += rank[u] * pr_graph_in_weight(g, e) / g->out_w[u];
            }
        }
        earned[v] = damping * sum;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The typical person, not the average: the mean follows the heavy tail (marketers, celebrities)
 * and the median the share of persons far below (newcomers, pods), so with either every score
 * moved with the population's mix. The middle of the densest half of the earned ranks (on a log
 * scale) sits where most persons are, whatever lies far above or below (docs/scores.md, "The
 * reference"). */
int pr_score_reference(double *ref, const double *earned, const double *teleport, uint64_t n)
{
    *ref = 0.0;
    double *v = pr_mallocarray(n ? n : 1, sizeof *v);
    if (v == NULL) {
        return PR_ENOMEM;
    }
    uint64_t count = 0, zeros = 0;
    double sum = 0.0;
    for (uint64_t i = 0; i < n; i++) {
        if (teleport == NULL || teleport[i] > 0.0) {
            v[count++] = earned[i];
            sum += earned[i];
            zeros += !(earned[i] > 0.0);
        }
    }
    uint64_t half = (count + 1) / 2;
    if (count > 0 && count - zeros < half) {
        /* more than half earned nothing: the mean still tells the others apart */
        *ref = sum / (double)count;
    } else if (count > 0) {
        qsort(v, count, sizeof *v, cmp_double);
        /* the shortest window of `half` positive values, by ratio: v[best .. best + half - 1] */
        uint64_t best = zeros;
        for (uint64_t i = zeros + 1; i + half <= count; i++) {
            if (v[i + half - 1] / v[i] < v[best + half - 1] / v[best]) {
                best = i;
            }
        }
        uint64_t mid = best + (half - 1) / 2;
        *ref = half % 2 ? v[mid] : sqrt(v[mid] * v[mid + 1]);
    }
    pr_free(v);
    return PR_OK;
}

int pr_score_graph(double *score, const pr_scale *s, const pr_graph *g, const double *rank,
                   const double *teleport, double damping)
{
    double *earned = pr_mallocarray(g->n ? g->n : 1, sizeof *earned);
    if (earned == NULL) {
        return PR_ENOMEM;
    }
    pr_score_earned(earned, g, rank, damping);
    double ref = 0.0;
    if (pr_score_reference(&ref, earned, teleport, g->n) != PR_OK) {
        pr_free(earned);
        return PR_ENOMEM;
    }
    for (pr_node v = 0; v < g->n; v++) {
        score[v] = ref > 0.0 ? pr_score_relative(s, earned[v] / ref) : 1.0;
    }
    pr_free(earned);
    return PR_OK;
}

double pr_score_round(double score)
{
    return round(score * 100.0) / 100.0;
}
