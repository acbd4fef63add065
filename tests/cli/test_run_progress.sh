#!/usr/bin/env bash
# Progress of a run: on a terminal, counts, rate and elapsed time per stage; off a terminal
# nothing extra (the summary only).
source "$(dirname "$0")/lib.sh"
command -v script >/dev/null || { echo "script (util-linux) missing: skipped"; exit 77; }

"$PR_BIN" generate -q --seed 3 --persons 200 --fakes 300 --days 20 -o "$WORK/ev.tsv"
lines=$(wc -l <"$WORK/ev.tsv")
# Off a terminal: stderr holds the summary and nothing about progress.
"$PR_BIN" run --events "$WORK/ev.tsv" --out "$WORK/a" >/dev/null 2>"$WORK/off.err"
check "off a terminal: no progress lines" bash -c "! grep -q 'MB/s\|done in' '$WORK/off.err'"
check "off a terminal: the summary" grep -q "peoplerank run summary" "$WORK/off.err"
# On a terminal (script gives the run a pseudo-terminal): the ingest line with every count, and
# each stage's elapsed time.
script -qec "'$PR_BIN' run --events '$WORK/ev.tsv' --out '$WORK/b'" /dev/null | tr '\r' '\n' \
    >"$WORK/tty.out"
check "on a terminal: lines, MB, MB/s, events read and kept" grep -Eq \
    "ingest: $lines lines, [0-9.]+ MB, [0-9.]+ MB/s, $((lines - 1)) events read, [0-9]+ kept" \
    "$WORK/tty.out"
for stage in ingest rank score write; do
    check "on a terminal: $stage's elapsed time" grep -Eq "$stage done in [0-9.]+ s" "$WORK/tty.out"
done
check "-q on a terminal: nothing but the path" test "$(script -qec \
    "'$PR_BIN' run -q --replace --events '$WORK/ev.tsv' --out '$WORK/b'" /dev/null | tr -d '\r')" \
    = "$WORK/b/peoplerank-2026-11-24.snap"
finish
