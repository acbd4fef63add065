/* Dates of the input: events per UTC day (with the first lines of each day), from which the as-of
 * date is chosen when none is given, and events far in the future are found. One stray line dated
 * next year must neither become the as-of date (emptying the window) nor pass unnoticed
 * (docs/operations.md, "Dates"). */
#include "ingest_internal.h"
#include "peoplerank/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Distinct days tracked (180 years); events of further days are not located. */
#define MAX_DAYS (1u << 16)

static uint64_t slot_of(int64_t day, uint64_t mask)
{
    return ((uint64_t)day * UINT64_C(0x9E3779B97F4A7C15)) >> 20 & mask;
}

static int grow(pr_day_table *t)
{
    uint64_t cap = t->cap ? t->cap * 2 : 256;
    pr_day_count *slot = pr_mallocarray(cap, sizeof *slot);
    if (slot == NULL) {
        return PR_ENOMEM;
    }
    for (uint64_t i = 0; i < cap; i++) {
        slot[i].events = 0;
    }
    for (uint64_t i = 0; i < t->cap; i++) {
        if (t->slot[i].events > 0) {
            uint64_t j = slot_of(t->slot[i].day, cap - 1);
            while (slot[j].events > 0) {
                j = (j + 1) & (cap - 1);
            }
            slot[j] = t->slot[i];
        }
    }
    pr_free(t->slot);
    t->slot = slot;
    t->cap = cap;
    t->last = NULL;
    return PR_OK;
}

static pr_day_count *find(pr_day_table *t, int64_t day)
{
    uint64_t j = slot_of(day, t->cap - 1);
    while (t->slot[j].events > 0 && t->slot[j].day != day) {
        j = (j + 1) & (t->cap - 1);
    }
    return &t->slot[j];
}

int pr_ingest__days_note(pr_ingest *ig, int64_t ts, uint64_t line_no)
{
    pr_day_table *t = &ig->days;
    int64_t day = pr_day_of(ts);
    pr_day_count *d = t->last; /* events mostly come day after day: one compare */
    if (d == NULL || d->day != day) {
        if ((t->count + 1) * 2 > t->cap && t->count < MAX_DAYS && grow(t) != PR_OK) {
            return PR_ENOMEM;
        }
        d = find(t, day);
        if (d->events == 0 && t->count >= MAX_DAYS) {
            t->untracked++;
            return PR_OK;
        }
        if (d->events == 0) {
            memset(d, 0, sizeof *d);
            d->day = day;
            d->newest = ts;
            t->count++;
        }
        t->last = d;
    }
    if (d->events < PR_DAY_LOCATIONS) {
        d->file[d->events] = ig->n_files ? (uint32_t)ig->n_files - 1 : 0;
        d->line[d->events] = line_no;
    }
    d->events++;
    d->newest = ts > d->newest ? ts : d->newest;
    return PR_OK;
}

int pr_ingest__days_merge(pr_day_table *t, const pr_day_count *from)
{
    t->last = NULL; /* the cache of pr_ingest__days_note may move */
    if ((t->count + 1) * 2 > t->cap && t->count < MAX_DAYS && grow(t) != PR_OK) {
        return PR_ENOMEM;
    }
    pr_day_count *d = find(t, from->day);
    if (d->events == 0 && t->count >= MAX_DAYS) {
        t->untracked += from->events;
        return PR_OK;
    }
    if (d->events == 0) {
        *d = *from;
        t->count++;
        return PR_OK;
    }
    /* this shard's first lines of the day come after the earlier shards' */
    for (uint64_t i = 0; d->events + i < PR_DAY_LOCATIONS && i < from->events; i++) {
        d->file[d->events + i] = from->file[i];
        d->line[d->events + i] = from->line[i];
    }
    d->events += from->events;
    d->newest = from->newest > d->newest ? from->newest : d->newest;
    return PR_OK;
}

void pr_ingest__days_free(pr_day_table *t)
{
    pr_free(t->slot);
    memset(t, 0, sizeof *t);
}

static int by_day(const void *a, const void *b)
{
    const pr_day_count *x = a, *y = b;
    return (x->day > y->day) - (x->day < y->day);
}

static int by_events(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The days, oldest first (pr_malloc'd; *n entries). */
static pr_day_count *sorted_days(const pr_day_table *t, uint64_t *n)
{
    pr_day_count *d = pr_mallocarray(t->count ? t->count : 1, sizeof *d);
    *n = 0;
    for (uint64_t i = 0; d != NULL && i < t->cap; i++) {
        if (t->slot[i].events > 0) {
            d[(*n)++] = t->slot[i];
        }
    }
    if (d != NULL) {
        qsort(d, *n, sizeof *d, by_day);
    }
    return d;
}

/* The as-of date from the bulk of the events: the newest timestamp of the last day holding at
 * least PR_NORMAL_DAY_SHARE of the median day's events. */
static int64_t bulk_as_of(const pr_day_count *d, uint64_t n)
{
    uint64_t *ev = pr_mallocarray(n ? n : 1, sizeof *ev);
    if (ev == NULL || n == 0) {
        pr_free(ev);
        return n ? d[n - 1].newest : 0;
    }
    for (uint64_t i = 0; i < n; i++) {
        ev[i] = d[i].events;
    }
    qsort(ev, n, sizeof *ev, by_events);
    double normal = (double)ev[n / 2] * PR_NORMAL_DAY_SHARE;
    pr_free(ev);
    uint64_t i = n - 1;
    while (i > 0 && (double)d[i].events < normal) {
        i--;
    }
    return d[i].newest;
}

typedef struct location {
    uint32_t file;
    uint64_t line;
    int64_t day;
} location;

static int by_place(const void *a, const void *b)
{
    const location *x = a, *y = b;
    if (x->file != y->file) {
        return x->file < y->file ? -1 : 1;
    }
    return (x->line > y->line) - (x->line < y->line);
}

/* The first events (in input order) of the days in [from, to], at most cap of them; each day keeps
 * its first PR_DAY_LOCATIONS, so the first few of all are among them. */
static uint64_t first_events(location *out, uint64_t cap, const pr_day_count *d, uint64_t n,
                             int64_t from, int64_t to, uint64_t *events)
{
    uint64_t k = 0, total = 0;
    for (uint64_t i = 0; i < n; i++) {
        if (d[i].day < from || d[i].day > to) {
            continue;
        }
        total += d[i].events;
        for (uint64_t j = 0; j < PR_DAY_LOCATIONS && j < d[i].events; j++) {
            location l = {d[i].file[j], d[i].line[j], d[i].day};
            if (k < cap) {
                out[k++] = l;
            } else {
                qsort(out, k, sizeof *out, by_place);
                if (by_place(&l, &out[k - 1]) < 0) {
                    out[k - 1] = l;
                }
            }
        }
    }
    qsort(out, k, sizeof *out, by_place);
    *events = total;
    return k;
}

/* Events far in the future are bad lines (counted by --max-errors; the first fails a strict
 * run): days after max(as-of, clock) + 1 with an explicit as-of date, after as-of + 1 when it was
 * chosen from the bulk of the events. */
static int far_future(pr_ingest *ig, const pr_day_count *d, uint64_t n, int64_t as_of,
                      pr_error *err)
{
    int64_t last = pr_day_of(as_of), today = pr_day_of((int64_t)time(NULL));
    if (!ig->sum.as_of_chosen && today > last) {
        last = today;
    }
    location loc[PR_MAX_KEPT_MESSAGES];
    uint64_t far = 0, k = first_events(loc, PR_MAX_KEPT_MESSAGES, d, n, last + 2, INT64_MAX, &far);
    char asof[16], when[16];
    pr_format_day(asof, sizeof asof, as_of);
    ig->sum.far_future = far;
    for (uint64_t i = 0; i < far; i++) {
        int rc;
        if (i < k) {
            pr_format_day(when, sizeof when, loc[i].day * 86400);
            rc = pr_ingest__bad_line(
                ig, err, ig->file_names[loc[i].file], loc[i].line, PR_SKIP_TIMESTAMP,
                "event dated %s, %lld days after the as-of date %s%s: far in "
                "the future (fix the input, or skip such lines with "
                "--max-errors)",
                when, (long long)(loc[i].day - pr_day_of(as_of)), asof,
                ig->sum.as_of_chosen ? " (where the bulk of the events ends)" : " and the clock");
        } else { /* not located: counted like the others */
            rc = pr_ingest__bad_line(ig, err, ig->file_names[loc[0].file], loc[0].line,
                                     PR_SKIP_TIMESTAMP, "event far in the future");
        }
        if (rc != PR_OK) {
            return rc;
        }
    }
    return PR_OK;
}

/* Later events (after the as-of date, not far): the first few, as "file:line". */
static int later_events(pr_ingest *ig, const pr_day_count *d, uint64_t n, int64_t as_of)
{
    location loc[PR_MAX_LATER];
    uint64_t later = 0;
    uint64_t k =
        first_events(loc, PR_MAX_LATER, d, n, pr_day_of(as_of) + 1, pr_day_of(as_of) + 1, &later);
    for (uint64_t i = 0; i < k; i++) {
        char buf[600];
        snprintf(buf, sizeof buf, "%s:%llu", ig->file_names[loc[i].file],
                 (unsigned long long)loc[i].line);
        ig->later[ig->n_later] = pr_strdup(buf);
        if (ig->later[ig->n_later] == NULL) {
            return PR_ENOMEM;
        }
        ig->n_later++;
    }
    return PR_OK;
}

int pr_ingest__days_judge(pr_ingest *ig, pr_error *err)
{
    uint64_t n = 0;
    pr_day_count *d = sorted_days(&ig->days, &n);
    if (d == NULL) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    ig->sum.as_of_chosen = ig->opts.as_of == PR_AS_OF_NEWEST;
    ig->chosen_as_of = ig->sum.as_of_chosen ? bulk_as_of(d, n) : ig->opts.as_of;
    int rc;
    if ((rc = far_future(ig, d, n, ig->chosen_as_of, err)) != PR_OK || !ig->sum.as_of_chosen) {
        goto done;
    }
    if ((rc = later_events(ig, d, n, ig->chosen_as_of)) != PR_OK) {
        rc = pr_error_set(err, rc, NULL, 0, "out of memory");
    }
done:
    pr_free(d);
    return rc;
}

size_t pr_ingest_later_count(const pr_ingest *ig)
{
    return ig->n_later;
}

const char *pr_ingest_later_event(const pr_ingest *ig, size_t i)
{
    return i < ig->n_later ? ig->later[i] : NULL;
}
