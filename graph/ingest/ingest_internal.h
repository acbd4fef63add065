/* Internal to graph/: the input reader, the account-name table and the ingest state shared by the
 * per-format readers (ingest_*.c). Not installed; tools and src use ingest.h only. */
#ifndef PR_INGEST_INTERNAL_H
#define PR_INGEST_INTERNAL_H

#include "peoplerank/ingest.h"
#include "peoplerank/line_reader.h"

#include <stddef.h>
#include <stdint.h>

/* ---- Names: interned "network:handle" strings, ids in order of first appearance. ---- */

typedef struct pr_names {
    char *data; /* the names, each NUL-terminated */
    uint64_t len, cap;
    uint64_t *off;  /* count offsets into data */
    uint64_t *hash; /* count hashes, to skip most string compares while probing */
    uint32_t count, off_cap;
    uint64_t *slots; /* open addressing: hash tag << 32 | (id + 1), 0 = empty */
    uint64_t mask;
} pr_names;

/* Finds or adds name[0..len); *id receives its id. PR_ENOMEM or PR_ELIMIT on failure. */
int pr_ingest__names_intern(uint32_t *id, pr_names *t, const char *name, size_t len);
/* The hash of "net:handle" given in two parts (net NULL: a name without network), and the
 * same intern without building the string; h must be pr_ingest__names_hash2 of the parts. */
uint64_t pr_ingest__names_hash2(const char *net, size_t net_len, const char *handle, size_t len);
int pr_ingest__names_intern2(uint32_t *id, pr_names *t, const char *net, size_t net_len,
                             const char *handle, size_t len, uint64_t h);
/* Read-only lookup of the pair (safe from many threads while nothing is interned). */
uint32_t pr_ingest__names_find2(const pr_names *t, const char *net, size_t net_len,
                                const char *handle, size_t len, uint64_t h);
/* Hints the cache about the slot a hash will probe first (batched lookups). */
void pr_ingest__names_prefetch(const pr_names *t, uint64_t h);
/* Later stages for a hash whose slot is already cached: stage 0 fetches the name's offset,
 * stage 1 (once that is cached) the name bytes. */
void pr_ingest__names_prefetch_name(const pr_names *t, uint64_t h, int stage);
/* Finds name; PR_NODE_NONE when absent. */
uint32_t pr_ingest__names_find(const pr_names *t, const char *name, size_t len);
static inline const char *pr_ingest__names_get(const pr_names *t, uint32_t id)
{
    return t->data + t->off[id];
}
void pr_ingest__names_clear(pr_names *t);

/* ---- Ingest state ---- */

/* One timestamped event, kept until pr_ingest_finish knows the as-of date. */
typedef struct pr_event_store {
    uint64_t count, cap;
    uint32_t *src, *dst;
    int64_t *ts;
    uint32_t *meta; /* action << 28 | count */
} pr_event_store;

/* Edges without a time (edge lists): they count on the as-of date, weight as given. */
typedef struct pr_timeless_store {
    uint64_t count, cap;
    uint32_t *src, *dst;
    float *w;
} pr_timeless_store;

/* Edges folded from finished days (in-order input): one record per (src, dst) account pair,
 * sorted by pair, weights already windowed, decayed and capped; follow = a follow event fell in
 * the window (the follow graph). */
typedef struct pr_fold_store {
    uint64_t count;
    uint32_t *src, *dst;
    double *w;
    uint8_t *follow;
} pr_fold_store;

/* Events that fall inside the window (account ids), on their way to a graph or a fold. */
typedef struct pr_kept {
    uint64_t n;
    uint32_t *src, *dst, *day;
    float *w;        /* action weight x count x decay (1 for the follow graph) */
    float *raw;      /* action weight x count, what the daily cap limits */
    uint8_t *follow; /* when not NULL: 1 for a follow event */
} pr_kept;

void pr_ingest__kept_free(pr_kept *k);
/* Keeps events [0, n_events) of the store that fall in the window (every network), with follow
 * flags; counts the others in sum. */
int pr_ingest__kept_collect_all(pr_kept *k, const pr_ingest *ig, uint64_t n_events, int64_t as_of,
                                pr_ingest_summary *sum);
/* The daily cap and the selectivity factor, per (actor, UTC day). */
int pr_ingest__kept_apply_caps(pr_kept *k, const pr_ingest_opts *o);

/* Sorting (key, index) pairs by the low `bits` bits of key (radix, stable). */
typedef struct pr_sort_key {
    uint64_t key;
    uint32_t idx;
} pr_sort_key;
/* tmp: n entries of scratch; count: 65536 entries of scratch. */
void pr_ingest__sort_keys(pr_sort_key *a, pr_sort_key *tmp, uint64_t n, uint64_t *count, int bits);

/* Folds the held events of finished days into ig's fold store (in-order input); called by
 * pr_ingest__event every fold_batch events. */
int pr_ingest__fold(pr_ingest *ig);
/* Records that the stores now hold their bytes plus `extra` bytes of scratch (peak_held). */
void pr_ingest__note_held(pr_ingest *ig, uint64_t extra);
/* Events to read before the next fold (the option, else following the folded store's size). */
uint64_t pr_ingest__fold_batch(const pr_ingest *ig);
/* In-order input: whether to store an event of this time (0), skip it because it falls outside
 * the window (-1: counted there) or refuse it because it is more than in_order_days older than
 * the newest event in the window (1: the message is in ig->order_msg). */
int pr_ingest__fold_check(pr_ingest *ig, int64_t ts);
/* The message for an error code of pr_ingest__event (the details of PR_EORDER). */
const char *pr_ingest__strerror(const pr_ingest *ig, int rc);
void pr_ingest__fold_store_free(pr_fold_store *f);

/* Per-network cache from a small decimal handle ("123") to its account id + 1, so that numeric
 * edge lists intern each distinct node once. */
typedef struct pr_numcache {
    char net[33];
    uint32_t *ids;
    uint64_t cap;
} pr_numcache;

#define PR_NUMCACHE_MAX (1u << 26)

/* Events per UTC day (ingest_dates.c): the as-of date is chosen from them and the first lines
 * of each day point at later and far-future events. */
#define PR_DAY_LOCATIONS 5      /* first lines remembered per day */
#define PR_NORMAL_DAY_SHARE 0.1 /* a normal day holds at least this share of the median day */
#define PR_MAX_LATER 5          /* later events shown as file:line */

typedef struct pr_day_count {
    int64_t day;                     /* days since 1970-01-01 */
    int64_t newest;                  /* the newest timestamp of that day */
    uint64_t events;                 /* 0 = an empty slot */
    uint32_t file[PR_DAY_LOCATIONS]; /* index into pr_ingest.file_names */
    uint64_t line[PR_DAY_LOCATIONS];
} pr_day_count;

typedef struct pr_day_table {
    pr_day_count *slot; /* open addressing by day */
    uint64_t cap, count, untracked;
    pr_day_count *last; /* the day of the previous event */
} pr_day_table;

/* Counts an event of time ts read at line_no of the current file. 0 or PR_ENOMEM. */
int pr_ingest__days_note(pr_ingest *ig, int64_t ts, uint64_t line_no);
/* Before the graph is built: chooses the as-of date (when none was given), counts far-future
 * events as bad lines (PR_EPARSE in a strict run or past --max-errors) and keeps the first later
 * events' places. */
int pr_ingest__days_judge(pr_ingest *ig, pr_error *err);
void pr_ingest__days_free(pr_day_table *t);

#define PR_META_COUNT_MASK ((1u << 28) - 1)
#define PR_MAX_COUNT 1000000u /* documented bound on an event's count */
#define PR_MAX_KEPT_MESSAGES 10

struct pr_ingest {
    pr_ingest_opts opts;
    pr_ingest_summary sum;
    pr_names names;
    pr_event_store events;
    pr_timeless_store timeless;
    pr_fold_store folded;
    int64_t fold_before_day; /* days before this one are folded (in-order input) */
    int64_t fold_newest;     /* the newest event inside the window read so far */
    char order_msg[200];     /* what PR_EORDER refused */
    uint64_t fold_at;        /* fold when the event store holds this many */
    int released; /* pr_ingest_release_stores: 1 fold and edge-list stores freed, 2 events too */
    int released_edges; /* those stores held something when freed: events alone are partial */
    uint64_t peak_held; /* the most the stores and a fold's or build's scratch held at once */
    pr_ingest_summary fold_sum; /* events_kept, outside_window, after_as_of of folded days */
    pr_numcache *numcache;
    size_t n_numcache;
    char *csv_columns;
    pr_names ident;         /* identity map: account names ... */
    uint32_t *ident_person; /* ... and the person index of each */
    uint64_t ident_cap;
    pr_names persons;  /* person ids */
    uint32_t *node_of; /* account -> node of the last pr_ingest_finish */
    uint32_t node_of_count;
    char **networks;       /* cache for pr_ingest_network_name */
    size_t n_networks;     /* the column spec for "csv" inputs added through pr_ingest_add_file */
    uint64_t timed_events; /* events with a timestamp read (self-interactions included) */
    char *messages[PR_MAX_KEPT_MESSAGES];
    size_t n_messages;
    pr_day_table days; /* events per UTC day */
    char **file_names; /* every input read, in order (for file:line of later events) */
    size_t n_files;
    int64_t chosen_as_of; /* the as-of date pr_ingest__days_judge chose or was given */
    int dates_judged;
    char *later[PR_MAX_LATER]; /* the first later events, "file:line" */
    size_t n_later;
    pr_ingest_progress_fn progress; /* may be NULL */
    void *progress_ctx;
    uint64_t bytes_before;   /* bytes of the inputs read before the current one */
    uint64_t skipped_before; /* bad lines other processes met before this shard's first line */
    char scratch[PR_MAX_LINE + 64];
};

/* Records a bad line. Strict mode: fills err and returns PR_EPARSE. --max-errors mode: counts it
 * by reason, keeps the first messages, and returns 0 while the count stays within the limit
 * (PR_EPARSE with a summary message once it is exceeded). */
int pr_ingest__bad_line(pr_ingest *ig, pr_error *err, const char *file, uint64_t line,
                        pr_skip_reason reason, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Interns "network:handle" (network must already be valid). */
int pr_ingest__account(uint32_t *id, pr_ingest *ig, const char *net, size_t net_len,
                       const char *handle, size_t handle_len);
/* Like pr_ingest__account, through the numeric cache when handle is a small decimal number. */
int pr_ingest__account_num(uint32_t *id, pr_ingest *ig, const char *net, size_t net_len,
                           const char *handle, size_t handle_len);
/* Adds an edge without time (weight > 0); self-loops are counted, not stored. */
int pr_ingest__timeless(pr_ingest *ig, uint32_t src, uint32_t dst, float w);
/* Adds a timestamped event read at line_no of the current input; self-interactions are counted,
 * not stored. */
int pr_ingest__event(pr_ingest *ig, uint32_t src, uint32_t dst, int64_t ts, pr_action a,
                     uint32_t count, uint64_t line_no);

/* Validation helpers shared by the readers. */
int pr_ingest__valid_network(const char *s, size_t len);
int pr_ingest__valid_utf8(const char *s, size_t len);
/* Parses a positive integer count in 1..PR_MAX_COUNT; 0 or PR_EPARSE. */
int pr_ingest__parse_count(uint32_t *out, const char *s, size_t len);

/* The next line to parse of a text format: counts every line, skips blank and '#' lines, and
 * reports over-long lines and NUL bytes as bad lines. Returns 1 with *line and *len, 0 at the end,
 * or a negative code. */
int pr_ingest__next_text_line(pr_ingest *ig, pr_reader *r, const char **line, size_t *len,
                              pr_error *err);

/* The parallel block path for line formats (ingest_block.c): parse runs on many threads and
 * must only read ctx; prefetch (may be NULL; stage 0, 1, 2 at decreasing distances ahead, for
 * multi-level lookups) and apply run in input order on one thread. apply
 * sees every line (blank and comment lines included) and returns 0 or a negative code. */
typedef struct pr_line_format {
    size_t rec_size;
    void (*parse)(void *rec, const char *line, size_t len, const void *ctx);
    void (*prefetch)(const pr_ingest *ig, const void *rec, int stage, void *ctx);
    int (*apply)(pr_ingest *ig, const void *rec, const char *line, size_t len, const char *file,
                 uint64_t line_no, void *ctx, pr_error *err);
} pr_line_format;

int pr_ingest__read_blocks(pr_ingest *ig, pr_reader *r, const pr_line_format *f, void *ctx,
                           pr_error *err);
/* -1: the line has a NUL byte, 0: blank or comment, 1: a line to parse. */
int pr_ingest__line_precheck(const char *line, size_t len);

/* Reports progress (lines, bytes, events read) when a callback is set. */
void pr_ingest__report_progress(pr_ingest *ig, const pr_reader *r);

/* Sharded ingest (ingest_shard.c): merges one day table into another, in input order. */
int pr_ingest__days_merge(pr_day_table *t, const pr_day_count *d);

/* Format readers. */
int pr_ingest__read_events(pr_ingest *ig, pr_reader *r, pr_error *err);
int pr_ingest__read_edges(pr_ingest *ig, pr_reader *r, const char *network, pr_error *err);
int pr_ingest__read_klout(pr_ingest *ig, pr_reader *r, const char *network, pr_error *err);
int pr_ingest__read_csv(pr_ingest *ig, pr_reader *r, const char *network, const char *columns,
                        pr_error *err);
int pr_ingest__read_twitter_json(pr_ingest *ig, pr_reader *r, const char *network, pr_error *err);
int pr_ingest__read_jetstream(pr_ingest *ig, pr_reader *r, const char *network, pr_error *err);

/* "file:line: reason" helper for readers: BAD(reason, fmt, ...) with ig, err, file, line_no in
 * scope. */
#define PR_BAD(reason, ...) pr_ingest__bad_line(ig, err, file, line_no, reason, __VA_ARGS__)
/* Shows at most 40 bytes of a field in a message. */
#define PR_SHOW(len) ((int)((len) > 40 ? 40 : (len)))

#endif
