/* Score stability on a generated population of 3,000 persons (issue 6): one more day of ordinary
 * activity moves 99% of the persons by less than 2 points, and every one of 50 daily users (100
 * accounts) who go quiet loses at most 5 points in 7 days, and clearly more after 30 (median
 * drop above 5 and at least 3 more than after 7). Needs $PR_BIN to generate the population;
 * skips without it. */
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

#define DAY_E 1795564799LL  /* 2026-11-24T23:59:59Z */
#define DAY_E1 1795651199LL /* 2026-11-25T23:59:59Z */

static char events[1024], quiet[1024], labels[1024];

typedef struct named {
    const char *name;
    double score;
} named;

static int by_name(const void *a, const void *b)
{
    return strcmp(((const named *)a)->name, ((const named *)b)->name);
}

/* Scores every account of the events file as of `as_of`; *out sorted by name, names owned by
 * the returned scores (clear them after use). */
static named *score_all(pr_eval_scores *sc, const char *path, int64_t as_of)
{
    pr_eval_pipeline p = PR_EVAL_PIPELINE_INIT;
    p.ingest.as_of = as_of;
    pr_error err = PR_ERROR_INIT;
    if (pr_eval_score_file(sc, &p, path, &err) != PR_OK) {
        fail_msg("scoring %s: %s", path, err.message);
    }
    named *v = malloc(sc->graph->n * sizeof *v);
    assert_non_null(v);
    for (pr_node i = 0; i < sc->graph->n; i++) {
        v[i].name = pr_graph_name(sc->graph, i);
        v[i].score = sc->score[i];
    }
    qsort(v, sc->graph->n, sizeof *v, by_name);
    return v;
}

static double score_of(const named *v, size_t n, const char *name)
{
    named key = {name, 0.0};
    const named *hit = bsearch(&key, v, n, sizeof *v, by_name);
    return hit ? hit->score : -1.0;
}

static int generate(void)
{
    const char *bin = getenv("PR_BIN");
    const char *dir = pr_test_tmpdir();
    snprintf(events, sizeof events, "%s/events.tsv", dir);
    snprintf(quiet, sizeof quiet, "%s/quiet.tsv", dir);
    snprintf(labels, sizeof labels, "%s/labels.tsv", dir);
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "'%s' generate -q --persons 3000 --days 91 --end 2026-11-25 -o '%s' --labels '%s'",
             bin, events, labels);
    return system(cmd) == 0 ? 0 : -1;
}

/* Persons: every account but the fake followers ("fake_" handles). */
static void test_one_more_day(void **state)
{
    (void)state;
    pr_eval_scores a, b;
    named *va = score_all(&a, events, DAY_E), *vb = score_all(&b, events, DAY_E1);
    uint64_t persons = 0, steady = 0;
    for (pr_node i = 0; i < a.graph->n; i++) {
        if (strstr(va[i].name, ":fake_") != NULL) {
            continue;
        }
        double after = score_of(vb, b.graph->n, va[i].name);
        persons++;
        steady += after >= 0.0 && after - va[i].score < 2.0 && va[i].score - after < 2.0;
    }
    printf("# one more day: %llu of %llu persons moved less than 2 points\n",
           (unsigned long long)steady, (unsigned long long)persons);
    assert_true(persons > 3000);
    assert_true((double)steady >= 0.99 * (double)persons);
    free(va);
    free(vb);
    pr_eval_scores_clear(&a);
    pr_eval_scores_clear(&b);
}

/* Copies the events as of DAY_E without anything done by or to daily_0000..daily_0049 in the
 * last `days` days. */
static void write_quiet(int days)
{
    FILE *in = fopen(events, "r"), *out = fopen(quiet, "w");
    assert_non_null(in);
    assert_non_null(out);
    long long cut = DAY_E + 1 - (long long)days * 86400;
    char line[512];
    while (fgets(line, sizeof line, in) != NULL) {
        long long ts = atoll(line);
        if (line[0] == '#' || ts > DAY_E) {
            continue;
        }
        int involved = 0;
        for (const char *p = strstr(line, "\tdaily_00"); p != NULL;
             p = strstr(p + 1, "\tdaily_00")) {
            involved |= p[9] >= '0' && p[9] <= '4' && p[10] >= '0' && p[10] <= '9' &&
                        (p[11] == '\t' || p[11] == '\n');
        }
        if (!(involved && ts >= cut)) {
            fputs(line, out);
        }
    }
    fclose(in);
    fclose(out);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct drop_stats {
    double median, min, max;
    char worst[64];
} drop_stats;

/* Score drops of the quiet daily users' accounts after `days` quiet days. */
static drop_stats drops_after(const named *base, size_t nbase, int days)
{
    write_quiet(days);
    pr_eval_scores q;
    named *vq = score_all(&q, quiet, DAY_E);
    drop_stats st = {0.0, 0.0, -1.0, ""};
    double drops[200];
    size_t n = 0;
    char name[64];
    for (int i = 0; i < 50; i++) {
        for (int net = 0; net < 2; net++) {
            snprintf(name, sizeof name, "%s:daily_%04d", net ? "facebook" : "twitter", i);
            double before = score_of(base, nbase, name);
            double after = score_of(vq, q.graph->n, name);
            assert_true(before >= 1.0);
            drops[n] = before - (after >= 1.0 ? after : 1.0);
            if (drops[n] > st.max) {
                st.max = drops[n];
                snprintf(st.worst, sizeof st.worst, "%s", name);
            }
            n++;
        }
    }
    qsort(drops, n, sizeof drops[0], cmp_double);
    free(vq);
    pr_eval_scores_clear(&q);
    st.median = 0.5 * (drops[n / 2 - 1] + drops[n / 2]);
    st.min = drops[0];
    return st;
}

static void test_quiet_daily_users(void **state)
{
    (void)state;
    pr_eval_scores base;
    named *vb = score_all(&base, events, DAY_E);
    drop_stats week = drops_after(vb, base.graph->n, 7);
    drop_stats month = drops_after(vb, base.graph->n, 30);
    printf("# quiet daily users, 7 days: drop median %.2f, min %.2f, max %.2f (%s)\n", week.median,
           week.min, week.max, week.worst);
    printf("# quiet daily users, 30 days: drop median %.2f, min %.2f, max %.2f\n", month.median,
           month.min, month.max);
    /* every quiet daily user loses something, none more than 5 points in a week */
    assert_true(week.min > 0.0);
    assert_true(week.max <= 5.0);
    /* a month later the score has clearly fallen */
    assert_true(month.median > 5.0);
    assert_true(month.median >= week.median + 3.0);
    free(vb);
    pr_eval_scores_clear(&base);
}

int main(void)
{
    const char *bin = getenv("PR_BIN");
    if (bin == NULL || access(bin, X_OK) != 0) {
        printf("skip: PR_BIN is not an executable peoplerank\n");
        return PR_TEST_SKIP;
    }
    if (generate() != 0) {
        fprintf(stderr, "generate failed\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_more_day),
        cmocka_unit_test(test_quiet_daily_users),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    unlink(events);
    unlink(quiet);
    unlink(labels);
    char *slash = strrchr(events, '/');
    if (slash != NULL) {
        *slash = '\0';
        rmdir(events);
    }
    return rc;
}
