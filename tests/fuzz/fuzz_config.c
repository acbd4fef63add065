/* Fuzz target: the weights config file (pr_ingest_opts_load); options it accepts then drive an
 * ingest of a fixed events input, so that extreme but valid values (tiny windows, huge weights,
 * no decay, caps off) go through window, decay, caps and the graph build. */
#include "fuzz_util.h"

#include "peoplerank/ingest.h"

#include <stdlib.h>
#include <string.h>

static const char events[] = "1700000000\ttwitter\talice\tlike\tbob\t1000000\n"
                             "1700000000\ttwitter\tbob\treply\tcarol\t2\n"
                             "1690000000\ttwitter\tcarol\treshare\talice\n"
                             "1700086400\ttwitter\talice\tfollow\tcarol\n"
                             "1700086400\ttwitter\talice\tmention\tdave\n"
                             "1700090000\ttwitter\tdave\tcomment\talice\t7\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = pr_fuzz_file_open(path, sizeof path, data, size);
    if (fd < 0) {
        return 0;
    }
    pr_ingest_opts opts = PR_INGEST_OPTS_INIT;
    pr_ingest_opts before = opts;
    pr_error err = PR_ERROR_INIT;
    int rc = pr_ingest_opts_load(&opts, path, &err);
    pr_fuzz_file_close(fd);
    if (rc != PR_OK) {
        /* documented: *opts is untouched on failure */
        if (memcmp(&opts, &before, sizeof opts) != 0 || rc != PR_EPARSE) {
            abort();
        }
        return 0;
    }
    pr_ingest *ig = NULL;
    pr_graph *g = NULL;
    fd = pr_fuzz_file_open(path, sizeof path, (const uint8_t *)events, strlen(events));
    if (fd >= 0 && pr_ingest_new(&ig, &opts) == PR_OK &&
        pr_ingest_add_file(ig, "events", NULL, path, &err) == PR_OK &&
        pr_ingest_finish(&g, ig, &err) == PR_OK) {
        for (uint64_t e = 0; e < g->m; e++) {
            double w = pr_graph_in_weight(g, e);
            if (!(w >= 0.0) || w != w) {
                abort(); /* weights must stay non-negative numbers */
            }
        }
    }
    pr_graph_free(g);
    pr_ingest_free(ig);
    pr_fuzz_file_close(fd);
    return 0;
}
