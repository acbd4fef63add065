/* peoplerank: the compact CSR interaction graph and how to build one from edges.
 *
 * Nodes are ranked persons (an account, or several accounts merged by an identity map), numbered
 * 0..n-1. Edge u->v means u acted on v's content, so influence flows from u to v. The graph is
 * stored by in-edges (pull direction), which is what the rank kernel reads; a node's in-edges are
 * sorted by source id, duplicates already folded into one weighted edge. */
#ifndef PEOPLERANK_GRAPH_H
#define PEOPLERANK_GRAPH_H

#include "peoplerank/common.h"
#include "peoplerank/name_index.h"

#include <stdint.h>

typedef uint32_t pr_node; /* 4 billion persons per graph; ranges of ids partition the graph */
#define PR_NODE_NONE UINT32_MAX

typedef struct pr_graph {
    pr_node n;        /* persons */
    uint64_t m;       /* distinct directed edges after folding */
    uint64_t *in_off; /* n+1 offsets into in_src/in_w */
    pr_node *in_src;  /* m sources, sorted within each node's range */
    float *in_w;      /* m weights (> 0), or NULL when every weight is exactly 1 */
    double *out_w;    /* n: total weight of each node's out-edges; 0 marks a dangling node */
    /* Names ("network:handle", or a person id from the identity map); NULL when nameless.
     * Name of v: name_data + name_off[v], NUL-terminated. */
    char *name_data;
    uint64_t *name_off; /* n+1 */
    void *mapping;      /* internal: set when the arrays live in an mmap'd file */
    size_t mapping_size;
} pr_graph;

/* A growable list of weighted directed edges: the input of pr_graph_build. */
typedef struct pr_edge_list {
    uint64_t count, cap;
    pr_node *src, *dst;
    double *w;
} pr_edge_list;

#define PR_EDGE_LIST_INIT                                                                          \
    {                                                                                              \
        .count = 0, .cap = 0, .src = NULL, .dst = NULL, .w = NULL                                  \
    }

int pr_edge_list_add(pr_edge_list *el, pr_node src, pr_node dst, double w);
void pr_edge_list_clear(pr_edge_list *el); /* frees the arrays; the struct is reusable */

enum {
    PR_BUILD_KEEP_SELF_LOOPS = 1 /* keep u->u edges (raw edge lists); default: drop and count */
};

/* Builds the CSR graph of n nodes from el by count -> prefix sum -> fill, folding repeated
 * (src, dst) pairs into one edge whose weight is the sum. Edges with weight <= 0 are dropped.
 * On success *out owns the arrays; el is left untouched. *dropped_self_loops (may be NULL)
 * receives the number of self-loop edges dropped. Names are left NULL (pr_graph_set_names). */
int pr_graph_build(pr_graph **out, const pr_edge_list *el, pr_node n, unsigned flags,
                   uint64_t *dropped_self_loops);

/* Gives g its node names: copies names[0..n-1]. */
int pr_graph_set_names(pr_graph *g, const char *const *names);

/* The name of v, or NULL when the graph has no names. */
const char *pr_graph_name(const pr_graph *g, pr_node v);

/* The weight of in-edge number e (1 when the graph is unweighted). */
static inline double pr_graph_in_weight(const pr_graph *g, uint64_t e)
{
    return g->in_w ? (double)g->in_w[e] : 1.0;
}

/* Saves g to path atomically (temp file in the same directory, fsync, rename), in the binary
 * format of docs/graph-format.md: magic, version, sizes, XXH3 checksums, 8-aligned arrays. */
int pr_graph_save(const pr_graph *g, const char *path, pr_error *err);

/* Maps a saved graph read-only: header, sizes (against the file size, before any use),
 * checksum and structure (offsets, source ids, weights, names) are checked. The arrays point
 * into the mapping, ranked as they are (no copy, no rebuild), and must not be written (new
 * weights go through pr_graph_replace_weights); pr_graph_free unmaps. PR_EFORMAT,
 * PR_ECHECKSUM, PR_ENOTFOUND, PR_EIO on failure, err naming the file and what failed. */
int pr_graph_load(pr_graph **out, const char *path, pr_error *err);

void pr_graph_free(pr_graph *g); /* accepts NULL; unmaps a loaded graph */

/* Gives g the edge weights w (m floats, allocated with pr_malloc; g owns them from now on). The
 * old weights are freed, unless they live in a loaded graph's mapping. */
void pr_graph_replace_weights(pr_graph *g, float *w);

/* The bytes g's arrays take (a loaded graph: its mapping); 0 for NULL. */
uint64_t pr_graph_bytes(const pr_graph *g);

/* ---- The CSR builder behind pr_graph_build, also used by ingest to build its graphs ---- */

/* One array of edges. Ids go through map when it is not NULL (an entry of PR_NODE_NONE drops
 * the edge). An edge is kept when its weight is > 0 (NaN dropped) and it is not a self-loop
 * (unless PR_BUILD_KEEP_SELF_LOOPS). */
typedef struct pr_csr_input {
    uint64_t count;
    const uint32_t *src, *dst;
    const float *w;      /* NULL: every weight is 1 */
    const double *wd;    /* used instead of w when not NULL (pr_graph_build's edge lists) */
    const uint32_t *map; /* NULL: the ids are node ids */
} pr_csr_input;

/* Builds the CSR graph of n nodes from the inputs, in order: within a node, in-edges are sorted
 * by source and repeats fold into one edge whose weight is the sum, taken in input order, so
 * the result does not depend on the thread count. */
int pr_csr_build(pr_graph **out, const pr_csr_input *in, size_t n_in, pr_node n, unsigned flags,
                 uint64_t *self_loops);

/* An index of g's node names: pr_name_index_find gives the node (PR_NODE_NONE when absent).
 * PR_EINVAL when g has no names, PR_ENOMEM. */
int pr_graph_index_names(pr_name_index *idx, const pr_graph *g);

#endif
