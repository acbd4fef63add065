/* Snapshot benchmark (issue 5 targets): writes two synthetic snapshots of N persons (default
 * 10 million), then measures single lookups as whole new processes, batch lookups, export, compare
 * and bytes per person. Results and commands: benchmarks/README.md "Snapshots".
 *
 * usage: bench_snapshot [--persons N] [--seed S] [--dir DIR] [--bin PEOPLERANK] [--trials T]
 *                       [--batch B] [--keep | --reuse] [--batch-only]
 * --keep leaves the snapshots in DIR; --reuse measures the ones an earlier --keep run left
 * (same --persons and --seed); --batch-only runs only the in-process batch of B lookups.
 */
#include "peoplerank/score.h"
#include "peoplerank/snapshot_export.h"
#include "peoplerank/snapshot_compare.h"
#include "peoplerank/snapshot.h"

#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zstd.h>

extern char **environ;

typedef struct opts {
    uint64_t persons, seed, batch;
    int trials, keep, reuse, batch_only;
    const char *dir, *bin;
} opts;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* CPU seconds of this process (user + system): the machine is shared, so wall time alone
 * overstates what the code costs; both are printed. */
static double cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

static uint64_t rng(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double unit(uint64_t *s)
{
    return ((double)(rng(s) >> 11) + 0.5) / 9007199254740992.0;
}

static int cmp_double_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

static void person_name(char *buf, size_t cap, uint64_t i)
{
    static const char *const nets[] = {"twitter", "facebook", "bluesky"};
    unsigned long long id = i * 2654435761u % 1000000007u; /* distinct for i < 1e9 + 7 */
    snprintf(buf, cap, "%s:user%llu", nets[i % 3], id);
}

typedef struct synth {
    uint64_t n;
    char **name;
    char *name_data;
    double *rank, *score, *pct, *engagement, *netscore, *delta;
    uint32_t *engagers, *infl, *infe;
} synth;

/* Pareto-like ranks (heavy tail, like PageRank on social graphs), normalised to sum 1; B's
 * version multiplies each rank by lognormal-ish noise and drops/adds 1% of persons. */
static void make_ranks(synth *s, uint64_t first, uint64_t seed, double noise)
{
    uint64_t st = seed;
    double sum = 0;
    for (uint64_t i = 0; i < s->n; i++) {
        /* the same person (id first + i) gets the same base rank in A and B */
        uint64_t base = (first + i + 1) * 0x9E3779B97F4A7C15ull;
        double u = ((double)(base >> 11) + 0.5) / 9007199254740992.0;
        double r = pow(u, -1.0 / 1.2) * (1.0 + noise * (unit(&st) - 0.5));
        r = floor(r * 1e6) / 1e6; /* some exact ties, as quantised inputs give */
        s->rank[i] = r;
        sum += r;
    }
    for (uint64_t i = 0; i < s->n; i++) {
        s->rank[i] /= sum;
    }
}

static void make_percentiles(synth *s)
{
    double *sorted = malloc(s->n * sizeof *sorted);
    memcpy(sorted, s->rank, s->n * sizeof *sorted);
    qsort(sorted, s->n, sizeof *sorted, cmp_double_desc);
    pr_scale scale = PR_SCALE_INIT;
    for (uint64_t i = 0; i < s->n; i++) {
        uint64_t lo = 0, hi = s->n; /* first index (descending) with sorted < rank */
        while (lo < hi) {
            uint64_t mid = (lo + hi) / 2;
            if (sorted[mid] >= s->rank[i]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        s->pct[i] = 100.0 * (double)(s->n - lo) / (double)s->n;
        s->score[i] = pr_score_round(pr_score(&scale, s->rank[i], s->n));
    }
    free(sorted);
}

static void make_extras(synth *s, uint64_t seed)
{
    uint64_t st = seed ^ 0xABCDEFull;
    for (uint64_t i = 0; i < s->n; i++) {
        s->engagers[i] = (uint32_t)(s->rank[i] * (double)s->n * 3.0);
        s->engagement[i] = s->engagers[i] * (1.0 + unit(&st));
        s->netscore[2 * i] = (i % 3 == 0) ? s->score[i] : NAN;
        s->netscore[2 * i + 1] = (i % 3 == 1) ? s->score[i] : NAN;
        for (int j = 0; j < PR_SNAPSHOT_TOP_K; j++) {
            s->infl[i * PR_SNAPSHOT_TOP_K + j] = (uint32_t)(rng(&st) % s->n);
            s->infe[i * PR_SNAPSHOT_TOP_K + j] = (uint32_t)(rng(&st) % s->n);
        }
        for (int j = 0; j < PR_SNAPSHOT_DELTAS; j++) {
            double d = floor((unit(&st) - 0.5) * 4.0 * (j + 1) * 100.0) / 100.0;
            s->delta[i * PR_SNAPSHOT_DELTAS + j] = (rng(&st) % 10 == 0) ? NAN : d;
        }
    }
}

static int synth_make(synth *s, uint64_t n, uint64_t first, uint64_t seed, double noise)
{
    memset(s, 0, sizeof *s);
    s->n = n;
    s->name = malloc(n * sizeof *s->name);
    s->name_data = malloc(n * 32);
    s->rank = malloc(n * 8);
    s->score = malloc(n * 8);
    s->pct = malloc(n * 8);
    s->engagement = malloc(n * 8);
    s->netscore = malloc(n * 16);
    s->delta = malloc(n * 8 * PR_SNAPSHOT_DELTAS);
    s->engagers = malloc(n * 4);
    s->infl = malloc(n * 4 * PR_SNAPSHOT_TOP_K);
    s->infe = malloc(n * 4 * PR_SNAPSHOT_TOP_K);
    if (!s->name || !s->name_data || !s->rank || !s->score || !s->pct || !s->engagement ||
        !s->netscore || !s->delta || !s->engagers || !s->infl || !s->infe) {
        return -1;
    }
    for (uint64_t i = 0; i < n; i++) {
        s->name[i] = s->name_data + 32 * i;
        person_name(s->name[i], 32, first + i);
    }
    make_ranks(s, first, seed, noise);
    make_percentiles(s);
    make_extras(s, seed);
    return 0;
}

static void synth_free(synth *s)
{
    free(s->name);
    free(s->name_data);
    free(s->rank);
    free(s->score);
    free(s->pct);
    free(s->engagement);
    free(s->netscore);
    free(s->delta);
    free(s->engagers);
    free(s->infl);
    free(s->infe);
}

static char *write_snapshot(const synth *s, const char *dir, int64_t as_of, int with_lists,
                            double *seconds)
{
    static const char *const nets[] = {"facebook", "twitter"};
    pr_snapshot_meta m = {0};
    m.as_of = as_of;
    m.created = as_of;
    snprintf(m.algorithm, sizeof m.algorithm, "pagerank");
    m.damping = 0.85;
    m.persons = s->n;
    pr_snapshot_columns c = {s->n, (const char *const *)s->name, s->rank, s->score, s->pct};
    pr_snapshot_ext x = PR_SNAPSHOT_EXT_INIT;
    x.network_count = 2;
    x.networks = nets;
    x.network_score = s->netscore;
    x.engagers = s->engagers;
    x.engagement = s->engagement;
    x.influencers = with_lists ? s->infl : NULL;
    x.influencees = with_lists ? s->infe : NULL;
    x.delta = s->delta;
    pr_error err = PR_ERROR_INIT;
    char *path = NULL;
    double t0 = cpu();
    if (pr_snapshot_write_ext(&path, dir, &m, &c, &x, &err) != PR_OK) {
        fprintf(stderr, "bench_snapshot: write: %s\n", err.message);
        exit(1);
    }
    *seconds = cpu() - t0;
    return path;
}

/* zstd-compressed size of the names alone, in blocks of 2048 as the writer cuts them. */
static double names_bytes(uint64_t n)
{
    char name[40];
    size_t total = 0, cap = 2048 * 40;
    char *buf = malloc(cap), *out = malloc(ZSTD_compressBound(cap));
    for (uint64_t a = 0; a < n; a += 2048) {
        size_t len = 0;
        for (uint64_t i = a; i < n && i < a + 2048; i++) {
            person_name(name, sizeof name, i);
            size_t k = strlen(name) + 1;
            memcpy(buf + len, name, k);
            len += k;
        }
        total += ZSTD_compress(out, ZSTD_compressBound(cap), buf, len, 3);
    }
    free(buf);
    free(out);
    return (double)total;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_d);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* `peoplerank lookup SNAP NAME` as a new process, stdout to /dev/null. */
static double lookup_process(const char *bin, const char *snap, const char *name)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1, 0);
    char *argv[] = {(char *)bin, (char *)"lookup", (char *)snap, (char *)name, NULL};
    pid_t pid;
    double t0 = now();
    if (posix_spawn(&pid, bin, &fa, NULL, argv, environ) != 0) {
        return NAN;
    }
    int status = 0;
    waitpid(pid, &status, 0);
    double t = now() - t0;
    posix_spawn_file_actions_destroy(&fa);
    return (WIFEXITED(status) && WEXITSTATUS(status) == 0) ? t : NAN;
}

static void bench_process_lookups(const opts *o, const char *snap, uint64_t n)
{
    if (o->bin == NULL) {
        printf("lookup as a new process: skipped (no --bin)\n");
        return;
    }
    uint64_t st = o->seed + 7;
    int trials = o->trials * 10;
    double *t = malloc((size_t)trials * sizeof *t);
    char name[40];
    person_name(name, sizeof name, 0);
    lookup_process(o->bin, snap, name); /* warm-up: page cache */
    int ok = 0;
    for (int i = 0; i < trials; i++) {
        person_name(name, sizeof name, rng(&st) % n);
        double x = lookup_process(o->bin, snap, name);
        if (!isnan(x)) {
            t[ok++] = x;
        }
    }
    if (ok > 0) {
        printf("lookup as a new process: median %.2f ms over %d runs (%d failed)\n",
               median(t, ok) * 1e3, ok, trials - ok);
    }
    free(t);
}

static void bench_in_process(const opts *o, const char *snap, uint64_t n)
{
    uint64_t st = o->seed + 11;
    char name[40];
    double *t = malloc((size_t)o->trials * 10 * sizeof *t);
    for (int i = 0; i < o->trials * 10; i++) { /* cold reader: open + one lookup + close */
        person_name(name, sizeof name, rng(&st) % n);
        double t0 = now();
        pr_snapshot *s = NULL;
        pr_snapshot_record r;
        pr_error err = PR_ERROR_INIT;
        if (pr_snapshot_open(&s, snap, &err) != PR_OK || pr_snapshot_lookup(&r, s, name, &err)) {
            fprintf(stderr, "bench_snapshot: %s\n", err.message);
            exit(1);
        }
        pr_snapshot_close(s);
        t[i] = now() - t0;
    }
    printf("open + one lookup + close, in process: median %.3f ms\n",
           median(t, o->trials * 10) * 1e3);
    free(t);
}

/* Random names looked up 32 at a time (pr_snapshot_find_many, then pr_snapshot_at for each
 * record), as `peoplerank lookup` does with names from standard input. */
static void bench_batch(const opts *o, const char *snap, uint64_t n)
{
    pr_snapshot *s = NULL;
    pr_error err = PR_ERROR_INIT;
    uint64_t st = o->seed + 13;
    char **names = malloc(o->batch * sizeof *names), *data = malloc(o->batch * 32);
    for (uint64_t i = 0; i < o->batch; i++) {
        names[i] = data + 32 * i;
        person_name(names[i], 32, rng(&st) % n);
    }
    double t0 = now(), c0 = cpu();
    pr_snapshot_open(&s, snap, &err);
    uint64_t found = 0, pos[32];
    for (uint64_t a = 0; s && a < o->batch; a += 32) {
        size_t k = o->batch - a < 32 ? (size_t)(o->batch - a) : 32;
        pr_snapshot_find_many(pos, s, (const char *const *)names + a, k, &err);
        for (size_t i = 0; i < k; i++) {
            pr_snapshot_record r;
            found += pos[i] != 0 && pr_snapshot_at(&r, s, pos[i], &err) == PR_OK;
        }
    }
    double t = now() - t0, c = cpu() - c0;
    pr_snapshot_close(s);
    printf("batch lookups (open + %llu random names, in process): wall %.2f s = %.2f M/s; "
           "cpu %.2f s = %.2f M/s (%llu found)\n",
           (unsigned long long)o->batch, t, (double)o->batch / t / 1e6, c,
           (double)o->batch / c / 1e6, (unsigned long long)found);
    free(names);
    free(data);
}

/* `peoplerank lookup SNAP --tsv < names` with o->batch random names: the batch path. */
static void bench_cli_batch(const opts *o, const char *snap, uint64_t n)
{
    if (o->bin == NULL) {
        return;
    }
    char names_path[4200];
    snprintf(names_path, sizeof names_path, "%s/names.txt", o->dir);
    FILE *f = fopen(names_path, "w");
    uint64_t st = o->seed + 17;
    char name[40];
    for (uint64_t i = 0; f && i < o->batch; i++) {
        person_name(name, sizeof name, rng(&st) % n);
        fprintf(f, "%s\n", name);
    }
    if (f == NULL || fclose(f) != 0) {
        return;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, names_path, 0, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1, 0);
    char *argv[] = {(char *)o->bin, (char *)"lookup", (char *)snap, (char *)"--tsv", NULL};
    struct rusage before, after;
    getrusage(RUSAGE_CHILDREN, &before);
    double t0 = now();
    pid_t pid;
    int status = -1;
    if (posix_spawn(&pid, o->bin, &fa, NULL, argv, environ) == 0) {
        waitpid(pid, &status, 0);
    }
    double t = now() - t0;
    getrusage(RUSAGE_CHILDREN, &after);
    double c = (double)(after.ru_utime.tv_sec - before.ru_utime.tv_sec) +
               (double)(after.ru_utime.tv_usec - before.ru_utime.tv_usec) * 1e-6 +
               (double)(after.ru_stime.tv_sec - before.ru_stime.tv_sec) +
               (double)(after.ru_stime.tv_usec - before.ru_stime.tv_usec) * 1e-6;
    posix_spawn_file_actions_destroy(&fa);
    printf("peoplerank lookup --tsv < %llu names: wall %.2f s = %.2f M/s; cpu %.2f s = %.2f M/s "
           "(exit %d)\n",
           (unsigned long long)o->batch, t, (double)o->batch / t / 1e6, c,
           (double)o->batch / c / 1e6, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    unlink(names_path);
}

static void bench_export(const char *snap, uint64_t n, pr_export_format f, const char *label)
{
    pr_snapshot *s = NULL;
    pr_error err = PR_ERROR_INIT;
    FILE *devnull = fopen("/dev/null", "w");
    double t0 = now(), c0 = cpu();
    int rc = pr_snapshot_open(&s, snap, &err);
    rc = rc ? rc : pr_snapshot_export(s, f, devnull, NULL, &err);
    double t = now() - t0, c = cpu() - c0;
    pr_snapshot_close(s);
    fclose(devnull);
    printf("export %s to /dev/null: wall %.2f s = %.2f M rows/s; cpu %.2f s = %.2f M rows/s%s\n",
           label, t, (double)n / t / 1e6, c, (double)n / c / 1e6, rc ? " (FAILED)" : "");
}

static void bench_compare(const char *a, const char *b)
{
    pr_snapshot *sa = NULL, *sb = NULL;
    pr_error err = PR_ERROR_INIT;
    pr_snapshot_comparison c;
    double t0 = now(), c0 = cpu();
    int rc = pr_snapshot_open(&sa, a, &err);
    rc = rc ? rc : pr_snapshot_open(&sb, b, &err);
    rc = rc ? rc : pr_snapshot_compare(&c, sa, sb, &err);
    double t = now() - t0, ct = cpu() - c0;
    if (rc == PR_OK) {
        printf("compare: wall %.2f s, cpu %.2f s (common %llu, rho %.6f, tau-b %.6f, "
               "rbo0.9 %.4f)\n",
               t, ct, (unsigned long long)c.common, c.spearman, c.kendall_tau_b, c.rbo_090);
        pr_snapshot_comparison_clear(&c);
    } else {
        printf("compare failed: %s\n", err.message);
    }
    pr_snapshot_close(sa);
    pr_snapshot_close(sb);
}

static void report_sizes(const char *full, const char *nolists, uint64_t persons)
{
    struct stat a, b;
    stat(full, &a);
    stat(nolists, &b);
    double n = (double)persons, names = names_bytes(persons);
    printf("file size: %.2f bytes/person (all columns); %.2f without influencer lists; names "
           "alone compress to %.2f; so %.2f bytes/person excluding names and influencer lists\n",
           (double)a.st_size / n, (double)b.st_size / n, names / n,
           ((double)b.st_size - names) / n);
    pr_snapshot *sn = NULL;
    pr_error err = PR_ERROR_INIT;
    if (pr_snapshot_open(&sn, full, &err) == PR_OK) {
        pr_snapshot_sizes z;
        pr_snapshot_get_sizes(&z, sn);
        printf("  records %.2f bytes/person, name index %.2f bytes/person\n", (double)z.records / n,
               (double)z.index / n);
        pr_snapshot_close(sn);
    }
}

static int parse(opts *o, int argc, char **argv)
{
    *o = (opts){10000000, 20261125, 1000000, 5, 0, 0, 0, "/tmp/bench_snapshot", NULL};
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--keep") == 0) {
            o->keep = 1;
        } else if (strcmp(argv[i], "--reuse") == 0) {
            o->reuse = o->keep = 1;
        } else if (strcmp(argv[i], "--batch-only") == 0) {
            o->batch_only = 1;
        } else if (v && strcmp(argv[i], "--persons") == 0 && ++i) {
            o->persons = strtoull(v, NULL, 10);
        } else if (v && strcmp(argv[i], "--seed") == 0 && ++i) {
            o->seed = strtoull(v, NULL, 10);
        } else if (v && strcmp(argv[i], "--batch") == 0 && ++i) {
            o->batch = strtoull(v, NULL, 10);
        } else if (v && strcmp(argv[i], "--trials") == 0 && ++i) {
            o->trials = atoi(v);
        } else if (v && strcmp(argv[i], "--dir") == 0 && ++i) {
            o->dir = v;
        } else if (v && strcmp(argv[i], "--bin") == 0 && ++i) {
            o->bin = v;
        } else {
            fprintf(stderr, "usage: bench_snapshot [--persons N] [--seed S] [--dir DIR] "
                            "[--bin PEOPLERANK] [--trials T] [--batch B] [--keep] [--reuse] "
                            "[--batch-only]\n");
            return -1;
        }
    }
    return o->persons > 0 && o->trials > 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    opts o;
    setvbuf(stdout, NULL, _IOLBF, 0); /* progress shows even when redirected */
    if (parse(&o, argc, argv) != 0) {
        return 2;
    }
    char dir_a[4096], dir_b[4096], dir_c[4096];
    snprintf(dir_a, sizeof dir_a, "%s/a", o.dir);
    snprintf(dir_b, sizeof dir_b, "%s/b", o.dir);
    snprintf(dir_c, sizeof dir_c, "%s/nolists", o.dir);
    mkdir(o.dir, 0755);
    mkdir(dir_a, 0755);
    mkdir(dir_b, 0755);
    mkdir(dir_c, 0755);
    printf("bench_snapshot: %llu persons, seed %llu, dir %s\n", (unsigned long long)o.persons,
           (unsigned long long)o.seed, o.dir);
    char *pa = NULL, *pb = NULL, *pc = NULL;
    if (o.reuse) { /* the files of an earlier --keep run with the same --persons and --seed */
        pa = malloc(4200), pb = malloc(4200), pc = malloc(4200);
        snprintf(pa, 4200, "%s/peoplerank-2026-11-30.snap", dir_a);
        snprintf(pb, 4200, "%s/peoplerank-2026-12-01.snap", dir_b);
        snprintf(pc, 4200, "%s/peoplerank-2026-11-30.snap", dir_c);
        report_sizes(pa, pc, o.persons);
    } else {
        synth sa, sb;
        uint64_t shift = o.persons / 100; /* B: drops A's first 1% of ids, adds 1% new ones */
        if (synth_make(&sa, o.persons, 0, o.seed, 0.0) != 0) {
            fprintf(stderr, "bench_snapshot: out of memory\n");
            return 1;
        }
        double tw, tw2, tw3;
        pa = write_snapshot(&sa, dir_a, 1795996800, 1, &tw);
        pc = write_snapshot(&sa, dir_c, 1795996800, 0, &tw3);
        printf("write A (all columns): cpu %.2f s\n", tw);
        report_sizes(pa, pc, o.persons);
        synth_free(&sa);
        if (synth_make(&sb, o.persons, shift, o.seed + 1, 0.3) != 0) {
            return 1;
        }
        pb = write_snapshot(&sb, dir_b, 1796083200, 1, &tw2);
        synth_free(&sb);
        printf("write B: cpu %.2f s\n", tw2);
    }
    fflush(stdout);
    if (o.batch_only) {
        bench_batch(&o, pa, o.persons);
    } else {
        bench_process_lookups(&o, pa, o.persons);
        bench_in_process(&o, pa, o.persons);
        bench_batch(&o, pa, o.persons);
        bench_cli_batch(&o, pa, o.persons);
        bench_export(pa, o.persons, PR_EXPORT_TSV, "tsv (all columns)");
        bench_export(pc, o.persons, PR_EXPORT_TSV, "tsv (no influencer lists)");
        bench_compare(pa, pb);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak RSS of the benchmark process: %.0f MiB\n", (double)ru.ru_maxrss / 1024.0);
    if (!o.keep) {
        unlink(pa);
        unlink(pb);
        unlink(pc);
        rmdir(dir_a);
        rmdir(dir_b);
        rmdir(dir_c);
        rmdir(o.dir);
    }
    free(pa);
    free(pb);
    free(pc);
    return 0;
}
