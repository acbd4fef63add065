#!/usr/bin/env bash
# The product path, end to end: `peoplerank run` on generated populations must put each
# archetype's median score in its band (the targets of issues 6 and 13, not tuned outputs) and the
# gaming archetypes below what they try to reach (bands and checks: scripts/calibration_matrix.sh).
# Three populations, two generators:
#   - `peoplerank generate`, 10,000 persons, default mix (seed 20261124) and `gaming` (seed 2);
#   - scripts/popgen_alt.py, 5,000 persons, default mix, seed 8: the second generator, built
#     differently and never looked at when the scale was chosen (docs/scores.md, "The matrix").
source "$(dirname "$0")/lib.sh"
matrix="$(dirname "$0")/../../scripts/calibration_matrix.sh"

cell() {
    echo "== $*"
    "$@" >"$WORK/cell.out" 2>&1
    local rc=$?
    cat "$WORK/cell.out"
    return $rc
}
check "generate, 10k default: every band and gaming check" \
    cell bash "$matrix" "$PR_BIN" 10000 default default 20261124
# Known misses (docs/scores.md, "Where the bands do not hold"): the gaming mix's three celebrities
# at 10k (84.85: a celebrity's rank grows with the population, and 10k is where 85 is reached);
# the second generator's newcomers (16.88: most of their earned rank is the follows they get in
# their first weeks, which `peoplerank generate`'s newcomers do not get).
check "generate, 10k gaming: every band and gaming check but celebrities" \
    cell env EXCEPT=celebrity bash "$matrix" "$PR_BIN" 10000 gaming default 2
if command -v python3 >/dev/null; then
    check "popgen_alt, 5k default: every band and gaming check but newcomers" \
        cell env GEN=alt EXCEPT=newcomer bash "$matrix" "$PR_BIN" 5000 default - 8
else
    echo "python3 missing: the second generator's cell is skipped"
fi
finish
