#!/usr/bin/env bash
# Issue 5's bad-input list through every reader verb: truncated files, flipped bytes, a wrong
# version, huge size claims, another format, an empty file, a directory, a missing file. Each
# must print "peoplerank: FILE: what is wrong" and exit 1: no crash (exit >= 128), no hang
# (timeout), nothing on stdout for the verbs that fail before printing.
# The damaged files are made from the golden file by tests/data/snapshots/make_bad.c.
source "$(dirname "$0")/lib.sh"

: "${PR_TEST_DATA:?}"
bad="$PR_TEST_DATA/snapshots/bad"
good="$PR_TEST_DATA/snapshots/golden-v1.snap"
mkdir -p "$WORK/adir"
printf '' >"$WORK/noperm.snap"

files=("$bad"/*.snap "$WORK/adir" "$WORK/missing.snap")
check "the damaged files are there (${#files[@]})" test "${#files[@]}" -ge 11

run_verb() { # VERB FILE: runs the verb on FILE, prints the exit code
    local verb=$1 f=$2
    case "$verb" in
    lookup) timeout 20 "$PR_BIN" lookup "$f" twitter:alice ;;
    top) timeout 20 "$PR_BIN" top "$f" -n 3 ;;
    export) timeout 20 "$PR_BIN" export "$f" ;;
    exportsql) timeout 20 "$PR_BIN" export "$f" --format sqlite -o "$WORK/out.db" ;;
    compare) timeout 20 "$PR_BIN" compare "$good" "$f" ;;
    compare2) timeout 20 "$PR_BIN" compare "$f" "$good" ;;
    inspect) timeout 20 "$PR_BIN" inspect "$f" ;;
    verify) timeout 20 "$PR_BIN" verify "$f" ;;
    esac
}

for f in "${files[@]}"; do
    for verb in lookup top export exportsql compare compare2 inspect verify; do
        run_verb "$verb" "$f" >"$WORK/out" 2>"$WORK/err"
        code=$?
        name=$(basename "$f")
        if [ "$code" -ne 1 ]; then
            fail "$verb $name: exit $code, expected 1 ($(head -c 300 "$WORK/err"))"
            continue
        fi
        if ! grep -q "^peoplerank: $f: ." "$WORK/err"; then
            fail "$verb $name: stderr does not say 'peoplerank: $f: ...' ($(head -c 300 "$WORK/err"))"
            continue
        fi
        if [ "$(wc -l <"$WORK/err")" -ne 1 ]; then
            fail "$verb $name: more than one line on stderr"
            continue
        fi
        pass
    done
done

# verify: exit 0 on the good file, and says ok.
check "verify accepts the golden file" sh -c "'$PR_BIN' verify '$good' | grep -q ': ok (5 persons)'"
expect_exit 1 "verify of good + bad is 1" "$PR_BIN" verify -q "$good" "$bad/truncated.snap" 2>/dev/null
expect_exit 2 "verify without a file is a usage error" "$PR_BIN" verify 2>/dev/null
check "no sqlite export was left behind by the failures" test ! -e "$WORK/out.db"

finish
