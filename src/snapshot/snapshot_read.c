/* Reading a snapshot: open (superblock, directory and header checked before anything sized by
 * the file is allocated), lookup by name through the hashed index, access by position. */
#include "snapshot_read_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#define DEFAULT_CACHE_LIMIT ((size_t)2 << 30)

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

static const char *const column_names[] = {
    "unknown",     "name",           "rank",     "score",      "percentile",
    "accounts",    "network_scores", "engagers", "engagement", "influencers",
    "influencees", "deltas",         "explain"};

const char *pr_snapshot_column_name(int column)
{
    return (column >= 1 && column <= SNAP_COL_LAST) ? column_names[column] : column_names[0];
}

static int fail(pr_error *err, const pr_snapshot *s, int code, const char *what)
{
    return pr_error_set(err, code, s->path, 0, "%s", what);
}

/* ---- open: file, superblock, directory ---- */

static int open_file(pr_snapshot *s, uint64_t *size, pr_error *err)
{
    s->fd = open(s->path, O_RDONLY | O_CLOEXEC);
    if (s->fd < 0) {
        int e = errno;
        return pr_error_set(err, e == ENOENT ? PR_ENOTFOUND : PR_EIO, s->path, 0, "cannot open: %s",
                            strerror(e));
    }
    struct stat st;
    if (fstat(s->fd, &st) != 0) {
        return pr_error_set(err, PR_EIO, s->path, 0, "cannot stat: %s", strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) { /* a snapshot directory: read what its latest names */
        char *latest = pr_strfmt("%s/latest", s->path);
        if (latest == NULL) {
            return pr_error_set(err, PR_ENOMEM, s->path, 0, "out of memory");
        }
        if (access(latest, F_OK) != 0) {
            pr_free(latest);
            return fail(err, s, PR_EINVAL, "is a directory without a latest snapshot");
        }
        close(s->fd);
        s->fd = -1;
        pr_free(s->path);
        s->path = latest;
        return open_file(s, size, err);
    }
    if (!S_ISREG(st.st_mode)) {
        return fail(err, s, PR_EINVAL, "is not a regular file");
    }
    if (st.st_size == 0) {
        return fail(err, s, PR_EFORMAT, "empty file, not a snapshot");
    }
    /* Shared lock: `--keep` pruning skips snapshots someone is reading. Best effort. */
    (void)flock(s->fd, LOCK_SH | LOCK_NB);
    *size = (uint64_t)st.st_size;
    return PR_OK;
}

static int read_superblock(pr_snapshot *s, uint64_t size, pr_error *err)
{
    unsigned char buf[SNAP_SUPERBLOCK_SIZE];
    if (size < SNAP_SUPERBLOCK_SIZE) {
        if (size >= SNAP_MAGIC_LEN && pread(s->fd, buf, SNAP_MAGIC_LEN, 0) == SNAP_MAGIC_LEN &&
            memcmp(buf, SNAP_MAGIC, SNAP_MAGIC_LEN) == 0) {
            return fail(err, s, PR_EFORMAT, "truncated snapshot (shorter than its superblock)");
        }
        return fail(err, s, PR_EFORMAT, "not a peoplerank snapshot (too short)");
    }
    if (pread(s->fd, buf, sizeof buf, 0) != (ssize_t)sizeof buf) {
        return pr_error_set(err, PR_EIO, s->path, 0, "read failed: %s", strerror(errno));
    }
    const char *why = NULL;
    int rc = snap_superblock_unpack(&s->sb, buf, &why);
    if (rc != PR_OK) {
        return fail(err, s, rc, why);
    }
    const snap_superblock *sb = &s->sb;
    if (sb->file_size != size) {
        return pr_error_set(err, PR_EFORMAT, s->path, 0,
                            "truncated or extended: the superblock says %llu bytes, the file has "
                            "%llu",
                            (unsigned long long)sb->file_size, (unsigned long long)size);
    }
    if (sb->dir_offset < SNAP_SUPERBLOCK_SIZE || sb->dir_offset > size ||
        (size - sb->dir_offset) / SNAP_DIR_ENTRY_SIZE != sb->dir_entries ||
        (size - sb->dir_offset) % SNAP_DIR_ENTRY_SIZE != 0 || sb->dir_entries == 0 ||
        sb->records_per_block == 0 || sb->records_per_block > SNAP_MAX_RECORDS_PER_BLOCK ||
        sb->persons > SNAP_MAX_PERSONS) {
        return fail(err, s, PR_EFORMAT, "superblock sizes are inconsistent");
    }
    return PR_OK;
}

/* 1 when directory entry i lies inside the file and is the kind and size its place says. */
static int entry_ok(const pr_snapshot *s, const snap_dir_entry *e, uint32_t i)
{
    uint64_t b = s->sb.records_per_block, n = s->sb.persons;
    if (e->offset < SNAP_SUPERBLOCK_SIZE || e->csize == 0 || e->offset > s->sb.dir_offset ||
        e->csize > s->sb.dir_offset - e->offset || e->rsize > SNAP_MAX_BLOCK_RAW) {
        return 0;
    }
    if (i == 0) {
        return e->kind == SNAP_KIND_HEADER && e->items == 1 && e->rsize <= SNAP_MAX_HEADER_RAW;
    }
    if (i <= s->nrec) {
        uint64_t expect = (i < s->nrec) ? b : n - (uint64_t)(s->nrec - 1) * b;
        return e->kind == SNAP_KIND_RECORDS && e->items == expect;
    }
    return e->kind == SNAP_KIND_INDEX && e->rsize == 4 + 8 * (uint64_t)e->items;
}

static int read_directory(pr_snapshot *s, pr_error *err)
{
    size_t len = (size_t)s->sb.dir_entries * SNAP_DIR_ENTRY_SIZE;
    unsigned char *buf = pr_malloc(len);
    s->dir = pr_calloc(s->sb.dir_entries, sizeof *s->dir);
    if (buf == NULL || s->dir == NULL) {
        pr_free(buf);
        return fail(err, s, PR_ENOMEM, "out of memory reading the directory");
    }
    int rc = pread(s->fd, buf, len, (off_t)s->sb.dir_offset) == (ssize_t)len ? PR_OK : PR_EIO;
    if (rc != PR_OK) {
        fail(err, s, rc, "cannot read the directory");
    } else if (XXH64(buf, len, 0) != s->sb.dir_checksum) {
        rc = fail(err, s, PR_ECHECKSUM, "directory checksum mismatch: the file is corrupt");
    }
    for (uint32_t i = 0; rc == PR_OK && i < s->sb.dir_entries; i++) {
        snap_dir_entry_unpack(&s->dir[i], buf + (size_t)i * SNAP_DIR_ENTRY_SIZE);
    }
    pr_free(buf);
    return rc;
}

static int check_directory(pr_snapshot *s, pr_error *err)
{
    uint64_t b = s->sb.records_per_block, n = s->sb.persons;
    uint64_t nrec = (n + b - 1) / b;
    if (nrec + 1 > s->sb.dir_entries) {
        return fail(err, s, PR_EFORMAT, "directory too short for the persons it claims");
    }
    s->nrec = (uint32_t)nrec;
    s->nidx = s->sb.dir_entries - 1 - s->nrec;
    if ((n > 0) != (s->nidx > 0) || s->nidx > n) {
        return fail(err, s, PR_EFORMAT, "name index size does not match the persons");
    }
    uint64_t indexed = 0;
    for (uint32_t i = 0; i < s->sb.dir_entries; i++) {
        if (!entry_ok(s, &s->dir[i], i)) {
            return pr_error_set(err, PR_EFORMAT, s->path, 0, "bad directory entry %u", i);
        }
        indexed += i > s->nrec ? s->dir[i].items : 0;
    }
    if (indexed != n) {
        return fail(err, s, PR_EFORMAT, "name index does not cover every person");
    }
    return PR_OK;
}

/* ---- header ---- */

static double jdouble(json_object *o, const char *key)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(o, key, &v) || v == NULL) {
        return NAN;
    }
    return json_object_get_double(v);
}

static int64_t jint(json_object *o, const char *key)
{
    json_object *v = NULL;
    return json_object_object_get_ex(o, key, &v) ? json_object_get_int64(v) : 0;
}

static const char *jstr(json_object *o, const char *key)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string)) {
        return NULL;
    }
    return json_object_get_string(v);
}

/* PR_OK, or PR_EFORMAT for a networks list that is not one of valid names. */
static int read_networks(pr_snapshot *s, json_object *o)
{
    json_object *a = NULL;
    if (!json_object_object_get_ex(o, "networks", &a) || a == NULL) {
        return PR_OK;
    }
    if (!json_object_is_type(a, json_type_array) ||
        json_object_array_length(a) > SNAP_MAX_NETWORKS) {
        return PR_EFORMAT;
    }
    s->nnet = (uint32_t)json_object_array_length(a);
    for (uint32_t k = 0; k < s->nnet; k++) {
        const char *name = json_object_get_string(json_object_array_get_idx(a, k));
        if (name == NULL || !snap_network_name_ok(name)) {
            return PR_EFORMAT;
        }
        strcpy(s->networks[k], name);
    }
    return PR_OK;
}

static int read_header_extras(pr_snapshot *s, json_object *o)
{
    json_object *d = NULL, *c = NULL;
    if (json_object_object_get_ex(o, "deltas", &d) && json_object_is_type(d, json_type_object)) {
        for (int j = 0; j < PR_SNAPSHOT_DELTAS; j++) {
            const char *src = jstr(d, pr_snapshot_delta_name(j));
            if (src != NULL && (s->delta_source[j] = pr_strdup(src)) == NULL) {
                return PR_ENOMEM;
            }
        }
    }
    if (json_object_object_get_ex(o, "columns", &c) && json_object_is_type(c, json_type_array)) {
        for (size_t k = 0; k < json_object_array_length(c); k++) {
            const char *name = json_object_get_string(json_object_array_get_idx(c, k));
            for (int id = 1; name != NULL && id <= SNAP_COL_LAST; id++) {
                s->columns |= strcmp(name, column_names[id]) == 0 ? 1u << id : 0;
            }
        }
    }
    const char *extra = jstr(o, "extra_json");
    if (extra != NULL && (s->extra_json = pr_strdup(extra)) == NULL) {
        return PR_ENOMEM;
    }
    s->meta.extra_json = s->extra_json;
    return read_networks(s, o);
}

static void read_meta(pr_snapshot *s, json_object *o)
{
    pr_snapshot_meta *m = &s->meta;
    m->as_of = jint(o, "as_of");
    m->created = jint(o, "created");
    const char *alg = jstr(o, "algorithm");
    snprintf(m->algorithm, sizeof m->algorithm, "%s", alg ? alg : "");
    json_object *rules = NULL;
    m->engagement_rules = !json_object_object_get_ex(o, "engagement_rules", &rules) ||
                                  !json_object_is_type(rules, json_type_boolean)
                              ? PR_RULES_UNKNOWN
                          : json_object_get_boolean(rules) ? PR_RULES_ON
                                                           : PR_RULES_OFF;
    m->damping = jdouble(o, "damping");
    m->tolerance = jdouble(o, "tolerance");
    m->max_iterations = (uint32_t)jint(o, "max_iterations");
    m->iterations = (uint32_t)jint(o, "iterations");
    m->final_change = jdouble(o, "final_change");
    m->scale_slope = jdouble(o, "scale_slope");
    m->scale_offset = jdouble(o, "scale_offset");
    m->persons = (uint64_t)jint(o, "persons");
    m->edges = (uint64_t)jint(o, "edges");
}

static int read_header(pr_snapshot *s, pr_error *err)
{
    unsigned char *raw = NULL;
    int rc = snap_load_raw(&raw, s, 0, err);
    if (rc != PR_OK) {
        return rc;
    }
    s->header_text = (char *)raw;
    json_tokener *tok = json_tokener_new();
    json_object *o = tok ? json_tokener_parse_ex(tok, s->header_text, (int)s->dir[0].rsize) : NULL;
    const char *format = o ? jstr(o, "format") : NULL;
    if (tok == NULL) {
        rc = fail(err, s, PR_ENOMEM, "out of memory parsing the header");
    } else if (!json_object_is_type(o, json_type_object) || format == NULL ||
               strcmp(format, "peoplerank-snapshot") != 0) {
        rc = fail(err, s, PR_EFORMAT, "header is not a peoplerank snapshot header");
    } else {
        read_meta(s, o);
        rc = read_header_extras(s, o);
        if (rc != PR_OK) {
            fail(err, s, rc, rc == PR_ENOMEM ? "out of memory" : "bad network list in header");
        } else if (s->meta.persons != s->sb.persons) {
            rc = fail(err, s, PR_EFORMAT, "header and superblock disagree on the persons");
        }
    }
    json_object_put(o);
    json_tokener_free(tok);
    return rc;
}

int pr_snapshot_open(pr_snapshot **out, const char *path, pr_error *err)
{
    *out = NULL;
    pr_snapshot *s = pr_calloc(1, sizeof *s);
    if (s == NULL || (s->path = pr_strdup(path)) == NULL) {
        pr_free(s);
        return pr_error_set(err, PR_ENOMEM, path, 0, "out of memory opening the snapshot");
    }
    s->fd = -1;
    s->cache_cap = DEFAULT_CACHE_LIMIT;
    uint64_t size = 0;
    int rc;
    if ((rc = open_file(s, &size, err)) != PR_OK || (rc = read_superblock(s, size, err)) != PR_OK ||
        (rc = read_directory(s, err)) != PR_OK || (rc = check_directory(s, err)) != PR_OK) {
        goto failed;
    }
    s->dctx = ZSTD_createDCtx();
    s->rec = pr_calloc(s->nrec ? s->nrec : 1, sizeof *s->rec);
    s->idx = pr_calloc(s->nidx ? s->nidx : 1, sizeof *s->idx);
    if (s->dctx == NULL || s->rec == NULL || s->idx == NULL) {
        rc = fail(err, s, PR_ENOMEM, "out of memory opening the snapshot");
        goto failed;
    }
    if ((rc = read_header(s, err)) != PR_OK) {
        goto failed;
    }
    *out = s;
    return PR_OK;
failed:
    pr_snapshot_close(s);
    return rc;
}

/* ---- cache ---- */

static void cache_clear(pr_snapshot *s)
{
    for (uint32_t i = 0; i < s->nrec; i++) {
        snap_rec_free(s->rec[i]);
        s->rec[i] = NULL;
    }
    for (uint32_t i = 0; i < s->nidx; i++) {
        snap_idx_free(s->idx[i]);
        s->idx[i] = NULL;
    }
    s->cache_bytes = 0;
}

static void cache_trim(pr_snapshot *s)
{
    if (s->cache_bytes > s->cache_cap) {
        cache_clear(s);
    }
}

static int get_rec(rec_block **out, pr_snapshot *s, uint32_t b, pr_error *err)
{
    if (s->rec[b] == NULL) {
        int rc = snap_decode_rec(&s->rec[b], s, b, err);
        if (rc != PR_OK) {
            return rc;
        }
        s->cache_bytes += s->rec[b]->bytes;
    }
    *out = s->rec[b];
    return PR_OK;
}

static int get_idx(idx_block **out, pr_snapshot *s, uint32_t b, pr_error *err)
{
    if (s->idx[b] == NULL) {
        int rc = snap_decode_idx(&s->idx[b], s, b, err);
        if (rc != PR_OK) {
            return rc;
        }
        s->cache_bytes += s->idx[b]->bytes;
    }
    *out = s->idx[b];
    return PR_OK;
}

/* ---- records ---- */

static void fill(pr_snapshot_record *out, pr_snapshot *s, rec_block *r, uint64_t pos)
{
    uint32_t i = (uint32_t)(pos % s->sb.records_per_block);
    if (r->ext_lazy && !r->ext_built) {
        snap_rec_build_ext(r);
    }
    const rec_row *w = &r->row[i];
    out->position = pos + 1;
    out->name = (const char *)r->raw + w->name_off;
    out->rank = w->rank;
    out->score = snap_score_decode(w->score);
    out->percentile = w->pct;
    out->accounts = r->has_accounts ? (const char *)r->raw + w->acct_off : "";
    out->explain = r->has_explain ? (const char *)r->raw + w->expl_off : "";
    out->network_score = s->net_buf;
    for (uint32_t k = 0; k < s->nnet; k++) {
        uint16_t v = r->net ? r->net[(size_t)i * s->nnet + k] : 0;
        s->net_buf[k] = v ? snap_score_decode(v) : NAN;
    }
    out->engagers = w->engagers;
    out->engagement = w->engagement;
    for (uint32_t j = 0; j < PR_SNAPSHOT_TOP_K; j++) {
        out->influencers[j] = w->infl[j];
        out->influencees[j] = w->infe[j];
    }
    for (uint32_t j = 0; j < PR_SNAPSHOT_DELTAS; j++) {
        out->delta[j] = w->delta[j] == SNAP_DELTA_NONE ? NAN : (double)w->delta[j] / 100.0;
    }
}

int pr_snapshot_at(pr_snapshot_record *out, pr_snapshot *s, uint64_t position, pr_error *err)
{
    if (position == 0 || position > s->sb.persons) {
        return pr_error_set(err, PR_EINVAL, s->path, 0, "position %llu is outside 1..%llu",
                            (unsigned long long)position, (unsigned long long)s->sb.persons);
    }
    cache_trim(s);
    uint64_t pos = position - 1;
    rec_block *r = NULL;
    int rc = get_rec(&r, s, (uint32_t)(pos / s->sb.records_per_block), err);
    if (rc == PR_OK) {
        fill(out, s, r, pos);
    }
    return rc;
}

int snap_names_at(const char **names, pr_snapshot *s, const uint64_t *pos, size_t n, pr_error *err)
{
    rec_block *blk[SNAP_NAMES_AT_MAX];
    if (n > SNAP_NAMES_AT_MAX) {
        return pr_error_set(err, PR_EINVAL, s->path, 0, "too many names at once");
    }
    /* Stage 1: every row (a cache miss each), stage 2: every name; the misses overlap. */
    for (size_t j = 0; j < n; j++) {
        names[j] = NULL;
        blk[j] = NULL;
        if (pos[j] == 0) {
            continue;
        }
        if (pos[j] > s->sb.persons) {
            return pr_error_set(err, PR_EINVAL, s->path, 0, "position %llu is outside 1..%llu",
                                (unsigned long long)pos[j], (unsigned long long)s->sb.persons);
        }
        int rc = get_rec(&blk[j], s, (uint32_t)((pos[j] - 1) / s->sb.records_per_block), err);
        if (rc != PR_OK) {
            return rc;
        }
        PREFETCH(&blk[j]->row[(pos[j] - 1) % s->sb.records_per_block]);
    }
    for (size_t j = 0; j < n; j++) {
        if (blk[j] != NULL) {
            names[j] = (const char *)blk[j]->raw +
                       blk[j]->row[(pos[j] - 1) % s->sb.records_per_block].name_off;
            PREFETCH(names[j]);
        }
    }
    return PR_OK;
}

/* First index with a[i] >= key. Fingerprints are uniform in [0, 2^20), so the entry sits near
 * key * n / 2^20: start there and walk (a few dozen entries, one or two cache lines) instead of
 * binary-searching (a dozen scattered reads). */
static uint32_t lower_bound(const uint32_t *a, uint32_t n, uint32_t key)
{
    uint32_t i = (uint32_t)(((uint64_t)key * n) >> 20);
    i = i < n ? i : n;
    while (i > 0 && a[i - 1] >= key) {
        i--;
    }
    while (i < n && a[i] < key) {
        i++;
    }
    return i;
}

int pr_snapshot_lookup(pr_snapshot_record *out, pr_snapshot *s, const char *name, pr_error *err)
{
    if (s->nidx == 0) {
        return pr_error_set(err, PR_ENOTFOUND, s->path, 0, "no person named '%s'", name);
    }
    cache_trim(s);
    uint64_t h = snap_name_hash(name, strlen(name));
    uint32_t fp = snap_hash_fingerprint(h);
    idx_block *x = NULL;
    int rc = get_idx(&x, s, snap_hash_bucket(h, s->nidx), err);
    for (uint32_t i = rc ? 0 : lower_bound(x->fp, x->count, fp);
         rc == PR_OK && i < x->count && x->fp[i] == fp; i++) {
        uint64_t pos = x->pos[i];
        rec_block *r = NULL;
        rc = get_rec(&r, s, (uint32_t)(pos / s->sb.records_per_block), err);
        uint32_t slot = (uint32_t)(pos % s->sb.records_per_block);
        if (rc == PR_OK && strcmp((const char *)r->raw + r->row[slot].name_off, name) == 0) {
            fill(out, s, r, pos);
            return PR_OK;
        }
    }
    return rc ? rc : pr_error_set(err, PR_ENOTFOUND, s->path, 0, "no person named '%s'", name);
}

/* ---- batches ---- */

#define BATCH 32

typedef struct probe {
    const char *name;
    uint64_t h;
    idx_block *x;
    uint32_t i; /* first candidate entry in x */
} probe;

/* One group of at most BATCH names in stages, each stage prefetching what the next one reads,
 * so that the cache misses of different names overlap instead of queueing. */
static int find_group(uint64_t *pos, pr_snapshot *s, const char *const *names, size_t k,
                      pr_error *err)
{
    probe pr[BATCH];
    int rc = PR_OK;
    for (size_t j = 0; rc == PR_OK && j < k; j++) {
        pr[j].name = names[j];
        pr[j].h = snap_name_hash(names[j], strlen(names[j]));
        rc = get_idx(&pr[j].x, s, snap_hash_bucket(pr[j].h, s->nidx), err);
        if (rc == PR_OK) {
            uint32_t fp = snap_hash_fingerprint(pr[j].h), n = pr[j].x->count;
            pr[j].i = (uint32_t)(((uint64_t)fp * n) >> 20);
            PREFETCH(&pr[j].x->fp[pr[j].i < n ? pr[j].i : 0]);
        }
    }
    for (size_t j = 0; rc == PR_OK && j < k; j++) {
        idx_block *x = pr[j].x;
        pr[j].i = lower_bound(x->fp, x->count, snap_hash_fingerprint(pr[j].h));
        if (pr[j].i < x->count) {
            uint64_t p = x->pos[pr[j].i];
            rec_block *r = NULL;
            rc = get_rec(&r, s, (uint32_t)(p / s->sb.records_per_block), err);
            if (rc == PR_OK) {
                PREFETCH(&r->row[p % s->sb.records_per_block]);
            }
        }
    }
    for (size_t j = 0; rc == PR_OK && j < k; j++) {
        pos[j] = 0;
        uint32_t fp = snap_hash_fingerprint(pr[j].h);
        for (uint32_t i = pr[j].i; rc == PR_OK && i < pr[j].x->count && pr[j].x->fp[i] == fp; i++) {
            uint64_t p = pr[j].x->pos[i];
            rec_block *r = NULL;
            rc = get_rec(&r, s, (uint32_t)(p / s->sb.records_per_block), err);
            const rec_row *w = rc == PR_OK ? &r->row[p % s->sb.records_per_block] : NULL;
            if (w != NULL && strcmp((const char *)r->raw + w->name_off, pr[j].name) == 0) {
                pos[j] = p + 1;
                break;
            }
        }
    }
    return rc;
}

int pr_snapshot_find_many(uint64_t *positions, pr_snapshot *s, const char *const *names,
                          size_t count, pr_error *err)
{
    if (s->nidx == 0) {
        memset(positions, 0, count * sizeof *positions);
        return PR_OK;
    }
    cache_trim(s);
    for (size_t a = 0; a < count; a += BATCH) {
        size_t k = count - a < BATCH ? count - a : BATCH;
        int rc = find_group(positions + a, s, names + a, k, err);
        if (rc != PR_OK) {
            return rc;
        }
    }
    return PR_OK;
}

/* ---- accessors ---- */

const pr_snapshot_meta *pr_snapshot_get_meta(const pr_snapshot *s)
{
    return &s->meta;
}

uint64_t pr_snapshot_count(const pr_snapshot *s)
{
    return s->sb.persons;
}

int pr_snapshot_has_column(const pr_snapshot *s, int column)
{
    return column >= 1 && column <= SNAP_COL_LAST && (s->columns >> column) & 1u;
}

const char *pr_snapshot_header_json(const pr_snapshot *s)
{
    return s->header_text;
}

uint32_t pr_snapshot_network_count(const pr_snapshot *s)
{
    return s->nnet;
}

const char *pr_snapshot_network_name(const pr_snapshot *s, uint32_t k)
{
    return k < s->nnet ? s->networks[k] : NULL;
}

const char *pr_snapshot_delta_source(const pr_snapshot *s, int which)
{
    return (which >= 0 && which < PR_SNAPSHOT_DELTAS) ? s->delta_source[which] : NULL;
}

void pr_snapshot_set_cache_limit(pr_snapshot *s, size_t bytes)
{
    s->cache_cap = bytes;
}

void pr_snapshot_get_sizes(pr_snapshot_sizes *out, const pr_snapshot *s)
{
    memset(out, 0, sizeof *out);
    out->file = s->sb.file_size;
    out->directory = (uint64_t)s->sb.dir_entries * SNAP_DIR_ENTRY_SIZE + SNAP_SUPERBLOCK_SIZE;
    out->header = s->dir[0].csize;
    for (uint32_t i = 1; i < s->sb.dir_entries; i++) {
        int rec = i <= s->nrec;
        *(rec ? &out->records : &out->index) += s->dir[i].csize;
        *(rec ? &out->records_raw : &out->index_raw) += s->dir[i].rsize;
    }
    out->record_blocks = s->nrec;
    out->index_blocks = s->nidx;
    out->records_per_block = s->sb.records_per_block;
}

void pr_snapshot_close(pr_snapshot *s)
{
    if (s == NULL) {
        return;
    }
    if (s->rec != NULL && s->idx != NULL) {
        cache_clear(s);
    }
    pr_free(s->rec);
    pr_free(s->idx);
    if (s->fd >= 0) {
        close(s->fd);
    }
    ZSTD_freeDCtx(s->dctx);
    pr_free(s->dir);
    pr_free(s->cbuf);
    pr_free(s->header_text);
    pr_free(s->extra_json);
    for (int j = 0; j < PR_SNAPSHOT_DELTAS; j++) {
        pr_free(s->delta_source[j]);
    }
    pr_free(s->path);
    pr_free(s);
}
