/* peoplerank: why a person has their rank, read from a snapshot's `explain` column
 * (docs/snapshot-format.md). A person's rank is split exactly into parts: the rank each of their
 * top contributors passed on (per network and action), the teleport share every trusted account
 * gets, and the rest (every other contributor); the parts sum to the rank. The same rank is also
 * split by network and by action. Used by `peoplerank explain` and meant for any reader (a
 * service) that answers "why is my score what it is". */
#ifndef PEOPLERANK_EXPLAIN_H
#define PEOPLERANK_EXPLAIN_H

#include "peoplerank/common.h"
#include "peoplerank/snapshot.h"

#include <stddef.h>
#include <stdint.h>

/* follow, like, mention, reply, comment, reshare, then "other": weight with no event behind it
 * any more (days folded by --in-order, edge-list inputs), whose action is unknown. */
#define PR_EXPLAIN_ACTIONS 7

typedef enum { PR_PART_CONTRIBUTOR, PR_PART_TELEPORT, PR_PART_REST } pr_part_kind;

typedef struct pr_explain_part {
    pr_part_kind kind;
    const char *name; /* contributor (person or account), NULL for teleport and rest */
    int network;      /* index into the snapshot's networks; -1 for teleport and rest */
    int action;       /* 0..PR_EXPLAIN_ACTIONS-1; -1 for teleport and rest */
    double value;     /* in rank units */
} pr_explain_part;

typedef struct pr_explanation {
    char *text; /* owned copy of the column text; names point into it */
    const char *name;
    double rank, score;
    double teleport, rest;
    uint32_t network_count;
    double by_network[PR_SNAPSHOT_MAX_NETWORKS]; /* every contributor, per network */
    double by_action[PR_EXPLAIN_ACTIONS];        /* every contributor, per action */
    size_t part_count;
    pr_explain_part *parts; /* contributor parts (best contributor first), teleport, rest */
} pr_explanation;

/* "follow", ..., "reshare", "other". */
const char *pr_explain_action_name(int action);

/* Parses one person's explain text (networks: the snapshot's network count) into *out, keeping
 * name/rank/score at 0/NULL. PR_EFORMAT with a message when the text is malformed. */
int pr_explain_parse(pr_explanation *out, const char *text, uint32_t networks, pr_error *err);

/* The explanation of the person called name in s. PR_ENOTFOUND when nobody has that name,
 * PR_EFORMAT when the snapshot has no explain column (written before explanations were stored,
 * or by an algorithm that has no teleport). */
int pr_snapshot_explain(pr_explanation *out, pr_snapshot *s, const char *name, pr_error *err);
/* The same for the person at position (1..count), for readers that found them another way (by
 * an account): out->name points at the record's name, valid until the next call on s. */
int pr_snapshot_explain_at(pr_explanation *out, pr_snapshot *s, uint64_t position, pr_error *err);
void pr_explanation_clear(pr_explanation *e); /* accepts a zeroed one */

/* ---- A change between two snapshots ("why did my score change") ---- */

typedef enum {
    PR_CHANGE_GAINED,   /* a top contributor now that was not among the older top contributors */
    PR_CHANGE_LOST,     /* a top contributor before that is not among them now */
    PR_CHANGE_RANK,     /* a contributor in both: the part due to its own rank changing */
    PR_CHANGE_ACTIVITY, /* a contributor in both: the rest (its engagement, its other targets) */
    PR_CHANGE_TELEPORT,
    PR_CHANGE_REST /* every other contributor */
} pr_change_kind;

typedef struct pr_explain_change {
    pr_change_kind kind;
    const char *name; /* contributor, NULL for teleport and rest */
    int network;      /* -1 for teleport and rest */
    double value;     /* in rank units; the values sum to newer rank - older rank */
} pr_explain_change;

typedef struct pr_explain_diff {
    size_t count;
    pr_explain_change *changes; /* biggest |value| first among contributors, then teleport, rest */
} pr_explain_diff;

/* Splits newer->rank - older->rank into changes. A contributor's own rank comes from the two
 * snapshots (looked up by name; 0 when absent): its part changes by old_value * (R_new / R_old
 * - 1) because of its rank, and by the remainder because of what it engaged. */
int pr_explain_compare(pr_explain_diff *out, const pr_explanation *older,
                       const pr_explanation *newer, pr_snapshot *older_snap,
                       pr_snapshot *newer_snap, pr_error *err);
void pr_explain_diff_clear(pr_explain_diff *d); /* accepts a zeroed one */

const char *pr_explain_change_name(pr_change_kind kind);

#endif
