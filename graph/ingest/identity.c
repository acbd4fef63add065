/* The identity map (person<TAB>network<TAB>handle) and the list of networks read. */
#include "ingest_internal.h"

#include <stdlib.h>
#include <string.h>

static int add_mapping(pr_ingest *ig, uint32_t *entry, uint32_t person)
{
    if (*entry >= ig->ident_cap) {
        uint64_t cap = ig->ident_cap ? ig->ident_cap * 2 : 1024;
        uint32_t *p = pr_realloc(ig->ident_person, cap * sizeof *p);
        if (p == NULL) {
            return PR_ENOMEM;
        }
        ig->ident_person = p;
        ig->ident_cap = cap;
    }
    ig->ident_person[*entry] = person;
    return PR_OK;
}

static int identity_line(void *ctx, const char *line, size_t len, const char *file,
                         uint64_t line_no, pr_error *err)
{
    pr_ingest *ig = ctx;
    const char *f[4];
    size_t fl[4];
    int n = 0;
    const char *p = line, *end = line + len;
    for (; n < 4; n++) {
        const char *tab = memchr(p, '\t', (size_t)(end - p));
        f[n] = p;
        fl[n] = (size_t)((tab ? tab : end) - p);
        if (tab == NULL) {
            n++;
            break;
        }
        p = tab + 1;
    }
    if (n != 3) {
        return pr_error_set(err, PR_EPARSE, file, line_no,
                            "expected 3 tab-separated fields: person, network, handle");
    }
    if (fl[0] == 0 || !pr_ingest__valid_utf8(f[0], fl[0]) || memchr(f[0], ':', fl[0]) != NULL) {
        return pr_error_set(err, PR_EPARSE, file, line_no,
                            "bad person id (non-empty UTF-8 without ':')");
    }
    if (!pr_ingest__valid_network(f[1], fl[1])) {
        return pr_error_set(err, PR_EPARSE, file, line_no, "bad network '%.*s'", PR_SHOW(fl[1]),
                            f[1]);
    }
    if (fl[2] == 0 || !pr_ingest__valid_utf8(f[2], fl[2])) {
        return pr_error_set(err, PR_EPARSE, file, line_no, "empty or invalid handle");
    }
    char *acc = ig->scratch;
    memcpy(acc, f[1], fl[1]);
    acc[fl[1]] = ':';
    memcpy(acc + fl[1] + 1, f[2], fl[2]);
    size_t alen = fl[1] + 1 + fl[2];
    uint32_t person, entry, before = ig->ident.count;
    int rc;
    if ((rc = pr_ingest__names_intern(&person, &ig->persons, f[0], fl[0])) != PR_OK ||
        (rc = pr_ingest__names_intern(&entry, &ig->ident, acc, alen)) != PR_OK) {
        return pr_error_set(err, rc, file, line_no, "%s", pr_strerror(rc));
    }
    if (ig->ident.count == before) {
        const char *was = pr_ingest__names_get(&ig->persons, ig->ident_person[entry]);
        return pr_error_set(err, PR_EPARSE, file, line_no,
                            "%s mapping for %.*s (already mapped to %s)",
                            ig->ident_person[entry] == person ? "duplicate" : "conflicting",
                            PR_SHOW(alen), acc, was);
    }
    if ((rc = add_mapping(ig, &entry, person)) != PR_OK) {
        return pr_error_set(err, rc, file, line_no, "out of memory");
    }
    return PR_OK;
}

int pr_ingest_load_identities(pr_ingest *ig, const char *path, pr_error *err)
{
    int rc = pr_reader_each_line(path, PR_LINES_SKIP_COMMENTS | PR_LINES_REFUSE_NUL, identity_line,
                                 ig, err);
    return rc == PR_ELIMIT ? PR_EPARSE : rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int refresh_networks(pr_ingest *ig)
{
    for (size_t i = 0; i < ig->n_networks; i++) {
        pr_free(ig->networks[i]);
    }
    ig->n_networks = 0;
    pr_names seen = {0};
    int rc;
    for (uint32_t a = 0; a < ig->names.count; a++) {
        const char *name = pr_ingest__names_get(&ig->names, a);
        uint32_t id;
        if ((rc = pr_ingest__names_intern(&id, &seen, name, (size_t)(strchr(name, ':') - name))) !=
            PR_OK) {
            goto done;
        }
    }
    char **list = pr_realloc(ig->networks, (seen.count + 1) * sizeof *list);
    rc = PR_ENOMEM;
    if (list == NULL) {
        goto done;
    }
    ig->networks = list;
    for (uint32_t i = 0; i < seen.count; i++) {
        if ((list[i] = pr_strdup(pr_ingest__names_get(&seen, i))) == NULL) {
            break; /* the names copied so far stay listed, sorted */
        }
        ig->n_networks++;
    }
    qsort(list, ig->n_networks, sizeof *list, cmp_str);
    rc = ig->n_networks == seen.count ? PR_OK : PR_ENOMEM;
done:
    pr_ingest__names_clear(&seen);
    return rc;
}

size_t pr_ingest_network_count(pr_ingest *ig)
{
    return refresh_networks(ig) == PR_OK ? ig->n_networks : 0;
}

const char *pr_ingest_network_name(pr_ingest *ig, size_t i)
{
    return i < ig->n_networks ? ig->networks[i] : NULL;
}
