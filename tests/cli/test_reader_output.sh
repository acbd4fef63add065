#!/usr/bin/env bash
# Reader output that joins and parses: batch lookup gives one row per query line in input order
# (query + found columns), every reader format has a header that matches its rows, a snapshot
# directory means its latest, and a damaged block fails before anything reaches stdout.
source "$(dirname "$0")/lib.sh"

: "${PR_TEST_DATA:?}"
snaps="$PR_TEST_DATA/snapshots"
golden="$snaps/golden-v1.snap"

# One person asked for by three of their accounts, an unknown name between them.
printf '1700000000\ttwitter\ta\tlike\tb\n1700000000\tfacebook\tc\tlike\tb_fb\n1700000000\tbluesky\td\tlike\tb_bs\n' >"$WORK/ev.tsv"
printf 'bee\ttwitter\tb\nbee\tfacebook\tb_fb\nbee\tbluesky\tb_bs\n' >"$WORK/ids.tsv"
"$PR_BIN" run --events "$WORK/ev.tsv" --identities "$WORK/ids.tsv" --allow-degenerate --out "$WORK/s" -q >/dev/null
printf 'twitter:b\nnobody:x\nfacebook:b_fb\n\nbluesky:b_bs\n' >"$WORK/q.txt"
"$PR_BIN" lookup "$WORK/s" --tsv <"$WORK/q.txt" >"$WORK/q.tsv" 2>/dev/null
check "lookup --tsv: an unknown name still exits 1" test $? -eq 1
check "lookup --tsv: header then one row per query line (blank skipped), in order" \
    test "$(cut -f1,2,4 "$WORK/q.tsv" | tr '\t\n' ' ;')" = \
    "query found name;twitter:b true bee;nobody:x false ;facebook:b_fb true bee;bluesky:b_bs true bee;"
check "lookup --tsv: every row has as many fields as the header" \
    awk -F'\t' 'NR == 1 { n = NF } NF != n { exit 1 }' "$WORK/q.tsv"
"$PR_BIN" lookup "$WORK/s" --format csv <"$WORK/q.txt" >"$WORK/q.csv" 2>/dev/null
check "lookup --format csv: same rows" \
    test "$(cut -d, -f1,2,4 "$WORK/q.csv" | tr ',\n' ' ;')" = \
    "query found name;twitter:b true bee;nobody:x false ;facebook:b_fb true bee;bluesky:b_bs true bee;"
"$PR_BIN" lookup "$WORK/s" --format json <"$WORK/q.txt" >"$WORK/q.json" 2>/dev/null
check "lookup --format json: one object per query, parseable, joined by query" python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
want = [("twitter:b", True), ("nobody:x", False), ("facebook:b_fb", True), ("bluesky:b_bs", True)]
assert [(r["query"], r["found"]) for r in rows] == want, rows
assert all(r["name"] == "bee" for r in rows if r["found"])
' "$WORK/q.json"

# top: the header matches the rows in every format (--network adds score_NET to both).
for fmt in tsv csv; do
    sep=$([ $fmt = tsv ] && printf '\t' || printf ',')
    "$PR_BIN" top "$golden" --network twitter --format $fmt >"$WORK/top.$fmt"
    check "top --network --format $fmt: header and rows have the same fields" \
        awk -F"$sep" 'NR == 1 { n = NF; if ($NF != "score_twitter") exit 1 } NF != n { exit 1 } END { exit NR < 2 }' "$WORK/top.$fmt"
done
"$PR_BIN" top "$golden" --format json -n 3 >"$WORK/top.json"
check "top --format json: 3 record objects in position order" python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["position"] for r in rows] == [1, 2, 3], rows
' "$WORK/top.json"
"$PR_BIN" top "$golden" --format xml 2>/dev/null
check "an unknown --format is a usage error" test $? -eq 2

# A snapshot directory means its latest, for every reader.
check "top DIR = top DIR/latest" cmp -s <("$PR_BIN" top "$WORK/s") <("$PR_BIN" top "$WORK/s/latest")
check "export DIR" cmp -s <("$PR_BIN" export "$WORK/s") <("$PR_BIN" export "$WORK/s/latest")
check "compare DIR DIR" "$PR_BIN" compare "$WORK/s" "$WORK/s" >/dev/null
mkdir "$WORK/empty"
"$PR_BIN" top "$WORK/empty" 2>"$WORK/err"
check "a directory without latest: exit 1" test $? -eq 1
check "... naming what is missing" grep -q "empty: is a directory without a latest snapshot" "$WORK/err"

# Damage: nothing on stdout, exit 1 (a record block; then a name-index block).
"$PR_BIN" top "$snaps/bad/flipped-byte.snap" >"$WORK/out" 2>/dev/null
check "top on a damaged record block: exit 1" test $? -eq 1
check "top on a damaged record block: no header or rows" test ! -s "$WORK/out"
"$PR_BIN" lookup "$snaps/bad/flipped-byte.snap" twitter:alice --tsv >"$WORK/out" 2>/dev/null
check "lookup on a damaged record block: exit 1, nothing printed" test $? -eq 1 -a ! -s "$WORK/out"
python3 - "$golden" "$WORK/bad-index.snap" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
dir_off, entries = struct.unpack_from("<QI", b, 24)
for i in range(entries):
    off, csize, rsize, kind = struct.unpack_from("<QIII", b, dir_off + 32 * i)
    if kind == 3:
        b[off + csize // 2] ^= 0x10  # inside the name-index block
open(sys.argv[2], "wb").write(b)
PY
"$PR_BIN" lookup "$WORK/bad-index.snap" twitter:alice >"$WORK/out" 2>"$WORK/err"
check "lookup on a damaged name index: exit 1, nothing printed" test $? -eq 1 -a ! -s "$WORK/out"
check "... and says checksum" grep -q "checksum" "$WORK/err"

finish
