/* Printing snapshot records as aligned text or TSV, shared by `top` and `lookup`. */
#ifndef PR_SNAPSHOT_PRINT_H
#define PR_SNAPSHOT_PRINT_H

#include "peoplerank/snapshot.h"

#include <stdio.h>

typedef enum { PR_PRINT_TEXT, PR_PRINT_TSV } pr_print_format;

/* Column header (TSV: "position\tname\tscore\tpercentile\trank"). */
void pr_print_header(FILE *out, pr_print_format f);
void pr_print_record(FILE *out, pr_print_format f, const pr_snapshot_record *r);

#endif
