/* From collected events to a graph: as-of date, window, action weights, the per actor-target-
 * day cap and the selectivity factor, decay, identity merging, node numbering and names. */
#include "peoplerank/graph.h"
#include "ingest_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct view {
    const char *net; /* only accounts of this network; NULL = all */
    size_t net_len;
    int follows_only; /* follow events only, unweighted, no edge-list inputs */
    int merge;        /* apply the identity map */
} view;

void pr_ingest__kept_free(pr_kept *k)
{
    pr_free(k->src), pr_free(k->dst), pr_free(k->day), pr_free(k->w), pr_free(k->raw);
    pr_free(k->follow);
    memset(k, 0, sizeof *k); /* freeing twice is harmless */
}

static int64_t resolve_as_of(const pr_ingest *ig)
{
    if (ig->opts.as_of != PR_AS_OF_NEWEST) {
        return ig->opts.as_of;
    }
    if (ig->dates_judged) {
        return ig->chosen_as_of; /* from the bulk of the events */
    }
    return ig->timed_events > 0 ? ig->sum.newest : 0;
}

/* 1 when account a belongs to v's network (always, without a network filter). */
static int on_network(const pr_ingest *ig, const view *v, uint32_t a)
{
    if (v->net == NULL) {
        return 1;
    }
    const char *name = pr_ingest__names_get(&ig->names, a);
    return strncmp(name, v->net, v->net_len) == 0 && name[v->net_len] == ':';
}

/* Classifies event i: 1 kept, 0 filtered out by the view, -1 after as-of, -2 too old. */
static int classify(const pr_ingest *ig, const view *v, uint64_t i, int64_t as_of)
{
    const pr_event_store *st = &ig->events;
    if (v->follows_only && (st->meta[i] >> 28) != PR_ACTION_FOLLOW) {
        return 0;
    }
    if (!on_network(ig, v, st->src[i]) || !on_network(ig, v, st->dst[i])) {
        return 0;
    }
    int64_t age = as_of - st->ts[i];
    if (age < 0) {
        return -1;
    }
    return (double)age / 86400.0 > ig->opts.window_days ? -2 : 1;
}

/* Event i's weight at as_of: *raw = action weight x count, returned decayed by its age. */
static double event_weight(double *raw, const pr_ingest *ig, uint64_t i, int64_t as_of)
{
    const pr_event_store *st = &ig->events;
    uint32_t meta = st->meta[i];
    *raw = ig->opts.action_weight[meta >> 28] * (double)(meta & PR_META_COUNT_MASK);
    double age_days = (double)(as_of - st->ts[i]) / 86400.0;
    double decay = ig->opts.half_life_days > 0.0 ? exp2(-age_days / ig->opts.half_life_days) : 1.0;
    return *raw * decay;
}

static int kept_alloc(pr_kept *k, uint64_t n, int want_follow)
{
    size_t c = n ? n : 1;
    if (want_follow && (k->follow = pr_malloc(c)) == NULL) {
        return PR_ENOMEM;
    }
    k->src = pr_mallocarray(c, sizeof *k->src);
    k->dst = pr_mallocarray(c, sizeof *k->dst);
    k->day = pr_mallocarray(c, sizeof *k->day);
    k->w = pr_mallocarray(c, sizeof *k->w);
    k->raw = pr_mallocarray(c, sizeof *k->raw);
    return (k->src && k->dst && k->day && k->w && k->raw) ? PR_OK : PR_ENOMEM;
}

/* Keeps events [0, n_events) of the store that fall in the window and the view. */
static int collect(pr_kept *k, const pr_ingest *ig, const view *v, int64_t as_of,
                   pr_ingest_summary *sum, uint64_t n_events, int want_follow)
{
    const pr_event_store *st = &ig->events;
    uint64_t n = 0;
    for (uint64_t i = 0; i < n_events; i++) {
        int c = classify(ig, v, i, as_of);
        n += c == 1;
        sum->after_as_of += c == -1;
        sum->outside_window += c == -2;
    }
    if (kept_alloc(k, n, want_follow) != PR_OK) {
        return PR_ENOMEM;
    }
    int64_t first_day = (as_of - (int64_t)(ig->opts.window_days * 86400.0)) / 86400 - 1;
    for (uint64_t i = 0; i < n_events; i++) {
        if (classify(ig, v, i, as_of) != 1) {
            continue;
        }
        uint32_t meta = st->meta[i];
        double raw;
        double weight = event_weight(&raw, ig, i, as_of);
        k->src[k->n] = st->src[i];
        k->dst[k->n] = st->dst[i];
        k->day[k->n] = (uint32_t)(st->ts[i] / 86400 - first_day); /* small: within the window */
        k->raw[k->n] = (float)raw;
        k->w[k->n] = v->follows_only ? 1.0f : (float)weight;
        if (k->follow != NULL) {
            k->follow[k->n] = (meta >> 28) == PR_ACTION_FOLLOW;
        }
        k->n++;
    }
    sum->events_kept += k->n;
    return PR_OK;
}

int pr_ingest__kept_collect_all(pr_kept *k, const pr_ingest *ig, uint64_t n_events, int64_t as_of,
                                pr_ingest_summary *sum)
{
    view all = {NULL, 0, 0, 0};
    return collect(k, ig, &all, as_of, sum, n_events, 1);
}

/* ---- daily cap and selectivity ----
 * Events are grouped by (actor, day) with a radix sort of 48-bit keys; only a group that could
 * reach a limit (more events than selectivity_targets, or more raw weight than daily_cap) is
 * sorted by target and scaled, so the common case costs three sequential passes. */

void pr_ingest__sort_keys(pr_sort_key *a, pr_sort_key *tmp, uint64_t n, uint64_t *count, int bits)
{
    for (int shift = 0; shift < bits; shift += 16) {
        memset(count, 0, 65536 * sizeof *count);
        for (uint64_t i = 0; i < n; i++) {
            count[(a[i].key >> shift) & 0xffff]++;
        }
        uint64_t sum = 0, skip = 0;
        for (uint32_t d = 0; d < 65536; d++) {
            skip |= count[d] == n;
            uint64_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        if (skip) {
            continue;
        }
        for (uint64_t i = 0; i < n; i++) {
            tmp[count[(a[i].key >> shift) & 0xffff]++] = a[i];
        }
        memcpy(a, tmp, n * sizeof *a);
    }
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

/* Scales one (actor, day) group; tk holds target << 32 | event index for each of its events
 * (sorted here: by target, then input order). */
static void scale_group(pr_kept *k, uint64_t *tk, uint64_t len, const pr_ingest_opts *o)
{
    qsort(tk, len, sizeof *tk, cmp_u64);
    uint64_t targets = 0;
    for (uint64_t i = 0; i < len; i++) {
        targets += i == 0 || (tk[i] >> 32) != (tk[i - 1] >> 32);
    }
    double sel = 1.0;
    if (o->selectivity_targets > 0.0 && (double)targets > o->selectivity_targets) {
        sel = o->selectivity_targets / (double)targets;
    }
    for (uint64_t a = 0; a < len;) {
        uint64_t b = a;
        double raw = 0.0;
        while (b < len && (tk[b] >> 32) == (tk[a] >> 32)) {
            raw += k->raw[(uint32_t)tk[b++]];
        }
        double f = sel;
        if (o->daily_cap > 0.0 && raw > o->daily_cap) {
            f *= o->daily_cap / raw;
        }
        for (uint64_t i = a; i < b && f != 1.0; i++) {
            uint32_t e = (uint32_t)tk[i];
            k->w[e] = (float)(k->w[e] * f);
        }
        a = b;
    }
}

/* Whether a group of len events with this raw weight can reach a limit at all. */
static int may_limit(uint64_t len, double raw, const pr_ingest_opts *o)
{
    return (o->selectivity_targets > 0.0 && (double)len > o->selectivity_targets) ||
           (o->daily_cap > 0.0 && raw > o->daily_cap);
}

int pr_ingest__kept_apply_caps(pr_kept *k, const pr_ingest_opts *o)
{
    if ((o->daily_cap <= 0.0 && o->selectivity_targets <= 0.0) || k->n < 2) {
        return PR_OK;
    }
    if (k->n > UINT32_MAX) {
        return PR_ELIMIT;
    }
    pr_sort_key *a = pr_mallocarray(k->n, sizeof *a); /* key: actor << 16 | day in window */
    pr_sort_key *t = pr_mallocarray(k->n, sizeof *t);
    uint64_t *count = pr_mallocarray(65536, sizeof *count);
    uint64_t *tk = NULL;
    int rc = PR_ENOMEM;
    if (a == NULL || t == NULL || count == NULL) {
        goto done;
    }
    for (uint64_t i = 0; i < k->n; i++) {
        a[i].key = (uint64_t)k->src[i] << 16 | (k->day[i] & 0xffff);
        a[i].idx = (uint32_t)i;
    }
    pr_ingest__sort_keys(a, t, k->n, count, 48);
    tk = (uint64_t *)t; /* the sort's scratch, reused for one group at a time */
    for (uint64_t from = 0; from < k->n;) {
        uint64_t to = from;
        double raw = 0.0;
        while (to < k->n && a[to].key == a[from].key) {
            raw += k->raw[a[to++].idx];
        }
        if (may_limit(to - from, raw, o)) {
            for (uint64_t i = from; i < to; i++) {
                tk[i - from] = (uint64_t)k->dst[a[i].idx] << 32 | a[i].idx;
            }
            scale_group(k, tk, to - from, o);
        }
        from = to;
    }
    rc = PR_OK;
done:
    pr_free(a), pr_free(t), pr_free(count);
    return rc;
}

/* ---- nodes ---- */

/* The merge key of account a: itself, or accounts + person index under the identity map. */
static uint32_t key_of(const pr_ingest *ig, const view *v, uint32_t a)
{
    if (!v->merge || ig->ident.count == 0) {
        return a;
    }
    const char *name = pr_ingest__names_get(&ig->names, a);
    uint32_t e = pr_ingest__names_find(&ig->ident, name, strlen(name));
    return e == PR_NODE_NONE ? a : ig->names.count + ig->ident_person[e];
}

/* node_of[a] for every account (PR_NODE_NONE when unused); nodes numbered in order of the
 * first appearance of any of their accounts. Returns the node count; *key_node is scratch. */
static uint32_t number_nodes(uint32_t *node_of, uint32_t *key_node, const pr_ingest *ig,
                             const view *v, const uint8_t *used)
{
    uint32_t accounts = ig->names.count, n = 0;
    for (uint64_t i = 0; i < (uint64_t)accounts + ig->persons.count; i++) {
        key_node[i] = PR_NODE_NONE;
    }
    for (uint32_t a = 0; a < accounts; a++) {
        node_of[a] = PR_NODE_NONE;
        if (used[a]) {
            uint32_t key = key_of(ig, v, a);
            if (key_node[key] == PR_NODE_NONE) {
                key_node[key] = n++;
            }
            node_of[a] = key_node[key];
        }
    }
    return n;
}

static const char *node_name(const pr_ingest *ig, const view *v, uint32_t a)
{
    uint32_t key = key_of(ig, v, a);
    return key < ig->names.count ? pr_ingest__names_get(&ig->names, a)
                                 : pr_ingest__names_get(&ig->persons, key - ig->names.count);
}

/* Node ids rise with the first account of each node, so one scan in account order meets every
 * node first in id order. */
static int set_names(pr_graph *g, const pr_ingest *ig, const view *v, const uint32_t *node_of)
{
    uint64_t total = 0;
    pr_node next = 0;
    for (uint32_t a = 0; a < ig->names.count; a++) {
        if (node_of[a] == next) {
            total += strlen(node_name(ig, v, a)) + 1;
            next++;
        }
    }
    g->name_off = pr_mallocarray((size_t)g->n + 1, sizeof *g->name_off);
    g->name_data = pr_malloc(total);
    if (g->name_off == NULL || g->name_data == NULL) {
        return PR_ENOMEM;
    }
    uint64_t at = 0;
    next = 0;
    for (uint32_t a = 0; a < ig->names.count; a++) {
        if (node_of[a] == next) {
            const char *s = node_name(ig, v, a);
            size_t len = strlen(s) + 1;
            g->name_off[next++] = at;
            memcpy(g->name_data + at, s, len);
            at += len;
        }
    }
    g->name_off[g->n] = at;
    return PR_OK;
}

/* ---- building a view ---- */

/* Numbers the nodes: accounts with a kept edge (on the view's network), merged per the view. */
static int make_nodes(uint32_t **node_of_out, pr_node *n_out, const pr_ingest *ig, const view *v,
                      const pr_kept *k, const pr_csr_input *folded)
{
    uint32_t accounts = ig->names.count;
    uint8_t *used = pr_calloc(accounts ? accounts : 1, 1);
    uint32_t *node_of = pr_mallocarray(accounts ? accounts : 1, sizeof *node_of);
    uint32_t *key_node = pr_mallocarray((size_t)accounts + ig->persons.count + 1, sizeof *key_node);
    if (used == NULL || node_of == NULL || key_node == NULL) {
        pr_free(used), pr_free(node_of), pr_free(key_node);
        return PR_ENOMEM;
    }
    const pr_timeless_store *t = &ig->timeless;
    for (uint64_t i = 0; i < k->n; i++) {
        if (k->w[i] > 0.0f) {
            used[k->src[i]] = used[k->dst[i]] = 1;
        }
    }
    for (uint64_t i = 0; i < folded->count; i++) {
        /* both ends of an edge share its network */
        if ((folded->wd == NULL || folded->wd[i] > 0.0) && on_network(ig, v, folded->src[i])) {
            used[folded->src[i]] = used[folded->dst[i]] = 1;
        }
    }
    for (uint64_t i = 0; !v->follows_only && i < t->count; i++) {
        if (on_network(ig, v, t->src[i])) { /* both ends of an edge share its network */
            used[t->src[i]] = used[t->dst[i]] = 1;
        }
    }
    *n_out = number_nodes(node_of, key_node, ig, v, used);
    pr_free(used), pr_free(key_node);
    *node_of_out = node_of;
    return PR_OK;
}

static int is_identity(const uint32_t *node_of, uint32_t accounts)
{
    for (uint32_t a = 0; a < accounts; a++) {
        if (node_of[a] != a) {
            return 0;
        }
    }
    return 1;
}

/* Follow graph: every edge weighs 1, out_w is the out-degree. */
static void make_unweighted(pr_graph *g)
{
    pr_free(g->in_w);
    g->in_w = NULL;
    memset(g->out_w, 0, (size_t)g->n * sizeof *g->out_w);
    for (uint64_t e = 0; e < g->m; e++) {
        g->out_w[g->in_src[e]] += 1.0;
    }
}

/* The folded edges a view sees. The weighted views read the fold store itself (a network's view
 * drops the other networks' edges through its node map, whose entries for them are
 * PR_NODE_NONE); the follow graph needs a copy of the pairs with a follow. */
static int folded_for_view(pr_csr_input *in, pr_fold_store *copy, const pr_ingest *ig,
                           const view *v)
{
    const pr_fold_store *f = &ig->folded;
    memset(in, 0, sizeof *in);
    memset(copy, 0, sizeof *copy);
    if (!v->follows_only) {
        in->count = f->count, in->src = f->src, in->dst = f->dst, in->wd = f->w;
        return PR_OK;
    }
    uint64_t n = 0;
    for (uint64_t i = 0; i < f->count; i++) {
        n += f->follow[i];
    }
    copy->src = pr_mallocarray(n ? n : 1, sizeof *copy->src);
    copy->dst = pr_mallocarray(n ? n : 1, sizeof *copy->dst);
    if (copy->src == NULL || copy->dst == NULL) {
        return PR_ENOMEM;
    }
    for (uint64_t i = 0; i < f->count; i++) {
        if (f->follow[i]) {
            copy->src[copy->count] = f->src[i];
            copy->dst[copy->count++] = f->dst[i];
        }
    }
    in->count = copy->count, in->src = copy->src, in->dst = copy->dst; /* weight 1 each */
    return PR_OK;
}

static int build_view(pr_graph **out, uint32_t **node_of_out, pr_ingest_summary *sum, pr_ingest *ig,
                      const view *v, pr_error *err)
{
    pr_kept k = {0};
    pr_fold_store copy = {0};
    pr_csr_input folded;
    pr_graph *g = NULL;
    uint32_t *node_of = NULL;
    pr_node n = 0;
    *out = NULL;
    if (ig->released) {
        return pr_error_set(err, PR_EINVAL, NULL, 0, "the ingest's stores were already released");
    }
    sum->as_of = resolve_as_of(ig);
    int rc;
    if ((rc = collect(&k, ig, v, sum->as_of, sum, ig->events.count, 0)) != PR_OK ||
        (!v->follows_only && (rc = pr_ingest__kept_apply_caps(&k, &ig->opts)) != PR_OK) ||
        (rc = folded_for_view(&folded, &copy, ig, v)) != PR_OK ||
        (rc = make_nodes(&node_of, &n, ig, v, &k, &folded)) != PR_OK) {
        goto built;
    }
    const pr_timeless_store *t = &ig->timeless;
    /* Usually every account is a node under its own id: skip the random map lookups. */
    const uint32_t *map = is_identity(node_of, ig->names.count) ? NULL : node_of;
    folded.map = map;
    pr_csr_input in[3] = {folded,
                          {k.n, k.src, k.dst, v->follows_only ? NULL : k.w, NULL, map},
                          {v->follows_only ? 0 : t->count, t->src, t->dst, t->w, NULL, map}};
    pr_ingest__note_held(ig, k.n * 21); /* the kept events, beside the graph being built */
    rc = pr_csr_build(&g, in, 3, n, 0, NULL);
built: /* the kept events and the folded copy go before the names are set */
    pr_ingest__kept_free(&k);
    pr_ingest__fold_store_free(&copy);
    if (rc != PR_OK || (rc = set_names(g, ig, v, node_of)) != PR_OK) {
        pr_graph_free(g);
        pr_free(node_of);
        return pr_error_set(err, rc, NULL, 0, "building the graph: %s", pr_strerror(rc));
    }
    if (v->follows_only) {
        make_unweighted(g);
    }
    sum->events_kept += v->follows_only ? 0 : ig->timeless.count;
    sum->accounts = g->n;
    sum->edges = g->m;
    *out = g;
    *node_of_out = node_of;
    return PR_OK;
}

int pr_ingest_finish(pr_graph **out, pr_ingest *ig, pr_error *err)
{
    view v = {NULL, 0, 0, 1};
    *out = NULL;
    int rc = ig->dates_judged ? PR_OK : pr_ingest__days_judge(ig, err);
    if (rc != PR_OK) {
        return rc;
    }
    ig->dates_judged = 1;
    pr_ingest_summary sum = ig->sum;
    uint32_t *node_of = NULL;
    sum.events_kept = ig->fold_sum.events_kept; /* the folded days' counts, then the rest */
    sum.outside_window = ig->fold_sum.outside_window;
    sum.after_as_of = ig->fold_sum.after_as_of;
    if ((rc = build_view(out, &node_of, &sum, ig, &v, err)) != PR_OK) {
        return rc;
    }
    /* far-future events were counted as bad lines, not as later events */
    sum.after_as_of -= sum.far_future < sum.after_as_of ? sum.far_future : sum.after_as_of;
    ig->sum = sum;
    pr_free(ig->node_of);
    ig->node_of = node_of;
    ig->node_of_count = ig->names.count;
    return PR_OK;
}

int pr_ingest_finish_network(pr_graph **out, pr_ingest *ig, const char *network, pr_error *err)
{
    if (network == NULL || !pr_ingest__valid_network(network, strlen(network))) {
        *out = NULL;
        return pr_error_set(err, PR_EINVAL, NULL, 0, "bad network '%s'",
                            network ? network : "(null)");
    }
    view v = {network, strlen(network), 0, 0};
    pr_ingest_summary sum = ig->sum;
    uint32_t *node_of = NULL;
    int rc = build_view(out, &node_of, &sum, ig, &v, err);
    pr_free(node_of);
    return rc;
}

int pr_ingest_finish_follows(pr_graph **out, pr_ingest *ig, pr_error *err)
{
    view v = {NULL, 0, 1, 1};
    pr_ingest_summary sum = ig->sum;
    uint32_t *node_of = NULL;
    int rc = build_view(out, &node_of, &sum, ig, &v, err);
    pr_free(node_of);
    return rc;
}

uint64_t pr_ingest_network_events(const pr_ingest *ig, const char *network)
{
    if (ig->opts.in_order || network == NULL || ig->released) {
        return UINT64_MAX; /* folded days keep edges, not events */
    }
    view v = {network, strlen(network), 0, 0};
    uint8_t *on = pr_malloc(ig->names.count ? ig->names.count : 1); /* per account, once */
    if (on == NULL) {
        return UINT64_MAX;
    }
    for (uint32_t a = 0; a < ig->names.count; a++) {
        on[a] = (uint8_t)on_network(ig, &v, a);
    }
    const pr_event_store *st = &ig->events;
    int64_t as_of = resolve_as_of(ig);
    uint64_t n = 0;
    for (uint64_t i = 0; i < st->count; i++) {
        int64_t age = as_of - st->ts[i];
        n += on[st->src[i]] && on[st->dst[i]] && age >= 0 &&
             (double)age / 86400.0 <= ig->opts.window_days; /* kept: as classify() says */
    }
    for (uint64_t i = 0; i < ig->timeless.count; i++) {
        n += on[ig->timeless.src[i]] && on[ig->timeless.dst[i]];
    }
    pr_free(on);
    return n;
}

int pr_ingest_visit_events(const pr_ingest *ig, const char *network, pr_ingest_event_fn fn,
                           void *ctx)
{
    if (ig->folded.count > 0 || ig->timeless.count > 0 || ig->released_edges) {
        return PR_ENOTFOUND;
    }
    if (ig->released == 2) {
        return PR_EINVAL;
    }
    view v = {network, network ? strlen(network) : 0, 0, 0};
    int64_t as_of = resolve_as_of(ig);
    const pr_event_store *st = &ig->events;
    for (uint64_t i = 0; i < st->count; i++) {
        if (classify(ig, &v, i, as_of) != 1) {
            continue;
        }
        uint32_t meta = st->meta[i];
        double raw;
        double weight = event_weight(&raw, ig, i, as_of);
        fn(ctx, st->src[i], st->dst[i], (int)(meta >> 28), weight);
    }
    return PR_OK;
}

uint32_t pr_ingest_account_count(const pr_ingest *ig)
{
    return ig->names.count;
}

const char *pr_ingest_account_name(const pr_ingest *ig, uint32_t account)
{
    return account < ig->names.count ? pr_ingest__names_get(&ig->names, account) : NULL;
}

pr_node pr_ingest_account_node(const pr_ingest *ig, uint32_t account)
{
    return account < ig->node_of_count ? ig->node_of[account] : PR_NODE_NONE;
}
