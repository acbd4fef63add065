#!/usr/bin/env bash
# Several networks and the identity map: each network is ranked on its own graph; a person's
# combined rank is the sum of their accounts' ranks divided by the number of networks, so merging
# alice's two accounts must give exactly the sum of the two accounts' unmerged ranks, leave every
# other rank and score unchanged, and never lower alice. Own accounts cannot boost each other.
source "$(dirname "$0")/lib.sh"

cat >"$WORK/ev.tsv" <<'TSV'
1700000000	t	bob	reply	alice
1700000000	t	carol	like	alice
1700000000	t	alice	reply	bob
1700000000	t	dave	reshare	carol
1700000000	t	carol	reply	dave
1700000000	f	erin	comment	alice
1700000000	f	frank	like	alice
1700000000	f	alice	comment	erin
1700000000	f	erin	like	frank
TSV
printf 'alice\tt\talice\nalice\tf\talice\n' >"$WORK/ids.tsv"

rank_of() { awk -F'\t' -v n="$2" '$2 == n { print $5 }' "$1"; }
score_of() { awk -F'\t' -v n="$2" '$2 == n { print $3 }' "$1"; }

"$PR_BIN" run -q --events "$WORK/ev.tsv" --out "$WORK/plain" >/dev/null
"$PR_BIN" top "$WORK/plain/latest" -n 100 --tsv >"$WORK/plain.tsv"
"$PR_BIN" run -q --events "$WORK/ev.tsv" --identities "$WORK/ids.tsv" --out "$WORK/merged" >/dev/null
"$PR_BIN" top "$WORK/merged/latest" -n 100 --tsv >"$WORK/merged.tsv"

check "7 accounts unmerged" test "$(tail -n +2 "$WORK/plain.tsv" | wc -l)" -eq 7
check "6 persons merged" test "$(tail -n +2 "$WORK/merged.tsv" | wc -l)" -eq 6
check "the person is named by the identity map's id" grep -q "	alice	" "$WORK/merged.tsv"

rt=$(rank_of "$WORK/plain.tsv" t:alice); rf=$(rank_of "$WORK/plain.tsv" f:alice)
rm_=$(rank_of "$WORK/merged.tsv" alice)
check "merged rank = sum of the accounts' ranks ($rt + $rf vs $rm_)" \
    awk -v a="$rt" -v b="$rf" -v m="$rm_" 'BEGIN { d = a + b - m; exit !(d < 1e-12 && d > -1e-12) }'
for who in t:bob t:carol t:dave f:erin f:frank; do
    check "rank of $who unchanged by alice's merge" \
        awk -v a="$(rank_of "$WORK/plain.tsv" $who)" -v b="$(rank_of "$WORK/merged.tsv" $who)" \
        'BEGIN { d = a - b; exit !(d < 1e-15 && d > -1e-15) }'
    check "score of $who unchanged by alice's merge" \
        test "$(score_of "$WORK/plain.tsv" $who)" = "$(score_of "$WORK/merged.tsv" $who)"
done
check "merging never lowers alice" \
    awk -v a="$(score_of "$WORK/plain.tsv" t:alice)" -v m="$(score_of "$WORK/merged.tsv" alice)" \
    'BEGIN { exit !(m >= a) }'

# Looking a merged person up by one of their accounts finds the person.
for acc in t:alice f:alice; do
    got=$("$PR_BIN" lookup "$WORK/merged/latest" "$acc" --tsv | tail -1 | cut -f4)
    check "lookup by account $acc finds the person (got $got)" test "$got" = "alice"
done
"$PR_BIN" lookup "$WORK/merged/latest" t:nobody >/dev/null 2>&1
check "an unknown account is still unknown" test $? -eq 1

# Self-boosting: alice's second twitter account hammers her main one. With both mapped to alice,
# those events are self-interactions and must not raise her rank.
printf 'alice\tt\talice_alt\n' >>"$WORK/ids.tsv"
cp "$WORK/ev.tsv" "$WORK/base.tsv"
printf '1700000000\tt\tbob\tlike\talice_alt\n' >>"$WORK/base.tsv"
cp "$WORK/base.tsv" "$WORK/boost.tsv"
for i in 1 2 3 4 5; do printf '1700000000\tt\talice_alt\treshare\talice\t50\n' >>"$WORK/boost.tsv"; done
printf '1700000000\tt\talice\treply\talice_alt\t9\n' >>"$WORK/boost.tsv"
"$PR_BIN" run -q --events "$WORK/base.tsv" --identities "$WORK/ids.tsv" --out "$WORK/m2" >/dev/null
"$PR_BIN" run -q --events "$WORK/boost.tsv" --identities "$WORK/ids.tsv" --out "$WORK/m3" >/dev/null
"$PR_BIN" top "$WORK/m2/latest" -n 100 --tsv >"$WORK/m2.tsv"
"$PR_BIN" top "$WORK/m3/latest" -n 100 --tsv >"$WORK/m3.tsv"
check "own accounts do not boost (rank $(rank_of "$WORK/m2.tsv" alice) -> $(rank_of "$WORK/m3.tsv" alice))" \
    awk -v a="$(rank_of "$WORK/m2.tsv" alice)" -v b="$(rank_of "$WORK/m3.tsv" alice)" \
    'BEGIN { exit !(b <= a * 1.0000001) }'

# A bad identity map fails the run and names the line.
printf 'bob\tt\talice\n' >>"$WORK/ids.tsv"
"$PR_BIN" run -q --events "$WORK/ev.tsv" --identities "$WORK/ids.tsv" --out "$WORK/m4" 2>"$WORK/err" >/dev/null
check "conflicting identity fails" test $? -eq 1
check "conflict names file:line ($(cat "$WORK/err" | head -1))" grep -q "ids.tsv:4:" "$WORK/err"

finish
