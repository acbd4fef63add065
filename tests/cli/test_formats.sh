#!/usr/bin/env bash
# Every reader verb takes --format text|tsv|csv|json with the same meaning: tsv/csv have a
# header naming every field of every row, json parses (top and lookup: test_reader_output.sh).
source "$(dirname "$0")/lib.sh"

: "${PR_TEST_DATA:?}"
golden="$PR_TEST_DATA/snapshots/golden-v1.snap"
same_fields() { awk -F"$1" 'NR == 1 { n = NF } NF != n { exit 1 } END { exit NR < 2 }' "$2"; }

for verb in compare inspect; do
    args=("$golden"); [ $verb = compare ] && args=("$golden" "$golden")
    "$PR_BIN" $verb "${args[@]}" --format tsv >"$WORK/$verb.tsv"
    check "$verb --format tsv: header and rows agree" same_fields "$(printf '\t')" "$WORK/$verb.tsv"
    "$PR_BIN" $verb "${args[@]}" --format csv >"$WORK/$verb.csv"
    check "$verb --format csv parses with one width" python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
assert len(rows) > 1 and len({len(r) for r in rows}) == 1, rows[:3]
' "$WORK/$verb.csv"
    "$PR_BIN" $verb "${args[@]}" --format json >"$WORK/$verb.json"
    check "$verb --format json parses" python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$WORK/$verb.json"
    "$PR_BIN" $verb "${args[@]}" --format yaml 2>/dev/null
    check "$verb --format yaml: usage error" test $? -eq 2
done
check "compare tsv: spearman 1 against itself" grep -q "^metric	spearman_rho					1$" "$WORK/compare.tsv"
check "inspect json: 5 persons, ten score bands" python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
assert o["persons"] == 5 and len(o["score_bands"]) == 10 and sum(o["score_bands"]) == 5, o
assert o["header"]["format"] == "peoplerank-snapshot"
' "$WORK/inspect.json"
"$PR_BIN" inspect "$PR_TEST_DATA/snapshots/bad/flipped-byte.snap" >"$WORK/bad.out" 2>/dev/null
check "inspect on a damaged block: exit 1, nothing printed" test $? -eq 1 -a ! -s "$WORK/bad.out"

"$PR_BIN" generate --persons 200 --days 20 --end 2026-11-22 -o "$WORK/e.tsv" -q
for fmt in tsv csv json; do
    "$PR_BIN" evaluate --events "$WORK/e.tsv" --train-days 10 --test-days 7 --format $fmt \
        >"$WORK/eval.$fmt" 2>/dev/null
    check "evaluate --format $fmt runs" test $? -eq 0
done
check "evaluate tsv: header and rows agree" same_fields "$(printf '\t')" "$WORK/eval.tsv"
check "evaluate: the three formats name the same variants" python3 -c '
import csv, json, sys
t = [r[0] for r in csv.reader(open(sys.argv[1]), delimiter="\t")][1:]
c = [r[0] for r in csv.reader(open(sys.argv[2]))][1:]
j = [json.loads(l)["variant"] for l in open(sys.argv[3])]
assert t == c == j and "peoplerank" in t and "pagerank" in t, (t, c, j)
' "$WORK/eval.tsv" "$WORK/eval.csv" "$WORK/eval.json"

finish
