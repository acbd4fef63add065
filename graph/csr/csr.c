/* The edge list, pr_graph_build on top of the builder in csr_build.c, freeing and names. */
#include "peoplerank/graph.h"

#include <string.h>
#include <sys/mman.h>

int pr_edge_list_add(pr_edge_list *el, pr_node src, pr_node dst, double w)
{
    if (el->count == el->cap) {
        uint64_t cap = el->cap ? el->cap * 2 : 1024;
        if (pr_resize(&el->src, cap, sizeof *el->src) != PR_OK ||
            pr_resize(&el->dst, cap, sizeof *el->dst) != PR_OK ||
            pr_resize(&el->w, cap, sizeof *el->w) != PR_OK) {
            return PR_ENOMEM;
        }
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

/* Whether p points into g's mapping (a loaded graph's own arrays, never freed one by one). */
static int in_mapping(const pr_graph *g, const void *p)
{
    uintptr_t a = (uintptr_t)p, base = (uintptr_t)g->mapping;
    return p != NULL && a >= base && a < base + g->mapping_size;
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
        if (!in_mapping(g, g->in_w)) {
            pr_free(g->in_w); /* pr_graph_replace_weights */
        }
        munmap(g->mapping, g->mapping_size);
    }
    pr_free(g);
}

void pr_graph_replace_weights(pr_graph *g, float *w)
{
    if (g->mapping == NULL || !in_mapping(g, g->in_w)) {
        pr_free(g->in_w);
    }
    g->in_w = w;
}

uint64_t pr_graph_bytes(const pr_graph *g)
{
    if (g == NULL) {
        return 0;
    }
    if (g->mapping != NULL) {
        return g->mapping_size;
    }
    uint64_t n1 = (uint64_t)g->n + 1;
    uint64_t b = n1 * sizeof *g->in_off + g->m * sizeof *g->in_src + g->n * sizeof *g->out_w;
    b += g->in_w ? g->m * sizeof *g->in_w : 0;
    b += g->name_data ? n1 * sizeof *g->name_off + g->name_off[g->n] : 0;
    return b;
}

int pr_graph_build(pr_graph **out, const pr_edge_list *el, pr_node n, unsigned flags,
                   uint64_t *dropped_self_loops)
{
    *out = NULL;
    for (uint64_t i = 0; i < el->count; i++) {
        if (el->src[i] >= n || el->dst[i] >= n) {
            return PR_EINVAL;
        }
    }
    pr_csr_input in = {el->count, el->src, el->dst, NULL, el->w, NULL};
    return pr_csr_build(out, &in, 1, n, flags, dropped_self_loops);
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
