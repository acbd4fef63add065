#!/usr/bin/env bash
# Configures and builds peoplerank in build/ (Release-with-debug-info, OpenMP on).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DPR_WERROR=ON >/dev/null
ninja -C build -j"$(nproc)"
