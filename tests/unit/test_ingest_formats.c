/* The other input formats: edge lists, CSV, Klout reactions, Twitter v1.1 JSON, Bluesky
 * Jetstream. Hand-written inputs with hand-worked edges, their bad lines, and the real files in
 * ../shared/data checked against an independent reader (skipped when absent). */
#include "testutil.h"

#include "peoplerank/ingest.h"

#include <math.h>
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
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static pr_ingest_opts no_decay(void)
{
    pr_ingest_opts o = PR_INGEST_OPTS_INIT;
    o.half_life_days = 0;
    return o;
}

/* Ingests one input; returns the rc of add_file or finish. */
static int ingest(pr_graph **g, pr_ingest **ig, const pr_ingest_opts *o, const char *format,
                  const char *network, const char *path, const char *columns, pr_error *err)
{
    *g = NULL;
    assert_int_equal(pr_ingest_new(ig, o), PR_OK);
    int rc = columns ? pr_ingest_add_csv(*ig, network, path, columns, err)
                     : pr_ingest_add_file(*ig, format, network, path, err);
    if (rc == PR_OK) {
        rc = pr_ingest_finish(g, *ig, err);
    }
    return rc;
}

static void expect_names(const pr_graph *g, const char *const *names, pr_node n)
{
    assert_int_equal(g->n, n);
    for (pr_node v = 0; v < n; v++) {
        assert_string_equal(pr_graph_name(g, v), names[v]);
    }
}

/* The bad line of `text` must fail strictly at `line` with `expect` in the message. */
static void expect_bad(const char *format, const char *columns, const char *text, uint64_t line,
                       const char *expect)
{
    pr_graph *g;
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    const char *path = write_text("bad.txt", text);
    int rc = ingest(&g, &ig, NULL, format, NULL, path, columns, &err);
    if (rc != PR_EPARSE || err.line != line || strstr(err.message, expect) == NULL) {
        fail_msg("%s '%s': rc %d line %llu '%s', want line %llu '%s'", format, text, rc,
                 (unsigned long long)err.line, err.message, (unsigned long long)line, expect);
    }
    pr_ingest_free(ig);
}

/* ---- edge lists ---- */

static void test_edges(void **state)
{
    (void)state;
    const char *text = "# FromNodeId\tToNodeId\r\n"
                       "1 2\r\n"
                       "1\t2   2.5\r\n"
                       "  3   1  \r\n"
                       "2 2\r\n"
                       "a b 0.5\r\n";
    pr_graph *g;
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(ingest(&g, &ig, NULL, "edges", "wiki", write_text("e.txt", text), NULL, &err),
                     PR_OK);
    const char *names[] = {"wiki:1", "wiki:2", "wiki:3", "wiki:a", "wiki:b"};
    expect_names(g, names, 5);
    assert_float_equal(pr_test_edge_weight(g, 0, 1), 3.5, 0);
    assert_float_equal(pr_test_edge_weight(g, 2, 0), 1.0, 0);
    assert_float_equal(pr_test_edge_weight(g, 3, 4), 0.5, 0);
    assert_int_equal(g->m, 3);
    const pr_ingest_summary *s = pr_ingest_get_summary(ig);
    assert_int_equal(s->lines, 6);
    assert_int_equal(s->events_read, 5);
    assert_int_equal(s->self_interactions, 1);
    assert_int_equal(s->events_kept, 4);
    assert_int_equal(s->as_of, 0);
    pr_graph_free(g);
    pr_ingest_free(ig);

    /* Default network "edges"; a numeric handle is the same account in every format. */
    assert_int_equal(pr_ingest_new(&ig, NULL), PR_OK);
    assert_int_equal(pr_ingest_add_file(ig, "events", NULL,
                                        write_text("ev.tsv", "1700000000\tedges\t1\tlike\t3\n"),
                                        &err),
                     PR_OK);
    assert_int_equal(
        pr_ingest_add_file(ig, "edges", NULL, write_text("e2.txt", "1 2\n3 1\n"), &err), PR_OK);
    assert_int_equal(pr_ingest_finish(&g, ig, &err), PR_OK);
    const char *names2[] = {"edges:1", "edges:3", "edges:2"};
    expect_names(g, names2, 3);
    assert_float_equal(pr_test_edge_weight(g, 0, 1), 1.0, 0);
    assert_float_equal(pr_test_edge_weight(g, 1, 0), 1.0, 0);
    assert_float_equal(pr_test_edge_weight(g, 0, 2), 1.0, 0);
    assert_int_equal(pr_ingest_get_summary(ig)->as_of, 1700000000);
    pr_graph_free(g);
    pr_ingest_free(ig);
}

static void test_edges_bad(void **state)
{
    (void)state;
    expect_bad("edges", NULL, "1 2\n1 2 0\n", 2, "bad weight '0'");
    expect_bad("edges", NULL, "1 2\n1 2 -1\n", 2, "bad weight");
    expect_bad("edges", NULL, "1 2\n1 2 nan\n", 2, "bad weight");
    expect_bad("edges", NULL, "1 2\n1 2 NaN\n", 2, "bad weight");
    expect_bad("edges", NULL, "1 2\n1 2 inf\n", 2, "bad weight");
    expect_bad("edges", NULL, "1 2\n1 2 1e10\n", 2, "bad weight");
    expect_bad("edges", NULL, "1 2\n1 2 abc\n", 2, "bad weight");
    expect_bad("edges", NULL, "1 2\n1 2 3 4\n", 2, "extra fields");
    expect_bad("edges", NULL, "1 2\n1\n", 2, "missing fields");
    expect_bad("edges", NULL, "1 2\n\xfe 2\n", 2, "UTF-8");
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_ingest_new(&ig, NULL), PR_OK);
    assert_int_equal(pr_ingest_add_file(ig, "edges", "Bad Net", "/dev/null", &err), PR_EINVAL);
    assert_int_equal(pr_ingest_add_file(ig, "events", "x", "/dev/null", &err), PR_EINVAL);
    pr_ingest_free(ig);
}

/* ---- CSV ---- */

static void test_csv(void **state)
{
    (void)state;
    const char *text = "when,from,to,kind,n,note\r\n"
                       "1700000000,alice,bob,like,2,plain\r\n"
                       "1700000000,\"al\"\"ice\",\"bob, jr\",reply,1,\"multi\r\n"
                       "line, note\"\r\n"
                       "2023-11-14T22:13:20Z,bob,alice,retweet,3,\r\n";
    pr_ingest_opts o = no_decay();
    pr_graph *g;
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    int rc = ingest(&g, &ig, &o, "csv", "db", write_text("t.csv", text),
                    "time=when,actor=from,target=to,action=kind,count=n", &err);
    if (rc != PR_OK) {
        fail_msg("%s", err.message);
    }
    const char *names[] = {"db:alice", "db:bob", "db:al\"ice", "db:bob, jr"};
    expect_names(g, names, 4);
    assert_float_equal(pr_test_edge_weight(g, 0, 1), 2.0, 0);
    assert_float_equal(pr_test_edge_weight(g, 2, 3), 3.0, 0);
    assert_float_equal(pr_test_edge_weight(g, 1, 0), 12.0, 0);
    assert_int_equal(pr_ingest_get_summary(ig)->lines, 5);
    assert_int_equal(pr_ingest_get_summary(ig)->events_read, 3);
    pr_graph_free(g);
    pr_ingest_free(ig);

    /* No header, columns by number, default action, network from the input (default "csv"). */
    text = "6,2,4,1289241912\n6,5,2,1289241942\n";
    assert_int_equal(pr_ingest_new(&ig, &o), PR_OK);
    assert_int_equal(pr_ingest_set_csv_columns(ig, "header=no,actor=1,target=2,time=4,"
                                                   "default_action=mention"),
                     PR_OK);
    assert_int_equal(pr_ingest_add_file(ig, "csv", NULL, write_text("n.csv", text), &err), PR_OK);
    assert_int_equal(pr_ingest_finish(&g, ig, &err), PR_OK);
    const char *names2[] = {"csv:6", "csv:2", "csv:5"};
    expect_names(g, names2, 3);
    assert_float_equal(pr_test_edge_weight(g, 0, 2), 2.0, 0);
    pr_graph_free(g);
    pr_ingest_free(ig);
}

static void test_csv_bad(void **state)
{
    (void)state;
    const char *cols = "time=1,actor=2,target=3,action=4";
    expect_bad("csv", cols, "t,a,b,k\n1,a,b,like\n1,\"a\"x,b,like\n", 3, "malformed quoted");
    expect_bad("csv", cols, "t,a,b,k\n1,a,b\n", 2, "missing fields");
    expect_bad("csv", cols, "t,a,b,k\n1,a,b,poke\n", 2, "unknown action");
    expect_bad("csv", cols, "t,a,b,k\nx,a,b,like\n", 2, "bad timestamp");
    expect_bad("csv", cols, "t,a,b,k\n1,,b,like\n", 2, "empty or invalid");
    expect_bad("csv", cols, "t,a,b,k\n1,a,b,like\n1,\"a,b,like\n", 3, "not closed");
    expect_bad("csv", "time=t,actor=a,target=zz", "t,a,b\n1,a,b\n", 1, "no column 'zz'");
    expect_bad("csv", "time=1,actor=2,target=3,count=4", "t,a,b,c\n1,a,b,0\n", 2, "bad count");
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    const char *path = write_text("ok.csv", "1,a,b\n");
    assert_int_equal(pr_ingest_new(&ig, NULL), PR_OK);
    assert_int_equal(pr_ingest_add_file(ig, "csv", NULL, path, &err), PR_EINVAL); /* no columns */
    assert_int_equal(pr_ingest_add_csv(ig, NULL, path, "time=1,actor=2", &err), PR_EINVAL);
    assert_non_null(strstr(err.message, "target="));
    assert_int_equal(pr_ingest_add_csv(ig, NULL, path, "time=1,actor=2,target=3,colour=4", &err),
                     PR_EINVAL);
    assert_int_equal(pr_ingest_add_csv(ig, NULL, path, "header=no,time=t,actor=2,target=3", &err),
                     PR_EINVAL);
    pr_ingest_free(ig);
}

/* ---- Klout ---- */

static void test_klout(void **state)
{
    (void)state;
    const char *text = "#user_id_fingerprint\t#actor_id_fingerprint\t#post_id_fingerprint\t"
                       "#post_timestamp\t#action_timestamp\t#user_timezone\n"
                       "u1\ta1\tp1\t1413331199002\t1413331280999\tVenezuela Time\n"
                       "u1\ta2\tp1\t1413331199002\t1413331281000\tX\n"
                       "u2\ta1\tp2\t1\t1413331200500\t\n"
                       "u2\tu2\tp2\t1\t1413331200500\t\n";
    pr_ingest_opts o = no_decay();
    pr_graph *g;
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(ingest(&g, &ig, &o, "klout", "twitter", write_text("k.tsv", text), NULL, &err),
                     PR_OK);
    const char *names[] = {"twitter:u1", "twitter:a1", "twitter:a2", "twitter:u2"};
    expect_names(g, names, 4);
    assert_float_equal(pr_test_edge_weight(g, 1, 0), 1.0, 0);
    assert_float_equal(pr_test_edge_weight(g, 2, 0), 1.0, 0);
    assert_float_equal(pr_test_edge_weight(g, 1, 3), 1.0, 0);
    const pr_ingest_summary *s = pr_ingest_get_summary(ig);
    assert_int_equal(s->as_of, 1413331281); /* milliseconds truncated to seconds */
    assert_int_equal(s->oldest, 1413331200);
    assert_int_equal(s->self_interactions, 1);
    pr_graph_free(g);
    pr_ingest_free(ig);
    expect_bad("klout", NULL, "u\ta\tp\t1\t12x45\tz\n", 1, "bad action_timestamp");
    expect_bad("klout", NULL, "u\ta\tp\t1\n", 1, "missing fields");
    expect_bad("klout", NULL, "u\ta\tp\t1\t1000\tz\tq\n", 1, "extra fields");
}

/* The line-by-line reader (klout, csv, JSON formats): an over-long line and a NUL are bad lines
 * of their own, and reading goes on after them in --max-errors mode. */
static void test_line_reader_limits(void **state)
{
    (void)state;
    size_t big = 3u << 20;
    char *text = malloc(big + 200);
    assert_non_null(text);
    size_t at = (size_t)sprintf(text, "u\ta\tp\t1\t1413331200500\n");
    memset(text + at, 'x', big);
    at += big;
    static const char tail[] = "\nu\ta\tp\t1\t1413331200500\nu\tb\0\tp\t1\t1413331200500\n";
    memcpy(text + at, tail, sizeof tail - 1);
    at += sizeof tail - 1;
    char path[512];
    snprintf(path, sizeof path, "%s/long.tsv", tmpdir);
    FILE *f = fopen(path, "wb");
    assert_int_equal(fwrite(text, 1, at, f), at);
    fclose(f);
    free(text);
    pr_ingest_opts o = PR_INGEST_OPTS_INIT;
    o.max_errors = 5;
    pr_graph *g;
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(ingest(&g, &ig, &o, "klout", NULL, path, NULL, &err), PR_OK);
    const pr_ingest_summary *s = pr_ingest_get_summary(ig);
    assert_int_equal(s->lines, 4);
    assert_int_equal(s->events_read, 2);
    assert_int_equal(s->skipped[PR_SKIP_LONG_LINE], 1);
    assert_int_equal(s->skipped[PR_SKIP_NUL], 1);
    char want[600];
    snprintf(want, sizeof want, "%s:2: line longer than", path);
    assert_non_null(strstr(pr_ingest_error_message(ig, 0), want));
    snprintf(want, sizeof want, "%s:4: NUL byte", path);
    assert_non_null(strstr(pr_ingest_error_message(ig, 1), want));
    pr_graph_free(g);
    pr_ingest_free(ig);
    assert_int_equal(ingest(&g, &ig, NULL, "klout", NULL, path, NULL, &err), PR_EPARSE);
    assert_int_equal(err.line, 2);
    pr_ingest_free(ig);
}

/* ---- Twitter v1.1 ---- */

static void test_twitter(void **state)
{
    (void)state;
    const char *text =
        "{\"created_at\":\"Wed Oct 10 20:19:24 +0000 2018\",\"user\":{\"screen_name\":\"Alice\"},"
        "\"text\":\"RT @Bob: hi\",\"retweeted_status\":{\"user\":{\"screen_name\":\"Bob\"}},"
        "\"entities\":{\"user_mentions\":[{\"screen_name\":\"bob\"},{\"screen_name\":\"Carol\"}]}}"
        "\n"
        "{\"created_at\":\"Wed Oct 10 21:19:24 +0100 2018\",\"user\":{\"screen_name\":\"carol\","
        "\"id\":12345678901234567890},\"in_reply_to_screen_name\":\"alice\",\"entities\":"
        "{\"user_mentions\":[{\"screen_name\":\"alice\"}]},"
        "\"quoted_status\":{\"user\":{\"screen_name\":\"dave\"}}}\n"
        "{\"delete\":{\"status\":{\"id\":1}}}\n"
        "{\"created_at\":\"Wed Oct 10 20:19:24 +0000 2018\",\"user\":{\"screen_name\":\"erin\"},"
        "\"text\":\"just text\"}\n";
    pr_ingest_opts o = no_decay();
    pr_graph *g;
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    int rc = ingest(&g, &ig, &o, "twitter-json", NULL, write_text("t.json", text), NULL, &err);
    if (rc != PR_OK) {
        fail_msg("%s", err.message);
    }
    const char *names[] = {"twitter:alice", "twitter:bob", "twitter:carol", "twitter:dave"};
    expect_names(g, names, 4);
    assert_float_equal(pr_test_edge_weight(g, 0, 1), 4.0,
                       0); /* retweet; the RT mention is not counted */
    assert_float_equal(pr_test_edge_weight(g, 0, 2), 2.0, 0); /* mention */
    assert_float_equal(pr_test_edge_weight(g, 2, 3), 4.0, 0); /* quote */
    assert_float_equal(pr_test_edge_weight(g, 2, 0), 3.0, 0); /* reply (and its mention) */
    assert_int_equal(g->m, 4);
    const pr_ingest_summary *s = pr_ingest_get_summary(ig);
    assert_int_equal(s->as_of, 1539202764);
    assert_int_equal(s->oldest, 1539202764);
    assert_int_equal(s->ignored_records, 2);
    pr_graph_free(g);
    pr_ingest_free(ig);
    expect_bad("twitter-json", NULL, "not json\n", 1, "not a JSON object");
    expect_bad("twitter-json", NULL, "[1,2]\n", 1, "not a JSON object");
    expect_bad("twitter-json", NULL, "{\"a\":1} x\n", 1, "not a JSON object");
    expect_bad("twitter-json", NULL, "{\"user\":{}}\n", 1, "without user.screen_name");
    expect_bad("twitter-json", NULL,
               "{\"created_at\":\"Wed Oct 10 20:19:24 2018\",\"user\":{\"screen_name\":\"a\"}}\n",
               1, "bad created_at");
}

/* ---- Jetstream ---- */

#define JS(did, body) "{\"did\":\"" did "\",\"time_us\":1725911162329308," body "}\n"
#define CREATE(coll, rec)                                                                          \
    "\"kind\":\"commit\",\"commit\":{\"operation\":\"create\",\"collection\":\"" coll              \
    "\",\"record\":" rec "}"

static void test_jetstream(void **state)
{
    (void)state;
    const char *text = JS(
        "did:plc:a",
        CREATE("app.bsky.graph.follow",
               "{\"subject\":\"did:plc:b\"}")) JS("did:plc:a",
                                                  CREATE("app.bsky.feed.like",
                                                         "{\"subject\":{\"uri\":\"at://did:plc:c/"
                                                         "app.bsky.feed.post/3k\"}}"))
        JS("did:plc:b", CREATE("app.bsky.feed.repost",
                               "{\"subject\":{\"uri\":\"at://did:plc:a/app.bsky.feed.post/3j\"}}"))
            JS("did:plc:c",
               CREATE(
                   "app.bsky.feed.post",
                   "{\"text\":\"hi\",\"reply\":{\"parent\":{\"uri\":\"at://did:plc:a/app.bsky.feed."
                   "post/1\"}},\"facets\":[{\"features\":[{\"$type\":\"app.bsky.richtext.facet#"
                   "mention\",\"did\":\"did:plc:b\"}]}],\"embed\":{\"$type\":\"app.bsky.embed."
                   "record\",\"record\":{\"uri\":\"at://did:plc:d/app.bsky.feed.post/9\"}}}"))
                JS("did:plc:a", "\"kind\":\"commit\",\"commit\":{\"operation\":\"delete\","
                                "\"collection\":\"app.bsky.feed.like\",\"rkey\":\"x\"}")
                    JS("did:plc:a", "\"kind\":\"identity\",\"identity\":{}")
                        JS("did:plc:a", CREATE("app.bsky.actor.profile", "{}"))
                            JS("did:plc:e", CREATE("app.bsky.feed.post", "{\"text\":\"plain\"}"));
    pr_ingest_opts o = no_decay();
    pr_graph *g;
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    int rc = ingest(&g, &ig, &o, "jetstream", NULL, write_text("j.json", text), NULL, &err);
    if (rc != PR_OK) {
        fail_msg("%s", err.message);
    }
    const char *names[] = {"bluesky:did:plc:a", "bluesky:did:plc:b", "bluesky:did:plc:c",
                           "bluesky:did:plc:d"};
    expect_names(g, names, 4);
    assert_float_equal(pr_test_edge_weight(g, 0, 1), 0.25, 0);
    assert_float_equal(pr_test_edge_weight(g, 0, 2), 1.0, 0);
    assert_float_equal(pr_test_edge_weight(g, 1, 0), 4.0, 0);
    assert_float_equal(pr_test_edge_weight(g, 2, 3), 4.0, 0);
    assert_float_equal(pr_test_edge_weight(g, 2, 0), 3.0, 0);
    assert_float_equal(pr_test_edge_weight(g, 2, 1), 2.0, 0);
    assert_int_equal(g->m, 6);
    const pr_ingest_summary *s = pr_ingest_get_summary(ig);
    assert_int_equal(s->as_of, 1725911162);
    assert_int_equal(s->ignored_records, 4);
    pr_graph_free(g);
    pr_ingest_free(ig);
    expect_bad("jetstream", NULL, "{\"kind\":\"commit\"}\n", 1, "without did");
    expect_bad("jetstream", NULL, JS("did:plc:a", CREATE("app.bsky.graph.follow", "{}")), 1,
               "without a subject");
    expect_bad("jetstream", NULL, "{\"did\":\"x\",\"time_us\":-5,\"kind\":\"commit\"}\n", 1,
               "time_us");
}

/* ---- real files ---- */

/* Our graph of an edge list must hold exactly the reference edges (independent reader),
 * weights summed over repeats, self-loops dropped. */
static void check_real_edges(const char *file, int weight_column)
{
    const char *path = pr_test_shared_file(file);
    if (path == NULL) {
        skip();
    }
    pr_edge_list ref = PR_EDGE_LIST_INIT;
    pr_node ref_n = 0;
    assert_int_equal(pr_test_load_edges(&ref, &ref_n, path, weight_column), 0);
    pr_graph *g;
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(ingest(&g, &ig, NULL, "edges", "snap", path, NULL, &err), PR_OK);
    pr_node *node_of_id = malloc((size_t)ref_n * sizeof *node_of_id);
    for (pr_node i = 0; i < ref_n; i++) {
        node_of_id[i] = PR_NODE_NONE;
    }
    for (pr_node v = 0; v < g->n; v++) {
        unsigned long id = strtoul(pr_graph_name(g, v) + 5, NULL, 10);
        assert_true(id < ref_n);
        node_of_id[id] = v;
    }
    double ref_total = 0, our_total = 0;
    uint64_t self = 0;
    for (uint64_t i = 0; i < ref.count; i++) {
        if (ref.src[i] == ref.dst[i]) {
            self++;
            continue;
        }
        pr_node a = node_of_id[ref.src[i]], b = node_of_id[ref.dst[i]];
        assert_true(a != PR_NODE_NONE && b != PR_NODE_NONE);
        assert_true(pr_test_edge_weight(g, a, b) > 0);
        ref_total += ref.w[i];
    }
    for (uint64_t e = 0; e < g->m; e++) {
        our_total += pr_graph_in_weight(g, e);
    }
    assert_float_equal(our_total, ref_total, 1e-6 * ref_total);
    assert_int_equal(pr_ingest_get_summary(ig)->self_interactions, self);
    assert_int_equal(pr_ingest_get_summary(ig)->events_read, ref.count);
    free(node_of_id);
    pr_edge_list_clear(&ref);
    pr_graph_free(g);
    pr_ingest_free(ig);
}

static void test_real_wiki_vote(void **state)
{
    (void)state;
    check_real_edges("wiki-Vote.txt.zst", 0); /* CRLF, '#' header; SNAP: 7115 nodes */
}

static void test_real_higgs(void **state)
{
    (void)state;
    check_real_edges("higgs-reply_network.edgelist.zst", 3);
}

static void test_real_congress(void **state)
{
    (void)state;
    check_real_edges("congress.edgelist.zst", 3);
}

static void test_real_slashdot(void **state)
{
    (void)state;
    check_real_edges("soc-Slashdot0902.txt.zst", 0); /* 11 MB: many read blocks, self-loops */
}

static void test_real_email(void **state)
{
    (void)state;
    check_real_edges("email-Eu-core.txt.zst", 0);
}

static void test_real_klout(void **state)
{
    (void)state;
    const char *path = pr_test_shared_file("klout-reactions-twitter-sample.tsv");
    if (path == NULL) {
        skip();
    }
    size_t len;
    char *text = pr_test_read_file(path, &len);
    assert_non_null(text);
    /* Independent count: data lines, and the newest action_timestamp in seconds. */
    uint64_t rows = 0;
    long long newest = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#') {
            continue;
        }
        long long user, actor, post, pts, ats;
        assert_int_equal(
            sscanf(line, "%lld\t%lld\t%lld\t%lld\t%lld", &user, &actor, &post, &pts, &ats), 5);
        newest = ats / 1000 > newest ? ats / 1000 : newest;
        rows++;
    }
    free(text);
    pr_graph *g;
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(ingest(&g, &ig, NULL, "klout", "twitter", path, NULL, &err), PR_OK);
    const pr_ingest_summary *s = pr_ingest_get_summary(ig);
    assert_int_equal(s->events_read, rows);
    assert_int_equal(s->as_of, newest);
    assert_int_equal(s->events_kept + s->self_interactions + s->outside_window, rows);
    assert_true(g->n > 0);
    pr_graph_free(g);
    pr_ingest_free(ig);
}

static void test_real_bitcoin_csv(void **state)
{
    (void)state;
    const char *path = pr_test_shared_file("soc-sign-bitcoinotc.csv.zst");
    if (path == NULL) {
        skip();
    }
    size_t len;
    char *text = pr_test_read_file(path, &len);
    assert_non_null(text);
    /* Independent: rows, the as-of date by the documented rule (the newest time of the last day
     * holding at least a tenth of the median day's events; the data set starts in 2010), and
     * rows inside the 90-day window before it and after it. */
    long long *times = malloc(sizeof *times * 100000);
    uint64_t rows = 0;
    enum { DAYS = 20000 };
    static uint64_t per_day[DAYS], sorted[DAYS];
    static long long day_newest[DAYS];
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        long long a, b, r, t;
        assert_int_equal(sscanf(line, "%lld,%lld,%lld,%lld", &a, &b, &r, &t), 4);
        assert_true(t / 86400 < DAYS && a != b); /* no self-ratings: every row counts a day */
        times[rows++] = t;
        per_day[t / 86400]++;
        day_newest[t / 86400] = t > day_newest[t / 86400] ? t : day_newest[t / 86400];
    }
    size_t used = 0;
    for (size_t d = 0; d < DAYS; d++) {
        if (per_day[d] > 0) {
            size_t i = used++; /* insertion sort: a few thousand days */
            while (i > 0 && sorted[i - 1] > per_day[d]) {
                sorted[i] = sorted[i - 1];
                i--;
            }
            sorted[i] = per_day[d];
        }
    }
    size_t last = DAYS - 1;
    while (per_day[last] == 0 || (double)per_day[last] < 0.1 * (double)sorted[used / 2]) {
        last--;
    }
    long long newest = day_newest[last];
    uint64_t inside = 0, after = 0;
    for (uint64_t i = 0; i < rows; i++) {
        inside += times[i] >= newest - 90 * 86400 && times[i] <= newest;
        after += times[i] > newest;
    }
    free(times);
    free(text);
    pr_ingest *ig;
    pr_graph *g;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_ingest_new(&ig, NULL), PR_OK);
    assert_int_equal(
        pr_ingest_add_csv(ig, "bitcoin", path, "header=no,actor=1,target=2,time=4", &err), PR_OK);
    assert_int_equal(pr_ingest_finish(&g, ig, &err), PR_OK);
    const pr_ingest_summary *s = pr_ingest_get_summary(ig);
    assert_int_equal(s->events_read, rows);
    assert_int_equal(s->as_of, newest);
    assert_true(s->as_of_chosen);
    assert_int_equal(s->events_kept, inside);
    assert_int_equal(s->after_as_of, after);
    assert_true(after > 0); /* the rule left out the sparse last day(s) */
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
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_edges_bad),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_csv_bad),
        cmocka_unit_test(test_klout),
        cmocka_unit_test(test_line_reader_limits),
        cmocka_unit_test(test_twitter),
        cmocka_unit_test(test_jetstream),
        cmocka_unit_test(test_real_wiki_vote),
        cmocka_unit_test(test_real_higgs),
        cmocka_unit_test(test_real_congress),
        cmocka_unit_test(test_real_slashdot),
        cmocka_unit_test(test_real_email),
        cmocka_unit_test(test_real_klout),
        cmocka_unit_test(test_real_bitcoin_csv),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) {
        fprintf(stderr, "could not remove %s\n", tmpdir);
    }
    return rc;
}
