/* Klout open-data reactions (tab-separated, '#' header):
 *   user_id  actor_id  post_id  post_timestamp  action_timestamp  user_timezone
 * The actor reacted to the user's post at action_timestamp (milliseconds): an edge actor -> user.
 * The data does not say which kind of reaction, so each counts as a "like". */
#include "ingest_internal.h"

#include <string.h>

/* Milliseconds since 1970 -> seconds (truncated); digits only. */
static int parse_millis(int64_t *out, const char *s, size_t len)
{
    if (len < 4 || len > 15) {
        return PR_EPARSE;
    }
    return pr_parse_timestamp(out, s, len - 3) == PR_OK && s[len - 1] >= '0' && s[len - 1] <= '9' &&
                   s[len - 2] >= '0' && s[len - 2] <= '9' && s[len - 3] >= '0' && s[len - 3] <= '9'
               ? PR_OK
               : PR_EPARSE;
}

static int klout_line(pr_ingest *ig, const char *net, size_t net_len, const char *line, size_t len,
                      const char *file, uint64_t line_no, pr_error *err)
{
    const char *f[7];
    size_t fl[7];
    int n = 0;
    const char *p = line, *end = line + len;
    while (n < 7) {
        const char *tab = memchr(p, '\t', (size_t)(end - p));
        f[n] = p;
        fl[n] = (size_t)((tab ? tab : end) - p);
        n++;
        if (tab == NULL) {
            break;
        }
        p = tab + 1;
    }
    if (n < 5) {
        return PR_BAD(PR_SKIP_FIELDS, "missing fields: expected user_id, actor_id, post_id, "
                                      "post_timestamp, action_timestamp[, user_timezone]");
    }
    if (n > 6) {
        return PR_BAD(PR_SKIP_FIELDS, "extra fields: expected at most 6 tab-separated fields");
    }
    int64_t ts;
    if (parse_millis(&ts, f[4], fl[4]) != PR_OK) {
        return PR_BAD(PR_SKIP_TIMESTAMP, "bad action_timestamp '%.*s' (milliseconds since 1970)",
                      PR_SHOW(fl[4]), f[4]);
    }
    if (fl[0] == 0 || fl[1] == 0 || !pr_ingest__valid_utf8(f[0], fl[0]) ||
        !pr_ingest__valid_utf8(f[1], fl[1])) {
        return PR_BAD(PR_SKIP_HANDLE, "empty or invalid user_id or actor_id");
    }
    uint32_t user, actor;
    int rc;
    if ((rc = pr_ingest__account(&user, ig, net, net_len, f[0], fl[0])) != PR_OK ||
        (rc = pr_ingest__account(&actor, ig, net, net_len, f[1], fl[1])) != PR_OK ||
        (rc = pr_ingest__event(ig, actor, user, ts, PR_ACTION_LIKE, 1, line_no)) != PR_OK) {
        return pr_error_set(err, rc, file, line_no, "%s", pr_ingest__strerror(ig, rc));
    }
    return PR_OK;
}

int pr_ingest__read_klout(pr_ingest *ig, pr_reader *r, const char *network, pr_error *err)
{
    const char *line;
    size_t len;
    int rc;
    size_t net_len = strlen(network);
    while ((rc = pr_ingest__next_text_line(ig, r, &line, &len, err)) == 1) {
        rc = klout_line(ig, network, net_len, line, len, pr_reader_name(r),
                        pr_reader_line_number(r), err);
        if (rc < 0) {
            return rc;
        }
    }
    return rc;
}
