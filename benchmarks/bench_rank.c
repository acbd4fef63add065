/* bench_rank: the people-rank kernel against this machine's memory bandwidth and igraph PRPACK.
 *
 * For each graph (seeded R-MAT graphs of 2^scale nodes, average degree 16, and the real edge
 * lists in ../shared/data) it prints: the bytes one iteration must move and the resulting lower
 * bound per iteration at the measured STREAM-style triad bandwidth; our median time per
 * iteration over several trials (fixed iteration count, tolerance 0); edges per second; our
 * end-to-end time to a tolerance that guarantees L1 <= 1e-6 to the fixed point; igraph PRPACK's
 * end-to-end time (igraph_pagerank on an igraph_t built beforehand, untimed) and the L1
 * distance between the two answers. Each graph gets three rows: as is, relabelled by
 * out-degree (the relabelling time counted in our end-to-end time), and relabelled with float
 * contributions. With --warm it also reruns the first R-MAT graph after
 * "one more day" of events (edge window shifted by 1/90) cold and warm-started.
 *
 *   bench_rank [--scales 20,22] [--degree 16] [--seed 1] [--trials 5] [--iters 10]
 *              [--real DIR|none] [--igraph-max-edges N] [--tolerance T] [--threads N]
 *              [--e2e-trials 3] [--warm]
 */
#include "peoplerank/rank.h"
#include "peoplerank/threads.h"
#include "rank_internal.h" /* benchmark-only include path: src/rank */
#include "rmat.h"

#include <igraph.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_TRIALS 64

typedef struct bench_opts {
    const char *scales;
    unsigned degree;
    uint64_t seed;
    int trials;
    uint32_t iters;
    const char *real_dir;
    uint64_t igraph_max_edges;
    double tolerance;
    int warm;
    int threads;      /* pr_rank_opts.threads: 0 = OpenMP's default */
    int e2e_trials;   /* end-to-end runs per row; 0 skips them (and PRPACK) */
    double triad_gbs; /* measured */
} bench_opts;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *x, int n)
{
    qsort(x, (size_t)n, sizeof *x, cmp_double);
    return n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
}

/* ---- machine ---- */

static void print_file_line(const char *path, const char *key, const char *label)
{
    FILE *f = fopen(path, "r");
    char line[512];
    while (f != NULL && fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, key, strlen(key)) == 0) {
            char *colon = strchr(line, ':');
            printf("# %-10s %s", label, colon ? colon + 1 : line);
            break;
        }
    }
    if (f != NULL) {
        fclose(f);
    }
}

static void print_machine(void)
{
    print_file_line("/proc/cpuinfo", "model name", "cpu:");
    print_file_line("/proc/meminfo", "MemTotal", "memory:");
    printf("# cpus:      %ld online, OpenMP threads %d\n", sysconf(_SC_NPROCESSORS_ONLN),
           pr_max_threads());
    printf("# compiler:  gcc %s%s%s\n", __VERSION__,
#ifdef __OPTIMIZE__
           ", optimised",
#else
           ", NOT optimised",
#endif
#ifdef __AVX2__
           ", AVX2"
#else
           ""
#endif
    );
    printf("# igraph:    %s\n", IGRAPH_VERSION);
    /* Spinning OpenMP workers cost a lot on an oversubscribed machine: say how they wait. */
    const char *wait = getenv("OMP_WAIT_POLICY"), *spin = getenv("GOMP_SPINCOUNT");
    printf("# OMP_WAIT_POLICY=%s GOMP_SPINCOUNT=%s\n", wait ? wait : "(unset)",
           spin ? spin : "(unset)");
}

/* STREAM triad a = b + s c over 3 arrays of 2^24 doubles (384 MiB, far beyond the caches);
 * best of 5, counting 24 bytes per element as STREAM does. */
static double triad_gbs(void)
{
    const int64_t n = (int64_t)1 << 24;
    double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *c = malloc(n * sizeof *c);
    double best = 1e30;
    if (a == NULL || b == NULL || c == NULL) {
        free(a), free(b), free(c);
        return 0.0;
    }
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < n; i++) {
        a[i] = 0.0, b[i] = 1.0, c[i] = 2.0;
    }
    for (int k = 0; k < 5; k++) {
        double t0 = now_s();
#pragma omp parallel for schedule(static)
        for (int64_t i = 0; i < n; i++) {
            a[i] = b[i] + 3.0 * c[i];
        }
        double t = now_s() - t0;
        best = t < best ? t : best;
    }
    volatile double sink = a[n / 3];
    (void)sink;
    free(a), free(b), free(c);
    return 24.0 * (double)n / best / 1e9;
}

/* ---- graphs ---- */

/* Edges [first, first + count) of the seeded R-MAT graph, generated in parallel. */
static pr_graph *rmat_graph(unsigned scale, uint64_t first, uint64_t count, uint64_t seed)
{
    pr_edge_list el = PR_EDGE_LIST_INIT;
    el.src = pr_mallocarray(count, sizeof *el.src);
    el.dst = pr_mallocarray(count, sizeof *el.dst);
    el.w = pr_mallocarray(count, sizeof *el.w);
    pr_graph *g = NULL;
    if (el.src != NULL && el.dst != NULL && el.w != NULL) {
        el.count = el.cap = count;
#pragma omp parallel for schedule(static)
        for (int64_t i = 0; i < (int64_t)count; i++) {
            rmat_edge(&el.src[i], &el.dst[i], seed, scale, first + (uint64_t)i);
            el.w[i] = 1.0;
        }
        if (pr_graph_build(&g, &el, (pr_node)1 << scale, 0, NULL) != PR_OK) {
            g = NULL;
        }
    }
    pr_edge_list_clear(&el);
    return g;
}

/* Reads "src dst [weight]" lines (separators: space, tab, comma; '#' comments) through
 * zstdcat when the name ends in .zst. */
static int read_edges(pr_edge_list *el, pr_node *n, const char *path, int weighted)
{
    char cmd[4200];
    size_t len = strlen(path);
    int zst = len > 4 && strcmp(path + len - 4, ".zst") == 0;
    snprintf(cmd, sizeof cmd, "zstdcat -q -- '%s'", path);
    FILE *f = zst ? popen(cmd, "r") : fopen(path, "r");
    if (f == NULL) {
        return -1;
    }
    char line[1024];
    pr_node max = 0;
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f) != NULL) {
        if (line[0] == '#' || line[0] == '\n' || line[0] == '\r') {
            continue;
        }
        char *end;
        unsigned long a = strtoul(line, &end, 10);
        end += strspn(end, " \t,");
        unsigned long b = strtoul(end, &end, 10);
        end += strspn(end, " \t,");
        double w = weighted ? strtod(end, NULL) : 1.0;
        rc = pr_edge_list_add(el, (pr_node)a, (pr_node)b, w);
        max = a > max ? (pr_node)a : max;
        max = b > max ? (pr_node)b : max;
    }
    int closed = zst ? pclose(f) : fclose(f);
    *n = el->count ? max + 1 : 0;
    return rc != 0 || closed != 0 ? -1 : 0;
}

static pr_graph *real_graph(const char *dir, const char *file, int weighted)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    if (access(path, R_OK) != 0) {
        return NULL;
    }
    pr_edge_list el = PR_EDGE_LIST_INIT;
    pr_node n = 0;
    pr_graph *g = NULL;
    if (read_edges(&el, &n, path, weighted) == 0 &&
        pr_graph_build(&g, &el, n, PR_BUILD_KEEP_SELF_LOOPS, NULL) != PR_OK) {
        g = NULL;
    }
    pr_edge_list_clear(&el);
    return g;
}

/* ---- measurements ---- */

/* Bytes one iteration must move at best. Double contributions, two steps: the contrib step
 * reads rank and out_w and writes contrib (24 per person); the pull step reads in_off (8),
 * contrib once (8), the old rank and writes the new one (16). Float contributions, one fused
 * pass: in_off, rank read and write, out_w (32), contrib once and next contrib (4 + 4). Plus
 * in_src (4) and in_w (4, when weighted) per edge. */
static double bytes_per_iteration(const pr_graph *g, int float_contrib)
{
    return (float_contrib ? 40.0 : 56.0) * g->n + (g->in_w ? 8.0 : 4.0) * (double)g->m;
}

/* Median seconds per iteration over trials of `iters` iterations from a cold start; *best
 * receives the fastest trial's (the least disturbed by other processes). */
static double time_per_iteration(double *best, const pr_graph *g, double *rank,
                                 const bench_opts *bo, int float_contrib)
{
    double t[MAX_TRIALS];
    pr_rank_opts o = PR_RANK_OPTS_INIT;
    o.tolerance = 0.0;
    o.max_iterations = bo->iters;
    o.float_contrib = float_contrib;
    o.threads = bo->threads;
    pr_rank_pagerank(rank, NULL, g, &o); /* warm-up: page in the graph */
    for (int k = 0; k < bo->trials; k++) {
        double t0 = now_s();
        pr_rank_pagerank(rank, NULL, g, &o);
        t[k] = (now_s() - t0) / bo->iters;
    }
    double m = median(t, bo->trials); /* sorts t */
    *best = t[0];
    return m;
}

/* igraph PRPACK on g (the same edges and float-rounded weights); returns seconds or -1. */
static double prpack(double *ref, const pr_graph *g)
{
    igraph_vector_int_t edges;
    igraph_vector_t w, res;
    igraph_t ig;
    double t = -1.0;
    if (igraph_vector_int_init(&edges, (igraph_integer_t)(2 * g->m)) != IGRAPH_SUCCESS) {
        return -1.0;
    }
    if (igraph_vector_init(&w, (igraph_integer_t)g->m) != IGRAPH_SUCCESS) {
        igraph_vector_int_destroy(&edges);
        return -1.0;
    }
    for (pr_node v = 0; v < g->n; v++) {
        for (uint64_t e = g->in_off[v]; e < g->in_off[v + 1]; e++) {
            VECTOR(edges)[2 * e] = g->in_src[e];
            VECTOR(edges)[2 * e + 1] = v;
            VECTOR(w)[e] = pr_graph_in_weight(g, e);
        }
    }
    if (igraph_create(&ig, &edges, (igraph_integer_t)g->n, IGRAPH_DIRECTED) == IGRAPH_SUCCESS) {
        igraph_vector_int_destroy(&edges);
        if (igraph_vector_init(&res, 0) == IGRAPH_SUCCESS) {
            double t0 = now_s();
            igraph_error_t rc =
                igraph_pagerank(&ig, IGRAPH_PAGERANK_ALGO_PRPACK, &res, NULL, igraph_vss_all(),
                                IGRAPH_DIRECTED, 0.85, g->in_w ? &w : NULL, NULL);
            if (rc == IGRAPH_SUCCESS) {
                t = now_s() - t0;
                for (pr_node v = 0; v < g->n; v++) {
                    ref[v] = VECTOR(res)[v];
                }
            }
            igraph_vector_destroy(&res);
        }
        igraph_destroy(&ig);
    } else {
        igraph_vector_int_destroy(&edges);
    }
    igraph_vector_destroy(&w);
    return t;
}

static double l1(const double *a, const double *b, pr_node n)
{
    double s = 0.0;
    for (pr_node v = 0; v < n; v++) {
        s += fabs(a[v] - b[v]);
    }
    return s;
}

/* One row: g ranked as is (old_of_new NULL) or relabelled (ranks mapped back through
 * old_of_new before the comparison with ref; setup_s, the relabelling time, is shown in a
 * second speedup that includes it). tp: PRPACK's seconds or < 0 when skipped. */
static void bench_row(const char *name, const pr_graph *g, const pr_node *old_of_new,
                      double setup_s, int float_contrib, const double *ref, double tp,
                      const bench_opts *bo)
{
    double *rank = malloc(g->n * sizeof *rank), *back = malloc(g->n * sizeof *back);
    if (rank == NULL || back == NULL) {
        printf("%-24s out of memory\n", name);
        free(rank), free(back);
        return;
    }
    double bytes = bytes_per_iteration(g, float_contrib);
    double bound = bytes / (bo->triad_gbs * 1e9);
    double best = 0.0;
    double per_iter = time_per_iteration(&best, g, rank, bo, float_contrib);
    pr_rank_opts o = PR_RANK_OPTS_INIT;
    o.tolerance = bo->tolerance;
    o.max_iterations = 10000;
    o.float_contrib = float_contrib;
    o.threads = bo->threads;
    pr_rank_result res = {0, 0.0, 0};
    double e2e[MAX_TRIALS];
    for (int k = 0; k < bo->e2e_trials; k++) {
        double t0 = now_s();
        pr_rank_pagerank(rank, &res, g, &o);
        e2e[k] = now_s() - t0;
    }
    double ours = bo->e2e_trials ? median(e2e, bo->e2e_trials) : -1.0;
    for (pr_node i = 0; i < g->n; i++) {
        back[old_of_new ? old_of_new[i] : i] = rank[i];
    }
    printf("%-24s %9u %10llu %3s %8.1f %8.2f %8.2f %8.2f %6.2fx %7.0f", name, g->n,
           (unsigned long long)g->m, g->in_w ? "yes" : "no", bytes / 1e6, bound * 1e3,
           per_iter * 1e3, best * 1e3, per_iter / bound, (double)g->m / per_iter / 1e6);
    if (ours < 0.0) {
        printf(" %4s %8s", "-", "-");
    } else {
        printf(" %4u %8.3f", res.iterations, ours);
    }
    if (tp >= 0.0 && ours >= 0.0) {
        printf(" %8.3f %7.1fx %7.1fx %9.2e\n", tp, tp / ours, tp / (ours + setup_s),
               l1(back, ref, g->n));
    } else {
        printf(" %8s %8s %8s %9s\n", "skipped", "-", "-", "-");
    }
    fflush(stdout);
    free(rank), free(back);
}

/* The 1-minute load average: this machine is shared, and the figures mean little when it is
 * far above the thread count. */
static void print_load(const char *what)
{
    char buf[128] = "?";
    FILE *f = fopen("/proc/loadavg", "r");
    if (f != NULL) {
        if (fgets(buf, sizeof buf, f) == NULL) {
            buf[0] = '\0';
        }
        fclose(f);
    }
    buf[strcspn(buf, " \n")] = '\0';
    printf("# load average %s: %s\n", what, buf);
}

/* PRPACK once, then three rows: as is, relabelled by degree, relabelled + float contrib. */
static void bench_graph(const char *name, const pr_graph *g, const bench_opts *bo)
{
    double *ref = malloc(g->n * sizeof *ref);
    pr_node *old_of_new = malloc(g->n * sizeof *old_of_new);
    double tp = -1.0;
    print_load(name);
    if (ref != NULL && g->m <= bo->igraph_max_edges && bo->e2e_trials > 0) {
        tp = prpack(ref, g);
    }
    bench_row(name, g, NULL, 0.0, 0, ref, tp, bo);
    pr_graph *r = NULL;
    double t0 = now_s();
    if (old_of_new != NULL && pr_rank__relabel_by_degree(&r, old_of_new, g) == PR_OK) {
        double trel = now_s() - t0;
        char label[64];
        printf("# %s relabelled by degree in %.3f s (ours_s excludes it, +relabel includes it)\n",
               name, trel);
        snprintf(label, sizeof label, "%s/relabel", name);
        bench_row(label, r, old_of_new, trel, 0, ref, tp, bo);
        snprintf(label, sizeof label, "%s/relabel+f32", name);
        bench_row(label, r, old_of_new, trel, 1, ref, tp, bo);
    }
    pr_graph_free(r);
    free(ref), free(old_of_new);
}

static void print_header(const bench_opts *bo)
{
    printf("# triad bandwidth: %.2f GB/s (best of 5, 3 x 128 MiB arrays)\n", bo->triad_gbs);
    printf("# per-iteration: median of %d trials x %u iterations (tolerance 0); end-to-end: "
           "median of %d runs to tolerance %g (L1 change; guarantees L1 <= %.2g to the fixed "
           "point at d = 0.85)\n",
           bo->trials, bo->iters, bo->e2e_trials, bo->tolerance, bo->tolerance * 0.85 / 0.15);
    printf("%-24s %9s %10s %3s %8s %8s %8s %8s %7s %7s %4s %8s %8s %8s %8s %9s\n", "graph", "nodes",
           "edges", "wtd", "MB/iter", "bound_ms", "iter_ms", "min_ms", "/bound", "Medge/s", "its",
           "ours_s", "prpack_s", "speedup", "+relabel", "L1");
}

/* One more day of events on the R-MAT graph: edges [m/90, m + m/90) instead of [0, m), ranked
 * cold and warm-started from the first graph's ranks, to tolerance 1e-10 and bo->tolerance. */
static void bench_warm(unsigned scale, const bench_opts *bo)
{
    uint64_t m = (uint64_t)bo->degree << scale, day = m / 90;
    pr_graph *g0 = rmat_graph(scale, 0, m, bo->seed), *g1 = rmat_graph(scale, day, m, bo->seed);
    double *r0 = malloc(g0->n * sizeof *r0), *r1 = malloc(g0->n * sizeof *r1);
    const double tols[2] = {1e-10, bo->tolerance};
    for (int i = 0; i < 2; i++) {
        pr_rank_opts o = PR_RANK_OPTS_INIT;
        o.tolerance = tols[i];
        o.threads = bo->threads;
        pr_rank_result cold, warm;
        pr_rank_pagerank(r0, NULL, g0, &o);
        double t0 = now_s();
        pr_rank_pagerank(r1, &cold, g1, &o);
        double tc = now_s() - t0;
        o.initial = r0;
        t0 = now_s();
        pr_rank_pagerank(r1, &warm, g1, &o);
        double tw = now_s() - t0;
        printf("# warm start, rmat-%u + one day (1/90 of edges replaced), tolerance %g: cold %u "
               "iterations (%.3f s), warm %u iterations (%.3f s), ratio %.2f\n",
               scale, tols[i], cold.iterations, tc, warm.iterations, tw,
               (double)warm.iterations / cold.iterations);
    }
    free(r0), free(r1);
    pr_graph_free(g0), pr_graph_free(g1);
}

static int parse_args(bench_opts *bo, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--warm") == 0) {
            bo->warm = 1;
            continue;
        }
        if (v == NULL) {
            return -1;
        }
        i++;
        if (strcmp(a, "--scales") == 0) {
            bo->scales = v;
        } else if (strcmp(a, "--degree") == 0) {
            bo->degree = (unsigned)strtoul(v, NULL, 10);
        } else if (strcmp(a, "--seed") == 0) {
            bo->seed = strtoull(v, NULL, 10);
        } else if (strcmp(a, "--trials") == 0) {
            bo->trials = atoi(v);
        } else if (strcmp(a, "--iters") == 0) {
            bo->iters = (uint32_t)strtoul(v, NULL, 10);
        } else if (strcmp(a, "--real") == 0) {
            bo->real_dir = v;
        } else if (strcmp(a, "--igraph-max-edges") == 0) {
            bo->igraph_max_edges = strtoull(v, NULL, 10);
        } else if (strcmp(a, "--e2e-trials") == 0) {
            bo->e2e_trials = atoi(v);
        } else if (strcmp(a, "--threads") == 0) {
            bo->threads = atoi(v);
        } else if (strcmp(a, "--tolerance") == 0) {
            bo->tolerance = strtod(v, NULL);
        } else {
            return -1;
        }
    }
    if (bo->trials < 1 || bo->trials > MAX_TRIALS || bo->iters < 1 || bo->degree < 1 ||
        bo->e2e_trials < 0 || bo->e2e_trials > MAX_TRIALS) {
        return -1;
    }
    return 0;
}

static void bench_real(const bench_opts *bo)
{
    static const struct {
        const char *file;
        int weighted;
    } files[] = {
        {"wiki-Vote.txt.zst", 0},
        {"email-Eu-core.txt.zst", 0},
        {"higgs-reply_network.edgelist.zst", 1},
        {"congress.edgelist.zst", 1},
        {"soc-sign-bitcoinotc.csv.zst", 0},
        {"soc-Slashdot0902.txt.zst", 0},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        pr_graph *g = real_graph(bo->real_dir, files[i].file, files[i].weighted);
        if (g == NULL) {
            printf("# %s: not found under %s, skipped\n", files[i].file, bo->real_dir);
            continue;
        }
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)strcspn(files[i].file, "."), files[i].file);
        bench_graph(name, g, bo);
        pr_graph_free(g);
    }
}

int main(int argc, char **argv)
{
    bench_opts bo = {"20,22", 16, 1, 5, 10, "../shared/data", 40000000, 1e-7, 0, 0, 3, 0.0};
    if (parse_args(&bo, argc, argv) != 0) {
        fprintf(stderr, "usage: bench_rank [--scales 20,22] [--degree 16] [--seed 1] "
                        "[--trials 5] [--iters 10] [--real DIR|none] [--igraph-max-edges N] "
                        "[--tolerance 1e-7] [--threads N] [--e2e-trials 3] [--warm]\n");
        return 2;
    }
    igraph_set_error_handler(igraph_error_handler_printignore);
    print_machine();
    printf("# seed %llu, R-MAT a=0.57 b=c=0.19, average degree %u, rank threads %d (0 = all)\n",
           (unsigned long long)bo.seed, bo.degree, bo.threads);
    bo.triad_gbs = triad_gbs();
    print_header(&bo);
    const char *p = bo.scales;
    unsigned first_scale = 0;
    while (*p != '\0' && strcmp(bo.scales, "none") != 0) {
        char *end = NULL;
        unsigned scale = (unsigned)strtoul(p, &end, 10);
        p = end + (*end == ',');
        first_scale = first_scale ? first_scale : scale;
        double t0 = now_s();
        pr_graph *g = scale >= 1 && scale <= 30
                          ? rmat_graph(scale, 0, (uint64_t)bo.degree << scale, bo.seed)
                          : NULL;
        if (g == NULL) {
            printf("# rmat-%u: could not build\n", scale);
            break;
        }
        uint64_t check = 0;
        for (uint64_t e = 0; e < g->m; e++) {
            check = check * 31 + g->in_src[e];
        }
        printf("# rmat-%u built in %.1f s (edge checksum %016llx)\n", scale, now_s() - t0,
               (unsigned long long)check);
        char name[32];
        snprintf(name, sizeof name, "rmat-%u", scale);
        bench_graph(name, g, &bo);
        pr_graph_free(g);
    }
    if (strcmp(bo.real_dir, "none") != 0) {
        bench_real(&bo);
    }
    if (bo.warm && first_scale > 0) {
        bench_warm(first_scale, &bo);
    }
    return 0;
}
