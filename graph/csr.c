/* Building the CSR graph: count -> prefix sum -> fill, twice (by source, then by target), so that
 * each node's in-edges come out sorted by source without a comparison sort; then fold repeats. */
#include "peoplerank/graph.h"

#include <string.h>
#include <sys/mman.h>

int pr_edge_list_add(pr_edge_list *el, pr_node src, pr_node dst, double w)
{
    if (el->count == el->cap) {
        uint64_t cap = el->cap ? el->cap * 2 : 1024;
        pr_node *s = pr_realloc(el->src, cap * sizeof *s);
        if (s == NULL) {
            return PR_ENOMEM;
        }
        el->src = s;
        pr_node *d = pr_realloc(el->dst, cap * sizeof *d);
        if (d == NULL) {
            return PR_ENOMEM;
        }
        el->dst = d;
        double *ww = pr_realloc(el->w, cap * sizeof *ww);
        if (ww == NULL) {
            return PR_ENOMEM;
        }
        el->w = ww;
        el->cap = cap;
    }
    el->src[el->count] = src;
    el->dst[el->count] = dst;
    el->w[el->count] = w;
    el->count++;
    return PR_OK;
}

void pr_edge_list_clear(pr_edge_list *el)
{
    pr_free(el->src);
    pr_free(el->dst);
    pr_free(el->w);
    memset(el, 0, sizeof *el);
}

void pr_graph_free(pr_graph *g)
{
    if (g == NULL) {
        return;
    }
    if (g->mapping == NULL) {
        pr_free(g->in_off);
        pr_free(g->in_src);
        pr_free(g->in_w);
        pr_free(g->out_w);
        pr_free(g->name_data);
        pr_free(g->name_off);
    } else {
        munmap(g->mapping, g->mapping_size);
    }
    pr_free(g);
}

static int edge_is_kept(const pr_edge_list *el, uint64_t i, unsigned flags)
{
    if (!(el->w[i] > 0.0)) { /* also drops NaN */
        return 0;
    }
    return el->src[i] != el->dst[i] || (flags & PR_BUILD_KEEP_SELF_LOOPS);
}

/* Stable bucket of the kept edges by source: returns edges in (src) order. */
static int bucket_by_source(pr_node **dst_out, double **w_out, pr_node **src_out,
                            const pr_edge_list *el, pr_node n, unsigned flags, uint64_t *kept)
{
    uint64_t *start = pr_calloc((size_t)n + 1, sizeof *start);
    if (start == NULL) {
        return PR_ENOMEM;
    }
    uint64_t k = 0;
    for (uint64_t i = 0; i < el->count; i++) {
        if (edge_is_kept(el, i, flags)) {
            start[el->src[i] + 1]++;
            k++;
        }
    }
    for (pr_node v = 0; v < n; v++) {
        start[v + 1] += start[v];
    }
    pr_node *src = pr_mallocarray(k, sizeof *src);
    pr_node *dst = pr_mallocarray(k, sizeof *dst);
    double *w = pr_mallocarray(k, sizeof *w);
    if (src == NULL || dst == NULL || w == NULL) {
        pr_free(src), pr_free(dst), pr_free(w), pr_free(start);
        return PR_ENOMEM;
    }
    for (uint64_t i = 0; i < el->count; i++) {
        if (edge_is_kept(el, i, flags)) {
            uint64_t at = start[el->src[i]]++;
            src[at] = el->src[i];
            dst[at] = el->dst[i];
            w[at] = el->w[i];
        }
    }
    pr_free(start);
    *src_out = src, *dst_out = dst, *w_out = w, *kept = k;
    return PR_OK;
}

/* Folds repeated sources inside each node's in-range (they are adjacent after the stable
 * bucketing), compacting in place; fills out_w. Returns the folded edge count. */
static uint64_t fold_repeats(pr_graph *g, double *w)
{
    uint64_t out = 0;
    uint64_t begin = 0;
    for (pr_node v = 0; v < g->n; v++) {
        uint64_t end = g->in_off[v + 1];
        g->in_off[v] = out;
        for (uint64_t e = begin; e < end; e++) {
            if (out > g->in_off[v] && g->in_src[out - 1] == g->in_src[e]) {
                w[out - 1] += w[e];
            } else {
                g->in_src[out] = g->in_src[e];
                w[out] = w[e];
                out++;
            }
        }
        begin = end;
    }
    g->in_off[g->n] = out;
    return out;
}

static int finish_weights(pr_graph *g, double *w)
{
    int all_one = 1;
    for (uint64_t e = 0; e < g->m; e++) {
        g->out_w[g->in_src[e]] += w[e];
        all_one &= (w[e] == 1.0);
    }
    if (all_one) {
        return PR_OK;
    }
    g->in_w = pr_mallocarray(g->m, sizeof *g->in_w);
    if (g->in_w == NULL) {
        return PR_ENOMEM;
    }
    for (uint64_t e = 0; e < g->m; e++) {
        g->in_w[e] = (float)w[e];
    }
    /* out_w must be the sum of the weights the kernel will actually use. */
    memset(g->out_w, 0, (size_t)g->n * sizeof *g->out_w);
    for (uint64_t e = 0; e < g->m; e++) {
        g->out_w[g->in_src[e]] += (double)g->in_w[e];
    }
    return PR_OK;
}

int pr_graph_build(pr_graph **out, const pr_edge_list *el, pr_node n, unsigned flags,
                   uint64_t *dropped_self_loops)
{
    int rc = PR_ENOMEM;
    pr_node *bsrc = NULL, *bdst = NULL;
    double *bw = NULL, *w = NULL;
    uint64_t k = 0, self_loops = 0;
    *out = NULL;
    for (uint64_t i = 0; i < el->count; i++) {
        if (el->src[i] >= n || el->dst[i] >= n) {
            return PR_EINVAL;
        }
        self_loops += (el->src[i] == el->dst[i] && el->w[i] > 0.0);
    }
    pr_graph *g = pr_calloc(1, sizeof *g);
    if (g == NULL || bucket_by_source(&bdst, &bw, &bsrc, el, n, flags, &k) != PR_OK) {
        goto cleanup;
    }
    g->n = n;
    g->in_off = pr_calloc((size_t)n + 1, sizeof *g->in_off);
    g->in_src = pr_mallocarray(k, sizeof *g->in_src);
    g->out_w = pr_calloc(n, sizeof *g->out_w);
    w = pr_mallocarray(k, sizeof *w);
    if (g->in_off == NULL || g->in_src == NULL || g->out_w == NULL || w == NULL) {
        goto cleanup;
    }
    for (uint64_t i = 0; i < k; i++) {
        g->in_off[bdst[i] + 1]++;
    }
    for (pr_node v = 0; v < n; v++) {
        g->in_off[v + 1] += g->in_off[v];
    }
    for (uint64_t i = 0; i < k; i++) { /* stable: sources stay ascending within a target */
        uint64_t at = g->in_off[bdst[i]]++;
        g->in_src[at] = bsrc[i];
        w[at] = bw[i];
    }
    memmove(g->in_off + 1, g->in_off, (size_t)n * sizeof *g->in_off);
    g->in_off[0] = 0;
    g->m = fold_repeats(g, w);
    if (finish_weights(g, w) != PR_OK) {
        goto cleanup;
    }
    if (dropped_self_loops != NULL) {
        *dropped_self_loops = (flags & PR_BUILD_KEEP_SELF_LOOPS) ? 0 : self_loops;
    }
    *out = g;
    g = NULL;
    rc = PR_OK;
cleanup:
    pr_free(bsrc), pr_free(bdst), pr_free(bw), pr_free(w);
    pr_graph_free(g);
    return rc;
}

int pr_graph_set_names(pr_graph *g, const char *const *names)
{
    uint64_t total = 0;
    for (pr_node v = 0; v < g->n; v++) {
        total += strlen(names[v]) + 1;
    }
    char *data = pr_malloc(total);
    uint64_t *off = pr_mallocarray((size_t)g->n + 1, sizeof *off);
    if (data == NULL || off == NULL) {
        pr_free(data), pr_free(off);
        return PR_ENOMEM;
    }
    uint64_t at = 0;
    for (pr_node v = 0; v < g->n; v++) {
        size_t len = strlen(names[v]) + 1;
        off[v] = at;
        memcpy(data + at, names[v], len);
        at += len;
    }
    off[g->n] = at;
    pr_free(g->name_data), pr_free(g->name_off);
    g->name_data = data;
    g->name_off = off;
    return PR_OK;
}

const char *pr_graph_name(const pr_graph *g, pr_node v)
{
    return g->name_data ? g->name_data + g->name_off[v] : NULL;
}
