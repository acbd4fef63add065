#!/usr/bin/env bash
# README command 2: build and run the whole test suite (unit, command-line, fuzz-corpus replay).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh >/dev/null
ctest --test-dir build --output-on-failure -j2
