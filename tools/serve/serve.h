/* peoplerank serve: the lookup service. One file per job:
 *   cmd_serve.c        options, start, wait for a signal, stop
 *   serve_http.c       libmicrohttpd daemon: bounds, request bodies, metrics, dispatch
 *   serve_routes.c     the JSON API (/v1/...), /healthz, /metrics, the page at /
 *   serve_holder.c     the snapshot in service: refcounted generations, reader pools, the
 *                      watcher that switches to a new `latest`
 *   serve_metrics.c    counters and the latency histogram (Prometheus text)
 *   serve_json.c       the person record as JSON, errors
 *   page.html          the front-desk page, embedded at build time (serve_page.c, generated)
 * Nothing here keeps function-level static state: every request works on its own context. */
#ifndef PR_SERVE_H
#define PR_SERVE_H

#include "../account_index.h"
#include "peoplerank/snapshot.h"
#include "peoplerank/snapshot_dir.h"

#include <json-c/json.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define SERVE_MAX_BATCH 10000 /* names in one POST /v1/lookup */
#define SERVE_MAX_NAME 512    /* bytes in one name */
#define SERVE_MAX_TOP 1000    /* n in /v1/top */
#define SERVE_MAX_HISTORY 400 /* snapshots kept open for /history */
/* Memory for one connection's request line, headers and response headers. libmicrohttpd clears
 * it after every request, so it is a per-request cost: 16 KiB holds a longest name
 * percent-encoded (3 x SERVE_MAX_NAME) with room to spare. */
#define SERVE_HEADER_BYTES (16 * 1024)

/* ---- generations: one opened snapshot (plus its directory's older ones) ---- */

/* Per-network best persons, computed once when a generation opens (top?network= reads it). */
typedef struct serve_net_top {
    uint64_t *pos; /* positions, best network score first */
    double *score;
    uint32_t count;
} serve_net_top;

/* An older snapshot of the same directory, for /history. */
typedef struct serve_past {
    char date[11];
    pr_snapshot *snap;
} serve_past;

typedef struct serve_gen {
    atomic_long refs;
    char *path;    /* the snapshot file latest pointed to */
    char date[11]; /* as-of date, YYYY-MM-DD */
    dev_t dev;     /* identity of the file, to notice a new latest */
    ino_t ino;
    int64_t as_of;
    uint64_t count;
    pr_snapshot *info; /* header, networks: read-only after open, shared by all threads */
    /* Readers are not thread-safe: a pool of one per worker thread. */
    pthread_mutex_t lock;
    pthread_cond_t freed;
    pr_snapshot **pool;
    size_t pool_free, pool_size;
    account_index accounts; /* built at open when the snapshot has an accounts column */
    serve_net_top *net_top; /* one per network */
    /* Older snapshots (newest first), for /history; one reader each, under past_lock. */
    pthread_mutex_t past_lock;
    serve_past *past;
    size_t past_count;
} serve_gen;

typedef struct serve_holder_opts {
    const char *dir;      /* SNAPDIR: dir/latest is served */
    size_t readers;       /* one per worker thread */
    size_t cache_bytes;   /* decompressed-block cache, all readers together */
    unsigned poll_ms;     /* how often dir/latest is checked */
    unsigned history_max; /* older snapshots kept open */
} serve_holder_opts;

typedef struct serve_holder {
    serve_holder_opts o;
    pthread_mutex_t lock; /* guards cur and the watcher's stop flag */
    pthread_cond_t wake;
    serve_gen *cur;
    int stop;
    pthread_t watcher;
    int watching;
    atomic_ulong switches;      /* generations swapped in after the first */
    atomic_ulong switch_errors; /* new latest that could not be opened */
} serve_holder;

/* Opens dir/latest (fails when it cannot) and starts the watcher thread. */
int serve_holder_start(serve_holder *h, const serve_holder_opts *o, pr_error *err);
void serve_holder_stop(serve_holder *h);
/* The generation in service, with a reference the caller must give back. */
serve_gen *serve_gen_acquire(serve_holder *h);
void serve_gen_release(serve_gen *g);
/* A reader of g for this request (waits while all are in use); give it back. */
pr_snapshot *serve_reader_take(serve_gen *g);
void serve_reader_give(serve_gen *g, pr_snapshot *r);
/* Position of a person by name or by one of their accounts; 0 when unknown. */
uint64_t serve_find(serve_gen *g, pr_snapshot *r, const char *name);

/* ---- metrics ---- */

#define SERVE_LATENCY_BUCKETS 14
typedef struct serve_metrics {
    atomic_ulong by_status[600];
    atomic_ulong latency[SERVE_LATENCY_BUCKETS + 1]; /* last: +Inf */
    atomic_ulong latency_sum_us;
    atomic_ulong total;
} serve_metrics;

void serve_metrics_add(serve_metrics *m, unsigned status, double seconds);
/* Appends the Prometheus text to b. */
struct serve_buf;
void serve_metrics_write(struct serve_buf *b, const serve_metrics *m, serve_holder *h);

/* ---- responses ---- */

typedef struct serve_buf {
    char *data;
    size_t len, cap;
    int failed; /* out of memory */
} serve_buf;

void serve_buf_add(serve_buf *b, const char *s, size_t n);
void serve_buf_printf(serve_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* What a route answers: status, content type and body (malloc'd, handed to the daemon). */
typedef struct serve_reply {
    unsigned status;
    const char *type; /* "application/json", ... */
    char *body;
    size_t len;
    int body_static;   /* body points at embedded data, not to be freed */
    const char *allow; /* Allow header for 405 */
} serve_reply;

/* A request as the routes see it. */
typedef struct serve_request {
    const char *method; /* "GET", "POST", ... */
    const char *url;    /* path, percent-decoded */
    const char *body;   /* POST body (NUL-terminated) or NULL */
    size_t body_len;
    /* query parameters, looked up through the daemon */
    const char *(*arg)(void *ctx, const char *key);
    void *arg_ctx;
} serve_request;

typedef struct serve_ctx {
    serve_holder *holder;
    serve_metrics *metrics;
} serve_ctx;

void serve_route(serve_reply *out, serve_ctx *c, const serve_request *rq);

/* JSON helpers (serve_json.c). */
void serve_reply_json(serve_reply *out, unsigned status, json_object *o); /* takes o */
void serve_reply_error(serve_reply *out, unsigned status, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Appends the person at position as THE record shape (pr_snapshot_record_json) plus
 * "bucket", "as_of" and extra (",\"key\":value..." or NULL). */
int serve_record_append(serve_buf *b, serve_gen *g, pr_snapshot *r, uint64_t position,
                        const char *extra, pr_error *err);
/* Appends s as a JSON string. */
void serve_buf_json_string(serve_buf *b, const char *s);
/* A 200 (or other) reply whose body is b's text (taken over). */
void serve_reply_buf(serve_reply *out, unsigned status, serve_buf *b);
/* "40-50": the score's ten-point bucket (100 falls in "90-100"). */
void serve_bucket(char out[8], double score);

/* The embedded page (serve_page.c, generated from page.html). */
extern const unsigned char serve_page_html[];
extern const size_t serve_page_html_len;

#endif
