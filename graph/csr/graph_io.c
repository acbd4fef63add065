/* Saving and loading a built graph (docs/graph-format.md): a 128-byte header with magic,
 * version, sizes and checksums, then the CSR arrays 8-byte aligned, loaded back with mmap so
 * that many ranking variants start without parsing again. */
#include "peoplerank/graph.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#define GRAPH_MAGIC "PRGRAPH"
#define GRAPH_VERSION 1u
#define HEADER_SIZE 128
#define ENDIAN_MARK UINT64_C(0x0102030405060708)
#define FLAG_WEIGHTED 1u
#define FLAG_NAMED 2u

typedef struct file_header {
    char magic[8];
    uint32_t version, flags;
    uint64_t n, m, name_bytes, endian, payload_hash;
    uint64_t header_hash; /* XXH3 of the bytes above */
    char pad[HEADER_SIZE - 64];
} file_header;

_Static_assert(sizeof(file_header) == HEADER_SIZE, "header layout");

static uint64_t pad8(uint64_t x)
{
    return (x + 7) & ~(uint64_t)7;
}

/* Section sizes in file order; returns the total payload size, 0 on overflow. */
static uint64_t layout(uint64_t sz[6], uint64_t n, uint64_t m, uint64_t names, unsigned flags)
{
    if (n >= UINT32_MAX || m > (UINT64_C(1) << 40) || names > (UINT64_C(1) << 40)) {
        return 0;
    }
    sz[0] = (n + 1) * 8;
    sz[1] = pad8(m * 4);
    sz[2] = (flags & FLAG_WEIGHTED) ? pad8(m * 4) : 0;
    sz[3] = n * 8;
    sz[4] = (flags & FLAG_NAMED) ? (n + 1) * 8 : 0;
    sz[5] = (flags & FLAG_NAMED) ? pad8(names) : 0;
    return sz[0] + sz[1] + sz[2] + sz[3] + sz[4] + sz[5];
}

static int write_all(int fd, const void *data, uint64_t len, XXH3_state_t *h)
{
    static const char zeros[8] = {0};
    const char *p = data;
    uint64_t padded = pad8(len), left = len;
    if (h != NULL) {
        XXH3_64bits_update(h, data, len);
        XXH3_64bits_update(h, zeros, padded - len);
    }
    while (left > 0) {
        ssize_t w = write(fd, p, left > (1u << 30) ? (1u << 30) : left);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            return PR_EIO;
        }
        p += w, left -= (uint64_t)w;
    }
    return padded > len && write(fd, zeros, padded - len) != (ssize_t)(padded - len) ? PR_EIO
                                                                                     : PR_OK;
}

static int write_sections(int fd, const pr_graph *g, unsigned flags, uint64_t names,
                          XXH3_state_t *h)
{
    int rc;
    if ((rc = write_all(fd, g->in_off, ((uint64_t)g->n + 1) * 8, h)) != PR_OK ||
        (rc = write_all(fd, g->in_src, g->m * 4, h)) != PR_OK ||
        ((flags & FLAG_WEIGHTED) && (rc = write_all(fd, g->in_w, g->m * 4, h)) != PR_OK) ||
        (rc = write_all(fd, g->out_w, (uint64_t)g->n * 8, h)) != PR_OK) {
        return rc;
    }
    if (flags & FLAG_NAMED) {
        if ((rc = write_all(fd, g->name_off, ((uint64_t)g->n + 1) * 8, h)) != PR_OK ||
            (rc = write_all(fd, g->name_data, names, h)) != PR_OK) {
            return rc;
        }
    }
    return PR_OK;
}

static void fsync_dir(const char *path)
{
    char *dir = strrchr(path, '/') ? pr_strdup(path) : pr_strdup(".");
    char *slash = dir ? strrchr(dir, '/') : NULL;
    if (slash != NULL) {
        slash[slash == dir] = '\0';
    }
    int fd = dir ? open(dir, O_RDONLY) : -1;
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    pr_free(dir);
}

int pr_graph_save(const pr_graph *g, const char *path, pr_error *err)
{
    file_header hd;
    memset(&hd, 0, sizeof hd);
    memcpy(hd.magic, GRAPH_MAGIC, sizeof GRAPH_MAGIC);
    hd.version = GRAPH_VERSION;
    hd.flags = (g->in_w ? FLAG_WEIGHTED : 0) | (g->name_data ? FLAG_NAMED : 0);
    hd.n = g->n, hd.m = g->m, hd.endian = ENDIAN_MARK;
    hd.name_bytes = g->name_data ? g->name_off[g->n] : 0;
    char *tmp = pr_strfmt("%s.tmp.XXXXXX", path);
    if (tmp == NULL) {
        return pr_error_set(err, PR_ENOMEM, path, 0, "out of memory");
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        pr_free(tmp);
        return pr_error_set(err, PR_EIO, path, 0, "cannot create: %s", strerror(errno));
    }
    XXH3_state_t *h = XXH3_createState();
    int rc = PR_ENOMEM;
    if (h == NULL) {
        goto done;
    }
    XXH3_64bits_reset(h);
    if ((rc = write_all(fd, &hd, sizeof hd, NULL)) != PR_OK ||
        (rc = write_sections(fd, g, hd.flags, hd.name_bytes, h)) != PR_OK) {
        goto done;
    }
    hd.payload_hash = XXH3_64bits_digest(h);
    hd.header_hash = XXH3_64bits(&hd, offsetof(file_header, header_hash));
    rc = pwrite(fd, &hd, sizeof hd, 0) == (ssize_t)sizeof hd && fsync(fd) == 0 ? PR_OK : PR_EIO;
done:
    XXH3_freeState(h);
    /* closed after a failure too; its own error counts only when nothing failed before */
    if (close(fd) != 0 && rc == PR_OK) {
        rc = PR_EIO;
    }
    if (rc != PR_OK || (rc = rename(tmp, path) == 0 ? PR_OK : PR_EIO) != PR_OK) {
        int e = errno;
        unlink(tmp);
        pr_free(tmp);
        return pr_error_set(err, rc, path, 0, "cannot write the graph: %s",
                            rc == PR_EIO ? strerror(e) : pr_strerror(rc));
    }
    pr_free(tmp);
    fsync_dir(path);
    return PR_OK;
}

/* ---- load ---- */

/* The header's checks; *why says what failed (the error message after the file name). */
static int check_header(const file_header *hd, uint64_t file_size, uint64_t sz[6], char *why,
                        size_t len)
{
    if (memcmp(hd->magic, GRAPH_MAGIC, sizeof GRAPH_MAGIC) != 0) {
        snprintf(why, len, "not a peoplerank graph file (no PRGRAPH magic)");
        return PR_EFORMAT;
    }
    if (hd->endian != ENDIAN_MARK) {
        snprintf(why, len, "graph file written on a machine of the other byte order");
        return PR_EFORMAT;
    }
    if (hd->version != GRAPH_VERSION) {
        snprintf(why, len,
                 "graph file version %u; this peoplerank reads version %u: build it again "
                 "with 'peoplerank build'",
                 hd->version, GRAPH_VERSION);
        return PR_EFORMAT;
    }
    if (XXH3_64bits(hd, offsetof(file_header, header_hash)) != hd->header_hash) {
        snprintf(why, len, "header checksum mismatch (the file is damaged)");
        return PR_ECHECKSUM;
    }
    if ((hd->flags & ~(FLAG_WEIGHTED | FLAG_NAMED)) != 0) {
        snprintf(why, len, "unknown flags 0x%x in the graph header", hd->flags);
        return PR_EFORMAT;
    }
    uint64_t payload = layout(sz, hd->n, hd->m, hd->name_bytes, hd->flags);
    if (payload == 0) {
        snprintf(why, len, "graph too large for this format (n %llu, m %llu)",
                 (unsigned long long)hd->n, (unsigned long long)hd->m);
        return PR_EFORMAT;
    }
    if (payload != file_size - HEADER_SIZE) {
        snprintf(why, len, "%s: %llu bytes, the header says %llu (a copy cut short or appended to)",
                 payload > file_size - HEADER_SIZE ? "truncated" : "longer than its header says",
                 (unsigned long long)file_size, (unsigned long long)(payload + HEADER_SIZE));
        return PR_EFORMAT;
    }
    return PR_OK;
}

/* Structural checks, so that a well-checksummed but inconsistent file cannot send the rank
 * kernel out of bounds. */
static int check_arrays(const pr_graph *g, uint64_t name_bytes)
{
    if (g->in_off[0] != 0 || g->in_off[g->n] != g->m) {
        return PR_EFORMAT;
    }
    for (pr_node v = 0; v < g->n; v++) {
        if (g->in_off[v] > g->in_off[v + 1] || !(g->out_w[v] >= 0.0) || !isfinite(g->out_w[v])) {
            return PR_EFORMAT;
        }
    }
    for (uint64_t e = 0; e < g->m; e++) {
        if (g->in_src[e] >= g->n || (g->in_w && !(g->in_w[e] > 0.0f && isfinite(g->in_w[e])))) {
            return PR_EFORMAT;
        }
    }
    for (pr_node v = 0; v < g->n; v++) { /* sources strictly increasing: one edge per pair */
        for (uint64_t e = g->in_off[v] + 1; e < g->in_off[v + 1]; e++) {
            if (g->in_src[e] <= g->in_src[e - 1]) {
                return PR_EFORMAT;
            }
        }
    }
    if (g->name_data == NULL) {
        return PR_OK;
    }
    if (g->name_off[0] != 0 || g->name_off[g->n] != name_bytes) {
        return PR_EFORMAT;
    }
    for (pr_node v = 0; v < g->n; v++) {
        if (g->name_off[v] >= g->name_off[v + 1] || g->name_off[v + 1] > name_bytes ||
            g->name_data[g->name_off[v + 1] - 1] != '\0') {
            return PR_EFORMAT;
        }
    }
    return PR_OK;
}

static void point_arrays(pr_graph *g, char *base, const uint64_t sz[6], unsigned flags)
{
    char *p = base + HEADER_SIZE;
    g->in_off = (uint64_t *)p, p += sz[0];
    g->in_src = (pr_node *)p, p += sz[1];
    g->in_w = (flags & FLAG_WEIGHTED) ? (float *)p : NULL, p += sz[2];
    g->out_w = (double *)p, p += sz[3];
    g->name_off = (flags & FLAG_NAMED) ? (uint64_t *)p : NULL, p += sz[4];
    g->name_data = (flags & FLAG_NAMED) ? p : NULL;
}

int pr_graph_load(pr_graph **out, const char *path, pr_error *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        int code = errno == ENOENT ? PR_ENOTFOUND : PR_EIO;
        return pr_error_set(err, code, path, 0, "cannot open: %s", strerror(errno));
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size < HEADER_SIZE) {
        close(fd);
        return pr_error_set(err, PR_EFORMAT, path, 0,
                            "not a peoplerank graph file (shorter than its %d-byte header)",
                            HEADER_SIZE);
    }
    size_t size = (size_t)st.st_size;
    void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) {
        return pr_error_set(err, PR_EIO, path, 0, "cannot map: %s", strerror(errno));
    }
    const file_header *hd = map;
    uint64_t sz[6];
    pr_graph *g = NULL;
    char why[200] = "out of memory";
    int rc;
    if ((rc = check_header(hd, size, sz, why, sizeof why)) != PR_OK) {
        goto fail;
    }
    if (XXH3_64bits((char *)map + HEADER_SIZE, size - HEADER_SIZE) != hd->payload_hash) {
        snprintf(why, sizeof why, "checksum mismatch (the file is damaged)");
        rc = PR_ECHECKSUM;
        goto fail;
    }
    if ((g = pr_calloc(1, sizeof *g)) == NULL) {
        rc = PR_ENOMEM;
        goto fail;
    }
    g->n = (pr_node)hd->n, g->m = hd->m;
    point_arrays(g, map, sz, hd->flags);
    g->mapping = map, g->mapping_size = size;
    if ((rc = check_arrays(g, hd->name_bytes)) != PR_OK) {
        snprintf(why, sizeof why, "inconsistent arrays (offsets, ids, weights or names)");
        goto fail;
    }
    *out = g;
    return PR_OK;
fail:
    if (g != NULL) {
        pr_graph_free(g); /* unmaps */
    } else {
        munmap(map, size);
    }
    return pr_error_set(err, rc, path, 0, "%s", why);
}
