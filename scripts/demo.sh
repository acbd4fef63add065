#!/usr/bin/env bash
# README command 1: set up, build, generate the demo population, run the nightly job on it and
# show where the snapshot went and who came out on top.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh >/dev/null
mkdir -p demo
./build/peoplerank generate --seed 42 -o demo/events.tsv --labels demo/labels.tsv
# --replace: running the demo again replaces its own snapshot of the same date
snapshot=$(./build/peoplerank run --events demo/events.tsv --out demo/snapshots --replace)
echo
echo "snapshot written: $snapshot"
echo "latest:           demo/snapshots/latest -> $(readlink demo/snapshots/latest)"
echo
./build/peoplerank top demo/snapshots/latest -n 10
