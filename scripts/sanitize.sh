#!/usr/bin/env bash
# Builds everything with AddressSanitizer + UndefinedBehaviorSanitizer (-DPR_SANITIZE=ON) in
# build-asan/ and runs the whole test suite there: unit tests, command-line tests and the fuzz
# corpora. Any leak, overflow, use-after-free or undefined behaviour fails the test that hit it.
# Skipped here to keep CI short (PR_SANITIZE_ALL=1 runs them too), because they test file
# atomicity or thread-count invariance by running the binary dozens of times, which the normal
# build already does, and take 2-4 minutes each under ASan on 2 cores: cli.test_kill,
# cli.test_concurrent, cli.test_run_threads, and any test labelled "slow".
# Extra arguments go to ctest (e.g. -R fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${PR_SANITIZE_BUILD:-build-asan}
# Without MPI (-DPR_MPI=OFF): this also checks that the one-process build still configures and
# builds; the multi-process tests skip here (OpenMPI's own allocations would read as leaks) and
# run in the normal build.
cmake -S . -B "$build" -G Ninja -DPR_WERROR=ON -DPR_SANITIZE=ON -DPR_BENCHMARKS=OFF -DPR_MPI=OFF \
    >/dev/null
ninja -C "$build" -j"$(nproc)" >"$build/ninja.log" 2>&1 || { tail -n 40 "$build/ninja.log"; exit 1; }
# detect_leaks: LeakSanitizer at exit; abort_on_error: a core-dump-style failure ctest sees.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Idle OpenMP threads sleep instead of spinning: with ctest -j and ASan's slowdown, spinning
# threads starve the others (test_oom: 39 s spinning vs 7 s passive on a loaded 2-core machine).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
exclude=()
if [ "${PR_SANITIZE_ALL:-0}" != 1 ]; then
    exclude=(-LE slow -E '^cli\.test_(kill|concurrent|run_threads)$')
fi
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" "${exclude[@]}" "$@"
