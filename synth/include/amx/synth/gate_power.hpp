// Power of a mapped netlist from simulated toggles, evaluated with the cell
// library's own tables: OpenSTA 2.0.17 cannot take internal-pin activities,
// so the flow does what its report_power would do with them.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "amx/synth/liberty.hpp"

namespace amx::synth {

// A flat mapped Verilog netlist (Yosys write_verilog) as nets of one bit.
// Names joined by `assign` are one electrical net (find()).
struct GateNetlist {
  struct Inst {
    std::string name, cell;
    std::vector<std::pair<std::string, int>> pins;  // pin, net (-1: a constant)
  };
  struct Net {
    std::string name;
    int bit = -1;  // -1: a scalar
    std::string text() const { return bit < 0 ? name : name + "[" + std::to_string(bit) + "]"; }
  };
  std::vector<Net> nets;
  std::vector<Inst> insts;
  std::vector<int> inputs, outputs;  // port bits
  int find(int net) const;           // the net's representative
  int net(const std::string& name, int bit = -1) const;  // -1 when absent
  std::vector<int> parent;
  std::vector<std::pair<std::pair<std::string, int>, int>> index;  // sorted (name, bit) -> net
};
GateNetlist read_gate_netlist(const std::string& path);

// Energy per clock cycle and leakage.  Switching: C V^2 / 2 per toggle of
// every net a cell drives (C: the input pins on it, output_load on output
// ports); the clock net apart.  Internal: the library's internal_power
// tables at each pin's load and input transition, per toggle of an output
// pin (shared among its related inputs by their toggles) and of an input
// pin (passive energy: flip-flop clock and data pins).  Transitions come
// from the library's transition tables along the netlist, the inputs driven
// by input_driver, the clock ideal (0 ns).
struct GatePower {
  double internal_pj = 0.0, switching_pj = 0.0, clock_pj = 0.0;  // per cycle
  double clock_pin_pj = 0.0;  // the part of internal_pj at pins on the clock net
  double leakage_mw = 0.0;
  // A cycle in which no data toggles still clocks every register.
  double idle_pj() const { return clock_pj + clock_pin_pj; }
  double dynamic_pj() const { return internal_pj + switching_pj + clock_pj; }
  double total_mw(double clock_ns) const { return dynamic_pj() / clock_ns + leakage_mw; }
};
GatePower gate_power(const liberty::Library& lib, const GateNetlist& n, const std::vector<double>& toggles_per_cycle,
                     const std::string& clock_port, double output_load_pf, const std::string& input_driver);

}  // namespace amx::synth
