/* Ranking every network with one algorithm and combining the networks into a person rank. */
#include "job_internal.h"
#include "peoplerank/dist.h"

#include <math.h>
#include <string.h>

void pr_job__combine(double *person_rank, const double *account_rank, const pr_node *person_of,
                     pr_node accounts, double networks)
{
    for (pr_node a = 0; a < accounts; a++) {
        pr_node p = person_of ? person_of[a] : a;
        if (p != PR_NODE_NONE) {
            person_rank[p] += account_rank[a] / networks;
        }
    }
}

/* A per-account vector from a per-person one (teleport or warm start). Persons marked missing
 * (NaN: new since the previous snapshot) get `fill`. *out = NULL when every entry is 0, so that
 * the kernel falls back to its default. */
static int project(double **out, const double *person_value, const job_network *net, double fill)
{
    *out = NULL;
    if (person_value == NULL) {
        return PR_OK;
    }
    double *v = pr_mallocarray(net->graph->n ? net->graph->n : 1, sizeof *v);
    if (v == NULL) {
        return PR_ENOMEM;
    }
    double sum = 0.0;
    for (pr_node a = 0; a < net->graph->n; a++) {
        pr_node p = net->person_of ? net->person_of[a] : a;
        double x = p != PR_NODE_NONE ? person_value[p] : NAN;
        v[a] = isnan(x) ? fill : x;
        sum += v[a];
    }
    if (!(sum > 0.0)) {
        pr_free(v);
        return PR_OK;
    }
    for (pr_node a = 0; a < net->graph->n; a++) {
        v[a] /= sum;
    }
    *out = v;
    return PR_OK;
}

static int uses_teleport(pr_algorithm a)
{
    return a == PR_ALGO_PAGERANK || a == PR_ALGO_PEOPLERANK || a == PR_ALGO_PERSONALIZED;
}

/* Only the calibrated product scores what was earned (rank without the teleport share trust
 * hands out); every other algorithm scores its own value, so that its scores, and with them the
 * snapshot's positions, follow that value (docs/rank.md, "Positions"). */
static int scores_earned(pr_algorithm a)
{
    return a == PR_ALGO_PEOPLERANK;
}

static void merge_result(pr_rank_result *total, const pr_rank_result *one)
{
    total->iterations += one->iterations;
    total->final_change = fmax(total->final_change, one->final_change);
    total->converged = total->converged && one->converged;
}

/* The teleport of a network: the trust of the engagement rules, times the user's prior; for
 * personalized rank the seed set (or, without one, the prior) alone. *out = NULL: uniform. */
static int network_teleport(double **out, const job_network *net, const job_ctx *c, pr_algorithm a)
{
    *out = NULL;
    if (!uses_teleport(a)) {
        return PR_OK;
    }
    double *user = NULL;
    const double *given = (a == PR_ALGO_PERSONALIZED && c->seeds) ? c->seeds : c->prior;
    if (project(&user, given, net, 0.0) != PR_OK) {
        return PR_ENOMEM;
    }
    if (a == PR_ALGO_PERSONALIZED) {
        *out = user;
        return PR_OK;
    }
    double *t = pr_mallocarray(net->graph->n ? net->graph->n : 1, sizeof *t);
    if (t == NULL) {
        pr_free(user);
        return PR_ENOMEM;
    }
    double sum = 0.0;
    for (pr_node v = 0; v < net->graph->n; v++) {
        t[v] = net->trust[v] * (user ? user[v] : 1.0);
        sum += t[v];
    }
    pr_free(user);
    if (!(sum > 0.0)) { /* the prior zeroed every trusted account: uniform */
        pr_free(t);
        return PR_OK;
    }
    for (pr_node v = 0; v < net->graph->n; v++) {
        t[v] /= sum;
    }
    *out = t;
    return PR_OK;
}

/* relative[a] = earned rank / the typical earned rank of the network's trusted accounts, for
 * peoplerank; value * n for the others (docs/scores.md). */
static int network_relative(job_network *net, const job_ctx *c, pr_algorithm a)
{
    pr_node n = net->graph->n;
    net->relative = pr_mallocarray(n ? n : 1, sizeof *net->relative);
    if (net->relative == NULL) {
        return PR_ENOMEM;
    }
    if (!scores_earned(a)) {
        for (pr_node v = 0; v < n; v++) {
            net->relative[v] = net->value[v] * (double)n;
        }
        return PR_OK;
    }
    net->earned = pr_mallocarray(n ? n : 1, sizeof *net->earned);
    if (net->earned == NULL) {
        return PR_ENOMEM;
    }
    pr_score_earned(net->earned, net->graph, net->value, c->opts->rank.damping);
    double ref = 0.0;
    int rc = pr_score_reference(&ref, net->earned, net->trust, n);
    if (rc != PR_OK) {
        return rc;
    }
    for (pr_node v = 0; v < n; v++) {
        net->relative[v] = ref > 0.0 ? net->earned[v] / ref : 0.0;
    }
    return PR_OK;
}

static int rank_network(pr_rank_result *res, job_network *net, const job_ctx *c, pr_algorithm a,
                        pr_error *err)
{
    pr_rank_opts o = c->opts->rank;
    double *teleport = NULL, *initial = NULL;
    /* Persons new since the previous snapshot start at the average. */
    double fill = c->persons->n ? 1.0 / (double)c->persons->n : 0.0;
    int warm = job_uses_warm_start(a) && !c->opts->no_warm_start;
    int rc;
    if ((rc = network_teleport(&teleport, net, c, a)) != PR_OK ||
        (warm && (rc = project(&initial, c->previous, net, fill)) != PR_OK)) {
        goto done;
    }
    o.teleport = teleport;
    o.initial = initial;
    o.initial_scale = (initial && c->previous_scale) ? c->previous_scale[net - c->net] : 0.0;
    pr_algorithm run = (a == PR_ALGO_PERSONALIZED && teleport == NULL) ? PR_ALGO_PAGERANK : a;
    net->value = pr_mallocarray(net->graph->n ? net->graph->n : 1, sizeof *net->value);
    if (net->value == NULL) {
        rc = PR_ENOMEM;
    } else if (net->graph->n == 0) {
        *res = (pr_rank_result){0, 0.0, 1};
    } else {
        rc = pr_dist_rank_variant(net->value, res, net->graph, run, &o, err);
    }
done:
    pr_free(net->teleport);
    net->teleport = teleport; /* kept for the explanations */
    pr_free(initial);
    if (rc != PR_OK || (rc = network_relative(net, c, a)) != PR_OK) {
        if (rc == PR_ENOMEM) {
            pr_error_set(err, rc, NULL, 0, "out of memory ranking network %s", net->name);
        }
        return rc;
    }
    return PR_OK;
}

/* A person's relative value: for peoplerank their earned rank summed over their
 * accounts (each network weighing 1/K, like the rank), relative to the typical trusted account;
 * for the others rank * n. The reference is taken over accounts, not persons, so that merging an
 * account into a person (identity map) leaves the reference and everybody else's score exactly
 * as they were and can only raise that person's. Without an identity map accounts are persons. */
static int person_relative(job_result *r, const job_ctx *c, pr_algorithm a)
{
    pr_node n = c->persons->n;
    r->relative = pr_calloc(n ? n : 1, sizeof *r->relative);
    if (r->relative == NULL) {
        return PR_ENOMEM;
    }
    if (!scores_earned(a)) {
        for (pr_node p = 0; p < n; p++) {
            r->relative[p] = r->rank[p] * (double)n;
        }
        return PR_OK;
    }
    uint64_t accounts = 0;
    for (uint32_t k = 0; k < c->net_count; k++) {
        accounts += c->net[k].graph->n;
    }
    double *trusted = pr_mallocarray(accounts ? accounts : 1, sizeof *trusted);
    if (trusted == NULL) {
        return PR_ENOMEM;
    }
    uint64_t counted = 0;
    for (uint32_t k = 0; k < c->net_count; k++) {
        const job_network *net = &c->net[k];
        for (pr_node v = 0; v < net->graph->n; v++) {
            double share = net->earned[v] / c->net_count;
            pr_node p = net->person_of ? net->person_of[v] : v;
            if (p != PR_NODE_NONE) {
                r->relative[p] += share;
            }
            if (net->trust[v] > 0.0) {
                trusted[counted++] = share;
            }
        }
    }
    double ref = 0.0;
    int rc = pr_score_reference(&ref, trusted, NULL, counted);
    pr_free(trusted);
    if (rc != PR_OK) {
        return rc;
    }
    for (pr_node p = 0; p < n; p++) {
        r->relative[p] = ref > 0.0 ? r->relative[p] / ref : 0.0;
    }
    return PR_OK;
}

/* The followers baseline ranks the follow-only graph, whose node numbering is its own: values
 * are carried to persons by name. */
static int rank_follows(double *person_rank, pr_rank_result *res, const job_ctx *c, pr_error *err)
{
    const pr_graph *f = c->follows;
    double *value = pr_mallocarray(f->n ? f->n : 1, sizeof *value);
    pr_name_index idx = {0, NULL, NULL, NULL};
    int rc = value ? pr_graph_index_names(&idx, c->persons) : PR_ENOMEM;
    if (rc != PR_OK) {
        pr_error_set(err, rc, NULL, 0, "out of memory ranking followers");
        goto done;
    }
    if (f->n > 0 && (rc = pr_dist_rank_variant(value, res, f, PR_ALGO_FOLLOWERS, &c->opts->rank,
                                               err)) != PR_OK) {
        goto done;
    }
    for (pr_node v = 0; v < f->n; v++) {
        pr_node p = pr_name_index_find(&idx, pr_graph_name(f, v));
        if (p != PR_NODE_NONE) {
            person_rank[p] += value[v];
        }
    }
    pr_rank_normalise(person_rank, c->persons->n);
done:
    pr_name_index_free(&idx);
    pr_free(value);
    return rc;
}

int job_rank_algorithm(pr_rank_result *res, job_result *r, job_ctx *c, pr_algorithm a,
                       pr_error *err)
{
    pr_node n = c->persons->n;
    memset(res, 0, sizeof *res);
    res->converged = 1;
    r->rank = pr_calloc(n, sizeof *r->rank);
    r->network_sum = pr_calloc(c->net_count, sizeof *r->network_sum);
    if (r->rank == NULL || r->network_sum == NULL) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    for (uint32_t k = 0; k < c->net_count; k++) {
        pr_free(c->net[k].value);
        pr_free(c->net[k].relative);
        pr_free(c->net[k].earned);
        c->net[k].value = c->net[k].relative = c->net[k].earned = NULL;
    }
    if (a == PR_ALGO_FOLLOWERS) { /* a person-level baseline: the follow graph of persons */
        int rc;
        if ((rc = rank_follows(r->rank, res, c, err)) != PR_OK) {
            return rc;
        }
        return person_relative(r, c, a);
    }
    for (uint32_t k = 0; k < c->net_count; k++) {
        job_network *net = &c->net[k];
        pr_rank_result one;
        int rc = rank_network(&one, net, c, a, err);
        if (rc != PR_OK) {
            return rc;
        }
        merge_result(res, &one);
        r->network_sum[k] = 0.0;
        for (pr_node v = 0; v < net->graph->n; v++) {
            r->network_sum[k] += net->value[v];
        }
        pr_job__combine(r->rank, net->value, net->person_of, net->graph->n, c->net_count);
    }
    /* Accounts whose every edge was to the same person's other accounts belong to no ranked
     * person; renormalise so that person ranks still sum to 1. */
    pr_rank_normalise(r->rank, n);
    return person_relative(r, c, a);
}
