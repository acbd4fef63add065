/* The job's building blocks: the name index (graph/csr/name_index.c) and the per-person combination
 * of per-network ranks (pr_job__combine). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "peoplerank/name_index.h"
#include "job_internal.h" /* test-only include path: src/job */

#include <stdio.h>
#include <string.h>

static void index_finds_every_name_and_only_those(void **state)
{
    (void)state;
    enum { N = 5000 };
    static char storage[N][24];
    static const char *names[N];
    for (int i = 0; i < N; i++) {
        snprintf(storage[i], sizeof storage[i], "net:user_%d", i * 7);
        names[i] = storage[i];
    }
    pr_name_index idx;
    assert_int_equal(pr_name_index_build(&idx, names, NULL, N), PR_OK);
    for (int i = 0; i < N; i++) {
        assert_int_equal(pr_name_index_find(&idx, names[i]), (pr_node)i);
    }
    assert_int_equal(pr_name_index_find(&idx, "net:user_1"), PR_NODE_NONE);
    assert_int_equal(pr_name_index_find(&idx, ""), PR_NODE_NONE);
    pr_name_index_free(&idx);
}

static void index_maps_to_values_and_first_duplicate_wins(void **state)
{
    (void)state;
    const char *names[] = {"a", "b", "a", "c"};
    const pr_node values[] = {10, 20, 30, PR_NODE_NONE};
    pr_name_index idx;
    assert_int_equal(pr_name_index_build(&idx, names, values, 4), PR_OK);
    assert_int_equal(pr_name_index_find(&idx, "a"), 10);
    assert_int_equal(pr_name_index_find(&idx, "b"), 20);
    assert_int_equal(pr_name_index_find(&idx, "c"), PR_NODE_NONE);
    pr_name_index_free(&idx);
}

static void index_survives_allocation_failure(void **state)
{
    (void)state;
    const char *names[] = {"a"};
    pr_name_index idx;
    pr_alloc_fail_after(0);
    int rc = pr_name_index_build(&idx, names, NULL, 1);
    pr_alloc_fail_after(-1);
    assert_int_equal(rc, PR_ENOMEM);
    pr_name_index_free(&idx);
}

/* Two networks of ranks (each summing to 1): persons 0 and 1 have an account on each; person 2
 * only on the second; one account belongs to nobody. Combined = sum / 2 by hand. */
static void combine_sums_accounts_over_networks(void **state)
{
    (void)state;
    double person[3] = {0, 0, 0};
    const double net_a[2] = {0.75, 0.25};
    const pr_node person_a[2] = {1, 0};
    const double net_b[4] = {0.5, 0.25, 0.125, 0.125};
    const pr_node person_b[4] = {0, 2, PR_NODE_NONE, 1};
    pr_job__combine(person, net_a, person_a, 2, 2.0);
    pr_job__combine(person, net_b, person_b, 4, 2.0);
    assert_true(person[0] == (0.25 + 0.5) / 2);
    assert_true(person[1] == (0.75 + 0.125) / 2);
    assert_true(person[2] == 0.25 / 2);
    /* The identity map (NULL): account v is person v. */
    double same[2] = {0, 0};
    pr_job__combine(same, net_a, NULL, 2, 1.0);
    assert_true(same[0] == 0.75 && same[1] == 0.25);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(index_finds_every_name_and_only_those),
        cmocka_unit_test(index_maps_to_values_and_first_duplicate_wins),
        cmocka_unit_test(index_survives_allocation_failure),
        cmocka_unit_test(combine_sums_accounts_over_networks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
