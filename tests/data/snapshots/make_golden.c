/* Writes golden-v1.snap, the format's golden file (5 persons, every column). Not built by CMake;
 * rebuild by hand only when the format version changes:
 *   cc -I src/snapshot/include -I graph/common/include tests/data/snapshots/make_golden.c \
 *      build/src/libpr_snapshot.a build/graph/libpr_common.a -lzstd -lxxhash -ljson-c \
 *      -lsqlite3 -lm -fopenmp -o /tmp/make_golden && /tmp/make_golden tests/data/snapshots
 * then rename the written peoplerank-2026-11-29.snap to golden-v1.snap. The values are listed in
 * tests/unit/test_snapshot_format.c, which decodes the file from docs/snapshot-format.md alone. */
#include "peoplerank/snapshot.h"

#include <math.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    const char *names[5] = {"twitter:alice", "twitter:bob", "facebook:carol", "facebook:dave",
                            "twitter:erin"};
    double rank[5] = {0.4, 0.1, 0.25, 0.1, 0.15}, score[5] = {72.5, 40.0, 61.25, 40.0, 50.0};
    double pct[5] = {80.0, 0.0, 60.0, 0.0, 40.0};
    const char *accounts[5] = {"twitter:alice\tbluesky:alice", NULL, "facebook:carol", NULL, NULL};
    const char *nets[2] = {"facebook", "twitter"};
    double net[10] = {NAN, 72.5, NAN, 40.0, 61.25, NAN, 40.0, NAN, NAN, 50.0};
    uint32_t engagers[5] = {3, 0, 2, 1, 1};
    double engagement[5] = {7.5, 0.0, 4.25, 1.0, 2.0};
    const uint32_t N = PR_SNAPSHOT_NONE;
    uint32_t infl[25] = {2, 4, N, N, N, N, N, N, N, N, 0, N, N, N, N, 2, N, N, N, N, 0, 1, N, N, N};
    uint32_t infe[25] = {2, 4, N, N, N, 0, N, N, N, N, 0, 3, N, N, N, N, N, N, N, N, 0, N, N, N, N};
    double delta[15] = {1.5, -2.25, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, 0, 0, 10};
    pr_snapshot_meta m = {1795910400, 1795914000, "pagerank",       0.85, 1e-10,
                          1000,       17,         4.5e-11,          1.0,  -0.43078291609245423,
                          5,          9,          "{\"demo\":true}"};
    pr_snapshot_columns c = {5, names, rank, score, pct};
    pr_snapshot_ext x = {accounts,   2,    nets, net,   engagers,
                         engagement, infl, infe, delta, {"peoplerank-2026-11-28.snap", NULL, NULL}};
    pr_error err = PR_ERROR_INIT;
    char *path = NULL;
    if (argc < 2 || pr_snapshot_write_ext(&path, argv[1], &m, &c, &x, &err) != PR_OK) {
        fprintf(stderr, "make_golden: %s\n", err.message);
        return 1;
    }
    printf("%s\n", path);
    return 0;
}
