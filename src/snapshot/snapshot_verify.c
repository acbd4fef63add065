/* pr_snapshot_verify: every block's checksum and structure, the rank order, and that the name
 * index holds every person exactly once under the right hash. Blocks are decoded one at a time
 * and dropped, so memory stays at one block plus 12 bytes per person. */
#include "snapshot_read_internal.h"

#include <string.h>

typedef struct verify_state {
    uint64_t *key;       /* per position: bucket << 32 | fingerprint of its name */
    unsigned char *seen; /* bitmap of positions met in the index */
    double prev_rank;
    uint16_t prev_score;
    char *prev_name;
    size_t prev_cap;
} verify_state;

static int order_error(pr_snapshot *s, uint64_t pos, pr_error *err)
{
    return pr_error_set(err, PR_EFORMAT, s->path, 0,
                        "records out of order at position %llu (score, then rank, must not "
                        "increase; ties ordered by name, names unique)",
                        (unsigned long long)pos + 1);
}

static int keep_name(verify_state *v, const char *name)
{
    size_t len = strlen(name) + 1;
    if (len > v->prev_cap) {
        char *p = pr_realloc(v->prev_name, len);
        if (p == NULL) {
            return PR_ENOMEM;
        }
        v->prev_name = p;
        v->prev_cap = len;
    }
    memcpy(v->prev_name, name, len);
    return PR_OK;
}

static int check_record_block(verify_state *v, pr_snapshot *s, const rec_block *r, uint32_t b,
                              pr_error *err)
{
    uint64_t base = (uint64_t)b * s->sb.records_per_block;
    for (uint32_t i = 0; i < r->count; i++) {
        const char *name = (const char *)r->raw + r->row[i].name_off;
        uint64_t pos = base + i;
        double rank = r->row[i].rank;
        uint16_t score = r->row[i].score;
        int same_score = pos == 0 || score == v->prev_score;
        if (pos > 0 &&
            (score > v->prev_score || (rank != rank) || (same_score && rank > v->prev_rank) ||
             (same_score && rank == v->prev_rank && strcmp(v->prev_name, name) >= 0))) {
            return order_error(s, pos, err);
        }
        v->prev_score = score;
        uint64_t h = snap_name_hash(name, strlen(name));
        v->key[pos] = ((uint64_t)snap_hash_bucket(h, s->nidx) << 32) | snap_hash_fingerprint(h);
        v->prev_rank = rank;
        if (keep_name(v, name) != PR_OK) {
            return pr_error_set(err, PR_ENOMEM, s->path, 0, "out of memory");
        }
    }
    return PR_OK;
}

static int check_index_block(verify_state *v, pr_snapshot *s, const idx_block *x, uint32_t b,
                             pr_error *err)
{
    for (uint32_t i = 0; i < x->count; i++) {
        uint32_t pos = x->pos[i];
        uint64_t want = ((uint64_t)b << 32) | x->fp[i];
        if (v->key[pos] != want || (v->seen[pos / 8] >> (pos % 8)) & 1u ||
            (i > 0 && x->fp[i] < x->fp[i - 1])) {
            return pr_error_set(err, PR_EFORMAT, s->path, 0,
                                "name index block %u is inconsistent with the records", b);
        }
        v->seen[pos / 8] |= (unsigned char)(1u << (pos % 8));
    }
    return PR_OK;
}

static int verify_blocks(verify_state *v, pr_snapshot *s, pr_error *err)
{
    int rc;
    for (uint32_t b = 0; b < s->nrec; b++) {
        rec_block *r = NULL;
        if ((rc = snap_decode_rec(&r, s, b, err)) != PR_OK ||
            (rc = check_record_block(v, s, r, b, err)) != PR_OK) {
            snap_rec_free(r);
            return rc;
        }
        snap_rec_free(r);
    }
    for (uint32_t b = 0; b < s->nidx; b++) {
        idx_block *x = NULL;
        if ((rc = snap_decode_idx(&x, s, b, err)) != PR_OK ||
            (rc = check_index_block(v, s, x, b, err)) != PR_OK) {
            snap_idx_free(x);
            return rc;
        }
        snap_idx_free(x);
    }
    return PR_OK;
}

int pr_snapshot_verify(pr_snapshot *s, pr_error *err)
{
    unsigned char *header = NULL;
    int rc = snap_load_raw(&header, s, 0, err);
    pr_free(header);
    if (rc != PR_OK) {
        return rc;
    }
    verify_state v = {0};
    uint64_t n = s->sb.persons;
    v.key = pr_mallocarray(n ? n : 1, sizeof *v.key);
    v.seen = pr_calloc(n / 8 + 1, 1);
    rc = (v.key == NULL || v.seen == NULL)
             ? pr_error_set(err, PR_ENOMEM, s->path, 0, "out of memory verifying")
             : verify_blocks(&v, s, err);
    pr_free(v.key);
    pr_free(v.seen);
    pr_free(v.prev_name);
    return rc;
}
