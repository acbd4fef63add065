#!/usr/bin/env bash
# Disk full and unusable output directories: the job fails with a clear one-line message
# ("peoplerank: ..." naming the file and the reason), exits 1, leaves no temp file behind, and
# leaves the previous snapshot and `latest` exactly as they were.
#
# The file-size limit (RLIMIT_FSIZE, `ulimit -f`) stands in for a full disk: a write past it
# fails with EFBIG like one on a full disk fails with ENOSPC (same code path). SIGXFSZ is ignored
# as a daemon would; with its default action the process dies like a SIGKILL (see test_kill.sh),
# which is checked here too.
source "$(dirname "$0")/lib.sh"
# Many short runs on a shared machine: idle OpenMP threads should sleep, not spin.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}

out="$WORK/out"
ev="$WORK/ev.tsv"
"$PR_BIN" generate --seed 5 --persons 400 --days 20 -o "$ev" -q || { fail "generate"; finish; exit 1; }
DAY1=2026-11-23T00:00:00Z
DAY2=2026-11-24T00:00:00Z

check "a first run publishes day 1" "$PR_BIN" run -q --events "$ev" --out "$out" --as-of "$DAY1" >/dev/null
cp "$out/peoplerank-2026-11-23.snap" "$WORK/day1.copy"
size_kib=$(( $(stat -c %s "$WORK/day1.copy") / 1024 ))
echo "snapshot size: $size_kib KiB"

# Previous snapshot byte for byte, latest unchanged, no temp file, no day-2 file.
check_untouched() {
    local what=$1
    check "$what: latest still names day 1" test "$(readlink "$out/latest")" = peoplerank-2026-11-23.snap
    check "$what: day 1 snapshot unchanged" cmp -s "$out/peoplerank-2026-11-23.snap" "$WORK/day1.copy"
    check "$what: verify accepts latest" "$PR_BIN" verify "$out/latest" >/dev/null
    check "$what: no temp file left" test -z "$(find "$out" -name '.*' -type f)"
    check "$what: no day 2 file" test ! -e "$out/peoplerank-2026-11-24.snap"
}

# One run with a file-size limit of $1 KiB, SIGXFSZ ignored; must fail with a message.
for limit in 1 4 $((size_kib / 2)) $((size_kib - 1)); do
    [ "$limit" -ge 1 ] || continue
    (trap '' XFSZ; ulimit -f "$limit"; exec "$PR_BIN" run -q --events "$ev" --out "$out" --as-of "$DAY2") \
        >/dev/null 2>"$WORK/err"
    rc=$?
    check "limit ${limit} KiB: exit 1 (got $rc)" test "$rc" -eq 1
    check "limit ${limit} KiB: one clear message (got: $(head -c 300 "$WORK/err"))" \
        grep -q '^peoplerank: .*\(File too large\|No space\|write\)' "$WORK/err"
    check "limit ${limit} KiB: the message is one line" test "$(wc -l <"$WORK/err")" -le 2
    check_untouched "limit ${limit} KiB"
done

# Default SIGXFSZ action: the process dies at the limit, like a kill mid-write.
(ulimit -f 4; exec "$PR_BIN" run -q --events "$ev" --out "$out" --as-of "$DAY2") >/dev/null 2>&1
rc=$?
check "SIGXFSZ kills the run (exit $rc)" test "$rc" -ne 0
check "SIGXFSZ: latest still names day 1" test "$(readlink "$out/latest")" = peoplerank-2026-11-23.snap
check "SIGXFSZ: day 1 snapshot unchanged" cmp -s "$out/peoplerank-2026-11-23.snap" "$WORK/day1.copy"
check "SIGXFSZ: verify accepts latest" "$PR_BIN" verify "$out/latest" >/dev/null
find "$out" -name '.*' -type f -delete # a killed process cannot clean up; tidy for the next checks

# An output path that cannot be a directory (under a regular file): fails before any work.
"$PR_BIN" run -q --events "$ev" --out "$ev/snaps" --as-of "$DAY2" >/dev/null 2>"$WORK/err"
check "out under a file: exit 1" test $? -eq 1
check "out under a file: message names the directory ($(head -c 200 "$WORK/err"))" \
    grep -q "^peoplerank: .*$ev/snaps" "$WORK/err"

# A read-only directory (only meaningful when not root: root may write anywhere).
if [ "$(id -u)" -ne 0 ]; then
    chmod 555 "$out"
    "$PR_BIN" run -q --events "$ev" --out "$out" --as-of "$DAY2" >/dev/null 2>"$WORK/err"
    rc=$?
    chmod 755 "$out"
    check "read-only dir: exit 1" test "$rc" -eq 1
    check "read-only dir: clear message" grep -q '^peoplerank: .*\(ermission\|write\)' "$WORK/err"
    check_untouched "read-only dir"
else
    echo "running as root: read-only directory case skipped"
fi

check "a rerun without limits succeeds" "$PR_BIN" run -q --events "$ev" --out "$out" --as-of "$DAY2" >/dev/null
check "latest names day 2" test "$(readlink "$out/latest")" = peoplerank-2026-11-24.snap
check "day 1 still intact" cmp -s "$out/peoplerank-2026-11-23.snap" "$WORK/day1.copy"
finish
