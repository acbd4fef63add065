/* Precision at k for the temporal hold-out (its rank correlations are peoplerank/rank_stats.h). */
#include "peoplerank/evaluate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Sorting indices by a key through qsort needs the key: kept in a small struct per element. */
typedef struct keyed {
    double a;
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
