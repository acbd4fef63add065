/* The person record as JSON: the shape of `lookup --json` (one shape everywhere), plus the
 * score's bucket and the as-of date of the snapshot it came from. */
#include "serve.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static json_object *jnum(double v)
{
    return isfinite(v) ? json_object_new_double(v) : NULL;
}

/* Scores and deltas are stored to two decimals: print them so (73.38, not 73.379999999999995). */
static json_object *jscore(double v)
{
    char text[32];
    if (!isfinite(v)) {
        return NULL;
    }
    snprintf(text, sizeof text, "%.2f", v);
    return json_object_new_double_s(v, text);
}

void serve_bucket(char out[8], double score)
{
    int lo = isfinite(score) ? (int)floor(score / 10.0) * 10 : 0;
    lo = lo < 0 ? 0 : (lo > 90 ? 90 : lo);
    snprintf(out, 8, "%d-%d", lo, lo + 10);
}

static json_object *neighbours(pr_snapshot *r, const uint64_t *pos)
{
    json_object *a = json_object_new_array();
    pr_error err = PR_ERROR_INIT;
    for (int j = 0; j < PR_SNAPSHOT_TOP_K; j++) {
        pr_snapshot_record n;
        if (pos[j] != 0 && pr_snapshot_at(&n, r, pos[j], &err) == PR_OK) {
            json_object_array_add(a, json_object_new_string(n.name));
        }
    }
    return a;
}

/* The record is copied first: reading neighbours moves the reader. */
json_object *serve_record_json(serve_gen *g, pr_snapshot *r, const pr_snapshot_record *rec)
{
    pr_snapshot_record c = *rec;
    char bucket[8];
    json_object *o = json_object_new_object();
    json_object_object_add(o, "position", json_object_new_int64((int64_t)c.position));
    json_object_object_add(o, "name", json_object_new_string(c.name));
    json_object_object_add(o, "score", jscore(c.score));
    json_object_object_add(o, "percentile", jnum(c.percentile));
    json_object_object_add(o, "rank", jnum(c.rank));
    if (pr_snapshot_has_column(g->info, PR_SNAPSHOT_COL_ACCOUNTS)) {
        json_object_object_add(o, "accounts", json_object_new_string(c.accounts));
    }
    json_object *nets = json_object_new_object();
    for (uint32_t k = 0; k < pr_snapshot_network_count(g->info); k++) {
        json_object_object_add(nets, pr_snapshot_network_name(g->info, k),
                               jscore(c.network_score[k]));
    }
    json_object_object_add(o, "networks", nets);
    json_object_object_add(o, "engagers", json_object_new_int64(c.engagers));
    json_object_object_add(o, "engagement", jnum(c.engagement));
    json_object_object_add(o, "delta_day", jscore(c.delta[0]));
    json_object_object_add(o, "delta_week", jscore(c.delta[1]));
    json_object_object_add(o, "delta_month", jscore(c.delta[2]));
    uint64_t infl[PR_SNAPSHOT_TOP_K], infe[PR_SNAPSHOT_TOP_K];
    memcpy(infl, c.influencers, sizeof infl);
    memcpy(infe, c.influencees, sizeof infe);
    json_object_object_add(o, "influencers", neighbours(r, infl));
    json_object_object_add(o, "influencees", neighbours(r, infe));
    serve_bucket(bucket, c.score);
    json_object_object_add(o, "bucket", json_object_new_string(bucket));
    json_object_object_add(o, "as_of", json_object_new_string(g->date));
    return o;
}
