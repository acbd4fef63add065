/* The CSR builder (folding, sorting, self-loops, weights) and the saved graph format (round
 * trip, and every kind of damaged file refused). */
#include "testutil.h"

#include "peoplerank/engagement_rules.h"
#include "peoplerank/graph.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static char tmpdir[256];

static pr_graph *build(const pr_node (*e)[2], const double *w, size_t k, pr_node n, unsigned flags,
                       uint64_t *self)
{
    pr_edge_list el = PR_EDGE_LIST_INIT;
    for (size_t i = 0; i < k; i++) {
        assert_int_equal(pr_edge_list_add(&el, e[i][0], e[i][1], w ? w[i] : 1.0), PR_OK);
    }
    pr_graph *g = NULL;
    assert_int_equal(pr_graph_build(&g, &el, n, flags, self), PR_OK);
    pr_edge_list_clear(&el);
    return g;
}

static void test_build_folds_and_sorts(void **state)
{
    (void)state;
    const pr_node e[][2] = {{3, 0}, {1, 0}, {2, 0}, {1, 0}, {0, 1}, {2, 2}, {0, 3}, {4, 3}};
    const double w[] = {1, 2, 3, 0.5, 1, 7, -1, 0};
    uint64_t self = 9;
    pr_graph *g = build(e, w, 8, 5, 0, &self);
    assert_int_equal(self, 1);
    assert_int_equal(g->n, 5);
    assert_int_equal(g->m, 4); /* 1->0 folded; self-loop, negative and zero weights dropped */
    const uint64_t off[] = {0, 3, 4, 4, 4, 4};
    assert_memory_equal(g->in_off, off, sizeof off);
    const pr_node src[] = {1, 2, 3, 0};
    assert_memory_equal(g->in_src, src, sizeof src);
    assert_non_null(g->in_w);
    assert_float_equal(g->in_w[0], 2.5, 0);
    assert_float_equal(g->in_w[1], 3.0, 0);
    assert_float_equal(g->out_w[0], 1.0, 0);
    assert_float_equal(g->out_w[1], 2.5, 0);
    assert_float_equal(g->out_w[4], 0.0, 0); /* only a zero-weight edge: dangling */
    assert_null(pr_graph_name(g, 0));
    pr_graph_free(g);

    g = build(e, NULL, 8, 5, PR_BUILD_KEEP_SELF_LOOPS, &self);
    assert_int_equal(self, 0);
    assert_int_equal(g->m, 7);
    assert_non_null(g->in_w); /* 1->0 twice folds to weight 2 */
    pr_graph_free(g);

    const pr_node u[][2] = {{0, 1}, {1, 0}, {2, 1}};
    g = build(u, NULL, 3, 3, 0, NULL);
    assert_null(g->in_w); /* all weights exactly 1: unweighted */
    assert_float_equal(pr_graph_in_weight(g, 0), 1.0, 0);
    pr_graph_free(g);

    pr_edge_list el = PR_EDGE_LIST_INIT;
    assert_int_equal(pr_edge_list_add(&el, 0, 5, 1.0), PR_OK);
    assert_int_equal(pr_graph_build(&g, &el, 3, 0, NULL), PR_EINVAL);
    pr_edge_list_clear(&el);
}

/* Against a brute-force reference on a seeded random multigraph. */
static void test_build_random(void **state)
{
    (void)state;
    const pr_node n = 300;
    const size_t k = 20000;
    double *ref = calloc((size_t)n * n, sizeof *ref);
    pr_edge_list el = PR_EDGE_LIST_INIT;
    uint64_t x = 12345;
    for (size_t i = 0; i < k; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        pr_node a = (pr_node)((x >> 33) % n), b = (pr_node)((x >> 13) % n);
        double w = (double)((x >> 50) % 4) * 0.5;
        assert_int_equal(pr_edge_list_add(&el, a, b, w), PR_OK);
        if (a != b && w > 0) {
            ref[(size_t)a * n + b] += w;
        }
    }
    pr_graph *g = NULL;
    assert_int_equal(pr_graph_build(&g, &el, n, 0, NULL), PR_OK);
    uint64_t m = 0;
    for (size_t i = 0; i < (size_t)n * n; i++) {
        m += ref[i] > 0;
    }
    assert_int_equal(g->m, m);
    for (pr_node v = 0; v < n; v++) {
        for (uint64_t e = g->in_off[v]; e < g->in_off[v + 1]; e++) {
            assert_true(e == g->in_off[v] || g->in_src[e - 1] < g->in_src[e]);
            assert_float_equal(g->in_w[e], ref[(size_t)g->in_src[e] * n + v], 1e-9);
        }
    }
    free(ref);
    pr_edge_list_clear(&el);
    pr_graph_free(g);
}

static pr_graph *sample_graph(void)
{
    const pr_node e[][2] = {{0, 1}, {1, 2}, {2, 0}, {3, 0}, {0, 2}};
    const double w[] = {1, 2, 3, 4, 0.5};
    pr_graph *g = build(e, w, 5, 4, 0, NULL);
    const char *names[] = {"twitter:alice", "twitter:bob", "p\xc3\xa9rson", "edges:3"};
    assert_int_equal(pr_graph_set_names(g, names), PR_OK);
    return g;
}

static void assert_same_graph(const pr_graph *a, const pr_graph *b)
{
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->m, b->m);
    assert_memory_equal(a->in_off, b->in_off, (a->n + 1) * sizeof *a->in_off);
    assert_memory_equal(a->in_src, b->in_src, a->m * sizeof *a->in_src);
    assert_true((a->in_w == NULL) == (b->in_w == NULL));
    if (a->in_w) {
        assert_memory_equal(a->in_w, b->in_w, a->m * sizeof *a->in_w);
    }
    assert_memory_equal(a->out_w, b->out_w, a->n * sizeof *a->out_w);
    assert_true((a->name_data == NULL) == (b->name_data == NULL));
    for (pr_node v = 0; a->name_data && v < a->n; v++) {
        assert_string_equal(pr_graph_name(a, v), pr_graph_name(b, v));
    }
}

static const char *path_of(const char *name)
{
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    return p;
}

static void test_save_load(void **state)
{
    (void)state;
    pr_graph *g = sample_graph(), *h = NULL;
    pr_error err = PR_ERROR_INIT;
    char path[512];
    snprintf(path, sizeof path, "%s", path_of("g.bin"));
    assert_int_equal(pr_graph_save(g, path, &err), PR_OK);
    assert_int_equal(pr_graph_load(&h, path, &err), PR_OK);
    assert_non_null(h->mapping);
    assert_same_graph(g, h);
    pr_graph_free(h);

    /* Unweighted, nameless, empty. */
    const pr_node u[][2] = {{0, 1}, {1, 0}};
    pr_graph *plain = build(u, NULL, 2, 3, 0, NULL);
    assert_int_equal(pr_graph_save(plain, path, &err), PR_OK);
    assert_int_equal(pr_graph_load(&h, path, &err), PR_OK);
    assert_same_graph(plain, h);
    assert_null(h->name_data);
    pr_graph_free(h);
    pr_graph_free(plain);
    pr_graph *empty = build(u, NULL, 0, 0, 0, NULL); /* no edges, no nodes */
    assert_int_equal(pr_graph_save(empty, path, &err), PR_OK);
    assert_int_equal(pr_graph_load(&h, path, &err), PR_OK);
    assert_int_equal(h->n, 0);
    pr_graph_free(h);
    pr_graph_free(empty);
    pr_graph_free(g);
}

static long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    long s = ftell(f);
    fclose(f);
    return s;
}

static void poke(const char *path, long at, unsigned char x)
{
    FILE *f = fopen(path, "r+b");
    fseek(f, at, SEEK_SET);
    int c = fgetc(f);
    fseek(f, at, SEEK_SET);
    fputc(c ^ x, f);
    fclose(f);
}

static void test_load_refuses_damage(void **state)
{
    (void)state;
    pr_graph *g = sample_graph(), *h = NULL;
    pr_error err = PR_ERROR_INIT;
    char path[512];
    snprintf(path, sizeof path, "%s", path_of("d.bin"));
    assert_int_equal(pr_graph_save(g, path, &err), PR_OK);
    long size = file_size(path);
    struct {
        long at;
        int code;
    } cases[] = {{0, PR_EFORMAT},     /* magic */
                 {8, PR_EFORMAT},     /* version */
                 {16, PR_ECHECKSUM},  /* n: header checksum */
                 {130, PR_ECHECKSUM}, /* payload */
                 {size - 1, PR_ECHECKSUM}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(pr_graph_save(g, path, &err), PR_OK);
        poke(path, cases[i].at, 0x40);
        int rc = pr_graph_load(&h, path, &err);
        if (rc != cases[i].code) {
            fail_msg("byte %ld: rc %d (%s), want %d", cases[i].at, rc, err.message, cases[i].code);
        }
        assert_null(h);
        assert_string_equal(err.file, path);
    }
    assert_int_equal(pr_graph_save(g, path, &err), PR_OK);
    assert_int_equal(truncate(path, size - 8), 0);
    assert_int_equal(pr_graph_load(&h, path, &err), PR_EFORMAT);
    assert_int_equal(truncate(path, 10), 0);
    assert_int_equal(pr_graph_load(&h, path, &err), PR_EFORMAT);
    FILE *f = fopen(path, "wb");
    fputs("# not a graph, an edge list\n1 2\n", f);
    fclose(f);
    assert_int_equal(pr_graph_load(&h, path, &err), PR_EFORMAT);
    assert_int_equal(pr_graph_load(&h, path_of("missing.bin"), &err), PR_ENOTFOUND);
    pr_graph_free(g);
}

/* A loaded graph is ranked in its mapping: the engagement rules give it new weights apart (the
 * same as on the graph in memory), the file is not written (it loads again, checksum and all,
 * with the old weights), and freeing frees the new weights (the sanitizer build checks leaks). */
static void test_loaded_graph_reweighted(void **state)
{
    (void)state;
    pr_graph *g = sample_graph(), *h = NULL, *again = NULL;
    pr_error err = PR_ERROR_INIT;
    const char *path = path_of("rules.bin");
    assert_int_equal(pr_graph_save(g, path, &err), PR_OK);
    assert_int_equal(pr_graph_load(&h, path, &err), PR_OK);
    pr_engagement_rules rules = PR_ENGAGEMENT_RULES_INIT;
    rules.reciprocity_allowance = 0.1; /* 0 <-> 2 is mutual: its weight is discounted */
    double tg[4], th[4];
    assert_int_equal(pr_engagement_rules_apply(tg, NULL, g, &rules), PR_OK);
    assert_int_equal(pr_engagement_rules_apply(th, NULL, h, &rules), PR_OK);
    assert_non_null(h->mapping);
    assert_same_graph(g, h);
    assert_memory_equal(tg, th, sizeof tg);
    assert_int_equal(pr_graph_load(&again, path, &err), PR_OK);
    assert_true(memcmp(again->in_w, h->in_w, h->m * sizeof *h->in_w) != 0); /* file unchanged */
    assert_near(again->in_w[0], 3.0, 1e-6);                                 /* 2 -> 0 as saved */
    pr_graph_free(again);
    pr_graph_free(h);
    pr_graph_free(g);
}

/* Each refusal is one line naming the file and what failed: another version (an old file),
 * a file cut short, a damaged payload. */
static void test_load_messages(void **state)
{
    (void)state;
    pr_graph *g = sample_graph(), *h = NULL;
    pr_error err = PR_ERROR_INIT;
    const char *path = path_of("m.bin");
    struct {
        long at;
        const char *says;
    } cases[] = {{8, "graph file version 65; this peoplerank reads version 1: build it again"},
                 {-8, "truncated: "},
                 {200, "checksum mismatch (the file is damaged)"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(pr_graph_save(g, path, &err), PR_OK);
        if (cases[i].at < 0) {
            assert_int_equal(truncate(path, file_size(path) + cases[i].at), 0);
        } else {
            poke(path, cases[i].at, 0x40);
        }
        assert_int_not_equal(pr_graph_load(&h, path, &err), PR_OK);
        assert_null(h);
        assert_string_equal(err.file, path);
        assert_null(strchr(err.message, '\n'));
        if (strstr(err.message, cases[i].says) == NULL) {
            fail_msg("case %zu: '%s' does not say '%s'", i, err.message, cases[i].says);
        }
    }
    pr_graph_free(g);
    /* well checksummed, but node 1 holds the edge 0 -> 1 twice: not a graph pr_csr_build makes */
    uint64_t off[] = {0, 0, 2};
    pr_node src[] = {0, 0};
    double out_w[] = {2.0, 0.0};
    pr_graph twice = {.n = 2, .m = 2, .in_off = off, .in_src = src, .out_w = out_w};
    assert_int_equal(pr_graph_save(&twice, path, &err), PR_OK);
    assert_int_equal(pr_graph_load(&h, path, &err), PR_EFORMAT);
    assert_non_null(strstr(err.message, "inconsistent arrays"));
    src[1] = 1; /* 0 -> 1 and 1 -> 1: accepted */
    assert_int_equal(pr_graph_save(&twice, path, &err), PR_OK);
    assert_int_equal(pr_graph_load(&h, path, &err), PR_OK);
    pr_graph_free(h);
}

static void test_alloc_failures(void **state)
{
    (void)state;
    const pr_node e[][2] = {{0, 1}, {1, 2}, {2, 0}, {1, 0}};
    pr_edge_list el = PR_EDGE_LIST_INIT;
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(pr_edge_list_add(&el, e[i][0], e[i][1], 1.5), PR_OK);
    }
    for (long n = 0;; n++) {
        pr_graph *g = NULL;
        pr_alloc_fail_after(n);
        int rc = pr_graph_build(&g, &el, 3, 0, NULL);
        pr_alloc_fail_after(-1);
        pr_graph_free(g);
        if (rc == PR_OK) {
            break;
        }
        assert_int_equal(rc, PR_ENOMEM);
        assert_null(g);
    }
    pr_edge_list_clear(&el);
}

int main(void)
{
    const char *d = pr_test_tmpdir();
    if (d == NULL) {
        return 1;
    }
    snprintf(tmpdir, sizeof tmpdir, "%s", d);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_folds_and_sorts),
        cmocka_unit_test(test_build_random),
        cmocka_unit_test(test_save_load),
        cmocka_unit_test(test_load_refuses_damage),
        cmocka_unit_test(test_loaded_graph_reweighted),
        cmocka_unit_test(test_load_messages),
        cmocka_unit_test(test_alloc_failures),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) {
        fprintf(stderr, "could not remove %s\n", tmpdir);
    }
    return rc;
}
