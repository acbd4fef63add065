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

# Sharded input: several files (plain ones cut in byte ranges, a gzip one read whole, an edge
# list) and one big file; the processes each read a share.
awk 'NR > 1 && NR % 3 == 0' "$WORK/gen.tsv" >"$WORK/part1.tsv"
awk 'NR > 1 && NR % 3 == 1' "$WORK/gen.tsv" | gzip -c >"$WORK/part2.tsv.gz"
awk 'NR > 1 && NR % 3 == 2' "$WORK/gen.tsv" >"$WORK/part3.tsv"
awk -F'\t' 'NR > 1 && NR % 7 == 0 { print $3 " " $5 }' "$WORK/gen.tsv" >"$WORK/edges.txt"
same_at "several files" "1 2 3 4" run --events "$WORK/part1.tsv" --events "$WORK/part2.tsv.gz" \
    --events "$WORK/part3.tsv" --input edges:twitter="$WORK/edges.txt" \
    --identities "$WORK/ids.tsv" "${ASOF[@]}"
# The as-of date chosen from the bulk of the events (no --as-of), the day table merged.
same_at "one big file, as-of chosen" "3" run --events "$WORK/gen.tsv" --allow-degenerate

# Each process reads only its share: two per-process input directories (as on two machines),
# where the file the other process reads is garbage. Process 0 reads a.gz (it starts its
# half of the bytes), process 1 reads b.gz; reading the other's file would fail the run.
mkdir -p "$WORK/m0" "$WORK/m1"
head -n 3000 "$WORK/gen.tsv" | tail -n +2 | gzip -c >"$WORK/m0/a.gz"
tail -n +3001 "$WORK/gen.tsv" | head -n 2000 | gzip -c >"$WORK/m1/b.gz"
printf 'garbage\n' | gzip -c >"$WORK/m0/b.gz"
printf 'garbage\n' | gzip -c >"$WORK/m1/a.gz"
cp "$WORK/m0/a.gz" "$WORK/a.gz" && cp "$WORK/m1/b.gz" "$WORK/b.gz"
rm -rf "$WORK/ref" "$WORK/own"
(cd "$WORK" && "$PR_BIN" run -q --events a.gz --events b.gz "${ASOF[@]}" --out "$WORK/ref") ||
    fail "per-process inputs: one process"
mpirun --oversubscribe --allow-run-as-root --bind-to none -np 1 --wdir "$WORK/m0" "$PR_BIN" run -q \
    --events a.gz --events b.gz "${ASOF[@]}" --out "$WORK/own" : \
    -np 1 --wdir "$WORK/m1" "$PR_BIN" run -q --events a.gz --events b.gz "${ASOF[@]}" \
    --out "$WORK/own" >/dev/null 2>"$WORK/err" || fail "per-process inputs: $(head -c 300 "$WORK/err")"
same_exports "per-process inputs, each process its own file" "$WORK/ref" "$WORK/own"

# --in-order folds days as it reads: refused by name on several processes.
expect_exit 2 "--in-order refused on 2 processes" mpi 2 run -q --events "$WORK/gen.tsv" \
    --in-order 1 "${ASOF[@]}" --out "$WORK/io" 2>"$WORK/io.err"
check "the refusal names --in-order" grep -q -- "--in-order" "$WORK/io.err"

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
# --max-errors passed in a later process's share: the same line and message as one process.
awk 'NR > 1 { print } NR % 500 == 0 { print "bad line " NR }' "$WORK/gen.tsv" >"$WORK/many.tsv"
"$PR_BIN" run -q --events "$WORK/many.tsv" --max-errors 5 "${ASOF[@]}" --out "$WORK/m1x" \
    2>"$WORK/many1.err" >/dev/null
for p in 2 3; do
    expect_exit 1 "--max-errors 5 passed at P=$p" mpi "$p" run -q --events "$WORK/many.tsv" \
        --max-errors 5 "${ASOF[@]}" --out "$WORK/m${p}x" 2>"$WORK/many$p.err"
    check "--max-errors at P=$p: the message of one process" \
        cmp -s <(grep "too many" "$WORK/many1.err") <(grep "too many" "$WORK/many$p.err")
done
check "--max-errors names the sixth bad line" grep -q "many.tsv:3005:" "$WORK/many1.err"

finish
