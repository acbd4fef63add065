/* Internal state of the batch job, shared by src/job*.c. */
#ifndef PR_JOB_INTERNAL_H
#define PR_JOB_INTERNAL_H

#include "peoplerank/job.h"
#include "peoplerank/snapshot_dir.h"
#include "peoplerank/snapshot.h"

/* One network, ranked on its own graph. With a single network and no identity map the network
 * graph is the person graph itself (owned elsewhere: own_graph = 0, person_of = NULL). */
typedef struct job_network {
    char name[40];
    pr_graph *graph; /* accounts of this network */
    int own_graph;
    pr_node *person_of; /* account node -> person node, or NULL when the identity */
    double *value;      /* the current algorithm's value per account (sum 1) */
    double *relative;   /* the value scores are made from, 1 = the network's average account */
    double *earned;     /* earned rank per account (rank-like algorithms), else NULL */
    double *trust;      /* teleport from the engagement rules (sum 1): who counts as a person */
    double *teleport;   /* the teleport the last ranking used, or NULL (uniform) */
    uint64_t trusted;
    double total_weight;
    uint64_t events; /* events kept on this network; UINT64_MAX = unknown */
} job_network;

typedef struct job_ctx {
    const pr_job_opts *opts;
    pr_ingest *ingest; /* NULL when ranking a saved graph */
    pr_graph *persons; /* the person graph: its nodes are the ranked persons */
    pr_graph *follows; /* follow-only person graph, built on demand */
    job_network *net;
    uint32_t net_count;
    double *prior;          /* --prior over persons, or NULL */
    double *seeds;          /* --seeds over persons (personalized), or NULL */
    double *previous;       /* previous snapshot's rank over persons, or NULL */
    double *previous_scale; /* per network: the sum of its ranks in that run (0 = unknown) */
    uint32_t previous_found;
    char *previous_path;     /* owned */
    int previous_unreadable; /* latest exists but could not be read: started cold */
    int rules;               /* what the network graphs hold: 0 none yet, 1 rules on, 2 off */
} job_ctx;

/* The per-algorithm result over persons, and everything the snapshot stores with it. */
typedef struct job_result {
    double *rank;        /* combined rank, sum 1 */
    double *relative;    /* what the score is made from: 1 = the average person */
    double *network_sum; /* per network: the sum of its raw ranks (< 1 when rank leaks) */
    double *score;
    double *percentile;
    double *network_score; /* n * net_count, NaN where the person has no account */
    uint32_t *engagers;
    double *engagement;
    uint32_t *influencers; /* n * PR_SNAPSHOT_TOP_K person ids */
    uint32_t *influencees;
    double *delta; /* n * PR_SNAPSHOT_DELTAS */
    char *delta_source[PR_SNAPSHOT_DELTAS];
    char **accounts; /* per person: tab-separated account names, or NULL */
    char **explain;  /* per person: the explain column's text, or NULL (not stored) */
} job_result;

/* The algorithms that iterate from a start vector and can warm-start. */
static inline int job_uses_warm_start(pr_algorithm a)
{
    return a == PR_ALGO_PAGERANK || a == PR_ALGO_PEOPLERANK || a == PR_ALGO_PERSONALIZED ||
           a == PR_ALGO_LEADERRANK;
}

/* The algorithms whose snapshot stores the explain column (job_explain). */
static inline int job_explains(pr_algorithm a)
{
    return a == PR_ALGO_PAGERANK || a == PR_ALGO_PEOPLERANK || a == PR_ALGO_PERSONALIZED;
}

/* Whether the engagement rules (trust teleport, reciprocity discount) reweight the graph an
 * algorithm runs on: not for plain `pagerank`, and `followers` reads the follow graph only. */
static inline int job_uses_rules(pr_algorithm a)
{
    return a != PR_ALGO_PAGERANK && a != PR_ALGO_FOLLOWERS;
}

/* job_memory.c: the bytes of each structure c holds now (pr_job_report.memory). */
void job_memory(uint64_t parts[PR_MEM_PART_COUNT], const job_ctx *c);

/* job_networks.c */
int job_networks_prepare(job_ctx *c, pr_error *err);
/* Applies the engagement rules (on) or the neutral rules (off: everyone trusted, no weight
 * removed) to every network graph. Off must come before on: the rules reweight in place. */
int job_networks_rules(job_ctx *c, int on, pr_error *err);
void job_networks_free(job_ctx *c);

/* job_rank.c: runs algorithm a on every network and combines into r->rank. */
/* The combined person rank (docs/rank.md "Several networks"): each network is ranked on its own
 * graph; a person's combined rank is the sum of their accounts' ranks over all networks divided
 * by the number of networks. A person who adds a network only adds a non-negative term. */
void pr_job__combine(double *person_rank, const double *account_rank, const pr_node *person_of,
                     pr_node accounts, double networks);
int job_rank_algorithm(pr_rank_result *res, job_result *r, job_ctx *c, pr_algorithm a,
                       pr_error *err);

/* job_extras.c: scores, percentiles, per-network scores, engagement, influencers, accounts. */
int job_scores(job_result *r, const job_ctx *c);
int job_extras(job_result *r, const job_ctx *c);
void job_result_free(job_result *r, pr_node n);

/* job_explain.c: the explain column (rank split into parts) of a rank-like algorithm. */
int job_explain(job_result *r, const job_ctx *c);

/* job_history.c: the previous snapshot (warm start, deltas, drift guard). */
int job_load_previous(job_ctx *c, const char *dir, pr_error *err);
int job_deltas(job_result *r, const job_ctx *c, const char *dir, int64_t as_of, pr_error *err);
/* job_guard_drift.c: compares r with the snapshot prev_path (docs/operations.md, "Drift").
 * PR_OK when every check passes or there is no previous snapshot; PR_EDRIFT when one trips (err
 * names the first, with its figures and the override). *report (owned, may be NULL) lists every
 * check; figures->drift_*: the movers' percentage, rho and top-k overlap (-1/NaN when not
 * compared). */
int job_drift_check(char **report, pr_job_output *figures, const job_result *r, const job_ctx *c,
                    const char *prev_path, pr_error *err);

/* job_guard_result.c: no edges, one score for everyone, a network where nobody was engaged are
 * errors (PR_EINVAL, the message says what to look at) unless opts->allow_degenerate. */
int job_check_result(const job_result *r, const job_ctx *c, const pr_ingest_summary *s,
                     pr_error *err);

/* job_guard_dates.c: latest never moves backwards, a date's snapshot is replaced only when
 * asked. *publish_latest: whether latest may move to the new snapshot; *replaces: whether it
 * replaces a snapshot of the same date. PR_EDRIFT (refused) with the reason in err. */
int job_check_dates(int *publish_latest, int *replaces, const char *dir, int64_t as_of,
                    const pr_job_opts *o, pr_error *err);

/* Removes what killed runs left in dir: stale temp files, staging directories of dead runs. */
void job_remove_leftovers(const char *dir);

#endif
