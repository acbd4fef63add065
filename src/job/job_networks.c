/* The networks of a run: each network's account graph and the map from its accounts to persons.
 * A person's own accounts never boost each other: edges between two accounts of the same person
 * are removed from the network graphs (the person graph already folds them into self-loops,
 * which are dropped). */
#include "job_internal.h"
#include "peoplerank/name_index.h"

#include <stdio.h>
#include <string.h>

static int single_network(job_ctx *c, const char *name)
{
    c->net = pr_calloc(1, sizeof *c->net);
    if (c->net == NULL) {
        return PR_ENOMEM;
    }
    c->net_count = 1;
    snprintf(c->net[0].name, sizeof c->net[0].name, "%s", name);
    c->net[0].graph = c->persons;
    c->net[0].own_graph = 0;
    c->net[0].events = c->ingest ? pr_ingest_get_summary(c->ingest)->events_kept : UINT64_MAX;
    return PR_OK;
}

/* account name -> person node, over every account the ingest read. */
static int index_accounts(pr_name_index *idx, const char ***names, pr_node **nodes,
                          const pr_ingest *ig)
{
    uint32_t count = pr_ingest_account_count(ig);
    *names = pr_mallocarray(count, sizeof **names);
    *nodes = pr_mallocarray(count, sizeof **nodes);
    if ((*names == NULL || *nodes == NULL) && count > 0) {
        return PR_ENOMEM;
    }
    for (uint32_t i = 0; i < count; i++) {
        (*names)[i] = pr_ingest_account_name(ig, i);
        (*nodes)[i] = pr_ingest_account_node(ig, i);
    }
    return pr_name_index_build(idx, *names, *nodes, count);
}

/* Rebuilds g without the edges between two accounts of the same person (g is left as it is when
 * there are none). */
static int drop_same_person_edges(pr_graph **g, const pr_node *person_of)
{
    pr_edge_list el = PR_EDGE_LIST_INIT;
    const pr_graph *old = *g;
    pr_graph *fresh = NULL;
    const char **names = NULL;
    int rc, dropped = 0;
    for (pr_node v = 0; v < old->n; v++) {
        for (uint64_t e = old->in_off[v]; e < old->in_off[v + 1]; e++) {
            pr_node u = old->in_src[e];
            if (person_of != NULL && person_of[u] == person_of[v] && person_of[u] != PR_NODE_NONE) {
                dropped = 1;
                continue;
            }
            if ((rc = pr_edge_list_add(&el, u, v, pr_graph_in_weight(old, e))) != PR_OK) {
                goto done;
            }
        }
    }
    rc = PR_OK;
    if (!dropped) {
        goto done;
    }
    if ((names = pr_mallocarray(old->n, sizeof *names)) == NULL) {
        rc = PR_ENOMEM;
        goto done;
    }
    if ((rc = pr_graph_build(&fresh, &el, old->n, PR_BUILD_KEEP_SELF_LOOPS, NULL)) != PR_OK) {
        goto done;
    }
    for (pr_node v = 0; v < old->n; v++) {
        names[v] = pr_graph_name(old, v);
    }
    if (old->name_data && (rc = pr_graph_set_names(fresh, names)) != PR_OK) {
        goto done;
    }
    pr_graph_free(*g);
    *g = fresh;
    fresh = NULL;
done:
    pr_graph_free(fresh);
    pr_free(names);
    pr_edge_list_clear(&el);
    return rc;
}

static int prepare_network(job_network *net, pr_ingest *ig, const pr_name_index *idx, pr_error *err)
{
    int rc = pr_ingest_finish_network(&net->graph, ig, net->name, err);
    if (rc != PR_OK) {
        return rc;
    }
    net->own_graph = 1;
    net->events = pr_ingest_network_events(ig, net->name);
    net->person_of = pr_mallocarray(net->graph->n, sizeof *net->person_of);
    if (net->person_of == NULL && net->graph->n > 0) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory mapping accounts");
    }
    for (pr_node a = 0; a < net->graph->n; a++) {
        net->person_of[a] = pr_name_index_find(idx, pr_graph_name(net->graph, a));
    }
    if ((rc = drop_same_person_edges(&net->graph, net->person_of)) != PR_OK) {
        return pr_error_set(err, rc, NULL, 0, "out of memory");
    }
    return PR_OK;
}

/* The engagement rules (graph/engagement_rules.h) reweight the graph in place and give the
 * trust teleport: who counts as a person. */
static int apply_rules(job_network *net, const pr_engagement_rules *rules, pr_error *err)
{
    net->trust = pr_mallocarray(net->graph->n ? net->graph->n : 1, sizeof *net->trust);
    if (net->trust == NULL) {
        return pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
    }
    int rc = pr_engagement_rules_apply(net->trust, &net->trusted, net->graph, rules);
    if (rc != PR_OK) {
        return pr_error_set(err, rc, NULL, 0, "engagement rules on network %s: %s", net->name,
                            pr_strerror(rc));
    }
    return PR_OK;
}

static int prepare_all(job_ctx *c, pr_error *err)
{
    if (c->ingest == NULL) {
        /* A loaded graph is ranked in its mapping: the rules give it new weights apart. */
        int rc;
        if ((rc = single_network(c, "graph")) != PR_OK) {
            return pr_error_set(err, rc, NULL, 0, "out of memory");
        }
        return PR_OK;
    }
    size_t count = pr_ingest_network_count(c->ingest);
    if (count <= 1 && c->opts->identities == NULL) {
        return single_network(c, count ? pr_ingest_network_name(c->ingest, 0) : "none");
    }
    pr_name_index idx = {0, NULL, NULL, NULL};
    const char **names = NULL;
    pr_node *nodes = NULL;
    int rc = index_accounts(&idx, &names, &nodes, c->ingest);
    if (rc != PR_OK || (c->net = pr_calloc(count, sizeof *c->net)) == NULL) {
        rc = pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory preparing networks");
        goto done;
    }
    for (size_t k = 0; k < count; k++) {
        snprintf(c->net[k].name, sizeof c->net[k].name, "%s", pr_ingest_network_name(c->ingest, k));
        c->net_count = (uint32_t)k + 1;
        if ((rc = prepare_network(&c->net[k], c->ingest, &idx, err)) != PR_OK) {
            goto done;
        }
    }
done:
    pr_name_index_free(&idx);
    pr_free(names);
    pr_free(nodes);
    return rc;
}

/* A network whose events all fell outside the window has no accounts: it is not a network of
 * this run (it would only add an empty column and an empty rank). */
static void drop_empty_networks(job_ctx *c)
{
    uint32_t kept = 0;
    for (uint32_t k = 0; k < c->net_count; k++) {
        if (c->net[k].graph->n == 0 && c->net_count > 1) {
            if (c->net[k].own_graph) {
                pr_graph_free(c->net[k].graph);
            }
            pr_free(c->net[k].person_of);
            continue;
        }
        c->net[kept++] = c->net[k];
    }
    c->net_count = kept;
}

int job_networks_prepare(job_ctx *c, pr_error *err)
{
    int rc = prepare_all(c, err);
    if (rc != PR_OK) {
        return rc;
    }
    drop_empty_networks(c);
    if (c->net_count > PR_SNAPSHOT_MAX_NETWORKS) {
        return pr_error_set(err, PR_ELIMIT, NULL, 0, "%u networks: a snapshot holds at most %d",
                            c->net_count, PR_SNAPSHOT_MAX_NETWORKS);
    }
    return PR_OK;
}

int job_networks_rules(job_ctx *c, int on, pr_error *err)
{
    static const pr_engagement_rules off = {.exchange_threshold = 1.0};
    int want = on ? 1 : 2;
    if (c->rules == want) {
        return PR_OK;
    }
    if (c->rules == 1) { /* job.c ranks the rules-off algorithms first */
        return pr_error_set(err, PR_EINVAL, NULL, 0, "internal: rules already applied");
    }
    for (uint32_t k = 0; k < c->net_count; k++) {
        pr_free(c->net[k].trust);
        c->net[k].trust = NULL;
        int rc = apply_rules(&c->net[k], on ? &c->opts->rules : &off, err);
        if (rc != PR_OK) {
            return rc;
        }
    }
    c->rules = want;
    return PR_OK;
}

void job_networks_free(job_ctx *c)
{
    for (uint32_t k = 0; k < c->net_count; k++) {
        if (c->net[k].own_graph) {
            pr_graph_free(c->net[k].graph);
        }
        pr_free(c->net[k].person_of);
        pr_free(c->net[k].value);
        pr_free(c->net[k].relative);
        pr_free(c->net[k].earned);
        pr_free(c->net[k].trust);
        pr_free(c->net[k].teleport);
    }
    pr_free(c->net);
    c->net = NULL;
    c->net_count = 0;
}
