/* The temporal hold-out behind `peoplerank evaluate`: train graph before the cut, distinct
 * engagers after it, rank agreement of each variant with that outcome. */
#include "peoplerank/evaluate.h"
#include "peoplerank/job.h"

#include <math.h>
#include <string.h>

#define DAY 86400.0

/* One ingest of the job's inputs with the given options; *as_of receives the as-of used. */
static int ingest_graph(pr_graph **g, pr_graph **follows, int64_t *as_of, const pr_ingest_opts *io,
                        const pr_job_opts *job, pr_error *err)
{
    pr_ingest *ig = NULL;
    int rc;
    if ((rc = pr_job_read_inputs(&ig, job, io, err)) != PR_OK ||
        (rc = pr_ingest_finish(g, ig, err)) != PR_OK ||
        (follows != NULL && (rc = pr_ingest_finish_follows(follows, ig, err)) != PR_OK)) {
        goto done;
    }
    *as_of = pr_ingest_get_summary(ig)->as_of;
done:
    pr_ingest_free(ig);
    return rc;
}

/* The test side: distinct engagers per account name, as a value per train node (0 if absent). */
static int test_targets(double *target, const pr_graph *train, const pr_graph *test)
{
    pr_name_index idx;
    int rc = pr_graph_index_names(&idx, test);
    if (rc != PR_OK) {
        return rc;
    }
    for (pr_node v = 0; v < train->n; v++) {
        pr_node t = pr_name_index_find(&idx, pr_graph_name(train, v));
        target[v] = t == PR_NODE_NONE ? 0.0 : (double)(test->in_off[t + 1] - test->in_off[t]);
    }
    pr_name_index_free(&idx);
    return rc;
}

static void add_row(pr_holdout_report *rep, const char *name, const double *value,
                    const double *target, const unsigned char *keep, double *xs, double *ys)
{
    size_t n = 0;
    for (size_t v = 0; v < rep->train_accounts; v++) {
        if (keep[v]) {
            xs[n] = value[v];
            ys[n] = target[v];
            n++;
        }
    }
    pr_holdout_row *r = &rep->row[rep->rows++];
    memset(r, 0, sizeof *r);
    strncpy(r->variant, name, sizeof r->variant - 1);
    pr_stat_rank_correlations(&r->spearman, &r->kendall, xs, ys, n);
    /* a constant prediction has no top k: its "precision" would only reflect input order */
    int constant = 1;
    for (size_t i = 1; i < n && constant; i++) {
        constant = xs[i] == xs[0];
    }
    r->p_at_10 = n >= 10 && !constant ? pr_eval_precision_at_k(xs, ys, n, 10) : NAN;
    r->p_at_100 = n >= 100 && !constant ? pr_eval_precision_at_k(xs, ys, n, 100) : NAN;
}

typedef struct work {
    pr_graph *train, *follows, *test;
    double *target, *value, *xs, *ys;
    unsigned char *keep;
} work;

static void work_free(work *w)
{
    pr_graph_free(w->train);
    pr_graph_free(w->follows);
    pr_graph_free(w->test);
    pr_free(w->target), pr_free(w->value), pr_free(w->xs), pr_free(w->ys), pr_free(w->keep);
}

/* Ingests both sides: the test side first when the cut is derived from the newest event. */
static int load_sides(work *w, pr_holdout_report *rep, const pr_holdout_opts *o,
                      const pr_job_opts *job, pr_error *err)
{
    pr_ingest_opts test = o->ingest;
    test.window_days = o->test_days;
    test.half_life_days = 0.0;
    test.daily_cap = 0.0;
    test.selectivity_targets = 0.0;
    for (int a = 0; a < PR_ACTION_COUNT; a++) {
        test.action_weight[a] = a == PR_ACTION_FOLLOW ? 0.0 : 1.0;
    }
    test.as_of =
        o->cut == PR_AS_OF_NEWEST ? PR_AS_OF_NEWEST : o->cut + (int64_t)(o->test_days * DAY);
    int64_t test_as_of = 0, train_as_of = 0;
    int rc = ingest_graph(&w->test, NULL, &test_as_of, &test, job, err);
    if (rc != PR_OK) {
        return rc;
    }
    rep->cut = test_as_of - (int64_t)(o->test_days * DAY);
    pr_ingest_opts train = o->ingest;
    train.window_days = o->train_days;
    train.as_of = rep->cut;
    return ingest_graph(&w->train, &w->follows, &train_as_of, &train, job, err);
}

/* Puts back the train graph's weights as they were before the engagement rules. */
static void restore_weights(pr_graph *train, const float *saved)
{
    if (saved != NULL) {
        memcpy(train->in_w, saved, train->m * sizeof *saved);
    } else {
        pr_free(train->in_w); /* the rules gave the unweighted graph weights of 1 */
        train->in_w = NULL;
    }
}

static int run_variants(work *w, pr_holdout_report *rep, const pr_job_opts *job, pr_error *err)
{
    static const struct {
        const char *name;
        pr_algorithm algo;
    } plain[] = {{"pagerank", PR_ALGO_PAGERANK},
                 {"leaderrank", PR_ALGO_LEADERRANK},
                 {"indegree", PR_ALGO_INDEGREE},
                 {"engagement", PR_ALGO_INSTRENGTH}};
    pr_rank_opts ro = PR_RANK_OPTS_INIT;
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        int rc = pr_rank_variant(w->value, NULL, w->train, plain[i].algo, &ro, err);
        if (rc != PR_OK) {
            return rc;
        }
        add_row(rep, plain[i].name, w->value, w->target, w->keep, w->xs, w->ys);
    }
    /* From here on the job's chain: its engagement rules rewrite the train graph's weights, which
     * are put back before the next variant. "followers" is the job's followers baseline (the
     * follow graph's in-degree carried to the train accounts by name); "peoplerank-open" the
     * default without the trust rule (everyone gets teleport). */
    float *saved =
        w->train->in_w ? pr_mallocarray(w->train->m ? w->train->m : 1, sizeof *saved) : NULL;
    if (w->train->in_w != NULL && saved == NULL) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    if (saved != NULL) {
        memcpy(saved, w->train->in_w, w->train->m * sizeof *saved);
    }
    pr_job_scores sc;
    pr_job_opts open = *job;
    open.rules.trust_min_received = 0.0;
    int rc;
    if ((rc = pr_job_score_graph(&sc, w->train, w->follows, job, PR_ALGO_FOLLOWERS, err)) !=
        PR_OK) {
        goto done;
    }
    add_row(rep, "followers", sc.rank, w->target, w->keep, w->xs, w->ys);
    pr_job_scores_clear(&sc);
    restore_weights(w->train, saved);
    if ((rc = pr_job_score_graph(&sc, w->train, NULL, &open, PR_ALGO_PEOPLERANK, err)) != PR_OK) {
        goto done;
    }
    add_row(rep, "peoplerank-open", sc.score, w->target, w->keep, w->xs, w->ys);
    pr_job_scores_clear(&sc);
    restore_weights(w->train, saved);
    rc = pr_job_score_graph(&sc, w->train, NULL, job, PR_ALGO_PEOPLERANK, err);
done:
    pr_free(saved);
    if (rc != PR_OK) {
        return rc;
    }
    /* rows are listed with the calibrated default first */
    memmove(&rep->row[1], &rep->row[0], rep->rows * sizeof rep->row[0]);
    size_t keep_rows = rep->rows + 1;
    rep->rows = 0;
    add_row(rep, "peoplerank", sc.score, w->target, w->keep, w->xs, w->ys);
    rep->rows = keep_rows;
    pr_job_scores_clear(&sc);
    return PR_OK;
}

int pr_eval_holdout(pr_holdout_report *rep, const pr_holdout_opts *o, const pr_job_opts *job,
                    pr_error *err)
{
    memset(rep, 0, sizeof *rep);
    if (!(o->train_days > 0.0) || !(o->test_days > 0.0)) {
        return pr_error_set(err, PR_EINVAL, NULL, 0, "train and test days must be positive");
    }
    work w;
    memset(&w, 0, sizeof w);
    int rc = load_sides(&w, rep, o, job, err);
    if (rc != PR_OK) {
        work_free(&w);
        return rc;
    }
    size_t n = w.train->n ? w.train->n : 1;
    w.target = pr_mallocarray(n, sizeof *w.target);
    w.value = pr_mallocarray(n, sizeof *w.value);
    w.xs = pr_mallocarray(n, sizeof *w.xs);
    w.ys = pr_mallocarray(n, sizeof *w.ys);
    w.keep = pr_calloc(n, 1);
    if (!w.target || !w.value || !w.xs || !w.ys || !w.keep ||
        test_targets(w.target, w.train, w.test) != PR_OK) {
        work_free(&w);
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    rep->train_accounts = w.train->n;
    for (pr_node v = 0; v < w.train->n; v++) {
        w.keep[v] = w.train->in_off[v + 1] > w.train->in_off[v];
        rep->evaluated += w.keep[v];
        rep->test_engaged += w.keep[v] && w.target[v] > 0.0;
    }
    rc = run_variants(&w, rep, job, err);
    work_free(&w);
    return rc;
}
