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

static inline void ob_u64(outbuf *b, uint64_t v)
{
    char *p = b->len + 20 <= b->cap ? b->p + b->len : ob_room(b, 20);
    if (p == NULL) {
        return;
    }
    char tmp[20];
    int k = 20;
    while (v >= 100) {
        unsigned d = (unsigned)(v % 100) * 2;
        v /= 100;
        tmp[--k] = digit_pairs[d + 1];
        tmp[--k] = digit_pairs[d];
    }
    if (v >= 10) {
        tmp[--k] = digit_pairs[v * 2 + 1];
        tmp[--k] = digit_pairs[v * 2];
    } else {
        tmp[--k] = (char)('0' + v);
    }
    memcpy(p, tmp + k, (size_t)(20 - k));
    b->len += (size_t)(20 - k);
}

/* v / 10^decimals with exactly `decimals` digits after the point. */
static void ob_fixed(outbuf *b, int64_t v, int decimals)
{
    char tmp[32];
    int k = 32;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    for (int i = 0; i < decimals; i++) {
        tmp[--k] = (char)('0' + u % 10);
        u /= 10;
    }
    tmp[--k] = '.';
    do {
        tmp[--k] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) {
        tmp[--k] = '-';
    }
    ob_puts(b, tmp + k, (size_t)(32 - k));
}

static void ob_double(outbuf *b, double v)
{
    char *p = ob_room(b, 32);
    if (p) {
        b->len += (size_t)pr_snapshot_format_double(p, v);
    }
}

/* ---- one row ---- */

typedef struct row_ctx {
    pr_snapshot *s;
    pr_export_format format;
    outbuf *b;
    char sep;
} row_ctx;

static void put_text(row_ctx *c, const char *s)
{
    size_t n = strlen(s);
    if (c->format == PR_EXPORT_CSV && (strpbrk(s, ",\"\r\n") != NULL || strchr("=+-@\t\r", s[0]))) {
        pr_strbuf q = PR_STRBUF_INIT; /* the one CSV quoting rule (formulas neutralised) */
        pr_strbuf_csv(&q, s);
        c->b->failed |= q.failed;
        ob_puts(c->b, q.data ? q.data : "", q.len);
        pr_strbuf_free(&q);
    } else if (c->format == PR_EXPORT_TSV && strpbrk(s, "\t\r\n") != NULL) {
        for (const char *q = s; *q; q++) { /* documented: tabs and newlines become spaces */
            ob_putc(c->b, (*q == '\t' || *q == '\r' || *q == '\n') ? ' ' : *q);
        }
    } else {
        ob_puts(c->b, s, n);
    }
}

static inline void put_sep(row_ctx *c, int k)
{
    if (k) {
        ob_putc(c->b, c->sep);
    }
}

static void put_null(row_ctx *c)
{
    (void)c; /* absent values are empty fields in TSV and CSV */
}

static void put_list(row_ctx *c, const uint64_t *pos, int present)
{
    if (!present) {
        put_null(c);
        return;
    }
    int quote = c->format == PR_EXPORT_CSV;
    ob_puts(c->b, "\"", (size_t)quote);
    for (int j = 0, first = 1; j < PR_SNAPSHOT_TOP_K; j++) {
        if (pos[j] != 0) {
            ob_puts(c->b, ",", (size_t)!first);
            ob_u64(c->b, pos[j]);
            first = 0;
        }
    }
    ob_puts(c->b, "\"", (size_t)quote);
}

static void put_row(row_ctx *c, const pr_snapshot_record *r)
{
    pr_snapshot *s = c->s;
    put_sep(c, 0);
    ob_u64(c->b, r->position);
    put_sep(c, 1);
    put_text(c, r->name);
    put_sep(c, 2);
    ob_fixed(c->b, llround(r->score * 100.0), 2);
    put_sep(c, 3);
    ob_fixed(c->b, llround(r->percentile * 1e6), 6);
    put_sep(c, 4);
    ob_double(c->b, r->rank);
    put_sep(c, 5);
    pr_snapshot_has_column(s, PR_SNAPSHOT_COL_ACCOUNTS) ? put_text(c, r->accounts) : put_null(c);
    put_sep(c, 6);
    pr_snapshot_has_column(s, PR_SNAPSHOT_COL_ENGAGERS) ? ob_u64(c->b, r->engagers) : put_null(c);
    put_sep(c, 7);
    isfinite(r->engagement) ? ob_double(c->b, r->engagement) : put_null(c);
    for (int j = 0; j < PR_SNAPSHOT_DELTAS; j++) {
        put_sep(c, 8 + j);
        isfinite(r->delta[j]) ? ob_fixed(c->b, llround(r->delta[j] * 100.0), 2) : put_null(c);
    }
    put_sep(c, 11);
    put_list(c, r->influencers, pr_snapshot_has_column(s, PR_SNAPSHOT_COL_INFLUENCERS));
    put_sep(c, 12);
    put_list(c, r->influencees, pr_snapshot_has_column(s, PR_SNAPSHOT_COL_INFLUENCEES));
    for (uint32_t k = 0; k < s->nnet; k++) {
        ob_putc(c->b, c->sep);
        double v = r->network_score[k];
        isfinite(v) ? ob_fixed(c->b, llround(v * 100.0), 2) : put_null(c);
    }
    ob_putc(c->b, '\n');
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

/* Rows first..end-1 (positions) of s into c's buffer. */
static int put_rows(row_ctx *c, uint64_t first, uint64_t end, pr_strbuf *line, pr_error *err)
{
    int rc = PR_OK;
    for (uint64_t p = first; rc == PR_OK && p < end && !c->b->failed; p++) {
        pr_snapshot_record r;
        if (c->format == PR_EXPORT_JSONL) { /* the one record shape, shared with lookup --json */
            line->len = 0;
            rc = pr_snapshot_record_json(line, c->s, p, err);
            if (rc == PR_OK) {
                ob_puts(c->b, line->data, line->len);
                ob_putc(c->b, '\n');
            }
        } else if ((rc = pr_snapshot_at(&r, c->s, p, err)) == PR_OK) {
            put_row(c, &r);
        }
    }
    return rc;
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
            /* TSV/CSV read each block once, in order; JSON lines also read the neighbours, all
             * over the file: keep the caller's cache, shared out. */
            pr_snapshot_set_cache_limit(
                readers[t], format == PR_EXPORT_JSONL ? cache / (size_t)threads : (size_t)64 << 20);
        }
    }
    uint64_t n = pr_snapshot_count(s), per = s->sb.records_per_block;
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
            row_ctx c = {readers[t], format, &bufs[t], format == PR_EXPORT_CSV ? ',' : '\t'};
            uint64_t first = (uint64_t)k * per + 1, end = first + per <= n ? first + per : n + 1;
            trc = put_rows(&c, first, end, &lines[t], &terr);
            trc = trc == PR_OK && bufs[t].failed
                      ? pr_error_set(&terr, PR_ENOMEM, NULL, 0, "out of memory exporting")
                      : trc;
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
    row_ctx c = {s, format, &b, format == PR_EXPORT_CSV ? ',' : '\t'};
    size_t cap = s->cache_cap;
    if (format != PR_EXPORT_JSONL) {
        s->cache_cap = (size_t)64 << 20; /* read once in order: keep few blocks */
        put_header_line(&c);
    }
    int threads = pr_max_threads() < (int)s->nrec ? pr_max_threads() : (int)s->nrec;
    int rc = PR_OK;
    pr_strbuf line = PR_STRBUF_INIT;
    if (threads > 1) {
        ob_flush(&b);
        rc = export_parallel(s, format, out, threads, cap, err);
    } else {
        rc = put_rows(&c, 1, pr_snapshot_count(s) + 1, &line, err);
    }
    pr_strbuf_free(&line);
    ob_flush(&b);
    s->cache_cap = cap;
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
