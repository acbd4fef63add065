/* The message passing of the multi-process run, as the MPI module provides it.
 *
 * The `peoplerank` binary links no MPI: every process started directly (every reader, every
 * one-process run) would otherwise load Open MPI's libraries at start-up (7 of the binary's 17
 * shared objects; issue 16). The module (dist/mpi/, built as peoplerank-mpi.so next to the
 * binary and linked with MPI) holds only these calls, on MPI_COMM_WORLD; dist_group.c loads it
 * with dlopen when a launcher started the process. Everything else of the run (the group, the
 * sharded reading, the rank over processes) is in the binary and calls it through this table.
 * This header includes nothing of peoplerank's: the module is built from it alone. */
#ifndef PR_DIST_COMM_H
#define PR_DIST_COMM_H

/* Changes whenever the table below changes: a module from another build is refused. */
#define DIST_COMM_ABI 1

typedef enum dist_type {
    DIST_BYTE,
    DIST_INT,
    DIST_U32,
    DIST_U64,
    DIST_FLOAT,
    DIST_DOUBLE
} dist_type;

/* Each call returns 0 on success (else MPI's error code) and is MPI's call of the same name on
 * MPI_COMM_WORLD. */
typedef struct dist_comm {
    unsigned abi;     /* DIST_COMM_ABI */
    unsigned size_of; /* sizeof(dist_comm) */
    /* MPI_Init_thread (MPI_THREAD_FUNNELED), then this process's id and the group's size. */
    int (*init)(int *argc, char ***argv, int *rank, int *size);
    void (*finalize)(void);
    void (*abort)(void); /* MPI_Abort(MPI_COMM_WORLD, 1): ends every process */
    int (*bcast)(void *data, int count, dist_type t, int root);
    int (*allreduce_min_int)(const int *in, int *out);
    int (*allgather)(const void *send, int count, dist_type t, void *recv);
    /* send == NULL: MPI_IN_PLACE (this process's part is already in recv). */
    int (*allgatherv)(const void *send, int count, void *recv, const int *counts, const int *displs,
                      dist_type t);
    int (*alltoall)(const void *send, int count, dist_type t, void *recv);
    int (*alltoallv)(const void *send, const int *send_counts, const int *send_displs, void *recv,
                     const int *recv_counts, const int *recv_displs, dist_type t);
    int (*exscan_sum)(const void *send, void *recv, int count, dist_type t);
} dist_comm;

/* The module's one exported symbol. */
extern const dist_comm pr_dist_mpi_comm;

#endif
