/* Publishing: the `latest` link, switched atomically (a new link under a temp name renamed over
 * the old one, then the directory fsync'd). */
#include "snapshot_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int pr_snapshot_publish_latest(const char *dir, const char *snapshot_path, pr_error *err)
{
    const char *base = base_name(snapshot_path);
    /* Fixed buffers on purpose: publishing comes after the snapshot is written, and must not be
     * able to fail for want of memory (the run would leave an unpublished file behind). */
    char target[4096], tmp[4096], link[4096];
    if (base[0] == '\0' || strcmp(base, "latest") == 0 ||
        snprintf(target, sizeof target, "%s/%s", dir, base) >= (int)sizeof target ||
        snprintf(link, sizeof link, "%s/latest", dir) >= (int)sizeof link ||
        snprintf(tmp, sizeof tmp, "%s/.latest.tmp.%ld", dir, (long)getpid()) >= (int)sizeof tmp) {
        return pr_error_set(err, PR_EINVAL, snapshot_path, 0, "bad snapshot path to publish");
    }
    struct stat st;
    if (stat(target, &st) != 0 || !S_ISREG(st.st_mode)) {
        return pr_error_set(err, PR_ENOTFOUND, target, 0,
                            "no snapshot file of that name in the directory");
    }
    unlink(tmp); /* a leftover from a crashed run with the same pid */
    if (symlink(base, tmp) != 0) {
        return pr_error_set(err, PR_EIO, tmp, 0, "cannot create link: %s", strerror(errno));
    }
    if (rename(tmp, link) != 0) {
        int e = errno;
        unlink(tmp);
        return pr_error_set(err, PR_EIO, link, 0, "cannot switch latest: %s", strerror(e));
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd < 0 || (fsync(dfd) != 0 && errno != EINVAL)) {
        int e = errno;
        if (dfd >= 0) {
            close(dfd);
        }
        return pr_error_set(err, PR_EIO, dir, 0, "fsync of the directory failed: %s", strerror(e));
    }
    close(dfd);
    return PR_OK;
}
