/* Internal to graph/: the lean, parallel CSR builder behind pr_graph_build and pr_ingest_finish.
 */
#ifndef PR_CSR_INTERNAL_H
#define PR_CSR_INTERNAL_H

#include "peoplerank/graph.h"

/* One array of edges. Ids go through map when it is not NULL (an entry of PR_NODE_NONE drops
 * the edge). An edge is kept when its weight is > 0 (NaN dropped) and it is not a self-loop
 * (unless PR_BUILD_KEEP_SELF_LOOPS). */
typedef struct pr_csr_input {
    uint64_t count;
    const uint32_t *src, *dst;
    const float *w;       /* NULL: every weight is 1 */
    const double *wd;     /* used instead of w when not NULL (pr_graph_build's edge lists) */
    const uint32_t *map;  /* NULL: the ids are node ids */
} pr_csr_input;

/* Builds the CSR graph of n nodes from the inputs, in order: within a node, in-edges are sorted
 * by source and repeats fold into one edge whose weight is the sum, taken in input order, so
 * the result does not depend on the thread count. */
int pr_csr_build(pr_graph **out, const pr_csr_input *in, size_t n_in, pr_node n, unsigned flags,
                 uint64_t *self_loops);

#endif
