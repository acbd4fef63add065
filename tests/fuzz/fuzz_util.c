/* The in-memory input file of the fuzz targets (fuzz_util.h). */
#define _GNU_SOURCE
#include "fuzz_util.h"

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
    if (rc > 0 || rc < PR_EDRIFT) {
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

void pr_fuzz_ingest(const char *format, const char *csv_columns, const uint8_t *identities,
                    size_t identities_size, const uint8_t *data, size_t size)
{
    pr_ingest_opts opts = PR_INGEST_OPTS_INIT;
    opts.max_errors = UINT64_MAX / 2;
    pr_ingest *ig = NULL;
    pr_error err = PR_ERROR_INIT;
    char path[64];
    int fd = -1;
    if (pr_ingest_new(&ig, &opts) != PR_OK) {
        return;
    }
    if (csv_columns != NULL) {
        check_code(pr_ingest_set_csv_columns(ig, csv_columns));
    }
    if (identities != NULL) {
        fd = pr_fuzz_file_open(path, sizeof path, identities, identities_size);
        int rc = fd >= 0 ? pr_ingest_load_identities(ig, path, &err) : PR_EIO;
        check_code(rc);
        pr_fuzz_file_close(fd);
        if (rc != PR_OK) {
            goto cleanup;
        }
    }
    fd = pr_fuzz_file_open(path, sizeof path, data, size);
    if (fd < 0) {
        goto cleanup;
    }
    int rc = pr_ingest_add_file(ig, format, NULL, path, &err);
    check_code(rc);
    pr_fuzz_file_close(fd);
    if (rc == PR_OK) {
        finish_all(ig);
    }
cleanup:
    pr_ingest_free(ig);
}
