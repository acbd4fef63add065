/* pr_dist_partition: ranges on chunk boundaries that cover every person once, balanced by
 * in-edges to within one chunk, empty parts when there are more parts than chunks. */
#include "peoplerank/dist.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

/* n persons; person v receives skew(v) in-edges from persons after it (power-law-like: the first
 * chunks hold most edges). */
static pr_graph *skewed_graph(pr_node n, int skew)
{
    pr_edge_list el = PR_EDGE_LIST_INIT;
    for (pr_node v = 0; v < n; v++) {
        uint32_t deg = skew ? 1 + 200000u / (v + 50) : 3;
        for (uint32_t k = 1; k <= deg; k++) {
            assert_int_equal(pr_edge_list_add(&el, (pr_node)((v + k) % n), v, 1.0), PR_OK);
        }
    }
    pr_graph *g = NULL;
    assert_int_equal(pr_graph_build(&g, &el, n, 0, NULL), PR_OK);
    pr_edge_list_clear(&el);
    return g;
}

static uint64_t edges_of(const pr_graph *g, pr_node b, pr_node e)
{
    return g->in_off[e] - g->in_off[b];
}

/* Bounds cover [0, n) in order, each on a chunk boundary or n. */
static void check_cover(const pr_node *bounds, const pr_graph *g, unsigned parts)
{
    assert_int_equal(bounds[0], 0);
    assert_int_equal(bounds[parts], g->n);
    for (unsigned p = 0; p < parts; p++) {
        assert_true(bounds[p] <= bounds[p + 1]);
        assert_true(bounds[p] % PR_RANK_CHUNK == 0 || bounds[p] == g->n);
    }
}

/* The largest part does at most the mean work plus one chunk's (the granularity). */
static void check_balance(const pr_node *bounds, const pr_graph *g, unsigned parts)
{
    uint64_t max_chunk = 0, max_part = 0, total = edges_of(g, 0, g->n) + 2ull * g->n;
    for (pr_node b = 0; b < g->n; b += PR_RANK_CHUNK) {
        pr_node e = g->n - b > PR_RANK_CHUNK ? b + PR_RANK_CHUNK : g->n;
        uint64_t w = edges_of(g, b, e) + 2ull * (e - b);
        max_chunk = w > max_chunk ? w : max_chunk;
    }
    for (unsigned p = 0; p < parts; p++) {
        uint64_t w = edges_of(g, bounds[p], bounds[p + 1]) + 2ull * (bounds[p + 1] - bounds[p]);
        max_part = w > max_part ? w : max_part;
    }
    assert_true(max_part <= total / parts + max_chunk);
}

static void test_uneven_parts(void **state)
{
    (void)state;
    pr_graph *g = skewed_graph(10 * PR_RANK_CHUNK + 123, 0);
    for (unsigned parts = 1; parts <= 7; parts++) {
        pr_node bounds[8];
        pr_dist_partition(bounds, g, parts);
        check_cover(bounds, g, parts);
        check_balance(bounds, g, parts);
        for (unsigned p = 0; parts <= 5 && p < parts; p++) {
            assert_true(bounds[p] < bounds[p + 1]); /* 10 chunks: no part empty */
        }
    }
    pr_graph_free(g);
}

static void test_balanced_by_edges(void **state)
{
    (void)state;
    pr_graph *g = skewed_graph(16 * PR_RANK_CHUNK, 1);
    pr_node bounds[5];
    pr_dist_partition(bounds, g, 4);
    check_cover(bounds, g, 4);
    check_balance(bounds, g, 4);
    /* Skewed: the first part holds fewer persons than the last. */
    assert_true(bounds[1] - bounds[0] < bounds[4] - bounds[3]);
    pr_graph_free(g);
}

static void test_more_parts_than_chunks(void **state)
{
    (void)state;
    pr_graph *g = skewed_graph(5, 0);
    pr_node bounds[5];
    pr_dist_partition(bounds, g, 4);
    check_cover(bounds, g, 4);
    assert_int_equal(bounds[1], 5); /* one chunk: the first part owns it all */
    pr_graph_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uneven_parts),
        cmocka_unit_test(test_balanced_by_edges),
        cmocka_unit_test(test_more_parts_than_chunks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
