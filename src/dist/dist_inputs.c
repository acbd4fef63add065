/* The inputs read by one process: today's path, unchanged, for P = 1. */
#include "dist_internal.h"

int dist__read_inputs_here(pr_ingest *ig, const pr_dist_input *in, size_t count, pr_error *err)
{
    for (size_t i = 0; i < count; i++) {
        int rc = pr_ingest_add_file(ig, in[i].format, in[i].network, in[i].path, err);
        if (rc != PR_OK) {
            return rc;
        }
    }
    return PR_OK;
}
