#!/usr/bin/env bash
# Open MPI is loaded only under a launcher (issue 16: a reader's start-up must not pay for its
# libraries). The binary does not link libmpi; the MPI module (peoplerank-mpi.so, beside the
# binary) does, and is loaded when a launcher's variable says the process was started by one.
# Without the module, such a process stops at once with one line saying what is missing (exit
# 1): it never runs as one of P unrelated single processes. The launcher's variable is set by
# hand here (no mpirun): nothing can wait for other processes.
source "$(dirname "$0")/lib.sh"

if command -v readelf >/dev/null 2>&1; then
    needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
elif command -v objdump >/dev/null 2>&1; then
    needed() { objdump -p "$1" | awk '$1 == "NEEDED" { print $2 }'; }
else
    echo "skipped: neither readelf nor objdump to read the binary's NEEDED list"
    exit 77
fi

needed "$PR_BIN" >"$WORK/needed"
check "the NEEDED list is read (libc is in it)" grep -q '^libc\.so' "$WORK/needed"
check "peoplerank links no MPI: $(grep -E 'mpi|open-(pal|rte)|pmix' "$WORK/needed" | tr '\n' ' ')" \
    sh -c "! grep -Eq 'libmpi|libopen-(pal|rte)|libpmix' '$WORK/needed'"

module="$(dirname "$PR_BIN")/peoplerank-mpi.so"
if [ "${PR_MPI:-0}" = 1 ]; then
    check "the MPI module is beside the binary" test -f "$module"
    needed "$module" >"$WORK/module_needed"
    check "... and it is what links libmpi" grep -q '^libmpi' "$WORK/module_needed"
fi

# Started directly: one process, MPI never loaded.
LD_DEBUG=files "$PR_BIN" --version >"$WORK/out" 2>"$WORK/ld"
check "--version works started directly" grep -q "peoplerank" "$WORK/out"
check "... and loads neither the module nor libmpi" \
    sh -c "! grep -Eq 'libmpi|peoplerank-mpi' '$WORK/ld'"
check "the loader trace is there to look at" grep -q "file=" "$WORK/ld"

# refused WHAT PATTERN BINARY VAR=VALUE...: BINARY --version with those variables exits 1 at
# once, prints nothing on stdout (it did not run) and one line on stderr matching PATTERN.
refused() {
    local what=$1 want=$2 bin=$3 rc
    shift 3
    timeout 60 env "$@" "$bin" --version >"$WORK/out" 2>"$WORK/err"
    rc=$?
    check "$what: exit 1 (got $rc)" test "$rc" -eq 1
    check "$what: nothing on stdout" test ! -s "$WORK/out"
    check "$what: one line on stderr ($(wc -l <"$WORK/err"))" test "$(wc -l <"$WORK/err")" -eq 1
    check "$what: says why: $(head -c 400 "$WORK/err")" grep -Eq "$want" "$WORK/err"
}

if [ "${PR_MPI:-0}" = 1 ]; then
    refused "module elsewhere" \
        "^peoplerank: .*OMPI_COMM_WORLD_SIZE is set.*cannot load $WORK/nowhere/peoplerank-mpi\.so" \
        "$PR_BIN" OMPI_COMM_WORLD_SIZE=2 PEOPLERANK_MPI_MODULE="$WORK/nowhere/peoplerank-mpi.so"
    mkdir "$WORK/alone" && cp "$PR_BIN" "$WORK/alone/peoplerank"
    refused "binary copied alone" "PMIX_RANK is set.*cannot load $WORK/alone/peoplerank-mpi\.so" \
        "$WORK/alone/peoplerank" PMIX_RANK=0
    refused "not an MPI module" "PMI_RANK is set.*libm\.so\.6 has no pr_dist_mpi_comm" \
        "$PR_BIN" PMI_RANK=1 PEOPLERANK_MPI_MODULE=libm.so.6
    # With the module copied beside it, the copy runs under mpirun: the module is looked for in
    # the running binary's directory.
    if command -v mpirun >/dev/null 2>&1; then
        cp "$module" "$WORK/alone/"
        OMPI_MCA_btl=self,vader OMPI_MCA_pml=ob1 timeout 120 mpirun --oversubscribe \
            --allow-run-as-root --bind-to none -np 1 "$WORK/alone/peoplerank" --version \
            >"$WORK/out" 2>"$WORK/err"
        check "with the module beside it, the copy runs under mpirun: $(head -c 300 "$WORK/err")" \
            grep -q "peoplerank" "$WORK/out"
    fi
else
    refused "built without MPI" "OMPI_COMM_WORLD_SIZE is set.*built without MPI" \
        "$PR_BIN" OMPI_COMM_WORLD_SIZE=2
fi
finish
