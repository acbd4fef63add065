/* Reading an input: a file or stdin, plain, gzip or zstd (detected by magic bytes, never by
 * name), cut into lines of at most PR_MAX_LINE bytes. Decompression uses zlib and libzstd. */
#include "peoplerank/line_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

enum { KIND_PLAIN, KIND_GZIP, KIND_ZSTD };

#define IN_CAP (1u << 20)
#define BUF_CAP (4u * PR_MAX_LINE)

struct pr_reader {
    int fd;
    int kind;
    int in_eof;     /* the file is exhausted */
    int out_eof;    /* no more decompressed bytes will come */
    int skip_long;  /* discarding the rest of an over-long line */
    int stream_end; /* the compressed stream ended cleanly (gzip: member end, zstd: frame end) */
    z_stream zs;
    int zs_init;
    ZSTD_DCtx *zd;
    unsigned char *in;
    size_t in_pos, in_len;
    char *buf;
    size_t start, end, scan; /* unconsumed bytes are buf[start, end); no '\n' in [start, scan) */
    uint64_t line_no;
    uint64_t bytes;     /* read from the file (compressed or not) */
    int limited;        /* a byte range of the file (pr_reader_open_range) */
    uint64_t remaining; /* bytes of that range not read yet */
    char name[512];
};

static int read_more(pr_reader *r, pr_error *err)
{
    if (r->in_pos < r->in_len || r->in_eof) {
        return PR_OK;
    }
    size_t want = r->limited && r->remaining < IN_CAP ? (size_t)r->remaining : IN_CAP;
    for (;;) {
        ssize_t got = want > 0 ? read(r->fd, r->in, want) : 0;
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            return pr_error_set(err, PR_EIO, r->name, 0, "read failed: %s", strerror(errno));
        }
        r->in_pos = 0;
        r->in_len = (size_t)got;
        r->bytes += (uint64_t)got;
        r->remaining -= r->limited ? (uint64_t)got : 0;
        r->in_eof = (got == 0);
        return PR_OK;
    }
}

static int fill_plain(pr_reader *r, char *dst, size_t cap, size_t *got, pr_error *err)
{
    int rc = read_more(r, err);
    if (rc != PR_OK) {
        return rc;
    }
    size_t n = r->in_len - r->in_pos;
    n = n < cap ? n : cap;
    memcpy(dst, r->in + r->in_pos, n);
    r->in_pos += n;
    *got = n;
    r->out_eof = r->in_eof;
    return PR_OK;
}

static int truncated(pr_reader *r, const char *what, pr_error *err)
{
    return pr_error_set(err, PR_EFORMAT, r->name, 0,
                        "truncated %s stream (the file ends inside compressed data)", what);
}

/* One decompression step of the input held in r->in into dst: *got bytes out. */
typedef int (*decompress_fn)(pr_reader *r, char *dst, size_t cap, size_t *got, pr_error *err);

static int gzip_step(pr_reader *r, char *dst, size_t cap, size_t *got, pr_error *err)
{
    if (r->stream_end) { /* another gzip member follows (concatenated .gz files) */
        inflateReset(&r->zs);
        r->stream_end = 0;
    }
    r->zs.next_in = r->in + r->in_pos;
    r->zs.avail_in = (uInt)(r->in_len - r->in_pos);
    r->zs.next_out = (Bytef *)dst;
    r->zs.avail_out = (uInt)cap;
    int zr = inflate(&r->zs, Z_NO_FLUSH);
    r->in_pos = r->in_len - r->zs.avail_in;
    *got = cap - r->zs.avail_out;
    if (zr == Z_STREAM_END) {
        r->stream_end = 1;
    } else if (zr != Z_OK && zr != Z_BUF_ERROR) {
        return pr_error_set(err, PR_EFORMAT, r->name, 0, "corrupt gzip stream: %s",
                            r->zs.msg ? r->zs.msg : "inflate failed");
    }
    return PR_OK;
}

static int zstd_step(pr_reader *r, char *dst, size_t cap, size_t *got, pr_error *err)
{
    ZSTD_inBuffer in = {r->in, r->in_len, r->in_pos};
    ZSTD_outBuffer out = {dst, cap, 0};
    size_t zr = ZSTD_decompressStream(r->zd, &out, &in);
    if (ZSTD_isError(zr)) {
        return pr_error_set(err, PR_EFORMAT, r->name, 0, "corrupt zstd stream: %s",
                            ZSTD_getErrorName(zr));
    }
    r->in_pos = in.pos;
    r->stream_end = (zr == 0);
    *got = out.pos;
    return PR_OK;
}

/* Reads and decompresses until some bytes come out or the input ends (cleanly only at the end
 * of a stream). */
static int fill_compressed(pr_reader *r, char *dst, size_t cap, size_t *got, const char *what,
                           decompress_fn step, pr_error *err)
{
    *got = 0;
    while (*got == 0) {
        int rc = read_more(r, err);
        if (rc != PR_OK) {
            return rc;
        }
        if (r->in_pos == r->in_len) {
            r->out_eof = 1;
            return r->stream_end ? PR_OK : truncated(r, what, err);
        }
        if ((rc = step(r, dst, cap, got, err)) != PR_OK) {
            return rc;
        }
    }
    return PR_OK;
}

static int fill(pr_reader *r, char *dst, size_t cap, size_t *got, pr_error *err)
{
    switch (r->kind) {
    case KIND_GZIP:
        return fill_compressed(r, dst, cap, got, "gzip", gzip_step, err);
    case KIND_ZSTD:
        return fill_compressed(r, dst, cap, got, "zstd", zstd_step, err);
    default:
        return fill_plain(r, dst, cap, got, err);
    }
}

static int detect(pr_reader *r, pr_error *err)
{
    /* Gather at least 4 bytes (or the whole input when shorter) to look at the magic. */
    while (!r->in_eof && r->in_len < 4) {
        ssize_t got = read(r->fd, r->in + r->in_len, IN_CAP - r->in_len);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            return pr_error_set(err, PR_EIO, r->name, 0, "read failed: %s", strerror(errno));
        }
        r->in_len += (size_t)got;
        r->bytes += (uint64_t)got;
        r->in_eof = (got == 0);
    }
    const unsigned char *m = r->in;
    if (r->in_len >= 4 && m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f && m[3] == 0xfd) {
        r->kind = KIND_ZSTD;
        r->zd = ZSTD_createDCtx();
        return r->zd ? PR_OK : pr_error_set(err, PR_ENOMEM, r->name, 0, "out of memory");
    }
    if (r->in_len >= 2 && m[0] == 0x1f && m[1] == 0x8b) {
        r->kind = KIND_GZIP;
        if (inflateInit2(&r->zs, 15 + 16) != Z_OK) {
            return pr_error_set(err, PR_ENOMEM, r->name, 0, "cannot start gzip decoder");
        }
        r->zs_init = 1;
        return PR_OK;
    }
    r->kind = KIND_PLAIN;
    return PR_OK;
}

int pr_reader_open(pr_reader **out, const char *path, pr_error *err)
{
    *out = NULL;
    pr_reader *r = pr_calloc(1, sizeof *r);
    if (r == NULL) {
        return pr_error_set(err, PR_ENOMEM, path, 0, "out of memory");
    }
    r->fd = -1;
    int is_stdin = strcmp(path, "-") == 0;
    snprintf(r->name, sizeof r->name, "%s", is_stdin ? "(stdin)" : path);
    r->in = pr_malloc(IN_CAP);
    r->buf = pr_malloc(BUF_CAP + 1); /* + 1: a NUL after the last line */
    if (r->in == NULL || r->buf == NULL) {
        pr_reader_close(r);
        return pr_error_set(err, PR_ENOMEM, path, 0, "out of memory");
    }
    r->fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
    if (r->fd < 0) {
        int code = errno == ENOENT ? PR_ENOTFOUND : PR_EIO;
        pr_error_set(err, code, path, 0, "cannot open: %s", strerror(errno));
        pr_reader_close(r);
        return code;
    }
    int rc = detect(r, err);
    if (rc != PR_OK) {
        pr_reader_close(r);
        return rc;
    }
    *out = r;
    return PR_OK;
}

/* ---- Byte ranges of a plain file: a line belongs to the range that holds its first byte. ---- */

/* The first line start at or after pos: pos itself when the byte before it is '\n' (or pos is
 * 0), else just past the next '\n' (size when there is none). */
static int line_start(uint64_t *out, int fd, uint64_t pos, uint64_t size, const char *path,
                      pr_error *err)
{
    char buf[65536];
    if (pos == 0 || pos >= size) {
        *out = pos < size ? pos : size;
        return PR_OK;
    }
    for (uint64_t at = pos - 1; at < size;) {
        ssize_t got = pread(fd, buf, sizeof buf, (off_t)at);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            return pr_error_set(err, PR_EIO, path, 0, "read failed: %s",
                                got < 0 ? strerror(errno) : "file shrank");
        }
        const char *nl = memchr(buf, '\n', (size_t)got);
        if (nl != NULL) {
            *out = at + (uint64_t)(nl - buf) + 1;
            return PR_OK;
        }
        at += (uint64_t)got;
    }
    *out = size;
    return PR_OK;
}

/* Opens path and finds the range's line-aligned bounds [*from, *to) and the file's size. */
static int range_bounds(int *fd, uint64_t *from, uint64_t *to, uint64_t *size, const char *path,
                        uint64_t begin, uint64_t end, pr_error *err)
{
    struct stat st;
    *fd = open(path, O_RDONLY);
    if (*fd < 0) {
        int code = errno == ENOENT ? PR_ENOTFOUND : PR_EIO;
        return pr_error_set(err, code, path, 0, "cannot open: %s", strerror(errno));
    }
    if (fstat(*fd, &st) != 0) {
        return pr_error_set(err, PR_EIO, path, 0, "cannot stat: %s", strerror(errno));
    }
    *size = (uint64_t)st.st_size;
    int rc;
    if ((rc = line_start(from, *fd, begin, *size, path, err)) != PR_OK ||
        (rc = line_start(to, *fd, end, *size, path, err)) != PR_OK) {
        return rc;
    }
    *to = *to > *from ? *to : *from;
    return PR_OK;
}

int pr_reader_probe(const char *path, uint64_t *size, int *plain, pr_error *err)
{
    pr_reader *r = NULL;
    int rc = pr_reader_open(&r, path, err);
    if (rc != PR_OK) {
        return rc;
    }
    struct stat st;
    *size = 0, *plain = 0;
    if (fstat(r->fd, &st) != 0) {
        rc = pr_error_set(err, PR_EIO, path, 0, "cannot stat: %s", strerror(errno));
        goto done;
    }
    if (S_ISREG(st.st_mode)) {
        *size = (uint64_t)st.st_size;
        *plain = r->kind == KIND_PLAIN;
    }
done:
    pr_reader_close(r);
    return rc;
}

int pr_reader_open_range(pr_reader **out, const char *path, uint64_t begin, uint64_t end,
                         uint64_t first_line, pr_error *err)
{
    int rc = pr_reader_open(out, path, err);
    pr_reader *r = *out;
    if (rc != PR_OK) {
        return rc;
    }
    if (r->kind != KIND_PLAIN) {
        pr_reader_close(r);
        *out = NULL;
        return pr_error_set(err, PR_EFORMAT, path, 0,
                            "a compressed file cannot be read in byte ranges");
    }
    int fd = -1;
    uint64_t from = 0, to = 0, size = 0;
    rc = range_bounds(&fd, &from, &to, &size, path, begin, end, err);
    if (fd >= 0) {
        close(fd);
    }
    if (rc != PR_OK) {
        goto fail;
    }
    if (lseek(r->fd, (off_t)from, SEEK_SET) < 0) {
        rc = pr_error_set(err, PR_EIO, path, 0, "cannot seek: %s", strerror(errno));
        goto fail;
    }
    r->in_pos = r->in_len = 0; /* forget what detect() read from the start */
    r->in_eof = 0;
    r->bytes = 0;
    r->limited = 1;
    r->remaining = to - from;
    r->line_no = first_line > 0 ? first_line - 1 : 0;
    return PR_OK;
fail:
    pr_reader_close(r);
    *out = NULL;
    return rc;
}

int pr_reader_range_lines(uint64_t *lines, const char *path, uint64_t begin, uint64_t end,
                          pr_error *err)
{
    char buf[65536];
    int fd = -1;
    uint64_t from = 0, to = 0, size = 0, n = 0;
    char last = '\n';
    int rc;
    if ((rc = range_bounds(&fd, &from, &to, &size, path, begin, end, err)) != PR_OK) {
        goto done;
    }
    for (uint64_t at = from; at < to;) {
        size_t want = to - at < sizeof buf ? (size_t)(to - at) : sizeof buf;
        ssize_t got = pread(fd, buf, want, (off_t)at);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            rc = pr_error_set(err, PR_EIO, path, 0, "read failed: %s",
                              got < 0 ? strerror(errno) : "file shrank");
            goto done;
        }
        for (const char *p = buf, *e = buf + got; (p = memchr(p, '\n', (size_t)(e - p))) != NULL;
             p++) {
            n++;
        }
        last = buf[got - 1];
        at += (uint64_t)got;
    }
done:
    if (fd >= 0) {
        close(fd);
    }
    *lines = n + (last != '\n'); /* a last line without its newline */
    return rc;
}

void pr_reader_close(pr_reader *r)
{
    if (r == NULL) {
        return;
    }
    if (r->fd > STDIN_FILENO) {
        close(r->fd);
    }
    if (r->zs_init) {
        inflateEnd(&r->zs);
    }
    ZSTD_freeDCtx(r->zd);
    pr_free(r->in);
    pr_free(r->buf);
    pr_free(r);
}

/* Moves the unconsumed bytes to the front and appends more decompressed input. */
static int refill(pr_reader *r, pr_error *err)
{
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->scan -= r->start;
        r->start = 0;
    }
    size_t got = 0;
    int rc = PR_OK;
    while (got == 0 && !r->out_eof && r->end < BUF_CAP) {
        rc = fill(r, r->buf + r->end, BUF_CAP - r->end, &got, err);
        if (rc != PR_OK) {
            return rc;
        }
    }
    r->end += got;
    return PR_OK;
}

/* Discards bytes up to and including the next '\n' (the tail of an over-long line). */
static int skip_rest_of_line(pr_reader *r, pr_error *err)
{
    for (;;) {
        char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
        if (nl != NULL) {
            r->start = r->scan = (size_t)(nl - r->buf) + 1;
            r->skip_long = 0;
            return PR_OK;
        }
        r->start = r->scan = r->end = 0;
        if (r->out_eof) {
            r->skip_long = 0;
            return PR_OK;
        }
        int rc = refill(r, err);
        if (rc != PR_OK) {
            return rc;
        }
    }
}

/* Finds the end of the next line; returns 1 with *nl_at (index of '\n' or end for a last line
 * without newline), 0 at end of input, PR_ELIMIT for an over-long line. */
static int find_line_end(pr_reader *r, size_t *nl_at, pr_error *err)
{
    for (;;) {
        char *nl = memchr(r->buf + r->scan, '\n', r->end - r->scan);
        if (nl != NULL && (size_t)(nl - r->buf) - r->start > PR_MAX_LINE) {
            /* The whole over-long line fit in the buffer: skip it here (it has its newline). */
            r->line_no++;
            r->start = r->scan = (size_t)(nl - r->buf) + 1;
            return pr_error_set(err, PR_ELIMIT, r->name, r->line_no, "line longer than %u bytes",
                                PR_MAX_LINE);
        }
        if (nl != NULL) {
            *nl_at = (size_t)(nl - r->buf);
            return 1;
        }
        r->scan = r->end;
        if (r->end - r->start > PR_MAX_LINE) {
            r->line_no++;
            r->skip_long = 1;
            r->start = r->scan = r->end;
            pr_error_set(err, PR_ELIMIT, r->name, r->line_no, "line longer than %u bytes",
                         PR_MAX_LINE);
            return PR_ELIMIT;
        }
        if (r->out_eof) {
            *nl_at = r->end;
            return r->end > r->start ? 1 : 0;
        }
        int rc = refill(r, err);
        if (rc != PR_OK) {
            return rc;
        }
    }
}

int pr_reader_line(pr_reader *r, const char **line, size_t *len, pr_error *err)
{
    if (r->skip_long) {
        int rc = skip_rest_of_line(r, err);
        if (rc != PR_OK) {
            return rc;
        }
    }
    size_t nl = 0;
    int rc = find_line_end(r, &nl, err);
    if (rc <= 0) {
        return rc;
    }
    size_t n = nl - r->start;
    *line = r->buf + r->start;
    if (n > 0 && r->buf[r->start + n - 1] == '\r') {
        n--;
    }
    *len = n;
    r->buf[r->start + n] = '\0'; /* its '\r', '\n' or the byte after the data */
    r->start = r->scan = nl < r->end ? nl + 1 : nl;
    r->line_no++;
    return 1;
}

static const char *last_newline(const char *from, const char *to)
{
    while (to > from) {
        if (*--to == '\n') {
            return to;
        }
    }
    return NULL;
}

int pr_reader_block(pr_reader *r, const char **data, size_t *len, uint64_t *first_line, size_t want,
                    pr_error *err)
{
    if (r->skip_long) {
        int rc = skip_rest_of_line(r, err);
        if (rc != PR_OK) {
            return rc;
        }
    }
    want = want > BUF_CAP - PR_MAX_LINE ? BUF_CAP - PR_MAX_LINE : want;
    for (;;) {
        if (r->end - r->start < want && !r->out_eof) {
            int rc = refill(r, err);
            if (rc != PR_OK) {
                return rc;
            }
            continue;
        }
        size_t avail = r->end - r->start;
        const char *nl =
            last_newline(r->buf + r->start, r->buf + r->start + (avail < want ? avail : want));
        if (nl == NULL) { /* one line longer than want: the block is that line */
            nl = memchr(r->buf + r->start, '\n', avail < PR_MAX_LINE + 1 ? avail : PR_MAX_LINE + 1);
        }
        if (nl == NULL && avail > PR_MAX_LINE) {
            r->line_no++;
            r->skip_long = 1;
            r->start = r->scan = r->end;
            return pr_error_set(err, PR_ELIMIT, r->name, r->line_no, "line longer than %u bytes",
                                PR_MAX_LINE);
        }
        if (nl == NULL && !r->out_eof) {
            int rc = refill(r, err);
            if (rc != PR_OK) {
                return rc;
            }
            continue;
        }
        size_t stop = nl ? (size_t)(nl - r->buf) + 1 : r->end;
        *data = r->buf + r->start;
        *len = stop - r->start;
        *first_line = r->line_no + 1;
        r->start = r->scan = stop;
        return *len > 0 ? 1 : 0;
    }
}

void pr_reader_count_lines(pr_reader *r, uint64_t lines)
{
    r->line_no += lines;
}

int pr_reader_each_line(const char *path, unsigned flags, pr_reader_line_fn fn, void *ctx,
                        pr_error *err)
{
    pr_reader *r = NULL;
    const char *line;
    size_t len;
    int rc;
    if ((rc = pr_reader_open(&r, path, err)) != PR_OK) {
        goto done;
    }
    while ((rc = pr_reader_line(r, &line, &len, err)) == 1) {
        if ((flags & PR_LINES_SKIP_COMMENTS) && (len == 0 || line[0] == '#')) {
            continue;
        }
        if ((flags & PR_LINES_REFUSE_NUL) && memchr(line, '\0', len) != NULL) {
            rc = pr_error_set(err, PR_EPARSE, r->name, r->line_no, "NUL byte in line");
            goto done;
        }
        if ((rc = fn(ctx, line, len, r->name, r->line_no, err)) != PR_OK) {
            goto done;
        }
    }
done:
    pr_reader_close(r);
    return rc < 0 ? rc : PR_OK;
}

uint64_t pr_reader_line_number(const pr_reader *r)
{
    return r->line_no;
}

const char *pr_reader_name(const pr_reader *r)
{
    return r->name;
}

uint64_t pr_reader_bytes(const pr_reader *r)
{
    return r->bytes;
}
