/* Rank agreement metrics (graph/common/rank_stats.c, src/evaluate/evaluate_metrics.c): hand-worked
 * values, and Kendall tau-b and Spearman against a brute-force O(n^2) reference written here
 * from the textbook definitions. */
#include "peoplerank/evaluate.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include <math.h>
#include <stdlib.h>

/* pairs: (1,2) c (1,3) c (1,4) c (2,3) d (2,4) c (3,4) c -> tau = 4/6; sum d^2 = 2 ->
 * rho = 1 - 6*2 / (4*15) = 0.8. */
static void test_hand_worked(void **state)
{
    (void)state;
    double x[] = {1, 2, 3, 4}, y[] = {1, 3, 2, 4};
    assert_near(pr_stat_kendall_tau_b(x, y, 4), 4.0 / 6.0, 1e-15);
    assert_near(pr_stat_spearman(x, y, 4), 0.8, 1e-15);
    double rev[] = {4, 3, 2, 1};
    assert_near(pr_stat_kendall_tau_b(x, rev, 4), -1.0, 1e-15);
    assert_near(pr_stat_spearman(x, rev, 4), -1.0, 1e-15);
}

/* x = (1,1,2,3), y = (1,2,2,3): C = 4, D = 0, one tie in x, one in y:
 * tau_b = 4 / sqrt((6-1)(6-1)) = 0.8. Ranks x = (1.5,1.5,3,4), y = (1,2.5,2.5,4). */
static void test_ties(void **state)
{
    (void)state;
    double x[] = {1, 1, 2, 3}, y[] = {1, 2, 2, 3};
    assert_near(pr_stat_kendall_tau_b(x, y, 4), 0.8, 1e-15);
    double dx[] = {-1, -1, 0.5, 1.5}, dy[] = {-1.5, 0, 0, 1.5};
    double sxy = 0, sxx = 0, syy = 0;
    for (int i = 0; i < 4; i++) {
        sxy += dx[i] * dy[i];
        sxx += dx[i] * dx[i];
        syy += dy[i] * dy[i];
    }
    assert_near(pr_stat_spearman(x, y, 4), sxy / sqrt(sxx * syy), 1e-15);
}

static void test_degenerate(void **state)
{
    (void)state;
    double x[] = {1, 1, 1}, y[] = {1, 2, 3};
    assert_true(isnan(pr_stat_kendall_tau_b(x, y, 3)));
    assert_true(isnan(pr_stat_spearman(x, y, 3)));
    assert_true(isnan(pr_stat_spearman(y, y, 1)));
    assert_true(isnan(pr_eval_precision_at_k(y, y, 3, 0)));
}

static double brute_tau_b(const double *x, const double *y, size_t n)
{
    double c = 0, d = 0, tx = 0, ty = 0, n0 = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            double sx = (x[i] > x[j]) - (x[i] < x[j]), sy = (y[i] > y[j]) - (y[i] < y[j]);
            n0++;
            tx += sx == 0;
            ty += sy == 0;
            c += sx * sy > 0;
            d += sx * sy < 0;
        }
    }
    return (c - d) / sqrt((n0 - tx) * (n0 - ty));
}

static void brute_ranks(double *r, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double less = 0, equal = 0;
        for (size_t j = 0; j < n; j++) {
            less += v[j] < v[i];
            equal += v[j] == v[i];
        }
        r[i] = less + (equal + 1) / 2.0;
    }
}

static void test_against_brute_force(void **state)
{
    (void)state;
    enum { N = 400 };
    double x[N], y[N], rx[N], ry[N];
    uint64_t s = 12345;
    for (int trial = 0; trial < 5; trial++) {
        for (int i = 0; i < N; i++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            x[i] = (double)((s >> 33) % 50); /* many ties */
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            y[i] = x[i] * (trial - 2) + (double)((s >> 33) % 40);
        }
        assert_near(pr_stat_kendall_tau_b(x, y, N), brute_tau_b(x, y, N), 1e-12);
        brute_ranks(rx, x, N);
        brute_ranks(ry, y, N);
        double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < N; i++) {
            mx += rx[i] / N;
            my += ry[i] / N;
        }
        for (int i = 0; i < N; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        assert_near(pr_stat_spearman(x, y, N), sxy / sqrt(sxx * syy), 1e-12);
    }
}

/* Top 2 predicted: items 3, 0 (9 and 8); top 2 actual: items 3, 1 -> precision 1/2. Top 3
 * actual (3, 1, 2 by index on the tie at 5) vs predicted (3, 0, 2) -> 2/3. */
static void test_precision_at_k(void **state)
{
    (void)state;
    double pred[] = {8, 1, 7, 9, 0}, actual[] = {0, 6, 5, 9, 5};
    assert_near(pr_eval_precision_at_k(pred, actual, 5, 2), 0.5, 1e-15);
    assert_near(pr_eval_precision_at_k(pred, actual, 5, 3), 2.0 / 3.0, 1e-15);
    assert_near(pr_eval_precision_at_k(pred, actual, 5, 99), 1.0, 1e-15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_worked),    cmocka_unit_test(test_ties),
        cmocka_unit_test(test_degenerate),     cmocka_unit_test(test_against_brute_force),
        cmocka_unit_test(test_precision_at_k),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
