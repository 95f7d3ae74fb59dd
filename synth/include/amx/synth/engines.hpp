// The engine registry: every configuration of the parametric block_dot /
// mac_array RTL, as rtl/engines.txt defines it (rtl/engines.cmake turns the
// file into the table behind registry()).  The PPA flow, the co-simulation
// and their tests take engines from here; nothing else names one.
#pragma once

#include <string>
#include <vector>

#include "amx/golden/formats.hpp"

namespace amx::synth {

// Verification tiers, cheapest first: core models are built by every build
// (the sanitizer stage's too), default ones by scripts/test.sh, full ones
// by the target `full` (scripts/test.sh --full).
enum class Tier { Core, Default, Full };
const char* tier_name(Tier t);

// What `amx ppa` does with an engine: nothing (a testbench-only depth),
// measure it when named or climbed to, measure it in its default run, or
// start the main job's ladders (scripts/run.sh) from it.
enum class PpaRole { No, Yes, Default, Main };

// An R x C array with D result rows drained per cycle (mac_array
// DRAIN_ROWS): what the registry's arrays and amx ppa --arrays name.
struct ArrayShape {
  int rows = 4, cols = 4, drain_rows = 1;
  std::string name() const {  // RxC, or RxCdD
    return std::to_string(rows) + "x" + std::to_string(cols) + (drain_rows > 1 ? "d" + std::to_string(drain_rows) : "");
  }
  bool operator==(const ArrayShape& o) const { return rows == o.rows && cols == o.cols && drain_rows == o.drain_rows; }
};

enum class ArrayKind { Cosim, Tb };  // SystemC array of `amx equiv`, or C++ array of tb_mac_array
struct ArrayBuild {
  ArrayKind kind;
  int rows, cols;
  int drain_rows;  // mac_array DRAIN_ROWS: result rows out per cycle
  bool vcd;  // verilated with waveforms (amx equiv --vcd)
  Tier tier;
  // Its name as the registry and its build targets spell it: RxC, or RxCdD
  // when D > 1 rows drain per cycle.
  std::string shape() const { return ArrayShape{rows, cols, drain_rows}.name(); }
};

struct Engine {
  std::string name;   // e.g. amx_block
  std::string label;  // e.g. "AMXFP4 x AMXFP4 (E5M2 scales)"
  int n, sfa, asym_a, sfb, asym_b, disc, pipe;  // block_dot N, SCALE_FMT_A, ASYM_A, ..., DISC, PIPE
  golden::Format fa, fb;
  int split = 0;  // block_dot SPLIT: bit 0 a stage after the class sums, bit 1 one after the class terms,
                  // bit 2 the II = 2 running sums unpacked before their multiplexer
  int acc_ii = 1;  // block_dot ACC_II: 2 = two running sums, the accumulator's loop over two cycles (arrays: 2R-row tiles)
  int lanes = 1;   // block_dot LANES: block pairs per cycle, one accumulator update per group of them
  PpaRole ppa = PpaRole::Yes;
  Tier unit = Tier::Default;       // tier of its block_dot unit testbench
  std::vector<ArrayBuild> arrays;  // its Verilated arrays

  int macs_per_cycle() const { return n * lanes; }
};

const std::vector<Engine>& registry();  // every engine of rtl/engines.txt, in its order

}  // namespace amx::synth
