#!/usr/bin/env bash
# The test suite: builds (installing what is missing), then ctest.
# Usage: scripts/test.sh [--full | --sanitize]
#   (none)      the default tier: every engine's unit testbench, a
#               representative co-simulation array per contract and ACC_II,
#               everything else (ctest -LE tier_full)
#   --full      also every other array of rtl/engines.txt (target `full`,
#               tests labelled tier_full)
#   --sanitize  ASan+UBSan build in build-asan/: the libraries and the CLI
#               with the core tier's models (ctest -LE 'tier_default|tier_full';
#               not the rtl.lint/synth/formal tests, which run only Verilator,
#               Yosys and ABC on the RTL, as in the release run)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
start=$(date +%s)
case "${1:-}" in
  --sanitize)
    export AMX_BUILD_DIR=$root/build-asan
    "$root/scripts/setup.sh" --sanitize
    exclude='tier_default|tier_full'
    skip='^rtl\.(lint|synth|formal)\.' ;;
  --full)
    export AMX_BUILD_DIR=${AMX_BUILD_DIR:-$root/build}
    "$root/scripts/setup.sh" all full
    exclude='' ;;
  '')
    export AMX_BUILD_DIR=${AMX_BUILD_DIR:-$root/build}
    "$root/scripts/setup.sh"
    exclude='tier_full' ;;
  *)
    echo "usage: scripts/test.sh [--full | --sanitize]" >&2
    exit 2 ;;
esac
built=$(date +%s)
echo "test.sh: build (with any package install) took $(( built - start )) s"
cd "$AMX_BUILD_DIR"
args=(-j2 --output-on-failure)
[ -n "$exclude" ] && args+=(-LE "$exclude")
[ -n "${skip:-}" ] && args+=(-E "$skip")
status=0
ctest "${args[@]}" || status=$?
echo "test.sh: ctest took $(( $(date +%s) - built )) s"
exit $status
