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

/* libmicrohttpd is loaded with dlopen by serve_http_start: linked, it would bring gnutls and eight
 * more libraries into every `peoplerank` process (~3 ms of start-up for each lookup). */
typedef struct serve_mhd {
    void *handle;
    __typeof__(&MHD_start_daemon) start_daemon;
    __typeof__(&MHD_stop_daemon) stop_daemon;
    __typeof__(&MHD_create_response_from_buffer) create_response_from_buffer;
    __typeof__(&MHD_add_response_header) add_response_header;
    __typeof__(&MHD_queue_response) queue_response;
    __typeof__(&MHD_destroy_response) destroy_response;
    __typeof__(&MHD_lookup_connection_value) lookup_connection_value;
} serve_mhd;

typedef struct serve_http {
    serve_mhd mhd;
    struct MHD_Daemon *d;
    serve_ctx ctx;
    serve_metrics metrics;
    size_t max_body;
} serve_http;

int serve_http_start(serve_http *s, const serve_http_opts *o, serve_holder *h);
void serve_http_stop(serve_http *s);

#endif
