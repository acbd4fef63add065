/* peoplerank build: reads interactions and saves the built graph, so that researchers can rank
 * it many times (`peoplerank rank GRAPH`) without parsing again. */
#include "cli.h"
#include "job_options.h"

static void build_usage(FILE *out)
{
    fprintf(out, "usage: peoplerank build (--events PATH | --input F[:NET]=PATH)... -o GRAPH\n\n"
                 "Reads interactions and writes the person graph (window, decay, weights and\n"
                 "identity map applied) as a binary graph file for 'peoplerank rank'.\n\n");
    job_args_help(out, JOB_OPT_INPUT | JOB_OPT_BUILD_OUT);
    fprintf(out, "\nexit: 0 written, 1 failed (nothing written), 2 usage error\n");
}

static int build_graph(const job_args *a)
{
    const pr_job_opts *o = &a->job;
    pr_error err = PR_ERROR_INIT;
    pr_ingest *ig = NULL;
    pr_graph *g = NULL;
    int rc;
    if ((rc = pr_job_read_inputs(&ig, o, NULL, &err)) != PR_OK ||
        (rc = pr_ingest_finish(&g, ig, &err)) != PR_OK ||
        (rc = pr_graph_save(g, a->output, &err)) != PR_OK) {
        if (err.code == 0) {
            pr_error_set(&err, rc, NULL, 0, "%s", pr_strerror(rc));
        }
        cli_report(&err);
    } else if (!cli_quiet) {
        const pr_ingest_summary *s = pr_ingest_get_summary(ig);
        fprintf(stderr, "peoplerank: %s: %llu persons, %llu edges from %llu events kept\n",
                a->output, (unsigned long long)g->n, (unsigned long long)g->m,
                (unsigned long long)s->events_kept);
    }
    pr_graph_free(g);
    pr_ingest_free(ig);
    return rc == PR_OK ? PR_EXIT_OK : PR_EXIT_FAIL;
}

int cmd_build(int argc, char **argv)
{
    job_args a; /* about 10 KiB: fine on the stack, and every call has its own */
    job_args_init(&a);
    int rc = job_args_parse(&a, argc, argv, JOB_OPT_INPUT | JOB_OPT_BUILD_OUT);
    if (rc == PR_EXIT_OK && a.help) {
        build_usage(stdout);
    } else if (rc == PR_EXIT_OK && (a.count == 0 || a.output == NULL || optind < argc)) {
        cli_error("build needs inputs and -o GRAPH (see 'peoplerank build --help')");
        rc = PR_EXIT_USAGE;
    } else if (rc == PR_EXIT_OK) {
        rc = build_graph(&a);
    }
    job_args_free(&a);
    return rc;
}
