/* Rank agreement metrics for the temporal hold-out: Spearman, Kendall tau-b, precision at k. */
#include "peoplerank/evaluate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Sorting indices by a key through qsort needs the key: kept in a small struct per element. */
typedef struct keyed {
    double a, b;
    size_t i;
} keyed;

static int by_a_desc_then_index(const void *p, const void *q)
{
    const keyed *x = p, *y = q;
    if (x->a != y->a) {
        return x->a > y->a ? -1 : 1;
    }
    return (x->i > y->i) - (x->i < y->i);
}

static int by_a(const void *p, const void *q)
{
    const keyed *x = p, *y = q;
    return (x->a > y->a) - (x->a < y->a);
}

static int by_a_then_b(const void *p, const void *q)
{
    const keyed *x = p, *y = q;
    if (x->a != y->a) {
        return (x->a > y->a) - (x->a < y->a);
    }
    return (x->b > y->b) - (x->b < y->b);
}

/* out[i] = the average 1-based rank of v[i] among v (ties share their mean rank). */
static int average_ranks(double *out, const double *v, size_t n)
{
    keyed *k = pr_mallocarray(n, sizeof *k);
    if (k == NULL) {
        return PR_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        k[i].a = v[i];
        k[i].b = 0.0;
        k[i].i = i;
    }
    qsort(k, n, sizeof *k, by_a);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && k[j].a == k[i].a) {
            j++;
        }
        double rank = 0.5 * (double)(i + 1 + j); /* mean of i+1 .. j */
        for (size_t t = i; t < j; t++) {
            out[k[t].i] = rank;
        }
        i = j;
    }
    pr_free(k);
    return PR_OK;
}

double pr_eval_spearman(const double *x, const double *y, size_t n)
{
    if (n < 2) {
        return NAN;
    }
    double *rx = pr_mallocarray(n, sizeof *rx), *ry = pr_mallocarray(n, sizeof *ry);
    double result = NAN;
    if (rx != NULL && ry != NULL && average_ranks(rx, x, n) == PR_OK &&
        average_ranks(ry, y, n) == PR_OK) {
        double mean = 0.5 * (double)(n + 1), sxy = 0.0, sxx = 0.0, syy = 0.0;
        for (size_t i = 0; i < n; i++) {
            double dx = rx[i] - mean, dy = ry[i] - mean;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx > 0.0 && syy > 0.0) {
            result = sxy / sqrt(sxx * syy);
        }
    }
    pr_free(rx);
    pr_free(ry);
    return result;
}

/* Pairs tied in a run of equal values: sum of t (t - 1) / 2 over runs, v sorted. */
static double tied_pairs_sorted(const keyed *k, size_t n, int use_b)
{
    double pairs = 0.0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && (use_b ? k[j].b == k[i].b : k[j].a == k[i].a)) {
            j++;
        }
        pairs += 0.5 * (double)(j - i) * (double)(j - i - 1);
        i = j;
    }
    return pairs;
}

/* Sorts k[lo, hi) by b with a merge sort and returns the number of swaps (discordant pairs). */
static double merge_count(keyed *k, keyed *tmp, size_t lo, size_t hi)
{
    if (hi - lo < 2) {
        return 0.0;
    }
    size_t mid = lo + (hi - lo) / 2;
    double swaps = merge_count(k, tmp, lo, mid) + merge_count(k, tmp, mid, hi);
    size_t i = lo, j = mid, t = lo;
    while (i < mid && j < hi) {
        if (k[j].b < k[i].b) {
            swaps += (double)(mid - i);
            tmp[t++] = k[j++];
        } else {
            tmp[t++] = k[i++];
        }
    }
    while (i < mid) {
        tmp[t++] = k[i++];
    }
    while (j < hi) {
        tmp[t++] = k[j++];
    }
    memcpy(k + lo, tmp + lo, (hi - lo) * sizeof *k);
    return swaps;
}

double pr_eval_kendall_tau_b(const double *x, const double *y, size_t n)
{
    if (n < 2) {
        return NAN;
    }
    keyed *k = pr_mallocarray(n, sizeof *k), *tmp = pr_mallocarray(n, sizeof *tmp);
    double result = NAN;
    if (k != NULL && tmp != NULL) {
        for (size_t i = 0; i < n; i++) {
            k[i].a = x[i];
            k[i].b = y[i];
            k[i].i = i;
        }
        qsort(k, n, sizeof *k, by_a_then_b);
        double n0 = 0.5 * (double)n * (double)(n - 1);
        double n1 = tied_pairs_sorted(k, n, 0); /* ties in x */
        double n3 = 0.0;                        /* ties in both */
        for (size_t i = 0; i < n;) {
            size_t j = i + 1;
            while (j < n && k[j].a == k[i].a && k[j].b == k[i].b) {
                j++;
            }
            n3 += 0.5 * (double)(j - i) * (double)(j - i - 1);
            i = j;
        }
        /* Within runs of equal x the order by y is already ascending, so the merge sort counts
         * only pairs with different x: the discordant ones. */
        double swaps = merge_count(k, tmp, 0, n);
        double n2 = tied_pairs_sorted(k, n, 1); /* ties in y (now sorted by y) */
        double concordant_minus_discordant = n0 - n1 - n2 + n3 - 2.0 * swaps;
        double denom = sqrt((n0 - n1) * (n0 - n2));
        if (denom > 0.0) {
            result = concordant_minus_discordant / denom;
        }
    }
    pr_free(k);
    pr_free(tmp);
    return result;
}

double pr_eval_precision_at_k(const double *pred, const double *actual, size_t n, size_t k)
{
    if (k == 0) {
        return NAN;
    }
    k = k < n ? k : n;
    if (k == 0) {
        return NAN;
    }
    keyed *p = pr_mallocarray(n, sizeof *p), *a = pr_mallocarray(n, sizeof *a);
    unsigned char *in_top = pr_calloc(n, 1);
    double result = NAN;
    if (p != NULL && a != NULL && in_top != NULL) {
        for (size_t i = 0; i < n; i++) {
            p[i].a = pred[i];
            a[i].a = actual[i];
            p[i].b = a[i].b = 0.0;
            p[i].i = a[i].i = i;
        }
        qsort(p, n, sizeof *p, by_a_desc_then_index);
        qsort(a, n, sizeof *a, by_a_desc_then_index);
        for (size_t i = 0; i < k; i++) {
            in_top[a[i].i] = 1;
        }
        size_t hits = 0;
        for (size_t i = 0; i < k; i++) {
            hits += in_top[p[i].i];
        }
        result = (double)hits / (double)k;
    }
    pr_free(p);
    pr_free(a);
    pr_free(in_top);
    return result;
}
