#!/usr/bin/env bash
# One of four processes killed mid-run: the whole run fails with a message naming the process,
# nothing is published, and `latest` still names the previous snapshot, which readers accept.
# Skipped without MPI.
source "$(dirname "$0")/mpi_lib.sh"

"$PR_BIN" generate --seed 3 --persons 6000 --days 2 --fakes 300 -o "$WORK/gen.tsv" -q
out="$WORK/out"
"$PR_BIN" run -q --events "$WORK/gen.tsv" --as-of 2026-11-24T00:00:00Z --out "$out" >/dev/null
check "day 1 published" test -L "$out/latest"
before=$(readlink "$out/latest")

# Tolerance 0 and a million iterations: the run outlasts the kill by far.
# mpirun itself in the background (not a shell function): its children are the processes.
mpirun --oversubscribe --allow-run-as-root --bind-to none -np 4 "$PR_BIN" run -q \
    --events "$WORK/gen.tsv" --as-of 2026-11-25T00:00:00Z --out "$out" \
    --tolerance 0 --max-iterations 1000000 >"$WORK/run.out" 2>"$WORK/run.err" &
launcher=$!
victim=""
for _ in $(seq 1 100); do # the four processes are children of mpirun
    pids=$(ps -o pid= --ppid "$launcher" | tr -d ' ')
    if [ "$(echo "$pids" | grep -c .)" -eq 4 ]; then
        victim=$(echo "$pids" | sed -n 3p)
        break
    fi
    sleep 0.1
done
check "four processes started" test -n "$victim"
sleep 2 # into the ingest or the rank iterations
if [ -n "$victim" ]; then
    kill -KILL "$victim"
else
    kill -TERM "$launcher" # never wait for a million iterations
fi
wait "$launcher"
rc=$?
check "the run fails (exit $rc)" test "$rc" -ne 0
check "the launcher names the killed process" grep -q "exited on signal 9" "$WORK/run.err"
check "nothing printed as published" test ! -s "$WORK/run.out"
check "latest unchanged" test "$(readlink "$out/latest")" = "$before"
check "no day-2 snapshot" test ! -e "$out/peoplerank-2026-11-25.snap"
check "verify accepts latest" "$PR_BIN" verify "$out/latest" >/dev/null
check "export reads latest" "$PR_BIN" export --format tsv "$out/latest" >/dev/null

finish
