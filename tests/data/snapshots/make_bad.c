/* Writes the damaged snapshots in bad/ from golden-v1.snap (not built by CMake):
 *   cc tests/data/snapshots/make_bad.c -lxxhash -o /tmp/make_bad && /tmp/make_bad
 * tests/data/snapshots Each file is damaged in one documented way;
 * tests/cli/test_snapshot_badinput.sh feeds every one to every reader verb. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static unsigned char g[1 << 16];
static size_t len;

static void put(unsigned char *p, unsigned long long v, int bytes)
{
    for (int i = 0; i < bytes; i++) {
        p[i] = (unsigned char)(v >> (8 * i));
    }
}

static void save(const char *dir, const char *name, const unsigned char *b, size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/bad/%s", dir, name);
    FILE *f = fopen(path, "wb");
    fwrite(b, 1, n, f);
    fclose(f);
}

/* A copy with a superblock field rewritten and the superblock checksum made valid again. */
static void patched(const char *dir, const char *name, size_t at, unsigned long long v, int bytes)
{
    unsigned char b[1 << 16];
    memcpy(b, g, len);
    put(b + at, v, bytes);
    put(b + 56, XXH64(b, 56, 0), 8);
    save(dir, name, b, len);
}

int main(int argc, char **argv)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/golden-v1.snap", argv[1]);
    FILE *f = fopen(path, "rb");
    len = fread(g, 1, sizeof g, f);
    fclose(f);
    unsigned char b[1 << 16];
    save(argv[1], "truncated.snap", g, len - 100);
    memcpy(b, g, len);
    b[300] ^= 0x04; /* inside the record block */
    save(argv[1], "flipped-byte.snap", b, len);
    memcpy(b, g, len);
    b[len - 40] ^= 0x80; /* inside the directory */
    save(argv[1], "flipped-directory.snap", b, len);
    patched(argv[1], "version-9.snap", 8, 9, 4);
    patched(argv[1], "huge-persons.snap", 40, 0xFFFFFFFFFFull, 8);
    patched(argv[1], "huge-directory.snap", 32, 0xFFFFFFF0u, 4);
    patched(argv[1], "huge-file-size.snap", 16, 0x7FFFFFFFFFFFFFFFull, 8);
    save(argv[1], "empty.snap", g, 0);
    const char gz[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03not a snapshot at all, a gzip "
                      "header, padded past the 64 bytes of a superblock ....";
    save(argv[1], "other-format.snap", (const unsigned char *)gz, sizeof gz - 1);
    return 0;
}
