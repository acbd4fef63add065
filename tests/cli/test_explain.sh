#!/usr/bin/env bash
# `peoplerank explain` (issue 13): a person's rank split into parts that sum to the rank the
# kernel computed (stored in the snapshot, not recomputed by explain), on the multi-network,
# single-network and folded (--in-order) paths; --vs splits a change into parts that sum to the
# rank difference; snapshots without the explain column are refused with a message.
source "$(dirname "$0")/lib.sh"

# check_sums FILE...: each file one `explain --json` object; the parts sum to rank (1e-9 as the
# issue asks, and 1e-7 relative so that small ranks are checked too), and so do the network and
# the action groups plus teleport; values are finite and non-negative; names and kinds valid.
check_sums() {
    python3 - "$@" <<'EOF'
import json, math, sys
bad = 0
for path in sys.argv[1:]:
    o = json.load(open(path))
    r = o["rank"]
    parts = o["parts"]
    def close(s, what):
        global bad
        if not (abs(s - r) <= 1e-9 and abs(s - r) <= 1e-7 * r + 1e-300):
            print(f"{o['name']}: {what} sum {s!r} != rank {r!r}"); bad += 1
    close(sum(p["value"] for p in parts), "parts")
    tele = [p["value"] for p in parts if p["kind"] == "teleport"]
    rest = [p for p in parts if p["kind"] == "rest"]
    if len(tele) != 1 or len(rest) != 1:
        print(f"{o['name']}: teleport/rest parts missing"); bad += 1; continue
    close(sum(o["contributors"]["by_network"].values()) + tele[0], "by-network")
    close(sum(o["contributors"]["by_action"].values()) + tele[0], "by-action")
    who = set()
    for p in parts:
        if not math.isfinite(p["value"]) or p["value"] < 0:
            print(f"{o['name']}: bad value {p}"); bad += 1
        if p["kind"] == "contributor":
            who.add((p["name"], p["network"]))
            if p["network"] not in o["contributors"]["by_network"] or p["action"] not in o["contributors"]["by_action"]:
                print(f"{o['name']}: bad network or action {p}"); bad += 1
    if len(who) > 5:
        print(f"{o['name']}: {len(who)} top contributors"); bad += 1
print(f"{len(sys.argv) - 1} explanations checked")
sys.exit(1 if bad else 0)
EOF
}

# explain_all SNAPDIR TAG: explain --json the top 8 and every 41st person into TAG.N.json.
explain_all() {
    local names i=0
    names=$("$PR_BIN" top "$1/latest" -n 1000000 --tsv | awk -F'\t' 'NR > 1 && (NR <= 9 || NR % 41 == 0) { print $2 }')
    for name in $names; do
        "$PR_BIN" explain "$1/latest" "$name" --json >"$WORK/$2.$i.json" || fail "explain $name"
        i=$((i + 1))
    done
    check "$2: parts sum to the rank" check_sums "$WORK/$2".*.json
}

"$PR_BIN" generate -q --persons 400 --seed 5 --fakes 500 -o "$WORK/ev.tsv" --labels "$WORK/labels.tsv"

# Two networks, no identity map: one graph per network, persons are accounts.
"$PR_BIN" run -q --events "$WORK/ev.tsv" --out "$WORK/two" >/dev/null
explain_all "$WORK/two" two
json=$("$PR_BIN" explain "$WORK/two/latest" twitter:casual_0002 --json)
check "actions known from the events" grep -q '"action":"like"' <<<"$json"
text=$("$PR_BIN" explain "$WORK/two/latest" twitter:casual_0002)
check "text: teleport line" grep -q 'teleport' <<<"$text"
check "text: by network and by action" grep -q 'by action: .*like' <<<"$text"
check "--format json is --json" test "$("$PR_BIN" explain "$WORK/two/latest" twitter:casual_0002 --format json)" = "$json"

# One network: the person graph is the network graph.
awk -F'\t' '$2 == "twitter"' "$WORK/ev.tsv" >"$WORK/tw.tsv"
"$PR_BIN" run -q --events "$WORK/tw.tsv" --out "$WORK/one" >/dev/null
explain_all "$WORK/one" one

# Days folded while reading: the split by action is unknown ("other"), the sums still hold.
"$PR_BIN" run -q --events "$WORK/ev.tsv" --in-order 0 --fold-batch 100000 --as-of 2026-11-24T23:59:59Z \
    --out "$WORK/fold" >/dev/null
explain_all "$WORK/fold" fold
json=$("$PR_BIN" explain "$WORK/fold/latest" twitter:casual_0002 --json)
check "folded: every contributor part is 'other'" \
    python3 -c 'import json,sys; o=json.loads(sys.argv[1]); sys.exit(not all(p["action"] == "other" for p in o["parts"] if p["kind"] == "contributor"))' "$json"

# --vs: the same events ranked as of a week earlier; the changes sum to the rank difference.
"$PR_BIN" run -q --events "$WORK/ev.tsv" --as-of 2026-11-17T23:59:59Z --out "$WORK/old" >/dev/null
for name in twitter:casual_0002 facebook:daily_0001 twitter:celebrity_0000; do
    "$PR_BIN" explain "$WORK/two/latest" "$name" --vs "$WORK/old/latest" --json >"$WORK/vs.json"
    check "--vs $name: changes sum to the rank difference" python3 - "$WORK/vs.json" <<'EOF'
import json, sys
o = json.load(open(sys.argv[1]))
d = o["rank"] - o["older"]["rank"]
s = sum(c["value"] for c in o["changes"])
kinds = {c["kind"] for c in o["changes"]}
ok = abs(s - d) <= 1e-9 and abs(s - d) <= 1e-7 * max(o["rank"], o["older"]["rank"])
ok = ok and kinds <= {"gained", "lost", "rank", "activity", "teleport", "rest"} and "teleport" in kinds
print(o["name"], "difference", d, "changes", s, sorted(kinds))
sys.exit(0 if ok else 1)
EOF
done
text=$("$PR_BIN" explain "$WORK/two/latest" twitter:casual_0002 --vs "$WORK/old/latest")
check "--vs text: the change line" grep -q 'change since the older snapshot' <<<"$text"

# Refusals: a snapshot written before explanations, an unknown name, usage errors.
expect_exit 1 "old snapshot without explanations" \
    "$PR_BIN" explain "$PR_TEST_DATA/snapshots/golden-v1.snap" alice 2>"$WORK/err"
check "old snapshot: says why" grep -q 'no explanations' "$WORK/err"
expect_exit 1 "unknown name" "$PR_BIN" explain "$WORK/two/latest" twitter:nobody 2>/dev/null
expect_exit 2 "missing NAME" "$PR_BIN" explain "$WORK/two/latest" 2>/dev/null
expect_exit 2 "bad --format" "$PR_BIN" explain "$WORK/two/latest" x --format xml 2>/dev/null
expect_exit 0 "--help" "$PR_BIN" explain --help >/dev/null
finish
