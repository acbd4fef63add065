/* peoplerank explain: why a person has their rank, and why it changed (issue 13). The split
 * itself is src/snapshot/snapshot_explain.c (peoplerank/explain.h); this file prints it. */
#include "cli.h"
#include "explain_json.h"

#include "peoplerank/explain.h"

#include <getopt.h>
#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void explain_usage(FILE *out)
{
    fprintf(out,
            "usage: peoplerank explain SNAPSHOT NAME [--vs OLDER] [--json]\n\n"
            "Splits NAME's rank exactly into parts: the rank each top contributor passed on\n"
            "(who engaged, through which network and action, and each one's share), the\n"
            "teleport share every trusted account gets, and the rest; then the same rank\n"
            "grouped by network and by action. With --vs, splits the change since the OLDER\n"
            "snapshot into contributors gained, lost, and changes in a contributor's own rank\n"
            "or activity. docs/scores.md says what the parts mean.\n\n"
            "  --vs OLDER   an older snapshot of the same person\n"
            "  --json       one JSON object: name, rank, parts (kind, name, network, action,\n"
            "               value), whose values sum to rank (with --vs: changes as well)\n"
            "  --format F   text (default) or json\n"
            "  -h           this help\n"
            "exit: 0 ok, 1 unknown name, unreadable snapshot or one without explanations,\n"
            "2 usage error\n");
}

static const struct option explain_options[] = {
    {"vs", required_argument, NULL, 'v'},
    {"json", no_argument, NULL, 'j'},
    {"format", required_argument, NULL, 'f'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static const char *network_name(pr_snapshot *s, int k)
{
    return explain_network_name(s, k);
}

static json_object *jstr(const char *s)
{
    return s ? json_object_new_string(s) : NULL;
}

static void print_json(const pr_explanation *e, pr_snapshot *s, const pr_explanation *old,
                       pr_snapshot *olds, const pr_explain_diff *d)
{
    json_object *o = explain_json(e, s);
    if (d != NULL) {
        json_object *vs = json_object_new_object(), *a = json_object_new_array();
        json_object_object_add(vs, "rank", explain_jnum(old->rank));
        json_object_object_add(vs, "score", json_object_new_double(old->score));
        json_object_object_add(vs, "parts", explain_parts_json(old, olds));
        for (size_t i = 0; i < d->count; i++) {
            const pr_explain_change *c = &d->changes[i];
            json_object *x = json_object_new_object();
            const char *kind = pr_explain_change_name(c->kind);
            json_object_object_add(x, "kind", json_object_new_string(kind));
            json_object_object_add(x, "name", jstr(c->name));
            json_object_object_add(x, "network", jstr(network_name(s, c->network)));
            json_object_object_add(x, "value", explain_jnum(c->value));
            json_object_array_add(a, x);
        }
        json_object_object_add(o, "older", vs);
        json_object_object_add(o, "changes", a);
    }
    printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
    json_object_put(o);
}

static double pct(double v, double of)
{
    return of > 0.0 ? 100.0 * v / of : 0.0;
}

static void print_text(const pr_explanation *e, pr_snapshot *s)
{
    printf("%s: score %.2f, rank %.6g\n", e->name, e->score, e->rank);
    printf("  %-34s %-10s %-8s %14s %7s\n", "part", "network", "action", "rank", "share");
    for (size_t i = 0; i < e->part_count; i++) {
        const pr_explain_part *p = &e->parts[i];
        const char *name = p->kind == PR_PART_CONTRIBUTOR ? p->name
                           : p->kind == PR_PART_TELEPORT  ? "(teleport: free to every trusted)"
                                                          : "(every other contributor)";
        printf("  %-34s %-10s %-8s %14.6g %6.2f%%\n", name,
               p->network >= 0 ? network_name(s, p->network) : "",
               p->action >= 0 ? pr_explain_action_name(p->action) : "", p->value,
               pct(p->value, e->rank));
    }
    printf("  by network:");
    for (uint32_t k = 0; k < e->network_count; k++) {
        printf(" %s %.2f%%", network_name(s, (int)k), pct(e->by_network[k], e->rank));
    }
    printf(", teleport %.2f%%\n  by action:", pct(e->teleport, e->rank));
    for (int a = 0; a < PR_EXPLAIN_ACTIONS; a++) {
        if (e->by_action[a] != 0.0) {
            printf(" %s %.2f%%", pr_explain_action_name(a), pct(e->by_action[a], e->rank));
        }
    }
    printf("\n");
}

static void print_diff_text(const pr_explanation *e, const pr_explanation *old,
                            const pr_explain_diff *d, pr_snapshot *s)
{
    printf("change since the older snapshot: score %.2f -> %.2f, rank %.6g -> %.6g (%+.6g)\n",
           old->score, e->score, old->rank, e->rank, e->rank - old->rank);
    for (size_t i = 0; i < d->count; i++) {
        const pr_explain_change *c = &d->changes[i];
        printf("  %-9s %-34s %-10s %+14.6g\n", pr_explain_change_name(c->kind),
               c->name ? c->name : "", c->network >= 0 ? network_name(s, c->network) : "",
               c->value);
    }
}

typedef struct explain_args {
    const char *snap, *name, *vs;
    int json;
} explain_args;

static int parse_args(explain_args *a, int argc, char **argv)
{
    int opt;
    optind = 1;
    while ((opt = cli_getopt(argc, argv, "h", explain_options, NULL)) != -1) {
        if (opt == 'h') {
            explain_usage(stdout);
            return -1;
        } else if (opt == 'v') {
            a->vs = optarg;
        } else if (opt == 'j') {
            a->json = 1;
        } else if (opt == 'f' && (strcmp(optarg, "json") == 0 || strcmp(optarg, "text") == 0)) {
            a->json = strcmp(optarg, "json") == 0;
        } else {
            if (opt == 'f') {
                cli_error("explain: --format takes text or json, not '%s'", optarg);
            }
            return PR_EXIT_USAGE; /* cli_getopt said what was wrong */
        }
    }
    if (argc - optind != 2) {
        cli_error("explain needs SNAPSHOT and NAME (see 'peoplerank explain --help')");
        return PR_EXIT_USAGE;
    }
    a->snap = argv[optind];
    a->name = argv[optind + 1];
    return 0;
}

/* Opens a snapshot and explains name in it. */
static int load(pr_snapshot **s, pr_explanation *e, const char *path, const char *name,
                pr_error *err)
{
    int rc;
    if ((rc = pr_snapshot_open(s, path, err)) == PR_OK) {
        rc = pr_snapshot_explain(e, *s, name, err);
    }
    if (rc == PR_ENOTFOUND) {
        pr_error_set(err, rc, path, 0, "no person named '%s'", name);
    }
    return rc;
}

int cmd_explain(int argc, char **argv)
{
    explain_args a = {NULL, NULL, NULL, 0};
    int rc = parse_args(&a, argc, argv);
    if (rc != 0) {
        return rc < 0 ? PR_EXIT_OK : rc;
    }
    pr_error err = PR_ERROR_INIT;
    pr_snapshot *s = NULL, *olds = NULL;
    pr_explanation e = {0}, old = {0};
    pr_explain_diff d = {0};
    if ((rc = load(&s, &e, a.snap, a.name, &err)) != PR_OK ||
        (a.vs != NULL && ((rc = load(&olds, &old, a.vs, a.name, &err)) != PR_OK ||
                          (rc = pr_explain_compare(&d, &old, &e, olds, s, &err)) != PR_OK))) {
        cli_report(&err);
        goto done;
    }
    if (a.json) {
        print_json(&e, s, &old, olds, a.vs ? &d : NULL);
    } else {
        print_text(&e, s);
        if (a.vs != NULL) {
            print_diff_text(&e, &old, &d, s);
        }
    }
done:
    pr_explain_diff_clear(&d);
    pr_explanation_clear(&e);
    pr_explanation_clear(&old);
    pr_snapshot_close(s);
    pr_snapshot_close(olds);
    return rc == PR_OK ? PR_EXIT_OK : PR_EXIT_FAIL;
}
