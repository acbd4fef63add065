/* The one JSON shape of a person record (docs/snapshot-format.md "Record JSON"), shared by
 * `lookup --json`, `export --format jsonl` and the HTTP service, so that they cannot drift apart.
 * Written by hand, not with json-c: export renders millions of them. */
#include "snapshot_read_internal.h"

#include "peoplerank/snapshot_export.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void pr_strbuf_free(pr_strbuf *b)
{
    if (b != NULL) {
        pr_free(b->data);
        b->data = NULL;
        b->len = b->cap = 0;
    }
}

/* Room for n more bytes plus a terminator; NULL (and failed set) when out of memory. */
static char *room(pr_strbuf *b, size_t n)
{
    if (b->failed) {
        return NULL;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1) {
            cap *= 2;
        }
        char *p = pr_realloc(b->data, cap);
        if (p == NULL) {
            b->failed = 1;
            return NULL;
        }
        b->data = p;
        b->cap = cap;
    }
    return b->data + b->len;
}

static void put(pr_strbuf *b, const char *s, size_t n)
{
    char *p = room(b, n);
    if (p) {
        memcpy(p, s, n);
        b->len += n;
        b->data[b->len] = '\0';
    }
}

void pr_strbuf_put(pr_strbuf *b, const char *s, size_t n)
{
    put(b, s, n);
}

static void puts_(pr_strbuf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* A JSON string (RFC 8259): quote, backslash and control characters escaped, other bytes as
 * they are (names are UTF-8). */
static void put_string(pr_strbuf *b, const char *s, size_t n)
{
    put(b, "\"", 1);
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        put(b, s + from, i - from);
        char esc[8];
        if (c == '"' || c == '\\') {
            snprintf(esc, sizeof esc, "\\%c", c);
        } else if (c == '\n' || c == '\t' || c == '\r') {
            snprintf(esc, sizeof esc, "\\%c", c == '\n' ? 'n' : c == '\t' ? 't' : 'r');
        } else {
            snprintf(esc, sizeof esc, "\\u%04x", c);
        }
        puts_(b, esc);
        from = i + 1;
    }
    put(b, s + from, n - from);
    put(b, "\"", 1);
}

void pr_strbuf_json(pr_strbuf *out, const char *s)
{
    put_string(out, s, strlen(s));
}

void pr_strbuf_csv(pr_strbuf *out, const char *s)
{
    int formula =
        s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
    if (!formula && strpbrk(s, ",\"\r\n") == NULL) {
        puts_(out, s);
        return;
    }
    put(out, formula ? "\"'" : "\"", formula ? 2 : 1);
    for (const char *q = s; *q; q++) {
        put(out, q, 1);
        if (*q == '"') {
            put(out, "\"", 1);
        }
    }
    put(out, "\"", 1);
}

static void put_key(pr_strbuf *b, const char *key)
{
    int first = b->len > 0 && b->data[b->len - 1] == '{';
    puts_(b, first ? "\"" : ",\"");
    puts_(b, key);
    put(b, "\":", 2);
}

/* Fixed decimals (scores, deltas: 2; percentile: 6); null when not finite. */
static void put_fixed(pr_strbuf *b, double v, int decimals)
{
    char text[64];
    if (!isfinite(v)) {
        puts_(b, "null");
        return;
    }
    int n = pr_snapshot_format_fixed(text, sizeof text, v, decimals);
    if (strncmp(text, "-0.", 3) == 0 && strspn(text + 3, "0") == (size_t)(n - 3)) {
        put(b, text + 1, (size_t)(n - 1)); /* -0.00 prints as 0.00 */
    } else {
        put(b, text, (size_t)n);
    }
}

/* Raw values round-trip: %.17g; null when not finite. */
static void put_raw(pr_strbuf *b, double v)
{
    char text[32];
    if (!isfinite(v)) {
        puts_(b, "null");
        return;
    }
    put(b, text, (size_t)pr_snapshot_format_double(text, v));
}

static void put_u64(pr_strbuf *b, uint64_t v)
{
    char text[24];
    put(b, text, (size_t)snprintf(text, sizeof text, "%llu", (unsigned long long)v));
}

/* "a\tb" -> ["a","b"]; an empty list is []. */
static void put_accounts(pr_strbuf *b, const char *accounts)
{
    put(b, "[", 1);
    for (const char *p = accounts; *p;) {
        size_t n = strcspn(p, "\t");
        if (p != accounts) {
            put(b, ",", 1);
        }
        put_string(b, p, n);
        p += n + (p[n] == '\t');
    }
    put(b, "]", 1);
}

/* [{"position":P,"name":"..."},...] from positions and their names (snap_names_at). */
static void put_neighbours(pr_strbuf *b, const uint64_t *pos, const char *const *names)
{
    put(b, "[", 1);
    for (int j = 0, first = 1; j < PR_SNAPSHOT_TOP_K; j++) {
        if (pos[j] == 0) {
            continue;
        }
        puts_(b, first ? "{\"position\":" : ",{\"position\":");
        put_u64(b, pos[j]);
        puts_(b, ",\"name\":");
        put_string(b, names[j], strlen(names[j]));
        put(b, "}", 1);
        first = 0;
    }
    put(b, "]", 1);
}

static void put_networks(pr_strbuf *b, const pr_snapshot *s, const pr_snapshot_record *r)
{
    int has = pr_snapshot_has_column(s, PR_SNAPSHOT_COL_NETWORK_SCORES);
    put(b, "{", 1);
    for (uint32_t k = 0; k < s->nnet; k++) {
        put_key(b, s->networks[k]);
        put_fixed(b, has ? r->network_score[k] : NAN, 2);
    }
    put(b, "}", 1);
}

static void put_own_fields(pr_strbuf *b, const pr_snapshot *s, const pr_snapshot_record *r)
{
    static const char *const delta_key[PR_SNAPSHOT_DELTAS] = {"delta_day", "delta_week",
                                                              "delta_month"};
    put_key(b, "position");
    put_u64(b, r->position);
    put_key(b, "name");
    put_string(b, r->name, strlen(r->name));
    put_key(b, "score");
    put_fixed(b, r->score, 2);
    put_key(b, "percentile");
    put_fixed(b, r->percentile, 6);
    put_key(b, "rank");
    put_raw(b, r->rank);
    put_key(b, "accounts");
    /* without an identity map the column is not stored: each person is the one account named */
    put_accounts(b, pr_snapshot_has_column(s, PR_SNAPSHOT_COL_ACCOUNTS) ? r->accounts : r->name);
    put_key(b, "engagers");
    pr_snapshot_has_column(s, PR_SNAPSHOT_COL_ENGAGERS) ? put_u64(b, r->engagers)
                                                        : puts_(b, "null");
    put_key(b, "engagement");
    put_raw(b, r->engagement);
    for (int j = 0; j < PR_SNAPSHOT_DELTAS; j++) {
        put_key(b, delta_key[j]);
        put_fixed(b, r->delta[j], 2);
    }
    put_key(b, "network_scores");
    put_networks(b, s, r);
}

int pr_snapshot_record_json(pr_strbuf *out, pr_snapshot *s, uint64_t position, pr_error *err)
{
    pr_snapshot_record r;
    size_t start = out->len;
    int rc = pr_snapshot_at(&r, s, position, err);
    if (rc != PR_OK) {
        return rc;
    }
    uint64_t lists[2][PR_SNAPSHOT_TOP_K];
    memcpy(lists[0], r.influencers, sizeof lists[0]);
    memcpy(lists[1], r.influencees, sizeof lists[1]);
    static const int col[2] = {PR_SNAPSHOT_COL_INFLUENCERS, PR_SNAPSHOT_COL_INFLUENCEES};
    int has[2] = {pr_snapshot_has_column(s, col[0]), pr_snapshot_has_column(s, col[1])};
    /* Every field of the record first: resolving the neighbours' names moves the reader. */
    put(out, "{", 1);
    put_own_fields(out, s, &r);
    const char *names[2 * PR_SNAPSHOT_TOP_K];
    uint64_t both[2 * PR_SNAPSHOT_TOP_K] = {0};
    for (int l = 0; l < 2; l++) {
        if (has[l]) {
            memcpy(both + l * PR_SNAPSHOT_TOP_K, lists[l], sizeof lists[l]);
        }
    }
    if ((rc = snap_names_at(names, s, both, 2 * PR_SNAPSHOT_TOP_K, err)) != PR_OK) {
        goto done;
    }
    for (int l = 0; l < 2; l++) {
        put_key(out, l ? "influencees" : "influencers");
        if (has[l]) {
            put_neighbours(out, lists[l], names + l * PR_SNAPSHOT_TOP_K);
        } else {
            puts_(out, "null");
        }
    }
    put(out, "}", 1);
    if (out->failed) {
        rc = pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory rendering a record");
    }
done:
    if (rc != PR_OK && out->data != NULL) {
        out->len = start; /* nothing half-written stays behind */
        out->data[start] = '\0';
    }
    return rc;
}
