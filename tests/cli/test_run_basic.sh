#!/usr/bin/env bash
# run / top / lookup on a tiny event file whose ranking is worked out by hand.
#
# Five accounts on network t: b, c, d, e each reply to a once; a likes b. Every event has the same
# timestamp (no decay). Each account has exactly one out-edge, so weights do not matter:
#   c, d, e have no in-edges:  r_c = r_d = r_e = (1 - 0.85) / 5 = 0.03
#   r_a = 0.03 + 0.85 (r_b + 3 * 0.03),  r_b = 0.03 + 0.85 r_a
#   => r_a = 0.132 / 0.2775 = 0.475675675..., r_b = 0.434324324...
# Expected order: t:a, t:b, then t:c, t:d, t:e (equal ranks, ordered by name).
# That is plain PageRank: the engagement rules are switched off for it (--trust-min-received 0
# --reciprocity-discount 0). With the default rules (docs/scores.md) only accounts that received
# engagement get teleport mass: a and b, 1/2 each; c, d, e get none and receive nothing, so
#   r_c = r_d = r_e = 0,  r_a = 0.075 + 0.85 r_b,  r_b = 0.075 + 0.85 r_a  =>  r_a = r_b = 0.5
# and a, b earned the same (0.85 * 0.5), the median over trusted persons: both score 30.00,
# while c, d, e earned nothing and score 1.00. (The pair a-b is mutual, but b gives a three times
# what it gets back: b's exchange share is 1/3, under the exchange rule's 0.5.)
source "$(dirname "$0")/lib.sh"
PLAIN=(--trust-min-received 0 --reciprocity-discount 0)

cat >"$WORK/events.tsv" <<'TSV'
# timestamp	network	actor	action	target
1700000000	t	b	reply	a
1700000000	t	c	reply	a
1700000000	t	d	reply	a

1700000000	t	e	reply	a
2023-11-14T22:13:20Z	t	a	like	b
TSV

out="$WORK/snaps"
path=$("$PR_BIN" run -q "${PLAIN[@]}" --events "$WORK/events.tsv" --out "$out")
check "run succeeds and prints the snapshot path" test -f "$path"
check "latest names the snapshot" test "$(readlink -f "$out/latest")" = "$(readlink -f "$path")"

"$PR_BIN" top "$out/latest" -n 10 --tsv >"$WORK/top.tsv"
check "top prints a header and 5 persons" test "$(wc -l <"$WORK/top.tsv")" -eq 6
order=$(tail -n +2 "$WORK/top.tsv" | cut -f2 | tr '\n' ' ')
check "hand-worked order (got: $order)" test "$order" = "t:a t:b t:c t:d t:e "

# Ranks against the closed form, to 1e-9.
awk -F'\t' 'NR > 1 { want["t:a"] = 0.132 / 0.2775; want["t:b"] = 0.03 + 0.85 * 0.132 / 0.2775;
    want["t:c"] = 0.03; want["t:d"] = 0.03; want["t:e"] = 0.03;
    d = $5 - want[$2]; if (d < 0) d = -d; if (d > 1e-9) { print "rank of " $2 " is " $5; bad = 1 } }
    END { exit bad }' "$WORK/top.tsv"
check "ranks match the closed form" test $? -eq 0

top2=$("$PR_BIN" top "$out/latest" -n 2 --tsv | tail -n +2 | cut -f2 | tr '\n' ' ')
check "-n 2 limits the list" test "$top2" = "t:a t:b "

# Scores are monotonic in rank and within 1..100.
awk -F'\t' 'NR > 1 { if ($3 < 1 || $3 > 100) bad = 1; if (NR > 2 && $3 > prev) bad = 1; prev = $3 }
    END { exit bad }' "$WORK/top.tsv"
check "scores in 1..100 and non-increasing down the ranking" test $? -eq 0

"$PR_BIN" lookup "$out/latest" t:b --tsv >"$WORK/lookup.tsv"
check "lookup finds t:b at position 2" test "$(tail -n 1 "$WORK/lookup.tsv" | cut -f3,4)" = "2	t:b"

"$PR_BIN" lookup "$out/latest" t:a t:nobody >"$WORK/lk.out" 2>"$WORK/lk.err"
check "lookup with an unknown name exits 1" test $? -eq 1
check "the known name is still printed" grep -q 't:a' "$WORK/lk.out"
check "the unknown name is named on stderr" grep -q "t:nobody" "$WORK/lk.err"

"$PR_BIN" lookup "$out/latest" t:a >/dev/null
check "text output works" test $? -eq 0

# The same events with the default engagement rules, against the hand-worked values above.
"$PR_BIN" run -q --events "$WORK/events.tsv" --out "$WORK/rules" >/dev/null
"$PR_BIN" top "$WORK/rules/latest" -n 10 --tsv | tail -n +2 | cut -f2,3,5 >"$WORK/rules.tsv"
printf 't:a\t30.00\t0.5\nt:b\t30.00\t0.5\nt:c\t1.00\t0\nt:d\t1.00\t0\nt:e\t1.00\t0\n' >"$WORK/rules.want"
check "default rules: hand-worked ranks and scores ($(tr '\n\t' '; ' <"$WORK/rules.tsv"))" \
    awk -F'\t' 'NR == FNR { s[$1] = $2; r[$1] = $3; next }
        { d = r[$1] - $3; if (d < 0) d = -d; if (s[$1] != $2 || d > 1e-12) bad = 1; n++ }
        END { exit bad || n != 5 }' "$WORK/rules.want" "$WORK/rules.tsv"

# A malformed line fails the run, names file and line, and leaves latest alone.
before=$(readlink "$out/latest")
cp "$WORK/events.tsv" "$WORK/bad.tsv"
printf '1700000000\tt\tb\tpoke\ta\n' >>"$WORK/bad.tsv" # line 8: unknown action
"$PR_BIN" run -q --events "$WORK/bad.tsv" --out "$out" --as-of 1700000100 >/dev/null 2>"$WORK/bad.err"
check "a bad line fails the run" test $? -ne 0
check "the message names file and line 8 ($(head -c 200 "$WORK/bad.err"))" grep -q "bad.tsv:8:" "$WORK/bad.err"
check "latest is untouched" test "$(readlink "$out/latest")" = "$before"
check "the previous snapshot is still readable" "$PR_BIN" top "$out/latest" -n 1 >/dev/null
check "no temp files are left in the snapshot directory" test -z "$(ls -A "$out" | grep -v -e '^latest$' -e '\.snap$')"

# --max-errors: the bad line is skipped, counted by reason and shown; the run publishes.
"$PR_BIN" run --events "$WORK/bad.tsv" --out "$WORK/skip" --max-errors 1 >/dev/null 2>"$WORK/skip.err"
check "--max-errors 1 tolerates one bad line" test $? -eq 0
check "the skipped line is shown with file:line" grep -q "bad.tsv:8: unknown action" "$WORK/skip.err"
check "the summary counts it by reason" grep -q "bad lines skipped 1 action=1" "$WORK/skip.err"
printf 'garbage\n' >>"$WORK/bad.tsv"
"$PR_BIN" run -q --events "$WORK/bad.tsv" --out "$WORK/skip2" --max-errors 1 >/dev/null 2>"$WORK/skip2.err"
check "more bad lines than --max-errors fails" test $? -eq 1
check "and publishes nothing" test ! -e "$WORK/skip2/latest"

# Usage errors exit 2; --help exits 0 and goes to stdout.
expect_exit 2 "run without --out" "$PR_BIN" run --events "$WORK/events.tsv" 2>/dev/null
expect_exit 2 "unknown verb" "$PR_BIN" frobnicate 2>/dev/null
check "--help lists run" sh -c "'$PR_BIN' --help | grep -q '^  run'"
check "run --help exits 0" sh -c "'$PR_BIN' run --help >/dev/null"
check "--version" sh -c "'$PR_BIN' --version | grep -q '^peoplerank '"

# A missing input file fails cleanly and names the file.
"$PR_BIN" run -q --events "$WORK/missing.tsv" --out "$out" 2>"$WORK/miss.err"
check "missing input fails" test $? -eq 1
check "missing input named" grep -q "missing.tsv" "$WORK/miss.err"

finish
