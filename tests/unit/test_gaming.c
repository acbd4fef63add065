/* The engagement rules against gaming (graph/rules/engagement_rules.c) on hand-built graphs: the
 * trust teleport and the reciprocity discount with hand-worked values, and the gaming patterns of
 * issue 6 in miniature (bought followers, an engagement pod, sock puppets, one's own merged
 * accounts), each checked with the rules on and, where it shows that the test can fail, off. */
#include "peoplerank/evaluate.h"
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
#include <unistd.h>

static pr_graph *build(pr_edge_list *el, pr_node n)
{
    pr_graph *g = NULL;
    assert_int_equal(pr_graph_build(&g, el, n, 0, NULL), PR_OK);
    pr_edge_list_clear(el);
    return g;
}

static double weight(const pr_graph *g, pr_node src, pr_node dst)
{
    for (uint64_t e = g->in_off[dst]; e < g->in_off[dst + 1]; e++) {
        if (g->in_src[e] == src) {
            return pr_graph_in_weight(g, e);
        }
    }
    return -1.0;
}

/* Received: node 0 nothing, node 1 2 + 1 = 3, node 2 0.4, node 3 nothing. With trust at 0.5
 * only node 1 gets teleport. */
static void test_trust_teleport(void **state)
{
    (void)state;
    pr_edge_list el = PR_EDGE_LIST_INIT;
    pr_edge_list_add(&el, 0, 1, 2.0);
    pr_edge_list_add(&el, 1, 2, 0.4);
    pr_edge_list_add(&el, 3, 1, 1.0);
    pr_graph *g = build(&el, 4);
    double t[4];
    uint64_t trusted = 0;
    pr_engagement_rules r = PR_ENGAGEMENT_RULES_INIT;
    assert_int_equal(pr_engagement_rules_apply(t, &trusted, g, &r), PR_OK);
    assert_int_equal(trusted, 1);
    assert_true(t[0] == 0.0 && t[1] == 1.0 && t[2] == 0.0 && t[3] == 0.0);
    pr_graph_free(g);
}

static void test_trust_fallback_when_nobody_is_engaged(void **state)
{
    (void)state;
    pr_edge_list el = PR_EDGE_LIST_INIT;
    pr_edge_list_add(&el, 0, 1, 0.25); /* a follow: not enough */
    pr_graph *g = build(&el, 3);
    double t[3];
    uint64_t trusted = 0;
    pr_engagement_rules r = PR_ENGAGEMENT_RULES_INIT;
    assert_int_equal(pr_engagement_rules_apply(t, &trusted, g, &r), PR_OK);
    assert_int_equal(trusted, 3);
    assert_near(t[0] + t[1] + t[2], 1.0, 1e-15);
    assert_true(t[0] == t[1] && t[1] == t[2]);
    pr_graph_free(g);
}

/* 0<->1 mutual: min(50, 30) - 20 = 10 removed from both directions; 0<->2 (10 and 10) is under
 * the allowance; 3->0 is one-way. out_w keeps the undiscounted totals. */
static void test_reciprocity_discount_hand_worked(void **state)
{
    (void)state;
    pr_edge_list el = PR_EDGE_LIST_INIT;
    pr_edge_list_add(&el, 0, 1, 50.0);
    pr_edge_list_add(&el, 1, 0, 30.0);
    pr_edge_list_add(&el, 0, 2, 10.0);
    pr_edge_list_add(&el, 2, 0, 10.0);
    pr_edge_list_add(&el, 3, 0, 80.0);
    pr_graph *g = build(&el, 4);
    double t[4];
    pr_engagement_rules r = PR_ENGAGEMENT_RULES_INIT;
    r.exchange_threshold = 1.0; /* the exchange rule: test_exchange_hand_worked */
    assert_int_equal(pr_engagement_rules_apply(t, NULL, g, &r), PR_OK);
    assert_near(weight(g, 0, 1), 40.0, 1e-5);
    assert_near(weight(g, 1, 0), 20.0, 1e-5);
    assert_near(weight(g, 0, 2), 10.0, 1e-5);
    assert_near(weight(g, 2, 0), 10.0, 1e-5);
    assert_near(weight(g, 3, 0), 80.0, 1e-5);
    assert_near(g->out_w[0], 60.0, 1e-9);
    assert_near(g->out_w[1], 30.0, 1e-9);
    pr_graph_free(g);

    /* half the excess with discount 0.5 */
    pr_edge_list_add(&el, 0, 1, 50.0);
    pr_edge_list_add(&el, 1, 0, 30.0);
    g = build(&el, 2);
    r.reciprocity_discount = 0.5;
    assert_int_equal(pr_engagement_rules_apply(t, NULL, g, &r), PR_OK);
    assert_near(weight(g, 0, 1), 45.0, 1e-5);
    assert_near(weight(g, 1, 0), 25.0, 1e-5);
    pr_graph_free(g);
}

/* Exchange shares: node 0 gives 50 to 1, 10 to 2 and 40 to 3, and gets 30 back from 1 and 10
 * from 2: (30 + 10) / 100 = 0.4; node 1 gives only to 0 and gets it back in part: 30 / 30 = 1;
 * node 2: 10 / 10 = 1. Pair 0-1: min(0.4, 1) = 0.4 <= 0.5, no exchange: only the 10 beyond the
 * allowance goes. Pair 1-2 (5 each way, nothing else from 2 but 10 to 0): shares 1 and
 * 15 / 15 = 1, factor 1: all 5 inside the allowance goes too. */
static void test_exchange_hand_worked(void **state)
{
    (void)state;
    pr_edge_list el = PR_EDGE_LIST_INIT;
    pr_edge_list_add(&el, 0, 1, 50.0);
    pr_edge_list_add(&el, 1, 0, 30.0);
    pr_edge_list_add(&el, 0, 2, 10.0);
    pr_edge_list_add(&el, 2, 0, 10.0);
    pr_edge_list_add(&el, 0, 3, 40.0);
    pr_edge_list_add(&el, 1, 2, 5.0);
    pr_edge_list_add(&el, 2, 1, 5.0);
    pr_graph *g = build(&el, 4);
    double t[4];
    pr_engagement_rules r = PR_ENGAGEMENT_RULES_INIT;
    assert_int_equal(pr_engagement_rules_apply(t, NULL, g, &r), PR_OK);
    /* node 1: (30 + 5) / 35 = 1; node 2: (10 + 5) / 15 = 1; node 0: 0.4 */
    assert_near(weight(g, 0, 1), 40.0, 1e-5);
    assert_near(weight(g, 1, 0), 20.0, 1e-5);
    assert_near(weight(g, 0, 2), 10.0, 1e-5);
    assert_near(weight(g, 1, 2), 5.0 * 1e-6, 1e-9);
    assert_near(weight(g, 2, 1), 5.0 * 1e-6, 1e-9);
    assert_near(weight(g, 0, 3), 40.0, 1e-5);
    pr_graph_free(g);

    /* node 0 at share 0.625 (30 + 10 + 10 back from 3, of 80): pair 0-2 (both above 0.5) loses
     * 2 (min(0.625, 1) - 0.5) / 0.5 = half of its 10 */
    pr_edge_list_add(&el, 0, 1, 30.0);
    pr_edge_list_add(&el, 1, 0, 30.0);
    pr_edge_list_add(&el, 0, 2, 10.0);
    pr_edge_list_add(&el, 2, 0, 10.0);
    pr_edge_list_add(&el, 0, 3, 40.0);
    pr_edge_list_add(&el, 3, 0, 10.0);
    g = build(&el, 4);
    assert_int_equal(pr_engagement_rules_apply(t, NULL, g, &r), PR_OK);
    assert_near(weight(g, 0, 2), 5.0, 1e-5);
    assert_near(weight(g, 2, 0), 5.0, 1e-5);
    /* pair 0-1: 20 inside the allowance, factor 0.5: 10 beyond + 10 inside removed */
    assert_near(weight(g, 0, 1), 10.0, 1e-5);
    /* off: only the allowance rule */
    pr_graph_free(g);
    pr_edge_list_add(&el, 0, 2, 10.0);
    pr_edge_list_add(&el, 2, 0, 10.0);
    g = build(&el, 3);
    r.exchange_threshold = 1.0;
    assert_int_equal(pr_engagement_rules_apply(t, NULL, g, &r), PR_OK);
    assert_near(weight(g, 0, 2), 10.0, 1e-5);
    pr_graph_free(g);
}

static void test_bad_rules_refused(void **state)
{
    (void)state;
    pr_edge_list el = PR_EDGE_LIST_INIT;
    pr_edge_list_add(&el, 0, 1, 1.0);
    pr_graph *g = build(&el, 2);
    double t[2];
    pr_engagement_rules r = PR_ENGAGEMENT_RULES_INIT;
    r.reciprocity_discount = 1.5;
    assert_int_equal(pr_engagement_rules_apply(t, NULL, g, &r), PR_EINVAL);
    r.reciprocity_discount = 1.0;
    r.reciprocity_allowance = -1.0;
    assert_int_equal(pr_engagement_rules_apply(t, NULL, g, &r), PR_EINVAL);
    r.reciprocity_allowance = 20.0;
    r.exchange_threshold = 1.5;
    assert_int_equal(pr_engagement_rules_apply(t, NULL, g, &r), PR_EINVAL);
    pr_graph_free(g);
}

/* A community: a ring of `n` friends from `first` on, each engaging the next three both ways
 * with weight w. */
static void add_ring(pr_edge_list *el, pr_node first, pr_node n, double w)
{
    for (pr_node i = 0; i < n; i++) {
        for (pr_node k = 1; k <= 3; k++) {
            pr_edge_list_add(el, first + i, first + (i + k) % n, w);
            pr_edge_list_add(el, first + (i + k) % n, first + i, w);
        }
    }
}

static pr_eval_pipeline pipeline(int rules_on)
{
    pr_eval_pipeline p = PR_EVAL_PIPELINE_INIT;
    if (!rules_on) {
        p.rules.trust_min_received = 0.0;
        p.rules.reciprocity_discount = 0.0;
        p.rules.exchange_threshold = 1.0;
    }
    return p;
}

/* Scores of the graph make() builds, through pipeline p (a copy the caller may free). */
static double *scores_through(void (*make)(pr_edge_list *el, pr_node *n), const pr_eval_pipeline *p)
{
    pr_edge_list el = PR_EDGE_LIST_INIT;
    pr_node n = 0;
    make(&el, &n);
    pr_graph *g = build(&el, n);
    pr_eval_scores sc;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_eval_score_graph(&sc, p, g, &err), PR_OK);
    double *out = malloc(n * sizeof *out);
    assert_non_null(out);
    memcpy(out, sc.score, n * sizeof *out);
    pr_eval_scores_clear(&sc);
    pr_graph_free(g);
    return out;
}

/* Scores of a graph rebuilt from the same edges with the rules on or off. */
static double *scores_of(void (*make)(pr_edge_list *el, pr_node *n), int rules_on)
{
    pr_eval_pipeline p = pipeline(rules_on);
    return scores_through(make, &p);
}

/* 100 friends on a ring (weight 3); friend 0 buys 2,000 followers (follow weight 0.25) that
 * nobody ever engages. */
static void make_bought(pr_edge_list *el, pr_node *n)
{
    add_ring(el, 0, 100, 3.0);
    for (pr_node f = 100; f < 2100; f++) {
        pr_edge_list_add(el, f, 0, 0.25);
    }
    *n = 2100;
}

static void test_bought_followers_do_not_pay(void **state)
{
    (void)state;
    double *on = scores_of(make_bought, 1), *off = scores_of(make_bought, 0);
    /* with the rules the buyer is an ordinary friend (all ring members are alike) */
    assert_near(on[0], on[50], 1e-6);
    /* without them the fakes' free rank flows to the buyer */
    assert_true(off[0] > off[50] + 10.0);
    free(on);
    free(off);
}

/* Two communities of 40: friends (weight 3 each way) who also engage four creators (weight 6
 * each, one way: friends are not a closed group), and a pod whose members engage every member
 * every day with weight `pod_w` each way; one bridge each way so that they are one population. */
static void make_pod_weighted(pr_edge_list *el, pr_node *n, double pod_w)
{
    add_ring(el, 0, 40, 3.0);
    for (pr_node i = 0; i < 40; i++) {
        for (pr_node c = 80; c < 84; c++) {
            pr_edge_list_add(el, i, c, 6.0);
        }
    }
    for (pr_node i = 40; i < 80; i++) {
        for (pr_node j = 40; j < 80; j++) {
            if (i != j) {
                pr_edge_list_add(el, i, j, pod_w);
            }
        }
    }
    pr_edge_list_add(el, 0, 40, 1.0);
    pr_edge_list_add(el, 40, 0, 1.0);
    *n = 84;
}

/* A pod that engages heavily (above the allowance) and one that only likes (15 each way, under
 * it: the second generator's pods). */
static void make_pod(pr_edge_list *el, pr_node *n)
{
    make_pod_weighted(el, n, 60.0);
}

static void make_light_pod(pr_edge_list *el, pr_node *n)
{
    make_pod_weighted(el, n, 15.0);
}

static double *scores_with(void (*make)(pr_edge_list *el, pr_node *n), double exchange_threshold)
{
    pr_eval_pipeline p = PR_EVAL_PIPELINE_INIT;
    p.rules.exchange_threshold = exchange_threshold;
    return scores_through(make, &p);
}

static void test_engagement_pod_does_not_pay(void **state)
{
    (void)state;
    double *on = scores_of(make_pod, 1), *off = scores_of(make_pod, 0);
    /* without the rules a closed pod keeps all its rank among its members: above the friends */
    assert_true(off[60] > off[20]);
    /* with them the pod's mutual engagement stops counting */
    assert_true(on[60] < on[20] - 10.0);
    free(on);
    free(off);

    /* a pod that stays under the allowance: only the exchange rule sees it */
    on = scores_of(make_light_pod, 1);
    off = scores_with(make_light_pod, 1.0);
    assert_true(off[60] > off[20]);
    assert_true(on[60] < on[20] - 10.0);
    free(on);
    free(off);
}

/* Sock puppets: 20 extra accounts that like person 0 all day long but that nobody engages. */
static void make_puppets(pr_edge_list *el, pr_node *n)
{
    add_ring(el, 0, 100, 3.0);
    for (pr_node f = 100; f < 120; f++) {
        pr_edge_list_add(el, f, 0, 90.0);
    }
    *n = 120;
}

static void make_no_puppets(pr_edge_list *el, pr_node *n)
{
    add_ring(el, 0, 100, 3.0);
    *n = 120;
}

static void test_sock_puppets_do_not_pay(void **state)
{
    (void)state;
    double *with = scores_of(make_puppets, 1), *without = scores_of(make_no_puppets, 1);
    assert_near(with[0], without[0], 1e-9);
    free(with);
    free(without);
}

static char tmpdir[512];

static const char *write_file(const char *name, const char *text)
{
    static char path[2][600];
    static int slot;
    slot ^= 1;
    snprintf(path[slot], sizeof path[slot], "%s/%s", tmpdir, name);
    FILE *f = fopen(path[slot], "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path[slot];
}

/* Score of `who` after ingesting events (with the identity map) through the default pipeline. */
static double score_from_events(const char *events, const char *identities, const char *who)
{
    pr_eval_pipeline p = PR_EVAL_PIPELINE_INIT;
    pr_ingest *ig = NULL;
    pr_graph *g = NULL;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_ingest_new(&ig, &p.ingest), PR_OK);
    assert_int_equal(pr_ingest_add_file(ig, "events", NULL, write_file("ev.tsv", events), &err),
                     PR_OK);
    assert_int_equal(pr_ingest_load_identities(ig, write_file("id.tsv", identities), &err), PR_OK);
    assert_int_equal(pr_ingest_finish(&g, ig, &err), PR_OK);
    pr_ingest_free(ig);
    pr_eval_scores sc;
    assert_int_equal(pr_eval_score_graph(&sc, &p, g, &err), PR_OK);
    double s = -1.0;
    for (pr_node v = 0; v < g->n; v++) {
        if (strcmp(pr_graph_name(g, v), who) == 0) {
            s = sc.score[v];
        }
    }
    pr_eval_scores_clear(&sc);
    pr_graph_free(g);
    assert_true(s >= 1.0);
    return s;
}

#define BASE_EVENTS                                                                                \
    "1700000000\ttwitter\tbob\treply\talice\n"                                                     \
    "1700000000\ttwitter\tcarol\tlike\talice\n"                                                    \
    "1700000000\ttwitter\talice\tlike\tbob\n"                                                      \
    "1700000000\ttwitter\tcarol\treshare\tbob\n"                                                   \
    "1700000000\ttwitter\tdave\tlike\tcarol\n"                                                     \
    "1700000000\ttwitter\tbob\tlike\tdave\n"                                                       \
    "1700000000\tfacebook\tbob\tcomment\talice\n"                                                  \
    "1700000000\tfacebook\talice\tlike\tcarol\n"                                                   \
    "1700000000\tfacebook\tcarol\tlike\tbob\n"

/* Alice's own accounts (twitter:alice, twitter:alice_alt, facebook:alice) are one person in the
 * identity map: engaging herself from any of them, or engaging herself outright, changes
 * nothing. */
static void test_own_accounts_do_not_pay(void **state)
{
    (void)state;
    const char *ids = "alice\ttwitter\talice\nalice\ttwitter\talice_alt\nalice\tfacebook\talice\n"
                      "bob\ttwitter\tbob\nbob\tfacebook\tbob\n";
    double base = score_from_events(BASE_EVENTS, ids, "alice");
    double boosted =
        score_from_events(BASE_EVENTS "1700000000\ttwitter\talice_alt\treshare\talice\t50\n"
                                      "1700000000\ttwitter\talice\treshare\talice_alt\t50\n"
                                      "1700000000\ttwitter\talice\tlike\talice\t99\n"
                                      "1700000000\tfacebook\talice\treply\talice\t99\n",
                          ids, "alice");
    assert_near(boosted, base, 1e-9);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s", pr_test_tmpdir());
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trust_teleport),
        cmocka_unit_test(test_trust_fallback_when_nobody_is_engaged),
        cmocka_unit_test(test_reciprocity_discount_hand_worked),
        cmocka_unit_test(test_exchange_hand_worked),
        cmocka_unit_test(test_bad_rules_refused),
        cmocka_unit_test(test_bought_followers_do_not_pay),
        cmocka_unit_test(test_engagement_pod_does_not_pay),
        cmocka_unit_test(test_sock_puppets_do_not_pay),
        cmocka_unit_test(test_own_accounts_do_not_pay),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char path[600];
    snprintf(path, sizeof path, "%s/ev.tsv", tmpdir);
    unlink(path);
    snprintf(path, sizeof path, "%s/id.tsv", tmpdir);
    unlink(path);
    rmdir(tmpdir);
    return rc;
}
