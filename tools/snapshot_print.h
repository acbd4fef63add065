/* Printing snapshot records for `top` and `lookup` in the reader formats (--format text|tsv|csv|
 * json, README "Conventions"): text is aligned for people, tsv/csv have a header line that names
 * every field of the rows, json is one record object a line (docs/snapshot-format.md). */
#ifndef PR_SNAPSHOT_PRINT_H
#define PR_SNAPSHOT_PRINT_H

#include "peoplerank/snapshot.h"
#include "peoplerank/snapshot_compare.h"

#include <stdio.h>

typedef enum { PR_PRINT_TEXT, PR_PRINT_TSV, PR_PRINT_CSV, PR_PRINT_JSON } pr_print_format;

/* "text", "tsv", "csv", "json" -> f; prints a usage error naming opt and returns PR_EXIT_USAGE. */
int pr_print_parse_format(pr_print_format *f, const char *opt, const char *value);

/* One line of tsv/csv fields (tabs/newlines inside a TSV field become spaces; CSV quoted and
 * formula-safe as export writes it). */
void pr_print_fields(FILE *out, pr_print_format f, const char *const *fields, int count);
/* The same line appended to b. */
void pr_print_fields_buf(pr_strbuf *b, pr_print_format f, const char *const *fields, int count);

/* The record columns: position, name, score, percentile, rank; `extra` (may be NULL) names one
 * more column at the end (top --network: score_NET), `query` adds query and found in front
 * (lookup). Text: aligned header. JSON: nothing. */
void pr_print_header(FILE *out, pr_print_format f, int query, const char *extra);
/* A record row to match pr_print_header; query (may be NULL) fills the query column, extra (may
 * be NULL) the extra one. JSON is not printed here (pr_snapshot_record_json). */
void pr_print_record(FILE *out, pr_print_format f, const char *query, const pr_snapshot_record *r,
                     const char *extra);
/* A tsv/csv record row appended to b (what pr_print_record writes for those formats). */
void pr_print_record_buf(pr_strbuf *b, pr_print_format f, const char *query,
                         const pr_snapshot_record *r, const char *extra);

/* A mover's positions and scores (A -> B) as text for every printer of movers (compare's text
 * and tables, the report): "%llu" and "%.2f", or no_pos / no_score where the person is absent
 * from that snapshot. */
typedef struct pr_mover_cells {
    char pos_a[24], pos_b[24], score_a[24], score_b[24];
} pr_mover_cells;
void pr_mover_cells_of(pr_mover_cells *out, const pr_snapshot_mover *m, const char *no_pos,
                       const char *no_score);

#endif
