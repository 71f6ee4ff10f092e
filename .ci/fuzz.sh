#!/usr/bin/env bash
# Builds the libFuzzer harnesses of native/fuzz with clang and runs each
# for a bounded time (FUZZ_SECONDS, default 30), seeded from
# test/fixtures/fuzz/<harness>/. A crash fails the script and leaves the
# input in build-fuzz/crashes/: add it to test/fixtures/fuzz/<harness>/,
# where test/fuzz-regressions.test.ts replays it on every test run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-30}"

cmake -S . -B build-fuzz -DPSNODE_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j "$(nproc)" >/dev/null

mkdir -p build-fuzz/crashes
status=0
for harness in stat status cmdline names tty; do
  corpus="build-fuzz/corpus/$harness"
  mkdir -p "$corpus"
  echo "fuzz_$harness: $seconds s"
  if ! build-fuzz/fuzz_"$harness" -max_total_time="$seconds" -max_len=65536 \
      -artifact_prefix=build-fuzz/crashes/"$harness"- -print_final_stats=1 \
      "$corpus" "test/fixtures/fuzz/$harness" > "build-fuzz/$harness.log" 2>&1; then
    echo "fuzz_$harness found a crash:"
    tail -40 "build-fuzz/$harness.log"
    status=1
  fi
  grep -E '^stat::number_of_executed_units' "build-fuzz/$harness.log" || true
done
exit "$status"
