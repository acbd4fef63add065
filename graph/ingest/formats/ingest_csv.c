/* CSV tables (RFC 4180: ',' separated, "quoted" fields with "" for a quote, quoted newlines),
 * mapped to events by a column spec such as "time=created,actor=from,target=to,action=kind". */
#include "ingest_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { COL_TIME, COL_ACTOR, COL_TARGET, COL_ACTION, COL_COUNT, COL_NETWORK, COL_KEYS };
static const char *const col_keys[COL_KEYS] = {"time",   "actor", "target",
                                               "action", "count", "network"};

#define MAX_FIELDS 1024

typedef struct csv_spec {
    int col[COL_KEYS];        /* 0-based column, -1 when absent */
    char name[COL_KEYS][128]; /* header name to resolve, "" when given as a number */
    int header;               /* the first record is a header */
    pr_action default_action;
} csv_spec;

typedef struct csv_record {
    char *buf; /* unescaped field bytes */
    size_t cap;
    size_t off[MAX_FIELDS], len[MAX_FIELDS];
    int n;
} csv_record;

static int spec_value(csv_spec *s, const char *key, size_t klen, const char *val, size_t vlen)
{
    for (int k = 0; k < COL_KEYS; k++) {
        if (strlen(col_keys[k]) == klen && memcmp(col_keys[k], key, klen) == 0) {
            char *end;
            char num[16];
            if (vlen == 0 || vlen >= sizeof s->name[k]) {
                return PR_EINVAL;
            }
            snprintf(num, sizeof num, "%.*s", (int)(vlen < 15 ? vlen : 15), val);
            long c = strtol(num, &end, 10);
            if (vlen < 15 && *end == '\0' && c >= 1 && c <= MAX_FIELDS) {
                s->col[k] = (int)c - 1;
            } else {
                memcpy(s->name[k], val, vlen);
                s->name[k][vlen] = '\0';
            }
            return PR_OK;
        }
    }
    if (klen == 6 && memcmp(key, "header", 6) == 0) {
        s->header = vlen == 3 && memcmp(val, "yes", 3) == 0;
        return (s->header || (vlen == 2 && memcmp(val, "no", 2) == 0)) ? PR_OK : PR_EINVAL;
    }
    if (klen == 14 && memcmp(key, "default_action", 14) == 0) {
        return pr_action_parse(&s->default_action, val, vlen) == PR_OK ? PR_OK : PR_EINVAL;
    }
    return PR_EINVAL;
}

static int parse_spec(csv_spec *s, const char *text, pr_error *err)
{
    memset(s, 0, sizeof *s);
    for (int k = 0; k < COL_KEYS; k++) {
        s->col[k] = -1;
    }
    s->header = 1;
    s->default_action = PR_ACTION_LIKE;
    const char *p = text ? text : "";
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        if (eq == NULL || spec_value(s, p, (size_t)(eq - p), eq + 1, len - (size_t)(eq - p) - 1)) {
            return pr_error_set(err, PR_EINVAL, NULL, 0,
                                "--columns: bad item '%.*s' (expected KEY=COLUMN with KEY one "
                                "of time, actor, target, action, count, network, or header=yes|no, "
                                "default_action=ACTION)",
                                (int)len, p);
        }
        p += len + (comma != NULL);
    }
    for (int k = 0; k <= COL_TARGET; k++) {
        if (s->col[k] < 0 && s->name[k][0] == '\0') {
            return pr_error_set(err, PR_EINVAL, NULL, 0, "--columns: '%s=' is required",
                                col_keys[k]);
        }
        if (!s->header && s->name[k][0] != '\0') {
            return pr_error_set(err, PR_EINVAL, NULL, 0, "--columns: column names need header=yes");
        }
    }
    return PR_OK;
}

static int rec_put(csv_record *rec, size_t *at, char c)
{
    if (*at == rec->cap) {
        size_t cap = rec->cap ? rec->cap * 2 : 4096;
        char *b = pr_realloc(rec->buf, cap);
        if (b == NULL) {
            return PR_ENOMEM;
        }
        rec->buf = b;
        rec->cap = cap;
    }
    rec->buf[(*at)++] = c;
    return PR_OK;
}

/* Parses text[0..len) as one record. Returns 1 when complete, 0 when a quoted field is still
 * open at the end (the caller appends the next line), PR_EPARSE for a malformed quote,
 * PR_ELIMIT for too many fields, PR_ENOMEM. */
static int parse_record(csv_record *rec, const char *t, size_t len)
{
    size_t at = 0, i = 0;
    rec->n = 0;
    for (;;) {
        if (rec->n == MAX_FIELDS) {
            return PR_ELIMIT;
        }
        rec->off[rec->n] = at;
        if (i < len && t[i] == '"') {
            for (i++;; i++) {
                if (i == len) {
                    return 0;
                }
                if (t[i] == '"' && i + 1 < len && t[i + 1] == '"') {
                    i++;
                } else if (t[i] == '"') {
                    i++;
                    break;
                }
                if (rec_put(rec, &at, t[i]) != PR_OK) {
                    return PR_ENOMEM;
                }
            }
            if (i < len && t[i] != ',') {
                return PR_EPARSE;
            }
        } else {
            for (; i < len && t[i] != ','; i++) {
                if (rec_put(rec, &at, t[i]) != PR_OK) {
                    return PR_ENOMEM;
                }
            }
        }
        rec->len[rec->n] = at - rec->off[rec->n];
        rec->n++;
        if (i == len) {
            return 1;
        }
        i++; /* the comma */
    }
}

typedef struct csv_ctx {
    pr_ingest *ig;
    pr_reader *r;
    csv_spec spec;
    csv_record rec;
    char *joined; /* a record spanning lines */
    size_t joined_cap;
    const char *net;
    size_t net_len;
} csv_ctx;

/* Reads the next record (joining lines inside quotes). 1, 0 at end, or negative. */
static int next_record(csv_ctx *c, uint64_t *line_no, pr_error *err)
{
    pr_ingest *ig = c->ig;
    const char *line;
    size_t len;
    int rc = pr_ingest__next_text_line(ig, c->r, &line, &len, err);
    const char *file = pr_reader_name(c->r);
    *line_no = pr_reader_line_number(c->r);
    uint64_t first = *line_no;
    size_t jl = 0;
    while (rc == 1) {
        if (jl == 0 && (rc = parse_record(&c->rec, line, len)) != 0) {
            break;
        }
        if (jl + len + 1 > c->joined_cap) {
            size_t cap = (jl + len + 1) * 2;
            if (cap > 2 * (size_t)PR_MAX_LINE + 2) {
                return pr_ingest__bad_line(ig, err, file, first, PR_SKIP_FIELDS,
                                           "quoted field longer than %u bytes", PR_MAX_LINE) < 0
                           ? PR_EPARSE
                           : 2;
            }
            char *j = pr_realloc(c->joined, cap);
            if (j == NULL) {
                return pr_error_set(err, PR_ENOMEM, file, first, "out of memory");
            }
            c->joined = j, c->joined_cap = cap;
        }
        if (jl > 0) {
            c->joined[jl++] = '\n';
        }
        memcpy(c->joined + jl, line, len);
        jl += len;
        rc = parse_record(&c->rec, c->joined, jl);
        if (rc != 0) {
            break;
        }
        rc = pr_reader_line(c->r, &line, &len, err);
        if (rc == 0) {
            return pr_ingest__bad_line(ig, err, file, first, PR_SKIP_FIELDS,
                                       "quoted field not closed at end of input") < 0
                       ? PR_EPARSE
                       : 0;
        }
        if (rc < 0) {
            return rc == PR_ELIMIT ? PR_EPARSE : rc;
        }
        ig->sum.lines++;
        rc = 1;
    }
    *line_no = first;
    if (rc == PR_EPARSE) {
        return pr_ingest__bad_line(ig, err, file, first, PR_SKIP_FIELDS,
                                   "malformed quoted field (text after the closing quote)") < 0
                   ? PR_EPARSE
                   : 2;
    }
    if (rc == PR_ELIMIT) {
        return pr_ingest__bad_line(ig, err, file, first, PR_SKIP_FIELDS, "more than %d fields",
                                   MAX_FIELDS) < 0
                   ? PR_EPARSE
                   : 2;
    }
    if (rc == PR_ENOMEM) {
        return pr_error_set(err, PR_ENOMEM, file, first, "out of memory");
    }
    return rc;
}

static int resolve_header(csv_ctx *c, const char *file, pr_error *err)
{
    for (int k = 0; k < COL_KEYS; k++) {
        if (c->spec.name[k][0] == '\0') {
            continue;
        }
        size_t nl = strlen(c->spec.name[k]);
        for (int f = 0; f < c->rec.n && c->spec.col[k] < 0; f++) {
            if (c->rec.len[f] == nl &&
                memcmp(c->rec.buf + c->rec.off[f], c->spec.name[k], nl) == 0) {
                c->spec.col[k] = f;
            }
        }
        if (c->spec.col[k] < 0) {
            return pr_error_set(err, PR_EPARSE, file, pr_reader_line_number(c->r),
                                "header has no column '%s' (for %s=)", c->spec.name[k],
                                col_keys[k]);
        }
    }
    return PR_OK;
}

#define FIELD(k) (c->rec.buf + c->rec.off[c->spec.col[k]])
#define FLEN(k) (c->rec.len[c->spec.col[k]])

static int csv_row(csv_ctx *c, const char *file, uint64_t line_no, pr_error *err)
{
    pr_ingest *ig = c->ig;
    for (int k = 0; k < COL_KEYS; k++) {
        if (c->spec.col[k] >= c->rec.n) {
            return PR_BAD(PR_SKIP_FIELDS, "missing fields: %d columns, %s is column %d", c->rec.n,
                          col_keys[k], c->spec.col[k] + 1);
        }
    }
    int64_t ts;
    pr_action a = c->spec.default_action;
    uint32_t count = 1;
    const char *net = c->net;
    size_t net_len = c->net_len;
    if (pr_parse_timestamp(&ts, FIELD(COL_TIME), FLEN(COL_TIME)) != PR_OK) {
        return PR_BAD(PR_SKIP_TIMESTAMP, "bad timestamp '%.*s'", PR_SHOW(FLEN(COL_TIME)),
                      FIELD(COL_TIME));
    }
    if (FLEN(COL_ACTOR) == 0 || FLEN(COL_TARGET) == 0 ||
        !pr_ingest__valid_utf8(FIELD(COL_ACTOR), FLEN(COL_ACTOR)) ||
        !pr_ingest__valid_utf8(FIELD(COL_TARGET), FLEN(COL_TARGET))) {
        return PR_BAD(PR_SKIP_HANDLE, "empty or invalid (not UTF-8) actor or target");
    }
    if (c->spec.col[COL_ACTION] >= 0 &&
        pr_action_parse(&a, FIELD(COL_ACTION), FLEN(COL_ACTION)) != PR_OK) {
        return PR_BAD(PR_SKIP_ACTION, "unknown action '%.*s'", PR_SHOW(FLEN(COL_ACTION)),
                      FIELD(COL_ACTION));
    }
    if (c->spec.col[COL_COUNT] >= 0 &&
        pr_ingest__parse_count(&count, FIELD(COL_COUNT), FLEN(COL_COUNT)) != PR_OK) {
        return PR_BAD(PR_SKIP_COUNT, "bad count '%.*s' (an integer from 1 to %u)",
                      PR_SHOW(FLEN(COL_COUNT)), FIELD(COL_COUNT), PR_MAX_COUNT);
    }
    if (c->spec.col[COL_NETWORK] >= 0) {
        net = FIELD(COL_NETWORK), net_len = FLEN(COL_NETWORK);
        if (!pr_ingest__valid_network(net, net_len)) {
            return PR_BAD(PR_SKIP_NETWORK, "bad network '%.*s'", PR_SHOW(net_len), net);
        }
    }
    uint32_t s, t;
    int rc;
    if ((rc = pr_ingest__account_num(&s, ig, net, net_len, FIELD(COL_ACTOR), FLEN(COL_ACTOR))) !=
            PR_OK ||
        (rc = pr_ingest__account_num(&t, ig, net, net_len, FIELD(COL_TARGET), FLEN(COL_TARGET))) !=
            PR_OK ||
        (rc = pr_ingest__event(ig, s, t, ts, a, count, line_no)) != PR_OK) {
        return pr_error_set(err, rc, file, line_no, "%s", pr_ingest__strerror(ig, rc));
    }
    return PR_OK;
}

int pr_ingest__read_csv(pr_ingest *ig, pr_reader *r, const char *network, const char *columns,
                        pr_error *err)
{
    csv_ctx c = {ig, r, {{0}, {{0}}, 0, 0}, {0}, NULL, 0, network, strlen(network)};
    uint64_t line_no = 0;
    const char *file = pr_reader_name(r);
    int rc;
    if ((rc = parse_spec(&c.spec, columns, err)) != PR_OK) {
        goto done;
    }
    int need_header = c.spec.header;
    while ((rc = next_record(&c, &line_no, err)) > 0) {
        if (rc == 2) { /* a bad record, skipped */
            continue;
        }
        if (need_header) {
            need_header = 0;
            if ((rc = resolve_header(&c, file, err)) != PR_OK) {
                goto done;
            }
            continue;
        }
        if ((rc = csv_row(&c, file, line_no, err)) != PR_OK) {
            goto done;
        }
    }
done:
    pr_free(c.rec.buf);
    pr_free(c.joined);
    return rc < 0 ? rc : PR_OK;
}
