/* peoplerank: reading interaction events and turning them into a weighted graph.
 *
 * An ingest collects events from one or more input files (each with its format and network),
 * then applies the time window, decay and action weights, and builds the CSR graph. */
#ifndef PEOPLERANK_INGEST_H
#define PEOPLERANK_INGEST_H

#include "peoplerank/common.h"
#include "peoplerank/graph.h"

#include <stdint.h>

typedef enum pr_action {
    PR_ACTION_FOLLOW,
    PR_ACTION_LIKE,
    PR_ACTION_MENTION,
    PR_ACTION_REPLY,
    PR_ACTION_COMMENT,
    PR_ACTION_RESHARE, /* aliases: retweet, share */
    PR_ACTION_COUNT
} pr_action;

/* "follow", "like", ... (the canonical name). */
const char *pr_action_name(pr_action a);
/* Parses an action name or alias; returns 0 or PR_EPARSE. */
int pr_action_parse(pr_action *out, const char *s, size_t len);

#define PR_AS_OF_NEWEST INT64_MIN

typedef struct pr_ingest_opts {
    int64_t as_of;          /* Unix seconds; PR_AS_OF_NEWEST = the newest timestamp read */
    double window_days;     /* events older than as_of - window are left out (counted) */
    double half_life_days;  /* exponential decay of an event's weight with age; 0 = no decay */
    double action_weight[PR_ACTION_COUNT];
    uint64_t max_errors;    /* 0 = strict: the first bad line fails the run */
} pr_ingest_opts;

/* Documented defaults (README "Edge weights"). */
#define PR_INGEST_OPTS_INIT                                                                        \
    {PR_AS_OF_NEWEST, 90.0, 30.0, {0.25, 1.0, 2.0, 3.0, 3.0, 4.0}, 0}

/* Counts reported in the run summary and stored in the snapshot header. */
typedef struct pr_ingest_summary {
    uint64_t files;
    uint64_t lines;           /* every line read, comments and blanks included */
    uint64_t events_read;     /* well-formed event lines */
    uint64_t events_kept;     /* inside the window, not self-interactions */
    uint64_t outside_window;  /* older than the window start */
    uint64_t after_as_of;     /* newer than the as-of date */
    uint64_t self_interactions;
    uint64_t skipped_lines;   /* bad lines skipped under --max-errors */
    int64_t as_of;            /* the as-of date used */
    int64_t newest, oldest;   /* timestamps seen */
    uint64_t accounts;        /* persons in the graph */
    uint64_t edges;           /* distinct weighted edges */
} pr_ingest_summary;

typedef struct pr_ingest pr_ingest;

int pr_ingest_new(pr_ingest **out, const pr_ingest_opts *opts);

/* Reads one input. format: "events" (event format v1; more formats may follow), network: the
 * network for formats that do not name one (may be NULL), path: a file or "-" for stdin.
 * Compressed input (zstd, gzip) is detected by its magic bytes.
 * On a bad line: strict mode returns PR_EPARSE with file and line in err. */
int pr_ingest_add_file(pr_ingest *ig, const char *format, const char *network, const char *path,
                       pr_error *err);

/* Applies window, decay and weights and builds the named graph. */
int pr_ingest_finish(pr_graph **out, pr_ingest *ig, pr_error *err);

const pr_ingest_summary *pr_ingest_get_summary(const pr_ingest *ig);

void pr_ingest_free(pr_ingest *ig); /* accepts NULL */

/* Parses "1700000000" or "2026-11-24T21:05:00Z" into Unix seconds; 0 or PR_EPARSE. */
int pr_parse_timestamp(int64_t *out, const char *s, size_t len);

#endif
