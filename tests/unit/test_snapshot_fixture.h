/* Synthetic populations for the snapshot tests: names, ranks (with ties), scores, and
 * percentiles computed here independently of the writer. Header-only (static functions) so that
 * each test_snapshot*.c stays one executable. */
#ifndef PR_TEST_SNAPSHOT_FIXTURE_H
#define PR_TEST_SNAPSHOT_FIXTURE_H

#include "peoplerank/snapshot.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct population {
    uint64_t n;
    char **name;
    double *rank, *score, *pct;
} population;

static inline uint64_t fx_rng(uint64_t *state)
{
    /* splitmix64: deterministic for a seed */
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline int fx_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Percentile of each person: 100 * (persons with a strictly lower rank) / n. */
static inline void fx_percentiles(population *p)
{
    double *sorted = malloc((p->n ? p->n : 1) * sizeof *sorted);
    memcpy(sorted, p->rank, p->n * sizeof *sorted);
    qsort(sorted, p->n, sizeof *sorted, fx_cmp_double);
    for (uint64_t i = 0; i < p->n; i++) {
        uint64_t lo = 0, hi = p->n; /* first index with sorted >= rank */
        while (lo < hi) {
            uint64_t mid = (lo + hi) / 2;
            if (sorted[mid] < p->rank[i]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        p->pct[i] = 100.0 * (double)lo / (double)p->n;
    }
    free(sorted);
}

/* n persons named "<prefix>NNNNNN" in a scrambled order; about one in `tie_every` shares its
 * rank with another person (tie_every 0: no deliberate ties). */
static inline population fx_population(uint64_t n, uint64_t seed, unsigned tie_every,
                                       const char *prefix)
{
    population p = {n, NULL, NULL, NULL, NULL};
    size_t cap = n ? n : 1;
    p.name = calloc(cap, sizeof *p.name);
    p.rank = calloc(cap, sizeof *p.rank);
    p.score = calloc(cap, sizeof *p.score);
    p.pct = calloc(cap, sizeof *p.pct);
    uint64_t st = seed;
    for (uint64_t i = 0; i < n; i++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s%06llu", prefix, (unsigned long long)((i * 7919) % n));
        p.name[i] = strdup(buf);
        double u = (double)(fx_rng(&st) >> 11) / 9007199254740992.0;
        p.rank[i] = (tie_every && i > 0 && fx_rng(&st) % tie_every == 0) ? p.rank[i - 1]
                                                                         : 1e-6 + u * u * 1e-3;
        p.score[i] = round((1.0 + 99.0 * sqrt(u)) * 100.0) / 100.0;
        if (i > 0 && p.rank[i] == p.rank[i - 1]) {
            p.score[i] = p.score[i - 1];
        }
    }
    fx_percentiles(&p);
    return p;
}

static inline void fx_population_free(population *p)
{
    for (uint64_t i = 0; p->name && i < p->n; i++) {
        free(p->name[i]);
    }
    free(p->name);
    free(p->rank);
    free(p->score);
    free(p->pct);
}

static inline pr_snapshot_columns fx_columns(const population *p)
{
    pr_snapshot_columns c = {p->n, (const char *const *)p->name, p->rank, p->score, p->pct};
    return c;
}

static inline pr_snapshot_meta fx_meta(int64_t as_of, uint64_t n)
{
    pr_snapshot_meta m;
    memset(&m, 0, sizeof m);
    m.as_of = as_of;
    m.created = as_of + 3600;
    snprintf(m.algorithm, sizeof m.algorithm, "pagerank");
    m.damping = 0.85;
    m.tolerance = 1e-10;
    m.max_iterations = 1000;
    m.iterations = 42;
    m.final_change = 3.0000000000000001e-11;
    m.scale_slope = 1.0;
    m.scale_offset = -0.43078291609245423;
    m.persons = n;
    m.edges = 12345;
    m.extra_json = "{\"input\":\"events.tsv\",\"kept\":17}";
    return m;
}

/* Sort order of the spec: rank descending, ties by name (bytewise). */
static const population *fx_sort_pop;
static inline int fx_cmp_pos(const void *a, const void *b)
{
    uint64_t i = *(const uint64_t *)a, j = *(const uint64_t *)b;
    const population *p = fx_sort_pop;
    if (p->rank[i] != p->rank[j]) {
        return p->rank[i] > p->rank[j] ? -1 : 1;
    }
    return strcmp(p->name[i], p->name[j]);
}

/* order[k] = input index of the person at position k + 1. */
static inline uint64_t *fx_expected_order(const population *p)
{
    uint64_t *order = malloc((p->n ? p->n : 1) * sizeof *order);
    for (uint64_t i = 0; i < p->n; i++) {
        order[i] = i;
    }
    fx_sort_pop = p;
    qsort(order, p->n, sizeof *order, fx_cmp_pos);
    return order;
}

/* Number of entries in dir other than . and .. */
static inline int fx_dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int k = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        k += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    }
    if (d) {
        closedir(d);
    }
    return k;
}

static inline void fx_rm_rf(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4096];
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) < (int)sizeof path) {
                unlink(path);
            }
        }
    }
    if (d) {
        closedir(d);
    }
    rmdir(dir);
}

static inline unsigned char *fx_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc((size_t)size + 1);
    *len = fread(buf, 1, (size_t)size, f);
    fclose(f);
    return buf;
}

static inline void fx_spit(const char *path, const unsigned char *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f != NULL) {
        fwrite(buf, 1, len, f);
        fclose(f);
    }
}

#endif
