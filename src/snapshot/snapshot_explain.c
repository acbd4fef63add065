/* Reading the explain column (docs/snapshot-format.md, "explain") and comparing two
 * explanations (see explain.h). */
#include "peoplerank/explain.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOP_MAX 64 /* contributors per person a reader accepts (the writer stores 5) */

static const char *const action_names[PR_EXPLAIN_ACTIONS] = {
    "follow", "like", "mention", "reply", "comment", "reshare", "other"};

const char *pr_explain_action_name(int action)
{
    return action >= 0 && action < PR_EXPLAIN_ACTIONS ? action_names[action] : "?";
}

/* Splits text at tabs in place: fields[0..*count). */
static int split_fields(char **fields, size_t cap, size_t *count, char *text)
{
    size_t n = 0;
    for (char *p = text;; p++) {
        if (n == cap) {
            return -1;
        }
        fields[n++] = p;
        p = strchr(p, '\t');
        if (p == NULL) {
            break;
        }
        *p = '\0';
    }
    *count = n;
    return 0;
}

static int number(double *out, const char *s)
{
    char *end = NULL;
    errno = 0;
    *out = strtod(s, &end);
    return (end != s && *end == '\0' && isfinite(*out)) ? 0 : -1;
}

static int bad(pr_error *err, const char *why)
{
    return pr_error_set(err, PR_EFORMAT, NULL, 0, "malformed explanation: %s", why);
}

/* Contributor j's fields start at f[base + j * stride]: name, network, actions. */
static int parse_contributors(pr_explanation *out, char **f, size_t nf, size_t base,
                              uint32_t networks, pr_error *err)
{
    size_t stride = 2 + PR_EXPLAIN_ACTIONS, top = (nf - base) / stride;
    if ((nf - base) % stride != 0 || top > TOP_MAX) {
        return bad(err, "contributor fields");
    }
    out->parts = pr_calloc(top * PR_EXPLAIN_ACTIONS + 2, sizeof *out->parts);
    if (out->parts == NULL) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t j = 0; j < top; j++) {
        char **c = f + base + j * stride;
        char *end = NULL;
        long net = strtol(c[1], &end, 10);
        if (c[0][0] == '\0' || *end != '\0' || end == c[1] || net < 0 || net >= (long)networks) {
            return bad(err, "contributor network");
        }
        for (int a = 0; a < PR_EXPLAIN_ACTIONS; a++) {
            double v;
            if (number(&v, c[2 + a]) != 0) {
                return bad(err, "contributor value");
            }
            if (v != 0.0) {
                out->parts[out->part_count++] =
                    (pr_explain_part){PR_PART_CONTRIBUTOR, c[0], (int)net, a, v};
            }
        }
    }
    out->parts[out->part_count++] =
        (pr_explain_part){PR_PART_TELEPORT, NULL, -1, -1, out->teleport};
    out->parts[out->part_count++] = (pr_explain_part){PR_PART_REST, NULL, -1, -1, out->rest};
    return PR_OK;
}

int pr_explain_parse(pr_explanation *out, const char *text, uint32_t networks, pr_error *err)
{
    memset(out, 0, sizeof *out);
    if (networks > PR_SNAPSHOT_MAX_NETWORKS) {
        return bad(err, "too many networks");
    }
    size_t fixed = 2 + networks + PR_EXPLAIN_ACTIONS;
    size_t cap = fixed + TOP_MAX * (2 + PR_EXPLAIN_ACTIONS) + 1, nf = 0;
    char **f = pr_mallocarray(cap, sizeof *f);
    out->text = pr_strdup(text);
    if (f == NULL || out->text == NULL) {
        pr_free(f);
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    out->network_count = networks;
    int rc;
    if (split_fields(f, cap, &nf, out->text) != 0 || nf < fixed) {
        rc = bad(err, "field count");
        goto done;
    }
    if (number(&out->teleport, f[0]) || number(&out->rest, f[1])) {
        rc = bad(err, "teleport or rest");
        goto done;
    }
    for (uint32_t k = 0; k < networks; k++) {
        if (number(&out->by_network[k], f[2 + k])) {
            rc = bad(err, "network total");
            goto done;
        }
    }
    for (int a = 0; a < PR_EXPLAIN_ACTIONS; a++) {
        if (number(&out->by_action[a], f[2 + networks + a])) {
            rc = bad(err, "action total");
            goto done;
        }
    }
    rc = parse_contributors(out, f, nf, fixed, networks, err);
done:
    pr_free(f);
    if (rc != PR_OK) {
        pr_explanation_clear(out);
    }
    return rc;
}

static int no_explain_column(pr_snapshot *s, pr_error *err)
{
    if (pr_snapshot_has_column(s, PR_SNAPSHOT_COL_EXPLAIN)) {
        return PR_OK;
    }
    return pr_error_set(err, PR_EFORMAT, NULL, 0,
                        "this snapshot stores no explanations (written before they were "
                        "added, or by an algorithm without teleport)");
}

static int explain_record(pr_explanation *out, pr_snapshot *s, const pr_snapshot_record *rec,
                          pr_error *err)
{
    int rc;
    if ((rc = pr_explain_parse(out, rec->explain, pr_snapshot_network_count(s), err)) != PR_OK) {
        return rc;
    }
    out->rank = rec->rank;
    out->score = rec->score;
    return PR_OK;
}

int pr_snapshot_explain(pr_explanation *out, pr_snapshot *s, const char *name, pr_error *err)
{
    pr_snapshot_record rec;
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = no_explain_column(s, err)) != PR_OK ||
        (rc = pr_snapshot_lookup(&rec, s, name, err)) != PR_OK ||
        (rc = explain_record(out, s, &rec, err)) != PR_OK) {
        return rc;
    }
    out->name = name;
    return PR_OK;
}

int pr_snapshot_explain_at(pr_explanation *out, pr_snapshot *s, uint64_t position, pr_error *err)
{
    pr_snapshot_record rec;
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = no_explain_column(s, err)) != PR_OK ||
        (rc = pr_snapshot_at(&rec, s, position, err)) != PR_OK ||
        (rc = explain_record(out, s, &rec, err)) != PR_OK) {
        return rc;
    }
    out->name = rec.name;
    return PR_OK;
}

void pr_explanation_clear(pr_explanation *e)
{
    pr_free(e->text);
    pr_free(e->parts);
    memset(e, 0, sizeof *e);
}

/* ---- comparing ---- */

static const char *const change_names[] = {"gained",   "lost",     "rank",
                                           "activity", "teleport", "rest"};

const char *pr_explain_change_name(pr_change_kind kind)
{
    return (unsigned)kind < sizeof change_names / sizeof change_names[0] ? change_names[kind] : "?";
}

/* A contributor's value over every action. */
static double contributor_total(const pr_explanation *e, const char *name, int net, int *found)
{
    double sum = 0.0;
    *found = 0;
    for (size_t i = 0; i < e->part_count; i++) {
        const pr_explain_part *p = &e->parts[i];
        if (p->kind == PR_PART_CONTRIBUTOR && p->network == net && strcmp(p->name, name) == 0) {
            sum += p->value;
            *found = 1;
        }
    }
    return sum;
}

/* Whether part i is the first of its contributor (parts of one contributor are adjacent). */
static int first_of(const pr_explanation *e, size_t i)
{
    const pr_explain_part *p = &e->parts[i];
    return i == 0 || e->parts[i - 1].kind != PR_PART_CONTRIBUTOR ||
           e->parts[i - 1].network != p->network || strcmp(e->parts[i - 1].name, p->name) != 0;
}

static double rank_of(pr_snapshot *s, const char *name)
{
    pr_snapshot_record rec;
    pr_error e = PR_ERROR_INIT;
    return pr_snapshot_lookup(&rec, s, name, &e) == PR_OK ? rec.rank : 0.0;
}

static void add(pr_explain_diff *d, pr_change_kind k, const char *name, int net, double v)
{
    d->changes[d->count++] = (pr_explain_change){k, name, net, v};
}

static int cmp_change(const void *a, const void *b)
{
    double x = fabs(((const pr_explain_change *)a)->value);
    double y = fabs(((const pr_explain_change *)b)->value);
    return (x < y) - (x > y);
}

int pr_explain_compare(pr_explain_diff *out, const pr_explanation *older,
                       const pr_explanation *newer, pr_snapshot *older_snap,
                       pr_snapshot *newer_snap, pr_error *err)
{
    memset(out, 0, sizeof *out);
    out->changes = pr_calloc(2 * (older->part_count + newer->part_count) + 2, sizeof *out->changes);
    if (out->changes == NULL) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < newer->part_count; i++) {
        const pr_explain_part *p = &newer->parts[i];
        if (p->kind != PR_PART_CONTRIBUTOR || !first_of(newer, i)) {
            continue;
        }
        int was = 0, dummy = 0;
        double now = contributor_total(newer, p->name, p->network, &dummy);
        double before = contributor_total(older, p->name, p->network, &was);
        if (!was) {
            add(out, PR_CHANGE_GAINED, p->name, p->network, now);
            continue;
        }
        double r_old = rank_of(older_snap, p->name), r_new = rank_of(newer_snap, p->name);
        double by_rank = r_old > 0.0 ? before * (r_new / r_old - 1.0) : 0.0;
        add(out, PR_CHANGE_RANK, p->name, p->network, by_rank);
        add(out, PR_CHANGE_ACTIVITY, p->name, p->network, now - before - by_rank);
    }
    for (size_t i = 0; i < older->part_count; i++) {
        const pr_explain_part *p = &older->parts[i];
        int still = 0;
        if (p->kind == PR_PART_CONTRIBUTOR && first_of(older, i)) {
            double before = contributor_total(older, p->name, p->network, &still);
            contributor_total(newer, p->name, p->network, &still);
            if (!still) {
                add(out, PR_CHANGE_LOST, p->name, p->network, -before);
            }
        }
    }
    qsort(out->changes, out->count, sizeof *out->changes, cmp_change);
    add(out, PR_CHANGE_TELEPORT, NULL, -1, newer->teleport - older->teleport);
    add(out, PR_CHANGE_REST, NULL, -1, newer->rest - older->rest);
    return PR_OK;
}

void pr_explain_diff_clear(pr_explain_diff *d)
{
    pr_free(d->changes);
    memset(d, 0, sizeof *d);
}
