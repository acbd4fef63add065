#!/usr/bin/env bash
# The lookup service and the readers on a 1,000,000-person snapshot (issue 16):
#  1. wrk against `peoplerank serve` (single-name GET /v1/persons/NAME, keep-alive, 10,000
#     random names in turn) and, in the same run, against nginx serving a static file of the
#     same size as one answer;
#  2. `peoplerank lookup NAME` as a new process against a sqlite3 point query on the exported
#     table (hyperfine);
#  3. `bench_snapshot` on the same population: batch lookups, export, compare.
# usage: bash benchmarks/serve_bench.sh [WORKDIR]   (needs build/, wrk, nginx, hyperfine, sqlite3)
# PR_BENCH_SECONDS (default 10) sets each wrk run's length. Prints the load average first: on a
# shared machine the figures are loaded ones.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-/tmp/prbench}
bin=$PWD/build/peoplerank
secs=${PR_BENCH_SECONDS:-10}
conns=${PR_BENCH_CONNECTIONS:-32}
export OMP_WAIT_POLICY=passive
mkdir -p "$work"
echo "== $(date -u +%FT%TZ) $(uptime)"

snap=$work/a/peoplerank-2026-11-30.snap
if [ ! -f "$snap" ]; then
    build/bench_snapshot --persons 1000000 --dir "$work" --bin "$bin" --trials "${PR_BENCH_TRIALS:-3}" \
        --batch 1000000 --keep | tee "$work/bench_snapshot.txt"
fi
[ -e "$work/a/latest" ] || ln -s peoplerank-2026-11-30.snap "$work/a/latest"
"$bin" top "$snap" -n 1000000 --tsv | tail -n +2 | cut -f2 | shuf -n 10000 --random-source=<(yes) \
    >"$work/names.txt"
name=$(head -n 1 "$work/names.txt")

# 1. serve vs nginx, same run, same answer size.
"$bin" serve "$work/a" --listen 127.0.0.1:0 --threads 2 >"$work/url" 2>"$work/serve.err" &
serve_pid=$!
trap 'kill $serve_pid 2>/dev/null; [ -f "$work/nginx/nginx.pid" ] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null' EXIT
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
url=$(cat "$work/url")
mkdir -p "$work/nginx/www" "$work/nginx/tmp"
curl -s "${url}v1/persons/$name" >"$work/nginx/www/answer.json"
bytes=$(wc -c <"$work/nginx/www/answer.json")
port=$((20000 + RANDOM % 20000))
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 2;
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
echo "== one answer: $bytes bytes; serve --threads 2 at $url; nginx (2 workers) on port $port"
echo "== wrk -t2 -c$conns -d${secs}s: peoplerank serve, 10,000 random names, keep-alive ($(uptime))"
wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$work/names.lua" "$url"
echo "== wrk -t2 -c$conns -d${secs}s: nginx, static file of $bytes bytes ($(uptime))"
wrk -t2 -c"$conns" -d"${secs}s" --latency "http://127.0.0.1:$port/answer.json"
curl -s "${url}metrics" | grep -E '^peoplerank_requests_total'
grep VmRSS "/proc/$serve_pid/status"

# 2. one lookup as a new process vs sqlite3 on the exported table.
db=$work/a.db
[ -f "$db" ] || "$bin" export "$snap" --format sqlite -o "$db"
echo "== hyperfine: lookup vs sqlite3 ($(uptime))"
hyperfine -N --warmup 5 -r 50 \
    "$bin lookup $snap $name --tsv" \
    "sqlite3 $db \"SELECT * FROM persons WHERE name = '$name'\""
echo "== done $(date -u +%FT%TZ) $(uptime)"
