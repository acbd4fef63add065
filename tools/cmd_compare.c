/* peoplerank compare: how two snapshots differ (rank correlations, overlaps, movers). */
#include "cli.h"
#include "snapshot_print.h"
#include "peoplerank/snapshot_compare.h"

#include "peoplerank/snapshot.h"

#include <getopt.h>
#include <json-c/json.h>
#include <math.h>
#include <string.h>

static void compare_usage(FILE *out)
{
    fprintf(out,
            "usage: peoplerank compare A B [--format FORMAT]\n\n"
            "Compares snapshot B with snapshot A: over the persons in both, Spearman's rho and\n"
            "Kendall's tau-b of the raw ranks (ties handled); over the two orderings,\n"
            "rank-biased overlap (p = 0.9, 0.98) and the Jaccard overlap of the top 10, 100,\n"
            "1000; persons added (only in B) and removed (only in A); the %d biggest risers\n"
            "and fallers by position.\n\n"
            "A and B are snapshot files or snapshot directories (their latest).\n\n"
            "  --format FORMAT  text (default); json: one object; tsv or csv: one table with\n"
            "                   the columns section, key, position_a, position_b, score_a,\n"
            "                   score_b, value: section 'metric' rows give key and value,\n"
            "                   'riser', 'faller', 'added', 'removed' rows a person (key) with\n"
            "                   positions and scores (empty where absent)\n"
            "  --json           same as --format json\n"
            "  -h               this help\n"
            "exit: 0 ok, 1 unreadable snapshot, 2 usage error\n",
            PR_COMPARE_MOVERS);
}

static json_object *jnum(double v)
{
    return isfinite(v) ? json_object_new_double(v) : NULL;
}

static json_object *movers_json(const pr_snapshot_mover *m, uint32_t n)
{
    json_object *a = json_object_new_array();
    for (uint32_t i = 0; i < n; i++) {
        json_object *o = json_object_new_object();
        json_object_object_add(o, "name", json_object_new_string(m[i].name ? m[i].name : ""));
        json_object *pa = m[i].pos_a ? json_object_new_int64((int64_t)m[i].pos_a) : NULL;
        json_object *pb = m[i].pos_b ? json_object_new_int64((int64_t)m[i].pos_b) : NULL;
        json_object_object_add(o, "position_a", pa);
        json_object_object_add(o, "position_b", pb);
        json_object_object_add(o, "score_a", jnum(m[i].score_a));
        json_object_object_add(o, "score_b", jnum(m[i].score_b));
        json_object_array_add(a, o);
    }
    return a;
}

static void print_json(const pr_snapshot_comparison *c, const char *pa, const char *pb)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "a", json_object_new_string(pa));
    json_object_object_add(o, "b", json_object_new_string(pb));
    json_object_object_add(o, "persons_a", json_object_new_uint64(c->count_a));
    json_object_object_add(o, "persons_b", json_object_new_uint64(c->count_b));
    json_object_object_add(o, "common", json_object_new_uint64(c->common));
    json_object_object_add(o, "added", json_object_new_uint64(c->added));
    json_object_object_add(o, "removed", json_object_new_uint64(c->removed));
    json_object_object_add(o, "spearman_rho", jnum(c->spearman));
    json_object_object_add(o, "kendall_tau_b", jnum(c->kendall_tau_b));
    json_object_object_add(o, "rbo_p090", jnum(c->rbo_090));
    json_object_object_add(o, "rbo_p098", jnum(c->rbo_098));
    json_object_object_add(o, "rbo_depth", json_object_new_uint64(c->rbo_depth));
    json_object_object_add(o, "jaccard_top10", jnum(c->jaccard[0]));
    json_object_object_add(o, "jaccard_top100", jnum(c->jaccard[1]));
    json_object_object_add(o, "jaccard_top1000", jnum(c->jaccard[2]));
    json_object_object_add(o, "floor_ties", json_object_new_uint64(c->floor_ties));
    json_object_object_add(o, "risers", movers_json(c->risers, c->risers_count));
    json_object_object_add(o, "fallers", movers_json(c->fallers, c->fallers_count));
    json_object_object_add(o, "added_top", movers_json(c->added_top, c->added_count));
    json_object_object_add(o, "removed_top", movers_json(c->removed_top, c->removed_count));
    printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
}

static void print_movers(const char *title, const pr_snapshot_mover *m, uint32_t n)
{
    printf("%s:\n", title);
    for (uint32_t i = 0; i < n; i++) {
        pr_mover_cells t; /* "absent": a person in one snapshot only */
        pr_mover_cells_of(&t, &m[i], "-", "absent");
        printf("  %10s -> %-10s  %6s -> %6s  %s\n", t.pos_a, t.pos_b, t.score_a, t.score_b,
               m[i].name);
    }
}

static void print_text(const pr_snapshot_comparison *c, const char *pa, const char *pb)
{
    printf("A: %s (%llu persons)\nB: %s (%llu persons)\n", pa, (unsigned long long)c->count_a, pb,
           (unsigned long long)c->count_b);
    printf("common persons        %llu\n", (unsigned long long)c->common);
    printf("added (only in B)     %llu\n", (unsigned long long)c->added);
    printf("removed (only in A)   %llu\n", (unsigned long long)c->removed);
    printf("spearman rho          %.6f\n", c->spearman);
    printf("kendall tau-b         %.6f\n", c->kendall_tau_b);
    printf("rbo p=0.9             %.6f\n", c->rbo_090);
    printf("rbo p=0.98            %.6f\n", c->rbo_098);
    printf("jaccard top 10        %.4f\n", c->jaccard[0]);
    printf("jaccard top 100       %.4f\n", c->jaccard[1]);
    printf("jaccard top 1000      %.4f\n", c->jaccard[2]);
    printf("floor ties            %llu (common persons at score 1.00 in both: left out of\n"
           "                      risers and fallers, their order is only a tie-break)\n",
           (unsigned long long)c->floor_ties);
    print_movers("biggest risers (position A -> B, score A -> B)", c->risers, c->risers_count);
    print_movers("biggest fallers", c->fallers, c->fallers_count);
    print_movers("best-ranked added", c->added_top, c->added_count);
    print_movers("best-ranked removed", c->removed_top, c->removed_count);
}

static void table_metric(pr_print_format f, const char *key, double v)
{
    char text[32] = "";
    if (isfinite(v)) {
        snprintf(text, sizeof text, "%.17g", v);
    }
    const char *cols[7] = {"metric", key, "", "", "", "", text};
    pr_print_fields(stdout, f, cols, 7);
}

static void table_movers(pr_print_format f, const char *section, const pr_snapshot_mover *m,
                         uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        pr_mover_cells t;
        pr_mover_cells_of(&t, &m[i], "", "");
        const char *cols[7] = {
            section, m[i].name ? m[i].name : "", t.pos_a, t.pos_b, t.score_a, t.score_b, ""};
        pr_print_fields(stdout, f, cols, 7);
    }
}

/* tsv / csv: one long table (header names every column of every row). */
static void print_table(pr_print_format f, const pr_snapshot_comparison *c)
{
    const char *head[7] = {"section", "key",     "position_a", "position_b",
                           "score_a", "score_b", "value"};
    pr_print_fields(stdout, f, head, 7);
    table_metric(f, "persons_a", (double)c->count_a);
    table_metric(f, "persons_b", (double)c->count_b);
    table_metric(f, "common", (double)c->common);
    table_metric(f, "added", (double)c->added);
    table_metric(f, "removed", (double)c->removed);
    table_metric(f, "spearman_rho", c->spearman);
    table_metric(f, "kendall_tau_b", c->kendall_tau_b);
    table_metric(f, "rbo_p090", c->rbo_090);
    table_metric(f, "rbo_p098", c->rbo_098);
    table_metric(f, "jaccard_top10", c->jaccard[0]);
    table_metric(f, "jaccard_top100", c->jaccard[1]);
    table_metric(f, "jaccard_top1000", c->jaccard[2]);
    table_metric(f, "floor_ties", (double)c->floor_ties);
    table_movers(f, "riser", c->risers, c->risers_count);
    table_movers(f, "faller", c->fallers, c->fallers_count);
    table_movers(f, "added", c->added_top, c->added_count);
    table_movers(f, "removed", c->removed_top, c->removed_count);
}

static int run_compare(const char *pa, const char *pb, pr_print_format fmt)
{
    pr_error err = PR_ERROR_INIT;
    pr_snapshot *a = NULL, *b = NULL;
    pr_snapshot_comparison c;
    int rc = pr_snapshot_open(&a, pa, &err);
    rc = rc ? rc : pr_snapshot_open(&b, pb, &err);
    rc = rc ? rc : pr_snapshot_compare(&c, a, b, &err);
    if (rc != PR_OK) {
        cli_report(&err);
    } else {
        if (fmt == PR_PRINT_JSON) {
            print_json(&c, pa, pb);
        } else if (fmt == PR_PRINT_TEXT) {
            print_text(&c, pa, pb);
        } else {
            print_table(fmt, &c);
        }
        pr_snapshot_comparison_clear(&c);
    }
    pr_snapshot_close(a);
    pr_snapshot_close(b);
    return rc == PR_OK ? PR_EXIT_OK : PR_EXIT_FAIL;
}

int cmd_compare(int argc, char **argv)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
                                         {"format", required_argument, NULL, 'f'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    pr_print_format fmt = PR_PRINT_TEXT;
    int c;
    optind = 1;
    while ((c = cli_getopt(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            compare_usage(stdout);
            return PR_EXIT_OK;
        } else if (c == 'j') {
            fmt = PR_PRINT_JSON;
        } else if (c == 'f') {
            if (pr_print_parse_format(&fmt, "--format", optarg) != PR_EXIT_OK) {
                return PR_EXIT_USAGE;
            }
        } else {
            return PR_EXIT_USAGE;
        }
    }
    if (optind + 2 != argc) {
        cli_error("compare needs two snapshots (see 'peoplerank compare --help')");
        return PR_EXIT_USAGE;
    }
    return run_compare(argv[optind], argv[optind + 1], fmt);
}
