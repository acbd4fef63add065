/* Progress of a run on a terminal: the job's stage and ingest callbacks (tools/cli_progress.c). */
#ifndef PR_CLI_PROGRESS_H
#define PR_CLI_PROGRESS_H

#include "peoplerank/job.h"

#include <stdint.h>

typedef struct cli_progress {
    double stage_start, last_draw;
    uint64_t lines, bytes, events, kept; /* kept: UINT64_MAX while reading */
} cli_progress;

/* pr_job_progress_fn: a stage begins (done 0) or ends (done 1). */
void cli_progress_stage(void *ctx, int stage, int done);
/* pr_ingest_progress_fn: input read so far; the last call gives the events kept. */
void cli_progress_ingest(void *ctx, uint64_t lines, uint64_t bytes, uint64_t events, uint64_t kept);

#endif
