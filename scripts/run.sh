#!/usr/bin/env bash
# The main job on its built-in default: builds the amx binary alone
# (installing what is missing; no Verilated model), then answers best against
# best at a 10 ns clock: the cheapest MXFP4, AMXFP4 x AMXFP4 and
# AMXFP4 x MXFP4 engines that meet it under each accumulation contract,
# climbing from the registry's known rungs (rtl/engines.txt, ppa main), and
# their 4x4 arrays draining one and four result rows per cycle (Yosys +
# OpenSTA, power from gate-level simulation: out/ppa/; a 16x16 array's drain
# bank takes Yosys over 12 minutes per engine, so the 16x16 engine below
# takes 256 units' area); then Llama-2-7B prefill (2048 tokens) on the SystemC model of
# a 16x16 AMXFP4 engine against MXFP4 with those engines' energy per MAC and
# clock (out/sim/), Llama-3-8B prefill at 8192 tokens on the same engines
# (out/sim-8192/), and the format error study (out/study/).
# Usage: scripts/run.sh [--full-ladder] [amx sim options...]
#   --full-ladder  climb every ladder from its bottom rung (longer)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ladder=()
if [ "${1:-}" = "--full-ladder" ]; then
  ladder=(--full-ladder)
  shift
fi
"$root/scripts/setup.sh" amx
amx="$root/build/bin/amx"
start=$(date +%s)
"$amx" ppa --answer "${ladder[@]}" --arrays 4x4,4x4d4 --out "$root/out/ppa" > /dev/null
"$amx" study --out "$root/out/study" > /dev/null
# The engine drains 4 result rows per cycle: its 2R = 32-row tiles leave the
# drain bank in 8 cycles, as long as attention's K = 128 tiles take to
# stream (8 pairs); the long-context point is Llama-3-8B's native 8192 tokens.
engine=(--array 16x16 --acc-ii 2 --drain-rows 4 --a-format amxfp4 --b-format amxfp4 --compare mxfp4
        --ppa "$root/out/ppa/ppa.json")
"$amx" sim --workload llama2-7b --seq 2048 "${engine[@]}" --out "$root/out/sim" "$@"
"$amx" sim --workload llama3-8b --seq 8192 "${engine[@]}" --out "$root/out/sim-8192" "$@" > /dev/null
echo "reports: $root/out/ppa/ppa.md, $root/out/sim/sim.md, $root/out/sim-8192/sim.md, $root/out/study/study.md" \
  "($(( $(date +%s) - start )) s after the build)"
