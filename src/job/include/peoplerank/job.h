/* peoplerank: the nightly batch job, end to end: inputs -> graph -> rank -> scores -> snapshot.
 * Nothing is published unless every stage succeeds; a failed run leaves the previous snapshot and
 * `latest` untouched. */
#ifndef PEOPLERANK_JOB_H
#define PEOPLERANK_JOB_H

#include "peoplerank/common.h"
#include "peoplerank/engagement_rules.h"
#include "peoplerank/ingest.h"
#include "peoplerank/rank.h"
#include "peoplerank/score.h"

#include <stddef.h>

typedef struct pr_input_spec {
    const char *format;  /* "events", "edges", "csv", ... */
    const char *network; /* NULL unless given as FORMAT:NETWORK */
    const char *path;    /* file or "-" */
} pr_input_spec;

/* Parses "FORMAT[:NETWORK]=PATH" into spec (pointers into a copy owned by *storage, which the
 * caller frees with pr_free). */
int pr_input_spec_parse(pr_input_spec *spec, char **storage, const char *text, pr_error *err);

/* The stages the job times (pr_job_report.seconds): ingest = inputs read and the graphs built
 * (networks, engagement rules, teleports); rank = the ranks of each algorithm (with its warm
 * start); score = scores, percentiles, per-network scores, engagement, influencer lists,
 * explanations and deltas of each algorithm; guard = the drift guard's comparison with the
 * previous snapshot; write = the snapshots written and published. */
enum {
    PR_STAGE_INGEST,
    PR_STAGE_RANK,
    PR_STAGE_SCORE,
    PR_STAGE_GUARD,
    PR_STAGE_WRITE,
    PR_STAGE_COUNT
};

/* The structures whose bytes the run summary's memory lines show: the ingest's event, fold and
 * edge-list stores and names, the person graph, the per-network graphs the job owns (with one
 * network and no identity map that is the person graph, counted once) and the follow graph. */
enum {
    PR_MEM_STORES_PEAK, /* the most the ingest's stores and its scratch held at once so far */
    PR_MEM_EVENTS,
    PR_MEM_FOLD,
    PR_MEM_EDGE_LIST,
    PR_MEM_NAMES,
    PR_MEM_GRAPH,
    PR_MEM_NETWORKS,
    PR_MEM_FOLLOWS,
    PR_MEM_PART_COUNT
};
const char *pr_mem_part_name(int part);

const char *pr_stage_name(int stage);

/* Called at the start and end of each stage (done = 0/1), e.g. for progress on a terminal. */
typedef void (*pr_job_progress_fn)(void *ctx, int stage, int done);

#define PR_JOB_MAX_ALGORITHMS 8

typedef struct pr_job_opts {
    const pr_input_spec *inputs;
    size_t input_count;
    const char *graph_path; /* instead of inputs: a graph saved by `peoplerank build` */
    const char *out_dir;
    const char *identities;  /* identity map (person, network, handle), or NULL */
    const char *csv_columns; /* column spec for csv inputs, or NULL */
    pr_ingest_opts ingest;
    pr_engagement_rules rules; /* anti-gaming rules applied to every network graph */
    pr_rank_opts rank;         /* teleport/initial are filled by the job */
    const char *algorithms;    /* "peoplerank" (default) or a comma-separated list */
    const char *prior_path;    /* account<TAB>mass teleport prior, or NULL */
    const char *seeds_path;    /* seed set for `personalized`, or NULL */
    const char *warm_start;    /* a snapshot to start from; NULL = OUT/latest when it exists */
    int no_warm_start;
    pr_scale scale;
    /* The drift guard (docs/operations.md): refuse to publish when more than this percentage of
     * the persons who matter moved 10 points or more, or another drift check trips; < 0 = off. */
    double max_drift_percent;
    unsigned keep;               /* keep this many snapshots per directory; 0 = keep all */
    pr_job_progress_fn progress; /* may be NULL */
    void *progress_ctx;
    /* Dates (docs/operations.md): an as-of date older than latest's is refused unless backfill
     * (write the dated snapshot, leave latest alone); replacing the snapshot of a date that
     * already has one needs replace. */
    int backfill;
    int replace;
    int allow_degenerate; /* publish a result with no edges, one score for all, an empty network */
    pr_ingest_progress_fn ingest_progress; /* lines and bytes read (progress_ctx); may be NULL */
    /* The date an undated input's snapshot is named after (an edge list without times, a saved
     * graph without --as-of); 0 = the run's date. A dated input with it set fails the run. */
    int64_t name_date;
} pr_job_opts;

#define PR_JOB_MAX_DRIFT_DEFAULT 10.0

#define PR_JOB_OPTS_INIT                                                                           \
    {                                                                                              \
        .inputs = NULL, .input_count = 0, .graph_path = NULL, .out_dir = NULL, .identities = NULL, \
        .csv_columns = NULL, .ingest = PR_INGEST_OPTS_INIT, .rules = PR_ENGAGEMENT_RULES_INIT,     \
        .rank = PR_RANK_OPTS_INIT, .algorithms = "peoplerank", .prior_path = NULL,                 \
        .seeds_path = NULL, .warm_start = NULL, .no_warm_start = 0, .scale = PR_SCALE_INIT,        \
        .max_drift_percent = PR_JOB_MAX_DRIFT_DEFAULT, .keep = 0, .progress = NULL,                \
        .progress_ctx = NULL, .backfill = 0, .replace = 0, .allow_degenerate = 0,                  \
        .ingest_progress = NULL                                                                    \
    }

/* What happened to one algorithm's snapshot. */
typedef struct pr_job_output {
    char algorithm[32];
    pr_rank_result rank;   /* iterations summed over networks; worst final change */
    uint32_t warm_started; /* persons whose start value came from the previous snapshot */
    int latest_unreadable; /* OUT/latest exists but could not be read: started cold */
    char *snapshot_path;   /* owned */
    double drift_percent;  /* persons who matter moving >= 10 points vs latest, or -1 */
    double drift_spearman; /* their rank correlation with latest (NaN: not computed) */
    double drift_overlap;  /* percent of latest's top k in the new top k (-1: not computed) */
    int replaced;          /* the snapshot replaced one of the same date (--replace) */
    int latest_moved;      /* latest now names the new snapshot (not so for --backfill) */
    char *pruned;          /* owned; the snapshots --keep removed, one a line, or NULL */
} pr_job_output;

typedef struct pr_job_report {
    pr_ingest_summary ingest;
    uint32_t networks;
    pr_job_output out[PR_JOB_MAX_ALGORITHMS];
    size_t out_count;
    double seconds[PR_STAGE_COUNT];
    long peak_rss_kib[PR_STAGE_COUNT]; /* process peak RSS at the end of each stage */
    /* Bytes each structure held at the end of each stage (the largest over its calls). */
    uint64_t memory[PR_STAGE_COUNT][PR_MEM_PART_COUNT];
    char *drift_report; /* owned; set when the drift guard refused */
    char *bad_lines;    /* owned; the first bad lines skipped, "file:line: why\n"... */
    char *later_events; /* owned; the first events after a chosen as-of date,
                           "file:line\n"..., or NULL */
    int undated; /* the input had no dates: ingest.as_of is the naming date; no window or decay */
} pr_job_report;

/* Runs the job. Returns PR_EDRIFT when a guard refused to publish (an as-of date older than
 * latest's, a date that already has a snapshot, the drift guard: err says which and how to
 * override it, report->drift_report holds the drift guard's figures); other errors carry
 * details in err. */
int pr_job_run(pr_job_report *report, const pr_job_opts *opts, pr_error *err);

/* The checks on opts that need no data (algorithm names, --seeds for personalized, input
 * formats, csv columns), so that a caller can report them as usage errors before reading
 * anything; pr_job_run makes them too. 0 or PR_EINVAL. */
int pr_job_check_opts(const pr_job_opts *opts, pr_error *err);
void pr_job_report_clear(pr_job_report *report);

/* ---- The pieces of the job that other stages reuse ---- */

/* The ingest set-up of the job (and of `build` and the hold-out): a new ingest *ig with io (NULL:
 * o->ingest), o's csv column spec and identity map, then every input of o read. The caller
 * finishes it (pr_ingest_finish) and frees *ig, also on failure; err says why. */
int pr_job_read_inputs(pr_ingest **ig, const pr_job_opts *o, const pr_ingest_opts *io,
                       pr_error *err);

/* Scores over the persons of one graph, as the job publishes them. */
typedef struct pr_job_scores {
    double *rank;  /* the algorithm's rank per person, sum 1 */
    double *score; /* the published 1-100 score (rounded as stored) */
    double *trust; /* the engagement rules' trust teleport (sum 1): who counts as a person */
    uint64_t trusted;
    pr_rank_result result;
} pr_job_scores;

/* The job's scoring chain (engagement rules o->rules when algorithm a uses them: not for
 * PR_ALGO_PAGERANK or _FOLLOWERS; a with o->rank and the trust
 * teleport, scale o->scale) on g, one network whose accounts are persons: exactly what
 * pr_job_run publishes for that graph without a prior or warm start. The rules reweight g in
 * place; g must be built in memory (not a mapped graph file). follows: the follow-only graph
 * (pr_ingest_finish_follows), read only and needed by PR_ALGO_FOLLOWERS alone; else NULL. */
int pr_job_score_graph(pr_job_scores *out, pr_graph *g, pr_graph *follows, const pr_job_opts *o,
                       pr_algorithm a, pr_error *err);
void pr_job_scores_clear(pr_job_scores *s); /* frees everything; accepts a zeroed struct */

#endif
