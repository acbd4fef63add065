/* peoplerank evaluate: temporal hold-out evidence for the ranking (docs/evaluation.md). */
#include "cli.h"
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
            "                           [--test-days D] [--tsv]\n\n"
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
            "  --tsv             tab-separated output\n"
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
    pr_error err = PR_ERROR_INIT;
    if (in->count == MAX_INPUTS) {
        cli_error("at most %d inputs", MAX_INPUTS);
        return PR_EXIT_USAGE;
    }
    if (pr_input_spec_parse(&in->spec[in->count], &in->storage[in->count], text, &err) != PR_OK) {
        cli_report(&err);
        return PR_EXIT_USAGE;
    }
    in->count++;
    return PR_EXIT_OK;
}

static void print_metric(FILE *out, double v, int tsv)
{
    if (isnan(v)) {
        fprintf(out, tsv ? "\tNA" : "  %8s", "n/a");
    } else {
        fprintf(out, tsv ? "\t%.4f" : "  %8.4f", v);
    }
}

static void print_report(const pr_holdout_report *r, int tsv)
{
    if (!tsv) {
        printf("cut %lld; train accounts %llu, evaluated %llu (engaged in the train window), "
               "%llu of them engaged in the test window\n",
               (long long)r->cut, (unsigned long long)r->train_accounts,
               (unsigned long long)r->evaluated, (unsigned long long)r->test_engaged);
        printf("%-15s  %8s  %8s  %8s  %8s\n", "variant", "spearman", "kendall", "p@10", "p@100");
    } else {
        printf("variant\tspearman\tkendall_tau_b\tprecision_at_10\tprecision_at_100\n");
    }
    for (size_t i = 0; i < r->rows; i++) {
        printf(tsv ? "%s" : "%-15s", r->row[i].variant);
        print_metric(stdout, r->row[i].spearman, tsv);
        print_metric(stdout, r->row[i].kendall, tsv);
        print_metric(stdout, r->row[i].p_at_10, tsv);
        print_metric(stdout, r->row[i].p_at_100, tsv);
        putchar('\n');
    }
}

static const struct option evaluate_options[] = {
    {"events", required_argument, NULL, 'e'},     {"input", required_argument, NULL, 'i'},
    {"columns", required_argument, NULL, 'c'},    {"cut", required_argument, NULL, 'k'},
    {"train-days", required_argument, NULL, 'a'}, {"test-days", required_argument, NULL, 'b'},
    {"tsv", no_argument, NULL, 't'},              {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int parse_args(inputs *in, pr_holdout_opts *o, int *tsv, int argc, char **argv)
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
            *tsv = 1;
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
    for (size_t i = 0; i < in->count; i++) { /* bad formats are usage errors, found before reading */
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
    int tsv = 0;
    int rc = parse_args(&in, &o, &tsv, argc, argv);
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
            print_report(&rep, tsv);
        }
    } else if (rc < 0) {
        rc = PR_EXIT_OK;
    }
    for (size_t i = 0; i < in.count; i++) {
        pr_free(in.storage[i]);
    }
    return rc;
}
