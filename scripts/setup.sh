#!/usr/bin/env bash
# Installs the Debian packages amx-mac needs (only those missing), then
# configures and builds into $AMX_BUILD_DIR (default: build/).
# Usage: scripts/setup.sh [--sanitize] [TARGET...]
#   --sanitize  ASan+UBSan build (its `all` makes the core tier's models only)
#   TARGET      build targets (default: all); e.g. amx alone (no Verilated
#               model), or all full (every model of rtl/engines.txt)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${AMX_BUILD_DIR:-$root/build}
sanitize=OFF
if [ "${1:-}" = "--sanitize" ]; then
  sanitize=ON
  shift
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(all)

# shellcheck source=packages.sh
. "$root/scripts/packages.sh"
install_missing setup build-essential cmake pkg-config googletest libgtest-dev libcli11-dev nlohmann-json3-dev \
  libfmt-dev libsystemc-dev libyaml-cpp-dev verilator iverilog yosys qflow qflow-tech-osu018 opensta ccache

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DAMX_SANITIZE=$sanitize >/dev/null
cmake --build "$build" -j2 --target "${targets[@]}"
