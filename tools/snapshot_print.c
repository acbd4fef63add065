/* Record printing for `top` and `lookup` (snapshot_print.h). */
#include "snapshot_print.h"
#include "peoplerank/snapshot_export.h"

#include "cli.h"

#include <math.h>
#include <string.h>

int pr_print_parse_format(pr_print_format *f, const char *opt, const char *value)
{
    static const char *const names[] = {"text", "tsv", "csv", "json"};
    for (int i = 0; i < 4; i++) {
        if (strcmp(value, names[i]) == 0) {
            *f = (pr_print_format)i;
            return PR_EXIT_OK;
        }
    }
    cli_error("%s: '%s' is not text, tsv, csv or json", opt, value);
    return PR_EXIT_USAGE;
}

/* One field as tsv (tabs, newlines to spaces) or csv (quoted, formula-safe). */
static void field(pr_strbuf *b, pr_print_format f, const char *s)
{
    if (f == PR_PRINT_CSV) {
        pr_strbuf_csv(b, s);
        return;
    }
    size_t start = b->len, n = strlen(s);
    pr_strbuf_put(b, s, n);
    if (b->failed || strpbrk(s, "\t\n\r") == NULL) {
        return;
    }
    for (char *q = b->data + start; q < b->data + start + n; q++) {
        *q = (*q == '\t' || *q == '\n' || *q == '\r') ? ' ' : *q;
    }
}

void pr_print_fields_buf(pr_strbuf *b, pr_print_format f, const char *const *fields, int count)
{
    for (int i = 0; i < count; i++) {
        if (i > 0) {
            pr_strbuf_put(b, f == PR_PRINT_CSV ? "," : "\t", 1);
        }
        field(b, f, fields[i]);
    }
    pr_strbuf_put(b, "\n", 1);
}

void pr_print_fields(FILE *out, pr_print_format f, const char *const *fields, int count)
{
    pr_strbuf b = PR_STRBUF_INIT;
    pr_print_fields_buf(&b, f, fields, count);
    fwrite(b.data ? b.data : "", 1, b.len, out);
    pr_strbuf_free(&b);
}

void pr_print_header(FILE *out, pr_print_format f, int query, const char *extra)
{
    const char *cols[8];
    int n = 0;
    if (f == PR_PRINT_JSON) {
        return;
    }
    if (f == PR_PRINT_TEXT) {
        fprintf(out, "%8s  %6s  %10s  %-12s  %s%s%s\n", "position", "score", "percentile", "rank",
                "name", extra ? "  " : "", extra ? extra : "");
        return;
    }
    if (query) {
        cols[n++] = "query";
        cols[n++] = "found";
    }
    cols[n++] = "position";
    cols[n++] = "name";
    cols[n++] = "score";
    cols[n++] = "percentile";
    cols[n++] = "rank";
    if (extra) {
        cols[n++] = extra;
    }
    pr_print_fields(out, f, cols, n);
}

void pr_print_record_buf(pr_strbuf *b, pr_print_format f, const char *query,
                         const pr_snapshot_record *r, const char *extra)
{
    char pos[24], score[48], pct[48], rank[32];
    const char *cols[8];
    int n = 0;
    snprintf(pos, sizeof pos, "%llu", (unsigned long long)r->position);
    pr_snapshot_format_fixed(score, sizeof score, r->score, 2);
    pr_snapshot_format_fixed(pct, sizeof pct, r->percentile, 6);
    pr_snapshot_format_double(rank, r->rank); /* %.17g: round-trips */
    if (query) {
        cols[n++] = query;
        cols[n++] = "true";
    }
    cols[n++] = pos;
    cols[n++] = r->name;
    cols[n++] = score;
    cols[n++] = pct;
    cols[n++] = rank;
    if (extra) {
        cols[n++] = extra;
    }
    pr_print_fields_buf(b, f, cols, n);
}

void pr_print_record(FILE *out, pr_print_format f, const char *query, const pr_snapshot_record *r,
                     const char *extra)
{
    if (f == PR_PRINT_TEXT) {
        fprintf(out, "%8llu  %6.2f  %10.2f  %-12.6g  %s%s%s\n", (unsigned long long)r->position,
                r->score, r->percentile, r->rank, r->name, extra ? "  " : "", extra ? extra : "");
        return;
    }
    if (f == PR_PRINT_JSON) {
        return;
    }
    pr_strbuf b = PR_STRBUF_INIT;
    pr_print_record_buf(&b, f, query, r, extra);
    fwrite(b.data ? b.data : "", 1, b.len, out);
    pr_strbuf_free(&b);
}

static void cell_pos(char out[24], uint64_t pos, const char *none)
{
    if (pos != 0) {
        snprintf(out, 24, "%llu", (unsigned long long)pos);
    } else {
        snprintf(out, 24, "%s", none);
    }
}

static void cell_score(char out[24], double score, const char *none)
{
    if (isfinite(score)) {
        snprintf(out, 24, "%.2f", score);
    } else {
        snprintf(out, 24, "%s", none);
    }
}

void pr_mover_cells_of(pr_mover_cells *out, const pr_snapshot_mover *m, const char *no_pos,
                       const char *no_score)
{
    cell_pos(out->pos_a, m->pos_a, no_pos);
    cell_pos(out->pos_b, m->pos_b, no_pos);
    cell_score(out->score_a, m->score_a, no_score);
    cell_score(out->score_b, m->score_b, no_score);
}
