/* peoplerank top: the most influential persons in a snapshot, overall or on one network. */
#include "cli.h"
#include "snapshot_print.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void top_usage(FILE *out)
{
    fprintf(out, "usage: peoplerank top SNAPSHOT [-n N] [--network NET] [--tsv]\n\n"
                 "Prints the N highest-ranked persons (default 10) of a snapshot file or of\n"
                 "DIR/latest. With --network, the N persons with the highest score on that\n"
                 "network (their overall position, score and rank are shown; TSV adds a\n"
                 "column score_NET).\n\n"
                 "  -n N           how many (default 10)\n"
                 "  --network NET  rank by the per-network score of NET\n"
                 "  --tsv          tab-separated: position, name, score, percentile, rank\n"
                 "  -h             this help\n"
                 "exit: 0 ok, 1 unreadable snapshot or unknown network, 2 usage error\n");
}

static const struct option top_options[] = {
    {"tsv", no_argument, NULL, 't'},
    {"network", required_argument, NULL, 'N'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int print_overall(pr_snapshot *snap, pr_print_format fmt, unsigned long long n)
{
    pr_error err = PR_ERROR_INIT;
    uint64_t count = pr_snapshot_count(snap);
    pr_print_header(stdout, fmt);
    for (uint64_t pos = 1; pos <= count && pos <= n; pos++) {
        pr_snapshot_record rec;
        if (pr_snapshot_at(&rec, snap, pos, &err) != PR_OK) {
            cli_report(&err);
            return PR_EXIT_FAIL;
        }
        pr_print_record(stdout, fmt, &rec);
    }
    return PR_EXIT_OK;
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
    if (rc == PR_EXIT_OK) {
        pr_print_header(stdout, fmt);
    }
    for (uint64_t i = 0; rc == PR_EXIT_OK && i < have; i++) {
        rc = pr_snapshot_at(&rec, snap, b[i].pos, &err) == PR_OK ? PR_EXIT_OK : PR_EXIT_FAIL;
        if (rc == PR_EXIT_OK && fmt == PR_PRINT_TSV) {
            printf("%llu\t%s\t%.2f\t%.4f\t%.17g\t%.2f\n", (unsigned long long)rec.position,
                   rec.name, rec.score, rec.percentile, rec.rank, b[i].score);
        } else if (rc == PR_EXIT_OK) {
            pr_print_record(stdout, fmt, &rec);
        }
    }
    if (rc != PR_EXIT_OK) {
        b != NULL ? cli_report(&err) : cli_error("out of memory");
    }
    pr_free(b);
    return rc;
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
