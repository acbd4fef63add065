/* peoplerank: the one text-line reader of the project: a file or stdin, plain, gzip or zstd
 * (detected by magic bytes, never by name), cut into lines of any length up to PR_MAX_LINE. Used
 * by every input format and by the teleport, label and identity files. */
#ifndef PEOPLERANK_LINE_READER_H
#define PEOPLERANK_LINE_READER_H

#include "peoplerank/common.h"

#include <stddef.h>
#include <stdint.h>

/* ---- Reader: a file or stdin, plain, gzip or zstd (by magic bytes), cut into lines. ---- */

#define PR_MAX_LINE (1u << 20) /* documented: longer lines are an error (PR_SKIP_LONG_LINE) */

typedef struct pr_reader pr_reader;

/* path "-" is standard input. err names the file on failure. */
int pr_reader_open(pr_reader **out, const char *path, pr_error *err);
/* Byte ranges of one plain (uncompressed) file, so that several processes share it: the reader
 * returns the lines whose first byte lies in [begin, end) (it starts at the first line start at
 * or after begin and stops at the first at or after end), so that ranges which tile the file
 * read every line exactly once. Lines are numbered from first_line (1 for the first line of the
 * file). PR_EFORMAT for a gzip or zstd file: it cannot be cut. */
int pr_reader_open_range(pr_reader **out, const char *path, uint64_t begin, uint64_t end,
                         uint64_t first_line, pr_error *err);
/* The number of lines such a reader returns (what the next range's first_line adds up). */
int pr_reader_range_lines(uint64_t *lines, const char *path, uint64_t begin, uint64_t end,
                          pr_error *err);
/* The size of path (0 when not a regular file) and whether it is plain text (neither gzip nor
 * zstd), i.e. whether it may be read in byte ranges. */
int pr_reader_probe(const char *path, uint64_t *size, int *plain, pr_error *err);
/* The next line without its '\n' and without a trailing '\r'. Returns 1 with *line and *len set,
 * 0 at the end of the input, PR_ELIMIT for a line longer than PR_MAX_LINE (the reader then
 * skips past it, so the caller may continue), or PR_EIO/PR_EFORMAT for a read or
 * decompression failure (fatal). The returned line is NUL-terminated at *len (it may hold
 * other NULs) and lives until the next call. */
int pr_reader_line(pr_reader *r, const char **line, size_t *len, pr_error *err);
/* Reads the next block of whole lines (about `want` bytes, more when one line is longer; it
 * ends after a '\n' or at the end of input). Returns 1 with *data and *len set, 0 at the end,
 * PR_ELIMIT for a line longer than PR_MAX_LINE (skipped past, as pr_reader_line does), or a
 * fatal code. The block lives until the next call. *first_line receives the number of its first
 * line; the caller reports the block's line count with pr_reader_count_lines. */
int pr_reader_block(pr_reader *r, const char **data, size_t *len, uint64_t *first_line, size_t want,
                    pr_error *err);
/* After a block: the caller tells how many lines it held (so that line numbers go on). */
void pr_reader_count_lines(pr_reader *r, uint64_t lines);
uint64_t pr_reader_line_number(const pr_reader *r); /* of the line last returned */
uint64_t pr_reader_bytes(const pr_reader *r);       /* bytes of the file read so far */
const char *pr_reader_name(const pr_reader *r);     /* path, or "(stdin)" */
void pr_reader_close(pr_reader *r);

/* Small text files (identity map, configuration, teleport masses, labels) read whole, one line
 * at a time: fn gets each line (not NUL-terminated), the file's name and the line's number, and
 * returns PR_OK to go on or an error to stop. */
typedef int (*pr_reader_line_fn)(void *ctx, const char *line, size_t len, const char *file,
                                 uint64_t line_no, pr_error *err);
enum {
    PR_LINES_SKIP_COMMENTS = 1, /* pass over empty lines and lines starting with '#' */
    PR_LINES_REFUSE_NUL = 2     /* a NUL byte in a line is PR_EPARSE ("NUL byte in line") */
};
/* Calls fn on every line of path in order until it fails. Returns PR_OK, fn's error, or the
 * reader's (PR_ELIMIT naming the over-long line). */
int pr_reader_each_line(const char *path, unsigned flags, pr_reader_line_fn fn, void *ctx,
                        pr_error *err);

#endif
