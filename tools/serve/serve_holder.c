/* The snapshot in service. A generation is one opened `latest` with a pool of readers (a reader
 * is not thread-safe); requests take a counted reference to the current generation, the watcher
 * swaps in a new one when SNAPDIR/latest changes, and the old one is closed by whoever drops its
 * last reference (RCU style: a request never sees two snapshots, and never waits on a switch). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "serve.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PAST_CACHE_BYTES ((size_t)1 << 20) /* per older snapshot: one or two blocks */

static void gen_free(serve_gen *g)
{
    if (g == NULL) {
        return;
    }
    for (size_t i = 0; i < g->pool_free; i++) {
        pr_snapshot_close(g->pool[i]);
    }
    pr_free(g->pool);
    for (uint32_t k = 0;
         g->net_top != NULL && g->info != NULL && k < pr_snapshot_network_count(g->info); k++) {
        pr_free(g->net_top[k].pos);
        pr_free(g->net_top[k].score);
    }
    pr_free(g->net_top);
    for (size_t i = 0; i < g->past_count; i++) {
        pr_snapshot_close(g->past[i].snap);
    }
    pr_free(g->past);
    account_index_free(&g->accounts);
    pr_snapshot_close(g->info);
    pthread_mutex_destroy(&g->lock);
    pthread_cond_destroy(&g->freed);
    pthread_mutex_destroy(&g->past_lock);
    pr_free(g->path);
    pr_free(g);
}

static void day_of(char out[11], int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL || strftime(out, 11, "%Y-%m-%d", &tm) != 10) {
        snprintf(out, 11, "unknown");
    }
}

/* Keeps the SERVE_MAX_TOP best network scores of every network, in one pass over the file. */
static int build_net_top(serve_gen *g, pr_snapshot *r, pr_error *err)
{
    uint32_t nn = pr_snapshot_network_count(g->info);
    if (nn == 0 || !pr_snapshot_has_column(g->info, PR_SNAPSHOT_COL_NETWORK_SCORES)) {
        return PR_OK;
    }
    g->net_top = pr_calloc(nn, sizeof *g->net_top);
    if (g->net_top == NULL) {
        return pr_error_set(err, PR_ENOMEM, g->path, 0, "out of memory");
    }
    for (uint32_t k = 0; k < nn; k++) {
        g->net_top[k].pos = pr_calloc(SERVE_MAX_TOP, sizeof *g->net_top[k].pos);
        g->net_top[k].score = pr_calloc(SERVE_MAX_TOP, sizeof *g->net_top[k].score);
        if (g->net_top[k].pos == NULL || g->net_top[k].score == NULL) {
            return pr_error_set(err, PR_ENOMEM, g->path, 0, "out of memory");
        }
    }
    pr_snapshot_record rec;
    for (uint64_t pos = 1; pos <= g->count; pos++) {
        int rc = pr_snapshot_at(&rec, r, pos, err);
        if (rc != PR_OK) {
            return rc;
        }
        for (uint32_t k = 0; k < nn; k++) {
            serve_net_top *t = &g->net_top[k];
            double s = rec.network_score[k];
            if (!isfinite(s) || (t->count == SERVE_MAX_TOP && s <= t->score[t->count - 1])) {
                continue;
            }
            uint32_t i = t->count < SERVE_MAX_TOP ? t->count++ : SERVE_MAX_TOP - 1;
            while (i > 0 && t->score[i - 1] < s) { /* ties keep position order */
                t->score[i] = t->score[i - 1];
                t->pos[i] = t->pos[i - 1];
                i--;
            }
            t->score[i] = s;
            t->pos[i] = pos;
        }
    }
    return PR_OK;
}

/* The older snapshots of the directory (dated before g), newest first, each opened once. */
static void open_past(serve_gen *g, const serve_holder_opts *o)
{
    char **names = NULL;
    size_t n = 0;
    pr_error err = PR_ERROR_INIT;
    if (o->history_max == 0 || pr_snapshot_list(&names, &n, o->dir, &err) != PR_OK) {
        return;
    }
    g->past = pr_calloc(n ? n : 1, sizeof *g->past);
    for (size_t i = 0; g->past != NULL && i < n && g->past_count < o->history_max; i++) {
        serve_past *p = &g->past[g->past_count];
        snprintf(p->date, sizeof p->date, "%.10s", names[i] + strlen("peoplerank-"));
        if (strcmp(p->date, g->date) >= 0) {
            continue; /* the served one itself, or newer than it */
        }
        size_t len = strlen(o->dir) + strlen(names[i]) + 2;
        char *path = pr_malloc(len);
        if (path != NULL) {
            snprintf(path, len, "%s/%s", o->dir, names[i]);
            if (pr_snapshot_open(&p->snap, path, &err) == PR_OK) {
                pr_snapshot_set_cache_limit(p->snap, PAST_CACHE_BYTES);
                g->past_count++;
            }
        }
        pr_free(path);
    }
    pr_snapshot_list_free(names, n);
}

/* Opens dir/latest as a new generation with one reference (the holder's). Every reader opens the
 * same file through one descriptor, so a same-date rewrite cannot split them. */
static int gen_open(serve_gen **out, const serve_holder_opts *o, pr_error *err)
{
    char link[4096], fdpath[64];
    snprintf(link, sizeof link, "%s/latest", o->dir);
    serve_gen *g = pr_calloc(1, sizeof *g);
    if (g == NULL) {
        return pr_error_set(err, PR_ENOMEM, link, 0, "out of memory");
    }
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->freed, NULL);
    pthread_mutex_init(&g->past_lock, NULL);
    atomic_init(&g->refs, 1);
    int rc = PR_OK;
    int fd = open(link, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        rc = pr_error_set(err, errno == ENOENT ? PR_ENOTFOUND : PR_EIO, link, 0, "cannot open: %s",
                          strerror(errno));
        goto cleanup;
    }
    g->dev = st.st_dev;
    g->ino = st.st_ino;
    g->path = realpath(link, NULL);
    snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", fd);
    rc = pr_snapshot_open(&g->info, fdpath, err);
    if (rc != PR_OK) { /* name the file, not the descriptor */
        char msg[sizeof err->message];
        memcpy(msg, err->message, sizeof msg);
        pr_error_set(err, rc, g->path ? g->path : link, 0, "%s", msg);
        goto cleanup;
    }
    g->as_of = pr_snapshot_get_meta(g->info)->as_of;
    g->count = pr_snapshot_count(g->info);
    day_of(g->date, g->as_of);
    size_t n = o->readers ? o->readers : 1;
    g->pool = pr_calloc(n, sizeof *g->pool);
    if (g->pool == NULL) {
        rc = pr_error_set(err, PR_ENOMEM, link, 0, "out of memory");
        goto cleanup;
    }
    for (; g->pool_free < n; g->pool_free++) {
        rc = pr_snapshot_open(&g->pool[g->pool_free], fdpath, err);
        if (rc != PR_OK) {
            goto cleanup;
        }
        pr_snapshot_set_cache_limit(g->pool[g->pool_free], o->cache_bytes / n);
    }
    g->pool_size = n;
    if (pr_snapshot_has_column(g->info, PR_SNAPSHOT_COL_ACCOUNTS)) {
        rc = account_index_build(&g->accounts, g->pool[0], err);
    }
    if (rc == PR_OK) {
        rc = build_net_top(g, g->pool[0], err);
    }
    if (rc == PR_OK) {
        open_past(g, o);
    }
cleanup:
    if (fd >= 0) {
        close(fd);
    }
    if (rc != PR_OK) {
        gen_free(g);
        g = NULL;
    }
    *out = g;
    return rc;
}

serve_gen *serve_gen_acquire(serve_holder *h)
{
    pthread_mutex_lock(&h->lock);
    serve_gen *g = h->cur;
    atomic_fetch_add(&g->refs, 1);
    pthread_mutex_unlock(&h->lock);
    return g;
}

void serve_gen_release(serve_gen *g)
{
    if (g != NULL && atomic_fetch_sub(&g->refs, 1) == 1) {
        gen_free(g);
    }
}

pr_snapshot *serve_reader_take(serve_gen *g)
{
    pthread_mutex_lock(&g->lock);
    while (g->pool_free == 0) {
        pthread_cond_wait(&g->freed, &g->lock);
    }
    pr_snapshot *r = g->pool[--g->pool_free];
    pthread_mutex_unlock(&g->lock);
    return r;
}

void serve_reader_give(serve_gen *g, pr_snapshot *r)
{
    pthread_mutex_lock(&g->lock);
    g->pool[g->pool_free++] = r;
    pthread_cond_signal(&g->freed);
    pthread_mutex_unlock(&g->lock);
}

uint64_t serve_find(serve_gen *g, pr_snapshot *r, const char *name)
{
    uint64_t pos = 0;
    pr_error err = PR_ERROR_INIT;
    if (pr_snapshot_find_many(&pos, r, &name, 1, &err) != PR_OK) {
        return 0;
    }
    if (pos == 0 && g->accounts.built && strchr(name, ':') != NULL) {
        pos = account_index_find(&g->accounts, name);
    }
    return pos;
}

/* ---- the watcher ---- */

static void swap_in(serve_holder *h, serve_gen *g)
{
    pthread_mutex_lock(&h->lock);
    serve_gen *old = h->cur;
    h->cur = g;
    pthread_mutex_unlock(&h->lock);
    serve_gen_release(old); /* closed now, or by the last request still using it */
    atomic_fetch_add(&h->switches, 1);
}

static void *watch(void *arg)
{
    serve_holder *h = arg;
    char link[4096];
    snprintf(link, sizeof link, "%s/latest", h->o.dir);
    dev_t bad_dev = 0;
    ino_t bad_ino = 0;
    pthread_mutex_lock(&h->lock);
    while (!h->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += h->o.poll_ms / 1000;
        until.tv_nsec += (long)(h->o.poll_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&h->wake, &h->lock, &until);
        if (h->stop) {
            break;
        }
        dev_t dev = h->cur->dev;
        ino_t ino = h->cur->ino;
        pthread_mutex_unlock(&h->lock);
        struct stat st;
        if (stat(link, &st) == 0 && (st.st_dev != dev || st.st_ino != ino) &&
            (st.st_dev != bad_dev || st.st_ino != bad_ino)) {
            serve_gen *g = NULL;
            pr_error err = PR_ERROR_INIT;
            if (gen_open(&g, &h->o, &err) == PR_OK) {
                swap_in(h, g);
                fprintf(stderr, "peoplerank: serve: now serving %s (as of %s, %llu persons)\n",
                        g->path, g->date, (unsigned long long)g->count);
            } else {
                char msg[1200];
                pr_error_format(msg, sizeof msg, &err);
                fprintf(stderr, "peoplerank: serve: new latest not served: %s\n", msg);
                atomic_fetch_add(&h->switch_errors, 1);
                bad_dev = st.st_dev; /* tried once; retried when latest changes again */
                bad_ino = st.st_ino;
            }
        }
        pthread_mutex_lock(&h->lock);
    }
    pthread_mutex_unlock(&h->lock);
    return NULL;
}

int serve_holder_start(serve_holder *h, const serve_holder_opts *o, pr_error *err)
{
    memset(h, 0, sizeof *h);
    h->o = *o;
    if (h->o.poll_ms == 0) {
        h->o.poll_ms = 1000;
    }
    pthread_mutex_init(&h->lock, NULL);
    pthread_cond_init(&h->wake, NULL);
    int rc = gen_open(&h->cur, &h->o, err);
    if (rc != PR_OK) {
        return rc;
    }
    if (pthread_create(&h->watcher, NULL, watch, h) != 0) {
        serve_gen_release(h->cur);
        h->cur = NULL;
        return pr_error_set(err, PR_EIO, o->dir, 0, "cannot start the watcher thread");
    }
    h->watching = 1;
    return PR_OK;
}

void serve_holder_stop(serve_holder *h)
{
    if (h->watching) {
        pthread_mutex_lock(&h->lock);
        h->stop = 1;
        pthread_cond_signal(&h->wake);
        pthread_mutex_unlock(&h->lock);
        pthread_join(h->watcher, NULL);
        h->watching = 0;
    }
    serve_gen_release(h->cur);
    h->cur = NULL;
    pthread_mutex_destroy(&h->lock);
    pthread_cond_destroy(&h->wake);
}
