#!/usr/bin/env bash
# One date rule for every date option (--as-of, --end, --cut) and snapshot names: Unix seconds,
# an ISO date (the last second of that UTC day) or an ISO date-time.
source "$(dirname "$0")/lib.sh"

ev="$WORK/ev.tsv"
printf '2026-11-22T23:59:59Z\ttwitter\ta\tlike\tb\n2026-11-23T00:00:00Z\ttwitter\tb\tlike\ta\n' >"$ev"
printf '2026-11-20T10:00:00Z\ttwitter\tc\tlike\tb\n' >>"$ev"

# 2026-11-22T23:59:59Z = 20779 days * 86400 + 86399 = 1795391999 (worked out by hand).
for when in 2026-11-22 2026-11-22T23:59:59Z 1795391999; do
    "$PR_BIN" run --allow-degenerate --events "$ev" --out "$WORK/s-$when" --as-of "$when" >"$WORK/out" 2>"$WORK/err"
    check "--as-of $when: named after the day" \
        test "$(cat "$WORK/out")" = "$WORK/s-$when/peoplerank-2026-11-22.snap"
    check "--as-of $when: the day's last event is kept, the next day's is after" \
        grep -q "0 older, 1 after the as-of date" "$WORK/err"
    check "--as-of $when: header as_of = 1795391999" \
        grep -q '"as_of":1795391999,' <("$PR_BIN" inspect "$WORK/s-$when/latest")
done
for bad in 2026-02-30 2026-11-22T24:00:00Z 22/11/2026 2026-11-22T10:00:00 ''; do
    "$PR_BIN" run --events "$ev" --out "$WORK/bad" --as-of "$bad" 2>"$WORK/err"
    check "--as-of '$bad' is a usage error (exit 2)" test $? -eq 2
    check "--as-of '$bad': the message lists the forms" \
        grep -q "is not Unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ" "$WORK/err"
done

# Help examples: a day's example timestamp must not sit after that day's --as-of.
"$PR_BIN" run --help >"$WORK/help"
check "run --help: --as-of takes a date (the end of that day)" grep -q "2026-11-24 (the end of that UTC day)" "$WORK/help"
check "run --help: no midnight example that excludes the day's events" sh -c "! grep -q 'T00:00:00Z' '$WORK/help'"

# generate --end: the three forms name the same last day, so the same bytes.
for when in 2026-11-22 2026-11-22T12:00:00Z 1795391999; do
    "$PR_BIN" generate --persons 40 --days 3 --end "$when" -o "$WORK/g-$when.tsv" -q
    check "generate --end $when" test $? -eq 0
done
check "generate --end: date == date-time" cmp -s "$WORK/g-2026-11-22.tsv" "$WORK/g-2026-11-22T12:00:00Z.tsv"
check "generate --end: date == Unix seconds" cmp -s "$WORK/g-2026-11-22.tsv" "$WORK/g-1795391999.tsv"
check "generate --end: the last events are on that day (day 20779)" \
    test "$(grep -v '^#' "$WORK/g-2026-11-22.tsv" | awk '$1 > m { m = $1 } END { print int(m / 86400) }')" = 20779

# evaluate --cut takes an ISO date (it was refused as "not ISO 8601").
"$PR_BIN" generate --persons 200 --days 20 --end 2026-11-22 -o "$WORK/e.tsv" -q
"$PR_BIN" evaluate --events "$WORK/e.tsv" --cut 2026-11-15 --train-days 10 --test-days 7 \
    >"$WORK/eval.out" 2>"$WORK/eval.err"
check "evaluate --cut 2026-11-15 runs ($(head -1 "$WORK/eval.err"))" test $? -eq 0
"$PR_BIN" evaluate --events "$WORK/e.tsv" --cut 2026-11-15T23:59:59Z --train-days 10 \
    --test-days 7 >"$WORK/eval2.out" 2>/dev/null
check "evaluate --cut: a date is its last second" cmp -s "$WORK/eval.out" "$WORK/eval2.out"

finish
