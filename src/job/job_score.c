/* The job's scoring chain on one graph already built, for callers that score without publishing
 * (the hold-out of `peoplerank evaluate`, the calibration tests): the very stage functions
 * pr_job_run publishes with (networks and engagement rules -> rank -> scores), so that what is
 * measured is what is published. One network whose accounts are the persons; no prior, no warm
 * start, no snapshot. */
#include "job_internal.h"

#include <string.h>

void pr_job_scores_clear(pr_job_scores *s)
{
    pr_free(s->rank);
    pr_free(s->score);
    pr_free(s->trust);
    memset(s, 0, sizeof *s);
}

int pr_job_score_graph(pr_job_scores *out, pr_graph *g, pr_graph *follows, const pr_job_opts *o,
                       pr_algorithm a, pr_error *err)
{
    memset(out, 0, sizeof *out);
    if (g->mapping != NULL) {
        return pr_error_set(err, PR_EINVAL, NULL, 0,
                            "scoring needs a graph built in memory, not a mapped graph file");
    }
    if (a == PR_ALGO_FOLLOWERS && follows == NULL) {
        return pr_error_set(err, PR_EINVAL, NULL, 0, "followers needs the follow graph");
    }
    job_ctx c;
    job_result r;
    memset(&c, 0, sizeof c);
    memset(&r, 0, sizeof r);
    c.opts = o;
    c.persons = g;
    c.follows = follows;
    int rc;
    if ((rc = job_networks_prepare(&c, err)) != PR_OK ||
        (rc = job_networks_rules(&c, job_uses_rules(a), err)) != PR_OK ||
        (rc = job_rank_algorithm(&out->result, &r, &c, a, err)) != PR_OK) {
        goto done;
    }
    if (job_scores(&r, &c) != PR_OK) {
        rc = pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory computing scores");
        goto done;
    }
    out->rank = r.rank;
    out->score = r.score;
    out->trust = c.net[0].trust;
    out->trusted = c.net[0].trusted;
    r.rank = r.score = c.net[0].trust = NULL;
done:
    job_result_free(&r, g->n);
    job_networks_free(&c);
    return rc;
}
