/* Looking nodes up by name. */
#include "peoplerank/graph.h"

#include <string.h>

int pr_graph_index_names(pr_name_index *idx, const pr_graph *g)
{
    memset(idx, 0, sizeof *idx);
    if (g->name_data == NULL && g->n > 0) {
        return PR_EINVAL;
    }
    const char **names = pr_mallocarray(g->n ? g->n : 1, sizeof *names);
    if (names == NULL) {
        return PR_ENOMEM;
    }
    for (pr_node v = 0; v < g->n; v++) {
        names[v] = pr_graph_name(g, v);
    }
    int rc = pr_name_index_build(idx, names, NULL, g->n);
    pr_free(names);
    return rc;
}
