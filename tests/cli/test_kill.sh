#!/usr/bin/env bash
# Killed mid-run: the nightly job is SIGKILLed at many moments and each time `latest` must still
# name a complete snapshot (verify, top and lookup read it) and a rerun must succeed.
#
# Two kinds of moments:
#  - by syscall, exact: a tiny LD_PRELOAD shim (compiled here with cc; skipped without one) raises
#    SIGKILL at the Nth read (parse), write/fsync (snapshot write), rename/symlink (the rename of
#    the snapshot into place and the switch of latest). A first run counts the calls.
#  - by time: spread over the length of a measured run (parse, rank, score, write).
# The first run publishes as-of day 1; killed runs publish day 2, so after each kill latest must
# name day 1's or day 2's snapshot, complete.
source "$(dirname "$0")/lib.sh"
# Many short runs on a shared machine: idle OpenMP threads should sleep, not spin.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}

out="$WORK/out"
ev="$WORK/ev.tsv"
"$PR_BIN" generate --seed 11 --persons 500 --days 30 -o "$ev" -q || { fail "generate"; finish; exit 1; }
DAY1=2026-11-23T00:00:00Z
DAY2=2026-11-24T00:00:00Z

run_job() { "$PR_BIN" run -q --replace --events "$ev" --out "$out" --as-of "$1" >/dev/null; }

# latest must name day 1's or day 2's snapshot, and readers must accept it.
check_latest() {
    local what=$1 target
    target=$(readlink "$out/latest")
    case "$target" in
        peoplerank-2026-11-23.snap | peoplerank-2026-11-24.snap) pass ;;
        *) fail "$what: latest names '$target'"; return ;;
    esac
    check "$what: verify accepts latest" "$PR_BIN" verify "$out/latest" >/dev/null
    local first
    first=$("$PR_BIN" top "$out/latest" -n 3 --tsv 2>/dev/null | sed -n 2p | cut -f2)
    check "$what: top reads latest" test -n "$first"
    check "$what: lookup finds the top person" "$PR_BIN" lookup "$out/latest" "$first" >/dev/null
}

check "first run publishes day 1" run_job "$DAY1"
check_latest "before any kill"
kills=0

# ---- by syscall ----
shim="$WORK/killshim.so"
if command -v cc >/dev/null 2>&1; then
    cat >"$WORK/killshim.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
/* PR_KILL_AT=NAME:N raises SIGKILL at the Nth call of NAME (before it happens);
 * PR_KILL_COUNT=FILE writes "NAME COUNT" lines at exit. */
enum { READ, WRITE, PWRITE, FSYNC, RENAME, SYMLINK, NFN };
static const char *names[NFN] = {"read", "write", "pwrite", "fsync", "rename", "symlink"};
static long calls[NFN];
static void hit(int f)
{
    calls[f]++;
    const char *at = getenv("PR_KILL_AT");
    size_t len = strlen(names[f]);
    if (at && strncmp(at, names[f], len) == 0 && at[len] == ':' && atol(at + len + 1) == calls[f]) {
        raise(SIGKILL);
    }
}
__attribute__((destructor)) static void report(void)
{
    const char *path = getenv("PR_KILL_COUNT");
    FILE *f = path ? fopen(path, "w") : NULL;
    for (int i = 0; f && i < NFN; i++) {
        fprintf(f, "%s %ld\n", names[i], calls[i]);
    }
    if (f) {
        fclose(f);
    }
}
#define NEXT(fn) ((__typeof__(&fn))dlsym(RTLD_NEXT, #fn))
ssize_t read(int fd, void *b, size_t n) { hit(READ); return NEXT(read)(fd, b, n); }
ssize_t write(int fd, const void *b, size_t n) { hit(WRITE); return NEXT(write)(fd, b, n); }
ssize_t pwrite(int fd, const void *b, size_t n, off_t o) { hit(PWRITE); return NEXT(pwrite)(fd, b, n, o); }
int fsync(int fd) { hit(FSYNC); return NEXT(fsync)(fd); }
int rename(const char *a, const char *b) { hit(RENAME); return NEXT(rename)(a, b); }
int symlink(const char *a, const char *b) { hit(SYMLINK); return NEXT(symlink)(a, b); }
C
    if cc -shared -fPIC -O1 -o "$shim" "$WORK/killshim.c" -ldl 2>"$WORK/cc.err"; then
        # ASan wants its runtime first; the shim only forwards calls, so the order is harmless.
        export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
        LD_PRELOAD="$shim" PR_KILL_COUNT="$WORK/counts" run_job "$DAY2"
        check "a counted run succeeds" test $? -eq 0
        check_latest "after the counted run"
        points=()
        while read -r fn n; do
            [ "$n" -gt 0 ] || continue
            # every call of the rare ones (fsync, rename, symlink); first, middle, last of the rest
            if [ "$n" -le 8 ]; then
                for i in $(seq 1 "$n"); do points+=("$fn:$i"); done
            else
                points+=("$fn:1" "$fn:$((n / 2))" "$fn:$n")
            fi
        done <"$WORK/counts"
        for p in "${points[@]}"; do
            LD_PRELOAD="$shim" PR_KILL_AT="$p" run_job "$DAY2" 2>/dev/null
            rc=$?
            kills=$((kills + 1))
            check "killed at $p: the job did not complete (exit $rc)" test "$rc" -ne 0
            check_latest "killed at $p"
        done
        echo "syscall kill points: ${points[*]}"
    else
        echo "no working cc: syscall kill points skipped ($(head -c 200 "$WORK/cc.err"))"
    fi
else
    echo "no cc: syscall kill points skipped"
fi

# ---- by time ----
start=$(date +%s%N)
check "a timed run succeeds" run_job "$DAY2"
ms=$((($(date +%s%N) - start) / 1000000))
echo "one run: $ms ms; killing at 8 moments across it"
for pct in 2 10 25 40 55 70 85 100; do
    "$PR_BIN" run -q --replace --events "$ev" --out "$out" --as-of "$DAY2" >/dev/null 2>&1 &
    pid=$!
    sleep "$(awk -v ms="$ms" -v p="$pct" 'BEGIN { printf "%.3f", ms * p / 100000 }')"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    kills=$((kills + 1))
    check_latest "killed at $pct% of a run"
done

# Leftover temp files from killed runs are harmless (dot-names readers never open); a rerun works.
leftovers=$(find "$out" -name '.*' -type f | wc -l)
echo "$kills kills; $leftovers temp files left behind by killed runs"
check "a rerun after all the kills succeeds" run_job "$DAY2"
check "latest names day 2 after the rerun" test "$(readlink "$out/latest")" = peoplerank-2026-11-24.snap
check_latest "after the rerun"
check "only snapshots, latest and dot-temp files in the directory" \
    test -z "$(find "$out" -mindepth 1 ! -name 'peoplerank-*.snap' ! -name latest ! -name '.*')"
finish
