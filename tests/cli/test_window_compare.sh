#!/usr/bin/env bash
# --window-days all (or 0) keeps every event, out-of-range values report the limits; compare
# leaves floor ties out of risers and fallers (and counts them) and prints absent, not nan.
source "$(dirname "$0")/lib.sh"

# Three events: on the as-of day, 100 days before, 10,000 days before.
now=1795391999
printf '%s\tt\ta\tlike\tb\n%s\tt\tc\tlike\tb\n%s\tt\td\tlike\tb\n' \
    "$now" $((now - 100 * 86400)) $((now - 10000 * 86400)) >"$WORK/ev.tsv"
for w in 90:1 all:3 0:3 20000:3 150:2; do
    "$PR_BIN" run --events "$WORK/ev.tsv" --allow-degenerate --out "$WORK/w${w%%:*}" --window-days "${w%%:*}" \
        >/dev/null 2>"$WORK/err"
    check "--window-days ${w%%:*} keeps ${w#*:} of 3" grep -q "events read       3, kept ${w#*:}$" "$WORK/err"
done
check "the summary says all events" grep -q "window all events" <("$PR_BIN" run --events "$WORK/ev.tsv" --allow-degenerate \
    --out "$WORK/wall2" --window-days all 2>&1 >/dev/null)
for bad in 100000 -5 x 1e9; do
    "$PR_BIN" run --events "$WORK/ev.tsv" --out "$WORK/bad" --window-days "$bad" 2>"$WORK/err" >/dev/null
    check "--window-days $bad: exit 2" test $? -eq 2
    check "--window-days $bad: the limits" grep -q "out of range: 1..36500 days, or all" "$WORK/err"
done

# compare: a and b swap places; many fakes at 1.00 reshuffle; x only in A, y only in B.
ts=1700000000
{ for i in $(seq 1 20); do printf '%s\tt\tf%s\tfollow\ta\n' $ts "$i"; done
  printf '%s\tt\tb\treply\ta\n%s\tt\tc\treply\ta\n%s\tt\tx\tlike\tc\n' $ts $ts $ts; } >"$WORK/a.tsv"
{ for i in $(seq 1 20); do printf '%s\tt\tf%s\tfollow\tb\n' $ts "$i"; done
  printf '%s\tt\ta\treply\tb\n%s\tt\tc\treply\tb\n%s\tt\ty\tlike\tc\n' $ts $ts $ts; } >"$WORK/b.tsv"
"$PR_BIN" run --events "$WORK/a.tsv" --allow-degenerate --out "$WORK/ca" -q >/dev/null
"$PR_BIN" run --events "$WORK/b.tsv" --allow-degenerate --out "$WORK/cb" -q >/dev/null
"$PR_BIN" compare "$WORK/ca" "$WORK/cb" >"$WORK/cmp.txt"
check "compare: no nan anywhere" sh -c "! grep -qi nan '$WORK/cmp.txt'"
check "compare: a person only in A prints absent in B" grep -Eq -- '-> -  +[0-9.]+ -> +absent +t:x$' "$WORK/cmp.txt"
floor=$(awk '/^floor ties/ { print $3 }' "$WORK/cmp.txt")
check "compare: floor ties counted ($floor)" test "${floor:-0}" -ge 20
check "compare: no 1.00 -> 1.00 mover" sh -c "! grep -Eq '1\.00 -> +1\.00' '$WORK/cmp.txt'"
"$PR_BIN" compare "$WORK/ca" "$WORK/cb" --json >"$WORK/cmp.json"
check "compare --json: floor_ties and null for absent" python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))
assert c["floor_ties"] >= 20, c["floor_ties"]
assert all(m["score_b"] is None for m in c["removed_top"]), c["removed_top"]
assert all(not (m["score_a"] == 1.0 and m["score_b"] == 1.0) for m in c["risers"] + c["fallers"])
' "$WORK/cmp.json"

finish
