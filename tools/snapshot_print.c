/* Record printing for `top` and `lookup`. TSV columns are stable (README "Output formats"). */
#include "snapshot_print.h"
#include "peoplerank/snapshot_export.h"

void pr_print_header(FILE *out, pr_print_format f)
{
    if (f == PR_PRINT_TSV) {
        fputs("position\tname\tscore\tpercentile\trank\n", out);
    } else {
        fprintf(out, "%8s  %6s  %10s  %-12s  %s\n", "position", "score", "percentile", "rank",
                "name");
    }
}

void pr_print_record(FILE *out, pr_print_format f, const pr_snapshot_record *r)
{
    if (f == PR_PRINT_TSV) {
        char rank[32]; /* byte-identical to %.17g, several times faster (batch lookups) */
        pr_snapshot_format_double(rank, r->rank);
        fprintf(out, "%llu\t%s\t%.2f\t%.4f\t%s\n", (unsigned long long)r->position, r->name,
                r->score, r->percentile, rank);
    } else {
        fprintf(out, "%8llu  %6.2f  %10.2f  %-12.6g  %s\n", (unsigned long long)r->position,
                r->score, r->percentile, r->rank, r->name);
    }
}
