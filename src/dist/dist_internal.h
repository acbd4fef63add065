/* Internals of the dist room, shared by its one-process (single/) and MPI (mpi/) builds. */
#ifndef PR_DIST_INTERNAL_H
#define PR_DIST_INTERNAL_H

#include "peoplerank/dist.h"

/* pr_rank_pagerank computed by every process together (collective); implemented by mpi/ (and by
 * single/ as pr_rank_pagerank, for P = 1). */
int dist_pagerank(double *rank, pr_rank_result *result, pr_error *err, const pr_graph *g,
                  const pr_rank_opts *opts);

/* The inputs read by one process, in order (pr_dist_read_inputs at P = 1). */
int dist__read_inputs_here(pr_ingest *ig, const pr_dist_input *in, size_t count, pr_error *err);

#endif
