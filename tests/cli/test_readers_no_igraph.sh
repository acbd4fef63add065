#!/usr/bin/env bash
# Readers do not load igraph (issue 16: 29 shared libraries, most of a one-name lookup's time)
# nor libmicrohttpd (gnutls and eight more); the variants that use igraph (hits, coreness) and
# `serve` load them when they run, and still work.
source "$(dirname "$0")/lib.sh"

: "${PR_TEST_DATA:?}"
golden="$PR_TEST_DATA/snapshots/golden-v1.snap"
check "peoplerank is not linked with igraph" sh -c "! ldd '$PR_BIN' | grep -q igraph"
check "... nor with libmicrohttpd and gnutls (serve loads them)" \
    sh -c "! ldd '$PR_BIN' | grep -Eq 'microhttpd|gnutls'"
LD_DEBUG=files "$PR_BIN" lookup "$golden" twitter:alice --tsv >"$WORK/lookup.out" 2>"$WORK/ld"
check "lookup works" grep -q "twitter:alice" "$WORK/lookup.out"
check "lookup loads no igraph, no libmicrohttpd" sh -c "! grep -Eq 'libigraph|microhttpd' '$WORK/ld'"
check "the loader trace is there to look at" grep -q "file=" "$WORK/ld"

"$PR_BIN" generate -q --seed 2 --persons 60 --fakes 100 -o "$WORK/ev.tsv"
LD_DEBUG=files "$PR_BIN" run -q --events "$WORK/ev.tsv" --out "$WORK/out" \
    --algorithm hits,coreness,pagerank >/dev/null 2>"$WORK/ld2"
check "run --algorithm hits,coreness,pagerank works" test $? -eq 0
check "... and loads igraph for them" grep -q "libigraph" "$WORK/ld2"
for algo in hits coreness; do
    n=$("$PR_BIN" top "$WORK/out/$algo/latest" -n 1000000 --tsv | tail -n +2 | wc -l)
    check "$algo: a snapshot with persons ($n)" test "$n" -gt 0
done
finish
