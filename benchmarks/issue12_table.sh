#!/usr/bin/env bash
# Issue 12's table, each row measured side by side with its reference in one run (whole
# processes, median of RUNS): peak memory per edge of `run` on a population piped from
# `generate`; the event ingest against an awk fold (mawk) of the same events, from a file and
# from a pipe; the numeric edge-list ingest against igraph's reader; `rank` of a saved 2^20
# Kronecker graph (1 iteration) against PRPACK's solve; the time per iteration against gapbs `pr`
# (Kronecker graphs from gapbs's own generator); the end-to-end rank at tolerance 1e-7 (L1 to
# PRPACK printed) against PRPACK; the warm start after one more day against a cold start.
#
#   benchmarks/issue12_table.sh BUILD GAPBS_SRC WORK [RUNS] [PERSONS]
#   PR_BENCH_ROWS="4 5 6" benchmarks/issue12_table.sh ...   (only those rows; 6 needs 4)
#
# BUILD: a build directory (peoplerank, bench_igraph_ref); GAPBS_SRC: a checkout of sbeamer/gapbs
# (copied to WORK and built there; nothing of it is committed); WORK: scratch space (~3 GB);
# RUNS: timed runs per measurement (median; 3); PERSONS: the memory row's population (100000;
# the issue's 1M row needs about 60 GiB of input through the pipe and 20+ minutes).
set -euo pipefail
build=$(cd "${1:?usage: issue12_table.sh BUILD GAPBS_SRC WORK [RUNS] [PERSONS]}" && pwd)
gapbs_src=$(cd "${2:?gapbs source}" && pwd)
work=${3:?work dir}
runs=${4:-3}
persons=${5:-100000}
# smaller graphs and populations for a quick check of the script itself (not for figures)
s=${PR_BENCH_SCALE:-20}
ing_persons=${PR_BENCH_INGEST_PERSONS:-10000}
warm_persons=${PR_BENCH_WARM_PERSONS:-5000}
pr=$build/peoplerank
ref=$build/bench_igraph_ref
export OMP_WAIT_POLICY=passive
mkdir -p "$work"
work=$(cd "$work" && pwd)
asof=2026-11-24T23:59:59Z
for tool in mawk /usr/bin/time make g++; do
    command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done
[ -x "$ref" ] || { echo "needs $ref (build with -DPR_BENCHMARKS=ON)" >&2; exit 1; }

echo "# issue 12 table, $(date -u +%FT%TZ), $(nproc) cores, runs $runs"
echo "# uptime at start: $(uptime)"

# wall seconds of one run of "$@" (a command or a function; its stdout and stderr go to
# $work/last.out and last.err)
wall() {
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >"$work/last.out" 2>"$work/last.err"
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}
# median wall seconds of $runs runs of "$@"
median_of() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
median() { for _ in $(seq "$runs"); do wall "$@"; done | median_of; }
# 0 when row $1 is to be measured (all rows unless PR_BENCH_ROWS lists some)
row() { case " ${PR_BENCH_ROWS:-1 2 3 4 5 6 7} " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }

# ---- gapbs (its generator makes the Kronecker graphs; its pr is the per-iteration reference)
if [ ! -x "$work/gapbs/pr" ]; then
    rm -rf "$work/gapbs"
    cp -r "$gapbs_src" "$work/gapbs"
    make -C "$work/gapbs" converter pr >"$work/gapbs-build.log" 2>&1
fi
[ -s "$work/k$s.el" ] || "$work/gapbs/converter" -g "$s" -s -e "$work/k$s.el" >/dev/null
[ -s "$work/k$s.sg" ] || "$work/gapbs/converter" -g "$s" -s -b "$work/k$s.sg" >/dev/null
[ -s "$work/k$((s - 1)).el" ] || "$work/gapbs/converter" -g $((s - 1)) -e "$work/k$((s - 1)).el" >/dev/null
[ -s "$work/k$s.bin" ] || "$pr" build -q --input edges="$work/k$s.el" -o "$work/k$s.bin"

if row 1; then
echo
echo "## 1. peak memory of run, $persons persons piped from generate, --in-order 0"
rm -rf "$work/mem"
"$pr" generate -q --persons "$persons" --seed 20261124 -o - |
    /usr/bin/time -f "%M %e" -o "$work/mem.time" "$pr" run --events - --as-of $asof --in-order 0 \
        --out "$work/mem" >/dev/null 2>"$work/mem.err"
read -r kib secs <"$work/mem.time"
edges=$(awk '$1 == "edges" { print $2 }' "$work/mem.err")
people=$(awk '$1 == "persons" { print $2 }' "$work/mem.err")
echo "peak RSS $kib KiB, $edges edges, $people persons, $secs s wall (generate + run)"
awk -v k="$kib" -v e="$edges" -v p="$people" 'BEGIN {
    printf "bytes per edge %.1f; beyond 200 B per person: %.1f B per edge (target <= 8)\n",
        k * 1024 / e, (k * 1024 - 200 * p) / e }'
grep -E "^  memory " "$work/mem.err"

fi
if row 2; then
echo
echo "## 2. ingest, event format v1, $ing_persons persons: whole run vs an awk fold (mawk) of the same file"
[ -s "$work/ev10k.tsv" ] || "$pr" generate -q --persons "$ing_persons" --seed 1 -o "$work/ev10k.tsv"
events=$(wc -l <"$work/ev10k.tsv")
fold='BEGIN { w["follow"] = 0.25; w["like"] = 1; w["mention"] = 2; w["reply"] = 3; w["comment"] = 3
             w["reshare"] = 4; w["retweet"] = 4; w["share"] = 4 }
       { s[$2 ":" $3 "\t" $2 ":" $5] += w[$4] * ($6 == "" ? 1 : $6) }
       END { for (k in s) print k "\t" s[k] }'
t_run=$(median "$pr" run -q --events "$work/ev10k.tsv" --as-of $asof --out "$work/ing" --replace)
t_awk=$(median mawk -F'\t' "$fold" "$work/ev10k.tsv")
t_runp=$(median sh -c "cat '$work/ev10k.tsv' | '$pr' run -q --events - --as-of $asof --out '$work/ingp' --replace")
t_awkp=$(median sh -c "cat '$work/ev10k.tsv' | mawk -F'\t' '$fold'")
awk -v n="$events" -v a="$t_run" -v b="$t_awk" -v c="$t_runp" -v d="$t_awkp" 'BEGIN {
    printf "%d events. file: run %.2f s (%.2f M events/s), mawk %.2f s: %.1fx\n", n, a, n / a / 1e6, b, b / a
    printf "pipe: run %.2f s (%.2f M events/s), mawk %.2f s: %.1fx (targets >= 5 M/s, >= 7.5x)\n",
        c, n / c / 1e6, d, d / c }'

fi
if row 3; then
echo
echo "## 3. ingest, numeric edge list (gapbs Kronecker 2^$((s - 1))): build vs igraph's reader"
m_el=$(wc -l <"$work/k$((s - 1)).el")
t_build=$(median "$pr" build -q --input edges="$work/k$((s - 1)).el" -o "$work/k$((s - 1)).bin")
t_igraph=$(median "$ref" "$work/k$((s - 1)).el")
echo "$m_el edges: peoplerank build $t_build s, igraph read (whole process) $t_igraph s:" \
    "$(ratio "$t_igraph" "$t_build")x (target >= 30x)"

fi
rank_big() { # iterations, tolerance, out dir; cold every time (runs 2 and 3 would otherwise
    # start from run 1's snapshot in the same directory and stop after one iteration)
    "$pr" rank "$work/k$s.bin" --algorithm pagerank --max-iterations "$1" --tolerance "$2" \
        --name 2026-11-24 --allow-degenerate --replace --no-warm-start --out "$work/$3"
}
if row 4; then
echo
echo "## 4. rank of a saved graph, gapbs Kronecker 2^$s (symmetric), plain PageRank, 1 iteration"
t_r1=$(median rank_big 1 0 r1)
grep -E "^  (ingest|rank|score|write) " "$work/last.err" | sed 's/^/  last run: /'
t_prp=$(median "$ref" "$work/k$s.el" --pagerank)
read_s=$(awk '/igraph read/ { print $3 }' "$work/last.out")
solve_s=$(awk '/prpack solve/ { print $3 }' "$work/last.out")
echo "peoplerank rank, 1 iteration: $t_r1 s whole process; PRPACK whole process $t_prp s" \
    "(read $read_s s, solve $solve_s s)"
echo "outside the iterations vs PRPACK's solve: $(ratio "$t_r1" "$solve_s") (target <= 0.10)"

fi
if row 5; then
echo
echo "## 5. per iteration, same graph: peoplerank rank as the job runs it vs gapbs pr"
# the rank stage's own timer (whole processes differ by seconds of scoring and writing noise)
rank_stage() { # iterations -> seconds of the rank stage
    rank_big "$1" 0 "r$1" >/dev/null 2>"$work/last.err"
    awk '$1 == "rank" && NF == 3 { print $2 }' "$work/last.err"
}
s_r1=$(for _ in $(seq "$runs"); do rank_stage 1; done | median_of)
s_r21=$(for _ in $(seq "$runs"); do rank_stage 21; done | median_of)
per_ours=$(awk -v a="$s_r21" -v b="$s_r1" 'BEGIN { printf "%.4f", (a - b) / 20 }')
echo "rank stage: 21 iterations $s_r21 s, 1 iteration $s_r1 s (medians of $runs)"
"$work/gapbs/pr" -f "$work/k$s.sg" -i 20 -t 0 -n "$runs" >"$work/gapbs-pr.out" 2>&1
per_gapbs=$(awk '/Average Time/ { printf "%.4f", $3 / 20 }' "$work/gapbs-pr.out")
echo "ours (21 - 1 iterations) / 20: $per_ours s; gapbs pr (Gauss-Seidel, 20 iterations):" \
    "$per_gapbs s; gapbs / ours $(ratio "$per_gapbs" "$per_ours")x (target >= 1.5x)"

fi
if row 6; then
echo
echo "## 6. end to end at tolerance 1e-7 (L1 to PRPACK printed; target L1 <= 1e-6)"
t_e2e=$(median rank_big 1000 1e-7 e2e)
grep -E "pagerank .*iterations" "$work/last.err" | sed 's/^ */  /'
"$ref" "$work/k$s.el" --ranks "$work/prpack.tsv" >/dev/null
"$pr" export "$work/e2e/latest" >"$work/e2e.tsv"
l1=$(awk -F'\t' 'NR == FNR { p[$1] = $2; next }
    FNR > 1 { id = $2; sub(/^edges:/, "", id); d = $5 - p[id]; s += d < 0 ? -d : d; n++ }
    END { printf "%.3g over %d persons", s, n }' "$work/prpack.tsv" "$work/e2e.tsv")
echo "peoplerank $t_e2e s whole process, PRPACK $t_prp s: $(ratio "$t_prp" "$t_e2e")x" \
    "(target >= 10x); L1 $l1"

fi
if row 7; then
echo
echo "## 7. warm start after one more day ($warm_persons generated persons)"
[ -s "$work/ev5k.tsv" ] || "$pr" generate -q --persons "$warm_persons" --seed 2 -o "$work/ev5k.tsv"
rm -rf "$work/warm" "$work/cold"
"$pr" run --events "$work/ev5k.tsv" --as-of 2026-11-23T23:59:59Z --out "$work/warm" \
    >/dev/null 2>/dev/null
its() { awk '/ iterations / { for (i = 1; i <= NF; i++) if ($i == "iterations") print $(i - 1) }' "$1"; }
"$pr" run --events "$work/ev5k.tsv" --as-of $asof --out "$work/warm" >/dev/null 2>"$work/warm.err"
"$pr" run --events "$work/ev5k.tsv" --as-of $asof --out "$work/cold" >/dev/null 2>"$work/cold.err"
w=$(its "$work/warm.err" | head -1)
c=$(its "$work/cold.err" | head -1)
echo "warm $w iterations, cold $c: $(ratio "$w" "$c") (target <= 0.33)"

fi
echo
echo "# uptime at end: $(uptime)"
