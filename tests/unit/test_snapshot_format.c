/* The golden file decoded from docs/snapshot-format.md alone (zstd, xxhash, json-c; no
 * peoplerank reader code), against values worked out by hand (tests/data/snapshots/README.md);
 * then the library reader on the same file. If the format document and the code drift apart,
 * this fails. */
#include "peoplerank/snapshot.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>
#include <zstd.h>

static uint64_t le(const unsigned char *p, int bytes)
{
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; i--) {
        v = (v << 8) | p[i];
    }
    return v;
}

/* Value i of a column of `items` values in byte planes of `width` bytes. */
static uint64_t plane(const unsigned char *p, size_t items, int width, size_t i)
{
    uint64_t v = 0;
    for (int b = width - 1; b >= 0; b--) {
        v = (v << 8) | p[(size_t)b * items + i];
    }
    return v;
}

static unsigned char *load(size_t *len)
{
    const char *path = pr_test_data_file("snapshots/golden-v1.snap");
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char *buf = malloc(1 << 16);
    *len = fread(buf, 1, 1 << 16, f);
    fclose(f);
    return buf;
}

static unsigned char *block(const unsigned char *file, const unsigned char *entry, size_t *rsize)
{
    uint64_t off = le(entry, 8), csize = le(entry + 8, 4);
    *rsize = le(entry + 12, 4);
    assert_true(XXH64(file + off, csize, 0) == le(entry + 24, 8));
    unsigned char *raw = malloc(*rsize + 1);
    assert_int_equal(ZSTD_decompress(raw, *rsize, file + off, csize), *rsize);
    raw[*rsize] = 0;
    return raw;
}

static void check_header(const char *text)
{
    json_object *o = json_tokener_parse(text), *v;
    assert_non_null(o);
#define STR(k, want)                                                                               \
    assert_true(json_object_object_get_ex(o, k, &v));                                              \
    assert_string_equal(json_object_get_string(v), want)
#define NUM(k, want)                                                                               \
    assert_true(json_object_object_get_ex(o, k, &v));                                              \
    assert_true(json_object_get_double(v) == (want))
    STR("format", "peoplerank-snapshot");
    STR("as_of_date", "2026-11-29");
    STR("algorithm", "pagerank");
    STR("extra_json", "{\"demo\":true}");
    NUM("version", 1);
    NUM("as_of", 1795910400);
    NUM("created", 1795914000);
    NUM("damping", 0.85);
    NUM("tolerance", 1e-10);
    NUM("final_change", 4.5e-11);
    NUM("scale_offset", -0.43078291609245423);
    NUM("iterations", 17);
    NUM("persons", 5);
    NUM("edges", 9);
    assert_true(json_object_object_get_ex(o, "networks", &v));
    assert_string_equal(json_object_get_string(json_object_array_get_idx(v, 1)), "twitter");
    json_object *d;
    assert_true(json_object_object_get_ex(o, "deltas", &d));
    assert_true(json_object_object_get_ex(d, "day", &v));
    assert_string_equal(json_object_get_string(v), "peoplerank-2026-11-28.snap");
    assert_true(json_object_object_get_ex(o, "columns", &v));
    assert_int_equal(json_object_array_length(v), 11);
    json_object_put(o);
#undef STR
#undef NUM
}

/* Hand-worked expectations, in position order. */
static const char *const want_name[5] = {"twitter:alice", "facebook:carol", "twitter:erin",
                                         "facebook:dave", "twitter:bob"};
static const double want_rank[5] = {0.4, 0.25, 0.15, 0.1, 0.1};
static const unsigned want_score[5] = {7250, 6125, 5000, 4000, 4000};
static const double want_pct[5] = {80, 60, 40, 0, 0};
static const unsigned want_engagers[5] = {3, 2, 1, 1, 0};
static const uint32_t want_infl[5][5] = {{2, 3}, {1}, {1, 5}, {2}, {0}};
static const uint32_t want_infe[5][5] = {{2, 3}, {1, 4}, {1}, {0}, {1}};
static const unsigned want_twitter[5] = {7250, 0, 5000, 0, 4000};
static const int want_delta_day[5] = {150, -32768, 0, -32768, -32768};

static void check_records(const unsigned char *raw, size_t rsize)
{
    uint32_t count = (uint32_t)le(raw, 4), ncols = (uint32_t)le(raw + 4, 4);
    assert_int_equal(count, 5);
    const unsigned char *col[12] = {0};
    uint32_t enc[12] = {0};
    for (uint32_t k = 0; k < ncols; k++) {
        const unsigned char *d = raw + 8 + 16 * k;
        uint32_t id = (uint32_t)le(d, 4);
        assert_true(le(d + 8, 4) + le(d + 12, 4) <= rsize);
        assert_true(id >= 1 && id <= 11);
        col[id] = raw + le(d + 8, 4);
        enc[id] = (uint32_t)le(d + 4, 4);
    }
    const char *name = (const char *)col[1];
    uint64_t bits = 0, lower = 5;
    for (uint32_t i = 0; i < 5; i++) {
        assert_string_equal(name, want_name[i]);
        name += strlen(name) + 1;
        bits -= plane(col[2], 5, 8, i); /* f64 delta */
        double r;
        memcpy(&r, &bits, 8);
        assert_true(r == want_rank[i]);
        assert_int_equal(plane(col[3], 5, 2, i), want_score[i]);
        assert_int_equal(enc[4], 5); /* derived percentile */
        lower -= plane(col[4], 5, 8, i);
        assert_true(100.0 * (double)lower / 5.0 == want_pct[i]);
        assert_int_equal(plane(col[7], 5, 4, i), want_engagers[i]);
        assert_int_equal(plane(col[6], 10, 2, 5 + i), want_twitter[i]); /* network-major */
        for (uint32_t j = 0; j < 5; j++) {
            assert_int_equal(plane(col[9], 25, 4, j * 5 + i), want_infl[i][j]);
            assert_int_equal(plane(col[10], 25, 4, j * 5 + i), want_infe[i][j]);
        }
        assert_int_equal((int16_t)plane(col[11], 15, 2, i), want_delta_day[i]);
    }
    assert_string_equal((const char *)col[5], "twitter:alice\tbluesky:alice");
}

static void check_index(const unsigned char *raw, size_t rsize, uint32_t g, uint32_t blocks)
{
    uint32_t count = (uint32_t)le(raw, 4), fp = 0;
    assert_int_equal(rsize, 4 + 8 * count);
    for (uint32_t i = 0; i < count; i++) {
        fp += (uint32_t)plane(raw + 4, count, 4, i);
        uint32_t pos = (uint32_t)plane(raw + 4 + 4 * count, count, 4, i);
        assert_true(pos < 5);
        uint64_t h = XXH3_64bits(want_name[pos], strlen(want_name[pos]));
        assert_int_equal(((h >> 32) * blocks) >> 32, g);
        assert_int_equal(fp, h & 0xFFFFF);
    }
}

static void test_decode_from_the_document(void **state)
{
    (void)state;
    size_t len = 0;
    unsigned char *f = load(&len);
    assert_memory_equal(f, "\x89PRSNAP\x1a", 8);
    assert_int_equal(le(f + 8, 4), 1);
    assert_int_equal(le(f + 12, 4), 64);
    assert_int_equal(le(f + 16, 8), len);
    assert_true(le(f + 56, 8) == XXH64(f, 56, 0));
    uint64_t dir = le(f + 24, 8);
    uint32_t entries = (uint32_t)le(f + 32, 4), per_block = (uint32_t)le(f + 36, 4);
    assert_int_equal(dir + 32 * (uint64_t)entries, len);
    assert_true(le(f + 48, 8) == XXH64(f + dir, 32 * (size_t)entries, 0));
    assert_int_equal(le(f + 40, 8), 5);
    assert_int_equal(per_block, 2048);
    assert_int_equal(entries, 3); /* header, one record block, one index block */
    size_t rsize;
    unsigned char *raw = block(f, f + dir, &rsize);
    assert_int_equal(le(f + dir + 16, 4), 1);
    check_header((const char *)raw);
    free(raw);
    assert_int_equal(le(f + dir + 32 + 16, 4), 2);
    raw = block(f, f + dir + 32, &rsize);
    check_records(raw, rsize);
    free(raw);
    assert_int_equal(le(f + dir + 64 + 16, 4), 3);
    raw = block(f, f + dir + 64, &rsize);
    check_index(raw, rsize, 0, 1);
    free(raw);
    free(f);
}

static void test_library_reads_golden(void **state)
{
    (void)state;
    pr_snapshot *s = NULL;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_snapshot_open(&s, pr_test_data_file("snapshots/golden-v1.snap"), &err),
                     PR_OK);
    assert_int_equal(pr_snapshot_verify(s, &err), PR_OK);
    for (uint32_t i = 0; i < 5; i++) {
        pr_snapshot_record r;
        assert_int_equal(pr_snapshot_lookup(&r, s, want_name[i], &err), PR_OK);
        assert_int_equal(r.position, i + 1);
        assert_true(r.rank == want_rank[i]);
        assert_true(r.score * 100 == want_score[i]);
        assert_true(r.percentile == want_pct[i]);
        assert_int_equal(r.engagers, want_engagers[i]);
        assert_int_equal(r.influencers[0], want_infl[i][0]);
    }
    const pr_snapshot_meta *m = pr_snapshot_get_meta(s);
    assert_int_equal(m->iterations, 17);
    assert_string_equal(m->extra_json, "{\"demo\":true}");
    pr_snapshot_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_from_the_document),
        cmocka_unit_test(test_library_reads_golden),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
