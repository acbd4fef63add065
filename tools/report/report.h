/* peoplerank report: one self-contained HTML file per run (inline CSS and SVG, no script, no
 * external assets). One file per job:
 *   report_data.c   what the report shows, gathered from the snapshot(s)
 *   report_svg.c    bar and line charts as inline SVG
 *   report_html.c   the page: sections, tables, charts; written atomically
 *   cmd_report.c    the verb; `run --report` calls report_write after the job publishes */
#ifndef PR_REPORT_H
#define PR_REPORT_H

#include "peoplerank/snapshot.h"
#include "peoplerank/snapshot_compare.h"

#include <stdio.h>

#define REPORT_SCORE_BINS 20  /* 5 points each */
#define REPORT_CHANGE_BINS 23 /* <-10, -10..+10 by 1, >+10 */
#define REPORT_CURVE_POINTS 240
#define REPORT_MAX_VARIANTS 8

typedef struct report_network {
    char name[40];
    double accounts[2], edges[2], weight[2]; /* [0] this run, [1] the older one (NaN = none) */
} report_network;

typedef struct report_variant {
    char algorithm[32];
    char *path;
} report_variant;

typedef struct report_data {
    const char *path, *older_path;
    pr_snapshot *snap, *older;
    pr_snapshot_meta meta, older_meta; /* extra_json not kept */
    uint64_t score_hist[REPORT_SCORE_BINS];
    uint32_t curve_count;
    double curve_rank[REPORT_CURVE_POINTS], curve_score[REPORT_CURVE_POINTS];
    /* Against the older snapshot (when given). */
    int has_older;
    pr_snapshot_comparison cmp;
    uint64_t change_hist[REPORT_CHANGE_BINS];
    double change_mean;
    report_network networks[PR_SNAPSHOT_MAX_NETWORKS];
    uint32_t network_count;
    /* Other algorithms of the same run (OUT/ALGORITHM/ siblings with the same date). */
    uint32_t variant_count;
    report_variant variants[REPORT_MAX_VARIANTS];
    double var_spearman[REPORT_MAX_VARIANTS][REPORT_MAX_VARIANTS];
    double var_kendall[REPORT_MAX_VARIANTS][REPORT_MAX_VARIANTS];
    double var_top100[REPORT_MAX_VARIANTS][REPORT_MAX_VARIANTS]; /* Jaccard of the top 100 */
} report_data;

int report_gather(report_data *d, const char *path, const char *older_path, pr_error *err);
void report_data_free(report_data *d);

/* Writes the report of the snapshot at path (against older_path when not NULL) to out_path,
 * atomically (temp file in the same directory, then rename). */
int report_write(const char *out_path, const char *path, const char *older_path, pr_error *err);

/* ---- charts (report_svg.c) ---- */

typedef struct report_series {
    const char *label;
    const double *values;
    const char *css; /* class of its bars/line */
} report_series;

/* Vertical bars: one group per label, one bar per series in each group. */
void report_svg_bars(FILE *f, const char *chart_id, const char *title, const char *const *labels,
                     size_t count, const report_series *series, size_t nseries,
                     const char *y_label);
/* Points joined by a line; x on a log10 scale when log_x. */
void report_svg_line(FILE *f, const char *chart_id, const char *title, const double *x,
                     const double *y, size_t count, int log_x, const char *x_label,
                     const char *y_label);
/* Text with &, <, >, " escaped. */
void report_html_text(FILE *f, const char *s);

#endif
