/* The bytes each structure of a run holds (the run summary's memory lines, per stage), so that a
 * structure that multiplies the memory shows in bytes per edge. */
#include "job_internal.h"

const char *pr_mem_part_name(int part)
{
    static const char *const names[PR_MEM_PART_COUNT] = {
        "stores-peak", "events", "fold", "edge-list", "names", "graph", "networks", "follows"};
    return (part >= 0 && part < PR_MEM_PART_COUNT) ? names[part] : "?";
}

void job_memory(uint64_t parts[PR_MEM_PART_COUNT], const job_ctx *c)
{
    pr_ingest_memory im = {0, 0, 0, 0, 0};
    if (c->ingest != NULL) {
        pr_ingest_memory_get(&im, c->ingest);
    }
    parts[PR_MEM_STORES_PEAK] = im.peak;
    parts[PR_MEM_EVENTS] = im.events;
    parts[PR_MEM_FOLD] = im.fold;
    parts[PR_MEM_EDGE_LIST] = im.timeless;
    parts[PR_MEM_NAMES] = im.names;
    parts[PR_MEM_GRAPH] = pr_graph_bytes(c->persons);
    parts[PR_MEM_NETWORKS] = 0;
    for (uint32_t k = 0; c->net != NULL && k < c->net_count; k++) {
        parts[PR_MEM_NETWORKS] += c->net[k].own_graph ? pr_graph_bytes(c->net[k].graph) : 0;
    }
    parts[PR_MEM_FOLLOWS] = pr_graph_bytes(c->follows);
}
