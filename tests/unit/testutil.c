#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>

static const char *join(const char *env, const char *name)
{
    static char buf[4096];
    const char *dir = getenv(env);
    if (dir == NULL) {
        return NULL;
    }
    snprintf(buf, sizeof buf, "%s/%s", dir, name);
    return buf;
}

const char *pr_test_shared_file(const char *name)
{
    const char *p = join("PR_SHARED_DATA", name);
    return (p != NULL && access(p, R_OK) == 0) ? p : NULL;
}

const char *pr_test_data_file(const char *name)
{
    return join("PR_TEST_DATA", name);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(f);
    if (buf != NULL) {
        *len = n;
    }
    return buf;
}

char *pr_test_read_file(const char *path, size_t *len)
{
    size_t n = 0;
    char *raw = slurp(path, &n);
    if (raw == NULL) {
        return NULL;
    }
    if (n < 4 || memcmp(raw, "\x28\xb5\x2f\xfd", 4) != 0) {
        char *t = realloc(raw, n + 1);
        t[n] = 0;
        *len = n;
        return t;
    }
    size_t cap = n * 8 + 1024, out = 0;
    char *dec = malloc(cap);
    ZSTD_DStream *ds = ZSTD_createDStream();
    ZSTD_inBuffer in = {raw, n, 0};
    while (in.pos < in.size) {
        if (cap - out < ZSTD_DStreamOutSize()) {
            cap *= 2;
            dec = realloc(dec, cap);
        }
        ZSTD_outBuffer ob = {dec + out, cap - out - 1, 0};
        size_t r = ZSTD_decompressStream(ds, &ob, &in);
        out += ob.pos;
        if (ZSTD_isError(r)) {
            free(dec);
            dec = NULL;
            break;
        }
    }
    ZSTD_freeDStream(ds);
    free(raw);
    if (dec != NULL) {
        dec[out] = 0;
        *len = out;
    }
    return dec;
}

int pr_test_load_edges(pr_edge_list *el, pr_node *n, const char *path, int weight_column)
{
    size_t len = 0;
    char *text = pr_test_read_file(path, &len);
    if (text == NULL) {
        return -1;
    }
    pr_node max = 0;
    int any = 0;
    for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        if (line[0] == '#' || line[0] == '\r' || line[0] == 0) {
            continue;
        }
        char *end;
        unsigned long a = strtoul(line, &end, 10);
        while (*end == ' ' || *end == '\t' || *end == ',') {
            end++;
        }
        unsigned long b = strtoul(end, &end, 10);
        double w = 1.0;
        if (weight_column == 3) {
            while (*end == ' ' || *end == '\t' || *end == ',') {
                end++;
            }
            w = strtod(end, NULL);
        }
        pr_edge_list_add(el, (pr_node)a, (pr_node)b, w);
        max = (pr_node)(a > max ? a : max);
        max = (pr_node)(b > max ? b : max);
        any = 1;
    }
    free(text);
    *n = any ? max + 1 : 0;
    return 0;
}

const char *pr_test_tmpdir(void)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "%s/prtest.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(buf);
}

double pr_test_edge_weight(const pr_graph *g, pr_node src, pr_node dst)
{
    for (uint64_t e = g->in_off[dst]; e < g->in_off[dst + 1]; e++) {
        if (g->in_src[e] == src) {
            return pr_graph_in_weight(g, e);
        }
    }
    return -1.0;
}
