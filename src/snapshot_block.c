/* Reading one block of a snapshot: checksum, decompression and decoding of its columns. Every
 * size is checked against the directory and the block's own table before it is used. */
#include "snapshot_read_internal.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

static int bad(pr_error *err, const pr_snapshot *s, int code, const char *what, uint32_t di)
{
    return pr_error_set(err, code, s->path, 0, "%s (block %u)", what, di);
}

static int pread_all(int fd, unsigned char *buf, size_t len, uint64_t off)
{
    while (len > 0) {
        ssize_t k = pread(fd, buf, len, (off_t)off);
        if (k < 0 && errno == EINTR) {
            continue;
        }
        if (k <= 0) {
            return -1;
        }
        buf += k;
        len -= (size_t)k;
        off += (uint64_t)k;
    }
    return 0;
}

int snap_load_raw(unsigned char **out, pr_snapshot *s, uint32_t di, pr_error *err)
{
    const snap_dir_entry *e = &s->dir[di];
    *out = NULL;
    if (s->cbuf_cap < e->csize) {
        unsigned char *p = pr_realloc(s->cbuf, e->csize);
        if (p == NULL) {
            return pr_error_set(err, PR_ENOMEM, s->path, 0, "out of memory reading a block");
        }
        s->cbuf = p;
        s->cbuf_cap = e->csize;
    }
    if (pread_all(s->fd, s->cbuf, e->csize, e->offset) != 0) {
        return pr_error_set(err, PR_EIO, s->path, 0, "read failed: %s", strerror(errno));
    }
    if (XXH64(s->cbuf, e->csize, 0) != e->checksum) {
        return bad(err, s, PR_ECHECKSUM, "checksum mismatch: the file is corrupt", di);
    }
    if (ZSTD_getFrameContentSize(s->cbuf, e->csize) != e->rsize) {
        return bad(err, s, PR_EFORMAT, "block size does not match the directory", di);
    }
    unsigned char *raw = pr_malloc((size_t)e->rsize + 1);
    if (raw == NULL) {
        return pr_error_set(err, PR_ENOMEM, s->path, 0, "out of memory reading a block");
    }
    size_t got = ZSTD_decompressDCtx(s->dctx, raw, e->rsize, s->cbuf, e->csize);
    if (ZSTD_isError(got) || got != e->rsize) {
        pr_free(raw);
        return bad(err, s, PR_EFORMAT, "block does not decompress", di);
    }
    raw[e->rsize] = '\0';
    *out = raw;
    return PR_OK;
}

/* ---- record blocks ---- */

typedef struct col_ref {
    uint32_t enc;
    const unsigned char *p;
    size_t len;
} col_ref;

/* Column table: count, ncols, then (id, encoding, offset, length) each. */
static int read_table(col_ref *refs, const unsigned char *raw, size_t rsize, uint32_t count)
{
    if (rsize < 8 || snap_get_u32(raw) != count) {
        return -1;
    }
    uint32_t nc = snap_get_u32(raw + 4);
    if (nc > 64 || 8 + 16 * (uint64_t)nc > rsize) {
        return -1;
    }
    for (uint32_t k = 0; k < nc; k++) {
        const unsigned char *d = raw + 8 + 16 * (size_t)k;
        uint32_t id = snap_get_u32(d);
        uint64_t off = snap_get_u32(d + 8), len = snap_get_u32(d + 12);
        if (off + len > rsize) {
            return -1;
        }
        if (id >= 1 && id <= SNAP_COL_DELTAS) {
            if (refs[id].p != NULL) {
                return -1; /* a column twice */
            }
            refs[id] = (col_ref){snap_get_u32(d + 4), raw + off, (size_t)len};
        }
    }
    return 0;
}

/* Offsets of count NUL-terminated strings filling exactly len bytes. */
static int split_strings(uint32_t **out, const col_ref *c, uint32_t count, const unsigned char *base)
{
    if (c->enc != SNAP_ENC_STRINGS || (count > 0 && (c->len == 0 || c->p[c->len - 1] != 0))) {
        return -1;
    }
    uint32_t *off = pr_mallocarray(count ? count : 1, sizeof *off);
    if (off == NULL) {
        return PR_ENOMEM;
    }
    size_t at = 0;
    for (uint32_t i = 0; i < count; i++) {
        const unsigned char *z = at < c->len ? memchr(c->p + at, 0, c->len - at) : NULL;
        if (z == NULL) {
            pr_free(off);
            return -1;
        }
        off[i] = (uint32_t)(c->p + at - base);
        at = (size_t)(z - c->p) + 1;
    }
    if (at != c->len) {
        pr_free(off);
        return -1;
    }
    *out = off;
    return 0;
}

/* Unpacks byte planes of items values of width bytes into host integers. */
static void *unplane(const col_ref *c, size_t items, unsigned width)
{
    unsigned char *le = pr_mallocarray(items ? items : 1, width);
    void *out = pr_mallocarray(items ? items : 1, width);
    if (le == NULL || out == NULL) {
        pr_free(le);
        pr_free(out);
        return NULL;
    }
    snap_planes_get(le, c->p, items, width);
    for (size_t i = 0; i < items; i++) {
        const unsigned char *q = le + i * width;
        if (width == 2) {
            ((uint16_t *)out)[i] = snap_get_u16(q);
        } else if (width == 4) {
            ((uint32_t *)out)[i] = snap_get_u32(q);
        } else {
            ((uint64_t *)out)[i] = snap_get_u64(q);
        }
    }
    pr_free(le);
    return out;
}

static int want(const col_ref *c, uint32_t enc, size_t len)
{
    return c->p != NULL && c->enc == enc && c->len == len;
}

static double *decode_f64(const col_ref *c, uint32_t count, int delta)
{
    uint64_t *v = unplane(c, count, 8);
    if (v == NULL) {
        return NULL;
    }
    uint64_t prev = 0;
    double *d = (double *)(void *)v;
    for (uint32_t i = 0; i < count; i++) {
        uint64_t bits = delta ? prev - v[i] : v[i];
        prev = bits;
        memcpy(&d[i], &bits, 8);
    }
    return d;
}

static double *decode_pct(const col_ref *c, uint32_t count, uint64_t n)
{
    if (c->enc == SNAP_ENC_F64) {
        return decode_f64(c, count, 0);
    }
    uint64_t *v = unplane(c, count, 8);
    if (v == NULL) {
        return NULL;
    }
    uint64_t lower = n;
    double *d = (double *)(void *)v;
    for (uint32_t i = 0; i < count; i++) {
        lower -= v[i];
        d[i] = n ? 100.0 * (double)lower / (double)n : 0.0;
    }
    return d;
}

static int decode_required(rec_block *r, const col_ref *refs, uint64_t n)
{
    uint32_t c = r->count;
    const col_ref *pct = &refs[SNAP_COL_PERCENTILE];
    if (!want(&refs[SNAP_COL_RANK], SNAP_ENC_F64_DELTA, 8 * (size_t)c) ||
        !want(&refs[SNAP_COL_SCORE], SNAP_ENC_U16, 2 * (size_t)c) ||
        !(want(pct, SNAP_ENC_PCT_LOWER, 8 * (size_t)c) || want(pct, SNAP_ENC_F64, 8 * (size_t)c))) {
        return -1;
    }
    int rc = split_strings(&r->name_off, &refs[SNAP_COL_NAME], c, r->raw);
    if (rc != 0) {
        return rc;
    }
    r->rank = decode_f64(&refs[SNAP_COL_RANK], c, 1);
    r->score = unplane(&refs[SNAP_COL_SCORE], c, 2);
    r->pct = decode_pct(pct, c, n);
    return (r->rank && r->score && r->pct) ? 0 : PR_ENOMEM;
}

/* Optional columns: absent is fine, present must have the right encoding and size. */
static int decode_optional(rec_block *r, const col_ref *refs, uint32_t nnet)
{
    size_t c = r->count;
    const col_ref *x;
    int rc = 0;
    if ((x = &refs[SNAP_COL_ACCOUNTS])->p && (rc = split_strings(&r->acct_off, x, r->count,
                                                                  r->raw)) != 0) {
        return rc;
    }
    if ((x = &refs[SNAP_COL_NETWORK_SCORES])->p) {
        r->net = want(x, SNAP_ENC_U16, 2 * c * nnet) ? unplane(x, c * nnet, 2) : NULL;
        rc = rc ? rc : (r->net ? 0 : -1);
    }
    if ((x = &refs[SNAP_COL_ENGAGERS])->p) {
        r->engagers = want(x, SNAP_ENC_U32, 4 * c) ? unplane(x, c, 4) : NULL;
        rc = rc ? rc : (r->engagers ? 0 : -1);
    }
    if ((x = &refs[SNAP_COL_ENGAGEMENT])->p) {
        r->engagement = want(x, SNAP_ENC_F64, 8 * c) ? decode_f64(x, r->count, 0) : NULL;
        rc = rc ? rc : (r->engagement ? 0 : -1);
    }
    if ((x = &refs[SNAP_COL_INFLUENCERS])->p) {
        r->infl = want(x, SNAP_ENC_U32, 4 * c * SNAP_TOP_K) ? unplane(x, c * SNAP_TOP_K, 4) : NULL;
        rc = rc ? rc : (r->infl ? 0 : -1);
    }
    if ((x = &refs[SNAP_COL_INFLUENCEES])->p) {
        r->infe = want(x, SNAP_ENC_U32, 4 * c * SNAP_TOP_K) ? unplane(x, c * SNAP_TOP_K, 4) : NULL;
        rc = rc ? rc : (r->infe ? 0 : -1);
    }
    if ((x = &refs[SNAP_COL_DELTAS])->p) {
        size_t k = c * PR_SNAPSHOT_DELTAS;
        r->delta = want(x, SNAP_ENC_I16, 2 * k) ? unplane(x, k, 2) : NULL;
        rc = rc ? rc : (r->delta ? 0 : -1);
    }
    return rc;
}

int snap_decode_rec(rec_block **out, pr_snapshot *s, uint32_t b, pr_error *err)
{
    uint32_t di = 1 + b;
    rec_block *r = pr_calloc(1, sizeof *r);
    *out = NULL;
    if (r == NULL) {
        return pr_error_set(err, PR_ENOMEM, s->path, 0, "out of memory reading a block");
    }
    int rc = snap_load_raw(&r->raw, s, di, err);
    if (rc != PR_OK) {
        snap_rec_free(r);
        return rc;
    }
    r->count = s->dir[di].items;
    col_ref refs[SNAP_COL_DELTAS + 1];
    memset(refs, 0, sizeof refs);
    rc = read_table(refs, r->raw, s->dir[di].rsize, r->count);
    rc = rc ? rc : decode_required(r, refs, s->sb.persons);
    rc = rc ? rc : decode_optional(r, refs, s->nnet);
    if (rc != 0) {
        snap_rec_free(r);
        return rc == PR_ENOMEM ? pr_error_set(err, rc, s->path, 0, "out of memory")
                               : bad(err, s, PR_EFORMAT, "malformed record block", di);
    }
    r->bytes = (size_t)s->dir[di].rsize * 3 + 64;
    *out = r;
    return PR_OK;
}

void snap_rec_free(rec_block *r)
{
    if (r == NULL) {
        return;
    }
    pr_free(r->raw);
    pr_free(r->name_off);
    pr_free(r->acct_off);
    pr_free(r->rank);
    pr_free(r->pct);
    pr_free(r->engagement);
    pr_free(r->score);
    pr_free(r->net);
    pr_free(r->engagers);
    pr_free(r->infl);
    pr_free(r->infe);
    pr_free(r->delta);
    pr_free(r);
}

/* ---- index blocks ---- */

int snap_decode_idx(idx_block **out, pr_snapshot *s, uint32_t b, pr_error *err)
{
    uint32_t di = 1 + s->nrec + b;
    unsigned char *raw = NULL;
    *out = NULL;
    int rc = snap_load_raw(&raw, s, di, err);
    if (rc != PR_OK) {
        return rc;
    }
    uint32_t count = s->dir[di].items;
    if (snap_get_u32(raw) != count) {
        pr_free(raw);
        return bad(err, s, PR_EFORMAT, "index block count does not match the directory", di);
    }
    idx_block *x = pr_calloc(1, sizeof *x);
    if (x != NULL) {
        x->count = count;
        col_ref fp = {SNAP_ENC_U32, raw + 4, 4 * (size_t)count};
        col_ref pos = {SNAP_ENC_U32, raw + 4 + 4 * (size_t)count, 4 * (size_t)count};
        x->fp = unplane(&fp, count, 4);
        x->pos = unplane(&pos, count, 4);
        x->bytes = 8 * (size_t)count + 64;
        for (uint32_t i = 1; x->fp != NULL && i < count; i++) {
            x->fp[i] += x->fp[i - 1]; /* stored as gaps */
        }
    }
    pr_free(raw);
    if (x == NULL || x->fp == NULL || x->pos == NULL) {
        snap_idx_free(x);
        return pr_error_set(err, PR_ENOMEM, s->path, 0, "out of memory reading the index");
    }
    for (uint32_t i = 0; i < count; i++) {
        if (x->pos[i] >= s->sb.persons) {
            snap_idx_free(x);
            return bad(err, s, PR_EFORMAT, "index entry points past the last person", di);
        }
    }
    *out = x;
    return PR_OK;
}

void snap_idx_free(idx_block *x)
{
    if (x == NULL) {
        return;
    }
    pr_free(x->fp);
    pr_free(x->pos);
    pr_free(x);
}
