#!/usr/bin/env bash
# README command 2: build and run the whole test suite (unit, command-line, fuzz-corpus replay),
# first in the normal build, then again under AddressSanitizer + UndefinedBehaviorSanitizer
# (scripts/sanitize.sh, which skips the population-scale and repeat-run tests there).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh >/dev/null
ctest --test-dir build --output-on-failure -j2
bash scripts/sanitize.sh
