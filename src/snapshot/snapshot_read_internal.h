/* The snapshot reader's state, shared by snapshot_read.c (open, lookup, at) and
 * snapshot_verify.c (whole-file checks). */
#ifndef PR_SNAPSHOT_READ_INTERNAL_H
#define PR_SNAPSHOT_READ_INTERNAL_H

#include "snapshot_internal.h"

#include <zstd.h>

/* One person of a decoded record block. Blocks are stored column by column in byte planes
 * (compresses well); a lookup touches one person, so decoding turns them into rows that it reads
 * with a cache miss or two. */
typedef struct rec_row {
    double rank, pct, engagement;          /* engagement NaN when absent */
    uint32_t name_off, acct_off, expl_off; /* offsets into the block's raw bytes */
    uint32_t engagers;
    uint16_t score;
    int16_t delta[PR_SNAPSHOT_DELTAS];
    uint32_t infl[SNAP_TOP_K], infe[SNAP_TOP_K];
} rec_row;

typedef struct rec_block {
    uint32_t count;
    int has_accounts, has_explain;
    unsigned char *raw;
    rec_row *row;  /* name, rank, score, percentile of every row at once */
    uint16_t *net; /* count * networks, [i * networks + k]; NULL when absent */
    /* Optional values are built for the whole block on first use (snap_rec_build_ext);
     * ext_lazy = 0: decoded core-only. Plane pointers into raw, NULL when the column is absent. */
    int ext_lazy, ext_built;
    const unsigned char *p_eng, *p_wt, *p_in, *p_out, *p_dl, *p_net;
    uint32_t nnet;
    size_t bytes;
} rec_block;

void snap_rec_build_ext(rec_block *r);

/* Value idx of a column of `items` values stored as byte planes of `width` (1 to 8) bytes.
 * Written out rather than looped: callers pass a constant width, so each call becomes `width`
 * loads and no loop (a loop here was a third of the block decoding). */
static inline uint64_t snap_plane(const unsigned char *p, size_t items, unsigned width, size_t idx)
{
    const unsigned char *q = p + idx;
    uint64_t v = q[0];
    v |= width > 1 ? (uint64_t)q[items] << 8 : 0;
    v |= width > 2 ? (uint64_t)q[2 * items] << 16 : 0;
    v |= width > 3 ? (uint64_t)q[3 * items] << 24 : 0;
    v |= width > 4 ? (uint64_t)q[4 * items] << 32 : 0;
    v |= width > 5 ? (uint64_t)q[5 * items] << 40 : 0;
    v |= width > 6 ? (uint64_t)q[6 * items] << 48 : 0;
    v |= width > 7 ? (uint64_t)q[7 * items] << 56 : 0;
    return v;
}

typedef struct idx_block {
    uint32_t count;
    uint32_t *fp, *pos;
    size_t bytes;
} idx_block;

struct pr_snapshot {
    int fd;
    char *path;
    snap_superblock sb;
    snap_dir_entry *dir;
    uint32_t nrec, nidx; /* record blocks are dir[1..nrec], index blocks follow */
    pr_snapshot_meta meta;
    char *header_text;
    char *extra_json;
    uint32_t nnet;
    char networks[SNAP_MAX_NETWORKS][40];
    char *delta_source[PR_SNAPSHOT_DELTAS];
    uint32_t columns; /* bit i: column i listed in the header */
    rec_block **rec;
    idx_block **idx;
    size_t cache_bytes, cache_cap;
    unsigned char *cbuf;
    size_t cbuf_cap;
    ZSTD_DCtx *dctx;
    double net_buf[SNAP_MAX_NETWORKS];
};

/* Reads, checks and decompresses directory entry di into a fresh buffer of dir[di].rsize + 1
 * bytes (NUL-terminated). */
int snap_load_raw(unsigned char **out, pr_snapshot *s, uint32_t di, pr_error *err);
/* Decodes record block b / index block b (not cached; the caller owns the result). */
int snap_decode_rec(rec_block **out, pr_snapshot *s, uint32_t b, pr_error *err);
/* core_only: names, rank, score and percentile only (the other row fields stay zero; the other
 * columns are not even decompressed, and has_accounts / has_explain are 0). */
int snap_decode_rec_part(rec_block **out, pr_snapshot *s, uint32_t b, int core_only, pr_error *err);
int snap_decode_idx(idx_block **out, pr_snapshot *s, uint32_t b, pr_error *err);
void snap_rec_free(rec_block *r);
/* The names of the persons at pos[0..n) (n <= SNAP_NAMES_AT_MAX; pos 0: NULL), their memory reads
 * overlapped (a record's neighbour lists). Valid until the next public call on s. */
#define SNAP_NAMES_AT_MAX 16
int snap_names_at(const char **names, pr_snapshot *s, const uint64_t *pos, size_t n, pr_error *err);
void snap_idx_free(idx_block *x);

#endif
