/* peoplerank report: a self-contained HTML report of one snapshot (against an older one). */
#include "../cli.h"
#include "report.h"

#include <getopt.h>
#include <string.h>

static void report_usage(FILE *out)
{
    fprintf(out, "usage: peoplerank report SNAPSHOT [--vs OLDER] -o REPORT.html\n\n"
                 "Writes one self-contained HTML file (inline CSS and SVG, nothing fetched):\n"
                 "the score histogram, the raw-rank-to-score curve and per-network input\n"
                 "volumes; with --vs, the score-change histogram, the biggest risers and\n"
                 "fallers, entries and exits, and the rank correlation with OLDER (the numbers\n"
                 "of 'peoplerank compare OLDER SNAPSHOT'); for a multi-algorithm run\n"
                 "(OUT/ALGORITHM/ directories), the variants compared. The file is replaced\n"
                 "atomically. 'peoplerank run --report FILE' writes one after publishing.\n\n"
                 "  --vs OLDER   the snapshot to compare with (e.g. the previous run's)\n"
                 "  -o FILE      where to write the report\n"
                 "  -h           this help\n"
                 "exit: 0 written, 1 unreadable snapshot or unwritable file, 2 usage error\n");
}

int cmd_report(int argc, char **argv)
{
    static const struct option opts[] = {
        {"vs", required_argument, NULL, 'v'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    const char *older = NULL, *out = NULL;
    int c;
    optind = 1;
    while ((c = cli_getopt(argc, argv, "ho:", opts, NULL)) != -1) {
        if (c == 'h') {
            report_usage(stdout);
            return PR_EXIT_OK;
        } else if (c == 'v') {
            older = optarg;
        } else if (c == 'o') {
            out = optarg;
        } else {
            return PR_EXIT_USAGE;
        }
    }
    if (optind + 1 != argc || out == NULL) {
        cli_error("report needs one snapshot and -o FILE (see 'peoplerank report --help')");
        return PR_EXIT_USAGE;
    }
    pr_error err = PR_ERROR_INIT;
    if (report_write(out, argv[optind], older, &err) != PR_OK) {
        cli_report(&err);
        return PR_EXIT_FAIL;
    }
    return PR_EXIT_OK;
}
