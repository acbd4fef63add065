/* peoplerank: exporting a snapshot as TSV, CSV, JSON lines or SQLite (snapshot_export.c);
 * the columns are in docs/snapshot-format.md "Export". */
#ifndef PEOPLERANK_SNAPSHOT_EXPORT_H
#define PEOPLERANK_SNAPSHOT_EXPORT_H

#include "peoplerank/snapshot.h"

#include <stdint.h>
#include <stdio.h>

typedef enum { PR_EXPORT_TSV, PR_EXPORT_CSV, PR_EXPORT_JSONL, PR_EXPORT_SQLITE } pr_export_format;

/* Writes the whole table in rank order. Text formats go to out; SQLite needs a file path
 * (sqlite_path, replaced atomically) and ignores out. */
int pr_snapshot_export(pr_snapshot *s, pr_export_format format, FILE *out, const char *sqlite_path,
                       pr_error *err);

/* Formats v exactly as printf("%.17g") does (enough digits to round-trip), several times faster;
 * buf needs 32 bytes. Returns the length. */
int pr_snapshot_format_double(char *buf, double v);
/* Formats v exactly as printf("%.*g", precision, v) does, precision 1..17 (others go to
 * snprintf); buf needs 32 bytes. Returns the length. */
int pr_snapshot_format_g(char *buf, double v, int precision);
/* Formats v exactly as snprintf(buf, cap, "%.*f", decimals, v) does (decimals 0..9), and
 * returns what it returns; several times faster for the values readers print. */
int pr_snapshot_format_fixed(char *buf, size_t cap, double v, int decimals);

#endif
