# Shared helpers for the command-line tests (sourced, not a test itself).
set -u
: "${PR_BIN:?PR_BIN must name the peoplerank binary}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/prcli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
FAILS=0
PASSES=0

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
pass() { PASSES=$((PASSES + 1)); }

# check DESCRIPTION COMMAND...: the command must succeed.
check() { local what=$1; shift; if "$@"; then pass; else fail "$what"; fi; }

# expect_exit CODE DESCRIPTION COMMAND...: the command must exit with CODE.
expect_exit() {
    local code=$1 what=$2; shift 2
    "$@"; local got=$?
    if [ "$got" -eq "$code" ]; then pass; else fail "$what (exit $got, expected $code)"; fi
}

finish() {
    echo "$PASSES passed, $FAILS failed"
    [ "$FAILS" -eq 0 ]
}
