#!/usr/bin/env bash
# lookup from standard input and as JSON, and top --network, on the golden snapshot (values
# worked out by hand: tests/data/snapshots/README.md).
source "$(dirname "$0")/lib.sh"

: "${PR_TEST_DATA:?}"
golden="$PR_TEST_DATA/snapshots/golden-v1.snap"

printf 'twitter:erin\n\ntwitter:nobody\r\nfacebook:carol\n' |
    "$PR_BIN" lookup "$golden" --tsv >"$WORK/in.tsv" 2>"$WORK/in.err"
check "stdin: an unknown name exits 1" test $? -eq 1
check "stdin: header + one row per query line, in input order, the unknown one too" \
    test "$(cut -f1-4 "$WORK/in.tsv" | tr '\t\n' ' ;')" = "query found position name;twitter:erin true 3 twitter:erin;twitter:nobody false  ;facebook:carol true 2 facebook:carol;"
check "stdin: the unknown name is reported" grep -q "no person named 'twitter:nobody'" "$WORK/in.err"
printf 'twitter:bob\n' | "$PR_BIN" lookup "$golden" - --tsv >"$WORK/dash.tsv"
check "'-' reads standard input too" test "$(tail -n 1 "$WORK/dash.tsv" | cut -f3,4)" = "5	twitter:bob"

# 200 names on stdin (several batches), every one found, in order.
for i in $(seq 1 40); do printf 'twitter:alice\ntwitter:bob\nfacebook:carol\nfacebook:dave\ntwitter:erin\n'; done |
    "$PR_BIN" lookup "$golden" --tsv | tail -n +2 | cut -f3 | tr -d '\n' >"$WORK/many"
check "200 names in batches" test "$(cat "$WORK/many")" = "$(for i in $(seq 1 40); do printf 15243; done)"

"$PR_BIN" lookup "$golden" twitter:alice --json >"$WORK/a.json"
check "json: query, found, then position and name" \
    grep -q '^{"query":"twitter:alice","found":true,"position":1,"name":"twitter:alice",' "$WORK/a.json"
check "json: influencers by position and name" grep -q \
    '"influencers":\[{"position":2,"name":"facebook:carol"},{"position":3,"name":"twitter:erin"}\]' "$WORK/a.json"
check "json: deltas" grep -q '"delta_day":1.50,"delta_week":-2.25,"delta_month":null' "$WORK/a.json"
check "json: per-network scores" grep -q '"network_scores":{"facebook":null,"twitter":72.50}' "$WORK/a.json"

"$PR_BIN" lookup "$golden" twitter:erin >"$WORK/erin.txt"
check "text: the change line" grep -q 'change:  day +0.00  week +0.00  month +10.00' "$WORK/erin.txt"
check "text: influenced by" grep -q 'influenced by: twitter:alice twitter:bob' "$WORK/erin.txt"
expect_exit 2 "--tsv and --json together" "$PR_BIN" lookup "$golden" x --tsv --json 2>/dev/null

"$PR_BIN" top "$golden" --network facebook --tsv >"$WORK/fb.tsv"
check "top --network: carol then dave ($(tail -n +2 "$WORK/fb.tsv" | cut -f2 | tr '\n' ' '))" \
    test "$(tail -n +2 "$WORK/fb.tsv" | cut -f2,6 | tr '\t\n' ' ;')" = "facebook:carol 61.25;facebook:dave 40.00;"
"$PR_BIN" top "$golden" --network twitter -n 2 --tsv >"$WORK/tw.tsv"
check "top --network twitter -n 2" \
    test "$(tail -n +2 "$WORK/tw.tsv" | cut -f2 | tr '\n' ' ')" = "twitter:alice twitter:erin "
"$PR_BIN" top "$golden" --network myspace 2>"$WORK/net.err"
check "top --network with an unknown network exits 1" test $? -eq 1
check "... and says so" grep -q "no network 'myspace'" "$WORK/net.err"

finish
