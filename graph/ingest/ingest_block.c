/* The fast path shared by the line formats: read a block of whole lines, parse its lines in
 * parallel (OpenMP) into fixed-size records, then apply the records in input order on one
 * thread (interning, storing), prefetching a few records ahead. Apply order is input order, so
 * ids, errors and results do not depend on the thread count. */
#include "ingest_internal.h"

#include <string.h>

#define BLOCK_BYTES (1u << 20)
#define PREFETCH_AHEAD 16

typedef struct block_lines {
    uint32_t *start, *len; /* each line's offset and length in the block ('\n' and '\r' cut) */
    uint64_t count, cap;
    unsigned char *recs;
    uint64_t rec_cap;
} block_lines;

static int split_lines(block_lines *b, const char *data, size_t len)
{
    b->count = 0;
    const char *p = data, *end = data + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        if (b->count == b->cap) {
            uint64_t cap = b->cap ? b->cap * 2 : 65536;
            if (pr_resize(&b->start, cap, sizeof *b->start) != PR_OK ||
                pr_resize(&b->len, cap, sizeof *b->len) != PR_OK) {
                return PR_ENOMEM;
            }
            b->cap = cap;
        }
        size_t n = (size_t)(stop - p);
        n -= n > 0 && p[n - 1] == '\r';
        b->start[b->count] = (uint32_t)(p - data);
        b->len[b->count] = (uint32_t)n;
        b->count++;
        p = nl ? nl + 1 : end;
    }
    return PR_OK;
}

static int ensure_recs(block_lines *b, size_t rec_size)
{
    if (b->count <= b->rec_cap) {
        return PR_OK;
    }
    unsigned char *r = pr_realloc(b->recs, b->count * rec_size);
    if (r == NULL) {
        return PR_ENOMEM;
    }
    b->recs = r;
    b->rec_cap = b->count;
    return PR_OK;
}

/* A line the record parser marked bad, blank or with a NUL: counted and reported in order. */
int pr_ingest__line_precheck(const char *line, size_t len)
{
    if (memchr(line, '\0', len) != NULL) {
        return -1;
    }
    if (len == 0 || line[0] == '#') {
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        if (line[i] != ' ' && line[i] != '\t') {
            return 1;
        }
    }
    return 0;
}

static int apply_block(pr_ingest *ig, const block_lines *b, const char *data, uint64_t first,
                       const pr_line_format *f, void *ctx, const char *file, pr_error *err)
{
    for (uint64_t i = 0; i < b->count; i++) {
        for (int stage = 0; f->prefetch != NULL && stage < 3; stage++) {
            uint64_t ahead = i + (uint64_t)(PREFETCH_AHEAD >> stage);
            if (ahead < b->count) {
                f->prefetch(ig, b->recs + ahead * f->rec_size, stage, ctx);
            }
        }
        ig->sum.lines++;
        int rc = f->apply(ig, b->recs + i * f->rec_size, data + b->start[i], b->len[i], file,
                          first + i, ctx, err);
        if (rc < 0) {
            return rc;
        }
    }
    return PR_OK;
}

int pr_ingest__read_blocks(pr_ingest *ig, pr_reader *r, const pr_line_format *f, void *ctx,
                           pr_error *err)
{
    block_lines b;
    memset(&b, 0, sizeof b);
    const char *data;
    size_t len;
    uint64_t first;
    int rc;
    const char *file = pr_reader_name(r);
    while ((rc = pr_reader_block(r, &data, &len, &first, BLOCK_BYTES, err)) != 0) {
        if (rc == PR_ELIMIT) { /* one over-long line: a bad line of its own */
            ig->sum.lines++;
            rc = pr_ingest__bad_line(ig, err, file, pr_reader_line_number(r), PR_SKIP_LONG_LINE,
                                     "line longer than %u bytes", PR_MAX_LINE);
            if (rc < 0) {
                break;
            }
            continue;
        }
        if (rc < 0 || (rc = split_lines(&b, data, len)) != PR_OK ||
            (rc = ensure_recs(&b, f->rec_size)) != PR_OK) {
            break;
        }
#pragma omp parallel for schedule(static)
        for (int64_t i = 0; i < (int64_t)b.count; i++) {
            f->parse(b.recs + (uint64_t)i * f->rec_size, data + b.start[i], b.len[i], ctx);
        }
        pr_reader_count_lines(r, b.count);
        rc = apply_block(ig, &b, data, first, f, ctx, file, err);
        if (rc < 0) {
            break;
        }
        pr_ingest__report_progress(ig, r);
    }
    if (rc == PR_ENOMEM && err != NULL && err->code != PR_ENOMEM) {
        pr_error_set(err, PR_ENOMEM, file, 0, "out of memory");
    }
    pr_free(b.start), pr_free(b.len), pr_free(b.recs);
    return rc < 0 ? rc : PR_OK;
}
