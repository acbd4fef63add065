/* The calibrated scoring pipeline on one graph or one events file: the job's own chain
 * (pr_job_read_inputs, pr_job_score_graph) with the pipeline's options, so that the evaluation
 * measures what `peoplerank run` publishes. */
#include "peoplerank/evaluate.h"

#include "peoplerank/job.h"

#include <string.h>

void pr_eval_scores_clear(pr_eval_scores *s)
{
    pr_graph_free(s->graph);
    pr_free(s->rank);
    pr_free(s->teleport);
    pr_free(s->score);
    memset(s, 0, sizeof *s);
}

static pr_job_opts job_opts_of(const pr_eval_pipeline *p)
{
    pr_job_opts o = PR_JOB_OPTS_INIT;
    o.ingest = p->ingest;
    o.rules = p->rules;
    o.rank = p->rank;
    o.scale = p->scale;
    return o;
}

int pr_eval_score_graph(pr_eval_scores *out, const pr_eval_pipeline *p, pr_graph *g, pr_error *err)
{
    memset(out, 0, sizeof *out);
    pr_job_opts o = job_opts_of(p);
    pr_job_scores js;
    int rc = pr_job_score_graph(&js, g, NULL, &o, PR_ALGO_PEOPLERANK, err);
    if (rc != PR_OK) {
        return rc;
    }
    out->rank = js.rank;
    out->teleport = js.trust;
    out->score = js.score;
    out->trusted = js.trusted;
    out->result = js.result;
    return PR_OK;
}

int pr_eval_score_file(pr_eval_scores *out, const pr_eval_pipeline *p, const char *events_path,
                       pr_error *err)
{
    pr_input_spec input = {"events", NULL, events_path};
    pr_job_opts o = job_opts_of(p);
    o.inputs = &input;
    o.input_count = 1;
    pr_ingest *ig = NULL;
    pr_graph *g = NULL;
    memset(out, 0, sizeof *out);
    int rc;
    if ((rc = pr_job_read_inputs(&ig, &o, NULL, err)) != PR_OK ||
        (rc = pr_ingest_finish(&g, ig, err)) != PR_OK) {
        goto done;
    }
    pr_ingest_free(ig); /* the graph is built: the events are no longer needed */
    ig = NULL;
    if ((rc = pr_eval_score_graph(out, p, g, err)) != PR_OK) {
        goto done;
    }
    out->graph = g;
    g = NULL;
done:
    pr_ingest_free(ig);
    pr_graph_free(g);
    return rc;
}
