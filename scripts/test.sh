#!/usr/bin/env bash
# The whole default test suite: builds (installing what is missing), then ctest.
# Usage: scripts/test.sh [--sanitize]   (--sanitize: ASan+UBSan build in build-asan/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1:-}" = "--sanitize" ]; then
  export AMX_BUILD_DIR=$root/build-asan
  "$root/scripts/setup.sh" --sanitize
else
  export AMX_BUILD_DIR=${AMX_BUILD_DIR:-$root/build}
  "$root/scripts/setup.sh"
fi
cd "$AMX_BUILD_DIR"
ctest -j2 --output-on-failure
