#!/usr/bin/env bash
# hostile.sh AMX DATA WORK: amx against careless and hostile input.  Every case
# asserts the exit status (1 bad input, 2 usage), that the message names the
# culprit, that no file under WORK appeared or changed, and that no command
# hidden in an input ran (a marker file such a command would create).
set -u
AMX=$1
DATA=$2
W=$3
rm -rf "$W"
mkdir -p "$W"
W=$(cd "$W" && pwd)
cd "$W" || exit 1
MARK=$W/INJECTED  # what `touch INJECTED` run by mistake (here or in a sweep point) creates
pass=0
fail=0

snap() { (cd "$W" && find . -type f -print0 | sort -z | xargs -0 -r md5sum); }

# case NAME RC PATTERN CMD...: RC is 1, 2 or "1|2".
case_() {
  local name=$1 rc_want=$2 pattern=$3
  shift 3
  local before after err rc
  before=$(snap)
  err=$(timeout 120 "$@" 2>&1 >/dev/null </dev/null)
  rc=$?
  after=$(snap)
  local why=""
  case "|$rc_want|" in *"|$rc|"*) ;; *) why="exit $rc (want $rc_want)" ;; esac
  [[ "$err" == *"$pattern"* ]] || why="$why; message lacks '$pattern'"
  [ "$before" = "$after" ] || why="$why; files under WORK changed: $(diff <(echo "$before") <(echo "$after") | head -3 | tr '\n' ' ')"
  [ -e "$MARK" ] && why="$why; an injected command ran" && rm -f "$MARK"
  if [ -z "$why" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $name: ${why#; }"
    echo "  message: $(echo "$err" | head -3)"
  fi
}
ok_() {  # ok_ NAME CONDITION-COMMAND... (its stdout dropped, its stderr kept: why a check failed)
  local name=$1
  shift
  if "$@" >/dev/null && [ ! -e "$MARK" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $name"; rm -f "$MARK"; fi
}

# .npy files with a hand-written header (Python's format, version 1).
mknpy() {  # mknpy FILE HEADER-DICT [DATA-BYTES]
  local h="$2" n
  n=$(( ${#h} + 11 ))
  while [ $(( n % 64 )) -ne 0 ]; do h="$h "; n=$((n + 1)); done
  h="$h"$'\n'
  printf '\223NUMPY\001\000' > "$1"
  printf "\\$(printf '%03o' $(( ${#h} % 256 )))\\$(printf '%03o' $(( ${#h} / 256 )))" >> "$1"
  printf '%s' "$h" >> "$1"
  printf '%b' "${3:-}" >> "$1"
}

TINY=$DATA/tiny_workload.yaml
FIX=$DATA/act_4x48.npy
cp "$FIX" "$W/x.npy"
mkdir -p "$W/scratch"

# ---- shell injection: nothing from input reaches a shell
case_ sweep_mode_injection 1 "--mode" "$AMX" sweep --workloads "$TINY" --arrays 2x2 --formats mxfp4 \
  --mode "prefill; touch $MARK; true" --out "$W/scratch/sw1"
case_ sweep_numerics_injection 1 "--numerics" "$AMX" sweep --workloads "$TINY" --arrays 2x2 --formats mxfp4 \
  --numerics "\$(touch $MARK)" --out "$W/scratch/sw2"
case_ sweep_jobs_huge 1 "--jobs" "$AMX" sweep --workloads "$TINY" --jobs 100000 --out "$W/scratch/sw3"
# A workload whose path is full of shell syntax runs, verbatim, and nothing else does.
nasty="$W/scratch/it's \$(touch INJECTED) \`touch INJECTED\`; touch INJECTED | sh -c 'touch INJECTED'.yaml"
cp "$TINY" "$nasty"
ok_ sweep_nasty_path_runs "$AMX" sweep --workloads "$nasty" --arrays 2x2 --formats mxfp4 --jobs 1 \
  --out "$W/scratch/sw4" >/dev/null 2>&1
ok_ sweep_nasty_path_report grep -q "mxfp4 x mxfp4 | [0-9]" "$W/scratch/sw4/sweep.md"
# The emitted job lines quote every argument: run through sh, the same path arrives.
ok_ sweep_emit_nasty_path "$AMX" sweep --workloads "$nasty" --arrays 2x2 --formats mxfp4 --out "$W/scratch/sw5" \
  --emit "$W/scratch/jobs" >/dev/null
ok_ sweep_emit_runs sh "$W/scratch/jobs"
ok_ sweep_emit_result test -s "$W/scratch/sw5/points/$(ls "$W/scratch/sw5/points" | head -1)/sim.json"
case_ ppa_out_tcl_syntax 1 "only letters" "$AMX" ppa --configs mx_block --arrays "" --out "$W/scratch/p[exec touch $MARK]"
case_ ppa_liberty_tcl_syntax 1 "--liberty" "$AMX" ppa --configs mx_block --liberty "/tmp/x;touch $MARK"

# ---- options that do nothing are gone; usage errors exit 2
case_ sim_config_removed 2 "--config" "$AMX" sim --config /etc/passwd
case_ unknown_option 2 "--frobnicate" "$AMX" quantize --format mxfp4 --in - --frobnicate

# ---- sizes, counts and their products against the limits
case_ ppa_array_overflow 1 "1..256" "$AMX" ppa --configs mx_block --arrays 65536x65536 --out "$W/scratch/p1"
case_ array_not_a_number 1 "is not RxC" "$AMX" model --array 99999999999999999999x2
printf 'gemms:\n  - {name: big, m: 1048576, n: 1048576, k: 1048576, count: 1099511627776}\n' > "$W/big_count.yaml"
case_ workload_mac_overflow 1 "big_count.yaml:2" "$AMX" sim --workload "$W/big_count.yaml" --out "$W/scratch/s1"
case_ sim_batch_negative "1|2" "--batch" "$AMX" sim --batch -1 --numerics off --out "$W/scratch/s2"
case_ sim_seq_huge 1 "--seq" "$AMX" sim --seq 99999999999 --numerics off --out "$W/scratch/s2"
case_ sim_buffer_huge 1 "--buffer-kib" "$AMX" sim --buffer-kib 18014398509481984 --out "$W/scratch/s3"
printf 'gemms:\n  - {name: huge, m: 1048576, n: 1048576, k: 4096}\n' > "$W/huge.yaml"
case_ sim_memory_estimate 1 "--max-memory-gib" "$AMX" sim --workload "$W/huge.yaml" --array 4x4 --numerics off \
  --compare none --out "$W/scratch/s4"
case_ sim_bench_memory_estimate 1 "--max-memory-gib" "$AMX" sim --workload "$W/huge.yaml" --bench
case_ model_memory 1 "16 GiB" "$AMX" model --m 1048576 --n 1048576 --k 64
case_ equiv_vectors_huge "1|2" "--vectors" "$AMX" equiv --array 2x2 --vectors 18446744073709551616
case_ equiv_vectors_many 1 "--vectors" "$AMX" equiv --array 2x2 --vectors 10000000
case_ study_block_wraps 1 "65536" "$AMX" study --blocks 4294967328 --out "$W/scratch/st1"
case_ study_block_huge 1 "65536" "$AMX" study --blocks 99999999999999999999999 --out "$W/scratch/st2"
case_ study_rows_huge 1 "--rows" "$AMX" study --rows 1000000 --cols 1000000 --out "$W/scratch/st3"

# ---- inputs that are not what they claim
case_ quantize_dev_zero 1 "not a regular file" "$AMX" quantize --format mxfp4 --in /dev/zero --out "$W/scratch/o.npy"
case_ quantize_directory 1 "directory" "$AMX" quantize --format mxfp4 --in "$W" --out "$W/scratch/o.npy"
printf 'gemms:\n  - {name: z, m: 4, n: 4, k: 48, a_npy: /dev/zero}\n' > "$W/devzero.yaml"
case_ workload_npy_dev_zero 1 "/dev/zero" "$AMX" sim --workload "$W/devzero.yaml" --array 4x4 --out "$W/scratch/s5"
case_ workload_etc_passwd 1 "passwd" "$AMX" sim --workload /etc/passwd.yaml --out "$W/scratch/s6"
case_ workload_is_passwd 1 "/etc/passwd" "$AMX" equiv --workload /etc/passwd
mknpy "$W/shape_empty_dim.npy" "{'descr': '<f4', 'fortran_order': False, 'shape': (2,,32), }"
case_ npy_shape_empty_dim 1 "malformed shape" "$AMX" quantize --format mxfp4 --in "$W/shape_empty_dim.npy" --out "$W/scratch/o.npy"
mknpy "$W/shape_huge.npy" "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999,), }"
case_ npy_shape_huge 1 "malformed shape" "$AMX" quantize --format mxfp4 --in "$W/shape_huge.npy" --out "$W/scratch/o.npy"
mknpy "$W/shape_L.npy" "{'descr': '<f4', 'fortran_order': False, 'shape': (L,), }"
case_ npy_shape_L 1 "malformed shape" "$AMX" quantize --format mxfp4 --in "$W/shape_L.npy" --out "$W/scratch/o.npy"
mknpy "$W/shape_neg.npy" "{'descr': '<f4', 'fortran_order': False, 'shape': (-4, 2), }"
case_ npy_shape_negative 1 "malformed shape" "$AMX" quantize --format mxfp4 --in "$W/shape_neg.npy" --out "$W/scratch/o.npy"
mknpy "$W/shape_2e40.npy" "{'descr': '<f4', 'fortran_order': False, 'shape': (1048576, 1048576, 2), }"
case_ npy_too_many_elements 1 "2^40" "$AMX" quantize --format mxfp4 --in "$W/shape_2e40.npy" --out "$W/scratch/o.npy"
mknpy "$W/longer.npy" "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }" '\x00\x00\x80\x3f\x00\x00\x00\x00'
case_ npy_longer_than_header 1 "does not match shape" "$AMX" quantize --format mxfp4 --in "$W/longer.npy" --out "$W/scratch/o.npy"
mknpy "$W/f8.npy" "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }" '\x00\x00\x00\x00\x00\x00\xf0\x3f'
case_ npy_float64 1 "'<f8' is not supported" "$AMX" quantize --format mxfp4 --in "$W/f8.npy" --out "$W/scratch/o.npy"
printf '\223NUMPY\001\000\377\377{' > "$W/truncated.npy"
case_ npy_truncated_header 1 "truncated" "$AMX" quantize --format mxfp4 --in "$W/truncated.npy" --out "$W/scratch/o.npy"
case_ text_nul_byte 1 "is not a number" sh -c "printf '1\\0002 3\\n' | '$AMX' quantize --format mxfp4 --in -"
case_ text_garbage 1 "line 2" sh -c "printf '1 2\\n3 4x\\n' | '$AMX' quantize --format mxfp4 --in -"
case_ text_overflow 1 "overflows binary32" sh -c "printf '1e39\\n' | '$AMX' quantize --format mxfp4 --in -"

# ---- workload files: wrong types, duplicates, nesting
printf 'gemms:\n  - {name: a, m: 4, n: 4, k: 64, m: 8}\n' > "$W/dup.yaml"
case_ yaml_duplicate_key 1 "dup.yaml:2: key 'm' given twice (in gemms[0])" "$AMX" sim --workload "$W/dup.yaml" --out "$W/scratch/s7"
printf 'gemms:\n  - name: a\n    m: 4\n    [1, 2]: 3\n' > "$W/seqkey.yaml"
case_ yaml_sequence_key 1 "keys are plain names" "$AMX" sim --workload "$W/seqkey.yaml" --out "$W/scratch/s8"
printf 'gemms:\n  - {name: a, m: four, n: 4, k: 64}\n' > "$W/type.yaml"
case_ yaml_wrong_type 1 "type.yaml:2: gemm 0 field 'm': 'four'" "$AMX" sim --workload "$W/type.yaml" --out "$W/scratch/s9"
printf 'gemms:\n  - {name: a, m: -4, n: 4, k: 64}\n' > "$W/neg.yaml"
case_ yaml_negative 1 "is not a positive integer" "$AMX" sim --workload "$W/neg.yaml" --out "$W/scratch/s9"
{ printf 'gemms: '; head -c 20000 /dev/zero | tr '\0' '['; echo; } > "$W/deep.yaml"
case_ yaml_deep_nesting 1 "deep.yaml" "$AMX" sim --workload "$W/deep.yaml" --out "$W/scratch/s10"
printf 'name: x\nname: y\ngemms:\n  - {m: 4, n: 4, k: 64}\n' > "$W/dup_top.yaml"
case_ yaml_duplicate_top 1 "given twice" "$AMX" sim --workload "$W/dup_top.yaml" --out "$W/scratch/s11"
printf '{"configurations": [{"name": "mx_block", "unit": {"energy_pj_per_mac": "x", "idle_pj_per_cycle": 1, "leakage_mw": 0}}], "clock_ns": 10}\n' > "$W/ppa_bad.json"
case_ ppa_json_wrong_type 1 "energy_pj_per_mac" "$AMX" sim --workload "$TINY" --array 4x4 --a-format mxfp4 --b-format mxfp4 \
  --compare none --numerics off --ppa "$W/ppa_bad.json" --out "$W/scratch/s12"
printf '[1, 2]\n' > "$W/ppa_list.json"
case_ ppa_json_not_a_report 1 "ppa_list.json is not an" "$AMX" sim --workload "$TINY" --numerics off --ppa "$W/ppa_list.json" --out "$W/scratch/s13"

printf 'Layer,M,N,K\nq,4,4\n' > "$W/short.csv"
case_ scalesim_short_row 1 "short.csv:2: expected 4 fields" "$AMX" sim --workload "$W/short.csv" --out "$W/scratch/s15"
printf 'name,m,n,k\nq,4,4,4\n' > "$W/header.csv"
case_ scalesim_header 1 "header.csv:1" "$AMX" sim --workload "$W/header.csv" --out "$W/scratch/s15"

# ---- numbers that mean nothing
printf 'name: x\nnode_nm: {value: 180, unit: nm, source: here}\nsram: {read_pj_per_byte_8kib: [\n' > "$W/tech_bad.yaml"
case_ tech_malformed 1 "tech_bad.yaml:" "$AMX" sim --tech "$W/tech_bad.yaml" --out "$W/scratch/s16"
case_ tech_missing 1 "/nonexistent/tech.yaml" "$AMX" sim --tech /nonexistent/tech.yaml --out "$W/scratch/s16"
case_ tech_device 1 "/dev/zero" "$AMX" sim --tech /dev/zero --out "$W/scratch/s16"
printf 'name: x\nnode_nm: {value: 1e999, unit: nm, source: here}\n' > "$W/tech_inf.yaml"
case_ tech_infinite 1 "node_nm.value" "$AMX" sim --tech "$W/tech_inf.yaml" --out "$W/scratch/s16"
case_ sim_clock_nan "1|2" "--clock-ghz" "$AMX" sim --clock-ghz nan --out "$W/scratch/s14"
case_ sim_clock_inf "1|2" "--clock-ghz" "$AMX" sim --clock-ghz inf --out "$W/scratch/s14"
case_ sim_bandwidth_nan "1|2" "--bandwidth" "$AMX" sim --bandwidth nan --out "$W/scratch/s14"
case_ sim_energy_inf "1|2" "--mem-pj-per-byte" "$AMX" sim --mem-pj-per-byte inf --out "$W/scratch/s14"
case_ sim_sample_zero 1 "--sample" "$AMX" sim --sample 0 --out "$W/scratch/s14"
case_ ppa_clock_nan "1|2" "--clock-ns" "$AMX" ppa --configs mx_block --clock-ns nan --out "$W/scratch/p2"
case_ model_clock_inf "1|2" "--clock-ghz" "$AMX" model --clock-ghz inf
case_ gemm_frac_bits 1 "fractional bits" "$AMX" gemm --a "$FIX" --b "$FIX" --discipline fused --frac-bits 99 --out "$W/scratch/c.npy"

# ---- outputs never damage inputs or each other, and failures leave nothing
case_ quantize_packed_is_input 1 "same file" "$AMX" quantize --format mxfp4 --in "$W/x.npy" --out "$W/scratch/q.npy" --packed "$W/x.npy"
case_ quantize_out_is_input 1 "same file" "$AMX" quantize --format mxfp4 --in "$W/x.npy" --out "$W/x.npy"
case_ quantize_packed_is_out 1 "two outputs" "$AMX" quantize --format mxfp4 --in "$W/x.npy" --out "$W/q.npy" --packed "$W/q.npy"
case_ quantize_packed_unwritable 1 "no/such/dir" "$AMX" quantize --format mxfp4 --in "$W/x.npy" --out "$W/q2.npy" --packed "$W/no/such/dir/p"
case_ gemm_out_is_input 1 "refusing to overwrite" "$AMX" gemm --a "$W/x.npy" --b "$FIX" --out "$W/x.npy"
case_ out_under_proc 1 "/proc" "$AMX" study --rows 4 --cols 64 --out /proc/amx-study
case_ out_is_a_file 1 "x.npy" "$AMX" study --rows 4 --cols 64 --out "$W/x.npy"

# An output that is a symbolic link is written through it, never replaced
# (a rename onto /dev/stdout would swap the system's link for a file).
ln -s "$W/scratch/link_target.txt" "$W/scratch/out_link"
ok_ output_through_symlink sh -c "printf '1 2\\n' | '$AMX' quantize --format mxfp4 --in - --out '$W/scratch/out_link'"
ok_ output_symlink_kept test -L "$W/scratch/out_link"
ok_ output_symlink_target grep -q '0x1p+1' "$W/scratch/link_target.txt"

# ---- amx gemm refusals name the input
mknpy "$W/nan.npy" "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }" '\x00\x00\xc0\x7f\x00\x00\x80\x3f'
case_ gemm_nan 1 "nan.npy: element (0, 0) is NaN" "$AMX" gemm --a "$W/nan.npy" --b "$W/nan.npy" --out "$W/c.npy"
mknpy "$W/k2.npy" "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }" '\x00\x00\x80\x3f\x00\x00\x80\x3f'
case_ gemm_k_mismatch 1 "K differs" "$AMX" gemm --a "$FIX" --b "$W/k2.npy" --out "$W/c.npy"
case_ gemm_unknown_format 1 "unknown format 'fp5'" "$AMX" gemm --a "$FIX" --b "$FIX" --a-format fp5 --out "$W/c.npy"
case_ gemm_unknown_discipline 1 "unknown accumulation discipline 'fast'" "$AMX" gemm --a "$FIX" --b "$FIX" --discipline fast --out "$W/c.npy"
case_ gemm_int4 1 "accuracy baseline" "$AMX" gemm --a "$FIX" --b "$FIX" --a-format int4 --out "$W/c.npy"
case_ gemm_block_mismatch 1 "give one --block" "$AMX" gemm --a "$FIX" --b "$FIX" --a-format nvfp4 --out "$W/c.npy"

# ---- round 2: an output that is an input, by any name, is refused before a byte is written
mkdir -p "$W/o1" "$W/o2" "$W/in"
printf '{"name": "w", "gemms": [{"name": "g", "m": 8, "n": 8, "k": 64}]}\n' > "$W/o1/sim.json"
case_ sim_workload_is_output 1 "refusing to overwrite an input" "$AMX" sim --workload "$W/o1/sim.json" --array 4x4 \
  --numerics off --compare none --out "$W/o1"
cp "$DATA/../../tech/default.yaml" "$W/o2/sim.json"
case_ sim_tech_is_output 1 "refusing to overwrite an input" "$AMX" sim --workload "$TINY" --tech "$W/o2/sim.json" \
  --array 4x4 --numerics off --compare none --out "$W/o2"
cp "$TINY" "$W/in/w.yaml"
case_ sweep_emit_is_workload 1 "refusing to overwrite an input" "$AMX" sweep --workloads "$W/in/w.yaml" --arrays 2x2 \
  --formats mxfp4 --emit "$W/in/w.yaml" --out "$W/scratch/sw6"
ln -s w.yaml "$W/in/w_link.yaml"
case_ sweep_emit_link_to_workload 1 "refusing to overwrite an input" "$AMX" sweep --workloads "$W/in/w.yaml" \
  --arrays 2x2 --formats mxfp4 --emit "$W/in/w_link.yaml" --out "$W/scratch/sw7"
printf 'kept\n' > "$W/link_target.npy"
ln -s link_target.npy "$W/link.npy"
case_ symlink_output_failed_command 1 "no/such/dir" "$AMX" quantize --format mxfp4 --in "$W/x.npy" --out "$W/link.npy" \
  --packed "$W/no/such/dir/p.bin"
ok_ symlink_output_replaced_at_target sh -c "'$AMX' quantize --format mxfp4 --in '$W/x.npy' --out '$W/scratch/l.npy' >/dev/null && ln -s l.npy '$W/scratch/l_link.npy' && '$AMX' quantize --format nvfp4 --in '$W/x.npy' --out '$W/scratch/l_link.npy' >/dev/null && test -L '$W/scratch/l_link.npy'"

# ---- technology and workload YAML: integers, cycles, alias bombs
awk '/bank_width_bytes:/ {f = 1} f && /value:/ {sub(/value: .*/, "value: 0.5"); f = 0} 1' "$DATA/../../tech/default.yaml" \
  > "$W/tech_frac.yaml"
case_ tech_fractional_width 1 "bank_width_bytes.value' = 0.5 must be a whole number" "$AMX" sim --workload "$TINY" \
  --tech "$W/tech_frac.yaml" --numerics off --out "$W/scratch/s17"
printf 'x: &x [*x]\n' > "$W/self_alias.yaml"
case_ yaml_self_alias_tech 1 "self_alias.yaml:1: an alias refers to the node that contains it" "$AMX" sim \
  --tech "$W/self_alias.yaml" --out "$W/scratch/s18"
printf 'name: &n [*n]\ngemms:\n  - {name: a, m: 4, n: 4, k: 64}\n' > "$W/self_alias_w.yaml"
case_ yaml_self_alias_workload 1 "self_alias_w.yaml:1: an alias" "$AMX" sim --workload "$W/self_alias_w.yaml" \
  --out "$W/scratch/s19"
{ printf 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n'
  for i in 1 2 3 4 5 6 7 8 9 10; do
    printf 'a%d: &a%d [' "$i" "$i"; for j in 1 2 3 4 5 6 7 8 9; do printf '*a%d, ' $((i - 1)); done; printf '*a%d]\n' $((i - 1))
  done
  printf 'gemms:\n  - {name: a, m: 4, n: 4, k: 64}\n'; } > "$W/alias_bomb.yaml"
case_ yaml_alias_bomb_workload 1 "nodes with its aliases expanded" "$AMX" sim --workload "$W/alias_bomb.yaml" \
  --out "$W/scratch/s20"
case_ yaml_alias_bomb_tech 1 "nodes with its aliases expanded" "$AMX" sim --tech "$W/alias_bomb.yaml" \
  --out "$W/scratch/s21"
printf 'gemms:\n  - {name: a, m: 4, n: 4, k: 64}\n  - &g {name: b, m: 4, n: 4, k: 64}\n  - *g\n' > "$W/alias_ok.yaml"
ok_ yaml_plain_alias_accepted "$AMX" sim --workload "$W/alias_ok.yaml" --array 4x4 --numerics off --compare none \
  --out "$W/scratch/s22"

# ---- names are data: any bytes in a name keep every report well-formed
# (raw bytes 0xFF and 0xFE: invalid UTF-8; \x01 a control character)
printf 'name: "n\377"\ngemms:\n  - {name: "q,\\"x\\"\\nnext|col\\x01\376<b>&", m: 8, n: 8, k: 64}\n  - {name: plain, m: 8, n: 8, k: 64}\n' \
  > "$W/names.yaml"
ok_ names_sim_runs "$AMX" sim --workload "$W/names.yaml" --array 4x4 --compare none --out "$W/scratch/names"
ok_ names_reports_valid python3 - "$W/scratch/names" <<'PY'
import csv, json, sys, xml.dom.minidom
d = sys.argv[1]
for f in ("sim.md", "sim.json", "sim.csv", "sim_cycles.svg"):
    open(f"{d}/{f}", encoding="utf-8").read()  # valid UTF-8
json.load(open(f"{d}/sim.json", encoding="utf-8"))
rows = list(csv.reader(open(f"{d}/sim.csv", encoding="utf-8", newline="")))
assert len(rows) == 3 and all(len(r) == len(rows[0]) for r in rows), rows
assert rows[1][1].startswith('q,"x"\nnext|col'), rows[1][1]
for f in ("sim_cycles.svg", "sim_energy.svg", "sim_roofline.svg", "sim_sqnr.svg"):
    xml.dom.minidom.parse(f"{d}/{f}")
table = [l for l in open(f"{d}/sim.md", encoding="utf-8") if l.startswith("| q,")]
assert table and all(l.count(" | ") >= 15 for l in table), table
PY

printf 'Layer,M,N,K\nl\377"y,8,8,64\n' > "$W/names.csv"
ok_ names_scalesim_layer sh -c "'$AMX' sim --workload '$W/names.csv' --array 4x4 --compare none --out '$W/scratch/names2' >/dev/null 2>&1 && python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding=\"utf-8\"))' '$W/scratch/names2/sim.json'"

# ---- sweeps: point directories never collide, results read back typed
mkdir -p "$W/sw"
printf 'gemms:\n  - {name: a, m: 64, n: 64, k: 64}\n' > "$W/sw/w 1.yaml"
printf 'gemms:\n  - {name: a, m: 256, n: 256, k: 512}\n' > "$W/sw/w_1.yaml"
ok_ sweep_slug_distinct_points "$AMX" sweep --workloads "$W/sw/w 1.yaml,$W/sw/w_1.yaml" --arrays 2x2 --formats mxfp4 \
  --jobs 1 --out "$W/scratch/sw8"
ok_ sweep_slug_distinct_results python3 - "$W/scratch/sw8/sweep.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert len(j) == 2 and j[0]["result"]["cycles"] != j[1]["result"]["cycles"], j
PY
case_ sweep_workloads_comma "1|2" "--workloads" "$AMX" sweep --workloads , --arrays 2x2 --out "$W/scratch/sw9"
case_ sweep_point_twice 1 "twice" "$AMX" sweep --workloads "$TINY,$TINY" --arrays 2x2 --formats mxfp4 --emit "$W/scratch/j2" \
  --out "$W/scratch/sw10"
# A point result with a field missing, of the wrong type or out of range is
# invalid, never a number: the merge exits 1, its report marks the point
# and holds no result for it.
merge_invalid() {  # merge_invalid EXPECTED-REASON
  local err rc
  err=$("$AMX" sweep --workloads "$TINY" --arrays 2x2 --formats mxfp4 --merge --out "$W/sw2" 2>&1 >/dev/null)
  rc=$?
  [ "$rc" -eq 1 ] && [[ "$err" == *"1 of 1 sweep points have no result"* ]] &&
    grep -qF "no valid result" "$W/sw2/sweep.md" && grep -qF -- "$1" "$W/sw2/sweep.md" &&
    [ "$(tr -d ' \n' < "$W/sw2/sweep.json")" = "[]" ]
}
"$AMX" sweep --workloads "$TINY" --arrays 2x2 --formats mxfp4 --emit "$W/scratch/j3" --out "$W/sw2" >/dev/null 2>&1
pdir=$(sed -n 's/^mkdir -p -- .\([^ ]*\). .*/\1/p' "$W/scratch/j3")
mkdir -p "$pdir"
for fields in '"cycles": -5, "time_ms": 1, "utilization": 0.5' '"cycles": "12", "time_ms": 1, "utilization": 0.5' \
              '"cycles": 10, "time_ms": 1, "utilization": 7' '"cycles": 10, "time_ms": "x", "utilization": 0.5' \
              '"cycles": 1e30, "time_ms": 1, "utilization": 0.5'; do
  printf '{"workload": "w", "configs": [{"formats": "f", %s}]}\n' "$fields" > "$pdir/sim.json"
  ok_ "sweep_merge_bad_point ($fields)" merge_invalid "configs[0]."
done
printf '{"configs": [{"formats": "f", "time_ms": 1, "utilization": 0.5}]}\n' > "$pdir/sim.json"
ok_ sweep_merge_missing_cycles merge_invalid "configs[0].cycles is not a positive integer"
printf '{"configs": [{"formats": "f", "cycles": 5, "time_ms": 1, "utilization": 0.5, "energy_mj": "lots"}]}\n' > "$pdir/sim.json"
ok_ sweep_merge_energy_string merge_invalid "configs[0].energy_mj is not a number"

# ---- numbers that cannot be represented are errors, never saturated figures
case_ sim_bandwidth_tiny 1 "--bandwidth" "$AMX" sim --workload "$TINY" --bandwidth 1e-300 --numerics off \
  --compare none --out "$W/scratch/s23"
printf '{"configurations": [], "clock_ns": 1e-300}\n' > "$W/ppa_clock.json"
case_ ppa_json_clock_tiny 1 "clock_ns = 1e-300" "$AMX" sim --workload "$TINY" --numerics off --ppa "$W/ppa_clock.json" \
  --out "$W/scratch/s24"
case_ sim_energy_huge 1 "--mem-pj-per-byte" "$AMX" sim --workload "$TINY" --mem-pj-per-byte 1e300 --numerics off \
  --out "$W/scratch/s25"
case_ gemm_block_zero 2 "--block" "$AMX" gemm --a "$FIX" --b "$FIX" --block 0 --out "$W/scratch/c.npy"
mknpy "$W/dup_key.npy" "{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }" '\x00\x00\x80\x3f'
case_ npy_duplicate_key 1 "gives 'descr' 2 times" "$AMX" quantize --format mxfp4 --in "$W/dup_key.npy" --out "$W/scratch/o.npy"
case_ equiv_engine_empty 2 "--engine" "$AMX" equiv --engine "" --array 2x2

echo "hostile input: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
