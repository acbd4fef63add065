/* Shared helpers for the unit tests: locating data files, loading reference edge lists with a
 * reader that is independent of peoplerank's own readers. */
#ifndef PR_TESTUTIL_H
#define PR_TESTUTIL_H

#include "peoplerank/graph.h"

#include <stddef.h>

#define PR_TEST_SKIP 77

/* Path of a file in ../shared/data (from $PR_SHARED_DATA), or NULL when it is absent. The result
 * is a static buffer. */
const char *pr_test_shared_file(const char *name);

/* Path of a file in tests/data (from $PR_TEST_DATA). Static buffer. */
const char *pr_test_data_file(const char *name);

/* Reads a whole file, decompressing zstd when the file starts with zstd's magic.
 * Returns a NUL-terminated malloc'd buffer or NULL. */
char *pr_test_read_file(const char *path, size_t *len);

/* Loads a numeric edge list ("src dst [weight]" separated by spaces, tabs or commas; '#' lines
 * skipped) into el; node ids are taken as they are, *n = max id + 1. weight_column: 0 = no
 * weights (1 each), 3 = the third column. Returns 0 on success. */
int pr_test_load_edges(pr_edge_list *el, pr_node *n, const char *path, int weight_column);

/* The weight of edge src->dst in g, or -1 when there is no such edge. */
double pr_test_edge_weight(const pr_graph *g, pr_node src, pr_node dst);

/* |got - want| <= eps, with both values printed on failure (cmocka 1.1 has no
 * assert_double_equal). Use after including cmocka.h. */
#define assert_near(got, want, eps)                                                                \
    do {                                                                                           \
        double g_ = (got), w_ = (want);                                                            \
        if (!(fabs(g_ - w_) <= (eps))) {                                                           \
            fail_msg("%s = %.17g, want %.17g (+- %g)", #got, g_, w_, (double)(eps));               \
        }                                                                                          \
    } while (0)

/* A fresh temporary directory (mkdtemp); static buffer. */
const char *pr_test_tmpdir(void);

#endif
