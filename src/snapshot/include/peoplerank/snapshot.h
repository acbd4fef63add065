/* peoplerank: rank snapshots, the files the nightly job publishes and every reader reads.
 * Format: docs/snapshot-format.md. */
#ifndef PEOPLERANK_SNAPSHOT_H
#define PEOPLERANK_SNAPSHOT_H

#include "peoplerank/common.h"

#include <stdint.h>
#include <stdio.h>

/* What the header says about the run that made the snapshot. */
typedef struct pr_snapshot_meta {
    int64_t as_of;      /* Unix seconds */
    int64_t created;    /* Unix seconds */
    char algorithm[32]; /* "peoplerank", "pagerank", ... */
    double damping, tolerance;
    uint32_t max_iterations, iterations;
    double final_change;
    double scale_slope, scale_offset;
    uint64_t persons, edges;
    /* Everything else (ingest summary, options, input fingerprint) as one JSON object text;
     * the writer stores it as given, the reader returns it. May be NULL when writing. */
    const char *extra_json;
    /* Whether the engagement rules reweighted the graph (header key "engagement_rules"):
     * PR_RULES_UNKNOWN (key absent: snapshots written before it existed), _ON or _OFF. */
    int engagement_rules;
} pr_snapshot_meta;

enum { PR_RULES_UNKNOWN = 0, PR_RULES_ON = 1, PR_RULES_OFF = 2 };

/* The columns of a snapshot, one entry per person, in any order (the writer sorts by rank). */
typedef struct pr_snapshot_columns {
    uint64_t count;
    const char *const *name; /* person id / account name */
    const double *rank;
    const double *score;      /* 1..100 */
    const double *percentile; /* 0..100: share of persons with a lower rank */
} pr_snapshot_columns;

/* Optional per-person columns (docs/snapshot-format.md "Columns"): the accounts merged into the
 * person, a score per network, engagement received, top influencers and influencees, score
 * changes. Every pointer may be NULL (column not stored); the arrays are indexed like
 * pr_snapshot_columns (input order, not rank order). */
#define PR_SNAPSHOT_TOP_K 5
#define PR_SNAPSHOT_DELTAS 3 /* day, week, month */
/* "day", "week", "month": the name of delta j (header keys, printed labels); NULL out of range. */
const char *pr_snapshot_delta_name(int j);
#define PR_SNAPSHOT_NONE UINT32_MAX
#define PR_SNAPSHOT_MAX_NETWORKS 64

typedef struct pr_snapshot_ext {
    const char *const *accounts; /* "network:handle" list, tab-separated; NULL entry = none */
    uint32_t network_count;
    const char *const *networks; /* network_count names, [a-z0-9_-]{1,32} */
    const double *network_score; /* count * network_count, [i * network_count + k]; NaN = none */
    const uint32_t *engagers;    /* distinct engagers received */
    const double *engagement;    /* weighted engagement received */
    /* count * PR_SNAPSHOT_TOP_K input indices, [i * TOP_K + j], best first; PR_SNAPSHOT_NONE
     * marks an empty slot. */
    const uint32_t *influencers;
    const uint32_t *influencees;
    /* count * PR_SNAPSHOT_DELTAS, [i * DELTAS + j] (day, week, month); NaN = none. */
    const double *delta;
    /* The snapshot file each delta was taken from (recorded in the header); NULL = none. */
    const char *delta_source[PR_SNAPSHOT_DELTAS];
    /* Each person's rank split into parts, as text (docs/snapshot-format.md,
     * "explain"; pr_explain_parse reads it); NULL entry = none. */
    const char *const *explain;
} pr_snapshot_ext;

#define PR_SNAPSHOT_EXT_INIT                                                                       \
    {                                                                                              \
        .accounts = NULL                                                                           \
    } /* every column absent */

/* Writes a snapshot into dir atomically (temp file in dir, fsync, rename, fsync dir); the file is
 * named from the as-of date. *path_out (may be NULL) receives the new file's path (caller frees
 * with pr_free). Nothing is left behind on failure. */
int pr_snapshot_write(char **path_out, const char *dir, const pr_snapshot_meta *meta,
                      const pr_snapshot_columns *cols, pr_error *err);

/* pr_snapshot_write with the optional columns above: accounts, network scores, engagers,
 * engagement, influencers, influencees, deltas and explanations (ext may be NULL). Same-date rule:
 * a second snapshot with the same as-of date replaces the first atomically (readers holding it open
 * keep reading the old file). */
int pr_snapshot_write_ext(char **path_out, const char *dir, const pr_snapshot_meta *meta,
                          const pr_snapshot_columns *cols, const pr_snapshot_ext *ext,
                          pr_error *err);

/* Points dir/latest at the snapshot file (atomically: new link under a temp name, rename). */
int pr_snapshot_publish_latest(const char *dir, const char *snapshot_path, pr_error *err);

/* One person, as the readers see them. Pointers stay valid until the next call on the reader. */
typedef struct pr_snapshot_record {
    uint64_t position; /* 1 = highest rank */
    const char *name;
    double rank;
    double score;
    double percentile;
    /* The optional columns (pr_snapshot_ext); absent columns read as "" / 0 / NaN. */
    const char *accounts;                    /* "network:handle" list, tab-separated */
    const double *network_score;             /* pr_snapshot_network_count() entries, NaN = none */
    uint32_t engagers;                       /* distinct persons who engaged with this one */
    double engagement;                       /* weighted engagement received */
    uint64_t influencers[PR_SNAPSHOT_TOP_K]; /* positions, 0 = empty slot */
    uint64_t influencees[PR_SNAPSHOT_TOP_K];
    double delta[PR_SNAPSHOT_DELTAS]; /* score change vs ~1, 7, 30 days before; NaN = none */
    const char *explain;              /* the explain column's text, "" when absent */
} pr_snapshot_record;

typedef struct pr_snapshot pr_snapshot;

/* Opens a snapshot file, a `latest` link, or a snapshot directory (its `latest`); checks magic,
 * version, sizes and the header checksum before allocating anything the file's sizes dictate. */
int pr_snapshot_open(pr_snapshot **out, const char *path, pr_error *err);
const pr_snapshot_meta *pr_snapshot_get_meta(const pr_snapshot *s);
uint64_t pr_snapshot_count(const pr_snapshot *s);
/* PR_ENOTFOUND when no person has that name. */
int pr_snapshot_lookup(pr_snapshot_record *out, pr_snapshot *s, const char *name, pr_error *err);
/* position: 1..count, in rank order. */
int pr_snapshot_at(pr_snapshot_record *out, pr_snapshot *s, uint64_t position, pr_error *err);
/* A growable text buffer (NUL-terminated when data != NULL); `failed` is set when an
 * allocation failed and the text is incomplete. */
typedef struct pr_strbuf {
    char *data;
    size_t len, cap;
    int failed;
} pr_strbuf;
#define PR_STRBUF_INIT                                                                             \
    {                                                                                              \
        NULL, 0, 0, 0                                                                              \
    }
void pr_strbuf_free(pr_strbuf *b); /* accepts NULL */
/* Appends n bytes of s (sets `failed` when out of memory). */
void pr_strbuf_put(pr_strbuf *b, const char *s, size_t n);

/* Appends the person at `position` (1..count) as one JSON object, no newline: THE record shape
 * of `lookup --json`, `export --format jsonl` and the HTTP service (docs/snapshot-format.md
 * "Record JSON"). Influencers and influencees are resolved to {"position","name"} objects, so
 * the reader moves: records read before this call are invalid after it. On failure nothing is
 * appended. Not thread-safe (one reader per thread). */
int pr_snapshot_record_json(pr_strbuf *out, pr_snapshot *s, uint64_t position, pr_error *err);

/* Appends s as one CSV field (RFC 4180 quoting when needed); a field a spreadsheet would run as a
 * formula (first character = + - @ tab CR) is quoted with a leading apostrophe (OWASP). */
void pr_strbuf_csv(pr_strbuf *out, const char *s);
/* Appends s as a JSON string (quotes included, RFC 8259 escapes). */
void pr_strbuf_json(pr_strbuf *out, const char *s);

/* Checks every checksum in the file. */
int pr_snapshot_verify(pr_snapshot *s, pr_error *err);
void pr_snapshot_close(pr_snapshot *s); /* accepts NULL */

/* Batch lookups, columns, header, networks, cache and sizes. A reader is not thread-safe: use one
 * per thread. */

/* Batch lookup: positions[i] = position of names[i], or 0 when nobody has that name. Overlaps
 * the memory accesses of many names, which makes large batches several times faster than one
 * pr_snapshot_lookup per name; read the records with pr_snapshot_at. */
int pr_snapshot_find_many(uint64_t *positions, pr_snapshot *s, const char *const *names,
                          size_t count, pr_error *err);

/* Column ids as stored (docs/snapshot-format.md); pr_snapshot_has_column tells which a file has. */
enum {
    PR_SNAPSHOT_COL_NAME = 1,
    PR_SNAPSHOT_COL_RANK,
    PR_SNAPSHOT_COL_SCORE,
    PR_SNAPSHOT_COL_PERCENTILE,
    PR_SNAPSHOT_COL_ACCOUNTS,
    PR_SNAPSHOT_COL_NETWORK_SCORES,
    PR_SNAPSHOT_COL_ENGAGERS,
    PR_SNAPSHOT_COL_ENGAGEMENT,
    PR_SNAPSHOT_COL_INFLUENCERS,
    PR_SNAPSHOT_COL_INFLUENCEES,
    PR_SNAPSHOT_COL_DELTAS,
    PR_SNAPSHOT_COL_EXPLAIN
};
/* "name", "rank", ... or "unknown". */
const char *pr_snapshot_column_name(int column);
int pr_snapshot_has_column(const pr_snapshot *s, int column);
/* The header as stored (one JSON object text). */
const char *pr_snapshot_header_json(const pr_snapshot *s);
uint32_t pr_snapshot_network_count(const pr_snapshot *s);
const char *pr_snapshot_network_name(const pr_snapshot *s, uint32_t k);
/* The file a delta (0 day, 1 week, 2 month) was taken from, or NULL. */
const char *pr_snapshot_delta_source(const pr_snapshot *s, int which);
/* Decompressed blocks are cached up to this many bytes (default 2 GiB); a call that finds the
 * cache over the limit empties it first. */
void pr_snapshot_set_cache_limit(pr_snapshot *s, size_t bytes);
/* Bytes of compressed and decompressed data in the file, by part (for `inspect`). */
typedef struct pr_snapshot_sizes {
    uint64_t file, header, records, index, directory;
    uint64_t records_raw, index_raw;
    uint32_t record_blocks, index_blocks, records_per_block;
} pr_snapshot_sizes;
void pr_snapshot_get_sizes(pr_snapshot_sizes *out, const pr_snapshot *s);

/* Comparing two snapshots: peoplerank/snapshot_compare.h. Exporting a snapshot:
 * peoplerank/snapshot_export.h. Snapshot directories (older snapshots, deltas, pruning):
 * peoplerank/snapshot_dir.h. */

#endif
