#!/usr/bin/env bash
# Nightly history: warm start from latest, the drift guard, --keep pruning.
source "$(dirname "$0")/lib.sh"

"$PR_BIN" generate -q --seed 11 --persons 600 --fakes 2000 -o "$WORK/ev.tsv"
out="$WORK/snaps"
for day in 2026-10-24 2026-11-17 2026-11-23 2026-11-24; do
    "$PR_BIN" run --events "$WORK/ev.tsv" --as-of "${day}T23:59:59Z" --out "$out" \
        >/dev/null 2>"$WORK/run-$day.err"
    check "run as of $day" test $? -eq 0
done
check "one snapshot per as-of date" test "$(ls "$out" | grep -c '\.snap$')" -eq 4
check "latest is the newest" test "$(readlink "$out/latest")" = "peoplerank-2026-11-24.snap"
check "the first run starts cold" grep -q "warm start: 0 persons" "$WORK/run-2026-10-24.err"
check "later runs warm-start from latest" \
    grep -Eq "warm start: [1-9][0-9]* persons" "$WORK/run-2026-11-24.err"

# Deltas: the newest snapshot stores each person's score change against the snapshots a day,
# a week and a month older; check one person against those snapshots' own scores.
who=$("$PR_BIN" top "$out/latest" -n 1 --tsv | tail -1 | cut -f2)
score_in() { "$PR_BIN" lookup "$out/peoplerank-$1.snap" "$who" --tsv | tail -1 | cut -f5; }
now=$(score_in 2026-11-24)
json=$("$PR_BIN" lookup "$out/latest" "$who" --json)
for pair in day:2026-11-23 week:2026-11-17 month:2026-10-24; do
    want=$(awk -v a="$now" -v b="$(score_in "${pair#*:}")" 'BEGIN { printf "%.2f", a - b }')
    got=$(printf '%s' "$json" | grep -o "\"delta_${pair%%:*}\":[-0-9.e]*" | cut -d: -f2)
    check "delta_${pair%%:*} of $who = $want (got $got)" \
        awk -v a="$want" -v b="$got" 'BEGIN { d = a - b; exit !(b != "" && d < 0.006 && d > -0.006) }'
done

# Warm start saves iterations and lands on the same ranks as a cold start.
"$PR_BIN" run --events "$WORK/ev.tsv" --as-of 2026-11-24T23:59:59Z --out "$WORK/cold" --no-warm-start >/dev/null 2>"$WORK/cold.err"
cold=$(grep -o '[0-9]* iterations' "$WORK/cold.err" | cut -d' ' -f1)
warm=$(grep -o '[0-9]* iterations' "$WORK/run-2026-11-24.err" | cut -d' ' -f1)
check "warm start needs fewer iterations ($warm < $cold)" test "$warm" -lt "$cold"
"$PR_BIN" top "$WORK/cold/latest" -n 100000 --tsv | cut -f2,5 >"$WORK/cold.ranks"
"$PR_BIN" top "$out/latest" -n 100000 --tsv | cut -f2,5 >"$WORK/warm.ranks"
check "warm and cold ranks agree to 1e-9" awk -F'\t' 'NR == FNR { r[$1] = $2; next }
    FNR > 1 { d = r[$1] - $2; if (d < 0) d = -d; if (d > 1e-9) bad = 1 } END { exit bad }' \
    "$WORK/cold.ranks" "$WORK/warm.ranks"

# Drift guard: reversed edges rewrite everyone's score; the run must refuse to publish.
awk -F'\t' 'BEGIN { OFS = "\t" } /^#/ { print; next } { t = $3; $3 = $5; $5 = t; print }' \
    "$WORK/ev.tsv" >"$WORK/reversed.tsv"
before=$(readlink "$out/latest")
"$PR_BIN" run --replace --events "$WORK/reversed.tsv" --out "$out" --max-drift 5 >/dev/null 2>"$WORK/drift.err"
check "drift guard exits 3" test $? -eq 3
check "drift report names the movers" grep -q "moved 10 points or more" "$WORK/drift.err"
check "latest untouched after refusal" test "$(readlink "$out/latest")" = "$before"
check "no snapshot replaced: still 4" test "$(ls "$out" | grep -c '\.snap$')" -eq 4
"$PR_BIN" run -q --replace --events "$WORK/ev.tsv" --out "$out" --max-drift 5 >/dev/null
check "an ordinary rerun passes the guard" test $? -eq 0

# --keep 2 prunes the oldest, never latest.
"$PR_BIN" run -q --replace --events "$WORK/ev.tsv" --out "$out" --keep 2 >/dev/null
check "--keep 2 leaves 2 snapshots" test "$(ls "$out" | grep -c '\.snap$')" -eq 2
check "latest still resolves" test -f "$out/latest"
finish
