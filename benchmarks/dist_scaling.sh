#!/usr/bin/env bash
# The multi-process figures of benchmarks/README.md ("Several processes"), for a quiet machine:
#  1. bench_dist at P = 1, 2, 4 on a seeded R-MAT graph (power-law), RUNS runs each, one OpenMP
#     thread per process: the median over runs of the slowest process's ms per iteration, the
#     contributions sent per process per iteration, the exchange share, and the load balance at
#     each P (in-edges and compute seconds, max / mean over processes);
#  2. the COST comparison: P processes against one thread of the one-process kernel (P = 1 is
#     pr_rank_pagerank itself), as the ratio of the medians (< 1: P processes beat one thread);
#  3. the per-process peak RSS of `peoplerank run` at P = 1, 2, 4 on a generated population,
#     and its ratio to P = 1 (the issue's target at P = 4 is 0.35).
#   bash benchmarks/dist_scaling.sh [BUILD_DIR]   (SCALE=20 PERSONS=100000 DAYS=5 ITERS=20 RUNS=3)
set -euo pipefail
build=${1:-build}
scale=${SCALE:-20} persons=${PERSONS:-100000} days=${DAYS:-5} iters=${ITERS:-20} runs=${RUNS:-3}
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive
export OMPI_MCA_btl=self,vader OMPI_MCA_pml=ob1 OMPI_MCA_btl_vader_single_copy_mechanism=none
export OMPI_MCA_mpi_yield_when_idle=1
mpi() { mpirun --oversubscribe --allow-run-as-root --bind-to none "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "# start: $(uptime)"

# One line per run and P: slowest ms/iter, sent values per process (max), exchange share (max),
# in-edges max/mean, compute max/mean.
for p in 1 2 4; do
    for r in $(seq "$runs"); do
        if [ "$p" = 1 ]; then
            "$build/bench_dist" --scale "$scale" --iters "$iters"
        else
            mpi -np "$p" "$build/bench_dist" --scale "$scale" --iters "$iters"
        fi >"$work/run.txt"
        awk -v p="$p" '{ for (i = 1; i <= NF; i++) v[$i] = $(i + 1)
                         ms = v["ms/iter"]; if (ms > maxms) maxms = ms
                         e = v["edges"]; se += e; if (e > maxe) maxe = e
                         c = v["compute_s"]; sc += c; if (c > maxc) maxc = c
                         s = v["sent"]; if (s > maxs) maxs = s
                         x = v["exchange_share"]; if (x > maxx) maxx = x; n++ }
             END { printf "%d %.3f %d %.3f %.4f %.4f\n", p, maxms, maxs, maxx,
                   (se > 0 ? maxe / (se / n) : 1), (sc > 0 ? maxc / (sc / n) : 1) }' \
            "$work/run.txt" >>"$work/all.txt"
    done
done
echo "| P | ms/iter (median of $runs, slowest process) | sent per process per iteration | exchange share | in-edges max/mean | compute max/mean | vs 1 thread |"
echo "|---|---|---|---|---|---|---|"
awk '{ ms[$1] = ms[$1] " " $2; row[$1] = $0 }
     function median(list,   a, n, i, j, t) {
         n = split(list, a, " ")
         for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
         return a[int((n + 1) / 2)] }
     END { base = median(ms[1])
           for (p = 1; p <= 4; p *= 2) {
               split(row[p], f, " "); m = median(ms[p])
               printf "| %d | %.3f | %d (%.1f MB) | %.2f | %.3f | %.3f | %.2f |\n", p, m, f[3],
                      f[3] * 8 / 1e6, f[4], f[5], f[6], m / base } }' "$work/all.txt"
echo "# COST: P processes beat one thread where 'vs 1 thread' < 1.00"
echo "# after the kernel: $(uptime)"

"$build/peoplerank" generate --seed 1 --persons "$persons" --days "$days" -o "$work/ev.tsv" -q
echo "# population: $persons persons, $days days, $(wc -l <"$work/ev.tsv") lines"
for p in 1 2 4; do
    rm -rf "$work/out"
    # each process writes its own peak (KiB) to rss.RANK
    mpi -np "$p" sh -c '/usr/bin/time -f %M -o "$0.${OMPI_COMM_WORLD_RANK:-0}" "$@"' "$work/rss" \
        "$build/peoplerank" run -q --events "$work/ev.tsv" --out "$work/out" >/dev/null
    peak=$(cat "$work"/rss.* | sort -n | tail -1)
    rm -f "$work"/rss.*
    [ "$p" = 1 ] && one=$peak
    awk -v p="$p" -v k="$peak" -v one="$one" \
        'BEGIN { printf "P=%d per-process peak RSS %d KiB (%.2f x P=1)\n", p, k, k / one }'
done
echo "# end: $(uptime)"
