/* peoplerank top: the most influential persons in a snapshot. */
#include "cli.h"
#include "snapshot_print.h"

#include <getopt.h>
#include <string.h>

static void top_usage(FILE *out)
{
    fprintf(out, "usage: peoplerank top SNAPSHOT [-n N] [--tsv]\n\n"
                 "Prints the N highest-ranked persons (default 10) of a snapshot file or of\n"
                 "DIR/latest.\n\n"
                 "  -n N      how many (default 10)\n"
                 "  --tsv     tab-separated: position, name, score, percentile, rank\n"
                 "  -h        this help\n"
                 "exit: 0 ok, 1 unreadable snapshot, 2 usage error\n");
}

static const struct option top_options[] = {
    {"tsv", no_argument, NULL, 't'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

int cmd_top(int argc, char **argv)
{
    unsigned long long n = 10;
    pr_print_format fmt = PR_PRINT_TEXT;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "n:h", top_options, NULL)) != -1) {
        if (c == 'h') {
            top_usage(stdout);
            return PR_EXIT_OK;
        } else if (c == 't') {
            fmt = PR_PRINT_TSV;
        } else if (c == 'n') {
            if (cli_parse_u64(&n, "-n", optarg) != PR_EXIT_OK) {
                return PR_EXIT_USAGE;
            }
        } else {
            return PR_EXIT_USAGE;
        }
    }
    if (optind + 1 != argc) {
        cli_error("top needs exactly one snapshot (see 'peoplerank top --help')");
        return PR_EXIT_USAGE;
    }
    pr_error err = PR_ERROR_INIT;
    pr_snapshot *snap = NULL;
    if (pr_snapshot_open(&snap, argv[optind], &err) != PR_OK) {
        cli_report(&err);
        return PR_EXIT_FAIL;
    }
    int rc = PR_EXIT_OK;
    uint64_t count = pr_snapshot_count(snap);
    pr_print_header(stdout, fmt);
    for (uint64_t pos = 1; pos <= count && pos <= n; pos++) {
        pr_snapshot_record rec;
        if (pr_snapshot_at(&rec, snap, pos, &err) != PR_OK) {
            cli_report(&err);
            rc = PR_EXIT_FAIL;
            break;
        }
        pr_print_record(stdout, fmt, &rec);
    }
    pr_snapshot_close(snap);
    return rc;
}
