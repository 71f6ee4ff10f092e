#!/usr/bin/env bash
# Builds the addon with AddressSanitizer and UndefinedBehaviorSanitizer
# into build-sanitize/ and runs the whole jest suite against it.
set -euo pipefail
cd "$(dirname "$0")/.."

npx cmake-js compile --out build-sanitize/build --CDPSNODE_SANITIZE=ON

# node itself is not instrumented, so the runtimes are preloaded. Leak
# detection is off because node frees little at exit; the soak test
# checks memory growth instead. node-gyp-build loads the addon from
# $PSNODE_PREBUILD/build/Release.
export PSNODE_PREBUILD="$PWD/build-sanitize"
export LD_PRELOAD="$(g++ -print-file-name=libasan.so) $(g++ -print-file-name=libubsan.so)"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
npx jest --runInBand "$@"
