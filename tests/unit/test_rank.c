/* The rank kernel on tiny graphs with closed-form ranks, invariants, thread-count and
 * range-partition bit-identity, warm start, options and allocation failures. */
#include "peoplerank/rank.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "rank_internal.h" /* test-only include path: src/rank */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#define D 0.85
#define TIGHT 1e-12

typedef struct edge {
    pr_node s, t;
    double w;
} edge;

static pr_graph *make_graph(pr_node n, const edge *e, size_t count, unsigned flags)
{
    pr_edge_list el = PR_EDGE_LIST_INIT;
    for (size_t i = 0; i < count; i++) {
        assert_int_equal(pr_edge_list_add(&el, e[i].s, e[i].t, e[i].w), PR_OK);
    }
    pr_graph *g = NULL;
    assert_int_equal(pr_graph_build(&g, &el, n, flags, NULL), PR_OK);
    pr_edge_list_clear(&el);
    return g;
}

/* Ranks g to convergence at 1e-15 (so the iteration error is far below TIGHT). */
static double *rank_tight(const pr_graph *g, const double *teleport)
{
    double *r = calloc(g->n ? g->n : 1, sizeof *r);
    pr_rank_opts o = PR_RANK_OPTS_INIT;
    o.tolerance = 1e-15;
    o.max_iterations = 100000;
    o.teleport = teleport;
    pr_rank_result res;
    assert_int_equal(pr_rank_pagerank(r, &res, g, &o), PR_OK);
    assert_true(res.converged);
    return r;
}

static void assert_ranks(const double *got, const double *want, pr_node n)
{
    for (pr_node v = 0; v < n; v++) {
        assert_near(got[v], want[v], TIGHT);
    }
}

/* Leaves 1..k all point to the centre 0, which is dangling. With a = (1-d)/n,
 * r_leaf = a + d r_c / n and k r_leaf + r_c = 1, so r_c = (1 - k a) / (1 + k d / n). */
static void test_in_star(void **state)
{
    (void)state;
    enum { K = 6, N = K + 1 };
    edge e[K];
    for (int i = 0; i < K; i++) {
        e[i] = (edge){(pr_node)(i + 1), 0, 1.0};
    }
    pr_graph *g = make_graph(N, e, K, 0);
    double *r = rank_tight(g, NULL);
    double a = (1 - D) / N;
    double rc = (1 - K * a) / (1 + K * D / N);
    double want[N] = {rc};
    for (int i = 1; i < N; i++) {
        want[i] = a + D * rc / N;
    }
    assert_ranks(r, want, N);
    free(r);
    pr_graph_free(g);
}

/* The centre 0 points to k dangling leaves: r_c = a + d (1 - r_c) / n. */
static void test_out_star(void **state)
{
    (void)state;
    enum { K = 5, N = K + 1 };
    edge e[K];
    for (int i = 0; i < K; i++) {
        e[i] = (edge){0, (pr_node)(i + 1), 1.0};
    }
    pr_graph *g = make_graph(N, e, K, 0);
    double *r = rank_tight(g, NULL);
    double a = (1 - D) / N;
    double rc = (a + D / N) / (1 + D / N);
    double want[N] = {rc};
    for (int i = 1; i < N; i++) {
        want[i] = (1 - rc) / K;
    }
    assert_ranks(r, want, N);
    free(r);
    pr_graph_free(g);
}

static void test_cycle(void **state)
{
    (void)state;
    enum { N = 7 };
    edge e[N];
    for (int i = 0; i < N; i++) {
        e[i] = (edge){(pr_node)i, (pr_node)((i + 1) % N), 1.0 + i}; /* weights irrelevant */
    }
    pr_graph *g = make_graph(N, e, N, 0);
    double *r = rank_tight(g, NULL);
    for (int i = 0; i < N; i++) {
        assert_near(r[i], 1.0 / N, TIGHT);
    }
    free(r);
    pr_graph_free(g);
}

/* 0 -> 1 (w 1), 0 -> 2 (w 3), 1 -> 0, 2 -> 0: r0 = (a + d) / (1 + d), r1 : r2 = 1 : 3. */
static void test_weighted_split(void **state)
{
    (void)state;
    const edge e[] = {{0, 1, 1.0}, {0, 2, 3.0}, {1, 0, 1.0}, {2, 0, 1.0}};
    pr_graph *g = make_graph(3, e, 4, 0);
    double *r = rank_tight(g, NULL);
    double a = (1 - D) / 3;
    double r0 = (a + D) / (1 + D);
    double want[3] = {r0, a + D * r0 / 4, a + D * 3 * r0 / 4};
    assert_ranks(r, want, 3);
    free(r);
    pr_graph_free(g);
}

/* 0 -> 1 -> 2 with 2 dangling (plus `extra` isolated nodes, also dangling): every node without
 * in-edges gets x = a + d D / n, then r1 = x (1 + d), r2 = x (1 + d + d^2); sum 1 gives x. */
static void chain_want(double *want, pr_node n)
{
    double x = 1.0 / ((double)n + 2 * D + D * D);
    for (pr_node v = 0; v < n; v++) {
        want[v] = x;
    }
    want[1] = x * (1 + D);
    want[2] = x * (1 + D + D * D);
}

static void test_chain_dangling(void **state)
{
    (void)state;
    const edge e[] = {{0, 1, 1.0}, {1, 2, 1.0}};
    pr_graph *g = make_graph(3, e, 2, 0);
    double *r = rank_tight(g, NULL);
    double want[3];
    chain_want(want, 3);
    assert_ranks(r, want, 3);
    free(r);
    pr_graph_free(g);
}

static void test_isolated_account(void **state)
{
    (void)state;
    const edge e[] = {{0, 1, 1.0}, {1, 2, 1.0}};
    pr_graph *g = make_graph(5, e, 2, 0); /* nodes 3 and 4 have no edges at all */
    double *r = rank_tight(g, NULL);
    double want[5];
    chain_want(want, 5);
    assert_ranks(r, want, 5);
    free(r);
    pr_graph_free(g);
}

/* A zero-weight edge (and a negative one) is dropped by the builder: the chain stays a chain. */
static void test_zero_weight_dropped(void **state)
{
    (void)state;
    const edge e[] = {{0, 1, 1.0}, {1, 2, 1.0}, {2, 0, 0.0}, {2, 1, -1.0}};
    pr_graph *g = make_graph(3, e, 4, 0);
    assert_int_equal(g->m, 2);
    assert_true(g->out_w[2] == 0.0);
    double *r = rank_tight(g, NULL);
    double want[3];
    chain_want(want, 3);
    assert_ranks(r, want, 3);
    free(r);
    pr_graph_free(g);
}

/* 0 -> 0 (kept), 0 -> 1, 1 -> 0: W(0) = 2, r0 = a + d (r0 / 2 + r1), r1 = 1 - r0
 * gives r0 = (a + d) / (1 + d / 2). Dropping the self-loop makes it a 2-cycle. */
static void test_self_loop(void **state)
{
    (void)state;
    const edge e[] = {{0, 0, 1.0}, {0, 1, 1.0}, {1, 0, 1.0}};
    pr_graph *g = make_graph(2, e, 3, PR_BUILD_KEEP_SELF_LOOPS);
    double *r = rank_tight(g, NULL);
    double a = (1 - D) / 2;
    double r0 = (a + D) / (1 + D / 2);
    double want[2] = {r0, 1 - r0};
    assert_ranks(r, want, 2);
    free(r);
    pr_graph_free(g);

    g = make_graph(2, e, 3, 0);
    r = rank_tight(g, NULL);
    double half[2] = {0.5, 0.5};
    assert_ranks(r, half, 2);
    free(r);
    pr_graph_free(g);
}

/* No edges at all: every node is dangling and the ranks are the teleport distribution. */
static void test_no_edges(void **state)
{
    (void)state;
    pr_graph *g = make_graph(4, NULL, 0, 0);
    double *r = rank_tight(g, NULL);
    double want[4] = {0.25, 0.25, 0.25, 0.25};
    assert_ranks(r, want, 4);
    free(r);
    pr_graph_free(g);
}

/* Chain 0 -> 1 -> 2 with a prior t: every term of the formula carries t(v), so
 * r0 = t0 J, r1 = t1 J + d r0, r2 = t2 J + d r1 with J = (1-d) + d r2 and sum 1. */
static void test_chain_prior(void **state)
{
    (void)state;
    const edge e[] = {{0, 1, 1.0}, {1, 2, 1.0}};
    const double t[3] = {0.5, 0.3, 0.2};
    pr_graph *g = make_graph(3, e, 2, 0);
    double *r = rank_tight(g, t);
    /* r = J (t0, t1 + d t0, t2 + d t1 + d^2 t0), sum 1. */
    double u[3] = {t[0], t[1] + D * t[0], t[2] + D * t[1] + D * D * t[0]};
    double J = 1.0 / (u[0] + u[1] + u[2]);
    double want[3] = {J * u[0], J * u[1], J * u[2]};
    assert_ranks(r, want, 3);
    free(r);
    pr_graph_free(g);
}

/* A seeded pseudo-random weighted graph with dangling nodes, self-loops and hubs. */
static pr_graph *random_graph(pr_node n, uint64_t m, uint64_t seed)
{
    pr_edge_list el = PR_EDGE_LIST_INIT;
    uint64_t x = seed;
    for (uint64_t i = 0; i < m; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        pr_node s = (pr_node)((x >> 33) % (n - n / 10)); /* the last tenth never acts */
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        uint64_t r = x >> 33;
        pr_node t = (r & 3) == 0 ? (pr_node)(r % 64) : (pr_node)(r % n);
        double w = 1.0 + (double)((x >> 20) % 7) / 3.0;
        assert_int_equal(pr_edge_list_add(&el, s, t, w), PR_OK);
    }
    pr_graph *g = NULL;
    assert_int_equal(pr_graph_build(&g, &el, n, PR_BUILD_KEEP_SELF_LOOPS, NULL), PR_OK);
    pr_edge_list_clear(&el);
    return g;
}

static void test_invariants(void **state)
{
    (void)state;
    pr_graph *g = random_graph(20000, 120000, 7);
    double *r = malloc(g->n * sizeof *r);
    pr_rank_opts o = PR_RANK_OPTS_INIT;
    for (int k = 0; k < 3; k++) {
        const uint32_t iters[3] = {1, 5, 1000};
        o.max_iterations = iters[k];
        assert_int_equal(pr_rank_pagerank(r, NULL, g, &o), PR_OK);
        double sum = 0.0;
        for (pr_node v = 0; v < g->n; v++) {
            assert_true(r[v] >= 0.0);
            sum += r[v];
        }
        assert_near(sum, 1.0, 1e-12);
    }
    free(r);
    pr_graph_free(g);
}

static void test_tolerance_zero_runs_max(void **state)
{
    (void)state;
    pr_graph *g = random_graph(3000, 20000, 3);
    double *r = malloc(g->n * sizeof *r);
    pr_rank_opts o = PR_RANK_OPTS_INIT;
    o.tolerance = 0.0;
    o.max_iterations = 300; /* far past convergence: the change reaches 0 or stalls */
    pr_rank_result res;
    assert_int_equal(pr_rank_pagerank(r, &res, g, &o), PR_OK);
    assert_int_equal(res.iterations, 300);
    assert_false(res.converged);
    o.tolerance = 1e-6;
    assert_int_equal(pr_rank_pagerank(r, &res, g, &o), PR_OK);
    assert_true(res.converged);
    assert_true(res.final_change < 1e-6);
    assert_true(res.iterations < 300);
    free(r);
    pr_graph_free(g);
}

static double *rank_threads(const pr_graph *g, int threads, int via_opts)
{
    double *r = malloc(g->n * sizeof *r);
    pr_rank_opts o = PR_RANK_OPTS_INIT;
    o.tolerance = 1e-14;
#ifdef _OPENMP
    if (via_opts) {
        o.threads = threads;
    } else {
        omp_set_num_threads(threads);
    }
#else
    (void)threads, (void)via_opts;
#endif
    assert_int_equal(pr_rank_pagerank(r, NULL, g, &o), PR_OK);
    return r;
}

static void test_bit_identical_threads(void **state)
{
    (void)state;
    pr_graph *g = random_graph(60000, 300000, 11); /* 15 chunks, above rank.c's SERIAL_WORK */
    double *r1 = rank_threads(g, 1, 0);
    const int counts[] = {2, 8};
    for (int i = 0; i < 2; i++) {
        double *rt = rank_threads(g, counts[i], 0);
        assert_memory_equal(r1, rt, g->n * sizeof *r1);
        free(rt);
        rt = rank_threads(g, counts[i], 1);
        assert_memory_equal(r1, rt, g->n * sizeof *r1);
        free(rt);
    }
#ifdef _OPENMP
    omp_set_num_threads(2);
#endif
    free(r1);
    pr_graph_free(g);
}

/* Driving the range kernel over a partition of the nodes (as a distributed run would) gives
 * exactly the ranks of pr_rank_pagerank. */
static void test_range_partition(void **state)
{
    (void)state;
    pr_graph *g = random_graph(30000, 250000, 5); /* 8 chunks, the last one partial */
    const pr_node cuts[] = {0, 2 * PR_RANK_CHUNK, 3 * PR_RANK_CHUNK, 30000};
    uint64_t chunks = pr_rank_chunk_count(g->n);
    double *r = malloc(g->n * sizeof *r), *c = malloc(g->n * sizeof *c);
    double *dp = malloc(chunks * sizeof *dp), *cp = malloc(chunks * sizeof *cp);
    for (pr_node v = 0; v < g->n; v++) {
        r[v] = 1.0 / g->n;
    }
    for (int it = 0; it < 40; it++) {
        for (int p = 2; p >= 0; p--) { /* any order of the parts */
            pr_rank_contrib_range(c, dp, g, r, cuts[p], cuts[p + 1], 1);
        }
        double dangling = pr_rank_sum_parts(dp, chunks);
        for (int p = 0; p < 3; p++) {
            pr_rank_pull_range(r, cp, g, c, dangling, D, NULL, cuts[p], cuts[p + 1], 2);
        }
    }
    double *want = malloc(g->n * sizeof *want);
    pr_rank_opts o = PR_RANK_OPTS_INIT;
    o.tolerance = 0.0;
    o.max_iterations = 40;
    assert_int_equal(pr_rank_pagerank(want, NULL, g, &o), PR_OK);
    assert_memory_equal(r, want, g->n * sizeof *r);
    free(r), free(c), free(dp), free(cp), free(want);
    pr_graph_free(g);
}

/* Starting from the converged ranks, one iteration confirms convergence; a scaled copy of them
 * is renormalised first. */
static void test_warm_start(void **state)
{
    (void)state;
    pr_graph *g = random_graph(5000, 30000, 9);
    double *r = rank_tight(g, NULL);
    double *init = malloc(g->n * sizeof *init), *w = malloc(g->n * sizeof *w);
    for (pr_node v = 0; v < g->n; v++) {
        init[v] = 3.0 * r[v];
    }
    pr_rank_opts o = PR_RANK_OPTS_INIT;
    o.tolerance = 1e-12;
    o.initial = init;
    pr_rank_result res;
    assert_int_equal(pr_rank_pagerank(w, &res, g, &o), PR_OK);
    assert_int_equal(res.iterations, 1);
    assert_true(res.converged);
    for (pr_node v = 0; v < g->n; v++) {
        assert_near(w[v], r[v], 1e-13);
    }
    free(r), free(init), free(w);
    pr_graph_free(g);
}

static void test_bad_options(void **state)
{
    (void)state;
    const edge e[] = {{0, 1, 1.0}};
    pr_graph *g = make_graph(2, e, 1, 0);
    double r[2];
    pr_rank_opts o = PR_RANK_OPTS_INIT;
    o.damping = 1.0;
    assert_int_equal(pr_rank_pagerank(r, NULL, g, &o), PR_EINVAL);
    o.damping = -0.1;
    assert_int_equal(pr_rank_pagerank(r, NULL, g, &o), PR_EINVAL);
    o.damping = 0.85;
    o.tolerance = NAN;
    assert_int_equal(pr_rank_pagerank(r, NULL, g, &o), PR_EINVAL);
    o.tolerance = 1e-10;
    const double bad_t[2] = {0.5, 0.6}, neg[2] = {1.5, -0.5}, zero[2] = {0.0, 0.0};
    o.teleport = bad_t;
    assert_int_equal(pr_rank_pagerank(r, NULL, g, &o), PR_EINVAL);
    o.teleport = neg;
    assert_int_equal(pr_rank_pagerank(r, NULL, g, &o), PR_EINVAL);
    o.teleport = NULL;
    o.initial = zero;
    assert_int_equal(pr_rank_pagerank(r, NULL, g, &o), PR_EINVAL);
    o.initial = neg;
    assert_int_equal(pr_rank_pagerank(r, NULL, g, &o), PR_EINVAL);
    pr_graph_free(g);
}

static void test_alloc_failure(void **state)
{
    (void)state;
    pr_graph *g = random_graph(5000, 20000, 1);
    double *r = malloc(g->n * sizeof *r);
    pr_rank_opts o = PR_RANK_OPTS_INIT;
    for (long k = 0; k < 3; k++) {
        pr_alloc_fail_after(k);
        int rc = pr_rank_pagerank(r, NULL, g, &o);
        pr_alloc_fail_after(-1);
        assert_int_equal(rc, PR_ENOMEM);
    }
    assert_int_equal(pr_rank_pagerank(r, NULL, g, &o), PR_OK);
    free(r);
    pr_graph_free(g);
}

/* The degree-relabelled copy: a permutation, non-increasing out-degree, sorted sources, the same
 * edges, names moved along, and the same ranks up to rounding once mapped back. */
static void test_relabel(void **state)
{
    (void)state;
    pr_graph *g = random_graph(3000, 20000, 13);
    const char **names = malloc(g->n * sizeof *names);
    char *buf = malloc(g->n * 16);
    for (pr_node v = 0; v < g->n; v++) {
        snprintf(buf + 16 * v, 16, "t:%u", v);
        names[v] = buf + 16 * v;
    }
    assert_int_equal(pr_graph_set_names(g, names), PR_OK);
    pr_node *old_of_new = malloc(g->n * sizeof *old_of_new);
    pr_graph *r = NULL;
    assert_int_equal(pr_rank__relabel_by_degree(&r, old_of_new, g), PR_OK);
    assert_int_equal(r->n, g->n);
    assert_int_equal(r->m, g->m);
    pr_node *new_of_old = malloc(g->n * sizeof *new_of_old);
    memset(new_of_old, 0xff, g->n * sizeof *new_of_old);
    uint32_t *deg = calloc(g->n, sizeof *deg);
    for (uint64_t e = 0; e < r->m; e++) {
        deg[r->in_src[e]]++;
    }
    for (pr_node i = 0; i < g->n; i++) {
        assert_true(new_of_old[old_of_new[i]] == PR_NODE_NONE); /* a permutation */
        new_of_old[old_of_new[i]] = i;
        assert_string_equal(pr_graph_name(r, i), names[old_of_new[i]]);
        assert_true(r->out_w[i] == g->out_w[old_of_new[i]]);
        assert_true(i == 0 || deg[i] <= deg[i - 1]);
        pr_node old = old_of_new[i];
        assert_int_equal(r->in_off[i + 1] - r->in_off[i], g->in_off[old + 1] - g->in_off[old]);
        for (uint64_t e = r->in_off[i]; e < r->in_off[i + 1]; e++) {
            assert_true(e == r->in_off[i] || r->in_src[e] > r->in_src[e - 1]);
            /* The same edge exists in g with the same weight. */
            pr_node src = old_of_new[r->in_src[e]];
            uint64_t f = g->in_off[old];
            while (f < g->in_off[old + 1] && g->in_src[f] != src) {
                f++;
            }
            assert_true(f < g->in_off[old + 1]);
            assert_true(pr_graph_in_weight(r, e) == pr_graph_in_weight(g, f));
        }
    }
    double *a = rank_tight(g, NULL), *b = rank_tight(r, NULL);
    for (pr_node v = 0; v < g->n; v++) {
        assert_near(b[new_of_old[v]], a[v], 1e-15);
    }
    free(a), free(b), free(deg), free(new_of_old), free(old_of_new), free(names), free(buf);
    pr_graph_free(r);
    pr_graph_free(g);
}

/* Every allocation of the relabelling (and of a float-contrib run) may fail: PR_ENOMEM, no
 * crash, and (under ASan) no leak; the first run with enough allocations succeeds. */
static void test_relabel_alloc_failure(void **state)
{
    (void)state;
    pr_graph *g = random_graph(2000, 9000, 21);
    const char *names[2000];
    char buf[2000][16];
    for (pr_node v = 0; v < g->n; v++) {
        snprintf(buf[v], sizeof buf[v], "n:%u", v);
        names[v] = buf[v];
    }
    assert_int_equal(pr_graph_set_names(g, names), PR_OK);
    pr_node *old_of_new = malloc(g->n * sizeof *old_of_new);
    int rc = PR_ENOMEM;
    long k = 0;
    for (; rc != PR_OK; k++) {
        pr_graph *r = NULL;
        pr_alloc_fail_after(k);
        rc = pr_rank__relabel_by_degree(&r, old_of_new, g);
        pr_alloc_fail_after(-1);
        assert_true(rc == PR_OK || (rc == PR_ENOMEM && r == NULL));
        pr_graph_free(r);
    }
    assert_true(k > 3);
    double *x = malloc(g->n * sizeof *x);
    pr_rank_opts o = PR_RANK_OPTS_INIT;
    o.float_contrib = 1;
    pr_alloc_fail_after(0);
    assert_int_equal(pr_rank_pagerank(x, NULL, g, &o), PR_ENOMEM);
    pr_alloc_fail_after(-1);
    free(x), free(old_of_new);
    pr_graph_free(g);
}

/* Float contributions: within 1e-6 (L1) of the double result, summing to 1, non-negative, and
 * still bit-identical at 1, 2 and 8 threads. */
static void test_float_contrib(void **state)
{
    (void)state;
    pr_graph *g = random_graph(60000, 300000, 17);
    double *d = rank_threads(g, 2, 1);
    double *f[3];
    const int counts[3] = {1, 2, 8};
    for (int i = 0; i < 3; i++) {
        f[i] = malloc(g->n * sizeof *f[i]);
        pr_rank_opts o = PR_RANK_OPTS_INIT;
        o.tolerance = 1e-14;
        o.float_contrib = 1;
        o.threads = counts[i];
        pr_rank_result res;
        assert_int_equal(pr_rank_pagerank(f[i], &res, g, &o), PR_OK);
        assert_true(res.iterations > 5);
    }
    double l1 = 0.0, sum = 0.0;
    for (pr_node v = 0; v < g->n; v++) {
        assert_true(f[0][v] >= 0.0);
        l1 += fabs(f[0][v] - d[v]);
        sum += f[0][v];
    }
    assert_near(sum, 1.0, 1e-7); /* float contributions conserve mass only to their rounding */
    printf("# float contributions: L1 to double %.3g\n", l1);
    assert_true(l1 < 1e-6);
    assert_memory_equal(f[0], f[1], g->n * sizeof *d);
    assert_memory_equal(f[0], f[2], g->n * sizeof *d);
    /* The fused float iteration has the bits of the two range steps with float contributions. */
    uint64_t chunks = pr_rank_chunk_count(g->n);
    double *r = malloc(g->n * sizeof *r), *dp = malloc(chunks * sizeof *dp);
    double *cp = malloc(chunks * sizeof *cp);
    float *c = malloc(g->n * sizeof *c);
    for (pr_node v = 0; v < g->n; v++) {
        r[v] = 1.0 / g->n;
    }
    for (int it = 0; it < 25; it++) {
        pr_rank_contrib_range_f(c, dp, g, r, 0, g->n, 2);
        pr_rank_pull_range_f(r, cp, g, c, pr_rank_sum_parts(dp, chunks), 0.85, NULL, 0, g->n, 2);
    }
    pr_rank_opts o = PR_RANK_OPTS_INIT;
    o.tolerance = 0.0;
    o.max_iterations = 25;
    o.float_contrib = 1;
    assert_int_equal(pr_rank_pagerank(f[1], NULL, g, &o), PR_OK);
    assert_memory_equal(r, f[1], g->n * sizeof *r);
    free(r), free(dp), free(cp), free(c);
    free(d), free(f[0]), free(f[1]), free(f[2]);
    pr_graph_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_star),
        cmocka_unit_test(test_out_star),
        cmocka_unit_test(test_cycle),
        cmocka_unit_test(test_weighted_split),
        cmocka_unit_test(test_chain_dangling),
        cmocka_unit_test(test_isolated_account),
        cmocka_unit_test(test_zero_weight_dropped),
        cmocka_unit_test(test_self_loop),
        cmocka_unit_test(test_no_edges),
        cmocka_unit_test(test_chain_prior),
        cmocka_unit_test(test_invariants),
        cmocka_unit_test(test_tolerance_zero_runs_max),
        cmocka_unit_test(test_bit_identical_threads),
        cmocka_unit_test(test_range_partition),
        cmocka_unit_test(test_warm_start),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_alloc_failure),
        cmocka_unit_test(test_relabel),
        cmocka_unit_test(test_float_contrib),
        cmocka_unit_test(test_relabel_alloc_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
