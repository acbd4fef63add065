#!/usr/bin/env bash
# Positions follow the algorithm's own value (issue 15): for every algorithm but peoplerank the
# score is a monotone function of the rank, so the snapshot's positions, `top` and `export` are
# in rank order; with personalized rank the highest-ranked accounts are at positions 1, 2, 3...
# (the second-highest sat at position 18 when scores counted only the earned rank). peoplerank
# (the calibrated product) scores its earned rank: there positions follow the score, ties by
# rank (docs/rank.md, "Positions"). The orders are checked with awk, not with the writer's sort.
source "$(dirname "$0")/lib.sh"

"$PR_BIN" generate --seed 7 --persons 600 --fakes 2000 -o "$WORK/ev.tsv" \
    --labels "$WORK/labels.tsv" -q
grep -m 3 daily "$WORK/labels.tsv" | cut -f1 >"$WORK/seeds.txt"
"$PR_BIN" run --events "$WORK/ev.tsv" --out "$WORK/out" -q --seeds "$WORK/seeds.txt" \
    --algorithm peoplerank,pagerank,personalized,leaderrank,hits,indegree >/dev/null
check "the run published" test -f "$WORK/out/personalized/latest"

# in_rank_order FILE: export rows (position name score percentile rank ...) have ranks that
# never increase, and position 1 holds the largest rank in the file.
in_rank_order() {
    awk -F'\t' 'NR == 1 { next }
        NR > 2 && $5 + 0 > prev + 0 { bad++ }
        { prev = $5; if (max == "" || $5 + 0 > max + 0) { max = $5; at = $1 } }
        END { exit !(bad == 0 && at == 1 && NR > 100) }' "$1"
}
for a in pagerank personalized leaderrank hits indegree; do
    "$PR_BIN" export "$WORK/out/$a/latest" --format tsv >"$WORK/$a.tsv"
    check "$a: export is in rank order, largest rank at position 1" in_rank_order "$WORK/$a.tsv"
    check "$a: scores never increase down the positions" \
        awk -F'\t' 'NR > 2 && $3 + 0 > prev + 0 { exit 1 } { prev = $3 }' "$WORK/$a.tsv"
    "$PR_BIN" top "$WORK/out/$a" -n 50 --tsv >"$WORK/top.tsv"
    check "$a: top's rank column is in order" in_rank_order <(cat "$WORK/top.tsv"; tail -n +52 "$WORK/$a.tsv")
    check "$a: top is the head of export" \
        cmp -s <(cut -f1-5 "$WORK/top.tsv") <(head -51 "$WORK/$a.tsv" | cut -f1-5)
done

# personalized: the five highest ranks, found by sorting the rank column, are positions 1..5.
sort -t$'\t' -k5,5gr <(tail -n +2 "$WORK/personalized.tsv") | head -5 | cut -f1 >"$WORK/top5"
check "personalized: the five highest ranks are positions 1-5" \
    cmp -s "$WORK/top5" <(printf '1\n2\n3\n4\n5\n')

# peoplerank: score order, ties broken by rank.
"$PR_BIN" export "$WORK/out/peoplerank/latest" --format tsv >"$WORK/pe.tsv"
check "peoplerank: positions follow the score, ties by rank" \
    awk -F'\t' 'NR > 2 && ($3 + 0 > s + 0 || ($3 == s && $5 + 0 > r + 0)) { exit 1 }
        { s = $3; r = $5 }' "$WORK/pe.tsv"
finish
