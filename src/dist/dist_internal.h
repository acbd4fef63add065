/* Internals of the dist room, shared by its one-process (single/) and MPI (mpi/) builds. */
#ifndef PR_DIST_INTERNAL_H
#define PR_DIST_INTERNAL_H

#include "peoplerank/dist.h"

/* pr_rank_pagerank computed by every process together (collective); implemented by mpi/ (and by
 * single/ as pr_rank_pagerank, for P = 1). */
int dist_pagerank(double *rank, pr_rank_result *result, pr_error *err, const pr_graph *g,
                  const pr_rank_opts *opts);

#endif
