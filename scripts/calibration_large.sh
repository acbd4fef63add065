#!/usr/bin/env bash
# Score calibration on a large generated population through the nightly job itself
# (docs/scores.md, "Large populations"): the generator's events are streamed into
# `peoplerank run --in-order 0` (no event file on disk: a million persons write a billion lines),
# then each archetype's median score is printed and checked against its band, with the gaming
# requirements. Exit 0 when all hold, 1 when one fails.
# usage: scripts/calibration_large.sh BUILD_DIR PERSONS MIX SEED WORKDIR
#   e.g. scripts/calibration_large.sh build 1000000 default 20261124 /tmp/cal1m
set -euo pipefail
build=${1:?usage: calibration_large.sh BUILD_DIR PERSONS MIX SEED WORKDIR}
persons=${2:?persons}
mix=${3:?mix}
seed=${4:?seed}
work=${5:?workdir}
bin=$build/peoplerank
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
rm -rf "$work/snaps"

start=$(date +%s)
"$bin" generate --persons "$persons" --mix "$mix" --seed "$seed" -o - --labels "$work/labels.tsv" \
    2>"$work/generate.txt" |
    /usr/bin/time -v "$bin" run --events - --as-of 2026-11-24T23:59:59Z --in-order 0 \
        --out "$work/snaps" >"$work/run.out" 2>"$work/run.txt"
echo "persons $persons, mix $mix, seed $seed: $(( $(date +%s) - start )) s wall"
grep -E "lines|Maximum resident|Elapsed" "$work/generate.txt" "$work/run.txt" | sed 's/^/  /' || true

"$here/archetype_medians.sh" "$bin" "$work/snaps/latest" "$work/labels.tsv" | tee "$work/medians.txt"
awk '
    NR > 1 { m[$1] = $3 }
    function band(a, lo, hi) { ok = (a in m) && m[a] >= lo && m[a] <= hi
        printf "  %-44s %s\n", a " median " m[a] " in " lo "-" hi, ok ? "ok" : "FAIL"; fails += !ok }
    function check(what, ok) { printf "  %-44s %s\n", what, ok ? "ok" : "FAIL"; fails += !ok }
    END {
        band("newcomer", 10, 15); band("casual", 20, 30); band("daily", 40, 45)
        band("marketer", 55, 70); band("celebrity", 85, 100)
        if ("bought" in m) check("bought " m["bought"] " <= casual + 2", m["bought"] <= m["casual"] + 2)
        if ("pod" in m) check("pod " m["pod"] " < 30 and < daily", m["pod"] < 30 && m["pod"] < m["daily"])
        if ("spam" in m) check("spam " m["spam"] " <= casual", m["spam"] <= m["casual"])
        exit fails > 0
    }' "$work/medians.txt"
