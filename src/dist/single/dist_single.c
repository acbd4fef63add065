/* The dist room built without MPI: always one process. */
#include "dist_internal.h"

#include <string.h>

int pr_dist_start(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return PR_OK;
}

void pr_dist_stop(void) {}

unsigned pr_dist_rank(void)
{
    return 0;
}

unsigned pr_dist_size(void)
{
    return 1;
}

int pr_dist_built(void)
{
    return 0;
}

int pr_dist_agree(int rc, pr_error *err)
{
    (void)err;
    return rc;
}

void pr_dist_broadcast(void *data, uint64_t bytes)
{
    (void)data, (void)bytes;
}

void pr_dist_fail(const pr_error *err)
{
    (void)err;
}

int dist_pagerank(double *rank, pr_rank_result *result, pr_error *err, const pr_graph *g,
                  const pr_rank_opts *opts)
{
    return pr_rank_variant(rank, result, g, PR_ALGO_PAGERANK, opts, err);
}

void pr_dist_last_stats(pr_dist_stats *out)
{
    memset(out, 0, sizeof *out);
}

int pr_dist_read_inputs(pr_ingest *ig, const pr_ingest_opts *opts, const char *csv_columns,
                        const pr_dist_input *in, size_t count, pr_error *err)
{
    (void)opts, (void)csv_columns;
    return dist__read_inputs_here(ig, in, count, err);
}
