#!/usr/bin/env bash
# `run --in-order`: folding finished days while reading publishes the same ranking as holding
# every event (the generator writes its days in order); input later than the allowance fails the
# run naming file and line, leaves `latest` alone; --in-order without --as-of is a usage error.
source "$(dirname "$0")/lib.sh"

asof=2026-11-24T23:59:59Z
"$PR_BIN" generate -q --persons 600 --fakes 500 -o "$WORK/ev.tsv"
"$PR_BIN" run -q --events "$WORK/ev.tsv" --as-of $asof --out "$WORK/held" >/dev/null
"$PR_BIN" run --events "$WORK/ev.tsv" --as-of $asof --in-order 0 --fold-batch 20000 \
    --out "$WORK/fold" >/dev/null 2>"$WORK/fold.txt"
check "both runs publish" test -f "$WORK/held/latest" -a -f "$WORK/fold/latest"
# the summary's memory lines: the stores held something while reading, nothing after the build
check "memory lines: stores held while reading" \
    grep -Eq "^  memory ingest stores-peak [1-9][0-9.]* " "$WORK/fold.txt"
check "memory lines: events and folds freed once the graphs are built" \
    grep -Eq "^  memory rank   stores-peak [0-9.]+ events 0.0 fold 0.0 edge-list 0.0 graph [1-9]" \
    "$WORK/fold.txt"
"$PR_BIN" top "$WORK/held/latest" -n 100000 --tsv | cut -f2,3 >"$WORK/held.tsv"
"$PR_BIN" top "$WORK/fold/latest" -n 100000 --tsv | cut -f2,3 >"$WORK/fold.tsv"
check "a real population ($(wc -l <"$WORK/held.tsv") persons)" \
    test "$(wc -l <"$WORK/held.tsv")" -gt 1000
# scores have two decimals: folded sums round differently only in the last float bits
check "same persons, same order, scores within 0.01" awk -F'\t' '
    NR == FNR { s[FNR] = $1 "\t" $2; n = FNR; next }
    { split(s[FNR], a, "\t"); if (a[1] != $1 || (a[2] - $2 > 0.011) || ($2 - a[2] > 0.011)) bad++ }
    END { exit !(FNR == n && bad == 0) }' "$WORK/held.tsv" "$WORK/fold.tsv"

# events later than the allowance: the line in the middle (day 45 of 90) goes back 5 days
mid=$(( $(wc -l <"$WORK/ev.tsv") / 2 ))
awk -F'\t' -v mid=$mid 'NR == mid { $1 -= 5 * 86400 } { print }' OFS='\t' "$WORK/ev.tsv" \
    >"$WORK/late.tsv"
before=$(readlink "$WORK/fold/latest")
"$PR_BIN" run -q --events "$WORK/late.tsv" --as-of $asof --in-order 1 --fold-batch 20 \
    --out "$WORK/fold" >/dev/null 2>"$WORK/err.txt"
check "late input fails the run (exit 1)" test $? -eq 1
check "the error names file and line: $(head -c 200 "$WORK/err.txt")" \
    grep -q "late.tsv:$mid:.*out of time order" "$WORK/err.txt"
check "latest is untouched" test "$(readlink "$WORK/fold/latest")" = "$before"
# the same input with a wide enough allowance is fine
expect_exit 0 "an allowance of 5 days accepts it" "$PR_BIN" run -q --events "$WORK/late.tsv" \
    --as-of $asof --in-order 5 --fold-batch 20000 --out "$WORK/late5"

expect_exit 2 "--in-order needs --as-of" "$PR_BIN" run -q --events "$WORK/ev.tsv" --in-order 1 \
    --out "$WORK/x"
expect_exit 2 "--fold-batch 0 is refused" "$PR_BIN" run -q --events "$WORK/ev.tsv" \
    --as-of $asof --in-order 1 --fold-batch 0 --out "$WORK/x"
finish
