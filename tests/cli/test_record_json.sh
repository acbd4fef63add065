#!/usr/bin/env bash
# One record shape (docs/snapshot-format.md "Record JSON"): lookup --json and export jsonl print
# the same object for a person, with arrays as arrays and fixed number formats; names with
# quotes, backslashes and control characters survive. Checked with Python's json parser and
# against the TSV export, not against the renderer itself.
source "$(dirname "$0")/lib.sh"

: "${PR_TEST_DATA:?}"
golden="$PR_TEST_DATA/snapshots/golden-v1.snap"
command -v python3 >/dev/null || { echo "python3 missing"; exit 77; }

# Hostile handles: a quote and a backslash, a formula, a DEL and a UTF-8 name.
printf '%s\n' '1700000000	twitter	a"b\c	like	bob' '1700000000	twitter	=cmd|calc	like	bob' \
    '1700000000	twitter	bob	reply	=cmd|calc' '1700000000	twitter	zoë	like	a"b\c' >"$WORK/ev.tsv"
printf 'p1\ttwitter\tbob\np1\tfacebook\tbob_fb\n' >"$WORK/ids.tsv"
printf '1700000000\tfacebook\tzoë\tlike\tbob_fb\n' >>"$WORK/ev.tsv"
"$PR_BIN" run --events "$WORK/ev.tsv" --identities "$WORK/ids.tsv" --out "$WORK/s" -q >/dev/null
check "run on hostile names" test -f "$WORK/s/latest"

"$PR_BIN" export "$WORK/s/latest" --format jsonl >"$WORK/all.jsonl"
"$PR_BIN" export "$WORK/s/latest" --format tsv >"$WORK/all.tsv"
: >"$WORK/one.jsonl"
for name in 'twitter:a"b\c' 'p1' 'twitter:=cmd|calc' 'twitter:zoë' 'facebook:zoë'; do
    "$PR_BIN" lookup "$WORK/s/latest" "$name" --json >>"$WORK/one.jsonl"
done
python3 - "$WORK/all.jsonl" "$WORK/one.jsonl" "$WORK/all.tsv" <<'PY' >"$WORK/py.out" 2>&1
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
one = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
tsv = [l.rstrip("\n").split("\t") for l in open(sys.argv[3], encoding="utf-8")]
head, tsv = tsv[0], tsv[1:]
by_name = {r["name"]: r for r in rows}
keys = ["position", "name", "score", "percentile", "rank", "accounts", "engagers", "engagement",
        "delta_day", "delta_week", "delta_month", "network_scores", "influencers", "influencees"]
bad = []
for r in rows:
    if list(r.keys()) != keys: bad.append("keys %s" % list(r.keys()))
    if not isinstance(r["accounts"], list): bad.append("accounts not a list: %r" % r)
    for n in r["influencers"] + r["influencees"]:
        if rows[n["position"] - 1]["name"] != n["name"]: bad.append("neighbour %r" % n)
for q in one:
    query, found = q.pop("query"), q.pop("found")
    if found is not True or query not in (q["name"], *q["accounts"]): bad.append("query %r" % query)
    if q != by_name[q["name"]]: bad.append("lookup differs from export: %r" % q["name"])
for r, t in zip(rows, tsv):
    f = dict(zip(head, t))
    if float(f["rank"]) != r["rank"]: bad.append("rank does not round-trip %r" % r["name"])
    if f["name"] != r["name"].replace("\t", " "): bad.append("order %r" % r["name"])
if by_name["p1"]["accounts"] != ["facebook:bob_fb", "twitter:bob"] and \
   by_name["p1"]["accounts"] != ["twitter:bob", "facebook:bob_fb"]: bad.append("p1 accounts")
if by_name['twitter:a"b\\c']["accounts"] != ['twitter:a"b\\c']: bad.append("single account")
print("\n".join(bad) or "ok")
PY
check "json shape, lookup == export, rank round-trips ($(head -3 "$WORK/py.out"))" \
    test "$(cat "$WORK/py.out")" = ok
check "json: score has 2 decimals, percentile 6" \
    grep -Eq '"score":[0-9]+\.[0-9]{2},"percentile":[0-9]+\.[0-9]{6},' "$WORK/one.jsonl"
check "json: quote and backslash escaped" grep -qF '"name":"twitter:a\"b\\c"' "$WORK/one.jsonl"

# Golden file: positions and names of influencers, null where absent.
"$PR_BIN" export "$golden" --format jsonl >"$WORK/g.jsonl"
check "golden: alice's influencers as position+name" grep -qF \
    '"influencers":[{"position":2,"name":"facebook:carol"},{"position":3,"name":"twitter:erin"}]' \
    "$WORK/g.jsonl"
check "golden: accounts is an array, never a tab-joined string" \
    sh -c "! grep -q '\"accounts\":\"' '$WORK/g.jsonl'"

finish
