#!/usr/bin/env bash
# The guards of a nightly run (docs/operations.md): each refusal exits as documented, publishes
# nothing and leaves latest byte for byte as it was; each override does what it says.
source "$(dirname "$0")/lib.sh"

"$PR_BIN" generate -q --seed 5 --persons 300 --fakes 500 --days 40 -o "$WORK/ev.tsv" ||
    { fail "generate"; finish; exit 1; }
out="$WORK/snaps"
"$PR_BIN" run -q --events "$WORK/ev.tsv" --out "$out" >/dev/null
check "the first run publishes 2026-11-24" \
    test "$(readlink "$out/latest")" = "peoplerank-2026-11-24.snap"

# remember_latest / latest_unchanged WHAT: latest names the same file with the same bytes.
remember_latest() {
    target=$(readlink "$out/latest")
    cp "$out/latest" "$WORK/latest.before"
    files=$(ls "$out" | sort | tr '\n' ' ')
}
latest_unchanged() {
    check "$1: latest names the same file" test "$(readlink "$out/latest")" = "$target"
    check "$1: latest byte for byte" cmp -s "$out/latest" "$WORK/latest.before"
    check "$1: no snapshot added or removed" test "$(ls "$out" | sort | tr '\n' ' ')" = "$files"
}

# Case 2: a truncated feed (the first half of the lines: an as-of date weeks earlier) must not
# move latest backwards.
lines=$(wc -l <"$WORK/ev.tsv")
head -n $((lines / 2)) "$WORK/ev.tsv" >"$WORK/truncated.tsv"
remember_latest
"$PR_BIN" run --events "$WORK/truncated.tsv" --out "$out" >/dev/null 2>"$WORK/case2.err"
check "truncated feed: exit 3" test $? -eq 3
check "truncated feed: the message names the date guard and --backfill" \
    grep -q "date guard: the as-of date 2026-1[01]-[0-9]* is older than latest's (2026-11-24).*--backfill" \
    "$WORK/case2.err"
latest_unchanged "truncated feed"
sed 's/^/    /' "$WORK/case2.err"

# --backfill writes the dated snapshot and leaves latest alone.
"$PR_BIN" run --events "$WORK/ev.tsv" --as-of 2026-11-10T23:59:59Z --backfill --out "$out" \
    >/dev/null 2>"$WORK/backfill.err"
check "--backfill: exit 0" test $? -eq 0
check "--backfill: the dated snapshot is written" test -f "$out/peoplerank-2026-11-10.snap"
check "--backfill: latest still names 2026-11-24" \
    test "$(readlink "$out/latest")" = "peoplerank-2026-11-24.snap"
check "--backfill: latest byte for byte" cmp -s "$out/latest" "$WORK/latest.before"
check "--backfill: the summary says latest was left alone" \
    grep -q "latest left as it was (--backfill)" "$WORK/backfill.err"

# Same date again: refused without --replace, replaced with it (and the summary says so).
remember_latest
"$PR_BIN" run --events "$WORK/ev.tsv" --out "$out" >/dev/null 2>"$WORK/same.err"
check "same date: exit 3" test $? -eq 3
check "same date: the message names --replace" \
    grep -q "date guard: a snapshot of 2026-11-24 exists already.*--replace" "$WORK/same.err"
latest_unchanged "same date"
"$PR_BIN" run --events "$WORK/ev.tsv" --out "$out" --replace --half-life-days 10 \
    >/dev/null 2>"$WORK/replace.err"
check "--replace: exit 0" test $? -eq 0
check "--replace: the summary says so" \
    grep -q "replaced the snapshot of the same date (--replace)" "$WORK/replace.err"
check "--replace: the snapshot changed" bash -c "! cmp -s \"$out/latest\" \"$WORK/latest.before\""

# --keep: the summary names what it removed.
"$PR_BIN" run --events "$WORK/ev.tsv" --out "$out" --replace --keep 1 >/dev/null 2>"$WORK/keep.err"
check "--keep 1: the summary names the removed snapshot" \
    grep -q -- "--keep 1 removed: peoplerank-2026-11-10.snap" "$WORK/keep.err"
check "--keep 1: it is gone" test ! -e "$out/peoplerank-2026-11-10.snap"
finish
