/* The synthetic population generator behind `peoplerank generate` (docs/generator.md).
 *
 * A population is N persons in blocks of archetypes (newcomer, casual, daily, ...) plus a pool of
 * fake accounts that bought followers come from. Events are produced day by day, person by person,
 * and handed to a sink one at a time, so memory does not grow with the number of events.
 * Every random choice is drawn from a counter-based stream keyed by (seed, what, person, absolute
 * day), so the output is the same on every machine, and the events of a given calendar day do not
 * depend on how many days were asked for. */
#ifndef PR_GENERATE_H
#define PR_GENERATE_H

#include <stddef.h>
#include <stdint.h>

enum gen_arch {
    GEN_NEWCOMER,
    GEN_CASUAL,
    GEN_DAILY,
    GEN_MARKETER,
    GEN_CELEBRITY,
    GEN_BOUGHT,
    GEN_POD,
    GEN_SPAM,
    GEN_ARCH_COUNT,
    GEN_FAKE = GEN_ARCH_COUNT /* a bought follower: an account, not a person */
};

enum gen_net { GEN_TWITTER, GEN_FACEBOOK, GEN_NET_COUNT };

enum gen_action {
    GEN_FOLLOW,
    GEN_LIKE,
    GEN_MENTION,
    GEN_REPLY,
    GEN_COMMENT,
    GEN_RESHARE,
    GEN_ACTION_COUNT
};

/* "newcomer", ..., "spam", and "fake" at GEN_FAKE. */
extern const char *const gen_arch_names[GEN_ARCH_COUNT + 1];
extern const char *const gen_net_names[GEN_NET_COUNT];
extern const char *const gen_action_names[GEN_ACTION_COUNT];

/* Share of each archetype: a percentage of the persons, or an absolute count (>= 0). */
typedef struct gen_mix {
    double percent[GEN_ARCH_COUNT];
    int64_t absolute[GEN_ARCH_COUNT]; /* -1: use percent */
} gen_mix;

/* Parses "default", "gaming", or a list "casual=70,daily=12,celebrity=#2,..." (percent, or '#'
 * and an absolute count); archetypes left out get 0. Returns 0, or -1 with a message in err. */
int gen_mix_parse(gen_mix *out, const char *spec, char *err, size_t errlen);

typedef struct gen_opts {
    uint64_t seed;
    uint64_t persons;
    uint32_t days;
    int64_t end_day; /* days since 1970-01-01 of the last day generated */
    gen_mix mix;
    uint64_t fakes;            /* size of each network's pool of fake accounts */
    uint32_t pod_min, pod_max; /* engagement pod sizes */
    /* Where in each archetype's description the engagement rates and the audiences (follower
     * counts) sit: GEN_LEVEL_DEFAULT (0, the middle), GEN_LEVEL_LOW or GEN_LEVEL_HIGH
     * (docs/generator.md, "Rates and audiences"). */
    uint8_t rates, audiences;
} gen_opts;

enum { GEN_LEVEL_DEFAULT, GEN_LEVEL_LOW, GEN_LEVEL_HIGH, GEN_LEVEL_COUNT };

/* "default", "low", "high" -> GEN_LEVEL_*; -1 for anything else. */
int gen_level_parse(const char *s);

#define GEN_DEFAULT_SEED 20261124u
#define GEN_DEFAULT_PERSONS 3000u
#define GEN_DEFAULT_DAYS 90u
#define GEN_DEFAULT_END "2026-11-24"
#define GEN_DEFAULT_FAKES 20000u
#define GEN_DEFAULT_POD_MIN 50u
#define GEN_DEFAULT_POD_MAX 80u

/* One interaction. Accounts are numbered: persons 0..N-1 (in archetype blocks), then fake k is
 * N + k. Both networks share the numbering; an account exists on the networks gen_networks says. */
typedef struct gen_event {
    int64_t ts;
    uint8_t net;
    uint8_t action;
    uint32_t count;
    uint64_t actor, target;
} gen_event;

/* Receives each event; a non-zero return stops the run and is returned by gen_run. */
typedef int (*gen_sink)(void *ctx, const gen_event *ev);

typedef struct gen_pop gen_pop;

/* Lays the population out (small: a few arrays per pod and per network). Returns 0, or -1 with a
 * message in err. */
int gen_pop_new(gen_pop **out, const gen_opts *opts, char *err, size_t errlen);
void gen_pop_free(gen_pop *p); /* accepts NULL */

uint64_t gen_pop_count(const gen_pop *p, enum gen_arch a);
uint64_t gen_pop_persons(const gen_pop *p);
uint64_t gen_pop_pods(const gen_pop *p);
uint64_t gen_pop_fakes(const gen_pop *p);
/* The archetype of account id (GEN_FAKE for fakes). */
enum gen_arch gen_arch_of(const gen_pop *p, uint64_t id);
/* Bit mask of the networks (1 << gen_net) the account id is on. */
unsigned gen_networks(const gen_pop *p, uint64_t id);
/* Writes the handle ("casual_0042", "fake_000123") of id into buf; returns its length. */
size_t gen_handle(char *buf, size_t cap, const gen_pop *p, uint64_t id);

/* Generates every event, oldest day first. Returns 0 or the sink's non-zero return. */
int gen_run(const gen_pop *p, gen_sink sink, void *ctx);

/* Parses "YYYY-MM-DD" into days since 1970-01-01; 0 or -1. */
int gen_parse_date(int64_t *out, const char *s);

#endif
