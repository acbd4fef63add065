/* peoplerank: evidence that scores mean something: the calibrated scoring pipeline on one events
 * file, summaries of scores by known label (archetypes of generated populations), and the
 * temporal hold-out evaluation behind `peoplerank evaluate` (docs/evaluation.md). */
#ifndef PEOPLERANK_EVALUATE_H
#define PEOPLERANK_EVALUATE_H

#include "peoplerank/common.h"
#include "peoplerank/engagement_rules.h"
#include "peoplerank/graph.h"
#include "peoplerank/ingest.h"
#include "peoplerank/rank.h"
#include "peoplerank/score.h"

#include <stddef.h>
#include <stdint.h>

/* The default scoring pipeline on the accounts of one graph: engagement rules, PageRank with the
 * trust teleport, calibrated scores. */
typedef struct pr_eval_pipeline {
    pr_ingest_opts ingest;
    pr_engagement_rules rules;
    pr_rank_opts rank;
    pr_scale scale;
} pr_eval_pipeline;

#define PR_EVAL_PIPELINE_INIT                                                                      \
    {PR_INGEST_OPTS_INIT, PR_ENGAGEMENT_RULES_INIT, PR_RANK_OPTS_INIT, PR_SCALE_INIT}

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
int pr_eval_score_graph(pr_eval_scores *out, const pr_eval_pipeline *p, pr_graph *g,
                        pr_error *err);
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
int pr_eval_by_label(pr_label_summary **out, size_t *count, const pr_graph *g,
                     const double *value, const char *labels_path, pr_error *err);

/* The entry for label, or NULL. */
const pr_label_summary *pr_eval_find_label(const pr_label_summary *s, size_t count,
                                           const char *label);

#endif
