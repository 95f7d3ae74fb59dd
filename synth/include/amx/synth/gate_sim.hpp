// Gate-level simulation of a unit's netlist (synth/src/gate_sim.cpp): the
// toggles of every net under a stimulus, and the power they cost.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "amx/synth/activity.hpp"
#include "amx/synth/flow.hpp"
#include "amx/synth/gate_power.hpp"

namespace amx::synth {

// Gate-level simulation (Icarus Verilog, the library's cell models) of a
// unit's flattened netlist under a stimulus at a clock of clock_ns: the
// toggles and duty of every net, counted from the waveform over the
// stimulus cycles, and the power they cost by the library's tables
// (gate_power).  Zero-delay, or timed: the cell models' path delays
// (specify blocks, -gspecify), so that the glitches of unequal paths toggle
// nets too (pulses shorter than a cell's delay are filtered, as in
// silicon).  Every dot product's result is checked against the golden: a
// netlist that computes wrongly, or misses the clock when timed, throws.
// Timed, the netlist is simulated regrouped into parts (netlist_parts.hpp)
// unless `regroup` is false: the same nets and delays, annotated in seconds.
struct GateActivity {
  std::vector<Activity> pins;  // cell output pins, "instance/pin"
  uint64_t cycles = 0;
  double mean_activity = 0.0;  // over the cell output pins
  GatePower power;
  size_t results_checked = 0;  // dot products equal to the golden's
};
GateActivity simulate_activity(const Tools& t, const Synthesis& s, const Engine& e, Stimulus stim, uint64_t seed,
                               const std::string& dir, size_t dots = 2, size_t k = 4096, double clock_ns = 10.0,
                               bool timed = false, bool regroup = true);

}  // namespace amx::synth
