/* peoplerank: rank snapshots, the files the nightly job publishes and every reader reads.
 * Format: docs/snapshot-format.md. */
#ifndef PEOPLERANK_SNAPSHOT_H
#define PEOPLERANK_SNAPSHOT_H

#include "peoplerank/common.h"

#include <stdint.h>

/* What the header says about the run that made the snapshot. */
typedef struct pr_snapshot_meta {
    int64_t as_of;            /* Unix seconds */
    int64_t created;          /* Unix seconds */
    char algorithm[32];       /* "pagerank", ... */
    double damping, tolerance;
    uint32_t max_iterations, iterations;
    double final_change;
    double scale_slope, scale_offset;
    uint64_t persons, edges;
    /* Everything else (ingest summary, options, input fingerprint) as one JSON object text;
     * the writer stores it as given, the reader returns it. May be NULL when writing. */
    const char *extra_json;
} pr_snapshot_meta;

/* The columns of a snapshot, one entry per person, in any order (the writer sorts by rank). */
typedef struct pr_snapshot_columns {
    uint64_t count;
    const char *const *name; /* person id / account name */
    const double *rank;
    const double *score;      /* 1..100 */
    const double *percentile; /* 0..100: share of persons with a lower rank */
} pr_snapshot_columns;

/* Writes a snapshot into dir atomically (temp file in dir, fsync, rename, fsync dir); the file is
 * named from the as-of date. *path_out (may be NULL) receives the new file's path (caller frees
 * with pr_free). Nothing is left behind on failure. */
int pr_snapshot_write(char **path_out, const char *dir, const pr_snapshot_meta *meta,
                      const pr_snapshot_columns *cols, pr_error *err);

/* Points dir/latest at the snapshot file (atomically: new link under a temp name, rename). */
int pr_snapshot_publish_latest(const char *dir, const char *snapshot_path, pr_error *err);

/* One person, as the readers see them. Pointers stay valid until the next call on the reader. */
typedef struct pr_snapshot_record {
    uint64_t position; /* 1 = highest rank */
    const char *name;
    double rank;
    double score;
    double percentile;
} pr_snapshot_record;

typedef struct pr_snapshot pr_snapshot;

/* Opens a snapshot file (or a `latest` link); checks magic, version, sizes and the header
 * checksum before allocating anything that the file's sizes dictate. */
int pr_snapshot_open(pr_snapshot **out, const char *path, pr_error *err);
const pr_snapshot_meta *pr_snapshot_get_meta(const pr_snapshot *s);
uint64_t pr_snapshot_count(const pr_snapshot *s);
/* PR_ENOTFOUND when no person has that name. */
int pr_snapshot_lookup(pr_snapshot_record *out, pr_snapshot *s, const char *name, pr_error *err);
/* position: 1..count, in rank order. */
int pr_snapshot_at(pr_snapshot_record *out, pr_snapshot *s, uint64_t position, pr_error *err);
/* Checks every checksum in the file. */
int pr_snapshot_verify(pr_snapshot *s, pr_error *err);
void pr_snapshot_close(pr_snapshot *s); /* accepts NULL */

#endif
