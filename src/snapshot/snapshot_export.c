/* pr_snapshot_export: the whole table in rank order as TSV, CSV, JSON lines or an indexed SQLite
 * table. Columns are stable (docs/snapshot-format.md "Export"). Text rows are formatted by hand
 * except the doubles (%.17g), because printf per field is the cost that matters at 10^7 rows. */
#include "snapshot_read_internal.h"

#include "peoplerank/threads.h"

#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *const fixed_columns[] = {
    "position",   "name",      "score",      "percentile",  "rank",        "accounts",   "engagers",
    "engagement", "delta_day", "delta_week", "delta_month", "influencers", "influencees"};
#define FIXED_COLUMNS 13

typedef struct outbuf {
    char *p;
    size_t len, cap;
    FILE *out;
    int failed;
} outbuf;

static void ob_flush(outbuf *b)
{
    if (b->len > 0 && fwrite(b->p, 1, b->len, b->out) != b->len) {
        b->failed = 1;
    }
    b->len = 0;
}

/* Room for n more bytes (rows are flushed in 1 MiB pieces; one field is far smaller). A buffer
 * without a file (out NULL) grows instead: it holds one block's rows for the ordered write. */
static char *ob_room(outbuf *b, size_t n)
{
    if (b->len + n > b->cap && b->out != NULL) {
        ob_flush(b);
    }
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n) {
            cap *= 2;
        }
        char *p = pr_realloc(b->p, cap);
        if (p == NULL) {
            b->failed = 1;
            return NULL;
        }
        b->p = p;
        b->cap = cap;
    }
    return b->p + b->len;
}

static inline void ob_putc(outbuf *b, char c)
{
    char *p = b->len < b->cap ? b->p + b->len : ob_room(b, 1);
    if (p) {
        *p = c;
        b->len++;
    }
}

static inline void ob_puts(outbuf *b, const char *s, size_t n)
{
    char *p = b->len + n <= b->cap ? b->p + b->len : ob_room(b, n);
    if (p) {
        memcpy(p, s, n);
        b->len += n;
    }
}

/* Decimal digits two at a time (half the divisions of one at a time). */
static const char digit_pairs[201] = "00010203040506070809101112131415161718192021222324"
                                     "25262728293031323334353637383940414243444546474849"
                                     "50515253545556575859606162636465666768697071727374"
                                     "75767778798081828384858687888990919293949596979899";

/* ---- numbers straight into a buffer with room reserved for the whole row ---- */

/* Digits in 32-bit arithmetic, two at a time from the pair table (a 64-bit division per pair
 * cost a fifth of the export). put_upto4: 0..9999 without leading zeros; put_pad*: exactly
 * 2 or 4 digits. */
static inline char *put_pad2(char *p, uint32_t v)
{
    memcpy(p, digit_pairs + 2 * v, 2);
    return p + 2;
}

static inline char *put_pad4(char *p, uint32_t v)
{
    uint32_t h = v / 100;
    return put_pad2(put_pad2(p, h), v - 100 * h);
}

static inline char *put_upto4(char *p, uint32_t v)
{
    if (v < 100) {
        if (v < 10) {
            *p = (char)('0' + v);
            return p + 1;
        }
        return put_pad2(p, v);
    }
    uint32_t h = v / 100;
    if (h < 10) {
        *p++ = (char)('0' + h);
    } else {
        p = put_pad2(p, h);
    }
    return put_pad2(p, v - 100 * h);
}

static inline char *put_u32(char *p, uint32_t v)
{
    if (v < 10000) {
        return put_upto4(p, v);
    }
    if (v < 100000000) {
        uint32_t h = v / 10000;
        return put_pad4(put_upto4(p, h), v - 10000 * h);
    }
    uint32_t h = v / 100000000, l = v - 100000000 * h, m = l / 10000;
    return put_pad4(put_pad4(put_upto4(p, h), m), l - 10000 * m);
}

static inline char *put_u64(char *p, uint64_t v)
{
    if (v <= UINT32_MAX) {
        return put_u32(p, (uint32_t)v);
    }
    char tmp[20];
    int k = 20;
    for (; v > 0; v /= 10) {
        tmp[--k] = (char)('0' + v % 10);
    }
    memcpy(p, tmp + k, (size_t)(20 - k));
    return p + 20 - k;
}

/* v / 100 with two decimals (scores and deltas, stored as hundredths). */
static inline char *put_fixed2(char *p, int32_t v)
{
    uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
    uint32_t ip = u / 100;
    *p = '-';
    p += v < 0;
    p = put_u32(p, ip);
    *p++ = '.';
    return put_pad2(p, u - 100 * ip);
}

/* v / 10^6 with six decimals (percentiles). */
static inline char *put_fixed6(char *p, int64_t v)
{
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint64_t ip = u / 1000000;
    uint32_t fr = (uint32_t)(u - ip * 1000000), h = fr / 10000;
    *p = '-';
    p += v < 0;
    p = put_u64(p, ip);
    *p++ = '.';
    return put_pad4(put_pad2(p, h), fr - 10000 * h);
}

/* ---- one row ---- */

typedef struct row_ctx {
    pr_snapshot *s;
    pr_export_format format;
    outbuf *b;
    char sep;
    pr_strbuf csv;     /* scratch for a CSV field that needs quotes */
    int plain_strings; /* TSV: the block's names and accounts hold no tab, CR or LF */
    int accounts, engagers, influencers, influencees; /* columns the header lists */
} row_ctx;

/* s (n bytes) as a field; room for 2n + 3 bytes is reserved. */
static char *put_text(char *p, row_ctx *c, const char *s, size_t n)
{
    if (c->format == PR_EXPORT_TSV && c->plain_strings) {
        memcpy(p, s, n);
        return p + n;
    }
    if (c->format == PR_EXPORT_TSV) {
        for (size_t i = 0; i < n; i++) { /* documented: tabs and newlines become spaces */
            char ch = s[i];
            p[i] = ch == '\t' || ch == '\r' || ch == '\n' ? ' ' : ch;
        }
        return p + n;
    }
    if (n == 0) {
        return p;
    }
    if (strchr("=+-@\t\r", s[0]) == NULL && strpbrk(s, ",\"\r\n") == NULL) {
        memcpy(p, s, n);
        return p + n;
    }
    c->csv.len = 0;
    pr_strbuf_csv(&c->csv, s); /* the one CSV quoting rule (formulas neutralised) */
    c->b->failed |= c->csv.failed;
    if (c->csv.failed) {
        return p;
    }
    memcpy(p, c->csv.data, c->csv.len);
    return p + c->csv.len;
}

static char *put_list(char *p, const row_ctx *c, const uint32_t *pos)
{
    int quote = c->format == PR_EXPORT_CSV;
    *p = '"';
    p += quote;
    for (int j = 0, first = 1; j < PR_SNAPSHOT_TOP_K; j++) {
        if (pos[j] != 0) {
            *p = ',';
            p += !first;
            p = put_u64(p, pos[j]);
            first = 0;
        }
    }
    *p = '"';
    return p + quote;
}

/* Row i of block r (position `position`), read from the decoded block itself: no record in
 * between, absent values as empty fields. Returns the end of the row. */
static char *put_row(char *p, row_ctx *c, const rec_block *r, uint32_t i, uint64_t position,
                     const char *name, size_t nlen, const char *acct, size_t alen)
{
    const rec_row *w = &r->row[i];
    const char sep = c->sep;
    p = put_u64(p, position);
    *p++ = sep;
    p = put_text(p, c, name, nlen);
    *p++ = sep;
    p = put_fixed2(p, w->score); /* llround(score * 100) is the stored value, all 2^16 */
    *p++ = sep;
    p = put_fixed6(p, llround(w->pct * 1e6));
    *p++ = sep;
    p += pr_snapshot_format_double(p, w->rank);
    *p++ = sep;
    p = c->accounts ? put_text(p, c, acct, alen) : p;
    *p++ = sep;
    p = c->engagers ? put_u64(p, w->engagers) : p;
    *p++ = sep;
    p += isfinite(w->engagement) ? pr_snapshot_format_double(p, w->engagement) : 0;
    for (int j = 0; j < PR_SNAPSHOT_DELTAS; j++) {
        *p++ = sep;
        p = w->delta[j] != SNAP_DELTA_NONE ? put_fixed2(p, w->delta[j]) : p;
    }
    *p++ = sep;
    p = c->influencers ? put_list(p, c, w->infl) : p;
    *p++ = sep;
    p = c->influencees ? put_list(p, c, w->infe) : p;
    for (uint32_t k = 0; k < c->s->nnet; k++) {
        *p++ = sep;
        uint16_t v = r->net ? r->net[(size_t)i * c->s->nnet + k] : 0;
        p = v ? put_fixed2(p, v) : p; /* 0: no score on that network */
    }
    *p++ = '\n';
    return p;
}

static void put_header_line(row_ctx *c)
{
    for (int k = 0; k < FIXED_COLUMNS; k++) {
        if (k) {
            ob_putc(c->b, c->sep);
        }
        ob_puts(c->b, fixed_columns[k], strlen(fixed_columns[k]));
    }
    for (uint32_t k = 0; k < c->s->nnet; k++) {
        ob_putc(c->b, c->sep);
        ob_puts(c->b, "score_", 6);
        ob_puts(c->b, c->s->networks[k], strlen(c->s->networks[k]));
    }
    ob_putc(c->b, '\n');
}

/* 1 when the names (which 0) or accounts (1) of block r hold no tab, CR or LF: TSV then copies
 * them as they are. A column's strings follow one another in raw, each NUL-terminated. */
static int column_plain(const rec_block *r, int which)
{
    if (r->count == 0) {
        return 1;
    }
    const rec_row *last = &r->row[r->count - 1];
    size_t from = which ? r->row[0].acct_off : r->row[0].name_off;
    size_t end = which ? last->acct_off : last->name_off;
    end += strlen((const char *)r->raw + end);
    const unsigned char *p = r->raw + from;
    return !memchr(p, '\t', end - from) && !memchr(p, '\r', end - from) &&
           !memchr(p, '\n', end - from);
}

/* Record block b as TSV or CSV rows into c's buffer: the block is decoded once, its rows
 * formatted from its columns, then it is freed (an export reads each block once). */
static int put_block(row_ctx *c, uint32_t b, pr_error *err)
{
    rec_block *r = NULL;
    int rc;
    if ((rc = snap_decode_rec(&r, c->s, b, err)) != PR_OK) {
        return rc;
    }
    if (r->ext_lazy && !r->ext_built) {
        snap_rec_build_ext(r);
    }
    c->plain_strings = c->format == PR_EXPORT_TSV && column_plain(r, 0) &&
                       (!r->has_accounts || column_plain(r, 1));
    /* Fields besides the strings: 13 fixed ones at most ~300 bytes, 9 per network score. */
    size_t fixed = 512 + 12 * (size_t)c->s->nnet;
    uint64_t first = (uint64_t)b * c->s->sb.records_per_block + 1;
    for (uint32_t i = 0; i < r->count && !c->b->failed; i++) {
        const rec_row *w = &r->row[i];
        const char *name = (const char *)r->raw + w->name_off;
        const char *acct = r->has_accounts ? (const char *)r->raw + w->acct_off : "";
        /* A column's strings follow one another, each NUL-terminated. */
        size_t nlen = i + 1 < r->count ? w[1].name_off - w->name_off - 1 : strlen(name);
        size_t alen = !r->has_accounts   ? 0
                      : i + 1 < r->count ? w[1].acct_off - w->acct_off - 1
                                         : strlen(acct);
        char *p = ob_room(c->b, fixed + 2 * (nlen + alen) + 6);
        if (p != NULL) {
            c->b->len = (size_t)(put_row(p, c, r, i, first + i, name, nlen, acct, alen) - c->b->p);
        }
    }
    snap_rec_free(r);
    return PR_OK;
}

/* Rows of record block b (JSON lines: through the one record shape, shared with lookup --json,
 * which reads the neighbours' names too) into c's buffer. */
static int put_rows(row_ctx *c, uint32_t b, pr_strbuf *line, pr_error *err)
{
    if (c->format != PR_EXPORT_JSONL) {
        return put_block(c, b, err);
    }
    uint64_t n = pr_snapshot_count(c->s), per = c->s->sb.records_per_block;
    uint64_t first = (uint64_t)b * per + 1, end = first + per <= n ? first + per : n + 1;
    int rc = PR_OK;
    for (uint64_t p = first; p < end && !c->b->failed; p++) {
        line->len = 0;
        if ((rc = pr_snapshot_record_json(line, c->s, p, err)) != PR_OK) {
            return rc;
        }
        ob_puts(c->b, line->data, line->len);
        ob_putc(c->b, '\n');
    }
    return rc;
}

static void row_ctx_init(row_ctx *c, pr_snapshot *s, pr_export_format format, outbuf *b)
{
    *c = (row_ctx){s, format, b, format == PR_EXPORT_CSV ? ',' : '\t', PR_STRBUF_INIT, 0, 0,
                   0, 0,      0};
    c->accounts = pr_snapshot_has_column(s, PR_SNAPSHOT_COL_ACCOUNTS);
    c->engagers = pr_snapshot_has_column(s, PR_SNAPSHOT_COL_ENGAGERS);
    c->influencers = pr_snapshot_has_column(s, PR_SNAPSHOT_COL_INFLUENCERS);
    c->influencees = pr_snapshot_has_column(s, PR_SNAPSHOT_COL_INFLUENCEES);
}

/* One reader a thread (a reader is not thread-safe); thread t formats record blocks t, t + T,
 * ... into its own buffer and they are written in block order, so the output is the serial
 * one, byte for byte, at any thread count. */
static int export_parallel(pr_snapshot *s, pr_export_format format, FILE *out, int threads,
                           size_t cache, pr_error *err)
{
    pr_snapshot **readers = pr_calloc((size_t)threads, sizeof *readers);
    outbuf *bufs = pr_calloc((size_t)threads, sizeof *bufs);
    pr_strbuf *lines = pr_calloc((size_t)threads, sizeof *lines);
    int rc =
        readers && bufs && lines ? PR_OK : pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    for (int t = 0; rc == PR_OK && t < threads; t++) {
        rc = t == 0 ? PR_OK : pr_snapshot_open(&readers[t], s->path, err);
        if (rc == PR_OK) {
            readers[t] = t == 0 ? s : readers[t];
            /* JSON lines read the neighbours, all over the file, through the cache: keep the
             * caller's, shared out (TSV and CSV decode each block once, outside the cache). */
            pr_snapshot_set_cache_limit(readers[t], cache / (size_t)threads);
        }
    }
    int64_t blocks = rc == PR_OK ? (int64_t)s->nrec : 0;
    int failed = rc != PR_OK;
#pragma omp parallel for ordered schedule(static, 1) num_threads(threads)
    for (int64_t k = 0; k < blocks; k++) {
        int t = pr_thread_id();
        pr_error terr = PR_ERROR_INIT;
        int trc = PR_OK;
        int stop;
        bufs[t].len = 0;
#pragma omp atomic read
        stop = failed;
        if (!stop) {
            row_ctx c;
            row_ctx_init(&c, readers[t], format, &bufs[t]);
            trc = put_rows(&c, (uint32_t)k, &lines[t], &terr);
            trc = trc == PR_OK && bufs[t].failed
                      ? pr_error_set(&terr, PR_ENOMEM, NULL, 0, "out of memory exporting")
                      : trc;
            pr_strbuf_free(&c.csv);
        }
#pragma omp ordered
        {
            if (!failed && trc != PR_OK) {
                *err = terr;
                rc = trc;
            } else if (!failed && fwrite(bufs[t].p, 1, bufs[t].len, out) != bufs[t].len) {
                rc = pr_error_set(err, PR_EIO, NULL, 0, "writing the export failed: %s",
                                  strerror(errno));
            }
#pragma omp atomic write
            failed = rc != PR_OK;
        }
    }
    for (int t = 0; readers && t < threads; t++) {
        if (t > 0) {
            pr_snapshot_close(readers[t]);
        }
        pr_free(bufs ? bufs[t].p : NULL);
        pr_strbuf_free(lines ? &lines[t] : NULL);
    }
    pr_free(readers);
    pr_free(bufs);
    pr_free(lines);
    return rc;
}

static int export_text(pr_snapshot *s, pr_export_format format, FILE *out, pr_error *err)
{
    outbuf b = {pr_malloc(1 << 20), 0, 1 << 20, out, 0};
    if (b.p == NULL) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory exporting");
    }
    row_ctx c;
    row_ctx_init(&c, s, format, &b);
    size_t cap = s->cache_cap;
    if (format != PR_EXPORT_JSONL) {
        put_header_line(&c);
    }
    int threads = pr_max_threads() < (int)s->nrec ? pr_max_threads() : (int)s->nrec;
    int rc = PR_OK;
    pr_strbuf line = PR_STRBUF_INIT;
    if (threads > 1) {
        ob_flush(&b);
        rc = export_parallel(s, format, out, threads, cap, err);
    } else {
        for (uint32_t k = 0; rc == PR_OK && k < s->nrec && !b.failed; k++) {
            rc = put_rows(&c, k, &line, err);
        }
    }
    pr_strbuf_free(&line);
    pr_strbuf_free(&c.csv);
    ob_flush(&b);
    pr_free(b.p);
    if (rc == PR_OK && (b.failed || fflush(out) != 0 || ferror(out))) {
        rc = pr_error_set(err, PR_EIO, NULL, 0, "writing the export failed: %s", strerror(errno));
    }
    return rc;
}

/* ---- SQLite ---- */

static int sql_fail(sqlite3 *db, const char *path, pr_error *err)
{
    return pr_error_set(err, PR_EIO, path, 0, "sqlite: %s", db ? sqlite3_errmsg(db) : "no memory");
}

static int create_table(sqlite3 *db, pr_snapshot *s, const char *path, pr_error *err)
{
    char sql[8192];
    int at = snprintf(sql, sizeof sql,
                      "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                      "CREATE TABLE snapshot (key TEXT PRIMARY KEY, value TEXT);"
                      "CREATE TABLE persons (position INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                      " score REAL NOT NULL, percentile REAL NOT NULL, rank REAL NOT NULL,"
                      " accounts TEXT, engagers INTEGER, engagement REAL, delta_day REAL,"
                      " delta_week REAL, delta_month REAL, influencers TEXT, influencees TEXT");
    for (uint32_t k = 0; k < s->nnet; k++) {
        at += snprintf(sql + at, sizeof sql - (size_t)at, ", \"score_%s\" REAL", s->networks[k]);
    }
    snprintf(sql + at, sizeof sql - (size_t)at, "); BEGIN;");
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? PR_OK : sql_fail(db, path, err);
}

static void bind_list(sqlite3_stmt *st, int col, const uint64_t *pos, int present)
{
    char buf[128];
    int at = 0;
    for (int j = 0; present && j < PR_SNAPSHOT_TOP_K; j++) {
        if (pos[j] != 0) {
            at += snprintf(buf + at, sizeof buf - (size_t)at, "%s%llu", at ? "," : "",
                           (unsigned long long)pos[j]);
        }
    }
    present ? sqlite3_bind_text(st, col, buf, at, SQLITE_TRANSIENT) : sqlite3_bind_null(st, col);
}

static void bind_double(sqlite3_stmt *st, int col, double v)
{
    isfinite(v) ? sqlite3_bind_double(st, col, v) : sqlite3_bind_null(st, col);
}

static int insert_row(sqlite3_stmt *st, pr_snapshot *s, const pr_snapshot_record *r)
{
    sqlite3_bind_int64(st, 1, (sqlite3_int64)r->position);
    sqlite3_bind_text(st, 2, r->name, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 3, r->score);
    sqlite3_bind_double(st, 4, r->percentile);
    sqlite3_bind_double(st, 5, r->rank);
    int acc = pr_snapshot_has_column(s, PR_SNAPSHOT_COL_ACCOUNTS);
    acc ? sqlite3_bind_text(st, 6, r->accounts, -1, SQLITE_STATIC) : sqlite3_bind_null(st, 6);
    pr_snapshot_has_column(s, PR_SNAPSHOT_COL_ENGAGERS) ? sqlite3_bind_int64(st, 7, r->engagers)
                                                        : sqlite3_bind_null(st, 7);
    bind_double(st, 8, r->engagement);
    for (int j = 0; j < PR_SNAPSHOT_DELTAS; j++) {
        bind_double(st, 9 + j, r->delta[j]);
    }
    bind_list(st, 12, r->influencers, pr_snapshot_has_column(s, PR_SNAPSHOT_COL_INFLUENCERS));
    bind_list(st, 13, r->influencees, pr_snapshot_has_column(s, PR_SNAPSHOT_COL_INFLUENCEES));
    for (uint32_t k = 0; k < s->nnet; k++) {
        bind_double(st, 14 + (int)k, r->network_score[k]);
    }
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int insert_all(sqlite3 *db, pr_snapshot *s, const char *path, pr_error *err)
{
    char sql[1024];
    int at = snprintf(sql, sizeof sql, "INSERT INTO persons VALUES (?");
    for (uint32_t k = 1; k < FIXED_COLUMNS + s->nnet; k++) {
        at += snprintf(sql + at, sizeof sql - (size_t)at, ",?");
    }
    snprintf(sql + at, sizeof sql - (size_t)at, ")");
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        return sql_fail(db, path, err);
    }
    int rc = PR_OK;
    for (uint64_t p = 1; rc == PR_OK && p <= pr_snapshot_count(s); p++) {
        pr_snapshot_record r;
        rc = pr_snapshot_at(&r, s, p, err);
        if (rc == PR_OK && insert_row(st, s, &r) != 0) {
            rc = sql_fail(db, path, err);
        }
    }
    sqlite3_finalize(st);
    return rc;
}

static int finish_db(sqlite3 *db, pr_snapshot *s, const char *path, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    const char *ins = "INSERT INTO snapshot VALUES ('header', ?1), ('as_of_date', ?2)";
    char date[48];
    snap_file_name(date, sizeof date, s->meta.as_of);
    date[21] = '\0';
    if (sqlite3_prepare_v2(db, ins, -1, &st, NULL) != SQLITE_OK) {
        return sql_fail(db, path, err);
    }
    sqlite3_bind_text(st, 1, s->header_text, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, date + 11, -1, SQLITE_STATIC);
    int ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    if (!ok || sqlite3_exec(db,
                            "CREATE UNIQUE INDEX persons_name ON persons(name);"
                            "CREATE INDEX persons_score ON persons(score); COMMIT;",
                            NULL, NULL, NULL) != SQLITE_OK) {
        return sql_fail(db, path, err);
    }
    return PR_OK;
}

static int export_sqlite(pr_snapshot *s, const char *path, pr_error *err)
{
    if (path == NULL) {
        return pr_error_set(err, PR_EINVAL, NULL, 0, "the sqlite format needs an output file");
    }
    char *tmp = pr_strfmt("%s.tmp.%ld", path, (long)getpid());
    if (tmp == NULL) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    unlink(tmp);
    sqlite3 *db = NULL;
    size_t cap = s->cache_cap;
    s->cache_cap = (size_t)64 << 20;
    int rc = sqlite3_open(tmp, &db) == SQLITE_OK ? PR_OK : sql_fail(db, tmp, err);
    rc = rc ? rc : create_table(db, s, tmp, err);
    rc = rc ? rc : insert_all(db, s, tmp, err);
    rc = rc ? rc : finish_db(db, s, tmp, err);
    if (sqlite3_close(db) != SQLITE_OK && rc == PR_OK) {
        rc = sql_fail(db, tmp, err);
    }
    s->cache_cap = cap;
    if (rc == PR_OK && rename(tmp, path) != 0) {
        rc = pr_error_set(err, PR_EIO, path, 0, "cannot rename into place: %s", strerror(errno));
    }
    if (rc != PR_OK) {
        unlink(tmp);
    }
    pr_free(tmp);
    return rc;
}

int pr_snapshot_export(pr_snapshot *s, pr_export_format format, FILE *out, const char *sqlite_path,
                       pr_error *err)
{
    if (format == PR_EXPORT_SQLITE) {
        return export_sqlite(s, sqlite_path, err);
    }
    return export_text(s, format, out, err);
}
