/* peoplerank: a directory of snapshots (src/snapshot/snapshot_dir.c): finding the older
 * snapshots that deltas are taken from, the deltas, pruning. */
#ifndef PEOPLERANK_SNAPSHOT_DIR_H
#define PEOPLERANK_SNAPSHOT_DIR_H

#include "peoplerank/snapshot.h"

#include <stdint.h>
#include <stdio.h>

/* The snapshots in dir about 1, 7 and 30 days older than as_of (by the date in the file name;
 * the nearest within +-0, +-1, +-3 days of the target, the older on a tie). paths[j] receives
 * a pr_malloc'd path or NULL. */
int pr_snapshot_find_older(char *paths[PR_SNAPSHOT_DELTAS], const char *dir, int64_t as_of,
                           pr_error *err);
/* delta[i * DELTAS + j] = cols->score[i] - score in the older snapshot paths[j] (NaN when the
 * person or the snapshot is absent). */
int pr_snapshot_compute_deltas(double *delta, const pr_snapshot_columns *cols,
                               char *const paths[PR_SNAPSHOT_DELTAS], pr_error *err);
/* The snapshot files in dir (peoplerank-YYYY-MM-DD.snap, by name alone), newest first:
 * *names receives *count pr_malloc'd file names (not paths); free with pr_snapshot_list_free. */
int pr_snapshot_list(char ***names, size_t *count, const char *dir, pr_error *err);
void pr_snapshot_list_free(char **names, size_t count); /* accepts NULL */
/* Removes all but the newest `keep` snapshots in dir (by as-of date in the name), never
 * latest's target and never a file another process holds open for reading (shared lock).
 * *removed (may be NULL) receives how many were removed, *names (may be NULL) their file names,
 * one per line (pr_malloc'd; NULL when none). */
int pr_snapshot_prune(uint32_t *removed, char **names, const char *dir, uint32_t keep,
                      pr_error *err);
/* The file name a snapshot of as_of gets in its directory: peoplerank-YYYY-MM-DD.snap (UTC);
 * cap at least 32. */
void pr_snapshot_file_name(char *buf, size_t cap, int64_t as_of);
/* The as-of day (days since 1970-01-01) of the snapshot dir/latest points at, read from the
 * target's file name (so a damaged file still tells its date); INT64_MIN when dir has no latest
 * or it does not name a snapshot. */
int64_t pr_snapshot_latest_day(const char *dir);

#endif
