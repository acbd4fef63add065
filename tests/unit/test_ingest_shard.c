/* Sharded ingest (peoplerank/ingest.h): inputs read in byte ranges cut anywhere (mid-line, empty
 * ranges) and whole files, each share into a shard of its own, the shards packed and appended
 * in order, must give what one ingest reading every input in order gives, bit for bit: the
 * graph (ids, edges, weights, names), the summary counts, the first bad lines, the chosen as-of
 * date and the file:line of later events. With --max-errors, a shard told how many bad lines
 * came before it fails on the same line with the same message as one ingest. */
#include "testutil.h"

#include "peoplerank/ingest.h"
#include "peoplerank/line_reader.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#define DAY 86400
#define START 1700006400LL /* a UTC midnight */

static char events_path[512], edges_path[512], plain_path[512], ident_path[512];

static uint64_t rng_state = 7;
static uint64_t rnd(uint64_t n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (rng_state >> 33) % n;
}

/* 40 days on two networks, with self-interactions, comments, blank lines, bad lines, a hammering
 * actor (daily cap), a few stray later events, and no newline after the last line. */
static void write_inputs(void)
{
    static const char *const actions[] = {"follow", "like", "mention", "reply", "reshare"};
    static const char *const nets[] = {"twitter", "facebook"};
    FILE *f = fopen(events_path, "w");
    assert_non_null(f);
    fprintf(f, "# generated for test_ingest_shard\n\n");
    for (int day = 0; day < 40; day++) {
        for (int e = 0; e < 120; e++) {
            int64_t ts = START + (int64_t)day * DAY + (int64_t)rnd(DAY);
            unsigned a = (unsigned)rnd(300), t = (unsigned)rnd(300);
            fprintf(f, "%lld\t%s\tu%u\t%s\tu%u\t%u\n", (long long)ts, nets[rnd(2)], a,
                    actions[rnd(5)], t, 1 + (unsigned)rnd(3));
            if (rnd(97) == 0) {
                fprintf(f, "%lld\ttwitter\tu%u\tshrug\tu1\n", (long long)ts, a); /* bad */
            }
            if (rnd(131) == 0) {
                fprintf(f, "not an event\n\n# a comment\n");
            }
        }
        for (int e = 0; e < 30; e++) {
            fprintf(f, "%lld\ttwitter\tu1\treshare\tu2\n", (long long)(START + day * DAY + 600));
        }
    }
    for (int e = 0; e < 3; e++) { /* after the bulk: later events, located by file:line */
        fprintf(f, "%lld\ttwitter\tu5\tlike\tu6\n", (long long)(START + 40 * DAY + 60 + e));
    }
    fprintf(f, "%lld\tfacebook\tu7\tlike\tu8", (long long)(START + 10 * DAY));
    fclose(f);
    f = fopen(edges_path, "w");
    assert_non_null(f);
    for (int e = 0; e < 500; e++) {
        fprintf(f, "%u %u %u\n", (unsigned)rnd(200), (unsigned)rnd(200), 1 + (unsigned)rnd(4));
    }
    fclose(f);
    f = fopen(plain_path, "w"); /* unweighted: its weights are not stored */
    assert_non_null(f);
    for (int e = 0; e < 100; e++) {
        fprintf(f, "%u %u\n", (unsigned)rnd(250), (unsigned)rnd(250));
    }
    fclose(f);
    f = fopen(ident_path, "w");
    assert_non_null(f);
    for (unsigned u = 0; u < 300; u += 3) {
        fprintf(f, "p%u\ttwitter\tu%u\np%u\tfacebook\tu%u\n", u, u, u, u);
    }
    fclose(f);
}

static uint64_t file_size(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return (uint64_t)st.st_size;
}

static pr_ingest *fresh(uint64_t max_errors, int identities)
{
    pr_ingest_opts o = PR_INGEST_OPTS_INIT;
    o.max_errors = max_errors;
    pr_ingest *ig = NULL;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_ingest_new(&ig, &o), PR_OK);
    if (identities) {
        assert_int_equal(pr_ingest_load_identities(ig, ident_path, &err), PR_OK);
    }
    return ig;
}

/* One ingest reading both inputs whole. */
static pr_ingest *read_whole(uint64_t max_errors, pr_error *err, int *rc)
{
    pr_ingest *ig = fresh(max_errors, 1);
    *rc = pr_ingest_add_file(ig, "edges", NULL, plain_path, err);
    *rc = *rc ? *rc : pr_ingest_add_file(ig, "events", NULL, events_path, err);
    *rc = *rc ? *rc : pr_ingest_add_file(ig, "edges", NULL, edges_path, err);
    return ig;
}

/* Shard k of `parts`: the events file's bytes [cut[k], cut[k+1]), after the whole unweighted
 * edge list for the first shard, and before the whole weighted one for the last (inputs stay
 * in order across shards). */
static int read_shard(pr_ingest **shard, const uint64_t *cut, int k, int parts, uint64_t max_errors,
                      uint64_t skipped_before, pr_error *err)
{
    uint64_t first = 1;
    for (int j = 0; j < k; j++) {
        uint64_t lines = 0;
        assert_int_equal(pr_reader_range_lines(&lines, events_path, cut[j], cut[j + 1], err), 0);
        first += lines;
    }
    *shard = fresh(max_errors, 0);
    pr_ingest_set_skipped_before(*shard, skipped_before);
    int rc = k == 0 ? pr_ingest_add_file(*shard, "edges", NULL, plain_path, err)
                    : pr_ingest_skip_input(*shard, plain_path);
    rc = rc ? rc
            : pr_ingest_add_range(*shard, "events", NULL, events_path, cut[k], cut[k + 1], first,
                                  err);
    if (rc == PR_OK) {
        rc = k == parts - 1 ? pr_ingest_add_file(*shard, "edges", NULL, edges_path, err)
                            : pr_ingest_skip_input(*shard, edges_path);
    }
    return rc;
}

static void same_graph(const pr_graph *a, const pr_graph *b)
{
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->m, b->m);
    assert_memory_equal(a->in_off, b->in_off, ((size_t)a->n + 1) * sizeof *a->in_off);
    assert_memory_equal(a->in_src, b->in_src, a->m * sizeof *a->in_src);
    assert_int_equal(a->in_w == NULL, b->in_w == NULL);
    if (a->in_w) {
        assert_memory_equal(a->in_w, b->in_w, a->m * sizeof *a->in_w);
    }
    assert_memory_equal(a->out_w, b->out_w, a->n * sizeof *a->out_w);
    assert_memory_equal(a->name_off, b->name_off, ((size_t)a->n + 1) * sizeof *a->name_off);
    assert_memory_equal(a->name_data, b->name_data, a->name_off[a->n]);
}

static void same_summary(const pr_ingest *x, const pr_ingest *y)
{
    const pr_ingest_summary *a = pr_ingest_get_summary(x), *b = pr_ingest_get_summary(y);
    assert_int_equal(a->files, b->files);
    assert_int_equal(a->lines, b->lines);
    assert_int_equal(a->events_read, b->events_read);
    assert_int_equal(a->events_kept, b->events_kept);
    assert_int_equal(a->outside_window, b->outside_window);
    assert_int_equal(a->after_as_of, b->after_as_of);
    assert_int_equal(a->self_interactions, b->self_interactions);
    assert_int_equal(a->skipped_lines, b->skipped_lines);
    assert_memory_equal(a->skipped, b->skipped, sizeof a->skipped);
    assert_int_equal(a->as_of, b->as_of);
    assert_int_equal(a->as_of_chosen, b->as_of_chosen);
    assert_int_equal(a->newest, b->newest);
    assert_int_equal(a->oldest, b->oldest);
    assert_int_equal(a->accounts, b->accounts);
    assert_int_equal(a->edges, b->edges);
    assert_int_equal(a->far_future, b->far_future);
    assert_int_equal(pr_ingest_error_count(x), pr_ingest_error_count(y));
    for (size_t i = 0; i < pr_ingest_error_count(x); i++) {
        assert_string_equal(pr_ingest_error_message(x, i), pr_ingest_error_message(y, i));
    }
    assert_int_equal(pr_ingest_later_count(x), pr_ingest_later_count(y));
    for (size_t i = 0; i < pr_ingest_later_count(x); i++) {
        assert_string_equal(pr_ingest_later_event(x, i), pr_ingest_later_event(y, i));
    }
    assert_int_equal(pr_ingest_account_count(x), pr_ingest_account_count(y));
    for (uint32_t i = 0; i < pr_ingest_account_count(x); i++) {
        assert_string_equal(pr_ingest_account_name(x, i), pr_ingest_account_name(y, i));
        assert_int_equal(pr_ingest_account_node(x, i), pr_ingest_account_node(y, i));
    }
}

/* Cuts [0, size) at parts-1 points: random (mid-line), with a repeat (an empty range). */
static void cut_points(uint64_t *cut, int parts, uint64_t size)
{
    cut[0] = 0, cut[parts] = size;
    for (int k = 1; k < parts; k++) {
        cut[k] = k == parts / 2 ? cut[k - 1] : cut[k - 1] + rnd(2 * size / (uint64_t)parts + 1);
        cut[k] = cut[k] > size ? size : cut[k];
    }
}

static void test_shards_equal_one_read(void **state)
{
    (void)state;
    pr_error err = PR_ERROR_INIT;
    int rc = 0;
    pr_ingest *one = read_whole(1000, &err, &rc);
    assert_int_equal(rc, PR_OK);
    pr_graph *want = NULL;
    assert_int_equal(pr_ingest_finish(&want, one, &err), PR_OK);
    assert_true(pr_ingest_error_count(one) > 3);
    assert_true(pr_ingest_later_count(one) > 0);
    uint64_t size = file_size(events_path);
    static const int parts_list[] = {1, 2, 3, 5, 8};
    for (size_t pi = 0; pi < sizeof parts_list / sizeof parts_list[0]; pi++) {
        int parts = parts_list[pi];
        uint64_t cut[9];
        cut_points(cut, parts, size);
        pr_ingest *merged = fresh(1000, 1);
        for (int k = 0; k < parts; k++) {
            pr_ingest *shard = NULL;
            assert_int_equal(read_shard(&shard, cut, k, parts, 1000, 0, &err), PR_OK);
            char *buf = NULL;
            uint64_t len = 0;
            assert_int_equal(pr_ingest_pack(shard, &buf, &len), PR_OK);
            pr_ingest_free(shard);
            assert_int_equal(pr_ingest_append_packed(merged, buf, len, &err), PR_OK);
            free(buf);
        }
        pr_graph *got = NULL;
        assert_int_equal(pr_ingest_finish(&got, merged, &err), PR_OK);
        same_graph(want, got);
        same_summary(one, merged);
        pr_graph *wn = NULL, *gn = NULL;
        assert_int_equal(pr_ingest_finish_network(&wn, one, "facebook", &err), PR_OK);
        assert_int_equal(pr_ingest_finish_network(&gn, merged, "facebook", &err), PR_OK);
        same_graph(wn, gn);
        pr_graph_free(wn), pr_graph_free(gn), pr_graph_free(got);
        pr_ingest_free(merged);
    }
    pr_graph_free(want);
    pr_ingest_free(one);
}

/* --max-errors 4: one ingest fails on the fifth bad line; the shard holding that line, told how
 * many bad lines the shards before it met, fails with the same file, line and message. */
static void test_max_errors_crossing(void **state)
{
    (void)state;
    pr_error want = PR_ERROR_INIT, got = PR_ERROR_INIT;
    int rc = 0;
    pr_ingest *one = read_whole(4, &want, &rc);
    assert_int_equal(rc, PR_EPARSE);
    pr_ingest_free(one);
    uint64_t size = file_size(events_path), cut[4];
    cut_points(cut, 3, size);
    cut[1] = size / 4, cut[2] = size / 2; /* the fifth bad line lies past the first quarter */
    uint64_t before = 0;
    int k = 0;
    for (; k < 3; k++) {
        pr_ingest *shard = NULL;
        rc = read_shard(&shard, cut, k, 3, 4, 0, &got);
        uint64_t skipped = pr_ingest_get_summary(shard)->skipped_lines;
        pr_ingest_free(shard);
        if (before + skipped > 4) {
            break;
        }
        assert_int_equal(rc, PR_OK);
        before += skipped;
    }
    assert_true(k < 3);
    pr_ingest *shard = NULL;
    assert_int_equal(read_shard(&shard, cut, k, 3, 4, before, &got), PR_EPARSE);
    pr_ingest_free(shard);
    assert_string_equal(got.file, want.file);
    assert_int_equal(got.line, want.line);
    assert_string_equal(got.message, want.message);
}

static void test_refusals(void **state)
{
    (void)state;
    pr_error err = PR_ERROR_INIT;
    pr_ingest *ig = fresh(0, 0);
    assert_int_equal(pr_ingest_add_range(ig, "csv", "x", events_path, 0, 10, 1, &err), PR_EINVAL);
    assert_false(pr_ingest_splittable("twitter-json"));
    assert_true(pr_ingest_splittable("edges"));
    char bad[] = "PRshard1 but short";
    assert_int_equal(pr_ingest_append_packed(ig, bad, sizeof bad, &err), PR_EFORMAT);
    pr_ingest_free(ig);
}

int main(void)
{
    const char *dir = pr_test_tmpdir();
    snprintf(events_path, sizeof events_path, "%s/events.tsv", dir);
    snprintf(edges_path, sizeof edges_path, "%s/edges.txt", dir);
    snprintf(ident_path, sizeof ident_path, "%s/ids.tsv", dir);
    snprintf(plain_path, sizeof plain_path, "%s/plain.txt", dir);
    write_inputs();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shards_equal_one_read),
        cmocka_unit_test(test_max_errors_crossing),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
