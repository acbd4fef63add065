/* peoplerank top: the most influential persons in a snapshot, overall or on one network. */
#include "cli.h"
#include "snapshot_print.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void top_usage(FILE *out)
{
    fprintf(out, "usage: peoplerank top SNAPSHOT [-n N] [--network NET] [--format FORMAT]\n\n"
                 "Prints the N highest-ranked persons (default 10) of a snapshot file or of a\n"
                 "snapshot directory (its latest). With --network, the N persons with the\n"
                 "highest score on that network (their overall position, score and rank are\n"
                 "shown, and a last column score_NET).\n\n"
                 "  -n N             how many (default 10)\n"
                 "  --network NET    rank by the per-network score of NET\n"
                 "  --format FORMAT  text (default), tsv, csv (header line first: position,\n"
                 "                   name, score, percentile, rank[, score_NET]) or json (one\n"
                 "                   record object a line, docs/snapshot-format.md)\n"
                 "  --tsv            same as --format tsv\n"
                 "  -h               this help\n"
                 "Nothing is printed unless every record to print reads back intact.\n"
                 "exit: 0 ok, 1 unreadable snapshot or unknown network, 2 usage error\n");
}

static const struct option top_options[] = {
    {"tsv", no_argument, NULL, 't'},
    {"format", required_argument, NULL, 'f'},
    {"network", required_argument, NULL, 'N'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Prints the records at pos[0..count) after reading every one of them once, so that a damaged
 * block fails the command before anything is on stdout. */
static int print_positions(pr_snapshot *snap, pr_print_format fmt, const uint64_t *pos,
                           const double *net_score, uint64_t count, const char *extra)
{
    pr_error err = PR_ERROR_INIT;
    pr_snapshot_record rec;
    for (uint64_t i = 0; i < count; i++) {
        if (pr_snapshot_at(&rec, snap, pos[i], &err) != PR_OK) {
            cli_report(&err);
            return PR_EXIT_FAIL;
        }
    }
    pr_print_header(stdout, fmt, 0, extra);
    pr_strbuf line = PR_STRBUF_INIT;
    int rc = PR_OK;
    for (uint64_t i = 0; i < count; i++) {
        char value[32];
        snprintf(value, sizeof value, "%.2f", net_score ? net_score[i] : 0.0);
        if (fmt == PR_PRINT_JSON) {
            line.len = 0;
            if ((rc = pr_snapshot_record_json(&line, snap, pos[i], &err)) != PR_OK) {
                goto done;
            }
            puts(line.data);
        } else {
            if ((rc = pr_snapshot_at(&rec, snap, pos[i], &err)) != PR_OK) {
                goto done;
            }
            pr_print_record(stdout, fmt, NULL, &rec, extra ? value : NULL);
        }
    }
done:
    pr_strbuf_free(&line);
    if (rc != PR_OK) {
        cli_report(&err);
        return PR_EXIT_FAIL;
    }
    return PR_EXIT_OK;
}

static int print_overall(pr_snapshot *snap, pr_print_format fmt, unsigned long long n)
{
    uint64_t count = pr_snapshot_count(snap);
    count = n < count ? n : count;
    uint64_t *pos = pr_mallocarray(count ? count : 1, sizeof *pos);
    if (pos == NULL) {
        cli_error("out of memory");
        return PR_EXIT_FAIL;
    }
    for (uint64_t i = 0; i < count; i++) {
        pos[i] = i + 1;
    }
    int rc = print_positions(snap, fmt, pos, NULL, count, NULL);
    pr_free(pos);
    return rc;
}

typedef struct best {
    double score;
    uint64_t pos;
} best;

/* Keeps the n best (score descending, then position) in b[0..*have). */
static void keep_best(best *b, uint64_t *have, uint64_t n, double score, uint64_t pos)
{
    if (n == 0 || (*have == n && score <= b[n - 1].score)) {
        return;
    }
    uint64_t i = *have < n ? (*have)++ : n - 1;
    while (i > 0 && b[i - 1].score < score) {
        b[i] = b[i - 1];
        i--;
    }
    b[i] = (best){score, pos};
}

static int find_network(uint32_t *k, pr_snapshot *snap, const char *path, const char *net)
{
    for (*k = 0; *k < pr_snapshot_network_count(snap); (*k)++) {
        if (strcmp(pr_snapshot_network_name(snap, *k), net) == 0) {
            return PR_EXIT_OK;
        }
    }
    cli_error("%s: no network '%s' in this snapshot", path, net);
    return PR_EXIT_FAIL;
}

static int print_network(pr_snapshot *snap, const char *path, pr_print_format fmt,
                         unsigned long long n, const char *net)
{
    uint32_t k;
    if (find_network(&k, snap, path, net) != PR_EXIT_OK) {
        return PR_EXIT_FAIL;
    }
    uint64_t count = pr_snapshot_count(snap), have = 0, cap = n < count ? n : count;
    best *b = pr_mallocarray(cap ? cap : 1, sizeof *b);
    pr_error err = PR_ERROR_INIT;
    pr_snapshot_record rec;
    int rc = b ? PR_EXIT_OK : PR_EXIT_FAIL;
    for (uint64_t pos = 1; rc == PR_EXIT_OK && pos <= count; pos++) {
        rc = pr_snapshot_at(&rec, snap, pos, &err) == PR_OK ? PR_EXIT_OK : PR_EXIT_FAIL;
        if (rc == PR_EXIT_OK && isfinite(rec.network_score[k])) {
            keep_best(b, &have, cap, rec.network_score[k], pos);
        }
    }
    uint64_t *pos = rc == PR_EXIT_OK ? pr_mallocarray(have ? have : 1, sizeof *pos) : NULL;
    double *score = pos ? pr_mallocarray(have ? have : 1, sizeof *score) : NULL;
    if (rc == PR_EXIT_OK && score != NULL) {
        char extra[48];
        snprintf(extra, sizeof extra, "score_%s", net);
        for (uint64_t i = 0; i < have; i++) {
            pos[i] = b[i].pos;
            score[i] = b[i].score;
        }
        rc = print_positions(snap, fmt, pos, score, have, extra);
        pr_free(pos);
        pr_free(score);
        pr_free(b);
        return rc;
    }
    pr_free(pos);
    rc == PR_EXIT_OK || b == NULL ? cli_error("out of memory") : cli_report(&err);
    pr_free(b);
    return PR_EXIT_FAIL;
}

int cmd_top(int argc, char **argv)
{
    unsigned long long n = 10;
    pr_print_format fmt = PR_PRINT_TEXT;
    const char *net = NULL;
    int c;
    optind = 1;
    while ((c = cli_getopt(argc, argv, "n:h", top_options, NULL)) != -1) {
        if (c == 'h') {
            top_usage(stdout);
            return PR_EXIT_OK;
        } else if (c == 't') {
            fmt = PR_PRINT_TSV;
        } else if (c == 'f') {
            if (pr_print_parse_format(&fmt, "--format", optarg) != PR_EXIT_OK) {
                return PR_EXIT_USAGE;
            }
        } else if (c == 'N') {
            net = optarg;
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
    int rc = net ? print_network(snap, argv[optind], fmt, n, net) : print_overall(snap, fmt, n);
    pr_snapshot_close(snap);
    return rc;
}
