#!/usr/bin/env bash
# The guards of a nightly run (docs/operations.md), on generated days: no false alarm over seven
# ordinary nights; each broken input of issue 14 is refused with its documented exit code and
# message, publishes nothing and leaves latest byte for byte as it was; each override does what
# it says.
source "$(dirname "$0")/lib.sh"

gen() { "$PR_BIN" generate -q --seed 7 --persons 200 --fakes 300 --days 30 --end "$1" -o "$2"; }
out="$WORK/snaps"

# Seven ordinary nights, each with the default guards: every one publishes and moves latest.
for d in 18 19 20 21 22 23 24; do
    gen "2026-11-$d" "$WORK/ev$d.tsv" || fail "generate 2026-11-$d"
    "$PR_BIN" run --events "$WORK/ev$d.tsv" --out "$out" >/dev/null 2>"$WORK/night$d.err"
    check "night 2026-11-$d publishes (exit $?)" \
        test "$(readlink "$out/latest")" = "peoplerank-2026-11-$d.snap"
    if [ "$d" != 18 ]; then
        check "night 2026-11-$d: the drift guard ran and passed" \
            grep -q "drift guard passed" "$WORK/night$d.err"
    fi
done
gen 2026-11-25 "$WORK/ev25.tsv"

# remember_latest / latest_unchanged WHAT: latest names the same file with the same bytes, and
# no snapshot was added or removed.
remember_latest() {
    target=$(readlink "$out/latest")
    cp "$out/latest" "$WORK/latest.before"
    files=$(ls -a "$out" | tr '\n' ' ')
}
latest_unchanged() {
    check "$1: latest names the same file" test "$(readlink "$out/latest")" = "$target"
    check "$1: latest byte for byte" cmp -s "$out/latest" "$WORK/latest.before"
    check "$1: no file added or removed" test "$(ls -a "$out" | tr '\n' ' ')" = "$files"
}
# refused CODE WHAT PATTERN FILE ARGS...: the run exits CODE, its message matches PATTERN, latest
# is unchanged. The message is printed for the record (issue 14's closing note).
refused() {
    local code=$1 what=$2 pattern=$3; shift 3
    remember_latest
    "$PR_BIN" run --out "$out" "$@" >/dev/null 2>"$WORK/refused.err"
    local got=$?
    check "$what: exit $code (got $got)" test "$got" -eq "$code"
    check "$what: the message names the check" grep -q -- "$pattern" "$WORK/refused.err"
    latest_unchanged "$what"
    echo "--- $what (exit $got):"
    cat "$WORK/refused.err"
}

# Case 1: one stray line dated next year among a good day's events: bad input (exit 1), not the
# as-of date.
stray='2027-01-15T10:00:00Z\ttwitter\tcasual_0001\tlike\tcasual_0002\n'
{ cat "$WORK/ev25.tsv"; printf "$stray"; } >"$WORK/stray.tsv"
stray_line=$(wc -l <"$WORK/stray.tsv")
refused 1 "case 1, a stray future date" \
    "stray.tsv:$stray_line: event dated 2027-01-15.*far in the future" --events "$WORK/stray.tsv"

# Case 2: a truncated feed (the first half of the lines: an as-of date days earlier).
lines=$(wc -l <"$WORK/ev24.tsv")
head -n $((lines / 2)) "$WORK/ev24.tsv" >"$WORK/truncated.tsv"
refused 3 "case 2, a truncated feed" \
    "date guard: the as-of date .* is older than latest's (2026-11-24).*--backfill" \
    --events "$WORK/truncated.tsv"

# Case 3: actor and target columns swapped in the next day's file.
awk -F'\t' 'BEGIN { OFS = "\t" } /^#/ { print; next } { t = $3; $3 = $5; $5 = t; print }' \
    "$WORK/ev25.tsv" >"$WORK/swapped.tsv"
refused 3 "case 3, swapped columns" "drift guard: .* persons who matter moved 10 points or more" \
    --events "$WORK/swapped.tsv"
check "case 3: the report gives Spearman and the top-k overlap" \
    grep -q "FAIL Spearman rho.*FAIL top-100 overlap" <(tr '\n' ' ' <"$WORK/refused.err")

# Case 4: a whole network missing from the next day's file.
grep -v "	facebook	" "$WORK/ev25.tsv" >"$WORK/no-facebook.tsv"
refused 3 "case 4, a network missing" \
    "drift guard: network facebook: in the previous run (.* persons), missing now" \
    --events "$WORK/no-facebook.tsv"

# --max-drift off publishes what the guard refused (in a copy of the directory).
cp -a "$out" "$WORK/off"
"$PR_BIN" run --events "$WORK/swapped.tsv" --out "$WORK/off" --max-drift off >/dev/null \
    2>"$WORK/off.err"
check "--max-drift off: exit 0" test $? -eq 0
check "--max-drift off: latest moves" \
    test "$(readlink "$WORK/off/latest")" = "peoplerank-2026-11-25.snap"
check "--max-drift off: the summary says the guard was off" \
    grep -q "drift guard off (--max-drift off)" "$WORK/off.err"

# --backfill writes the dated snapshot and leaves latest alone.
remember_latest
"$PR_BIN" run --events "$WORK/ev24.tsv" --as-of 2026-11-20T23:59:59Z --out "$out" --replace \
    --backfill >/dev/null 2>"$WORK/backfill.err"
check "--backfill: exit 0" test $? -eq 0
check "--backfill: the summary says latest was left alone" \
    grep -q "latest left as it was (--backfill)" "$WORK/backfill.err"
check "--backfill: latest names the same file" test "$(readlink "$out/latest")" = "$target"
check "--backfill: latest byte for byte" cmp -s "$out/latest" "$WORK/latest.before"

# Same date again: refused without --replace, replaced with it (and the summary says so).
refused 3 "same date" "date guard: a snapshot of 2026-11-24 exists already.*--replace" \
    --events "$WORK/ev24.tsv"
"$PR_BIN" run --events "$WORK/ev24.tsv" --out "$out" --replace --half-life-days 20 \
    >/dev/null 2>"$WORK/replace.err"
check "--replace: exit 0" test $? -eq 0
check "--replace: the summary says so" \
    grep -q "replaced the snapshot of the same date (--replace)" "$WORK/replace.err"
check "--replace: the snapshot changed" bash -c "! cmp -s '$out/latest' '$WORK/latest.before'"

# --keep: the summary names what it removed.
"$PR_BIN" run --events "$WORK/ev25.tsv" --out "$out" --keep 6 >/dev/null 2>"$WORK/keep.err"
check "--keep 6: the summary names the removed snapshots" \
    grep -q -- "--keep 6 removed: peoplerank-2026-11-19.snap peoplerank-2026-11-18.snap" \
    "$WORK/keep.err"
check "--keep 6: six left" test "$(ls "$out" | grep -c '\.snap$')" -eq 6

# Degenerate: two persons who only like each other score the same: an error (exit 1) unless
# --allow-degenerate.
printf '1700000000\ttwitter\ta\tlike\tb\n1700000000\ttwitter\tb\tlike\ta\n' >"$WORK/pair.tsv"
"$PR_BIN" run --events "$WORK/pair.tsv" --out "$WORK/pair" >/dev/null 2>"$WORK/pair.err"
check "one score for all: exit 1" test $? -eq 1
check "one score for all: the message says what to look at" \
    grep -q "degenerate result: all 2 persons score .*look at the window" "$WORK/pair.err"
check "one score for all: nothing published" test ! -e "$WORK/pair/latest"
"$PR_BIN" run -q --events "$WORK/pair.tsv" --out "$WORK/pair" --allow-degenerate >/dev/null
check "--allow-degenerate publishes" test -e "$WORK/pair/latest"
finish
