#!/usr/bin/env bash
# The lookup service and the readers against their references, all in one run (issue 16):
#  1. wrk: `peoplerank serve` answering single-name GET /v1/persons/NAME (keep-alive, 10,000
#     random names in turn) against nginx serving a static file of the same size as one answer;
#  2. hyperfine: `peoplerank lookup SNAP NAME --tsv` as a new process against a sqlite3 point
#     query on the table `export --format sqlite` writes (indexed by name);
#  3. `peoplerank lookup SNAP --tsv` with 1,000,000 random names on standard input;
#  4. `peoplerank export SNAP --format tsv` on 2 threads (OMP_NUM_THREADS=2) to /dev/null;
#  5. `peoplerank compare A B` of two snapshots of the same size (B: 1% of A's persons dropped,
#     1% new, noisy ranks).
# Every measure is run RUNS times, interleaved with its reference, and the median is printed,
# with `uptime` before each measure: figures taken while the machine is loaded are loaded ones.
#
# usage: bash benchmarks/serve_bench.sh [--persons N] [--runs R] [--seconds S]
#                                       [--connections C] [--threads T] [WORKDIR]
#   --persons N      snapshot size (default 1000000; 10000000 for the 10M compare target)
#   --runs R         runs of each measure (default 3)
#   --seconds S      length of each wrk run (default 10)
#   --connections C  wrk connections (default 32); --threads T: serve's and nginx's (default 2)
#   WORKDIR          default /tmp/prbench-N; the snapshots are made once (bench_snapshot --keep,
#                    which prints its own in-process figures) and reused by later runs
# Needs build/ (peoplerank, bench_snapshot), wrk, nginx, hyperfine, sqlite3, GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
persons=1000000 runs=3 secs=10 conns=32 threads=2
while [ $# -gt 0 ]; do
    case $1 in
    --persons) persons=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --seconds) secs=$2; shift 2 ;;
    --connections) conns=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    -h | --help) sed -n '2,24p' "$0"; exit 0 ;;
    -*) echo "serve_bench.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done
work=${1:-/tmp/prbench-$persons}
bin=$PWD/build/peoplerank
export OMP_WAIT_POLICY=passive
mkdir -p "$work"
load() { echo "   ($(date -u +%T) $(uptime | sed 's/.*load/load/'))"; }
# median of the numbers on standard input
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# "wall cpu" seconds (cpu: user + system) of a command whose output goes to /dev/null; its
# standard input is the file $input (default /dev/null), opened anew for every run
timed() {
    /usr/bin/time -f "%e %U %S" -o "$work/time.txt" "$@" <"${input:-/dev/null}" >/dev/null 2>&1 ||
        true
    awk '{ printf "%s %.3f\n", $1, $2 + $3 }' "$work/time.txt"
}

echo "== serve_bench.sh: $persons persons, $runs runs, $(date -u +%FT%TZ), $(nproc) cores"
echo "   $(uptime)"
echo "   $(wrk --version 2>&1 | head -n 1); $(nginx -v 2>&1); sqlite3 $(sqlite3 --version | cut -d' ' -f1); $(hyperfine --version)"

snap=$work/a/peoplerank-2026-11-30.snap
snap_b=$work/b/peoplerank-2026-12-01.snap
if [ ! -f "$snap" ] || [ ! -f "$snap_b" ]; then
    echo "== making the snapshots (bench_snapshot --persons $persons --keep)"
    start=$(date +%s)
    build/bench_snapshot --persons "$persons" --dir "$work" --bin "$bin" --trials 3 \
        --batch 1000000 --keep | tee "$work/bench_snapshot.txt"
    echo "   made in $(($(date +%s) - start)) s"
fi
[ -e "$work/a/latest" ] || ln -s peoplerank-2026-11-30.snap "$work/a/latest"
if [ ! -s "$work/names.txt" ] || [ ! -s "$work/batch.txt" ]; then
    "$bin" top "$snap" -n "$persons" --tsv | tail -n +2 | cut -f2 >"$work/all.txt"
    shuf -n 10000 --random-source=<(yes) "$work/all.txt" >"$work/names.txt"
    shuf -r -n 1000000 --random-source=<(yes 1) "$work/all.txt" >"$work/batch.txt"
    rm "$work/all.txt"
fi
name=$(head -n 1 "$work/names.txt")

# ---- 1. serve vs nginx, same answer size, runs interleaved ----
# Each worker thread keeps its own decoded blocks: give every thread room for the whole file.
cache_mb=$(((persons / 1000000 + 1) * 300 * threads))
[ "$cache_mb" -ge 2048 ] || cache_mb=2048
"$bin" serve "$work/a" --listen 127.0.0.1:0 --threads "$threads" --cache-mb "$cache_mb" \
    >"$work/url" 2>"$work/serve.err" &
serve_pid=$!
trap 'kill $serve_pid 2>/dev/null; [ -f "$work/nginx/nginx.pid" ] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null' EXIT
for _ in $(seq 600); do [ -s "$work/url" ] && break; sleep 0.1; done
url=$(cat "$work/url")
mkdir -p "$work/nginx/www" "$work/nginx/tmp"
curl -s "${url}v1/persons/$name" >"$work/nginx/www/answer.json"
bytes=$(wc -c <"$work/nginx/www/answer.json")
port=$((20000 + RANDOM % 20000))
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes $threads;
daemon on;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx/tmp;
    proxy_temp_path $work/nginx/tmp;
    fastcgi_temp_path $work/nginx/tmp;
    uwsgi_temp_path $work/nginx/tmp;
    scgi_temp_path $work/nginx/tmp;
    server {
        listen 127.0.0.1:$port;
        root $work/nginx/www;
        location / { default_type application/json; }
    }
}
EOF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx"
cat >"$work/names.lua" <<EOF
local names = {}
for line in io.lines("$work/names.txt") do names[#names + 1] = line end
local i = math.random(#names)
request = function()
    i = i % #names + 1
    return wrk.format("GET", "/v1/persons/" .. names[i])
end
EOF
# wrk's Requests/sec and 99% latency in ms, on one line
wrk_run() {
    wrk -t2 -c"$conns" -d"${secs}s" --latency "$@" | awk '
        /Requests\/sec/ { r = $2 }
        / 99%/ { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
                 p = u == "us" ? v / 1000 : u == "s" ? v * 1000 : v }
        END { printf "%s %.3f\n", r, p }'
}
echo "== 1. wrk -t2 -c$conns -d${secs}s, keep-alive: serve --threads $threads (--cache-mb $cache_mb)"
echo "   vs nginx ($threads workers) serving a static file of the same $bytes bytes"
load
echo "   warm-up (5 s each, not counted: every serve thread decodes the blocks it reads once)"
wrk -t2 -c"$conns" -d5s -s "$work/names.lua" "$url" >/dev/null
wrk -t2 -c"$conns" -d5s "http://127.0.0.1:$port/answer.json" >/dev/null
: >"$work/serve.txt"
: >"$work/nginx.txt"
for r in $(seq "$runs"); do
    s=$(wrk_run -s "$work/names.lua" "$url")
    n=$(wrk_run "http://127.0.0.1:$port/answer.json")
    echo "$s" >>"$work/serve.txt"
    echo "$n" >>"$work/nginx.txt"
    echo "   run $r: serve $s, nginx $n (req/s, p99 ms)"
    load
done
serve_rps=$(cut -d' ' -f1 "$work/serve.txt" | median)
serve_p99=$(cut -d' ' -f2 "$work/serve.txt" | median)
nginx_rps=$(cut -d' ' -f1 "$work/nginx.txt" | median)
nginx_p99=$(cut -d' ' -f2 "$work/nginx.txt" | median)
curl -s "${url}metrics" | grep -E '^peoplerank_requests_total' | sed 's/^/   /'
rss=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$serve_pid/status")
kill "$serve_pid"
kill "$(cat "$work/nginx/nginx.pid")"
trap - EXIT

# ---- 2. one lookup as a new process vs sqlite3 ----
db=$work/a.db
[ -f "$db" ] || "$bin" export "$snap" --format sqlite -o "$db"
echo "== 2. hyperfine -N: lookup NAME --tsv as a new process vs sqlite3 on the exported table"
load
hyperfine -N --warmup 5 -r $((runs * 20)) --export-json "$work/hyperfine.json" \
    "$bin lookup $snap $name --tsv" \
    "sqlite3 $db \"SELECT * FROM persons WHERE name = '$name'\"" | sed 's/^/   /'
read -r lookup_ms lookup_cpu sqlite_ms sqlite_cpu < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print(" ".join("{:.3f} {:.3f}".format(x["median"] * 1e3, (x["user"] + x["system"]) * 1e3) for x in r))' \
    "$work/hyperfine.json")

# repeat TAG TITLE COMMAND...: RUNS timed runs (stdin: $input), "wall cpu" medians in
# ${TAG}_wall and ${TAG}_cpu
repeat() {
    local tag=$1 title=$2 r t
    shift 2
    echo "== $title (wall s, cpu s)"
    : >"$work/${tag}_runs.txt"
    for r in $(seq "$runs"); do
        load
        t=$(timed "$@")
        echo "$t" >>"$work/${tag}_runs.txt"
        echo "   run $r: $t"
    done
    printf -v "${tag}_wall" '%s' "$(cut -d' ' -f1 "$work/${tag}_runs.txt" | median)"
    printf -v "${tag}_cpu" '%s' "$(cut -d' ' -f2 "$work/${tag}_runs.txt" | median)"
}

# ---- 3. batch lookups through lookup --tsv on stdin; 4. export tsv on 2 threads; 5. compare ----
input=$work/batch.txt repeat batch "3. lookup SNAP --tsv < 1,000,000 random names" \
    "$bin" lookup "$snap" --tsv
OMP_NUM_THREADS=2 repeat export "4. OMP_NUM_THREADS=2 export SNAP --format tsv > /dev/null" \
    "$bin" export "$snap" --format tsv
repeat compare "5. compare A B, two snapshots of $persons persons" \
    "$bin" compare "$snap" "$snap_b" --format json

# ---- summary ----
verdict() { awk -v a="$1" -v b="$2" -v op="$3" 'BEGIN { ok = op == ">=" ? a >= b : a < b; print ok ? "met" : "MISSED" }'; }
echo "== summary: $persons persons, median of $runs runs, $(date -u +%FT%TZ)"
echo "   $(uptime)"
printf '   %-44s %-34s %-22s %s\n' measure median target verdict
printf '   %-44s %-34s %-22s %s\n' "serve, single-name GET, keep-alive" \
    "$serve_rps req/s, p99 $serve_p99 ms" ">= 50000, p99 < 5 ms" \
    "$(verdict "$serve_rps" 50000 ">=") / $(verdict "$serve_p99" 5 "<")"
printf '   %-44s %-34s %-22s %s\n' "nginx, static file of $bytes bytes" \
    "$nginx_rps req/s, p99 $nginx_p99 ms" "reference" "-"
printf '   %-44s %-34s %-22s %s\n' "ratio serve / nginx (req/s)" \
    "$(awk -v a="$serve_rps" -v b="$nginx_rps" 'BEGIN { printf "%.2f", a / b }')" "reported" "-"
printf '   %-44s %-34s %-22s %s\n' "serve resident memory after the runs" "$rss MiB" \
    "bounded by --cache-mb" "-"
printf '   %-44s %-34s %-22s %s\n' "lookup NAME --tsv, new process (hyperfine)" \
    "$lookup_ms ms median, $lookup_cpu ms cpu" "faster than sqlite3" \
    "$(verdict "$sqlite_ms" "$lookup_ms" ">=") (wall) / $(verdict "$sqlite_cpu" "$lookup_cpu" ">=") (cpu)"
printf '   %-44s %-34s %-22s %s\n' "sqlite3 point query, exported table" \
    "$sqlite_ms ms median, $sqlite_cpu ms cpu" "reference" "-"
batch_rate=$(awk -v t="$batch_wall" 'BEGIN { printf "%.2f", 1 / t }')
batch_cpu_rate=$(awk -v t="$batch_cpu" 'BEGIN { printf "%.2f", 1 / t }')
printf '   %-44s %-34s %-22s %s\n' "lookup --tsv < 1,000,000 names" \
    "$batch_rate M/s wall, $batch_cpu_rate M/s cpu" ">= 1 M names/s" \
    "$(verdict "$batch_rate" 1 ">=")"
export_rate=$(awk -v t="$export_wall" -v n="$persons" 'BEGIN { printf "%.2f", n / t / 1e6 }')
export_cpu_rate=$(awk -v t="$export_cpu" -v n="$persons" 'BEGIN { printf "%.2f", n / t / 1e6 }')
printf '   %-44s %-34s %-22s %s\n' "export --format tsv, 2 threads" \
    "$export_rate M rows/s ($export_wall s wall, cpu $export_cpu s)" ">= 5 M rows/s" \
    "$(verdict "$export_rate" 5 ">=")"
printf '   %-44s %-34s %-22s %s\n' "export, rows per CPU-second (both threads)" \
    "$export_cpu_rate M rows/s" "reported" "-"
printf '   %-44s %-34s %-22s %s\n' "compare, two $persons-person snapshots" \
    "$compare_wall s (cpu $compare_cpu s)" "10 M: < 5 s" \
    "$([ "$persons" -ge 10000000 ] && verdict "$compare_wall" 5 "<" || echo "n/a below 10 M")"
