// A flat mapped netlist regrouped into sub-modules for Icarus's SDF
// annotation (synth/src/netlist_parts.cpp).
#pragma once

#include <string>
#include <unordered_map>

#include "amx/synth/liberty.hpp"

namespace amx::synth {

// Icarus's $sdf_annotate finds each SDF cell by a linear walk over the
// children of its scope, so annotating a flat netlist of N cells costs N^2
// name compares: three minutes of a four-minute timed simulation for a
// 51k-cell unit.  The same netlist with its cells in about sqrt(N)
// sub-modules of about sqrt(N) cells each annotates in seconds.  Every net
// stays declared in the top module under its own name (a part's ports are
// wires of zero delay), so the waveform of the top module's nets, its
// toggles and the power computed from them are the flat netlist's.
struct NetlistParts {
  std::string verilog;                                  // top module first, then the parts
  std::unordered_map<std::string, std::string> part_of;  // cell instance -> its part's instance name
  size_t parts = 0;
};

// `parts` == 0: about sqrt(cells).  The netlist is Yosys's write_verilog
// -noattr -noexpr output of one module (one pin connection per line); the
// library says which pins are outputs.  Anything else throws, naming the line.
NetlistParts partition_netlist(const std::string& verilog, const liberty::Library& lib, size_t parts = 0);

// The SDF's cell instances renamed to their part's path (DIVIDER '/').
std::string sdf_into_parts(const std::string& sdf, const NetlistParts& p);

}  // namespace amx::synth
