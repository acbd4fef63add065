/* The HTTP side on GNU libmicrohttpd: a thread pool, each thread with its own epoll loop, so a
 * slow client costs a connection slot, never a thread. Bounds: connection limit, idle timeout,
 * header memory per connection, request body size; per-request state is freed when the request
 * completes, so memory does not grow with the number of requests served. */
#include "serve_http.h"

#include "peoplerank/dynlib.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What one request carries between the daemon's calls. */
typedef struct req_state {
    struct timespec start;
    char *body;
    size_t len, cap;
    uint64_t over; /* bytes dropped past the body limit */
    unsigned status;
    int answered;
} req_state;

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

typedef struct arg_ctx {
    const serve_mhd *mhd;
    struct MHD_Connection *conn;
} arg_ctx;

static const char *query_arg(void *ctx, const char *key)
{
    const arg_ctx *a = ctx;
    return a->mhd->lookup_connection_value(a->conn, MHD_GET_ARGUMENT_KIND, key);
}

static enum MHD_Result send_reply(const serve_mhd *mhd, struct MHD_Connection *conn, req_state *st,
                                  serve_reply *r)
{
    struct MHD_Response *resp = NULL;
    if (r->body_static) {
        resp = mhd->create_response_from_buffer(r->len, r->body, MHD_RESPMEM_PERSISTENT);
    } else if (r->body != NULL) {
        resp = mhd->create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_FREE);
        if (resp == NULL) {
            free(r->body);
        }
    } else {
        static const char oom[] = "{\"error\":\"out_of_memory\",\"message\":\"out of memory\"}\n";
        resp =
            mhd->create_response_from_buffer(sizeof oom - 1, (void *)oom, MHD_RESPMEM_PERSISTENT);
        r->status = 500;
        r->type = "application/json";
    }
    if (resp == NULL) {
        return MHD_NO;
    }
    mhd->add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->type);
    mhd->add_response_header(resp, "X-Content-Type-Options", "nosniff");
    mhd->add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (strncmp(r->type, "text/html", 9) == 0) {
        /* The page is self-contained: nothing may load from elsewhere. */
        mhd->add_response_header(resp, "Content-Security-Policy",
                                 "default-src 'self'; style-src 'unsafe-inline'; "
                                 "script-src 'unsafe-inline'; img-src 'self' data:");
    }
    if (r->allow != NULL) {
        mhd->add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
    }
    st->status = r->status;
    st->answered = 1;
    enum MHD_Result ok = mhd->queue_response(conn, r->status, resp);
    mhd->destroy_response(resp);
    return ok;
}

static enum MHD_Result too_large(const serve_http *s, struct MHD_Connection *conn, req_state *st)
{
    serve_reply r;
    serve_reply_error(&r, 413, "request_too_large", "the request body is over %zu bytes",
                      s->max_body);
    return send_reply(&s->mhd, conn, st, &r);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    serve_http *s = cls;
    req_state *st = *con_cls;
    (void)version;
    int is_post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
    if (st == NULL) {
        st = calloc(1, sizeof *st);
        if (st == NULL) {
            return MHD_NO;
        }
        clock_gettime(CLOCK_MONOTONIC, &st->start);
        *con_cls = st;
        if (is_post) {
            const char *cl = s->mhd.lookup_connection_value(conn, MHD_HEADER_KIND,
                                                            MHD_HTTP_HEADER_CONTENT_LENGTH);
            if (cl != NULL && strtoull(cl, NULL, 10) > s->max_body) {
                return too_large(s, conn, st);
            }
        }
        /* Answer on the next call: a response queued now, before the daemon has read the whole
         * request, makes it close the connection (no keep-alive). */
        return MHD_YES;
    }
    if (*upload_data_size != 0) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (!is_post) {
            return MHD_YES; /* a body on GET means nothing here */
        }
        if (st->over || st->len + n > s->max_body) {
            /* Chunked (or longer than announced): read and drop the rest, answer 413 at the
             * end (closing now would reset the connection before the client reads why), and
             * cut off a client that keeps sending far beyond the limit. */
            st->over += n;
            return st->over <= 16 * (uint64_t)s->max_body + (64u << 20) ? MHD_YES : MHD_NO;
        }
        if (st->len + n + 1 > st->cap) {
            size_t cap = st->cap ? st->cap : 4096;
            while (cap < st->len + n + 1) {
                cap *= 2;
            }
            char *p = realloc(st->body, cap);
            if (p == NULL) {
                return MHD_NO;
            }
            st->body = p;
            st->cap = cap;
        }
        memcpy(st->body + st->len, upload_data, n);
        st->len += n;
        st->body[st->len] = '\0';
        return MHD_YES;
    }
    if (st->answered) {
        return MHD_YES;
    }
    if (st->over) {
        return too_large(s, conn, st);
    }
    arg_ctx actx = {&s->mhd, conn};
    serve_request rq = {method, url, st->body, st->len, query_arg, &actx};
    serve_reply r;
    serve_route(&r, &s->ctx, &rq);
    return send_reply(&s->mhd, conn, st, &r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode why)
{
    serve_http *s = cls;
    req_state *st = *con_cls;
    (void)conn;
    (void)why;
    if (st == NULL) {
        return;
    }
    if (st->answered) {
        serve_metrics_add(&s->metrics, st->status, seconds_since(&st->start));
    }
    free(st->body);
    free(st);
    *con_cls = NULL;
}

static void on_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    fputs("peoplerank: serve: ", stderr);
    vfprintf(stderr, fmt, ap);
}

static int load_mhd(serve_mhd *m)
{
    static const pr_dynlib_symbol symbols[] = {
#define SYM(field) PR_DYNLIB_SYMBOL(serve_mhd, field, "MHD_" #field)
        SYM(start_daemon),
        SYM(stop_daemon),
        SYM(create_response_from_buffer),
        SYM(add_response_header),
        SYM(queue_response),
        SYM(destroy_response),
        SYM(lookup_connection_value),
#undef SYM
    };
    pr_error err = PR_ERROR_INIT;
    m->handle =
        pr_dynlib_open(PR_MHD_SONAME, 0, m, symbols, sizeof symbols / sizeof symbols[0], &err);
    if (m->handle == NULL) {
        fprintf(stderr, "peoplerank: serve: %s\n", err.message);
        return -1;
    }
    return 0;
}

int serve_http_start(serve_http *s, const serve_http_opts *o, serve_holder *h)
{
    s->d = NULL;
    if (load_mhd(&s->mhd) != 0) {
        return -1;
    }
    memset(&s->metrics, 0, sizeof s->metrics);
    s->ctx.holder = h;
    s->ctx.metrics = &s->metrics;
    s->max_body = o->max_body;

    /* Turbo: no fcntl/shutdown dance per connection (the listening socket is ours and
     * non-blocking accept is what epoll wants). */
    unsigned flags =
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO | MHD_USE_ERROR_LOG;
    s->d = s->mhd.start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER,
                               on_log, NULL, MHD_OPTION_LISTEN_SOCKET, o->listen_fd,
                               MHD_OPTION_THREAD_POOL_SIZE, o->threads, MHD_OPTION_CONNECTION_LIMIT,
                               o->max_connections, MHD_OPTION_CONNECTION_TIMEOUT, o->timeout_s,
                               MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)o->header_bytes,
                               MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
    return s->d != NULL ? 0 : -1;
}

void serve_http_stop(serve_http *s)
{
    if (s->d != NULL) {
        s->mhd.stop_daemon(s->d);
        s->d = NULL;
    }
    pr_dynlib_close(s->mhd.handle);
    s->mhd.handle = NULL;
}
