#!/usr/bin/env bash
# Installs everything peoplerank needs to build and test on Debian 12 (run as root).
set -euo pipefail
packages=(build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev libomp-dev
          libzstd-dev zstd zlib1g-dev libjson-c-dev libxxhash-dev libsqlite3-dev sqlite3
          libigraph-dev libcmocka-dev python3 hyperfine time libmicrohttpd-dev
          chromium chromium-driver python3-selenium
          openmpi-bin libopenmpi-dev clang-format-16 wrk nginx-light)
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
