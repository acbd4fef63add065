#!/usr/bin/env bash
# The calibration checks themselves (scripts/calibration_bands.awk, used by calibration_matrix.sh
# and calibration_large.sh): hand-written cells, each one just inside or just outside one band or
# gaming check, so that a check that stopped failing would be seen. No population is generated.
source "$(dirname "$0")/lib.sh"
bands="$(dirname "$0")/../../scripts/calibration_bands.awk"

# cell SIZE LEVEL newcomer casual daily marketer celebrity bought pod spam SE: run the checks on
# one cell line; extra awk options (-v tol=.., -v except=..) before the cell in $AWKV.
cell() {
    printf '%s mix %s %s %s %s %s %s %s %s %s %s\n' "$@" >"$WORK/cell.txt"
    awk ${AWKV:-} -f "$bands" "$WORK/cell.txt" >"$WORK/out.txt"
}
ok() { check "$1" cell "${@:2}"; }
bad() { expect_exit 1 "$1" cell "${@:2}"; }

ok "every median inside" 10000 default 12 25 42 60 90 25 20 10 0.5
ok "edges are inside" 10000 default 10 30 45 70 85 30 27.98 30 0
bad "newcomer 9.99" 10000 default 9.99 25 42 60 90 25 20 10 0.5
bad "newcomer 15.01" 10000 default 15.01 25 42 60 90 25 20 10 0.5
bad "casual 30.01" 10000 default 12 30.01 42 60 90 25 20 10 0.5
bad "casual 19.99" 10000 default 12 19.99 42 60 90 19 15 10 0.5
bad "daily 39.99" 10000 default 12 25 39.99 60 90 25 20 10 0.5
bad "daily 45.01" 10000 default 12 25 45.01 60 90 25 20 10 0.5
bad "marketer 70.01" 10000 default 12 25 42 70.01 90 25 20 10 0.5
bad "marketer 54.99" 10000 default 12 25 42 54.99 90 25 20 10 0.5
bad "celebrity 84.99 at 10k" 10000 default 12 25 42 60 84.99 25 20 10 0.5
ok "celebrity 70 at 2k is not checked" 2000 default 12 25 42 60 70 25 20 10 0.5
bad "bought above casual + 2 SE" 10000 default 12 25 42 60 90 26.01 20 10 0.5
ok "bought at casual + 2 SE" 10000 default 12 25 42 60 90 26 20 10 0.5
bad "pod at 28" 10000 default 12 25 42 60 90 25 28 10 0.5
# pod under 28 but above daily users (whose own band miss is known here)
AWKV="-v except=daily" bad "pod 27 above daily 26.5" 10000 default 12 25 26.5 60 90 25 27 10 0.5
check "the pod miss is named" grep -q "^MISS pod" "$WORK/out.txt"
bad "spam above casual" 10000 default 12 25 42 60 90 25 20 25.01 0.5
ok "spam at casual" 10000 default 12 25 42 60 90 25 20 25 0.5
ok "absent archetypes are skipped" 10000 default - 25 42 60 - - - - 0
# the tolerance applies to the bands at the low and high levels only, never to gaming checks
AWKV="-v tol=1" ok "daily 39.2 at the high level, tol 1" 2000 high 12 25 39.2 60 70 25 20 10 0.5
AWKV="-v tol=1" bad "daily 38.9 at the high level, tol 1" 2000 high 12 25 38.9 60 70 25 20 10 0.5
AWKV="-v tol=1" bad "daily 39.2 at the default level, tol 1" 2000 default 12 25 39.2 60 70 25 20 10 0.5
AWKV="-v tol=1" bad "spam above casual, tol 1" 2000 high 12 25 42 60 70 25 20 25.5 0.5
# a known miss is reported, not counted; the others still are
AWKV="-v except=newcomer" ok "newcomer 17 known" 10000 default 17 25 42 60 90 25 20 10 0.5
check "the known miss is reported" grep -q "KNOWN MISS newcomer" "$WORK/out.txt"
AWKV="-v except=newcomer" bad "newcomer known, casual 31 not" 10000 default 17 31 42 60 90 25 20 10 0.5
check "the miss is named" grep -q "^MISS casual" "$WORK/out.txt"
finish
