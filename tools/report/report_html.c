/* The report page: one HTML file with inline CSS and SVG (no script, nothing fetched), its
 * numbers in data-key/data-exact attributes under the names `compare --json` uses. Written to a
 * temp file in the target directory, then renamed: a reader never sees half a report. */
#include "report.h"

#include "../snapshot_print.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char css[] =
    "body{margin:0;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
    "color:#1b1f24;background:#f6f8fa}"
    "main{max-width:60rem;margin:0 auto;padding:1rem}"
    "h1{font-size:1.4rem;margin:.5rem 0}h2{font-size:1.1rem;margin:0 0 .5rem}"
    "section{background:#fff;border:1px solid #d5dbe1;border-radius:.6rem;padding:1rem;"
    "margin:1rem 0}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}"
    "dt{color:#5a6470}dd{margin:0;font-variant-numeric:tabular-nums}"
    "table{border-collapse:collapse;width:100%}th,td{padding:.3rem .5rem;text-align:left;"
    "border-bottom:1px solid #eef1f4}th{color:#5a6470;font-weight:600}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.name{word-break:break-all}"
    ".cols{display:grid;grid-template-columns:1fr 1fr;gap:1rem}"
    "@media(max-width:640px){.cols{grid-template-columns:1fr}}"
    ".note{color:#5a6470}"
    "svg.chart{width:100%;height:auto;display:block}"
    "svg .grid{stroke:#e3e8ee}svg .ylab{font-size:11px;fill:#5a6470;text-anchor:end}"
    "svg .xlab,svg .xtick{font-size:11px;fill:#5a6470;text-anchor:end}"
    "svg .xtick{text-anchor:middle}svg .legend{font-size:12px;fill:#1b1f24}"
    "svg .axis-title{font-size:12px;fill:#5a6470;text-anchor:middle}"
    "svg .now{fill:#1f5fa8}svg .before{fill:#9db7d5}svg .up{fill:#1a7f37}"
    "svg .line{fill:none;stroke:#1f5fa8;stroke-width:2}svg .pt{fill:#1f5fa8}";

static void day(char out[11], int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL || strftime(out, 11, "%Y-%m-%d", &tm) != 10) {
        snprintf(out, 11, "?");
    }
}

/* <dt>label</dt><dd data-key=key data-exact=v>shown</dd> */
static void fact(FILE *f, const char *label, const char *key, double v, const char *shown_fmt)
{
    fprintf(f, "<dt>%s</dt><dd data-key=\"%s\" data-exact=\"%.17g\">", label, key, v);
    if (isfinite(v)) {
        fprintf(f, shown_fmt, v);
    } else {
        fputs("&ndash;", f);
    }
    fputs("</dd>\n", f);
}

static void movers(FILE *f, const char *id, const char *title, const pr_snapshot_mover *m,
                   uint32_t n)
{
    fprintf(f, "<div><h3>%s</h3>", title);
    if (n == 0) {
        fprintf(f, "<p class=\"note\">none</p></div>\n");
        return;
    }
    fprintf(f,
            "<table data-table=\"%s\"><tr><th>Name</th><th class=\"n\">Position</th>"
            "<th class=\"n\">Score</th></tr>\n",
            id);
    for (uint32_t i = 0; i < n; i++) {
        pr_mover_cells t;
        pr_mover_cells_of(&t, &m[i], "&ndash;", "&ndash;");
        fprintf(f, "<tr><td class=\"name\">");
        report_html_text(f, m[i].name);
        fprintf(f, "</td><td class=\"n\">%s &rarr; %s</td><td class=\"n\">%s &rarr; %s</td></tr>\n",
                t.pos_a, t.pos_b, t.score_a, t.score_b);
    }
    fprintf(f, "</table></div>\n");
}

static void summary(FILE *f, const report_data *d)
{
    char as_of[11], older[11];
    day(as_of, d->meta.as_of);
    fprintf(f, "<h1>peoplerank report: ");
    report_html_text(f, d->meta.algorithm);
    fprintf(f, " as of %s</h1>\n<section id=\"summary\"><h2>Run</h2><dl>\n<dt>Snapshot</dt><dd>",
            as_of);
    report_html_text(f, d->path);
    fprintf(f, "</dd>\n");
    fact(f, "Persons", "persons", (double)d->meta.persons, "%.0f");
    fact(f, "Edges", "edges", (double)d->meta.edges, "%.0f");
    fact(f, "Iterations", "iterations", (double)d->meta.iterations, "%.0f");
    fact(f, "Final change", "final_change", d->meta.final_change, "%.3g");
    fact(f, "Damping", "damping", d->meta.damping, "%.3g");
    if (d->has_older) {
        day(older, d->older_meta.as_of);
        fprintf(f, "<dt>Compared with</dt><dd>");
        report_html_text(f, d->older_path);
        fprintf(f, " (as of %s)</dd>\n", older);
    }
    fprintf(f, "</dl></section>\n");
}

static void distribution(FILE *f, const report_data *d)
{
    char text[REPORT_SCORE_BINS][16];
    const char *labels[REPORT_SCORE_BINS];
    double v[REPORT_SCORE_BINS];
    for (int i = 0; i < REPORT_SCORE_BINS; i++) {
        snprintf(text[i], sizeof text[i], "%d-%d", i * 5, i * 5 + 5);
        labels[i] = text[i];
        v[i] = (double)d->score_hist[i];
    }
    report_series s = {"persons", v, "now"};
    fprintf(f, "<section id=\"scores\"><h2>Score distribution</h2>\n");
    report_svg_bars(f, "score-histogram", "Persons per score bucket", labels, REPORT_SCORE_BINS, &s,
                    1, "persons");
    fprintf(f, "</section>\n<section id=\"curve\"><h2>From raw rank to score</h2>\n"
               "<p class=\"note\">Each point is one person (log-spaced positions from the top): "
               "their raw rank value and the 1-100 score it maps to.</p>\n");
    report_svg_line(f, "score-curve", "Score by raw rank value", d->curve_rank, d->curve_score,
                    d->curve_count, 1, "raw rank value (log scale)", "score");
    fprintf(f, "</section>\n");
}

static void changes(FILE *f, const report_data *d)
{
    const pr_snapshot_comparison *c = &d->cmp;
    char text[REPORT_CHANGE_BINS][16];
    const char *labels[REPORT_CHANGE_BINS];
    double v[REPORT_CHANGE_BINS];
    for (int i = 0; i < REPORT_CHANGE_BINS; i++) {
        if (i == 0) {
            snprintf(text[i], sizeof text[i], "< -10");
        } else if (i == REPORT_CHANGE_BINS - 1) {
            snprintf(text[i], sizeof text[i], "> +10");
        } else {
            snprintf(text[i], sizeof text[i], "%+d", i - 11);
        }
        labels[i] = text[i];
        v[i] = (double)d->change_hist[i];
    }
    report_series s = {"persons", v, "now"};
    fprintf(f, "<section id=\"changes\"><h2>Score changes since the previous run</h2>\n<dl>\n");
    fact(f, "Mean change", "mean_change", d->change_mean, "%+.3f");
    fprintf(f, "</dl>\n");
    report_svg_bars(f, "score-change", "Persons by score change (rounded)", labels,
                    REPORT_CHANGE_BINS, &s, 1, "persons");
    fprintf(f, "</section>\n<section id=\"movers\"><h2>Biggest risers and fallers</h2>"
               "<div class=\"cols\">\n");
    movers(f, "risers", "Risers", c->risers, c->risers_count);
    movers(f, "fallers", "Fallers", c->fallers, c->fallers_count);
    fprintf(f, "</div></section>\n<section id=\"entries\"><h2>Entries and exits</h2><dl>\n");
    fact(f, "Persons now", "persons_b", (double)c->count_b, "%.0f");
    fact(f, "Persons before", "persons_a", (double)c->count_a, "%.0f");
    fact(f, "In both", "common", (double)c->common, "%.0f");
    fact(f, "Entered", "added", (double)c->added, "%.0f");
    fact(f, "Left", "removed", (double)c->removed, "%.0f");
    fprintf(f, "</dl><div class=\"cols\">\n");
    movers(f, "added_top", "Best-ranked entries", c->added_top, c->added_count);
    movers(f, "removed_top", "Best-ranked exits", c->removed_top, c->removed_count);
    fprintf(f, "</div></section>\n");
}

static void networks(FILE *f, const report_data *d)
{
    const char *labels[PR_SNAPSHOT_MAX_NETWORKS];
    double now[PR_SNAPSHOT_MAX_NETWORKS], before[PR_SNAPSHOT_MAX_NETWORKS];
    uint32_t n = d->network_count;
    fprintf(f, "<section id=\"networks\"><h2>Input volume per network</h2>\n");
    if (n == 0) {
        fprintf(f, "<p class=\"note\">The snapshot records no per-network volumes.</p>"
                   "</section>\n");
        return;
    }
    for (uint32_t k = 0; k < n; k++) {
        labels[k] = d->networks[k].name;
        now[k] = d->networks[k].edges[0];
        before[k] = d->networks[k].edges[1];
    }
    report_series s[2] = {{"this run", now, "now"}, {"previous run", before, "before"}};
    report_svg_bars(f, "network-volumes", "Edges per network, this run and the previous", labels, n,
                    s, d->has_older ? 2 : 1, "edges");
    fprintf(f,
            "<table data-table=\"networks\"><tr><th>Network</th><th class=\"n\">Accounts</th>"
            "<th class=\"n\">Edges</th><th class=\"n\">Weight</th>%s</tr>\n",
            d->has_older ? "<th class=\"n\">Edges before</th>" : "");
    for (uint32_t k = 0; k < n; k++) {
        const report_network *w = &d->networks[k];
        fprintf(f, "<tr><td>");
        report_html_text(f, w->name);
        fprintf(f,
                "</td><td class=\"n\">%.0f</td><td class=\"n\">%.0f</td>"
                "<td class=\"n\">%.1f</td>",
                w->accounts[0], w->edges[0], w->weight[0]);
        if (d->has_older) {
            fprintf(f, isfinite(w->edges[1]) ? "<td class=\"n\">%.0f</td>" : "<td>&ndash;</td>",
                    w->edges[1]);
        }
        fprintf(f, "</tr>\n");
    }
    fprintf(f, "</table></section>\n");
}

static void correlation(FILE *f, const report_data *d)
{
    const pr_snapshot_comparison *c = &d->cmp;
    fprintf(f, "<section id=\"correlation\"><h2>Rank correlation with the previous run</h2>"
               "<dl>\n");
    fact(f, "Spearman &rho;", "spearman_rho", c->spearman, "%.4f");
    fact(f, "Kendall &tau;-b", "kendall_tau_b", c->kendall_tau_b, "%.4f");
    fact(f, "RBO p=0.9", "rbo_p090", c->rbo_090, "%.4f");
    fact(f, "RBO p=0.98", "rbo_p098", c->rbo_098, "%.4f");
    fact(f, "Top 10 overlap (Jaccard)", "jaccard_top10", c->jaccard[0], "%.4f");
    fact(f, "Top 100 overlap", "jaccard_top100", c->jaccard[1], "%.4f");
    fact(f, "Top 1000 overlap", "jaccard_top1000", c->jaccard[2], "%.4f");
    fprintf(f, "</dl>\n");
    const char *labels[] = {"Spearman", "Kendall", "RBO .9",  "RBO .98",
                            "top 10",   "top 100", "top 1000"};
    double v[] = {c->spearman,   c->kendall_tau_b, c->rbo_090,   c->rbo_098,
                  c->jaccard[0], c->jaccard[1],    c->jaccard[2]};
    report_series s = {"agreement", v, "now"};
    report_svg_bars(f, "rank-correlation", "Agreement with the previous run (1 = identical)",
                    labels, 7, &s, 1, "agreement");
    fprintf(f, "</section>\n");
}

static void matrix(FILE *f, const report_data *d, const char *id, const char *title,
                   double m[REPORT_MAX_VARIANTS][REPORT_MAX_VARIANTS])
{
    fprintf(f, "<h3>%s</h3><table data-table=\"%s\"><tr><th></th>", title, id);
    for (uint32_t j = 0; j < d->variant_count; j++) {
        fprintf(f, "<th class=\"n\">%s</th>", d->variants[j].algorithm);
    }
    fprintf(f, "</tr>\n");
    for (uint32_t i = 0; i < d->variant_count; i++) {
        fprintf(f, "<tr><th>%s</th>", d->variants[i].algorithm);
        for (uint32_t j = 0; j < d->variant_count; j++) {
            fprintf(f, "<td class=\"n\" data-exact=\"%.17g\">%.3f</td>", m[i][j], m[i][j]);
        }
        fprintf(f, "</tr>\n");
    }
    fprintf(f, "</table>\n");
}

static void variants(FILE *f, report_data *d)
{
    fprintf(f, "<section id=\"variants\"><h2>Ranking variants of this run compared</h2>\n");
    matrix(f, d, "variants-spearman", "Spearman &rho;", d->var_spearman);
    matrix(f, d, "variants-kendall", "Kendall &tau;-b", d->var_kendall);
    matrix(f, d, "variants-top100", "Top 100 overlap (Jaccard)", d->var_top100);
    const char *labels[REPORT_MAX_VARIANTS * REPORT_MAX_VARIANTS];
    char text[REPORT_MAX_VARIANTS * REPORT_MAX_VARIANTS][72];
    double rho[REPORT_MAX_VARIANTS * REPORT_MAX_VARIANTS],
        top[REPORT_MAX_VARIANTS * REPORT_MAX_VARIANTS];
    size_t n = 0;
    for (uint32_t i = 0; i < d->variant_count; i++) {
        for (uint32_t j = i + 1; j < d->variant_count; j++, n++) {
            snprintf(text[n], sizeof text[n], "%s/%s", d->variants[i].algorithm,
                     d->variants[j].algorithm);
            labels[n] = text[n];
            rho[n] = d->var_spearman[i][j];
            top[n] = d->var_top100[i][j];
        }
    }
    report_series s[2] = {{"Spearman", rho, "now"}, {"top 100 overlap", top, "before"}};
    report_svg_bars(f, "variants", "Agreement between the variants, pair by pair", labels, n, s, 2,
                    "agreement");
    fprintf(f, "</section>\n");
}

static void page(FILE *f, report_data *d)
{
    char as_of[11];
    day(as_of, d->meta.as_of);
    fprintf(f,
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<title>peoplerank report %s</title>\n<style>%s</style></head>\n<body><main>\n",
            as_of, css);
    summary(f, d);
    distribution(f, d);
    if (d->has_older) {
        changes(f, d);
    } else {
        fprintf(f, "<section id=\"changes\"><h2>Changes</h2><p class=\"note\">No previous "
                   "snapshot to compare with (report --vs OLDER).</p></section>\n");
    }
    networks(f, d);
    if (d->has_older) {
        correlation(f, d);
    }
    if (d->variant_count > 1) {
        variants(f, d);
    }
    fprintf(f, "<p class=\"note\">Written by peoplerank %s.</p>\n</main></body></html>\n",
            PR_VERSION);
}

int report_write(const char *out_path, const char *path, const char *older_path, pr_error *err)
{
    report_data d;
    char *tmp = NULL;
    int rc;
    if ((rc = report_gather(&d, path, older_path, err)) != PR_OK) {
        goto done;
    }
    if ((tmp = pr_strfmt("%s.tmp.XXXXXX", out_path)) == NULL) {
        rc = pr_error_set(err, PR_ENOMEM, out_path, 0, "out of memory");
        goto done;
    }
    int fd = mkstemp(tmp);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (f == NULL) {
        rc = pr_error_set(err, PR_EIO, out_path, 0, "cannot write: %s", strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        goto done;
    }
    page(f, &d);
    int bad = ferror(f) | fflush(f) | fsync(fileno(f));
    bad |= fclose(f);
    if (bad != 0 || rename(tmp, out_path) != 0) {
        rc = pr_error_set(err, PR_EIO, out_path, 0, "cannot write: %s", strerror(errno));
        unlink(tmp);
    }
done:
    pr_free(tmp);
    report_data_free(&d);
    return rc;
}
