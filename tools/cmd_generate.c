/* peoplerank generate: a deterministic synthetic population in event format v1 (docs/generator.md).
 */
#include "cli.h"
#include "peoplerank/date.h"
#include "generate.h"

#include <errno.h>
#include <getopt.h>
#include <string.h>

static void generate_usage(FILE *out)
{
    fprintf(out,
            "usage: peoplerank generate [--seed S] [--persons N] [--days D] [--end DATE]\n"
            "                           [--mix SPEC] [--fakes F] [--pod-size MIN-MAX]\n"
            "                           [--rates LEVEL] [--audiences LEVEL]\n"
            "                           -o EVENTS [--labels LABELS]\n\n"
            "Writes a synthetic population of persons of known archetypes as events (format v1)\n"
            "on twitter and facebook over D days ending on DATE. The output depends only on the\n"
            "options: the same seed gives the same bytes on every machine.\n\n"
            "  --seed S         random seed (default %u)\n"
            "  --persons N      persons (default %u); fake accounts come on top\n"
            "  --days D         days of activity (default %u)\n"
            "  --end DATE       last day (" PR_DATE_FORMS "; default %s)\n"
            "  --mix SPEC       'default', 'gaming', 'pyramid', 'marketers', or\n"
            "                   NAME=PERCENT|NAME=#COUNT,... with names\n"
            "                   newcomer casual daily marketer celebrity bought pod spam\n"
            "  --fakes F        fake accounts per network that bought followers come from\n"
            "                   (default %u)\n"
            "  --pod-size A-B   engagement pod sizes (default %u-%u)\n"
            "  --rates LEVEL    engagement rates at the low end, the middle (default) or the\n"
            "                   high end of each archetype's description: low|default|high\n"
            "  --audiences LEVEL  audience and follower counts likewise: low|default|high\n"
            "  -o FILE          events output ('-' = stdout)\n"
            "  --labels FILE    also write account<TAB>archetype for every account\n"
            "  -q               no summary on stderr\n"
            "  -h               this help\n"
            "exit: 0 ok, 1 write error, 2 usage error\n",
            GEN_DEFAULT_SEED, GEN_DEFAULT_PERSONS, GEN_DEFAULT_DAYS, GEN_DEFAULT_END,
            GEN_DEFAULT_FAKES, GEN_DEFAULT_POD_MIN, GEN_DEFAULT_POD_MAX);
}

/* Buffered writer that formats lines by hand: fprintf would dominate the run time. */
typedef struct writer {
    FILE *f;
    const gen_pop *pop;
    char buf[1 << 16];
    size_t len;
    uint64_t events, lines;
    uint64_t by_target[GEN_ARCH_COUNT + 1];
    int failed;
} writer;

static void w_flush(writer *w)
{
    if (w->len > 0 && fwrite(w->buf, 1, w->len, w->f) != w->len) {
        w->failed = 1;
    }
    w->len = 0;
}

static void w_str(writer *w, const char *s, size_t n)
{
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

static void w_u64(writer *w, uint64_t v)
{
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    while (n > 0) {
        w->buf[w->len++] = tmp[--n];
    }
}

static int write_event(void *ctx, const gen_event *ev)
{
    writer *w = ctx;
    if (w->len > sizeof w->buf - 512) {
        w_flush(w);
    }
    char handle[96];
    w_u64(w, (uint64_t)ev->ts);
    w->buf[w->len++] = '\t';
    const char *net = gen_net_names[ev->net];
    w_str(w, net, strlen(net));
    w->buf[w->len++] = '\t';
    w_str(w, handle, gen_handle(handle, sizeof handle, w->pop, ev->actor));
    w->buf[w->len++] = '\t';
    const char *act = gen_action_names[ev->action];
    w_str(w, act, strlen(act));
    w->buf[w->len++] = '\t';
    w_str(w, handle, gen_handle(handle, sizeof handle, w->pop, ev->target));
    if (ev->count != 1) {
        w->buf[w->len++] = '\t';
        w_u64(w, ev->count);
    }
    w->buf[w->len++] = '\n';
    w->lines++;
    w->events += ev->count;
    w->by_target[gen_arch_of(w->pop, ev->target)]++;
    return w->failed ? -1 : 0;
}

static int write_labels(const gen_pop *pop, const char *path)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        cli_error("%s: %s", path, strerror(errno));
        return PR_EXIT_FAIL;
    }
    char handle[96];
    uint64_t total = gen_pop_persons(pop) + gen_pop_fakes(pop);
    for (uint64_t id = 0; id < total; id++) {
        unsigned nets = gen_networks(pop, id);
        gen_handle(handle, sizeof handle, pop, id);
        for (int net = 0; net < GEN_NET_COUNT; net++) {
            if (nets >> net & 1u) {
                fprintf(f, "%s:%s\t%s\n", gen_net_names[net], handle,
                        gen_arch_names[gen_arch_of(pop, id)]);
            }
        }
    }
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        cli_error("%s: write failed", path);
        return PR_EXIT_FAIL;
    }
    return PR_EXIT_OK;
}

static int parse_pod_size(gen_opts *o, const char *v)
{
    unsigned a = 0, b = 0;
    char tail = 0;
    if (sscanf(v, "%u-%u%c", &a, &b, &tail) != 2 || a < 2 || b < a) {
        cli_error("--pod-size: '%s' is not MIN-MAX with 2 <= MIN <= MAX", v);
        return PR_EXIT_USAGE;
    }
    o->pod_min = a;
    o->pod_max = b;
    return PR_EXIT_OK;
}

static const struct option generate_options[] = {
    {"seed", required_argument, NULL, 's'},     {"persons", required_argument, NULL, 'n'},
    {"days", required_argument, NULL, 'd'},     {"end", required_argument, NULL, 'e'},
    {"mix", required_argument, NULL, 'm'},      {"fakes", required_argument, NULL, 'f'},
    {"pod-size", required_argument, NULL, 'p'}, {"labels", required_argument, NULL, 'l'},
    {"rates", required_argument, NULL, 'r'},    {"audiences", required_argument, NULL, 'a'},
    {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
};

/* Parses one option into o; returns PR_EXIT_OK or PR_EXIT_USAGE. */
static const char *mix_spec = "default";

static int parse_option(gen_opts *o, int c, const char *v)
{
    unsigned long long u = 0;
    char msg[256];
    switch (c) {
    case 's':
        if (cli_parse_u64(&u, "--seed", v) != PR_EXIT_OK) {
            return PR_EXIT_USAGE;
        }
        o->seed = u;
        return PR_EXIT_OK;
    case 'n':
        if (cli_parse_u64(&u, "--persons", v) != PR_EXIT_OK || u == 0) {
            return u == 0 ? (cli_error("--persons must be positive"), PR_EXIT_USAGE)
                          : PR_EXIT_USAGE;
        }
        o->persons = u;
        return PR_EXIT_OK;
    case 'd':
        if (cli_parse_u64(&u, "--days", v) != PR_EXIT_OK || u == 0 || u > 100000) {
            cli_error("--days must be 1..100000");
            return PR_EXIT_USAGE;
        }
        o->days = (uint32_t)u;
        return PR_EXIT_OK;
    case 'e':
        if (gen_parse_date(&o->end_day, v) != 0) {
            cli_error("--end: '%s' is not a date (" PR_DATE_FORMS ")", v);
            return PR_EXIT_USAGE;
        }
        return PR_EXIT_OK;
    case 'm':
        if (gen_mix_parse(&o->mix, v, msg, sizeof msg) != 0) {
            cli_error("--%s", msg);
            return PR_EXIT_USAGE;
        }
        mix_spec = v;
        return PR_EXIT_OK;
    case 'f':
        if (cli_parse_u64(&u, "--fakes", v) != PR_EXIT_OK) {
            return PR_EXIT_USAGE;
        }
        o->fakes = u;
        return PR_EXIT_OK;
    case 'p':
        return parse_pod_size(o, v);
    case 'r':
    case 'a': {
        int level = gen_level_parse(v);
        if (level < 0) {
            cli_error("--%s takes low, default or high, not '%s'", c == 'r' ? "rates" : "audiences",
                      v);
            return PR_EXIT_USAGE;
        }
        *(c == 'r' ? &o->rates : &o->audiences) = (uint8_t)level;
        return PR_EXIT_OK;
    }
    default:
        return PR_EXIT_USAGE;
    }
}

static void summary(const gen_pop *pop, const gen_opts *o, const writer *w)
{
    fprintf(stderr, "peoplerank: generate: seed %llu, %llu persons (", (unsigned long long)o->seed,
            (unsigned long long)gen_pop_persons(pop));
    for (int a = 0; a < GEN_ARCH_COUNT; a++) {
        fprintf(stderr, "%s%s %llu", a ? ", " : "", gen_arch_names[a],
                (unsigned long long)gen_pop_count(pop, (enum gen_arch)a));
    }
    fprintf(stderr,
            "), %llu pods, %llu fake accounts per network, %u days; %llu lines, %llu "
            "events\n",
            (unsigned long long)gen_pop_pods(pop), (unsigned long long)gen_pop_fakes(pop), o->days,
            (unsigned long long)w->lines, (unsigned long long)w->events);
    fprintf(stderr, "peoplerank: generate: lines by target archetype:");
    for (int a = 0; a <= GEN_ARCH_COUNT; a++) {
        fprintf(stderr, " %s %llu", gen_arch_names[a], (unsigned long long)w->by_target[a]);
    }
    fputc('\n', stderr);
}

int cmd_generate(int argc, char **argv)
{
    gen_opts o = {GEN_DEFAULT_SEED,  GEN_DEFAULT_PERSONS, GEN_DEFAULT_DAYS,    0,
                  {{0}, {0}},        GEN_DEFAULT_FAKES,   GEN_DEFAULT_POD_MIN, GEN_DEFAULT_POD_MAX,
                  GEN_LEVEL_DEFAULT, GEN_LEVEL_DEFAULT};
    char msg[256];
    gen_parse_date(&o.end_day, GEN_DEFAULT_END);
    gen_mix_parse(&o.mix, "default", msg, sizeof msg);
    const char *out = NULL, *labels = NULL;
    int quiet = 0, c;
    mix_spec = "default";
    optind = 1;
    while ((c = cli_getopt(argc, argv, "o:qh", generate_options, NULL)) != -1) {
        if (c == 'h') {
            generate_usage(stdout);
            return PR_EXIT_OK;
        } else if (c == 'o') {
            out = optarg;
        } else if (c == 'l') {
            labels = optarg;
        } else if (c == 'q') {
            quiet = 1;
        } else if (c == '?' || parse_option(&o, c, optarg) != PR_EXIT_OK) {
            return PR_EXIT_USAGE;
        }
    }
    if (out == NULL || optind != argc) {
        cli_error("generate needs -o FILE and no other arguments (see 'peoplerank generate "
                  "--help')");
        return PR_EXIT_USAGE;
    }
    gen_pop *pop = NULL;
    if (gen_pop_new(&pop, &o, msg, sizeof msg) != 0) {
        cli_error("generate: %s", msg);
        return PR_EXIT_USAGE;
    }
    writer *w = pr_calloc(1, sizeof *w);
    FILE *f = strcmp(out, "-") == 0 ? stdout : fopen(out, "w");
    int rc = PR_EXIT_OK;
    if (w == NULL || f == NULL) {
        cli_error("%s: %s", out, w == NULL ? "out of memory" : strerror(errno));
        rc = PR_EXIT_FAIL;
        goto done;
    }
    w->f = f;
    w->pop = pop;
    char end_day[16]; /* the day, however --end spelled it: the same options give the same bytes */
    pr_format_day(end_day, sizeof end_day, o.end_day * 86400);
    fprintf(f,
            "# peoplerank generate --seed %llu --persons %llu --days %u --end %s --mix %s "
            "--fakes %llu --pod-size %u-%u",
            (unsigned long long)o.seed, (unsigned long long)o.persons, o.days, end_day, mix_spec,
            (unsigned long long)o.fakes, o.pod_min, o.pod_max);
    static const char *const level[GEN_LEVEL_COUNT] = {"default", "low", "high"};
    if (o.rates != GEN_LEVEL_DEFAULT || o.audiences != GEN_LEVEL_DEFAULT) {
        fprintf(f, " --rates %s --audiences %s", level[o.rates], level[o.audiences]);
    }
    fprintf(f, " (event format v1)\n");
    gen_run(pop, write_event, w);
    w_flush(w);
    if (fflush(f) != 0 || ferror(f) || w->failed) {
        cli_error("%s: write failed", out);
        rc = PR_EXIT_FAIL;
        goto done;
    }
    if (labels != NULL) {
        rc = write_labels(pop, labels);
    }
    if (!quiet && !cli_quiet) {
        summary(pop, &o, w);
    }
done:
    if (f != NULL && f != stdout && fclose(f) != 0 && rc == PR_EXIT_OK) {
        cli_error("%s: write failed", out);
        rc = PR_EXIT_FAIL;
    }
    pr_free(w);
    gen_pop_free(pop);
    return rc;
}
