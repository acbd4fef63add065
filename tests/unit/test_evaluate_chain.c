/* One scoring chain: the scores the evaluation measures (pr_eval_score_file, the hold-out's
 * "peoplerank" row) are, to the last bit, the scores `peoplerank run` publishes for the same
 * events. The expected values are read back from the published snapshot, not recomputed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "peoplerank/evaluate.h"
#include "peoplerank/job.h"
#include "peoplerank/snapshot.h"
#include "testutil.h"

#include <stdio.h>
#include <string.h>

/* 80 accounts, 1500 interactions over 20 days from a fixed LCG: ties, reciprocity and a few
 * accounts that receive nothing, so that the engagement rules and the trust teleport matter. */
static void write_events(const char *path)
{
    static const char *const actions[] = {"like", "reply", "reshare", "mention", "follow"};
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    uint64_t x = 20261203;
    for (int i = 0; i < 1500; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        unsigned a = (unsigned)(x >> 33) % 80, t = (unsigned)(x >> 45) % 60;
        if (a == t) {
            continue;
        }
        fprintf(f, "%d\ttwitter\tu%u\t%s\tu%u\n", 1700000000 + (i % 20) * 86400, a,
                actions[(x >> 20) % 5], t);
    }
    fclose(f);
}

static void evaluation_scores_are_the_published_scores(void **state)
{
    (void)state;
    char dir[512], events[600], out[600];
    snprintf(dir, sizeof dir, "%s", pr_test_tmpdir());
    snprintf(events, sizeof events, "%s/events.tsv", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    write_events(events);

    pr_input_spec input = {"events", NULL, events};
    pr_job_opts o = PR_JOB_OPTS_INIT;
    o.inputs = &input;
    o.input_count = 1;
    o.out_dir = out;
    pr_job_report rep;
    pr_error err = PR_ERROR_INIT;
    if (pr_job_run(&rep, &o, &err) != PR_OK) {
        fail_msg("run: %s", err.message);
    }
    pr_snapshot *s = NULL;
    assert_int_equal(pr_snapshot_open(&s, rep.out[0].snapshot_path, &err), PR_OK);

    pr_eval_pipeline p = PR_EVAL_PIPELINE_INIT;
    pr_eval_scores sc;
    if (pr_eval_score_file(&sc, &p, events, &err) != PR_OK) {
        fail_msg("evaluate: %s", err.message);
    }
    assert_int_equal(pr_snapshot_count(s), sc.graph->n);
    int differing = 0;
    for (uint64_t pos = 1; pos <= pr_snapshot_count(s); pos++) {
        pr_snapshot_record r;
        assert_int_equal(pr_snapshot_at(&r, s, pos, &err), PR_OK);
        pr_node v = 0;
        while (v < sc.graph->n && strcmp(pr_graph_name(sc.graph, v), r.name) != 0) {
            v++;
        }
        assert_true(v < sc.graph->n);
        if (sc.score[v] != r.score) {
            printf("# %s: evaluated %.17g, published %.17g\n", r.name, sc.score[v], r.score);
            differing++;
        }
    }
    assert_int_equal(differing, 0);
    pr_eval_scores_clear(&sc);
    pr_snapshot_close(s);
    pr_job_report_clear(&rep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(evaluation_scores_are_the_published_scores),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
