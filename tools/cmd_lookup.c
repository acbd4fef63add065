/* peoplerank lookup: one or more persons' scores. */
#include "cli.h"
#include "snapshot_print.h"

#include <getopt.h>
#include <string.h>

static void lookup_usage(FILE *out)
{
    fprintf(out, "usage: peoplerank lookup SNAPSHOT NAME... [--tsv]\n\n"
                 "Prints each named person's score, percentile and rank. NAME is an account\n"
                 "(network:handle) or a person id from the identity map.\n\n"
                 "  --tsv     tab-separated: position, name, score, percentile, rank\n"
                 "  -h        this help\n"
                 "exit: 0 all found, 1 some name unknown (the others are still printed) or\n"
                 "unreadable snapshot, 2 usage error\n");
}

static const struct option lookup_options[] = {
    {"tsv", no_argument, NULL, 't'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

int cmd_lookup(int argc, char **argv)
{
    pr_print_format fmt = PR_PRINT_TEXT;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", lookup_options, NULL)) != -1) {
        if (c == 'h') {
            lookup_usage(stdout);
            return PR_EXIT_OK;
        } else if (c == 't') {
            fmt = PR_PRINT_TSV;
        } else {
            return PR_EXIT_USAGE;
        }
    }
    if (argc - optind < 2) {
        cli_error("lookup needs a snapshot and at least one name (see 'peoplerank lookup --help')");
        return PR_EXIT_USAGE;
    }
    const char *path = argv[optind];
    pr_error err = PR_ERROR_INIT;
    pr_snapshot *snap = NULL;
    if (pr_snapshot_open(&snap, path, &err) != PR_OK) {
        cli_report(&err);
        return PR_EXIT_FAIL;
    }
    int rc = PR_EXIT_OK;
    pr_print_header(stdout, fmt);
    for (int i = optind + 1; i < argc; i++) {
        pr_snapshot_record rec;
        int found = pr_snapshot_lookup(&rec, snap, argv[i], &err);
        if (found == PR_OK) {
            pr_print_record(stdout, fmt, &rec);
        } else if (found == PR_ENOTFOUND) {
            cli_error("%s: no person named '%s'", path, argv[i]);
            rc = PR_EXIT_FAIL;
        } else {
            cli_report(&err);
            rc = PR_EXIT_FAIL;
            break;
        }
    }
    pr_snapshot_close(snap);
    return rc;
}
