/* Degenerate results (docs/operations.md, "Degenerate results"): a ranking with no edges, one
 * where everyone has the same score, or a network where nobody was engaged says nothing about
 * anyone; publishing it would replace a real ranking with noise. They are errors unless
 * --allow-degenerate. */
#include "job_internal.h"

#include <stdio.h>
#include <time.h>

/* What to look at, for every message. */
static void hint(char *buf, size_t cap, const job_ctx *c, const pr_ingest_summary *s)
{
    char asof[32] = "?";
    time_t t = (time_t)s->as_of;
    struct tm tm;
    if (gmtime_r(&t, &tm) != NULL) {
        strftime(asof, sizeof asof, "%Y-%m-%dT%H:%M:%SZ", &tm);
    }
    snprintf(buf, cap,
             "look at the window (--window-days %g), the as-of date (%s) and the input (%llu "
             "events read, %llu kept); --allow-degenerate publishes it anyway",
             c->opts->ingest.window_days, asof, (unsigned long long)s->events_read,
             (unsigned long long)s->events_kept);
}

static uint64_t engaged_on(const job_network *net)
{
    uint64_t engaged = 0;
    for (pr_node v = 0; v < net->graph->n; v++) {
        engaged += net->graph->in_off[v + 1] > net->graph->in_off[v];
    }
    return engaged;
}

int job_check_result(const job_result *r, const job_ctx *c, const pr_ingest_summary *s,
                     pr_error *err)
{
    char look[400];
    pr_node n = c->persons->n;
    if (c->opts->allow_degenerate) {
        return PR_OK;
    }
    hint(look, sizeof look, c, s);
    if (c->persons->m == 0) {
        return pr_error_set(err, PR_EINVAL, NULL, 0,
                            "degenerate result: no edges kept, nobody engaged anybody; %s", look);
    }
    for (uint32_t k = 0; k < c->net_count; k++) {
        if (engaged_on(&c->net[k]) == 0) {
            return pr_error_set(err, PR_EINVAL, NULL, 0,
                                "degenerate result: nobody was engaged on network %s (%llu "
                                "accounts, no edges); %s",
                                c->net[k].name, (unsigned long long)c->net[k].graph->n, look);
        }
    }
    pr_node same = 1;
    while (same < n && r->score[same] == r->score[0]) {
        same++;
    }
    if (n >= 2 && same == n) {
        return pr_error_set(err, PR_EINVAL, NULL, 0,
                            "degenerate result: all %llu persons score %.2f, nothing tells them "
                            "apart; %s",
                            (unsigned long long)n, r->score[0], look);
    }
    return PR_OK;
}
