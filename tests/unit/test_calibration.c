/* Score calibration on a generated population of 10,000 persons (default mix, `peoplerank
 * generate`): the median score of each archetype must lie in the band issue 6 asks for, and the
 * gaming archetypes must not gain. The bands below are the targets, not measured values.
 * Needs the peoplerank binary ($PR_BIN) to generate the population; skips without it. */
#include "peoplerank/evaluate.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct fixture {
    char events[1024], labels[1024];
    pr_eval_scores sc;
    pr_label_summary *by_label;
    size_t labels_count;
} fixture;

static fixture fx;

static int setup(void **state)
{
    (void)state;
    const char *bin = getenv("PR_BIN");
    if (bin == NULL || access(bin, X_OK) != 0) {
        return -1;
    }
    const char *dir = pr_test_tmpdir();
    snprintf(fx.events, sizeof fx.events, "%s/events.tsv", dir);
    snprintf(fx.labels, sizeof fx.labels, "%s/labels.tsv", dir);
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "'%s' generate -q --persons 10000 --seed 20261124 -o '%s' --labels '%s'", bin,
             fx.events, fx.labels);
    if (system(cmd) != 0) {
        fprintf(stderr, "generate failed: %s\n", cmd);
        return -1;
    }
    pr_eval_pipeline p = PR_EVAL_PIPELINE_INIT;
    pr_error err = PR_ERROR_INIT;
    if (pr_eval_score_file(&fx.sc, &p, fx.events, &err) != PR_OK ||
        pr_eval_by_label(&fx.by_label, &fx.labels_count, fx.sc.graph, fx.sc.score, fx.labels,
                         &err) != PR_OK) {
        fprintf(stderr, "scoring failed: %s\n", err.message);
        return -1;
    }
    printf("# %-10s %7s %7s %7s %7s\n", "archetype", "count", "p10", "median", "p90");
    for (size_t i = 0; i < fx.labels_count; i++) {
        const pr_label_summary *s = &fx.by_label[i];
        printf("# %-10s %7llu %7.2f %7.2f %7.2f\n", s->label, (unsigned long long)s->count, s->p10,
               s->median, s->p90);
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pr_free(fx.by_label);
    pr_eval_scores_clear(&fx.sc);
    unlink(fx.events);
    unlink(fx.labels);
    char *slash = strrchr(fx.events, '/');
    if (slash != NULL) {
        *slash = '\0';
        rmdir(fx.events);
    }
    return 0;
}

static double median(const char *label)
{
    const pr_label_summary *s = pr_eval_find_label(fx.by_label, fx.labels_count, label);
    if (s == NULL || s->count == 0) {
        fail_msg("no %s in the population", label);
    }
    return s->median;
}

static void assert_band(const char *label, double lo, double hi)
{
    double m = median(label);
    if (!(m >= lo && m <= hi)) {
        fail_msg("%s median %.2f is outside its band %g-%g", label, m, lo, hi);
    }
}

static void test_newcomer_band(void **state)
{
    (void)state;
    assert_band("newcomer", 10, 15);
}

static void test_casual_band(void **state)
{
    (void)state;
    assert_band("casual", 20, 30);
}

static void test_daily_band(void **state)
{
    (void)state;
    assert_band("daily", 40, 45);
}

static void test_marketer_band(void **state)
{
    (void)state;
    assert_band("marketer", 55, 70);
}

static void test_celebrity_band(void **state)
{
    (void)state;
    assert_band("celebrity", 85, 100);
}

static void test_bought_followers_do_not_pay(void **state)
{
    (void)state;
    double bought = median("bought"), casual = median("casual");
    if (!(bought <= casual + 2.0)) {
        fail_msg("bought followers median %.2f > casual median %.2f + 2", bought, casual);
    }
}

static void test_engagement_pods_do_not_pay(void **state)
{
    (void)state;
    double pod = median("pod"), daily = median("daily");
    if (!(pod < 30.0 && pod < daily)) {
        fail_msg("pod median %.2f not below 30 and the daily median %.2f", pod, daily);
    }
}

static void test_spam_bots_do_not_pay(void **state)
{
    (void)state;
    double spam = median("spam"), casual = median("casual");
    if (!(spam <= casual)) {
        fail_msg("spam median %.2f > casual median %.2f", spam, casual);
    }
}

/* Fake followers are never engaged: no trust, no rank passed on, the lowest score. */
static void test_fakes_score_one(void **state)
{
    (void)state;
    const pr_label_summary *s = pr_eval_find_label(fx.by_label, fx.labels_count, "fake");
    assert_non_null(s);
    assert_true(s->p90 == 1.0);
    assert_true(fx.sc.trusted < fx.sc.graph->n - s->count + 1);
}

/* The average person of those who count scores 40: the mean earned rank maps to 40 exactly. */
static void test_average_person_scores_40(void **state)
{
    (void)state;
    pr_graph *g = fx.sc.graph;
    double *earned = malloc(g->n * sizeof *earned);
    assert_non_null(earned);
    pr_score_earned(earned, g, fx.sc.rank, 0.85);
    double ref = pr_score_reference(earned, fx.sc.teleport, g->n);
    pr_scale s = PR_SCALE_INIT;
    double at_mean = pr_score_relative(&s, ref / ref);
    free(earned);
    if (!(at_mean > 39.999999 && at_mean < 40.000001)) {
        fail_msg("the average person scores %.6f", at_mean);
    }
}

int main(void)
{
    const char *bin = getenv("PR_BIN");
    if (bin == NULL || access(bin, X_OK) != 0) {
        printf("skip: PR_BIN is not an executable peoplerank\n");
        return PR_TEST_SKIP;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_newcomer_band),
        cmocka_unit_test(test_casual_band),
        cmocka_unit_test(test_daily_band),
        cmocka_unit_test(test_marketer_band),
        cmocka_unit_test(test_celebrity_band),
        cmocka_unit_test(test_bought_followers_do_not_pay),
        cmocka_unit_test(test_engagement_pods_do_not_pay),
        cmocka_unit_test(test_spam_bots_do_not_pay),
        cmocka_unit_test(test_fakes_score_one),
        cmocka_unit_test(test_average_person_scores_40),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
