/* peoplerank inspect: a snapshot's header, counts, sizes and score distribution. */
#include "cli.h"
#include "snapshot_print.h"

#include "peoplerank/snapshot.h"

#include <getopt.h>
#include <json-c/json.h>
#include <math.h>

static void inspect_usage(FILE *out)
{
    fprintf(out, "usage: peoplerank inspect SNAPSHOT [--format FORMAT]\n\n"
                 "Prints the header (as JSON), the columns, the sizes (bytes per person) and a\n"
                 "histogram of the scores in ten bands of 10 points. SNAPSHOT is a file or a\n"
                 "snapshot directory (its latest). Every record is read before anything is\n"
                 "printed.\n\n"
                 "  --format FORMAT  text (default); json: one object (file, header, columns,\n"
                 "                   persons, sizes, score_bands); tsv or csv: key, value rows\n"
                 "                   (the header as one JSON text value)\n"
                 "  -h               this help\n"
                 "exit: 0 ok, 1 unreadable snapshot, 2 usage error\n");
}

static int histogram(uint64_t band[10], pr_snapshot *s)
{
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
    return PR_EXIT_OK;
}

static void print_text(pr_snapshot *s, const char *path, const uint64_t band[10])
{
    printf("file:           %s\n", path);
    json_object *o = json_tokener_parse(pr_snapshot_header_json(s));
    printf("header:\n%s\n", o ? json_object_to_json_string_ext(
                                    o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE)
                              : pr_snapshot_header_json(s));
    json_object_put(o);
    printf("columns:");
    for (int c = PR_SNAPSHOT_COL_NAME; c <= PR_SNAPSHOT_COL_DELTAS; c++) {
        if (pr_snapshot_has_column(s, c)) {
            printf(" %s", pr_snapshot_column_name(c));
        }
    }
    printf("\n");
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
    uint64_t most = 1;
    for (int b = 0; b < 10; b++) {
        most = band[b] > most ? band[b] : most;
    }
    printf("scores:\n");
    for (int b = 0; b < 10; b++) {
        int width = (int)((double)band[b] * 50.0 / (double)most + 0.5);
        printf("  %3d-%-3d %10llu  %.*s\n", b * 10, b * 10 + 10, (unsigned long long)band[b], width,
               "##################################################");
    }
}

/* json, tsv, csv: the same facts as one object or as key/value rows. */
static void print_data(pr_snapshot *s, const char *path, const uint64_t band[10], pr_print_format f)
{
    pr_snapshot_sizes z;
    pr_snapshot_get_sizes(&z, s);
    json_object *o = json_object_new_object(), *cols = json_object_new_array();
    json_object *sizes = json_object_new_object(), *bands = json_object_new_array();
    json_object_object_add(o, "file", json_object_new_string(path));
    json_object *h = json_tokener_parse(pr_snapshot_header_json(s));
    json_object_object_add(o, "header", h);
    for (int c = PR_SNAPSHOT_COL_NAME; c <= PR_SNAPSHOT_COL_DELTAS; c++) {
        if (pr_snapshot_has_column(s, c)) {
            json_object_array_add(cols, json_object_new_string(pr_snapshot_column_name(c)));
        }
    }
    json_object_object_add(o, "columns", cols);
    json_object_object_add(o, "persons", json_object_new_uint64(pr_snapshot_count(s)));
    json_object_object_add(sizes, "file", json_object_new_uint64(z.file));
    json_object_object_add(sizes, "records", json_object_new_uint64(z.records));
    json_object_object_add(sizes, "records_raw", json_object_new_uint64(z.records_raw));
    json_object_object_add(sizes, "index", json_object_new_uint64(z.index));
    json_object_object_add(sizes, "header", json_object_new_uint64(z.header));
    json_object_object_add(sizes, "directory", json_object_new_uint64(z.directory));
    json_object_object_add(o, "sizes", sizes);
    for (int b = 0; b < 10; b++) {
        json_object_array_add(bands, json_object_new_uint64(band[b]));
    }
    json_object_object_add(o, "score_bands", bands);
    if (f == PR_PRINT_JSON) {
        puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                   JSON_C_TO_STRING_NOSLASHESCAPE));
    } else {
        const char *head[2] = {"key", "value"};
        pr_print_fields(stdout, f, head, 2);
        json_object_object_foreach(o, key, val)
        {
            const char *row[2] = {
                key, json_object_is_type(val, json_type_string)
                         ? json_object_get_string(val)
                         : json_object_to_json_string_ext(val, JSON_C_TO_STRING_PLAIN |
                                                                   JSON_C_TO_STRING_NOSLASHESCAPE)};
            pr_print_fields(stdout, f, row, 2);
        }
    }
    json_object_put(o);
}

int cmd_inspect(int argc, char **argv)
{
    static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
                                         {"format", required_argument, NULL, 'f'},
                                         {NULL, 0, NULL, 0}};
    pr_print_format fmt = PR_PRINT_TEXT;
    int c;
    optind = 1;
    while ((c = cli_getopt(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            inspect_usage(stdout);
            return PR_EXIT_OK;
        } else if (c != 'f' || pr_print_parse_format(&fmt, "--format", optarg) != PR_EXIT_OK) {
            return PR_EXIT_USAGE;
        }
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
    uint64_t band[10] = {0};
    int rc = histogram(band, s);
    if (rc == PR_EXIT_OK && fmt == PR_PRINT_TEXT) {
        print_text(s, argv[optind], band);
    } else if (rc == PR_EXIT_OK) {
        print_data(s, argv[optind], band, fmt);
    }
    pr_snapshot_close(s);
    return rc;
}
