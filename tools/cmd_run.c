/* peoplerank run: the nightly job. */
#include "cli.h"
#include "cli_progress.h"
#include "job_options.h"
#include "peoplerank/dist.h"
#include "peoplerank/snapshot_dir.h"
#include "report/report.h"

#include <string.h>

#define PR_EXIT_DRIFT 3

static void run_usage(FILE *out)
{
    fprintf(out,
            "usage: peoplerank run (--events PATH | --input FORMAT[:NETWORK]=PATH)... --out DIR\n"
            "                      [options]\n\n"
            "Reads interaction events, builds the interaction graph, ranks it, scores every\n"
            "person 1-100 and publishes a snapshot in DIR (DIR/latest names the newest).\n"
            "A failed run publishes nothing and leaves DIR/latest as it was.\n\n");
    job_args_help(out, JOB_OPT_INPUT | JOB_OPT_RANK | JOB_OPT_OUTPUT);
    fprintf(out,
            "\nPrints the snapshot path(s) on stdout and a summary on stderr.\n"
            "exit: 0 published, 1 failed (nothing published), 2 usage error,\n"
            "      3 refused by a guard: dates, drift (nothing published; docs/operations.md)\n");
}

static int check_options(const job_args *a)
{
    const pr_job_opts *j = &a->job;
    if ((a->count == 0 && j->graph_path == NULL) || j->out_dir == NULL) {
        cli_error("%s needs an input and --out (see 'peoplerank %s --help')",
                  j->graph_path ? "rank" : "run", j->graph_path ? "rank" : "run");
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
    pr_error err = PR_ERROR_INIT;
    if (pr_job_check_opts(j, &err) != PR_OK) {
        cli_report(&err);
        return PR_EXIT_USAGE;
    }
    return job_check_processes(a);
}

/* --report: the new snapshot of the first algorithm against the newest older one in its
 * directory (the previous run's), when there is one. */
static int write_report(const char *report, const char *snapshot)
{
    pr_error err = PR_ERROR_INIT;
    char *older = NULL, **names = NULL;
    size_t n = 0;
    const char *slash = strrchr(snapshot, '/');
    const char *base = slash ? slash + 1 : snapshot;
    char *dir = slash ? pr_strfmt("%.*s", (int)(slash - snapshot), snapshot) : pr_strdup(".");
    if (dir != NULL && pr_snapshot_list(&names, &n, dir, &err) == PR_OK) {
        for (size_t i = 0; i < n && older == NULL; i++) {
            if (strcmp(names[i], base) < 0) { /* newest first; same-width dates sort */
                older = pr_strfmt("%s/%s", dir, names[i]);
            }
        }
    }
    pr_snapshot_list_free(names, n);
    pr_free(dir);
    int rc = report_write(report, snapshot, older, &err);
    pr_free(older);
    if (rc != PR_OK) {
        cli_report(&err);
        cli_error("the snapshot is published, but the report was not written");
        return PR_EXIT_FAIL;
    }
    return PR_EXIT_OK;
}

int cli_run_job(job_args *a)
{
    int rc = check_options(a);
    if (rc != PR_EXIT_OK) {
        return rc;
    }
    cli_progress shown = {0};
    a->job.progress = cli_progress_stage;
    a->job.ingest_progress = cli_progress_ingest;
    a->job.progress_ctx = &shown;
    pr_job_report report;
    pr_error err = PR_ERROR_INIT;
    int jrc = pr_job_run(&report, &a->job, &err);
    if (pr_dist_rank() != 0) { /* process 0 reports for all (every one ends with its rc) */
        pr_job_report_clear(&report);
        return jrc == PR_OK ? PR_EXIT_OK : jrc == PR_EDRIFT ? PR_EXIT_DRIFT : PR_EXIT_FAIL;
    }
    if (report.bad_lines != NULL && (!cli_quiet || jrc != PR_OK)) {
        fprintf(stderr, "peoplerank: bad lines skipped (the first few):\n%s", report.bad_lines);
    }
    for (size_t i = 0; i < report.out_count; i++) {
        if (report.out[i].latest_unreadable) {
            cli_error("warning: %s: the previous snapshot (latest) is unreadable; started cold",
                      report.out[i].algorithm);
        }
    }
    if (jrc == PR_EDRIFT) {
        cli_report(&err);
        fprintf(stderr, "%s", report.drift_report ? report.drift_report : "");
        rc = PR_EXIT_DRIFT;
    } else if (jrc != PR_OK) {
        cli_report(&err);
        cli_error("run failed: nothing was published");
        rc = PR_EXIT_FAIL;
    } else {
        if (!cli_quiet) {
            job_print_summary(&report, &a->job);
        }
        for (size_t i = 0; i < report.out_count; i++) {
            printf("%s\n", report.out[i].snapshot_path);
        }
        if (a->report != NULL && report.out_count > 0) {
            rc = write_report(a->report, report.out[0].snapshot_path);
        }
    }
    pr_job_report_clear(&report);
    return rc;
}

int cmd_run(int argc, char **argv)
{
    job_args a; /* about 10 KiB: fine on the stack, and every call has its own */
    job_args_init(&a);
    int rc = job_args_parse(&a, argc, argv, JOB_OPT_INPUT | JOB_OPT_RANK | JOB_OPT_OUTPUT);
    if (rc == PR_EXIT_OK && a.help) {
        run_usage(stdout);
    } else if (rc == PR_EXIT_OK && optind < argc) {
        cli_error("unexpected argument '%s'", argv[optind]);
        rc = PR_EXIT_USAGE;
    } else if (rc == PR_EXIT_OK) {
        rc = cli_run_job(&a);
    }
    job_args_free(&a);
    return rc;
}
