/* The MPI module, peoplerank-mpi.so: dist_comm's calls made with MPI on MPI_COMM_WORLD
 * (dist_comm.h says why this is a module of its own). Nothing here knows peoplerank. */
#include "../dist_comm.h"

#include <mpi.h>

static MPI_Datatype type_of(dist_type t)
{
    switch (t) {
    case DIST_INT:
        return MPI_INT;
    case DIST_U32:
        return MPI_UINT32_T;
    case DIST_U64:
        return MPI_UINT64_T;
    case DIST_FLOAT:
        return MPI_FLOAT;
    case DIST_DOUBLE:
        return MPI_DOUBLE;
    case DIST_BYTE:
    default:
        return MPI_BYTE;
    }
}

static int init(int *argc, char ***argv, int *rank, int *size)
{
    int provided = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        return 1;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
    return 0;
}

static void finalize(void)
{
    MPI_Finalize();
}

static void abort_all(void)
{
    MPI_Abort(MPI_COMM_WORLD, 1);
}

static int bcast(void *data, int count, dist_type t, int root)
{
    return MPI_Bcast(data, count, type_of(t), root, MPI_COMM_WORLD);
}

static int allreduce_min_int(const int *in, int *out)
{
    return MPI_Allreduce(in, out, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
}

static int allgather(const void *send, int count, dist_type t, void *recv)
{
    return MPI_Allgather(send, count, type_of(t), recv, count, type_of(t), MPI_COMM_WORLD);
}

static int allgatherv(const void *send, int count, void *recv, const int *counts, const int *displs,
                      dist_type t)
{
    if (send == NULL) {
        return MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, recv, counts, displs, type_of(t),
                              MPI_COMM_WORLD);
    }
    return MPI_Allgatherv(send, count, type_of(t), recv, counts, displs, type_of(t),
                          MPI_COMM_WORLD);
}

static int alltoall(const void *send, int count, dist_type t, void *recv)
{
    return MPI_Alltoall(send, count, type_of(t), recv, count, type_of(t), MPI_COMM_WORLD);
}

static int alltoallv(const void *send, const int *send_counts, const int *send_displs, void *recv,
                     const int *recv_counts, const int *recv_displs, dist_type t)
{
    return MPI_Alltoallv(send, send_counts, send_displs, type_of(t), recv, recv_counts, recv_displs,
                         type_of(t), MPI_COMM_WORLD);
}

static int exscan_sum(const void *send, void *recv, int count, dist_type t)
{
    return MPI_Exscan(send, recv, count, type_of(t), MPI_SUM, MPI_COMM_WORLD);
}

const dist_comm pr_dist_mpi_comm = {
    DIST_COMM_ABI,     sizeof(dist_comm), init,       finalize, abort_all, bcast,
    allreduce_min_int, allgather,         allgatherv, alltoall, alltoallv, exscan_sum,
};
