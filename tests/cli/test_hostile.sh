#!/usr/bin/env bash
# Hostile input within the documented limits (docs/guarantees.md, docs/input-formats.md):
#  - one account engaged by everyone (a 20,000-actor star) and one account engaging everyone;
#  - a handle of 1,000,000 characters (accepted: the line is under 1 MiB) and a line over 1 MiB
#    (rejected, or skipped under --max-errors);
#  - a count of 10^9 (over the 1,000,000 bound: rejected, or skipped), and the maximum count;
#  - a numeric edge-list id near 2^26, which once made a 14-byte file allocate 256 MiB.
# Memory is checked with /usr/bin/time when it exists (peak RSS bound, generous for ASan builds).
source "$(dirname "$0")/lib.sh"
# Many short runs on a shared machine: idle OpenMP threads should sleep, not spin.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
# In the sanitizer build, freed memory sits in ASan's quarantine (256 MiB by default) and would
# count as peak RSS; a small quarantine keeps the bounds meaningful there too.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"

out="$WORK/out"
mkdir -p "$out"
TS=1700000000

# peak RSS in KiB of a command, or 0 when /usr/bin/time is missing; the exit status is kept.
peak_kib() {
    local rc
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%M' -o "$WORK/rss" "$@"
        rc=$?
        PEAK=$(tail -n 1 "$WORK/rss")
    else
        "$@"
        rc=$?
        PEAK=0
    fi
    return "$rc"
}

# ---- a star: 20,000 actors like t:star; t:hub likes all 20,000 ----
awk -v ts="$TS" 'BEGIN { for (i = 0; i < 20000; i++) {
    printf "%d\tt\tu%d\tlike\tstar\n", ts, i; printf "%d\tt\thub\tlike\tu%d\n", ts, i } }' >"$WORK/star.tsv"
check "star: run succeeds" peak_kib "$PR_BIN" run -q --allow-degenerate --events "$WORK/star.tsv" --out "$out/star" >/dev/null
echo "star: peak RSS $PEAK KiB"
check "star: peak RSS under 400 MiB" test "$PEAK" -lt 409600
top1=$("$PR_BIN" top "$out/star/latest" -n 1 --tsv | tail -n 1)
check "star: t:star is first ($top1)" test "$(cut -f2 <<<"$top1")" = t:star
check "star: its score is within 1..100" awk -v s="$(cut -f3 <<<"$top1")" 'BEGIN { exit !(s >= 1 && s <= 100) }'
check "star: lookup of the hub works" "$PR_BIN" lookup "$out/star/latest" t:hub >/dev/null
# 20,002 accounts: each u_i, star and hub
check "star: every account is in the snapshot" \
    test "$("$PR_BIN" export "$out/star/latest" | tail -n +2 | wc -l)" -eq 20002

# ---- a 1,000,000-character handle ----
long=$(head -c 1000000 /dev/zero | tr '\0' x)
printf '%s\tt\t%s\tlike\tbob\n%s\tt\tbob\tlike\talice\n' "$TS" "$long" "$TS" >"$WORK/long.tsv"
check "long handle: run succeeds" peak_kib "$PR_BIN" run -q --allow-degenerate --events "$WORK/long.tsv" --out "$out/long" >/dev/null
echo "long handle: peak RSS $PEAK KiB"
check "long handle: peak RSS under 400 MiB" test "$PEAK" -lt 409600
len=$("$PR_BIN" export "$out/long/latest" | awk -F'\t' 'NR > 1 && length($2) > 1000 { print length($2) }')
check "long handle: stored whole (t: + 10^6 characters, got $len)" test "$len" = 1000002
check "long handle: verify accepts the snapshot" "$PR_BIN" verify "$out/long/latest" >/dev/null

# A line over 1 MiB: strict mode names file and line; --max-errors skips it and goes on.
longer=$(head -c 1048600 /dev/zero | tr '\0' y)
printf '%s\tt\talice\tlike\tbob\n%s\tt\t%s\tlike\tbob\n%s\tt\tbob\tlike\talice\n' \
    "$TS" "$TS" "$longer" "$TS" >"$WORK/longer.tsv"
"$PR_BIN" run -q --allow-degenerate --events "$WORK/longer.tsv" --out "$out/longer" >/dev/null 2>"$WORK/err"
check "line over 1 MiB: strict run fails with exit 1" test $? -eq 1
check "line over 1 MiB: message names file and line 2 ($(head -c 200 "$WORK/err"))" \
    grep -q "longer.tsv:2: .*longer than" "$WORK/err"
check "line over 1 MiB: nothing published" test ! -e "$out/longer/latest"
check "line over 1 MiB: --max-errors 1 skips it" \
    "$PR_BIN" run -q --allow-degenerate --max-errors 1 --events "$WORK/longer.tsv" --out "$out/longer" >/dev/null 2>&1
check "line over 1 MiB: the other lines are ranked" \
    "$PR_BIN" lookup "$out/longer/latest" t:alice t:bob >/dev/null

# ---- counts ----
printf '%s\tt\talice\tlike\tbob\t1000000000\n%s\tt\tbob\tlike\talice\n' "$TS" "$TS" >"$WORK/count.tsv"
"$PR_BIN" run -q --allow-degenerate --events "$WORK/count.tsv" --out "$out/count" >/dev/null 2>"$WORK/err"
check "count 10^9: strict run fails with exit 1" test $? -eq 1
check "count 10^9: message names line 1 and the bound ($(head -c 200 "$WORK/err"))" \
    grep -q "count.tsv:1: .*1000000" "$WORK/err"
check "count 10^9: --max-errors 1 skips the line" \
    "$PR_BIN" run -q --allow-degenerate --max-errors 1 --events "$WORK/count.tsv" --out "$out/count" >/dev/null 2>&1
# The maximum count is accepted, and the daily cap keeps it from outweighing everyone: alice's
# 1,000,000 likes of bob count as the cap (20), the same as 20 likes.
printf '%s\tt\talice\tlike\tbob\t1000000\n%s\tt\tcarol\tlike\tdave\t20\n%s\tt\tbob\tlike\terin\n%s\tt\tdave\tlike\terin\n' \
    "$TS" "$TS" "$TS" "$TS" >"$WORK/maxcount.tsv"
check "count 10^6: run succeeds" "$PR_BIN" run -q --allow-degenerate --events "$WORK/maxcount.tsv" --out "$out/max" >/dev/null
"$PR_BIN" lookup "$out/max/latest" t:bob t:dave --tsv >"$WORK/max.tsv"
rb=$(awk -F'\t' '$4 == "t:bob" { print $7 }' "$WORK/max.tsv")
rd=$(awk -F'\t' '$4 == "t:dave" { print $7 }' "$WORK/max.tsv")
check "count 10^6: capped like a count of 20 (rank bob $rb = dave $rd)" test -n "$rb" -a "$rb" = "$rd"

# ---- a numeric edge-list id near 2^26 ----
printf '1 67108863\n2 3\n' >"$WORK/bigid.txt"
check "big numeric id: run succeeds" \
    peak_kib "$PR_BIN" run -q --allow-degenerate --input "edges:t=$WORK/bigid.txt" --out "$out/bigid" >/dev/null
echo "big numeric id: peak RSS $PEAK KiB"
check "big numeric id: peak RSS under 128 MiB (was 256+ MiB)" test "$PEAK" -lt 131072
check "big numeric id: the account keeps its name" "$PR_BIN" lookup "$out/bigid/latest" t:67108863 >/dev/null
finish
