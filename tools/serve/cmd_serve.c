/* peoplerank serve: the lookup service and the front-desk page over SNAPDIR/latest. */
#include "../cli.h"
#include "serve_http.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void serve_usage(FILE *out)
{
    fprintf(out,
            "usage: peoplerank serve SNAPDIR [--listen HOST:PORT] [--threads N] [options]\n\n"
            "Serves the scores of SNAPDIR/latest over HTTP: a JSON API under /v1 and a page at /\n"
            "(README \"serve\"). When SNAPDIR/latest changes, the new snapshot is opened and\n"
            "swapped in; requests under way finish on the old one. Runs until SIGINT/SIGTERM.\n\n"
            "  --listen HOST:PORT   address (default 127.0.0.1:8080; port 0 picks a free one;\n"
            "                       [::1]:PORT for IPv6). The URL is printed on stdout.\n"
            "  --threads N          worker threads, each with its own epoll loop (default 2)\n"
            "  --max-connections N  open connections at most (default 1000)\n"
            "  --timeout S          close a connection idle this many seconds (default 10)\n"
            "  --max-body BYTES     POST body limit (default 4194304; 413 beyond it)\n"
            "  --cache-mb N         decompressed snapshot blocks kept in memory, all worker\n"
            "                       threads together (default 2048; a reader over its share\n"
            "                       drops its blocks and decodes again)\n"
            "  --history N          older snapshots of SNAPDIR kept open for /history\n"
            "                       (default 90)\n"
            "  --poll-ms N          how often SNAPDIR/latest is checked (default 1000)\n"
            "  -h                   this help\n"
            "exit: 0 stopped by a signal, 1 cannot open the snapshot or the address, 2 usage\n");
}

static const struct option serve_options[] = {
    {"listen", required_argument, NULL, 'l'},
    {"threads", required_argument, NULL, 't'},
    {"max-connections", required_argument, NULL, 'c'},
    {"timeout", required_argument, NULL, 'T'},
    {"max-body", required_argument, NULL, 'b'},
    {"cache-mb", required_argument, NULL, 'm'},
    {"history", required_argument, NULL, 'H'},
    {"poll-ms", required_argument, NULL, 'p'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef struct serve_args {
    char host[256];
    char port[16];
    unsigned long long threads, max_conn, timeout, max_body, cache_mb, history, poll_ms;
} serve_args;

/* HOST:PORT or [HOST]:PORT. */
static int parse_listen(serve_args *a, const char *s)
{
    const char *colon = strrchr(s, ':');
    if (colon == NULL || colon == s || colon[1] == '\0' || strlen(colon + 1) >= sizeof a->port) {
        cli_error("--listen: '%s' is not HOST:PORT", s);
        return PR_EXIT_USAGE;
    }
    size_t hl = (size_t)(colon - s);
    if (s[0] == '[' && hl >= 2 && s[hl - 1] == ']') {
        s++;
        hl -= 2;
    }
    if (hl >= sizeof a->host) {
        cli_error("--listen: host too long");
        return PR_EXIT_USAGE;
    }
    memcpy(a->host, s, hl);
    a->host[hl] = '\0';
    snprintf(a->port, sizeof a->port, "%s", colon + 1);
    return PR_EXIT_OK;
}

static int parse_args(serve_args *a, int argc, char **argv, const char **dir)
{
    int c, index = -1;
    char opt[40];
    optind = 1;
    while ((c = cli_getopt(argc, argv, "h", serve_options, &index)) != -1) {
        unsigned long long *v = c == 't'   ? &a->threads
                                : c == 'c' ? &a->max_conn
                                : c == 'T' ? &a->timeout
                                : c == 'b' ? &a->max_body
                                : c == 'm' ? &a->cache_mb
                                : c == 'H' ? &a->history
                                : c == 'p' ? &a->poll_ms
                                           : NULL;
        if (c == 'h') {
            serve_usage(stdout);
            return -1;
        } else if (c == 'l') {
            if (parse_listen(a, optarg) != PR_EXIT_OK) {
                return PR_EXIT_USAGE;
            }
        } else if (v == NULL) {
            return PR_EXIT_USAGE;
        } else if (snprintf(opt, sizeof opt, "--%s", serve_options[index].name),
                   cli_parse_u64(v, opt, optarg) != PR_EXIT_OK) {
            return PR_EXIT_USAGE;
        }
    }
    if (optind + 1 != argc) {
        cli_error("serve needs exactly one snapshot directory (see 'peoplerank serve --help')");
        return PR_EXIT_USAGE;
    }
    if (a->threads < 1 || a->threads > 256 || a->max_conn < 1 || a->max_conn > 1000000 ||
        a->timeout < 1 || a->timeout > 3600 || a->poll_ms < 10 || a->poll_ms > 3600000 ||
        a->history > SERVE_MAX_HISTORY || a->max_body < 2 || a->max_body > ((size_t)1 << 30) ||
        a->cache_mb > ((size_t)1 << 20)) {
        cli_error("serve: --threads 1-256, --max-connections 1-1000000, --timeout 1-3600, "
                  "--poll-ms 10-3600000, --history 0-%d, --max-body 2-1073741824, --cache-mb "
                  "at most 1048576",
                  SERVE_MAX_HISTORY);
        return PR_EXIT_USAGE;
    }
    *dir = argv[optind];
    return PR_EXIT_OK;
}

/* A bound, listening, non-blocking socket; the actual port goes back into a->port. */
static int listen_on(serve_args *a)
{
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int e = getaddrinfo(a->host[0] ? a->host : NULL, a->port, &hints, &res);
    if (e != 0) {
        cli_error("serve: cannot resolve %s:%s: %s", a->host, a->port, gai_strerror(e));
        return -1;
    }
    int fd =
        socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, res->ai_protocol);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 1024) != 0) {
        cli_error("serve: cannot listen on %s:%s: %s", a->host, a->port, strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        freeaddrinfo(res);
        return -1;
    }
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    char host[256], port[16];
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0 &&
        getnameinfo((struct sockaddr *)&ss, sl, host, sizeof host, port, sizeof port,
                    NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
        snprintf(a->host, sizeof a->host, "%s", host);
        snprintf(a->port, sizeof a->port, "%s", port);
    }
    freeaddrinfo(res);
    return fd;
}

int cmd_serve(int argc, char **argv)
{
    serve_args a = {"127.0.0.1", "8080", 2, 1000, 10, 4u << 20, 2048, 90, 1000};
    const char *dir = NULL;
    int rc = parse_args(&a, argc, argv, &dir);
    if (rc != PR_EXIT_OK) {
        return rc < 0 ? PR_EXIT_OK : rc;
    }
    /* Signals go to this thread alone (sigwait below); the daemon's threads inherit the mask. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    serve_holder holder;
    serve_holder_opts ho = {dir, (size_t)a.threads, (size_t)a.cache_mb << 20, (unsigned)a.poll_ms,
                            (unsigned)a.history};
    pr_error err = PR_ERROR_INIT;
    if (serve_holder_start(&holder, &ho, &err) != PR_OK) {
        cli_report(&err);
        serve_holder_stop(&holder);
        return PR_EXIT_FAIL;
    }
    int fd = listen_on(&a);
    if (fd < 0) {
        serve_holder_stop(&holder);
        return PR_EXIT_FAIL;
    }
    serve_http http;
    serve_http_opts hopts = {fd,
                             (unsigned)a.threads,
                             (unsigned)a.max_conn,
                             (unsigned)a.timeout,
                             SERVE_HEADER_BYTES,
                             (size_t)a.max_body};
    if (serve_http_start(&http, &hopts, &holder) != 0) {
        cli_error("serve: cannot start the HTTP daemon");
        serve_http_stop(&http);
        close(fd);
        serve_holder_stop(&holder);
        return PR_EXIT_FAIL;
    }
    int v6 = strchr(a.host, ':') != NULL;
    printf("http://%s%s%s:%s/\n", v6 ? "[" : "", a.host, v6 ? "]" : "", a.port);
    fflush(stdout);
    serve_gen *g = serve_gen_acquire(&holder);
    fprintf(stderr, "peoplerank: serving %s (as of %s, %llu persons, %zu older days)\n", g->path,
            g->date, (unsigned long long)g->count, g->past_count);
    serve_gen_release(g);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "peoplerank: serve: stopping (signal %d)\n", sig);
    serve_http_stop(&http);
    close(fd);
    serve_holder_stop(&holder);
    return PR_EXIT_OK;
}
