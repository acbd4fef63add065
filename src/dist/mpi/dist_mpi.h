/* Internal to the MPI build of the dist room (dist/mpi/). */
#ifndef PR_DIST_MPI_H
#define PR_DIST_MPI_H

#include "../dist_internal.h"

/* MPI's default handler already aborts on a failed call; this keeps that promise if a caller
 * changed the handler. */
void dist__must(int mpi_rc);

/* Collective: every process gets process `from`'s rc and err (its failure, for all to report). */
int dist__failure_of(int from, int rc, pr_error *err);

#endif
