/* peoplerank rank: ranks a graph saved by `peoplerank build` and publishes a snapshot exactly as
 * `run` does. */
#include "cli.h"
#include "job_options.h"

static void rank_usage(FILE *out)
{
    fprintf(out, "usage: peoplerank rank GRAPH --out DIR [--as-of DATE | --name DATE] [options]\n\n"
                 "Ranks a graph file written by 'peoplerank build' (no parsing again) and\n"
                 "publishes a snapshot in DIR as 'run' does. The saved graph is the person graph:\n"
                 "all networks are ranked together as one (run ranks each network on its own),\n"
                 "and the snapshot is named after --as-of, or --name, or the run's date (a saved\n"
                 "graph does not record its date).\n\n");
    job_args_help(out, JOB_OPT_RANK | JOB_OPT_OUTPUT);
    fprintf(out, "\nexit: 0 published, 1 failed, 2 usage error, 3 refused by --max-drift\n");
}

int cmd_rank(int argc, char **argv)
{
    job_args a; /* about 10 KiB: fine on the stack, and every call has its own */
    job_args_init(&a);
    int rc = job_args_parse(&a, argc, argv, JOB_OPT_RANK | JOB_OPT_OUTPUT);
    if (rc == PR_EXIT_OK && a.help) {
        rank_usage(stdout);
    } else if (rc == PR_EXIT_OK && optind + 1 != argc) {
        cli_error("rank needs exactly one graph file (see 'peoplerank rank --help')");
        rc = PR_EXIT_USAGE;
    } else if (rc == PR_EXIT_OK) {
        a.job.graph_path = argv[optind];
        rc = cli_run_job(&a);
    }
    job_args_free(&a);
    return rc;
}
