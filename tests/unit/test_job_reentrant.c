/* pr_job_run keeps no state between calls: a second job started while the first is running (here
 * from the first one's progress callback, as a service running two jobs would) leaves the first
 * one's directories and results alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "peoplerank/job.h"
#include "testutil.h"

#include <stdio.h>
#include <string.h>

typedef struct nested {
    const pr_input_spec *input;
    char out[600];
    int started, rc;
    size_t outputs;
    char first_path[1024];
} nested;

static void run_nested(void *ctx, int stage, int done)
{
    nested *n = ctx;
    if (n->started || stage != PR_STAGE_RANK || !done) {
        return;
    }
    n->started = 1;
    pr_job_opts o = PR_JOB_OPTS_INIT;
    o.inputs = n->input;
    o.input_count = 1;
    o.out_dir = n->out;
    o.algorithms = "indegree,pagerank";
    pr_job_report rep;
    pr_error err = PR_ERROR_INIT;
    n->rc = pr_job_run(&rep, &o, &err);
    n->outputs = rep.out_count;
    if (rep.out_count > 0 && rep.out[0].snapshot_path != NULL) {
        snprintf(n->first_path, sizeof n->first_path, "%s", rep.out[0].snapshot_path);
    }
    pr_job_report_clear(&rep);
}

static void a_job_inside_a_job_leaves_the_outer_one_alone(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof dir, "%s", pr_test_tmpdir());
    pr_input_spec input = {"events", NULL, pr_test_data_file("ingest/basic.tsv")};
    nested n;
    memset(&n, 0, sizeof n);
    n.input = &input;
    snprintf(n.out, sizeof n.out, "%s/inner", dir);
    char outer[600];
    snprintf(outer, sizeof outer, "%s/outer", dir);

    pr_job_opts o = PR_JOB_OPTS_INIT;
    o.inputs = &input;
    o.input_count = 1;
    o.out_dir = outer;
    o.algorithms = "pagerank,indegree";
    o.progress = run_nested;
    o.progress_ctx = &n;
    pr_job_report rep;
    pr_error err = PR_ERROR_INIT;
    int rc = pr_job_run(&rep, &o, &err);
    if (rc != PR_OK) {
        fail_msg("outer job: %s", err.message);
    }
    assert_true(n.started);
    assert_int_equal(n.rc, PR_OK);
    assert_int_equal(n.outputs, 2);
    assert_int_equal(rep.out_count, 2);
    /* each job published into its own directories, per algorithm, in its own order */
    char want[700];
    snprintf(want, sizeof want, "%s/pagerank/", outer);
    assert_non_null(rep.out[0].snapshot_path);
    assert_memory_equal(rep.out[0].snapshot_path, want, strlen(want));
    snprintf(want, sizeof want, "%s/indegree/", outer);
    assert_non_null(rep.out[1].snapshot_path);
    assert_memory_equal(rep.out[1].snapshot_path, want, strlen(want));
    snprintf(want, sizeof want, "%s/indegree/", n.out);
    assert_memory_equal(n.first_path, want, strlen(want));
    pr_job_report_clear(&rep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_job_inside_a_job_leaves_the_outer_one_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
