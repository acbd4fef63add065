/* peoplerank: reading interaction events and turning them into a weighted graph.
 *
 * An ingest collects events from one or more input files (each with its format and network),
 * then applies the time window, decay and action weights, and builds the CSR graph. */
#ifndef PEOPLERANK_INGEST_H
#define PEOPLERANK_INGEST_H

#include "peoplerank/common.h"
#include "peoplerank/date.h" /* pr_parse_timestamp */
#include "peoplerank/graph.h"

#include <stdint.h>
#include <stdio.h>

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

/* The largest window (100 years): `--window-days all` keeps every event, since no Unix timestamp
 * is older than 1970. */
#define PR_WINDOW_ALL_DAYS 36500.0

typedef struct pr_ingest_opts {
    int64_t as_of;         /* Unix seconds; PR_AS_OF_NEWEST = the newest timestamp read */
    double window_days;    /* events older than as_of - window are left out (counted); at most
                            * PR_WINDOW_ALL_DAYS, which `--window-days all` means */
    double half_life_days; /* exponential decay of an event's weight with age; 0 = no decay */
    double action_weight[PR_ACTION_COUNT];
    uint64_t max_errors; /* 0 = strict: the first bad line fails the run */
    /* Per actor-target-day cap on the summed action_weight * count (before decay): one actor
     * hammering one account cannot manufacture influence. 0 = no cap. */
    double daily_cap;
    /* Selectivity: an actor who acts on k distinct accounts in one day, k above this, has each
     * of that day's interactions scaled by this / k (a like from someone who likes everything
     * counts less). 0 = off. */
    double selectivity_targets;
    /* In-order input (docs/input-formats.md, "Large inputs"): when in_order is set, events are
     * promised to arrive in time order give or take in_order_days whole UTC days, and the
     * ingest folds finished days into per-edge weights as it reads, so that memory grows with
     * the edges rather than the events. Needs an explicit as_of. An event older than the
     * promise (and inside the window) fails the read with PR_EORDER. */
    int in_order;
    uint32_t in_order_days;
    uint64_t fold_batch; /* fold every this many events read; 0 = follow the data (below) */
} pr_ingest_opts;

/* With fold_batch 0 the ingest folds once it holds max(PR_FOLD_BATCH_MIN, folded edges / 4)
 * events: the events held stay a fraction of the folded edges instead of a fixed buffer. */
#define PR_FOLD_BATCH_MIN (UINT64_C(1) << 20)

/* Documented defaults (docs/input-formats.md, "Weights config file"). */
#define PR_INGEST_OPTS_INIT                                                                        \
    {                                                                                              \
        .as_of = PR_AS_OF_NEWEST, .window_days = 90.0, .half_life_days = 30.0,                     \
        .action_weight =                                                                           \
            {[PR_ACTION_FOLLOW] = 0.25, [PR_ACTION_LIKE] = 1.0,    [PR_ACTION_MENTION] = 2.0,      \
             [PR_ACTION_REPLY] = 3.0,   [PR_ACTION_COMMENT] = 3.0, [PR_ACTION_RESHARE] = 4.0},     \
        .max_errors = 0, .daily_cap = 20.0, .selectivity_targets = 100.0, .in_order = 0,           \
        .in_order_days = 0, .fold_batch = 0                                                        \
    }

/* Why a line was skipped under --max-errors (or rejected in strict mode). */
typedef enum pr_skip_reason {
    PR_SKIP_FIELDS,    /* missing or extra fields, malformed record */
    PR_SKIP_TIMESTAMP, /* bad or out-of-range timestamp */
    PR_SKIP_NETWORK,   /* network not [a-z0-9_-]{1,32} */
    PR_SKIP_HANDLE,    /* empty handle or invalid UTF-8 */
    PR_SKIP_ACTION,    /* unknown action */
    PR_SKIP_COUNT,     /* count or weight not a positive number within bounds */
    PR_SKIP_NUL,       /* NUL byte in a line */
    PR_SKIP_LONG_LINE, /* line longer than 1 MiB */
    PR_SKIP_JSON,      /* not a JSON object, or missing required members */
    PR_SKIP_REASON_COUNT
} pr_skip_reason;

/* A short name for a skip reason ("fields", "timestamp", ...), for summaries. */
const char *pr_skip_reason_name(pr_skip_reason r);

/* Counts reported in the run summary and stored in the snapshot header. */
typedef struct pr_ingest_summary {
    uint64_t files;
    uint64_t lines;          /* every line read, comments and blanks included */
    uint64_t events_read;    /* well-formed event lines */
    uint64_t events_kept;    /* inside the window, not self-interactions */
    uint64_t outside_window; /* older than the window start */
    uint64_t after_as_of;    /* newer than the as-of date */
    uint64_t self_interactions;
    uint64_t skipped_lines;                 /* bad lines skipped under --max-errors */
    int64_t as_of;                          /* the as-of date used */
    int64_t newest, oldest;                 /* timestamps seen */
    uint64_t accounts;                      /* persons in the graph */
    uint64_t edges;                         /* distinct weighted edges */
    uint64_t skipped[PR_SKIP_REASON_COUNT]; /* skipped_lines by reason */
    uint64_t ignored_records; /* well-formed records that carry no interaction (JSON formats) */
    int as_of_chosen;         /* 1: as_of was chosen from the bulk of the events (no --as-of) */
    uint64_t far_future;      /* events far in the future: bad lines (docs/operations.md) */
} pr_ingest_summary;

/* Reads a weights config file ("key = value" lines, '#' comments; keys: window_days,
 * half_life_days, weight.follow .. weight.reshare, daily_cap, selectivity_targets) over *opts:
 * keys not in the file keep their value. Unknown keys and bad values fail with PR_EPARSE naming
 * file and line; *opts is untouched on failure. */
int pr_ingest_opts_load(pr_ingest_opts *opts, const char *path, pr_error *err);
/* Writes opts (NULL = the defaults) in the config file format, with a comment per key. */
void pr_ingest_opts_print(FILE *out, const pr_ingest_opts *opts);

typedef struct pr_ingest pr_ingest;

/* Progress while reading (for a terminal display): lines and input bytes read so far, events
 * read; kept is UINT64_MAX while reading, and the events kept in the last call, which the caller
 * makes after pr_ingest_finish. Called after every block of input (a few MB) or 65536 lines: the
 * callee limits how often it draws. */
typedef void (*pr_ingest_progress_fn)(void *ctx, uint64_t lines, uint64_t bytes, uint64_t events,
                                      uint64_t kept);
/* fn may be NULL (no progress). */
void pr_ingest_set_progress(pr_ingest *ig, pr_ingest_progress_fn fn, void *ctx);
/* Bytes of the inputs read so far (compressed inputs: their compressed size). */
uint64_t pr_ingest_bytes_read(const pr_ingest *ig);

int pr_ingest_new(pr_ingest **out, const pr_ingest_opts *opts);

/* Bytes an ingest holds now, by structure (allocated capacity), for the run summary. */
typedef struct pr_ingest_memory {
    uint64_t events;   /* timestamped events held (20 bytes each) */
    uint64_t fold;     /* per-edge sums of folded days (in-order input) */
    uint64_t timeless; /* edge-list edges */
    uint64_t names;    /* account names, their offsets, hashes and index */
    uint64_t peak;     /* the most events, fold and edge-list stores and the scratch of a fold or
                          graph build held at once so far */
} pr_ingest_memory;
void pr_ingest_memory_get(pr_ingest_memory *m, const pr_ingest *ig);

/* Frees the event, fold and edge-list stores once every graph was built from them (keep_events:
 * keep the event store for pr_ingest_visit_events, unless days were folded or edge lists read,
 * which make it answer PR_ENOTFOUND anyway). Names, summary and node map stay; a later
 * pr_ingest_finish* or pr_ingest_visit_events that needs a freed store fails with PR_EINVAL. */
void pr_ingest_release_stores(pr_ingest *ig, int keep_events);

/* Reads one input (docs/input-formats.md). format: "events", "edges", "csv", "klout",
 * "twitter-json" or "jetstream"; network: the network for formats that do not name one on each
 * line (NULL = the format's default; refused for "events"); path: a file or "-" for stdin.
 * Compressed input (zstd, gzip) is detected by its magic bytes. On a bad line: strict mode
 * (max_errors 0) returns PR_EPARSE with file and line in err; --max-errors mode skips and
 * counts it, and returns PR_EPARSE once more than max_errors lines were skipped. I/O and
 * decompression failures always fail (PR_EIO, PR_EFORMAT, PR_ENOTFOUND). */
int pr_ingest_add_file(pr_ingest *ig, const char *format, const char *network, const char *path,
                       pr_error *err);

/* ---- Sharded ingest (several processes, src/dist): each reads its share of the inputs into its
 * own ingest (a shard), whole files or byte ranges of one file, and the shards are appended in
 * input order into one ingest, which then holds what one process reading every input in order
 * would hold (same account ids, events, counts, bad lines and dates). ---- */

/* 1 when the format has one record a line and no header, so that a file may be cut at line
 * ends (events, edges). */
int pr_ingest_splittable(const char *format);
/* Reads the lines of a plain file whose first byte lies in [begin, end) (pr_reader_open_range),
 * numbered from first_line, as pr_ingest_add_file reads a whole one. PR_EINVAL for a format that
 * cannot be cut, PR_EFORMAT for a compressed file. */
int pr_ingest_add_range(pr_ingest *ig, const char *format, const char *network, const char *path,
                        uint64_t begin, uint64_t end, uint64_t first_line, pr_error *err);
/* Counts an input another shard reads, so that every shard numbers the inputs alike. */
int pr_ingest_skip_input(pr_ingest *ig, const char *path);
/* Bad lines met before this shard's first line (by the shards before it): --max-errors then
 * fails on the same line as one process would. */
void pr_ingest_set_skipped_before(pr_ingest *ig, uint64_t skipped);
/* Packs what a shard read (accounts, events, edges, counts, first bad lines, days) into one
 * buffer (*buf pr_malloc'd, *len bytes), for another process of the same machine type. */
int pr_ingest_pack(const pr_ingest *ig, char **buf, uint64_t *len);
/* Appends a packed shard to ig (shards in input order, each once; ig may hold an identity map
 * and csv columns, but no input yet or only earlier shards). PR_EFORMAT for a damaged buffer,
 * PR_ENOMEM, PR_ELIMIT. */
int pr_ingest_append_packed(pr_ingest *ig, const char *buf, uint64_t len, pr_error *err);

/* What pr_ingest_add_file checks before it opens anything: a known format, a network only where
 * the format has none of its own, csv with columns. For callers that validate options up front
 * (a usage error, not a failed run). 0 or PR_EINVAL with the message in err. */
int pr_ingest_check_input(const char *format, const char *network, int have_columns,
                          const char *path, pr_error *err);

/* The input formats pr_ingest_add_file knows, by index (NULL past the end): "events", "edges",
 * "csv", "klout", "twitter-json", "jetstream" (docs/input-formats.md). */
const char *pr_ingest_format_name(size_t i);

/* The column spec for "csv" inputs added later through pr_ingest_add_file (--columns), e.g.
 * "time=created_at,actor=from,target=to,action=kind,count=n,header=yes". Copied. */
int pr_ingest_set_csv_columns(pr_ingest *ig, const char *columns);
/* Reads one CSV input with its own column spec. */
int pr_ingest_add_csv(pr_ingest *ig, const char *network, const char *path, const char *columns,
                      pr_error *err);

/* Applies window, decay and weights and builds the named graph. Without an as-of date
 * (PR_AS_OF_NEWEST) it is chosen from the bulk of the events: the newest timestamp of the last
 * UTC day holding at least a tenth of the median day's events, so that a few stray late lines
 * do not empty the window. Events far in the future (docs/operations.md, "Dates") are bad lines:
 * a strict run fails with PR_EPARSE naming the first one's file and line. */
int pr_ingest_finish(pr_graph **out, pr_ingest *ig, pr_error *err);

/* After pr_ingest_finish with a chosen as-of date: the first events after it (at most 5), each
 * "file:line", in input order; i < count. */
size_t pr_ingest_later_count(const pr_ingest *ig);
const char *pr_ingest_later_event(const pr_ingest *ig, size_t i);

/* After pr_ingest_finish: the events kept on one network (inside the window, edge-list entries
 * included); UINT64_MAX when unknown (in-order input folds events as it reads). */
uint64_t pr_ingest_network_events(const pr_ingest *ig, const char *network);

/* Per-network graph: only the events (and edges) between accounts of `network`, each account
 * its own node ("network:handle", identity map not applied), same window, weights and caps.
 * May be called after pr_ingest_finish, once per network, so that each network is ranked on
 * its own. Does not change the summary. */
int pr_ingest_finish_network(pr_graph **out, pr_ingest *ig, const char *network, pr_error *err);

/* Follow-only graph for the `followers` baseline: one unweighted edge per (follower, followed)
 * pair with a follow inside the window (edge-list inputs excluded), persons merged as in
 * pr_ingest_finish. Does not change the summary. */
int pr_ingest_finish_follows(pr_graph **out, pr_ingest *ig, pr_error *err);

/* Identity map: TSV lines "person<TAB>network<TAB>handle" ('#' comments, blank lines) merging a
 * person's accounts into one node named by the person id (no ':' allowed in it, so that it
 * never collides with an account name). Unmapped accounts stand alone. Any bad line, a repeated
 * mapping of the same account (duplicate) or an account mapped to two persons (conflict) fails
 * with PR_EPARSE naming file and line, whatever max_errors says. Load before pr_ingest_finish. */
int pr_ingest_load_identities(pr_ingest *ig, const char *path, pr_error *err);

/* Called for each event visited by pr_ingest_visit_events: account ids (pr_ingest_account_name),
 * the action (PR_ACTION_*), and the event's weight after window and decay, before the daily cap
 * and selectivity (which scale every action of an actor's day alike). */
typedef void (*pr_ingest_event_fn)(void *ctx, uint32_t src, uint32_t dst, int action, double w);

/* Visits every event kept in the window between accounts of `network` (NULL: every network), in
 * input order, for explanations that split an edge's weight by action. PR_ENOTFOUND when some
 * weight has no event behind it any more (days folded by --in-order, edge-list inputs): the
 * action split is then unknown. */
int pr_ingest_visit_events(const pr_ingest *ig, const char *network, pr_ingest_event_fn fn,
                           void *ctx);

/* After pr_ingest_finish: every account read (in order of first appearance), its name
 * ("network:handle") and the node it was merged into (PR_NODE_NONE when it has no kept edge).
 * The CLI lists a person's accounts by scanning these once. */
uint32_t pr_ingest_account_count(const pr_ingest *ig);
const char *pr_ingest_account_name(const pr_ingest *ig, uint32_t account);
pr_node pr_ingest_account_node(const pr_ingest *ig, uint32_t account);

/* The distinct networks of all accounts read, sorted by name; i < count. Valid until the next
 * call that adds input. */
size_t pr_ingest_network_count(pr_ingest *ig);
const char *pr_ingest_network_name(pr_ingest *ig, size_t i);

const pr_ingest_summary *pr_ingest_get_summary(const pr_ingest *ig);

/* The first few bad lines (at most 10), each "file:line: reason", in input order; i < n. */
size_t pr_ingest_error_count(const pr_ingest *ig);
const char *pr_ingest_error_message(const pr_ingest *ig, size_t i);

void pr_ingest_free(pr_ingest *ig); /* accepts NULL */

#endif
