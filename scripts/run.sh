#!/usr/bin/env bash
# The main job on its built-in default: builds (installing what is missing),
# then runs the format error study and prints its report.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/build/bin/amx" study --out "$root/out/study" "$@"
