/* The process group under MPI: joining it, agreeing on failures, ending it on a fatal one.
 * The group is process-wide by nature (MPI_COMM_WORLD), so its size and this process's id are
 * the room's only state, set once by pr_dist_start. */
#include "dist_mpi.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

static struct {
    int joined; /* MPI_Init was called */
    int rank, size;
} group = {0, 0, 1};

/* Launchers set these for the processes they start; without one, the job is one process and
 * MPI is never initialised (no launcher daemon, no cost). */
static int launched(void)
{
    return getenv("OMPI_COMM_WORLD_SIZE") != NULL || getenv("PMI_SIZE") != NULL ||
           getenv("PMIX_RANK") != NULL;
}

int pr_dist_start(int *argc, char ***argv)
{
    if (group.joined || !launched()) {
        return PR_OK;
    }
    int provided = 0;
    /* Only the main thread calls MPI; OpenMP teams run between the calls. */
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        return PR_EIO;
    }
    group.joined = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &group.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &group.size);
    return PR_OK;
}

void pr_dist_stop(void)
{
    if (group.joined) {
        MPI_Finalize();
        group.joined = 0;
    }
}

unsigned pr_dist_rank(void)
{
    return (unsigned)group.rank;
}

unsigned pr_dist_size(void)
{
    return (unsigned)group.size;
}

int pr_dist_built(void)
{
    return 1;
}

void dist__must(int mpi_rc)
{
    if (mpi_rc != MPI_SUCCESS) {
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
}

void pr_dist_broadcast(void *data, uint64_t bytes)
{
    const uint64_t piece = UINT64_C(1) << 30; /* MPI counts are int */
    for (uint64_t at = 0; group.size > 1 && at < bytes; at += piece) {
        int n = (int)(bytes - at < piece ? bytes - at : piece);
        dist__must(MPI_Bcast((char *)data + at, n, MPI_BYTE, 0, MPI_COMM_WORLD));
    }
}

void pr_dist_fail(const pr_error *err)
{
    if (group.size <= 1) {
        return;
    }
    char text[1200];
    pr_error_format(text, sizeof text, err);
    fprintf(stderr, "peoplerank: process %d of %d: %s: stopping every process\n", group.rank,
            group.size, text);
    fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
    exit(1); /* not reached: MPI_Abort does not return */
}

/* The failure every process reports: the first failing process's code and details. */
typedef struct shared_failure {
    int rc;
    pr_error err;
} shared_failure;

int pr_dist_agree(int rc, pr_error *err)
{
    if (group.size <= 1) {
        return rc;
    }
    int mine = rc != PR_OK ? group.rank : group.size, first = group.size;
    if (MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD) != MPI_SUCCESS) {
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    if (first == group.size) {
        return PR_OK;
    }
    return dist__failure_of(first, rc, err);
}

int dist__failure_of(int from, int rc, pr_error *err)
{
    shared_failure f = {rc, PR_ERROR_INIT};
    if (err != NULL) {
        f.err = *err;
    }
    dist__must(MPI_Bcast(&f, (int)sizeof f, MPI_BYTE, from, MPI_COMM_WORLD));
    if (err != NULL) {
        *err = f.err;
    }
    return f.rc;
}
