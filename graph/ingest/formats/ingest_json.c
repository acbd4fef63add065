/* JSON-lines inputs, parsed with json-c: Twitter API v1.1 tweet objects and Bluesky Jetstream
 * events. Each record yields up to a few interactions from its author; one target gets at most
 * one interaction per record (the strongest kind: reshare, then reply, then mention). */
#include "ingest_internal.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#define MAX_TARGETS 64

typedef struct json_targets {
    const char *name[MAX_TARGETS];
    size_t len[MAX_TARGETS];
    pr_action action[MAX_TARGETS];
    int n;
    int fold; /* handles compare ASCII case-insensitively (Twitter screen names) */
} json_targets;

static int same_handle(const char *a, const char *b, size_t len, int fold)
{
    if (!fold) {
        return memcmp(a, b, len) == 0;
    }
    for (size_t i = 0; i < len; i++) {
        char x = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] + 32) : a[i];
        char y = b[i] >= 'A' && b[i] <= 'Z' ? (char)(b[i] + 32) : b[i];
        if (x != y) {
            return 0;
        }
    }
    return 1;
}

static void add_target(json_targets *t, const char *name, size_t len, pr_action a)
{
    if (name == NULL || len == 0 || t->n == MAX_TARGETS) {
        return;
    }
    for (int i = 0; i < t->n; i++) {
        if (t->len[i] == len && same_handle(t->name[i], name, len, t->fold)) {
            return; /* an earlier, stronger interaction with the same target */
        }
    }
    t->name[t->n] = name, t->len[t->n] = len, t->action[t->n] = a;
    t->n++;
}

static json_object *get(json_object *o, const char *key)
{
    json_object *v = NULL;
    return (o != NULL && json_object_is_type(o, json_type_object) &&
            json_object_object_get_ex(o, key, &v))
               ? v
               : NULL;
}

static const char *get_str(json_object *o, const char *key, size_t *len)
{
    json_object *v = get(o, key);
    if (v == NULL || !json_object_is_type(v, json_type_string)) {
        return NULL;
    }
    *len = (size_t)json_object_get_string_len(v);
    return json_object_get_string(v);
}

/* Parses one line into an object; NULL when it is not exactly one JSON object. */
static json_object *parse_line(json_tokener *tok, const char *line, size_t len)
{
    json_tokener_reset(tok);
    json_object *o = json_tokener_parse_ex(tok, line, (int)len);
    if (o == NULL || json_tokener_get_error(tok) != json_tokener_success) {
        json_object_put(o);
        return NULL;
    }
    for (size_t i = json_tokener_get_parse_end(tok); i < len; i++) {
        if (line[i] != ' ' && line[i] != '\t') {
            json_object_put(o);
            return NULL;
        }
    }
    if (!json_object_is_type(o, json_type_object)) {
        json_object_put(o);
        return NULL;
    }
    return o;
}

/* Emits author -> each target. Handles are validated; lower-cased when fold is set. */
static int emit(pr_ingest *ig, const char *net, size_t net_len, const char *author, size_t alen,
                const json_targets *t, int64_t ts, int fold, const char *file, uint64_t line_no,
                pr_error *err)
{
    char buf[1024];
    uint32_t a, b;
    if (alen == 0 || alen >= sizeof buf || !pr_ingest__valid_utf8(author, alen)) {
        return PR_BAD(PR_SKIP_HANDLE, "empty, over-long or invalid author handle");
    }
    for (int i = 0; i < t->n; i++) {
        if (t->len[i] >= sizeof buf || !pr_ingest__valid_utf8(t->name[i], t->len[i])) {
            return PR_BAD(PR_SKIP_HANDLE, "over-long or invalid target handle");
        }
    }
    for (size_t i = 0; i < alen; i++) {
        buf[i] =
            (fold && author[i] >= 'A' && author[i] <= 'Z') ? (char)(author[i] + 32) : author[i];
    }
    int rc;
    if ((rc = pr_ingest__account(&a, ig, net, net_len, buf, alen)) != PR_OK) {
        goto fail;
    }
    for (int i = 0; i < t->n; i++) {
        for (size_t k = 0; k < t->len[i]; k++) {
            char ch = t->name[i][k];
            buf[k] = (fold && ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
        }
        if ((rc = pr_ingest__account(&b, ig, net, net_len, buf, t->len[i])) != PR_OK ||
            (rc = pr_ingest__event(ig, a, b, ts, t->action[i], 1, line_no)) != PR_OK) {
            goto fail;
        }
    }
    return PR_OK;
fail:
    return pr_error_set(err, rc, file, line_no, "%s", pr_ingest__strerror(ig, rc));
}

/* ---- Twitter v1.1 ---- */

/* "Wed Oct 10 20:19:24 +0000 2018" -> Unix seconds. */
static int parse_twitter_time(int64_t *out, const char *s, size_t len)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    if (len != 30 || s[3] != ' ' || s[7] != ' ' || s[10] != ' ' || s[19] != ' ' ||
        (s[20] != '+' && s[20] != '-') || s[25] != ' ') {
        return PR_EPARSE;
    }
    int mon = -1;
    for (int m = 0; m < 12; m++) {
        if (memcmp(months + 3 * m, s + 4, 3) == 0) {
            mon = m + 1;
        }
    }
    char iso[32];
    snprintf(iso, sizeof iso, "%.4s-%02d-%.2sT%.8sZ", s + 26, mon, s + 8, s + 11);
    int64_t t;
    int oh, om;
    if (mon < 0 || pr_parse_timestamp(&t, iso, strlen(iso)) != PR_OK ||
        sscanf(s + 21, "%2d%2d", &oh, &om) != 2) {
        return PR_EPARSE;
    }
    t -= (s[20] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
    if (t < 0) {
        return PR_EPARSE;
    }
    *out = t;
    return PR_OK;
}

static void add_screen_name(json_targets *t, json_object *user, pr_action a)
{
    size_t len = 0;
    const char *s = get_str(user, "screen_name", &len);
    add_target(t, s, len, a);
}

static int is_notice(json_object *o)
{
    static const char *const keys[] = {"delete",        "limit",   "scrub_geo", "status_withheld",
                                       "user_withheld", "warning", "disconnect"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (get(o, keys[i]) != NULL) {
            return 1;
        }
    }
    return 0;
}

static int tweet(pr_ingest *ig, json_object *o, const char *net, size_t net_len, const char *file,
                 uint64_t line_no, pr_error *err)
{
    size_t alen = 0, tlen = 0;
    const char *author = get_str(get(o, "user"), "screen_name", &alen);
    const char *created = get_str(o, "created_at", &tlen);
    if (author == NULL && created == NULL && is_notice(o)) {
        ig->sum.ignored_records++;
        return PR_OK;
    }
    if (author == NULL || created == NULL) {
        return PR_BAD(PR_SKIP_JSON, "tweet without user.screen_name or created_at");
    }
    int64_t ts;
    if (parse_twitter_time(&ts, created, tlen) != PR_OK) {
        return PR_BAD(PR_SKIP_TIMESTAMP, "bad created_at '%.*s'", PR_SHOW(tlen), created);
    }
    json_targets t = {{0}, {0}, {0}, 0, 1};
    add_screen_name(&t, get(get(o, "retweeted_status"), "user"), PR_ACTION_RESHARE);
    add_screen_name(&t, get(get(o, "quoted_status"), "user"), PR_ACTION_RESHARE);
    size_t rlen = 0;
    const char *reply = get_str(o, "in_reply_to_screen_name", &rlen);
    add_target(&t, reply, rlen, PR_ACTION_REPLY);
    json_object *mentions = get(get(o, "entities"), "user_mentions");
    if (mentions != NULL && json_object_is_type(mentions, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(mentions); i++) {
            add_screen_name(&t, json_object_array_get_idx(mentions, i), PR_ACTION_MENTION);
        }
    }
    if (t.n == 0) {
        ig->sum.ignored_records++;
        return PR_OK;
    }
    return emit(ig, net, net_len, author, alen, &t, ts, 1, file, line_no, err);
}

/* ---- Bluesky Jetstream ---- */

/* The authority (DID) of "at://DID/collection/rkey". */
static void add_uri_author(json_targets *t, const char *uri, size_t len, pr_action a)
{
    if (uri == NULL || len < 6 || memcmp(uri, "at://", 5) != 0) {
        return;
    }
    const char *slash = memchr(uri + 5, '/', len - 5);
    add_target(t, uri + 5, slash ? (size_t)(slash - uri - 5) : len - 5, a);
}

static void add_uri_of(json_targets *t, json_object *o, pr_action a)
{
    size_t len = 0;
    const char *uri = get_str(o, "uri", &len);
    add_uri_author(t, uri, len, a);
}

static void post_targets(json_targets *t, json_object *rec)
{
    json_object *embed = get(rec, "embed");
    add_uri_of(t, get(embed, "record"), PR_ACTION_RESHARE);                /* embed.record */
    add_uri_of(t, get(get(embed, "record"), "record"), PR_ACTION_RESHARE); /* recordWithMedia */
    add_uri_of(t, get(get(rec, "reply"), "parent"), PR_ACTION_REPLY);
    json_object *facets = get(rec, "facets");
    size_t nf = json_object_is_type(facets, json_type_array) ? json_object_array_length(facets) : 0;
    for (size_t i = 0; i < nf; i++) {
        json_object *feats = get(json_object_array_get_idx(facets, i), "features");
        size_t n =
            json_object_is_type(feats, json_type_array) ? json_object_array_length(feats) : 0;
        for (size_t k = 0; k < n; k++) {
            json_object *f = json_object_array_get_idx(feats, k);
            size_t tl = 0, dl = 0;
            const char *type = get_str(f, "$type", &tl);
            const char *did = get_str(f, "did", &dl);
            if (type != NULL && strcmp(type, "app.bsky.richtext.facet#mention") == 0) {
                add_target(t, did, dl, PR_ACTION_MENTION);
            }
        }
    }
}

/* Fills t from a create commit; returns 0 when the collection carries no interaction. */
static int commit_targets(json_targets *t, const char *coll, json_object *rec)
{
    size_t len = 0;
    if (strcmp(coll, "app.bsky.graph.follow") == 0) {
        const char *subject = get_str(rec, "subject", &len);
        add_target(t, subject, len, PR_ACTION_FOLLOW);
        return 1;
    }
    if (strcmp(coll, "app.bsky.feed.like") == 0 || strcmp(coll, "app.bsky.feed.repost") == 0) {
        add_uri_of(t, get(rec, "subject"), coll[14] == 'l' ? PR_ACTION_LIKE : PR_ACTION_RESHARE);
        return 1;
    }
    if (strcmp(coll, "app.bsky.feed.post") == 0) {
        post_targets(t, rec);
        return 2; /* a plain post (no reply, mention or quote) is normal, not an error */
    }
    return 0;
}

static int jetstream(pr_ingest *ig, json_object *o, const char *net, size_t net_len,
                     const char *file, uint64_t line_no, pr_error *err)
{
    size_t dl = 0, kl = 0, ol = 0, cl = 0;
    const char *did = get_str(o, "did", &dl);
    const char *kind = get_str(o, "kind", &kl);
    json_object *tus = get(o, "time_us");
    if (did == NULL || kind == NULL || tus == NULL || !json_object_is_type(tus, json_type_int)) {
        return PR_BAD(PR_SKIP_JSON, "Jetstream event without did, kind or time_us");
    }
    int64_t us = json_object_get_int64(tus);
    if (us < 0 || us / 1000000 > INT64_C(253402300799)) {
        return PR_BAD(PR_SKIP_TIMESTAMP, "time_us out of range");
    }
    json_object *commit = get(o, "commit");
    const char *op = get_str(commit, "operation", &ol);
    const char *coll = get_str(commit, "collection", &cl);
    if (strcmp(kind, "commit") != 0 || op == NULL || strcmp(op, "create") != 0 || coll == NULL) {
        ig->sum.ignored_records++; /* identity/account events, updates and deletes */
        return PR_OK;
    }
    json_targets t = {{0}, {0}, {0}, 0, 0};
    int kind_of = commit_targets(&t, coll, get(commit, "record"));
    if (kind_of == 1 && t.n == 0) {
        return PR_BAD(PR_SKIP_JSON, "%s record without a subject", coll);
    }
    if (t.n == 0) {
        ig->sum.ignored_records++;
        return PR_OK;
    }
    return emit(ig, net, net_len, did, dl, &t, us / 1000000, 0, file, line_no, err);
}

typedef int (*record_fn)(pr_ingest *ig, json_object *o, const char *net, size_t net_len,
                         const char *file, uint64_t line_no, pr_error *err);

static int read_json_lines(pr_ingest *ig, pr_reader *r, const char *network, record_fn fn,
                           pr_error *err)
{
    json_tokener *tok = json_tokener_new_ex(64);
    if (tok == NULL) {
        return pr_error_set(err, PR_ENOMEM, pr_reader_name(r), 0, "out of memory");
    }
    const char *line;
    size_t len;
    int rc;
    size_t net_len = strlen(network);
    while ((rc = pr_ingest__next_text_line(ig, r, &line, &len, err)) == 1) {
        const char *file = pr_reader_name(r);
        uint64_t line_no = pr_reader_line_number(r);
        json_object *o = parse_line(tok, line, len);
        if (o == NULL) {
            rc = PR_BAD(PR_SKIP_JSON, "not a JSON object");
        } else {
            rc = fn(ig, o, network, net_len, file, line_no, err);
            json_object_put(o);
        }
        if (rc < 0) {
            break;
        }
    }
    json_tokener_free(tok);
    return rc;
}

int pr_ingest__read_twitter_json(pr_ingest *ig, pr_reader *r, const char *network, pr_error *err)
{
    return read_json_lines(ig, r, network, tweet, err);
}

int pr_ingest__read_jetstream(pr_ingest *ig, pr_reader *r, const char *network, pr_error *err)
{
    return read_json_lines(ig, r, network, jetstream, err);
}
