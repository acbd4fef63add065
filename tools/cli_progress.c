/* Progress of a run on a terminal (stderr): per stage, counts, rate and elapsed time, redrawn in
 * place at most PROGRESS_HZ times a second; one closing line per stage. Off a terminal, or with
 * -q, nothing (cli_show_progress). */
#include "cli_progress.h"

#include "cli.h"

#include <stdio.h>
#include <time.h>

#define PROGRESS_HZ 4

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void ingest_line(const cli_progress *p, double t)
{
    double secs = t - p->stage_start, mb = (double)p->bytes / 1e6;
    fprintf(stderr, "\rpeoplerank: ingest: %llu lines, %.1f MB, %.1f MB/s, %llu events read",
            (unsigned long long)p->lines, mb, secs > 0.0 ? mb / secs : 0.0,
            (unsigned long long)p->events);
    if (p->kept != UINT64_MAX) {
        fprintf(stderr, ", %llu kept", (unsigned long long)p->kept);
    }
    /* ESC [ K clears what a longer earlier line left on the right */
    fprintf(stderr, ", %.1f s\033[K%s", secs, p->kept != UINT64_MAX ? "\n" : "");
}

void cli_progress_stage(void *ctx, int stage, int done)
{
    cli_progress *p = ctx;
    if (!cli_show_progress()) {
        return;
    }
    double t = now();
    if (!done) {
        p->stage_start = t;
        p->last_draw = 0.0;
        p->lines = p->bytes = p->events = 0;
        p->kept = UINT64_MAX;
        return;
    }
    if (stage == PR_STAGE_INGEST && p->lines > 0 && p->kept == UINT64_MAX) {
        fprintf(stderr, "\n"); /* the ingest failed before it counted what it kept */
    }
    fprintf(stderr, "peoplerank: %s done in %.1f s\n", pr_stage_name(stage), t - p->stage_start);
}

void cli_progress_ingest(void *ctx, uint64_t lines, uint64_t bytes, uint64_t events, uint64_t kept)
{
    cli_progress *p = ctx;
    p->lines = lines;
    p->bytes = bytes;
    p->events = events;
    p->kept = kept;
    double t = now();
    if (!cli_show_progress() || (kept == UINT64_MAX && t - p->last_draw < 1.0 / PROGRESS_HZ)) {
        return;
    }
    p->last_draw = t;
    ingest_line(p, t);
    fflush(stderr);
}
