/* What a report shows, gathered in a few passes over the snapshot(s): the score histogram, the
 * raw-rank-to-score curve, the comparison with the older snapshot (the numbers of `compare`,
 * from the same function), the score changes, per-network input volumes from the headers, and
 * the other algorithms of a multi-algorithm run. */
#include "report.h"

#include <dirent.h>
#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int score_bin(double s)
{
    int b = (int)floor(s / 5.0);
    return b < 0 ? 0 : (b >= REPORT_SCORE_BINS ? REPORT_SCORE_BINS - 1 : b);
}

/* Bins: 0 is below -10.5, 1..21 are -10..+10 (width 1, centred), 22 is above +10.5. */
static int change_bin(double d)
{
    if (d < -10.5) {
        return 0;
    }
    if (d >= 10.5) {
        return REPORT_CHANGE_BINS - 1;
    }
    return (int)floor(d + 10.5) + 1;
}

/* Score histogram and the curve, sampled at log-spaced positions (the top is where it bends). */
static int pass_scores(report_data *d, pr_error *err)
{
    uint64_t n = pr_snapshot_count(d->snap), next = 1;
    uint32_t k = 0;
    for (uint64_t pos = 1; pos <= n; pos++) {
        pr_snapshot_record r;
        int rc = pr_snapshot_at(&r, d->snap, pos, err);
        if (rc != PR_OK) {
            return rc;
        }
        d->score_hist[score_bin(r.score)]++;
        if (pos == next && k < REPORT_CURVE_POINTS) {
            d->curve_rank[k] = r.rank;
            d->curve_score[k] = r.score;
            k++;
            double t = (double)k / (REPORT_CURVE_POINTS - 1);
            uint64_t want = (uint64_t)llround(exp(t * log((double)n)));
            next = want > pos ? want : pos + 1;
            if (k == REPORT_CURVE_POINTS - 1) {
                next = n;
            }
        }
    }
    d->curve_count = k;
    return PR_OK;
}

enum { CHANGE_BATCH = 64 }; /* persons looked up in the older snapshot at a time */

/* Score change of every person in both, looked up in the older snapshot in batches. */
static int pass_changes(report_data *d, pr_error *err)
{
    uint64_t n = pr_snapshot_count(d->snap), common = 0;
    double sum = 0;
    char *names[CHANGE_BATCH] = {NULL};
    double score[CHANGE_BATCH];
    int rc = PR_OK;
    for (uint64_t pos = 1; pos <= n; pos += CHANGE_BATCH) {
        size_t k = n - pos + 1 < CHANGE_BATCH ? (size_t)(n - pos + 1) : CHANGE_BATCH;
        uint64_t found[CHANGE_BATCH];
        for (size_t j = 0; j < k; j++) {
            pr_snapshot_record r;
            if ((rc = pr_snapshot_at(&r, d->snap, pos + j, err)) != PR_OK) {
                goto done;
            }
            pr_free(names[j]);
            if ((names[j] = pr_strdup(r.name)) == NULL) {
                rc = pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
                goto done;
            }
            score[j] = r.score;
        }
        if ((rc = pr_snapshot_find_many(found, d->older, (const char *const *)names, k, err)) !=
            PR_OK) {
            goto done;
        }
        for (size_t j = 0; j < k; j++) {
            pr_snapshot_record o;
            if (found[j] == 0) {
                continue;
            }
            if ((rc = pr_snapshot_at(&o, d->older, found[j], err)) != PR_OK) {
                goto done;
            }
            double delta = score[j] - o.score;
            d->change_hist[change_bin(delta)]++;
            sum += delta;
            common++;
        }
    }
done:
    for (size_t j = 0; j < CHANGE_BATCH; j++) {
        pr_free(names[j]);
    }
    d->change_mean = common ? sum / (double)common : NAN;
    return rc;
}

static double jget(json_object *o, const char *key)
{
    json_object *v = NULL;
    return json_object_object_get_ex(o, key, &v) ? json_object_get_double(v) : NAN;
}

/* Accounts, edges and weight per network, as the header's extra JSON records them. */
static void read_networks(report_data *d, const char *extra, int which)
{
    json_object *root = extra ? json_tokener_parse(extra) : NULL, *nets = NULL;
    if (root == NULL || !json_object_object_get_ex(root, "networks", &nets) ||
        !json_object_is_type(nets, json_type_object)) {
        json_object_put(root);
        return;
    }
    json_object_object_foreach(nets, name, v)
    {
        uint32_t k = 0;
        while (k < d->network_count && strcmp(d->networks[k].name, name) != 0) {
            k++;
        }
        if (k == d->network_count) {
            if (which == 1 || k == PR_SNAPSHOT_MAX_NETWORKS) {
                continue; /* only in the older run: not shown */
            }
            report_network *n = &d->networks[d->network_count++];
            snprintf(n->name, sizeof n->name, "%s", name);
            n->accounts[1] = n->edges[1] = n->weight[1] = NAN;
        }
        d->networks[k].accounts[which] = jget(v, "accounts");
        d->networks[k].edges[which] = jget(v, "edges");
        d->networks[k].weight[which] = jget(v, "weight");
    }
    json_object_put(root);
}

static int by_algorithm(const void *a, const void *b)
{
    return strcmp(((const report_variant *)a)->algorithm, ((const report_variant *)b)->algorithm);
}

/* A multi-algorithm run writes OUT/ALGORITHM/peoplerank-DATE.snap: the variants are the
 * sibling directories holding a file of the same name. */
static int find_variants(report_data *d, pr_error *err)
{
    const char *slash = strrchr(d->path, '/');
    if (slash == NULL) {
        return PR_OK;
    }
    const char *file = slash + 1;
    char *dir = pr_strfmt("%.*s", (int)(slash - d->path), d->path);
    if (dir == NULL) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    char *up = strrchr(dir, '/');
    const char *parent = up ? dir : ".";
    if (up) {
        *up = '\0';
    }
    DIR *dp = opendir(parent[0] ? parent : "/");
    struct dirent *e;
    int rc = PR_OK;
    while (dp != NULL && (e = readdir(dp)) != NULL && d->variant_count < REPORT_MAX_VARIANTS) {
        struct stat st;
        if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof d->variants[0].algorithm) {
            continue;
        }
        char *path = pr_strfmt("%s/%s/%s", parent, e->d_name, file);
        if (path == NULL) {
            rc = pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
            goto done;
        }
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            pr_free(path);
            continue;
        }
        report_variant *v = &d->variants[d->variant_count++];
        snprintf(v->algorithm, sizeof v->algorithm, "%s", e->d_name);
        v->path = path;
    }
    qsort(d->variants, d->variant_count, sizeof d->variants[0], by_algorithm);
done:
    if (dp != NULL) {
        closedir(dp);
    }
    pr_free(dir);
    return rc;
}

static int compare_variants(report_data *d, pr_error *err)
{
    pr_snapshot *s[REPORT_MAX_VARIANTS] = {NULL};
    int rc;
    for (uint32_t i = 0; i < d->variant_count; i++) {
        if ((rc = pr_snapshot_open(&s[i], d->variants[i].path, err)) != PR_OK) {
            goto done;
        }
    }
    for (uint32_t i = 0; i < d->variant_count; i++) {
        d->var_spearman[i][i] = d->var_kendall[i][i] = d->var_top100[i][i] = 1.0;
        for (uint32_t j = i + 1; j < d->variant_count; j++) {
            pr_snapshot_comparison c;
            if ((rc = pr_snapshot_compare(&c, s[i], s[j], err)) != PR_OK) {
                goto done;
            }
            d->var_spearman[i][j] = d->var_spearman[j][i] = c.spearman;
            d->var_kendall[i][j] = d->var_kendall[j][i] = c.kendall_tau_b;
            d->var_top100[i][j] = d->var_top100[j][i] = c.jaccard[1];
            pr_snapshot_comparison_clear(&c);
        }
    }
    rc = PR_OK;
done:
    for (uint32_t i = 0; i < d->variant_count; i++) {
        pr_snapshot_close(s[i]);
    }
    return rc;
}

int report_gather(report_data *d, const char *path, const char *older_path, pr_error *err)
{
    memset(d, 0, sizeof *d);
    d->path = path;
    d->older_path = older_path;
    int rc;
    if ((rc = pr_snapshot_open(&d->snap, path, err)) != PR_OK) {
        return rc;
    }
    d->meta = *pr_snapshot_get_meta(d->snap);
    read_networks(d, d->meta.extra_json, 0);
    if ((rc = pass_scores(d, err)) != PR_OK) {
        return rc;
    }
    if (older_path != NULL) {
        if ((rc = pr_snapshot_open(&d->older, older_path, err)) != PR_OK) {
            return rc;
        }
        d->older_meta = *pr_snapshot_get_meta(d->older);
        read_networks(d, d->older_meta.extra_json, 1);
        if ((rc = pr_snapshot_compare(&d->cmp, d->older, d->snap, err)) != PR_OK) {
            return rc;
        }
        d->has_older = 1; /* cmp is to be cleared */
        if ((rc = pass_changes(d, err)) != PR_OK) {
            return rc;
        }
    }
    if ((rc = find_variants(d, err)) != PR_OK) {
        return rc;
    }
    if (d->variant_count >= 2) {
        return compare_variants(d, err);
    }
    for (uint32_t i = 0; i < d->variant_count; i++) {
        pr_free(d->variants[i].path);
    }
    d->variant_count = 0;
    return PR_OK;
}

void report_data_free(report_data *d)
{
    if (d->has_older) {
        pr_snapshot_comparison_clear(&d->cmp);
    }
    for (uint32_t i = 0; i < d->variant_count; i++) {
        pr_free(d->variants[i].path);
    }
    pr_snapshot_close(d->older);
    pr_snapshot_close(d->snap);
}
