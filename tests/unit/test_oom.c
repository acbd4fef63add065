/* Out-of-memory walk: pr_alloc_fail_after(N) makes the (N+1)th allocation and every later one
 * fail; N walks from 0 up to the first N at which the operation succeeds. At every N the
 * operation must return an error (PR_ENOMEM: memory is the only thing that is short), never crash,
 * and leave nothing behind: no file published, no temp file, no leak (the sanitizer build,
 * scripts/sanitize.sh, reports leaks at exit). Covers ingest (events, csv, identity map, gzip),
 * graph build, graph file save and load, rank, snapshot write and read, and the whole nightly job.
 */
#include "testutil.h"

#include "peoplerank/ingest.h"
#include "peoplerank/job.h"
#include "peoplerank/rank.h"
#include "peoplerank/snapshot.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#define WALK_LIMIT 200000 /* far above any operation here: a runaway walk is a failure */

static char tmpdir[256];

static const char events_text[] =
    "# a comment\n"
    "1700000000\ttwitter\talice\tlike\tbob\n"
    "1700000000\ttwitter\talice\treply\tbob\t2\n"
    "1700086400\ttwitter\tcarol\treshare\tbob\n"
    "1700086400\tbluesky\tcarol.bsky.social\tmention\talice.bsky.social\n"
    "1700090000\ttwitter\tbob\tfollow\tcarol\n"
    "1700090000\ttwitter\tdave\tcomment\talice\t3\n"
    "1700090000\tbluesky\talice.bsky.social\tlike\tdave.bsky.social\n"
    "1700090000\ttwitter\tbob\tlike\tbob\n";

static const char identity_text[] = "alice\ttwitter\talice\n"
                                    "alice\tbluesky\talice.bsky.social\n"
                                    "dave\ttwitter\tdave\n";

static const char csv_text[] = "when,who,whom,what\n"
                               "1700090000,erin,alice,like\n"
                               "\"1700090001\",\"fr\"\"ank\",erin,reply\n";

static const char *path_in(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return path;
}

static void write_file(const char *name, const void *data, size_t len)
{
    FILE *f = fopen(path_in(name), "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void write_gzip(const char *name, const char *text)
{
    gzFile gz = gzopen(path_in(name), "wb");
    assert_non_null(gz);
    assert_int_equal(gzwrite(gz, text, (unsigned)strlen(text)), (int)strlen(text));
    assert_int_equal(gzclose(gz), Z_OK);
}

/* Every allocation a failing call made must have been released: nothing to check here beyond
 * the code; LeakSanitizer checks at exit. The hook is disarmed after every step. */
static void disarm(void)
{
    pr_alloc_fail_after(-1);
}

/* Entries of dir other than "." and "..", written into names (newline-separated). */
static int list_dir(char *names, size_t cap, const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    size_t at = 0;
    names[0] = '\0';
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) {
            continue;
        }
        n++;
        int w = snprintf(names + at, cap - at, "%s\n", de->d_name);
        at += (w > 0 && (size_t)w < cap - at) ? (size_t)w : 0;
    }
    closedir(d);
    return n;
}

static void assert_dir_empty(const char *dir, long step)
{
    char names[4096];
    int n = list_dir(names, sizeof names, dir);
    if (n != 0) {
        fail_msg("after a failure at allocation %ld, %s holds:\n%s", step, dir, names);
    }
}

/* The failure must be reported as out of memory, with a message. */
static void assert_enomem(int rc, const pr_error *err, long step, const char *what)
{
    if (rc != PR_ENOMEM) {
        fail_msg("%s: allocation %ld failed but the call returned %d (%s): %s", what, step, rc,
                 pr_strerror(rc), err ? err->message : "");
    }
}

/* ---- ingest ---- */

static int ingest_all(pr_graph **g, pr_error *err)
{
    pr_ingest_opts o = PR_INGEST_OPTS_INIT;
    pr_ingest *ig = NULL;
    *g = NULL;
    int rc = pr_ingest_new(&ig, &o);
    if (rc != PR_OK) {
        return rc;
    }
    rc = pr_ingest_load_identities(ig, path_in("ids.tsv"), err);
    if (rc == PR_OK) {
        rc = pr_ingest_add_file(ig, "events", NULL, path_in("events.tsv"), err);
    }
    if (rc == PR_OK) {
        rc = pr_ingest_add_file(ig, "events", NULL, path_in("events.tsv.gz"), err);
    }
    if (rc == PR_OK) {
        rc = pr_ingest_add_csv(ig, "mastodon", path_in("more.csv"),
                               "time=when,actor=who,target=whom,action=what", err);
    }
    if (rc == PR_OK) {
        rc = pr_ingest_finish(g, ig, err);
    }
    pr_graph *follows = NULL;
    if (rc == PR_OK) {
        rc = pr_ingest_finish_follows(&follows, ig, err);
    }
    pr_graph_free(follows);
    if (rc != PR_OK) {
        pr_graph_free(*g);
        *g = NULL;
    }
    pr_ingest_free(ig);
    return rc;
}

static void test_oom_ingest(void **state)
{
    (void)state;
    long n = 0;
    for (;; n++) {
        assert_true(n < WALK_LIMIT);
        pr_graph *g = NULL;
        pr_error err = PR_ERROR_INIT;
        pr_alloc_fail_after(n);
        int rc = ingest_all(&g, &err);
        disarm();
        if (rc == PR_OK) {
            /* alice's two accounts merged; erin and frank on mastodon; bob's self-like dropped. */
            assert_non_null(g);
            assert_true(g->n >= 6);
            pr_graph_free(g);
            break;
        }
        assert_null(g);
        assert_enomem(rc, &err, n, "ingest");
    }
    print_message("ingest: %ld allocation failure points, all handled\n", n);
    assert_true(n > 10);
}

/* ---- graph build ---- */

static void test_oom_graph_build(void **state)
{
    (void)state;
    pr_edge_list el = {0};
    for (pr_node i = 0; i < 200; i++) {
        assert_int_equal(pr_edge_list_add(&el, i, (i * 7 + 3) % 200, 1.0 + i % 5), PR_OK);
        /* (i+100) never equals 7i+3 mod 200 (parity): 400 distinct edges, no self-loops. */
        assert_int_equal(pr_edge_list_add(&el, i, (i + 100) % 200, 0.5), PR_OK);
    }
    long n = 0;
    for (;; n++) {
        assert_true(n < WALK_LIMIT);
        pr_graph *g = NULL;
        uint64_t dropped = 0;
        pr_alloc_fail_after(n);
        int rc = pr_graph_build(&g, &el, 200, 0, &dropped);
        disarm();
        if (rc == PR_OK) {
            assert_int_equal(g->n, 200);
            assert_int_equal(g->m, 400);
            pr_graph_free(g);
            break;
        }
        assert_null(g);
        assert_enomem(rc, NULL, n, "graph build");
    }
    pr_edge_list_clear(&el);
    print_message("graph build: %ld allocation failure points\n", n);
    assert_true(n >= 1);
}

/* ---- graph file save and load ---- */

static void test_oom_graph_file(void **state)
{
    (void)state;
    pr_graph *g = NULL;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(ingest_all(&g, &err), PR_OK);
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/graphs", tmpdir);
    assert_int_equal(mkdir(dir, 0777), 0);
    snprintf(path, sizeof path, "%s/g.prg", dir);
    long n = 0;
    for (;; n++) {
        assert_true(n < WALK_LIMIT);
        pr_alloc_fail_after(n);
        int rc = pr_graph_save(g, path, &err);
        disarm();
        if (rc == PR_OK) {
            break;
        }
        assert_enomem(rc, &err, n, "graph save");
        assert_dir_empty(dir, n);
    }
    long saves = n;
    for (n = 0;; n++) {
        assert_true(n < WALK_LIMIT);
        pr_graph *h = NULL;
        pr_alloc_fail_after(n);
        int rc = pr_graph_load(&h, path, &err);
        disarm();
        if (rc == PR_OK) {
            assert_int_equal(h->n, g->n);
            assert_int_equal(h->m, g->m);
            pr_graph_free(h);
            break;
        }
        assert_null(h);
        assert_enomem(rc, &err, n, "graph load");
    }
    print_message("graph save: %ld, load: %ld allocation failure points\n", saves, n);
    pr_graph_free(g);
}

/* ---- rank ---- */

static void test_oom_rank(void **state)
{
    (void)state;
    pr_graph *g = NULL;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(ingest_all(&g, &err), PR_OK);
    double *rank = calloc(g->n, sizeof *rank);
    assert_non_null(rank);
    long n = 0;
    for (;; n++) {
        assert_true(n < WALK_LIMIT);
        pr_rank_result res = {0};
        pr_rank_opts o = PR_RANK_OPTS_INIT;
        o.threads = 1; /* hundreds of short runs: thread start-up and spinning would dominate */
        pr_alloc_fail_after(n);
        int rc = pr_rank_pagerank(rank, &res, g, &o);
        disarm();
        if (rc == PR_OK) {
            double sum = 0.0;
            for (pr_node v = 0; v < g->n; v++) {
                sum += rank[v];
            }
            assert_float_equal(sum, 1.0, 1e-9);
            break;
        }
        assert_enomem(rc, NULL, n, "rank");
    }
    print_message("rank: %ld allocation failure points\n", n);
    free(rank);
    pr_graph_free(g);
}

/* ---- snapshot write and read ---- */

#define SNAP_N 3000 /* several record blocks */

static char *snap_names[SNAP_N];
static double snap_rank[SNAP_N], snap_score[SNAP_N], snap_pct[SNAP_N];

static void snapshot_columns(pr_snapshot_meta *m, pr_snapshot_columns *c)
{
    for (int i = 0; i < SNAP_N; i++) {
        if (snap_names[i] == NULL) {
            char buf[32];
            snprintf(buf, sizeof buf, "net:person%05d", (i * 7919) % SNAP_N);
            snap_names[i] = strdup(buf);
        }
        snap_rank[i] = 1.0 / (double)(i + 2);
        snap_score[i] = 100.0 - (double)i * 99.0 / SNAP_N;
        snap_pct[i] = 100.0 * (double)(SNAP_N - 1 - i) / SNAP_N;
    }
    memset(m, 0, sizeof *m);
    m->as_of = 1795996800;
    m->created = 1795996800;
    snprintf(m->algorithm, sizeof m->algorithm, "pagerank");
    m->damping = 0.85;
    m->persons = SNAP_N;
    m->extra_json = "{\"test\":\"oom\"}";
    c->count = SNAP_N;
    c->name = (const char *const *)snap_names;
    c->rank = snap_rank;
    c->score = snap_score;
    c->percentile = snap_pct;
}

static void free_snap_names(void)
{
    for (int i = 0; i < SNAP_N; i++) {
        free(snap_names[i]);
        snap_names[i] = NULL;
    }
}

static void test_oom_snapshot_write(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/snapw", tmpdir);
    assert_int_equal(mkdir(dir, 0777), 0);
    pr_snapshot_meta m;
    pr_snapshot_columns c;
    snapshot_columns(&m, &c);
    long n = 0;
    for (;; n++) {
        assert_true(n < WALK_LIMIT);
        char *path = NULL;
        pr_error err = PR_ERROR_INIT;
        pr_alloc_fail_after(n);
        int rc = pr_snapshot_write(&path, dir, &m, &c, &err);
        disarm();
        if (rc == PR_OK) {
            assert_non_null(path);
            pr_free(path);
            break;
        }
        assert_null(path);
        assert_enomem(rc, &err, n, "snapshot write");
        assert_dir_empty(dir, n);
    }
    print_message("snapshot write: %ld allocation failure points\n", n);
    assert_true(n >= 1);
    free_snap_names();
}

static void read_everything(int *rc_out, pr_snapshot **s, const char *path, pr_error *err)
{
    int rc = pr_snapshot_open(s, path, err);
    if (rc == PR_OK) {
        rc = pr_snapshot_verify(*s, err);
    }
    for (uint64_t pos = 1; rc == PR_OK && pos <= SNAP_N; pos += 97) {
        pr_snapshot_record r;
        rc = pr_snapshot_at(&r, *s, pos, err);
        if (rc == PR_OK) {
            rc = pr_snapshot_lookup(&r, *s, r.name, err);
        }
    }
    if (rc == PR_OK) {
        pr_snapshot_record r;
        rc = pr_snapshot_lookup(&r, *s, "net:nobody", err);
        rc = rc == PR_ENOTFOUND ? PR_OK : (rc == PR_OK ? PR_EINVAL : rc);
    }
    *rc_out = rc;
}

static void test_oom_snapshot_read(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/snapr", tmpdir);
    assert_int_equal(mkdir(dir, 0777), 0);
    pr_snapshot_meta m;
    pr_snapshot_columns c;
    snapshot_columns(&m, &c);
    char *path = NULL;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_snapshot_write(&path, dir, &m, &c, &err), PR_OK);
    free_snap_names();
    long n = 0;
    for (;; n++) {
        assert_true(n < WALK_LIMIT);
        pr_snapshot *s = NULL;
        int rc;
        pr_alloc_fail_after(n);
        read_everything(&rc, &s, path, &err);
        pr_snapshot_close(s);
        disarm();
        if (rc == PR_OK) {
            break;
        }
        assert_enomem(rc, &err, n, "snapshot read");
    }
    print_message("snapshot read: %ld allocation failure points\n", n);
    assert_true(n >= 1);
    pr_free(path);
}

/* ---- the whole job ---- */

static void test_oom_job(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/job", tmpdir);
    assert_int_equal(mkdir(dir, 0777), 0);
    pr_input_spec in[2] = {{"events", NULL, NULL}, {"events", NULL, NULL}};
    char events[512], gz[512];
    snprintf(events, sizeof events, "%s", path_in("events.tsv"));
    snprintf(gz, sizeof gz, "%s", path_in("events.tsv.gz"));
    char ids[512];
    snprintf(ids, sizeof ids, "%s", path_in("ids.tsv"));
    in[0].path = events;
    in[1].path = gz;
    pr_job_opts o = PR_JOB_OPTS_INIT;
    o.inputs = in;
    o.input_count = 2;
    o.out_dir = dir;
    o.identities = ids;
    o.rank.threads = 1;
    long n = 0;
    for (;; n++) {
        assert_true(n < WALK_LIMIT);
        pr_job_report rep;
        pr_error err = PR_ERROR_INIT;
        pr_alloc_fail_after(n);
        int rc = pr_job_run(&rep, &o, &err);
        disarm();
        if (rc == PR_OK) {
            assert_true(rep.out_count >= 1);
            assert_non_null(rep.out[0].snapshot_path);
            pr_job_report_clear(&rep);
            break;
        }
        pr_job_report_clear(&rep);
        assert_enomem(rc, &err, n, "job");
        assert_dir_empty(dir, n);
    }
    print_message("job: %ld allocation failure points\n", n);
    assert_true(n > 10);
    pr_snapshot *s = NULL;
    pr_error err = PR_ERROR_INIT;
    char latest[600];
    snprintf(latest, sizeof latest, "%s/latest", dir);
    assert_int_equal(pr_snapshot_open(&s, latest, &err), PR_OK);
    assert_int_equal(pr_snapshot_verify(s, &err), PR_OK);
    pr_snapshot_close(s);
}

static int setup(void **state)
{
    (void)state;
    const char *d = pr_test_tmpdir();
    if (d == NULL) {
        return -1;
    }
    snprintf(tmpdir, sizeof tmpdir, "%s", d);
    write_file("events.tsv", events_text, strlen(events_text));
    write_gzip("events.tsv.gz", events_text);
    write_file("ids.tsv", identity_text, strlen(identity_text));
    write_file("more.csv", csv_text, strlen(csv_text));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    disarm();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
#ifdef _OPENMP
    /* Hundreds of short runs: on a busy machine, waking and spinning worker threads in every
     * parallel region costs far more than the work (22 s instead of 0.5 s). Allocations happen
     * outside parallel regions, so one thread walks the same allocation sequence. */
    omp_set_num_threads(1);
#endif
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oom_ingest),
        cmocka_unit_test(test_oom_graph_build),
        cmocka_unit_test(test_oom_graph_file),
        cmocka_unit_test(test_oom_rank),
        cmocka_unit_test(test_oom_snapshot_write),
        cmocka_unit_test(test_oom_snapshot_read),
        cmocka_unit_test(test_oom_job),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
