/* bench_dist: the rank stage on P processes (mpirun -np P bench_dist ...).
 *
 * Every process builds the same seeded R-MAT graph (rmat.h: 2^scale persons, degree * 2^scale
 * edges), then ranks it with pr_dist_rank_variant for a fixed number of iterations (tolerance 0)
 * after one warm-up run. Each process prints one line: its persons and in-edges, contributions
 * sent and received per iteration (8 bytes each), seconds per iteration, and the share of that
 * time spent exchanging (contributions, the gathered per-chunk sums, waiting for the slowest
 * process). Load balance = max / mean of the compute seconds over the lines. Started without
 * mpirun it is the one-process rank (pr_rank_pagerank), the baseline.
 *
 *   mpirun -np P bench_dist [--scale 20] [--degree 16] [--seed 1] [--iters 20] [--threads 1]
 */
#include "peoplerank/dist.h"
#include "rmat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static pr_graph *rmat_graph(unsigned scale, unsigned degree, uint64_t seed)
{
    pr_edge_list el = PR_EDGE_LIST_INIT;
    uint64_t m = (uint64_t)degree << scale;
    for (uint64_t i = 0; i < m; i++) {
        uint32_t s, t;
        rmat_edge(&s, &t, seed, scale, i);
        if (pr_edge_list_add(&el, s, t, 1.0) != PR_OK) {
            pr_edge_list_clear(&el);
            return NULL;
        }
    }
    pr_graph *g = NULL;
    int rc = pr_graph_build(&g, &el, (pr_node)1 << scale, 0, NULL);
    pr_edge_list_clear(&el);
    return rc == PR_OK ? g : NULL;
}

int main(int argc, char **argv)
{
    unsigned scale = 20, degree = 16, iters = 20;
    uint64_t seed = 1;
    int threads = 1;
    pr_error err = PR_ERROR_INIT;
    if (pr_dist_start(&argc, &argv, &err) != PR_OK) {
        fprintf(stderr, "bench_dist: %s\n", err.message);
        return 1;
    }
    for (int i = 1; i + 1 < argc; i += 2) {
        unsigned long long v = strtoull(argv[i + 1], NULL, 10);
        if (strcmp(argv[i], "--scale") == 0) {
            scale = (unsigned)v;
        } else if (strcmp(argv[i], "--degree") == 0) {
            degree = (unsigned)v;
        } else if (strcmp(argv[i], "--seed") == 0) {
            seed = v;
        } else if (strcmp(argv[i], "--iters") == 0) {
            iters = (unsigned)v;
        } else if (strcmp(argv[i], "--threads") == 0) {
            threads = (int)v;
        }
    }
    pr_graph *g = rmat_graph(scale, degree, seed);
    double *rank = g ? malloc((size_t)g->n * sizeof *rank) : NULL;
    if (rank == NULL) {
        fprintf(stderr, "bench_dist: out of memory\n");
        return 1;
    }
    pr_rank_opts o = PR_RANK_OPTS_INIT;
    o.tolerance = 0.0, o.max_iterations = iters, o.threads = threads;
    pr_rank_result res;
    pr_dist_rank_variant(rank, &res, g, PR_ALGO_PAGERANK, &o, &err); /* warm-up */
    double t = now_s();
    int rc = pr_dist_rank_variant(rank, &res, g, PR_ALGO_PAGERANK, &o, &err);
    double per_iter = (now_s() - t) / (double)iters;
    pr_dist_stats st;
    pr_dist_last_stats(&st);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double busy = st.seconds_compute + st.seconds_exchange;
    printf("scale %u seed %llu P %u proc %u: persons %u edges %llu sent %llu recv %llu "
           "(values/iter) ms/iter %.3f compute_s %.4f exchange_share %.3f peak_rss_mib %.1f "
           "rc %d\n",
           scale, (unsigned long long)seed, pr_dist_size(), pr_dist_rank(), st.end - st.begin,
           (unsigned long long)st.edges, (unsigned long long)st.values_sent,
           (unsigned long long)st.values_received, per_iter * 1e3, st.seconds_compute,
           busy > 0 ? st.seconds_exchange / busy : 0.0, (double)ru.ru_maxrss / 1024.0, rc);
    free(rank);
    pr_graph_free(g);
    pr_dist_stop();
    return rc == PR_OK ? 0 : 1;
}
