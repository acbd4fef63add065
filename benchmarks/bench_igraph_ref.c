/* bench_igraph_ref: igraph's side of benchmarks/issue12_table.sh, as a whole process like ours.
 * Reads a numeric edge list ("SRC DST" lines) with igraph's own reader and prints how long it
 * took; with --pagerank also solves plain PageRank (PRPACK, damping 0.85, directed,
 * unweighted) and prints that time; with --ranks FILE writes "ID<TAB>rank" for every node that
 * has an edge, each node's rank renormalised over those nodes (isolated ids in igraph's dense
 * numbering are left out, as peoplerank's graph has no such node), for the L1 comparison. */
#include <igraph.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    const char *path = NULL, *ranks = NULL;
    int pagerank = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--pagerank") == 0) {
            pagerank = 1;
        } else if (strcmp(argv[i], "--ranks") == 0 && i + 1 < argc) {
            ranks = argv[++i], pagerank = 1;
        } else {
            path = argv[i];
        }
    }
    FILE *f = path ? fopen(path, "r") : NULL;
    if (f == NULL) {
        fprintf(stderr, "usage: bench_igraph_ref EDGELIST [--pagerank] [--ranks FILE]\n");
        return 2;
    }
    igraph_t g;
    double t0 = now();
    if (igraph_read_graph_edgelist(&g, f, 0, IGRAPH_DIRECTED) != IGRAPH_SUCCESS) {
        fprintf(stderr, "%s: igraph could not read it\n", path);
        return 1;
    }
    fclose(f);
    double t1 = now();
    printf("igraph read %.3f s: %lld nodes, %lld edges\n", t1 - t0, (long long)igraph_vcount(&g),
           (long long)igraph_ecount(&g));
    if (pagerank) {
        igraph_vector_t r;
        igraph_real_t value;
        igraph_vector_init(&r, 0);
        double t2 = now();
        if (igraph_pagerank(&g, IGRAPH_PAGERANK_ALGO_PRPACK, &r, &value, igraph_vss_all(),
                            IGRAPH_DIRECTED, 0.85, NULL, NULL) != IGRAPH_SUCCESS) {
            fprintf(stderr, "igraph_pagerank failed\n");
            return 1;
        }
        printf("prpack solve %.3f s\n", now() - t2);
        igraph_vector_int_t deg;
        igraph_vector_int_init(&deg, 0);
        igraph_degree(&g, &deg, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS);
        FILE *out = ranks ? fopen(ranks, "w") : NULL;
        double sum = 0.0;
        for (igraph_integer_t v = 0; v < igraph_vcount(&g); v++) {
            sum += VECTOR(deg)[v] > 0 ? VECTOR(r)[v] : 0.0;
        }
        for (igraph_integer_t v = 0; out != NULL && v < igraph_vcount(&g); v++) {
            if (VECTOR(deg)[v] > 0) {
                fprintf(out, "%lld\t%.17g\n", (long long)v, VECTOR(r)[v] / sum);
            }
        }
        if (out != NULL) {
            fclose(out);
        }
        igraph_vector_int_destroy(&deg);
        igraph_vector_destroy(&r);
    }
    igraph_destroy(&g);
    return 0;
}
