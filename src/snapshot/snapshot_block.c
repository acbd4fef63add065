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
            return PR_EIO;
        }
        buf += k;
        len -= (size_t)k;
        off += (uint64_t)k;
    }
    return PR_OK;
}

/* Reads directory entry di's compressed bytes into s->cbuf and checks them (checksum, size). */
static int load_compressed(pr_snapshot *s, uint32_t di, pr_error *err)
{
    const snap_dir_entry *e = &s->dir[di];
    if (s->cbuf_cap < e->csize) {
        unsigned char *p = pr_realloc(s->cbuf, e->csize);
        if (p == NULL) {
            return pr_error_set(err, PR_ENOMEM, s->path, 0, "out of memory reading a block");
        }
        s->cbuf = p;
        s->cbuf_cap = e->csize;
    }
    if (pread_all(s->fd, s->cbuf, e->csize, e->offset) != PR_OK) {
        return pr_error_set(err, PR_EIO, s->path, 0, "read failed: %s", strerror(errno));
    }
    if (XXH64(s->cbuf, e->csize, 0) != e->checksum) {
        return bad(err, s, PR_ECHECKSUM, "checksum mismatch: the file is corrupt", di);
    }
    if (ZSTD_getFrameContentSize(s->cbuf, e->csize) != e->rsize) {
        return bad(err, s, PR_EFORMAT, "block size does not match the directory", di);
    }
    return PR_OK;
}

/* Reads and checks block di's compressed bytes into s->cbuf and allocates the buffer its
 * decompressed bytes (and a terminating NUL) go to. */
static int load_and_allocate(unsigned char **raw, pr_snapshot *s, uint32_t di, pr_error *err)
{
    int rc;
    *raw = NULL;
    if ((rc = load_compressed(s, di, err)) != PR_OK) {
        return rc;
    }
    *raw = pr_malloc((size_t)s->dir[di].rsize + 1);
    return *raw != NULL ? PR_OK
                        : pr_error_set(err, PR_ENOMEM, s->path, 0, "out of memory reading a block");
}

int snap_load_raw(unsigned char **out, pr_snapshot *s, uint32_t di, pr_error *err)
{
    const snap_dir_entry *e = &s->dir[di];
    unsigned char *raw;
    int rc;
    *out = NULL;
    if ((rc = load_and_allocate(&raw, s, di, err)) != PR_OK) {
        return rc;
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

/* Decompresses s->cbuf into o until o->pos reaches `until`; 0, or -1 when the frame is bad or
 * ends before. */
static int inflate_until(pr_snapshot *s, ZSTD_outBuffer *o, ZSTD_inBuffer *in, size_t until)
{
    o->size = until;
    while (o->pos < until) {
        size_t was_in = in->pos, was_out = o->pos;
        size_t r = ZSTD_decompressStream(s->dctx, o, in);
        if (ZSTD_isError(r) || (r == 0 && o->pos < until) ||
            (in->pos == was_in && o->pos == was_out)) {
            return -1;
        }
    }
    return 0;
}

/* The end of the columns a core-only decode reads (name, rank, score, percentile: the writer
 * puts them first), from the column table at raw's start; rsize when the table is unreadable
 * (the full decode then reports what is wrong). */
static size_t core_end(const unsigned char *raw, size_t have, size_t rsize)
{
    uint32_t nc = have >= 8 ? snap_get_u32(raw + 4) : 0;
    if (have < 8 || nc > 64 || 8 + 16 * (size_t)nc > have) {
        return rsize;
    }
    uint64_t end = 8 + 16 * (uint64_t)nc;
    for (uint32_t k = 0; k < nc; k++) {
        const unsigned char *d = raw + 8 + 16 * (size_t)k;
        uint32_t id = snap_get_u32(d);
        uint64_t stop = (uint64_t)snap_get_u32(d + 8) + snap_get_u32(d + 12);
        if (id >= SNAP_COL_NAME && id <= SNAP_COL_PERCENTILE && stop > end) {
            end = stop;
        }
    }
    return end < rsize ? (size_t)end : rsize;
}

/* Like snap_load_raw, but decompresses only the block's start up to the end of the core
 * columns (about half a record block: zstd stops after the blocks of its own that hold them).
 * The bytes past *have are not written. The checksum still covers the whole block. */
static int load_core(unsigned char **out, size_t *have, pr_snapshot *s, uint32_t di, pr_error *err)
{
    const snap_dir_entry *e = &s->dir[di];
    unsigned char *raw;
    int rc;
    *out = NULL;
    if ((rc = load_and_allocate(&raw, s, di, err)) != PR_OK) {
        return rc;
    }
    ZSTD_inBuffer in = {s->cbuf, e->csize, 0};
    ZSTD_outBuffer o = {raw, 0, 0};
    size_t table = 8 + 16 * 64 < e->rsize ? 8 + 16 * 64 : (size_t)e->rsize;
    ZSTD_DCtx_reset(s->dctx, ZSTD_reset_session_only);
    if (inflate_until(s, &o, &in, table) != 0 ||
        inflate_until(s, &o, &in, core_end(raw, o.pos, e->rsize)) != 0) {
        pr_free(raw);
        return bad(err, s, PR_EFORMAT, "block does not decompress", di);
    }
    raw[o.pos] = '\0';
    *have = o.pos;
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
        return PR_EFORMAT;
    }
    uint32_t nc = snap_get_u32(raw + 4);
    if (nc > 64 || 8 + 16 * (uint64_t)nc > rsize) {
        return PR_EFORMAT;
    }
    for (uint32_t k = 0; k < nc; k++) {
        const unsigned char *d = raw + 8 + 16 * (size_t)k;
        uint32_t id = snap_get_u32(d);
        uint64_t off = snap_get_u32(d + 8), len = snap_get_u32(d + 12);
        if (off + len > rsize) {
            return PR_EFORMAT;
        }
        if (id >= 1 && id <= SNAP_COL_LAST) {
            if (refs[id].p != NULL) {
                return PR_EFORMAT; /* a column twice */
            }
            refs[id] = (col_ref){snap_get_u32(d + 4), raw + off, (size_t)len};
        }
    }
    return PR_OK;
}

/* Row i's offset of count NUL-terminated strings filling exactly len bytes, stored into the
 * row's name_off, acct_off or expl_off (which = 0, 1, 2). */
static int split_strings(rec_row *rows, int which, const col_ref *c, uint32_t count,
                         const unsigned char *base)
{
    if (c->enc != SNAP_ENC_STRINGS || (count > 0 && (c->len == 0 || c->p[c->len - 1] != 0))) {
        return PR_EFORMAT;
    }
    size_t at = 0;
    for (uint32_t i = 0; i < count; i++) {
        const unsigned char *z = at < c->len ? memchr(c->p + at, 0, c->len - at) : NULL;
        if (z == NULL) {
            return PR_EFORMAT;
        }
        uint32_t off = (uint32_t)(c->p + at - base);
        uint32_t *slot = which == 2   ? &rows[i].expl_off
                         : which == 1 ? &rows[i].acct_off
                                      : &rows[i].name_off;
        *slot = off;
        at = (size_t)(z - c->p) + 1;
    }
    return at == c->len ? PR_OK : PR_EFORMAT;
}

/* Unpacks byte planes of items values of width bytes into host integers. */
static void *unplane(const col_ref *c, size_t items, unsigned width)
{
    void *out = pr_mallocarray(items ? items : 1, width);
    if (out == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < items; i++) {
        uint64_t v = snap_plane(c->p, items, width, i);
        if (width == 4) {
            ((uint32_t *)out)[i] = (uint32_t)v;
        } else {
            ((uint64_t *)out)[i] = v;
        }
    }
    return out;
}

static int want(const col_ref *c, uint32_t enc, size_t len)
{
    return c->p != NULL && c->enc == enc && c->len == len;
}

static double bits_double(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, 8);
    return d;
}

/* Every column present has the encoding and size the format says; the required ones exist. */
static int check_columns(const col_ref *refs, uint32_t count, uint32_t nnet)
{
    size_t c = count, k = SNAP_TOP_K, d = PR_SNAPSHOT_DELTAS;
    const col_ref *pct = &refs[SNAP_COL_PERCENTILE];
    if (!want(&refs[SNAP_COL_RANK], SNAP_ENC_F64_DELTA, 8 * c) ||
        !want(&refs[SNAP_COL_SCORE], SNAP_ENC_U16, 2 * c) || refs[SNAP_COL_NAME].p == NULL ||
        !(want(pct, SNAP_ENC_PCT_LOWER, 8 * c) || want(pct, SNAP_ENC_F64, 8 * c))) {
        return PR_EFORMAT;
    }
    static const int id[] = {SNAP_COL_NETWORK_SCORES, SNAP_COL_ENGAGERS,    SNAP_COL_ENGAGEMENT,
                             SNAP_COL_INFLUENCERS,    SNAP_COL_INFLUENCEES, SNAP_COL_DELTAS};
    static const uint32_t enc[] = {SNAP_ENC_U16, SNAP_ENC_U32, SNAP_ENC_F64,
                                   SNAP_ENC_U32, SNAP_ENC_U32, SNAP_ENC_I16};
    size_t size[] = {2 * c * nnet, 4 * c, 8 * c, 4 * c * k, 4 * c * k, 2 * c * d};
    for (size_t i = 0; i < sizeof id / sizeof id[0]; i++) {
        if (refs[id[i]].p != NULL && !want(&refs[id[i]], enc[i], size[i])) {
            return PR_EFORMAT;
        }
    }
    return PR_OK;
}

/* Rank (delta-coded), score and percentile of every row. */
static void fill_required(rec_block *r, const col_ref *refs, uint64_t n)
{
    size_t c = r->count;
    const col_ref *pct = &refs[SNAP_COL_PERCENTILE];
    uint64_t prev = 0, lower = n;
    for (size_t i = 0; i < c; i++) {
        rec_row *w = &r->row[i];
        prev -= snap_plane(refs[SNAP_COL_RANK].p, c, 8, i);
        w->rank = bits_double(prev);
        w->score = (uint16_t)snap_plane(refs[SNAP_COL_SCORE].p, c, 2, i);
        if (pct->enc == SNAP_ENC_F64) {
            w->pct = bits_double(snap_plane(pct->p, c, 8, i));
        } else {
            lower -= snap_plane(pct->p, c, 8, i);
            w->pct = n ? 100.0 * (double)lower / (double)n : 0.0;
        }
    }
}

/* The optional values of every row, built on the first access to any of them: a batch of
 * lookups or an export reads many rows of a block, and going column by column streams through
 * the planes, where building one row at a time would cost a cache miss per value. Blocks read
 * only for names and ranks (verify, compare, most lookups' index checks) never pay for it. */
void snap_rec_build_ext(rec_block *r)
{
    size_t c = r->count, kc = c * SNAP_TOP_K, dc = c * PR_SNAPSHOT_DELTAS;
    rec_row *row = r->row;
    /* One loop per column, the test for its presence outside the loop. */
    for (size_t i = 0; r->p_eng != NULL && i < c; i++) {
        row[i].engagers = (uint32_t)snap_plane(r->p_eng, c, 4, i);
    }
    for (size_t i = 0; i < c; i++) {
        row[i].engagement = r->p_wt ? bits_double(snap_plane(r->p_wt, c, 8, i)) : NAN;
    }
    for (size_t j = 0; r->p_in != NULL && j < SNAP_TOP_K; j++) {
        for (size_t i = 0; i < c; i++) {
            row[i].infl[j] = (uint32_t)snap_plane(r->p_in, kc, 4, j * c + i);
        }
    }
    for (size_t j = 0; r->p_out != NULL && j < SNAP_TOP_K; j++) {
        for (size_t i = 0; i < c; i++) {
            row[i].infe[j] = (uint32_t)snap_plane(r->p_out, kc, 4, j * c + i);
        }
    }
    for (size_t j = 0; j < PR_SNAPSHOT_DELTAS; j++) {
        for (size_t i = 0; i < c; i++) {
            row[i].delta[j] = r->p_dl ? (int16_t)(uint16_t)snap_plane(r->p_dl, dc, 2, j * c + i)
                                      : SNAP_DELTA_NONE;
        }
    }
    for (size_t k = 0; r->net != NULL && k < r->nnet; k++) {
        for (size_t i = 0; i < c; i++) {
            r->net[i * r->nnet + k] = (uint16_t)snap_plane(r->p_net, c * r->nnet, 2, k * c + i);
        }
    }
    r->ext_built = 1;
}

static int prepare_optional(rec_block *r, const col_ref *refs, uint32_t nnet)
{
    r->p_eng = refs[SNAP_COL_ENGAGERS].p;
    r->p_wt = refs[SNAP_COL_ENGAGEMENT].p;
    r->p_in = refs[SNAP_COL_INFLUENCERS].p;
    r->p_out = refs[SNAP_COL_INFLUENCEES].p;
    r->p_dl = refs[SNAP_COL_DELTAS].p;
    r->p_net = refs[SNAP_COL_NETWORK_SCORES].p;
    r->nnet = nnet;
    r->ext_lazy = 1;
    if (r->p_net != NULL && nnet > 0) {
        r->net = pr_mallocarray((r->count ? r->count : 1) * (size_t)nnet, sizeof *r->net);
        return r->net == NULL ? PR_ENOMEM : PR_OK;
    }
    return PR_OK;
}

static int decode_columns(rec_block *r, const col_ref *refs, uint64_t n, uint32_t nnet,
                          int core_only)
{
    if (check_columns(refs, r->count, nnet) != PR_OK) {
        return PR_EFORMAT;
    }
    r->row = pr_calloc(r->count ? r->count : 1, sizeof *r->row);
    if (r->row == NULL) {
        return PR_ENOMEM;
    }
    int rc = split_strings(r->row, 0, &refs[SNAP_COL_NAME], r->count, r->raw);
    /* Core only: the other columns were not decompressed (load_core). */
    r->has_accounts = !core_only && refs[SNAP_COL_ACCOUNTS].p != NULL;
    if (rc == PR_OK && r->has_accounts) {
        rc = split_strings(r->row, 1, &refs[SNAP_COL_ACCOUNTS], r->count, r->raw);
    }
    r->has_explain = !core_only && refs[SNAP_COL_EXPLAIN].p != NULL;
    if (rc == PR_OK && r->has_explain) {
        rc = split_strings(r->row, 2, &refs[SNAP_COL_EXPLAIN], r->count, r->raw);
    }
    if (rc != PR_OK) {
        return rc;
    }
    fill_required(r, refs, n);
    return core_only ? PR_OK : prepare_optional(r, refs, nnet);
}

/* 1 when the core columns present end before `end` (what load_core decompressed). */
static int core_within(const col_ref *refs, const unsigned char *end)
{
    for (int id = SNAP_COL_NAME; id <= SNAP_COL_PERCENTILE; id++) {
        if (refs[id].p != NULL && refs[id].p + refs[id].len > end) {
            return 0;
        }
    }
    return 1;
}

int snap_decode_rec(rec_block **out, pr_snapshot *s, uint32_t b, pr_error *err)
{
    return snap_decode_rec_part(out, s, b, 0, err);
}

int snap_decode_rec_part(rec_block **out, pr_snapshot *s, uint32_t b, int core_only, pr_error *err)
{
    uint32_t di = 1 + b;
    rec_block *r = pr_calloc(1, sizeof *r);
    *out = NULL;
    if (r == NULL) {
        return pr_error_set(err, PR_ENOMEM, s->path, 0, "out of memory reading a block");
    }
    size_t have = 0;
    int rc = core_only ? load_core(&r->raw, &have, s, di, err) : snap_load_raw(&r->raw, s, di, err);
    if (rc != PR_OK) {
        snap_rec_free(r);
        return rc;
    }
    r->count = s->dir[di].items;
    col_ref refs[SNAP_COL_LAST + 1];
    memset(refs, 0, sizeof refs);
    if ((rc = read_table(refs, r->raw, s->dir[di].rsize, r->count)) != PR_OK) {
        goto done;
    }
    if (core_only && !core_within(refs, r->raw + have)) {
        rc = PR_EFORMAT;
        goto done;
    }
    if ((rc = decode_columns(r, refs, s->sb.persons, s->nnet, core_only)) != PR_OK) {
        goto done;
    }
    r->bytes = (size_t)s->dir[di].rsize + (sizeof(rec_row) + 2 * s->nnet) * r->count + 64;
    *out = r;
done:
    if (rc != PR_OK) {
        snap_rec_free(r);
        return rc == PR_ENOMEM ? pr_error_set(err, rc, s->path, 0, "out of memory")
                               : bad(err, s, PR_EFORMAT, "malformed record block", di);
    }
    return PR_OK;
}

void snap_rec_free(rec_block *r)
{
    if (r == NULL) {
        return;
    }
    pr_free(r->raw);
    pr_free(r->row);
    pr_free(r->net);
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
