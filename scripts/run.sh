#!/usr/bin/env bash
# The main job on its built-in default: builds (installing what is missing),
# measures the MXFP4 and AMXFP4 MAC units and their 16x16 array (Yosys +
# OpenSTA, out/ppa/), then runs Llama-2-7B prefill (2048 tokens) on the
# SystemC model of a 16x16 AMXFP4 array against MXFP4 with that energy per
# MAC and clock (out/sim/), and the format error study (out/study/).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
amx="$root/build/bin/amx"
"$amx" ppa --configs mx_block,amx_block --arrays 16x16 --out "$root/out/ppa" > /dev/null
"$amx" study --out "$root/out/study" > /dev/null
"$amx" sim --workload llama2-7b --seq 2048 --array 16x16 --a-format amxfp4 --b-format amxfp4 --compare mxfp4 \
  --ppa "$root/out/ppa/ppa.json" --out "$root/out/sim" "$@"
echo "reports: $root/out/sim/sim.md, $root/out/ppa/ppa.md, $root/out/study/study.md"
