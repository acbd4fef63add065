/* The snapshot reader's state, shared by snapshot_read.c (open, lookup, at) and
 * snapshot_verify.c (whole-file checks). */
#ifndef PR_SNAPSHOT_READ_INTERNAL_H
#define PR_SNAPSHOT_READ_INTERNAL_H

#include "snapshot_internal.h"

#include <zstd.h>

/* One decoded record block: typed columns, names pointing into raw. */
typedef struct rec_block {
    uint32_t count;
    unsigned char *raw;
    uint32_t *name_off;
    uint32_t *acct_off; /* NULL when the file has no accounts */
    double *rank, *pct, *engagement;
    uint16_t *score, *net; /* net: count * networks, network-major */
    uint32_t *engagers, *infl, *infe; /* infl/infe: count * TOP_K, slot-major */
    int16_t *delta; /* count * DELTAS, slot-major */
    size_t bytes;
} rec_block;

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
int snap_decode_idx(idx_block **out, pr_snapshot *s, uint32_t b, pr_error *err);
void snap_rec_free(rec_block *r);
void snap_idx_free(idx_block *x);

#endif
