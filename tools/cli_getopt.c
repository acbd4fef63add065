/* cli_getopt: getopt_long with the project's rules (README "Conventions"): long options are
 * never abbreviated (getopt_long would take `--n 3` as `--network 3`), and a bad option is
 * reported once, as "peoplerank VERB: unknown option '--x' (see peoplerank VERB --help)". */
#include "cli.h"

#include <string.h>

static int exact_long(const char *tok, const struct option *longopts, int index)
{
    if (tok == NULL || strncmp(tok, "--", 2) != 0 || index < 0) {
        return 0;
    }
    size_t n = strcspn(tok + 2, "=");
    return strlen(longopts[index].name) == n && strncmp(tok + 2, longopts[index].name, n) == 0;
}

static const struct option *find_long(const char *tok, const struct option *longopts)
{
    size_t n = strcspn(tok + 2, "=");
    for (const struct option *o = longopts; o->name != NULL; o++) {
        if (strlen(o->name) == n && strncmp(tok + 2, o->name, n) == 0) {
            return o;
        }
    }
    return NULL;
}

static int report(const char *verb, const char *what, const char *tok)
{
    int n = strncmp(tok, "--", 2) == 0 ? (int)strcspn(tok, "=") : (int)strlen(tok);
    fprintf(stderr, "peoplerank %s: %s '%.*s' (see peoplerank %s --help)\n", verb, what, n, tok,
            verb);
    return '?';
}

int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
               int *longindex)
{
    int index = -1;
    opterr = 0;
    int c = getopt_long(argc, argv, shortopts, longopts, &index);
    if (longindex != NULL) {
        *longindex = index;
    }
    if (c == -1) {
        return c;
    }
    const char *tok = optind - 1 < argc ? argv[optind - 1] : NULL;
    if (c == '?' || c == ':') {
        char shortname[3] = {'-', (char)optopt, '\0'};
        if (tok != NULL && strncmp(tok, "--", 2) == 0) {
            return report(
                argv[0], find_long(tok, longopts) ? "option needs a value" : "unknown option", tok);
        }
        return report(argv[0],
                      optopt && strchr(shortopts, optopt) ? "option needs a value"
                                                          : "unknown option",
                      optopt ? shortname : (tok ? tok : "?"));
    }
    if (index >=
        0) { /* a long option: the token was argv[optind-1], or -2 when the value was separate */
        const char *prev = optind >= 2 ? argv[optind - 2] : NULL;
        if (!exact_long(tok, longopts, index) && !exact_long(prev, longopts, index)) {
            const char *given = tok && strncmp(tok, "--", 2) == 0 ? tok : prev;
            return report(argv[0], "unknown option", given ? given : "?");
        }
    }
    return c;
}
