/* The `peoplerank` command line: one function per verb (tools/cmd_<verb>.c), dispatched by
 * tools/main.c. Each verb gets argv with argv[0] = the verb name, prints results to stdout and
 * diagnostics to stderr as "peoplerank: message", and returns the exit code:
 * 0 ok, 1 runtime error (bad input, unknown id, failed check), 2 usage error. */
#ifndef PR_CLI_H
#define PR_CLI_H

#include "peoplerank/common.h"

#include <getopt.h>
#include <stdio.h>

#define PR_EXIT_OK 0
#define PR_EXIT_FAIL 1
#define PR_EXIT_USAGE 2

typedef int (*pr_cli_verb_fn)(int argc, char **argv);

int cmd_run(int argc, char **argv);
int cmd_top(int argc, char **argv);
int cmd_lookup(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_generate(int argc, char **argv);
int cmd_evaluate(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_rank(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_report(int argc, char **argv);

/* Prints "peoplerank: <formatted>" to stderr. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Prints a pr_error as "peoplerank: file:line: message". */
void cli_report(const pr_error *err);
/* Global quiet flag set by -q (only touched by the CLI, never by the libraries). */
extern int cli_quiet;
/* True when progress should be shown (stderr is a terminal and not quiet). */
int cli_show_progress(void);

/* getopt_long without abbreviated long options and with one message for a bad option:
 * "peoplerank VERB: unknown option '--x' (see peoplerank VERB --help)" (argv[0] is the verb).
 * Returns '?' after printing it; the caller exits PR_EXIT_USAGE. */
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
               int *longindex);

/* Parses a non-negative integer option value; returns 0 or prints a usage error and returns 2. */
int cli_parse_u64(unsigned long long *out, const char *opt, const char *value);
int cli_parse_double(double *out, const char *opt, const char *value);

#endif
