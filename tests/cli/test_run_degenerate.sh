#!/usr/bin/env bash
# Issue 14, case 5: the Klout sample ranks every person at 1.00 (nobody's engagement earns rank
# under the default rules). That is a degenerate result: an error (exit 1) that says what to look
# at, publishing nothing; --allow-degenerate publishes it.
source "$(dirname "$0")/lib.sh"

data=${PR_SHARED_DATA:-}
fb="$data/klout-reactions-facebook-sample.tsv"
tw="$data/klout-reactions-twitter-sample.tsv"
[ -f "$fb" ] && [ -f "$tw" ] || { echo "Klout sample not in '$data': skipped"; exit 77; }

out="$WORK/snaps"
inputs=(--input "klout:facebook=$fb" --input "klout:twitter=$tw")
"$PR_BIN" run -q "${inputs[@]}" --out "$out" --allow-degenerate >/dev/null
check "--allow-degenerate publishes" test -e "$out/latest"
# Independent: every score in the published table is 1.00 (the export's score column).
check "the published scores are all 1" bash -c "'$PR_BIN' export '$out/latest' --format tsv |
    awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if (\$i == \"score\") c = i; next }
                { n++; if (\$c != 1) bad = 1 } END { exit bad || n < 1000 || !c }'"
target=$(readlink "$out/latest")
cp "$out/latest" "$WORK/latest.before"

"$PR_BIN" run "${inputs[@]}" --out "$out" --replace >/dev/null 2>"$WORK/err"
check "without --allow-degenerate: exit 1" test $? -eq 1
check "the message says everyone scores 1.00 and what to look at" grep -q \
    "degenerate result: all [0-9]* persons score 1.00, nothing tells them apart; look at the" \
    "$WORK/err"
check "latest names the same file" test "$(readlink "$out/latest")" = "$target"
check "latest byte for byte" cmp -s "$out/latest" "$WORK/latest.before"
echo "--- case 5 (exit 1):"
cat "$WORK/err"
finish
