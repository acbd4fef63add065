#!/usr/bin/env bash
# Concurrent readers: while `run` publishes snapshot after snapshot into one directory (a new
# as-of date each time, some dates twice so that a file is replaced, --keep 4 so that old ones
# are deleted), reader processes keep opening DIR/latest with top, lookup, export and verify.
# Every read must succeed and be internally consistent: a torn or mixed file would fail its
# checksums (verify, export) or give positions / scores out of order (snapshots are in score
# order; with several networks the raw rank need not be monotonic).
source "$(dirname "$0")/lib.sh"
# Many short runs on a shared machine: idle OpenMP threads should sleep, not spin.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}

out="$WORK/out"
ev="$WORK/ev.tsv"
"$PR_BIN" generate --seed 3 --persons 200 --days 30 -o "$ev" -q || { fail "generate"; finish; exit 1; }
"$PR_BIN" run -q --events "$ev" --out "$out" --as-of 2026-11-01T00:00:00Z >/dev/null ||
    { fail "first run"; finish; exit 1; }
# Two names to look up: present in every snapshot (persons active over the whole month).
names=$("$PR_BIN" top "$out/latest" -n 2 --tsv | tail -n +2 | cut -f2 | tr '\n' ' ')

RUNS=8
writer() {
    local i day
    for i in $(seq 1 "$RUNS"); do
        day=$(( (i + 1) / 2 + 1 )) # 1, 2, 2, 3, 3, ...: every other run replaces a file
        "$PR_BIN" run -q --keep 4 --replace --events "$ev" --out "$out" \
            --as-of "$(printf '2026-11-%02dT00:00:00Z' "$day")" >/dev/null 2>>"$WORK/writer.err" ||
            echo "run $i failed" >>"$WORK/writer.err"
    done
    touch "$WORK/writer.done"
}

# A reader: loops until the writer is done (at most 2000 rounds), one command a round, and
# writes "ok N" or the first failure to its log.
reader() {
    local id=$1 n=0 bad=""
    local log="$WORK/reader.$id"
    while [ ! -e "$WORK/writer.done" ] && [ "$n" -lt 1000 ]; do
        n=$((n + 1))
        case $(( (n + id) % 4 )) in
            0)
                "$PR_BIN" verify "$out/latest" >/dev/null 2>"$log.err" || bad="verify failed: $(cat "$log.err")"
                ;;
            1)
                "$PR_BIN" top "$out/latest" -n 20 --tsv >"$log.out" 2>"$log.err" ||
                    bad="top failed: $(cat "$log.err")"
                [ -n "$bad" ] || awk -F'\t' 'NR > 1 { if ($1 != NR - 1 || (NR > 2 && $3 + 0 > prev + 0)) exit 1; prev = $3 }
                    END { exit NR == 21 ? 0 : 1 }' "$log.out" || bad="top output inconsistent: $(head -c 400 "$log.out")"
                ;;
            2)
                # shellcheck disable=SC2086
                "$PR_BIN" lookup "$out/latest" $names --tsv >"$log.out" 2>"$log.err" ||
                    bad="lookup failed: $(cat "$log.err")"
                [ -n "$bad" ] || awk -F'\t' 'NR > 1 && $3 + 0 < 1 { exit 1 } END { exit NR == 3 ? 0 : 1 }' "$log.out" ||
                    bad="lookup output inconsistent: $(head -c 400 "$log.out")"
                ;;
            3)
                "$PR_BIN" export "$out/latest" >"$log.out" 2>"$log.err" || bad="export failed: $(cat "$log.err")"
                [ -n "$bad" ] || awk -F'\t' 'NR > 1 { if ($1 != NR - 1 || (NR > 2 && $3 + 0 > prev + 0)) exit 1; prev = $3 }
                    END { exit NR > 100 ? 0 : 1 }' "$log.out" || bad="export output inconsistent ($(wc -l <"$log.out") lines)"
                ;;
        esac
        if [ -n "$bad" ]; then
            echo "round $n: $bad" >"$log"
            return
        fi
    done
    echo "ok $n" >"$log"
}

writer &
wpid=$!
for id in 1 2; do
    reader "$id" &
done
wait

check "the writer's $RUNS runs all succeeded ($(head -c 300 "$WORK/writer.err" 2>/dev/null))" \
    test ! -s "$WORK/writer.err"
total=0
for id in 1 2; do
    res=$(cat "$WORK/reader.$id")
    case "$res" in
        ok*) total=$((total + ${res#ok })); pass ;;
        *) fail "reader $id: $res" ;;
    esac
done
echo "$RUNS publications, $total reads, no torn or mixed file seen"
check "readers read while the writer wrote" test "$total" -ge 3
check "--keep 4 kept at most 4 snapshots" test "$(find "$out" -name 'peoplerank-*.snap' | wc -l)" -le 4
check "no temp file left" test -z "$(find "$out" -name '.*' -type f)"
finish
