/* pr_snapshot_compare: how two snapshots differ. A is read in rank order, each person looked up
 * in B by name; the statistics then run on flat arrays (snapshot_stats.c). */
#include "snapshot_read_internal.h"

#include <math.h>
#include <string.h>
#include <xxhash.h>

typedef struct join {
    uint32_t *posb;   /* A position - 1 -> B position (1-based), 0 = absent */
    uint32_t *posa_b; /* B position - 1 -> A position (1-based), 0 = absent */
    double *xa, *yb;  /* raw ranks of the common persons, in A order */
    uint64_t common;
    uint64_t rise_pos[PR_COMPARE_MOVERS], fall_pos[PR_COMPARE_MOVERS]; /* A positions */
    int64_t rise_by[PR_COMPARE_MOVERS], fall_by[PR_COMPARE_MOVERS];
    uint32_t rises, falls;
} join;

/* Keeps the PR_COMPARE_MOVERS largest `by` values (ties: the better A position first). */
static void keep_top(int64_t *by, uint64_t *pos, uint32_t *count, int64_t v, uint64_t p)
{
    if (v <= 0 || (*count == PR_COMPARE_MOVERS && v <= by[*count - 1])) {
        return;
    }
    uint32_t i = *count < PR_COMPARE_MOVERS ? (*count)++ : *count - 1;
    while (i > 0 && by[i - 1] < v) {
        by[i] = by[i - 1];
        pos[i] = pos[i - 1];
        i--;
    }
    by[i] = v;
    pos[i] = p;
}

static int join_alloc(join *j, uint64_t na, uint64_t nb)
{
    j->posb = pr_calloc(na ? na : 1, sizeof *j->posb);
    j->posa_b = pr_calloc(nb ? nb : 1, sizeof *j->posa_b);
    j->xa = pr_mallocarray(na ? na : 1, sizeof *j->xa);
    j->yb = pr_mallocarray(na ? na : 1, sizeof *j->yb);
    return (j->posb && j->posa_b && j->xa && j->yb) ? PR_OK : PR_ENOMEM;
}

static void join_free(join *j)
{
    pr_free(j->posb);
    pr_free(j->posa_b);
    pr_free(j->xa);
    pr_free(j->yb);
}

static int fill_mover(pr_snapshot_mover *m, pr_snapshot *s, uint64_t pos, pr_error *err)
{
    pr_snapshot_record r;
    int rc = pr_snapshot_at(&r, s, pos, err);
    if (rc == PR_OK && (m->name = pr_strdup(r.name)) == NULL) {
        rc = pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    return rc;
}

/* One snapshot's names as hashes (XXH3_128) with ranks, read block by block in order. Joining on
 * hashes instead of looking every name up in the other file turns 10^7 random reads into two
 * sequential scans and two radix sorts. A pair holds 96 bits of the hash (its key: the low 64
 * bits; the high half of idx: 32 more) and the index (the low half of idx), so that the merge
 * reads nothing else: two different names share 96 bits with probability about n^2 / 2^97,
 * below 10^-15 for 10^7 persons. */
#define IDX_MASK 0xFFFFFFFFull
typedef struct side {
    uint64_t n;
    pr_sort_pair *key; /* (low 64 bits, high 32 bits << 32 | index) */
    double *rank;      /* by index */
    uint16_t *score;   /* score x 100, by index */
} side;

static void side_free(side *x)
{
    pr_free(x->key);
    pr_free(x->rank);
    pr_free(x->score);
}

static int scan_side(side *x, pr_snapshot *s, pr_error *err)
{
    x->n = s->sb.persons;
    x->key = pr_mallocarray(x->n ? x->n : 1, sizeof *x->key);
    x->rank = pr_mallocarray(x->n ? x->n : 1, sizeof *x->rank);
    x->score = pr_mallocarray(x->n ? x->n : 1, sizeof *x->score);
    if (x->key == NULL || x->rank == NULL || x->score == NULL) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory comparing snapshots");
    }
    for (uint32_t b = 0; b < s->nrec; b++) {
        rec_block *r = NULL;
        int rc = snap_decode_rec_part(&r, s, b, 1, err);
        if (rc != PR_OK) {
            return rc;
        }
        uint64_t base = (uint64_t)b * s->sb.records_per_block;
        for (uint32_t i = 0; i < r->count; i++) {
            const char *name = (const char *)r->raw + r->row[i].name_off;
            XXH128_hash_t h = XXH3_128bits(name, strlen(name));
            x->key[base + i] = (pr_sort_pair){h.low64, (h.high64 & ~IDX_MASK) | (base + i)};
            x->rank[base + i] = r->row[i].rank;
            x->score[base + i] = r->row[i].score;
        }
        snap_rec_free(r);
    }
    return PR_OK;
}

static int sort_side(side *x, pr_error *err)
{
    pr_sort_pair *tmp = pr_mallocarray(x->n ? x->n : 1, sizeof *tmp);
    uint64_t *count = pr_calloc(2049, sizeof *count);
    if (tmp == NULL || count == NULL) {
        pr_free(tmp);
        pr_free(count);
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory comparing snapshots");
    }
    pr_radix_sort(x->key, tmp, x->n, count);
    pr_free(tmp);
    pr_free(count);
    return PR_OK;
}

/* Merges the sorted keys: posb / posa_b get the matches. A key found once on each side (the
 * rule: names are unique in a snapshot) is matched without reading posb or posa_b (an index
 * appears once in its side, so both are still 0); equal keys on one side go the long way. */
static void merge_sides(join *j, const side *a, const side *b)
{
    uint64_t i = 0, k = 0;
    while (i < a->n && k < b->n) {
        uint64_t ka = a->key[i].key, kb = b->key[k].key;
        if (ka != kb) {
            i += ka < kb;
            k += kb < ka;
            continue;
        }
        uint64_t i2 = i + 1, k2 = k + 1;
        while (i2 < a->n && a->key[i2].key == ka) {
            i2++;
        }
        while (k2 < b->n && b->key[k2].key == ka) {
            k2++;
        }
        for (uint64_t x = i; x < i2; x++) {
            uint64_t ia = a->key[x].idx & IDX_MASK, one = i2 - i == 1 && k2 - k == 1;
            for (uint64_t y = k; y < k2 && (one || j->posb[ia] == 0); y++) {
                uint64_t ib = b->key[y].idx & IDX_MASK;
                if ((a->key[x].idx ^ b->key[y].idx) <= IDX_MASK && (one || j->posa_b[ib] == 0)) {
                    j->posb[ia] = (uint32_t)(ib + 1);
                    j->posa_b[ib] = (uint32_t)(ia + 1);
                }
            }
        }
        i = i2;
        k = k2;
    }
}

static void collect(join *j, pr_snapshot_comparison *out, const side *a, const side *b)
{
    for (uint64_t p = 1; p <= out->count_a; p++) {
        uint32_t pb = j->posb[p - 1];
        if (pb == 0) {
            out->removed++;
            if (out->removed_count < PR_COMPARE_MOVERS) {
                pr_snapshot_mover m = {NULL, p, 0, NAN, NAN};
                out->removed_top[out->removed_count++] = m;
            }
            continue;
        }
        j->xa[j->common] = a->rank[p - 1];
        j->yb[j->common++] = b->rank[pb - 1];
        if (a->score[p - 1] == 100 && b->score[pb - 1] == 100) {
            out->floor_ties++; /* at the floor score 1.00 in both: their order is a tie-break */
            continue;
        }
        int64_t moved = (int64_t)p - (int64_t)pb;
        keep_top(j->rise_by, j->rise_pos, &j->rises, moved, p);
        keep_top(j->fall_by, j->fall_pos, &j->falls, -moved, p);
    }
}

/* Scans and sorts one side (a reader of its own, so the two sides can run at once). */
static int prepare_side(side *x, pr_snapshot *s, pr_error *err)
{
    int rc = scan_side(x, s, err);
    return rc == PR_OK ? sort_side(x, err) : rc;
}

static int do_join(join *j, pr_snapshot_comparison *out, pr_snapshot *a, pr_snapshot *b,
                   pr_error *err)
{
    side sa = {0}, sb = {0};
    pr_error eb = PR_ERROR_INIT;
    int ra = PR_OK, rb = PR_OK;
    /* A and B on two threads: each side touches only its own reader and arrays (one thread when
     * both are the same reader: a reader is not thread-safe). */
#pragma omp parallel sections num_threads(a == b ? 1 : 2)
    {
#pragma omp section
        ra = prepare_side(&sa, a, err);
#pragma omp section
        rb = prepare_side(&sb, b, &eb);
    }
    int rc = ra != PR_OK ? ra : rb;
    if (ra == PR_OK && rb != PR_OK) {
        *err = eb;
    }
    if (rc != PR_OK) {
        goto done;
    }
    merge_sides(j, &sa, &sb);
    collect(j, out, &sa, &sb);
done:
    side_free(&sa);
    side_free(&sb);
    return rc;
}

static void overlaps(pr_snapshot_comparison *out, const join *j, uint64_t *x, uint64_t depth)
{
    uint64_t have = 0;
    for (uint64_t d = 1; d <= depth; d++) {
        uint32_t pb = j->posb[d - 1], pa = j->posa_b[d - 1];
        have += (pb != 0 && pb <= d) + (pa != 0 && pa < d);
        x[d - 1] = have;
    }
    out->rbo_depth = depth;
    out->rbo_090 = pr_stat_rbo(x, depth, 0.9);
    out->rbo_098 = pr_stat_rbo(x, depth, 0.98);
    static const uint64_t ks[3] = {10, 100, 1000};
    for (int t = 0; t < 3; t++) {
        uint64_t ka = ks[t] < out->count_a ? ks[t] : out->count_a;
        uint64_t kb = ks[t] < out->count_b ? ks[t] : out->count_b, inter = 0;
        for (uint64_t i = 0; i < ka; i++) {
            inter += j->posb[i] != 0 && j->posb[i] <= kb;
        }
        uint64_t uni = ka + kb - inter;
        out->jaccard[t] = uni ? (double)inter / (double)uni : NAN;
    }
}

static int movers(pr_snapshot_comparison *out, const join *j, pr_snapshot *a, pr_snapshot *b,
                  pr_error *err)
{
    int rc = PR_OK;
    for (uint32_t k = 0; rc == PR_OK && k < j->rises + j->falls; k++) {
        int rise = k < j->rises;
        uint64_t pa = rise ? j->rise_pos[k] : j->fall_pos[k - j->rises];
        pr_snapshot_mover *m =
            rise ? &out->risers[out->risers_count++] : &out->fallers[out->fallers_count++];
        pr_snapshot_record r;
        if ((rc = pr_snapshot_at(&r, b, j->posb[pa - 1], err)) != PR_OK) {
            break; /* r is not filled */
        }
        double score_b = r.score;
        rc = fill_mover(m, a, pa, err);
        m->pos_a = pa;
        m->pos_b = j->posb[pa - 1];
        m->score_b = score_b;
        m->score_a = NAN;
    }
    for (uint32_t k = 0; rc == PR_OK && k < out->removed_count; k++) {
        rc = fill_mover(&out->removed_top[k], a, out->removed_top[k].pos_a, err);
    }
    for (uint64_t p = 1; rc == PR_OK && p <= out->count_b; p++) {
        if (j->posa_b[p - 1] == 0) {
            out->added++;
            if (out->added_count < PR_COMPARE_MOVERS) {
                pr_snapshot_mover *m = &out->added_top[out->added_count++];
                *m = (pr_snapshot_mover){NULL, 0, p, NAN, NAN};
                rc = fill_mover(m, b, p, err);
            }
        }
    }
    return rc;
}

/* Scores of the movers in A (a second pass so that names and scores come from one record). */
static int mover_scores(pr_snapshot_comparison *out, pr_snapshot *a, pr_snapshot *b, pr_error *err)
{
    pr_snapshot_record r;
    for (uint32_t k = 0; k < out->risers_count + out->fallers_count; k++) {
        pr_snapshot_mover *m =
            k < out->risers_count ? &out->risers[k] : &out->fallers[k - out->risers_count];
        int rc = pr_snapshot_at(&r, a, m->pos_a, err);
        if (rc != PR_OK) {
            return rc;
        }
        m->score_a = r.score;
    }
    for (uint32_t k = 0; k < out->removed_count; k++) {
        int rc = pr_snapshot_at(&r, a, out->removed_top[k].pos_a, err);
        if (rc != PR_OK) {
            return rc;
        }
        out->removed_top[k].score_a = r.score;
    }
    for (uint32_t k = 0; k < out->added_count; k++) {
        int rc = pr_snapshot_at(&r, b, out->added_top[k].pos_b, err);
        if (rc != PR_OK) {
            return rc;
        }
        out->added_top[k].score_b = r.score;
    }
    return PR_OK;
}

int pr_snapshot_compare(pr_snapshot_comparison *out, pr_snapshot *a, pr_snapshot *b, pr_error *err)
{
    memset(out, 0, sizeof *out);
    out->count_a = pr_snapshot_count(a);
    out->count_b = pr_snapshot_count(b);
    join j = {0};
    uint64_t depth = out->count_a < out->count_b ? out->count_a : out->count_b;
    depth = depth < PR_COMPARE_RBO_DEPTH ? depth : PR_COMPARE_RBO_DEPTH;
    uint64_t *x = pr_mallocarray(depth ? depth : 1, sizeof *x);
    int rc;
    if (out->count_a >= IDX_MASK || out->count_b >= IDX_MASK) { /* positions are 32-bit here */
        rc = pr_error_set(err, PR_EINVAL, NULL, 0, "too many persons to compare");
        goto done;
    }
    if (x == NULL || join_alloc(&j, out->count_a, out->count_b) != PR_OK) {
        rc = pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory comparing snapshots");
        goto done;
    }
    if ((rc = do_join(&j, out, a, b, err)) != PR_OK) {
        goto done;
    }
    out->common = j.common;
    pr_stat_rank_correlations(&out->spearman, &out->kendall_tau_b, j.xa, j.yb, j.common);
    overlaps(out, &j, x, depth);
    if ((rc = movers(out, &j, a, b, err)) != PR_OK ||
        (rc = mover_scores(out, a, b, err)) != PR_OK) {
        goto done;
    }
done:
    join_free(&j);
    pr_free(x);
    if (rc != PR_OK) {
        pr_snapshot_comparison_clear(out);
    }
    return rc;
}

void pr_snapshot_comparison_clear(pr_snapshot_comparison *c)
{
    for (int k = 0; k < PR_COMPARE_MOVERS; k++) {
        pr_free(c->risers[k].name);
        pr_free(c->fallers[k].name);
        pr_free(c->added_top[k].name);
        pr_free(c->removed_top[k].name);
        c->risers[k].name = c->fallers[k].name = c->added_top[k].name = NULL;
        c->removed_top[k].name = NULL;
    }
}
