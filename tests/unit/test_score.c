/* The score scale (src/score/score.c) in closed form: the median person scores 30, the logistic
 * formula, monotonicity and bounds, and the earned rank on a hand-worked graph. */
#include "peoplerank/score.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include <math.h>
#include <stdlib.h>

static void test_median_scores_30(void **state)
{
    (void)state;
    pr_scale s = PR_SCALE_INIT;
    assert_near(pr_score_relative(&s, 1.0), 30.0, 1e-12);
    assert_near(pr_score(&s, 1.0 / 1000.0, 1000), 30.0, 1e-12);
    /* whatever the slope */
    s.slope = 2.5;
    assert_near(pr_score_relative(&s, 1.0), 30.0, 1e-12);
}

/* score = 1 + 99 / (1 + exp(-(slope ln rel + offset))), offset = ln(29/70): at rel = e^(1/slope)
 * the logit is 1 + ln(29/70), so (score - 1) / (100 - score) = e * 29/70. */
static void test_formula(void **state)
{
    (void)state;
    pr_scale s = PR_SCALE_INIT;
    double rel = exp(1.0 / s.slope);
    double score = pr_score_relative(&s, rel);
    assert_near((score - 1.0) / (100.0 - score), exp(1.0) * 29.0 / 70.0, 1e-9);
    /* symmetric in log: rel and 1/rel are mirror images around the offset */
    double up = pr_score_relative(&s, 7.0), down = pr_score_relative(&s, 1.0 / 7.0);
    double lu = log((up - 1.0) / (100.0 - up)), ld = log((down - 1.0) / (100.0 - down));
    assert_near(0.5 * (lu + ld), log(29.0 / 70.0), 1e-9);
}

static void test_monotonic_and_bounded(void **state)
{
    (void)state;
    pr_scale s = PR_SCALE_INIT;
    double prev = 0.0;
    for (double rel = 1e-9; rel < 1e9; rel *= 1.7) {
        double sc = pr_score_relative(&s, rel);
        assert_true(sc > prev);
        assert_true(sc >= 1.0 && sc <= 100.0);
        prev = sc;
    }
    assert_true(pr_score_relative(&s, 0.0) == 1.0);
    assert_true(pr_score_relative(&s, -3.0) == 1.0);
    assert_true(pr_score_relative(&s, NAN) == 1.0);
}

static void test_round(void **state)
{
    (void)state;
    assert_near(pr_score_round(42.123456), 42.12, 1e-12);
    assert_near(pr_score_round(42.125001), 42.13, 1e-12);
}

/* Graph: 1->0 (w 2), 2->0 (w 1), 2->1 (w 3), 0->2 (w 1); out_w[2] is 8 (a discount leaked 4).
 * With ranks r = (0.5, 0.3, 0.2) and d = 0.85:
 *   e0 = 0.85 (0.3 * 2/2 + 0.2 * 1/8) = 0.85 * 0.325   = 0.27625
 *   e1 = 0.85 (0.2 * 3/8)             = 0.85 * 0.075   = 0.06375
 *   e2 = 0.85 (0.5 * 1/1)             = 0.425 */
static void test_earned_hand_worked(void **state)
{
    (void)state;
    pr_edge_list el = PR_EDGE_LIST_INIT;
    pr_edge_list_add(&el, 1, 0, 2.0);
    pr_edge_list_add(&el, 2, 0, 1.0);
    pr_edge_list_add(&el, 2, 1, 3.0);
    pr_edge_list_add(&el, 0, 2, 1.0);
    pr_graph *g = NULL;
    assert_int_equal(pr_graph_build(&g, &el, 3, 0, NULL), PR_OK);
    pr_edge_list_clear(&el);
    g->out_w[2] = 8.0;
    double r[3] = {0.5, 0.3, 0.2}, e[3];
    pr_score_earned(e, g, r, 0.85);
    assert_near(e[0], 0.27625, 1e-15);
    assert_near(e[1], 0.06375, 1e-15);
    assert_near(e[2], 0.425, 1e-15);

    /* reference over nodes 0 and 1 only (teleport 0 at node 2): one window of 1, the first of
     * the two (ratio 1 each): 0.06375 */
    double t[3] = {0.5, 0.5, 0.0}, ref = 0.0;
    assert_int_equal(pr_score_reference(&ref, e, t, 3), PR_OK);
    assert_near(ref, 0.06375, 1e-15);
    /* all three (0.06375 0.27625 0.425): windows of 2, ratios 4.33 and 1.54: sqrt(0.27625 0.425) */
    assert_int_equal(pr_score_reference(&ref, e, NULL, 3), PR_OK);
    assert_near(ref, sqrt(0.27625 * 0.425), 1e-15);

    pr_scale s = PR_SCALE_INIT;
    double score[3];
    assert_int_equal(pr_score_graph(score, &s, g, r, t, 0.85), PR_OK);
    assert_near(score[0], pr_score_relative(&s, 0.27625 / 0.06375), 1e-12);
    assert_near(score[1], 30.0, 1e-12);
    assert_near(score[2], pr_score_relative(&s, 0.425 / 0.06375), 1e-12);
    pr_graph_free(g);
}

/* The reference is the middle of the densest half: one heavy account moves nobody's score, nor
 * does a group far below or above the bulk; when more than half earned nothing it falls back to
 * the mean, so the others are still told apart. */
static void test_reference_typical(void **state)
{
    (void)state;
    /* sorted 1 2 3 5 1000, windows of 3: ratios 3, 2.5, 333: the middle of 2 3 5 */
    double e[5] = {1.0, 3.0, 2.0, 1000.0, 5.0}, ref = 0.0;
    assert_int_equal(pr_score_reference(&ref, e, NULL, 5), PR_OK);
    assert_near(ref, 3.0, 0.0);
    e[3] = 1e9;
    assert_int_equal(pr_score_reference(&ref, e, NULL, 5), PR_OK);
    assert_near(ref, 3.0, 0.0);
    /* a bulk at 1-1.3 and three far above: the window of 4 is 1 1.1 1.2 1.3, its middle the
     * geometric mean of 1.1 and 1.2 (the median would be 1.3, and it would move with the group) */
    double b[7] = {30.0, 1.2, 10.0, 1.0, 20.0, 1.3, 1.1};
    assert_int_equal(pr_score_reference(&ref, b, NULL, 7), PR_OK);
    assert_near(ref, sqrt(1.1 * 1.2), 1e-15);
    /* accounts that earned nothing are below every window while positive ones fill half */
    double z0[5] = {0.0, 0.0, 4.0, 5.0, 6.0};
    assert_int_equal(pr_score_reference(&ref, z0, NULL, 5), PR_OK);
    assert_near(ref, 5.0, 0.0);
    double z[4] = {0.0, 0.0, 0.0, 8.0};
    assert_int_equal(pr_score_reference(&ref, z, NULL, 4), PR_OK);
    assert_near(ref, 2.0, 0.0);
    assert_int_equal(pr_score_reference(&ref, z, NULL, 0), PR_OK);
    assert_near(ref, 0.0, 0.0);
}

/* Nobody earned anything (no edges): everyone scores 1, no division by zero. */
static void test_no_edges(void **state)
{
    (void)state;
    pr_edge_list el = PR_EDGE_LIST_INIT;
    pr_graph *g = NULL;
    assert_int_equal(pr_graph_build(&g, &el, 4, 0, NULL), PR_OK);
    double r[4] = {0.25, 0.25, 0.25, 0.25}, score[4];
    pr_scale s = PR_SCALE_INIT;
    assert_int_equal(pr_score_graph(score, &s, g, r, NULL, 0.85), PR_OK);
    for (int i = 0; i < 4; i++) {
        assert_true(score[i] == 1.0);
    }
    pr_graph_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_median_scores_30),      cmocka_unit_test(test_formula),
        cmocka_unit_test(test_monotonic_and_bounded), cmocka_unit_test(test_round),
        cmocka_unit_test(test_earned_hand_worked),    cmocka_unit_test(test_no_edges),
        cmocka_unit_test(test_reference_typical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
