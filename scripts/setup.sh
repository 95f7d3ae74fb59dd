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

packages=(build-essential cmake pkg-config googletest libgtest-dev libcli11-dev nlohmann-json3-dev libfmt-dev
          libsystemc-dev libyaml-cpp-dev verilator iverilog yosys qflow qflow-tech-osu018 opensta ccache)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing missing packages: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DAMX_SANITIZE=$sanitize >/dev/null
cmake --build "$build" -j2 --target "${targets[@]}"
