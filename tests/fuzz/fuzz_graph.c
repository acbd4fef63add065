/* Fuzz target: the built-graph file reader (pr_graph_load). A graph it accepts must be one every
 * consumer can walk blindly: offsets non-decreasing up to m, sources below n, weights finite and
 * non-negative, every node named; it is then ranked once.
 * Every input is loaded twice: as given, and with both checksums repaired (payload XXH3 at
 * offset 48, header XXH3 of bytes 0..55 at offset 56, docs/graph-format.md), because checksums
 * would otherwise stop nearly every mutation before the structure checks. */
#include "fuzz_util.h"

#include "peoplerank/graph.h"
#include "peoplerank/rank.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define HEADER_SIZE 128

static void check_loaded(const pr_graph *g)
{
    if (g->in_off[0] != 0 || g->in_off[g->n] != g->m) {
        abort();
    }
    for (pr_node v = 0; v < g->n; v++) {
        if (g->in_off[v] > g->in_off[v + 1] || pr_graph_name(g, v) == NULL) {
            abort();
        }
        for (uint64_t e = g->in_off[v]; e < g->in_off[v + 1]; e++) {
            double w = pr_graph_in_weight(g, e);
            if (g->in_src[e] >= g->n || !isfinite(w) || w < 0.0) {
                abort();
            }
        }
    }
}

static void load_one(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = pr_fuzz_file_open(path, sizeof path, data, size);
    if (fd < 0) {
        return;
    }
    pr_graph *g = NULL;
    pr_error err = PR_ERROR_INIT;
    if (pr_graph_load(&g, path, &err) == PR_OK) {
        check_loaded(g);
        if (g->n > 0 && g->n <= 100000) {
            double *rank = malloc(g->n * sizeof *rank);
            pr_rank_result res;
            pr_rank_opts o = PR_RANK_OPTS_INIT;
            o.max_iterations = 50;
            if (rank != NULL) {
                pr_rank_pagerank(rank, &res, g, &o);
            }
            free(rank);
        }
    }
    pr_graph_free(g);
    pr_fuzz_file_close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    load_one(data, size);
    if (size < HEADER_SIZE) {
        return 0;
    }
    uint8_t *fixed = malloc(size);
    if (fixed == NULL) {
        return 0;
    }
    memcpy(fixed, data, size);
    uint64_t payload = XXH3_64bits(fixed + HEADER_SIZE, size - HEADER_SIZE);
    memcpy(fixed + 48, &payload, 8); /* the file is in host byte order (endian mark) */
    uint64_t header = XXH3_64bits(fixed, 56);
    memcpy(fixed + 56, &header, 8);
    load_one(fixed, size);
    free(fixed);
    return 0;
}
