/* Snapshot comparison: the O(n log n) Kendall tau-b and Spearman rho against naive O(n^2) /
 * textbook implementations (with many ties), RBO and Jaccard on hand-worked lists, and
 * pr_snapshot_compare on snapshots whose differences are known by construction. */
#include "peoplerank/snapshot.h"
#include "peoplerank/snapshot_compare.h"
#include "test_snapshot_fixture.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define AS_OF 1795996800

/* Kendall's tau-b straight from the definition: every pair. */
static double naive_tau_b(const double *x, const double *y, uint64_t n)
{
    double conc = 0, disc = 0, tx = 0, ty = 0;
    for (uint64_t i = 0; i < n; i++) {
        for (uint64_t j = i + 1; j < n; j++) {
            double dx = x[i] - x[j], dy = y[i] - y[j];
            if (dx == 0 && dy == 0) {
                continue;
            } else if (dx == 0) {
                tx++;
            } else if (dy == 0) {
                ty++;
            } else if ((dx > 0) == (dy > 0)) {
                conc++;
            } else {
                disc++;
            }
        }
    }
    return (conc - disc) / sqrt((conc + disc + tx) * (conc + disc + ty));
}

/* Average ranks by counting: rank(v) = #less + (#equal + 1) / 2. O(n^2). */
static void naive_ranks(double *r, const double *v, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        double less = 0, eq = 0;
        for (uint64_t j = 0; j < n; j++) {
            less += v[j] < v[i];
            eq += v[j] == v[i];
        }
        r[i] = less + (eq + 1) / 2;
    }
}

static double naive_spearman(const double *x, const double *y, uint64_t n)
{
    double *rx = malloc(n * sizeof *rx), *ry = malloc(n * sizeof *ry);
    naive_ranks(rx, x, n);
    naive_ranks(ry, y, n);
    double mx = (double)(n + 1) / 2, sxy = 0, sxx = 0, syy = 0;
    for (uint64_t i = 0; i < n; i++) {
        sxy += (rx[i] - mx) * (ry[i] - mx);
        sxx += (rx[i] - mx) * (rx[i] - mx);
        syy += (ry[i] - mx) * (ry[i] - mx);
    }
    free(rx);
    free(ry);
    return sxy / sqrt(sxx * syy);
}

static int descending(const void *a, const void *b)
{
    double u = *(const double *)a, v = *(const double *)b;
    return (u < v) - (u > v);
}

static void test_correlations_against_naive(void **state)
{
    (void)state;
    uint64_t seed = 12345;
    for (int trial = 0; trial < 40; trial++) {
        uint64_t n = 2 + fx_rng(&seed) % 700;
        unsigned levels = 1 + (unsigned)(fx_rng(&seed) % 50); /* few levels: many ties */
        double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
        for (uint64_t i = 0; i < n; i++) {
            x[i] = (double)(fx_rng(&seed) % (levels + 1)) - 3.0;
        }
        if (trial % 2) { /* x in rank order, as compare has it: the path without an x sort */
            qsort(x, n, sizeof *x, descending);
        }
        for (uint64_t i = 0; i < n; i++) {
            y[i] = trial % 3 == 0 ? x[i] * 0.5 + (double)(fx_rng(&seed) % 3)
                                  : (double)(fx_rng(&seed) % (levels * 2 + 1)) * 1e-7;
            if (i % 5 == 0) {
                y[i] = -0.0; /* -0 and +0 must tie */
            } else if (i % 7 == 0) {
                y[i] = 0.0;
            }
        }
        double want_tau = naive_tau_b(x, y, n), got_tau = pr_stat_kendall_tau_b(x, y, n);
        double want_rho = naive_spearman(x, y, n), got_rho = pr_stat_spearman(x, y, n);
        if (isnan(want_tau)) {
            assert_true(isnan(got_tau));
        } else {
            assert_near(got_tau, want_tau, 1e-12);
        }
        if (isnan(want_rho)) {
            assert_true(isnan(got_rho));
        } else {
            assert_near(got_rho, want_rho, 1e-12);
        }
        free(x);
        free(y);
    }
}

static void test_correlations_closed_form(void **state)
{
    (void)state;
    double x[] = {1, 2, 3, 4, 5}, rev[] = {5, 4, 3, 2, 1}, cst[] = {1, 1, 1, 1, 1};
    assert_near(pr_stat_kendall_tau_b(x, x, 5), 1.0, 1e-15);
    assert_near(pr_stat_kendall_tau_b(x, rev, 5), -1.0, 1e-15);
    assert_near(pr_stat_spearman(x, rev, 5), -1.0, 1e-15);
    assert_true(isnan(pr_stat_kendall_tau_b(x, cst, 5)));
    assert_true(isnan(pr_stat_spearman(x, x, 1)));
    /* One swap of neighbours among 4: tau = (5 - 1) / 6; rho = 1 - 6 * 2 / (4 * 15). */
    double a[] = {1, 2, 3, 4}, b[] = {2, 1, 3, 4};
    assert_near(pr_stat_kendall_tau_b(a, b, 4), 4.0 / 6.0, 1e-15);
    assert_near(pr_stat_spearman(a, b, 4), 0.8, 1e-15);
}

/* RBO_ext by hand: A = abcd, B = bacd. X = 0, 2, 3, 4 at depths 1..4.
 * RBO_ext = X_4/4 p^4 + (1-p)/p * sum_d X_d/d p^d. */
static void test_rbo_hand_worked(void **state)
{
    (void)state;
    uint64_t x[] = {0, 2, 3, 4};
    double p = 0.9;
    double want = 1.0 * pow(p, 4) + (1 - p) / p * (0 + 1.0 * p * p + 1.0 * pow(p, 3) + pow(p, 4));
    assert_near(pr_stat_rbo(x, 4, p), want, 1e-15);
    uint64_t same[] = {1, 2, 3, 4, 5}, none[] = {0, 0, 0, 0, 0};
    assert_near(pr_stat_rbo(same, 5, 0.98), 1.0, 1e-12);
    assert_near(pr_stat_rbo(none, 5, 0.98), 0.0, 0.0);
}

static char *write_pop(const char *dir, const population *p, int64_t as_of)
{
    pr_snapshot_meta m = fx_meta(as_of, p->n);
    pr_snapshot_columns c = fx_columns(p);
    pr_error err = PR_ERROR_INIT;
    char *path = NULL;
    if (pr_snapshot_write(&path, dir, &m, &c, &err) != PR_OK) {
        fail_msg("write: %s", err.message);
    }
    return path;
}

static pr_snapshot *open_ok(const char *path)
{
    pr_snapshot *s = NULL;
    pr_error err = PR_ERROR_INIT;
    if (pr_snapshot_open(&s, path, &err) != PR_OK) {
        fail_msg("open: %s", err.message);
    }
    return s;
}

/* B = A without its last 100 persons, plus 50 new ones, with one person lifted to the top and
 * the former top person dropped to the bottom of the common persons. */
static void test_compare_known_differences(void **state)
{
    (void)state;
    const char *dir = pr_test_tmpdir(), *dir2 = NULL;
    char d2[4096];
    snprintf(d2, sizeof d2, "%s/b", dir);
    mkdir(d2, 0755);
    dir2 = d2;
    population a = fx_population(3000, 21, 0, "p:");
    population b = fx_population(2950, 21, 0, "p:"); /* placeholders, rewritten below */
    uint64_t *order = fx_expected_order(&a);
    /* B's persons: A's first 2900 by rank, same ranks, plus 50 newcomers at the bottom. */
    for (uint64_t k = 0; k < 2900; k++) {
        free(b.name[k]);
        b.name[k] = strdup(a.name[order[k]]);
        b.rank[k] = a.rank[order[k]];
    }
    for (uint64_t k = 2900; k < 2950; k++) {
        char buf[32];
        snprintf(buf, sizeof buf, "new:%02llu", (unsigned long long)(k - 2900));
        free(b.name[k]);
        b.name[k] = strdup(buf);
        b.rank[k] = 1e-12 * (double)(k - 2899);
    }
    b.rank[0] = a.rank[order[2899]] * 0.5; /* A's top falls to the end of the common ones */
    b.rank[1500] = a.rank[order[0]] * 2.0; /* A's 1501st rises to the top */
    for (uint64_t k = 0; k < 2950; k++) {  /* scores follow the ranks (records sort by score) */
        b.score[k] = round((1.0 + 99.0 * fmin(1.0, sqrt(b.rank[k] / 2.5e-3))) * 100.0) / 100.0;
    }
    fx_percentiles(&b);
    char *pa = write_pop(dir, &a, AS_OF), *pb = write_pop(dir2, &b, AS_OF + 86400);
    pr_snapshot *sa = open_ok(pa), *sb = open_ok(pb);
    pr_snapshot_comparison c;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_snapshot_compare(&c, sa, sb, &err), PR_OK);
    assert_int_equal(c.count_a, 3000);
    assert_int_equal(c.count_b, 2950);
    assert_int_equal(c.common, 2900);
    assert_int_equal(c.removed, 100);
    assert_int_equal(c.added, 50);
    assert_int_equal(c.added_count, PR_COMPARE_MOVERS);
    assert_string_equal(c.added_top[0].name, "new:49"); /* the best newcomer */
    assert_int_equal(c.removed_top[0].pos_a, 2901);
    assert_string_equal(c.risers[0].name, a.name[order[1500]]);
    assert_int_equal(c.risers[0].pos_a, 1501);
    assert_int_equal(c.risers[0].pos_b, 1);
    assert_string_equal(c.fallers[0].name, a.name[order[0]]);
    assert_int_equal(c.fallers[0].pos_a, 1);
    assert_int_equal(c.fallers[0].pos_b, 2900);
    /* Jaccard top 10: B's top 10 = A's 1501st + A's 2nd..10th: 9 shared of 11. */
    assert_near(c.jaccard[0], 9.0 / 11.0, 1e-15);
    assert_true(c.kendall_tau_b > 0.99 && c.kendall_tau_b < 1.0);
    assert_true(c.rbo_090 < c.rbo_098 && c.rbo_098 < 1.0);
    /* Against the naive statistics over the common persons. */
    double *x = malloc(2900 * sizeof *x), *y = malloc(2900 * sizeof *y);
    for (uint64_t k = 0; k < 2900; k++) {
        x[k] = a.rank[order[k]];
        y[k] = b.rank[k];
    }
    assert_near(c.kendall_tau_b, naive_tau_b(x, y, 2900), 1e-12);
    assert_near(c.spearman, naive_spearman(x, y, 2900), 1e-12);
    pr_snapshot_comparison_clear(&c);
    assert_int_equal(pr_snapshot_compare(&c, sa, sa, &err), PR_OK);
    assert_near(c.rbo_090, 1.0, 1e-12);
    assert_near(c.kendall_tau_b, 1.0, 1e-15);
    assert_int_equal(c.risers_count + c.fallers_count + c.added + c.removed, 0);
    pr_snapshot_comparison_clear(&c);
    free(x);
    free(y);
    free(order);
    pr_snapshot_close(sa);
    pr_snapshot_close(sb);
    pr_free(pa);
    pr_free(pb);
    fx_population_free(&a);
    fx_population_free(&b);
    fx_rm_rf(dir2);
    fx_rm_rf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_correlations_against_naive),
        cmocka_unit_test(test_correlations_closed_form),
        cmocka_unit_test(test_rbo_hand_worked),
        cmocka_unit_test(test_compare_known_differences),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
