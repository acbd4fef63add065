/* The routes: the JSON API under /v1, /healthz, /metrics and the page at /. Each request takes
 * one reference to the generation in service and answers from it alone, so a response never
 * mixes two snapshots; errors are JSON with a stable code (README "serve"). */
#include "serve.h"

#include "../explain_json.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A name is 1..SERVE_MAX_NAME bytes of UTF-8 without control characters. */
static int name_ok(const char *s, size_t len)
{
    if (len == 0 || len > SERVE_MAX_NAME) {
        return 0;
    }
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        unsigned c = *p++;
        int more = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
        if (c < 0x20 || c == 0x7f || more < 0 || (c == 0xc0 || c == 0xc1) || end - p < more) {
            return 0;
        }
        for (int i = 0; i < more; i++) {
            if ((*p++ >> 6) != 2) {
                return 0;
            }
        }
    }
    return 1;
}

static json_object *jscore(double v)
{
    char text[32];
    if (!isfinite(v)) {
        return NULL;
    }
    snprintf(text, sizeof text, "%.2f", v);
    return json_object_new_double_s(v, text);
}

/* {position, name, score}: a person mentioned in another's answer. */
static json_object *brief(const pr_snapshot_record *r)
{
    char bucket[8];
    json_object *o = json_object_new_object();
    json_object_object_add(o, "position", json_object_new_int64((int64_t)r->position));
    json_object_object_add(o, "name", json_object_new_string(r->name));
    json_object_object_add(o, "score", jscore(r->score));
    serve_bucket(bucket, r->score);
    json_object_object_add(o, "bucket", json_object_new_string(bucket));
    return o;
}

static void not_found(serve_reply *out, const char *name)
{
    serve_reply_error(out, 404, "not_found", "no person named '%s'", name);
}

static void read_error(serve_reply *out, const pr_error *err)
{
    char msg[1200];
    pr_error_format(msg, sizeof msg, err);
    serve_reply_error(out, 500, "read_error", "%s", msg);
}

/* ---- /v1/persons/{name}[/history|/influence|/explain] ---- */

/* The person called name (or owning that account) read into *rec at *pos; 0 after answering
 * 404 (unknown) or 500 (unreadable) into out. */
static int find_record(serve_reply *out, serve_gen *g, pr_snapshot *r, const char *name,
                       uint64_t *pos, pr_snapshot_record *rec)
{
    pr_error err = PR_ERROR_INIT;
    *pos = serve_find(g, r, name);
    if (*pos == 0) {
        not_found(out, name);
        return 0;
    }
    if (pr_snapshot_at(rec, r, *pos, &err) != PR_OK) {
        read_error(out, &err);
        return 0;
    }
    return 1;
}

static void person(serve_reply *out, serve_gen *g, pr_snapshot *r, uint64_t pos)
{
    pr_error err = PR_ERROR_INIT;
    serve_buf b = {NULL, 0, 0, 0};
    if (serve_record_append(&b, g, r, pos, NULL, &err) == PR_OK) {
        serve_reply_buf(out, 200, &b);
    } else {
        free(b.data);
        read_error(out, &err);
    }
}

static json_object *history_point(const char *date, double score, uint64_t position)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "date", json_object_new_string(date));
    json_object_object_add(o, "score", jscore(score));
    json_object_object_add(o, "position", json_object_new_int64((int64_t)position));
    return o;
}

/* Oldest first; days where the person is absent are left out. */
static void history(serve_reply *out, serve_gen *g, uint64_t pos, const pr_snapshot_record *rec)
{
    pr_error err = PR_ERROR_INIT;
    char person_name[SERVE_MAX_NAME * 4 + 1];
    snprintf(person_name, sizeof person_name, "%s", rec->name);
    double now_score = rec->score;
    json_object *points = json_object_new_array();
    const char *key = person_name;
    pthread_mutex_lock(&g->past_lock);
    for (size_t i = g->past_count; i-- > 0;) {
        uint64_t p = 0;
        pr_snapshot_record old;
        if (pr_snapshot_find_many(&p, g->past[i].snap, &key, 1, &err) == PR_OK && p != 0 &&
            pr_snapshot_at(&old, g->past[i].snap, p, &err) == PR_OK) {
            json_object_array_add(points, history_point(g->past[i].date, old.score, p));
        }
    }
    pthread_mutex_unlock(&g->past_lock);
    json_object_array_add(points, history_point(g->date, now_score, pos));
    json_object *o = json_object_new_object();
    json_object_object_add(o, "name", json_object_new_string(person_name));
    json_object_object_add(o, "as_of", json_object_new_string(g->date));
    json_object_object_add(o, "history", points);
    serve_reply_json(out, 200, o);
}

static json_object *neighbour_list(pr_snapshot *r, const uint64_t *pos)
{
    json_object *a = json_object_new_array();
    pr_error err = PR_ERROR_INIT;
    for (int j = 0; j < PR_SNAPSHOT_TOP_K; j++) {
        pr_snapshot_record n;
        if (pos[j] != 0 && pr_snapshot_at(&n, r, pos[j], &err) == PR_OK) {
            json_object_array_add(a, brief(&n));
        }
    }
    return a;
}

static void influence(serve_reply *out, serve_gen *g, pr_snapshot *r, const pr_snapshot_record *rec)
{
    uint64_t infl[PR_SNAPSHOT_TOP_K], infe[PR_SNAPSHOT_TOP_K];
    memcpy(infl, rec->influencers, sizeof infl);
    memcpy(infe, rec->influencees, sizeof infe);
    json_object *o = json_object_new_object();
    json_object_object_add(o, "name", json_object_new_string(rec->name));
    json_object_object_add(o, "as_of", json_object_new_string(g->date));
    json_object_object_add(o, "influencers", neighbour_list(r, infl));
    json_object_object_add(o, "influencees", neighbour_list(r, infe));
    serve_reply_json(out, 200, o);
}

/* Why the person has their rank: `explain --json`'s object (one shape, explain_json.c) plus
 * position, bucket and as_of. 404 explain_unavailable only when the snapshot stores no
 * explanations at all. */
static void explain(serve_reply *out, serve_gen *g, pr_snapshot *r, uint64_t pos)
{
    if (!pr_snapshot_has_column(g->info, PR_SNAPSHOT_COL_EXPLAIN)) {
        serve_reply_error(out, 404, "explain_unavailable",
                          "snapshot %s stores no explanations (written before they were added, "
                          "or by an algorithm without teleport)",
                          g->date);
        return;
    }
    pr_explanation e;
    pr_error err = PR_ERROR_INIT;
    if (pr_snapshot_explain_at(&e, r, pos, &err) != PR_OK) {
        read_error(out, &err);
        return;
    }
    char bucket[8];
    serve_bucket(bucket, e.score);
    json_object *o = explain_json(&e, g->info);
    json_object_object_add(o, "position", json_object_new_int64((int64_t)pos));
    json_object_object_add(o, "bucket", json_object_new_string(bucket));
    json_object_object_add(o, "as_of", json_object_new_string(g->date));
    pr_explanation_clear(&e);
    serve_reply_json(out, 200, o);
}

/* ---- POST /v1/lookup ---- */

static void batch(serve_reply *out, serve_gen *g, pr_snapshot *r, const serve_request *rq)
{
    json_tokener *tok = json_tokener_new_ex(4);
    json_object *in =
        tok ? json_tokener_parse_ex(tok, rq->body ? rq->body : "", (int)rq->body_len) : NULL;
    int done = tok && json_tokener_get_error(tok) == json_tokener_success &&
               (size_t)json_tokener_get_parse_end(tok) == rq->body_len;
    json_tokener_free(tok);
    if (!done || !json_object_is_type(in, json_type_array)) {
        json_object_put(in);
        serve_reply_error(out, 400, "bad_json", "the body must be a JSON array of names");
        return;
    }
    size_t n = json_object_array_length(in);
    if (n > SERVE_MAX_BATCH) {
        json_object_put(in);
        serve_reply_error(out, 413, "batch_too_large", "%zu names; at most %d in one request", n,
                          SERVE_MAX_BATCH);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        json_object *e = json_object_array_get_idx(in, i);
        if (!json_object_is_type(e, json_type_string) ||
            !name_ok(json_object_get_string(e), (size_t)json_object_get_string_len(e))) {
            json_object_put(in);
            serve_reply_error(out, 400, "bad_name", "item %zu is not a valid name", i);
            return;
        }
    }
    /* The answer is written as text: each found record is THE record shape, as rendered. */
    serve_buf b = {NULL, 0, 0, 0};
    serve_buf_printf(&b, "{\"as_of\":\"%s\",\"results\":[", g->date);
    pr_error err = PR_ERROR_INIT;
    int rc = PR_OK;
    for (size_t i = 0; rc == PR_OK && i < n; i += 64) {
        const char *names[64];
        uint64_t pos[64];
        size_t k = n - i < 64 ? n - i : 64;
        for (size_t j = 0; j < k; j++) {
            names[j] = json_object_get_string(json_object_array_get_idx(in, i + j));
        }
        rc = pr_snapshot_find_many(pos, r, names, k, &err);
        for (size_t j = 0; rc == PR_OK && j < k; j++) {
            if (pos[j] == 0 && g->accounts.built && strchr(names[j], ':') != NULL) {
                pos[j] = account_index_find(&g->accounts, names[j]);
            }
            serve_buf q = {NULL, 0, 0, 0};
            serve_buf_add(&q, ",\"query\":", 9);
            serve_buf_json_string(&q, names[j]);
            serve_buf_add(&q, ",\"found\":true", 13);
            if (i + j > 0) {
                serve_buf_add(&b, ",", 1);
            }
            if (q.failed) {
                b.failed = 1;
            } else if (pos[j] != 0) {
                rc = serve_record_append(&b, g, r, pos[j], q.data, &err);
            } else {
                serve_buf_add(&b, "{\"query\":", 9);
                serve_buf_json_string(&b, names[j]);
                serve_buf_add(&b, ",\"found\":false}", 15);
            }
            free(q.data);
        }
    }
    json_object_put(in);
    serve_buf_add(&b, "]}", 2);
    if (rc != PR_OK) {
        free(b.data);
        read_error(out, &err);
        return;
    }
    serve_reply_buf(out, 200, &b);
}

/* ---- GET /v1/top?n=&network=&algorithm= ---- */

static int parse_n(unsigned long *n, const char *s)
{
    char *end = NULL;
    if (s == NULL) {
        *n = 10;
        return 1;
    }
    errno = 0;
    *n = strtoul(s, &end, 10);
    return s[0] >= '0' && s[0] <= '9' && *end == '\0' && errno == 0 && *n >= 1 &&
           *n <= SERVE_MAX_TOP;
}

static void top(serve_reply *out, serve_gen *g, pr_snapshot *r, const serve_request *rq)
{
    unsigned long n;
    const char *net = rq->arg(rq->arg_ctx, "network");
    const char *algo = rq->arg(rq->arg_ctx, "algorithm");
    const char *served = pr_snapshot_get_meta(g->info)->algorithm;
    if (!parse_n(&n, rq->arg(rq->arg_ctx, "n"))) {
        serve_reply_error(out, 400, "bad_parameter", "n must be an integer from 1 to %d",
                          SERVE_MAX_TOP);
        return;
    }
    if (algo != NULL && algo[0] != '\0' && strcmp(algo, served) != 0) {
        serve_reply_error(out, 404, "unknown_algorithm", "this service serves '%s' only", served);
        return;
    }
    uint32_t k = 0, nn = g->net_top ? pr_snapshot_network_count(g->info) : 0;
    if (net != NULL && net[0] != '\0') {
        while (k < nn && strcmp(pr_snapshot_network_name(g->info, k), net) != 0) {
            k++;
        }
        if (k == nn) {
            serve_reply_error(out, 404, "unknown_network", "no network '%s' in this snapshot", net);
            return;
        }
    } else {
        net = NULL;
    }
    json_object *list = json_object_new_array();
    pr_error err = PR_ERROR_INIT;
    uint64_t have = net ? g->net_top[k].count : g->count;
    for (uint64_t i = 0; i < have && i < n; i++) {
        pr_snapshot_record rec;
        uint64_t pos = net ? g->net_top[k].pos[i] : i + 1;
        if (pr_snapshot_at(&rec, r, pos, &err) != PR_OK) {
            json_object_put(list);
            read_error(out, &err);
            return;
        }
        json_object *o = brief(&rec);
        json_object_object_add(o, "percentile", json_object_new_double(rec.percentile));
        if (net) {
            json_object_object_add(o, "network_score", jscore(g->net_top[k].score[i]));
        }
        json_object_array_add(list, o);
    }
    json_object *o = json_object_new_object();
    json_object_object_add(o, "as_of", json_object_new_string(g->date));
    json_object_object_add(o, "algorithm", json_object_new_string(served));
    json_object_object_add(o, "network", net ? json_object_new_string(net) : NULL);
    json_object *nets = json_object_new_array();
    for (uint32_t j = 0; j < pr_snapshot_network_count(g->info); j++) {
        json_object_array_add(nets, json_object_new_string(pr_snapshot_network_name(g->info, j)));
    }
    json_object_object_add(o, "networks", nets);
    json_object_object_add(o, "persons", list);
    serve_reply_json(out, 200, o);
}

/* ---- the rest ---- */

static void healthz(serve_reply *out, serve_gen *g)
{
    json_object *o = json_object_new_object();
    const char *base = g->path ? strrchr(g->path, '/') : NULL;
    json_object_object_add(o, "status", json_object_new_string("ok"));
    json_object_object_add(o, "as_of", json_object_new_string(g->date));
    json_object_object_add(o, "snapshot", json_object_new_string(base ? base + 1 : "latest"));
    json_object_object_add(o, "persons", json_object_new_int64((int64_t)g->count));
    json_object_object_add(o, "algorithm",
                           json_object_new_string(pr_snapshot_get_meta(g->info)->algorithm));
    json_object_object_add(o, "history_days", json_object_new_int64((int64_t)g->past_count + 1));
    serve_reply_json(out, 200, o);
}

static void metrics(serve_reply *out, serve_ctx *c)
{
    serve_buf b = {NULL, 0, 0, 0};
    serve_metrics_write(&b, c->metrics, c->holder);
    if (b.failed) {
        free(b.data);
        serve_reply_error(out, 500, "out_of_memory", "out of memory");
        return;
    }
    *out = (serve_reply){200, "text/plain; version=0.0.4", b.data, b.len, 0, NULL};
}

static int method_is(const serve_request *rq, const char *m, serve_reply *out, const char *allow)
{
    if (strcmp(rq->method, m) == 0 || (strcmp(m, "GET") == 0 && strcmp(rq->method, "HEAD") == 0)) {
        return 1;
    }
    serve_reply_error(out, 405, "method_not_allowed", "%s is not allowed here (allowed: %s)",
                      rq->method, allow);
    out->allow = allow;
    return 0;
}

typedef enum { P_NONE, P_PERSON, P_HISTORY, P_INFLUENCE, P_EXPLAIN } person_part;

/* /v1/persons/NAME[/part]: the part is the last segment when it is one of the known ones. */
static person_part split_person(char *name, size_t cap, const char *url)
{
    static const char prefix[] = "/v1/persons/";
    static const struct {
        const char *suffix;
        person_part part;
    } parts[] = {{"/history", P_HISTORY}, {"/influence", P_INFLUENCE}, {"/explain", P_EXPLAIN}};
    if (strncmp(url, prefix, sizeof prefix - 1) != 0) {
        return P_NONE;
    }
    const char *s = url + sizeof prefix - 1;
    size_t len = strlen(s);
    person_part part = P_PERSON;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        size_t sl = strlen(parts[i].suffix);
        if (len > sl && strcmp(s + len - sl, parts[i].suffix) == 0) {
            len -= sl;
            part = parts[i].part;
            break;
        }
    }
    if (len >= cap) {
        len = cap - 1;
    }
    memcpy(name, s, len);
    name[len] = '\0';
    return part;
}

void serve_route(serve_reply *out, serve_ctx *c, const serve_request *rq)
{
    const char *url = rq->url;
    if (strcmp(url, "/") == 0 || strcmp(url, "/index.html") == 0) {
        if (method_is(rq, "GET", out, "GET, HEAD")) {
            *out = (serve_reply){
                200, "text/html; charset=utf-8", (char *)serve_page_html, serve_page_html_len, 1,
                NULL};
        }
        return;
    }
    if (strcmp(url, "/metrics") == 0) {
        if (method_is(rq, "GET", out, "GET, HEAD")) {
            metrics(out, c);
        }
        return;
    }
    char name[SERVE_MAX_NAME + 2];
    person_part part = split_person(name, sizeof name, url);
    int is_top = strcmp(url, "/v1/top") == 0, is_lookup = strcmp(url, "/v1/lookup") == 0;
    if (part == P_NONE && !is_top && !is_lookup && strcmp(url, "/healthz") != 0) {
        serve_reply_error(out, 404, "no_such_endpoint", "no endpoint %s (see README \"serve\")",
                          url);
        return;
    }
    if (is_lookup ? !method_is(rq, "POST", out, "POST") : !method_is(rq, "GET", out, "GET, HEAD")) {
        return;
    }
    if (part != P_NONE && !name_ok(name, strlen(name))) { /* too long: cut to MAX + 1 */
        serve_reply_error(out, 400, "bad_name",
                          "a name is 1 to %d bytes of UTF-8 without control characters",
                          SERVE_MAX_NAME);
        return;
    }
    serve_gen *g = serve_gen_acquire(c->holder);
    if (strcmp(url, "/healthz") == 0) {
        healthz(out, g);
        serve_gen_release(g);
        return;
    }
    pr_snapshot *r = serve_reader_take(g);
    pr_snapshot_record rec;
    uint64_t pos;
    if (part == P_NONE) {
        is_top ? top(out, g, r, rq) : batch(out, g, r, rq);
    } else if (find_record(out, g, r, name, &pos, &rec)) {
        switch (part) {
        case P_PERSON:
            person(out, g, r, pos);
            break;
        case P_HISTORY:
            history(out, g, pos, &rec);
            break;
        case P_INFLUENCE:
            influence(out, g, r, &rec);
            break;
        default:
            explain(out, g, r, pos);
            break;
        }
    }
    serve_reader_give(g, r);
    serve_gen_release(g);
}
