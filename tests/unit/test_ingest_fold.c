/* In-order input (pr_ingest_opts.in_order): folding finished days while reading must give the
 * graph that holding every event gives (same nodes, edges and weights up to float rounding),
 * for the weighted graph, each network's graph and the follow graph, with the daily cap,
 * selectivity, window, decay, identity merging and late events within the allowance all in
 * play. An event later than the allowance fails with PR_EORDER naming file and line; one too old
 * for the window is counted as outside it instead. */
#include "testutil.h"

#include "peoplerank/ingest.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define DAY 86400
#define AS_OF ((1700000000LL / DAY + 60) * DAY - 1) /* the end of a UTC day */

static char events_path[512], ident_path[512];

static uint64_t rng_state = 42;
static uint64_t rnd(uint64_t n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (rng_state >> 33) % n;
}

/* 70 days of events (the last 5 after the as-of date, the first 10 before the 50-day window),
 * each day's events up to `late` days late; a few actors hammer one account (daily cap) or act
 * on hundreds (selectivity); self-interactions and follows mixed in. */
static void write_events_sized(const char *path, int late, int days, int per_day, int extras)
{
    static const char *const actions[] = {"follow", "like",    "mention",
                                          "reply",  "comment", "reshare"};
    static const char *const nets[] = {"twitter", "facebook"};
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    int64_t start = AS_OF + 1 - 65 * DAY; /* days of the generator are UTC days */
    for (int day = 0; day < days; day++) {
        for (int e = 0; e < per_day; e++) {
            int d = day - (int)rnd((uint64_t)late + 1);
            int64_t ts = start + (int64_t)d * DAY + (int64_t)rnd(DAY);
            const char *net = nets[rnd(2)];
            unsigned a = (unsigned)rnd(60), t = (unsigned)rnd(60);
            fprintf(f, "%lld\t%s\tu%u\t%s\tu%u\t%u\n", (long long)ts, net, a, actions[rnd(6)], t,
                    1 + (unsigned)rnd(3));
        }
        int64_t noon = start + (int64_t)day * DAY + DAY / 2;
        for (int e = 0; e < 30 * extras; e++) { /* u1 hammers u2: over the daily cap */
            fprintf(f, "%lld\ttwitter\tu1\treshare\tu2\n", (long long)noon);
        }
        for (unsigned t = 0; t < 150u * (unsigned)extras; t++) { /* a spammer: 150 targets */
            fprintf(f, "%lld\tfacebook\tspam\tmention\tv%u\n", (long long)noon, t);
        }
    }
    fclose(f);
}

static void write_events(const char *path, int late)
{
    write_events_sized(path, late, 70, 150, 1);
}

static void write_identities(const char *path)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (unsigned u = 0; u < 20; u++) {
        fprintf(f, "p%u\ttwitter\tu%u\np%u\tfacebook\tu%u\n", u, u, u, u);
    }
    fclose(f);
}

static pr_ingest *read_all(const char *path, int in_order, uint32_t days, uint64_t batch)
{
    pr_ingest_opts o = PR_INGEST_OPTS_INIT;
    o.as_of = AS_OF;
    o.window_days = 50;
    o.in_order = in_order;
    o.in_order_days = days;
    o.fold_batch = batch;
    pr_ingest *ig = NULL;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_ingest_new(&ig, &o), PR_OK);
    assert_int_equal(pr_ingest_load_identities(ig, ident_path, &err), PR_OK);
    if (pr_ingest_add_file(ig, "events", NULL, path, &err) != PR_OK) {
        fail_msg("%s", err.message);
    }
    return ig;
}

static void assert_same_graph(const pr_graph *a, const pr_graph *b)
{
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->m, b->m);
    for (pr_node v = 0; v < a->n; v++) {
        assert_string_equal(pr_graph_name(a, v), pr_graph_name(b, v));
        assert_int_equal(a->in_off[v], b->in_off[v]);
        assert_near(b->out_w[v], a->out_w[v], 1e-5 * a->out_w[v]);
    }
    for (uint64_t e = 0; e < a->m; e++) {
        assert_int_equal(a->in_src[e], b->in_src[e]);
        double wa = pr_graph_in_weight(a, e), wb = pr_graph_in_weight(b, e);
        assert_near(wb, wa, 1e-5 * wa);
    }
}

typedef int (*finish_fn)(pr_graph **, pr_ingest *, pr_error *);

static int finish_twitter(pr_graph **g, pr_ingest *ig, pr_error *err)
{
    return pr_ingest_finish_network(g, ig, "twitter", err);
}

static void compare(uint32_t days, uint64_t batch)
{
    pr_ingest *held = read_all(events_path, 0, 0, 0);
    pr_ingest *folded = read_all(events_path, 1, days, batch);
    finish_fn views[] = {pr_ingest_finish, finish_twitter, pr_ingest_finish_follows};
    for (size_t i = 0; i < sizeof views / sizeof views[0]; i++) {
        pr_graph *a = NULL, *b = NULL;
        pr_error err = PR_ERROR_INIT;
        assert_int_equal(views[i](&a, held, &err), PR_OK);
        assert_int_equal(views[i](&b, folded, &err), PR_OK);
        assert_true(a->m > 500);
        assert_same_graph(a, b);
        pr_graph_free(a);
        pr_graph_free(b);
    }
    const pr_ingest_summary *sa = pr_ingest_get_summary(held), *sb = pr_ingest_get_summary(folded);
    assert_true(sa->outside_window > 0 && sa->after_as_of > 0 && sa->self_interactions > 0);
    assert_int_equal(sa->events_kept, sb->events_kept);
    assert_int_equal(sa->outside_window, sb->outside_window);
    assert_int_equal(sa->after_as_of, sb->after_as_of);
    assert_int_equal(sa->events_read, sb->events_read);
    pr_ingest_free(held);
    pr_ingest_free(folded);
}

/* Days in order (each day's events shuffled within the day), folded every 1,000 events. */
static void test_fold_in_order(void **state)
{
    (void)state;
    write_events(events_path, 0);
    compare(0, 1000);
    compare(3, 1000);
}

/* Events up to 2 days late, allowance 2: the same graph, whatever the batch size. */
static void test_fold_late_within_allowance(void **state)
{
    (void)state;
    write_events(events_path, 2);
    compare(2, 700);
    compare(2, 5000);
    compare(5, 333);
}

/* Events up to 4 days late with an allowance of 1: refused, naming file and line, whether or not
 * the late event's day was folded yet (the batch size must not decide). */
static void test_fold_refuses_late_event(void **state)
{
    (void)state;
    write_events(events_path, 4);
    uint64_t batches[] = {1000, UINT64_C(1) << 40};
    for (size_t i = 0; i < 2; i++) {
        pr_ingest_opts o = PR_INGEST_OPTS_INIT;
        o.as_of = AS_OF;
        o.in_order = 1;
        o.in_order_days = 1;
        o.fold_batch = batches[i];
        pr_ingest *ig = NULL;
        pr_error err = PR_ERROR_INIT;
        assert_int_equal(pr_ingest_new(&ig, &o), PR_OK);
        assert_int_equal(pr_ingest_add_file(ig, "events", NULL, events_path, &err), PR_EORDER);
        assert_non_null(strstr(err.message, "out of time order"));
        assert_true(err.line > 1);
        pr_ingest_free(ig);
    }
}

/* A late event too old for the window anyway is counted as outside it, not refused. */
static void test_fold_late_but_outside_window(void **state)
{
    (void)state;
    FILE *f = fopen(events_path, "w");
    assert_non_null(f);
    for (int day = 0; day < 20; day++) {
        fprintf(f, "%lld\ttwitter\ta\tlike\tb\n", (long long)(AS_OF - (19 - day) * DAY));
    }
    fprintf(f, "%lld\ttwitter\ta\tlike\tc\n", (long long)(AS_OF - 200 * DAY));
    fclose(f);
    pr_ingest_opts o = PR_INGEST_OPTS_INIT;
    o.as_of = AS_OF;
    o.in_order = 1;
    o.fold_batch = 4;
    pr_ingest *ig = NULL;
    pr_error err = PR_ERROR_INIT;
    pr_graph *g = NULL;
    assert_int_equal(pr_ingest_new(&ig, &o), PR_OK);
    assert_int_equal(pr_ingest_add_file(ig, "events", NULL, events_path, &err), PR_OK);
    assert_int_equal(pr_ingest_finish(&g, ig, &err), PR_OK);
    assert_int_equal(pr_ingest_get_summary(ig)->outside_window, 1);
    assert_int_equal(pr_ingest_get_summary(ig)->events_kept, 20);
    assert_int_equal(g->m, 1);
    pr_graph_free(g);
    pr_ingest_free(ig);
}

/* Folding needs the as-of date up front. */
static void test_fold_needs_as_of(void **state)
{
    (void)state;
    pr_ingest_opts o = PR_INGEST_OPTS_INIT;
    o.in_order = 1;
    pr_ingest *ig = NULL;
    assert_int_equal(pr_ingest_new(&ig, &o), PR_EINVAL);
    assert_null(ig);
}

/* Every allocation of a folding ingest fails in turn: PR_ENOMEM, no crash, no leak (the
 * sanitizer build checks leaks). */
static void test_fold_alloc_failures(void **state)
{
    (void)state;
    write_events_sized(events_path, 1, 70, 4, 0);
    long n = 0;
    for (;; n++) {
        assert_true(n < 100000);
        pr_ingest_opts o = PR_INGEST_OPTS_INIT;
        o.as_of = AS_OF;
        o.in_order = 1;
        o.in_order_days = 1;
        o.fold_batch = 30;
        pr_ingest *ig = NULL;
        pr_graph *g = NULL, *t = NULL, *f = NULL;
        pr_error err = PR_ERROR_INIT;
        pr_alloc_fail_after(n);
        int rc = pr_ingest_new(&ig, &o);
        rc = rc ? rc : pr_ingest_load_identities(ig, ident_path, &err);
        rc = rc ? rc : pr_ingest_add_file(ig, "events", NULL, events_path, &err);
        rc = rc ? rc : pr_ingest_finish(&g, ig, &err);
        rc = rc ? rc : pr_ingest_finish_network(&t, ig, "twitter", &err);
        rc = rc ? rc : pr_ingest_finish_follows(&f, ig, &err);
        pr_alloc_fail_after(-1);
        pr_graph_free(g), pr_graph_free(t), pr_graph_free(f);
        pr_ingest_free(ig);
        if (rc == PR_OK) {
            break;
        }
        if (rc != PR_ENOMEM) {
            fail_msg("allocation %ld failed and the ingest returned %d: %s", n, rc, err.message);
        }
    }
    assert_true(n > 50); /* the walk went through the folds */
}

/* With fold_batch 0 the batch follows the data: 1.5 million events among 60 accounts (a few
 * thousand edges) fold once PR_FOLD_BATCH_MIN are held, so the event store never holds them all
 * (a fixed batch above the input's size would: 1.5 M x 20 bytes), the graph is the held one, and
 * releasing the stores frees them. */
static void test_fold_batch_follows_data(void **state)
{
    (void)state;
    FILE *f = fopen(events_path, "w");
    assert_non_null(f);
    const uint64_t total = 1500000;
    for (uint64_t i = 0; i < total; i++) {
        int64_t ts = AS_OF - 30 * DAY + (int64_t)(i * (30 * DAY) / total);
        fprintf(f, "%lld\tt\ta%u\tlike\tb%u\n", (long long)ts, (unsigned)rnd(60),
                (unsigned)rnd(60));
    }
    fclose(f);
    pr_ingest *held = read_all(events_path, 0, 0, 0);
    pr_ingest *folded = read_all(events_path, 1, 0, 0);
    pr_ingest_memory m;
    pr_ingest_memory_get(&m, folded);
    assert_true(m.events <= PR_FOLD_BATCH_MIN * 20); /* the whole input: 30 MB, capacity 40 */
    assert_true(m.fold > 0 && m.peak >= m.events + m.fold);
    pr_graph *a = NULL, *b = NULL;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_ingest_finish(&a, held, &err), PR_OK);
    assert_int_equal(pr_ingest_finish(&b, folded, &err), PR_OK);
    assert_same_graph(a, b);
    pr_ingest_release_stores(folded, 1); /* days were folded: the events go too */
    pr_ingest_memory_get(&m, folded);
    assert_true(m.events == 0 && m.fold == 0 && m.names > 0);
    pr_graph_free(b);
    assert_int_equal(pr_ingest_finish(&b, folded, &err), PR_EINVAL);
    pr_graph_free(a);
    pr_ingest_free(held);
    pr_ingest_free(folded);
}

int main(void)
{
    const char *dir = pr_test_tmpdir();
    snprintf(events_path, sizeof events_path, "%s/events.tsv", dir);
    snprintf(ident_path, sizeof ident_path, "%s/identities.tsv", dir);
    write_identities(ident_path);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold_in_order),
        cmocka_unit_test(test_fold_late_within_allowance),
        cmocka_unit_test(test_fold_refuses_late_event),
        cmocka_unit_test(test_fold_late_but_outside_window),
        cmocka_unit_test(test_fold_needs_as_of),
        cmocka_unit_test(test_fold_alloc_failures),
        cmocka_unit_test(test_fold_batch_follows_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
