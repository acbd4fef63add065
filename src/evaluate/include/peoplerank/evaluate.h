/* peoplerank: evidence that scores mean something: the calibrated scoring pipeline on one events
 * file, summaries of scores by known label (archetypes of generated populations), and the
 * temporal hold-out evaluation behind `peoplerank evaluate` (docs/evaluation.md). */
#ifndef PEOPLERANK_EVALUATE_H
#define PEOPLERANK_EVALUATE_H

#include "peoplerank/common.h"
#include "peoplerank/engagement_rules.h"
#include "peoplerank/graph.h"
#include "peoplerank/ingest.h"
#include "peoplerank/job.h"
#include "peoplerank/rank.h"
#include "peoplerank/rank_stats.h"
#include "peoplerank/score.h"

#include <stddef.h>
#include <stdint.h>

/* The default scoring pipeline on the accounts of one graph: engagement rules, PageRank with the
 * trust teleport, calibrated scores. It runs the job's own chain (pr_job_score_graph), so that the
 * scores are those `peoplerank run` publishes. */
typedef struct pr_eval_pipeline {
    pr_ingest_opts ingest;
    pr_engagement_rules rules;
    pr_rank_opts rank;
    pr_scale scale;
} pr_eval_pipeline;

#define PR_EVAL_PIPELINE_INIT                                                                      \
    {                                                                                              \
        .ingest = PR_INGEST_OPTS_INIT, .rules = PR_ENGAGEMENT_RULES_INIT,                          \
        .rank = PR_RANK_OPTS_INIT, .scale = PR_SCALE_INIT                                          \
    }

/* The result: the graph (names set) and per node the rank, teleport and score. */
typedef struct pr_eval_scores {
    pr_graph *graph;
    double *rank, *teleport, *score;
    uint64_t trusted;
    pr_rank_result result;
} pr_eval_scores;

/* Reads an events file (format v1) and scores every account. On failure err says why. */
int pr_eval_score_file(pr_eval_scores *out, const pr_eval_pipeline *p, const char *events_path,
                       pr_error *err);
/* Scores an already built graph (which the rules modify). */
int pr_eval_score_graph(pr_eval_scores *out, const pr_eval_pipeline *p, pr_graph *g, pr_error *err);
void pr_eval_scores_clear(pr_eval_scores *s); /* frees everything; accepts a zeroed struct */

/* Per-label summary of a value. */
typedef struct pr_label_summary {
    char label[32];
    uint64_t count;
    double p10, median, p90, mean;
} pr_label_summary;

/* Reads labels (`account<TAB>label` lines, '#' comments) and summarises value[v] per label over
 * the labelled nodes of g (by name). Labelled accounts that are not in g are skipped. *out is
 * sorted by label; free with pr_free. PR_EPARSE (file, line) on a malformed line. */
int pr_eval_by_label(pr_label_summary **out, size_t *count, const pr_graph *g, const double *value,
                     const char *labels_path, pr_error *err);

/* The entry for label, or NULL. */
const pr_label_summary *pr_eval_find_label(const pr_label_summary *s, size_t count,
                                           const char *label);

/* ---- Temporal hold-out (`peoplerank evaluate`) ----
 * Rank on the train_days before the cut date, then compare each variant's value with what
 * happened in the test_days after it: the number of distinct accounts that engaged (any action but
 * follow) with each account. Evaluated over the accounts that received engagement in the train
 * window (accounts nobody engaged, e.g. fake followers, would only inflate every variant). */

typedef struct pr_holdout_opts {
    int64_t cut;           /* Unix seconds; PR_AS_OF_NEWEST: the newest timestamp minus test_days */
    double train_days;     /* 90 */
    double test_days;      /* 7 */
    pr_ingest_opts ingest; /* train-side ingest options (window and as_of are set from above) */
} pr_holdout_opts;

#define PR_HOLDOUT_OPTS_INIT                                                                       \
    {                                                                                              \
        .cut = PR_AS_OF_NEWEST, .train_days = 90.0, .test_days = 7.0,                              \
        .ingest = PR_INGEST_OPTS_INIT                                                              \
    }

#define PR_HOLDOUT_MAX_ROWS 8
typedef struct pr_holdout_row {
    char variant[32];
    double spearman, kendall, p_at_10, p_at_100; /* NaN when undefined (constant values) */
} pr_holdout_row;

typedef struct pr_holdout_report {
    int64_t cut;
    uint64_t train_accounts, evaluated, test_engaged; /* test_engaged: evaluated with target > 0 */
    size_t rows;
    pr_holdout_row row[PR_HOLDOUT_MAX_ROWS];
} pr_holdout_report;

/* Runs the hold-out on the inputs of job (inputs, csv columns, identity map; read twice, train
 * and test, with o's ingest options): variants "peoplerank" (what the job publishes with job's
 * engagement rules, rank options and scale: pr_job_score_graph), "peoplerank-open" (the same
 * without the trust rule), "pagerank" (plain), "leaderrank", and the baselines "indegree"
 * (distinct engagers), "engagement" (weighted engagement received), "followers". */
int pr_eval_holdout(pr_holdout_report *rep, const pr_holdout_opts *o, const pr_job_opts *job,
                    pr_error *err);

/* ---- Agreement between a prediction and what happened (n values each) ---- */

/* Spearman and Kendall tau-b: pr_stat_spearman, pr_stat_kendall_tau_b (peoplerank/rank_stats.h).
 */

/* Precision at k: the share of the k items with the highest prediction that are among the k
 * with the highest actual value; ties at either boundary broken by index (lower first). NaN when
 * k is 0 or memory runs out; k is capped at n. */
double pr_eval_precision_at_k(const double *pred, const double *actual, size_t n, size_t k);

#endif
