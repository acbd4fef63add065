/* The calibrated scoring pipeline on one graph: engagement rules -> PageRank with the trust
 * teleport -> earned-rank scores. */
#include "peoplerank/evaluate.h"

#include <string.h>

void pr_eval_scores_clear(pr_eval_scores *s)
{
    pr_graph_free(s->graph);
    pr_free(s->rank);
    pr_free(s->teleport);
    pr_free(s->score);
    memset(s, 0, sizeof *s);
}

int pr_eval_score_graph(pr_eval_scores *out, const pr_eval_pipeline *p, pr_graph *g,
                        pr_error *err)
{
    memset(out, 0, sizeof *out);
    size_t n = g->n ? g->n : 1;
    out->rank = pr_mallocarray(n, sizeof *out->rank);
    out->teleport = pr_mallocarray(n, sizeof *out->teleport);
    out->score = pr_mallocarray(n, sizeof *out->score);
    if (out->rank == NULL || out->teleport == NULL || out->score == NULL) {
        pr_eval_scores_clear(out);
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    int rc = pr_engagement_rules_apply(out->teleport, &out->trusted, g, &p->rules);
    if (rc != PR_OK) {
        pr_eval_scores_clear(out);
        return pr_error_set(err, rc, NULL, 0, "engagement rules: %s", pr_strerror(rc));
    }
    pr_rank_opts ro = p->rank;
    ro.teleport = g->n ? out->teleport : NULL;
    rc = g->n ? pr_rank_pagerank(out->rank, &out->result, g, &ro) : PR_OK;
    if (rc == PR_OK) {
        rc = pr_score_graph(out->score, &p->scale, g, out->rank, ro.teleport, ro.damping);
    }
    if (rc != PR_OK) {
        pr_eval_scores_clear(out);
        return pr_error_set(err, rc, NULL, 0, "ranking: %s", pr_strerror(rc));
    }
    return PR_OK;
}

int pr_eval_score_file(pr_eval_scores *out, const pr_eval_pipeline *p, const char *events_path,
                       pr_error *err)
{
    pr_ingest *ig = NULL;
    pr_graph *g = NULL;
    memset(out, 0, sizeof *out);
    int rc = pr_ingest_new(&ig, &p->ingest);
    if (rc != PR_OK) {
        return pr_error_set(err, rc, NULL, 0, "out of memory");
    }
    rc = pr_ingest_add_file(ig, "events", NULL, events_path, err);
    if (rc == PR_OK) {
        rc = pr_ingest_finish(&g, ig, err);
    }
    pr_ingest_free(ig);
    if (rc != PR_OK) {
        return rc;
    }
    rc = pr_eval_score_graph(out, p, g, err);
    if (rc != PR_OK) {
        pr_graph_free(g);
        return rc;
    }
    out->graph = g;
    return PR_OK;
}
