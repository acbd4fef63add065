/* Sharded ingest: a shard (what one process read of the inputs) packed into one buffer, and
 * packed shards appended in input order into one ingest. Appending interns each shard's accounts
 * in its own order of first appearance, so that account ids, and every event and edge behind
 * them, come out as if one process had read every input in order. */
#include "ingest_internal.h"

#include <string.h>

#define SHARD_MAGIC UINT64_C(0x3164726168735250) /* "PRshard1" */

/* The counts of pr_ingest_summary a reader changes (the others are set by pr_ingest_finish). */
enum { C_FILES, C_LINES, C_EVENTS_READ, C_SELF, C_SKIPPED, C_IGNORED, C_TIMED, C_BYTES, C_COUNT };

typedef struct packer {
    char *buf;
    uint64_t len, cap;
    int rc;
} packer;

static void put(packer *p, const void *data, uint64_t len)
{
    if (p->rc != PR_OK || len == 0) {
        return;
    }
    if (p->len + len > p->cap) {
        uint64_t cap = p->cap ? p->cap : 4096;
        while (cap < p->len + len) {
            cap *= 2;
        }
        char *b = pr_realloc(p->buf, cap);
        if (b == NULL) {
            p->rc = PR_ENOMEM;
            return;
        }
        p->buf = b, p->cap = cap;
    }
    memcpy(p->buf + p->len, data, len);
    p->len += len;
}

static void put_u64(packer *p, uint64_t v)
{
    put(p, &v, sizeof v);
}

static void put_str(packer *p, const char *s)
{
    put(p, s, strlen(s) + 1);
}

int pr_ingest_pack(const pr_ingest *ig, char **buf, uint64_t *len)
{
    packer p = {NULL, 0, 0, PR_OK};
    const pr_ingest_summary *s = &ig->sum;
    uint64_t counts[C_COUNT] = {[C_FILES] = s->files,
                                [C_LINES] = s->lines,
                                [C_EVENTS_READ] = s->events_read,
                                [C_SELF] = s->self_interactions,
                                [C_SKIPPED] = s->skipped_lines,
                                [C_IGNORED] = s->ignored_records,
                                [C_TIMED] = ig->timed_events,
                                [C_BYTES] = ig->bytes_before};
    put_u64(&p, SHARD_MAGIC);
    put(&p, counts, sizeof counts);
    put(&p, s->skipped, sizeof s->skipped);
    put(&p, &s->newest, sizeof s->newest);
    put(&p, &s->oldest, sizeof s->oldest);
    put_u64(&p, ig->n_files);
    for (size_t i = 0; i < ig->n_files; i++) {
        put_str(&p, ig->file_names[i]);
    }
    put_u64(&p, ig->names.count);
    put_u64(&p, ig->names.len);
    put(&p, ig->names.data, ig->names.len); /* NUL-terminated names in id order */
    const pr_event_store *e = &ig->events;
    put_u64(&p, e->count);
    put(&p, e->src, e->count * sizeof *e->src);
    put(&p, e->dst, e->count * sizeof *e->dst);
    put(&p, e->ts, e->count * sizeof *e->ts);
    put(&p, e->meta, e->count * sizeof *e->meta);
    const pr_timeless_store *t = &ig->timeless;
    put_u64(&p, t->count);
    put_u64(&p, t->w != NULL); /* no weights: every one is 1 (ingest_edges.c) */
    put(&p, t->src, t->count * sizeof *t->src);
    put(&p, t->dst, t->count * sizeof *t->dst);
    put(&p, t->w, t->w ? t->count * sizeof *t->w : 0);
    put_u64(&p, ig->n_messages);
    for (size_t i = 0; i < ig->n_messages; i++) {
        put_str(&p, ig->messages[i]);
    }
    put_u64(&p, ig->days.count);
    put_u64(&p, ig->days.untracked);
    for (uint64_t i = 0; i < ig->days.cap; i++) {
        if (ig->days.slot[i].events > 0) {
            put(&p, &ig->days.slot[i], sizeof ig->days.slot[i]);
        }
    }
    if (p.rc != PR_OK) {
        pr_free(p.buf);
        return p.rc;
    }
    *buf = p.buf;
    *len = p.len;
    return PR_OK;
}

/* ---- reading a packed shard: every read is checked against the buffer's end ---- */

typedef struct unpacker {
    const char *at, *end;
    int bad;
} unpacker;

static const void *take(unpacker *u, uint64_t len)
{
    if (u->bad || (uint64_t)(u->end - u->at) < len) {
        u->bad = 1;
        return NULL;
    }
    const void *p = u->at;
    u->at += len;
    return p;
}

static uint64_t take_u64(unpacker *u)
{
    uint64_t v = 0;
    const void *p = take(u, sizeof v);
    if (p != NULL) {
        memcpy(&v, p, sizeof v);
    }
    return v;
}

/* A NUL-terminated string inside the buffer; NULL when there is none. */
static const char *take_str(unpacker *u)
{
    const char *nul = u->bad ? NULL : memchr(u->at, '\0', (size_t)(u->end - u->at));
    return nul ? take(u, (uint64_t)(nul - u->at) + 1) : (u->bad = 1, NULL);
}

/* A count of items of `size` bytes that the rest of the buffer can hold. */
static uint64_t take_count(unpacker *u, uint64_t size)
{
    uint64_t n = take_u64(u);
    if (!u->bad && n > (uint64_t)(u->end - u->at) / size) {
        u->bad = 1;
    }
    return u->bad ? 0 : n;
}

/* Interns the shard's accounts in its order; map[local id] = id in ig; *count: the shard's. */
static int append_names(uint32_t **map, uint64_t *count_out, pr_ingest *ig, unpacker *u)
{
    uint64_t count = take_count(u, 1), bytes = take_u64(u);
    *count_out = count;
    const char *data = take(u, bytes);
    if (u->bad || (bytes > 0 && data[bytes - 1] != '\0')) {
        return PR_EFORMAT;
    }
    *map = pr_mallocarray(count ? count : 1, sizeof **map);
    if (*map == NULL) {
        return PR_ENOMEM;
    }
    const char *s = data, *end = data + bytes;
    for (uint64_t i = 0; i < count; i++) {
        if (s >= end) {
            return PR_EFORMAT;
        }
        size_t len = strlen(s);
        int rc = pr_ingest__names_intern(&(*map)[i], &ig->names, s, len);
        if (rc != PR_OK) {
            return rc;
        }
        s += len + 1;
    }
    return s == end ? PR_OK : PR_EFORMAT;
}

static int map_ids(uint32_t *out, const void *in, uint64_t n, const uint32_t *map, uint64_t names)
{
    for (uint64_t i = 0; i < n; i++) {
        uint32_t v;
        memcpy(&v, (const char *)in + i * sizeof v, sizeof v);
        if (v >= names) {
            return PR_EFORMAT;
        }
        out[i] = map[v];
    }
    return PR_OK;
}

static int append_events(pr_ingest *ig, unpacker *u, const uint32_t *map, uint64_t names)
{
    const uint64_t rec = 2 * sizeof(uint32_t) + sizeof(int64_t) + sizeof(uint32_t);
    uint64_t n = take_count(u, rec);
    const void *src = take(u, n * 4), *dst = take(u, n * 4), *ts = take(u, n * 8);
    const void *meta = take(u, n * 4);
    if (u->bad) {
        return PR_EFORMAT;
    }
    pr_event_store *e = &ig->events;
    uint64_t total = e->count + n;
    if (total > e->cap && (pr_resize(&e->src, total, sizeof *e->src) != PR_OK ||
                           pr_resize(&e->dst, total, sizeof *e->dst) != PR_OK ||
                           pr_resize(&e->ts, total, sizeof *e->ts) != PR_OK ||
                           pr_resize(&e->meta, total, sizeof *e->meta) != PR_OK)) {
        return PR_ENOMEM;
    }
    e->cap = total > e->cap ? total : e->cap;
    int rc;
    if ((rc = map_ids(e->src + e->count, src, n, map, names)) != PR_OK ||
        (rc = map_ids(e->dst + e->count, dst, n, map, names)) != PR_OK) {
        return rc;
    }
    if (n > 0) {
        memcpy(e->ts + e->count, ts, n * sizeof *e->ts);
        memcpy(e->meta + e->count, meta, n * sizeof *e->meta);
        e->count = total;
    }
    return PR_OK;
}

static int append_timeless(pr_ingest *ig, unpacker *u, const uint32_t *map, uint64_t names)
{
    uint64_t n = take_count(u, 8), weighted = take_u64(u);
    const void *src = take(u, n * 4), *dst = take(u, n * 4), *w = take(u, weighted ? n * 4 : 0);
    if (u->bad || weighted > 1) {
        return PR_EFORMAT;
    }
    pr_timeless_store *t = &ig->timeless;
    uint64_t total = t->count + n, cap = total > t->cap ? total : t->cap;
    int had_weights = t->w != NULL;
    if (pr_resize(&t->src, cap ? cap : 1, sizeof *t->src) != PR_OK ||
        pr_resize(&t->dst, cap ? cap : 1, sizeof *t->dst) != PR_OK ||
        ((t->w != NULL || weighted) && pr_resize(&t->w, cap ? cap : 1, sizeof *t->w) != PR_OK)) {
        return PR_ENOMEM;
    }
    t->cap = cap;
    int rc;
    if ((rc = map_ids(t->src + t->count, src, n, map, names)) != PR_OK ||
        (rc = map_ids(t->dst + t->count, dst, n, map, names)) != PR_OK) {
        return rc;
    }
    /* Weights appear with the first shard that has one not 1: the edges before weigh 1. */
    for (uint64_t i = 0; t->w != NULL && !had_weights && i < t->count; i++) {
        t->w[i] = 1.0f;
    }
    for (uint64_t i = t->count; t->w != NULL && i < total; i++) {
        float v = 1.0f;
        if (weighted) {
            memcpy(&v, (const char *)w + (i - t->count) * sizeof v, sizeof v); /* unaligned */
        }
        t->w[i] = v;
    }
    t->count = total;
    return PR_OK;
}

/* The input names: the first shard gives them, the others must name the same inputs. */
static int append_files(pr_ingest *ig, unpacker *u)
{
    uint64_t n = take_count(u, 1);
    int first = ig->n_files == 0;
    if (!first && n != ig->n_files) {
        return PR_EFORMAT;
    }
    for (uint64_t i = 0; i < n; i++) {
        const char *name = take_str(u);
        if (name == NULL) {
            return PR_EFORMAT;
        }
        if (first) {
            int rc = pr_ingest_skip_input(ig, name);
            if (rc != PR_OK) {
                return rc;
            }
        } else if (strcmp(name, ig->file_names[i]) != 0) {
            return PR_EFORMAT;
        }
    }
    return PR_OK;
}

static int append_messages(pr_ingest *ig, unpacker *u)
{
    uint64_t n = take_count(u, 1);
    for (uint64_t i = 0; i < n; i++) {
        const char *m = take_str(u);
        if (m == NULL) {
            return PR_EFORMAT;
        }
        if (ig->n_messages < PR_MAX_KEPT_MESSAGES) {
            if ((ig->messages[ig->n_messages] = pr_strdup(m)) == NULL) {
                return PR_ENOMEM;
            }
            ig->n_messages++;
        }
    }
    return PR_OK;
}

static int append_days(pr_ingest *ig, unpacker *u)
{
    uint64_t n = take_count(u, sizeof(pr_day_count)), untracked = take_u64(u);
    ig->days.untracked += untracked;
    for (uint64_t i = 0; i < n; i++) {
        pr_day_count d;
        const void *p = take(u, sizeof d);
        if (p == NULL) {
            return PR_EFORMAT;
        }
        memcpy(&d, p, sizeof d);
        int rc = d.events > 0 ? pr_ingest__days_merge(&ig->days, &d) : PR_EFORMAT;
        if (rc != PR_OK) {
            return u->bad ? PR_EFORMAT : rc;
        }
    }
    return u->bad ? PR_EFORMAT : PR_OK;
}

/* Adds the shard's summary counts to ig's. */
static void append_counts(pr_ingest *ig, const uint64_t *c, const uint64_t *skipped, int64_t newest,
                          int64_t oldest)
{
    pr_ingest_summary *s = &ig->sum;
    if (c[C_TIMED] > 0) {
        s->newest = ig->timed_events == 0 || newest > s->newest ? newest : s->newest;
        s->oldest = ig->timed_events == 0 || oldest < s->oldest ? oldest : s->oldest;
    }
    s->lines += c[C_LINES];
    s->events_read += c[C_EVENTS_READ];
    s->self_interactions += c[C_SELF];
    s->skipped_lines += c[C_SKIPPED];
    s->ignored_records += c[C_IGNORED];
    ig->timed_events += c[C_TIMED];
    ig->bytes_before += c[C_BYTES];
    for (int r = 0; r < PR_SKIP_REASON_COUNT; r++) {
        s->skipped[r] += skipped[r];
    }
}

int pr_ingest_append_packed(pr_ingest *ig, const char *buf, uint64_t len, pr_error *err)
{
    unpacker u = {buf, buf + len, 0};
    uint64_t counts[C_COUNT], skipped[PR_SKIP_REASON_COUNT], names = 0;
    int64_t newest = 0, oldest = 0;
    uint32_t *map = NULL;
    int rc = PR_EFORMAT;
    uint64_t magic = take_u64(&u);
    const void *c = take(&u, sizeof counts), *sk = take(&u, sizeof skipped);
    const void *nw = take(&u, sizeof newest), *ol = take(&u, sizeof oldest);
    if (magic != SHARD_MAGIC || u.bad) {
        goto done;
    }
    memcpy(counts, c, sizeof counts), memcpy(skipped, sk, sizeof skipped);
    memcpy(&newest, nw, sizeof newest), memcpy(&oldest, ol, sizeof oldest);
    if ((rc = append_files(ig, &u)) != PR_OK ||
        (rc = append_names(&map, &names, ig, &u)) != PR_OK ||
        (rc = append_events(ig, &u, map, names)) != PR_OK ||
        (rc = append_timeless(ig, &u, map, names)) != PR_OK ||
        (rc = append_messages(ig, &u)) != PR_OK || (rc = append_days(ig, &u)) != PR_OK) {
        goto done;
    }
    if (u.at != u.end) {
        rc = PR_EFORMAT;
        goto done;
    }
    append_counts(ig, counts, skipped, newest, oldest);
    ig->sum.files = ig->n_files; /* every shard counts every input once */
done:
    pr_free(map);
    if (rc != PR_OK) {
        return pr_error_set(err, rc, NULL, 0, "merging what the processes read: %s",
                            rc == PR_EFORMAT ? "a damaged shard" : pr_strerror(rc));
    }
    return PR_OK;
}
