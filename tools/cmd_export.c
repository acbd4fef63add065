/* peoplerank export: the whole table of a snapshot as TSV, CSV, JSON lines or SQLite. */
#include "cli.h"
#include "peoplerank/snapshot_export.h"

#include "peoplerank/snapshot.h"

#include <errno.h>
#include <getopt.h>
#include <string.h>

static void export_usage(FILE *out)
{
    fprintf(out,
            "usage: peoplerank export SNAPSHOT [--format tsv|csv|jsonl|sqlite] [-o FILE]\n\n"
            "Writes every person in rank order. Columns (stable, docs/snapshot-format.md):\n"
            "position name score percentile rank accounts engagers engagement delta_day\n"
            "delta_week delta_month influencers influencees, then score_NETWORK for each\n"
            "network. Ranks and engagement use %%.17g (they round-trip); score and deltas two\n"
            "decimals, percentile six. influencers/influencees are positions (1 = top).\n"
            "SQLite: table persons (indexed by name and score) and table snapshot (header).\n\n"
            "  --format F   tsv (default), csv, jsonl or sqlite\n"
            "  -o FILE      write to FILE (required for sqlite; default standard output)\n"
            "  -h           this help\n"
            "exit: 0 ok, 1 unreadable snapshot or write error, 2 usage error\n");
}

static int parse_format(pr_export_format *f, const char *s)
{
    static const char *const names[] = {"tsv", "csv", "jsonl", "sqlite"};
    for (int i = 0; i < 4; i++) {
        if (strcmp(s, names[i]) == 0) {
            *f = (pr_export_format)i;
            return PR_EXIT_OK;
        }
    }
    cli_error("--format: '%s' is not one of tsv, csv, jsonl, sqlite", s);
    return PR_EXIT_USAGE;
}

static int run_export(const char *snap_path, pr_export_format f, const char *out_path)
{
    pr_error err = PR_ERROR_INIT;
    pr_snapshot *s = NULL;
    if (pr_snapshot_open(&s, snap_path, &err) != PR_OK) {
        cli_report(&err);
        return PR_EXIT_FAIL;
    }
    FILE *out = stdout;
    if (f != PR_EXPORT_SQLITE && out_path != NULL && (out = fopen(out_path, "w")) == NULL) {
        cli_error("%s: cannot create: %s", out_path, strerror(errno));
        pr_snapshot_close(s);
        return PR_EXIT_FAIL;
    }
    int rc = pr_snapshot_export(s, f, out, out_path, &err);
    if (out != stdout && fclose(out) != 0 && rc == PR_OK) {
        rc = pr_error_set(&err, PR_EIO, out_path, 0, "write failed: %s", strerror(errno));
    }
    if (rc != PR_OK) {
        if (err.file[0] == '\0' && out_path != NULL) {
            snprintf(err.file, sizeof err.file, "%s", out_path);
        }
        cli_report(&err);
    }
    pr_snapshot_close(s);
    return rc == PR_OK ? PR_EXIT_OK : PR_EXIT_FAIL;
}

int cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    pr_export_format f = PR_EXPORT_TSV;
    const char *out_path = NULL;
    int c;
    optind = 1;
    while ((c = cli_getopt(argc, argv, "f:o:h", opts, NULL)) != -1) {
        if (c == 'h') {
            export_usage(stdout);
            return PR_EXIT_OK;
        } else if (c == 'f') {
            if (parse_format(&f, optarg) != PR_EXIT_OK) {
                return PR_EXIT_USAGE;
            }
        } else if (c == 'o') {
            out_path = optarg;
        } else {
            return PR_EXIT_USAGE;
        }
    }
    if (optind + 1 != argc) {
        cli_error("export needs exactly one snapshot (see 'peoplerank export --help')");
        return PR_EXIT_USAGE;
    }
    if (f == PR_EXPORT_SQLITE && out_path == NULL) {
        cli_error("--format sqlite needs -o FILE");
        return PR_EXIT_USAGE;
    }
    return run_export(argv[optind], f, out_path);
}
