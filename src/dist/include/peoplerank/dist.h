/* peoplerank: the processes one job runs on, and the rank computed over them.
 *
 * Started directly, the job is one process (P = 1) and these functions are plain calls of the
 * one-process code; MPI is not even loaded. Started by `mpirun -np P` (built with MPI,
 * -DPR_MPI=ON: the MPI module, peoplerank-mpi.so, beside the binary), the P processes
 * share the rank stage: each owns a range of person ids, balanced by in-edges, and every iteration
 * exchanges only the contributions the others need (docs/architecture.md, room dist). The ranks
 * are bit-identical at any P: per-person sums run in edge order as in one process, and the
 * global sums (dangling rank, L1 change) add the per-chunk parts of pr_rank_sum_parts in chunk
 * order whatever process computed them.
 *
 * Reading is sharded: each process reads its share of the inputs (whole files, or byte ranges of
 * one big file cut at line ends), and the shards are merged in input order. What stays to do
 * (docs/scale-out.md): after the merge every process holds the whole ingest and graph; only the
 * reading and the rank iterations are split. */
#ifndef PEOPLERANK_DIST_H
#define PEOPLERANK_DIST_H

#include "peoplerank/ingest.h"
#include "peoplerank/rank.h"
#include "peoplerank/rank_kernel.h"

/* Joins the process group when a launcher (mpirun: OMPI_COMM_WORLD_SIZE, PMIX_RANK, PMI_RANK or
 * PMI_SIZE set) started this process, else stays one process. Call once, before anything else
 * touches the group. Joining loads the MPI module (peoplerank-mpi.so in the running binary's
 * directory, or the path in $PEOPLERANK_MPI_MODULE) and calls MPI_Init; when the module or MPI
 * cannot be loaded (or the build has no MPI) it fails with one line saying so in err, and the
 * caller must stop: never run P unrelated single processes. */
int pr_dist_start(int *argc, char ***argv, pr_error *err);

/* Leaves the group (MPI_Finalize); a no-op for one process. */
void pr_dist_stop(void);

/* This process (0..P-1) and the number of processes P. Process 0 writes and publishes. */
unsigned pr_dist_rank(void);
unsigned pr_dist_size(void);

/* 1 when the build can run more than one process (built with MPI: the module exists). */
int pr_dist_built(void);

/* Collective: every process passes its own rc (and err, the details of a failure) and every
 * process gets back the same rc and err, those of the first failing process (lowest id), or
 * PR_OK. Each process must call it at the same point, whatever its rc. */
int pr_dist_agree(int rc, pr_error *err);

/* Collective: process 0's `bytes` bytes at data are copied to data on every process (the same
 * size everywhere). A no-op for one process. */
void pr_dist_broadcast(void *data, uint64_t bytes);

/* A failure the other processes cannot learn of by pr_dist_agree (they are inside a collective
 * step): prints err as "peoplerank: process K of P: ..." and ends every process (exit 1). A
 * no-op for one process (the caller returns the error as usual). */
void pr_dist_fail(const pr_error *err);

/* One input of a run: format, network (NULL: the format's) and path, as pr_ingest_add_file. */
typedef struct pr_dist_input {
    const char *format, *network, *path;
} pr_dist_input;

/* Reads the inputs into ig (which holds the identity map and csv columns, and no input yet).
 * One process: pr_ingest_add_file on each in order. Several (collective): each process reads
 * its share into a shard of its own (opts: the ingest options, csv_columns may be NULL) — the
 * concatenated inputs cut into P byte segments of equal size, a splittable plain file read in
 * byte ranges at line ends, any other file whole by the process whose segment holds its start —
 * and the shards are appended in process order, so that every process ends with the ingest one
 * process would have read: same ids, events, counts, first bad lines; the first error, or the
 * line past --max-errors, as one process reports it. Every process returns the same rc and
 * err. */
int pr_dist_read_inputs(pr_ingest *ig, const pr_ingest_opts *opts, const char *csv_columns,
                        const pr_dist_input *in, size_t count, pr_error *err);

/* 1 when algorithm a runs on P > 1 processes: pagerank and personalized are computed by all
 * processes together; indegree, instrength and followers (one pass over the in-edges) by each. */
int pr_dist_supports(pr_algorithm a);

/* pr_rank_variant over the processes: collective for pagerank and personalized (every process
 * passes the same g and opts and receives all n values); the others as pr_rank_variant. */
int pr_dist_rank_variant(double *value, pr_rank_result *result, const pr_graph *g, pr_algorithm a,
                         const pr_rank_opts *opts, pr_error *err);

/* Splits g's persons into `parts` ranges: part p owns [bounds[p], bounds[p+1]) (bounds has
 * parts+1 entries, bounds[0] = 0, bounds[parts] = n). Every bound is a multiple of
 * PR_RANK_CHUNK or n, as the range kernel needs; the work of a part (its in-edges plus a small
 * constant per person) is about total/parts, give or take one chunk. Parts may be empty (more
 * parts than chunks). */
void pr_dist_partition(pr_node *bounds, const pr_graph *g, unsigned parts);

/* Measurements of the last pr_dist_rank_variant on this process (benchmarks, --stats). */
typedef struct pr_dist_stats {
    pr_node begin, end;       /* the person ids this process owned */
    uint64_t edges;           /* in-edges of those persons */
    uint64_t values_sent;     /* contributions sent per iteration (all peers) */
    uint64_t values_received; /* contributions received per iteration */
    double seconds_compute;   /* kernel time, all iterations */
    double seconds_exchange;  /* exchange and reductions, all iterations */
} pr_dist_stats;

void pr_dist_last_stats(pr_dist_stats *out);

#endif
