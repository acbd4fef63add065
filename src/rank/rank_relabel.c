/* Relabelling persons by out-degree so that the pull step's gathers hit cache.
 *
 * The pull step reads contrib[u] for every in-edge u->v: on a graph with scattered ids those reads
 * are random over the whole contrib array (8 bytes per person), which stops fitting in the last
 * level cache at a few million persons. Numbering persons by decreasing out-degree puts the few
 * persons that most edges come from next to each other, so their contributions share cache lines
 * and stay cached. benchmarks/README.md ("Rank") has the measured gain. */
#include "peoplerank/rank.h"

#include "rank_internal.h"
#include "peoplerank/threads.h"

#include <string.h>

/* old_of_new: persons by decreasing out-degree, ties by increasing id (counting sort). */
static int order_by_degree(pr_node *old_of_new, const pr_graph *g)
{
    uint32_t *deg = pr_calloc(g->n ? g->n : 1, sizeof *deg);
    uint32_t max = 0;
    if (deg == NULL) {
        return PR_ENOMEM;
    }
    for (uint64_t e = 0; e < g->m; e++) {
        deg[g->in_src[e]]++;
    }
    for (pr_node v = 0; v < g->n; v++) {
        max = deg[v] > max ? deg[v] : max;
    }
    uint64_t *start = pr_calloc((size_t)max + 2, sizeof *start);
    if (start == NULL) {
        pr_free(deg);
        return PR_ENOMEM;
    }
    for (pr_node v = 0; v < g->n; v++) {
        start[max - deg[v] + 1]++;
    }
    for (uint32_t d = 0; d <= max; d++) {
        start[d + 1] += start[d];
    }
    for (pr_node v = 0; v < g->n; v++) {
        old_of_new[start[max - deg[v]]++] = v;
    }
    pr_free(start);
    pr_free(deg);
    return PR_OK;
}

/* Sorts x[0..count) by the high 32 bits (the source id; ids < 2^id_bits), stably, using tmp:
 * insertion sort for the many short lists, LSD radix sort with 11-bit digits for hubs. */
static void sort_by_source(uint64_t *x, uint64_t *tmp, uint64_t count, unsigned id_bits)
{
    if (count <= 32) {
        for (uint64_t i = 1; i < count; i++) {
            uint64_t key = x[i], j = i;
            while (j > 0 && (x[j - 1] >> 32) > (key >> 32)) {
                x[j] = x[j - 1];
                j--;
            }
            x[j] = key;
        }
        return;
    }
    uint64_t *from = x, *to = tmp;
    for (unsigned shift = 32; shift < 32 + id_bits; shift += 11) {
        uint64_t start[2049] = {0};
        for (uint64_t i = 0; i < count; i++) {
            start[((from[i] >> shift) & 2047) + 1]++;
        }
        for (int d = 0; d < 2048; d++) {
            start[d + 1] += start[d];
        }
        for (uint64_t i = 0; i < count; i++) {
            to[start[(from[i] >> shift) & 2047]++] = from[i];
        }
        uint64_t *t = from;
        from = to, to = t;
    }
    if (from != x) {
        memcpy(x, from, count * sizeof *x);
    }
}

/* New node i's in-edges: old node old_of_new[i]'s, sources renamed, sorted by new source id.
 * Each edge is packed as (source << 32 | weight bits) so that one sort moves both. */
static void fill_node(pr_graph *out, uint64_t *scratch, const pr_graph *g,
                      const pr_node *new_of_old, pr_node old, pr_node i, unsigned id_bits)
{
    uint64_t e0 = g->in_off[old], deg = g->in_off[old + 1] - e0, at = out->in_off[i];
    for (uint64_t k = 0; k < deg; k++) {
        uint32_t wbits = 0;
        if (g->in_w != NULL) {
            memcpy(&wbits, &g->in_w[e0 + k], sizeof wbits);
        }
        scratch[k] = (uint64_t)new_of_old[g->in_src[e0 + k]] << 32 | wbits;
    }
    sort_by_source(scratch, scratch + deg, deg, id_bits);
    for (uint64_t k = 0; k < deg; k++) {
        out->in_src[at + k] = (pr_node)(scratch[k] >> 32);
        if (out->in_w != NULL) {
            uint32_t wbits = (uint32_t)scratch[k];
            memcpy(&out->in_w[at + k], &wbits, sizeof wbits);
        }
    }
}

static int copy_names(pr_graph *out, const pr_graph *g, const pr_node *old_of_new)
{
    if (g->name_data == NULL) {
        return PR_OK;
    }
    const char **names = pr_mallocarray(g->n ? g->n : 1, sizeof *names);
    if (names == NULL) {
        return PR_ENOMEM;
    }
    for (pr_node i = 0; i < g->n; i++) {
        names[i] = pr_graph_name(g, old_of_new[i]);
    }
    int rc = pr_graph_set_names(out, names);
    pr_free((void *)names);
    return rc;
}

static int alloc_like(pr_graph **out, const pr_graph *g)
{
    pr_graph *r = pr_calloc(1, sizeof *r);
    if (r == NULL) {
        return PR_ENOMEM;
    }
    r->n = g->n;
    r->m = g->m;
    r->in_off = pr_mallocarray((size_t)g->n + 1, sizeof *r->in_off);
    r->in_src = pr_mallocarray(g->m ? g->m : 1, sizeof *r->in_src);
    r->out_w = pr_mallocarray(g->n ? g->n : 1, sizeof *r->out_w);
    if (g->in_w != NULL) {
        r->in_w = pr_mallocarray(g->m ? g->m : 1, sizeof *r->in_w);
    }
    *out = r;
    if (r->in_off == NULL || r->in_src == NULL || r->out_w == NULL ||
        (g->in_w != NULL && r->in_w == NULL)) {
        return PR_ENOMEM;
    }
    return PR_OK;
}

static uint64_t max_in_degree(const pr_graph *g)
{
    uint64_t max = 0;
    for (pr_node v = 0; v < g->n; v++) {
        uint64_t d = g->in_off[v + 1] - g->in_off[v];
        max = d > max ? d : max;
    }
    return max;
}

int pr_rank__relabel_by_degree(pr_graph **out, pr_node *old_of_new, const pr_graph *g)
{
    pr_graph *r = NULL;
    pr_node *new_of_old = pr_mallocarray(g->n ? g->n : 1, sizeof *new_of_old);
    int threads = pr_max_threads();
    uint64_t stride = 2 * (max_in_degree(g) + 1); /* the edges and the radix sort's buffer */
    unsigned id_bits = 1;
    while (id_bits < 32 && ((uint64_t)1 << id_bits) < g->n) {
        id_bits++;
    }
    uint64_t *scratch = pr_mallocarray((size_t)threads * stride, sizeof *scratch);
    int rc = PR_ENOMEM;
    *out = NULL;
    if (new_of_old == NULL || scratch == NULL || alloc_like(&r, g) != PR_OK ||
        order_by_degree(old_of_new, g) != PR_OK) {
        goto done;
    }
    r->in_off[0] = 0;
    for (pr_node i = 0; i < g->n; i++) {
        pr_node old = old_of_new[i];
        new_of_old[old] = i;
        r->in_off[i + 1] = r->in_off[i] + (g->in_off[old + 1] - g->in_off[old]);
        r->out_w[i] = g->out_w[old];
    }
    /* Every person's edges land in their own slice of r: no two threads write the same byte. */
#pragma omp parallel for schedule(dynamic, 1024) num_threads(threads)
    for (int64_t i = 0; i < (int64_t)g->n; i++) {
        fill_node(r, scratch + (uint64_t)pr_thread_id() * stride, g, new_of_old, old_of_new[i],
                  (pr_node)i, id_bits);
    }
    if ((rc = copy_names(r, g, old_of_new)) != PR_OK) {
        goto done;
    }
    *out = r;
    r = NULL;
done:
    pr_free(new_of_old), pr_free(scratch);
    pr_graph_free(r);
    return rc;
}
