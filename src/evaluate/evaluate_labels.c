/* Summaries of a per-node value by known label (`account<TAB>label`), e.g. the score of each
 * archetype of a generated population. */
#include "peoplerank/evaluate.h"
#include "peoplerank/line_reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LABELS 64

typedef struct label_acc {
    char name[32];
    double *v;
    uint64_t n, cap;
} label_acc;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int cmp_summary(const void *a, const void *b)
{
    return strcmp(((const pr_label_summary *)a)->label, ((const pr_label_summary *)b)->label);
}

static int acc_push(label_acc *a, double v)
{
    if (a->n == a->cap) {
        uint64_t cap = a->cap ? a->cap * 2 : 64;
        double *nv = pr_realloc(a->v, cap * sizeof *nv);
        if (nv == NULL) {
            return PR_ENOMEM;
        }
        a->v = nv;
        a->cap = cap;
    }
    a->v[a->n++] = v;
    return PR_OK;
}

/* The label slot for name (created when new); NULL when there are too many labels. */
static label_acc *acc_find(label_acc *accs, size_t *count, const char *name)
{
    for (size_t i = 0; i < *count; i++) {
        if (strcmp(accs[i].name, name) == 0) {
            return &accs[i];
        }
    }
    if (*count == MAX_LABELS) {
        return NULL;
    }
    label_acc *a = &accs[(*count)++];
    size_t len = strlen(name);
    len = len < sizeof a->name - 1 ? len : sizeof a->name - 1;
    memcpy(a->name, name, len);
    a->name[len] = '\0';
    return a;
}

static void summarise(pr_label_summary *s, label_acc *a)
{
    memcpy(s->label, a->name, sizeof s->label);
    s->count = a->n;
    if (a->n == 0) {
        s->p10 = s->median = s->p90 = s->mean = 0.0;
        return;
    }
    qsort(a->v, a->n, sizeof *a->v, cmp_double);
    double sum = 0.0;
    for (uint64_t i = 0; i < a->n; i++) {
        sum += a->v[i];
    }
    s->mean = sum / (double)a->n;
    s->median = a->n % 2 ? a->v[a->n / 2] : 0.5 * (a->v[a->n / 2 - 1] + a->v[a->n / 2]);
    s->p10 = a->v[(a->n - 1) / 10];
    s->p90 = a->v[(a->n - 1) * 9 / 10];
}

typedef struct label_ctx {
    label_acc *accs;
    size_t *count;
    const pr_name_index *idx;
    const double *value;
    const char *path;
} label_ctx;

static int label_line(void *ctx, const char *line, size_t len, const char *file, uint64_t lineno,
                      pr_error *err)
{
    const label_ctx *c = ctx;
    (void)file; /* the messages name the path as given */
    const char *tab = memchr(line, '\t', len);
    if (tab == NULL || tab[1] == '\0' || strchr(tab + 1, '\t') != NULL) {
        return pr_error_set(err, PR_EPARSE, c->path, lineno, "expected account<TAB>label");
    }
    pr_node v = pr_name_index_find_len(c->idx, line, (size_t)(tab - line));
    if (v == PR_NODE_NONE) {
        return PR_OK;
    }
    label_acc *a = acc_find(c->accs, c->count, tab + 1);
    if (a == NULL) {
        return pr_error_set(err, PR_ELIMIT, c->path, lineno, "more than %d labels", MAX_LABELS);
    }
    if (acc_push(a, c->value[v]) != PR_OK) {
        return pr_error_set(err, PR_ENOMEM, c->path, lineno, "out of memory");
    }
    return PR_OK;
}

/* Reads the label file into the accumulators. */
static int read_labels(label_acc *accs, size_t *count, const pr_name_index *idx,
                       const double *value, const char *path, pr_error *err)
{
    label_ctx c = {accs, count, idx, value, path};
    return pr_reader_each_line(path, PR_LINES_SKIP_COMMENTS, label_line, &c, err);
}

int pr_eval_by_label(pr_label_summary **out, size_t *count, const pr_graph *g, const double *value,
                     const char *labels_path, pr_error *err)
{
    *out = NULL;
    *count = 0;
    label_acc accs[MAX_LABELS];
    memset(accs, 0, sizeof accs);
    size_t nacc = 0;
    pr_name_index idx = {0, NULL, NULL, NULL};
    pr_label_summary *s = NULL;
    int rc = pr_graph_index_names(&idx, g);
    if (rc != PR_OK) {
        rc = rc == PR_EINVAL ? pr_error_set(err, rc, NULL, 0, "the graph has no names")
                             : pr_error_set(err, rc, NULL, 0, "out of memory");
        goto done;
    }
    if ((rc = read_labels(accs, &nacc, &idx, value, labels_path, err)) != PR_OK) {
        goto done;
    }
    if ((s = pr_calloc(nacc ? nacc : 1, sizeof *s)) == NULL) {
        rc = pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < nacc; i++) {
        summarise(&s[i], &accs[i]);
    }
    qsort(s, nacc, sizeof *s, cmp_summary);
    *out = s;
    *count = nacc;
done:
    for (size_t i = 0; i < nacc; i++) {
        pr_free(accs[i].v);
    }
    pr_name_index_free(&idx);
    return rc;
}

const pr_label_summary *pr_eval_find_label(const pr_label_summary *s, size_t count,
                                           const char *label)
{
    for (size_t i = 0; i < count; i++) {
        if (strcmp(s[i].label, label) == 0) {
            return &s[i];
        }
    }
    return NULL;
}
