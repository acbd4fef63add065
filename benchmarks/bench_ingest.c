/* Ingest + build throughput and peak memory (benchmarks/README.md, section "Ingest").
 *
 * Generates seeded inputs (a SNAP-style numeric edge list and an event-format-v1 file with
 * string handles, power-law-ish degrees), then times, each in a forked child so that peak RSS is
 * per measurement:
 *   - peoplerank: pr_ingest_add_file("edges") + pr_ingest_finish (parse, intern, CSR, names);
 *   - igraph:     igraph_read_graph_edgelist (parse + igraph_create) on the same file;
 *   - peoplerank: pr_ingest_add_file("events") + pr_ingest_finish.
 * Prints the median of --trials runs after one warm-up, with the machine and flags.
 *
 *   bench_ingest [--edges N] [--events N] [--nodes N] [--seed S] [--trials T] [--dir DIR]
 *                [--only edges|igraph|events] [--keep]
 */
#include "peoplerank/ingest.h"

#include <igraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef _OPENMP
#include <omp.h>
#endif

typedef struct bench_opts {
    uint64_t edges, events, nodes, seed;
    int trials, keep;
    const char *dir, *only;
} bench_opts;

static uint64_t rng_next(uint64_t *s)
{
    /* splitmix64: the same stream on every machine and thread count */
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A node id with a heavy-tailed popularity: squaring a uniform skews towards small ids. */
static uint64_t skewed(uint64_t *s, uint64_t n)
{
    double u = (double)(rng_next(s) >> 11) / 9007199254740992.0;
    return (uint64_t)(u * u * (double)n) % n;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int gen_edges(const char *path, const bench_opts *o)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        return -1;
    }
    uint64_t s = o->seed;
    fprintf(f, "# bench_ingest edge list: %llu edges, %llu nodes, seed %llu\n",
            (unsigned long long)o->edges, (unsigned long long)o->nodes,
            (unsigned long long)o->seed);
    for (uint64_t i = 0; i < o->edges; i++) {
        uint64_t a = rng_next(&s) % o->nodes, b = skewed(&s, o->nodes);
        fprintf(f, "%llu\t%llu\n", (unsigned long long)a, (unsigned long long)b);
    }
    return fclose(f);
}

static int gen_events(const char *path, const bench_opts *o)
{
    static const char *const nets[] = {"twitter", "bluesky"};
    static const char *const acts[] = {"like",    "like",   "like",    "reply",
                                       "reshare", "follow", "mention", "comment"};
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        return -1;
    }
    uint64_t s = o->seed ^ 0x5555;
    int64_t t0 = 1790000000;
    for (uint64_t i = 0; i < o->events; i++) {
        uint64_t r = rng_next(&s);
        const char *net = nets[r & 1];
        uint64_t a = rng_next(&s) % o->nodes, b = skewed(&s, o->nodes);
        int64_t t = t0 + (int64_t)(rng_next(&s) % (120 * 86400));
        fprintf(f, "%lld\t%s\tuser_%llu\t%s\tuser_%llu", (long long)t, net, (unsigned long long)a,
                acts[(r >> 8) & 7], (unsigned long long)b);
        if (((r >> 16) & 15) == 0) {
            fprintf(f, "\t%d", (int)((r >> 20) & 7) + 1);
        }
        fputc('\n', f);
    }
    return fclose(f);
}

typedef struct result {
    double seconds;
    double cpu_seconds; /* user + system of the measurement's process */
    long peak_kib;
    uint64_t items, nodes, edges;
    int ok;
} result;

static int run_ingest(result *r, const char *format, const char *path)
{
    pr_ingest_opts opts = PR_INGEST_OPTS_INIT;
    pr_ingest *ig = NULL;
    pr_graph *g = NULL;
    pr_error err = PR_ERROR_INIT;
    double t = now();
    int rc = pr_ingest_new(&ig, &opts);
    if (rc == PR_OK) {
        rc = pr_ingest_add_file(ig, format, NULL, path, &err);
    }
    if (rc == PR_OK) {
        rc = pr_ingest_finish(&g, ig, &err);
    }
    r->seconds = now() - t;
    if (rc != PR_OK) {
        char buf[1200];
        pr_error_format(buf, sizeof buf, &err);
        fprintf(stderr, "bench_ingest: %s\n", buf);
        return rc;
    }
    r->items = pr_ingest_get_summary(ig)->events_read;
    r->nodes = g->n, r->edges = g->m;
    pr_graph_free(g);
    pr_ingest_free(ig);
    return PR_OK;
}

static int run_igraph(result *r, const char *path)
{
    igraph_set_error_handler(igraph_error_handler_printignore);
    double t = now();
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return -1;
    }
    igraph_t g;
    /* igraph's reader takes numeric "from to" lines and has no comment syntax: skip ours. */
    int c;
    while ((c = fgetc(f)) != '\n' && c != EOF) {
    }
    igraph_error_t e = igraph_read_graph_edgelist(&g, f, 0, IGRAPH_DIRECTED);
    fclose(f);
    r->seconds = now() - t;
    if (e != IGRAPH_SUCCESS) {
        return -1;
    }
    r->items = (uint64_t)igraph_ecount(&g);
    r->nodes = (uint64_t)igraph_vcount(&g);
    r->edges = r->items;
    igraph_destroy(&g);
    return 0;
}

/* Runs one measurement in a child so that ru_maxrss is its own peak. */
static result measure(const char *what, const char *path)
{
    result r;
    memset(&r, 0, sizeof r);
    int fds[2];
    fflush(stdout); /* the child must not inherit unwritten output */
    if (pipe(fds) != 0) {
        return r;
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        int rc = strcmp(what, "igraph") == 0 ? run_igraph(&r, path) : run_ingest(&r, what, path);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        r.peak_kib = ru.ru_maxrss;
        r.cpu_seconds = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 +
                        (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
        r.ok = rc == 0;
        ssize_t w = write(fds[1], &r, sizeof r);
        _exit(w == (ssize_t)sizeof r ? 0 : 1);
    }
    close(fds[1]);
    if (read(fds[0], &r, sizeof r) != (ssize_t)sizeof r) {
        r.ok = 0;
    }
    close(fds[0]);
    waitpid(pid, NULL, 0);
    return r;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void bench(const char *label, const char *what, const char *path, const bench_opts *o)
{
    double t[64], cpu[64];
    result r;
    memset(&r, 0, sizeof r);
    measure(what, path); /* warm-up: page cache, allocator */
    int n = o->trials < 64 ? o->trials : 64;
    for (int i = 0; i < n; i++) {
        r = measure(what, path);
        if (!r.ok) {
            printf("%-28s FAILED\n", label);
            return;
        }
        t[i] = r.seconds;
        cpu[i] = r.cpu_seconds;
    }
    qsort(t, (size_t)n, sizeof t[0], cmp_double);
    qsort(cpu, (size_t)n, sizeof cpu[0], cmp_double);
    double med = t[n / 2];
    printf("%-22s %8.3f s %7.2f M/s  cpu %7.3f s %10ld KiB peak %6.1f B/edge  nodes %llu edges "
           "%llu\n",
           label, med, (double)r.items / med / 1e6, cpu[n / 2], r.peak_kib,
           r.edges ? (double)r.peak_kib * 1024.0 / (double)r.edges : 0.0,
           (unsigned long long)r.nodes, (unsigned long long)r.edges);
    fflush(stdout);
}

static int parse_args(bench_opts *o, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--keep") == 0) {
            o->keep = 1;
            continue;
        }
        if (v == NULL) {
            return -1;
        }
        i++;
        if (strcmp(a, "--edges") == 0) {
            o->edges = strtoull(v, NULL, 10);
        } else if (strcmp(a, "--events") == 0) {
            o->events = strtoull(v, NULL, 10);
        } else if (strcmp(a, "--nodes") == 0) {
            o->nodes = strtoull(v, NULL, 10);
        } else if (strcmp(a, "--seed") == 0) {
            o->seed = strtoull(v, NULL, 10);
        } else if (strcmp(a, "--trials") == 0) {
            o->trials = atoi(v);
        } else if (strcmp(a, "--dir") == 0) {
            o->dir = v;
        } else if (strcmp(a, "--only") == 0) {
            o->only = v;
        } else {
            return -1;
        }
    }
    return o->nodes > 0 && o->trials > 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    bench_opts o = {10000000, 5000000, 1000000, 42, 3, 0, "/tmp", NULL};
    if (parse_args(&o, argc, argv) != 0) {
        fprintf(stderr, "usage: bench_ingest [--edges N] [--events N] [--nodes N] [--seed S] "
                        "[--trials T] [--dir DIR] [--only edges|igraph|events] [--keep]\n");
        return 2;
    }
    char epath[4096], vpath[4096];
    snprintf(epath, sizeof epath, "%s/bench-edges-%llu-%llu.txt", o.dir,
             (unsigned long long)o.edges, (unsigned long long)o.seed);
    snprintf(vpath, sizeof vpath, "%s/bench-events-%llu-%llu.tsv", o.dir,
             (unsigned long long)o.events, (unsigned long long)o.seed);
    int threads = 1;
#ifdef _OPENMP
    threads = omp_get_max_threads();
#endif
    printf("bench_ingest: seed %llu, %llu edges, %llu events, %llu nodes, %d trials (median), "
           "%d threads, %ld cores online\n",
           (unsigned long long)o.seed, (unsigned long long)o.edges, (unsigned long long)o.events,
           (unsigned long long)o.nodes, o.trials, threads, sysconf(_SC_NPROCESSORS_ONLN));
    int want_e = !o.only || strcmp(o.only, "events") != 0;
    int want_v = !o.only || strcmp(o.only, "events") == 0;
    if ((want_e && access(epath, R_OK) != 0 && gen_edges(epath, &o) != 0) ||
        (want_v && access(vpath, R_OK) != 0 && gen_events(vpath, &o) != 0)) {
        fprintf(stderr, "bench_ingest: cannot write inputs in %s\n", o.dir);
        return 1;
    }
    if (!o.only || strcmp(o.only, "edges") == 0) {
        bench("peoplerank edges", "edges", epath, &o);
    }
    if (!o.only || strcmp(o.only, "igraph") == 0) {
        bench("igraph read_edgelist", "igraph", epath, &o);
    }
    if (want_v) {
        bench("peoplerank events v1", "events", vpath, &o);
    }
    if (!o.keep) {
        unlink(epath);
        unlink(vpath);
    }
    return 0;
}
