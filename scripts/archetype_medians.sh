#!/usr/bin/env bash
# Median score per archetype of a published snapshot (docs/scores.md): joins `peoplerank top
# --tsv` with a label file from `peoplerank generate --labels`.
# usage: scripts/archetype_medians.sh PEOPLERANK SNAPSHOT LABELS
set -euo pipefail
bin=${1:?usage: archetype_medians.sh PEOPLERANK SNAPSHOT LABELS}
snap=${2:?snapshot}
labels=${3:?labels}
"$bin" top "$snap" -n 1000000000 --tsv |
    awk -F'\t' 'FNR == NR { lab[$1] = $2; next } FNR > 1 && ($2 in lab) { print lab[$2] "\t" $3 }' \
        "$labels" - |
    sort -t$'\t' -k1,1 -k2,2g |
    awk -F'\t' '
        function flush() { if (n) printf "%-10s %8d %8.2f\n", a, n, (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2) }
        BEGIN { printf "%-10s %8s %8s\n", "archetype", "accounts", "median" }
        $1 != a { flush(); a = $1; n = 0 }
        { v[++n] = $2 }
        END { flush() }'
