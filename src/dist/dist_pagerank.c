/* pr_rank_pagerank over P processes, with the same bits as one process.
 *
 * Process p owns the persons [bounds[p], bounds[p+1]) (pr_dist_partition: chunk-aligned,
 * balanced by in-edges) and runs the range kernel on them. The exchange plan is built once:
 * each process lists the sources of its in-edges that others own, sends each owner the count
 * (MPI_Alltoall) and the ids (MPI_Alltoallv); every iteration then sends only those
 * contributions (one MPI_Alltoallv of values). The global sums use the kernel's per-chunk parts:
 * every process gathers all of them (MPI_Allgatherv, chunks in order) and adds them with
 * pr_rank_sum_parts, so dangling rank, L1 change and the stopping decision are those of one
 * process, on every process. */
#include "dist_internal.h"

#include <limits.h>
#include <string.h>
#include <time.h>

typedef struct plan {
    int size, me;
    pr_node *bounds;             /* size+1 */
    int *send_count, *send_disp; /* per peer: contributions this process sends */
    int *recv_count, *recv_disp; /* per peer: contributions this process receives */
    int *part_count, *part_disp; /* per process: 2 x its chunks (change, dangling parts) */
    pr_node *send_idx;           /* my persons whose contribution peers need, by peer */
    pr_node *recv_idx;           /* others' persons whose contribution I need, by owner */
    int sends, recvs;
} plan;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void plan_free(plan *pl)
{
    pr_free(pl->bounds), pr_free(pl->send_count), pr_free(pl->send_disp);
    pr_free(pl->recv_count), pr_free(pl->recv_disp), pr_free(pl->part_count);
    pr_free(pl->part_disp), pr_free(pl->send_idx), pr_free(pl->recv_idx);
}

static void prefix(int *disp, const int *count, int size)
{
    disp[0] = 0;
    for (int q = 1; q < size; q++) {
        disp[q] = disp[q - 1] + count[q - 1];
    }
}

/* recv_idx: the distinct sources of my in-edges owned by others, ascending, hence grouped by
 * owner (owners hold ascending ranges). A bitmap of n bits marks them. */
static int plan_needs(plan *pl, const pr_graph *g, pr_node begin, pr_node end)
{
    uint8_t *need = pr_calloc((size_t)g->n / 8 + 1, 1);
    if (need == NULL) {
        return PR_ENOMEM;
    }
    uint64_t total = 0;
    for (uint64_t e = g->in_off[begin]; e < g->in_off[end]; e++) {
        pr_node u = g->in_src[e];
        if ((u < begin || u >= end) && !(need[u >> 3] & (1u << (u & 7)))) {
            need[u >> 3] |= (uint8_t)(1u << (u & 7));
            total++;
        }
    }
    int rc = total < INT_MAX ? PR_OK : PR_ELIMIT; /* MPI counts are int */
    pl->recv_idx = rc == PR_OK ? pr_mallocarray(total ? total : 1, sizeof *pl->recv_idx) : NULL;
    rc = rc == PR_OK && pl->recv_idx == NULL ? PR_ENOMEM : rc;
    int q = 0, at = 0;
    for (pr_node u = 0; rc == PR_OK && u < g->n; u++) {
        if (need[u >> 3] & (1u << (u & 7))) {
            while (u >= pl->bounds[q + 1]) {
                q++;
            }
            pl->recv_count[q]++;
            pl->recv_idx[at++] = u;
        }
    }
    pl->recvs = (int)total;
    pr_free(need);
    return rc;
}

/* Parts of the global sums: process q's chunks are [bounds[q] / CHUNK, chunk_count(bounds[q+1]))
 * when it owns persons; two parts (change, dangling) per chunk. */
static void plan_parts(plan *pl)
{
    for (int q = 0; q < pl->size; q++) {
        pr_node b = pl->bounds[q], e = pl->bounds[q + 1];
        uint64_t first = b / PR_RANK_CHUNK, last = pr_rank_chunk_count(e);
        pl->part_count[q] = b < e ? (int)(2 * (last - first)) : 0;
        pl->part_disp[q] = b < e ? (int)(2 * first) : 0;
    }
}

static int plan_alloc(plan *pl, const pr_graph *g)
{
    size_t s = (size_t)pl->size;
    pl->bounds = pr_mallocarray(s + 1, sizeof *pl->bounds);
    pl->send_count = pr_calloc(s, sizeof(int)), pl->send_disp = pr_calloc(s, sizeof(int));
    pl->recv_count = pr_calloc(s, sizeof(int)), pl->recv_disp = pr_calloc(s, sizeof(int));
    pl->part_count = pr_calloc(s, sizeof(int)), pl->part_disp = pr_calloc(s, sizeof(int));
    if (!pl->bounds || !pl->send_count || !pl->send_disp || !pl->recv_count || !pl->recv_disp ||
        !pl->part_count || !pl->part_disp) {
        return PR_ENOMEM;
    }
    pr_dist_partition(pl->bounds, g, (unsigned)pl->size);
    /* Gathered parts and ranks are indexed by int displacements. */
    return 2 * pr_rank_chunk_count(g->n) < INT_MAX && g->n < INT_MAX ? PR_OK : PR_ELIMIT;
}

/* Builds the plan (collective). Every process returns the same rc. */
static int plan_build(plan *pl, const pr_graph *g, pr_error *err)
{
    pl->size = (int)pr_dist_size();
    pl->me = (int)pr_dist_rank();
    int rc = plan_alloc(pl, g);
    if (rc == PR_OK) {
        rc = plan_needs(pl, g, pl->bounds[pl->me], pl->bounds[pl->me + 1]);
    }
    if (rc != PR_OK) {
        pr_error_set(err, rc, NULL, 0, "%s",
                     rc == PR_ELIMIT ? "the graph is too large for one process's MPI exchange"
                                     : "out of memory building the exchange plan");
    }
    if ((rc = pr_dist_agree(rc, err)) != PR_OK) {
        return rc;
    }
    plan_parts(pl);
    prefix(pl->recv_disp, pl->recv_count, pl->size);
    dist__must(dist__comm()->alltoall(pl->recv_count, 1, DIST_INT, pl->send_count));
    prefix(pl->send_disp, pl->send_count, pl->size);
    int64_t sends = (int64_t)pl->send_disp[pl->size - 1] + pl->send_count[pl->size - 1];
    pl->send_idx =
        sends < INT_MAX ? pr_mallocarray(sends ? (size_t)sends : 1, sizeof(pr_node)) : NULL;
    rc = pl->send_idx
             ? PR_OK
             : pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory building the exchange plan");
    if ((rc = pr_dist_agree(rc, err)) != PR_OK) {
        return rc;
    }
    pl->sends = (int)sends;
    dist__must(dist__comm()->alltoallv(pl->recv_idx, pl->recv_count, pl->recv_disp, pl->send_idx,
                                       pl->send_count, pl->send_disp, DIST_U32));
    return PR_OK;
}

/* One process's side of the iteration. Contributions are double, or float when
 * opts->float_contrib (then contrib_f and DIST_FLOAT); either array holds n entries, of which
 * this process fills its own and those the plan receives. */
typedef struct iter {
    const pr_graph *g;
    const pr_rank_opts *o;
    const plan *pl;
    pr_node begin, end;
    double *rank;
    double *contrib_d;
    float *contrib_f;
    void *send_buf, *recv_buf;
    double *dangling_parts, *change_parts; /* one per chunk of the whole graph */
    double *local_parts, *all_parts;       /* (change, dangling) pairs: mine, everybody's */
    pr_dist_stats stats;
} iter;

static void iter_free(iter *it)
{
    pr_free(it->contrib_d), pr_free(it->contrib_f), pr_free(it->send_buf);
    pr_free(it->recv_buf), pr_free(it->dangling_parts), pr_free(it->change_parts);
    pr_free(it->local_parts), pr_free(it->all_parts);
}

static int iter_alloc(iter *it)
{
    size_t n = it->g->n, chunks = pr_rank_chunk_count(it->g->n);
    size_t width = it->o->float_contrib ? sizeof(float) : sizeof(double);
    if (it->o->float_contrib) {
        it->contrib_f = pr_calloc(n, sizeof(float));
    } else {
        it->contrib_d = pr_calloc(n, sizeof(double));
    }
    it->send_buf = pr_calloc(it->pl->sends ? (size_t)it->pl->sends : 1, width);
    it->recv_buf = pr_calloc(it->pl->recvs ? (size_t)it->pl->recvs : 1, width);
    it->dangling_parts = pr_calloc(chunks, sizeof(double));
    it->change_parts = pr_calloc(chunks, sizeof(double));
    it->local_parts = pr_calloc(2 * chunks, sizeof(double));
    it->all_parts = pr_calloc(2 * chunks, sizeof(double));
    int ok = (it->contrib_d || it->contrib_f) && it->send_buf && it->recv_buf &&
             it->dangling_parts && it->change_parts && it->local_parts && it->all_parts;
    return ok ? PR_OK : PR_ENOMEM;
}

static void step_contrib(iter *it)
{
    double t = now_s();
    if (it->begin < it->end) { /* an empty range would still name a chunk: skip it */
        if (it->contrib_f) {
            pr_rank_contrib_range_f(it->contrib_f, it->dangling_parts, it->g, it->rank, it->begin,
                                    it->end, it->o->threads);
        } else {
            pr_rank_contrib_range(it->contrib_d, it->dangling_parts, it->g, it->rank, it->begin,
                                  it->end, it->o->threads);
        }
    }
    it->stats.seconds_compute += now_s() - t;
}

static void step_pull(iter *it, double dangling)
{
    double t = now_s();
    if (it->begin < it->end) {
        if (it->contrib_f) {
            pr_rank_pull_range_f(it->rank, it->change_parts, it->g, it->contrib_f, dangling,
                                 it->o->damping, it->o->teleport, it->begin, it->end,
                                 it->o->threads);
        } else {
            pr_rank_pull_range(it->rank, it->change_parts, it->g, it->contrib_d, dangling,
                               it->o->damping, it->o->teleport, it->begin, it->end, it->o->threads);
        }
    }
    it->stats.seconds_compute += now_s() - t;
}

/* Every process receives every chunk's change and dangling parts, in chunk order. */
static void gather_parts(iter *it)
{
    double t = now_s();
    const plan *pl = it->pl;
    int mine = pl->part_count[pl->me], first = pl->part_disp[pl->me] / 2;
    for (int i = 0; i < mine / 2; i++) {
        it->local_parts[2 * i] = it->change_parts[first + i];
        it->local_parts[2 * i + 1] = it->dangling_parts[first + i];
    }
    dist__must(dist__comm()->allgatherv(it->local_parts, mine, it->all_parts, pl->part_count,
                                        pl->part_disp, DIST_DOUBLE));
    uint64_t chunks = pr_rank_chunk_count(it->g->n);
    for (uint64_t c = 0; c < chunks; c++) {
        it->change_parts[c] = it->all_parts[2 * c];
        it->dangling_parts[c] = it->all_parts[2 * c + 1];
    }
    it->stats.seconds_exchange += now_s() - t;
}

/* Sends the contributions peers need and stores those received (the plan's lists). */
static void exchange(iter *it)
{
    double t = now_s();
    const plan *pl = it->pl;
    if (it->contrib_f) {
        float *s = it->send_buf, *r = it->recv_buf;
        for (int i = 0; i < pl->sends; i++) {
            s[i] = it->contrib_f[pl->send_idx[i]];
        }
        dist__must(dist__comm()->alltoallv(s, pl->send_count, pl->send_disp, r, pl->recv_count,
                                           pl->recv_disp, DIST_FLOAT));
        for (int i = 0; i < pl->recvs; i++) {
            it->contrib_f[pl->recv_idx[i]] = r[i];
        }
    } else {
        double *s = it->send_buf, *r = it->recv_buf;
        for (int i = 0; i < pl->sends; i++) {
            s[i] = it->contrib_d[pl->send_idx[i]];
        }
        dist__must(dist__comm()->alltoallv(s, pl->send_count, pl->send_disp, r, pl->recv_count,
                                           pl->recv_disp, DIST_DOUBLE));
        for (int i = 0; i < pl->recvs; i++) {
            it->contrib_d[pl->recv_idx[i]] = r[i];
        }
    }
    it->stats.seconds_exchange += now_s() - t;
}

/* The iterations of pr_rank_pagerank: contrib, dangling sum, pull, change sum. Here a pull is
 * followed at once by the next contrib step, so that one gather carries both sums. */
static void iterate(pr_rank_result *res, iter *it)
{
    uint64_t chunks = pr_rank_chunk_count(it->g->n);
    step_contrib(it);
    gather_parts(it);
    double dangling = pr_rank_sum_parts(it->dangling_parts, chunks);
    exchange(it);
    while (res->iterations < it->o->max_iterations) {
        step_pull(it, dangling);
        step_contrib(it);
        gather_parts(it);
        res->final_change = pr_rank_sum_parts(it->change_parts, chunks);
        dangling = pr_rank_sum_parts(it->dangling_parts, chunks);
        res->iterations++;
        if (res->final_change < it->o->tolerance) {
            res->converged = 1;
            break;
        }
        exchange(it);
    }
}

/* Every process receives every range of ranks. */
static void gather_ranks(double *rank, const plan *pl)
{
    int *count = pl->part_count, *disp = pl->part_disp; /* reused: parts are gathered no more */
    for (int q = 0; q < pl->size; q++) {
        count[q] = (int)(pl->bounds[q + 1] - pl->bounds[q]);
        disp[q] = (int)pl->bounds[q];
    }
    dist__must(dist__comm()->allgatherv(NULL, 0, rank, count, disp, DIST_DOUBLE)); /* in place */
}

static pr_dist_stats last_stats;

void pr_dist_last_stats(pr_dist_stats *out)
{
    *out = last_stats;
}

int dist__pagerank(double *rank, pr_rank_result *result, pr_error *err, const pr_graph *g,
                   const pr_rank_opts *opts)
{
    pr_rank_result res = {0, 0.0, 0};
    plan pl = {0};
    iter it = {0};
    int rc = pr_rank_check_opts(g, opts);
    if (rc != PR_OK || g->n == 0) {
        rc = rc == PR_OK ? PR_OK : pr_error_set(err, rc, NULL, 0, "pagerank: invalid rank options");
        goto cleanup;
    }
    if ((rc = plan_build(&pl, g, err)) != PR_OK) {
        goto cleanup;
    }
    it.g = g, it.o = opts, it.pl = &pl, it.rank = rank;
    it.begin = pl.bounds[pl.me], it.end = pl.bounds[pl.me + 1];
    rc = iter_alloc(&it);
    if (rc != PR_OK) {
        pr_error_set(err, rc, NULL, 0, "out of memory ranking on several processes");
    }
    if ((rc = pr_dist_agree(rc, err)) != PR_OK) {
        goto cleanup;
    }
    pr_rank_start_vector(rank, g, opts);
    iterate(&res, &it);
    gather_ranks(rank, &pl);
    it.stats.begin = it.begin, it.stats.end = it.end;
    it.stats.edges = g->in_off[it.end] - g->in_off[it.begin];
    it.stats.values_sent = (uint64_t)pl.sends, it.stats.values_received = (uint64_t)pl.recvs;
    last_stats = it.stats;
cleanup:
    iter_free(&it);
    plan_free(&pl);
    if (result != NULL) {
        *result = res;
    }
    return rc;
}
