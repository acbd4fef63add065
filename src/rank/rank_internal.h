/* Internal to src/rank/: functions the room's files share, and that its tests and benchmark reach
 * through an explicit include path (tests/CMakeLists.txt, CMakeLists.txt). Not part of the API:
 * the double underscore says so (libgit2's convention). */
#ifndef PR_RANK_INTERNAL_H
#define PR_RANK_INTERNAL_H

#include "peoplerank/rank.h"

/* *out = a copy of g with persons renumbered by decreasing out-degree (ties: increasing old
 * id), names (if any) moved along; old_of_new[i] (n entries, caller-allocated) receives the old
 * id of new person i. In-edges stay sorted by (new) source id; weights and out_w are copied
 * exactly. Ranking the copy is the same ranking up to rounding, and faster on large graphs
 * (the pull step's gathers concentrate on a small hot prefix of contrib). */
int pr_rank__relabel_by_degree(pr_graph **out, pr_node *old_of_new, const pr_graph *g);

/* HITS authority and k-core index through igraph (variant_igraph.c: pr_rank_variant's
 * PR_ALGO_HITS and PR_ALGO_CORENESS); err says what igraph refused. */
int pr_rank__hits(double *value, const pr_graph *g, pr_error *err);
int pr_rank__coreness(double *value, const pr_graph *g, pr_error *err);

/* LeaderRank (pr_rank_variant's PR_ALGO_LEADERRANK). */
int pr_rank__leaderrank(double *value, pr_rank_result *result, const pr_graph *g,
                        const pr_rank_opts *opts);

#endif
