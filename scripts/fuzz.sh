#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser of user input (sim/fuzz): builds
# the libFuzzer targets with clang, ASan and UBSan into build-fuzz/, then
# runs each for SECONDS (default 60) from its seed corpus (sim/fuzz/corpus,
# read only) and a working corpus in build-fuzz/corpus/.  A crash, hang
# (10 s per input), leak or sanitizer report stops the target and leaves
# the input in build-fuzz/findings/<target>/: make it a regression seed.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true
case "$seconds" in ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2; exit 2 ;; esac
build=$root/build-fuzz

# shellcheck source=packages.sh
. "$root/scripts/packages.sh"
install_missing fuzz clang libclang-rt-14-dev cmake pkg-config libgtest-dev libcli11-dev nlohmann-json3-dev libfmt-dev \
  libsystemc-dev libyaml-cpp-dev verilator yosys

start=$(date +%s)
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DAMX_FUZZ=ON >/dev/null
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(npy packed text_rows workload_yaml scalesim_csv tech_yaml ppa_json point_result options)
cmake --build "$build" -j2 --target "${targets[@]/#/fuzz_}"
echo "fuzz: build took $(( $(date +%s) - start )) s"

failed=0
for t in "${targets[@]}"; do
  work=$build/corpus/$t findings=$build/findings/$t
  mkdir -p "$work" "$findings"
  log=$build/fuzz_$t.log
  # -detect_leaks with ASan's leak checker; -timeout: a hang is a finding.
  if "$build/bin/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$findings/" "$work" "$root/sim/fuzz/corpus/$t" > "$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    echo "fuzz: $t: ${runs:-?} inputs in $seconds s, $cov, no crash"
  else
    failed=$((failed + 1))
    echo "fuzz: $t: FAILED (see $log; the input is in $findings/)"
    grep -m3 -E "ERROR|runtime error|deadly|timeout|leak" "$log" || true
  fi
done
echo "fuzz: ${#targets[@]} targets, $failed failed"
[ "$failed" -eq 0 ]
