/* Issue 5 columns and tools: accounts, per-network scores, engagement, influencers, deltas
 * round trip; finding older snapshots, computing deltas, pruning; every export format read back
 * by an independent reader (json-c, sqlite3, plain parsing); %.17g formatting against printf. */
#include "peoplerank/snapshot.h"
#include "peoplerank/snapshot_dir.h"
#include "peoplerank/snapshot_export.h"
#include "test_snapshot_fixture.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <json-c/json.h>
#include <sqlite3.h>
#include <sys/file.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#define DAY 86400
#define AS_OF 1795996800 /* 2026-11-30 */

typedef struct ext_data {
    char **accounts;
    double *net, *engagement, *delta;
    uint32_t *engagers, *infl, *infe;
} ext_data;

static const char *const nets[2] = {"facebook", "twitter"};

static ext_data make_ext(const population *p, pr_snapshot_ext *x)
{
    ext_data d;
    uint64_t n = p->n, st = 99;
    d.accounts = calloc(n, sizeof *d.accounts);
    d.net = calloc(2 * n, sizeof *d.net);
    d.engagement = calloc(n, sizeof *d.engagement);
    d.delta = calloc(3 * n, sizeof *d.delta);
    d.engagers = calloc(n, sizeof *d.engagers);
    d.infl = calloc(5 * n, sizeof *d.infl);
    d.infe = calloc(5 * n, sizeof *d.infe);
    for (uint64_t i = 0; i < n; i++) {
        char buf[128];
        snprintf(buf, sizeof buf, "facebook:%s\ttwitter:x%llu", p->name[i], (unsigned long long)i);
        d.accounts[i] = i % 4 == 3 ? NULL : strdup(buf);
        d.net[2 * i] = p->score[i];
        d.net[2 * i + 1] = i % 3 == 0 ? NAN : round(p->score[i] * 50.0) / 100.0;
        d.engagers[i] = (uint32_t)(fx_rng(&st) % 100000);
        d.engagement[i] = (double)(fx_rng(&st) >> 11) / 1024.0;
        for (int j = 0; j < 5; j++) {
            d.infl[5 * i + (uint64_t)j] =
                j < (int)(i % 6) ? (uint32_t)((i + (uint64_t)j + 1) % n) : PR_SNAPSHOT_NONE;
            d.infe[5 * i + (uint64_t)j] = (uint32_t)((i * 7 + (uint64_t)j) % n);
        }
        for (int j = 0; j < 3; j++) {
            d.delta[3 * i + (uint64_t)j] = (i + (uint64_t)j) % 5 == 0
                                               ? NAN
                                               : (double)((int)(i % 2001) - 1000) / 100.0 * (j + 1);
        }
    }
    pr_snapshot_ext e = PR_SNAPSHOT_EXT_INIT;
    e.accounts = (const char *const *)d.accounts;
    e.network_count = 2;
    e.networks = nets;
    e.network_score = d.net;
    e.engagers = d.engagers;
    e.engagement = d.engagement;
    e.influencers = d.infl;
    e.influencees = d.infe;
    e.delta = d.delta;
    e.delta_source[1] = "peoplerank-2026-11-23.snap";
    *x = e;
    return d;
}

static void free_ext(ext_data *d, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        free(d->accounts[i]);
    }
    free(d->accounts);
    free(d->net);
    free(d->engagement);
    free(d->delta);
    free(d->engagers);
    free(d->infl);
    free(d->infe);
}

static pr_snapshot *open_ok(const char *path)
{
    pr_snapshot *s = NULL;
    pr_error err = PR_ERROR_INIT;
    if (pr_snapshot_open(&s, path, &err) != PR_OK) {
        fail_msg("open %s: %s", path, err.message);
    }
    return s;
}

static void check_person(pr_snapshot *s, const population *p, const ext_data *d, uint64_t i,
                         const uint64_t *pos_of)
{
    pr_snapshot_record r;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_snapshot_lookup(&r, s, p->name[i], &err), PR_OK);
    assert_string_equal(r.accounts, d->accounts[i] ? d->accounts[i] : "");
    assert_true(r.network_score[0] == d->net[2 * i]);
    if (isnan(d->net[2 * i + 1])) {
        assert_true(isnan(r.network_score[1]));
    } else {
        assert_true(r.network_score[1] == d->net[2 * i + 1]);
    }
    assert_int_equal(r.engagers, d->engagers[i]);
    assert_true(r.engagement == d->engagement[i]);
    for (int j = 0; j < 5; j++) {
        uint32_t who = d->infl[5 * i + (uint64_t)j];
        assert_int_equal(r.influencers[j], who == PR_SNAPSHOT_NONE ? 0 : pos_of[who]);
        assert_int_equal(r.influencees[j], pos_of[d->infe[5 * i + (uint64_t)j]]);
    }
    for (int j = 0; j < 3; j++) {
        double want = d->delta[3 * i + (uint64_t)j];
        if (isnan(want)) {
            assert_true(isnan(r.delta[j]));
        } else {
            assert_true(fabs(r.delta[j] - want) < 1e-9);
        }
    }
}

static void test_ext_round_trip(void **state)
{
    (void)state;
    const char *dir = pr_test_tmpdir();
    population p = fx_population(4200, 8, 6, "facebook:");
    pr_snapshot_ext x;
    ext_data d = make_ext(&p, &x);
    pr_snapshot_meta m = fx_meta(AS_OF, p.n);
    pr_snapshot_columns c = fx_columns(&p);
    pr_error err = PR_ERROR_INIT;
    char *path = NULL;
    assert_int_equal(pr_snapshot_write_ext(&path, dir, &m, &c, &x, &err), PR_OK);
    pr_snapshot *s = open_ok(path);
    uint64_t *order = fx_expected_order(&p), *pos_of = malloc(p.n * sizeof *pos_of);
    for (uint64_t k = 0; k < p.n; k++) {
        pos_of[order[k]] = k + 1;
    }
    for (uint64_t i = 0; i < p.n; i++) {
        check_person(s, &p, &d, i, pos_of);
    }
    assert_int_equal(pr_snapshot_network_count(s), 2);
    assert_string_equal(pr_snapshot_network_name(s, 1), "twitter");
    assert_null(pr_snapshot_delta_source(s, 0));
    assert_string_equal(pr_snapshot_delta_source(s, 1), "peoplerank-2026-11-23.snap");
    for (int col = PR_SNAPSHOT_COL_NAME; col <= PR_SNAPSHOT_COL_DELTAS; col++) {
        assert_true(pr_snapshot_has_column(s, col));
    }
    assert_int_equal(pr_snapshot_verify(s, &err), PR_OK);
    pr_snapshot_close(s);
    /* Bad network names are refused (they become SQL column names). */
    const char *bad[2] = {"face book", "twitter"};
    x.networks = bad;
    assert_int_equal(pr_snapshot_write_ext(NULL, dir, &m, &c, &x, &err), PR_EINVAL);
    free(order);
    free(pos_of);
    pr_free(path);
    free_ext(&d, p.n);
    fx_population_free(&p);
    fx_rm_rf(dir);
}

static char *write_day(const char *dir, const population *p, int64_t as_of)
{
    pr_snapshot_meta m = fx_meta(as_of, p->n);
    pr_snapshot_columns c = fx_columns(p);
    pr_error err = PR_ERROR_INIT;
    char *path = NULL;
    assert_int_equal(pr_snapshot_write(&path, dir, &m, &c, &err), PR_OK);
    return path;
}

static const char *base(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Snapshots on days -1, -6, -29 (and -2, -40) of as-of: day = -1, week = -6 (within 1 of 7),
 * month = -29 (within 3 of 30). */
static void test_find_older_and_deltas(void **state)
{
    (void)state;
    const char *dir = pr_test_tmpdir();
    population p = fx_population(300, 4, 0, "d:");
    int days[] = {1, 2, 6, 29, 40};
    for (int k = 0; k < 5; k++) {
        population q = fx_population(300, 4, 0, "d:");
        for (uint64_t i = 0; i < q.n; i++) {
            q.score[i] = fmax(0.0, p.score[i] - days[k]);
        }
        if (days[k] == 1) {
            free(q.name[0]);
            q.name[0] = strdup("d:gone");
        }
        pr_free(write_day(dir, &q, AS_OF - (int64_t)days[k] * DAY + 5));
        fx_population_free(&q);
    }
    char *paths[3];
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_snapshot_find_older(paths, dir, AS_OF + 3600, &err), PR_OK);
    assert_string_equal(base(paths[0]), "peoplerank-2026-11-29.snap");
    assert_string_equal(base(paths[1]), "peoplerank-2026-11-24.snap");
    assert_string_equal(base(paths[2]), "peoplerank-2026-11-01.snap");
    double *delta = malloc(3 * p.n * sizeof *delta);
    pr_snapshot_columns c = fx_columns(&p);
    assert_int_equal(pr_snapshot_compute_deltas(delta, &c, paths, &err), PR_OK);
    assert_true(isnan(delta[0])); /* p.name[0] is absent from the day-old snapshot */
    for (uint64_t i = 1; i < p.n; i++) {
        int d6 = p.score[i] >= 6.0, d29 = p.score[i] >= 29.0;
        assert_true(fabs(delta[3 * i] - fmin(1.0, p.score[i])) < 1e-9);
        assert_true(!d6 || fabs(delta[3 * i + 1] - 6.0) < 1e-9);
        assert_true(!d29 || fabs(delta[3 * i + 2] - 29.0) < 1e-9);
    }
    for (int j = 0; j < 3; j++) {
        pr_free(paths[j]);
    }
    /* Nothing near enough: no deltas. */
    assert_int_equal(pr_snapshot_find_older(paths, dir, AS_OF + 100 * DAY, &err), PR_OK);
    assert_true(paths[0] == NULL && paths[1] == NULL && paths[2] == NULL);
    free(delta);
    fx_population_free(&p);
    fx_rm_rf(dir);
}

static void test_prune(void **state)
{
    (void)state;
    const char *dir = pr_test_tmpdir();
    population p = fx_population(50, 4, 0, "k:");
    char *paths[6];
    for (int k = 0; k < 6; k++) {
        paths[k] = write_day(dir, &p, AS_OF - (int64_t)k * DAY);
    }
    pr_error err = PR_ERROR_INIT;
    /* latest points at an old one (e.g. a rerun of a past day was published last) */
    assert_int_equal(pr_snapshot_publish_latest(dir, paths[4], &err), PR_OK);
    pr_snapshot *reading = open_ok(paths[3]); /* held open: must survive */
    char other[4200];
    snprintf(other, sizeof other, "%s/notes.txt", dir);
    fx_spit(other, (const unsigned char *)"x", 1);
    uint32_t removed = 0;
    assert_int_equal(pr_snapshot_prune(&removed, NULL, dir, 2, &err), PR_OK);
    assert_int_equal(removed, 2); /* days -2 and -5 */
    assert_int_equal(access(paths[0], F_OK), 0);
    assert_int_equal(access(paths[1], F_OK), 0);
    assert_int_not_equal(access(paths[2], F_OK), 0);
    assert_int_equal(access(paths[3], F_OK), 0);
    assert_int_equal(access(paths[4], F_OK), 0);
    assert_int_not_equal(access(paths[5], F_OK), 0);
    assert_int_equal(access(other, F_OK), 0);
    pr_snapshot_close(reading);
    assert_int_equal(pr_snapshot_prune(&removed, NULL, dir, 1, &err), PR_OK);
    assert_int_equal(removed, 2); /* -1 and -3 now; -4 is latest's */
    assert_int_equal(access(paths[4], F_OK), 0);
    for (int k = 0; k < 6; k++) {
        pr_free(paths[k]);
    }
    fx_population_free(&p);
    fx_rm_rf(dir);
}

/* ---- exports ---- */

typedef struct export_fixture {
    const char *dir;
    char *path;
    population p;
    ext_data d;
} export_fixture;

static int export_setup(void **state)
{
    export_fixture *f = calloc(1, sizeof *f);
    f->dir = strdup(pr_test_tmpdir());
    f->p = fx_population(2500, 12, 5, "twitter:");
    free(f->p.name[3]);
    f->p.name[3] = strdup("twitter:comma,\"quote\"");
    free(f->p.name[2100]); /* in the second record block */
    f->p.name[2100] = strdup("twitter:tab\there\r\nline");
    pr_snapshot_ext x;
    f->d = make_ext(&f->p, &x);
    pr_snapshot_meta m = fx_meta(AS_OF, f->p.n);
    pr_snapshot_columns c = fx_columns(&f->p);
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_snapshot_write_ext(&f->path, f->dir, &m, &c, &x, &err), PR_OK);
    *state = f;
    return 0;
}

static int export_teardown(void **state)
{
    export_fixture *f = *state;
    free_ext(&f->d, f->p.n);
    fx_population_free(&f->p);
    pr_free(f->path);
    fx_rm_rf(f->dir);
    free((void *)f->dir);
    free(f);
    return 0;
}

static char *export_to_string(export_fixture *f, pr_export_format fmt, size_t *len)
{
    char *buf = NULL;
    FILE *mem = open_memstream(&buf, len);
    pr_snapshot *s = open_ok(f->path);
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_snapshot_export(s, fmt, mem, NULL, &err), PR_OK);
    pr_snapshot_close(s);
    fclose(mem);
    return buf;
}

/* TSV: header, one line per person in position order, ranks round-trip through strtod. */
static void test_export_tsv(void **state)
{
    export_fixture *f = *state;
    size_t len;
    char *text = export_to_string(f, PR_EXPORT_TSV, &len);
    uint64_t *order = fx_expected_order(&f->p);
    char *save = NULL, *line = strtok_r(text, "\n", &save);
    assert_string_equal(line, "position\tname\tscore\tpercentile\trank\taccounts\tengagers\t"
                              "engagement\tdelta_day\tdelta_week\tdelta_month\tinfluencers\t"
                              "influencees\tscore_facebook\tscore_twitter");
    uint64_t k = 0;
    while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
        uint64_t i = order[k];
        char *field[15], *fs = NULL;
        int nf = 0;
        for (char *t = line; nf < 15; t = NULL) {
            field[nf++] = t ? t : fs;
            char *tab = strchr(field[nf - 1], '\t');
            if (tab == NULL) {
                break;
            }
            *tab = '\0';
            fs = tab + 1;
        }
        assert_int_equal(nf, 15);
        assert_int_equal(strtoull(field[0], NULL, 10), k + 1);
        if (strpbrk(f->p.name[i], "\t\r\n") == NULL) { /* else: test_export_tsv_matches_printf */
            assert_string_equal(field[1], f->p.name[i]);
        }
        assert_true(strtod(field[4], NULL) == f->p.rank[i]); /* %.17g round trip */
        assert_true(strtod(field[7], NULL) == f->d.engagement[i]);
        assert_true(fabs(strtod(field[2], NULL) - f->p.score[i]) < 1e-9);
        k++;
    }
    assert_int_equal(k, f->p.n);
    free(order);
    free(text);
}

/* Sets OpenMP's thread count (where built with it); returns the previous one. */
static int set_threads(int n)
{
#ifdef _OPENMP
    int old = omp_get_max_threads();
    omp_set_num_threads(n);
    return old;
#else
    (void)n;
    return 1;
#endif
}

/* x * 10^d rounded as the export rounds it (llround), printed by printf. */
static void oracle_fixed(char **at, double x, int d)
{
    long long v = llround(x * (d == 2 ? 100.0 : 1e6)), scale = d == 2 ? 100 : 1000000;
    long long u = v < 0 ? -v : v;
    *at += sprintf(*at, "%s%lld.%0*lld", v < 0 ? "-" : "", u / scale, d, u % scale);
}

static void oracle_text(char **at, const char *s)
{
    for (; *s; s++) {
        *(*at)++ = *s == '\t' || *s == '\r' || *s == '\n' ? ' ' : *s;
    }
}

/* One TSV row built from pr_snapshot_at's record with printf: the independent formatting. */
static void oracle_row(char *out, const pr_snapshot_record *r)
{
    char *at = out;
    at += sprintf(at, "%llu\t", (unsigned long long)r->position);
    oracle_text(&at, r->name);
    *at++ = '\t';
    oracle_fixed(&at, r->score, 2);
    *at++ = '\t';
    oracle_fixed(&at, r->percentile, 6);
    at += sprintf(at, "\t%.17g\t", r->rank);
    oracle_text(&at, r->accounts);
    at += sprintf(at, "\t%llu\t", (unsigned long long)r->engagers);
    at += isfinite(r->engagement) ? sprintf(at, "%.17g", r->engagement) : 0;
    for (int j = 0; j < PR_SNAPSHOT_DELTAS; j++) {
        *at++ = '\t';
        if (isfinite(r->delta[j])) {
            oracle_fixed(&at, r->delta[j], 2);
        }
    }
    for (int l = 0; l < 2; l++) {
        const uint64_t *pos = l ? r->influencees : r->influencers;
        *at++ = '\t';
        for (int j = 0, first = 1; j < PR_SNAPSHOT_TOP_K; j++) {
            if (pos[j] != 0) {
                at += sprintf(at, "%s%llu", first ? "" : ",", (unsigned long long)pos[j]);
                first = 0;
            }
        }
    }
    for (int k = 0; k < 2; k++) {
        *at++ = '\t';
        if (isfinite(r->network_score[k])) {
            oracle_fixed(&at, r->network_score[k], 2);
        }
    }
    strcpy(at, "\n");
}

/* Every TSV line equals the record printed with printf (the export formats by hand), one
 * thread and several: tabs and newlines in a name become spaces, absent values empty. */
static void test_export_tsv_matches_printf(void **state)
{
    export_fixture *f = *state;
    int saved = set_threads(1);
    for (int threads = 1; threads <= 3; threads += 2) {
        set_threads(threads);
        size_t len;
        char *text = export_to_string(f, PR_EXPORT_TSV, &len), *line = strchr(text, '\n') + 1;
        pr_snapshot *s = open_ok(f->path);
        pr_error err = PR_ERROR_INIT;
        char want[2048];
        int tabbed = 0;
        for (uint64_t k = 1; k <= f->p.n; k++) {
            pr_snapshot_record r;
            assert_int_equal(pr_snapshot_at(&r, s, k, &err), PR_OK);
            oracle_row(want, &r);
            size_t n = strlen(want);
            assert_true(line + n <= text + len);
            if (memcmp(line, want, n) != 0) {
                fail_msg("position %llu: got %.*s, want %s", (unsigned long long)k, (int)n, line,
                         want);
            }
            tabbed += strstr(want, "twitter:tab here  line\t") != NULL;
            line += n;
        }
        assert_true(line == text + len);
        assert_int_equal(tabbed, 1);
        pr_snapshot_close(s);
        free(text);
    }
    set_threads(saved);
}

static void test_export_jsonl(void **state)
{
    export_fixture *f = *state;
    size_t len;
    char *text = export_to_string(f, PR_EXPORT_JSONL, &len);
    uint64_t k = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        json_object *o = json_tokener_parse(line), *v = NULL;
        assert_non_null(o);
        assert_true(json_object_object_get_ex(o, "position", &v));
        assert_int_equal(json_object_get_int64(v), (int64_t)k + 1);
        assert_true(json_object_object_get_ex(o, "name", &v));
        pr_snapshot_record r;
        pr_error err = PR_ERROR_INIT;
        pr_snapshot *s = open_ok(f->path);
        assert_int_equal(pr_snapshot_at(&r, s, k + 1, &err), PR_OK);
        assert_string_equal(json_object_get_string(v), r.name);
        assert_true(json_object_object_get_ex(o, "rank", &v));
        assert_true(json_object_get_double(v) == r.rank);
        assert_true(json_object_object_get_ex(o, "influencers", &v));
        assert_true(json_object_is_type(v, json_type_array));
        pr_snapshot_close(s);
        json_object_put(o);
        k++;
        if (k == 300) {
            break; /* opening per line is slow; 300 lines cover the shapes */
        }
    }
    assert_int_equal(k, 300);
    free(text);
}

/* CSV: the name with a comma and quotes comes back intact with RFC 4180 quoting. */
static void test_export_csv(void **state)
{
    export_fixture *f = *state;
    size_t len;
    char *text = export_to_string(f, PR_EXPORT_CSV, &len);
    assert_non_null(strstr(text, ",\"twitter:comma,\"\"quote\"\"\","));
    assert_non_null(strstr(text, "position,name,score,"));
    free(text);
}

static void test_export_sqlite(void **state)
{
    export_fixture *f = *state;
    char db_path[4200];
    snprintf(db_path, sizeof db_path, "%s/out.db", f->dir);
    pr_snapshot *s = open_ok(f->path);
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_snapshot_export(s, PR_EXPORT_SQLITE, NULL, db_path, &err), PR_OK);
    assert_int_equal(pr_snapshot_export(s, PR_EXPORT_SQLITE, NULL, db_path, &err), PR_OK);
    pr_snapshot_close(s);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    const char *q = "SELECT position, rank, score_facebook, (SELECT count(*) FROM persons),"
                    " (SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                    "  AND tbl_name = 'persons') FROM persons WHERE name = ?";
    assert_int_equal(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
    uint64_t *order = fx_expected_order(&f->p);
    for (uint64_t k = 0; k < f->p.n; k += 123) {
        uint64_t i = order[k];
        sqlite3_bind_text(st, 1, f->p.name[i], -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int64(st, 0), (int64_t)k + 1);
        assert_true(sqlite3_column_double(st, 1) == f->p.rank[i]);
        assert_true(sqlite3_column_double(st, 2) == f->d.net[2 * i]);
        assert_int_equal(sqlite3_column_int64(st, 3), (int64_t)f->p.n);
        assert_true(sqlite3_column_int64(st, 4) >= 1); /* the name index */
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(order);
}

static void test_format_double_matches_printf(void **state)
{
    (void)state;
    uint64_t st = 5;
    char a[64], b[64];
    for (int i = 0; i < 300000; i++) {
        uint64_t bits = fx_rng(&st);
        double v;
        switch (i % 4) {
        case 0:
            memcpy(&v, &bits, 8); /* any bit pattern: NaN, inf, subnormal, huge */
            break;
        case 1:
            v = (double)(bits >> 11) / 9007199254740992.0 * pow(10.0, -(double)(i % 20));
            break;
        case 2:
            v = (double)(int64_t)(bits % 2000001) / 1000.0 - 1000.0;
            break;
        default:
            v = i % 7 == 0 ? -0.0 : ldexp((double)(bits >> 11), (int)(bits % 200) - 150);
        }
        snprintf(a, sizeof a, "%.17g", v);
        int n = pr_snapshot_format_double(b, v);
        assert_string_equal(b, a);
        assert_int_equal(n, (int)strlen(a));
    }
}

/* %.*g for every precision 1..17 against printf, on the values of the test above. */
static void test_format_g_matches_printf(void **state)
{
    (void)state;
    uint64_t st = 11;
    char a[64], b[64];
    for (int i = 0; i < 300000; i++) {
        uint64_t bits = fx_rng(&st);
        int precision = 1 + (int)(bits % 17);
        double v;
        switch (i % 4) {
        case 0:
            memcpy(&v, &bits, 8);
            break;
        case 1:
            v = (double)(bits >> 11) / 9007199254740992.0 * pow(10.0, -(double)(i % 20));
            break;
        case 2: /* short decimals: ties in the last digit (0.125 to 2 digits) */
            v = (double)(int64_t)(bits % 2000001) / 1000.0 - 1000.0;
            break;
        default:
            v = i % 7 == 0 ? -0.0 : ldexp((double)(bits >> 11), (int)(bits % 200) - 150);
        }
        snprintf(a, sizeof a, "%.*g", precision, v);
        int n = pr_snapshot_format_g(b, v, precision);
        assert_string_equal(b, a);
        assert_int_equal(n, (int)strlen(a));
    }
}

/* %.*f for 0..9 decimals, with the values readers print (scores k/100, percentiles, deltas),
 * exact ties (k + 0.5) / 10^d, and any bit pattern. */
static void test_format_fixed_matches_printf(void **state)
{
    (void)state;
    uint64_t st = 7;
    char a[400], b[400];
    for (int i = 0; i < 300000; i++) {
        uint64_t bits = fx_rng(&st);
        int d = (int)(bits % 10);
        double v;
        switch (i % 5) {
        case 0:
            memcpy(&v, &bits, 8); /* NaN, inf, subnormal, huge */
            break;
        case 1:
            v = (double)(bits % 10001) / 100.0; /* a score */
            break;
        case 2:
            v = 100.0 * (double)(bits % 1000000) / 1000000.0; /* a percentile */
            break;
        case 3:
            v = ((double)(int64_t)(bits % 2000001) - 1000000.0 + 0.5) / pow(10.0, d); /* ties */
            break;
        default:
            v = i % 7 == 0 ? -0.0 : ldexp((double)(bits >> 11), (int)(bits % 120) - 100);
        }
        snprintf(a, sizeof a, "%.*f", d, v);
        int n = pr_snapshot_format_fixed(b, sizeof b, v, d);
        assert_string_equal(b, a);
        assert_int_equal(n, (int)strlen(a));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ext_round_trip),
        cmocka_unit_test(test_find_older_and_deltas),
        cmocka_unit_test(test_prune),
        cmocka_unit_test_setup_teardown(test_export_tsv, export_setup, export_teardown),
        cmocka_unit_test_setup_teardown(test_export_tsv_matches_printf, export_setup,
                                        export_teardown),
        cmocka_unit_test_setup_teardown(test_export_jsonl, export_setup, export_teardown),
        cmocka_unit_test_setup_teardown(test_export_csv, export_setup, export_teardown),
        cmocka_unit_test_setup_teardown(test_export_sqlite, export_setup, export_teardown),
        cmocka_unit_test(test_format_double_matches_printf),
        cmocka_unit_test(test_format_g_matches_printf),
        cmocka_unit_test(test_format_fixed_matches_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
