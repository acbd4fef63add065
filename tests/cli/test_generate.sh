#!/usr/bin/env bash
# peoplerank generate: determinism, every line well-formed (checked here with awk, independently of
# peoplerank's reader), archetype counts that follow the mix, labels that cover every account.
source "$(dirname "$0")/lib.sh"

gen() { "$PR_BIN" generate -q --persons 1003 --days 14 --end 2026-11-24 --fakes 6000 \
    --mix newcomer=20,casual=50,daily=20,marketer=2,celebrity=#3,bought=2,pod=5.5,spam=0.5 "$@"; }

check "generate runs" gen --seed 7 -o "$WORK/a.tsv" --labels "$WORK/a.labels"
check "generate runs again" gen --seed 7 -o "$WORK/b.tsv" --labels "$WORK/b.labels"
check "generate with another seed" gen --seed 8 -o "$WORK/c.tsv"
check "same seed, same events" cmp -s "$WORK/a.tsv" "$WORK/b.tsv"
check "same seed, same labels" cmp -s "$WORK/a.labels" "$WORK/b.labels"
if cmp -s "$WORK/a.tsv" "$WORK/c.tsv"; then fail "another seed gives the same events"; else pass; fi
check "stdout output is the same bytes" bash -c "$(declare -f gen); PR_BIN='$PR_BIN'; \
    gen --seed 7 -o - | cmp -s - '$WORK/a.tsv'"

# Format v1: 5 or 6 tab-separated fields, Unix seconds inside the 14 days ending 2026-11-24
# (1794355200 = 2026-11-11T00:00:00Z, 1795564800 = 2026-11-25T00:00:00Z), a known network,
# a known action, readable handles, a positive count, no self-interaction.
bad=$(awk -F'\t' '
    /^#/ { next }
    {
        ok = (NF == 5 || NF == 6) && $1 ~ /^[0-9]+$/ && $1 >= 1794355200 && $1 < 1795564800 &&
             ($2 == "twitter" || $2 == "facebook") &&
             $3 ~ /^[a-z]+_[0-9]+$/ && $5 ~ /^[a-z]+_[0-9]+$/ && $3 != $5 &&
             $4 ~ /^(follow|like|mention|reply|comment|reshare)$/ &&
             (NF == 5 || $6 ~ /^[1-9][0-9]*$/)
        if (!ok) { bad++; if (bad < 4) print "line " NR ": " $0 > "/dev/stderr" }
        n++
    }
    END { print bad + 0; if (n < 1000) print "too few events: " n > "/dev/stderr" }' "$WORK/a.tsv")
check "every line is event format v1 ($bad bad)" test "$bad" -eq 0

# Every account in the events has a label.
missing=$(awk -F'\t' 'FNR == NR { lab[$1] = 1; next } /^#/ { next }
    { if (!(($2 ":" $3) in lab)) m++; if (!(($2 ":" $5) in lab)) m++ } END { print m + 0 }' \
    "$WORK/a.labels" "$WORK/a.tsv")
check "every account is labelled ($missing missing)" test "$missing" -eq 0

# Counts by the documented rule: 3 celebrities, the other 1000 persons by percentage.
counts=$(awk -F'\t' '$2 != "fake" { split($1, p, ":"); if (!(p[2] in seen)) { seen[p[2]] = 1; c[$2]++ } }
    END { printf "%d %d %d %d %d %d %d %d", c["newcomer"], c["casual"], c["daily"], c["marketer"],
          c["celebrity"], c["bought"], c["pod"], c["spam"] }' "$WORK/a.labels")
check "archetype counts follow the mix ($counts)" test "$counts" = "200 500 200 20 3 20 55 5"

# Everyone on the right networks: casual users on one, daily users on both.
nets=$(awk -F'\t' '$1 ~ /:daily_0000$/ || $1 ~ /:casual_0000$/ || $1 ~ /:casual_0001$/ { print $1 }' \
    "$WORK/a.labels" | sort | tr '\n' ' ')
check "networks per archetype ($nets)" \
    test "$nets" = "facebook:casual_0001 facebook:daily_0000 twitter:casual_0000 twitter:daily_0000 "

# The engagement each archetype receives is in its documented range: a casual user gets a few
# dozen a week from friends (20-40 a week on average: 40-80 over 14 days, within 10-140 per
# person), spam bots mention thousands of accounts a day.
casual_in=$(awk -F'\t' '!/^#/ && $5 == "casual_0000" && $3 !~ /^spam_/ && $4 != "follow" {
    n += ($6 == "" ? 1 : $6) }
    END { print n + 0 }' "$WORK/a.tsv")
check "casual_0000 receives a few dozen a week ($casual_in in 14 days)" \
    test "$casual_in" -ge 10 -a "$casual_in" -le 140
spam_out=$(awk -F'\t' '!/^#/ && $3 == "spam_0000" { n++ } END { print n + 0 }' "$WORK/a.tsv")
check "spam_0000 sends 1000-3000 a day ($spam_out in 14 days)" \
    test "$spam_out" -ge 14000 -a "$spam_out" -le 42000

expect_exit 2 "unknown archetype is a usage error" gen -o "$WORK/x.tsv" --mix casual=50,bogus=50 \
    2>/dev/null
expect_exit 2 "missing -o is a usage error" gen 2>/dev/null
expect_exit 2 "bad date is a usage error" gen -o "$WORK/x.tsv" --end 2026-13-01 2>/dev/null
expect_exit 1 "unwritable output fails" gen -o "$WORK/no/such/dir/x.tsv" 2>/dev/null
"$PR_BIN" generate --help | grep -q -- "--seed" && pass || fail "--help lists --seed"
"$PR_BIN" generate -o /dev/null --persons 50 --days 2 2>"$WORK/err" ; grep -q "seed 20261124" \
    "$WORK/err" && pass || fail "the default seed is printed on stderr"
# Rates and audiences (issue 13): the default level is the same bytes as no option; the low and
# high ends give fewer and more engagements received by daily users (counted with awk); a bad
# level is a usage error; named mixes parse.
check "--rates default --audiences default: the same bytes" bash -c "$(declare -f gen); \
    PR_BIN='$PR_BIN'; gen --seed 7 --rates default --audiences default -o - | cmp -s - '$WORK/a.tsv'"
daily_in() { awk -F'\t' '$5 ~ /^daily_/ && $4 != "follow" { n += ($6 == "" ? 1 : $6) } END { print n + 0 }' "$1"; }
gen --seed 7 --rates low --audiences low -o "$WORK/low.tsv"
gen --seed 7 --rates high --audiences high -o "$WORK/high.tsv"
lo=$(daily_in "$WORK/low.tsv") mid=$(daily_in "$WORK/a.tsv") hi=$(daily_in "$WORK/high.tsv")
check "daily users receive low < default < high ($lo < $mid < $hi)" test "$lo" -lt "$mid" -a "$mid" -lt "$hi"
check "the header names the levels" grep -q -- '--rates low --audiences low' <(head -1 "$WORK/low.tsv")
expect_exit 2 "bad --rates is a usage error" gen -o "$WORK/x.tsv" --rates medium 2>/dev/null
for mix in pyramid marketers; do
    check "--mix $mix" gen --seed 7 --days 1 --mix "$mix" -o /dev/null
done
finish
