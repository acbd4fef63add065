#!/usr/bin/env bash
# build saves the graph; rank ranks it without parsing again and must give the ranks run gives;
# config prints defaults that read back as a valid config file.
source "$(dirname "$0")/lib.sh"

"$PR_BIN" generate -q --seed 5 --persons 400 --fakes 1000 -o "$WORK/ev.tsv"
"$PR_BIN" run -q --events "$WORK/ev.tsv" --out "$WORK/run" --as-of 2026-11-24T23:59:59Z >/dev/null
"$PR_BIN" build -q --events "$WORK/ev.tsv" --as-of 2026-11-24T23:59:59Z -o "$WORK/g.bin"
check "build writes the graph" test -s "$WORK/g.bin"
"$PR_BIN" rank "$WORK/g.bin" -q --out "$WORK/rank" --as-of 2026-11-24T23:59:59Z >/dev/null
check "rank publishes a snapshot named by the as-of date" \
    test "$(readlink "$WORK/rank/latest")" = "peoplerank-2026-11-24.snap"

# With two networks, run ranks each network on its own graph while rank ranks the saved person
# graph; on a one-network input both must agree exactly.
grep -v $'\tfacebook\t' "$WORK/ev.tsv" >"$WORK/one.tsv"
"$PR_BIN" run -q --events "$WORK/one.tsv" --out "$WORK/run1" >/dev/null
"$PR_BIN" build -q --events "$WORK/one.tsv" -o "$WORK/one.bin"
"$PR_BIN" rank "$WORK/one.bin" -q --out "$WORK/rank0" >"$WORK/asof.out" 2>"$WORK/asof.err"
check "rank without --as-of runs (a saved graph is undated)" test $? -eq 0
check "and names the snapshot after the run's date" \
    test "$(basename "$(cat "$WORK/asof.out")")" = "peoplerank-$(date -u +%F).snap"
asof=$("$PR_BIN" top "$WORK/run1/latest" -n 1 --tsv >/dev/null; basename "$(readlink "$WORK/run1/latest")" .snap)
"$PR_BIN" rank "$WORK/one.bin" -q --out "$WORK/rank1" --as-of "${asof#peoplerank-}T00:00:00Z" >/dev/null
"$PR_BIN" top "$WORK/run1/latest" -n 1000000 --tsv | cut -f1,2,5 >"$WORK/a"
"$PR_BIN" top "$WORK/rank1/latest" -n 1000000 --tsv | cut -f1,2,5 >"$WORK/b"
check "rank of a saved graph = run on the same events" cmp -s "$WORK/a" "$WORK/b"

# A corrupt graph file is refused with the file named.
printf 'not a graph' >"$WORK/bad.bin"
"$PR_BIN" rank "$WORK/bad.bin" -q --as-of 1700000000 --out "$WORK/rank2" 2>"$WORK/err" >/dev/null
check "corrupt graph refused" test $? -eq 1
check "error names the file" grep -q "bad.bin" "$WORK/err"

# A graph file cut short, or of another version (an old file): one line naming the file and why;
# nothing published.
head -c -100 "$WORK/g.bin" >"$WORK/short.bin"
"$PR_BIN" rank "$WORK/short.bin" -q --as-of 1700000000 --out "$WORK/rank3" 2>"$WORK/err" >/dev/null
check "truncated graph refused (exit 1)" test $? -eq 1
check "in one line naming the file: truncated" \
    grep -q "^peoplerank: $WORK/short.bin: truncated: [0-9]* bytes, the header says [0-9]*" "$WORK/err"
check "nothing published" test ! -e "$WORK/rank3/latest"
{ head -c 8 "$WORK/g.bin"; printf '\002'; tail -c +10 "$WORK/g.bin"; } >"$WORK/v2.bin"
"$PR_BIN" rank "$WORK/v2.bin" -q --as-of 1700000000 --out "$WORK/rank3" 2>"$WORK/err" >/dev/null
check "a graph file of another version refused (exit 1)" test $? -eq 1
check "saying which version and what to do" \
    grep -q "v2.bin.*graph file version 2; this peoplerank reads version 1: build it again" "$WORK/err"

# Several algorithms from one load, one directory each.
"$PR_BIN" rank "$WORK/g.bin" -q --as-of 1700000000 --out "$WORK/many" --algorithm pagerank,indegree,leaderrank >/dev/null
for a in pagerank indegree leaderrank; do
    check "$a snapshot published" test -f "$WORK/many/$a/latest"
done
"$PR_BIN" rank "$WORK/g.bin" -q --as-of 1700000000 --out "$WORK/x" --algorithm nosuch 2>/dev/null >/dev/null
check "unknown algorithm is refused" test $? -ne 0

# config --defaults is itself a valid config, and bad keys name the line.
"$PR_BIN" config --defaults >"$WORK/defaults.conf"
check "defaults read back" "$PR_BIN" config --check "$WORK/defaults.conf" >/dev/null
printf 'window_days = 30\nweight.poke = 2\n' >"$WORK/bad.conf"
"$PR_BIN" config --check "$WORK/bad.conf" >/dev/null 2>"$WORK/conf.err"
check "unknown key refused" test $? -eq 1
check "bad key names file:line" grep -q "bad.conf:2:" "$WORK/conf.err"
"$PR_BIN" run -q --events "$WORK/ev.tsv" --config "$WORK/bad.conf" --out "$WORK/y" 2>/dev/null >/dev/null
check "run with a bad config fails" test $? -eq 1
finish
