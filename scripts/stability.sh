#!/usr/bin/env bash
# Score stability on a generated population (docs/scores.md, "Stability"):
#  1. one more day: the same population ranked as of day E and day E+1 (window 90 days both):
#     share of persons whose score moved less than 2 points (target: 99%);
#  2. quiet daily users: 50 daily users (both accounts) stop acting and being engaged for the last
#     7 and the last 30 days: their score drop (target: at most 5 after 7 days, clearly more after
#     30).
# usage: scripts/stability.sh BUILD_DIR [PERSONS] [WORKDIR]   (defaults: 10000, a temp dir)
set -euo pipefail
build=${1:?usage: stability.sh BUILD_DIR [PERSONS] [WORKDIR]}
persons=${2:-10000}
work=${3:-$(mktemp -d)}
bin=$build/peoplerank
bench=$build/bench_calibration
end_e=1795564799     # 2026-11-24T23:59:59Z
end_e1=1795651199    # 2026-11-25T23:59:59Z

"$bin" generate -q --persons "$persons" --days 91 --end 2026-11-25 -o "$work/ev91.tsv" \
    --labels "$work/labels.tsv"
"$bench" "$work/ev91.tsv" "$work/labels.tsv" --as-of $end_e --scores "$work/day0.tsv" >/dev/null || true
"$bench" "$work/ev91.tsv" "$work/labels.tsv" --as-of $end_e1 --scores "$work/day1.tsv" >/dev/null || true
echo "one more day (persons: accounts that are not fake followers):"
awk -F'\t' 'FILENAME ~ /labels/ { lab[$1] = $2; next }
    FILENAME ~ /day0/ { s0[$1] = $2; next }
    ($1 in s0) && lab[$1] != "fake" { n++; d = $2 - s0[$1]; if (d < 0) d = -d; if (d < 2) ok++
        if (d > max) max = d }
    END { printf "  %d of %d moved less than 2 points (%.2f%%), largest move %.2f\n", ok, n,
          100 * ok / n, max }' "$work/labels.tsv" "$work/day0.tsv" "$work/day1.tsv"

"$bin" generate -q --persons "$persons" -o "$work/ev.tsv" --labels "$work/labels90.tsv"
"$bench" "$work/ev.tsv" "$work/labels90.tsv" --scores "$work/base.tsv" >/dev/null || true
for quiet in 7 30; do
    cut=$((end_e + 1 - quiet * 86400))
    awk -F'\t' -v cut=$cut '/^#/ { print; next }
        { q = ($3 ~ /^daily_00[0-4][0-9]$/) || ($5 ~ /^daily_00[0-4][0-9]$/)
          if ($1 >= cut && q) next; print }' "$work/ev.tsv" >"$work/quiet.tsv"
    "$bench" "$work/quiet.tsv" "$work/labels90.tsv" --scores "$work/quiet$quiet.tsv" \
        >/dev/null || true
    awk -F'\t' -v q=$quiet 'FILENAME ~ /base/ { b[$1] = $2; next }
        $1 ~ /:daily_00[0-4][0-9]$/ { d[++n] = b[$1] - $2; if (b[$1] - $2 > 5) over++ }
        END { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (d[j] < d[i]) {
                  t = d[i]; d[i] = d[j]; d[j] = t }
              printf "quiet %2d days: %d daily accounts, drop median %.2f, min %.2f, max %.2f, " \
                     "%d lost more than 5\n", q, n, d[int((n + 1) / 2)], d[1], d[n], over + 0 }' \
        "$work/base.tsv" "$work/quiet$quiet.tsv"
done
rm -f "$work"/ev91.tsv "$work"/ev.tsv "$work"/quiet.tsv
