/* The rank kernel against igraph's PRPACK on every real edge list in ../shared/data: igraph gets
 * exactly the edges and (float-rounded) weights the CSR graph holds. Skips (77) when no file is
 * there. */
#include "peoplerank/rank.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <igraph.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct dataset {
    const char *file;
    int weight_column; /* 0: unweighted, 3: third column */
} dataset;

/* bitcoin ratings are signed (-10..10), so that graph is ranked unweighted. Self-loops are
 * kept as they are in the files (Slashdot has 78k, higgs a few). */
static const dataset DATASETS[] = {
    {"wiki-Vote.txt.zst", 0},
    {"email-Eu-core.txt.zst", 0},
    {"higgs-reply_network.edgelist.zst", 3},
    {"congress.edgelist.zst", 3},
    {"soc-sign-bitcoinotc.csv.zst", 0},
    {"soc-Slashdot0902.txt.zst", 0},
};
#define NDATASETS (sizeof DATASETS / sizeof DATASETS[0])
#define TOP 100

static void check_ig(igraph_error_t rc)
{
    assert_int_equal(rc, IGRAPH_SUCCESS);
}

/* PRPACK's ranks of the graph g exactly as the CSR holds it; reset NULL = plain PageRank. */
static double *igraph_ranks(const pr_graph *g, double damping, const double *reset)
{
    igraph_vector_int_t edges;
    igraph_vector_t weights, result, reset_v;
    igraph_t ig;
    check_ig(igraph_vector_int_init(&edges, (igraph_integer_t)(2 * g->m)));
    check_ig(igraph_vector_init(&weights, (igraph_integer_t)g->m));
    for (pr_node v = 0; v < g->n; v++) {
        for (uint64_t e = g->in_off[v]; e < g->in_off[v + 1]; e++) {
            VECTOR(edges)[2 * e] = g->in_src[e];
            VECTOR(edges)[2 * e + 1] = v;
            VECTOR(weights)[e] = pr_graph_in_weight(g, e);
        }
    }
    check_ig(igraph_create(&ig, &edges, (igraph_integer_t)g->n, IGRAPH_DIRECTED));
    check_ig(igraph_vector_init(&result, 0));
    if (reset == NULL) {
        check_ig(igraph_pagerank(&ig, IGRAPH_PAGERANK_ALGO_PRPACK, &result, NULL, igraph_vss_all(),
                                 IGRAPH_DIRECTED, damping, g->in_w ? &weights : NULL, NULL));
    } else {
        igraph_vector_view(&reset_v, reset, (igraph_integer_t)g->n);
        check_ig(igraph_personalized_pagerank(&ig, IGRAPH_PAGERANK_ALGO_PRPACK, &result, NULL,
                                              igraph_vss_all(), IGRAPH_DIRECTED, damping, &reset_v,
                                              g->in_w ? &weights : NULL, NULL));
    }
    double *out = malloc(g->n * sizeof *out);
    for (pr_node v = 0; v < g->n; v++) {
        out[v] = VECTOR(result)[v];
    }
    igraph_vector_destroy(&result);
    igraph_destroy(&ig);
    igraph_vector_destroy(&weights);
    igraph_vector_int_destroy(&edges);
    return out;
}

static const double *sort_key;

static int by_rank_desc(const void *a, const void *b)
{
    pr_node x = *(const pr_node *)a, y = *(const pr_node *)b;
    if (sort_key[x] != sort_key[y]) {
        return sort_key[x] > sort_key[y] ? -1 : 1;
    }
    return x < y ? -1 : (x > y);
}

static pr_node *top_order(const double *r, pr_node n)
{
    pr_node *order = malloc(n * sizeof *order);
    for (pr_node v = 0; v < n; v++) {
        order[v] = v;
    }
    sort_key = r;
    qsort(order, n, sizeof *order, by_rank_desc);
    return order;
}

/* The top 100 in the same order; where the two orders differ, the persons must be tied in the
 * reference (equal to 1e-12 relative), not merely close. */
static void compare_top(const double *ours, const double *ref, pr_node n, const char *name)
{
    pr_node *a = top_order(ours, n), *b = top_order(ref, n);
    pr_node top = n < TOP ? n : TOP;
    for (pr_node i = 0; i < top; i++) {
        if (a[i] != b[i]) {
            double x = ref[a[i]], y = ref[b[i]];
            if (fabs(x - y) > 1e-12 * fabs(y)) {
                fail_msg("%s: position %u: ours %u, igraph %u", name, i, a[i], b[i]);
            }
        }
    }
    free(a), free(b);
}

static double l1(const double *a, const double *b, pr_node n)
{
    double s = 0.0;
    for (pr_node v = 0; v < n; v++) {
        s += fabs(a[v] - b[v]);
    }
    return s;
}

static pr_graph *load(const dataset *ds)
{
    const char *path = pr_test_shared_file(ds->file);
    if (path == NULL) {
        return NULL;
    }
    pr_edge_list el = PR_EDGE_LIST_INIT;
    pr_node n = 0;
    assert_int_equal(pr_test_load_edges(&el, &n, path, ds->weight_column), 0);
    pr_graph *g = NULL;
    assert_int_equal(pr_graph_build(&g, &el, n, PR_BUILD_KEEP_SELF_LOOPS, NULL), PR_OK);
    pr_edge_list_clear(&el);
    return g;
}

static void check_dataset(const dataset *ds, double damping)
{
    pr_graph *g = load(ds);
    if (g == NULL) {
        printf("# skip %s: not in PR_SHARED_DATA\n", ds->file);
        return;
    }
    double *ours = malloc(g->n * sizeof *ours);
    pr_rank_opts o = PR_RANK_OPTS_INIT;
    o.damping = damping;
    o.tolerance = 1e-14;
    o.max_iterations = 10000;
    o.threads = 1; /* test_rank.c proves any thread count gives these very bits */
    pr_rank_result res;
    assert_int_equal(pr_rank_pagerank(ours, &res, g, &o), PR_OK);
    assert_true(res.converged);
    double *ref = igraph_ranks(g, damping, NULL);
    double dist = l1(ours, ref, g->n);
    printf("# %s d=%.2f: n=%u m=%llu iterations=%u L1=%.3g\n", ds->file, damping, g->n,
           (unsigned long long)g->m, res.iterations, dist);
    assert_true(dist < 1e-9);
    compare_top(ours, ref, g->n, ds->file);
    free(ours), free(ref);
    pr_graph_free(g);
}

static void test_prpack(void **state)
{
    const dataset *ds = *state;
    if (pr_test_shared_file(ds->file) == NULL) {
        skip();
    }
    check_dataset(ds, 0.85);
}

/* Personalized rank against igraph_personalized_pagerank with the same reset vector: a seed
 * set (every 97th node) and a non-uniform prior. PRPACK sends dangling mass to the reset
 * distribution too (igraph's prpack.cpp passes the reset vector as both u and v). */
static void test_personalized(void **state)
{
    const dataset *ds = *state;
    pr_graph *g = load(ds);
    if (g == NULL) {
        skip();
    }
    double *t = malloc(g->n * sizeof *t), *ours = malloc(g->n * sizeof *ours);
    for (int kind = 0; kind < 2; kind++) {
        double sum = 0.0;
        for (pr_node v = 0; v < g->n; v++) {
            t[v] = kind == 0 ? (v % 97 == 0) : 1.0 + (double)(v % 5);
            sum += t[v];
        }
        for (pr_node v = 0; v < g->n; v++) {
            t[v] /= sum;
        }
        pr_rank_opts o = PR_RANK_OPTS_INIT;
        o.tolerance = 1e-14;
        o.max_iterations = 10000;
        o.teleport = t;
        o.threads = 1;
        assert_int_equal(pr_rank_pagerank(ours, NULL, g, &o), PR_OK);
        double *ref = igraph_ranks(g, 0.85, t);
        double dist = l1(ours, ref, g->n);
        printf("# personalized (%s) %s: L1=%.3g\n", kind ? "prior" : "seeds", ds->file, dist);
        assert_true(dist < 1e-9);
        compare_top(ours, ref, g->n, ds->file);
        free(ref);
    }
    free(t), free(ours);
    pr_graph_free(g);
}

/* A second damping on a small graph: the formula, not just the default, matches. */
static void test_prpack_damping(void **state)
{
    (void)state;
    if (pr_test_shared_file(DATASETS[3].file) == NULL) {
        skip();
    }
    check_dataset(&DATASETS[3], 0.5);
    check_dataset(&DATASETS[1], 0.95);
}

int main(void)
{
    int any = 0;
    for (size_t i = 0; i < NDATASETS; i++) {
        any |= pr_test_shared_file(DATASETS[i].file) != NULL;
    }
    if (!any) {
        printf("skip: no data set in PR_SHARED_DATA\n");
        return PR_TEST_SKIP;
    }
    igraph_set_error_handler(igraph_error_handler_printignore);
    struct CMUnitTest tests[NDATASETS + 4];
    for (size_t i = 0; i < NDATASETS; i++) {
        tests[i] = (struct CMUnitTest)cmocka_unit_test_prestate(test_prpack, (void *)&DATASETS[i]);
        tests[i].name = DATASETS[i].file;
    }
    tests[NDATASETS] = (struct CMUnitTest)cmocka_unit_test(test_prpack_damping);
    const size_t personalized[3] = {0, 3, 5}; /* wiki-Vote, congress (weighted), Slashdot */
    for (size_t i = 0; i < 3; i++) {
        tests[NDATASETS + 1 + i] = (struct CMUnitTest)cmocka_unit_test_prestate(
            test_personalized, (void *)&DATASETS[personalized[i]]);
        tests[NDATASETS + 1 + i].name = "personalized";
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
