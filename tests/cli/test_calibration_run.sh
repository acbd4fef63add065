#!/usr/bin/env bash
# The product path, end to end: `peoplerank run` on generated 10,000-person populations of two
# archetype mixes (default, and `gaming` with another seed) must put each archetype's median score
# in its band (the targets of the scores issue, not tuned outputs), and the gaming archetypes below
# the bands they try to reach.
source "$(dirname "$0")/lib.sh"

calibrate() {
    local mix=$1 seed=$2
    echo "mix $mix, seed $seed"
    rm -rf "$WORK/snaps"
    "$PR_BIN" generate -q --persons 10000 --mix "$mix" --seed "$seed" -o "$WORK/ev.tsv" \
        --labels "$WORK/labels.tsv"
    "$PR_BIN" run -q --events "$WORK/ev.tsv" --out "$WORK/snaps" >/dev/null
    check "run succeeds" test -f "$WORK/snaps/latest"
    "$PR_BIN" top "$WORK/snaps/latest" -n 100000000 --tsv >"$WORK/all.tsv"

    # median score per archetype (labels: account<TAB>archetype)
    awk -F'\t' 'NR == FNR { lab[$1] = $2; next } FNR > 1 && ($2 in lab) { print lab[$2] "\t" $3 }' \
        "$WORK/labels.tsv" "$WORK/all.tsv" | sort -t$'\t' -k1,1 -k2,2n |
        awk -F'\t' '{ v[$1, ++c[$1]] = $2 }
            END { for (k in c) { n = c[k]; m = (n % 2) ? v[k, (n + 1) / 2] : (v[k, n / 2] + v[k, n / 2 + 1]) / 2;
                  print k "\t" m } }' >"$WORK/medians.tsv"
    median() { awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$WORK/medians.tsv"; }
    echo "archetype medians: $(sort "$WORK/medians.tsv" | tr '\t\n' '= ')"

    in_band() { awk -v m="$(median "$1")" -v lo="$2" -v hi="$3" 'BEGIN { exit !(m != "" && m >= lo && m <= hi) }'; }
    check "newcomer median in 10-15 ($(median newcomer))" in_band newcomer 10 15
    check "casual median in 20-30 ($(median casual))" in_band casual 20 30
    check "daily median in 40-45 ($(median daily))" in_band daily 40 45
    check "marketer median in 55-70 ($(median marketer))" in_band marketer 55 70
    check "celebrity median >= 85 ($(median celebrity))" in_band celebrity 85 100

    below() { awk -v a="$(median "$1")" -v b="$2" 'BEGIN { exit !(a != "" && a <= b) }'; }
    casual=$(median casual)
    check "bought followers <= casual + 2 ($(median bought) vs $casual)" below bought "$(awk -v c="$casual" 'BEGIN { print c + 2 }')"
    check "engagement pods < 30 ($(median pod))" below pod 29.99
    check "engagement pods below daily users" below pod "$(median daily)"
    check "spam bots <= casual ($(median spam))" below spam "$casual"
}

calibrate default 20261124
calibrate gaming 2
finish
