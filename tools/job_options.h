/* Command-line options shared by the verbs that run the job (`run`, `rank`) and read
 * interactions (`build`). */
#ifndef PR_JOB_OPTIONS_H
#define PR_JOB_OPTIONS_H

#include "peoplerank/job.h"

#include <getopt.h>
#include <stdio.h>

#define JOB_MAX_INPUTS 256

typedef struct job_args {
    pr_job_opts job;
    pr_input_spec inputs[JOB_MAX_INPUTS];
    char *storage[JOB_MAX_INPUTS];
    size_t count;
    const char *config_path;
    int config_seen, config_applied; /* --config options getopt saw / the pre-scan applied */
    const char *output;              /* -o for `build` */
    const char *report;              /* --report FILE for `run` and `rank` */
    int help;
} job_args;

/* Which option groups a verb accepts. */
enum { JOB_OPT_INPUT = 1, JOB_OPT_RANK = 2, JOB_OPT_OUTPUT = 4, JOB_OPT_BUILD_OUT = 8 };

void job_args_init(job_args *a);
void job_args_free(job_args *a);

/* Parses argv; returns PR_EXIT_OK, or PR_EXIT_USAGE after printing the problem. Positional
 * arguments are left at argv[optind..]. */
int job_args_parse(job_args *a, int argc, char **argv, unsigned groups);

/* Help text of each group. */
void job_args_help(FILE *out, unsigned groups);

/* Parses one "FORMAT[:NETWORK]=PATH" into specs[*count] (its text in storage[*count], freed by
 * the caller) and counts it; at most cap inputs. PR_EXIT_OK, or PR_EXIT_USAGE after printing
 * the problem. Shared by the verbs that read inputs (run, build, evaluate). */
int cli_add_input(pr_input_spec *specs, char **storage, size_t *count, size_t cap,
                  const char *text);

/* Runs the job with parsed arguments and reports it (cmd_run.c; shared by `run` and `rank`):
 * an exit code. */
int cli_run_job(job_args *a);

/* Under mpirun with P > 1 (tools/job_processes.c): PR_EXIT_USAGE, after naming it, for an
 * option that does not work on several processes yet; else PR_EXIT_OK. */
int job_check_processes(const job_args *a);

/* Prints the run summary on stderr. */
void job_print_summary(const pr_job_report *r, const pr_job_opts *o);

#endif
