/* Ranking variants (closed forms, an independent LeaderRank reference on real graphs), the
 * algorithm list parser and the teleport-file loader. */
#include "peoplerank/rank.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct edge {
    pr_node s, t;
    double w;
} edge;

static pr_graph *make_graph(pr_node n, const edge *e, size_t count)
{
    pr_edge_list el = PR_EDGE_LIST_INIT;
    for (size_t i = 0; i < count; i++) {
        assert_int_equal(pr_edge_list_add(&el, e[i].s, e[i].t, e[i].w), PR_OK);
    }
    pr_graph *g = NULL;
    assert_int_equal(pr_graph_build(&g, &el, n, PR_BUILD_KEEP_SELF_LOOPS, NULL), PR_OK);
    pr_edge_list_clear(&el);
    return g;
}

static void run(double *value, const pr_graph *g, pr_algorithm a)
{
    pr_rank_opts o = PR_RANK_OPTS_INIT;
    o.tolerance = 1e-15;
    o.max_iterations = 100000;
    pr_error err = PR_ERROR_INIT;
    pr_rank_result res;
    assert_int_equal(pr_rank_variant(value, &res, g, a, &o, &err), PR_OK);
    assert_true(res.converged);
}

/* 0 -> 1 with the ground: stationary (s0, s1, s_g) = (1/2, 3/4, 1) / 2.25, then the ground's
 * share split evenly: (1/2 + 1/2, 3/4 + 1/2) / 2.25 = (4/9, 5/9). */
static void test_leaderrank_pair(void **state)
{
    (void)state;
    const edge e[] = {{0, 1, 1.0}};
    pr_graph *g = make_graph(2, e, 1);
    double v[2];
    run(v, g, PR_ALGO_LEADERRANK);
    assert_near(v[0], 4.0 / 9, 1e-12);
    assert_near(v[1], 5.0 / 9, 1e-12);
    pr_graph_free(g);
}

/* Weights only matter through w / W and the mean out-weight, so scaling all of u's weights by
 * a constant changes nothing. */
static void test_leaderrank_weight_scale(void **state)
{
    (void)state;
    const edge a[] = {{0, 1, 1.0}, {0, 2, 2.0}, {1, 2, 1.0}, {2, 0, 1.0}, {3, 2, 1.0}};
    const edge b[] = {{0, 1, 4.0}, {0, 2, 8.0}, {1, 2, 0.5}, {2, 0, 3.0}, {3, 2, 1.0}};
    pr_graph *ga = make_graph(5, a, 5), *gb = make_graph(5, b, 5);
    double va[5], vb[5];
    run(va, ga, PR_ALGO_LEADERRANK);
    run(vb, gb, PR_ALGO_LEADERRANK);
    double sum = 0.0;
    for (int i = 0; i < 5; i++) {
        assert_near(va[i], vb[i], 1e-13);
        sum += va[i];
    }
    assert_near(sum, 1.0, 1e-13);
    pr_graph_free(ga), pr_graph_free(gb);
}

/* A graph that leaks rank on purpose (out_w above its edges' weights) gives the same
 * LeaderRank: the walk uses the edges' own weights. */
static void test_leaderrank_leaky(void **state)
{
    (void)state;
    const edge e[] = {{0, 1, 1.0}, {0, 2, 2.0}, {1, 2, 1.0}, {2, 0, 1.0}, {3, 2, 1.0}};
    pr_graph *g = make_graph(5, e, 5);
    double a[5], b[5];
    run(a, g, PR_ALGO_LEADERRANK);
    g->out_w[0] *= 3.0;
    g->out_w[2] += 1.0;
    run(b, g, PR_ALGO_LEADERRANK);
    assert_memory_equal(a, b, sizeof a);
    pr_graph_free(g);
}

/* Independent reference: power iteration on an explicit edge list with a real ground node
 * n, ground links weighing the actor's mean out-weight (1 when unweighted). */
static void leaderrank_reference(double *out, const pr_graph *g)
{
    pr_node n = g->n;
    double *s = calloc(n + 1, sizeof *s), *t = calloc(n + 1, sizeof *t);
    uint32_t *deg = calloc(n, sizeof *deg);
    for (uint64_t e = 0; e < g->m; e++) {
        deg[g->in_src[e]]++;
    }
    for (pr_node v = 0; v < n; v++) {
        s[v] = 1.0;
    }
    for (int it = 0; it < 20000; it++) {
        memset(t, 0, (n + 1) * sizeof *t);
        for (pr_node v = 0; v < n; v++) {
            for (uint64_t e = g->in_off[v]; e < g->in_off[v + 1]; e++) {
                pr_node u = g->in_src[e];
                double wg = g->out_w[u] / deg[u];
                t[v] += s[u] * pr_graph_in_weight(g, e) / (g->out_w[u] + wg);
            }
        }
        for (pr_node u = 0; u < n; u++) {
            double wg = deg[u] ? g->out_w[u] / deg[u] : 1.0;
            t[n] += s[u] * wg / (g->out_w[u] + wg);
            t[u] += s[n] / n;
        }
        double change = 0.0;
        for (pr_node v = 0; v <= n; v++) {
            change += fabs(t[v] - s[v]);
        }
        memcpy(s, t, (n + 1) * sizeof *s);
        if (change < 1e-13 * n) {
            break;
        }
    }
    for (pr_node v = 0; v < n; v++) {
        out[v] = (s[v] + s[n] / n) / n; /* total mass is n */
    }
    free(s), free(t), free(deg);
}

static void test_leaderrank_real(void **state)
{
    (void)state;
    const char *files[2] = {"email-Eu-core.txt.zst", "congress.edgelist.zst"};
    const int wcol[2] = {0, 3};
    int ran = 0;
    for (int i = 0; i < 2; i++) {
        const char *path = pr_test_shared_file(files[i]);
        if (path == NULL) {
            continue;
        }
        pr_edge_list el = PR_EDGE_LIST_INIT;
        pr_node n = 0;
        assert_int_equal(pr_test_load_edges(&el, &n, path, wcol[i]), 0);
        pr_graph *g = NULL;
        assert_int_equal(pr_graph_build(&g, &el, n, PR_BUILD_KEEP_SELF_LOOPS, NULL), PR_OK);
        pr_edge_list_clear(&el);
        double *ours = malloc(n * sizeof *ours), *ref = malloc(n * sizeof *ref);
        run(ours, g, PR_ALGO_LEADERRANK);
        leaderrank_reference(ref, g);
        double l1 = 0.0;
        for (pr_node v = 0; v < n; v++) {
            l1 += fabs(ours[v] - ref[v]);
        }
        printf("# leaderrank %s: L1 to reference %.3g\n", files[i], l1);
        assert_true(l1 < 1e-9);
        free(ours), free(ref);
        pr_graph_free(g);
        ran = 1;
    }
    if (!ran) {
        skip();
    }
}

/* 0 -> 2, 1 -> 2, 1 -> 3: authority = principal eigenvector of A^T A on {2, 3} =
 * [[2, 1], [1, 1]], i.e. (1, (sqrt 5 - 1) / 2); sources have authority 0. */
static void test_hits(void **state)
{
    (void)state;
    const edge e[] = {{0, 2, 1.0}, {1, 2, 1.0}, {1, 3, 1.0}};
    pr_graph *g = make_graph(4, e, 3);
    double v[4];
    run(v, g, PR_ALGO_HITS);
    double phi = (sqrt(5.0) - 1) / 2;
    assert_near(v[0], 0.0, 1e-9);
    assert_near(v[1], 0.0, 1e-9);
    assert_near(v[2], 1 / (1 + phi), 1e-9);
    assert_near(v[3], phi / (1 + phi), 1e-9);
    pr_graph_free(g);
}

/* Triangle {0,1,2} (with both directions and a self-loop, folded by symmetrising) and a
 * pendant 3 and an isolated 4: cores 2, 2, 2, 1, 0. */
static void test_coreness(void **state)
{
    (void)state;
    const edge e[] = {{0, 1, 1.0}, {1, 0, 5.0}, {1, 2, 1.0}, {2, 0, 1.0}, {3, 2, 1.0}, {0, 0, 1.0}};
    pr_graph *g = make_graph(5, e, 6);
    double v[5];
    run(v, g, PR_ALGO_CORENESS);
    const double want[5] = {2.0 / 7, 2.0 / 7, 2.0 / 7, 1.0 / 7, 0.0};
    for (int i = 0; i < 5; i++) {
        assert_near(v[i], want[i], 1e-15);
    }
    pr_graph_free(g);
}

static void test_degrees(void **state)
{
    (void)state;
    /* 1 -> 0 twice (folded into weight 3), 2 -> 0, 0 -> 0 (ignored), 0 -> 1. */
    const edge e[] = {{1, 0, 1.0}, {1, 0, 2.0}, {2, 0, 0.5}, {0, 0, 9.0}, {0, 1, 1.5}};
    pr_graph *g = make_graph(4, e, 5);
    double v[4];
    run(v, g, PR_ALGO_INDEGREE);
    const double deg[4] = {2.0 / 3, 1.0 / 3, 0, 0};
    for (int i = 0; i < 4; i++) {
        assert_near(v[i], deg[i], 1e-15);
    }
    run(v, g, PR_ALGO_FOLLOWERS);
    for (int i = 0; i < 4; i++) {
        assert_near(v[i], deg[i], 1e-15);
    }
    run(v, g, PR_ALGO_INSTRENGTH);
    const double str[4] = {3.5 / 5, 1.5 / 5, 0, 0};
    for (int i = 0; i < 4; i++) {
        assert_near(v[i], str[i], 1e-15);
    }
    pr_graph_free(g);
    g = make_graph(3, NULL, 0); /* nothing to count: uniform */
    run(v, g, PR_ALGO_INSTRENGTH);
    assert_near(v[0], 1.0 / 3, 1e-15);
    run(v, g, PR_ALGO_HITS);
    assert_near(v[2], 1.0 / 3, 1e-15);
    run(v, g, PR_ALGO_CORENESS);
    assert_near(v[1], 1.0 / 3, 1e-15);
    pr_graph_free(g);
}

/* Independent k-core: neighbour lists of the symmetrised simple graph, then peel persons of
 * degree < k for k = 1, 2, ... (a person's core is the last k it survived). */
static void coreness_reference(double *core, const pr_graph *g)
{
    pr_node n = g->n;
    pr_node **adj = calloc(n, sizeof *adj);
    uint32_t *deg = calloc(n, sizeof *deg), *cap = calloc(n, sizeof *cap);
    for (pr_node v = 0; v < n; v++) {
        for (uint64_t e = g->in_off[v]; e < g->in_off[v + 1]; e++) {
            pr_node u = g->in_src[e], ends[2] = {u, v};
            for (int k = 0; k < 2 && u != v; k++) {
                pr_node a = ends[k], b = ends[1 - k];
                int dup = 0;
                for (uint32_t i = 0; i < deg[a] && !dup; i++) {
                    dup = adj[a][i] == b;
                }
                if (!dup) {
                    if (deg[a] == cap[a]) {
                        cap[a] = cap[a] ? 2 * cap[a] : 4;
                        adj[a] = realloc(adj[a], cap[a] * sizeof **adj);
                    }
                    adj[a][deg[a]++] = b;
                }
            }
        }
    }
    char *alive = malloc(n);
    memset(alive, 1, n);
    uint32_t *d = malloc(n * sizeof *d);
    memcpy(d, deg, n * sizeof *d);
    for (pr_node v = 0; v < n; v++) {
        core[v] = 0;
    }
    pr_node left = n;
    for (uint32_t k = 1; left > 0; k++) {
        for (int changed = 1; changed;) {
            changed = 0;
            for (pr_node v = 0; v < n; v++) {
                if (alive[v] && d[v] < k) {
                    alive[v] = 0, left--, changed = 1;
                    for (uint32_t i = 0; i < deg[v]; i++) {
                        d[adj[v][i]]--;
                    }
                }
            }
        }
        for (pr_node v = 0; v < n; v++) {
            core[v] = alive[v] ? k : core[v];
        }
    }
    for (pr_node v = 0; v < n; v++) {
        free(adj[v]);
    }
    free(adj), free(deg), free(cap), free(alive), free(d);
}

/* On a real graph: coreness equals the independent peel (up to the common normalisation), and
 * HITS gives a distribution whose top person has in-edges. */
static void test_igraph_variants_real(void **state)
{
    (void)state;
    const char *path = pr_test_shared_file("wiki-Vote.txt.zst");
    if (path == NULL) {
        skip();
    }
    pr_edge_list el = PR_EDGE_LIST_INIT;
    pr_node n = 0;
    assert_int_equal(pr_test_load_edges(&el, &n, path, 0), 0);
    pr_graph *g = NULL;
    assert_int_equal(pr_graph_build(&g, &el, n, 0, NULL), PR_OK);
    pr_edge_list_clear(&el);
    double *v = malloc(n * sizeof *v), *ref = malloc(n * sizeof *ref);
    run(v, g, PR_ALGO_CORENESS);
    coreness_reference(ref, g);
    double sum = 0.0;
    for (pr_node i = 0; i < n; i++) {
        sum += ref[i];
    }
    for (pr_node i = 0; i < n; i++) {
        assert_near(v[i], ref[i] / sum, 1e-15);
    }
    run(v, g, PR_ALGO_HITS);
    pr_node top = 0;
    sum = 0.0;
    for (pr_node i = 0; i < n; i++) {
        assert_true(v[i] >= 0.0);
        sum += v[i];
        top = v[i] > v[top] ? i : top;
    }
    assert_near(sum, 1.0, 1e-12);
    assert_true(g->in_off[top + 1] > g->in_off[top]);
    free(v), free(ref);
    pr_graph_free(g);
}

/* personalized needs a teleport vector; with one it equals pagerank with that prior. */
static void test_personalized(void **state)
{
    (void)state;
    const edge e[] = {{0, 1, 1.0}, {1, 2, 1.0}, {2, 0, 1.0}, {3, 0, 1.0}};
    pr_graph *g = make_graph(4, e, 4);
    double v[4], w[4], t[4];
    pr_rank_opts o = PR_RANK_OPTS_INIT;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_rank_variant(v, NULL, g, PR_ALGO_PERSONALIZED, &o, &err), PR_EINVAL);
    assert_non_null(strstr(err.message, "seed"));
    const pr_node seeds[] = {3, 1, 3};
    assert_int_equal(pr_rank_seed_teleport(t, seeds, 3, 4), PR_OK);
    assert_near(t[1], 0.5, 0);
    assert_near(t[3], 0.5, 0);
    assert_near(t[0], 0.0, 0);
    o.teleport = t;
    assert_int_equal(pr_rank_variant(v, NULL, g, PR_ALGO_PERSONALIZED, &o, &err), PR_OK);
    assert_int_equal(pr_rank_pagerank(w, NULL, g, &o), PR_OK);
    assert_memory_equal(v, w, sizeof v);
    assert_int_equal(pr_rank_seed_teleport(t, seeds, 0, 4), PR_EINVAL);
    const pr_node bad[] = {4};
    assert_int_equal(pr_rank_seed_teleport(t, bad, 1, 4), PR_EINVAL);
    pr_graph_free(g);
}

static void test_algorithm_names(void **state)
{
    (void)state;
    for (int a = 0; a < PR_ALGO_COUNT; a++) {
        pr_algorithm back;
        assert_int_equal(pr_algorithm_parse(&back, pr_algorithm_name((pr_algorithm)a)), PR_OK);
        assert_int_equal(back, a);
    }
    pr_algorithm list[PR_ALGO_COUNT];
    size_t count = 0;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(
        pr_algorithm_parse_list(list, &count, "pagerank,leaderrank,indegree", PR_ALGO_COUNT, &err),
        PR_OK);
    assert_int_equal(count, 3);
    assert_int_equal(list[1], PR_ALGO_LEADERRANK);
    assert_int_equal(pr_algorithm_parse_list(list, &count, "pagerank,", 8, &err), PR_EINVAL);
    assert_int_equal(pr_algorithm_parse_list(list, &count, "hits,hits", 8, &err), PR_EINVAL);
    assert_non_null(strstr(err.message, "twice"));
    assert_int_equal(pr_algorithm_parse_list(list, &count, "pagerank,klout", 8, &err), PR_EINVAL);
    assert_non_null(strstr(err.message, "klout"));
    assert_null(pr_algorithm_name(PR_ALGO_COUNT));
}

/* ---- teleport files ---- */

static pr_graph *named_graph(void)
{
    const edge e[] = {{0, 1, 1.0}, {1, 2, 1.0}, {2, 0, 1.0}};
    pr_graph *g = make_graph(4, e, 3);
    const char *names[4] = {"twitter:alice", "twitter:bob", "bluesky:carol", "twitter:al"};
    assert_int_equal(pr_graph_set_names(g, names), PR_OK);
    return g;
}

static const char *write_file(const char *text)
{
    static char path[512];
    if (path[0] == '\0') {
        snprintf(path, sizeof path, "%s/teleport.tsv", pr_test_tmpdir());
    }
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_load_prior(void **state)
{
    (void)state;
    pr_graph *g = named_graph();
    double t[4];
    pr_error err = PR_ERROR_INIT;
    /* bob and al absent: mass 1 each; total 0.5 + 1 + 2.5 + 1 = 5. */
    const char *p = write_file("# prior\r\ntwitter:alice\t0.5 \r\n\nbluesky:carol\t2.5\n");
    assert_int_equal(pr_rank_load_teleport(t, NULL, g, p, 0, &err), PR_OK);
    const double want[4] = {0.1, 0.2, 0.5, 0.2};
    for (int i = 0; i < 4; i++) {
        assert_near(t[i], want[i], 1e-15);
    }
    pr_graph_free(g);
}

static void test_load_seeds(void **state)
{
    (void)state;
    pr_graph *g = named_graph();
    double t[4];
    pr_error err = PR_ERROR_INIT;
    const char *p = write_file("twitter:al\nbluesky:carol\t3\n");
    assert_int_equal(pr_rank_load_teleport(t, NULL, g, p, PR_TELEPORT_SEEDS, &err), PR_OK);
    const double want[4] = {0, 0, 0.75, 0.25};
    for (int i = 0; i < 4; i++) {
        assert_near(t[i], want[i], 1e-15);
    }
    pr_graph_free(g);
}

static void expect_error(const char *text, unsigned flags, int code, const char *needle,
                         uint64_t line)
{
    pr_graph *g = named_graph();
    double t[4];
    pr_error err = PR_ERROR_INIT;
    const char *p = write_file(text);
    assert_int_equal(pr_rank_load_teleport(t, NULL, g, p, flags, &err), code);
    assert_int_equal(err.line, line);
    assert_string_equal(err.file, p);
    if (strstr(err.message, needle) == NULL) {
        fail_msg("message '%s' lacks '%s'", err.message, needle);
    }
    pr_graph_free(g);
}

static void test_load_errors(void **state)
{
    (void)state;
    expect_error("twitter:alice\t1\ntwitter:mallory\t2\n", 0, PR_ENOTFOUND, "twitter:mallory", 2);
    expect_error("twitter:alice\n", 0, PR_EPARSE, "account<TAB>mass", 1);
    expect_error("# c\ntwitter:alice\t-1\n", 0, PR_EPARSE, "mass", 2);
    expect_error("twitter:alice\t1x\n", 0, PR_EPARSE, "mass", 1);
    expect_error("twitter:alice\tnan\n", 0, PR_EPARSE, "mass", 1);
    expect_error("twitter:alice\t1\ntwitter:alice\t1\n", 0, PR_EPARSE, "twice", 2);
    expect_error("twitter:bob\t0\n", PR_TELEPORT_SEEDS, PR_EINVAL, "sum", 0);
    expect_error("\ttwo\n", PR_TELEPORT_SEEDS, PR_EPARSE, "account", 1);
    expect_error("twitter:alic\n", PR_TELEPORT_SEEDS, PR_ENOTFOUND, "twitter:alic", 1);

    pr_graph *g = named_graph();
    double t[4];
    uint64_t ignored = 0;
    pr_error err = PR_ERROR_INIT;
    const char *p = write_file("twitter:zed\nfacebook:x\t2\ntwitter:bob\n");
    assert_int_equal(pr_rank_load_teleport(t, &ignored, g, p,
                                           PR_TELEPORT_SEEDS | PR_TELEPORT_IGNORE_UNKNOWN, &err),
                     PR_OK);
    assert_int_equal(ignored, 2);
    assert_near(t[1], 1.0, 0);
    assert_int_equal(pr_rank_load_teleport(t, NULL, g, "/nonexistent/prior.tsv", 0, &err),
                     PR_ENOTFOUND);
    pr_graph_free(g);
}

/* Allocation failures in the loader, LeaderRank and the igraph variants: an error, no crash. */
static void test_alloc_failures(void **state)
{
    (void)state;
    pr_graph *g = named_graph();
    double t[4];
    pr_error err = PR_ERROR_INIT;
    const char *p = write_file("twitter:alice\t2\n");
    for (long k = 0; k < 2; k++) {
        pr_alloc_fail_after(k);
        int rc = pr_rank_load_teleport(t, NULL, g, p, 0, &err);
        pr_alloc_fail_after(-1);
        assert_int_equal(rc, PR_ENOMEM);
    }
    pr_rank_opts o = PR_RANK_OPTS_INIT;
    for (long k = 0; k < 4; k++) {
        pr_alloc_fail_after(k);
        int rc = pr_rank_variant(t, NULL, g, PR_ALGO_LEADERRANK, &o, &err);
        pr_alloc_fail_after(-1);
        assert_int_equal(rc, PR_ENOMEM);
    }
    assert_int_equal(pr_rank_variant(t, NULL, g, PR_ALGO_LEADERRANK, &o, &err), PR_OK);
    pr_graph_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leaderrank_pair),
        cmocka_unit_test(test_leaderrank_weight_scale),
        cmocka_unit_test(test_leaderrank_leaky),
        cmocka_unit_test(test_leaderrank_real),
        cmocka_unit_test(test_hits),
        cmocka_unit_test(test_coreness),
        cmocka_unit_test(test_degrees),
        cmocka_unit_test(test_igraph_variants_real),
        cmocka_unit_test(test_personalized),
        cmocka_unit_test(test_algorithm_names),
        cmocka_unit_test(test_load_prior),
        cmocka_unit_test(test_load_seeds),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_alloc_failures),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    const char *p = write_file("");
    remove(p);
    char dir[512];
    snprintf(dir, sizeof dir, "%s", p);
    *strrchr(dir, '/') = '\0';
    remove(dir);
    return rc;
}
