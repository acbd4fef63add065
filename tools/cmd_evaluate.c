/* peoplerank evaluate: temporal hold-out evidence for the ranking (docs/evaluation.md). */
#include "cli.h"
#include "job_options.h"
#include "snapshot_print.h"
#include "peoplerank/date.h"
#include "peoplerank/evaluate.h"
#include "peoplerank/job.h"

#include <getopt.h>
#include <math.h>
#include <string.h>

#define MAX_INPUTS 64

static void evaluate_usage(FILE *out)
{
    fprintf(out,
            "usage: peoplerank evaluate (--events FILE | --input FORMAT[:NETWORK]=PATH)...\n"
            "                           [--columns SPEC] [--cut DATE] [--train-days D]\n"
            "                           [--test-days D] [--format FORMAT]\n\n"
            "Temporal hold-out: ranks on the D days before the cut date, then measures how well\n"
            "each variant predicts the number of distinct accounts that engage with each account\n"
            "in the test days after it (Spearman, Kendall tau-b, precision at 10 and 100), over\n"
            "the accounts engaged in the train window.\n\n"
            "  --events FILE     an event file (format v1); same as --input events=FILE\n"
            "  --input SPEC      FORMAT[:NETWORK]=PATH (events, edges, csv, klout, ...)\n"
            "  --columns SPEC    column spec for csv inputs\n"
            "  --cut WHEN        cut date (" PR_DATE_FORMS "; a date\n"
            "                    means its last second; default: newest event minus the\n"
            "                    test days)\n"
            "  --train-days D    train window (default 90)\n"
            "  --test-days D     test window (default 7)\n"
            "  --format FORMAT   text (default), tsv, csv (header: variant, spearman,\n"
            "                    kendall_tau_b, precision_at_10, precision_at_100, cut; NA =\n"
            "                    undefined) or json (one object per variant, null = undefined)\n"
            "  --tsv             same as --format tsv\n"
            "  -h                this help\n"
            "exit: 0 ok, 1 bad input, 2 usage error\n");
}

typedef struct inputs {
    pr_input_spec spec[MAX_INPUTS];
    char *storage[MAX_INPUTS];
    size_t count;
    const char *columns;
} inputs;

static int add_spec(inputs *in, const char *text)
{
    return cli_add_input(in->spec, in->storage, &in->count, MAX_INPUTS, text);
}

static void metric_text(char *buf, size_t cap, double v, const char *none)
{
    isnan(v) ? snprintf(buf, cap, "%s", none) : snprintf(buf, cap, "%.4f", v);
}

static void print_report(const pr_holdout_report *r, pr_print_format f)
{
    static const char *const head[6] = {"variant",         "spearman",         "kendall_tau_b",
                                        "precision_at_10", "precision_at_100", "cut"};
    char cut[24];
    snprintf(cut, sizeof cut, "%lld", (long long)r->cut);
    if (f == PR_PRINT_TEXT) {
        printf("cut %lld; train accounts %llu, evaluated %llu (engaged in the train window), "
               "%llu of them engaged in the test window\n",
               (long long)r->cut, (unsigned long long)r->train_accounts,
               (unsigned long long)r->evaluated, (unsigned long long)r->test_engaged);
        printf("%-15s  %8s  %8s  %8s  %8s\n", "variant", "spearman", "kendall", "p@10", "p@100");
    } else if (f != PR_PRINT_JSON) {
        pr_print_fields(stdout, f, head, 6);
    }
    for (size_t i = 0; i < r->rows; i++) {
        const double v[4] = {r->row[i].spearman, r->row[i].kendall, r->row[i].p_at_10,
                             r->row[i].p_at_100};
        char m[4][32];
        for (int k = 0; k < 4; k++) {
            metric_text(m[k], sizeof m[k], v[k], f == PR_PRINT_JSON ? "null" : "NA");
        }
        if (f == PR_PRINT_TEXT) {
            printf("%-15s  %8s  %8s  %8s  %8s\n", r->row[i].variant, isnan(v[0]) ? "n/a" : m[0],
                   isnan(v[1]) ? "n/a" : m[1], isnan(v[2]) ? "n/a" : m[2],
                   isnan(v[3]) ? "n/a" : m[3]);
        } else if (f == PR_PRINT_JSON) {
            printf("{\"variant\":\"%s\",\"spearman\":%s,\"kendall_tau_b\":%s,"
                   "\"precision_at_10\":%s,\"precision_at_100\":%s,\"cut\":%s}\n",
                   r->row[i].variant, m[0], m[1], m[2], m[3], cut);
        } else {
            const char *cols[6] = {r->row[i].variant, m[0], m[1], m[2], m[3], cut};
            pr_print_fields(stdout, f, cols, 6);
        }
    }
}

static const struct option evaluate_options[] = {
    {"events", required_argument, NULL, 'e'},
    {"input", required_argument, NULL, 'i'},
    {"columns", required_argument, NULL, 'c'},
    {"cut", required_argument, NULL, 'k'},
    {"train-days", required_argument, NULL, 'a'},
    {"test-days", required_argument, NULL, 'b'},
    {"tsv", no_argument, NULL, 't'},
    {"help", no_argument, NULL, 'h'},
    {"format", required_argument, NULL, 'f'},
    {NULL, 0, NULL, 0},
};

static int parse_args(inputs *in, pr_holdout_opts *o, pr_print_format *fmt, int argc, char **argv)
{
    int c;
    optind = 1;
    while ((c = cli_getopt(argc, argv, "h", evaluate_options, NULL)) != -1) {
        int rc = PR_EXIT_OK;
        if (c == 'h') {
            evaluate_usage(stdout);
            return -1;
        } else if (c == 'e') {
            char *spec = pr_strfmt("events=%s", optarg);
            rc = spec ? add_spec(in, spec) : PR_EXIT_FAIL;
            pr_free(spec);
        } else if (c == 'i') {
            rc = add_spec(in, optarg);
        } else if (c == 'c') {
            in->columns = optarg;
        } else if (c == 'k') {
            if (pr_parse_date(&o->cut, optarg) != PR_OK) {
                cli_error("--cut: '%s' is not " PR_DATE_FORMS, optarg);
                rc = PR_EXIT_USAGE;
            }
        } else if (c == 'a') {
            rc = cli_parse_double(&o->train_days, "--train-days", optarg);
        } else if (c == 'b') {
            rc = cli_parse_double(&o->test_days, "--test-days", optarg);
        } else if (c == 't') {
            *fmt = PR_PRINT_TSV;
        } else if (c == 'f') {
            rc = pr_print_parse_format(fmt, "--format", optarg);
        } else {
            rc = PR_EXIT_USAGE;
        }
        if (rc != PR_EXIT_OK) {
            return rc;
        }
    }
    if (in->count == 0 || optind != argc) {
        cli_error("evaluate needs --events or --input and no other arguments");
        return PR_EXIT_USAGE;
    }
    for (size_t i = 0; i < in->count;
         i++) { /* bad formats are usage errors, found before reading */
        pr_error err = PR_ERROR_INIT;
        if (pr_ingest_check_input(in->spec[i].format, in->spec[i].network, in->columns != NULL,
                                  in->spec[i].path, &err) != PR_OK) {
            cli_report(&err);
            return PR_EXIT_USAGE;
        }
    }
    return PR_EXIT_OK;
}

int cmd_evaluate(int argc, char **argv)
{
    inputs in;
    memset(&in, 0, sizeof in);
    pr_holdout_opts o = PR_HOLDOUT_OPTS_INIT;
    pr_print_format fmt = PR_PRINT_TEXT;
    int rc = parse_args(&in, &o, &fmt, argc, argv);
    if (rc == PR_EXIT_OK) {
        pr_holdout_report rep;
        pr_error err = PR_ERROR_INIT;
        pr_job_opts job = PR_JOB_OPTS_INIT; /* the scoring chain `run` publishes with */
        job.inputs = in.spec;
        job.input_count = in.count;
        job.csv_columns = in.columns;
        if (pr_eval_holdout(&rep, &o, &job, &err) != PR_OK) {
            cli_report(&err);
            rc = PR_EXIT_FAIL;
        } else {
            print_report(&rep, fmt);
        }
    } else if (rc < 0) {
        rc = PR_EXIT_OK;
    }
    for (size_t i = 0; i < in.count; i++) {
        pr_free(in.storage[i]);
    }
    return rc;
}
