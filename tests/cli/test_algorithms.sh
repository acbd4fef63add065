#!/usr/bin/env bash
# Algorithm names say what they compute: `pagerank` is plain PageRank (engagement rules off),
# `peoplerank` (the default) is PageRank with the rules; the snapshot header records which.
# pagerank is checked against igraph's PRPACK (tests/ref/ref_pagerank.c) on wiki-Vote.
source "$(dirname "$0")/lib.sh"

data="${PR_SHARED_DATA:-}/wiki-Vote.txt.zst"
[ -f "$data" ] || { echo "skip: $data absent"; exit 77; }
: "${PR_REF_PAGERANK:?}"
zstd -dc "$data" | "$PR_REF_PAGERANK" | sed 's/^/wiki:/' | sort >"$WORK/ref.tsv"

l1_against_ref() { # snapshot -> L1 distance of its ranks to the reference
    "$PR_BIN" export "$1" --format tsv | awk -F'\t' 'NR > 1 { print $2 "\t" $5 }' | sort |
        join -t "$(printf '\t')" - "$WORK/ref.tsv" |
        awk -F'\t' '{ d = $2 - $3; s += d < 0 ? -d : d; n++ } END { printf "%.3g %d\n", s, n }'
}

"$PR_BIN" run --input "edges:wiki=$data" --out "$WORK/all" --algorithm pagerank,peoplerank \
    --as-of 0 -q >/dev/null
check "pagerank,peoplerank in one run" test -f "$WORK/all/pagerank/latest" -a -f "$WORK/all/peoplerank/latest"
set -- $(l1_against_ref "$WORK/all/pagerank/latest")
check "pagerank: every node of the reference (got $2 of 7115)" test "$2" = 7115
check "pagerank is plain PageRank: L1 to PRPACK $1 < 1e-6" awk -v d="$1" 'BEGIN { exit !(d < 1e-6) }'
set -- $(l1_against_ref "$WORK/all/peoplerank/latest")
check "peoplerank applies the rules: L1 to PRPACK $1 > 0.01" awk -v d="$1" 'BEGIN { exit !(d > 0.01) }'

"$PR_BIN" run --input "edges:wiki=$data" --out "$WORK/def" --as-of 0 -q >/dev/null
check "the default algorithm is peoplerank" \
    grep -q '"algorithm":"peoplerank"' <("$PR_BIN" inspect "$WORK/def/latest")
check "header: peoplerank has the rules on" \
    grep -q '"engagement_rules":true' <("$PR_BIN" inspect "$WORK/def/latest")
check "header: pagerank has the rules off" \
    grep -q '"engagement_rules":false' <("$PR_BIN" inspect "$WORK/all/pagerank/latest")
check "header: a run of pagerank alone is the same ranking" \
    cmp -s <("$PR_BIN" export "$WORK/all/pagerank/latest" | cut -f2,5) \
    <("$PR_BIN" run --input "edges:wiki=$data" --out "$WORK/pr" --algorithm pagerank --as-of 0 -q \
        >/dev/null && "$PR_BIN" export "$WORK/pr/latest" | cut -f2,5)
"$PR_BIN" run --help >"$WORK/help"
for a in peoplerank pagerank personalized leaderrank hits coreness indegree instrength followers; do
    check "run --help says whether the rules apply to $a" grep -Eq "^ +$a +.*rules (on|off)" "$WORK/help"
done

finish
