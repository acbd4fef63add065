/* Edge lists as researchers download them (SNAP style): "src dst [weight]", separated by runs of
 * spaces or tabs, '#' comments, CRLF tolerated. Every edge counts on the as-of date. */
#include "ingest_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EDGE_WEIGHT 1e9 /* documented bound on an edge-list weight */

static int is_ws(char c)
{
    return c == ' ' || c == '\t';
}

/* Splits on runs of blanks into at most max tokens; returns the count (max + 1 = more). */
static int split_ws(const char **tok, size_t *tlen, int max, const char *s, size_t len)
{
    size_t i = 0;
    int n = 0;
    for (;;) {
        while (i < len && is_ws(s[i])) {
            i++;
        }
        if (i == len) {
            return n;
        }
        if (n == max) {
            return max + 1;
        }
        size_t start = i;
        while (i < len && !is_ws(s[i])) {
            i++;
        }
        tok[n] = s + start;
        tlen[n] = i - start;
        n++;
    }
}

/* A finite weight in (0, MAX_EDGE_WEIGHT]; 0 or PR_EPARSE. */
static int parse_weight(double *out, const char *s, size_t len)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf) {
        return PR_EPARSE;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    double w = strtod(buf, &end);
    if (end != buf + len || !isfinite(w) || !(w > 0.0) || w > MAX_EDGE_WEIGHT) {
        return PR_EPARSE;
    }
    *out = w;
    return PR_OK;
}

static pr_numcache *find_cache(pr_ingest *ig, const char *net, size_t net_len)
{
    for (size_t i = 0; i < ig->n_numcache; i++) {
        if (strlen(ig->numcache[i].net) == net_len &&
            memcmp(ig->numcache[i].net, net, net_len) == 0) {
            return &ig->numcache[i];
        }
    }
    pr_numcache *c = pr_realloc(ig->numcache, (ig->n_numcache + 1) * sizeof *c);
    if (c == NULL) {
        return NULL;
    }
    ig->numcache = c;
    c = &ig->numcache[ig->n_numcache++];
    memset(c, 0, sizeof *c);
    memcpy(c->net, net, net_len);
    return c;
}

/* The value of a canonical decimal (no sign, no leading zero) below PR_NUMCACHE_MAX, or -1. */
static int64_t small_decimal(const char *s, size_t len)
{
    if (len == 0 || len > 8 || (s[0] == '0' && len > 1)) {
        return -1;
    }
    int64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    return v < PR_NUMCACHE_MAX ? v : -1;
}

static int cache_reserve(pr_numcache *c, uint64_t v)
{
    if (v < c->cap) {
        return PR_OK;
    }
    uint64_t cap = c->cap ? c->cap : 1024;
    while (cap <= v) {
        cap *= 2;
    }
    uint32_t *ids = pr_realloc(c->ids, cap * sizeof *ids);
    if (ids == NULL) {
        return PR_ENOMEM;
    }
    memset(ids + c->cap, 0, (cap - c->cap) * sizeof *ids);
    c->ids = ids;
    c->cap = cap;
    return PR_OK;
}

int pr_ingest__account_num(uint32_t *id, pr_ingest *ig, const char *net, size_t net_len,
                           const char *handle, size_t handle_len)
{
    int64_t v = small_decimal(handle, handle_len);
    /* The cache is as long as the largest id: use it only for ids near the account count, so
     * that one line "1 99999999" cannot allocate hundreds of MiB (docs/guarantees.md). */
    if (v < 0 || (uint64_t)v > 8 * (uint64_t)ig->names.count + (1u << 20)) {
        return pr_ingest__account(id, ig, net, net_len, handle, handle_len);
    }
    pr_numcache *c = find_cache(ig, net, net_len);
    if (c == NULL || cache_reserve(c, (uint64_t)v) != PR_OK) {
        return PR_ENOMEM;
    }
    if (c->ids[v] != 0) {
        *id = c->ids[v] - 1;
        return PR_OK;
    }
    int rc;
    if ((rc = pr_ingest__account(id, ig, net, net_len, handle, handle_len)) != PR_OK) {
        return rc;
    }
    c->ids[v] = *id + 1;
    return PR_OK;
}

/* Weights stay NULL while every weight is 1 (most edge lists), saving 4 bytes an edge. */
static int grow_timeless(pr_timeless_store *t)
{
    uint64_t cap = t->cap ? t->cap * 2 : 4096;
    if (pr_resize(&t->src, cap, sizeof *t->src) != PR_OK ||
        pr_resize(&t->dst, cap, sizeof *t->dst) != PR_OK ||
        (t->w != NULL && pr_resize(&t->w, cap, sizeof *t->w) != PR_OK)) {
        return PR_ENOMEM;
    }
    t->cap = cap;
    return PR_OK;
}

int pr_ingest__timeless(pr_ingest *ig, uint32_t src, uint32_t dst, float w)
{
    ig->sum.events_read++;
    if (src == dst) {
        ig->sum.self_interactions++;
        return PR_OK;
    }
    pr_timeless_store *t = &ig->timeless;
    if (t->count == t->cap && grow_timeless(t) != PR_OK) {
        return PR_ENOMEM;
    }
    if (w != 1.0f && t->w == NULL) {
        t->w = pr_mallocarray(t->cap, sizeof *t->w);
        if (t->w == NULL) {
            return PR_ENOMEM;
        }
        for (uint64_t i = 0; i < t->count; i++) {
            t->w[i] = 1.0f;
        }
    }
    t->src[t->count] = src;
    t->dst[t->count] = dst;
    if (t->w != NULL) {
        t->w[t->count] = w;
    }
    t->count++;
    return PR_OK;
}

static int edge_line(pr_ingest *ig, const char *net, size_t net_len, const char *line, size_t len,
                     const char *file, uint64_t line_no, pr_error *err)
{
    const char *tok[3];
    size_t tl[3];
    int n = split_ws(tok, tl, 3, line, len);
    double w = 1.0;
    if (n < 2) {
        return PR_BAD(PR_SKIP_FIELDS, "missing fields: expected 'source target [weight]'");
    }
    if (n > 3) {
        return PR_BAD(PR_SKIP_FIELDS, "extra fields: expected 'source target [weight]'");
    }
    if (!pr_ingest__valid_utf8(tok[0], tl[0]) || !pr_ingest__valid_utf8(tok[1], tl[1])) {
        return PR_BAD(PR_SKIP_HANDLE, "node name is not valid UTF-8");
    }
    if (n == 3 && parse_weight(&w, tok[2], tl[2]) != PR_OK) {
        return PR_BAD(PR_SKIP_COUNT, "bad weight '%.*s' (a finite number > 0 and <= 1e9)",
                      PR_SHOW(tl[2]), tok[2]);
    }
    uint32_t a, b;
    int rc;
    if ((rc = pr_ingest__account_num(&a, ig, net, net_len, tok[0], tl[0])) != PR_OK ||
        (rc = pr_ingest__account_num(&b, ig, net, net_len, tok[1], tl[1])) != PR_OK ||
        (rc = pr_ingest__timeless(ig, a, b, (float)w)) != PR_OK) {
        return pr_error_set(err, rc, file, line_no, "%s", pr_strerror(rc));
    }
    return PR_OK;
}

/* ---- the parallel block path ---- */

enum { REC_SKIP, REC_EDGE, REC_SLOW };

typedef struct edge_rec {
    uint64_t key[2]; /* the decimal value (numeric) or the name hash */
    uint32_t id[2];  /* resolved during the parallel parse when already known, else NONE */
    uint32_t off[2], len[2];
    float w;
    uint8_t kind;
    uint8_t numeric[2];
} edge_rec;

typedef struct edge_ctx {
    const pr_ingest *ig;
    const char *net;
    size_t net_len;
    pr_numcache *cache;
} edge_ctx;

static void parse_token(edge_rec *rec, int k, const char *line, const char *tok, size_t len,
                        const edge_ctx *c)
{
    int64_t v = small_decimal(tok, len);
    rec->off[k] = (uint32_t)(tok - line);
    rec->len[k] = (uint32_t)len;
    rec->numeric[k] = v >= 0;
    rec->key[k] = v >= 0 ? (uint64_t)v : pr_ingest__names_hash2(c->net, c->net_len, tok, len);
    /* Nodes from earlier blocks are final: resolve them here, in parallel (read-only). */
    if (v >= 0) {
        rec->id[k] =
            (uint64_t)v < c->cache->cap && c->cache->ids[v] ? c->cache->ids[v] - 1 : PR_NODE_NONE;
    } else {
        rec->id[k] =
            pr_ingest__names_find2(&c->ig->names, c->net, c->net_len, tok, len, rec->key[k]);
    }
}

/* Anything unusual (bad line, NUL) goes to the slow path, which reports it in order. */
static void edge_parse(void *out, const char *line, size_t len, const void *ctxp)
{
    edge_rec *rec = out;
    const edge_ctx *c = ctxp;
    int pre = pr_ingest__line_precheck(line, len);
    rec->kind = pre == 0 ? REC_SKIP : REC_SLOW;
    if (pre <= 0) {
        return;
    }
    const char *tok[3];
    size_t tl[3];
    int n = split_ws(tok, tl, 3, line, len);
    double w = 1.0;
    if (n < 2 || n > 3 || !pr_ingest__valid_utf8(tok[0], tl[0]) ||
        !pr_ingest__valid_utf8(tok[1], tl[1]) ||
        (n == 3 && parse_weight(&w, tok[2], tl[2]) != PR_OK)) {
        return;
    }
    parse_token(rec, 0, line, tok[0], tl[0], c);
    parse_token(rec, 1, line, tok[1], tl[1], c);
    rec->w = (float)w;
    rec->kind = REC_EDGE;
}

static void edge_prefetch(const pr_ingest *ig, const void *recp, int stage, void *ctxp)
{
    const edge_rec *rec = recp;
    const edge_ctx *c = ctxp;
    for (int k = 0; rec->kind == REC_EDGE && k < 2; k++) {
        if (rec->id[k] != PR_NODE_NONE) {
            continue;
        }
        if (!rec->numeric[k]) {
            if (stage == 0) {
                pr_ingest__names_prefetch(&ig->names, rec->key[k]);
            } else {
                pr_ingest__names_prefetch_name(&ig->names, rec->key[k], stage - 1);
            }
        } else if (stage == 0 && rec->key[k] < c->cache->cap) {
#if defined(__GNUC__)
            __builtin_prefetch(&c->cache->ids[rec->key[k]]);
#endif
        }
    }
}

static int rec_account(uint32_t *id, pr_ingest *ig, const edge_rec *rec, int k, const char *line,
                       edge_ctx *c)
{
    const char *tok = line + rec->off[k];
    if (rec->id[k] != PR_NODE_NONE) {
        *id = rec->id[k];
        return PR_OK;
    }
    if (!rec->numeric[k]) {
        return pr_ingest__names_intern2(id, &ig->names, c->net, c->net_len, tok, rec->len[k],
                                        rec->key[k]);
    }
    uint64_t v = rec->key[k];
    if (v < c->cache->cap && c->cache->ids[v] != 0) {
        *id = c->cache->ids[v] - 1;
        return PR_OK;
    }
    if (v > 8 * (uint64_t)ig->names.count + (1u << 20)) { /* bounded cache: see above */
        uint64_t h = pr_ingest__names_hash2(c->net, c->net_len, tok, rec->len[k]);
        return pr_ingest__names_intern2(id, &ig->names, c->net, c->net_len, tok, rec->len[k], h);
    }
    uint64_t h = pr_ingest__names_hash2(c->net, c->net_len, tok, rec->len[k]);
    int rc;
    if ((rc = cache_reserve(c->cache, v)) != PR_OK ||
        (rc = pr_ingest__names_intern2(id, &ig->names, c->net, c->net_len, tok, rec->len[k], h)) !=
            PR_OK) {
        return rc;
    }
    c->cache->ids[v] = *id + 1;
    return PR_OK;
}

static int edge_apply(pr_ingest *ig, const void *recp, const char *line, size_t len,
                      const char *file, uint64_t line_no, void *ctxp, pr_error *err)
{
    const edge_rec *rec = recp;
    edge_ctx *c = ctxp;
    if (rec->kind == REC_SKIP) {
        return PR_OK;
    }
    if (rec->kind == REC_SLOW) {
        if (memchr(line, '\0', len) != NULL) {
            return PR_BAD(PR_SKIP_NUL, "NUL byte in line (binary data?)");
        }
        return edge_line(ig, c->net, c->net_len, line, len, file, line_no, err);
    }
    uint32_t a, b;
    int rc;
    if ((rc = rec_account(&a, ig, rec, 0, line, c)) != PR_OK ||
        (rc = rec_account(&b, ig, rec, 1, line, c)) != PR_OK ||
        (rc = pr_ingest__timeless(ig, a, b, rec->w)) != PR_OK) {
        return pr_error_set(err, rc, file, line_no, "%s", pr_strerror(rc));
    }
    return PR_OK;
}

int pr_ingest__read_edges(pr_ingest *ig, pr_reader *r, const char *network, pr_error *err)
{
    static const pr_line_format format = {sizeof(edge_rec), edge_parse, edge_prefetch, edge_apply};
    size_t net_len = strlen(network);
    edge_ctx c = {ig, network, net_len, find_cache(ig, network, net_len)};
    if (c.cache == NULL) {
        return pr_error_set(err, PR_ENOMEM, pr_reader_name(r), 0, "out of memory");
    }
    return pr_ingest__read_blocks(ig, r, &format, &c, err);
}
