#!/usr/bin/env bash
# Score calibration on a large generated population through the nightly job itself
# (docs/scores.md, "Large populations"): the generator's events are streamed into
# `peoplerank run --in-order 0` (no event file on disk: a million persons write a billion lines),
# then each archetype's median score is printed as a matrix cell (scripts/calibration_cell.sh) and
# checked against the bands and gaming checks of the matrix (scripts/calibration_bands.awk: the
# same checks as scripts/calibration_matrix.sh). Exit 0 when all hold, 1 when one fails.
# usage: scripts/calibration_large.sh BUILD_DIR PERSONS MIX SEED WORKDIR [LEVEL]
#   e.g. scripts/calibration_large.sh build 1000000 default 20261124 /tmp/cal1m
# LEVEL (low, default, high) goes to --rates and --audiences. TOL and EXCEPT as for
# calibration_matrix.sh. WORKDIR keeps the labels, the snapshot, the timings and cell.txt.
set -euo pipefail
build=${1:?usage: calibration_large.sh BUILD_DIR PERSONS MIX SEED WORKDIR [LEVEL]}
persons=${2:?persons}
mix=${3:?mix}
seed=${4:?seed}
work=${5:?workdir}
level=${6:-default}
bin=$build/peoplerank
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
rm -rf "$work/snaps"

start=$(date +%s)
"$bin" generate --persons "$persons" --mix "$mix" --seed "$seed" --rates "$level" \
    --audiences "$level" -o - --labels "$work/labels.tsv" 2>"$work/generate.txt" |
    /usr/bin/time -v "$bin" run --events - --as-of 2026-11-24T23:59:59Z --in-order 0 \
        --out "$work/snaps" >"$work/run.out" 2>"$work/run.txt"
echo "persons $persons, mix $mix, seed $seed, level $level: $(($(date +%s) - start)) s wall"
grep -E "lines|Maximum resident|Elapsed" "$work/generate.txt" "$work/run.txt" | sed 's/^/  /' || true

bash "$here/calibration_cell.sh" "$bin" "$work/snaps/latest" "$work/labels.tsv" "$persons" \
    "$mix" "$level" | tee "$work/cell.txt"
awk -v tol="${TOL:-0}" -v except="${EXCEPT:-}" -f "$here/calibration_bands.awk" "$work/cell.txt"
