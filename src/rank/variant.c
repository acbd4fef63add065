/* The ranking variants behind `--algorithm NAME`: names, dispatch, and the degree baselines. */
#include "peoplerank/rank.h"

#include "rank_internal.h"

#include <string.h>

static const char *const NAMES[PR_ALGO_COUNT] = {
    "pagerank", "personalized", "leaderrank", "hits",       "coreness",
    "indegree", "instrength",   "followers",  "peoplerank",
};

const char *pr_algorithm_name(pr_algorithm a)
{
    return (unsigned)a < PR_ALGO_COUNT ? NAMES[a] : NULL;
}

int pr_algorithm_parse(pr_algorithm *out, const char *name)
{
    for (int a = 0; a < PR_ALGO_COUNT; a++) {
        if (strcmp(name, NAMES[a]) == 0) {
            *out = (pr_algorithm)a;
            return PR_OK;
        }
    }
    return PR_EINVAL;
}

int pr_algorithm_parse_list(pr_algorithm *out, size_t *count, const char *list, size_t cap,
                            pr_error *err)
{
    char name[64];
    size_t k = 0;
    const char *p = list;
    for (;;) {
        size_t len = strcspn(p, ",");
        if (len == 0 || len >= sizeof name) {
            return pr_error_set(err, PR_EINVAL, NULL, 0, "--algorithm '%s': empty or too long name",
                                list);
        }
        memcpy(name, p, len);
        name[len] = '\0';
        pr_algorithm a;
        if (pr_algorithm_parse(&a, name) != PR_OK) {
            return pr_error_set(err, PR_EINVAL, NULL, 0,
                                "--algorithm: unknown '%s' (peoplerank, pagerank, personalized, "
                                "leaderrank, hits, coreness, indegree, instrength, followers)",
                                name);
        }
        for (size_t i = 0; i < k; i++) {
            if (out[i] == a) {
                return pr_error_set(err, PR_EINVAL, NULL, 0, "--algorithm: '%s' given twice", name);
            }
        }
        if (k == cap) {
            return pr_error_set(err, PR_EINVAL, NULL, 0, "--algorithm: more than %zu names", cap);
        }
        out[k++] = a;
        if (p[len] == '\0') {
            break;
        }
        p += len + 1;
    }
    *count = k;
    return PR_OK;
}

/* value /= sum(value); all zero: uniform. */
double pr_rank_normalise(double *v, pr_node n)
{
    double sum = 0.0;
    for (pr_node i = 0; i < n; i++) {
        sum += v[i];
    }
    for (pr_node i = 0; sum > 0.0 && i < n; i++) {
        v[i] /= sum;
    }
    return sum;
}

/* Sum 1; every node 1/n when every raw value is 0. */
static void normalise(double *value, pr_node n)
{
    if (!(pr_rank_normalise(value, n) > 0.0)) {
        for (pr_node v = 0; v < n; v++) {
            value[v] = 1.0 / (double)n;
        }
    }
}

/* In-degree (weighted: in-strength) not counting v's own loop. */
static void in_degree(double *value, const pr_graph *g, int weighted)
{
    for (pr_node v = 0; v < g->n; v++) {
        double s = 0.0;
        for (uint64_t e = g->in_off[v]; e < g->in_off[v + 1]; e++) {
            if (g->in_src[e] != v) {
                s += weighted ? pr_graph_in_weight(g, e) : 1.0;
            }
        }
        value[v] = s;
    }
}

static int run_pagerank(double *value, pr_rank_result *result, const pr_graph *g, pr_algorithm a,
                        const pr_rank_opts *opts, pr_error *err)
{
    if (a == PR_ALGO_PERSONALIZED && opts->teleport == NULL) {
        return pr_error_set(err, PR_EINVAL, NULL, 0,
                            "personalized rank needs a seed set or a prior (--seeds/--prior)");
    }
    int rc = a == PR_ALGO_LEADERRANK ? pr_rank__leaderrank(value, result, g, opts)
                                     : pr_rank_pagerank(value, result, g, opts);
    if (rc != PR_OK) {
        return pr_error_set(err, rc, NULL, 0, "%s: %s", NAMES[a],
                            rc == PR_EINVAL ? "invalid rank options" : pr_strerror(rc));
    }
    return PR_OK;
}

int pr_rank_variant(double *value, pr_rank_result *result, const pr_graph *g, pr_algorithm a,
                    const pr_rank_opts *opts, pr_error *err)
{
    pr_rank_result none = {0, 0.0, 1};
    int rc = PR_OK;
    if (result != NULL) {
        *result = none;
    }
    switch (a) {
    case PR_ALGO_PAGERANK:
    case PR_ALGO_PEOPLERANK:
    case PR_ALGO_PERSONALIZED:
    case PR_ALGO_LEADERRANK:
        return run_pagerank(value, result, g, a, opts, err);
    case PR_ALGO_HITS:
        rc = pr_rank__hits(value, g, err);
        break;
    case PR_ALGO_CORENESS:
        rc = pr_rank__coreness(value, g, err);
        break;
    case PR_ALGO_INDEGREE:
    case PR_ALGO_FOLLOWERS:
        in_degree(value, g, 0);
        break;
    case PR_ALGO_INSTRENGTH:
        in_degree(value, g, 1);
        break;
    default:
        return pr_error_set(err, PR_EINVAL, NULL, 0, "unknown algorithm %d", (int)a);
    }
    if (rc != PR_OK) {
        return rc;
    }
    normalise(value, g->n);
    return PR_OK;
}
