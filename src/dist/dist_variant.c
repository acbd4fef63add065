/* The rank stage over the processes: which algorithms run there, and how. */
#include "dist_internal.h"

int pr_dist_supports(pr_algorithm a)
{
    switch (a) {
    case PR_ALGO_PEOPLERANK: /* pagerank's kernel on the graph the rules reweighted */
    case PR_ALGO_PAGERANK:
    case PR_ALGO_PERSONALIZED:
    case PR_ALGO_INDEGREE:
    case PR_ALGO_INSTRENGTH:
    case PR_ALGO_FOLLOWERS:
        return 1;
    default:
        return 0;
    }
}

int pr_dist_rank_variant(double *value, pr_rank_result *result, const pr_graph *g, pr_algorithm a,
                         const pr_rank_opts *opts, pr_error *err)
{
    int kernel = a == PR_ALGO_PEOPLERANK || a == PR_ALGO_PAGERANK || a == PR_ALGO_PERSONALIZED;
    if (pr_dist_size() == 1 || !kernel) {
        if (pr_dist_size() > 1 && !pr_dist_supports(a)) {
            return pr_error_set(err, PR_EINVAL, NULL, 0, "%s does not run on several processes",
                                pr_algorithm_name(a));
        }
        /* The degree counts are one pass over the in-edges every process holds. */
        return pr_rank_variant(value, result, g, a, opts, err);
    }
    if (a == PR_ALGO_PERSONALIZED && opts->teleport == NULL) {
        return pr_error_set(err, PR_EINVAL, NULL, 0,
                            "personalized rank needs a seed set or a prior (--seeds/--prior)");
    }
    return dist__pagerank(value, result, err, g, opts);
}
