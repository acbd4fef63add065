#!/usr/bin/env bash
# Option handling of run: the followers baseline, seeds and priors, --config forms, and several
# algorithms publishing all or nothing.
source "$(dirname "$0")/lib.sh"

# followers: f1, f3, f4 follow f2 (a month before the as-of date); x likes y today. The followers
# baseline counts follows only: f2 holds all of it, everyone else none.
cat >"$WORK/fol.tsv" <<'TSV'
2026-10-25T00:00:00Z	t	f1	follow	f2
2026-10-25T00:00:00Z	t	f3	follow	f2
2026-10-25T00:00:00Z	t	f4	follow	f2
2026-11-24T00:00:00Z	t	x	like	y
TSV
"$PR_BIN" run -q --events "$WORK/fol.tsv" --allow-degenerate --out "$WORK/fol" --algorithm pagerank,followers >/dev/null
check "pagerank,followers runs" test $? -eq 0
"$PR_BIN" top "$WORK/fol/followers/latest" -n 10 --tsv | tail -n +2 >"$WORK/fol.top"
check "followers: t:f2 first with all the mass ($(head -1 "$WORK/fol.top" | cut -f2,5))" \
    test "$(head -1 "$WORK/fol.top" | cut -f2,5)" = "t:f2	1"
check "followers: 6 persons listed" test "$(wc -l <"$WORK/fol.top")" -eq 6

# --seeds belongs to personalized; peoplerank (the default) in the same run ignores it.
printf 't:f2\n' >"$WORK/seeds.tsv"
"$PR_BIN" run -q --events "$WORK/fol.tsv" --allow-degenerate --out "$WORK/s1" --seeds "$WORK/seeds.tsv" 2>"$WORK/s1.err" >/dev/null
check "--seeds without personalized is refused" test $? -ne 0
check "and says why" grep -q "personalized" "$WORK/s1.err"
"$PR_BIN" run -q --events "$WORK/fol.tsv" --allow-degenerate --out "$WORK/s2" --algorithm peoplerank,personalized \
    --seeds "$WORK/seeds.tsv" >/dev/null
"$PR_BIN" run -q --events "$WORK/fol.tsv" --allow-degenerate --out "$WORK/s3" >/dev/null
"$PR_BIN" top "$WORK/s2/peoplerank/latest" -n 10 --tsv | cut -f2,5 >"$WORK/a"
"$PR_BIN" top "$WORK/s3/latest" -n 10 --tsv | cut -f2,5 >"$WORK/b"
check "peoplerank unchanged by another algorithm's seeds" cmp -s "$WORK/a" "$WORK/b"
check "personalized differs from peoplerank" \
    bash -c "! cmp -s '$WORK/a' <('$PR_BIN' top '$WORK/s2/personalized/latest' -n 10 --tsv | cut -f2,5)"

# --config FILE and --config=FILE both apply; options on the command line win.
printf 'window_days = 1\n' >"$WORK/w1.conf"
for form in "--config $WORK/w1.conf" "--config=$WORK/w1.conf"; do
    "$PR_BIN" run --events "$WORK/fol.tsv" --allow-degenerate --out "$WORK/c$RANDOM" $form >/dev/null 2>"$WORK/c.err"
    check "config applied ($form): 1 event kept" grep -q "kept 1$" "$WORK/c.err"
done
"$PR_BIN" run --events "$WORK/fol.tsv" --allow-degenerate --out "$WORK/c4" --config "$WORK/w1.conf" --window-days 90 \
    >/dev/null 2>"$WORK/c.err"
check "the command line overrides the config" grep -q "kept 4$" "$WORK/c.err"

# Several algorithms publish all or nothing: a directory where indegree's snapshot must go makes
# the run fail, and pagerank's published snapshot must not change.
"$PR_BIN" run -q --events "$WORK/fol.tsv" --allow-degenerate --out "$WORK/m" --algorithm pagerank,indegree >/dev/null
before=$(md5sum <"$WORK/m/pagerank/$(readlink "$WORK/m/pagerank/latest")")
rm "$WORK/m/indegree/$(readlink "$WORK/m/indegree/latest")"
mkdir "$WORK/m/indegree/$(readlink "$WORK/m/indegree/latest")"
"$PR_BIN" run -q --events "$WORK/fol.tsv" --allow-degenerate --out "$WORK/m" --algorithm pagerank,indegree --replace --max-drift off \
    --half-life-days 3 >/dev/null 2>&1
check "the blocked run fails" test $? -eq 1
after=$(md5sum <"$WORK/m/pagerank/$(readlink "$WORK/m/pagerank/latest")")
check "pagerank's published snapshot is untouched" test "$before" = "$after"
check "no staging left behind" test -z "$(find "$WORK/m" -name '.staging-*')"

# Leftovers of killed runs: a stale temp file and the staging directory of a dead process are
# removed by the next run; a fresh temp file (a run writing right now) is left alone.
mkdir -p "$WORK/lo/.staging-999999999" && touch "$WORK/lo/.staging-999999999/x.snap"
touch -d '2 days ago' "$WORK/lo/.peoplerank-2026-01-01.snap.tmp.abcdef"
touch "$WORK/lo/.peoplerank-2026-01-02.snap.tmp.ghijkl"
"$PR_BIN" run -q --events "$WORK/fol.tsv" --allow-degenerate --out "$WORK/lo" >/dev/null
check "stale temp file removed" test ! -e "$WORK/lo/.peoplerank-2026-01-01.snap.tmp.abcdef"
check "dead run's staging removed" test ! -e "$WORK/lo/.staging-999999999"
check "fresh temp file kept" test -e "$WORK/lo/.peoplerank-2026-01-02.snap.tmp.ghijkl"
finish
