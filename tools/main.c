/* peoplerank VERB ...: the dispatch table of verbs. */
#include "cli.h"
#include "peoplerank/dist.h"

#include <malloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_quiet = 0;
/* Several processes (mpirun): only process 0 prints messages; the others would repeat them. */
static int cli_silent = 0;

struct verb {
    const char *name;
    pr_cli_verb_fn fn;
    const char *summary;
};

static const struct verb verbs[] = {
    {"run", cmd_run, "the nightly job: events -> graph -> rank -> scores -> snapshot"},
    {"top", cmd_top, "the most influential persons in a snapshot"},
    {"lookup", cmd_lookup, "one or more persons' scores from a snapshot"},
    {"rank", cmd_rank, "rank a saved graph and publish a snapshot as run does"},
    {"build", cmd_build, "read interactions and save the graph for later ranking"},
    {"config", cmd_config, "print the weights config (defaults) or check a config file"},
    {"export", cmd_export, "the whole table of a snapshot as tsv, csv, jsonl or sqlite"},
    {"explain", cmd_explain, "why a person has their rank, and why it changed"},
    {"compare", cmd_compare, "how two snapshots differ: correlations, overlaps, movers"},
    {"inspect", cmd_inspect, "a snapshot's header, sizes and score distribution"},
    {"verify", cmd_verify, "check every checksum of snapshot files"},
    {"generate", cmd_generate, "write a synthetic population of interaction events"},
    {"serve", cmd_serve, "the lookup service (JSON API) and front-desk page over DIR/latest"},
    {"report", cmd_report, "a self-contained HTML report of a snapshot (against an older one)"},
    {"evaluate", cmd_evaluate, "temporal hold-out: how well each ranking predicts engagement"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: peoplerank [--version] [--help] VERB [options]\n\n"
                 "Ranks people by influence from social interaction events.\n\nverbs:\n");
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
        fprintf(out, "  %-10s %s\n", verbs[i].name, verbs[i].summary);
    }
    fprintf(out, "\n'peoplerank VERB --help' describes a verb's options.\n"
                 "exit codes: 0 ok, 1 runtime error, 2 usage error (verbs may document more)\n");
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    if (cli_silent) {
        return;
    }
    va_start(ap, fmt);
    fputs("peoplerank: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void cli_report(const pr_error *err)
{
    char buf[1200];
    pr_error_format(buf, sizeof buf, err);
    cli_error("%s", buf);
}

int cli_show_progress(void)
{
    return !cli_quiet && isatty(STDERR_FILENO);
}

int cli_parse_u64(unsigned long long *out, const char *opt, const char *value)
{
    char *end = NULL;
    if (value == NULL || value[0] == '\0' || value[0] == '-') {
        cli_error("%s needs a non-negative integer", opt);
        return PR_EXIT_USAGE;
    }
    *out = strtoull(value, &end, 10);
    if (*end != '\0') {
        cli_error("%s: '%s' is not a non-negative integer", opt, value);
        return PR_EXIT_USAGE;
    }
    return PR_EXIT_OK;
}

int cli_parse_double(double *out, const char *opt, const char *value)
{
    char *end = NULL;
    if (value == NULL || value[0] == '\0') {
        cli_error("%s needs a number", opt);
        return PR_EXIT_USAGE;
    }
    *out = strtod(value, &end);
    if (*end != '\0' || *out != *out) {
        cli_error("%s: '%s' is not a number", opt, value);
        return PR_EXIT_USAGE;
    }
    return PR_EXIT_OK;
}

/* The verbs that run on several processes (the job); the others read or write one file. */
static int runs_on_processes(pr_cli_verb_fn fn)
{
    return fn == cmd_run || fn == cmd_rank;
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return PR_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return PR_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("peoplerank %s\n", PR_VERSION);
        return PR_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
        if (strcmp(argv[1], verbs[i].name) != 0) {
            continue;
        }
        if (pr_dist_size() > 1 && !runs_on_processes(verbs[i].fn)) {
            cli_error("%s runs in one process: start it without mpirun (%u processes started)",
                      argv[1], pr_dist_size());
            return PR_EXIT_USAGE;
        }
        return verbs[i].fn(argc - 1, argv + 1);
    }
    cli_error("unknown verb '%s' (see 'peoplerank --help')", argv[1]);
    return PR_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    /* Past a file-size limit, write() should fail with EFBIG and a clear message, not kill us. */
    signal(SIGXFSZ, SIG_IGN);
#ifdef M_TRIM_THRESHOLD
    /* Readers decode one block after another into buffers of a few hundred KiB: by default
     * glibc hands each back to the kernel and the next one faults in zeroed pages again (a
     * third of compare's time). Keep up to 256 MiB of freed memory for reuse instead. */
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
    /* Started by mpirun: join the other processes; started directly: one process. */
    pr_error err = PR_ERROR_INIT;
    if (pr_dist_start(&argc, &argv, &err) != PR_OK) {
        cli_error("%s", err.message);
        return PR_EXIT_FAIL;
    }
    if (pr_dist_rank() != 0) {
        cli_silent = 1;
        cli_quiet = 1;
    }
    int rc = dispatch(argc, argv);
    pr_dist_stop();
    return rc;
}
