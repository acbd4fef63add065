/* peoplerank: the people-rank kernel (weighted PageRank, pull direction, OpenMP).
 *
 * r'(v) = (1-d) t(v) + d [ sum_{u->v} r(u) w(u,v) / W(u)  +  D t(v) ]
 * where W(u) is u's total out-weight, D the rank held by dangling nodes (W = 0) and t the
 * teleport distribution (uniform 1/n unless a prior is given). The tolerance bounds the L1 change
 * of r between two iterations. Results are bit-identical at any thread count. */
#ifndef PEOPLERANK_RANK_H
#define PEOPLERANK_RANK_H

#include "peoplerank/common.h"
#include "peoplerank/graph.h"
#include "peoplerank/rank_kernel.h"

typedef struct pr_rank_opts {
    double damping;   /* d, in [0, 1) */
    double tolerance; /* stop when the L1 change is below this; 0 = run max_iterations */
    uint32_t max_iterations;
    const double *teleport; /* n entries summing to 1, or NULL for uniform */
    const double *initial;  /* warm start: n entries (renormalised), or NULL for teleport */
    int threads;            /* 0 = OpenMP's default */
    /* 1: keep the contributions r(u)/W(u) as float: the array every in-edge gathers from is
     * half the size (faster once it outgrows the cache), and each iteration is one fused pass
     * (still 16 bytes per person: current and next contributions). Costs ~6e-8 relative
     * rounding per contribution: the result is accurate to ~1e-8 (L1), not 1e-12. Default 0. */
    int float_contrib;
    /* Warm start: the sum the start vector is scaled to (0 = 1). When the graph leaks rank (out_w
     * above the kept in-weights, as the reciprocity discount does), the converged ranks sum to
     * less than 1, and a start at the previous run's sum saves the iterations spent on scale. */
    double initial_scale;
} pr_rank_opts;

#define PR_RANK_OPTS_INIT                                                                          \
    {                                                                                              \
        .damping = 0.85, .tolerance = 1e-10, .max_iterations = 1000, .teleport = NULL,             \
        .initial = NULL, .threads = 0, .float_contrib = 0, .initial_scale = 0.0                    \
    }

typedef struct pr_rank_result {
    uint32_t iterations;
    double final_change; /* L1 change of the last iteration */
    int converged;       /* final_change < tolerance */
} pr_rank_result;

/* Ranks g into rank[0..n-1] (non-negative, summing to 1). */
int pr_rank_pagerank(double *rank, pr_rank_result *result, const pr_graph *g,
                     const pr_rank_opts *opts);

/* The kernel by node ranges (for the multi-process run): peoplerank/rank_kernel.h. */

/* The vector pr_rank_pagerank starts from, rank[0..n-1]: opts->initial renormalised to sum
 * opts->initial_scale (1 when 0), else opts->teleport, else uniform 1/n (for a run by ranges). */
void pr_rank_start_vector(double *rank, const pr_graph *g, const pr_rank_opts *opts);

/* Checks the options against g: damping in [0,1), tolerance >= 0 and finite, teleport
 * non-negative, finite and summing to 1 within 1e-9, initial non-negative, finite, sum > 0. */
int pr_rank_check_opts(const pr_graph *g, const pr_rank_opts *opts);

/* ---- Teleport distributions ---- */

enum {
    /* A seed set (personalized rank, TrustRank): lines `account` or `account<TAB>mass` (mass
     * 1 when absent); accounts not listed get mass 0. Without this flag the file is a prior:
     * lines `account<TAB>mass`, and accounts not listed get mass 1 (a normal account). */
    PR_TELEPORT_SEEDS = 1,
    /* Count accounts that are not in the graph (*ignored) instead of failing on them. */
    PR_TELEPORT_IGNORE_UNKNOWN = 2
};

/* Loads a teleport distribution for g from path into teleport[0..n-1], normalised to sum 1.
 * Lines: `account<TAB>mass` ('#' comments and blank lines skipped, CRLF accepted); mass is a
 * finite number >= 0 relative to the other accounts. Errors (with file and line in err): a
 * malformed line or a duplicate account (PR_EPARSE), an account the graph does not have
 * (PR_ENOTFOUND, unless PR_TELEPORT_IGNORE_UNKNOWN), masses summing to 0 (PR_EINVAL), a graph
 * without names (PR_EINVAL). *ignored (may be NULL) receives the unknown accounts skipped. */
int pr_rank_load_teleport(double *teleport, uint64_t *ignored, const pr_graph *g, const char *path,
                          unsigned flags, pr_error *err);

/* teleport = uniform over the distinct nodes in seeds[0..count-1], 0 elsewhere (PR_EINVAL when
 * count is 0 or a seed is >= n). */
int pr_rank_seed_teleport(double *teleport, const pr_node *seeds, size_t count, pr_node n);

/* ---- Ranking variants (`--algorithm NAME`) ----
 * Every variant writes one value per node, non-negative and normalised to sum 1, so that the
 * same score scale and snapshot format apply to all (docs/rank.md defines each). When every
 * raw value is 0 (e.g. no edges), every node gets 1/n. */
typedef enum pr_algorithm {
    PR_ALGO_PAGERANK,     /* pr_rank_pagerank; opts->teleport is an optional prior. The job
                           * runs it with the engagement rules off: plain PageRank */
    PR_ALGO_PERSONALIZED, /* pr_rank_pagerank with opts->teleport required (seed set / prior) */
    PR_ALGO_LEADERRANK,   /* Lu et al. 2011: ground node linked both ways, no damping */
    PR_ALGO_HITS,         /* HITS authority score (igraph, weighted) */
    PR_ALGO_CORENESS,     /* k-core index of the symmetrised simple graph (igraph) */
    PR_ALGO_INDEGREE,     /* distinct engagers: in-neighbours other than oneself */
    PR_ALGO_INSTRENGTH,   /* weighted engagement received (self-loops excluded) */
    PR_ALGO_FOLLOWERS,    /* in-degree of the follow-only graph the caller passes */
    PR_ALGO_PEOPLERANK,   /* the same kernel as PR_ALGO_PAGERANK; the job applies the
                           * engagement rules (trust teleport, reciprocity) first: the default */
    PR_ALGO_COUNT
} pr_algorithm;

/* Divides v[0..n-1] by its sum when the sum is positive (else leaves v as it is); returns the
 * sum. */
double pr_rank_normalise(double *v, pr_node n);

/* "peoplerank", "pagerank", "personalized", ... ; NULL for an out-of-range value. */
const char *pr_algorithm_name(pr_algorithm a);

/* The algorithm called name (exact, lower case); PR_EINVAL when unknown. */
int pr_algorithm_parse(pr_algorithm *out, const char *name);

/* Parses a comma-separated list ("pagerank,leaderrank,indegree") into out[0..*count-1]
 * (cap entries at most; duplicates refused). PR_EINVAL with a message in err on a bad list. */
int pr_algorithm_parse_list(pr_algorithm *out, size_t *count, const char *list, size_t cap,
                            pr_error *err);

/* Runs algorithm a on g into value[0..n-1] (sum 1). opts applies to the iterative variants
 * (pagerank, personalized: all fields; leaderrank: tolerance, max_iterations, initial, threads);
 * result (may be NULL) receives their iterations, and iterations 0 / converged 1 for the
 * others. Failures carry a message in err (may be NULL). */
int pr_rank_variant(double *value, pr_rank_result *result, const pr_graph *g, pr_algorithm a,
                    const pr_rank_opts *opts, pr_error *err);

#endif
