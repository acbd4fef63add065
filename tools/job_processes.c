/* What `run` and `rank` refuse when started on several processes (mpirun -np P, P > 1): every
 * option either works there or is refused here, by name, before any work. */
#include "cli.h"
#include "job_options.h"
#include "peoplerank/dist.h"

#include <string.h>

/* Standard input reaches process 0 only: the others could not read it. */
static int refuse_stdin(const job_args *a)
{
    const char *files[][2] = {{"--identities", a->job.identities},
                              {"--prior", a->job.prior_path},
                              {"--seeds", a->job.seeds_path},
                              {"--warm-start", a->job.warm_start},
                              {"--config", a->config_path}};
    for (size_t i = 0; i < a->count; i++) {
        if (strcmp(a->inputs[i].path, "-") == 0) {
            cli_error("input '-' (standard input) does not work on several processes: "
                      "name a file every process can read");
            return PR_EXIT_USAGE;
        }
    }
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        if (files[i][1] != NULL && strcmp(files[i][1], "-") == 0) {
            cli_error("%s - (standard input) does not work on several processes", files[i][0]);
            return PR_EXIT_USAGE;
        }
    }
    return PR_EXIT_OK;
}

static int refuse_algorithms(const job_args *a)
{
    pr_algorithm algos[PR_JOB_MAX_ALGORITHMS];
    size_t count = 0;
    pr_error err = PR_ERROR_INIT;
    const char *list = a->job.algorithms ? a->job.algorithms : "pagerank";
    if (pr_algorithm_parse_list(algos, &count, list, PR_JOB_MAX_ALGORITHMS, &err) != PR_OK) {
        return PR_EXIT_OK; /* the job reports the bad list itself */
    }
    for (size_t i = 0; i < count; i++) {
        if (!pr_dist_supports(algos[i])) {
            cli_error("--algorithm %s does not run on several processes yet (%u started): run "
                      "it in one process",
                      pr_algorithm_name(algos[i]), pr_dist_size());
            return PR_EXIT_USAGE;
        }
    }
    return PR_EXIT_OK;
}

/* --in-order folds finished days as it reads; a process reading the middle of the input cannot
 * know which days are finished, and the shards' folds are not merged. */
static int refuse_in_order(const job_args *a)
{
    if (a->job.ingest.in_order) {
        cli_error("--in-order does not work on several processes yet (%u started): each reads "
                  "a share of the input; drop --in-order or run in one process",
                  pr_dist_size());
        return PR_EXIT_USAGE;
    }
    return PR_EXIT_OK;
}

int job_check_processes(const job_args *a)
{
    if (pr_dist_size() <= 1) {
        return PR_EXIT_OK;
    }
    int rc = refuse_stdin(a);
    rc = rc == PR_EXIT_OK ? refuse_in_order(a) : rc;
    return rc == PR_EXIT_OK ? refuse_algorithms(a) : rc;
}
