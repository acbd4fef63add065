/* Teleport distributions from files: a prior (`account<TAB>mass`, Tweepcred's "user mass") or a
 * seed set (`account[<TAB>mass]`), matched to the graph's node names. */
#include "peoplerank/rank.h"

#include "peoplerank/line_reader.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Splits "account[<TAB>mass]" (line without its newline, NUL-terminated at len). */
static int parse_line(const char **name, size_t *name_len, double *mass, const char *line,
                      size_t len, int mass_required)
{
    const char *tab = memchr(line, '\t', len);
    *name = line;
    *name_len = tab ? (size_t)(tab - line) : len;
    if (*name_len == 0) {
        return PR_EPARSE;
    }
    if (tab == NULL) {
        *mass = 1.0;
        return mass_required ? PR_EPARSE : PR_OK;
    }
    char *end = NULL;
    errno = 0;
    *mass = strtod(tab + 1, &end);
    const char *rest = end + strspn(end, " \t"); /* trailing blanks are harmless */
    if (end == tab + 1 || *rest != '\0' || errno != 0 || !isfinite(*mass) || *mass < 0.0) {
        return PR_EPARSE;
    }
    return PR_OK;
}

typedef struct load_state {
    double *mass;
    unsigned char *seen; /* one byte per node while loading: duplicates are errors */
    uint64_t ignored;
    const pr_name_index *ix;
    const char *path;
    unsigned flags;
} load_state;

static int apply_line(load_state *st, const pr_name_index *ix, const char *line, size_t line_len,
                      const char *path, uint64_t lineno, unsigned flags, pr_error *err)
{
    const char *name;
    size_t len;
    double m;
    if (parse_line(&name, &len, &m, line, line_len, !(flags & PR_TELEPORT_SEEDS)) != PR_OK) {
        return pr_error_set(err, PR_EPARSE, path, lineno,
                            (flags & PR_TELEPORT_SEEDS)
                                ? "expected 'account' or 'account<TAB>mass' (mass >= 0)"
                                : "expected 'account<TAB>mass' (mass a number >= 0)");
    }
    pr_node v = pr_name_index_find_len(ix, name, len);
    if (v == PR_NODE_NONE) {
        if (flags & PR_TELEPORT_IGNORE_UNKNOWN) {
            st->ignored++;
            return PR_OK;
        }
        return pr_error_set(err, PR_ENOTFOUND, path, lineno,
                            "unknown account '%.*s' (not in the graph)", (int)len, name);
    }
    if (st->seen[v]) {
        return pr_error_set(err, PR_EPARSE, path, lineno, "account '%.*s' listed twice", (int)len,
                            name);
    }
    st->seen[v] = 1;
    st->mass[v] = m;
    return PR_OK;
}

static int teleport_line(void *ctx, const char *line, size_t len, const char *file,
                         uint64_t line_no, pr_error *err)
{
    load_state *st = ctx;
    (void)file; /* the messages name the path as given */
    return apply_line(st, st->ix, line, len, st->path, line_no, st->flags, err);
}

static int normalise(double *teleport, pr_node n, const char *path, pr_error *err)
{
    double sum = pr_rank_normalise(teleport, n); /* the refused masses are then of no use */
    if (!(sum > 0.0) || !isfinite(sum)) {
        return pr_error_set(err, PR_EINVAL, path, 0, "the teleport masses sum to %g", sum);
    }
    return PR_OK;
}

int pr_rank_load_teleport(double *teleport, uint64_t *ignored, const pr_graph *g, const char *path,
                          unsigned flags, pr_error *err)
{
    pr_name_index ix = {0, NULL, NULL, NULL};
    load_state st = {teleport, NULL, 0, &ix, path, flags};
    int rc;
    if (g->name_data == NULL) {
        return pr_error_set(err, PR_EINVAL, path, 0, "the graph has no account names");
    }
    st.seen = pr_calloc(g->n ? g->n : 1, 1);
    if (st.seen == NULL || pr_graph_index_names(&ix, g) != PR_OK) {
        rc = pr_error_set(err, PR_ENOMEM, path, 0, "out of memory");
        goto done;
    }
    double absent = (flags & PR_TELEPORT_SEEDS) ? 0.0 : 1.0;
    for (pr_node v = 0; v < g->n; v++) {
        teleport[v] = absent;
    }
    rc = pr_reader_each_line(path, PR_LINES_SKIP_COMMENTS, teleport_line, &st, err);
    if (ignored != NULL) {
        *ignored = st.ignored;
    }
    if (rc != PR_OK) {
        goto done;
    }
    rc = normalise(teleport, g->n, path, err);
done:
    pr_name_index_free(&ix);
    pr_free(st.seen);
    return rc;
}

int pr_rank_seed_teleport(double *teleport, const pr_node *seeds, size_t count, pr_node n)
{
    if (count == 0) {
        return PR_EINVAL;
    }
    memset(teleport, 0, (size_t)n * sizeof *teleport);
    for (size_t i = 0; i < count; i++) {
        if (seeds[i] >= n) {
            return PR_EINVAL;
        }
        teleport[seeds[i]] = 1.0;
    }
    size_t distinct = 0;
    for (pr_node v = 0; v < n; v++) {
        distinct += teleport[v] > 0.0;
    }
    for (pr_node v = 0; v < n; v++) {
        teleport[v] /= (double)distinct;
    }
    return PR_OK;
}
