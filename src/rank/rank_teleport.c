/* Teleport distributions from files: a prior (`account<TAB>mass`, Tweepcred's "user mass") or a
 * seed set (`account[<TAB>mass]`), matched to the graph's node names. */
#include "peoplerank/rank.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* Open addressing from node name to node id, built for one load. */
typedef struct name_index {
    pr_node *slot; /* PR_NODE_NONE = empty */
    uint64_t mask;
} name_index;

static uint64_t name_hash(const char *name, size_t len)
{
    return XXH3_64bits(name, len);
}

static int index_build(name_index *ix, const pr_graph *g)
{
    uint64_t cap = 16;
    while (cap < 2 * (uint64_t)g->n) {
        cap *= 2;
    }
    ix->slot = pr_mallocarray(cap, sizeof *ix->slot);
    if (ix->slot == NULL) {
        return PR_ENOMEM;
    }
    memset(ix->slot, 0xff, cap * sizeof *ix->slot);
    ix->mask = cap - 1;
    for (pr_node v = 0; v < g->n; v++) {
        const char *name = pr_graph_name(g, v);
        uint64_t h = name_hash(name, strlen(name)) & ix->mask;
        while (ix->slot[h] != PR_NODE_NONE) {
            h = (h + 1) & ix->mask;
        }
        ix->slot[h] = v;
    }
    return PR_OK;
}

static pr_node index_find(const name_index *ix, const pr_graph *g, const char *name, size_t len)
{
    uint64_t h = name_hash(name, len) & ix->mask;
    while (ix->slot[h] != PR_NODE_NONE) {
        const char *s = pr_graph_name(g, ix->slot[h]);
        if (strncmp(s, name, len) == 0 && s[len] == '\0') {
            return ix->slot[h];
        }
        h = (h + 1) & ix->mask;
    }
    return PR_NODE_NONE;
}

/* Splits "account[<TAB>mass]" (line already without its newline). */
static int parse_line(const char **name, size_t *name_len, double *mass, char *line,
                      int mass_required)
{
    char *tab = strchr(line, '\t');
    *name = line;
    *name_len = tab ? (size_t)(tab - line) : strlen(line);
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

/* Strips '\n' and a '\r' before it; returns 1 when the line is blank or a comment. */
static int trim_line(char *line)
{
    size_t len = strlen(line);
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
        line[--len] = '\0';
    }
    return len == 0 || line[0] == '#';
}

typedef struct load_state {
    double *mass;
    unsigned char *seen; /* one byte per node while loading: duplicates are errors */
    uint64_t ignored;
} load_state;

static int apply_line(load_state *st, pr_error *err, const pr_graph *g, const name_index *ix,
                      char *line, const char *path, uint64_t lineno, unsigned flags)
{
    const char *name;
    size_t len;
    double m;
    if (parse_line(&name, &len, &m, line, !(flags & PR_TELEPORT_SEEDS)) != PR_OK) {
        return pr_error_set(err, PR_EPARSE, path, lineno,
                            (flags & PR_TELEPORT_SEEDS)
                                ? "expected 'account' or 'account<TAB>mass' (mass >= 0)"
                                : "expected 'account<TAB>mass' (mass a number >= 0)");
    }
    pr_node v = index_find(ix, g, name, len);
    if (v == PR_NODE_NONE) {
        if (flags & PR_TELEPORT_IGNORE_UNKNOWN) {
            st->ignored++;
            return PR_OK;
        }
        return pr_error_set(err, PR_ENOTFOUND, path, lineno,
                            "unknown account '%.*s' (not in the graph)", (int)len, name);
    }
    if (st->seen[v]) {
        return pr_error_set(err, PR_EPARSE, path, lineno, "account '%.*s' listed twice",
                            (int)len, name);
    }
    st->seen[v] = 1;
    st->mass[v] = m;
    return PR_OK;
}

static int read_lines(load_state *st, pr_error *err, const pr_graph *g, const name_index *ix,
                      const char *path, unsigned flags)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return pr_error_set(err, errno == ENOENT ? PR_ENOTFOUND : PR_EIO, path, 0, "%s",
                            strerror(errno));
    }
    char *line = NULL;
    size_t cap = 0;
    uint64_t lineno = 0;
    int rc = PR_OK;
    while (rc == PR_OK && getline(&line, &cap, f) >= 0) {
        lineno++;
        if (!trim_line(line)) {
            rc = apply_line(st, err, g, ix, line, path, lineno, flags);
        }
    }
    if (rc == PR_OK && ferror(f)) {
        rc = pr_error_set(err, PR_EIO, path, 0, "read error");
    }
    free(line); /* getline's buffer comes from malloc */
    fclose(f);
    return rc;
}

static int normalise(double *teleport, pr_error *err, pr_node n, const char *path)
{
    double sum = 0.0;
    for (pr_node v = 0; v < n; v++) {
        sum += teleport[v];
    }
    if (!(sum > 0.0) || !isfinite(sum)) {
        return pr_error_set(err, PR_EINVAL, path, 0, "the teleport masses sum to %g", sum);
    }
    for (pr_node v = 0; v < n; v++) {
        teleport[v] /= sum;
    }
    return PR_OK;
}

int pr_rank_load_teleport(double *teleport, uint64_t *ignored, pr_error *err, const pr_graph *g,
                          const char *path, unsigned flags)
{
    name_index ix = {NULL, 0};
    load_state st = {teleport, NULL, 0};
    int rc;
    if (g->name_data == NULL) {
        return pr_error_set(err, PR_EINVAL, path, 0, "the graph has no account names");
    }
    st.seen = pr_calloc(g->n ? g->n : 1, 1);
    if (st.seen == NULL || index_build(&ix, g) != PR_OK) {
        rc = pr_error_set(err, PR_ENOMEM, path, 0, "out of memory");
        goto cleanup;
    }
    double absent = (flags & PR_TELEPORT_SEEDS) ? 0.0 : 1.0;
    for (pr_node v = 0; v < g->n; v++) {
        teleport[v] = absent;
    }
    rc = read_lines(&st, err, g, &ix, path, flags);
    if (rc == PR_OK) {
        rc = normalise(teleport, err, g->n, path);
    }
    if (ignored != NULL) {
        *ignored = st.ignored;
    }
cleanup:
    pr_free(ix.slot);
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
