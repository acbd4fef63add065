/* Identity merging, per-network and follow-only graphs, the weights config file, the daily cap
 * and the selectivity factor, with hand-worked expectations. */
#include "testutil.h"

#include "peoplerank/ingest.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static char tmpdir[256];

static const char *write_text(const char *name, const char *text)
{
    static char path[4][512];
    static int slot;
    slot = (slot + 1) % 4;
    snprintf(path[slot], sizeof path[slot], "%s/%s", tmpdir, name);
    FILE *f = fopen(path[slot], "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path[slot];
}

static pr_ingest_opts plain_opts(void)
{
    pr_ingest_opts o = PR_INGEST_OPTS_INIT;
    o.half_life_days = 0;
    o.daily_cap = 0;
    o.selectivity_targets = 0;
    return o;
}

static const char events[] = "1700000000\ttwitter\tbob\tlike\talice\n"
                             "1700000000\tbluesky\tcarol.bsky.social\tlike\talice.bsky.social\n"
                             "1700000000\ttwitter\talice\tlike\tbob\n"
                             "1700000000\tbluesky\talice.bsky.social\treshare\tcarol.bsky.social\n"
                             "1700000000\ttwitter\talice\tfollow\tbob\n"
                             "1700000000\ttwitter\talice\tfollow\tbob\n"
                             "1700000000\ttwitter\tbob\tfollow\tdan\n";

static const char identities[] = "# person\tnetwork\thandle\n"
                                 "alice_p\ttwitter\talice\n"
                                 "alice_p\tbluesky\talice.bsky.social\n"
                                 "nobody\ttwitter\tnever_seen\n";

static pr_ingest *load(const pr_ingest_opts *o)
{
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_ingest_new(&ig, o), PR_OK);
    assert_int_equal(pr_ingest_load_identities(ig, write_text("id.tsv", identities), &err), PR_OK);
    assert_int_equal(pr_ingest_add_file(ig, "events", NULL, write_text("ev.tsv", events), &err),
                     PR_OK);
    return ig;
}

static void test_identity_merge(void **state)
{
    (void)state;
    pr_ingest_opts o = plain_opts();
    pr_ingest *ig = load(&o);
    pr_graph *g;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_ingest_finish(&g, ig, &err), PR_OK);
    assert_int_equal(g->n, 4);
    assert_string_equal(pr_graph_name(g, 0), "twitter:bob");
    assert_string_equal(pr_graph_name(g, 1), "alice_p");
    assert_string_equal(pr_graph_name(g, 2), "bluesky:carol.bsky.social");
    assert_string_equal(pr_graph_name(g, 3), "twitter:dan");
    assert_float_equal(pr_test_edge_weight(g, 0, 1), 1.0, 0);
    assert_float_equal(pr_test_edge_weight(g, 2, 1), 1.0, 0);
    assert_float_equal(pr_test_edge_weight(g, 1, 0), 1.5, 0); /* like + 2 follows */
    assert_float_equal(pr_test_edge_weight(g, 1, 2), 4.0, 0);
    /* Accounts in order of first appearance, each with its node. */
    assert_int_equal(pr_ingest_account_count(ig), 5);
    assert_string_equal(pr_ingest_account_name(ig, 3), "bluesky:alice.bsky.social");
    assert_int_equal(pr_ingest_account_node(ig, 3), 1);
    assert_int_equal(pr_ingest_account_node(ig, 1), 1);
    assert_int_equal(pr_ingest_account_node(ig, 0), 0);
    assert_null(pr_ingest_account_name(ig, 5));
    assert_int_equal(pr_ingest_network_count(ig), 2);
    assert_string_equal(pr_ingest_network_name(ig, 0), "bluesky");
    assert_string_equal(pr_ingest_network_name(ig, 1), "twitter");
    pr_graph_free(g);

    /* Per network: accounts stand alone, only that network's events. */
    assert_int_equal(pr_ingest_finish_network(&g, ig, "twitter", &err), PR_OK);
    assert_int_equal(g->n, 3);
    assert_string_equal(pr_graph_name(g, 1), "twitter:alice");
    assert_float_equal(pr_test_edge_weight(g, 1, 0), 1.5, 0);
    assert_float_equal(pr_test_edge_weight(g, 0, 2), 0.25, 0);
    pr_graph_free(g);
    assert_int_equal(pr_ingest_finish_network(&g, ig, "bluesky", &err), PR_OK);
    assert_int_equal(g->n, 2);
    assert_string_equal(pr_graph_name(g, 0), "bluesky:carol.bsky.social");
    assert_float_equal(pr_test_edge_weight(g, 1, 0), 4.0, 0);
    pr_graph_free(g);
    assert_int_equal(pr_ingest_finish_network(&g, ig, "nosuch", &err), PR_OK);
    assert_int_equal(g->n, 0);
    pr_graph_free(g);
    assert_int_equal(pr_ingest_finish_network(&g, ig, "Bad!", &err), PR_EINVAL);

    /* Follow-only: unweighted, one edge per pair, persons merged. */
    assert_int_equal(pr_ingest_finish_follows(&g, ig, &err), PR_OK);
    assert_int_equal(g->n, 3);
    assert_string_equal(pr_graph_name(g, 0), "twitter:bob");
    assert_string_equal(pr_graph_name(g, 1), "alice_p");
    assert_string_equal(pr_graph_name(g, 2), "twitter:dan");
    assert_null(g->in_w);
    assert_int_equal(g->m, 2);
    assert_float_equal(g->out_w[1], 1.0, 0);
    /* The main summary is the one of pr_ingest_finish. */
    assert_int_equal(pr_ingest_get_summary(ig)->accounts, 4);
    pr_graph_free(g);
    pr_ingest_free(ig);
}

static void expect_identity_error(const char *text, uint64_t line, const char *expect)
{
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_ingest_new(&ig, NULL), PR_OK);
    int rc = pr_ingest_load_identities(ig, write_text("bad-id.tsv", text), &err);
    if (rc != PR_EPARSE || err.line != line || strstr(err.message, expect) == NULL) {
        fail_msg("'%s': rc %d line %llu '%s'", text, rc, (unsigned long long)err.line, err.message);
    }
    pr_ingest_free(ig);
}

static void test_identity_errors(void **state)
{
    (void)state;
    expect_identity_error("p\ttwitter\ta\np\ttwitter\ta\n", 2, "duplicate mapping for twitter:a");
    expect_identity_error("p\ttwitter\ta\nq\ttwitter\ta\n", 2, "conflicting mapping");
    expect_identity_error("p\ttwitter\n", 1, "expected 3");
    expect_identity_error("p\ttwitter\ta\tb\n", 1, "expected 3");
    expect_identity_error("a:b\ttwitter\ta\n", 1, "bad person id");
    expect_identity_error("\ttwitter\ta\n", 1, "bad person id");
    expect_identity_error("p\tTwitter\ta\n", 1, "bad network");
    expect_identity_error("p\ttwitter\t\xff\n", 1, "invalid handle");
}

static void test_daily_cap_and_selectivity(void **state)
{
    (void)state;
    /* day 0 = 1700006400 / 86400 = 19676 (a UTC midnight) */
    const char *text = "1700006400\tn\ta\tlike\tb\t30\n" /* 30 in one day: capped to 20 */
                       "1700006400\tn\tc\tlike\tb\t15\n" /* c: 15 + 15 over two days */
                       "1700092800\tn\tc\tlike\tb\t15\n"
                       "1700092800\tn\td\tlike\tw\n" /* d acts on 4 accounts a day */
                       "1700092800\tn\td\tlike\tx\n"
                       "1700092800\tn\td\treply\ty\n"
                       "1700092801\tn\td\tlike\tz\t2\n"
                       "1700092800\tn\tw\tlike\tx\n"; /* w: one target, unscaled */
    pr_ingest_opts o = plain_opts();
    o.daily_cap = 20;
    o.selectivity_targets = 2;
    pr_ingest *ig;
    pr_graph *g;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_ingest_new(&ig, &o), PR_OK);
    assert_int_equal(pr_ingest_add_file(ig, "events", NULL, write_text("cap.tsv", text), &err),
                     PR_OK);
    assert_int_equal(pr_ingest_finish(&g, ig, &err), PR_OK);
    /* nodes: a0 b1 c2 d3 w4 x5 y6 z7 */
    assert_string_equal(pr_graph_name(g, 7), "n:z");
    assert_float_equal(pr_test_edge_weight(g, 0, 1), 20.0, 1e-6);
    assert_float_equal(pr_test_edge_weight(g, 2, 1), 30.0, 1e-6);
    assert_float_equal(pr_test_edge_weight(g, 3, 4), 0.5, 1e-6);
    assert_float_equal(pr_test_edge_weight(g, 3, 6), 1.5, 1e-6); /* reply 3 x 2/4 */
    assert_float_equal(pr_test_edge_weight(g, 3, 7), 1.0, 1e-6);
    assert_float_equal(pr_test_edge_weight(g, 4, 5), 1.0, 1e-6);
    pr_graph_free(g);
    pr_ingest_free(ig);
}

static void test_config(void **state)
{
    (void)state;
    pr_ingest_opts o = PR_INGEST_OPTS_INIT;
    pr_error err = PR_ERROR_INIT;
    const char *text = "# my weights\n"
                       "window_days = 30\n"
                       "  weight.like=2.5   # inline comment\r\n"
                       "\n"
                       "daily_cap = 0\n";
    assert_int_equal(pr_ingest_opts_load(&o, write_text("w.conf", text), &err), PR_OK);
    assert_float_equal(o.window_days, 30, 0);
    assert_float_equal(o.action_weight[PR_ACTION_LIKE], 2.5, 0);
    assert_float_equal(o.daily_cap, 0, 0);
    assert_float_equal(o.half_life_days, 30, 0); /* untouched */
    assert_float_equal(o.selectivity_targets, 100, 0);

    pr_ingest_opts before = o;
    assert_int_equal(
        pr_ingest_opts_load(&o, write_text("b.conf", "window_days = 3\ncolour = 1\n"), &err),
        PR_EPARSE);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "unknown key 'colour'"));
    assert_memory_equal(&o, &before, sizeof o);
    assert_int_equal(pr_ingest_opts_load(&o, write_text("b.conf", "weight.like = -1\n"), &err),
                     PR_EPARSE);
    assert_int_equal(pr_ingest_opts_load(&o, write_text("b.conf", "weight.like = nan\n"), &err),
                     PR_EPARSE);
    assert_int_equal(pr_ingest_opts_load(&o, write_text("b.conf", "window_days = 0\n"), &err),
                     PR_EPARSE);
    assert_int_equal(pr_ingest_opts_load(&o, write_text("b.conf", "window_days\n"), &err),
                     PR_EPARSE);

    /* The printed defaults read back as the defaults. */
    char path[600];
    snprintf(path, sizeof path, "%s/defaults.conf", tmpdir);
    FILE *f = fopen(path, "w");
    pr_ingest_opts_print(f, NULL);
    fclose(f);
    pr_ingest_opts def = PR_INGEST_OPTS_INIT, round = PR_INGEST_OPTS_INIT;
    round.window_days = 1, round.action_weight[PR_ACTION_REPLY] = 9, round.daily_cap = 7;
    assert_int_equal(pr_ingest_opts_load(&round, path, &err), PR_OK);
    assert_memory_equal(&round, &def, sizeof def);
}

/* The csv column spec may be set after the identity map is loaded: it replaces the spec and
 * nothing else (it used to free the identity map without forgetting it: a double free at
 * pr_ingest_free, and the map lost). */
static void test_columns_after_identities(void **state)
{
    (void)state;
    pr_ingest_opts o = plain_opts();
    pr_ingest *ig = NULL;
    pr_graph *g = NULL;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_ingest_new(&ig, &o), PR_OK);
    assert_int_equal(pr_ingest_load_identities(ig, write_text("id.tsv", identities), &err), PR_OK);
    assert_int_equal(pr_ingest_set_csv_columns(ig, "time=ts,network=net,actor=from,target=to"),
                     PR_OK);
    const char *csv = write_text("ev.csv", "ts,net,from,to\n"
                                           "1700000000,twitter,bob,alice\n"
                                           "1700000000,bluesky,carol.bsky.social,"
                                           "alice.bsky.social\n");
    assert_int_equal(pr_ingest_add_file(ig, "csv", NULL, csv, &err), PR_OK);
    assert_int_equal(pr_ingest_finish(&g, ig, &err), PR_OK);
    /* both likes reach the one person alice_p */
    assert_int_equal(g->n, 3);
    assert_string_equal(pr_graph_name(g, 1), "alice_p");
    assert_float_equal(pr_test_edge_weight(g, 0, 1), 1.0, 0);
    assert_float_equal(pr_test_edge_weight(g, 2, 1), 1.0, 0);
    pr_graph_free(g);
    pr_ingest_free(ig);
}

int main(void)
{
    const char *d = pr_test_tmpdir();
    if (d == NULL) {
        return 1;
    }
    snprintf(tmpdir, sizeof tmpdir, "%s", d);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identity_merge),
        cmocka_unit_test(test_identity_errors),
        cmocka_unit_test(test_daily_cap_and_selectivity),
        cmocka_unit_test(test_config),
        cmocka_unit_test(test_columns_after_identities),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) {
        fprintf(stderr, "could not remove %s\n", tmpdir);
    }
    return rc;
}
