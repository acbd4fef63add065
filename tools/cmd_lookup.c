/* peoplerank lookup: one or more persons' scores, from the command line or standard input. */
#include "account_index.h"
#include "peoplerank/line_reader.h"
#include "cli.h"
#include "snapshot_print.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void lookup_usage(FILE *out)
{
    fprintf(out, "usage: peoplerank lookup SNAPSHOT [NAME...] [--format FORMAT]\n\n"
                 "Prints each named person's score, percentile and rank; the text form adds\n"
                 "their deltas, per-network scores, influencers and influencees when the\n"
                 "snapshot has them. SNAPSHOT is a file or a snapshot directory (its latest).\n"
                 "NAME is an account (network:handle) or a person id from the identity map.\n"
                 "Without NAME (or with NAME '-'), names are read from standard input, one a\n"
                 "line (blank lines skipped), and looked up in batches.\n\n"
                 "  --format FORMAT  text (default), or one row per NAME in input order that\n"
                 "                   joins back to it: tsv / csv with the columns query, found,\n"
                 "                   position, name, score, percentile, rank (an unknown name:\n"
                 "                   found false, the rest empty); json: one object a line,\n"
                 "                   {\"query\":..., \"found\":true|false, then the record keys\n"
                 "                   of docs/snapshot-format.md \"Record JSON\"}\n"
                 "  --tsv, --json    same as --format tsv, --format json\n"
                 "  -h               this help\n"
                 "exit: 0 all found, 1 some name unknown (named on stderr; the others are still\n"
                 "printed) or unreadable snapshot, 2 usage error\n");
}

/* Names looked up together: one pass over the snapshot's index per batch. */
#define LOOKUP_BATCH 1024

static const struct option lookup_options[] = {
    {"tsv", no_argument, NULL, 't'},
    {"json", no_argument, NULL, 'j'},
    {"format", required_argument, NULL, 'f'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef struct lookup_ctx {
    pr_snapshot *snap;
    const char *path;
    pr_print_format fmt;
    int header_done; /* printed with the first batch that read back intact */
    int missing;
    account_index accounts; /* built on the first miss in an identity-mapped snapshot */
    pr_strbuf rows;         /* tsv/csv rows of the batch under way */
} lookup_ctx;

/* A name the index does not know may be an account merged into a person (identity map). */
static uint64_t find_by_account(lookup_ctx *c, const char *name, pr_error *err)
{
    if (strchr(name, ':') == NULL || !pr_snapshot_has_column(c->snap, PR_SNAPSHOT_COL_ACCOUNTS)) {
        return 0;
    }
    if (!c->accounts.built && account_index_build(&c->accounts, c->snap, err) != PR_OK) {
        return UINT64_MAX;
    }
    return account_index_find(&c->accounts, name);
}

/* {"query":..,"found":..} in front of the one record shape (docs/snapshot-format.md). */
static int print_json(lookup_ctx *c, const char *query, uint64_t position, pr_error *err)
{
    pr_strbuf line = PR_STRBUF_INIT;
    int rc;
    pr_strbuf_json(&line, query);
    size_t qlen = line.len;
    if (position != 0 && (rc = pr_snapshot_record_json(&line, c->snap, position, err)) != PR_OK) {
        goto done;
    }
    rc = PR_OK;
    if (!line.failed) {
        const char *q = line.data, *rec = line.data + qlen; /* rec: "{...}" */
        position ? printf("{\"query\":%.*s,\"found\":true,%s\n", (int)qlen, q, rec + 1)
                 : printf("{\"query\":%s,\"found\":false}\n", q);
    }
done:
    pr_strbuf_free(&line);
    return rc;
}

/* Text mode: the main line, then the details the snapshot has, indented. */
static void print_details(lookup_ctx *c, const pr_snapshot_record *r)
{
    if (pr_snapshot_has_column(c->snap, PR_SNAPSHOT_COL_DELTAS)) {
        printf("          change:");
        for (int j = 0; j < PR_SNAPSHOT_DELTAS; j++) {
            const char *when = pr_snapshot_delta_name(j);
            isfinite(r->delta[j]) ? printf("  %s %+.2f", when, r->delta[j])
                                  : printf("  %s -", when);
        }
        printf("\n");
    }
    uint32_t nn = pr_snapshot_network_count(c->snap);
    if (nn > 0 && pr_snapshot_has_column(c->snap, PR_SNAPSHOT_COL_NETWORK_SCORES)) {
        printf("          networks:");
        for (uint32_t k = 0; k < nn; k++) {
            if (isfinite(r->network_score[k])) {
                printf("  %s %.2f", pr_snapshot_network_name(c->snap, k), r->network_score[k]);
            }
        }
        printf("\n");
    }
    uint64_t lists[2][PR_SNAPSHOT_TOP_K];
    memcpy(lists[0], r->influencers, sizeof lists[0]);
    memcpy(lists[1], r->influencees, sizeof lists[1]);
    for (int l = 0; l < 2; l++) {
        int col = l ? PR_SNAPSHOT_COL_INFLUENCEES : PR_SNAPSHOT_COL_INFLUENCERS;
        if (!pr_snapshot_has_column(c->snap, col)) {
            continue;
        }
        printf("          %s:", l ? "influences" : "influenced by");
        for (int j = 0; j < PR_SNAPSHOT_TOP_K; j++) {
            pr_snapshot_record n;
            pr_error err = PR_ERROR_INIT;
            if (lists[l][j] && pr_snapshot_at(&n, c->snap, lists[l][j], &err) == PR_OK) {
                printf(" %s", n.name);
            }
        }
        printf("\n");
    }
}

static void print_missing(lookup_ctx *c, const char *query)
{
    const char *cols[7] = {query, "false", "", "", "", "", ""};
    if (c->fmt == PR_PRINT_TSV || c->fmt == PR_PRINT_CSV) {
        pr_print_fields(stdout, c->fmt, cols, 7);
    } else if (c->fmt == PR_PRINT_JSON) {
        print_json(c, query, 0, NULL);
    }
}

/* tsv/csv rows of one batch, all formatted into c->rows before any is written. */
static int batch_rows(lookup_ctx *c, const char *const *names, const uint64_t *pos, size_t count,
                      pr_error *err)
{
    pr_snapshot_record rec;
    c->rows.len = 0;
    for (size_t i = 0; i < count; i++) {
        if (pos[i] == 0) {
            const char *cols[7] = {names[i], "false", "", "", "", "", ""};
            pr_print_fields_buf(&c->rows, c->fmt, cols, 7);
        } else if (pr_snapshot_at(&rec, c->snap, pos[i], err) != PR_OK) {
            return PR_EXIT_FAIL;
        } else {
            pr_print_record_buf(&c->rows, c->fmt, names[i], &rec, NULL);
        }
    }
    if (c->rows.failed) {
        pr_error_set(err, PR_ENOMEM, NULL, 0, "out of memory");
        return PR_EXIT_FAIL;
    }
    return PR_EXIT_OK;
}

/* Looks up names[0..count) in one batch; returns 0, or PR_EXIT_FAIL on a read error. Every
 * record of the batch is read before its rows are printed, and the header with the first batch,
 * so that a damaged snapshot fails before anything is on stdout. */
static int lookup_batch(lookup_ctx *c, const char *const *names, size_t count)
{
    uint64_t pos[LOOKUP_BATCH];
    pr_error err = PR_ERROR_INIT;
    pr_snapshot_record rec;
    if (pr_snapshot_find_many(pos, c->snap, names, count, &err) != PR_OK) {
        cli_report(&err);
        return PR_EXIT_FAIL;
    }
    int table = c->fmt == PR_PRINT_TSV || c->fmt == PR_PRINT_CSV;
    for (size_t i = 0; i < count; i++) {
        pos[i] = pos[i] ? pos[i] : find_by_account(c, names[i], &err);
        if (pos[i] == UINT64_MAX ||
            (!table && pos[i] != 0 && pr_snapshot_at(&rec, c->snap, pos[i], &err))) {
            cli_report(&err);
            return PR_EXIT_FAIL;
        }
    }
    if (table && batch_rows(c, names, pos, count, &err) != PR_EXIT_OK) {
        cli_report(&err);
        return PR_EXIT_FAIL;
    }
    if (!c->header_done) {
        pr_print_header(stdout, c->fmt, 1, NULL);
        c->header_done = 1;
    }
    for (size_t i = 0; i < count; i++) {
        int rc = PR_OK;
        if (pos[i] == 0) {
            cli_error("%s: no person named '%s'", c->path, names[i]);
            if (!table) {
                print_missing(c, names[i]);
            }
            c->missing = 1;
        } else if (table) {
            continue;
        } else if (c->fmt == PR_PRINT_JSON) {
            rc = print_json(c, names[i], pos[i], &err);
        } else if ((rc = pr_snapshot_at(&rec, c->snap, pos[i], &err)) == PR_OK) {
            pr_print_record(stdout, c->fmt, names[i], &rec, NULL);
            print_details(c, &rec);
        }
        if (rc != PR_OK) {
            cli_report(&err);
            return PR_EXIT_FAIL;
        }
    }
    if (table) {
        fwrite(c->rows.data ? c->rows.data : "", 1, c->rows.len, stdout);
    }
    return PR_EXIT_OK;
}

/* Names from standard input, one a line (trailing \r and blank lines ignored), LOOKUP_BATCH at a
 * time, copied into one buffer per batch (offsets first: the buffer moves as it grows). */
static int lookup_stdin(lookup_ctx *c)
{
    const char *names[LOOKUP_BATCH];
    size_t at[LOOKUP_BATCH], k = 0;
    pr_strbuf text = PR_STRBUF_INIT;
    pr_reader *in = NULL;
    pr_error err = PR_ERROR_INIT;
    int rc = pr_reader_open(&in, "-", &err) == PR_OK ? PR_EXIT_OK : PR_EXIT_FAIL;
    const char *line;
    size_t len;
    int got = 0;
    while (rc == PR_EXIT_OK && (got = pr_reader_line(in, &line, &len, &err)) == 1) {
        if (len == 0) {
            continue;
        }
        at[k++] = text.len;
        pr_strbuf_put(&text, line, strlen(line) + 1);
        if (text.failed) {
            rc = pr_error_set(&err, PR_ENOMEM, NULL, 0, "out of memory");
        } else if (k == LOOKUP_BATCH) {
            for (size_t i = 0; i < k; i++) {
                names[i] = text.data + at[i];
            }
            rc = lookup_batch(c, names, k);
            k = 0;
            text.len = 0;
        }
    }
    if (got < 0 || rc < 0) {
        cli_report(&err);
        rc = PR_EXIT_FAIL;
    }
    if (rc == PR_EXIT_OK && k > 0) {
        for (size_t i = 0; i < k; i++) {
            names[i] = text.data + at[i];
        }
        rc = lookup_batch(c, names, k);
    }
    pr_strbuf_free(&text);
    pr_reader_close(in);
    return rc;
}

int cmd_lookup(int argc, char **argv)
{
    lookup_ctx c = {.snap = NULL, .fmt = PR_PRINT_TEXT}; /* the rest zero: no account index yet */
    int tsv = 0, json = 0, format = 0;
    int opt;
    optind = 1;
    while ((opt = cli_getopt(argc, argv, "h", lookup_options, NULL)) != -1) {
        if (opt == 'h') {
            lookup_usage(stdout);
            return PR_EXIT_OK;
        } else if (opt == 't') {
            tsv = 1;
            c.fmt = PR_PRINT_TSV;
        } else if (opt == 'j') {
            json = 1;
            c.fmt = PR_PRINT_JSON;
        } else if (opt == 'f') {
            format = 1;
            if (pr_print_parse_format(&c.fmt, "--format", optarg) != PR_EXIT_OK) {
                return PR_EXIT_USAGE;
            }
        } else {
            return PR_EXIT_USAGE;
        }
    }
    if (argc - optind < 1 || tsv + json + format > 1) {
        cli_error("lookup needs a snapshot, and at most one of --format, --tsv, --json "
                  "(see 'peoplerank lookup --help')");
        return PR_EXIT_USAGE;
    }
    c.path = argv[optind];
    pr_error err = PR_ERROR_INIT;
    if (pr_snapshot_open(&c.snap, c.path, &err) != PR_OK) {
        cli_report(&err);
        return PR_EXIT_FAIL;
    }
    int rc = PR_EXIT_OK;
    int from_stdin =
        argc - optind == 1 || (argc - optind == 2 && strcmp(argv[optind + 1], "-") == 0);
    if (from_stdin) {
        rc = lookup_stdin(&c);
    }
    for (int i = optind + 1; !from_stdin && rc == PR_EXIT_OK && i < argc; i += LOOKUP_BATCH) {
        size_t k = (size_t)(argc - i) < LOOKUP_BATCH ? (size_t)(argc - i) : LOOKUP_BATCH;
        rc = lookup_batch(&c, (const char *const *)argv + i, k);
    }
    if (rc == PR_EXIT_OK && !c.header_done) { /* no names at all: still the header */
        pr_print_header(stdout, c.fmt, 1, NULL);
    }
    pr_snapshot_close(c.snap);
    account_index_free(&c.accounts);
    pr_strbuf_free(&c.rows);
    return rc != PR_EXIT_OK ? rc : (c.missing ? PR_EXIT_FAIL : PR_EXIT_OK);
}
