#!/usr/bin/env bash
# Score stability on a generated population (docs/scores.md, "Stability"):
#  1. one more day: the same population ranked as of day E and day E+1 (window 90 days both):
#     share of persons whose score moved less than 2 points (target: at least 99%);
#  2. quiet daily users: 50 daily users (both accounts) stop acting and being engaged for the last
#     7 and the last 30 days: their score drop (target: every account loses at most 5 points after
#     7 days; after 30 the median drop is above 5 and at least 3 more than after 7).
# usage: scripts/stability.sh BUILD_DIR [PERSONS] [WORKDIR] [SEED] [MIX]
#        (defaults: 10000, a temp dir, the generator's seed, default mix)
# Prints the figures and exits 1 when a target is missed, 2 on a usage or tool error.
set -euo pipefail
build=${1:?usage: stability.sh BUILD_DIR [PERSONS] [WORKDIR] [SEED] [MIX]}
persons=${2:-10000}
work=${3:-}
seed=${4:-20261124}
mix=${5:-default}
if [ -z "$work" ]; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
bin=$build/peoplerank
bench=$build/bench_calibration
end_e=1795564799     # 2026-11-24T23:59:59Z
end_e1=1795651199    # 2026-11-25T23:59:59Z
fails=0
gen=(-q --persons "$persons" --seed "$seed" --mix "$mix")
echo "population: $persons persons, seed $seed, mix $mix"

# bench_calibration exits 1 when a calibration band misses; only its scores matter here.
score() {
    local rc=0
    "$bench" "$@" >/dev/null || rc=$?
    if [ "$rc" -gt 1 ]; then
        echo "stability.sh: bench_calibration $* failed ($rc)" >&2
        exit 2
    fi
}

"$bin" generate "${gen[@]}" --days 91 --end 2026-11-25 -o "$work/ev91.tsv" \
    --labels "$work/labels.tsv"
score "$work/ev91.tsv" "$work/labels.tsv" --as-of $end_e --scores "$work/day0.tsv"
score "$work/ev91.tsv" "$work/labels.tsv" --as-of $end_e1 --scores "$work/day1.tsv"
echo "one more day (persons: accounts that are not fake followers):"
awk -F'\t' 'FILENAME == ARGV[1] { lab[$1] = $2; next }
    FILENAME == ARGV[2] { s0[$1] = $2; next }
    ($1 in s0) && lab[$1] != "fake" { n++; d = $2 - s0[$1]; if (d < 0) d = -d; if (d < 2) ok++
        if (d > max) max = d }
    END { printf "  %d of %d moved less than 2 points (%.2f%%), largest move %.2f\n", ok, n,
          100 * ok / n, max; exit !(n > 0 && ok >= 0.99 * n) }' \
    "$work/labels.tsv" "$work/day0.tsv" "$work/day1.tsv" || { echo "  FAIL: below 99%"; fails=1; }

"$bin" generate "${gen[@]}" -o "$work/ev.tsv" --labels "$work/labels90.tsv"
score "$work/ev.tsv" "$work/labels90.tsv" --scores "$work/base.tsv"
declare -A median
for quiet in 7 30; do
    cut=$((end_e + 1 - quiet * 86400))
    awk -F'\t' -v cut=$cut '/^#/ { print; next }
        { q = ($3 ~ /^daily_00[0-4][0-9]$/) || ($5 ~ /^daily_00[0-4][0-9]$/)
          if ($1 >= cut && q) next; print }' "$work/ev.tsv" >"$work/quiet.tsv"
    score "$work/quiet.tsv" "$work/labels90.tsv" --scores "$work/quiet$quiet.tsv"
    line=$(awk -F'\t' -v q=$quiet 'FILENAME == ARGV[1] { b[$1] = $2; next }
        $1 ~ /:daily_00[0-4][0-9]$/ { d[++n] = b[$1] - $2; who[n] = $1; if (b[$1] - $2 > 5) over++ }
        END { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (d[j] < d[i]) {
                  t = d[i]; d[i] = d[j]; d[j] = t; t = who[i]; who[i] = who[j]; who[j] = t }
              printf "%.4f quiet %2d days: %d daily accounts, drop median %.2f, min %.2f, " \
                     "max %.2f (%s), %d lost more than 5\n", d[int((n + 1) / 2)], q, n,
                     d[int((n + 1) / 2)], d[1], d[n], who[n], over + 0
              exit !(n == 100) }' "$work/base.tsv" "$work/quiet$quiet.tsv") ||
        { echo "stability.sh: expected 100 quiet daily accounts" >&2; exit 2; }
    median[$quiet]=${line%% *}
    echo "${line#* }"
    if [ "$quiet" = 7 ] && ! echo "$line" | grep -q ', 0 lost more than 5$'; then
        echo "  FAIL: a daily user lost more than 5 points in 7 quiet days"
        fails=1
    fi
done
if ! awk -v w="${median[7]}" -v m="${median[30]}" 'BEGIN { exit !(m > 5 && m >= w + 3) }'; then
    echo "  FAIL: after 30 quiet days the median drop is not above 5 and 3 more than after 7"
    fails=1
fi
rm -f "$work"/ev91.tsv "$work"/ev.tsv "$work"/quiet.tsv
exit $fails
