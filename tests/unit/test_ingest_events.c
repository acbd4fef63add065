/* Event format v1: hand-written files with hand-computed edges and weights, window and decay,
 * every kind of bad line (strict and --max-errors), compressed and standard input. */
#include "testutil.h"

#include "peoplerank/ingest.h"

#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cmocka.h>

#ifdef _OPENMP
#include <omp.h>
#endif

static char tmpdir[256];

static const char *write_file(const char *name, const void *data, size_t len)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

static const char *write_text(const char *name, const char *text)
{
    return write_file(name, text, strlen(text));
}

/* Runs one events file through an ingest; returns the rc of add_file (finish only on success). */
static int ingest_one(pr_graph **g, pr_ingest **ig, const pr_ingest_opts *o, const char *path,
                      pr_error *err)
{
    *g = NULL;
    assert_int_equal(pr_ingest_new(ig, o), PR_OK);
    int rc = pr_ingest_add_file(*ig, "events", NULL, path, err);
    if (rc == PR_OK) {
        rc = pr_ingest_finish(g, *ig, err);
    }
    return rc;
}

static const char basic[] = "# a comment line\n"
                            "1700000000\ttwitter\talice\tlike\tbob\n"
                            "1700000000\ttwitter\talice\treply\tbob\t2\n"
                            "\n"
                            "1700086400\ttwitter\tcarol\treshare\tbob\n"
                            "1700086400\ttwitter\tbob\tfollow\talice\n"
                            "1700086400\ttwitter\tdave\tlike\tdave\n";

static void test_basic_weights(void **state)
{
    (void)state;
    pr_graph *g;
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(ingest_one(&g, &ig, NULL, write_text("basic.tsv", basic), &err), PR_OK);
    const pr_ingest_summary *s = pr_ingest_get_summary(ig);
    assert_int_equal(s->lines, 7);
    assert_int_equal(s->events_read, 5);
    assert_int_equal(s->self_interactions, 1);
    assert_int_equal(s->events_kept, 4);
    assert_int_equal(s->as_of, 1700086400);
    assert_int_equal(s->accounts, 3); /* dave only talked to himself */
    assert_int_equal(s->edges, 3);
    assert_int_equal(g->n, 3);
    assert_string_equal(pr_graph_name(g, 0), "twitter:alice");
    assert_string_equal(pr_graph_name(g, 1), "twitter:bob");
    assert_string_equal(pr_graph_name(g, 2), "twitter:carol");
    /* alice->bob: (like 1 x 1 + reply 3 x 2), one day old, half-life 30 days. */
    assert_float_equal(pr_test_edge_weight(g, 0, 1), 7.0 * pow(0.5, 1.0 / 30.0), 1e-5);
    assert_float_equal(pr_test_edge_weight(g, 2, 1), 4.0, 0);
    assert_float_equal(pr_test_edge_weight(g, 1, 0), 0.25, 0);
    assert_float_equal(pr_test_edge_weight(g, 0, 2), -1.0, 0);
    assert_float_equal(g->out_w[0], (double)(float)(7.0 * pow(0.5, 1.0 / 30.0)), 1e-9);
    pr_graph_free(g);
    pr_ingest_free(ig);
}

static void test_crlf_iso_aliases(void **state)
{
    (void)state;
    const char *text = "2026-11-24T21:05:00Z\tbluesky\tx.bsky.social\tretweet\ty\r\n"
                       "1795554300\tbluesky\tx.bsky.social\tshare\ty\t3\r\n"
                       "2026-11-24T21:05:00.250Z\tbluesky\ty\tcomment\t\xc3\xa9l\xc3\xa8ve\r\n";
    pr_ingest_opts o = PR_INGEST_OPTS_INIT;
    o.half_life_days = 0;
    pr_graph *g;
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(ingest_one(&g, &ig, &o, write_text("crlf.tsv", text), &err), PR_OK);
    assert_int_equal(pr_ingest_get_summary(ig)->as_of, 1795554300);
    assert_int_equal(g->n, 3);
    assert_string_equal(pr_graph_name(g, 2), "bluesky:\xc3\xa9l\xc3\xa8ve");
    assert_float_equal(pr_test_edge_weight(g, 0, 1), 16.0, 0); /* reshare 4 x (1 + 3) */
    assert_float_equal(pr_test_edge_weight(g, 1, 2), 3.0, 0);
    pr_graph_free(g);
    pr_ingest_free(ig);
}

static void test_window_and_as_of(void **state)
{
    (void)state;
    /* as-of 1000 days after epoch; window 90 days; half-life 0 (no decay). */
    const char *text = "86400000\tn\ta\tlike\tb\n"     /* exactly as-of: kept */
                       "86400001\tn\ta\tlike\tc\n"     /* after as-of */
                       "78624000\tn\ta\tlike\td\n"     /* exactly 90 days before: kept */
                       "78623999\tn\ta\tlike\te\n"     /* one second too old */
                       "82512000\tn\tb\tmention\ta\n"; /* 45 days old */
    pr_ingest_opts o = PR_INGEST_OPTS_INIT;
    o.as_of = 86400000;
    o.half_life_days = 0;
    pr_graph *g;
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(ingest_one(&g, &ig, &o, write_text("window.tsv", text), &err), PR_OK);
    const pr_ingest_summary *s = pr_ingest_get_summary(ig);
    assert_int_equal(s->after_as_of, 1);
    assert_int_equal(s->outside_window, 1);
    assert_int_equal(s->events_kept, 3);
    assert_int_equal(s->newest, 86400001);
    assert_int_equal(s->oldest, 78623999);
    assert_int_equal(g->n, 3); /* n:a, n:b, n:d */
    assert_string_equal(pr_graph_name(g, 2), "n:d");
    assert_float_equal(pr_test_edge_weight(g, 1, 0), 2.0, 0);
    pr_graph_free(g);
    pr_ingest_free(ig);

    /* Decay: 45 days with half-life 45 halves the weight; 90 days quarters it. */
    o.half_life_days = 45;
    assert_int_equal(ingest_one(&g, &ig, &o, write_text("window.tsv", text), &err), PR_OK);
    assert_float_equal(pr_test_edge_weight(g, 1, 0), 1.0, 1e-7);
    assert_float_equal(pr_test_edge_weight(g, 0, 2), 0.25, 1e-7);
    assert_float_equal(pr_test_edge_weight(g, 0, 1), 1.0, 0);
    pr_graph_free(g);
    pr_ingest_free(ig);
}

static void test_timestamps(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int64_t v; /* -1: must be rejected */
    } cases[] = {
        {"0", 0},
        {"1700000000", 1700000000},
        {"253402300799", 253402300799},
        {"253402300800", -1},
        {"1970-01-01T00:00:00Z", 0},
        {"2000-02-29T12:00:00Z", 951825600},
        {"2024-12-31T23:59:59Z", 1735689599},
        {"9999-12-31T23:59:59Z", 253402300799},
        {"2026-11-24T21:05:00.5Z", 1795554300},
        {"1969-12-31T23:59:59Z", -1},
        {"-1", -1},
        {"+5", -1},
        {"12.5", -1},
        {"", -1},
        {"2023-02-29T00:00:00Z", -1},
        {"2026-13-01T00:00:00Z", -1},
        {"2026-11-24T24:00:00Z", -1},
        {"2026-11-24T21:05:60Z", -1},
        {"2026-11-24T21:05:00", -1},
        {"2026-11-24T21:05:00+01:00", -1},
        {"2026-11-24 21:05:00Z", -1},
        {"2026-11-24T21:05:00.Z", -1},
        {"NaN", -1},
        {"99999999999999999999999", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t v = -42;
        int rc = pr_parse_timestamp(&v, cases[i].s, strlen(cases[i].s));
        if (cases[i].v < 0) {
            if (rc != PR_EPARSE) {
                fail_msg("accepted '%s'", cases[i].s);
            }
        } else {
            if (rc != PR_OK || v != cases[i].v) {
                fail_msg("'%s' -> rc %d value %lld", cases[i].s, rc, (long long)v);
            }
        }
    }
}

static void test_actions(void **state)
{
    (void)state;
    pr_action a;
    const char *names[] = {"follow", "like", "mention", "reply", "comment", "reshare"};
    for (int i = 0; i < PR_ACTION_COUNT; i++) {
        assert_int_equal(pr_action_parse(&a, names[i], strlen(names[i])), PR_OK);
        assert_int_equal(a, i);
        assert_string_equal(pr_action_name(a), names[i]);
    }
    assert_int_equal(pr_action_parse(&a, "retweet", 7), PR_OK);
    assert_int_equal(a, PR_ACTION_RESHARE);
    assert_int_equal(pr_action_parse(&a, "share", 5), PR_OK);
    assert_int_equal(a, PR_ACTION_RESHARE);
    assert_int_equal(pr_action_parse(&a, "Like", 4), PR_EPARSE);
    assert_int_equal(pr_action_parse(&a, "likes", 5), PR_EPARSE);
    assert_int_equal(pr_action_parse(&a, "lik", 3), PR_EPARSE);
}

/* Each bad line sits on line 3 after two good lines, and must fail with that line number and a
 * message containing the expected words. */
static void test_bad_lines_strict(void **state)
{
    (void)state;
    static const struct {
        const char *line;
        size_t len; /* 0: strlen */
        const char *expect;
    } cases[] = {
        {"1700000000\ttwitter\ta\tlike\n", 0, "missing fields"},
        {"1700000000\n", 0, "missing fields"},
        {"1700000000\ttwitter\ta\tlike\tb\t1\textra\n", 0, "extra fields"},
        {"yesterday\ttwitter\ta\tlike\tb\n", 0, "bad timestamp"},
        {"-86400\ttwitter\ta\tlike\tb\n", 0, "bad timestamp"},
        {"1969-12-31T00:00:00Z\ttwitter\ta\tlike\tb\n", 0, "bad timestamp"},
        {"99999999999999\ttwitter\ta\tlike\tb\n", 0, "bad timestamp"},
        {"1700000000\tTwitter\ta\tlike\tb\n", 0, "bad network"},
        {"1700000000\t\ta\tlike\tb\n", 0, "bad network"},
        {"1700000000\tthis-network-name-is-far-too-long-x\ta\tlike\tb\n", 0, "bad network"},
        {"1700000000\ttwitter\t\tlike\tb\n", 0, "empty actor"},
        {"1700000000\ttwitter\ta\tlike\t\n", 0, "empty target"},
        {"1700000000\ttwitter\ta\xff\tlike\tb\n", 0, "actor handle is not valid UTF-8"},
        {"1700000000\ttwitter\ta\tlike\t\xc0\xaf\n", 0, "target handle is not valid UTF-8"},
        {"1700000000\ttwitter\ta\tpoke\tb\n", 0, "unknown action 'poke'"},
        {"1700000000\ttwitter\ta\tlike\tb\t0\n", 0, "bad count '0'"},
        {"1700000000\ttwitter\ta\tlike\tb\t-3\n", 0, "bad count"},
        {"1700000000\ttwitter\ta\tlike\tb\tNaN\n", 0, "bad count"},
        {"1700000000\ttwitter\ta\tlike\tb\t1.5\n", 0, "bad count"},
        {"1700000000\ttwitter\ta\tlike\tb\t1000001\n", 0, "bad count"},
        {"1700000000\ttwitter\ta\tlike\tb\t99999999999999999999\n", 0, "bad count"},
        {"1700000000\ttwitter\ta\tlike\tb\t\n", 0, "bad count"},
        {"1700000000\ttwitter\ta\0b\tlike\tb\n", 30, "NUL byte"},
        {"\x7f"
         "ELF\x02\x01\x01\0\0\0",
         10, "NUL byte"},
    };
    const char *good = "1700000000\ttwitter\tx\tlike\ty\n# comment\n";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].line);
        char buf[256];
        size_t glen = strlen(good);
        memcpy(buf, good, glen);
        memcpy(buf + glen, cases[i].line, len);
        const char *path = write_file("bad.tsv", buf, glen + len);
        pr_graph *g;
        pr_ingest *ig;
        pr_error err = PR_ERROR_INIT;
        int rc = ingest_one(&g, &ig, NULL, path, &err);
        char msg[1200];
        pr_error_format(msg, sizeof msg, &err);
        if (rc != PR_EPARSE || err.line != 3 || strstr(err.message, cases[i].expect) == NULL ||
            strcmp(err.file, path) != 0) {
            fail_msg("case %zu: rc %d, got '%s', want line 3 '%s'", i, rc, msg, cases[i].expect);
        }
        assert_null(g);
        pr_ingest_free(ig);
    }
}

static void test_long_line(void **state)
{
    (void)state;
    size_t big = 10u << 20; /* a 10 MB line between two good lines */
    char *buf = malloc(big + 200);
    assert_non_null(buf);
    size_t at = (size_t)sprintf(buf, "1700000000\ttwitter\ta\tlike\tb\n1700000000\ttwitter\ta\t");
    memset(buf + at, 'x', big);
    at += big;
    at += (size_t)sprintf(buf + at, "\tlike\tb\n1700000000\ttwitter\tb\tlike\tc\n");
    const char *path = write_file("long.tsv", buf, at);
    free(buf);
    pr_graph *g;
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(ingest_one(&g, &ig, NULL, path, &err), PR_EPARSE);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "line longer than"));
    pr_ingest_free(ig);

    /* Skip mode: the long line is skipped as one line and the next one is read. */
    pr_ingest_opts o = PR_INGEST_OPTS_INIT;
    o.max_errors = 1;
    assert_int_equal(ingest_one(&g, &ig, &o, path, &err), PR_OK);
    const pr_ingest_summary *s = pr_ingest_get_summary(ig);
    assert_int_equal(s->lines, 3);
    assert_int_equal(s->skipped[PR_SKIP_LONG_LINE], 1);
    assert_int_equal(s->events_kept, 2);
    pr_graph_free(g);
    pr_ingest_free(ig);
}

static void test_max_errors(void **state)
{
    (void)state;
    const char *text = "1700000000\tt\ta\tlike\tb\n"
                       "1700000000\tt\ta\tpoke\tb\n"
                       "1700000000\tt\ta\tlike\n"
                       "1700000000\tt\ta\tlike\tb\t0\n"
                       "1700000000\tt\tb\tlike\ta\t2\n"
                       "nope\tt\tb\tlike\ta\n";
    const char *path = write_text("some-bad.tsv", text);
    pr_ingest_opts o = PR_INGEST_OPTS_INIT;
    o.max_errors = 4;
    pr_graph *g;
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(ingest_one(&g, &ig, &o, path, &err), PR_OK);
    const pr_ingest_summary *s = pr_ingest_get_summary(ig);
    assert_int_equal(s->skipped_lines, 4);
    assert_int_equal(s->skipped[PR_SKIP_ACTION], 1);
    assert_int_equal(s->skipped[PR_SKIP_FIELDS], 1);
    assert_int_equal(s->skipped[PR_SKIP_COUNT], 1);
    assert_int_equal(s->skipped[PR_SKIP_TIMESTAMP], 1);
    assert_int_equal(s->events_kept, 2);
    assert_int_equal(pr_ingest_error_count(ig), 4);
    char want[600];
    snprintf(want, sizeof want, "%s:2: unknown action 'poke'", path);
    assert_non_null(strstr(pr_ingest_error_message(ig, 0), want));
    snprintf(want, sizeof want, "%s:6: bad timestamp", path);
    assert_non_null(strstr(pr_ingest_error_message(ig, 3), want));
    assert_null(pr_ingest_error_message(ig, 4));
    assert_string_equal(pr_skip_reason_name(PR_SKIP_ACTION), "action");
    assert_float_equal(pr_test_edge_weight(g, 1, 0), 2.0, 1e-12);
    pr_graph_free(g);
    pr_ingest_free(ig);

    o.max_errors = 3; /* the fourth bad line (line 6) is one too many */
    assert_int_equal(ingest_one(&g, &ig, &o, path, &err), PR_EPARSE);
    assert_int_equal(err.line, 6);
    assert_non_null(strstr(err.message, "too many bad lines"));
    pr_ingest_free(ig);
}

static void test_empty_and_edge_files(void **state)
{
    (void)state;
    pr_graph *g;
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(ingest_one(&g, &ig, NULL, write_text("empty.tsv", ""), &err), PR_OK);
    assert_int_equal(g->n, 0);
    assert_int_equal(g->m, 0);
    assert_int_equal(pr_ingest_get_summary(ig)->lines, 0);
    pr_graph_free(g);
    pr_ingest_free(ig);

    /* Comments, blanks, whitespace-only lines; a last line without newline is still read. */
    const char *text = "#\n\n   \n\t\n1700000000\tt\ta\tlike\tb";
    assert_int_equal(ingest_one(&g, &ig, NULL, write_text("nonl.tsv", text), &err), PR_OK);
    assert_int_equal(pr_ingest_get_summary(ig)->lines, 5);
    assert_int_equal(g->m, 1);
    pr_graph_free(g);
    pr_ingest_free(ig);

    /* A last line truncated inside a field is an error on that line. */
    text = "1700000000\tt\ta\tlike\tb\n17000";
    assert_int_equal(ingest_one(&g, &ig, NULL, write_text("trunc.tsv", text), &err), PR_EPARSE);
    assert_int_equal(err.line, 2);
    pr_ingest_free(ig);

    assert_int_equal(pr_ingest_new(&ig, NULL), PR_OK);
    assert_int_equal(pr_ingest_add_file(ig, "events", NULL, "/nonexistent/x.tsv", &err),
                     PR_ENOTFOUND);
    assert_string_equal(err.file, "/nonexistent/x.tsv");
    assert_int_equal(pr_ingest_add_file(ig, "bogus", NULL, "/dev/null", &err), PR_EINVAL);
    pr_ingest_free(ig);
}

static void test_determinism_across_files(void **state)
{
    (void)state;
    /* Node ids follow first appearance over the files in the order they are added. */
    char p1[512], p2[512];
    snprintf(p1, sizeof p1, "%s", write_text("f1.tsv", "1700000000\tt\tzed\tlike\tyan\n"));
    snprintf(
        p2, sizeof p2, "%s",
        write_text("f2.tsv", "1700000000\tt\tamy\tlike\tzed\n1700000000\tu\tzed\tlike\tamy\n"));
    pr_ingest *ig;
    pr_graph *g;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_ingest_new(&ig, NULL), PR_OK);
    assert_int_equal(pr_ingest_add_file(ig, "events", NULL, p1, &err), PR_OK);
    assert_int_equal(pr_ingest_add_file(ig, "events", NULL, p2, &err), PR_OK);
    assert_int_equal(pr_ingest_finish(&g, ig, &err), PR_OK);
    const char *want[] = {"t:zed", "t:yan", "t:amy", "u:zed", "u:amy"};
    assert_int_equal(g->n, 5);
    for (pr_node v = 0; v < 5; v++) {
        assert_string_equal(pr_graph_name(g, v), want[v]);
    }
    assert_int_equal(pr_ingest_get_summary(ig)->files, 2);
    pr_graph_free(g);
    pr_ingest_free(ig);
}

static const char *write_zstd(const char *name, const char *text, size_t *clen)
{
    size_t cap = ZSTD_compressBound(strlen(text));
    char *c = malloc(cap);
    size_t n = ZSTD_compress(c, cap, text, strlen(text), 3);
    assert_false(ZSTD_isError(n));
    const char *p = write_file(name, c, n);
    free(c);
    *clen = n;
    return p;
}

static const char *write_gzip(const char *name, const char *text, int members)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    unlink(path);
    size_t len = strlen(text), part = len / (size_t)members;
    for (int i = 0; i < members; i++) {
        gzFile gz = gzopen(path, "ab"); /* appending makes a multi-member gzip file */
        assert_non_null(gz);
        size_t from = part * (size_t)i, to = i == members - 1 ? len : from + part;
        assert_int_equal(gzwrite(gz, text + from, (unsigned)(to - from)), (int)(to - from));
        gzclose(gz);
    }
    return path;
}

static void check_basic_graph(const char *path)
{
    pr_graph *g;
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    int rc = ingest_one(&g, &ig, NULL, path, &err);
    if (rc != PR_OK) {
        fail_msg("%s: %s", path, err.message);
    }
    assert_int_equal(g->n, 3);
    assert_int_equal(g->m, 3);
    assert_float_equal(pr_test_edge_weight(g, 2, 1), 4.0, 0);
    assert_int_equal(pr_ingest_get_summary(ig)->lines, 7);
    pr_graph_free(g);
    pr_ingest_free(ig);
}

static void test_compressed(void **state)
{
    (void)state;
    size_t clen;
    check_basic_graph(write_zstd("basic.zst.bin", basic, &clen)); /* no telling extension */
    check_basic_graph(write_gzip("basic.gz", basic, 1));
    check_basic_graph(write_gzip("multi.gz", basic, 3));
    check_basic_graph(pr_test_data_file("ingest/basic.tsv.zst"));
    check_basic_graph(pr_test_data_file("ingest/basic.tsv.gz"));
}

static void test_corrupt_compressed(void **state)
{
    (void)state;
    pr_graph *g;
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    size_t clen;
    char path[512];
    snprintf(path, sizeof path, "%s", write_zstd("c.zst", basic, &clen));
    assert_int_equal(truncate(path, (off_t)clen - 5), 0);
    assert_int_equal(ingest_one(&g, &ig, NULL, path, &err), PR_EFORMAT);
    assert_non_null(strstr(err.message, "truncated zstd"));
    pr_ingest_free(ig);

    /* Flip bytes in the middle of the compressed data. */
    write_zstd("c.zst", basic, &clen);
    FILE *f = fopen(path, "r+b");
    fseek(f, (long)clen / 2, SEEK_SET);
    fwrite("\xff\xff\xff\xff", 1, 4, f);
    fclose(f);
    int rc = ingest_one(&g, &ig, NULL, path, &err);
    assert_true(rc == PR_EFORMAT || rc == PR_EPARSE);
    pr_ingest_free(ig);

    snprintf(path, sizeof path, "%s", write_gzip("c.gz", basic, 1));
    f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    assert_int_equal(truncate(path, (off_t)size - 12), 0);
    assert_int_equal(ingest_one(&g, &ig, NULL, path, &err), PR_EFORMAT);
    assert_non_null(strstr(err.message, "gzip"));
    pr_ingest_free(ig);

    /* A gzip header followed by garbage. */
    const char junk[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage-garbage-garbage";
    assert_int_equal(ingest_one(&g, &ig, NULL, write_file("junk.gz", junk, sizeof junk - 1), &err),
                     PR_EFORMAT);
    pr_ingest_free(ig);
}

static void test_stdin(void **state)
{
    (void)state;
    size_t clen;
    const char *path = write_zstd("stdin.zst", basic, &clen);
    int saved = dup(STDIN_FILENO);
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    dup2(fd, STDIN_FILENO);
    close(fd);
    check_basic_graph("-");
    dup2(saved, STDIN_FILENO);
    close(saved);
}

/* Many lines (several read blocks, lines across block ends), some bad under --max-errors:
 * every weight equals an independent count, and 1 and 2 threads give the same graph. */
static pr_graph *many_lines_graph(const char *path, int threads)
{
#ifdef _OPENMP
    omp_set_num_threads(threads);
#else
    (void)threads;
#endif
    pr_ingest_opts o = PR_INGEST_OPTS_INIT;
    o.half_life_days = 0, o.daily_cap = 0, o.selectivity_targets = 0, o.max_errors = 1000;
    pr_graph *g;
    pr_ingest *ig;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(ingest_one(&g, &ig, &o, path, &err), PR_OK);
    assert_int_equal(pr_ingest_get_summary(ig)->skipped_lines, 300);
    assert_int_equal(pr_ingest_get_summary(ig)->skipped[PR_SKIP_ACTION], 300);
    pr_ingest_free(ig);
    return g;
}

static void test_many_lines_threads(void **state)
{
    (void)state;
    enum { LINES = 300000, ACC = 500 };
    static unsigned count[ACC][ACC];
    memset(count, 0, sizeof count);
    char path[512];
    snprintf(path, sizeof path, "%s/many.tsv", tmpdir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (unsigned i = 0; i < LINES; i++) {
        unsigned a = (i * 7919u) % ACC, b = (i * 104729u + 13u) % ACC;
        if (i % 1000 == 999) {
            fprintf(f, "1700000000\tn\tu%u\tpoke\tu%u\n", a, b);
            continue;
        }
        fprintf(f, "1700000000\tn\tu%u\tlike\tu%u%s\n", a, b, i % 3 ? "" : "\t2");
        if (a != b) {
            count[a][b] += i % 3 ? 1 : 2;
        }
    }
    fclose(f);
    pr_graph *g1 = many_lines_graph(path, 1), *g2 = many_lines_graph(path, 2);
    for (pr_node v = 0; v < g1->n; v++) {
        unsigned b = (unsigned)atoi(pr_graph_name(g1, v) + 3);
        for (uint64_t e = g1->in_off[v]; e < g1->in_off[v + 1]; e++) {
            unsigned a = (unsigned)atoi(pr_graph_name(g1, g1->in_src[e]) + 3);
            assert_float_equal(pr_graph_in_weight(g1, e), count[a][b], 0);
            count[a][b] = 0;
        }
    }
    for (unsigned a = 0; a < ACC; a++) {
        for (unsigned b = 0; b < ACC; b++) {
            assert_int_equal(count[a][b], 0); /* every pair was found */
        }
    }
    assert_int_equal(g1->n, g2->n);
    assert_int_equal(g1->m, g2->m);
    assert_memory_equal(g1->in_src, g2->in_src, g1->m * sizeof *g1->in_src);
    assert_memory_equal(g1->out_w, g2->out_w, g1->n * sizeof *g1->out_w);
    assert_true((g1->in_w == NULL) == (g2->in_w == NULL));
    pr_graph_free(g1);
    pr_graph_free(g2);
}

static void test_alloc_failures(void **state)
{
    (void)state;
    const char *path = write_text("alloc.tsv", basic);
    for (long n = 0;; n++) {
        pr_ingest *ig = NULL;
        pr_graph *g = NULL;
        pr_error err = PR_ERROR_INIT;
        pr_alloc_fail_after(n);
        int rc = pr_ingest_new(&ig, NULL);
        if (rc == PR_OK) {
            rc = pr_ingest_add_file(ig, "events", NULL, path, &err);
        }
        if (rc == PR_OK) {
            rc = pr_ingest_finish(&g, ig, &err);
        }
        pr_alloc_fail_after(-1);
        pr_graph_free(g);
        pr_ingest_free(ig);
        if (rc == PR_OK) {
            assert_true(n > 5);
            break;
        }
        assert_int_equal(rc, PR_ENOMEM);
    }
}

int main(void)
{
    const char *d = pr_test_tmpdir();
    if (d == NULL) {
        return 1;
    }
    snprintf(tmpdir, sizeof tmpdir, "%s", d);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_weights),
        cmocka_unit_test(test_crlf_iso_aliases),
        cmocka_unit_test(test_window_and_as_of),
        cmocka_unit_test(test_timestamps),
        cmocka_unit_test(test_actions),
        cmocka_unit_test(test_bad_lines_strict),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_max_errors),
        cmocka_unit_test(test_empty_and_edge_files),
        cmocka_unit_test(test_determinism_across_files),
        cmocka_unit_test(test_compressed),
        cmocka_unit_test(test_corrupt_compressed),
        cmocka_unit_test(test_stdin),
        cmocka_unit_test(test_many_lines_threads),
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
