/* peoplerank: the nightly batch job, end to end: inputs -> graph -> rank -> scores -> snapshot.
 * Nothing is published unless every stage succeeds; a failed run leaves the previous snapshot and
 * `latest` untouched. */
#ifndef PEOPLERANK_JOB_H
#define PEOPLERANK_JOB_H

#include "peoplerank/common.h"
#include "peoplerank/ingest.h"
#include "peoplerank/rank.h"
#include "peoplerank/score.h"

#include <stddef.h>

typedef struct pr_input_spec {
    const char *format;  /* "events", ... */
    const char *network; /* NULL unless given as FORMAT:NETWORK */
    const char *path;    /* file or "-" */
} pr_input_spec;

/* Parses "FORMAT[:NETWORK]=PATH" into spec (pointers into a copy owned by *storage, which the
 * caller frees with pr_free). */
int pr_input_spec_parse(pr_input_spec *spec, char **storage, const char *text, pr_error *err);

enum { PR_STAGE_INGEST, PR_STAGE_RANK, PR_STAGE_SCORE, PR_STAGE_WRITE, PR_STAGE_COUNT };

const char *pr_stage_name(int stage);

/* Called at the start and end of each stage (done = 0/1), e.g. for progress on a terminal. */
typedef void (*pr_job_progress_fn)(void *ctx, int stage, int done);

typedef struct pr_job_opts {
    const pr_input_spec *inputs;
    size_t input_count;
    const char *out_dir;
    pr_ingest_opts ingest;
    pr_rank_opts rank;
    pr_scale scale;
    pr_job_progress_fn progress; /* may be NULL */
    void *progress_ctx;
} pr_job_opts;

#define PR_JOB_OPTS_INIT                                                                           \
    {NULL, 0, NULL, PR_INGEST_OPTS_INIT, PR_RANK_OPTS_INIT, PR_SCALE_INIT, NULL, NULL}

typedef struct pr_job_report {
    pr_ingest_summary ingest;
    pr_rank_result rank;
    double seconds[PR_STAGE_COUNT];
    long peak_rss_kib[PR_STAGE_COUNT]; /* process peak RSS at the end of each stage */
    char *snapshot_path;               /* owned; pr_job_report_clear frees it */
} pr_job_report;

int pr_job_run(pr_job_report *report, const pr_job_opts *opts, pr_error *err);
void pr_job_report_clear(pr_job_report *report);

#endif
