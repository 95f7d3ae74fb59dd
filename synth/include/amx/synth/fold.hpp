// Constant folding of a mapped, flattened netlist (synth/src/fold.cpp): the
// cells hierarchical mapping leaves with constant inputs, which OpenSTA
// 2.0.17's report_power cannot take.
#pragma once

#include <cstddef>
#include <string>

namespace amx::synth {

// Folds the cells whose inputs are all constants out of a flat mapped
// netlist (in place), propagating their outputs; returns what went.
// With tie_ports, the constants left on cell pins become two input ports,
// amx_tie0 and amx_tie1 (timing and power treat them as quiet inputs).
struct Folded {
  size_t cells = 0;
  double area = 0.0;
  bool ties = false;
};
Folded fold_constants(const std::string& netlist, const std::string& liberty, bool tie_ports);

}  // namespace amx::synth
