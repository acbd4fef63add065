/* The HTTP daemon of peoplerank serve (serve_http.c). */
#ifndef PR_SERVE_HTTP_H
#define PR_SERVE_HTTP_H

#include "serve.h"

#include <microhttpd.h>

typedef struct serve_http_opts {
    int listen_fd;            /* bound, listening socket */
    unsigned threads;         /* worker threads, each with its own epoll loop */
    unsigned max_connections; /* beyond it, new connections are refused */
    unsigned timeout_s;       /* idle connections are closed after this */
    unsigned header_bytes;    /* memory for one connection's request line and headers */
    size_t max_body;          /* POST body limit (413 beyond it) */
} serve_http_opts;

typedef struct serve_http {
    struct MHD_Daemon *d;
    serve_ctx ctx;
    serve_metrics metrics;
    size_t max_body;
} serve_http;

int serve_http_start(serve_http *s, const serve_http_opts *o, serve_holder *h);
void serve_http_stop(serve_http *s);

#endif
