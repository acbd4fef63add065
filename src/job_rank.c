/* Ranking every network with one algorithm and combining the networks into a person rank. */
#include "job_internal.h"

#include <math.h>
#include <string.h>

void pr_job_combine(double *person_rank, const double *account_rank, const pr_node *person_of,
                    pr_node accounts, double networks)
{
    for (pr_node a = 0; a < accounts; a++) {
        pr_node p = person_of ? person_of[a] : a;
        if (p != PR_NODE_NONE) {
            person_rank[p] += account_rank[a] / networks;
        }
    }
}

/* A per-account vector from a per-person one (teleport or warm start); NULL when every entry
 * is 0, so that the kernel falls back to its default. */
static double *project(const double *person_value, const job_network *net, double fill)
{
    if (person_value == NULL) {
        return NULL;
    }
    double *v = pr_mallocarray(net->graph->n, sizeof *v);
    double sum = 0.0;
    for (pr_node a = 0; v != NULL && a < net->graph->n; a++) {
        pr_node p = net->person_of ? net->person_of[a] : a;
        v[a] = (p != PR_NODE_NONE && person_value[p] > 0.0) ? person_value[p] : fill;
        sum += v[a];
    }
    if (v != NULL && !(sum > 0.0)) {
        pr_free(v);
        return NULL;
    }
    for (pr_node a = 0; v != NULL && a < net->graph->n; a++) {
        v[a] /= sum;
    }
    return v;
}

static int uses_teleport(pr_algorithm a)
{
    return a == PR_ALGO_PAGERANK || a == PR_ALGO_PERSONALIZED;
}

static int uses_warm_start(pr_algorithm a)
{
    return a == PR_ALGO_PAGERANK || a == PR_ALGO_PERSONALIZED || a == PR_ALGO_LEADERRANK;
}

static void merge_result(pr_rank_result *total, const pr_rank_result *one)
{
    total->iterations += one->iterations;
    total->final_change = fmax(total->final_change, one->final_change);
    total->converged = total->converged && one->converged;
}

static int rank_network(pr_rank_result *res, job_network *net, const job_ctx *c, pr_algorithm a,
                        pr_error *err)
{
    pr_rank_opts o = c->opts->rank;
    double *teleport = uses_teleport(a) ? project(c->teleport, net, 0.0) : NULL;
    /* Persons new since the previous snapshot start at the average. */
    double fill = c->persons->n ? 1.0 / (double)c->persons->n : 0.0;
    double *initial = (uses_warm_start(a) && !c->opts->no_warm_start) ? project(c->previous, net, fill) : NULL;
    o.teleport = teleport;
    o.initial = initial;
    pr_algorithm run = (a == PR_ALGO_PERSONALIZED && teleport == NULL) ? PR_ALGO_PAGERANK : a;
    net->value = pr_mallocarray(net->graph->n, sizeof *net->value);
    int rc = net->value ? pr_rank_variant(net->value, res, err, net->graph, run, &o) : PR_ENOMEM;
    pr_free(teleport);
    pr_free(initial);
    if (rc == PR_ENOMEM) {
        pr_error_set(err, rc, NULL, 0, "out of memory ranking network %s", net->name);
    }
    return rc;
}

static void normalise(double *v, pr_node n)
{
    double sum = 0.0;
    for (pr_node i = 0; i < n; i++) {
        sum += v[i];
    }
    for (pr_node i = 0; sum > 0.0 && i < n; i++) {
        v[i] /= sum;
    }
}

int job_rank_algorithm(pr_rank_result *res, job_result *r, job_ctx *c, pr_algorithm a,
                       pr_error *err)
{
    pr_node n = c->persons->n;
    memset(res, 0, sizeof *res);
    res->converged = 1;
    r->rank = pr_calloc(n, sizeof *r->rank);
    if (r->rank == NULL) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    for (uint32_t k = 0; k < c->net_count; k++) {
        pr_free(c->net[k].value);
        c->net[k].value = NULL;
    }
    if (a == PR_ALGO_FOLLOWERS) { /* a person-level baseline: the follow graph of persons */
        if (c->follows == NULL) {
            return pr_error_set(err, PR_EINVAL, NULL, 0,
                                "followers needs event input (a saved graph has no follows)");
        }
        return pr_rank_variant(r->rank, res, err, c->follows, a, &c->opts->rank);
    }
    for (uint32_t k = 0; k < c->net_count; k++) {
        job_network *net = &c->net[k];
        pr_rank_result one;
        int rc = rank_network(&one, net, c, a, err);
        if (rc != PR_OK) {
            return rc;
        }
        merge_result(res, &one);
        pr_job_combine(r->rank, net->value, net->person_of, net->graph->n, c->net_count);
    }
    /* Accounts whose every edge was to the same person's other accounts belong to no ranked
     * person; renormalise so that person ranks still sum to 1. */
    normalise(r->rank, n);
    return PR_OK;
}
