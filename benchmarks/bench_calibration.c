/* Score calibration on a generated population: median score per archetype and the gaming checks
 * of docs/scores.md, for the default scale and engagement rules (or the ones given).
 *
 *   peoplerank generate --persons 10000 --seed 1 -o ev.tsv --labels labels.tsv
 *   bench_calibration ev.tsv labels.tsv [--slope S] [--allowance A] [--discount D] [--trust T]
 *                     [--as-of UNIX_SECONDS] [--scores OUT.tsv]
 * --scores writes every account's score (name<TAB>score), for the stability scripts.
 *
 * Exit 0 when every band and gaming check holds, 1 when one fails, 2 on bad usage or input. */
#include "peoplerank/evaluate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

struct band {
    const char *label;
    double lo, hi;
};

static const struct band bands[] = {
    {"newcomer", 10, 15}, {"casual", 20, 30},     {"daily", 40, 45},
    {"marketer", 55, 70}, {"celebrity", 85, 100},
};

static double median_of(const pr_label_summary *s, size_t n, const char *label)
{
    const pr_label_summary *e = pr_eval_find_label(s, n, label);
    return e ? e->median : -1.0;
}

static int check(const char *what, int ok)
{
    printf("  %-58s %s\n", what, ok ? "ok" : "FAIL");
    return ok ? 0 : 1;
}

static int report(const pr_label_summary *s, size_t n)
{
    int fails = 0;
    printf("%-10s %8s %8s %8s %8s %8s  band\n", "archetype", "count", "p10", "median", "p90",
           "mean");
    for (size_t i = 0; i < n; i++) {
        const char *band = "";
        char buf[32] = "";
        for (size_t b = 0; b < sizeof bands / sizeof bands[0]; b++) {
            if (strcmp(bands[b].label, s[i].label) == 0) {
                int in = s[i].median >= bands[b].lo && s[i].median <= bands[b].hi;
                snprintf(buf, sizeof buf, "%g-%g %s", bands[b].lo, bands[b].hi, in ? "ok" : "FAIL");
                fails += !in;
                band = buf;
            }
        }
        printf("%-10s %8llu %8.2f %8.2f %8.2f %8.2f  %s\n", s[i].label,
               (unsigned long long)s[i].count, s[i].p10, s[i].median, s[i].p90, s[i].mean, band);
    }
    double casual = median_of(s, n, "casual"), daily = median_of(s, n, "daily");
    double bought = median_of(s, n, "bought"), pod = median_of(s, n, "pod");
    double spam = median_of(s, n, "spam");
    printf("gaming:\n");
    if (bought >= 0) {
        fails += check("bought followers median <= casual median + 2", bought <= casual + 2);
    }
    if (pod >= 0) {
        fails += check("engagement pod median < 30 and < daily median", pod < 30 && pod < daily);
    }
    if (spam >= 0) {
        fails += check("spam bot median <= casual median", spam <= casual);
    }
    return fails;
}

int main(int argc, char **argv)
{
    pr_eval_pipeline p = PR_EVAL_PIPELINE_INIT;
    if (argc < 3) {
        fprintf(stderr, "usage: bench_calibration EVENTS LABELS [--slope S] [--allowance A] "
                        "[--discount D] [--trust T]\n");
        return 2;
    }
    const char *scores_out = NULL;
    for (int i = 3; i + 1 < argc; i += 2) {
        double v = atof(argv[i + 1]);
        if (strcmp(argv[i], "--scores") == 0) {
            scores_out = argv[i + 1];
        } else if (strcmp(argv[i], "--as-of") == 0) {
            p.ingest.as_of = strtoll(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--slope") == 0) {
            p.scale.slope = v;
        } else if (strcmp(argv[i], "--allowance") == 0) {
            p.rules.reciprocity_allowance = v;
        } else if (strcmp(argv[i], "--discount") == 0) {
            p.rules.reciprocity_discount = v;
        } else if (strcmp(argv[i], "--trust") == 0) {
            p.rules.trust_min_received = v;
        } else {
            fprintf(stderr, "bench_calibration: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    pr_error err = PR_ERROR_INIT;
    pr_eval_scores sc;
    double t0 = now();
    if (pr_eval_score_file(&sc, &p, argv[1], &err) != PR_OK) {
        char buf[1200];
        pr_error_format(buf, sizeof buf, &err);
        fprintf(stderr, "bench_calibration: %s\n", buf);
        return 2;
    }
    double t1 = now();
    pr_label_summary *s = NULL;
    size_t n = 0;
    if (pr_eval_by_label(&s, &n, sc.graph, sc.score, argv[2], &err) != PR_OK) {
        char buf[1200];
        pr_error_format(buf, sizeof buf, &err);
        fprintf(stderr, "bench_calibration: %s\n", buf);
        pr_eval_scores_clear(&sc);
        return 2;
    }
    printf("accounts %u, trusted %llu, edges %llu, iterations %u, %.2f s (slope %g, allowance "
           "%g, discount %g, trust %g)\n",
           sc.graph->n, (unsigned long long)sc.trusted, (unsigned long long)sc.graph->m,
           sc.result.iterations, t1 - t0, p.scale.slope, p.rules.reciprocity_allowance,
           p.rules.reciprocity_discount, p.rules.trust_min_received);
    int fails = report(s, n);
    FILE *f = scores_out ? fopen(scores_out, "w") : NULL;
    for (pr_node v = 0; f != NULL && v < sc.graph->n; v++) {
        fprintf(f, "%s\t%.4f\n", pr_graph_name(sc.graph, v), sc.score[v]);
    }
    if (f != NULL) {
        fclose(f);
    }
    pr_free(s);
    pr_eval_scores_clear(&sc);
    return fails ? 1 : 0;
}
