/* Event format v1 (docs/input-formats.md):
 *   <timestamp>\t<network>\t<actor>\t<action>\t<target>[\t<count>]
 * plus the field validators and the timestamp parser shared with the other readers. */
#include "ingest_internal.h"

#include <string.h>

int pr_ingest__valid_network(const char *s, size_t len)
{
    if (len == 0 || len > 32) {
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
            return 0;
        }
    }
    return 1;
}

/* Length of the valid UTF-8 sequence starting at s[0] (lead byte >= 0x80), or 0. Rejects
 * overlong forms, surrogates and code points above U+10FFFF. */
static size_t utf8_seq(const unsigned char *s, size_t left)
{
    unsigned char c = s[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (left < n || s[1] < lo || s[1] > hi) {
        return 0;
    }
    for (size_t i = 2; i < n; i++) {
        if (s[i] < 0x80 || s[i] > 0xBF) {
            return 0;
        }
    }
    return n;
}

int pr_ingest__valid_utf8(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        if (s[i] < 0x80) {
            if (s[i] == 0) {
                return 0;
            }
            i++;
            continue;
        }
        size_t n = utf8_seq(s + i, len - i);
        if (n == 0) {
            return 0;
        }
        i += n;
    }
    return 1;
}

int pr_ingest__parse_count(uint32_t *out, const char *s, size_t len)
{
    if (len == 0 || len > 7) {
        return PR_EPARSE;
    }
    uint32_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return PR_EPARSE;
        }
        v = v * 10 + (uint32_t)(s[i] - '0');
    }
    if (v == 0 || v > PR_MAX_COUNT) {
        return PR_EPARSE;
    }
    *out = v;
    return PR_OK;
}

/* ---- event lines ---- */

typedef struct field {
    const char *s;
    size_t len;
} field;

/* Splits on tabs into at most max fields; returns the number found (max + 1 means more). */
static int split_tabs(field *f, int max, const char *line, size_t len)
{
    int n = 0;
    const char *p = line, *end = line + len;
    for (;;) {
        const char *tab = memchr(p, '\t', (size_t)(end - p));
        const char *stop = tab ? tab : end;
        if (n == max) {
            return max + 1;
        }
        f[n].s = p;
        f[n].len = (size_t)(stop - p);
        n++;
        if (tab == NULL) {
            return n;
        }
        p = tab + 1;
    }
}

static int is_blank(const char *line, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (line[i] != ' ' && line[i] != '\t') {
            return 0;
        }
    }
    return 1;
}

typedef struct event_line {
    int64_t ts;
    field net, actor, target;
    pr_action action;
    uint32_t count;
} event_line;

#define BAD(reason, ...) pr_ingest__bad_line(ig, err, file, line_no, reason, __VA_ARGS__)

/* Parses one non-blank, non-comment line. Returns 1 when *ev is filled, 0 when the line was
 * skipped (max-errors mode), or a negative code. */
static int parse_event_reporting(event_line *ev, pr_ingest *ig, const char *line, size_t len,
                                 const char *file, uint64_t line_no, pr_error *err)
{
    field f[6];
    int n = split_tabs(f, 6, line, len);
    int rc;
    if (n < 5) {
        rc = BAD(PR_SKIP_FIELDS, "missing fields: expected 5 or 6 tab-separated fields, got %d", n);
    } else if (n > 6) {
        rc = BAD(PR_SKIP_FIELDS, "extra fields: expected 5 or 6 tab-separated fields");
    } else if (pr_parse_timestamp(&ev->ts, f[0].s, f[0].len) != PR_OK) {
        rc = BAD(PR_SKIP_TIMESTAMP,
                 "bad timestamp '%.*s' (Unix seconds or YYYY-MM-DDTHH:MM:SSZ, 1970..9999)",
                 (int)(f[0].len > 40 ? 40 : f[0].len), f[0].s);
    } else if (!pr_ingest__valid_network(f[1].s, f[1].len)) {
        rc = BAD(PR_SKIP_NETWORK, "bad network '%.*s' (expected [a-z0-9_-]{1,32})",
                 (int)(f[1].len > 40 ? 40 : f[1].len), f[1].s);
    } else if (f[2].len == 0 || f[4].len == 0) {
        rc = BAD(PR_SKIP_HANDLE, "empty %s handle", f[2].len == 0 ? "actor" : "target");
    } else if (!pr_ingest__valid_utf8(f[2].s, f[2].len) ||
               !pr_ingest__valid_utf8(f[4].s, f[4].len)) {
        rc = BAD(PR_SKIP_HANDLE, "%s handle is not valid UTF-8",
                 pr_ingest__valid_utf8(f[2].s, f[2].len) ? "target" : "actor");
    } else if (pr_action_parse(&ev->action, f[3].s, f[3].len) != PR_OK) {
        rc = BAD(PR_SKIP_ACTION,
                 "unknown action '%.*s' (follow, like, mention, reply, comment, reshare, "
                 "retweet, share)",
                 (int)(f[3].len > 40 ? 40 : f[3].len), f[3].s);
    } else if (n == 6 && pr_ingest__parse_count(&ev->count, f[5].s, f[5].len) != PR_OK) {
        rc = BAD(PR_SKIP_COUNT, "bad count '%.*s' (an integer from 1 to %u)",
                 (int)(f[5].len > 40 ? 40 : f[5].len), f[5].s, PR_MAX_COUNT);
    } else {
        ev->count = n == 6 ? ev->count : 1;
        ev->net = f[1], ev->actor = f[2], ev->target = f[4];
        return 1;
    }
    return rc;
}

static int add_event(pr_ingest *ig, const event_line *ev, const char *file, uint64_t line_no,
                     pr_error *err)
{
    uint32_t a, t;
    int rc;
    if ((rc = pr_ingest__account(&a, ig, ev->net.s, ev->net.len, ev->actor.s, ev->actor.len)) !=
            PR_OK ||
        (rc = pr_ingest__account(&t, ig, ev->net.s, ev->net.len, ev->target.s, ev->target.len)) !=
            PR_OK ||
        (rc = pr_ingest__event(ig, a, t, ev->ts, ev->action, ev->count, line_no)) != PR_OK) {
        return pr_error_set(err, rc, file, line_no, "%s", pr_ingest__strerror(ig, rc));
    }
    return PR_OK;
}

int pr_ingest__next_text_line(pr_ingest *ig, pr_reader *r, const char **line, size_t *len,
                              pr_error *err)
{
    for (;;) {
        int rc = pr_reader_line(r, line, len, err);
        if (rc == 0 || (rc < 0 && rc != PR_ELIMIT)) {
            return rc;
        }
        if ((++ig->sum.lines & 0xFFFF) == 0) {
            pr_ingest__report_progress(ig, r);
        }
        const char *file = pr_reader_name(r);
        uint64_t line_no = pr_reader_line_number(r);
        if (rc == PR_ELIMIT) {
            rc = BAD(PR_SKIP_LONG_LINE, "line longer than %u bytes", PR_MAX_LINE);
        } else if (memchr(*line, '\0', *len) != NULL) {
            rc = BAD(PR_SKIP_NUL, "NUL byte in line (binary data?)");
        } else if (*len == 0 || (*line)[0] == '#' || is_blank(*line, *len)) {
            continue;
        } else {
            return 1;
        }
        if (rc != PR_OK) {
            return rc;
        }
    }
}

/* ---- the parallel block path ---- */

enum { REC_SKIP, REC_EVENT, REC_SLOW };

typedef struct event_rec {
    int64_t ts;
    uint64_t hash[2]; /* actor, target */
    uint32_t net_off, actor_off, target_off;
    uint16_t net_len;
    uint32_t actor_len, target_len;
    uint32_t count;
    uint32_t id[2]; /* resolved during the parallel parse when already known, else PR_NODE_NONE */
    uint8_t action, kind;
} event_rec;

/* The fast path's parse (in parallel, before any reporting): the checks of
 * parse_event_reporting without reporting; anything wrong goes to the slow path. */
static void precheck_event_fast(void *out, const char *line, size_t len, const void *ctx)
{
    const pr_ingest *ig = ctx;
    event_rec *rec = out;
    int pre = pr_ingest__line_precheck(line, len);
    rec->kind = pre == 0 ? REC_SKIP : REC_SLOW;
    if (pre <= 0) {
        return;
    }
    field f[6];
    int n = split_tabs(f, 6, line, len);
    pr_action a;
    rec->count = 1;
    if (n < 5 || n > 6 || pr_parse_timestamp(&rec->ts, f[0].s, f[0].len) != PR_OK ||
        !pr_ingest__valid_network(f[1].s, f[1].len) || f[2].len == 0 || f[4].len == 0 ||
        !pr_ingest__valid_utf8(f[2].s, f[2].len) || !pr_ingest__valid_utf8(f[4].s, f[4].len) ||
        pr_action_parse(&a, f[3].s, f[3].len) != PR_OK ||
        (n == 6 && pr_ingest__parse_count(&rec->count, f[5].s, f[5].len) != PR_OK)) {
        return;
    }
    rec->action = (uint8_t)a;
    rec->net_off = (uint32_t)(f[1].s - line), rec->net_len = (uint16_t)f[1].len;
    rec->actor_off = (uint32_t)(f[2].s - line), rec->actor_len = (uint32_t)f[2].len;
    rec->target_off = (uint32_t)(f[4].s - line), rec->target_len = (uint32_t)f[4].len;
    rec->hash[0] = pr_ingest__names_hash2(f[1].s, f[1].len, f[2].s, f[2].len);
    rec->hash[1] = pr_ingest__names_hash2(f[1].s, f[1].len, f[4].s, f[4].len);
    /* Names from earlier blocks are final: look them up here, in parallel; only names new in
     * this block are interned (in input order) by event_apply. */
    rec->id[0] =
        pr_ingest__names_find2(&ig->names, f[1].s, f[1].len, f[2].s, f[2].len, rec->hash[0]);
    rec->id[1] =
        pr_ingest__names_find2(&ig->names, f[1].s, f[1].len, f[4].s, f[4].len, rec->hash[1]);
    rec->kind = REC_EVENT;
}

static void event_prefetch(const pr_ingest *ig, const void *recp, int stage, void *ctx)
{
    (void)ctx;
    const event_rec *rec = recp;
    for (int k = 0; rec->kind == REC_EVENT && k < 2; k++) {
        if (rec->id[k] != PR_NODE_NONE) {
            continue;
        }
        if (stage == 0) {
            pr_ingest__names_prefetch(&ig->names, rec->hash[k]);
        } else {
            pr_ingest__names_prefetch_name(&ig->names, rec->hash[k], stage - 1);
        }
    }
}

static int event_apply(pr_ingest *ig, const void *recp, const char *line, size_t len,
                       const char *file, uint64_t line_no, void *ctx, pr_error *err)
{
    (void)ctx;
    const event_rec *rec = recp;
    if (rec->kind == REC_SKIP) {
        return PR_OK;
    }
    if (rec->kind == REC_SLOW) {
        if (memchr(line, '\0', len) != NULL) {
            return BAD(PR_SKIP_NUL, "NUL byte in line (binary data?)");
        }
        event_line ev;
        int rc = parse_event_reporting(&ev, ig, line, len, file, line_no, err);
        return rc == 1 ? add_event(ig, &ev, file, line_no, err) : rc;
    }
    const char *net = line + rec->net_off;
    uint32_t a = rec->id[0], t = rec->id[1];
    int rc;
    if ((a == PR_NODE_NONE &&
         (rc = pr_ingest__names_intern2(&a, &ig->names, net, rec->net_len, line + rec->actor_off,
                                        rec->actor_len, rec->hash[0])) != PR_OK) ||
        (t == PR_NODE_NONE &&
         (rc = pr_ingest__names_intern2(&t, &ig->names, net, rec->net_len, line + rec->target_off,
                                        rec->target_len, rec->hash[1])) != PR_OK) ||
        (rc = pr_ingest__event(ig, a, t, rec->ts, (pr_action)rec->action, rec->count, line_no)) !=
            PR_OK) {
        return pr_error_set(err, rc, file, line_no, "%s", pr_ingest__strerror(ig, rc));
    }
    return PR_OK;
}

int pr_ingest__read_events(pr_ingest *ig, pr_reader *r, pr_error *err)
{
    static const pr_line_format format = {sizeof(event_rec), precheck_event_fast, event_prefetch,
                                          event_apply};
    return pr_ingest__read_blocks(ig, r, &format, ig, err);
}
