/* peoplerank verify: checks every checksum and the structure of snapshot files. */
#include "cli.h"

#include "peoplerank/snapshot.h"

#include <getopt.h>

static void verify_usage(FILE *out)
{
    fprintf(out, "usage: peoplerank verify SNAPSHOT...\n\n"
                 "Checks every block checksum, the rank order and the name index of each\n"
                 "snapshot; prints 'FILE: ok (N persons)' or the problem.\n\n"
                 "  -q        no 'ok' lines; problems are still reported on stderr\n"
                 "  -h        this help\n"
                 "exit: 0 all good, 1 a snapshot is damaged or unreadable, 2 usage error\n");
}

static int verify_one(const char *path)
{
    pr_error err = PR_ERROR_INIT;
    pr_snapshot *s = NULL;
    int rc;
    if ((rc = pr_snapshot_open(&s, path, &err)) != PR_OK ||
        (rc = pr_snapshot_verify(s, &err)) != PR_OK) {
        cli_report(&err);
    } else if (!cli_quiet) {
        printf("%s: ok (%llu persons)\n", path, (unsigned long long)pr_snapshot_count(s));
    }
    pr_snapshot_close(s);
    return rc == PR_OK ? PR_EXIT_OK : PR_EXIT_FAIL;
}

int cmd_verify(int argc, char **argv)
{
    static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    while ((c = cli_getopt(argc, argv, "hq", opts, NULL)) != -1) {
        if (c == 'h') {
            verify_usage(stdout);
            return PR_EXIT_OK;
        } else if (c == 'q') {
            cli_quiet = 1;
        } else {
            return PR_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        cli_error("verify needs at least one snapshot (see 'peoplerank verify --help')");
        return PR_EXIT_USAGE;
    }
    int rc = PR_EXIT_OK;
    for (int i = optind; i < argc; i++) {
        if (verify_one(argv[i]) != PR_EXIT_OK) {
            rc = PR_EXIT_FAIL;
        }
    }
    return rc;
}
