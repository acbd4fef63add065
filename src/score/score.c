/* The 1-100 score scale: logistic in the log of earned rank relative to the average person (see
 * score.h and docs/scores.md). */
#include "peoplerank/score.h"

#include <math.h>

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

double pr_score_reference(const double *earned, const double *teleport, uint64_t n)
{
    double sum = 0.0;
    uint64_t count = 0;
    for (uint64_t v = 0; v < n; v++) {
        if (teleport == NULL || teleport[v] > 0.0) {
            sum += earned[v];
            count++;
        }
    }
    return count > 0 ? sum / (double)count : 0.0;
}

int pr_score_graph(double *score, const pr_scale *s, const pr_graph *g, const double *rank,
                   const double *teleport, double damping)
{
    double *earned = pr_mallocarray(g->n ? g->n : 1, sizeof *earned);
    if (earned == NULL) {
        return PR_ENOMEM;
    }
    pr_score_earned(earned, g, rank, damping);
    double ref = pr_score_reference(earned, teleport, g->n);
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
