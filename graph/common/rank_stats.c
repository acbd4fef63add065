/* Rank statistics (snapshot comparison, the hold-out evaluation): Spearman's rho and Kendall's
 * tau-b with ties in O(n log n) (Knight's algorithm), rank-biased overlap.
 * Sorting is an LSD radix sort on order-preserving 64-bit keys, so ties are exact. */
#include "peoplerank/rank_stats.h"

#include <math.h>
#include <string.h>

typedef pr_sort_pair pair;

/* Maps a double to a u64 whose unsigned order is the double's order (NaN excluded). */
static uint64_t order_key(double v)
{
    uint64_t b;
    if (v == 0.0) {
        v = 0.0; /* -0 and +0 tie */
    }
    memcpy(&b, &v, 8);
    return (b >> 63) ? ~b : b | (1ull << 63);
}

/* Stable LSD radix sort of a[0..n) by key: 11-bit digits (2048 buckets keep the scatter within
 * cache), passes whose digit is the same for every key skipped, buffers swapped instead of
 * copied. tmp has n entries; count at least 2049. */
void pr_radix_sort(pair *a, pair *tmp, uint64_t n, uint64_t *count)
{
    pair *src = a, *dst = tmp;
    for (int shift = 0; shift < 64 && n > 0; shift += 11) {
        memset(count, 0, 2049 * sizeof *count);
        for (uint64_t i = 0; i < n; i++) {
            count[((src[i].key >> shift) & 0x7FF) + 1]++;
        }
        if (count[((src[0].key >> shift) & 0x7FF) + 1] == n) {
            continue; /* every key has the same digit here */
        }
        for (int d = 0; d < 2048; d++) {
            count[d + 1] += count[d];
        }
        for (uint64_t i = 0; i < n; i++) {
            dst[count[(src[i].key >> shift) & 0x7FF]++] = src[i];
        }
        pair *t = src;
        src = dst;
        dst = t;
    }
    if (src != a) {
        memcpy(a, src, n * sizeof *a);
    }
}

typedef struct sorter {
    pair *a, *tmp;
    uint64_t *count;
} sorter;

static int sorter_init(sorter *s, uint64_t n)
{
    s->a = pr_mallocarray(n ? n : 1, sizeof *s->a);
    s->tmp = pr_mallocarray(n ? n : 1, sizeof *s->tmp);
    s->count = pr_calloc(2049, sizeof *s->count);
    return (s->a && s->tmp && s->count) ? PR_OK : PR_ENOMEM;
}

static void sorter_free(sorter *s)
{
    pr_free(s->a);
    pr_free(s->tmp);
    pr_free(s->count);
}

/* Average (fractional) ranks 1..n from a[] sorted by key: ties share the mean of their ordinal
 * ranks. out is indexed by a[].idx. */
static void ranks_of_sorted(double *out, const pair *a, uint64_t n)
{
    for (uint64_t i = 0; i < n;) {
        uint64_t j = i;
        while (j + 1 < n && a[j + 1].key == a[i].key) {
            j++;
        }
        double r = (double)(i + j) / 2.0 + 1.0;
        for (uint64_t k = i; k <= j; k++) {
            out[a[k].idx] = r;
        }
        i = j + 1;
    }
}

static double pearson(const double *x, const double *y, uint64_t n)
{
    double mx = 0, my = 0;
    for (uint64_t i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= (double)n;
    my /= (double)n;
    double sxy = 0, sxx = 0, syy = 0;
    for (uint64_t i = 0; i < n; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return (sxx > 0 && syy > 0) ? sxy / sqrt(sxx * syy) : NAN;
}

/* Sum over runs of equal values of t(t-1)/2. */
static double tied_pairs(const uint64_t *v, uint64_t n)
{
    double t = 0;
    for (uint64_t i = 0; i < n;) {
        uint64_t j = i;
        while (j + 1 < n && v[j + 1] == v[i]) {
            j++;
        }
        double c = (double)(j - i + 1);
        t += c * (c - 1) / 2;
        i = j + 1;
    }
    return t;
}

/* Merge sort of v counting pairs i < j with v[i] > v[j]. */
static double count_inversions(uint64_t *v, uint64_t *tmp, uint64_t n)
{
    double inv = 0;
    for (uint64_t width = 1; width < n; width *= 2) {
        for (uint64_t lo = 0; lo < n; lo += 2 * width) {
            uint64_t mid = lo + width < n ? lo + width : n;
            uint64_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            uint64_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                if (v[j] < v[i]) {
                    inv += (double)(mid - i);
                    tmp[k++] = v[j++];
                } else {
                    tmp[k++] = v[i++];
                }
            }
            while (i < mid) {
                tmp[k++] = v[i++];
            }
            while (j < hi) {
                tmp[k++] = v[j++];
            }
        }
        memcpy(v, tmp, n * sizeof *v);
    }
    return inv;
}

/* Sorts the values v[0..n): insertion sort for the short runs of ties that are the rule, the
 * radix sort (through s's buffers, n at most their size) for a long one. */
static void sort_values(uint64_t *v, uint64_t n, sorter *s)
{
    if (n <= 32) {
        for (uint64_t i = 1; i < n; i++) {
            uint64_t t = v[i], k = i;
            for (; k > 0 && v[k - 1] > t; k--) {
                v[k] = v[k - 1];
            }
            v[k] = t;
        }
        return;
    }
    for (uint64_t i = 0; i < n; i++) {
        s->a[i] = (pair){v[i], 0};
    }
    pr_radix_sort(s->a, s->tmp, n, s->count);
    for (uint64_t i = 0; i < n; i++) {
        v[i] = s->a[i].key;
    }
}

/* 1 when x never increases with the index (a snapshot compare's first side is in rank order). */
static int non_increasing(const double *x, uint64_t n)
{
    for (uint64_t i = 1; i < n; i++) {
        if (order_key(x[i]) > order_key(x[i - 1])) {
            return 0;
        }
    }
    return 1;
}

/* Knight (1966): sort by (x, y); tau-b = (n0 - n1 - n2 + n3 - 2 swaps) / sqrt((n0-n1)(n0-n2)).
 * The x order gives x's average ranks, n1 (ties in x) and n3 (ties in both); ys is y in that
 * order, its inversions the swaps. Sets ys[], rx[], *n1, *n3; returns 1 when it set ry[] too. */
static int by_x_then_y(double *n1, double *n3, sorter *s, const double *x, const double *y,
                       uint64_t n, uint64_t *ys, double *rx, double *ry)
{
    int reversed = non_increasing(x, n);
    if (!reversed) { /* two stable sorts: by y (which gives ry on the way), then by x */
        for (uint64_t i = 0; i < n; i++) {
            s->a[i] = (pair){order_key(y[i]), i};
        }
        pr_radix_sort(s->a, s->tmp, n, s->count);
        ranks_of_sorted(ry, s->a, n);
        for (uint64_t i = 0; i < n; i++) {
            s->a[i].key = order_key(x[s->a[i].idx]);
        }
        pr_radix_sort(s->a, s->tmp, n, s->count);
        ranks_of_sorted(rx, s->a, n);
    }
    *n1 = *n3 = 0;
    for (uint64_t i = 0; i < n;) {
        /* Already in x order when x never increases: the index order backwards; only each run
         * of equal x then needs its y values sorted. */
        uint64_t kx = reversed ? order_key(x[n - 1 - i]) : s->a[i].key, j = i;
        while (j + 1 < n && (reversed ? order_key(x[n - 2 - j]) : s->a[j + 1].key) == kx) {
            j++;
        }
        double c = (double)(j - i + 1), r = (double)(i + j) / 2.0 + 1.0;
        *n1 += c * (c - 1) / 2;
        for (uint64_t k = i; k <= j; k++) {
            uint64_t idx = reversed ? n - 1 - k : s->a[k].idx;
            ys[k] = order_key(y[idx]);
            if (reversed) {
                rx[idx] = r;
            }
        }
        if (reversed) {
            sort_values(ys + i, j - i + 1, s);
        }
        *n3 += tied_pairs(ys + i, j - i + 1);
        i = j + 1;
    }
    return !reversed; /* ry done */
}

/* The two halves that need no more of each other run at once: y's average ranks (a sort) and
 * the inversions of ys (a merge sort). Every sum is of integers below 2^53, so the result is
 * the same whatever runs where. */
static void correlations(double *rho, double *tau, sorter *s, const double *x, const double *y,
                         uint64_t n, uint64_t *ys, uint64_t *yt, double *rx, double *ry)
{
    double n1, n3, swaps = 0, n2 = 0;
    int have_ry = by_x_then_y(&n1, &n3, s, x, y, n, ys, rx, ry);
#pragma omp parallel sections num_threads(2)
    {
#pragma omp section
        if (!have_ry) {
            for (uint64_t i = 0; i < n; i++) {
                s->a[i] = (pair){order_key(y[i]), i};
            }
            pr_radix_sort(s->a, s->tmp, n, s->count);
            ranks_of_sorted(ry, s->a, n);
        }
#pragma omp section
        {
            swaps = count_inversions(ys, yt, n);
            n2 = tied_pairs(ys, n);
        }
    }
    double n0 = (double)n * (double)(n - 1) / 2;
    double den = sqrt((n0 - n1) * (n0 - n2));
    *tau = den > 0 ? (n0 - n1 - n2 + n3 - 2 * swaps) / den : NAN;
    *rho = pearson(rx, ry, n);
}

void pr_stat_rank_correlations(double *rho, double *tau, const double *x, const double *y,
                               uint64_t n)
{
    sorter s = {0};
    uint64_t *ys = pr_mallocarray(n ? n : 1, sizeof *ys), *yt = pr_mallocarray(n ? n : 1, 8);
    double *rx = pr_mallocarray(n ? n : 1, sizeof *rx), *ry = pr_mallocarray(n ? n : 1, 8);
    *rho = *tau = NAN;
    if (n >= 2 && ys && yt && rx && ry && sorter_init(&s, n) == PR_OK) {
        correlations(rho, tau, &s, x, y, n, ys, yt, rx, ry);
    }
    sorter_free(&s);
    pr_free(ys);
    pr_free(yt);
    pr_free(rx);
    pr_free(ry);
}

double pr_stat_spearman(const double *x, const double *y, uint64_t n)
{
    double rho, tau;
    pr_stat_rank_correlations(&rho, &tau, x, y, n);
    return rho;
}

double pr_stat_kendall_tau_b(const double *x, const double *y, uint64_t n)
{
    double rho, tau;
    pr_stat_rank_correlations(&rho, &tau, x, y, n);
    return tau;
}

double pr_stat_rbo(const uint64_t *overlap, uint64_t depth, double p)
{
    if (depth == 0) {
        return NAN;
    }
    /* RBO_ext (Webber, Moffat, Zobel 2010, eq. 32) for two lists evaluated to the same depth. */
    double sum = 0, pd = 1;
    for (uint64_t d = 1; d <= depth; d++) {
        pd *= p;
        sum += (double)overlap[d - 1] / (double)d * pd;
    }
    return (double)overlap[depth - 1] / (double)depth * pd + (1 - p) / p * sum;
}
