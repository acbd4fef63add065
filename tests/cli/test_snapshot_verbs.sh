#!/usr/bin/env bash
# export / compare / inspect / verify on the golden snapshot (expected output checked by hand,
# tests/data/snapshots/README.md) and on snapshots made by `peoplerank run`.
source "$(dirname "$0")/lib.sh"

: "${PR_TEST_DATA:?}"
golden="$PR_TEST_DATA/snapshots/golden-v1.snap"

# export: TSV exactly as worked out by hand; the other formats carry the same rows.
"$PR_BIN" export "$golden" >"$WORK/g.tsv"
check "export tsv of the golden file" cmp -s "$WORK/g.tsv" "$PR_TEST_DATA/snapshots/golden-v1.tsv"
"$PR_BIN" export "$golden" --format tsv -o "$WORK/g2.tsv"
check "export -o writes the same" cmp -s "$WORK/g2.tsv" "$WORK/g.tsv"
"$PR_BIN" export "$golden" --format csv >"$WORK/g.csv"
check "csv: header + 5 rows" test "$(wc -l <"$WORK/g.csv")" -eq 6
check "csv: alice's row" grep -q '^1,twitter:alice,72.50,80.000000,0.40000000000000002,' "$WORK/g.csv"
"$PR_BIN" export "$golden" --format jsonl >"$WORK/g.jsonl"
check "jsonl: 5 lines" test "$(wc -l <"$WORK/g.jsonl")" -eq 5
check "jsonl: bob is last with no influencers" \
    grep -q '^{"position":5,"name":"twitter:bob",.*"influencers":\[\],' "$WORK/g.jsonl"
check "jsonl: absent values are null" grep -q '"delta_month":null' "$WORK/g.jsonl"
if command -v sqlite3 >/dev/null; then
    "$PR_BIN" export "$golden" --format sqlite -o "$WORK/g.db"
    got=$(sqlite3 "$WORK/g.db" "SELECT position, score, rank FROM persons WHERE name = 'twitter:erin'")
    check "sqlite: erin at 3 ($got)" test "$got" = "3|50.0|0.15"
    plan=$(sqlite3 "$WORK/g.db" "EXPLAIN QUERY PLAN SELECT * FROM persons WHERE name = 'x'")
    check "sqlite: name lookups use the index ($plan)" grep -q "persons_name" <<<"$plan"
    got=$(sqlite3 "$WORK/g.db" "SELECT value FROM snapshot WHERE key = 'as_of_date'")
    check "sqlite: snapshot table" test "$got" = "2026-11-29"
else
    echo "sqlite3 not installed: sqlite export checked by unit.test_snapshot_ext only"
fi
expect_exit 2 "sqlite without -o" "$PR_BIN" export "$golden" --format sqlite 2>/dev/null
expect_exit 2 "unknown format" "$PR_BIN" export "$golden" --format xml 2>/dev/null
"$PR_BIN" export "$golden" -o "$WORK/nodir/x.tsv" 2>"$WORK/e.err"
check "unwritable output: exit 1" test $? -eq 1
check "unwritable output: names the file" grep -q "nodir/x.tsv" "$WORK/e.err"

# inspect: header, counts, histogram.
"$PR_BIN" inspect "$golden" >"$WORK/inspect.out"
check "inspect: persons" grep -q '^persons: *5$' "$WORK/inspect.out"
check "inspect: header as JSON" grep -q '"as_of_date":"2026-11-29"' "$WORK/inspect.out"
check "inspect: histogram band 40-50 holds dave and bob" grep -Eq '^ +40-50 +2 ' "$WORK/inspect.out"
check "inspect: columns" grep -q '^columns: name rank score percentile accounts' "$WORK/inspect.out"

# compare: two runs whose persons differ by construction (e leaves, f arrives).
cat >"$WORK/day1.tsv" <<'TSV'
1700000000	t	b	reply	a
1700000000	t	c	reply	a
1700000000	t	d	reply	a
1700000000	t	e	reply	a
1700000000	t	a	like	b
TSV
sed 's/\te\t/\tf\t/' "$WORK/day1.tsv" >"$WORK/day2.tsv"
"$PR_BIN" run -q --events "$WORK/day1.tsv" --out "$WORK/s1" >/dev/null
"$PR_BIN" run -q --events "$WORK/day2.tsv" --out "$WORK/s2" >/dev/null
"$PR_BIN" compare "$WORK/s1/latest" "$WORK/s2/latest" --json >"$WORK/cmp.json"
check "compare --json: 4 common" grep -q '"common":4' "$WORK/cmp.json"
check "compare --json: 1 added, 1 removed" \
    sh -c "grep -q '\"added\":1' '$WORK/cmp.json' && grep -q '\"removed\":1' '$WORK/cmp.json'"
check "compare --json: t:f added" grep -q '"name":"t:f"' "$WORK/cmp.json"
"$PR_BIN" compare "$WORK/s1/latest" "$WORK/s1/latest" >"$WORK/same.txt"
check "compare with itself: rho 1" grep -q '^spearman rho *1.000000$' "$WORK/same.txt"
check "compare with itself: tau-b 1" grep -q '^kendall tau-b *1.000000$' "$WORK/same.txt"
check "compare with itself: rbo 1" grep -q '^rbo p=0.98 *1.000000$' "$WORK/same.txt"
expect_exit 2 "compare needs two snapshots" "$PR_BIN" compare "$golden" 2>/dev/null

# verify on what run wrote; help for every verb.
check "verify a run's snapshot" "$PR_BIN" verify -q "$WORK/s1/latest"
for verb in export compare inspect verify; do
    check "$verb --help" sh -c "'$PR_BIN' $verb --help | grep -q '^usage: peoplerank $verb'"
done

finish
