#!/usr/bin/env bash
# One cell of the calibration matrix (docs/scores.md, "The matrix"): each archetype's median score
# in a published snapshot, as one line "SIZE MIX LEVEL median... SE", where SE is the standard
# error of the median of as many casual users as there are bought-follower users (1.2533 sd /
# sqrt(k), sd from the casual p10-p90 range / 2.563; scripts/calibration_bands.awk uses it).
# Medians of an even count are the mean of the middle two; "-" for an archetype with no account.
# usage: scripts/calibration_cell.sh PEOPLERANK SNAPSHOT LABELS SIZE MIX LEVEL
set -euo pipefail
bin=${1:?usage: calibration_cell.sh PEOPLERANK SNAPSHOT LABELS SIZE MIX LEVEL}
snap=${2:?snapshot}
labels=${3:?labels}
archs="newcomer casual daily marketer celebrity bought pod spam"
"$bin" top "$snap" -n 1000000000 --tsv |
    awk -F'\t' 'FNR == NR { lab[$1] = $2; next }
        FNR > 1 && ($2 in lab) { print lab[$2] "\t" $3 }' "$labels" - |
    sort -t$'\t' -k1,1 -k2,2g |
    awk -F'\t' -v n="${4:?size}" -v mix="${5:?mix}" -v lv="${6:?level}" -v archs="$archs" '
        function q(p) { return v[int(p * (c - 1)) + 1] }
        function flush() { if (!c) return
            med[a] = (c % 2) ? v[(c + 1) / 2] : (v[c / 2] + v[c / 2 + 1]) / 2
            cnt[a] = c; p10[a] = q(0.1); p90[a] = q(0.9) }
        $1 != a { flush(); a = $1; c = 0 }
        { v[++c] = $2 }
        END { flush(); printf "%-8s %-10s %-8s", n, mix, lv
              k = split(archs, x, " ")
              for (i = 1; i <= k; i++) printf " %9s", (x[i] in med) ? med[x[i]] : "-"
              se = ("casual" in med && "bought" in med) ? \
                  1.2533 * (p90["casual"] - p10["casual"]) / 2.563 / sqrt(cnt["bought"]) : 0
              printf " %6.2f\n", se }'
