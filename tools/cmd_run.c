/* peoplerank run: the nightly job. */
#include "cli.h"

#include "peoplerank/ingest.h"
#include "peoplerank/job.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_INPUTS 256

static void run_usage(FILE *out)
{
    fprintf(out,
            "usage: peoplerank run (--events PATH | --input FORMAT[:NETWORK]=PATH)... --out DIR\n"
            "                      [options]\n\n"
            "Reads interaction events, builds the interaction graph, ranks it, scores every\n"
            "person 1-100 and publishes a snapshot in DIR (DIR/latest names the newest).\n"
            "A failed run publishes nothing and leaves DIR/latest as it was.\n\n"
            "inputs:\n"
            "  --events PATH          event format v1 (short for --input events=PATH); '-' = stdin\n"
            "  --input F[:NET]=PATH   an input of format F (events); repeatable\n"
            "  --out DIR              where snapshots are written (created if missing)\n"
            "graph:\n"
            "  --as-of DATE           Unix seconds or 2026-11-24T00:00:00Z (default: newest event)\n"
            "  --window-days D        keep the last D days before the as-of date (default 90)\n"
            "  --half-life-days H     weight of an event halves every H days of age; 0 = no decay\n"
            "                         (default 30)\n"
            "  --max-errors N         skip up to N bad lines (counted, reported); default 0: the\n"
            "                         first bad line fails the run\n"
            "rank:\n"
            "  --damping D            PageRank damping factor (default 0.85)\n"
            "  --tolerance T          stop when the L1 change of the ranks is below T (1e-10)\n"
            "  --max-iterations N     at most N iterations (default 1000)\n"
            "  --threads N            OpenMP threads (default: all cores)\n"
            "output:\n"
            "  -q, --quiet            print nothing but errors\n"
            "  -h, --help             this help\n\n"
            "Prints the snapshot path on stdout and a summary on stderr.\n"
            "exit: 0 published, 1 failed (nothing published), 2 usage error\n");
}

static void progress(void *ctx, int stage, int done)
{
    (void)ctx;
    if (cli_show_progress()) {
        fprintf(stderr, "peoplerank: %s %s\n", pr_stage_name(stage), done ? "done" : "...");
    }
}

static void print_summary(const pr_job_report *r, const pr_job_opts *o)
{
    const pr_ingest_summary *s = &r->ingest;
    char asof[32];
    time_t t = (time_t)s->as_of;
    strftime(asof, sizeof asof, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
    fprintf(stderr, "peoplerank run summary\n");
    fprintf(stderr, "  inputs            %zu file(s)\n", o->input_count);
    for (size_t i = 0; i < o->input_count; i++) {
        fprintf(stderr, "                    %s%s%s=%s\n", o->inputs[i].format,
                o->inputs[i].network ? ":" : "", o->inputs[i].network ? o->inputs[i].network : "",
                o->inputs[i].path);
    }
    fprintf(stderr, "  as of             %s (window %.0f days, half-life %.0f days)\n", asof,
            o->ingest.window_days, o->ingest.half_life_days);
    fprintf(stderr, "  lines read        %llu\n", (unsigned long long)s->lines);
    fprintf(stderr, "  events read       %llu\n", (unsigned long long)s->events_read);
    fprintf(stderr, "  events kept       %llu\n", (unsigned long long)s->events_kept);
    fprintf(stderr, "  outside window    %llu older, %llu after the as-of date\n",
            (unsigned long long)s->outside_window, (unsigned long long)s->after_as_of);
    fprintf(stderr, "  self-interactions %llu (ignored)\n", (unsigned long long)s->self_interactions);
    fprintf(stderr, "  bad lines skipped %llu\n", (unsigned long long)s->skipped_lines);
    fprintf(stderr, "  persons           %llu\n", (unsigned long long)s->accounts);
    fprintf(stderr, "  edges             %llu\n", (unsigned long long)s->edges);
    fprintf(stderr, "  iterations        %u (L1 change %.3g, %s)\n", r->rank.iterations,
            r->rank.final_change, r->rank.converged ? "converged" : "NOT converged");
    fprintf(stderr, "  stage        seconds   peak RSS MiB\n");
    for (int st = 0; st < PR_STAGE_COUNT; st++) {
        fprintf(stderr, "  %-10s %9.3f %14.1f\n", pr_stage_name(st), r->seconds[st],
                (double)r->peak_rss_kib[st] / 1024.0);
    }
    fprintf(stderr, "  snapshot          %s\n", r->snapshot_path);
}

typedef struct run_args {
    pr_job_opts job;
    pr_input_spec inputs[MAX_INPUTS];
    char *storage[MAX_INPUTS];
    size_t count;
} run_args;

static int add_input(run_args *a, const char *text)
{
    pr_error err = PR_ERROR_INIT;
    if (a->count == MAX_INPUTS) {
        cli_error("at most %d inputs", MAX_INPUTS);
        return PR_EXIT_USAGE;
    }
    if (pr_input_spec_parse(&a->inputs[a->count], &a->storage[a->count], text, &err) != PR_OK) {
        cli_report(&err);
        return PR_EXIT_USAGE;
    }
    a->count++;
    return PR_EXIT_OK;
}

static int add_events(run_args *a, const char *path)
{
    size_t len = strlen("events=") + strlen(path) + 1;
    char *text = malloc(len);
    if (text == NULL) {
        return PR_EXIT_FAIL;
    }
    snprintf(text, len, "events=%s", path);
    int rc = add_input(a, text);
    free(text);
    return rc;
}

enum { OPT_EVENTS = 256, OPT_INPUT, OPT_OUT, OPT_ASOF, OPT_WINDOW, OPT_HALFLIFE, OPT_MAXERR,
       OPT_DAMPING, OPT_TOL, OPT_MAXIT, OPT_THREADS };

static const struct option run_options[] = {
    {"events", required_argument, NULL, OPT_EVENTS},
    {"input", required_argument, NULL, OPT_INPUT},
    {"out", required_argument, NULL, OPT_OUT},
    {"as-of", required_argument, NULL, OPT_ASOF},
    {"window-days", required_argument, NULL, OPT_WINDOW},
    {"half-life-days", required_argument, NULL, OPT_HALFLIFE},
    {"max-errors", required_argument, NULL, OPT_MAXERR},
    {"damping", required_argument, NULL, OPT_DAMPING},
    {"tolerance", required_argument, NULL, OPT_TOL},
    {"max-iterations", required_argument, NULL, OPT_MAXIT},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int parse_as_of(int64_t *out, const char *value)
{
    if (pr_parse_timestamp(out, value, strlen(value)) != PR_OK) {
        cli_error("--as-of: '%s' is not Unix seconds or YYYY-MM-DDTHH:MM:SSZ", value);
        return PR_EXIT_USAGE;
    }
    return PR_EXIT_OK;
}

static int parse_one(run_args *a, int c, const char *v)
{
    unsigned long long u = 0;
    int rc = PR_EXIT_OK;
    switch (c) {
    case OPT_EVENTS: return add_events(a, v);
    case OPT_INPUT: return add_input(a, v);
    case OPT_OUT: a->job.out_dir = v; return PR_EXIT_OK;
    case OPT_ASOF: return parse_as_of(&a->job.ingest.as_of, v);
    case OPT_WINDOW: return cli_parse_double(&a->job.ingest.window_days, "--window-days", v);
    case OPT_HALFLIFE:
        return cli_parse_double(&a->job.ingest.half_life_days, "--half-life-days", v);
    case OPT_MAXERR:
        rc = cli_parse_u64(&u, "--max-errors", v);
        a->job.ingest.max_errors = u;
        return rc;
    case OPT_DAMPING: return cli_parse_double(&a->job.rank.damping, "--damping", v);
    case OPT_TOL: return cli_parse_double(&a->job.rank.tolerance, "--tolerance", v);
    case OPT_MAXIT:
        rc = cli_parse_u64(&u, "--max-iterations", v);
        a->job.rank.max_iterations = (uint32_t)(u > UINT32_MAX ? UINT32_MAX : u);
        return rc;
    case OPT_THREADS:
        rc = cli_parse_u64(&u, "--threads", v);
        a->job.rank.threads = (int)(u > 1024 ? 1024 : u);
        return rc;
    case 'q': cli_quiet = 1; return PR_EXIT_OK;
    default: return PR_EXIT_USAGE;
    }
}

static int check_options(const run_args *a)
{
    const pr_job_opts *j = &a->job;
    if (a->count == 0 || j->out_dir == NULL) {
        cli_error("run needs --events (or --input) and --out (see 'peoplerank run --help')");
        return PR_EXIT_USAGE;
    }
    if (!(j->rank.damping >= 0.0 && j->rank.damping < 1.0)) {
        cli_error("--damping must be in [0, 1)");
        return PR_EXIT_USAGE;
    }
    if (!(j->rank.tolerance >= 0.0) || !(j->ingest.window_days > 0.0) ||
        !(j->ingest.half_life_days >= 0.0)) {
        cli_error("--tolerance and --half-life-days must be >= 0, --window-days > 0");
        return PR_EXIT_USAGE;
    }
    if (j->rank.max_iterations == 0) {
        cli_error("--max-iterations must be at least 1");
        return PR_EXIT_USAGE;
    }
    return PR_EXIT_OK;
}

int cmd_run(int argc, char **argv)
{
    static run_args a;
    pr_job_opts defaults = PR_JOB_OPTS_INIT;
    memset(&a, 0, sizeof a);
    a.job = defaults;
    int c, rc = PR_EXIT_OK;
    optind = 1;
    while (rc == PR_EXIT_OK && (c = getopt_long(argc, argv, "qh", run_options, NULL)) != -1) {
        if (c == 'h') {
            run_usage(stdout);
            goto cleanup;
        }
        rc = parse_one(&a, c, optarg);
    }
    if (rc == PR_EXIT_OK && optind < argc) {
        cli_error("unexpected argument '%s'", argv[optind]);
        rc = PR_EXIT_USAGE;
    }
    if (rc == PR_EXIT_OK) {
        rc = check_options(&a);
    }
    if (rc != PR_EXIT_OK) {
        goto cleanup;
    }
    a.job.inputs = a.inputs;
    a.job.input_count = a.count;
    a.job.progress = progress;
    pr_job_report report;
    pr_error err = PR_ERROR_INIT;
    if (pr_job_run(&report, &a.job, &err) != PR_OK) {
        cli_report(&err);
        cli_error("run failed: nothing was published");
        rc = PR_EXIT_FAIL;
    } else {
        if (!cli_quiet) {
            print_summary(&report, &a.job);
        }
        printf("%s\n", report.snapshot_path);
    }
    pr_job_report_clear(&report);
cleanup:
    for (size_t i = 0; i < a.count; i++) {
        pr_free(a.storage[i]);
    }
    return rc;
}
