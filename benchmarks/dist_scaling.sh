#!/usr/bin/env bash
# The multi-process figures of benchmarks/README.md ("Several processes"): bench_dist at
# P = 1, 2, 4 on a seeded R-MAT graph (time per iteration, contributions exchanged, exchange
# share, load balance), then the per-process peak RSS of `peoplerank run` at P = 1, 2, 4 on a
# generated population. One OpenMP thread per process; processes waiting in a collective yield.
#   bash benchmarks/dist_scaling.sh [BUILD_DIR]     (SCALE=20 PERSONS=100000 DAYS=5 ITERS=20)
set -euo pipefail
build=${1:-build}
scale=${SCALE:-20} persons=${PERSONS:-100000} days=${DAYS:-5} iters=${ITERS:-20}
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive
export OMPI_MCA_btl=self,vader OMPI_MCA_pml=ob1 OMPI_MCA_btl_vader_single_copy_mechanism=none
export OMPI_MCA_mpi_yield_when_idle=1
mpi() { mpirun --oversubscribe --allow-run-as-root --bind-to none "$@"; }
echo "# $(uptime)"
"$build/bench_dist" --scale "$scale" --iters "$iters" # P = 1: the one-process kernel
for p in 2 4; do
    mpi -np "$p" "$build/bench_dist" --scale "$scale" --iters "$iters" | sort -t' ' -k8n
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/peoplerank" generate --seed 1 --persons "$persons" --days "$days" -o "$work/ev.tsv" -q
echo "# population: $persons persons, $days days, $(wc -l <"$work/ev.tsv") lines"
for p in 1 2 4; do
    mpi -np "$p" /usr/bin/time -f "P=$p peak_rss_kib %M wall_s %e" "$build/peoplerank" run -q \
        --events "$work/ev.tsv" --out "$work/out$p" >/dev/null
done
echo "# $(uptime)"
