#!/bin/sh
# Formal equivalence of rtl/class_reduce.v and the plain per-class
# formulation tb/formal/class_reduce_ref.v for every input, by Yosys (both
# designs flattened to AND-inverter graphs) and ABC's combinational
# equivalence checker (`cec`, SAT sweeping; plain `sat -prove` on the Yosys
# miter does not finish for adder trees of this size).
#
# usage: class_reduce_cec.sh RTL_DIR N ASYM_A ASYM_B [--mutate]
# --mutate checks a deliberately wrong class_reduce (the (-,+) class keeps a
# positive sign) and succeeds only if the checker finds a counterexample.
set -eu
rtl=$1 n=$2 asym_a=$3 asym_b=$4 mutate=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
impl=$rtl/class_reduce.v
if [ "$mutate" = "--mutate" ]; then
  sed 's/if (c == 1 || c == 2) begin : g_neg/if (c == 1) begin : g_neg/' "$impl" > "$work/class_reduce.v"
  cmp -s "$impl" "$work/class_reduce.v" && { echo "mutation did not apply"; exit 1; }
  impl=$work/class_reduce.v
fi
yosys -q -l "$work/yosys.log" -p "
  read_verilog -sv -I$rtl $rtl/fp4_mul.v $impl $here/class_reduce_ref.v
  chparam -set N $n -set ASYM_A $asym_a -set ASYM_B $asym_b class_reduce class_reduce_ref
  hierarchy; proc; flatten; delete fp4_mul; techmap; opt -fast; abc -g AND; opt_clean
  design -save both
  delete class_reduce; write_blif -impltf $work/gold.blif
  design -load both
  delete class_reduce_ref; write_blif -impltf $work/gate.blif" >/dev/null
out=$(yosys-abc -c "cec $work/gold.blif $work/gate.blif" 2>&1)
echo "class_reduce N=$n ASYM_A=$asym_a ASYM_B=$asym_b ${mutate}:"
echo "$out" | grep -E "equivalent|EQUIVALENT|Input pattern" || echo "$out"
case "$out" in
  *"Networks are equivalent"*) [ "$mutate" = "--mutate" ] && exit 1 || exit 0 ;;
  *"Networks are NOT EQUIVALENT"*) [ "$mutate" = "--mutate" ] && exit 0 || exit 1 ;;
  *) exit 2 ;;
esac
