#!/usr/bin/env bash
# The same snapshot contents at 1, 2 and 3 threads (OMP_NUM_THREADS), on a generated population:
# ranks, scores, positions, and the explanations (computed in parallel over persons).
source "$(dirname "$0")/lib.sh"

"$PR_BIN" generate --seed 7 -o "$WORK/events.tsv" 2>/dev/null
check "generate writes events" test -s "$WORK/events.tsv"

for t in 1 2 3; do
    OMP_NUM_THREADS=$t "$PR_BIN" run -q --events "$WORK/events.tsv" --out "$WORK/s$t" >/dev/null
    check "run at $t thread(s)" test $? -eq 0
    "$PR_BIN" top "$WORK/s$t/latest" -n 100000000 --tsv >"$WORK/all$t.tsv"
done
check "more than 1000 persons ranked" test "$(wc -l <"$WORK/all1.tsv")" -gt 1000
check "identical contents at 1 and 2 threads" cmp -s "$WORK/all1.tsv" "$WORK/all2.tsv"
check "identical contents at 1 and 3 threads" cmp -s "$WORK/all1.tsv" "$WORK/all3.tsv"

# Explanations of every 100th person (the top one first) at each thread count.
for t in 1 2 3; do
    awk -F'\t' 'NR > 1 && NR % 100 == 2 { print $2 }' "$WORK/all1.tsv" | while read -r name; do
        "$PR_BIN" explain "$WORK/s$t/latest" "$name" --json
    done >"$WORK/explain$t.jsonl"
done
check "explanations written" test "$(grep -c '"parts"' "$WORK/explain1.jsonl")" -gt 20
check "identical explanations at 1 and 2 threads" cmp -s "$WORK/explain1.jsonl" "$WORK/explain2.jsonl"
check "identical explanations at 1 and 3 threads" cmp -s "$WORK/explain1.jsonl" "$WORK/explain3.jsonl"

# Ranks are a probability distribution.
awk -F'\t' 'NR > 1 { s += $5; if ($5 < 0) bad = 1 } END { d = s - 1; if (d < 0) d = -d; exit (bad || d > 1e-9) }' "$WORK/all1.tsv"
check "ranks are non-negative and sum to 1" test $? -eq 0

finish
