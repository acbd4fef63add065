/* Snapshot writer and reader: round trip, lookups, positions, verify, publishing and the
 * atomic-write guarantees (src/snapshot/snapshot_write.c, snapshot_read.c, snapshot_publish.c). */
#include "peoplerank/snapshot.h"
#include "test_snapshot_fixture.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>

#define AS_OF 1795996800 /* 2026-11-30T00:00:00Z */

static char *write_pop(const char *dir, const population *p, int64_t as_of)
{
    pr_snapshot_meta m = fx_meta(as_of, p->n);
    pr_snapshot_columns c = fx_columns(p);
    pr_error err = PR_ERROR_INIT;
    char *path = NULL;
    int rc = pr_snapshot_write(&path, dir, &m, &c, &err);
    if (rc != PR_OK) {
        fail_msg("write: %s", err.message);
    }
    return path;
}

static pr_snapshot *open_ok(const char *path)
{
    pr_snapshot *s = NULL;
    pr_error err = PR_ERROR_INIT;
    int rc = pr_snapshot_open(&s, path, &err);
    if (rc != PR_OK) {
        fail_msg("open %s: %s", path, err.message);
    }
    return s;
}

static void check_all(pr_snapshot *s, const population *p)
{
    uint64_t *order = fx_expected_order(p);
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_snapshot_count(s), p->n);
    for (uint64_t k = 0; k < p->n; k++) {
        pr_snapshot_record r;
        uint64_t i = order[k];
        assert_int_equal(pr_snapshot_at(&r, s, k + 1, &err), PR_OK);
        assert_int_equal(r.position, k + 1);
        assert_string_equal(r.name, p->name[i]);
        assert_true(r.rank == p->rank[i]);
        assert_true(r.score == p->score[i]);
        assert_true(r.percentile == p->pct[i]);
    }
    for (uint64_t i = 0; i < p->n; i++) { /* in input order: scattered over the blocks */
        pr_snapshot_record r;
        assert_int_equal(pr_snapshot_lookup(&r, s, p->name[i], &err), PR_OK);
        assert_string_equal(r.name, p->name[i]);
        assert_true(r.rank == p->rank[i]);
        assert_true(r.score == p->score[i]);
        assert_true(r.percentile == p->pct[i]);
        assert_int_equal(p->name[order[r.position - 1]], p->name[i]);
    }
    free(order);
}

static void test_round_trip(void **state)
{
    (void)state;
    const char *dir = pr_test_tmpdir();
    population p = fx_population(5003, 7, 5, "twitter:user");
    char *path = write_pop(dir, &p, AS_OF);
    char want[4096];
    snprintf(want, sizeof want, "%s/peoplerank-2026-11-30.snap", dir);
    assert_string_equal(path, want);
    pr_snapshot *s = open_ok(path);
    check_all(s, &p);
    const pr_snapshot_meta *m = pr_snapshot_get_meta(s), w = fx_meta(AS_OF, p.n);
    assert_int_equal(m->as_of, w.as_of);
    assert_int_equal(m->created, w.created);
    assert_string_equal(m->algorithm, "pagerank");
    assert_true(m->damping == w.damping && m->tolerance == w.tolerance);
    assert_true(m->final_change == w.final_change);
    assert_true(m->scale_slope == w.scale_slope && m->scale_offset == w.scale_offset);
    assert_int_equal(m->iterations, 42);
    assert_int_equal(m->max_iterations, 1000);
    assert_int_equal(m->persons, p.n);
    assert_int_equal(m->edges, 12345);
    assert_string_equal(m->extra_json, w.extra_json);
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_snapshot_verify(s, &err), PR_OK);
    pr_snapshot_close(s);
    pr_free(path);
    fx_population_free(&p);
    fx_rm_rf(dir);
}

/* A tiny cache limit makes every call evict: results must not change. */
static void test_small_cache(void **state)
{
    (void)state;
    const char *dir = pr_test_tmpdir();
    population p = fx_population(4500, 11, 3, "bluesky:");
    char *path = write_pop(dir, &p, AS_OF);
    pr_snapshot *s = open_ok(path);
    pr_snapshot_set_cache_limit(s, 1);
    check_all(s, &p);
    pr_snapshot_close(s);
    pr_free(path);
    fx_population_free(&p);
    fx_rm_rf(dir);
}

static void test_not_found_and_positions(void **state)
{
    (void)state;
    const char *dir = pr_test_tmpdir();
    population p = fx_population(100, 3, 0, "x:");
    char *path = write_pop(dir, &p, AS_OF);
    pr_snapshot *s = open_ok(path);
    pr_snapshot_record r;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_snapshot_lookup(&r, s, "x:nobody", &err), PR_ENOTFOUND);
    assert_non_null(strstr(err.message, "x:nobody"));
    assert_int_equal(pr_snapshot_lookup(&r, s, "", &err), PR_ENOTFOUND);
    assert_int_equal(pr_snapshot_lookup(&r, s, "x:00000", &err), PR_ENOTFOUND); /* prefix */
    assert_int_equal(pr_snapshot_at(&r, s, 0, &err), PR_EINVAL);
    assert_int_equal(pr_snapshot_at(&r, s, 101, &err), PR_EINVAL);
    assert_int_equal(pr_snapshot_at(&r, s, 100, &err), PR_OK);
    assert_int_equal(pr_snapshot_lookup(&r, s, "x:000099", &err), PR_OK);
    pr_snapshot_close(s);
    pr_free(path);
    fx_population_free(&p);
    fx_rm_rf(dir);
}

/* Hand-worked: ties broken by name, percentiles 100 * lower / n. */
static void test_hand_worked_order(void **state)
{
    (void)state;
    const char *dir = pr_test_tmpdir();
    char *names[] = {"b", "a", "c", "d"};
    double rank[] = {0.25, 0.25, 0.4, 0.1}, score[] = {50, 50, 60.5, 1}, pct[] = {25, 25, 75, 0};
    pr_snapshot_columns c = {4, (const char *const *)names, rank, score, pct};
    pr_snapshot_meta m = fx_meta(AS_OF, 4);
    pr_error err = PR_ERROR_INIT;
    char *path = NULL;
    assert_int_equal(pr_snapshot_write(&path, dir, &m, &c, &err), PR_OK);
    pr_snapshot *s = open_ok(path);
    const char *want[] = {"c", "a", "b", "d"};
    for (int k = 0; k < 4; k++) {
        pr_snapshot_record r;
        assert_int_equal(pr_snapshot_at(&r, s, (uint64_t)k + 1, &err), PR_OK);
        assert_string_equal(r.name, want[k]);
    }
    pr_snapshot_record r;
    assert_int_equal(pr_snapshot_lookup(&r, s, "b", &err), PR_OK);
    assert_int_equal(r.position, 3);
    assert_true(r.percentile == 25.0 && r.score == 50.0);
    pr_snapshot_close(s);
    pr_free(path);
    fx_rm_rf(dir);
}

/* Percentiles that are not 100 * lower / n are stored as given. */
static void test_free_percentiles(void **state)
{
    (void)state;
    const char *dir = pr_test_tmpdir();
    population p = fx_population(3000, 5, 0, "fb:");
    for (uint64_t i = 0; i < p.n; i++) {
        p.pct[i] = p.pct[i] * 0.999 + 0.0001 * (double)(i % 7);
    }
    char *path = write_pop(dir, &p, AS_OF);
    pr_snapshot *s = open_ok(path);
    check_all(s, &p);
    pr_snapshot_close(s);
    pr_free(path);
    fx_population_free(&p);
    fx_rm_rf(dir);
}

static void test_empty_snapshot(void **state)
{
    (void)state;
    const char *dir = pr_test_tmpdir();
    population p = fx_population(0, 1, 0, "e:");
    char *path = write_pop(dir, &p, AS_OF);
    pr_snapshot *s = open_ok(path);
    pr_error err = PR_ERROR_INIT;
    pr_snapshot_record r;
    assert_int_equal(pr_snapshot_count(s), 0);
    assert_int_equal(pr_snapshot_lookup(&r, s, "e:1", &err), PR_ENOTFOUND);
    assert_int_equal(pr_snapshot_at(&r, s, 1, &err), PR_EINVAL);
    assert_int_equal(pr_snapshot_verify(s, &err), PR_OK);
    pr_snapshot_close(s);
    pr_free(path);
    fx_population_free(&p);
    fx_rm_rf(dir);
}

static void test_bad_columns_leave_nothing(void **state)
{
    (void)state;
    const char *dir = pr_test_tmpdir();
    population p = fx_population(50, 2, 0, "d:");
    free(p.name[7]);
    p.name[7] = strdup(p.name[30]);
    pr_snapshot_meta m = fx_meta(AS_OF, p.n);
    pr_snapshot_columns c = fx_columns(&p);
    pr_error err = PR_ERROR_INIT;
    char *path = (char *)"untouched";
    assert_int_equal(pr_snapshot_write(&path, dir, &m, &c, &err), PR_EINVAL);
    assert_null(path);
    assert_non_null(strstr(err.message, p.name[30]));
    p.score[3] = 101.0;
    free(p.name[7]);
    p.name[7] = strdup("d:unique");
    assert_int_equal(pr_snapshot_write(NULL, dir, &m, &c, &err), PR_EINVAL);
    p.score[3] = 50.0;
    p.rank[4] = NAN;
    assert_int_equal(pr_snapshot_write(NULL, dir, &m, &c, &err), PR_EINVAL);
    assert_int_equal(fx_dir_entries(dir), 0);
    fx_population_free(&p);
    fx_rm_rf(dir);
}

static void test_publish_latest(void **state)
{
    (void)state;
    const char *dir = pr_test_tmpdir();
    population a = fx_population(300, 1, 0, "a:"), b = fx_population(200, 2, 0, "b:");
    char *pa = write_pop(dir, &a, AS_OF), *pb = NULL;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_snapshot_publish_latest(dir, pa, &err), PR_OK);
    char latest[4096], target[256];
    snprintf(latest, sizeof latest, "%s/latest", dir);
    ssize_t k = readlink(latest, target, sizeof target - 1);
    assert_true(k > 0);
    target[k] = 0;
    assert_string_equal(target, "peoplerank-2026-11-30.snap"); /* relative */
    pb = write_pop(dir, &b, AS_OF + 86400);
    assert_int_equal(pr_snapshot_publish_latest(dir, pb, &err), PR_OK);
    pr_snapshot *s = open_ok(latest);
    assert_int_equal(pr_snapshot_count(s), 200);
    pr_snapshot_close(s);
    assert_int_equal(pr_snapshot_publish_latest(dir, "nonexistent.snap", &err), PR_ENOTFOUND);
    s = open_ok(latest);
    assert_int_equal(pr_snapshot_count(s), 200);
    pr_snapshot_close(s);
    assert_int_equal(fx_dir_entries(dir), 3);
    pr_free(pa);
    pr_free(pb);
    fx_population_free(&a);
    fx_population_free(&b);
    fx_rm_rf(dir);
}

/* A failed write (bad directory, or any allocation failing) leaves the previous snapshot,
 * `latest`, and no temp file. */
static void test_failed_write_keeps_latest(void **state)
{
    (void)state;
    const char *dir = pr_test_tmpdir();
    population a = fx_population(2500, 1, 4, "a:"), b = fx_population(2600, 9, 4, "b:");
    char *pa = write_pop(dir, &a, AS_OF), latest[4096], notdir[4096];
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_snapshot_publish_latest(dir, pa, &err), PR_OK);
    snprintf(latest, sizeof latest, "%s/latest", dir);
    snprintf(notdir, sizeof notdir, "%s/latest/sub", dir);
    pr_snapshot_meta m = fx_meta(AS_OF, b.n);
    pr_snapshot_columns c = fx_columns(&b);
    assert_int_not_equal(pr_snapshot_write(NULL, notdir, &m, &c, &err), PR_OK);
    assert_int_not_equal(pr_snapshot_write(NULL, "/nonexistent/dir", &m, &c, &err), PR_OK);
    int failures = 0;
    for (long n = 0; n < 200; n++) {
        pr_alloc_fail_after(n);
        int rc = pr_snapshot_write(NULL, dir, &m, &c, &err);
        pr_alloc_fail_after(-1);
        if (rc == PR_OK) {
            break;
        }
        assert_int_equal(rc, PR_ENOMEM);
        failures++;
        assert_int_equal(fx_dir_entries(dir), 2);
        pr_snapshot *s = open_ok(latest);
        assert_int_equal(pr_snapshot_count(s), a.n);
        pr_snapshot_close(s);
    }
    assert_true(failures > 5);
    pr_free(pa);
    fx_population_free(&a);
    fx_population_free(&b);
    fx_rm_rf(dir);
}

/* Same as-of date: the new file replaces the old one; a reader holding the old one keeps it. */
static void test_same_date_replaces(void **state)
{
    (void)state;
    const char *dir = pr_test_tmpdir();
    population a = fx_population(2100, 1, 0, "a:"), b = fx_population(700, 2, 0, "b:");
    char *pa = write_pop(dir, &a, AS_OF);
    pr_snapshot *old = open_ok(pa);
    char *pb = write_pop(dir, &b, AS_OF + 3600);
    assert_string_equal(pa, pb);
    assert_int_equal(fx_dir_entries(dir), 1);
    pr_snapshot *fresh = open_ok(pb);
    assert_int_equal(pr_snapshot_count(fresh), b.n);
    check_all(old, &a); /* blocks read after the replacement still come from the old file */
    pr_snapshot_close(old);
    pr_snapshot_close(fresh);
    pr_free(pa);
    pr_free(pb);
    fx_population_free(&a);
    fx_population_free(&b);
    fx_rm_rf(dir);
}

static void test_open_alloc_failures(void **state)
{
    (void)state;
    const char *dir = pr_test_tmpdir();
    population p = fx_population(3000, 4, 0, "f:");
    char *path = write_pop(dir, &p, AS_OF);
    int ok = 0;
    for (long n = 0; n < 100 && !ok; n++) {
        pr_snapshot *s = NULL;
        pr_error err = PR_ERROR_INIT;
        pr_alloc_fail_after(n);
        int rc = pr_snapshot_open(&s, path, &err);
        pr_snapshot_record r;
        if (rc == PR_OK) {
            rc = pr_snapshot_lookup(&r, s, p.name[5], &err);
            ok = rc == PR_OK;
            if (rc == PR_OK) {
                assert_string_equal(r.name, p.name[5]);
            }
        }
        pr_alloc_fail_after(-1);
        assert_true(rc == PR_OK || rc == PR_ENOMEM);
        pr_snapshot_close(s);
    }
    assert_true(ok);
    pr_free(path);
    fx_population_free(&p);
    fx_rm_rf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_small_cache),
        cmocka_unit_test(test_not_found_and_positions),
        cmocka_unit_test(test_hand_worked_order),
        cmocka_unit_test(test_free_percentiles),
        cmocka_unit_test(test_empty_snapshot),
        cmocka_unit_test(test_bad_columns_leave_nothing),
        cmocka_unit_test(test_publish_latest),
        cmocka_unit_test(test_failed_write_keeps_latest),
        cmocka_unit_test(test_same_date_replaces),
        cmocka_unit_test(test_open_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
