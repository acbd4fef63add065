/* The nightly batch job: ingest -> rank -> score -> snapshot, publishing only when all succeed. */
#include "peoplerank/job.h"

#include "peoplerank/snapshot.h"

#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *pr_stage_name(int stage)
{
    static const char *const names[PR_STAGE_COUNT] = {"ingest", "rank", "score", "write"};
    return (stage >= 0 && stage < PR_STAGE_COUNT) ? names[stage] : "?";
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long peak_rss_kib(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0;
}

/* Times one stage and reports progress around it. */
typedef struct stage_clock {
    const pr_job_opts *opts;
    pr_job_report *report;
    int stage;
    double start;
} stage_clock;

static void stage_begin(stage_clock *c, int stage)
{
    c->stage = stage;
    c->start = now_seconds();
    if (c->opts->progress) {
        c->opts->progress(c->opts->progress_ctx, stage, 0);
    }
}

static void stage_end(stage_clock *c)
{
    c->report->seconds[c->stage] = now_seconds() - c->start;
    c->report->peak_rss_kib[c->stage] = peak_rss_kib();
    if (c->opts->progress) {
        c->opts->progress(c->opts->progress_ctx, c->stage, 1);
    }
}

static int ingest_inputs(pr_graph **graph, pr_ingest_summary *summary, const pr_job_opts *o,
                         pr_error *err)
{
    pr_ingest *ig = NULL;
    int rc = pr_ingest_new(&ig, &o->ingest);
    if (rc != PR_OK) {
        return pr_error_set(err, rc, NULL, 0, "cannot start ingest: %s", pr_strerror(rc));
    }
    for (size_t i = 0; i < o->input_count && rc == PR_OK; i++) {
        const pr_input_spec *in = &o->inputs[i];
        rc = pr_ingest_add_file(ig, in->format, in->network, in->path, err);
    }
    if (rc == PR_OK) {
        rc = pr_ingest_finish(graph, ig, err);
    }
    *summary = *pr_ingest_get_summary(ig);
    pr_ingest_free(ig);
    return rc;
}


/* qsort has no context argument in C11: sort (rank, node) pairs instead. */
typedef struct rank_entry {
    double rank;
    pr_node node;
} rank_entry;

static int cmp_entry(const void *a, const void *b)
{
    const rank_entry *x = a, *y = b;
    if (x->rank != y->rank) {
        return x->rank < y->rank ? -1 : 1;
    }
    return (x->node > y->node) - (x->node < y->node);
}

/* percentile[v] = 100 * (persons with a strictly lower rank) / n; score from the scale. */
static int compute_scores(double *score, double *percentile, const double *rank, pr_node n,
                          const pr_scale *scale)
{
    rank_entry *order = pr_mallocarray(n, sizeof *order);
    if (order == NULL && n > 0) {
        return PR_ENOMEM;
    }
    for (pr_node v = 0; v < n; v++) {
        order[v].rank = rank[v];
        order[v].node = v;
        score[v] = pr_score_round(pr_score(scale, rank[v], n));
    }
    qsort(order, n, sizeof *order, cmp_entry);
    pr_node lower = 0;
    for (pr_node i = 0; i < n; i++) {
        if (i > 0 && order[i].rank != order[i - 1].rank) {
            lower = i;
        }
        percentile[order[i].node] = 100.0 * (double)lower / (double)n;
    }
    pr_free(order);
    return PR_OK;
}

static void add_u64(json_object *o, const char *key, uint64_t v)
{
    json_object_object_add(o, key, json_object_new_uint64(v));
}

static char *describe_run(const pr_job_opts *o, const pr_ingest_summary *s)
{
    json_object *root = json_object_new_object();
    json_object *ingest = json_object_new_object();
    add_u64(ingest, "files", s->files);
    add_u64(ingest, "lines", s->lines);
    add_u64(ingest, "events_read", s->events_read);
    add_u64(ingest, "events_kept", s->events_kept);
    add_u64(ingest, "outside_window", s->outside_window);
    add_u64(ingest, "after_as_of", s->after_as_of);
    add_u64(ingest, "self_interactions", s->self_interactions);
    add_u64(ingest, "skipped_lines", s->skipped_lines);
    json_object_object_add(ingest, "newest", json_object_new_int64(s->newest));
    json_object_object_add(ingest, "oldest", json_object_new_int64(s->oldest));
    json_object_object_add(root, "ingest", ingest);

    json_object *inputs = json_object_new_array();
    for (size_t i = 0; i < o->input_count; i++) {
        json_object *in = json_object_new_object();
        json_object_object_add(in, "format", json_object_new_string(o->inputs[i].format));
        if (o->inputs[i].network) {
            json_object_object_add(in, "network", json_object_new_string(o->inputs[i].network));
        }
        json_object_object_add(in, "path", json_object_new_string(o->inputs[i].path));
        json_object_array_add(inputs, in);
    }
    json_object_object_add(root, "inputs", inputs);

    json_object *opts = json_object_new_object();
    json_object_object_add(opts, "window_days", json_object_new_double(o->ingest.window_days));
    json_object_object_add(opts, "half_life_days",
                           json_object_new_double(o->ingest.half_life_days));
    json_object *weights = json_object_new_object();
    for (int a = 0; a < PR_ACTION_COUNT; a++) {
        json_object_object_add(weights, pr_action_name((pr_action)a),
                               json_object_new_double(o->ingest.action_weight[a]));
    }
    json_object_object_add(opts, "action_weights", weights);
    add_u64(opts, "max_errors", o->ingest.max_errors);
    json_object_object_add(root, "options", opts);
    json_object_object_add(root, "peoplerank_version", json_object_new_string(PR_VERSION));

    const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN);
    char *copy = text ? pr_strdup(text) : NULL;
    json_object_put(root);
    return copy;
}

static int write_snapshot(pr_job_report *rep, const pr_job_opts *o, const pr_graph *g,
                          const double *rank, const double *score, const double *percentile,
                          pr_error *err)
{
    int rc = PR_ENOMEM;
    const char **names = pr_mallocarray(g->n, sizeof *names);
    char *extra = describe_run(o, &rep->ingest);
    if ((names == NULL && g->n > 0) || extra == NULL) {
        pr_error_set(err, rc, NULL, 0, "out of memory preparing the snapshot");
        goto cleanup;
    }
    for (pr_node v = 0; v < g->n; v++) {
        names[v] = pr_graph_name(g, v);
    }
    pr_snapshot_meta meta = {0};
    meta.as_of = rep->ingest.as_of;
    meta.created = (int64_t)time(NULL);
    snprintf(meta.algorithm, sizeof meta.algorithm, "%s", "pagerank");
    meta.damping = o->rank.damping;
    meta.tolerance = o->rank.tolerance;
    meta.max_iterations = o->rank.max_iterations;
    meta.iterations = rep->rank.iterations;
    meta.final_change = rep->rank.final_change;
    meta.scale_slope = o->scale.slope;
    meta.scale_offset = o->scale.offset;
    meta.persons = g->n;
    meta.edges = g->m;
    meta.extra_json = extra;
    pr_snapshot_columns cols = {g->n, names, rank, score, percentile};
    rc = pr_snapshot_write(&rep->snapshot_path, o->out_dir, &meta, &cols, err);
    if (rc == PR_OK) {
        rc = pr_snapshot_publish_latest(o->out_dir, rep->snapshot_path, err);
    }
cleanup:
    pr_free(names);
    pr_free(extra);
    return rc;
}

int pr_job_run(pr_job_report *rep, const pr_job_opts *o, pr_error *err)
{
    pr_graph *g = NULL;
    double *rank = NULL, *score = NULL, *percentile = NULL;
    stage_clock clock = {o, rep, 0, 0.0};
    memset(rep, 0, sizeof *rep);
    if (o->input_count == 0 || o->out_dir == NULL) {
        return pr_error_set(err, PR_EINVAL, NULL, 0, "the job needs at least one input and --out");
    }

    /* Fail before hours of work, not after, when the output directory is unusable. */
    if ((mkdir(o->out_dir, 0777) != 0 && errno != EEXIST) || access(o->out_dir, W_OK) != 0) {
        return pr_error_set(err, PR_EIO, o->out_dir, 0, "cannot write to this directory: %s",
                            strerror(errno));
    }

    stage_begin(&clock, PR_STAGE_INGEST);
    int rc = ingest_inputs(&g, &rep->ingest, o, err);
    stage_end(&clock);
    if (rc != PR_OK) {
        goto cleanup;
    }
    if (g->n == 0) {
        rc = pr_error_set(err, PR_EINVAL, NULL, 0,
                          "no interactions left to rank (%llu events read, %llu kept)",
                          (unsigned long long)rep->ingest.events_read,
                          (unsigned long long)rep->ingest.events_kept);
        goto cleanup;
    }

    stage_begin(&clock, PR_STAGE_RANK);
    rank = pr_mallocarray(g->n, sizeof *rank);
    rc = rank ? pr_rank_pagerank(rank, &rep->rank, g, &o->rank) : PR_ENOMEM;
    stage_end(&clock);
    if (rc != PR_OK) {
        pr_error_set(err, rc, NULL, 0, "rank failed: %s", pr_strerror(rc));
        goto cleanup;
    }

    stage_begin(&clock, PR_STAGE_SCORE);
    score = pr_mallocarray(g->n, sizeof *score);
    percentile = pr_mallocarray(g->n, sizeof *percentile);
    rc = (score && percentile) ? compute_scores(score, percentile, rank, g->n, &o->scale)
                               : PR_ENOMEM;
    stage_end(&clock);
    if (rc != PR_OK) {
        pr_error_set(err, rc, NULL, 0, "scoring failed: %s", pr_strerror(rc));
        goto cleanup;
    }

    stage_begin(&clock, PR_STAGE_WRITE);
    rc = write_snapshot(rep, o, g, rank, score, percentile, err);
    stage_end(&clock);
cleanup:
    pr_free(rank);
    pr_free(score);
    pr_free(percentile);
    pr_graph_free(g);
    return rc;
}

void pr_job_report_clear(pr_job_report *rep)
{
    pr_free(rep->snapshot_path);
    rep->snapshot_path = NULL;
}
