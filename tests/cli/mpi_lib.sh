# Shared by the multi-process tests (sourced, not a test itself): skips (exit 77) unless the
# binary was built with MPI (-DPR_MPI=ON) and mpirun is here; runs `peoplerank` under mpirun.
source "$(dirname "$0")/lib.sh"
if [ "${PR_MPI:-0}" != 1 ] || ! command -v mpirun >/dev/null 2>&1; then
    echo "skipped: built without MPI (PR_MPI=${PR_MPI:-0}) or no mpirun"
    exit 77
fi
# Two cores for everything: one OpenMP thread per process, idle threads sleep.
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive

# One machine: shared memory between processes only (no network probing, quicker start).
# Processes waiting in a collective yield the core instead of spinning (more processes than
# cores, and other tests beside).
export OMPI_MCA_btl=self,vader OMPI_MCA_pml=ob1 OMPI_MCA_btl_vader_single_copy_mechanism=none
export OMPI_MCA_mpi_yield_when_idle=1

# mpi P ARGS...: peoplerank ARGS on P processes.
mpi() {
    local p=$1
    shift
    mpirun --oversubscribe --allow-run-as-root --bind-to none -np "$p" "$PR_BIN" "$@"
}

# same_exports WHAT REF DIR: every snapshot directory under REF (a `latest` link) has its twin
# under DIR, and their `export --format tsv` tables are byte for byte the same.
same_exports() {
    local what=$1 ref=$2 dir=$3 link rel n=0
    while IFS= read -r link; do
        rel=${link#"$ref"}
        "$PR_BIN" export --format tsv "$ref$rel" >"$WORK/want.tsv" || { fail "$what: export $ref$rel"; return; }
        if ! "$PR_BIN" export --format tsv "$dir$rel" >"$WORK/got.tsv" 2>/dev/null; then
            fail "$what: no snapshot at $dir$rel"
        elif [ "$(wc -l <"$WORK/want.tsv")" -lt 2 ]; then
            fail "$what: empty table at $ref$rel"
        elif cmp -s "$WORK/want.tsv" "$WORK/got.tsv"; then
            pass
        else
            fail "$what: $rel differs: $(cmp "$WORK/want.tsv" "$WORK/got.tsv")"
        fi
        n=$((n + 1))
    done < <(find "$ref" -name latest | sort)
    [ "$n" -gt 0 ] || fail "$what: no snapshot under $ref"
}

# same_at WHAT "P..." ARGS...: the job (ARGS without --out) in one process without mpirun, then
# on each P processes; every exported table must be the same bytes. Process 0 alone prints.
same_at() {
    local what=$1 ps=$2 p
    shift 2
    rm -rf "$WORK/ref"
    if ! "$PR_BIN" "$@" -q --out "$WORK/ref" >/dev/null 2>"$WORK/err"; then
        fail "$what: one process failed: $(head -c 300 "$WORK/err")"
        return
    fi
    for p in $ps; do
        rm -rf "$WORK/p$p"
        if ! mpi "$p" "$@" -q --out "$WORK/p$p" >"$WORK/out" 2>"$WORK/err"; then
            fail "$what: P=$p failed: $(head -c 300 "$WORK/err")"
            continue
        fi
        check "$what: P=$p prints the snapshot paths once" \
            test "$(grep -c . "$WORK/out")" -eq "$(find "$WORK/ref" -name latest | wc -l)"
        same_exports "$what: P=$p" "$WORK/ref" "$WORK/p$p"
    done
}
