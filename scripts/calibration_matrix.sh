#!/usr/bin/env bash
# The calibration matrix of issue 13 (docs/scores.md, "The matrix"): archetype medians of
# `peoplerank run` on generated populations of every size x mix x level asked for, then the worst
# cell per archetype against its band. Each cell is streamed (generate -o - | run --events -), so
# nothing big is stored; cells run one at a time.
# usage: scripts/calibration_matrix.sh PEOPLERANK "SIZES" "MIXES" "LEVELS" [SEED]
#   e.g. scripts/calibration_matrix.sh build/peoplerank "2000 10000" \
#        "default gaming pyramid marketers" "default low high"
# LEVELS apply to --rates and --audiences together. Prints one line per cell and the worst cells;
# exits 1 when a band or gaming check fails in some cell.
set -uo pipefail
bin=${1:?usage: calibration_matrix.sh PEOPLERANK SIZES MIXES LEVELS [SEED]}
sizes=${2:?sizes}
mixes=${3:?mixes}
levels=${4:?levels}
seed=${5:-20261124}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/prmatrix.XXXXXX")
trap 'rm -rf "$work"' EXIT
export OMP_WAIT_POLICY=passive
archs="newcomer casual daily marketer celebrity bought pod spam"
printf '%-8s %-10s %-8s' size mix level
for a in $archs; do printf ' %9s' "$a"; done
echo
for n in $sizes; do
    for mix in $mixes; do
        for lv in $levels; do
            "$bin" generate -q --persons "$n" --mix "$mix" --seed "$seed" --rates "$lv" \
                --audiences "$lv" -o - --labels "$work/labels.tsv" |
                "$bin" run -q --events - --out "$work/snaps" >/dev/null || exit 1
            "$here/archetype_medians.sh" "$bin" "$work/snaps/latest" "$work/labels.tsv" |
                awk -v n="$n" -v mix="$mix" -v lv="$lv" -v archs="$archs" '
                    NR > 1 { m[$1] = $3 }
                    END { printf "%-8s %-10s %-8s", n, mix, lv
                          k = split(archs, a, " ")
                          for (i = 1; i <= k; i++) printf " %9s", (a[i] in m) ? m[a[i]] : "-"
                          print "" }'
            rm -rf "$work/snaps"
        done
    done
done | tee "$work/cells.txt"
# Worst cell per archetype against its band (issue 13): newcomer 10-15, casual 20-30, daily
# 40-45, marketer 55-70, celebrity 85+, bought <= casual, pod < 28 and < daily, spam <= casual.
awk -v archs="$archs" '
    BEGIN { k = split(archs, a, " "); lo["newcomer"] = 10; hi["newcomer"] = 15; lo["casual"] = 20
            hi["casual"] = 30; lo["daily"] = 40; hi["daily"] = 45; lo["marketer"] = 55
            hi["marketer"] = 70; lo["celebrity"] = 85; hi["celebrity"] = 100; bad = 0 }
    function miss(arch, v, row) {
        if (arch == "bought" || arch == "spam") return v > row["casual"] ? v - row["casual"] : 0
        if (arch == "pod") { d = v - 27.99; e = v - row["daily"]; d = d > e ? d : e; return d > 0 ? d : 0 }
        return v < lo[arch] ? lo[arch] - v : (v > hi[arch] ? v - hi[arch] : 0)
    }
    { for (i = 1; i <= k; i++) row[a[i]] = $(3 + i)
      for (i = 1; i <= k; i++) { if (row[a[i]] == "-") continue
          x = miss(a[i], row[a[i]], row)
          if (!(a[i] in worstx) || x > worstx[a[i]]) {
              worstx[a[i]] = x; worst[a[i]] = $1 " " $2 " " $3 " (" row[a[i]] ")" }
          if (x > 0) { bad++ } } }
    END { print "worst cell per archetype (distance outside its band):"
          for (i = 1; i <= k; i++) printf "  %-9s %5.2f  %s\n", a[i], worstx[a[i]], worst[a[i]]
          print bad " archetype medians outside their bands"; exit bad > 0 }' "$work/cells.txt"
