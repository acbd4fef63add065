#!/usr/bin/env bash
# Command-line conventions (README "Conventions"): usage errors exit 2 in every verb, long
# options are never abbreviated, a bad option gets one message naming the verb.
source "$(dirname "$0")/lib.sh"

: "${PR_TEST_DATA:?}"
golden="$PR_TEST_DATA/snapshots/golden-v1.snap"
printf '1700000000\ttwitter\ta\tlike\tb\n' >"$WORK/ev.tsv"
run() { "$PR_BIN" run --events "$WORK/ev.tsv" --out "$WORK/out" -q "$@" 2>"$WORK/err" >/dev/null; }

run --algorithm PageRank; check "--algorithm PageRank exits 2" test $? -eq 2
run --algorithm personalized; check "personalized without --seeds exits 2" test $? -eq 2
run --input "edge:x=$WORK/ev.tsv"; check "--input edge:... exits 2" test $? -eq 2
check "... naming the formats" grep -q "unknown input format 'edge'" "$WORK/err"
run --input "csv=$WORK/ev.tsv"; check "csv without --columns exits 2" test $? -eq 2
"$PR_BIN" evaluate --input "csv=$WORK/ev.tsv" 2>/dev/null; check "evaluate: csv without --columns exits 2" test $? -eq 2
check "nothing was published by a usage error" test ! -e "$WORK/out/latest"

# Abbreviations: `top --n 3` was taken as `--network 3`.
"$PR_BIN" top "$golden" --n 3 >"$WORK/top.out" 2>"$WORK/err"
check "top --n 3 exits 2" test $? -eq 2
check "top --n 3: nothing on stdout" test ! -s "$WORK/top.out"
check "top --n 3: the message" \
    grep -qx "peoplerank top: unknown option '--n' (see peoplerank top --help)" "$WORK/err"
"$PR_BIN" top "$golden" --netw=twitter >/dev/null 2>"$WORK/err"
check "--netw=twitter is not --network" \
    grep -qx "peoplerank top: unknown option '--netw' (see peoplerank top --help)" "$WORK/err"
run --as-o 2026-11-22; check "run --as-o exits 2" test $? -eq 2
check "run --as-o: the message" \
    grep -qx "peoplerank run: unknown option '--as-o' (see peoplerank run --help)" "$WORK/err"
for verb in top lookup export compare inspect verify; do
    "$PR_BIN" $verb "$golden" --no-such-option 2>"$WORK/err" >/dev/null
    check "$verb: unknown option exits 2" test $? -eq 2
    check "$verb: the message" grep -qx \
        "peoplerank $verb: unknown option '--no-such-option' (see peoplerank $verb --help)" "$WORK/err"
done
"$PR_BIN" top "$golden" -n 2>"$WORK/err"
check "a missing value exits 2" test $? -eq 2
check "... and says so" grep -q "option needs a value '-n'" "$WORK/err"
"$PR_BIN" top "$golden" --network=twitter -n 1 >/dev/null
check "full names with = still work" test $? -eq 0

finish
