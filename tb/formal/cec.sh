#!/bin/sh
# Formal equivalence of two combinational modules for every input, by Yosys
# (each design flattened to an AND-inverter graph) and ABC's combinational
# equivalence checker (`cec`, SAT sweeping; plain `sat -prove` on a Yosys
# miter does not finish for adder trees and shifters of these sizes).  The
# two modules must have the same ports.
#
# usage: cec.sh [--mutate FILE SED_EXPR] GOLD GATE "PARAMS" FILE...
#   GOLD is elaborated with CEC_REF defined, GATE without: a wrapper that
#   instantiates the reference under `ifdef CEC_REF can be both.
#   PARAMS: "NAME=VALUE ..." set on both modules (may be empty).
#   --mutate: FILE (one of FILE...) is edited by SED_EXPR first, a deliberate
#   bug; the check then succeeds only if ABC finds a counterexample (a
#   checker that can fail).
set -eu
mutate_file="" mutate_expr=""
if [ "${1:-}" = "--mutate" ]; then
  mutate_file=$2 mutate_expr=$3
  shift 3
fi
gold=$1 gate=$2 params=$3
shift 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
files="" incs=""
for f in "$@"; do
  incs="$incs -I$(dirname "$f")"
  if [ "$f" = "$mutate_file" ]; then
    sed "$mutate_expr" "$f" > "$work/mutated.v"
    cmp -s "$f" "$work/mutated.v" && { echo "mutation did not apply to $f"; exit 1; }
    f=$work/mutated.v
  fi
  files="$files $f"
done
set_params() {  # chparam commands for module $1
  for kv in $params; do printf 'chparam -set %s %s %s; ' "${kv%%=*}" "${kv#*=}" "$1"; done
}
flow="proc; flatten; techmap; opt -fast; abc -g AND; opt_clean"
# Each side in its own session; the gold one with CEC_REF defined, so one
# wrapper module can stand for both sides.
yosys -q -l "$work/gold.log" -p "
  read_verilog -sv -DCEC_REF $incs $files
  $(set_params "$gold")
  hierarchy -top $gold; $flow; write_blif -impltf $work/gold.blif" >/dev/null
yosys -q -l "$work/gate.log" -p "
  read_verilog -sv $incs $files
  $(set_params "$gate")
  hierarchy -top $gate; $flow; write_blif -impltf $work/gate.blif" >/dev/null
out=$(yosys-abc -c "cec $work/gold.blif $work/gate.blif" 2>&1)
echo "$gate = $gold [CEC_REF] ($params)${mutate_file:+, mutated}:"
echo "$out" | grep -E "equivalent|EQUIVALENT|Input pattern" || echo "$out"
case "$out" in
  *"Networks are equivalent"*) [ -n "$mutate_file" ] && exit 1 || exit 0 ;;
  *"Networks are NOT EQUIVALENT"*) [ -n "$mutate_file" ] && exit 0 || exit 1 ;;
  *) exit 2 ;;
esac
