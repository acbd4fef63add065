/* The weights config file: "key = value" lines, '#' comments. The keys mirror pr_ingest_opts;
 * pr_ingest_opts_print writes the file that `peoplerank config --defaults` shows. */
#include "ingest_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct config_key {
    const char *key;
    const char *help;
    size_t offset; /* of a double in pr_ingest_opts */
    double min, max;
} config_key;

#define OPT(field) offsetof(pr_ingest_opts, field)
#define AW(a) (OPT(action_weight) + (a) * sizeof(double))

static const config_key keys[] = {
    {"window_days", "events older than this before the as-of date are left out", OPT(window_days),
     1e-9, 36500},
    {"half_life_days", "an event's weight halves every this many days of age (0 = no decay)",
     OPT(half_life_days), 0, 36500},
    {"weight.follow", "weight of one follow", AW(PR_ACTION_FOLLOW), 0, 1e6},
    {"weight.like", "weight of one like", AW(PR_ACTION_LIKE), 0, 1e6},
    {"weight.mention", "weight of one mention", AW(PR_ACTION_MENTION), 0, 1e6},
    {"weight.reply", "weight of one reply", AW(PR_ACTION_REPLY), 0, 1e6},
    {"weight.comment", "weight of one comment", AW(PR_ACTION_COMMENT), 0, 1e6},
    {"weight.reshare", "weight of one reshare (retweet, share, quote)", AW(PR_ACTION_RESHARE), 0,
     1e6},
    {"daily_cap", "most weight one actor can give one account per UTC day (0 = no cap)",
     OPT(daily_cap), 0, 1e12},
    {"selectivity_targets",
     "an actor acting on k accounts in a day, k above this, counts this/k per action (0 = off)",
     OPT(selectivity_targets), 0, 1e12},
};

#define N_KEYS (sizeof keys / sizeof keys[0])

static double *field(pr_ingest_opts *o, const config_key *k)
{
    return (double *)((char *)o + k->offset);
}

void pr_ingest_opts_print(FILE *out, const pr_ingest_opts *opts)
{
    pr_ingest_opts def = PR_INGEST_OPTS_INIT;
    const pr_ingest_opts *o = opts ? opts : &def;
    fprintf(out, "# peoplerank weights (peoplerank config --defaults); '#' starts a comment\n");
    for (size_t i = 0; i < N_KEYS; i++) {
        fprintf(out, "# %s\n%s = %.17g\n", keys[i].help, keys[i].key,
                *field((pr_ingest_opts *)o, &keys[i]));
    }
}

static void trim(const char **s, size_t *len)
{
    while (*len > 0 && (**s == ' ' || **s == '\t')) {
        (*s)++, (*len)--;
    }
    while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t')) {
        (*len)--;
    }
}

static int config_line(void *ctx, const char *line, size_t len, const char *file, uint64_t line_no,
                       pr_error *err)
{
    pr_ingest_opts *o = ctx;
    const char *hash = memchr(line, '#', len);
    len = hash ? (size_t)(hash - line) : len;
    trim(&line, &len);
    if (len == 0) {
        return PR_OK;
    }
    const char *eq = memchr(line, '=', len);
    if (eq == NULL) {
        return pr_error_set(err, PR_EPARSE, file, line_no, "expected 'key = value'");
    }
    const char *k = line, *v = eq + 1;
    size_t kl = (size_t)(eq - line), vl = len - kl - 1;
    trim(&k, &kl), trim(&v, &vl);
    for (size_t i = 0; i < N_KEYS; i++) {
        if (strlen(keys[i].key) != kl || memcmp(keys[i].key, k, kl) != 0) {
            continue;
        }
        char buf[64], *end;
        snprintf(buf, sizeof buf, "%.*s", (int)(vl < 63 ? vl : 63), v);
        double x = strtod(buf, &end);
        if (vl == 0 || vl > 63 || *end != '\0' || !isfinite(x) || x < keys[i].min ||
            x > keys[i].max) {
            return pr_error_set(err, PR_EPARSE, file, line_no,
                                "bad value '%.*s' for %s (a number from %g to %g)", (int)vl, v,
                                keys[i].key, keys[i].min, keys[i].max);
        }
        *field(o, &keys[i]) = x;
        return PR_OK;
    }
    return pr_error_set(err, PR_EPARSE, file, line_no,
                        "unknown key '%.*s' (see peoplerank config --defaults)", (int)kl, k);
}

int pr_ingest_opts_load(pr_ingest_opts *opts, const char *path, pr_error *err)
{
    pr_ingest_opts o = *opts;
    int rc;
    if ((rc = pr_reader_each_line(path, PR_LINES_REFUSE_NUL, config_line, &o, err)) != PR_OK) {
        return rc == PR_ELIMIT ? PR_EPARSE : rc;
    }
    *opts = o;
    return PR_OK;
}
