#!/usr/bin/env bash
# The job on several processes beyond the plain run: every algorithm that runs there gives the
# one-process table (pagerank, personalized with seeds, indegree, instrength, followers), a warm
# start from a snapshot written at another process count gives the same next day, and what does
# not work on several processes yet is refused by name (exit 2), never ignored. Skipped without
# MPI.
source "$(dirname "$0")/mpi_lib.sh"
DAY1=(--as-of 2026-11-23T00:00:00Z)
DAY2=(--as-of 2026-11-24T00:00:00Z --max-drift off) # day 1 holds few events: the guard would refuse

"$PR_BIN" generate --seed 7 --persons 8000 --days 2 --fakes 200 -o "$WORK/gen.tsv" -q
# Ten seeds for personalized rank: accounts that received engagement.
awk -F'\t' 'NR > 1 && $4 == "reply" { print $2 ":" $5 }' "$WORK/gen.tsv" | sort -u | head -n 10 \
    >"$WORK/seeds.tsv"
check "ten seeds" test "$(wc -l <"$WORK/seeds.tsv")" -eq 10

same_at "six algorithms" "3" run --events "$WORK/gen.tsv" "${DAY2[@]}" --seeds "$WORK/seeds.tsv" \
    --algorithm peoplerank,pagerank,personalized,indegree,instrength,followers

# Warm start: day 1 on 2 processes, day 2 on 3 processes from it; against one process twice.
"$PR_BIN" run -q --events "$WORK/gen.tsv" "${DAY1[@]}" --out "$WORK/w1" >/dev/null
"$PR_BIN" run -q --events "$WORK/gen.tsv" "${DAY2[@]}" --out "$WORK/w1" >/dev/null
mpi 2 run -q --events "$WORK/gen.tsv" "${DAY1[@]}" --out "$WORK/w23" >/dev/null
mpi 3 run -q --events "$WORK/gen.tsv" "${DAY2[@]}" --out "$WORK/w23" >/dev/null
check "warm start happened" "$PR_BIN" inspect "$WORK/w23/latest" >"$WORK/inspect.txt"
check "the day-2 run warm-started" grep -q 'from\\":\\"' "$WORK/inspect.txt"
same_exports "warm start from P=2 at P=3" "$WORK/w1" "$WORK/w23"

# The warm start comes from process 0 alone: here the others' --out (a relative path in another
# working directory, as on other machines) is empty; they must start from process 0's vector.
mkdir -p "$WORK/m0" "$WORK/m1"
mpmd() { # mpmd P ARGS...: process 0 in m0, the P-1 others in m1
    local p=$1
    shift
    mpirun --oversubscribe --allow-run-as-root --bind-to none -np 1 --wdir "$WORK/m0" \
        "$PR_BIN" "$@" : -np $((p - 1)) --wdir "$WORK/m1" "$PR_BIN" "$@"
}
mpmd 2 run -q --events "$WORK/gen.tsv" "${DAY1[@]}" --out snaps >/dev/null 2>"$WORK/err" ||
    fail "day 1 with per-process directories: $(head -c 300 "$WORK/err")"
mpmd 3 run -q --events "$WORK/gen.tsv" "${DAY2[@]}" --out snaps >/dev/null 2>"$WORK/err" ||
    fail "day 2 with per-process directories: $(head -c 300 "$WORK/err")"
check "only process 0 wrote" test ! -e "$WORK/m1/snaps/latest"
same_exports "warm start read by process 0 alone" "$WORK/w1" "$WORK/m0/snaps"

# Refused on several processes, by name, with nothing done.
expect_exit 2 "leaderrank refused on 2 processes" \
    mpi 2 run -q --events "$WORK/gen.tsv" --algorithm leaderrank --out "$WORK/r1" 2>"$WORK/err"
check "the refusal names the algorithm" grep -q -- "--algorithm leaderrank does not run" "$WORK/err"
check "the refusal is printed once" test "$(grep -c "does not run" "$WORK/err")" -eq 1
check "nothing written" test ! -e "$WORK/r1"
for algo in hits coreness; do
    expect_exit 2 "$algo refused on 2 processes" \
        mpi 2 run -q --events "$WORK/gen.tsv" --algorithm "$algo" --out "$WORK/r1" 2>"$WORK/err"
    check "the refusal names $algo" grep -q -- "--algorithm $algo does not run" "$WORK/err"
done
expect_exit 2 "standard input refused on 2 processes" \
    mpi 2 run -q --events - --out "$WORK/r2" 2>"$WORK/err" </dev/null
check "the refusal names standard input" grep -q "standard input" "$WORK/err"
expect_exit 2 "a reading verb refuses mpirun" mpi 2 export "$WORK/w1/latest" 2>"$WORK/err" >/dev/null
check "the refusal says to start it without mpirun" grep -q "without mpirun" "$WORK/err"

finish
