/* The CSR builder: count -> prefix sum -> scatter by target, then sort each node's in-edges by
 * source and fold repeats. Parallel (OpenMP) yet independent of the thread count: the edges are
 * cut into chunks in input order and chunk c's edges land after chunk c-1's within every node,
 * so each node's in-edges keep input order before the stable sort; sums are taken in that order.
 * Memory: 4 bytes (source) + 4 (folded weight) per edge, plus 8 for the raw weights while
 * folding when the input is weighted. */
#include "peoplerank/graph.h"

#include <string.h>

#include "peoplerank/threads.h"

#define SMALL_RANGE 48

typedef struct build {
    const pr_csr_input *in;
    size_t n_in;
    pr_node n;
    unsigned flags;
    int weighted; /* some input has weights */
    uint64_t total;
    int chunks;
    uint64_t **start; /* chunks x buckets: counts, then positions */
    uint64_t *self;   /* per chunk */
} build;

/* The edge at global index i: 1 kept (ids and weight set), 0 dropped, -1 a dropped self-loop. */
static inline int edge_at(const build *b, uint64_t i, pr_node *s, pr_node *d, double *w)
{
    size_t k = 0;
    while (i >= b->in[k].count) {
        i -= b->in[k].count;
        k++;
    }
    const pr_csr_input *in = &b->in[k];
    uint32_t a = in->src[i], c = in->dst[i];
    if (in->map != NULL) {
        a = in->map[a], c = in->map[c];
        if (a == PR_NODE_NONE || c == PR_NODE_NONE) {
            return 0;
        }
    }
    double x = in->wd ? in->wd[i] : in->w ? (double)in->w[i] : 1.0;
    if (!(x > 0.0)) {
        return 0;
    }
    if (a == c && !(b->flags & PR_BUILD_KEEP_SELF_LOOPS)) {
        return -1;
    }
    *s = a, *d = c, *w = x;
    return 1;
}

static void chunk_range(const build *b, int c, uint64_t *lo, uint64_t *hi)
{
    *lo = b->total / (uint64_t)b->chunks * (uint64_t)c;
    *hi = c == b->chunks - 1 ? b->total : b->total / (uint64_t)b->chunks * (uint64_t)(c + 1);
}

/* Targets are first grouped into buckets of 2^BUCKET_SHIFT consecutive nodes (sequential
 * writes), then each bucket is scattered into place within a cache-sized window, instead of one
 * random write per edge over the whole graph. */
#define BUCKET_SHIFT 14

static uint64_t bucket_count(pr_node n)
{
    return ((uint64_t)n >> BUCKET_SHIFT) + 1;
}

static void count_chunk(build *b, int c)
{
    uint64_t lo, hi, self = 0;
    chunk_range(b, c, &lo, &hi);
    uint64_t *cnt = b->start[c];
    for (uint64_t i = lo; i < hi; i++) {
        pr_node s, d;
        double w;
        int k = edge_at(b, i, &s, &d, &w);
        if (k > 0) {
            cnt[d >> BUCKET_SHIFT]++;
        }
        self += k < 0;
    }
    b->self[c] = self;
}

typedef struct bucketed {
    pr_node *src;
    uint16_t *low;   /* target - bucket base */
    double *w;       /* NULL when unweighted */
    uint64_t *begin; /* buckets + 1 */
} bucketed;

static void bucket_chunk(const build *b, int c, bucketed *t)
{
    uint64_t lo, hi;
    chunk_range(b, c, &lo, &hi);
    uint64_t *pos = b->start[c];
    for (uint64_t i = lo; i < hi; i++) {
        pr_node s, d;
        double w;
        if (edge_at(b, i, &s, &d, &w) > 0) {
            uint64_t at = pos[d >> BUCKET_SHIFT]++;
            t->src[at] = s;
            t->low[at] = (uint16_t)(d & ((1u << BUCKET_SHIFT) - 1));
            if (t->w != NULL) {
                t->w[at] = w;
            }
        }
    }
}

/* Places bucket k's edges: in_off for its nodes, in_src and wtmp in input order per node. */
static void place_bucket(pr_graph *g, const bucketed *t, uint64_t k, uint64_t *cnt, double *wtmp)
{
    pr_node base = (pr_node)(k << BUCKET_SHIFT);
    uint32_t span = g->n - base < (1u << BUCKET_SHIFT) ? g->n - base : (1u << BUCKET_SHIFT);
    memset(cnt, 0, ((size_t)span + 1) * sizeof *cnt);
    for (uint64_t i = t->begin[k]; i < t->begin[k + 1]; i++) {
        cnt[t->low[i] + 1]++;
    }
    uint64_t at = t->begin[k];
    for (uint32_t j = 0; j < span; j++) {
        g->in_off[base + j] = at;
        at += cnt[j + 1];
        cnt[j + 1] = g->in_off[base + j];
    }
    for (uint64_t i = t->begin[k]; i < t->begin[k + 1]; i++) {
        uint64_t to = cnt[t->low[i] + 1]++;
        g->in_src[to] = t->src[i];
        if (wtmp != NULL) {
            wtmp[to] = t->w[i];
        }
    }
}

static void free_bucketed(bucketed *t)
{
    pr_free(t->src), pr_free(t->low), pr_free(t->w), pr_free(t->begin);
    memset(t, 0, sizeof *t);
}

static int count_and_scatter(build *b, pr_graph *g, double **wtmp)
{
    uint64_t nb = bucket_count(b->n);
    for (int c = 0; c < b->chunks; c++) {
        b->start[c] = pr_calloc(nb, sizeof **b->start);
        if (b->start[c] == NULL) {
            return PR_ENOMEM;
        }
    }
#pragma omp parallel for num_threads(b->chunks) schedule(static, 1)
    for (int c = 0; c < b->chunks; c++) {
        count_chunk(b, c);
    }
    bucketed t = {NULL, NULL, NULL, pr_mallocarray(nb + 1, sizeof(uint64_t))};
    if (t.begin == NULL) {
        return PR_ENOMEM;
    }
    uint64_t k = 0;
    for (uint64_t bk = 0; bk < nb; bk++) { /* bucket-major, chunk-minor: stable */
        t.begin[bk] = k;
        for (int c = 0; c < b->chunks; c++) {
            uint64_t cnt = b->start[c][bk];
            b->start[c][bk] = k;
            k += cnt;
        }
    }
    t.begin[nb] = k;
    t.src = pr_mallocarray(k ? k : 1, sizeof *t.src);
    t.low = pr_mallocarray(k ? k : 1, sizeof *t.low);
    t.w = b->weighted ? pr_mallocarray(k ? k : 1, sizeof *t.w) : NULL;
    if (t.src == NULL || t.low == NULL || (b->weighted && t.w == NULL)) {
        free_bucketed(&t);
        return PR_ENOMEM;
    }
#pragma omp parallel for num_threads(b->chunks) schedule(static, 1)
    for (int c = 0; c < b->chunks; c++) {
        bucket_chunk(b, c, &t);
    }
    g->in_off[b->n] = k;
    g->in_src = pr_mallocarray(k ? k : 1, sizeof *g->in_src);
    *wtmp = b->weighted ? pr_mallocarray(k ? k : 1, sizeof **wtmp) : NULL;
    uint64_t *cnt = pr_mallocarray((size_t)b->chunks * ((1u << BUCKET_SHIFT) + 1), sizeof *cnt);
    if (g->in_src == NULL || (b->weighted && *wtmp == NULL) || cnt == NULL) {
        pr_free(cnt);
        free_bucketed(&t);
        return PR_ENOMEM;
    }
    double *wt = *wtmp;
#pragma omp parallel for num_threads(b->chunks) schedule(dynamic, 1)
    for (int64_t bk = 0; bk < (int64_t)nb; bk++) {
        place_bucket(g, &t, (uint64_t)bk, cnt + (size_t)pr_thread_id() * ((1u << BUCKET_SHIFT) + 1),
                     wt);
    }
    pr_free(cnt);
    free_bucketed(&t);
    return PR_OK;
}

/* ---- per-node stable sort by source ---- */

static void insertion_sort(pr_node *s, double *w, uint64_t len)
{
    for (uint64_t i = 1; i < len; i++) {
        pr_node key = s[i];
        double kw = w ? w[i] : 0.0;
        uint64_t j = i;
        while (j > 0 && s[j - 1] > key) {
            s[j] = s[j - 1];
            if (w) {
                w[j] = w[j - 1];
            }
            j--;
        }
        s[j] = key;
        if (w) {
            w[j] = kw;
        }
    }
}

typedef struct scratch {
    pr_node *s;
    double *w;
} scratch;

/* Stable LSD radix sort on 8-bit digits (256 buckets keep the per-pass cost near len even for
 * mid-size ranges); passes above the top byte of n, and passes where every key shares the
 * digit, are skipped. */
static void radix_sort(pr_node *s, double *w, uint64_t len, scratch *t, pr_node n)
{
    pr_node *fs = s, *ts = t->s;
    double *fw = w, *tw = w ? t->w : NULL;
    uint64_t count[256];
    for (int shift = 0; shift < 32 && ((uint64_t)n - 1) >> shift != 0; shift += 8) {
        memset(count, 0, sizeof count);
        for (uint64_t i = 0; i < len; i++) {
            count[(fs[i] >> shift) & 0xff]++;
        }
        uint64_t sum = 0;
        int same = 0;
        for (int dg = 0; dg < 256; dg++) {
            same |= count[dg] == len;
            uint64_t c = count[dg];
            count[dg] = sum;
            sum += c;
        }
        if (same) {
            continue;
        }
        for (uint64_t i = 0; i < len; i++) {
            uint64_t at = count[(fs[i] >> shift) & 0xff]++;
            ts[at] = fs[i];
            if (fw) {
                tw[at] = fw[i];
            }
        }
        pr_node *x = fs;
        fs = ts, ts = x;
        double *y = fw;
        fw = tw, tw = y;
    }
    if (fs != s) {
        memcpy(s, fs, len * sizeof *s);
        if (w) {
            memcpy(w, fw, len * sizeof *w);
        }
    }
}

/* Sorts and folds node v's range in place; folded weights go to fw (from the range start);
 * returns the folded degree. */
static uint64_t fold_node(pr_node *src, double *wtmp, float *fw, uint64_t begin, uint64_t end,
                          scratch *t, pr_node n)
{
    uint64_t len = end - begin;
    pr_node *s = src + begin;
    double *w = wtmp ? wtmp + begin : NULL;
    if (len <= SMALL_RANGE) {
        insertion_sort(s, w, len);
    } else {
        radix_sort(s, w, len, t, n);
    }
    uint64_t out = 0;
    double acc = 0.0;
    for (uint64_t i = 0; i < len; i++) {
        double x = w ? w[i] : 1.0;
        if (i > 0 && s[i] == s[out - 1]) {
            acc += x;
        } else {
            if (out > 0) {
                fw[begin + out - 1] = (float)acc;
            }
            s[out++] = s[i];
            acc = x;
        }
    }
    if (out > 0) {
        fw[begin + out - 1] = (float)acc;
    }
    return out;
}

static uint64_t max_degree(const uint64_t *off, pr_node n)
{
    uint64_t m = 0;
    for (pr_node v = 0; v < n; v++) {
        m = off[v + 1] - off[v] > m ? off[v + 1] - off[v] : m;
    }
    return m;
}

static void free_scratch(scratch **t, int threads)
{
    for (int i = 0; t != NULL && i < threads; i++) {
        if (t[i] != NULL) {
            pr_free(t[i]->s), pr_free(t[i]->w), pr_free(t[i]);
        }
    }
    pr_free(t);
}

/* One scratch per thread (radix sort buffers for the largest range), allocated up front. */
static scratch **alloc_scratch(uint64_t maxd, int weighted, int threads)
{
    scratch **t = pr_calloc((size_t)threads, sizeof *t);
    for (int i = 0; t != NULL && i < threads; i++) {
        t[i] = pr_malloc(sizeof **t);
        if (t[i] == NULL) {
            free_scratch(t, threads);
            return NULL;
        }
        t[i]->s = pr_mallocarray(maxd, sizeof *t[i]->s);
        t[i]->w = weighted ? pr_mallocarray(maxd, sizeof *t[i]->w) : NULL;
        if (t[i]->s == NULL || (weighted && t[i]->w == NULL)) {
            free_scratch(t, threads);
            return NULL;
        }
    }
    return t;
}

/* Sorts and folds every node; newdeg[v] receives the folded degree. */
static int fold_all(pr_graph *g, double *wtmp, float *fw, uint64_t *newdeg, int threads)
{
    uint64_t maxd = max_degree(g->in_off, g->n);
    scratch **t = NULL;
    if (maxd > SMALL_RANGE && (t = alloc_scratch(maxd, wtmp != NULL, threads)) == NULL) {
        return PR_ENOMEM;
    }
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1024)
    for (int64_t v = 0; v < (int64_t)g->n; v++) {
        newdeg[v] = fold_node(g->in_src, wtmp, fw, g->in_off[v], g->in_off[v + 1],
                              t ? t[pr_thread_id()] : NULL, g->n);
    }
    free_scratch(t, threads);
    return PR_OK;
}

/* Moves each node's folded edges to their final place (left, in order) and fills out_w. */
static void compact(pr_graph *g, float *fw, const uint64_t *newdeg)
{
    uint64_t at = 0;
    for (pr_node v = 0; v < g->n; v++) {
        uint64_t from = g->in_off[v];
        g->in_off[v] = at;
        memmove(g->in_src + at, g->in_src + from, newdeg[v] * sizeof *g->in_src);
        memmove(fw + at, fw + from, newdeg[v] * sizeof *fw);
        at += newdeg[v];
    }
    g->in_off[g->n] = at;
    g->m = at;
    for (uint64_t e = 0; e < g->m; e++) {
        g->out_w[g->in_src[e]] += (double)fw[e];
    }
}

static int finish_graph(pr_graph *g, double *wtmp, int threads)
{
    uint64_t k = g->in_off[g->n];
    float *fw = pr_mallocarray(k ? k : 1, sizeof *fw);
    uint64_t *newdeg = pr_mallocarray((size_t)g->n + 1, sizeof *newdeg);
    int rc = PR_ENOMEM;
    if (fw == NULL || newdeg == NULL || (rc = fold_all(g, wtmp, fw, newdeg, threads)) != PR_OK) {
        goto done;
    }
    compact(g, fw, newdeg);
    int all_one = 1;
    for (uint64_t e = 0; e < g->m && all_one; e++) {
        all_one = fw[e] == 1.0f;
    }
    if (!all_one) {
        float *shrunk = pr_realloc(fw, (g->m ? g->m : 1) * sizeof *fw);
        g->in_w = shrunk ? shrunk : fw;
        fw = NULL;
    }
    pr_node *s = pr_realloc(g->in_src, (g->m ? g->m : 1) * sizeof *s);
    g->in_src = s ? s : g->in_src;
done:
    pr_free(fw);
    pr_free(newdeg);
    return rc;
}

int pr_csr_build(pr_graph **out, const pr_csr_input *in, size_t n_in, pr_node n, unsigned flags,
                 uint64_t *self_loops)
{
    build b = {in, n_in, n, flags, 0, 0, pr_max_threads(), NULL, NULL};
    for (size_t i = 0; i < n_in; i++) {
        b.total += in[i].count;
        b.weighted |= in[i].w != NULL || in[i].wd != NULL;
    }
    double *wtmp = NULL;
    *out = NULL;
    pr_graph *g = pr_calloc(1, sizeof *g);
    b.start = pr_calloc((size_t)b.chunks, sizeof *b.start);
    b.self = pr_calloc((size_t)b.chunks, sizeof *b.self);
    int rc = PR_ENOMEM;
    if (g == NULL || b.start == NULL || b.self == NULL) {
        goto done;
    }
    g->n = n;
    g->in_off = pr_mallocarray((size_t)n + 1, sizeof *g->in_off);
    g->out_w = pr_calloc((size_t)n + 1, sizeof *g->out_w);
    if (g->in_off == NULL || g->out_w == NULL) {
        goto done;
    }
    rc = count_and_scatter(&b, g, &wtmp);
    for (int c = 0; b.start && c < b.chunks; c++) {
        pr_free(b.start[c]);
        b.start[c] = NULL;
    }
    if (rc != PR_OK || (rc = finish_graph(g, wtmp, b.chunks)) != PR_OK) {
        goto done;
    }
    uint64_t self = 0;
    for (int c = 0; c < b.chunks; c++) {
        self += b.self[c];
    }
    if (self_loops != NULL) {
        *self_loops = self;
    }
    *out = g;
    g = NULL;
done:
    pr_free(wtmp);
    if (b.start != NULL) {
        for (int c = 0; c < b.chunks; c++) {
            pr_free(b.start[c]);
        }
    }
    pr_free(b.start);
    pr_free(b.self);
    pr_graph_free(g);
    return rc;
}
