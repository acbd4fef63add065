/* The nightly batch job: ingest -> rank -> score -> snapshot, publishing only when all succeed.
 * With several algorithms, each gets its own directory OUT/ALGORITHM (one graph load). */
#include "peoplerank/job.h"

#include "job_internal.h"
#include "peoplerank/dist.h"

#include <errno.h>
#include <fcntl.h>
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
    static const char *const names[PR_STAGE_COUNT] = {"ingest", "rank", "score", "guard", "write"};
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

typedef struct stage_clock {
    const pr_job_opts *opts;
    pr_job_report *report;
    int stage;
    double start;
    const job_ctx *ctx;
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
    c->report->seconds[c->stage] += now_seconds() - c->start;
    c->report->peak_rss_kib[c->stage] = peak_rss_kib();
    uint64_t parts[PR_MEM_PART_COUNT];
    job_memory(parts, c->ctx);
    for (int k = 0; k < PR_MEM_PART_COUNT; k++) {
        uint64_t *m = &c->report->memory[c->stage][k];
        *m = parts[k] > *m ? parts[k] : *m;
    }
    if (c->opts->progress) {
        c->opts->progress(c->opts->progress_ctx, c->stage, 1);
    }
}

/* ---- Ingest ---- */

/* An input without dates (every timestamp 0: an edge list; a saved graph without --as-of) is
 * named after --name or the run's date; its window and decay did nothing (every age is 0). */
static int name_undated(pr_job_report *rep, const pr_job_opts *o, pr_error *err)
{
    int graph = o->graph_path != NULL;
    pr_ingest_summary *s = &rep->ingest;
    rep->undated = o->ingest.as_of == PR_AS_OF_NEWEST &&
                   (graph || (s->events_read > 0 && s->newest == 0 && s->oldest == 0));
    if (!rep->undated && o->name_date != 0) {
        return pr_error_set(err, PR_EINVAL, NULL, 0,
                            "--name is for undated inputs (edge lists, saved graphs); this input "
                            "has dates or --as-of: the snapshot is named after the as-of date");
    }
    if (rep->undated) {
        s->as_of = o->name_date != 0 ? o->name_date : (int64_t)time(NULL);
    } else if (graph) {
        s->as_of = o->ingest.as_of;
    }
    return PR_OK;
}

static int ingest_inputs(job_ctx *c, pr_job_report *rep, pr_error *err)
{
    const pr_job_opts *o = c->opts;
    pr_ingest_summary *summary = &rep->ingest;
    if (o->graph_path != NULL) {
        summary->accounts = summary->edges = 0;
        int rc;
        if ((rc = pr_graph_load(&c->persons, o->graph_path, err)) != PR_OK) {
            return rc;
        }
        summary->accounts = c->persons->n;
        summary->edges = c->persons->m;
        return name_undated(rep, o, err);
    }
    int rc;
    if ((rc = pr_job_read_inputs(&c->ingest, o, NULL, err)) == PR_OK) {
        rc = pr_ingest_finish(&c->persons, c->ingest, err);
    }
    if (c->ingest != NULL) { /* the summary tells what was read, whether it failed or not */
        *summary = *pr_ingest_get_summary(c->ingest);
    }
    if (rc != PR_OK) {
        return rc;
    }
    if (o->ingest_progress != NULL) { /* the last call: what was kept */
        o->ingest_progress(o->progress_ctx, summary->lines, pr_ingest_bytes_read(c->ingest),
                           summary->events_read, summary->events_kept);
    }
    return name_undated(rep, o, err);
}

/* Lines the ingest kept for the operator (the first bad lines, the first later events), one a
 * line; NULL when there are none. */
static char *collect_lines(const pr_ingest *ig, size_t count,
                           const char *(*line)(const pr_ingest *, size_t))
{
    size_t len = 1;
    for (size_t i = 0; i < count; i++) {
        len += strlen(line(ig, i)) + 1;
    }
    char *text = count ? pr_malloc(len) : NULL;
    for (size_t i = 0, at = 0; text != NULL && i < count; i++) {
        at += (size_t)sprintf(text + at, "%s\n", line(ig, i));
    }
    return text;
}

/* ---- The header's description of the run ---- */

static void add_u64(json_object *o, const char *key, uint64_t v)
{
    json_object_object_add(o, key, json_object_new_uint64(v));
}

static json_object *describe_ingest(const pr_ingest_summary *s)
{
    json_object *ingest = json_object_new_object();
    add_u64(ingest, "files", s->files);
    add_u64(ingest, "lines", s->lines);
    add_u64(ingest, "events_read", s->events_read);
    add_u64(ingest, "events_kept", s->events_kept);
    add_u64(ingest, "outside_window", s->outside_window);
    add_u64(ingest, "after_as_of", s->after_as_of);
    add_u64(ingest, "self_interactions", s->self_interactions);
    add_u64(ingest, "skipped_lines", s->skipped_lines);
    json_object *by_reason = json_object_new_object();
    for (int k = 0; k < PR_SKIP_REASON_COUNT; k++) {
        add_u64(by_reason, pr_skip_reason_name((pr_skip_reason)k), s->skipped[k]);
    }
    json_object_object_add(ingest, "skipped_by_reason", by_reason);
    json_object_object_add(ingest, "newest", json_object_new_int64(s->newest));
    json_object_object_add(ingest, "oldest", json_object_new_int64(s->oldest));
    return ingest;
}

static json_object *describe_networks(const job_ctx *c, const job_result *r)
{
    json_object *nets = json_object_new_object();
    for (uint32_t k = 0; k < c->net_count; k++) {
        const pr_graph *g = c->net[k].graph;
        json_object *one = json_object_new_object();
        add_u64(one, "accounts", g->n);
        add_u64(one, "edges", g->m);
        if (c->net[k].events != UINT64_MAX) { /* for the next run's drift guard */
            add_u64(one, "events", c->net[k].events);
        }
        double weight = 0.0;
        for (pr_node v = 0; v < g->n; v++) {
            weight += g->out_w[v];
        }
        json_object_object_add(one, "weight", json_object_new_double(weight));
        json_object_object_add(one, "trusted", json_object_new_uint64(c->net[k].trusted));
        json_object_object_add(one, "rank_sum", json_object_new_double(r->network_sum[k]));
        json_object_object_add(nets, c->net[k].name, one);
    }
    return nets;
}

static json_object *describe_options(const pr_job_opts *o)
{
    json_object *opts = json_object_new_object();
    json_object_object_add(opts, "window_days", json_object_new_double(o->ingest.window_days));
    json_object_object_add(opts, "half_life_days",
                           json_object_new_double(o->ingest.half_life_days));
    json_object_object_add(opts, "daily_cap", json_object_new_double(o->ingest.daily_cap));
    json_object_object_add(opts, "selectivity_targets",
                           json_object_new_double(o->ingest.selectivity_targets));
    json_object *weights = json_object_new_object();
    for (int a = 0; a < PR_ACTION_COUNT; a++) {
        json_object_object_add(weights, pr_action_name((pr_action)a),
                               json_object_new_double(o->ingest.action_weight[a]));
    }
    json_object_object_add(opts, "action_weights", weights);
    add_u64(opts, "max_errors", o->ingest.max_errors);
    json_object *rules = json_object_new_object();
    json_object_object_add(rules, "trust_min_received",
                           json_object_new_double(o->rules.trust_min_received));
    json_object_object_add(rules, "reciprocity_allowance",
                           json_object_new_double(o->rules.reciprocity_allowance));
    json_object_object_add(rules, "reciprocity_discount",
                           json_object_new_double(o->rules.reciprocity_discount));
    json_object_object_add(rules, "exchange_threshold",
                           json_object_new_double(o->rules.exchange_threshold));
    json_object_object_add(opts, "engagement_rules", rules);
    const char *files[][2] = {{"identities", o->identities},
                              {"prior", o->prior_path},
                              {"seeds", o->seeds_path},
                              {"graph", o->graph_path}};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        if (files[i][1] != NULL) {
            json_object_object_add(opts, files[i][0], json_object_new_string(files[i][1]));
        }
    }
    return opts;
}

static char *describe_run(const job_ctx *c, const pr_ingest_summary *s, const pr_job_output *out,
                          const job_result *r, const char *warm_from)
{
    const pr_job_opts *o = c->opts;
    json_object *root = json_object_new_object();
    json_object_object_add(root, "ingest", describe_ingest(s));
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
    json_object_object_add(root, "networks", describe_networks(c, r));
    json_object_object_add(root, "options", describe_options(o));
    json_object *warm = json_object_new_object();
    json_object_object_add(warm, "from", warm_from ? json_object_new_string(warm_from) : NULL);
    add_u64(warm, "persons", out->warm_started);
    json_object_object_add(root, "warm_start", warm);
    json_object_object_add(root, "peoplerank_version", json_object_new_string(PR_VERSION));
    const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN);
    char *copy = text ? pr_strdup(text) : NULL;
    json_object_put(root);
    return copy;
}

/* ---- Per algorithm ---- */

typedef struct algo_run {
    pr_algorithm algorithm;
    char *dir;     /* where this algorithm publishes (owned) */
    char *staging; /* where its snapshot waits until every algorithm is written (owned) */
    job_result result;
    pr_job_output *out;
    char *warm_from;    /* the snapshot this algorithm warm-started from (owned), or NULL */
    int publish_latest; /* the date guard lets latest move to this run's snapshot */
} algo_run;

/* --prior (every pagerank-like algorithm) and --seeds (personalized) over persons. */
static int load_one_teleport(double **out, const job_ctx *c, const char *path, unsigned flags,
                             pr_error *err)
{
    if (path == NULL) {
        return PR_OK;
    }
    *out = pr_mallocarray(c->persons->n, sizeof **out);
    if (*out == NULL) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    return pr_rank_load_teleport(*out, NULL, c->persons, path, flags, err);
}

static int load_teleports(job_ctx *c, pr_error *err)
{
    int rc;
    if ((rc = load_one_teleport(&c->prior, c, c->opts->prior_path, 0, err)) != PR_OK) {
        return rc;
    }
    return load_one_teleport(&c->seeds, c, c->opts->seeds_path, PR_TELEPORT_SEEDS, err);
}

/* The rank stage of one algorithm: its start vector (warm start) and its ranks. */
static int rank_algorithm(algo_run *run, job_ctx *c, pr_error *err)
{
    int rc;
    run->out->drift_percent = -1.0; /* until the drift guard compares */
    run->out->drift_spearman = NAN;
    run->out->drift_overlap = -1.0;
    if (job_uses_warm_start(run->algorithm)) {
        rc = job_load_previous(c, run->dir, err);
        run->out->warm_started = c->previous_found;
        run->out->latest_unreadable = c->previous_unreadable;
        if (rc != PR_OK) {
            return rc;
        }
        if (c->previous_path != NULL && (run->warm_from = pr_strdup(c->previous_path)) == NULL) {
            return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
        }
    } else {
        pr_free(c->previous); /* another algorithm's start vector is no use here */
        c->previous = NULL;
    }
    return job_rank_algorithm(&run->out->rank, &run->result, c, run->algorithm, err);
}

/* The score stage of one algorithm, right after its ranks (the networks hold its values):
 * scores, percentiles, per-network scores, engagement, influencer lists, explanations, deltas. */
static int score_algorithm(algo_run *run, job_ctx *c, int64_t as_of, pr_error *err)
{
    int explain = job_explains(run->algorithm);
    if (job_scores(&run->result, c) != PR_OK || job_extras(&run->result, c) != PR_OK ||
        (explain && job_explain(&run->result, c) != PR_OK)) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory computing scores");
    }
    /* Deltas go into the snapshot, which process 0 alone writes from its --out. */
    return pr_dist_rank() == 0 ? job_deltas(&run->result, c, run->dir, as_of, err) : PR_OK;
}

static int write_algorithm(algo_run *run, job_ctx *c, const pr_ingest_summary *s, const char *dir,
                           pr_error *err)
{
    const pr_graph *g = c->persons;
    const job_result *r = &run->result;
    const char **names = pr_mallocarray(g->n, sizeof *names);
    const char **nets = pr_mallocarray(c->net_count, sizeof *nets);
    char *extra = describe_run(c, s, run->out, r, run->warm_from);
    int rc = PR_ENOMEM;
    if (names == NULL || nets == NULL || extra == NULL) {
        pr_error_set(err, rc, NULL, 0, "out of memory preparing the snapshot");
        goto done;
    }
    for (pr_node v = 0; v < g->n; v++) {
        names[v] = pr_graph_name(g, v);
    }
    for (uint32_t k = 0; k < c->net_count; k++) {
        nets[k] = c->net[k].name;
    }
    pr_snapshot_meta meta = {0};
    meta.as_of = s->as_of;
    meta.created = (int64_t)time(NULL);
    snprintf(meta.algorithm, sizeof meta.algorithm, "%s", run->out->algorithm);
    meta.engagement_rules = job_uses_rules(run->algorithm) ? PR_RULES_ON : PR_RULES_OFF;
    meta.damping = c->opts->rank.damping;
    meta.tolerance = c->opts->rank.tolerance;
    meta.max_iterations = c->opts->rank.max_iterations;
    meta.iterations = run->out->rank.iterations;
    meta.final_change = run->out->rank.final_change;
    meta.scale_slope = c->opts->scale.slope;
    meta.scale_offset = c->opts->scale.offset;
    meta.persons = g->n;
    meta.edges = g->m;
    meta.extra_json = extra;
    pr_snapshot_columns cols = {g->n, names, r->rank, r->score, r->percentile};
    pr_snapshot_ext ext = PR_SNAPSHOT_EXT_INIT;
    ext.accounts = (const char *const *)r->accounts;
    ext.network_count = c->net_count;
    ext.networks = nets;
    ext.network_score = r->network_score;
    ext.engagers = r->engagers;
    ext.engagement = r->engagement;
    ext.influencers = r->influencers;
    ext.influencees = r->influencees;
    ext.delta = r->delta;
    ext.explain = (const char *const *)r->explain;
    for (int j = 0; j < PR_SNAPSHOT_DELTAS; j++) {
        ext.delta_source[j] = r->delta_source[j];
    }
    rc = pr_snapshot_write_ext(&run->out->snapshot_path, dir, &meta, &cols, &ext, err);
done:
    pr_free(names);
    pr_free(nets);
    pr_free(extra);
    return rc;
}

/* Several algorithms publish all or nothing: each snapshot is first written into a staging
 * directory beside its final place (run->staging), and only when every one is written are they
 * renamed into place (a rename within one filesystem is atomic) and published. */
static void unstage(algo_run *runs, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (runs[i].out->snapshot_path != NULL &&
            strstr(runs[i].out->snapshot_path, "/.staging-")) {
            unlink(runs[i].out->snapshot_path); /* still staged: never published */
            pr_free(runs[i].out->snapshot_path);
            runs[i].out->snapshot_path = NULL;
        }
        rmdir(runs[i].staging);
    }
}

/* A rename fails when the final name is a directory: find that before moving anything. */
static int check_final_place(const algo_run *run, pr_error *err)
{
    const char *staged = run->out->snapshot_path;
    const char *base = strrchr(staged, '/') ? strrchr(staged, '/') + 1 : staged;
    char *final = pr_strfmt("%s/%s", run->dir, base);
    struct stat st;
    if (final == NULL) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    int rc = PR_OK;
    if (lstat(final, &st) == 0 && S_ISDIR(st.st_mode)) {
        rc = pr_error_set(err, PR_EIO, final, 0, "is a directory: cannot publish over it");
    }
    pr_free(final);
    return rc;
}

static int move_into_place(algo_run *run, pr_error *err)
{
    const char *staged = run->out->snapshot_path;
    const char *base = strrchr(staged, '/') ? strrchr(staged, '/') + 1 : staged;
    char *final = pr_strfmt("%s/%s", run->dir, base);
    if (final == NULL) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    if (rename(staged, final) != 0) {
        int rc = pr_error_set(err, PR_EIO, final, 0, "cannot move the snapshot into place: %s",
                              strerror(errno));
        pr_free(final);
        return rc;
    }
    pr_free(run->out->snapshot_path);
    run->out->snapshot_path = final;
    rmdir(run->staging);
    int fd = open(run->dir, O_RDONLY);
    if (fd >= 0) { /* make the rename durable before latest points at it */
        fsync(fd);
        close(fd);
    }
    return PR_OK;
}

static int write_all(algo_run *runs, size_t count, job_ctx *c, const pr_ingest_summary *s,
                     pr_error *err)
{
    if (count == 1) {
        return write_algorithm(&runs[0], c, s, runs[0].dir, err);
    }
    int rc;
    for (size_t i = 0; i < count; i++) {
        const char *dir = runs[i].staging;
        if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
            rc = pr_error_set(err, PR_EIO, dir, 0, "cannot create: %s", strerror(errno));
            goto failed;
        }
        if ((rc = write_algorithm(&runs[i], c, s, dir, err)) != PR_OK) {
            goto failed;
        }
    }
    for (size_t i = 0; i < count; i++) { /* every rename must be able to succeed */
        if ((rc = check_final_place(&runs[i], err)) != PR_OK) {
            goto failed;
        }
    }
    for (size_t i = 0; i < count; i++) {
        if ((rc = move_into_place(&runs[i], err)) != PR_OK) {
            goto failed;
        }
    }
    return PR_OK;
failed:
    unstage(runs, count);
    return rc;
}

/* Output directories exist and are writable, checked before hours of work, not after. */
static int prepare_dirs(algo_run *runs, size_t count, const char *out, pr_error *err)
{
    for (size_t i = 0; i <= count; i++) {
        const char *dir = i == 0 ? out : runs[i - 1].dir;
        if (i > 0 && count == 1) {
            break;
        }
        if ((mkdir(dir, 0777) != 0 && errno != EEXIST) || access(dir, W_OK) != 0) {
            return pr_error_set(err, PR_EIO, dir, 0, "cannot write to this directory: %s",
                                strerror(errno));
        }
        job_remove_leftovers(dir);
    }
    return PR_OK;
}

static int plan_runs(algo_run *runs, size_t *count, pr_job_report *rep, const pr_job_opts *o,
                     pr_error *err)
{
    pr_algorithm algos[PR_JOB_MAX_ALGORITHMS];
    int rc;
    if ((rc = pr_job_check_opts(o, err)) != PR_OK ||
        (rc = pr_algorithm_parse_list(algos, count, o->algorithms ? o->algorithms : "peoplerank",
                                      PR_JOB_MAX_ALGORITHMS, err)) != PR_OK) {
        return rc;
    }
    for (size_t i = 0; i < *count; i++) {
        runs[i].algorithm = algos[i];
        runs[i].out = &rep->out[i];
        snprintf(rep->out[i].algorithm, sizeof rep->out[i].algorithm, "%s",
                 pr_algorithm_name(algos[i]));
        runs[i].dir = *count == 1 ? pr_strdup(o->out_dir)
                                  : pr_strfmt("%s/%s", o->out_dir, pr_algorithm_name(algos[i]));
        runs[i].staging =
            runs[i].dir ? pr_strfmt("%s/.staging-%ld", runs[i].dir, (long)getpid()) : NULL;
        if (runs[i].staging == NULL) {
            return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
        }
    }
    rep->out_count = *count;
    /* Only process 0 writes (several processes: `mpirun`, peoplerank/dist.h). */
    return pr_dist_rank() == 0 ? prepare_dirs(runs, *count, o->out_dir, err) : PR_OK;
}

int pr_job_check_opts(const pr_job_opts *o, pr_error *err)
{
    pr_algorithm algos[PR_JOB_MAX_ALGORITHMS];
    size_t count = 0;
    int rc = pr_algorithm_parse_list(algos, &count, o->algorithms ? o->algorithms : "peoplerank",
                                     PR_JOB_MAX_ALGORITHMS, err);
    if (rc != PR_OK) {
        return rc;
    }
    int personalized = 0;
    for (size_t i = 0; i < count; i++) {
        personalized |= algos[i] == PR_ALGO_PERSONALIZED;
        if (algos[i] == PR_ALGO_PERSONALIZED && o->seeds_path == NULL && o->prior_path == NULL) {
            return pr_error_set(err, PR_EINVAL, NULL, 0,
                                "personalized needs --seeds FILE (or --prior FILE)");
        }
        if (algos[i] == PR_ALGO_FOLLOWERS && o->graph_path != NULL) {
            return pr_error_set(err, PR_EINVAL, NULL, 0,
                                "followers needs event input: a saved graph has no follows");
        }
    }
    if (o->seeds_path != NULL && !personalized) {
        return pr_error_set(err, PR_EINVAL, NULL, 0,
                            "--seeds is for --algorithm personalized (use --prior for a prior)");
    }
    for (size_t i = 0; i < o->input_count; i++) {
        if ((rc = pr_ingest_check_input(o->inputs[i].format, o->inputs[i].network,
                                        o->csv_columns != NULL, o->inputs[i].path, err)) != PR_OK) {
            return rc;
        }
    }
    return PR_OK;
}

static int check_drift(algo_run *runs, size_t count, job_ctx *c, pr_job_report *rep, pr_error *err)
{
    if (c->opts->max_drift_percent < 0.0) {
        return PR_OK;
    }
    for (size_t i = 0; i < count; i++) {
        if (!runs[i].publish_latest) {
            continue; /* a backfill: latest is about another date */
        }
        char *latest = pr_strfmt("%s/latest", runs[i].dir);
        if (latest == NULL) {
            return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
        }
        char *report = NULL;
        int rc = job_drift_check(&report, runs[i].out, &runs[i].result, c, latest, err);
        if (rc != PR_OK) {
            pr_free(rep->drift_report);
            rep->drift_report = report;
            pr_free(latest);
            return rc;
        }
        pr_free(latest);
        pr_free(report);
    }
    return PR_OK;
}

static int publish(algo_run *runs, size_t count, unsigned keep, pr_error *err)
{
    for (size_t i = 0; i < count; i++) {
        if (runs[i].publish_latest) {
            int rc = pr_snapshot_publish_latest(runs[i].dir, runs[i].out->snapshot_path, err);
            if (rc != PR_OK) {
                return rc;
            }
            runs[i].out->latest_moved = 1;
        }
        if (keep > 0) {
            /* best effort: pruning never fails a published run */
            pr_snapshot_prune(NULL, &runs[i].out->pruned, runs[i].dir, keep, NULL);
        }
    }
    return PR_OK;
}

/* After ingest, when the as-of date is known and before the ranking's work. */
static int check_dates(algo_run *runs, size_t count, int64_t as_of, const pr_job_opts *o,
                       pr_error *err)
{
    /* The guard looks at --out, which process 0 alone writes (the others learn its verdict). */
    for (size_t i = 0; pr_dist_rank() == 0 && i < count; i++) {
        int rc = job_check_dates(&runs[i].publish_latest, &runs[i].out->replaced, runs[i].dir,
                                 as_of, o, err);
        if (rc != PR_OK) {
            return rc;
        }
    }
    return PR_OK;
}

static void free_runs(algo_run *runs, const job_ctx *c)
{
    for (size_t i = 0; runs != NULL && i < PR_JOB_MAX_ALGORITHMS; i++) {
        job_result_free(&runs[i].result, c->persons ? c->persons->n : 0);
        pr_free(runs[i].warm_from);
        pr_free(runs[i].dir);
        pr_free(runs[i].staging);
    }
    pr_free(runs);
}

/* Ingest and everything the ranking needs before it starts; stops at the first failure. */
static int prepare(job_ctx *c, algo_run *runs, size_t count, pr_job_report *rep, pr_error *err)
{
    int rc;
    if ((rc = ingest_inputs(c, rep, err)) != PR_OK) {
        return rc;
    }
    if (c->persons->n == 0) {
        return pr_error_set(err, PR_EINVAL, NULL, 0,
                            "no interactions left to rank (%llu events read, %llu kept)",
                            (unsigned long long)rep->ingest.events_read,
                            (unsigned long long)rep->ingest.events_kept);
    }
    if ((rc = job_networks_prepare(c, err)) != PR_OK) {
        return rc;
    }
    for (size_t i = 0; i < count; i++) {
        if (runs[i].algorithm == PR_ALGO_FOLLOWERS && c->follows == NULL && c->ingest != NULL &&
            (rc = pr_ingest_finish_follows(&c->follows, c->ingest, err)) != PR_OK) {
            return rc;
        }
    }
    if (c->ingest != NULL) {
        /* Every graph is built: only the explain pass may still read the events. */
        int explain = 0;
        for (size_t i = 0; i < count; i++) {
            explain |= job_explains(runs[i].algorithm);
        }
        pr_ingest_release_stores(c->ingest, explain);
    }
    if ((rc = load_teleports(c, err)) != PR_OK) {
        return rc;
    }
    return check_dates(runs, count, rep->ingest.as_of, c->opts, err);
}

/* Ranks and scores every algorithm; plain pagerank first, since the engagement rules reweight the
 * graphs in place. A failure ends the other processes too (they are in a collective step). */
static int rank_and_score(algo_run *runs, size_t count, job_ctx *c, pr_job_report *rep,
                          stage_clock *clock, pr_error *err)
{
    int rc = PR_OK;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < count; i++) {
            if (job_uses_rules(runs[i].algorithm) != pass) {
                continue;
            }
            stage_begin(clock, PR_STAGE_RANK);
            if ((rc = job_networks_rules(c, pass, err)) == PR_OK) {
                rc = rank_algorithm(&runs[i], c, err);
            }
            stage_end(clock);
            if (rc != PR_OK) {
                goto failed;
            }
            stage_begin(clock, PR_STAGE_SCORE);
            if ((rc = score_algorithm(&runs[i], c, rep->ingest.as_of, err)) == PR_OK) {
                rc = job_check_result(&runs[i].result, c, &rep->ingest, err);
            }
            stage_end(clock);
            if (rc != PR_OK) {
                goto failed;
            }
        }
    }
    return PR_OK;
failed:
    pr_dist_fail(err);
    return rc;
}

/* The writing process: the drift guard, then every snapshot written and published. */
static int write_and_publish(algo_run *runs, size_t count, job_ctx *c, pr_job_report *rep,
                             stage_clock *clock, pr_error *err)
{
    stage_begin(clock, PR_STAGE_GUARD);
    int rc = check_drift(runs, count, c, rep, err);
    stage_end(clock);
    if (rc != PR_OK) {
        return rc;
    }
    stage_begin(clock, PR_STAGE_WRITE);
    if ((rc = write_all(runs, count, c, &rep->ingest, err)) == PR_OK) {
        rc = publish(runs, count, c->opts->keep, err);
    }
    stage_end(clock);
    return rc;
}

/* Reentrant: every piece of state lives in this call's job_ctx and runs (heap). Every process
 * passes both pr_dist_agree calls (peoplerank/dist.h), whatever failed before them. */
int pr_job_run(pr_job_report *rep, const pr_job_opts *o, pr_error *err)
{
    job_ctx c = {0};
    size_t count = 0;
    stage_clock clock = {o, rep, 0, 0.0, &c};
    memset(rep, 0, sizeof *rep);
    c.opts = o;
    if ((o->input_count == 0 && o->graph_path == NULL) || o->out_dir == NULL) {
        return pr_error_set(err, PR_EINVAL, NULL, 0, "the job needs an input and --out");
    }
    algo_run *runs = pr_calloc(PR_JOB_MAX_ALGORITHMS, sizeof *runs);
    int rc = runs ? plan_runs(runs, &count, rep, o, err)
                  : pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    if (rc != PR_OK) {
        goto prepared;
    }
    stage_begin(&clock, PR_STAGE_INGEST);
    rc = prepare(&c, runs, count, rep, err);
    stage_end(&clock);
prepared:
    rep->networks = c.net_count;
    if (c.ingest != NULL) { /* reported whether the ingest succeeded or not */
        rep->bad_lines =
            collect_lines(c.ingest, pr_ingest_error_count(c.ingest), pr_ingest_error_message);
        rep->later_events =
            collect_lines(c.ingest, pr_ingest_later_count(c.ingest), pr_ingest_later_event);
    }
    if ((rc = pr_dist_agree(rc, err)) != PR_OK) { /* whether any process failed so far */
        goto written;
    }
    if ((rc = rank_and_score(runs, count, &c, rep, &clock, err)) != PR_OK) {
        goto written;
    }
    if (pr_dist_rank() == 0) { /* only process 0 writes */
        rc = write_and_publish(runs, count, &c, rep, &clock, err);
    }
written:
    rc = pr_dist_agree(rc, err); /* every process ends as the writer did */

    free_runs(runs, &c);
    pr_free(c.previous_path);
    job_networks_free(&c);
    pr_free(c.prior);
    pr_free(c.seeds);
    pr_free(c.previous);
    pr_free(c.previous_scale);
    pr_graph_free(c.follows);
    pr_graph_free(c.persons);
    pr_ingest_free(c.ingest);
    return rc;
}

void pr_job_report_clear(pr_job_report *rep)
{
    for (size_t i = 0; i < rep->out_count; i++) {
        pr_free(rep->out[i].snapshot_path);
        rep->out[i].snapshot_path = NULL;
        pr_free(rep->out[i].pruned);
        rep->out[i].pruned = NULL;
    }
    pr_free(rep->drift_report);
    rep->drift_report = NULL;
    pr_free(rep->bad_lines);
    rep->bad_lines = NULL;
    pr_free(rep->later_events);
    rep->later_events = NULL;
}
