/* Option parsing shared by `run`, `rank` and `build`. */
#include "job_options.h"

#include "cli.h"
#include "peoplerank/date.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

void job_args_init(job_args *a)
{
    pr_job_opts defaults = PR_JOB_OPTS_INIT;
    memset(a, 0, sizeof *a);
    a->job = defaults;
}

void job_args_free(job_args *a)
{
    for (size_t i = 0; i < a->count; i++) {
        pr_free(a->storage[i]);
    }
    a->count = 0;
}

void job_args_help(FILE *out, unsigned groups)
{
    if (groups & JOB_OPT_INPUT) {
        fprintf(
            out,
            "inputs (repeatable; files may be gzip/zstd-compressed; '-' = stdin):\n"
            "  --events PATH          event format v1 (short for --input events=PATH)\n"
            "  --input F[:NET]=PATH   format F: events, edges, csv, klout, twitter-json,\n"
            "                         jetstream; NET names the network where F has none\n"
            "  --columns SPEC         csv columns, e.g. time=ts,actor=from,target=to,action=kind\n"
            "  --identities FILE      person<TAB>network<TAB>handle: merge a person's accounts\n"
            "  --config FILE          weights, window, decay, caps (see 'peoplerank config')\n"
            "  --as-of DATE           Unix seconds, 2026-11-24 (the end of that UTC day) or\n"
            "                         2026-11-24T21:05:00Z (default: where the bulk of the\n"
            "                         events ends, docs/operations.md)\n"
            "  --window-days D        keep the last D days before the as-of date (90;\n"
            "                         1..36500, or all / 0: every event)\n"
            "  --half-life-days H     event weight halves every H days of age; 0 = off (30)\n"
            "  --max-errors N         skip up to N bad lines (counted, reported); default 0\n"
            "  --strict               the first bad line fails the run (the default)\n"
            "  --in-order DAYS        the events come in time order, at most DAYS days late:\n"
            "                         fold finished days while reading (memory grows with\n"
            "                         edges, not events); needs --as-of\n"
            "  --fold-batch N         with --in-order: fold every N events read (default:\n"
            "                         a quarter of the folded edges, at least 1048576)\n");
    }
    if (groups & JOB_OPT_RANK) {
        fprintf(
            out,
            "rank:\n"
            "  --algorithm LIST       one or a comma list (one snapshot each in OUT/ALGORITHM/);\n"
            "                         the engagement rules (trust, reciprocity) apply or not:\n"
            "      peoplerank         PageRank, rules on (the default)\n"
            "      pagerank           plain PageRank, rules off\n"
            "      personalized       PageRank teleporting to --seeds, rules on\n"
            "      leaderrank         LeaderRank (ground node), rules on\n"
            "      hits               HITS authority, rules on\n"
            "      coreness           k-core index, rules on\n"
            "      indegree           distinct engagers, rules on\n"
            "      instrength         weighted engagement received, rules on\n"
            "      followers          follow edges only, rules off\n"
            "  --damping D            damping factor (0.85)\n"
            "  --tolerance T          stop when the L1 change of the ranks is below T (1e-10)\n"
            "  --max-iterations N     at most N iterations (1000); with --tolerance 0 exactly N\n"
            "  --prior FILE           account<TAB>mass teleport prior (unlisted accounts: 1)\n"
            "  --seeds FILE           seed accounts for personalized rank (TrustRank)\n"
            "  --warm-start SNAPSHOT  start from a snapshot's ranks (default: OUT/latest)\n"
            "  --no-warm-start        start from the teleport distribution\n"
            "  --threads N            OpenMP threads (default: all cores)\n"
            "engagement rules (docs/scores.md):\n"
            "  --trust-min-received W only accounts that received W of weighted engagement get\n"
            "                         teleport mass (0.5; 0 = everyone, plain PageRank)\n"
            "  --reciprocity-allowance W  mutual weight per pair counted in full (20)\n"
            "  --reciprocity-discount F   share of mutual weight beyond it removed (1; 0 = off)\n"
            "  --exchange-threshold X     exchange share above which mutual weight is a trade\n"
            "                             (0.5; 1 = off; docs/scores.md)\n");
        if (!(groups & JOB_OPT_INPUT)) {
            fprintf(out, "  --as-of DATE           the snapshot's as-of date (required)\n");
        }
    }
    if (groups & JOB_OPT_OUTPUT) {
        fprintf(out,
                "output:\n"
                "  --out DIR              snapshot directory (created if missing)\n"
                "  --keep N               keep the N newest snapshots per directory (0 = all)\n"
                "  --name DATE            the date an undated input's snapshot is named after\n"
                "                         (edge lists, saved graphs; default: today, UTC)\n"
                "  --backfill             an as-of date older than latest's: write its snapshot,\n"
                "                         leave latest alone (refused otherwise, exit 3)\n"
                "  --replace              replace the snapshot of a date that has one already\n"
                "                         (refused otherwise, exit 3)\n"
                "  --max-drift PCT|off    drift guard against latest (exit 3, nothing published):\n"
                "                         refuse when more than PCT%% of the persons who matter\n"
                "                         moved 10 points or more (10), a network vanished,\n"
                "                         shrank or lost its persons, rank correlation or top-k\n"
                "                         overlap collapsed (docs/operations.md); off = no guard\n"
                "  --allow-degenerate     publish a result with no edges, one score for all or a\n"
                "                         network nobody was engaged on (an error otherwise)\n"
                "  --report FILE          after publishing, write an HTML report of the new\n"
                "                         snapshot against the previous one (see 'report')\n"
                "  -q, --quiet            only errors on stderr (no summary, no progress); the\n"
                "                         snapshot path still goes to stdout\n");
    }
    if (groups & JOB_OPT_BUILD_OUT) {
        fprintf(out, "output:\n"
                     "  -o FILE                the graph file to write\n"
                     "  -q, --quiet            only errors on stderr (no summary, no progress)\n");
    }
}

enum {
    OPT_EVENTS = 256,
    OPT_INPUT,
    OPT_COLUMNS,
    OPT_IDENTITIES,
    OPT_CONFIG,
    OPT_ASOF,
    OPT_WINDOW,
    OPT_HALFLIFE,
    OPT_MAXERR,
    OPT_INORDER,
    OPT_FOLDBATCH,
    OPT_STRICT,
    OPT_TRUST,
    OPT_RECIP_ALLOW,
    OPT_RECIP_DISC,
    OPT_EXCHANGE,
    OPT_ALGO,
    OPT_DAMPING,
    OPT_TOL,
    OPT_MAXIT,
    OPT_PRIOR,
    OPT_SEEDS,
    OPT_WARM,
    OPT_NOWARM,
    OPT_THREADS,
    OPT_OUT,
    OPT_KEEP,
    OPT_BACKFILL,
    OPT_REPLACE,
    OPT_DEGENERATE,
    OPT_DRIFT,
    OPT_NAME,
    OPT_REPORT
};

static const struct option long_options[] = {
    {"events", required_argument, NULL, OPT_EVENTS},
    {"input", required_argument, NULL, OPT_INPUT},
    {"columns", required_argument, NULL, OPT_COLUMNS},
    {"identities", required_argument, NULL, OPT_IDENTITIES},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"as-of", required_argument, NULL, OPT_ASOF},
    {"window-days", required_argument, NULL, OPT_WINDOW},
    {"half-life-days", required_argument, NULL, OPT_HALFLIFE},
    {"max-errors", required_argument, NULL, OPT_MAXERR},
    {"in-order", required_argument, NULL, OPT_INORDER},
    {"fold-batch", required_argument, NULL, OPT_FOLDBATCH},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"trust-min-received", required_argument, NULL, OPT_TRUST},
    {"reciprocity-allowance", required_argument, NULL, OPT_RECIP_ALLOW},
    {"reciprocity-discount", required_argument, NULL, OPT_RECIP_DISC},
    {"exchange-threshold", required_argument, NULL, OPT_EXCHANGE},
    {"algorithm", required_argument, NULL, OPT_ALGO},
    {"damping", required_argument, NULL, OPT_DAMPING},
    {"tolerance", required_argument, NULL, OPT_TOL},
    {"max-iterations", required_argument, NULL, OPT_MAXIT},
    {"prior", required_argument, NULL, OPT_PRIOR},
    {"seeds", required_argument, NULL, OPT_SEEDS},
    {"warm-start", required_argument, NULL, OPT_WARM},
    {"no-warm-start", no_argument, NULL, OPT_NOWARM},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"out", required_argument, NULL, OPT_OUT},
    {"keep", required_argument, NULL, OPT_KEEP},
    {"backfill", no_argument, NULL, OPT_BACKFILL},
    {"replace", no_argument, NULL, OPT_REPLACE},
    {"allow-degenerate", no_argument, NULL, OPT_DEGENERATE},
    {"max-drift", required_argument, NULL, OPT_DRIFT},
    {"name", required_argument, NULL, OPT_NAME},
    {"report", required_argument, NULL, OPT_REPORT},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static unsigned option_group(int c)
{
    if (c == OPT_ASOF) { /* `rank GRAPH` takes the as-of date too */
        return JOB_OPT_INPUT | JOB_OPT_RANK;
    }
    if (c >= OPT_EVENTS && c <= OPT_STRICT) {
        return JOB_OPT_INPUT;
    }
    if ((c >= OPT_ALGO && c <= OPT_THREADS) || (c >= OPT_TRUST && c <= OPT_EXCHANGE)) {
        return JOB_OPT_RANK;
    }
    if (c >= OPT_OUT && c <= OPT_REPORT) {
        return JOB_OPT_OUTPUT;
    }
    if (c == 'o') {
        return JOB_OPT_BUILD_OUT;
    }
    return JOB_OPT_INPUT | JOB_OPT_RANK | JOB_OPT_OUTPUT | JOB_OPT_BUILD_OUT; /* -q, -h */
}

int cli_add_input(pr_input_spec *specs, char **storage, size_t *count, size_t cap, const char *text)
{
    pr_error err = PR_ERROR_INIT;
    if (*count == cap) {
        cli_error("at most %zu inputs", cap);
        return PR_EXIT_USAGE;
    }
    if (pr_input_spec_parse(&specs[*count], &storage[*count], text, &err) != PR_OK) {
        cli_report(&err);
        return PR_EXIT_USAGE;
    }
    (*count)++;
    return PR_EXIT_OK;
}

static int add_input(job_args *a, const char *text)
{
    return cli_add_input(a->inputs, a->storage, &a->count, JOB_MAX_INPUTS, text);
}

static int add_events(job_args *a, const char *path)
{
    char *text = pr_strfmt("events=%s", path);
    if (text == NULL) {
        return PR_EXIT_FAIL;
    }
    int rc = add_input(a, text);
    pr_free(text);
    return rc;
}

static int parse_u32(uint32_t *out, const char *opt, const char *v, uint32_t max)
{
    unsigned long long u = 0;
    int rc = cli_parse_u64(&u, opt, v);
    *out = (uint32_t)(u > max ? max : u);
    return rc;
}

/* --window-days D: 1..36500 days, or "all" / 0 for every event (the 36500-day limit: back to
 * 1926 from today, before any Unix timestamp). */
static int parse_window(double *out, const char *value)
{
    if (strcmp(value, "all") == 0 || strcmp(value, "0") == 0) {
        *out = PR_WINDOW_ALL_DAYS;
        return PR_EXIT_OK;
    }
    char *end = NULL;
    double d = strtod(value, &end);
    if (end == value || *end != '\0' || !(d > 0.0 && d <= PR_WINDOW_ALL_DAYS)) {
        cli_error("--window-days: '%s' is out of range: 1..%d days, or all (or 0) for every event",
                  value, (int)PR_WINDOW_ALL_DAYS);
        return PR_EXIT_USAGE;
    }
    *out = d;
    return PR_EXIT_OK;
}

static int parse_as_of(int64_t *out, const char *value)
{
    if (pr_parse_date(out, value) != PR_OK) {
        cli_error("--as-of: '%s' is not " PR_DATE_FORMS, value);
        return PR_EXIT_USAGE;
    }
    return PR_EXIT_OK;
}

static int parse_input_option(job_args *a, int c, const char *v)
{
    pr_ingest_opts *in = &a->job.ingest;
    unsigned long long u = 0;
    int rc;
    switch (c) {
    case OPT_EVENTS:
        return add_events(a, v);
    case OPT_INPUT:
        return add_input(a, v);
    case OPT_COLUMNS:
        a->job.csv_columns = v;
        return PR_EXIT_OK;
    case OPT_IDENTITIES:
        a->job.identities = v;
        return PR_EXIT_OK;
    case OPT_CONFIG:
        a->config_path = v;
        a->config_seen++;
        return PR_EXIT_OK;
    case OPT_ASOF:
        return parse_as_of(&in->as_of, v);
    case OPT_WINDOW:
        return parse_window(&in->window_days, v);
    case OPT_HALFLIFE:
        return cli_parse_double(&in->half_life_days, "--half-life-days", v);
    case OPT_MAXERR:
        rc = cli_parse_u64(&u, "--max-errors", v);
        in->max_errors = u;
        return rc;
    case OPT_INORDER:
        rc = cli_parse_u64(&u, "--in-order", v);
        if (rc == PR_EXIT_OK && u > 36500) {
            cli_error("--in-order: at most 36500 days");
            return PR_EXIT_USAGE;
        }
        in->in_order = 1;
        in->in_order_days = (uint32_t)u;
        return rc;
    case OPT_FOLDBATCH:
        rc = cli_parse_u64(&u, "--fold-batch", v);
        if (rc == PR_EXIT_OK && (u == 0 || u > UINT32_MAX)) {
            cli_error("--fold-batch: 1 to %u events", UINT32_MAX);
            return PR_EXIT_USAGE;
        }
        in->fold_batch = u;
        return rc;
    case OPT_STRICT:
        in->max_errors = 0;
        return PR_EXIT_OK;
    default:
        return PR_EXIT_USAGE;
    }
}

static int parse_rank_option(job_args *a, int c, const char *v)
{
    pr_rank_opts *r = &a->job.rank;
    uint32_t threads = 0;
    int rc;
    switch (c) {
    case OPT_ALGO:
        a->job.algorithms = v;
        return PR_EXIT_OK;
    case OPT_TRUST:
        return cli_parse_double(&a->job.rules.trust_min_received, "--trust-min-received", v);
    case OPT_RECIP_ALLOW:
        return cli_parse_double(&a->job.rules.reciprocity_allowance, "--reciprocity-allowance", v);
    case OPT_RECIP_DISC:
        return cli_parse_double(&a->job.rules.reciprocity_discount, "--reciprocity-discount", v);
    case OPT_EXCHANGE:
        return cli_parse_double(&a->job.rules.exchange_threshold, "--exchange-threshold", v);
    case OPT_DAMPING:
        return cli_parse_double(&r->damping, "--damping", v);
    case OPT_TOL:
        return cli_parse_double(&r->tolerance, "--tolerance", v);
    case OPT_MAXIT:
        return parse_u32(&r->max_iterations, "--max-iterations", v, UINT32_MAX);
    case OPT_PRIOR:
        a->job.prior_path = v;
        return PR_EXIT_OK;
    case OPT_SEEDS:
        a->job.seeds_path = v;
        return PR_EXIT_OK;
    case OPT_WARM:
        a->job.warm_start = v;
        return PR_EXIT_OK;
    case OPT_NOWARM:
        a->job.no_warm_start = 1;
        return PR_EXIT_OK;
    case OPT_THREADS:
        rc = parse_u32(&threads, "--threads", v, 1024);
        r->threads = (int)threads;
        return rc;
    default:
        return PR_EXIT_USAGE;
    }
}

static int parse_output_option(job_args *a, int c, const char *v)
{
    switch (c) {
    case OPT_OUT:
        a->job.out_dir = v;
        return PR_EXIT_OK;
    case OPT_KEEP:
        return parse_u32(&a->job.keep, "--keep", v, UINT32_MAX);
    case OPT_BACKFILL:
        a->job.backfill = 1;
        return PR_EXIT_OK;
    case OPT_REPLACE:
        a->job.replace = 1;
        return PR_EXIT_OK;
    case OPT_DEGENERATE:
        a->job.allow_degenerate = 1;
        return PR_EXIT_OK;
    case OPT_DRIFT:
        if (strcmp(v, "off") == 0) {
            a->job.max_drift_percent = -1.0;
            return PR_EXIT_OK;
        }
        return cli_parse_double(&a->job.max_drift_percent, "--max-drift", v);
    case OPT_REPORT:
        a->report = v;
        return PR_EXIT_OK;
    case OPT_NAME:
        if (pr_parse_date(&a->job.name_date, v) != PR_OK || a->job.name_date == 0) {
            cli_error("--name: '%s' is not " PR_DATE_FORMS, v);
            return PR_EXIT_USAGE;
        }
        return PR_EXIT_OK;
    case 'o':
        a->output = v;
        return PR_EXIT_OK;
    default:
        return PR_EXIT_USAGE;
    }
}

/* The config file is applied first, so that options on the command line override it; so it is
 * found before getopt runs, as "--config FILE" or "--config=FILE". */
static int apply_config(job_args *a, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *path = NULL;
        if (strcmp(argv[i], "--") == 0) {
            break;
        } else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
            path = argv[++i];
        } else if (strncmp(argv[i], "--config=", 9) == 0) {
            path = argv[i] + 9;
        }
        pr_error err = PR_ERROR_INIT;
        if (path != NULL && pr_ingest_opts_load(&a->job.ingest, path, &err) != PR_OK) {
            cli_report(&err);
            return PR_EXIT_FAIL;
        }
        a->config_applied += path != NULL;
    }
    return PR_EXIT_OK;
}

int job_args_parse(job_args *a, int argc, char **argv, unsigned groups)
{
    int rc = apply_config(a, argc, argv), c, index = -1;
    optind = 1;
    while (rc == PR_EXIT_OK && (c = cli_getopt(argc, argv, "qho:", long_options, &index)) != -1) {
        if (c == '?' || !(option_group(c) & groups)) {
            if (c != '?') {
                cli_error("%s does not take option %s%s", argv[0], index >= 0 ? "--" : "-",
                          index >= 0 ? long_options[index].name : "o");
            }
            return PR_EXIT_USAGE;
        } else if (c == 'h') {
            a->help = 1;
        } else if (c == 'q') {
            cli_quiet = 1;
        } else if (option_group(c) & JOB_OPT_INPUT) {
            rc = parse_input_option(a, c, optarg);
        } else if (option_group(c) & JOB_OPT_RANK) {
            rc = parse_rank_option(a, c, optarg);
        } else {
            rc = parse_output_option(a, c, optarg);
        }
        index = -1;
    }
    if (rc == PR_EXIT_OK && a->job.ingest.in_order && a->job.ingest.as_of == PR_AS_OF_NEWEST) {
        cli_error("--in-order needs --as-of (the window must be known before the first event)");
        return PR_EXIT_USAGE;
    }
    if (rc == PR_EXIT_OK && a->config_seen != a->config_applied) {
        cli_error("write the config option in full: --config FILE or --config=FILE");
        return PR_EXIT_USAGE;
    }
    a->job.inputs = a->inputs;
    a->job.input_count = a->count;
    return rc;
}

/* One line per stage: the bytes per edge of each edge structure, names per person. */
static void print_memory(const pr_job_report *r)
{
    double edges = r->ingest.edges ? (double)r->ingest.edges : 1.0;
    double persons = r->ingest.accounts ? (double)r->ingest.accounts : 1.0;
    for (int st = 0; st < PR_STAGE_COUNT; st++) {
        fprintf(stderr, "  memory %-6s", pr_stage_name(st));
        for (int k = 0; k < PR_MEM_PART_COUNT; k++) {
            if (k != PR_MEM_NAMES) {
                fprintf(stderr, " %s %.1f", pr_mem_part_name(k), (double)r->memory[st][k] / edges);
            }
        }
        fprintf(stderr, " B/edge; names %.1f B/person\n",
                (double)r->memory[st][PR_MEM_NAMES] / persons);
    }
}

void job_print_summary(const pr_job_report *r, const pr_job_opts *o)
{
    const pr_ingest_summary *s = &r->ingest;
    char asof[32] = "-";
    time_t t = (time_t)s->as_of;
    strftime(asof, sizeof asof, r->undated ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
    fprintf(stderr, "peoplerank run summary\n");
    for (size_t i = 0; i < o->input_count; i++) {
        fprintf(stderr, "  input             %s%s%s=%s\n", o->inputs[i].format,
                o->inputs[i].network ? ":" : "", o->inputs[i].network ? o->inputs[i].network : "",
                o->inputs[i].path);
    }
    if (o->graph_path != NULL) {
        fprintf(stderr, "  graph             %s\n", o->graph_path);
    }
    char window[32] = "all events";
    if (o->ingest.window_days < PR_WINDOW_ALL_DAYS) {
        snprintf(window, sizeof window, "%g days", o->ingest.window_days);
    }
    if (r->undated) { /* no dates: window and decay did nothing; say only what applied */
        fprintf(stderr, "  snapshot date     %s (undated input: %s)\n", asof,
                o->name_date ? "--name" : "the run's date");
    } else {
        fprintf(stderr, "  as of             %s (%swindow %s, half-life %g days)\n", asof,
                s->as_of_chosen ? "where the bulk of the events ends; " : "", window,
                o->ingest.half_life_days);
    }
    fprintf(stderr, "  lines read        %llu\n", (unsigned long long)s->lines);
    fprintf(stderr, "  events read       %llu, kept %llu\n", (unsigned long long)s->events_read,
            (unsigned long long)s->events_kept);
    if (!r->undated) {
        fprintf(stderr, "  outside window    %llu older, %llu after the as-of date%s",
                (unsigned long long)s->outside_window, (unsigned long long)s->after_as_of,
                r->later_events ? " (the first:" : "\n");
        for (const char *p = r->later_events; p != NULL && *p != '\0'; p = strchr(p, '\n') + 1) {
            fprintf(stderr, " %.*s", (int)(strchr(p, '\n') - p), p);
        }
        fprintf(stderr, "%s", r->later_events ? ")\n" : "");
    }
    fprintf(stderr, "  self-interactions %llu (ignored)\n",
            (unsigned long long)s->self_interactions);
    fprintf(stderr, "  bad lines skipped %llu", (unsigned long long)s->skipped_lines);
    for (int k = 0; k < PR_SKIP_REASON_COUNT; k++) {
        if (s->skipped[k] > 0) {
            fprintf(stderr, " %s=%llu", pr_skip_reason_name((pr_skip_reason)k),
                    (unsigned long long)s->skipped[k]);
        }
    }
    fprintf(stderr, "\n  persons           %llu on %u network(s)\n",
            (unsigned long long)s->accounts, r->networks);
    fprintf(stderr, "  edges             %llu\n", (unsigned long long)s->edges);
    for (size_t i = 0; i < r->out_count; i++) {
        const pr_job_output *out = &r->out[i];
        fprintf(stderr, "  %-17s %u iterations (L1 change %.3g, %s), warm start: %u persons\n",
                out->algorithm, out->rank.iterations, out->rank.final_change,
                out->rank.converged ? "converged" : "NOT converged", out->warm_started);
        fprintf(stderr, "  %-17s %s\n", "", out->snapshot_path ? out->snapshot_path : "-");
        if (out->replaced) {
            fprintf(stderr, "  %-17s replaced the snapshot of the same date (--replace)\n", "");
        }
        if (o->max_drift_percent < 0.0) {
            fprintf(stderr, "  %-17s drift guard off (--max-drift off)\n", "");
        } else if (out->drift_percent >= 0.0) {
            fprintf(stderr,
                    "  %-17s drift guard passed: %.2f%% of the persons who matter moved, "
                    "Spearman %.3f, top-k overlap %.0f%%\n",
                    "", out->drift_percent, out->drift_spearman, out->drift_overlap);
        }
        if (!out->latest_moved) {
            fprintf(stderr, "  %-17s latest left as it was (--backfill)\n", "");
        }
        if (o->keep > 0) {
            fprintf(stderr, "  %-17s --keep %u removed:", "", o->keep);
            const char *p = out->pruned;
            for (; p != NULL && *p != '\0'; p = strchr(p, '\n') + 1) {
                fprintf(stderr, " %.*s", (int)(strchr(p, '\n') - p), p);
            }
            fprintf(stderr, "%s\n", out->pruned ? "" : " nothing");
        }
    }
    fprintf(stderr, "  stage        seconds   peak RSS MiB\n");
    for (int st = 0; st < PR_STAGE_COUNT; st++) {
        fprintf(stderr, "  %-10s %9.3f %14.1f\n", pr_stage_name(st), r->seconds[st],
                (double)r->peak_rss_kib[st] / 1024.0);
    }
    print_memory(r);
}
