/* Variants computed by igraph: HITS authority and k-core index. igraph aborts on errors by
 * default and is not thread-safe: its handler is switched to a non-aborting one for the duration
 * of each call, and every igraph_error_t is checked.
 *
 * igraph is loaded with dlopen the first time one of these variants runs, not linked: with BLAS,
 * LAPACK, GLPK, ICU and libxml2 behind it, loading it is ~29 shared libraries and several
 * milliseconds that every reader (lookup, export, serve) would otherwise pay at start-up.
 * <igraph.h> gives the types and constants only; every igraph function is called through the
 * table below, filled once (pthread_once) and read-only afterwards. */
#include "peoplerank/dynlib.h"
#include "peoplerank/rank.h"

#include "rank_internal.h"

#include <igraph.h>
#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#ifndef PR_IGRAPH_SONAME
#define PR_IGRAPH_SONAME "libigraph.so.3"
#endif

typedef struct igraph_api {
    __typeof__(&igraph_vector_int_init) vector_int_init;
    __typeof__(&igraph_vector_int_reserve) vector_int_reserve;
    __typeof__(&igraph_vector_int_push_back) vector_int_push_back;
    __typeof__(&igraph_vector_int_destroy) vector_int_destroy;
    __typeof__(&igraph_vector_init) vector_init;
    __typeof__(&igraph_vector_push_back) vector_push_back;
    __typeof__(&igraph_vector_destroy) vector_destroy;
    __typeof__(&igraph_create) create;
    __typeof__(&igraph_simplify) simplify;
    __typeof__(&igraph_destroy) destroy;
    __typeof__(&igraph_hub_and_authority_scores) hub_and_authority_scores;
    __typeof__(&igraph_coreness) coreness;
    __typeof__(&igraph_set_error_handler) set_error_handler;
    igraph_error_handler_t *error_handler_ignore;
    __typeof__(&igraph_strerror) strerror;
    int loaded;
    char why[512]; /* why loading failed */
} igraph_api;

static igraph_api api;
static pthread_once_t api_once = PTHREAD_ONCE_INIT;

static void load_api(void)
{
    static const pr_dynlib_symbol symbols[] = {
#define SYM(field) PR_DYNLIB_SYMBOL(igraph_api, field, "igraph_" #field)
        SYM(vector_int_init),
        SYM(vector_int_reserve),
        SYM(vector_int_push_back),
        SYM(vector_int_destroy),
        SYM(vector_init),
        SYM(vector_push_back),
        SYM(vector_destroy),
        SYM(create),
        SYM(simplify),
        SYM(destroy),
        SYM(hub_and_authority_scores),
        SYM(coreness),
        SYM(set_error_handler),
        SYM(error_handler_ignore),
        SYM(strerror),
#undef SYM
    };
    pr_error err = PR_ERROR_INIT;
    /* Loaded once for the process's life: never closed. */
    if (pr_dynlib_open(PR_IGRAPH_SONAME, 0, &api, symbols, sizeof symbols / sizeof symbols[0],
                       &err) == NULL) {
        snprintf(api.why, sizeof api.why, "%s", err.message);
        return;
    }
    api.loaded = 1;
}

static const igraph_api *get_api(pr_error *err, const char *what)
{
    pthread_once(&api_once, load_api);
    if (!api.loaded) {
        pr_error_set(err, PR_EINVAL, NULL, 0, "%s needs igraph: %s", what, api.why);
        return NULL;
    }
    return &api;
}

/* Builds the directed igraph copy of g (edge list in CSR order) and, when g is weighted and
 * weights is not NULL, its weights. symmetric: one undirected edge per u != v pair instead. */
static igraph_error_t to_igraph(const igraph_api *ig_api, igraph_t *ig, igraph_vector_t *weights,
                                const pr_graph *g, int symmetric)
{
    igraph_vector_int_t edges;
    igraph_error_t rc = ig_api->vector_int_init(&edges, 0);
    if (rc != IGRAPH_SUCCESS) {
        return rc;
    }
    rc = ig_api->vector_int_reserve(&edges, (igraph_integer_t)(2 * g->m));
    for (pr_node v = 0; rc == IGRAPH_SUCCESS && v < g->n; v++) {
        for (uint64_t e = g->in_off[v]; rc == IGRAPH_SUCCESS && e < g->in_off[v + 1]; e++) {
            pr_node u = g->in_src[e];
            if (symmetric && u == v) {
                continue;
            }
            rc = ig_api->vector_int_push_back(&edges, u);
            rc = rc == IGRAPH_SUCCESS ? ig_api->vector_int_push_back(&edges, v) : rc;
            if (rc == IGRAPH_SUCCESS && weights != NULL) {
                rc = ig_api->vector_push_back(weights, pr_graph_in_weight(g, e));
            }
        }
    }
    if (rc == IGRAPH_SUCCESS) {
        rc = ig_api->create(ig, &edges, (igraph_integer_t)g->n,
                            symmetric ? IGRAPH_UNDIRECTED : IGRAPH_DIRECTED);
    }
    ig_api->vector_int_destroy(&edges);
    if (rc == IGRAPH_SUCCESS && symmetric) {
        /* u->v and v->u become one edge: the k-core of who interacts with whom. */
        rc = ig_api->simplify(ig, 1, 1, NULL);
        if (rc != IGRAPH_SUCCESS) {
            ig_api->destroy(ig);
        }
    }
    return rc;
}

static int igraph_failed(const igraph_api *ig_api, pr_error *err, const char *what,
                         igraph_error_t rc)
{
    return pr_error_set(err, rc == IGRAPH_ENOMEM ? PR_ENOMEM : PR_EINVAL, NULL, 0,
                        "%s: igraph failed: %s", what, ig_api->strerror(rc));
}

static igraph_error_t hits(const igraph_api *ig_api, double *value, const pr_graph *g)
{
    igraph_t ig;
    igraph_vector_t weights, authority;
    igraph_error_t rc = ig_api->vector_init(&weights, 0);
    if (rc != IGRAPH_SUCCESS) {
        return rc;
    }
    rc = to_igraph(ig_api, &ig, g->in_w ? &weights : NULL, g, 0);
    if (rc == IGRAPH_SUCCESS) {
        rc = ig_api->vector_init(&authority, 0);
        if (rc == IGRAPH_SUCCESS) {
            rc = ig_api->hub_and_authority_scores(&ig, NULL, &authority, NULL, 1,
                                                  g->in_w ? &weights : NULL, NULL);
            for (pr_node v = 0; rc == IGRAPH_SUCCESS && v < g->n; v++) {
                value[v] = fabs(VECTOR(authority)[v]); /* the eigenvector's sign is arbitrary */
            }
            ig_api->vector_destroy(&authority);
        }
        ig_api->destroy(&ig);
    }
    ig_api->vector_destroy(&weights);
    return rc;
}

int pr_rank__hits(double *value, const pr_graph *g, pr_error *err)
{
    if (g->m == 0) {
        for (pr_node v = 0; v < g->n; v++) {
            value[v] = 0.0;
        }
        return PR_OK;
    }
    const igraph_api *ig_api = get_api(err, "hits");
    if (ig_api == NULL) {
        return PR_EINVAL;
    }
    igraph_error_handler_t *old = ig_api->set_error_handler(ig_api->error_handler_ignore);
    igraph_error_t rc = hits(ig_api, value, g);
    ig_api->set_error_handler(old);
    return rc == IGRAPH_SUCCESS ? PR_OK : igraph_failed(ig_api, err, "hits", rc);
}

static igraph_error_t coreness(const igraph_api *ig_api, double *value, const pr_graph *g)
{
    igraph_t ig;
    igraph_vector_int_t cores;
    igraph_error_t rc = to_igraph(ig_api, &ig, NULL, g, 1);
    if (rc != IGRAPH_SUCCESS) {
        return rc;
    }
    rc = ig_api->vector_int_init(&cores, 0);
    if (rc == IGRAPH_SUCCESS) {
        rc = ig_api->coreness(&ig, &cores, IGRAPH_ALL);
        for (pr_node v = 0; rc == IGRAPH_SUCCESS && v < g->n; v++) {
            value[v] = (double)VECTOR(cores)[v];
        }
        ig_api->vector_int_destroy(&cores);
    }
    ig_api->destroy(&ig);
    return rc;
}

int pr_rank__coreness(double *value, const pr_graph *g, pr_error *err)
{
    const igraph_api *ig_api = get_api(err, "coreness");
    if (ig_api == NULL) {
        return PR_EINVAL;
    }
    igraph_error_handler_t *old = ig_api->set_error_handler(ig_api->error_handler_ignore);
    igraph_error_t rc = coreness(ig_api, value, g);
    ig_api->set_error_handler(old);
    return rc == IGRAPH_SUCCESS ? PR_OK : igraph_failed(ig_api, err, "coreness", rc);
}
