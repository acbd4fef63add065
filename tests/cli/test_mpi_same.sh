#!/usr/bin/env bash
# The same snapshot at any process count: `mpirun -np P peoplerank run/rank` for P = 1..4 exports
# byte for byte the table of the one-process run (no mpirun), on the hand-worked event file,
# a real edge list, a generated two-network population with identities, and input with bad
# lines. Uneven P catch off-by-one ranges; graphs under one chunk (4096 persons) leave processes
# without persons. Skipped without MPI.
source "$(dirname "$0")/mpi_lib.sh"
ASOF=(--as-of 2026-11-25T00:00:00Z)

# The hand-worked file of test_run_basic.sh (5 persons: P = 4 leaves processes empty).
cat >"$WORK/hand.tsv" <<'TSV'
1700000000	t	b	reply	a
1700000000	t	c	reply	a
1700000000	t	d	reply	a
1700000000	t	e	reply	a
1700000000	t	a	like	b
TSV
same_at "hand-worked" "1 2 3 4" run --events "$WORK/hand.tsv"

# More processes than persons: two persons, three processes.
printf '1700000000\tt\ta\tlike\tb\n' >"$WORK/two.tsv"
same_at "2 persons on 3 processes" "3" run --events "$WORK/two.tsv" --allow-degenerate

# A real edge list: about 38 700 persons, 10 chunks, so every process owns several.
higgs=${PR_SHARED_DATA:-}/higgs-reply_network.edgelist.zst
if [ -r "$higgs" ]; then
    zstd -dc "$higgs" >"$WORK/higgs.txt"
    same_at "higgs-reply edge list" "1 2 3 4" run --input edges="$WORK/higgs.txt" "${ASOF[@]}"
    # rank GRAPH: the saved graph ranked on several processes.
    "$PR_BIN" build -q --input edges="$WORK/higgs.txt" -o "$WORK/higgs.prg" "${ASOF[@]}" ||
        fail "build the higgs graph"
    same_at "rank GRAPH" "2 3" rank "$WORK/higgs.prg" "${ASOF[@]}"
else
    echo "note: $higgs absent: the real edge list part is skipped"
fi

# A generated population on two networks (about 5 000 accounts each: two chunks), every third
# person merged across the two by an identity map.
"$PR_BIN" generate --seed 5 --persons 8000 --days 1 --fakes 200 -o "$WORK/gen.tsv" -q
awk -F'\t' 'NR > 1 { print $2 "\t" $3 }' "$WORK/gen.tsv" | sort -u |
    awk -F'\t' '{ c[$2]++ } END { for (h in c) if (c[h] == 2 && ++k % 3 == 0)
                                  print h "\ttwitter\t" h "\n" h "\tfacebook\t" h }' |
    sort >"$WORK/ids.tsv"
check "identity map not empty" test -s "$WORK/ids.tsv"
same_at "generated, identities" "1 2 3 4" run --events "$WORK/gen.tsv" --identities "$WORK/ids.tsv" \
    "${ASOF[@]}"

# Bad lines skipped (counted and reported as in one process), the rest ranked the same.
{
    cat "$WORK/hand.tsv"
    printf 'not a line\n1700000000\tt\tf\tlike\n1700000000\tt\tf\tshrug\ta\n'
    head -n 2000 "$WORK/gen.tsv" | tail -n +2
} >"$WORK/bad.tsv"
same_at "bad lines" "1 2 3" run --events "$WORK/bad.tsv" --max-errors 10 "${ASOF[@]}"
"$PR_BIN" run --events "$WORK/bad.tsv" --max-errors 10 "${ASOF[@]}" --out "$WORK/b1" \
    2>"$WORK/one.err" >/dev/null
mpi 3 run --events "$WORK/bad.tsv" --max-errors 10 "${ASOF[@]}" --out "$WORK/b3" \
    2>"$WORK/three.err" >/dev/null
check "bad lines reported once, as in one process" \
    cmp -s <(grep "bad" "$WORK/one.err") <(grep "bad" "$WORK/three.err")
check "the report names file and line" grep -q "bad.tsv:6" "$WORK/three.err"
expect_exit 1 "--strict fails on the first bad line on 3 processes" \
    mpi 3 run -q --strict --events "$WORK/bad.tsv" "${ASOF[@]}" --out "$WORK/b4" 2>"$WORK/strict.err"
check "--strict names the file and line" grep -q "bad.tsv:6" "$WORK/strict.err"
check "--strict published nothing" test ! -e "$WORK/b4/latest"

finish
