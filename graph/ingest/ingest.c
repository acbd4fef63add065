/* The ingest object: collects events from the inputs, counts what it skips, and at the end
 * applies as-of date, window, decay and action weights to build the named CSR graph. */
#include "ingest_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const action_names[PR_ACTION_COUNT] = {"follow", "like",    "mention",
                                                          "reply",  "comment", "reshare"};

const char *pr_action_name(pr_action a)
{
    return (unsigned)a < PR_ACTION_COUNT ? action_names[a] : "?";
}

int pr_action_parse(pr_action *out, const char *s, size_t len)
{
    static const struct {
        const char *name;
        pr_action a;
    } aliases[] = {{"retweet", PR_ACTION_RESHARE}, {"share", PR_ACTION_RESHARE}};
    for (int a = 0; a < PR_ACTION_COUNT; a++) {
        if (strlen(action_names[a]) == len && memcmp(action_names[a], s, len) == 0) {
            *out = (pr_action)a;
            return PR_OK;
        }
    }
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
        if (strlen(aliases[i].name) == len && memcmp(aliases[i].name, s, len) == 0) {
            *out = aliases[i].a;
            return PR_OK;
        }
    }
    return PR_EPARSE;
}

const char *pr_skip_reason_name(pr_skip_reason r)
{
    static const char *const names[PR_SKIP_REASON_COUNT] = {
        "fields", "timestamp", "network", "handle", "action", "count", "nul", "long_line", "json"};
    return (unsigned)r < PR_SKIP_REASON_COUNT ? names[r] : "?";
}

static int valid_opts(const pr_ingest_opts *o)
{
    if (!(o->window_days > 0.0) || !isfinite(o->window_days) || !(o->half_life_days >= 0.0) ||
        !isfinite(o->half_life_days)) {
        return 0;
    }
    for (int a = 0; a < PR_ACTION_COUNT; a++) {
        if (!(o->action_weight[a] >= 0.0) || !isfinite(o->action_weight[a])) {
            return 0;
        }
    }
    if (o->in_order && (o->as_of == PR_AS_OF_NEWEST || o->in_order_days > 36500)) {
        return 0; /* folding needs the as-of date before the first event */
    }
    return o->daily_cap >= 0.0 && isfinite(o->daily_cap) && o->selectivity_targets >= 0.0 &&
           isfinite(o->selectivity_targets) && o->window_days <= 36500.0;
}

int pr_ingest_new(pr_ingest **out, const pr_ingest_opts *opts)
{
    pr_ingest_opts def = PR_INGEST_OPTS_INIT;
    *out = NULL;
    if (opts != NULL && !valid_opts(opts)) {
        return PR_EINVAL;
    }
    pr_ingest *ig = pr_calloc(1, sizeof *ig);
    if (ig == NULL) {
        return PR_ENOMEM;
    }
    ig->opts = opts ? *opts : def;
    ig->fold_before_day = ig->fold_newest = INT64_MIN;
    ig->fold_at = pr_ingest__fold_batch(ig);
    *out = ig;
    return PR_OK;
}

void pr_ingest_free(pr_ingest *ig)
{
    if (ig == NULL) {
        return;
    }
    pr_ingest__names_clear(&ig->names);
    pr_free(ig->events.src);
    pr_free(ig->events.dst);
    pr_free(ig->events.ts);
    pr_free(ig->events.meta);
    pr_free(ig->timeless.src);
    pr_free(ig->timeless.dst);
    pr_free(ig->timeless.w);
    pr_ingest__fold_store_free(&ig->folded);
    for (size_t i = 0; i < ig->n_numcache; i++) {
        pr_free(ig->numcache[i].ids);
    }
    pr_free(ig->numcache);
    pr_free(ig->csv_columns);
    pr_ingest__names_clear(&ig->ident);
    pr_free(ig->ident_person);
    pr_ingest__names_clear(&ig->persons);
    pr_free(ig->node_of);
    for (size_t i = 0; i < ig->n_networks; i++) {
        pr_free(ig->networks[i]);
    }
    pr_free(ig->networks);
    for (size_t i = 0; i < ig->n_messages; i++) {
        pr_free(ig->messages[i]);
    }
    for (size_t i = 0; i < ig->n_files; i++) {
        pr_free(ig->file_names[i]);
    }
    pr_free(ig->file_names);
    for (size_t i = 0; i < ig->n_later; i++) {
        pr_free(ig->later[i]);
    }
    pr_ingest__days_free(&ig->days);
    pr_free(ig);
}

void pr_ingest_set_progress(pr_ingest *ig, pr_ingest_progress_fn fn, void *ctx)
{
    ig->progress = fn;
    ig->progress_ctx = ctx;
}

uint64_t pr_ingest_bytes_read(const pr_ingest *ig)
{
    return ig->bytes_before;
}

void pr_ingest__report_progress(pr_ingest *ig, const pr_reader *r)
{
    if (ig->progress != NULL) {
        ig->progress(ig->progress_ctx, ig->sum.lines, ig->bytes_before + pr_reader_bytes(r),
                     ig->sum.events_read, UINT64_MAX);
    }
}

const pr_ingest_summary *pr_ingest_get_summary(const pr_ingest *ig)
{
    return &ig->sum;
}

size_t pr_ingest_error_count(const pr_ingest *ig)
{
    return ig->n_messages;
}

const char *pr_ingest_error_message(const pr_ingest *ig, size_t i)
{
    return i < ig->n_messages ? ig->messages[i] : NULL;
}

int pr_ingest__bad_line(pr_ingest *ig, pr_error *err, const char *file, uint64_t line,
                        pr_skip_reason reason, const char *fmt, ...)
{
    char msg[sizeof err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (ig->opts.max_errors == 0) {
        return pr_error_set(err, PR_EPARSE, file, line, "%s", msg);
    }
    ig->sum.skipped_lines++;
    ig->sum.skipped[reason]++;
    if (ig->n_messages < PR_MAX_KEPT_MESSAGES) {
        pr_error e = PR_ERROR_INIT;
        char buf[sizeof e.file + sizeof e.message + 32];
        pr_error_set(&e, PR_EPARSE, file, line, "%s", msg);
        pr_error_format(buf, sizeof buf, &e);
        char *copy = pr_strdup(buf);
        if (copy == NULL) {
            return pr_error_set(err, PR_ENOMEM, file, line, "out of memory");
        }
        ig->messages[ig->n_messages++] = copy;
    }
    if (ig->sum.skipped_lines + ig->skipped_before > ig->opts.max_errors) {
        return pr_error_set(err, PR_EPARSE, file, line,
                            "too many bad lines (more than --max-errors %llu); this one: %s",
                            (unsigned long long)ig->opts.max_errors, msg);
    }
    return PR_OK;
}

int pr_ingest__account(uint32_t *id, pr_ingest *ig, const char *net, size_t net_len,
                       const char *handle, size_t handle_len)
{
    uint64_t h = pr_ingest__names_hash2(net, net_len, handle, handle_len);
    return pr_ingest__names_intern2(id, &ig->names, net, net_len, handle, handle_len, h);
}

static int grow_events(pr_event_store *st)
{
    uint64_t cap = st->cap ? st->cap * 2 : 4096;
    if (pr_resize(&st->src, cap, sizeof *st->src) != PR_OK ||
        pr_resize(&st->dst, cap, sizeof *st->dst) != PR_OK ||
        pr_resize(&st->ts, cap, sizeof *st->ts) != PR_OK ||
        pr_resize(&st->meta, cap, sizeof *st->meta) != PR_OK) {
        return PR_ENOMEM;
    }
    st->cap = cap;
    return PR_OK;
}

int pr_ingest__event(pr_ingest *ig, uint32_t src, uint32_t dst, int64_t ts, pr_action a,
                     uint32_t count, uint64_t line_no)
{
    ig->sum.events_read++;
    if (ig->timed_events++ == 0) {
        ig->sum.newest = ig->sum.oldest = ts;
    }
    ig->sum.newest = ts > ig->sum.newest ? ts : ig->sum.newest;
    ig->sum.oldest = ts < ig->sum.oldest ? ts : ig->sum.oldest;
    if (src == dst) {
        ig->sum.self_interactions++;
        return PR_OK;
    }
    if (pr_ingest__days_note(ig, ts, line_no) != PR_OK) {
        return PR_ENOMEM;
    }
    int check = ig->opts.in_order ? pr_ingest__fold_check(ig, ts) : 0;
    if (check != 0) {
        return check > 0 ? PR_EORDER : PR_OK;
    }
    pr_event_store *st = &ig->events;
    if (st->count == st->cap && grow_events(st) != PR_OK) {
        return PR_ENOMEM;
    }
    st->src[st->count] = src;
    st->dst[st->count] = dst;
    st->ts[st->count] = ts;
    st->meta[st->count] = (uint32_t)a << 28 | count;
    st->count++;
    return ig->opts.in_order && st->count >= ig->fold_at ? pr_ingest__fold(ig) : PR_OK;
}

/* Names the input being read, for file:line of later events (pr_ingest__days_note). */
static int add_file_name(pr_ingest *ig, const char *name)
{
    char **names = pr_realloc(ig->file_names, (ig->n_files + 1) * sizeof *names);
    if (names == NULL) {
        return PR_ENOMEM;
    }
    ig->file_names = names;
    names[ig->n_files] = pr_strdup(name);
    return names[ig->n_files] ? (ig->n_files++, PR_OK) : PR_ENOMEM;
}

typedef int (*reader_fn)(pr_ingest *ig, pr_reader *r, const char *network, pr_error *err);

static int read_events_fn(pr_ingest *ig, pr_reader *r, const char *network, pr_error *err)
{
    (void)network;
    return pr_ingest__read_events(ig, r, err);
}

static int read_csv_fn(pr_ingest *ig, pr_reader *r, const char *network, pr_error *err)
{
    return pr_ingest__read_csv(ig, r, network, ig->csv_columns, err);
}

static const struct {
    const char *format;
    const char *default_network;
    reader_fn fn;
} formats[] = {
    {"events", NULL, read_events_fn},
    {"edges", "edges", pr_ingest__read_edges},
    {"csv", "csv", read_csv_fn},
    {"klout", "klout", pr_ingest__read_klout},
    {"twitter-json", "twitter", pr_ingest__read_twitter_json},
    {"jetstream", "bluesky", pr_ingest__read_jetstream},
};

const char *pr_ingest_format_name(size_t i)
{
    return i < sizeof formats / sizeof formats[0] ? formats[i].format : NULL;
}

int pr_ingest_check_input(const char *format, const char *network, int have_columns,
                          const char *path, pr_error *err)
{
    size_t f = 0, nf = sizeof formats / sizeof formats[0];
    while (f < nf && (format == NULL || strcmp(format, formats[f].format) != 0)) {
        f++;
    }
    if (f == nf) {
        return pr_error_set(err, PR_EINVAL, path, 0,
                            "unknown input format '%s' (events, edges, csv, klout, twitter-json, "
                            "jetstream)",
                            format ? format : "(null)");
    }
    if (network != NULL && formats[f].default_network == NULL) {
        return pr_error_set(err, PR_EINVAL, path, 0,
                            "format '%s' names the network on every line; drop ':%s'", format,
                            network);
    }
    if (network != NULL && !pr_ingest__valid_network(network, strlen(network))) {
        return pr_error_set(err, PR_EINVAL, path, 0, "bad network '%s' (expected [a-z0-9_-]{1,32})",
                            network);
    }
    if (f == 2 && !have_columns) {
        return pr_error_set(err, PR_EINVAL, path, 0, "csv input needs --columns");
    }
    return PR_OK;
}

/* Reads one input, whole (range NULL) or the lines of a byte range (range[0..2]: begin, end,
 * first line number; sharded ingest, pr_ingest_add_range). */
static int read_input(pr_ingest *ig, const char *format, const char *network, const char *path,
                      const uint64_t *range, pr_error *err)
{
    int checked = pr_ingest_check_input(format, network, ig->csv_columns != NULL, path, err);
    if (checked != PR_OK) {
        return checked;
    }
    size_t f = 0;
    while (strcmp(format, formats[f].format) != 0) {
        f++;
    }
    pr_reader *r = NULL;
    int rc = range ? pr_reader_open_range(&r, path, range[0], range[1], range[2], err)
                   : pr_reader_open(&r, path, err);
    if (rc != PR_OK) {
        return rc;
    }
    ig->sum.files++;
    rc = add_file_name(ig, pr_reader_name(r));
    if (rc != PR_OK) {
        rc = pr_error_set(err, rc, path, 0, "out of memory");
    } else {
        rc = formats[f].fn(ig, r, network ? network : formats[f].default_network, err);
    }
    pr_ingest__report_progress(ig, r);
    ig->bytes_before += pr_reader_bytes(r);
    pr_reader_close(r);
    return rc;
}

int pr_ingest_add_file(pr_ingest *ig, const char *format, const char *network, const char *path,
                       pr_error *err)
{
    return read_input(ig, format, network, path, NULL, err);
}

int pr_ingest_splittable(const char *format)
{
    /* one record a line, no header, nothing carried from line to line */
    return format != NULL && (strcmp(format, "events") == 0 || strcmp(format, "edges") == 0);
}

int pr_ingest_add_range(pr_ingest *ig, const char *format, const char *network, const char *path,
                        uint64_t begin, uint64_t end, uint64_t first_line, pr_error *err)
{
    if (!pr_ingest_splittable(format)) {
        return pr_error_set(err, PR_EINVAL, path, 0, "format '%s' cannot be read in byte ranges",
                            format ? format : "(null)");
    }
    const uint64_t range[3] = {begin, end, first_line};
    return read_input(ig, format, network, path, range, err);
}

int pr_ingest_skip_input(pr_ingest *ig, const char *path)
{
    ig->sum.files++;
    return add_file_name(ig, path);
}

void pr_ingest_set_skipped_before(pr_ingest *ig, uint64_t skipped)
{
    ig->skipped_before = skipped;
}

int pr_ingest_set_csv_columns(pr_ingest *ig, const char *columns)
{
    char *copy = columns ? pr_strdup(columns) : NULL;
    if (columns != NULL && copy == NULL) {
        return PR_ENOMEM;
    }
    pr_free(ig->csv_columns);
    ig->csv_columns = copy;
    return PR_OK;
}

int pr_ingest_add_csv(pr_ingest *ig, const char *network, const char *path, const char *columns,
                      pr_error *err)
{
    char *saved = ig->csv_columns;
    ig->csv_columns = (char *)columns;
    int rc = pr_ingest_add_file(ig, "csv", network, path, err);
    ig->csv_columns = saved;
    return rc;
}
