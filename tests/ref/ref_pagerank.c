/* ref_pagerank: plain PageRank of a SNAP edge list by igraph's PRPACK, an implementation
 * independent of peoplerank's, for tests/cli/test_algorithms.sh. Reads "SRC DST" integer lines
 * (comments '#') on stdin, prints "ID<TAB>rank" for every node that has an edge; damping 0.85,
 * directed, unweighted, duplicate edges counted as often as they appear. */
#include <igraph.h>
#include <stdio.h>
#include <stdlib.h>

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

static igraph_integer_t index_of(const long long *ids, size_t n, long long id)
{
    const long long *p = bsearch(&id, ids, n, sizeof *ids, cmp_ll);
    return (igraph_integer_t)(p - ids);
}

int main(void)
{
    size_t m = 0, cap = 1 << 16;
    long long *ends = malloc(2 * cap * sizeof *ends), *ids = NULL;
    char line[1024];
    while (ends != NULL && fgets(line, sizeof line, stdin) != NULL) {
        long long a, b;
        if (line[0] == '#' || sscanf(line, "%lld %lld", &a, &b) != 2) {
            continue;
        }
        if (m == cap && (ends = realloc(ends, 4 * cap * sizeof *ends)) != NULL) {
            cap *= 2;
        }
        if (ends != NULL) {
            ends[2 * m] = a;
            ends[2 * m + 1] = b;
            m++;
        }
    }
    if (ends == NULL || (ids = malloc(2 * m * sizeof *ids + 1)) == NULL) {
        return 1;
    }
    for (size_t i = 0; i < 2 * m; i++) {
        ids[i] = ends[i];
    }
    qsort(ids, 2 * m, sizeof *ids, cmp_ll);
    size_t n = 0;
    for (size_t i = 0; i < 2 * m; i++) {
        if (n == 0 || ids[n - 1] != ids[i]) {
            ids[n++] = ids[i];
        }
    }
    igraph_vector_int_t edges;
    igraph_vector_t result;
    igraph_t g;
    if (igraph_vector_int_init(&edges, (igraph_integer_t)(2 * m))) {
        return 1;
    }
    for (size_t i = 0; i < 2 * m; i++) {
        VECTOR(edges)[i] = index_of(ids, n, ends[i]);
    }
    if (igraph_create(&g, &edges, (igraph_integer_t)n, IGRAPH_DIRECTED) ||
        igraph_vector_init(&result, 0) ||
        igraph_pagerank(&g, IGRAPH_PAGERANK_ALGO_PRPACK, &result, NULL, igraph_vss_all(),
                        IGRAPH_DIRECTED, 0.85, NULL, NULL)) {
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        printf("%lld\t%.17g\n", ids[i], VECTOR(result)[i]);
    }
    igraph_vector_destroy(&result);
    igraph_destroy(&g);
    igraph_vector_int_destroy(&edges);
    free(ends);
    free(ids);
    return 0;
}
