/* Internals of the dist room: the group (dist_group.c), the sharded reading (dist_ingest.c) and
 * the rank over processes (dist_pagerank.c). The message passing they use comes from the MPI
 * module (dist_comm.h), loaded only when a launcher started the process. */
#ifndef PR_DIST_INTERNAL_H
#define PR_DIST_INTERNAL_H

#include "peoplerank/dist.h"

#include "dist_comm.h"

/* The message passing of the group: set once the process joined a group of several. Call only
 * when pr_dist_size() > 1. */
const dist_comm *dist__comm(void);

/* MPI's default handler already aborts on a failed call; this keeps that promise if a caller
 * changed the handler: a nonzero rc ends every process. */
void dist__must(int comm_rc);

/* Collective: every process gets process `from`'s rc and err (its failure, for all to report). */
int dist__failure_of(int from, int rc, pr_error *err);

/* pr_rank_pagerank computed by every process together (collective; P > 1). */
int dist__pagerank(double *rank, pr_rank_result *result, pr_error *err, const pr_graph *g,
                   const pr_rank_opts *opts);

/* The inputs read by one process, in order (pr_dist_read_inputs at P = 1). */
int dist__read_inputs_here(pr_ingest *ig, const pr_dist_input *in, size_t count, pr_error *err);

#endif
