#!/usr/bin/env bash
# Undated inputs (an edge list, a saved graph) need no as-of date: the snapshot is named after
# the run's date or --name, and the summary shows only what applied.
source "$(dirname "$0")/lib.sh"

printf '1 2\n2 3\n3 1\n4 1\n' >"$WORK/edges.txt"
today=$(date -u +%F)
"$PR_BIN" run --input "edges:t=$WORK/edges.txt" --out "$WORK/e" >"$WORK/out" 2>"$WORK/err"
check "edge list: named after the run's date" test "$(cat "$WORK/out")" = "$WORK/e/peoplerank-$today.snap" -o \
    "$(cat "$WORK/out")" = "$WORK/e/peoplerank-$(date -u +%F).snap"
check "edge list: the summary says undated" grep -q "snapshot date     .* (undated input: the run's date)" "$WORK/err"
check "edge list: no window or half-life in the summary" sh -c "! grep -Eq 'window|half-life' '$WORK/err'"
check "edge list: never 1970-01-01" test ! -e "$WORK/e/peoplerank-1970-01-01.snap"
"$PR_BIN" run --input "edges:t=$WORK/edges.txt" --out "$WORK/n" --name 2026-01-05 >"$WORK/out" 2>/dev/null
check "--name 2026-01-05 names it" test "$(cat "$WORK/out")" = "$WORK/n/peoplerank-2026-01-05.snap"
check "header as_of is that day" grep -q '"as_of_date":"2026-01-05"' <("$PR_BIN" inspect "$WORK/n")
"$PR_BIN" run --input "edges:t=$WORK/edges.txt" --out "$WORK/a" --as-of 2026-02-01 >"$WORK/out" 2>/dev/null
check "--as-of still names an edge list's snapshot" test "$(cat "$WORK/out")" = "$WORK/a/peoplerank-2026-02-01.snap"

printf '1700000000\tt\ta\tlike\tb\n' >"$WORK/ev.tsv"
"$PR_BIN" run --events "$WORK/ev.tsv" --out "$WORK/d" --name 2026-01-05 >/dev/null 2>"$WORK/err"
check "--name on a dated input fails the run" test $? -eq 1
check "... saying why" grep -q -- "--name is for undated inputs" "$WORK/err"
"$PR_BIN" run --events "$WORK/ev.tsv" --out "$WORK/d" --name nonsense 2>/dev/null
check "--name nonsense: usage error" test $? -eq 2

# rank GRAPH without --as-of.
"$PR_BIN" build --input "edges:t=$WORK/edges.txt" -o "$WORK/g.bin" -q
"$PR_BIN" rank "$WORK/g.bin" --out "$WORK/r" >"$WORK/out" 2>"$WORK/err"
check "rank GRAPH runs without --as-of ($(head -1 "$WORK/err"))" test $? -eq 0
check "rank GRAPH: named after the run's date" test "$(basename "$(cat "$WORK/out")")" = "peoplerank-$(date -u +%F).snap" -o \
    "$(basename "$(cat "$WORK/out")")" = "peoplerank-$today.snap"
"$PR_BIN" rank "$WORK/g.bin" --out "$WORK/r2" --name 2025-12-31 >"$WORK/out" 2>/dev/null
check "rank GRAPH --name" test "$(basename "$(cat "$WORK/out")")" = "peoplerank-2025-12-31.snap"

finish
