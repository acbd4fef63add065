/* peoplerank inspect: a snapshot's header, counts, sizes and score distribution. */
#include "cli.h"

#include "peoplerank/snapshot.h"

#include <getopt.h>
#include <json-c/json.h>
#include <math.h>

static void inspect_usage(FILE *out)
{
    fprintf(out, "usage: peoplerank inspect SNAPSHOT\n\n"
                 "Prints the header (as JSON), the columns, the sizes (bytes per person) and a\n"
                 "histogram of the scores in ten bands of 10 points.\n\n"
                 "  -h        this help\n"
                 "exit: 0 ok, 1 unreadable snapshot, 2 usage error\n");
}

static void print_header(pr_snapshot *s)
{
    json_object *o = json_tokener_parse(pr_snapshot_header_json(s));
    printf("header:\n%s\n", o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
                                                                 JSON_C_TO_STRING_NOSLASHESCAPE)
                              : pr_snapshot_header_json(s));
    json_object_put(o);
    printf("columns:");
    for (int c = PR_SNAPSHOT_COL_NAME; c <= PR_SNAPSHOT_COL_DELTAS; c++) {
        if (pr_snapshot_has_column(s, c)) {
            printf(" %s", pr_snapshot_column_name(c));
        }
    }
    printf("\n");
}

static void print_sizes(pr_snapshot *s)
{
    pr_snapshot_sizes z;
    pr_snapshot_get_sizes(&z, s);
    double n = (double)(pr_snapshot_count(s) ? pr_snapshot_count(s) : 1);
    printf("persons:        %llu\n", (unsigned long long)pr_snapshot_count(s));
    printf("file:           %llu bytes (%.2f per person)\n", (unsigned long long)z.file,
           (double)z.file / n);
    printf("record blocks:  %u x %u records, %llu bytes (%.2f per person; %llu decompressed)\n",
           z.record_blocks, z.records_per_block, (unsigned long long)z.records,
           (double)z.records / n, (unsigned long long)z.records_raw);
    printf("name index:     %u blocks, %llu bytes (%.2f per person)\n", z.index_blocks,
           (unsigned long long)z.index, (double)z.index / n);
    printf("header+directory: %llu bytes\n", (unsigned long long)(z.header + z.directory));
}

static int print_histogram(pr_snapshot *s)
{
    uint64_t band[10] = {0}, most = 1;
    pr_error err = PR_ERROR_INIT;
    for (uint64_t p = 1; p <= pr_snapshot_count(s); p++) {
        pr_snapshot_record r;
        if (pr_snapshot_at(&r, s, p, &err) != PR_OK) {
            cli_report(&err);
            return PR_EXIT_FAIL;
        }
        int b = r.score >= 100.0 ? 9 : (r.score <= 0 ? 0 : (int)floor(r.score / 10.0));
        band[b]++;
    }
    for (int b = 0; b < 10; b++) {
        most = band[b] > most ? band[b] : most;
    }
    printf("scores:\n");
    for (int b = 0; b < 10; b++) {
        int width = (int)((double)band[b] * 50.0 / (double)most + 0.5);
        printf("  %3d-%-3d %10llu  %.*s\n", b * 10, b * 10 + 10, (unsigned long long)band[b],
               width, "##################################################");
    }
    return PR_EXIT_OK;
}

int cmd_inspect(int argc, char **argv)
{
    static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    while ((c = cli_getopt(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            inspect_usage(stdout);
            return PR_EXIT_OK;
        }
        return PR_EXIT_USAGE;
    }
    if (optind + 1 != argc) {
        cli_error("inspect needs exactly one snapshot (see 'peoplerank inspect --help')");
        return PR_EXIT_USAGE;
    }
    pr_error err = PR_ERROR_INIT;
    pr_snapshot *s = NULL;
    if (pr_snapshot_open(&s, argv[optind], &err) != PR_OK) {
        cli_report(&err);
        return PR_EXIT_FAIL;
    }
    printf("file:           %s\n", argv[optind]);
    print_header(s);
    print_sizes(s);
    int rc = print_histogram(s);
    pr_snapshot_close(s);
    return rc;
}
