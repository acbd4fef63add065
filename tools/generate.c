/* The synthetic population generator: layout of persons and the day-by-day event model
 * (docs/generator.md describes every archetype and rate). */
#include "generate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "peoplerank/common.h"
#include "peoplerank/date.h"

const char *const gen_arch_names[GEN_ARCH_COUNT + 1] = {
    "newcomer", "casual", "daily", "marketer", "celebrity", "bought", "pod", "spam", "fake"};
const char *const gen_net_names[GEN_NET_COUNT] = {"twitter", "facebook"};
const char *const gen_action_names[GEN_ACTION_COUNT] = {"follow", "like",    "mention",
                                                        "reply",  "comment", "reshare"};

#define NONE UINT64_MAX
#define RING_OFFSETS 100 /* casual half-degree is at most this */
#define DAY 86400

/* Streams: what a random draw is for. Distinct tags keep the streams independent. */
enum {
    T_LAYOUT = 1,
    T_RING_OFF,
    T_RING_K,
    T_PERSON,
    T_DAY,
    T_AUDIENCE,
    T_FAN,
    T_FOLLOWED,
    T_POD_SIZE,
    T_POD_DAY
};

struct gen_pop {
    gen_opts o;
    uint64_t count[GEN_ARCH_COUNT];
    uint64_t start[GEN_ARCH_COUNT + 1];
    uint64_t npods;
    uint64_t *pod_start; /* npods + 1 offsets into the pod block */
    uint64_t ring_size[GEN_NET_COUNT];
    uint64_t ring_casual[GEN_NET_COUNT]; /* casuals first, then bought-follower users */
    uint64_t ring_off[GEN_NET_COUNT][RING_OFFSETS];
    int handle_width[GEN_ARCH_COUNT + 1];
};

/* ---- randomness: splitmix64, keyed so that each (what, who, when) has its own stream ---- */

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t key4(uint64_t seed, uint64_t tag, uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t h = mix64(seed + 0x9e3779b97f4a7c15ULL * (tag + 1));
    h = mix64(h ^ (a + 0x632be59bd9b4e019ULL));
    h = mix64(h ^ (b + 0x8cb92ba72f3d8dd7ULL));
    return mix64(h ^ (c + 0xd6e8feb86659fd93ULL));
}

static rng rng_at(const gen_pop *p, uint64_t tag, uint64_t a, uint64_t b, uint64_t c)
{
    rng r = {key4(p->o.seed, tag, a, b, c)};
    return r;
}

static uint64_t next(rng *r)
{
    r->s += 0x9e3779b97f4a7c15ULL;
    return mix64(r->s);
}

/* Uniform in [0, n); the modulo bias is below 2^-40 for every n used here. */
static uint64_t below(rng *r, uint64_t n)
{
    return n == 0 ? 0 : next(r) % n;
}

static uint64_t between(rng *r, uint64_t lo, uint64_t hi)
{
    return lo + below(r, hi - lo + 1);
}

/* True with probability num/den, integers only so that every machine agrees. */
static int chance(rng *r, uint64_t num, uint64_t den)
{
    return below(r, den) < num;
}

/* Index in [0, n) skewed towards 0 (u^2): a few fans engage often, many rarely. */
static uint64_t skewed(rng *r, uint64_t n)
{
    uint64_t u = next(r) >> 32;
    uint64_t u2 = (u * u) >> 32;
    return (n * u2) >> 32;
}

/* ---- mix ---- */

static const char *const default_mix =
    "newcomer=8,casual=69,daily=14,marketer=0.5,celebrity=#2,bought=0.5,pod=2,spam=0.05";
static const char *const gaming_mix =
    "newcomer=10,casual=62,daily=13,marketer=0.4,celebrity=#3,bought=3,pod=5,spam=0.1";
/* issue 13: the shape of a young network (many newcomers and casual users, few daily users) */
static const char *const pyramid_mix =
    "newcomer=18,casual=72.5,daily=5.5,marketer=0.4,celebrity=#2,bought=0.2,pod=3.3,spam=0.1";
/* ten times the default's marketers */
static const char *const marketers_mix =
    "newcomer=8,casual=64.5,daily=14,marketer=5,celebrity=#2,bought=0.5,pod=2,spam=0.05";

/* ---- rates and audiences at the low end, the middle and the high end of each description ----
 * Indexed by GEN_LEVEL_*; the default level keeps the draws (and the bytes) of before. */
typedef struct range {
    uint64_t lo, hi;
} range;
static const range casual_weekly[GEN_LEVEL_COUNT] = {{20, 40}, {5, 10}, {40, 70}};
static const range casual_close[GEN_LEVEL_COUNT] = {{10, 40}, {5, 15}, {30, 60}};
static const range daily_rate[GEN_LEVEL_COUNT] = {{8, 20}, {4, 6}, {16, 20}};
static const range daily_audience_size[GEN_LEVEL_COUNT] = {{50, 300}, {30, 80}, {200, 1000}};
static const range marketer_rate[GEN_LEVEL_COUNT] = {{50, 130}, {50, 60}, {250, 400}};
static const range marketer_audience_size[GEN_LEVEL_COUNT] = {
    {1000, 5000}, {500, 1500}, {3000, 10000}};
static const range newcomer_received[GEN_LEVEL_COUNT] = {{3, 10}, {1, 3}, {10, 20}};
#define CLOSE_MAX 60 /* casual_close's largest hi */

int gen_level_parse(const char *s)
{
    static const char *const names[GEN_LEVEL_COUNT] = {"default", "low", "high"};
    for (int i = 0; i < GEN_LEVEL_COUNT; i++) {
        if (strcmp(s, names[i]) == 0) {
            return i;
        }
    }
    return -1;
}

int gen_mix_parse(gen_mix *out, const char *spec, char *err, size_t errlen)
{
    if (strcmp(spec, "default") == 0) {
        spec = default_mix;
    } else if (strcmp(spec, "gaming") == 0) {
        spec = gaming_mix;
    } else if (strcmp(spec, "pyramid") == 0) {
        spec = pyramid_mix;
    } else if (strcmp(spec, "marketers") == 0) {
        spec = marketers_mix;
    }
    for (int a = 0; a < GEN_ARCH_COUNT; a++) {
        out->percent[a] = 0.0;
        out->absolute[a] = -1;
    }
    const char *s = spec;
    while (*s != '\0') {
        const char *eq = strchr(s, '=');
        const char *comma = strchr(s, ',');
        size_t len = (size_t)((comma ? comma : s + strlen(s)) - s);
        if (eq == NULL || (comma != NULL && eq > comma)) {
            snprintf(err, errlen, "mix: '%.*s' is not NAME=PERCENT or NAME=#COUNT", (int)len, s);
            return -1;
        }
        int a = 0;
        while (a < GEN_ARCH_COUNT && !(strlen(gen_arch_names[a]) == (size_t)(eq - s) &&
                                       strncmp(gen_arch_names[a], s, (size_t)(eq - s)) == 0)) {
            a++;
        }
        if (a == GEN_ARCH_COUNT) {
            snprintf(err, errlen, "mix: unknown archetype '%.*s'", (int)(eq - s), s);
            return -1;
        }
        char *end = NULL;
        if (eq[1] == '#') {
            long long v = strtoll(eq + 2, &end, 10);
            out->absolute[a] = v;
            if (v < 0 || end == eq + 2) {
                end = NULL;
            }
        } else {
            double v = strtod(eq + 1, &end);
            out->percent[a] = v;
            if (!(v >= 0.0 && v <= 100.0) || end == eq + 1) {
                end = NULL;
            }
        }
        if (end == NULL || (*end != ',' && *end != '\0')) {
            snprintf(err, errlen, "mix: bad value in '%.*s'", (int)len, s);
            return -1;
        }
        s = *end == ',' ? end + 1 : end;
    }
    return 0;
}

/* Counts: absolute ones first, the rest share the remaining persons in proportion to their
 * percentages by largest remainder; an archetype with a non-zero share gets at least one. */
static int layout_counts(gen_pop *p, char *err, size_t errlen)
{
    const gen_mix *m = &p->o.mix;
    uint64_t fixed = 0;
    double total = 0.0;
    for (int a = 0; a < GEN_ARCH_COUNT; a++) {
        if (m->absolute[a] >= 0) {
            fixed += (uint64_t)m->absolute[a];
        } else {
            total += m->percent[a];
        }
    }
    if (fixed > p->o.persons) {
        snprintf(err, errlen, "mix: the counts given with '#' need %llu persons, --persons is %llu",
                 (unsigned long long)fixed, (unsigned long long)p->o.persons);
        return -1;
    }
    if (fixed < p->o.persons && !(total > 0.0)) {
        snprintf(err, errlen, "mix: no archetype has a percentage for the other %llu persons",
                 (unsigned long long)(p->o.persons - fixed));
        return -1;
    }
    uint64_t rest = p->o.persons - fixed, given = 0;
    double frac[GEN_ARCH_COUNT] = {0};
    for (int a = 0; a < GEN_ARCH_COUNT; a++) {
        if (m->absolute[a] >= 0) {
            p->count[a] = (uint64_t)m->absolute[a];
            continue;
        }
        double exact = (double)rest * m->percent[a] / total;
        p->count[a] = (uint64_t)exact;
        frac[a] = exact - (double)p->count[a];
        given += p->count[a];
    }
    while (given < rest) {
        int best = -1;
        for (int a = 0; a < GEN_ARCH_COUNT; a++) {
            if (m->absolute[a] < 0 && (best < 0 || frac[a] > frac[best])) {
                best = a;
            }
        }
        p->count[best]++;
        frac[best] = -1.0;
        given++;
    }
    for (int a = 0; a < GEN_ARCH_COUNT; a++) {
        if (m->absolute[a] < 0 && m->percent[a] > 0.0 && p->count[a] == 0 && rest > 1) {
            int big = 0;
            for (int b = 1; b < GEN_ARCH_COUNT; b++) {
                big = p->count[b] > p->count[big] ? b : big;
            }
            p->count[big]--;
            p->count[a]++;
        }
    }
    return 0;
}

/* Pods: consecutive blocks of pod members with sizes drawn in [pod_min, pod_max]; a remainder
 * smaller than pod_min joins the last pod. */
static int layout_pods(gen_pop *p)
{
    uint64_t n = p->count[GEN_POD];
    uint64_t cap = n / (p->o.pod_min ? p->o.pod_min : 1) + 2;
    p->pod_start = pr_mallocarray(cap, sizeof *p->pod_start);
    if (p->pod_start == NULL) {
        return -1;
    }
    rng r = rng_at(p, T_POD_SIZE, 0, 0, 0);
    uint64_t at = 0;
    p->npods = 0;
    p->pod_start[0] = 0;
    while (at < n) {
        uint64_t size = between(&r, p->o.pod_min, p->o.pod_max);
        if (n - at < size + p->o.pod_min) {
            size = n - at;
        }
        at += size;
        p->pod_start[++p->npods] = at;
    }
    return 0;
}

static void layout_ring(gen_pop *p)
{
    for (int net = 0; net < GEN_NET_COUNT; net++) {
        uint64_t c = (p->count[GEN_CASUAL] + 1 - (uint64_t)net) / 2;
        uint64_t b = (p->count[GEN_BOUGHT] + 1 - (uint64_t)net) / 2;
        p->ring_casual[net] = c;
        p->ring_size[net] = c + b;
        rng r = rng_at(p, T_RING_OFF, (uint64_t)net, 0, 0);
        uint64_t half = p->ring_size[net] / 2;
        for (int j = 0; j < RING_OFFSETS; j++) {
            p->ring_off[net][j] = half > 1 ? 1 + below(&r, half - 1) : 0;
        }
    }
}

static int digits(uint64_t v)
{
    int d = 1;
    while (v >= 10) {
        v /= 10;
        d++;
    }
    return d;
}

int gen_pop_new(gen_pop **out, const gen_opts *opts, char *err, size_t errlen)
{
    *out = NULL;
    if (opts->persons == 0 || opts->days == 0 || opts->pod_min < 2 ||
        opts->pod_max < opts->pod_min || opts->rates >= GEN_LEVEL_COUNT ||
        opts->audiences >= GEN_LEVEL_COUNT) {
        snprintf(err, errlen, "persons and days must be positive, pod sizes at least 2");
        return -1;
    }
    gen_pop *p = pr_calloc(1, sizeof *p);
    if (p == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    p->o = *opts;
    if (layout_counts(p, err, errlen) != 0) {
        gen_pop_free(p);
        return -1;
    }
    p->start[0] = 0;
    for (int a = 0; a < GEN_ARCH_COUNT; a++) {
        p->start[a + 1] = p->start[a] + p->count[a];
        int w = digits(p->count[a] > 0 ? p->count[a] - 1 : 0);
        p->handle_width[a] = w < 4 ? 4 : w;
    }
    int fw = digits(opts->fakes > 0 ? opts->fakes - 1 : 0);
    p->handle_width[GEN_FAKE] = fw < 6 ? 6 : fw;
    if (layout_pods(p) != 0) {
        snprintf(err, errlen, "out of memory");
        gen_pop_free(p);
        return -1;
    }
    layout_ring(p);
    *out = p;
    return 0;
}

void gen_pop_free(gen_pop *p)
{
    if (p == NULL) {
        return;
    }
    pr_free(p->pod_start);
    pr_free(p);
}

uint64_t gen_pop_count(const gen_pop *p, enum gen_arch a)
{
    return a == GEN_FAKE ? p->o.fakes : p->count[a];
}

uint64_t gen_pop_persons(const gen_pop *p)
{
    return p->o.persons;
}

uint64_t gen_pop_pods(const gen_pop *p)
{
    return p->npods;
}

uint64_t gen_pop_fakes(const gen_pop *p)
{
    return p->count[GEN_BOUGHT] > 0 ? p->o.fakes : 0;
}

enum gen_arch gen_arch_of(const gen_pop *p, uint64_t id)
{
    for (int a = 0; a < GEN_ARCH_COUNT; a++) {
        if (id < p->start[a + 1]) {
            return (enum gen_arch)a;
        }
    }
    return GEN_FAKE;
}

static uint64_t pod_of(const gen_pop *p, uint64_t local)
{
    uint64_t lo = 0, hi = p->npods; /* pod_start[lo] <= local < pod_start[hi] */
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (p->pod_start[mid] <= local) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return lo;
}

unsigned gen_networks(const gen_pop *p, uint64_t id)
{
    enum gen_arch a = gen_arch_of(p, id);
    switch (a) {
    case GEN_DAILY:
    case GEN_MARKETER:
    case GEN_CELEBRITY:
    case GEN_FAKE:
        return 3u;
    case GEN_POD:
        return 1u << (pod_of(p, id - p->start[GEN_POD]) % 2);
    default:
        return 1u << ((id - p->start[a]) % 2);
    }
}

size_t gen_handle(char *buf, size_t cap, const gen_pop *p, uint64_t id)
{
    enum gen_arch a = gen_arch_of(p, id);
    uint64_t local = a == GEN_FAKE ? id - p->o.persons : id - p->start[a];
    int n = snprintf(buf, cap, "%s_%0*llu", gen_arch_names[a], p->handle_width[a],
                     (unsigned long long)local);
    return n < 0 ? 0 : (size_t)n;
}

int gen_parse_date(int64_t *out, const char *s)
{
    int64_t t;
    if (pr_parse_date(&t, s) != PR_OK) {
        return -1;
    }
    *out = t / 86400; /* the day holding that moment */
    return 0;
}

/* ---- picking persons ---- */

/* A person of a one-network archetype on net: local indices of parity net live there. */
static uint64_t pick_single(const gen_pop *p, rng *r, enum gen_arch a, int net)
{
    uint64_t on_net = (p->count[a] + 1 - (uint64_t)net) / 2;
    if (on_net == 0) {
        return NONE;
    }
    return p->start[a] + 2 * below(r, on_net) + (uint64_t)net;
}

static uint64_t pick_both(const gen_pop *p, rng *r, enum gen_arch a)
{
    return p->count[a] == 0 ? NONE : p->start[a] + below(r, p->count[a]);
}

static uint64_t pick_arch(const gen_pop *p, rng *r, enum gen_arch a, int net)
{
    if (a == GEN_DAILY || a == GEN_MARKETER || a == GEN_CELEBRITY) {
        return pick_both(p, r, a);
    }
    return pick_single(p, r, a, net);
}

/* Any real person on net except spam bots (a few tries, then NONE). */
static uint64_t pick_anyone(const gen_pop *p, rng *r, int net)
{
    for (int t = 0; t < 8; t++) {
        uint64_t g = below(r, p->o.persons);
        if (gen_arch_of(p, g) != GEN_SPAM && (gen_networks(p, g) >> net & 1u)) {
            return g;
        }
    }
    return NONE;
}

/* A person drawn from a weighted list of archetypes (weights in per mille), falling back to
 * casual users and then anyone when an archetype is empty. */
struct pool {
    enum gen_arch arch[4];
    unsigned permille[4];
};

static uint64_t pick_pool(const gen_pop *p, rng *r, const struct pool *pl, int net)
{
    uint64_t u = below(r, 1000), acc = 0;
    enum gen_arch a = GEN_CASUAL;
    for (int i = 0; i < 4; i++) {
        acc += pl->permille[i];
        if (u < acc) {
            a = pl->arch[i];
            break;
        }
    }
    uint64_t g = pick_arch(p, r, a, net);
    if (g == NONE) {
        g = pick_single(p, r, GEN_CASUAL, net);
    }
    return g == NONE ? pick_anyone(p, r, net) : g;
}

static const struct pool daily_audience = {{GEN_DAILY, GEN_CASUAL, GEN_NEWCOMER, GEN_MARKETER},
                                           {300, 600, 90, 10}};
static const struct pool marketer_audience = {{GEN_DAILY, GEN_CASUAL, GEN_MARKETER, GEN_NEWCOMER},
                                              {300, 620, 50, 30}};
static const struct pool follow_targets = {{GEN_CASUAL, GEN_DAILY, GEN_MARKETER, GEN_CELEBRITY},
                                           {400, 300, 200, 100}};
static const struct pool fans = {{GEN_CASUAL, GEN_DAILY, GEN_NEWCOMER, GEN_CASUAL},
                                 {600, 300, 100, 0}};

/* ---- the casual friendship ring ----
 * Per network, casual and bought-follower users sit on a ring; u and u +- off[j] are friends when
 * j < min(K(u), K(v)), which is symmetric, so friendships are mutual. K in [25, 100] gives 50-200
 * friends. */

static uint64_t ring_k(const gen_pop *p, int net, uint64_t pos)
{
    rng r = rng_at(p, T_RING_K, (uint64_t)net, pos, 0);
    return between(&r, 25, RING_OFFSETS);
}

static uint64_t ring_person(const gen_pop *p, int net, uint64_t pos)
{
    if (pos < p->ring_casual[net]) {
        return p->start[GEN_CASUAL] + 2 * pos + (uint64_t)net;
    }
    return p->start[GEN_BOUGHT] + 2 * (pos - p->ring_casual[net]) + (uint64_t)net;
}

static uint64_t ring_pos(const gen_pop *p, uint64_t id)
{
    enum gen_arch a = gen_arch_of(p, id);
    uint64_t local = id - p->start[a];
    return (a == GEN_CASUAL ? 0 : p->ring_casual[local % 2]) + local / 2;
}

/* The first `want` friends of pos, closest first; returns how many were found. */
static size_t ring_friends(uint64_t *out, size_t want, const gen_pop *p, int net, uint64_t pos)
{
    uint64_t n = p->ring_size[net];
    uint64_t k = ring_k(p, net, pos);
    size_t found = 0;
    for (uint64_t j = 0; j < k && found < want; j++) {
        uint64_t off = p->ring_off[net][j];
        if (off == 0) {
            break;
        }
        uint64_t cand[2] = {(pos + off) % n, (pos + n - off) % n};
        for (int s = 0; s < 2 && found < want; s++) {
            if (cand[s] != pos && ring_k(p, net, cand[s]) > j) {
                out[found++] = ring_person(p, net, cand[s]);
            }
        }
    }
    return found;
}

/* ---- emitting ---- */

typedef struct emitter {
    const gen_pop *p;
    gen_sink sink;
    void *ctx;
    int64_t day; /* absolute day */
    int rc;
} emitter;

static void emit(emitter *e, rng *r, int net, uint64_t actor, enum gen_action act, uint64_t target)
{
    if (e->rc != 0 || actor == NONE || target == NONE || actor == target) {
        return;
    }
    gen_event ev;
    ev.ts = e->day * DAY + (int64_t)below(r, DAY);
    ev.net = (uint8_t)net;
    ev.action = (uint8_t)act;
    /* one engagement in twenty repeats (two likes on two posts the same day) */
    ev.count = act != GEN_FOLLOW && chance(r, 1, 20) ? 2u : 1u;
    ev.actor = actor;
    ev.target = target;
    e->rc = e->sink(e->ctx, &ev);
}

/* Action mixes in per mille: like, mention, reply, comment, reshare. */
static enum gen_action pick_action(rng *r, const unsigned mix[5])
{
    uint64_t u = below(r, 1000), acc = 0;
    for (int i = 0; i < 5; i++) {
        acc += mix[i];
        if (u < acc) {
            return (enum gen_action)(GEN_LIKE + i);
        }
    }
    return GEN_LIKE;
}

static const unsigned friend_actions[5] = {600, 50, 150, 100, 100};
static const unsigned fan_actions[5] = {550, 50, 150, 100, 150};
static const unsigned marketer_actions[5] = {400, 50, 50, 100, 400};
static const unsigned pod_actions[5] = {700, 0, 200, 100, 0};
static const unsigned spam_actions[5] = {0, 700, 300, 0, 0};

static int64_t first_day(const gen_pop *p)
{
    return p->o.end_day - (int64_t)p->o.days + 1;
}

/* Casual friends (and the casual side of bought-follower users): a few dozen engagements a week
 * from their 10-40 closest friends. */
static void casual_day(emitter *e, uint64_t g)
{
    const gen_pop *p = e->p;
    int net = (int)((g - p->start[gen_arch_of(p, g)]) % 2);
    rng per = rng_at(p, T_PERSON, g, 0, 0);
    const range *wk = &casual_weekly[p->o.rates], *cl = &casual_close[p->o.audiences];
    uint64_t weekly = between(&per, wk->lo, wk->hi);
    size_t close = (size_t)between(&per, cl->lo, cl->hi);
    uint64_t friends[CLOSE_MAX];
    rng r = rng_at(p, T_DAY, g, (uint64_t)e->day, 0);
    uint64_t n = 0;
    for (uint64_t i = 0; i < weekly; i++) {
        n += chance(&r, 1, 7);
    }
    if (n == 0) {
        return;
    }
    size_t nf = ring_friends(friends, close, p, net, ring_pos(p, g));
    for (uint64_t i = 0; i < n && nf > 0; i++) {
        uint64_t actor = friends[below(&r, nf)];
        emit(e, &r, net, actor, pick_action(&r, friend_actions), g);
    }
}

/* An account's audience: member j is a fixed person, so the distinct engagers are bounded. */
static uint64_t audience_member(const gen_pop *p, uint64_t g, int net, uint64_t j,
                                const struct pool *pl)
{
    rng r = rng_at(p, T_AUDIENCE, g, (uint64_t)net, j);
    return pick_pool(p, &r, pl, net);
}

static void audience_day(emitter *e, uint64_t g, int net, uint64_t lo, uint64_t hi,
                         uint64_t audience, const struct pool *pl, const unsigned actions[5],
                         uint64_t follows)
{
    const gen_pop *p = e->p;
    rng r = rng_at(p, T_DAY, g, (uint64_t)e->day, (uint64_t)net);
    uint64_t n = between(&r, lo, hi);
    for (uint64_t i = 0; i < n; i++) {
        uint64_t actor = audience_member(p, g, net, skewed(&r, audience), pl);
        emit(e, &r, net, actor, pick_action(&r, actions), g);
    }
    /* New followers come from the same kind of people as the audience: not from the pool of
     * accounts worth following (celebrities do not follow every daily user every few weeks). */
    for (uint64_t i = 0; i < follows; i++) {
        emit(e, &r, net, pick_pool(p, &r, pl, net), GEN_FOLLOW, g);
    }
}

/* Daily users: both networks, 8-20 engagements a day on each (tens a day in all) from an
 * audience of 50-300. */
static void daily_day(emitter *e, uint64_t g)
{
    rng per = rng_at(e->p, T_PERSON, g, 0, 0);
    const range *rt = &daily_rate[e->p->o.rates], *au = &daily_audience_size[e->p->o.audiences];
    for (int net = 0; net < GEN_NET_COUNT; net++) {
        uint64_t rate = between(&per, rt->lo, rt->hi);
        uint64_t audience = between(&per, au->lo, au->hi);
        rng f = rng_at(e->p, T_DAY, g, (uint64_t)e->day, 10 + (uint64_t)net);
        audience_day(e, g, net, rate - rate / 3, rate + rate / 3, audience, &daily_audience,
                     fan_actions, chance(&f, 1, 3));
    }
}

/* Marketers: both networks, 50-130 engagements a day on each from 1,000-5,000 people, reshared
 * by daily users and other marketers, and new followers every day. */
static void marketer_day(emitter *e, uint64_t g)
{
    rng per = rng_at(e->p, T_PERSON, g, 0, 0);
    const range *rt = &marketer_rate[e->p->o.rates];
    const range *au = &marketer_audience_size[e->p->o.audiences];
    for (int net = 0; net < GEN_NET_COUNT; net++) {
        uint64_t rate = between(&per, rt->lo, rt->hi);
        uint64_t audience = between(&per, au->lo, au->hi);
        rng f = rng_at(e->p, T_DAY, g, (uint64_t)e->day, 10 + (uint64_t)net);
        audience_day(e, g, net, rate - rate / 3, rate + rate / 3, audience, &marketer_audience,
                     marketer_actions, between(&f, 2, 10));
    }
}

/* Celebrities: every day about N/3 random persons per network engage each celebrity (over 90
 * days nearly everyone on the network, dozens of times), each marketer engages it on nine days in
 * ten, half the daily users' count engage it, and N/500+1 persons follow it. */
static void celebrity_day(emitter *e, uint64_t g)
{
    const gen_pop *p = e->p;
    for (int net = 0; net < GEN_NET_COUNT; net++) {
        rng r = rng_at(p, T_DAY, g, (uint64_t)e->day, (uint64_t)net);
        uint64_t expected = p->o.persons / 3;
        uint64_t n = expected - expected / 4 + below(&r, expected / 2 + 1);
        for (uint64_t i = 0; i < n; i++) {
            emit(e, &r, net, pick_anyone(p, &r, net), pick_action(&r, marketer_actions), g);
        }
        for (uint64_t m = p->start[GEN_MARKETER]; m < p->start[GEN_MARKETER + 1]; m++) {
            if (chance(&r, 9, 10)) {
                emit(e, &r, net, m, pick_action(&r, marketer_actions), g);
            }
        }
        uint64_t daily = p->count[GEN_DAILY] / 2;
        for (uint64_t i = 0; i < daily; i++) {
            emit(e, &r, net, pick_both(p, &r, GEN_DAILY), pick_action(&r, fan_actions), g);
        }
        uint64_t follows = p->o.persons / 500 + 1;
        for (uint64_t i = 0; i < follows; i++) {
            emit(e, &r, net, pick_anyone(p, &r, net), GEN_FOLLOW, g);
        }
    }
}

/* Newcomers joined 14-28 days before the end: they follow 10-50 accounts over their first three
 * days, like a post of someone they follow now and then, and get 3-10 likes or replies from 1-5
 * people. */
static void newcomer_day(emitter *e, uint64_t g)
{
    const gen_pop *p = e->p;
    int net = (int)((g - p->start[GEN_NEWCOMER]) % 2);
    rng per = rng_at(p, T_PERSON, g, 0, 0);
    int64_t join = p->o.end_day - (int64_t)between(&per, 14, 28);
    uint64_t nfollow = between(&per, 10, 50);
    const range *rc = &newcomer_received[p->o.rates];
    uint64_t received = between(&per, rc->lo, rc->hi);
    uint64_t nfans = between(&per, 1, 5);
    if (e->day < join) {
        return;
    }
    rng r = rng_at(p, T_DAY, g, (uint64_t)e->day, 0);
    int64_t since = e->day - join;
    if (since < 3) {
        for (uint64_t j = (uint64_t)since; j < nfollow; j += 3) {
            rng t = rng_at(p, T_FOLLOWED, g, j, 0);
            emit(e, &r, net, g, GEN_FOLLOW, pick_pool(p, &t, &follow_targets, net));
        }
    }
    if (chance(&r, 1, 2)) {
        rng t = rng_at(p, T_FOLLOWED, g, below(&r, nfollow), 0);
        emit(e, &r, net, g, GEN_LIKE, pick_pool(p, &t, &follow_targets, net));
    }
    uint64_t active = (uint64_t)(p->o.end_day - join + 1);
    if (chance(&r, received, active)) {
        rng t = rng_at(p, T_FAN, g, below(&r, nfans), 0);
        emit(e, &r, net, pick_pool(p, &t, &fans, net), chance(&r, 1, 2) ? GEN_LIKE : GEN_REPLY, g);
    }
}

/* Bought followers: a casual user whose 5,000-20,000 fake followers all arrive on one day. */
static void bought_day(emitter *e, uint64_t g)
{
    const gen_pop *p = e->p;
    casual_day(e, g);
    if (p->o.fakes == 0) {
        return;
    }
    rng per = rng_at(p, T_PERSON, g, 1, 0);
    uint64_t span = p->o.days > 14 ? p->o.days - 14 : 1;
    int64_t day = first_day(p) + (p->o.days > 14 ? 7 : 0) + (int64_t)below(&per, span);
    uint64_t k = between(&per, 5000, 20000);
    uint64_t first = below(&per, p->o.fakes);
    if (e->day != day) {
        return;
    }
    k = k < p->o.fakes ? k : p->o.fakes;
    int net = (int)((g - p->start[GEN_BOUGHT]) % 2);
    rng r = rng_at(p, T_DAY, g, (uint64_t)e->day, 1);
    for (uint64_t j = 0; j < k; j++) {
        emit(e, &r, net, p->o.persons + (first + j) % p->o.fakes, GEN_FOLLOW, g);
    }
}

/* Engagement pods: members follow each other on the pod's first day and every day like or reply
 * to every member; an outsider engages a member once in fifty days. */
static void pod_day(emitter *e, uint64_t g)
{
    const gen_pop *p = e->p;
    uint64_t local = g - p->start[GEN_POD];
    uint64_t pod = pod_of(p, local);
    int net = (int)(pod % 2);
    uint64_t lo = p->start[GEN_POD] + p->pod_start[pod];
    uint64_t hi = p->start[GEN_POD] + p->pod_start[pod + 1];
    rng pd = rng_at(p, T_POD_DAY, pod, 0, 0);
    int64_t formed = first_day(p) + (int64_t)below(&pd, p->o.days < 7 ? p->o.days : 7);
    rng r = rng_at(p, T_DAY, g, (uint64_t)e->day, 0);
    for (uint64_t m = lo; m < hi && e->day >= formed; m++) {
        if (e->day == formed) {
            emit(e, &r, net, m, GEN_FOLLOW, g);
        }
        emit(e, &r, net, m, pick_action(&r, pod_actions), g);
    }
    if (chance(&r, 1, 50)) {
        emit(e, &r, net, pick_single(p, &r, GEN_CASUAL, net), GEN_LIKE, g);
    }
}

/* Spam bots: 1,000-3,000 mentions or replies a day to random people; one reply back in ten
 * days. */
static void spam_day(emitter *e, uint64_t g)
{
    const gen_pop *p = e->p;
    int net = (int)((g - p->start[GEN_SPAM]) % 2);
    rng r = rng_at(p, T_DAY, g, (uint64_t)e->day, 0);
    uint64_t n = between(&r, 1000, 3000);
    for (uint64_t i = 0; i < n; i++) {
        emit(e, &r, net, g, pick_action(&r, spam_actions), pick_anyone(p, &r, net));
    }
    if (chance(&r, 1, 10)) {
        emit(e, &r, net, pick_single(p, &r, GEN_CASUAL, net), GEN_REPLY, g);
    }
}

typedef void (*day_fn)(emitter *e, uint64_t g);

static const day_fn day_fns[GEN_ARCH_COUNT] = {newcomer_day,  casual_day, daily_day, marketer_day,
                                               celebrity_day, bought_day, pod_day,   spam_day};

int gen_run(const gen_pop *p, gen_sink sink, void *ctx)
{
    emitter e = {p, sink, ctx, 0, 0};
    for (int64_t day = first_day(p); day <= p->o.end_day && e.rc == 0; day++) {
        e.day = day;
        for (int a = 0; a < GEN_ARCH_COUNT; a++) {
            for (uint64_t g = p->start[a]; g < p->start[a + 1] && e.rc == 0; g++) {
                day_fns[a](&e, g);
            }
        }
    }
    return e.rc;
}
