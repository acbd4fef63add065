/* Bad snapshot files: every flipped byte, every truncation, wrong magic, wrong version, huge
 * size claims, empty files, directories. Each must give a clean error, never a crash or a huge
 * allocation (the allocation hook caps what a reader may ask for). */
#include "peoplerank/snapshot.h"
#include "test_snapshot_fixture.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <xxhash.h>

#define AS_OF 1795996800

typedef struct fixture {
    const char *dir;
    char *path;
    char bad[4096];
    unsigned char *bytes;
    size_t len;
    population pop;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->dir = strdup(pr_test_tmpdir());
    f->pop = fx_population(2100, 3, 4, "t:"); /* two record blocks, one index block */
    pr_snapshot_meta m = fx_meta(AS_OF, f->pop.n);
    pr_snapshot_columns c = fx_columns(&f->pop);
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(pr_snapshot_write(&f->path, f->dir, &m, &c, &err), PR_OK);
    f->bytes = fx_slurp(f->path, &f->len);
    snprintf(f->bad, sizeof f->bad, "%s/bad.snap", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    fx_rm_rf(f->dir);
    free((void *)f->dir);
    pr_free(f->path);
    free(f->bytes);
    fx_population_free(&f->pop);
    free(f);
    return 0;
}

/* Opens, looks a few persons up and verifies; returns the first error code (0 = all fine). */
static int read_everything(const char *path, const population *p, pr_error *err)
{
    pr_snapshot *s = NULL;
    int rc = pr_snapshot_open(&s, path, err);
    if (rc != PR_OK) {
        assert_null(s);
        assert_true(err->message[0] != '\0');
        return rc;
    }
    pr_snapshot_record r;
    for (uint64_t i = 0; rc == PR_OK && i < p->n; i += 97) {
        rc = pr_snapshot_lookup(&r, s, p->name[i], err);
    }
    for (uint64_t k = 1; rc == PR_OK && k <= p->n; k += 501) {
        rc = pr_snapshot_at(&r, s, k, err);
    }
    int vrc = pr_snapshot_verify(s, err);
    pr_snapshot_close(s);
    return rc ? rc : vrc;
}

/* Every byte of the file is covered by a checksum: any flip is caught by open or verify. All
 * bytes of the first and last KiB (superblock, header, block starts, directory), every 11th
 * elsewhere (to keep the test short). */
static void test_every_flipped_byte(void **state)
{
    fixture *f = *state;
    unsigned char *copy = malloc(f->len);
    for (size_t i = 0; i < f->len; i += (i < 1024 || i + 1024 > f->len) ? 1 : 11) {
        memcpy(copy, f->bytes, f->len);
        copy[i] ^= (unsigned char)(1u << (i % 8));
        fx_spit(f->bad, copy, f->len);
        pr_error err = PR_ERROR_INIT;
        int rc = read_everything(f->bad, &f->pop, &err);
        if (rc == PR_OK) {
            fail_msg("flip at byte %zu of %zu went unnoticed", i, f->len);
        }
        assert_true(rc == PR_EFORMAT || rc == PR_ECHECKSUM);
        assert_string_equal(err.file, f->bad);
    }
    free(copy);
}

static void test_every_truncation(void **state)
{
    fixture *f = *state;
    for (size_t len = 0; len < f->len; len += (len < 200 ? 1 : 37)) {
        fx_spit(f->bad, f->bytes, len);
        pr_error err = PR_ERROR_INIT;
        int rc = read_everything(f->bad, &f->pop, &err);
        assert_int_equal(rc, PR_EFORMAT);
    }
    unsigned char *longer = calloc(f->len + 10, 1);
    memcpy(longer, f->bytes, f->len);
    fx_spit(f->bad, longer, f->len + 10);
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(read_everything(f->bad, &f->pop, &err), PR_EFORMAT);
    free(longer);
}

/* Rewrites a superblock field and its checksum, as a malicious or buggy writer would. */
static void patch_superblock(unsigned char *b, size_t at, uint64_t v, unsigned width)
{
    for (unsigned i = 0; i < width; i++) {
        b[at + i] = (unsigned char)(v >> (8 * i));
    }
    uint64_t h = XXH64(b, 56, 0);
    for (unsigned i = 0; i < 8; i++) {
        b[56 + i] = (unsigned char)(h >> (8 * i));
    }
}

static int open_patched(fixture *f, size_t at, uint64_t v, unsigned width, pr_error *err)
{
    unsigned char *copy = malloc(f->len);
    memcpy(copy, f->bytes, f->len);
    patch_superblock(copy, at, v, width);
    fx_spit(f->bad, copy, f->len);
    free(copy);
    return read_everything(f->bad, &f->pop, err);
}

static void test_crafted_superblocks(void **state)
{
    fixture *f = *state;
    pr_error err = PR_ERROR_INIT;
    assert_int_equal(open_patched(f, 8, 2, 4, &err), PR_EFORMAT); /* version 2 */
    assert_non_null(strstr(err.message, "version"));
    assert_int_equal(open_patched(f, 8, 0, 4, &err), PR_EFORMAT);
    assert_int_equal(open_patched(f, 40, 1ull << 40, 8, &err), PR_EFORMAT); /* persons */
    assert_int_equal(open_patched(f, 40, 0xFFFFFFFEull, 8, &err), PR_EFORMAT);
    assert_int_equal(open_patched(f, 40, 5, 8, &err), PR_EFORMAT);
    assert_int_equal(open_patched(f, 32, 0xFFFFFFFFu, 4, &err), PR_EFORMAT); /* dir entries */
    assert_int_equal(open_patched(f, 36, 0, 4, &err), PR_EFORMAT);           /* records per block */
    assert_int_equal(open_patched(f, 36, 0xFFFFFFFFu, 4, &err), PR_EFORMAT);
    assert_int_equal(open_patched(f, 36, 1, 4, &err), PR_EFORMAT);
    assert_int_equal(open_patched(f, 24, UINT64_MAX - 5, 8, &err), PR_EFORMAT); /* dir offset */
    assert_int_equal(open_patched(f, 24, 0, 8, &err), PR_EFORMAT);
    assert_int_equal(open_patched(f, 16, UINT64_MAX, 8, &err), PR_EFORMAT); /* file size */
    assert_int_equal(open_patched(f, 12, 1u << 30, 4, &err), PR_EFORMAT);   /* superblock size */
}

/* A directory entry claiming a huge block: the directory checksum is rewritten too. */
static void test_crafted_block_sizes(void **state)
{
    fixture *f = *state;
    uint64_t dir_off = 0;
    for (int i = 7; i >= 0; i--) {
        dir_off = (dir_off << 8) | f->bytes[24 + i];
    }
    size_t dlen = f->len - (size_t)dir_off;
    static const struct {
        size_t field;
        uint32_t value;
    } cases[] = {{8, 0xFFFFFFFFu},
                 {12, 0xFFFFFFFFu},
                 {12, 0x7FFFFFFFu},
                 {12, 0},
                 {16, 99},
                 {20, 0xFFFFFFFFu},
                 {8, 0}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        for (size_t entry = 0; entry < dlen / 32; entry++) {
            unsigned char *copy = malloc(f->len);
            memcpy(copy, f->bytes, f->len);
            unsigned char *e = copy + dir_off + entry * 32 + cases[c].field;
            for (int i = 0; i < 4; i++) {
                e[i] = (unsigned char)(cases[c].value >> (8 * i));
            }
            patch_superblock(copy, 48, XXH64(copy + dir_off, dlen, 0), 8);
            fx_spit(f->bad, copy, f->len);
            free(copy);
            pr_error err = PR_ERROR_INIT;
            int rc = read_everything(f->bad, &f->pop, &err);
            if (rc != PR_EFORMAT && rc != PR_ECHECKSUM) {
                fail_msg("entry %zu field %zu = %u: rc %d", entry, cases[c].field, cases[c].value,
                         rc);
            }
        }
    }
}

static void test_not_snapshots(void **state)
{
    fixture *f = *state;
    pr_error err = PR_ERROR_INIT;
    fx_spit(f->bad, (const unsigned char *)"", 0);
    assert_int_equal(read_everything(f->bad, &f->pop, &err), PR_EFORMAT);
    assert_non_null(strstr(err.message, "empty"));
    const char *text = "name\tscore\nalice\t50\n";
    fx_spit(f->bad, (const unsigned char *)text, strlen(text));
    assert_int_equal(read_everything(f->bad, &f->pop, &err), PR_EFORMAT);
    unsigned char zstd[200] = {0x28, 0xb5, 0x2f, 0xfd}; /* a zstd frame is not a snapshot */
    fx_spit(f->bad, zstd, sizeof zstd);
    assert_int_equal(read_everything(f->bad, &f->pop, &err), PR_EFORMAT);
    assert_non_null(strstr(err.message, "magic"));
    assert_int_equal(read_everything(f->dir, &f->pop, &err), PR_EINVAL);
    assert_non_null(strstr(err.message, "directory"));
    char missing[4200];
    snprintf(missing, sizeof missing, "%s/missing.snap", f->dir);
    assert_int_equal(read_everything(missing, &f->pop, &err), PR_ENOTFOUND);
    assert_int_equal(read_everything("/dev/null", &f->pop, &err), PR_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_flipped_byte, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_truncation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crafted_superblocks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crafted_block_sizes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_snapshots, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
