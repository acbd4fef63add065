/* Sharded ingest over the processes: each process reads its share of the inputs, then the shards
 * are merged in input order on every process (pr_dist_read_inputs in peoplerank/dist.h).
 *
 * The share: the inputs, concatenated in order, are cut into P byte segments of equal size.
 * Process p reads the lines that start in its segment of every plain events or edges file (a
 * byte range cut at line ends), and whole every other file (compressed, or of a format with a
 * header) whose first byte lies in its segment. Shares thus follow input order: process p's
 * lines all come before process p+1's, so that appending the shards in process order replays
 * the inputs in order. Line numbers of a range start where the ranges before it end (counted by
 * each process over its own range, then an exclusive scan). */
#include "dist_internal.h"
#include "peoplerank/line_reader.h"

#include <string.h>

#define BCAST_PIECE (1u << 30) /* bytes per broadcast: MPI counts are int */

typedef struct share {
    int whole;           /* 1: this process reads the whole file */
    uint64_t begin, end; /* else the byte range [begin, end) (nothing when begin == end) */
    uint64_t first_line; /* the range's first line number */
} share;

typedef struct group {
    int me, size;
} group;

static uint64_t segment_start(uint64_t total, int p, int size)
{
    return total / (uint64_t)size * (uint64_t)p +
           total % (uint64_t)size * (uint64_t)p / (uint64_t)size;
}

/* Process 0 looks at every input (size, plain or compressed); every process learns the answer.
 * An input it cannot open counts as 0 bytes, read whole: its reader meets the error in order. */
static void probe_inputs(uint64_t *info, const pr_dist_input *in, size_t count, const group *g)
{
    for (size_t i = 0; g->me == 0 && i < count; i++) {
        uint64_t size = 0;
        int plain = 0;
        pr_error ignored = PR_ERROR_INIT;
        if (strcmp(in[i].path, "-") == 0 ||
            pr_reader_probe(in[i].path, &size, &plain, &ignored) != PR_OK) {
            size = 0, plain = 0;
        }
        info[2 * i] = size;
        info[2 * i + 1] = plain && pr_ingest_splittable(in[i].format);
    }
    dist__must(dist__comm()->bcast(info, (int)(2 * count), DIST_U64, 0));
}

/* This process's share of each input, and the first line number of each of its ranges. */
static int plan_shares(share *sh, const pr_dist_input *in, size_t count, const group *g,
                       pr_error *err)
{
    uint64_t *info = pr_calloc(2 * count + 1, sizeof *info);
    uint64_t *lines = pr_calloc(count + 1, sizeof *lines);
    uint64_t *before = pr_calloc(count + 1, sizeof *before);
    int rc =
        info && lines && before ? PR_OK : pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    if ((rc = pr_dist_agree(rc, err)) != PR_OK) {
        pr_free(info), pr_free(lines), pr_free(before);
        return rc;
    }
    probe_inputs(info, in, count, g);
    uint64_t total = 0;
    for (size_t i = 0; i < count; i++) {
        total += info[2 * i];
    }
    uint64_t lo = segment_start(total, g->me, g->size);
    uint64_t hi = segment_start(total, g->me + 1, g->size), at = 0;
    for (size_t i = 0; i < count; i++) {
        uint64_t size = info[2 * i];
        memset(&sh[i], 0, sizeof sh[i]);
        if (info[2 * i + 1]) {
            uint64_t b = at > lo ? at : lo, e = at + size < hi ? at + size : hi;
            if (b < e) {
                sh[i].begin = b - at, sh[i].end = e - at;
            }
        } else {
            /* the last process also takes the empty files at the very end */
            sh[i].whole = (lo <= at && at < hi) || (g->me == g->size - 1 && at >= hi);
        }
        if (rc == PR_OK && sh[i].begin < sh[i].end) {
            rc = pr_reader_range_lines(&lines[i], in[i].path, sh[i].begin, sh[i].end, err);
        }
        at += size;
    }
    dist__must(dist__comm()->exscan_sum(lines, before, (int)count, DIST_U64));
    for (size_t i = 0; i < count; i++) {
        sh[i].first_line = (g->me == 0 ? 0 : before[i]) + 1;
    }
    pr_free(info), pr_free(lines), pr_free(before);
    return pr_dist_agree(rc, err);
}

/* Reads this process's share into a new shard; stops at the first error, as one process would. */
static int read_shard(pr_ingest **shard, const share *sh, const pr_dist_input *in, size_t count,
                      const pr_ingest_opts *opts, const char *csv_columns, uint64_t skipped_before,
                      pr_error *err)
{
    int rc = pr_ingest_new(shard, opts);
    if (rc != PR_OK) {
        return pr_error_set(err, rc, NULL, 0, "cannot start ingest: %s", pr_strerror(rc));
    }
    if (csv_columns != NULL && (rc = pr_ingest_set_csv_columns(*shard, csv_columns)) != PR_OK) {
        return pr_error_set(err, rc, NULL, 0, "--columns: %s", pr_strerror(rc));
    }
    pr_ingest_set_skipped_before(*shard, skipped_before);
    for (size_t i = 0; rc == PR_OK && i < count; i++) {
        if (sh[i].whole) {
            rc = pr_ingest_add_file(*shard, in[i].format, in[i].network, in[i].path, err);
        } else if (sh[i].begin < sh[i].end) {
            rc = pr_ingest_add_range(*shard, in[i].format, in[i].network, in[i].path, sh[i].begin,
                                     sh[i].end, sh[i].first_line, err);
        } else {
            rc = pr_ingest_skip_input(*shard, in[i].path);
            rc = rc == PR_OK ? PR_OK : pr_error_set(err, rc, NULL, 0, "out of memory");
        }
    }
    return rc;
}

/* The outcome of the reads, as one process reading in order would have it: the first shard
 * that failed, unless the bad lines of the shards before it and its own pass --max-errors
 * first; then the shard where they pass it reads again, knowing how many came before, to fail
 * on that line with that message. Collective; every process returns the same rc and err. */
static int agree_reads(int rc, pr_ingest **shard, const share *sh, const pr_dist_input *in,
                       size_t count, const pr_ingest_opts *opts, const char *csv_columns,
                       const group *g, pr_error *err)
{
    uint64_t mine[2] = {(uint64_t)(int64_t)rc,
                        *shard ? pr_ingest_get_summary(*shard)->skipped_lines : 0};
    uint64_t *all = pr_mallocarray(2 * (size_t)g->size, sizeof *all);
    if (all == NULL) { /* cannot learn the others' outcome: end them all */
        pr_error e = PR_ERROR_INIT;
        pr_error_set(&e, PR_ENOMEM, NULL, 0, "out of memory");
        pr_dist_fail(&e);
    }
    dist__must(dist__comm()->allgather(mine, 2, DIST_U64, all));
    uint64_t before = 0;
    int q = 0, past_limit = 0;
    for (; q < g->size; q++) {
        uint64_t skipped = all[2 * q + 1];
        if (opts->max_errors > 0 && before + skipped > opts->max_errors) {
            past_limit = 1;
            break;
        }
        if ((int)(int64_t)all[2 * q] != PR_OK) {
            break;
        }
        before += skipped;
    }
    pr_free(all);
    if (q == g->size) {
        return PR_OK;
    }
    if (past_limit && g->me == q) {
        pr_ingest_free(*shard);
        *shard = NULL;
        rc = read_shard(shard, sh, in, count, opts, csv_columns, before, err);
        if (rc == PR_OK) { /* the files changed under us */
            rc = pr_error_set(err, PR_EPARSE, NULL, 0,
                              "too many bad lines (more than --max-errors %llu)",
                              (unsigned long long)opts->max_errors);
        }
    }
    return dist__failure_of(q, rc, err);
}

/* Every process receives process q's packed shard and appends it to ig. */
static int append_shard_of(pr_ingest *ig, int q, char *mine, uint64_t mine_len, const group *g,
                           pr_error *err)
{
    uint64_t len = mine_len;
    dist__must(dist__comm()->bcast(&len, 1, DIST_U64, q));
    char *buf = g->me == q ? mine : pr_malloc(len ? len : 1);
    int rc =
        buf ? PR_OK : pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory merging the shards");
    if ((rc = pr_dist_agree(rc, err)) != PR_OK) {
        if (buf != mine) {
            pr_free(buf);
        }
        return rc;
    }
    for (uint64_t at = 0; at < len; at += BCAST_PIECE) {
        int piece = (int)(len - at < BCAST_PIECE ? len - at : BCAST_PIECE);
        dist__must(dist__comm()->bcast(buf + at, piece, DIST_BYTE, q));
    }
    rc = pr_ingest_append_packed(ig, buf, len, err);
    if (buf != mine) {
        pr_free(buf);
    }
    return pr_dist_agree(rc, err);
}

int pr_dist_read_inputs(pr_ingest *ig, const pr_ingest_opts *opts, const char *csv_columns,
                        const pr_dist_input *in, size_t count, pr_error *err)
{
    group g = {(int)pr_dist_rank(), (int)pr_dist_size()};
    if (g.size == 1) {
        return dist__read_inputs_here(ig, in, count, err);
    }
    share *sh = pr_calloc(count + 1, sizeof *sh);
    int rc = sh ? PR_OK : pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    if ((rc = pr_dist_agree(rc, err)) != PR_OK) {
        return rc;
    }
    pr_ingest *shard = NULL;
    char *packed = NULL;
    uint64_t packed_len = 0;
    rc = plan_shares(sh, in, count, &g, err);
    if (rc == PR_OK) {
        rc = read_shard(&shard, sh, in, count, opts, csv_columns, 0, err);
        rc = agree_reads(rc, &shard, sh, in, count, opts, csv_columns, &g, err);
    }
    if (rc == PR_OK) {
        rc = pr_ingest_pack(shard, &packed, &packed_len);
        rc =
            rc == PR_OK ? PR_OK : pr_error_set(err, rc, NULL, 0, "out of memory packing the shard");
        rc = pr_dist_agree(rc, err);
    }
    pr_ingest_free(shard); /* packed: the shard itself is no longer needed */
    for (int q = 0; rc == PR_OK && q < g.size; q++) {
        rc = append_shard_of(ig, q, packed, packed_len, &g, err);
    }
    pr_free(packed);
    pr_free(sh);
    return rc;
}
