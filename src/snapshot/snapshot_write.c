/* Writing a snapshot: sort by rank, cut into zstd blocks, build the name index, write the file
 * atomically (temp file in the target directory, fsync, rename, fsync the directory).
 * Layout: docs/snapshot-format.md. */
#include "snapshot_internal.h"
#include "peoplerank/threads.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>
#include <zstd.h>

typedef struct sort_item {
    uint16_t score; /* as stored, so that the order matches what readers and verify see */
    double rank;
    const char *name;
    uint32_t idx;
} sort_item;

/* What building and compressing one block needs; record blocks are built by every thread at
 * once, each with its own. */
typedef struct block_buf {
    ZSTD_CCtx *cctx;
    unsigned char *raw, *comp, *scratch;
    size_t raw_cap, comp_cap, scratch_cap;
    uint64_t group_start, group_end; /* the current tie group (percentile encoding) */
    size_t rsize, csize;             /* the block built last */
} block_buf;

typedef struct writer {
    const pr_snapshot_meta *meta;
    const pr_snapshot_columns *cols;
    const pr_snapshot_ext *ext; /* never NULL inside the writer */
    uint64_t n;
    uint32_t *order; /* position -> input index */
    uint32_t *posof; /* input index -> position (only with influencer columns) */
    int fd;
    uint64_t off;
    snap_dir_entry *dir;
    uint32_t ndir;
    block_buf bb; /* the index blocks and the directory */
    const char *tmp_path;
    pr_error *err;
} writer;

static int grow(unsigned char **buf, size_t *cap, size_t need)
{
    if (*cap >= need) {
        return PR_OK;
    }
    unsigned char *p = pr_realloc(*buf, need);
    if (p == NULL) {
        return PR_ENOMEM;
    }
    *buf = p;
    *cap = need;
    return PR_OK;
}

static int write_all(writer *w, const void *buf, size_t len)
{
    const unsigned char *p = buf;
    while (len > 0) {
        ssize_t k = write(w->fd, p, len);
        if (k < 0 && errno == EINTR) {
            continue;
        }
        if (k <= 0) {
            return pr_error_set(w->err, PR_EIO, w->tmp_path, 0, "write failed: %s",
                                strerror(k < 0 ? errno : EIO));
        }
        p += k;
        len -= (size_t)k;
        w->off += (uint64_t)k;
    }
    return PR_OK;
}

/* Compresses bb->raw[0..rsize) into bb->comp (any thread: errors go to err, the thread's). */
static int compress_block(const writer *w, block_buf *bb, uint32_t items, size_t rsize,
                          pr_error *err)
{
    if (rsize > SNAP_MAX_BLOCK_RAW) {
        return pr_error_set(err, PR_ELIMIT, w->tmp_path, 0,
                            "a block of %u records needs %zu bytes (limit %u): names too long?",
                            items, rsize, SNAP_MAX_BLOCK_RAW);
    }
    size_t bound = ZSTD_compressBound(rsize);
    if ((bb->cctx == NULL && (bb->cctx = ZSTD_createCCtx()) == NULL) ||
        grow(&bb->comp, &bb->comp_cap, bound) != PR_OK) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory compressing a block");
    }
    size_t csize = ZSTD_compressCCtx(bb->cctx, bb->comp, bound, bb->raw, rsize, SNAP_ZSTD_LEVEL);
    if (ZSTD_isError(csize)) {
        return pr_error_set(err, PR_EIO, w->tmp_path, 0, "zstd: %s", ZSTD_getErrorName(csize));
    }
    bb->rsize = rsize;
    bb->csize = csize;
    return PR_OK;
}

/* Appends the block compress_block made to the file and records it in the directory (in file
 * order: one thread at a time). */
static int store_block(writer *w, const block_buf *bb, uint32_t kind, uint32_t items)
{
    snap_dir_entry *e = &w->dir[w->ndir++];
    e->offset = w->off;
    e->csize = (uint32_t)bb->csize;
    e->rsize = (uint32_t)bb->rsize;
    e->kind = kind;
    e->items = items;
    e->checksum = XXH64(bb->comp, bb->csize, 0);
    return write_all(w, bb->comp, bb->csize);
}

static int emit_block(writer *w, uint32_t kind, uint32_t items, size_t rsize)
{
    int rc = compress_block(w, &w->bb, items, rsize, w->err);
    return rc != PR_OK ? rc : store_block(w, &w->bb, kind, items);
}

/* ---- header ---- */

typedef struct col_out {
    uint32_t id, enc;
    size_t len;
} col_out;

static uint32_t plan_columns(col_out *cols, const writer *w, size_t c);

static void json_add_double(json_object *o, const char *key, double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.17g", v);
    json_object_object_add(o, key, isfinite(v) ? json_object_new_double_s(v, buf) : NULL);
}

static json_object *header_json(const writer *w)
{
    const pr_snapshot_meta *m = w->meta;
    const pr_snapshot_ext *x = w->ext;
    json_object *o = json_object_new_object();
    char date[40];
    snap_file_name(date, sizeof date, m->as_of);
    json_object_object_add(o, "format", json_object_new_string("peoplerank-snapshot"));
    json_object_object_add(o, "version", json_object_new_int(SNAP_VERSION));
    json_object_object_add(o, "as_of", json_object_new_int64(m->as_of));
    json_object_object_add(o, "as_of_date", json_object_new_string_len(date + 11, 10));
    json_object_object_add(o, "created", json_object_new_int64(m->created));
    json_object_object_add(o, "algorithm", json_object_new_string(m->algorithm));
    if (m->engagement_rules != PR_RULES_UNKNOWN) {
        json_object_object_add(o, "engagement_rules",
                               json_object_new_boolean(m->engagement_rules == PR_RULES_ON));
    }
    json_add_double(o, "damping", m->damping);
    json_add_double(o, "tolerance", m->tolerance);
    json_object_object_add(o, "max_iterations", json_object_new_int64(m->max_iterations));
    json_object_object_add(o, "iterations", json_object_new_int64(m->iterations));
    json_add_double(o, "final_change", m->final_change);
    json_add_double(o, "scale_slope", m->scale_slope);
    json_add_double(o, "scale_offset", m->scale_offset);
    json_object_object_add(o, "persons", json_object_new_uint64(w->n));
    json_object_object_add(o, "edges", json_object_new_uint64(m->edges));
    json_object *nets = json_object_new_array();
    for (uint32_t k = 0; x->network_score != NULL && k < x->network_count; k++) {
        json_object_array_add(nets, json_object_new_string(x->networks[k]));
    }
    json_object_object_add(o, "networks", nets);
    json_object *deltas = json_object_new_object();
    for (int j = 0; j < PR_SNAPSHOT_DELTAS; j++) {
        const char *src = x->delta != NULL ? x->delta_source[j] : NULL;
        json_object_object_add(deltas, pr_snapshot_delta_name(j),
                               src ? json_object_new_string(src) : NULL);
    }
    json_object_object_add(o, "deltas", deltas);
    col_out cols[16];
    uint32_t nc = plan_columns(cols, w, 1);
    json_object *cn = json_object_new_array();
    for (uint32_t k = 0; k < nc; k++) {
        json_object_array_add(cn, json_object_new_string(pr_snapshot_column_name(cols[k].id)));
    }
    json_object_object_add(o, "columns", cn);
    json_object_object_add(o, "extra_json",
                           m->extra_json ? json_object_new_string(m->extra_json) : NULL);
    return o;
}

static int write_header(writer *w)
{
    json_object *o = header_json(w);
    if (o == NULL) {
        return pr_error_set(w->err, PR_ENOMEM, NULL, 0, "out of memory building the header");
    }
    size_t len = 0;
    const char *text = json_object_to_json_string_length(o, JSON_C_TO_STRING_PLAIN, &len);
    int rc = PR_ENOMEM;
    if (text != NULL && len <= SNAP_MAX_HEADER_RAW &&
        grow(&w->bb.raw, &w->bb.raw_cap, len + 1) == PR_OK) {
        memcpy(w->bb.raw, text, len);
        rc = emit_block(w, SNAP_KIND_HEADER, 1, len);
    } else if (text != NULL && len > SNAP_MAX_HEADER_RAW) {
        rc = pr_error_set(w->err, PR_ELIMIT, NULL, 0, "header of %zu bytes is over the limit", len);
    } else {
        pr_error_set(w->err, PR_ENOMEM, NULL, 0, "out of memory building the header");
    }
    json_object_put(o);
    return rc;
}

/* ---- record blocks ---- */

/* Positions [a, b) form the block. Column payloads are built into bb->scratch as little-endian
 * values, then laid into raw as byte planes. */
static size_t put_planes(block_buf *bb, size_t at, const unsigned char *vals, size_t count,
                         unsigned width)
{
    snap_planes_put(bb->raw + at, vals, count, width);
    return count * width;
}

static uint64_t lower_count(const writer *w, block_buf *bb, uint64_t p)
{
    const double *rank = w->cols->rank;
    if (p < bb->group_start || p > bb->group_end || bb->group_end == 0) {
        bb->group_start = p;
        uint64_t e = p;
        while (e + 1 < w->n && rank[w->order[e + 1]] == rank[w->order[p]]) {
            e++;
        }
        bb->group_end = e;
    }
    return w->n - 1 - bb->group_end;
}

static int pct_derivable(const writer *w, block_buf *bb, uint64_t a, uint64_t b)
{
    for (uint64_t p = a; p < b; p++) {
        double want = 100.0 * (double)lower_count(w, bb, p) / (double)w->n;
        if (w->cols->percentile[w->order[p]] != want) {
            return 0;
        }
    }
    return 1;
}

static size_t strings_len(const writer *w, const char *const *strs, uint64_t a, uint64_t b)
{
    size_t len = 0;
    for (uint64_t p = a; p < b; p++) {
        const char *s = strs[w->order[p]];
        len += s ? strlen(s) + 1 : 1;
    }
    return len;
}

static size_t col_names(const writer *w, block_buf *bb, size_t at, const char *const *strs,
                        uint64_t a, uint64_t b)
{
    size_t len = 0;
    for (uint64_t p = a; p < b; p++) {
        const char *s = strs[w->order[p]];
        size_t k = s ? strlen(s) + 1 : 1;
        memcpy(bb->raw + at + len, s ? s : "", k);
        len += k;
    }
    return len;
}

static size_t col_f64(const writer *w, block_buf *bb, size_t at, const double *v, uint64_t a,
                      uint64_t b, int delta)
{
    size_t c = (size_t)(b - a);
    uint64_t prev = 0;
    for (size_t i = 0; i < c; i++) {
        uint64_t bits;
        memcpy(&bits, &v[w->order[a + i]], 8);
        snap_put_u64(bb->scratch + 8 * i, delta ? prev - bits : bits);
        prev = bits;
    }
    return put_planes(bb, at, bb->scratch, c, 8);
}

static size_t col_pct_lower(const writer *w, block_buf *bb, size_t at, uint64_t a, uint64_t b)
{
    size_t c = (size_t)(b - a);
    uint64_t prev = w->n;
    for (size_t i = 0; i < c; i++) {
        uint64_t lower = lower_count(w, bb, a + i);
        snap_put_u64(bb->scratch + 8 * i, prev - lower);
        prev = lower;
    }
    return put_planes(bb, at, bb->scratch, c, 8);
}

static size_t col_score(const writer *w, block_buf *bb, size_t at, uint64_t a, uint64_t b)
{
    size_t c = (size_t)(b - a);
    for (size_t i = 0; i < c; i++) {
        snap_put_u16(bb->scratch + 2 * i, snap_score_encode(w->cols->score[w->order[a + i]]));
    }
    return put_planes(bb, at, bb->scratch, c, 2);
}

static uint16_t net_score(double s)
{
    return (isfinite(s) && s > 0.0) ? snap_score_encode(s > 100.0 ? 100.0 : s) : 0;
}

static size_t col_network_scores(const writer *w, block_buf *bb, size_t at, uint64_t a, uint64_t b)
{
    size_t c = (size_t)(b - a);
    uint32_t nn = w->ext->network_count;
    for (uint32_t k = 0; k < nn; k++) {
        for (size_t i = 0; i < c; i++) {
            double s = w->ext->network_score[(size_t)w->order[a + i] * nn + k];
            snap_put_u16(bb->scratch + 2 * (k * c + i), net_score(s));
        }
    }
    return put_planes(bb, at, bb->scratch, c * nn, 2);
}

static size_t col_u32(const writer *w, block_buf *bb, size_t at, const uint32_t *v, uint64_t a,
                      uint64_t b)
{
    size_t c = (size_t)(b - a);
    for (size_t i = 0; i < c; i++) {
        snap_put_u32(bb->scratch + 4 * i, v[w->order[a + i]]);
    }
    return put_planes(bb, at, bb->scratch, c, 4);
}

static size_t col_neighbours(const writer *w, block_buf *bb, size_t at, const uint32_t *v,
                             uint64_t a, uint64_t b)
{
    size_t c = (size_t)(b - a);
    for (uint32_t j = 0; j < PR_SNAPSHOT_TOP_K; j++) {
        for (size_t i = 0; i < c; i++) {
            uint32_t who = v[(size_t)w->order[a + i] * PR_SNAPSHOT_TOP_K + j];
            uint32_t pos1 = who < w->n ? w->posof[who] + 1 : 0;
            snap_put_u32(bb->scratch + 4 * (j * c + i), pos1);
        }
    }
    return put_planes(bb, at, bb->scratch, c * PR_SNAPSHOT_TOP_K, 4);
}

static uint16_t delta_encode(double d)
{
    if (!isfinite(d)) {
        return (uint16_t)SNAP_DELTA_NONE;
    }
    double h = round(d * 100.0);
    h = h > 32767.0 ? 32767.0 : (h < -32767.0 ? -32767.0 : h);
    return (uint16_t)(int16_t)h;
}

static size_t col_deltas(const writer *w, block_buf *bb, size_t at, uint64_t a, uint64_t b)
{
    size_t c = (size_t)(b - a);
    for (uint32_t j = 0; j < PR_SNAPSHOT_DELTAS; j++) {
        for (size_t i = 0; i < c; i++) {
            double d = w->ext->delta[(size_t)w->order[a + i] * PR_SNAPSHOT_DELTAS + j];
            snap_put_u16(bb->scratch + 2 * (j * c + i), delta_encode(d));
        }
    }
    return put_planes(bb, at, bb->scratch, c * PR_SNAPSHOT_DELTAS, 2);
}

/* Which columns this snapshot stores, and each one's size for a block of c records. */
static uint32_t plan_columns(col_out *cols, const writer *w, size_t c)
{
    const pr_snapshot_ext *x = w->ext;
    uint32_t k = 0;
    cols[k++] = (col_out){SNAP_COL_NAME, SNAP_ENC_STRINGS, 0};
    cols[k++] = (col_out){SNAP_COL_RANK, SNAP_ENC_F64_DELTA, 8 * c};
    cols[k++] = (col_out){SNAP_COL_SCORE, SNAP_ENC_U16, 2 * c};
    cols[k++] = (col_out){SNAP_COL_PERCENTILE, SNAP_ENC_PCT_LOWER, 8 * c};
    if (x->accounts) {
        cols[k++] = (col_out){SNAP_COL_ACCOUNTS, SNAP_ENC_STRINGS, 0};
    }
    if (x->network_score && x->network_count > 0) {
        cols[k++] = (col_out){SNAP_COL_NETWORK_SCORES, SNAP_ENC_U16, 2 * c * x->network_count};
    }
    if (x->engagers) {
        cols[k++] = (col_out){SNAP_COL_ENGAGERS, SNAP_ENC_U32, 4 * c};
    }
    if (x->engagement) {
        cols[k++] = (col_out){SNAP_COL_ENGAGEMENT, SNAP_ENC_F64, 8 * c};
    }
    if (x->influencers) {
        cols[k++] = (col_out){SNAP_COL_INFLUENCERS, SNAP_ENC_U32, 4 * c * PR_SNAPSHOT_TOP_K};
    }
    if (x->influencees) {
        cols[k++] = (col_out){SNAP_COL_INFLUENCEES, SNAP_ENC_U32, 4 * c * PR_SNAPSHOT_TOP_K};
    }
    if (x->delta) {
        cols[k++] = (col_out){SNAP_COL_DELTAS, SNAP_ENC_I16, 2 * c * PR_SNAPSHOT_DELTAS};
    }
    if (x->explain) {
        cols[k++] = (col_out){SNAP_COL_EXPLAIN, SNAP_ENC_STRINGS, 0};
    }
    return k;
}

static size_t fill_column(const writer *w, block_buf *bb, col_out *col, size_t at, uint64_t a,
                          uint64_t b)
{
    const pr_snapshot_ext *x = w->ext;
    switch (col->id) {
    case SNAP_COL_NAME:
        return col_names(w, bb, at, w->cols->name, a, b);
    case SNAP_COL_RANK:
        return col_f64(w, bb, at, w->cols->rank, a, b, 1);
    case SNAP_COL_SCORE:
        return col_score(w, bb, at, a, b);
    case SNAP_COL_PERCENTILE:
        if (pct_derivable(w, bb, a, b)) {
            return col_pct_lower(w, bb, at, a, b);
        }
        col->enc = SNAP_ENC_F64;
        return col_f64(w, bb, at, w->cols->percentile, a, b, 0);
    case SNAP_COL_ACCOUNTS:
        return col_names(w, bb, at, x->accounts, a, b);
    case SNAP_COL_NETWORK_SCORES:
        return col_network_scores(w, bb, at, a, b);
    case SNAP_COL_ENGAGERS:
        return col_u32(w, bb, at, x->engagers, a, b);
    case SNAP_COL_ENGAGEMENT:
        return col_f64(w, bb, at, x->engagement, a, b, 0);
    case SNAP_COL_INFLUENCERS:
        return col_neighbours(w, bb, at, x->influencers, a, b);
    case SNAP_COL_INFLUENCEES:
        return col_neighbours(w, bb, at, x->influencees, a, b);
    case SNAP_COL_EXPLAIN:
        return col_names(w, bb, at, x->explain, a, b);
    default:
        return col_deltas(w, bb, at, a, b);
    }
}

static int build_record_block(const writer *w, block_buf *bb, uint64_t a, uint64_t b, pr_error *err)
{
    col_out cols[16];
    size_t c = (size_t)(b - a);
    uint32_t nc = plan_columns(cols, w, c);
    size_t need = 8 + 16 * (size_t)nc, scratch = 8 * c;
    for (uint32_t k = 0; k < nc; k++) {
        if (cols[k].enc == SNAP_ENC_STRINGS) {
            const char *const *s = cols[k].id == SNAP_COL_NAME       ? w->cols->name
                                   : cols[k].id == SNAP_COL_ACCOUNTS ? w->ext->accounts
                                                                     : w->ext->explain;
            cols[k].len = strings_len(w, s, a, b);
        }
        need += cols[k].len;
        scratch = cols[k].len > scratch ? cols[k].len : scratch;
    }
    if (need > SNAP_MAX_BLOCK_RAW) {
        return pr_error_set(err, PR_ELIMIT, NULL, 0,
                            "%zu records need %zu bytes in one block (limit %u)", c, need,
                            SNAP_MAX_BLOCK_RAW);
    }
    if (grow(&bb->raw, &bb->raw_cap, need) != PR_OK ||
        grow(&bb->scratch, &bb->scratch_cap, scratch) != PR_OK) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory building a block");
    }
    snap_put_u32(bb->raw, (uint32_t)c);
    snap_put_u32(bb->raw + 4, nc);
    size_t at = 8 + 16 * (size_t)nc;
    for (uint32_t k = 0; k < nc; k++) {
        size_t len = fill_column(w, bb, &cols[k], at, a, b);
        unsigned char *d = bb->raw + 8 + 16 * (size_t)k;
        snap_put_u32(d, cols[k].id);
        snap_put_u32(d + 4, cols[k].enc);
        snap_put_u32(d + 8, (uint32_t)at);
        snap_put_u32(d + 12, (uint32_t)len);
        at += len;
    }
    return compress_block(w, bb, (uint32_t)c, at, err);
}

/* ---- name index ---- */

static int cmp_u64(const void *pa, const void *pb)
{
    uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
    return (a > b) - (a < b);
}

static const char *name_at(const writer *w, uint64_t pos)
{
    return w->cols->name[w->order[pos]];
}

/* keys: (fingerprint << 32 | position), bucketed by counting sort, each bucket sorted. */
static int build_index(uint64_t **keys_out, uint64_t **start_out, writer *w, uint32_t g)
{
    uint64_t *keys = pr_mallocarray(w->n ? w->n : 1, sizeof *keys);
    uint64_t *start = pr_calloc((size_t)g + 1, sizeof *start);
    if (keys == NULL || start == NULL) {
        pr_free(keys);
        pr_free(start);
        return pr_error_set(w->err, PR_ENOMEM, NULL, 0, "out of memory building the name index");
    }
    for (uint64_t p = 0; p < w->n; p++) {
        const char *s = name_at(w, p);
        start[snap_hash_bucket(snap_name_hash(s, strlen(s)), g) + 1]++;
    }
    for (uint32_t b = 0; b < g; b++) {
        start[b + 1] += start[b];
    }
    for (uint64_t p = 0; p < w->n; p++) {
        const char *s = name_at(w, p);
        uint64_t h = snap_name_hash(s, strlen(s));
        uint32_t b = snap_hash_bucket(h, g);
        keys[start[b]++] = ((uint64_t)snap_hash_fingerprint(h) << 32) | p;
    }
    for (uint32_t b = g; b > 0; b--) {
        start[b] = start[b - 1];
    }
    start[0] = 0;
    *keys_out = keys;
    *start_out = start;
    return PR_OK;
}

static int check_duplicates(writer *w, const uint64_t *k, uint64_t count)
{
    for (uint64_t i = 1; i < count; i++) {
        for (uint64_t j = i; j > 0 && (k[j - 1] >> 32) == (k[i] >> 32); j--) {
            const char *a = name_at(w, (uint32_t)k[j - 1]), *b = name_at(w, (uint32_t)k[i]);
            if (strcmp(a, b) == 0) {
                return pr_error_set(w->err, PR_EINVAL, NULL, 0,
                                    "person '%s' appears twice in the snapshot columns", a);
            }
        }
    }
    return PR_OK;
}

static int write_index_block(writer *w, const uint64_t *k, uint64_t count)
{
    size_t need = 4 + 8 * (size_t)count;
    if (grow(&w->bb.raw, &w->bb.raw_cap, need) != PR_OK ||
        grow(&w->bb.scratch, &w->bb.scratch_cap, 4 * (size_t)count + 4) != PR_OK) {
        return pr_error_set(w->err, PR_ENOMEM, NULL, 0, "out of memory building the index");
    }
    snap_put_u32(w->bb.raw, (uint32_t)count);
    for (int half = 0; half < 2; half++) {
        uint32_t prev = 0; /* fingerprints ascend: store the gaps, which are small */
        for (uint64_t i = 0; i < count; i++) {
            uint32_t fp = (uint32_t)(k[i] >> 32);
            snap_put_u32(w->bb.scratch + 4 * i, half == 0 ? fp - prev : (uint32_t)k[i]);
            prev = fp;
        }
        snap_planes_put(w->bb.raw + 4 + half * 4 * count, w->bb.scratch, (size_t)count, 4);
    }
    return emit_block(w, SNAP_KIND_INDEX, (uint32_t)count, need);
}

static int write_index(writer *w, uint32_t g)
{
    uint64_t *keys = NULL, *start = NULL;
    int rc;
    if ((rc = build_index(&keys, &start, w, g)) != PR_OK) {
        goto done;
    }
    for (uint32_t b = 0; b < g; b++) {
        uint64_t cnt = start[b + 1] - start[b];
        qsort(keys + start[b], (size_t)cnt, sizeof *keys, cmp_u64);
        if ((rc = check_duplicates(w, keys + start[b], cnt)) != PR_OK ||
            (rc = write_index_block(w, keys + start[b], cnt)) != PR_OK) {
            goto done;
        }
    }
done:
    pr_free(keys);
    pr_free(start);
    return rc;
}

/* ---- ordering ---- */

static int cmp_item(const void *pa, const void *pb)
{
    const sort_item *a = pa, *b = pb;
    if (a->score != b->score) { /* positions follow the score users see */
        return a->score > b->score ? -1 : 1;
    }
    if (a->rank != b->rank) {
        return a->rank > b->rank ? -1 : 1;
    }
    return strcmp(a->name, b->name);
}

static int make_order(writer *w)
{
    sort_item *items = pr_mallocarray(w->n ? w->n : 1, sizeof *items);
    w->order = pr_mallocarray(w->n ? w->n : 1, sizeof *w->order);
    int need_pos = w->ext->influencers != NULL || w->ext->influencees != NULL;
    w->posof = need_pos ? pr_mallocarray(w->n ? w->n : 1, sizeof *w->posof) : NULL;
    if (items == NULL || w->order == NULL || (need_pos && w->posof == NULL)) {
        pr_free(items);
        return pr_error_set(w->err, PR_ENOMEM, NULL, 0, "out of memory sorting the snapshot");
    }
    for (uint64_t i = 0; i < w->n; i++) {
        items[i] = (sort_item){snap_score_encode(w->cols->score[i]), w->cols->rank[i],
                               w->cols->name[i], (uint32_t)i};
    }
    qsort(items, (size_t)w->n, sizeof *items, cmp_item);
    for (uint64_t p = 0; p < w->n; p++) {
        w->order[p] = items[p].idx;
        if (w->posof) {
            w->posof[items[p].idx] = (uint32_t)p;
        }
    }
    pr_free(items);
    return PR_OK;
}

/* ---- input checks ---- */

static int check_inputs(const pr_snapshot_meta *meta, const pr_snapshot_columns *c,
                        const pr_snapshot_ext *x, pr_error *err)
{
    if (meta == NULL || c == NULL ||
        (c->count > 0 && (!c->name || !c->rank || !c->score || !c->percentile))) {
        return pr_error_set(err, PR_EINVAL, NULL, 0, "snapshot columns missing");
    }
    if (c->count > SNAP_MAX_PERSONS) {
        return pr_error_set(err, PR_ELIMIT, NULL, 0, "%llu persons is over the snapshot limit",
                            (unsigned long long)c->count);
    }
    for (uint64_t i = 0; i < c->count; i++) {
        if (c->name[i] == NULL || isnan(c->rank[i]) || !(c->score[i] >= 0.0) ||
            !(c->score[i] <= 100.0) || !isfinite(c->percentile[i])) {
            return pr_error_set(err, PR_EINVAL, NULL, 0,
                                "person %llu has no name, a NaN rank or a score outside 0..100",
                                (unsigned long long)i);
        }
    }
    if (x->network_score && (x->network_count > PR_SNAPSHOT_MAX_NETWORKS || !x->networks)) {
        return pr_error_set(err, PR_EINVAL, NULL, 0, "bad network list (at most %d networks)",
                            PR_SNAPSHOT_MAX_NETWORKS);
    }
    for (uint32_t k = 0; x->network_score && k < x->network_count; k++) {
        if (x->networks[k] == NULL || !snap_network_name_ok(x->networks[k])) {
            return pr_error_set(err, PR_EINVAL, NULL, 0,
                                "network %u: bad name (want [a-z0-9_-]{1,32})", k);
        }
    }
    return PR_OK;
}

/* ---- the file ---- */

static int make_paths(char **final_out, char **tmp_out, const char *dir, int64_t as_of,
                      pr_error *err)
{
    char name[48];
    snap_file_name(name, sizeof name, as_of);
    size_t len = strlen(dir) + strlen(name) + 16;
    char *final = pr_malloc(len), *tmp = pr_malloc(len + 16);
    if (final == NULL || tmp == NULL) {
        pr_free(final);
        pr_free(tmp);
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    snprintf(final, len, "%s/%s", dir, name);
    snprintf(tmp, len + 16, "%s/.%s.tmp.XXXXXX", dir, name);
    *final_out = final;
    *tmp_out = tmp;
    return PR_OK;
}

static int fsync_dir(const char *dir, pr_error *err)
{
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd < 0) {
        return pr_error_set(err, PR_EIO, dir, 0, "cannot open directory: %s", strerror(errno));
    }
    int rc = fsync(dfd) == 0 || errno == EINVAL ? PR_OK : PR_EIO;
    if (rc != PR_OK) {
        pr_error_set(err, rc, dir, 0, "fsync of the directory failed: %s", strerror(errno));
    }
    close(dfd);
    return rc;
}

static void block_buf_free(block_buf *bb)
{
    pr_free(bb->raw);
    pr_free(bb->comp);
    pr_free(bb->scratch);
    ZSTD_freeCCtx(bb->cctx);
}

/* The record blocks: built and compressed by every thread at once (most of a write's time),
 * appended in file order; the bytes are the same at any thread count. */
static int write_records(writer *w, uint64_t nrec)
{
    uint64_t per = SNAP_RECORDS_PER_BLOCK;
    int threads = pr_max_threads() < (int)nrec ? pr_max_threads() : (int)(nrec ? nrec : 1);
    block_buf *bufs = pr_calloc((size_t)threads, sizeof *bufs);
    if (bufs == NULL) {
        return pr_error_set(w->err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    int rc = PR_OK, failed = 0;
#pragma omp parallel for ordered schedule(static, 1) num_threads(threads)
    for (int64_t k = 0; k < (int64_t)nrec; k++) {
        block_buf *bb = &bufs[pr_thread_id()];
        pr_error terr = PR_ERROR_INIT;
        int trc = PR_OK, stop;
#pragma omp atomic read
        stop = failed;
        if (!stop) {
            uint64_t a = (uint64_t)k * per, b = a + per < w->n ? a + per : w->n;
            trc = build_record_block(w, bb, a, b, &terr);
        }
#pragma omp ordered
        {
            if (!failed && trc != PR_OK) {
                *w->err = terr;
                rc = trc;
            } else if (!failed) {
                uint64_t a = (uint64_t)k * per;
                rc = store_block(w, bb, SNAP_KIND_RECORDS,
                                 (uint32_t)((a + per < w->n ? a + per : w->n) - a));
            }
#pragma omp atomic write
            failed = rc != PR_OK;
        }
    }
    for (int t = 0; t < threads; t++) {
        block_buf_free(&bufs[t]);
    }
    pr_free(bufs);
    return rc;
}

static int write_body(writer *w)
{
    uint64_t b = SNAP_RECORDS_PER_BLOCK;
    uint64_t nrec = (w->n + b - 1) / b;
    uint32_t g = (uint32_t)((w->n + SNAP_INDEX_PER_BLOCK - 1) / SNAP_INDEX_PER_BLOCK);
    unsigned char zero[SNAP_SUPERBLOCK_SIZE] = {0};
    w->dir = pr_calloc((size_t)(1 + nrec + g), sizeof *w->dir);
    if (w->dir == NULL) {
        return pr_error_set(w->err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    int rc;
    if ((rc = write_all(w, zero, sizeof zero)) != PR_OK || (rc = write_header(w)) != PR_OK ||
        (rc = write_records(w, nrec)) != PR_OK) {
        return rc;
    }
    return write_index(w, g);
}

static int write_tail(writer *w)
{
    size_t dlen = (size_t)w->ndir * SNAP_DIR_ENTRY_SIZE;
    if (grow(&w->bb.raw, &w->bb.raw_cap, dlen) != PR_OK) {
        return pr_error_set(w->err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    for (uint32_t i = 0; i < w->ndir; i++) {
        snap_dir_entry_pack(w->bb.raw + (size_t)i * SNAP_DIR_ENTRY_SIZE, &w->dir[i]);
    }
    snap_superblock sb = {SNAP_VERSION,
                          w->off + dlen,
                          w->off,
                          w->ndir,
                          SNAP_RECORDS_PER_BLOCK,
                          w->n,
                          XXH64(w->bb.raw, dlen, 0)};
    int rc = write_all(w, w->bb.raw, dlen);
    if (rc != PR_OK) {
        return rc;
    }
    unsigned char sbuf[SNAP_SUPERBLOCK_SIZE];
    snap_superblock_pack(sbuf, &sb);
    if (pwrite(w->fd, sbuf, sizeof sbuf, 0) != (ssize_t)sizeof sbuf || fsync(w->fd) != 0) {
        return pr_error_set(w->err, PR_EIO, w->tmp_path, 0, "write/fsync failed: %s",
                            strerror(errno));
    }
    return PR_OK;
}

static void writer_free(writer *w)
{
    pr_free(w->order);
    pr_free(w->posof);
    pr_free(w->dir);
    block_buf_free(&w->bb);
}

/* Writes the body and tail into the open temp file, then closes it. */
static int write_and_close(writer *w, const char *tmp, pr_error *err)
{
    int rc;
    if ((rc = write_body(w)) != PR_OK || (rc = write_tail(w)) != PR_OK) {
        goto done;
    }
    if (fchmod(w->fd, 0644) != 0) {
        rc = pr_error_set(err, PR_EIO, tmp, 0, "chmod failed: %s", strerror(errno));
    }
done:
    /* closed after a failure too; its own error counts only when nothing failed before */
    if (close(w->fd) != 0 && rc == PR_OK) {
        rc = pr_error_set(err, PR_EIO, tmp, 0, "close failed: %s", strerror(errno));
    }
    w->fd = -1;
    return rc;
}

int pr_snapshot_write_ext(char **path_out, const char *dir, const pr_snapshot_meta *meta,
                          const pr_snapshot_columns *cols, const pr_snapshot_ext *ext,
                          pr_error *err)
{
    static const pr_snapshot_ext none = PR_SNAPSHOT_EXT_INIT;
    writer w = {0};
    w.meta = meta;
    w.cols = cols;
    w.ext = ext ? ext : &none;
    w.n = cols ? cols->count : 0;
    w.fd = -1;
    w.err = err;
    char *final = NULL, *tmp = NULL;
    if (path_out) {
        *path_out = NULL;
    }
    int rc, created = 0;
    if (dir == NULL) {
        rc = pr_error_set(err, PR_EINVAL, NULL, 0, "no snapshot directory");
        goto done;
    }
    if ((rc = check_inputs(meta, cols, w.ext, err)) != PR_OK ||
        (rc = make_paths(&final, &tmp, dir, meta->as_of, err)) != PR_OK ||
        (rc = make_order(&w)) != PR_OK) {
        goto done;
    }
    w.tmp_path = tmp;
    if ((w.fd = mkstemp(tmp)) < 0) {
        rc = pr_error_set(err, errno == ENOENT ? PR_ENOTFOUND : PR_EIO, dir, 0,
                          "cannot create a file in this directory: %s", strerror(errno));
        goto done;
    }
    created = 1;
    if ((rc = write_and_close(&w, tmp, err)) != PR_OK) {
        goto done;
    }
    if (rename(tmp, final) != 0) {
        rc = pr_error_set(err, PR_EIO, final, 0, "rename failed: %s", strerror(errno));
        goto done;
    }
    if ((rc = fsync_dir(dir, err)) != PR_OK) {
        goto done;
    }
    if (path_out) {
        *path_out = final;
        final = NULL;
    }
done:
    if (rc != PR_OK && created) {
        unlink(tmp);
    }
    writer_free(&w);
    pr_free(final);
    pr_free(tmp);
    return rc;
}

int pr_snapshot_write(char **path_out, const char *dir, const pr_snapshot_meta *meta,
                      const pr_snapshot_columns *cols, pr_error *err)
{
    return pr_snapshot_write_ext(path_out, dir, meta, cols, NULL, err);
}
