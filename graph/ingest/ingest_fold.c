/* In-order input: folding finished days into per-edge weights while reading.
 *
 * The window, decay, daily cap and selectivity of an event depend only on the as-of date and on
 * the other events of the same (actor, UTC day). Once the input has moved in_order_days past a
 * day, that day is complete: its events are windowed, capped and summed per (src, dst) pair
 * exactly as pr_ingest_finish would, and only the sums are kept. Memory then grows with the
 * distinct edges instead of the events (a billion events of a million persons fold into about
 * 160 million edges). */
#include "ingest_internal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void pr_ingest__fold_store_free(pr_fold_store *f)
{
    pr_free(f->src), pr_free(f->dst), pr_free(f->w), pr_free(f->follow);
    memset(f, 0, sizeof *f);
}

static int64_t day_of(int64_t ts)
{
    return ts / 86400; /* the same UTC day the daily cap groups by */
}

static void format_day(char *out, size_t len, int64_t day)
{
    time_t t = (time_t)(day * 86400);
    struct tm tm;
    if (gmtime_r(&t, &tm) == NULL || strftime(out, len, "%Y-%m-%d", &tm) == 0) {
        snprintf(out, len, "day %lld", (long long)day);
    }
}

/* The window counters of the folded days, visible in the summary while reading (a run that fails
 * part-way reports them); pr_ingest_finish sets them again with the rest. */
static void publish_counts(pr_ingest *ig)
{
    ig->sum.outside_window = ig->fold_sum.outside_window;
    ig->sum.after_as_of = ig->fold_sum.after_as_of;
    ig->sum.events_kept = ig->fold_sum.events_kept;
}

int pr_ingest__fold_check(pr_ingest *ig, int64_t ts)
{
    /* Events outside the window are counted as such and never held: their order does not
     * matter, and a stray future timestamp cannot move the fold horizon. */
    int64_t age = ig->opts.as_of - ts;
    if (age < 0 || (double)age / 86400.0 > ig->opts.window_days) {
        ig->fold_sum.after_as_of += age < 0;
        ig->fold_sum.outside_window += age >= 0;
        publish_counts(ig);
        return -1;
    }
    /* The promise itself, whether or not that day was folded yet: the outcome must not depend
     * on the batch size (a small test input would pass where the nightly input fails). */
    int64_t oldest_day = ig->fold_newest == INT64_MIN
                             ? INT64_MIN
                             : day_of(ig->fold_newest) - (int64_t)ig->opts.in_order_days;
    if (day_of(ts) < oldest_day) {
        char day[32], newest[32];
        format_day(day, sizeof day, day_of(ts));
        format_day(newest, sizeof newest, day_of(ig->fold_newest));
        snprintf(ig->order_msg, sizeof ig->order_msg,
                 "event of %s out of time order: more than %u day(s) before the newest event "
                 "so far (%s; --in-order %u)",
                 day, ig->opts.in_order_days, newest, ig->opts.in_order_days);
        return 1;
    }
    ig->fold_newest = ts > ig->fold_newest ? ts : ig->fold_newest;
    return 0;
}

const char *pr_ingest__strerror(const pr_ingest *ig, int rc)
{
    return rc == PR_EORDER && ig->order_msg[0] != '\0' ? ig->order_msg : pr_strerror(rc);
}

/* Moves the events of days before `horizon` to the front of the store; returns their count. */
static uint64_t partition_days(pr_event_store *st, int64_t horizon)
{
    uint64_t f = 0;
    for (uint64_t i = 0; i < st->count; i++) {
        if (day_of(st->ts[i]) >= horizon) {
            continue;
        }
        if (i != f) {
            uint32_t s = st->src[i], d = st->dst[i], m = st->meta[i];
            int64_t t = st->ts[i];
            st->src[i] = st->src[f], st->dst[i] = st->dst[f], st->meta[i] = st->meta[f];
            st->ts[i] = st->ts[f];
            st->src[f] = s, st->dst[f] = d, st->meta[f] = m, st->ts[f] = t;
        }
        f++;
    }
    return f;
}

static int fold_alloc(pr_fold_store *f, uint64_t n)
{
    size_t c = n ? n : 1;
    f->src = pr_mallocarray(c, sizeof *f->src);
    f->dst = pr_mallocarray(c, sizeof *f->dst);
    f->w = pr_mallocarray(c, sizeof *f->w);
    f->follow = pr_malloc(c);
    return (f->src && f->dst && f->w && f->follow) ? PR_OK : PR_ENOMEM;
}

/* The kept events summed per (src, dst), in pair order. */
static int sum_by_pair(pr_fold_store *out, const pr_kept *k)
{
    pr_sort_key *a = pr_mallocarray(k->n ? k->n : 1, sizeof *a);
    pr_sort_key *t = pr_mallocarray(k->n ? k->n : 1, sizeof *t);
    uint64_t *count = pr_mallocarray(65536, sizeof *count);
    int rc = PR_ENOMEM;
    if (a == NULL || t == NULL || count == NULL || (rc = fold_alloc(out, k->n)) != PR_OK) {
        goto done;
    }
    for (uint64_t i = 0; i < k->n; i++) {
        a[i].key = (uint64_t)k->src[i] << 32 | k->dst[i];
        a[i].idx = (uint32_t)i;
    }
    pr_ingest__sort_keys(a, t, k->n, count, 64);
    for (uint64_t i = 0; i < k->n; i++) {
        uint32_t e = a[i].idx;
        if (i == 0 || a[i].key != a[i - 1].key) {
            out->src[out->count] = k->src[e];
            out->dst[out->count] = k->dst[e];
            out->w[out->count] = 0.0;
            out->follow[out->count++] = 0;
        }
        out->w[out->count - 1] += k->w[e];
        out->follow[out->count - 1] |= k->follow[e];
    }
done:
    pr_free(a), pr_free(t), pr_free(count);
    return rc;
}

static uint64_t pair(const pr_fold_store *f, uint64_t i)
{
    return (uint64_t)f->src[i] << 32 | f->dst[i];
}

/* Grows the arrays of f to hold n records (the count stays). */
static int fold_reserve(pr_fold_store *f, uint64_t n)
{
    size_t c = n ? n : 1;
    if (pr_resize(&f->src, c, sizeof *f->src) != PR_OK ||
        pr_resize(&f->dst, c, sizeof *f->dst) != PR_OK ||
        pr_resize(&f->w, c, sizeof *f->w) != PR_OK ||
        pr_resize(&f->follow, c, sizeof *f->follow) != PR_OK) {
        return PR_ENOMEM;
    }
    return PR_OK;
}

static void fold_move(pr_fold_store *f, uint64_t to, uint64_t from)
{
    f->src[to] = f->src[from], f->dst[to] = f->dst[from];
    f->w[to] = f->w[from], f->follow[to] = f->follow[from];
}

/* Merges the pair-sorted b into the pair-sorted a, in place: a grows by b's size (realloc, so a
 * large store is remapped rather than copied) and is filled from the back, so that memory peaks
 * at a + b instead of twice a. */
static int merge_into(pr_fold_store *a, const pr_fold_store *b)
{
    uint64_t n = a->count + b->count, i = a->count, j = b->count, k = n;
    if (fold_reserve(a, n) != PR_OK) {
        return PR_ENOMEM;
    }
    while (j > 0) { /* k >= i + j throughout: a's unread records are never overwritten */
        uint64_t pa = i > 0 ? pair(a, i - 1) : 0, pb = pair(b, j - 1);
        k--;
        if (i > 0 && pa > pb) {
            fold_move(a, k, --i);
            continue;
        }
        double w = b->w[j - 1];
        uint8_t follow = b->follow[j - 1];
        if (i > 0 && pa == pb) {
            i--;
            w += a->w[i];
            follow |= a->follow[i];
        }
        j--;
        a->src[k] = b->src[j], a->dst[k] = b->dst[j], a->w[k] = w, a->follow[k] = follow;
    }
    /* Pairs in both left a gap between a's untouched head [0, i) and the merged tail [k, n). */
    memmove(a->src + i, a->src + k, (n - k) * sizeof *a->src);
    memmove(a->dst + i, a->dst + k, (n - k) * sizeof *a->dst);
    memmove(a->w + i, a->w + k, (n - k) * sizeof *a->w);
    memmove(a->follow + i, a->follow + k, n - k);
    a->count = i + (n - k);
    return PR_OK;
}

/* Events to read before the next fold: the option, or a quarter of the folded edges (at least
 * PR_FOLD_BATCH_MIN), so that the held events and the fold's scratch (about 75 bytes per event)
 * stay a fraction of the folded store (17 bytes per edge) while each fold's merge, a pass over
 * the whole store, is paid once per a quarter of it. */
uint64_t pr_ingest__fold_batch(const pr_ingest *ig)
{
    if (ig->opts.fold_batch != 0) {
        return ig->opts.fold_batch;
    }
    uint64_t quarter = ig->folded.count / 4;
    return quarter > PR_FOLD_BATCH_MIN ? quarter : PR_FOLD_BATCH_MIN;
}

int pr_ingest__fold(pr_ingest *ig)
{
    pr_event_store *st = &ig->events;
    uint64_t batch = pr_ingest__fold_batch(ig);
    int64_t horizon = day_of(ig->fold_newest) - (int64_t)ig->opts.in_order_days;
    uint64_t f = horizon > ig->fold_before_day ? partition_days(st, horizon) : 0;
    if (f == 0) { /* every held event is within the allowance: read a batch more first */
        ig->fold_at = st->count + batch;
        return PR_OK;
    }
    if (f > UINT32_MAX) {
        return PR_ELIMIT;
    }
    pr_kept k = {0};
    pr_fold_store day_sums = {0};
    int rc;
    if ((rc = pr_ingest__kept_collect_all(&k, ig, f, ig->opts.as_of, &ig->fold_sum)) != PR_OK ||
        (rc = pr_ingest__kept_apply_caps(&k, &ig->opts)) != PR_OK) {
        goto done;
    }
    rc = sum_by_pair(&day_sums, &k);
    /* the kept events (21 bytes each), sort keys and scratch (32), the day's sums (17) */
    pr_ingest__note_held(ig, k.n * (21 + 32 + 17));
    pr_ingest__kept_free(&k);
    if (rc != PR_OK) {
        goto done;
    }
    rc = merge_into(&ig->folded, &day_sums);
    pr_ingest__note_held(ig, day_sums.count * 17 * 2); /* the sums and the store's growth */
done:
    pr_ingest__kept_free(&k);
    pr_ingest__fold_store_free(&day_sums);
    if (rc != PR_OK) {
        return rc;
    }
    uint64_t rest = st->count - f;
    memmove(st->src, st->src + f, rest * sizeof *st->src);
    memmove(st->dst, st->dst + f, rest * sizeof *st->dst);
    memmove(st->ts, st->ts + f, rest * sizeof *st->ts);
    memmove(st->meta, st->meta + f, rest * sizeof *st->meta);
    st->count = rest;
    ig->fold_before_day = horizon;
    ig->fold_at = rest + pr_ingest__fold_batch(ig);
    publish_counts(ig);
    return PR_OK;
}
