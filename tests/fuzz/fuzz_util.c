/* The in-memory input file of the fuzz targets (fuzz_util.h). */
#define _GNU_SOURCE
#include "fuzz_util.h"

#include <math.h>
#include <string.h>

#include "peoplerank/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#ifdef _OPENMP
#include <omp.h>
#endif

static int write_all(int fd, const uint8_t *data, size_t size)
{
    while (size > 0) {
        ssize_t n = write(fd, data, size);
        if (n <= 0) {
            return -1;
        }
        data += n;
        size -= (size_t)n;
    }
    return 0;
}

/* One thread: inputs are tiny, and waking OpenMP workers for each would cost more than the
 * parse (50 ms per input on a busy machine); it also keeps runs reproducible. */
static void single_thread_once(void)
{
#ifdef _OPENMP
    static int done;
    if (!done) {
        omp_set_num_threads(1);
        done = 1;
    }
#endif
}

int pr_fuzz_file_open(char *path, size_t cap, const uint8_t *data, size_t size)
{
    single_thread_once();
    int fd = memfd_create("pr_fuzz", 0);
    if (fd < 0) {
        /* No memfd (old kernel, sandbox): an unlinked-at-close temp file does the same job. */
        char tmpl[] = "/tmp/pr_fuzz.XXXXXX";
        fd = mkstemp(tmpl);
        if (fd < 0) {
            return -1;
        }
        unlink(tmpl);
    }
    if (write_all(fd, data, size) != 0) {
        close(fd);
        return -1;
    }
    snprintf(path, cap, "/proc/self/fd/%d", fd);
    return fd;
}

void pr_fuzz_file_close(int fd)
{
    if (fd >= 0) {
        close(fd);
    }
}

static void check_code(int rc)
{
    /* A parser may fail, but only with one of the documented codes. */
    if (rc > 0 || rc < PR_EORDER) {
        abort();
    }
}

static void check_graph(const pr_graph *g)
{
    for (pr_node v = 0; v < g->n; v++) {
        if (pr_graph_name(g, v) == NULL) {
            abort();
        }
    }
    for (pr_node v = 0; v < g->n; v++) {
        for (uint64_t e = g->in_off[v]; e < g->in_off[v + 1]; e++) {
            if (g->in_src[e] >= g->n) {
                abort();
            }
        }
    }
}

static void finish_all(pr_ingest *ig)
{
    pr_error err = PR_ERROR_INIT;
    pr_graph *g = NULL;
    int rc = pr_ingest_finish(&g, ig, &err);
    check_code(rc);
    if (rc != PR_OK) {
        return;
    }
    check_graph(g);
    pr_graph_free(g);
    g = NULL;
    rc = pr_ingest_finish_follows(&g, ig, &err);
    check_code(rc);
    if (rc == PR_OK) {
        check_graph(g);
    }
    pr_graph_free(g);
    size_t nets = pr_ingest_network_count(ig);
    for (size_t i = 0; i < nets && i < 4; i++) {
        g = NULL;
        rc = pr_ingest_finish_network(&g, ig, pr_ingest_network_name(ig, i), &err);
        check_code(rc);
        if (rc == PR_OK) {
            check_graph(g);
        }
        pr_graph_free(g);
    }
}

/* Reads data (and identities) into a new ingest with opts; returns the rc of the read, *out
 * the ingest (NULL when it could not be set up). */
static int read_input(pr_ingest **out, const pr_ingest_opts *opts, const char *format,
                      const char *csv_columns, const uint8_t *identities, size_t identities_size,
                      const uint8_t *data, size_t size)
{
    pr_error err = PR_ERROR_INIT;
    char path[64];
    *out = NULL;
    if (pr_ingest_new(out, opts) != PR_OK) {
        return PR_EINVAL;
    }
    if (csv_columns != NULL) {
        check_code(pr_ingest_set_csv_columns(*out, csv_columns));
    }
    int rc = PR_OK;
    if (identities != NULL) {
        int fd = pr_fuzz_file_open(path, sizeof path, identities, identities_size);
        rc = fd >= 0 ? pr_ingest_load_identities(*out, path, &err) : PR_EIO;
        check_code(rc);
        pr_fuzz_file_close(fd);
    }
    if (rc == PR_OK) {
        int fd = pr_fuzz_file_open(path, sizeof path, data, size);
        rc = fd >= 0 ? pr_ingest_add_file(*out, format, NULL, path, &err) : PR_EIO;
        check_code(rc);
        pr_fuzz_file_close(fd);
    }
    return rc;
}

/* In-order input must give the held graph (up to float rounding) whenever it accepts the input:
 * the same input, as-of date and options, read both ways. */
static void check_in_order(const pr_ingest_opts *held_opts, const char *format,
                           const char *csv_columns, const uint8_t *identities,
                           size_t identities_size, const uint8_t *data, size_t size)
{
    pr_ingest_opts folded_opts = *held_opts;
    folded_opts.in_order = 1;
    folded_opts.in_order_days = 1;
    folded_opts.fold_batch = 3;
    pr_ingest *held = NULL, *folded = NULL;
    pr_graph *a = NULL, *b = NULL;
    pr_error err = PR_ERROR_INIT;
    int rc =
        read_input(&held, held_opts, format, csv_columns, identities, identities_size, data, size);
    int rf = read_input(&folded, &folded_opts, format, csv_columns, identities, identities_size,
                        data, size);
    if (rc == PR_OK && rf == PR_OK && pr_ingest_finish(&a, held, &err) == PR_OK &&
        pr_ingest_finish(&b, folded, &err) == PR_OK) {
        if (a->n != b->n || a->m != b->m) {
            abort();
        }
        for (pr_node v = 0; v < a->n; v++) {
            if (strcmp(pr_graph_name(a, v), pr_graph_name(b, v)) != 0 ||
                a->in_off[v] != b->in_off[v]) {
                abort();
            }
        }
        for (uint64_t e = 0; e < a->m; e++) {
            double wa = pr_graph_in_weight(a, e), wb = pr_graph_in_weight(b, e);
            if (a->in_src[e] != b->in_src[e] || fabs(wa - wb) > 1e-4 * wa) {
                abort();
            }
        }
    }
    pr_graph_free(a);
    pr_graph_free(b);
    pr_ingest_free(held);
    pr_ingest_free(folded);
}

void pr_fuzz_ingest(const char *format, const char *csv_columns, const uint8_t *identities,
                    size_t identities_size, const uint8_t *data, size_t size)
{
    pr_ingest_opts opts = PR_INGEST_OPTS_INIT;
    opts.max_errors = UINT64_MAX / 2;
    pr_ingest *ig = NULL;
    int rc = read_input(&ig, &opts, format, csv_columns, identities, identities_size, data, size);
    int64_t newest = PR_AS_OF_NEWEST;
    if (rc == PR_OK) {
        finish_all(ig);
        newest = pr_ingest_get_summary(ig)->newest;
    }
    pr_ingest_free(ig);
    if (rc == PR_OK && newest != PR_AS_OF_NEWEST) {
        opts.as_of = newest; /* the held run's own as-of date, now given up front */
        check_in_order(&opts, format, csv_columns, identities, identities_size, data, size);
    }
}
