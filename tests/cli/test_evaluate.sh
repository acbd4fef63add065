#!/usr/bin/env bash
# peoplerank evaluate on a hand-worked hold-out.
#
# Train window (day 0): b, c, d engage a; b, c engage e; b engages f. Test window (day 10, after
# the cut on day 5): the same engagements again, so a has 3 distinct engagers, e 2, f 1.
# Evaluated: the accounts engaged in the train window (a, e, f). indegree predicts 3, 2, 1 and
# pagerank orders a > e > f (a gets 1/3 + 1/2 + 1 of the engagers' rank, e 1/3 + 1/2, f 1/3):
# both agree perfectly with the outcome (Spearman 1, Kendall 1). b, c, d are never engaged, so
# the trust rule gives them no rank and the calibrated variant has nothing to go on (n/a).
source "$(dirname "$0")/lib.sh"

day0=1700000000
day10=$((day0 + 10 * 86400))
{
    for t in $day0 $day10; do
        printf '%s\tt\tb\tlike\ta\n%s\tt\tc\treply\ta\n%s\tt\td\tlike\ta\n' $t $t $t
        printf '%s\tt\tb\tlike\te\n%s\tt\tc\tlike\te\n%s\tt\tb\tlike\tf\n' $t $t $t
    done
} >"$WORK/ev.tsv"

cut=$((day0 + 5 * 86400))
"$PR_BIN" evaluate --events "$WORK/ev.tsv" --cut $cut --tsv >"$WORK/out.tsv" 2>"$WORK/err"
check "evaluate exits 0" test $? -eq 0
row() { awk -F'\t' -v v="$1" '$1 == v { print $2 " " $3 }' "$WORK/out.tsv"; }
check "indegree agrees perfectly ($(row indegree))" test "$(row indegree)" = "1.0000 1.0000"
check "pagerank agrees perfectly ($(row pagerank))" test "$(row pagerank)" = "1.0000 1.0000"
check "peoplerank has no signal here ($(row peoplerank))" test "$(row peoplerank)" = "NA NA"
check "header names the metrics" grep -q "^variant	spearman	kendall_tau_b	precision_at_10" \
    "$WORK/out.tsv"

"$PR_BIN" evaluate --events "$WORK/ev.tsv" --cut $cut >"$WORK/out.txt"
check "text output names the cut and the counts" grep -q "evaluated 3 " "$WORK/out.txt"

expect_exit 2 "no input is a usage error" "$PR_BIN" evaluate 2>/dev/null
expect_exit 2 "bad cut is a usage error" "$PR_BIN" evaluate --events "$WORK/ev.tsv" --cut yesterday \
    2>/dev/null
printf 'not an event\n' >"$WORK/bad.tsv"
"$PR_BIN" evaluate --events "$WORK/bad.tsv" 2>"$WORK/err"
check "a malformed line fails with exit 1" test $? -eq 1
check "the error names file and line" grep -q "bad.tsv:1" "$WORK/err"
finish
