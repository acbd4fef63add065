/* The date guard: `latest` never moves backwards, and a date's snapshot is replaced only when the
 * operator asks for it (docs/operations.md, "Dates"). A truncated feed or a backfill with an
 * older --as-of must not make readers see yesterday's ranking as today's. */
#include "job_internal.h"
#include "peoplerank/date.h"

#include <stdio.h>
#include <sys/stat.h>

int job_check_dates(int *publish_latest, int *replaces, const char *dir, int64_t as_of,
                    const pr_job_opts *o, pr_error *err)
{
    int64_t day = pr_day_of(as_of), latest = pr_snapshot_latest_day(dir);
    char name[64], now[32], then[32];
    struct stat st;
    pr_snapshot_file_name(name, sizeof name, as_of);
    char *path = pr_strfmt("%s/%s", dir, name);
    if (path == NULL) {
        return pr_error_set(err, PR_ENOMEM, dir, 0, "out of memory");
    }
    pr_format_day(now, sizeof now, as_of);
    pr_format_day(then, sizeof then, (latest == INT64_MIN ? day : latest) * 86400);
    *publish_latest = !o->backfill;
    *replaces = stat(path, &st) == 0;
    int rc = PR_OK;
    if (latest != INT64_MIN && day < latest && !o->backfill) {
        rc = pr_error_set(err, PR_EDRIFT, dir, 0,
                          "date guard: the as-of date %s is older than latest's (%s): latest "
                          "never moves backwards; nothing published (--backfill writes the "
                          "dated snapshot and leaves latest alone)",
                          now, then);
    } else if (*replaces && !o->replace) {
        rc = pr_error_set(err, PR_EDRIFT, path, 0,
                          "date guard: a snapshot of %s exists already; nothing published "
                          "(--replace replaces it)",
                          now);
    }
    pr_free(path);
    return rc;
}
