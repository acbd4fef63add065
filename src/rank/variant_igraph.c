/* Variants computed by igraph: HITS authority and k-core index. igraph aborts on errors by
 * default and is not thread-safe: its handler is switched to a non-aborting one for the duration
 * of each call, and every igraph_error_t is checked. */
#include "peoplerank/rank.h"

#include "rank_internal.h"

#include <igraph.h>
#include <math.h>

/* Builds the directed igraph copy of g (edge list in CSR order) and, when g is weighted and
 * weights is not NULL, its weights. symmetric: one undirected edge per u != v pair instead. */
static igraph_error_t to_igraph(igraph_t *ig, igraph_vector_t *weights, const pr_graph *g,
                                int symmetric)
{
    igraph_vector_int_t edges;
    IGRAPH_CHECK(igraph_vector_int_init(&edges, 0));
    IGRAPH_FINALLY(igraph_vector_int_destroy, &edges);
    IGRAPH_CHECK(igraph_vector_int_reserve(&edges, (igraph_integer_t)(2 * g->m)));
    for (pr_node v = 0; v < g->n; v++) {
        for (uint64_t e = g->in_off[v]; e < g->in_off[v + 1]; e++) {
            pr_node u = g->in_src[e];
            if (symmetric && u == v) {
                continue;
            }
            IGRAPH_CHECK(igraph_vector_int_push_back(&edges, u));
            IGRAPH_CHECK(igraph_vector_int_push_back(&edges, v));
            if (weights != NULL) {
                IGRAPH_CHECK(igraph_vector_push_back(weights, pr_graph_in_weight(g, e)));
            }
        }
    }
    IGRAPH_CHECK(igraph_create(ig, &edges, (igraph_integer_t)g->n,
                               symmetric ? IGRAPH_UNDIRECTED : IGRAPH_DIRECTED));
    igraph_vector_int_destroy(&edges);
    IGRAPH_FINALLY_CLEAN(1);
    if (symmetric) {
        /* u->v and v->u become one edge: the k-core of who interacts with whom. */
        igraph_error_t rc = igraph_simplify(ig, 1, 1, NULL);
        if (rc != IGRAPH_SUCCESS) {
            igraph_destroy(ig);
            return rc;
        }
    }
    return IGRAPH_SUCCESS;
}

static int igraph_failed(pr_error *err, const char *what, igraph_error_t rc)
{
    return pr_error_set(err, rc == IGRAPH_ENOMEM ? PR_ENOMEM : PR_EINVAL, NULL, 0,
                        "%s: igraph failed: %s", what, igraph_strerror(rc));
}

static igraph_error_t hits(double *value, const pr_graph *g)
{
    igraph_t ig;
    igraph_vector_t weights, authority;
    IGRAPH_VECTOR_INIT_FINALLY(&weights, 0);
    IGRAPH_CHECK(to_igraph(&ig, g->in_w ? &weights : NULL, g, 0));
    IGRAPH_FINALLY(igraph_destroy, &ig);
    IGRAPH_VECTOR_INIT_FINALLY(&authority, 0);
    IGRAPH_CHECK(igraph_hub_and_authority_scores(&ig, NULL, &authority, NULL, 1,
                                                 g->in_w ? &weights : NULL, NULL));
    for (pr_node v = 0; v < g->n; v++) {
        value[v] = fabs(VECTOR(authority)[v]); /* the eigenvector's sign is arbitrary */
    }
    igraph_vector_destroy(&authority);
    igraph_destroy(&ig);
    igraph_vector_destroy(&weights);
    IGRAPH_FINALLY_CLEAN(3);
    return IGRAPH_SUCCESS;
}

int pr_rank__hits(double *value, const pr_graph *g, pr_error *err)
{
    if (g->m == 0) {
        for (pr_node v = 0; v < g->n; v++) {
            value[v] = 0.0;
        }
        return PR_OK;
    }
    igraph_error_handler_t *old = igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_error_t rc = hits(value, g);
    igraph_set_error_handler(old);
    return rc == IGRAPH_SUCCESS ? PR_OK : igraph_failed(err, "hits", rc);
}

static igraph_error_t coreness(double *value, const pr_graph *g)
{
    igraph_t ig;
    igraph_vector_int_t cores;
    IGRAPH_CHECK(to_igraph(&ig, NULL, g, 1));
    IGRAPH_FINALLY(igraph_destroy, &ig);
    IGRAPH_CHECK(igraph_vector_int_init(&cores, 0));
    IGRAPH_FINALLY(igraph_vector_int_destroy, &cores);
    IGRAPH_CHECK(igraph_coreness(&ig, &cores, IGRAPH_ALL));
    for (pr_node v = 0; v < g->n; v++) {
        value[v] = (double)VECTOR(cores)[v];
    }
    igraph_vector_int_destroy(&cores);
    igraph_destroy(&ig);
    IGRAPH_FINALLY_CLEAN(2);
    return IGRAPH_SUCCESS;
}

int pr_rank__coreness(double *value, const pr_graph *g, pr_error *err)
{
    igraph_error_handler_t *old = igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_error_t rc = coreness(value, g);
    igraph_set_error_handler(old);
    return rc == IGRAPH_SUCCESS ? PR_OK : igraph_failed(err, "coreness", rc);
}
