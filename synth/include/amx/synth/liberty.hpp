// The parts of a Liberty (.lib) cell library the PPA flow evaluates itself:
// cell areas, functions, pin capacitances, output transition tables and
// internal-power tables, leakage.  Units are checked on reading: time in
// ns, capacitance in pF, voltage in V, so a table energy is in pJ.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace amx::synth::liberty {

// A lookup table of one or two variables, each the load on the cell's
// output (pF) or a transition time at an input (ns), interpolated linearly
// and extrapolated from the end segments outside its indices (as OpenSTA
// does, e.g. at the ideal clock's 0 ns transition).
struct Table {
  enum class Var { None, Load, Slew };
  Var var1 = Var::None, var2 = Var::None;
  std::vector<double> x1, x2, v;  // v row-major: x1 outer
  bool empty() const { return v.empty(); }
  double at(double load_pf, double slew_ns) const;
};

struct Pin {
  bool input = false, output = false, clock = false;
  double cap = 0.0;      // pF (input pins)
  std::string function;  // output pins of combinational cells
};

// Output transition of an output pin caused by one of its related inputs.
struct Arc {
  std::string from;
  Table rise, fall;  // ns
};

// Internal energy per transition of a pin (pJ): on an output pin per output
// transition, attributed to `related` (empty: to none in particular, e.g. a
// flip-flop's Q); on an input pin per input transition.
struct Energy {
  std::string related;
  Table rise, fall;
};

struct Cell {
  double area = 0.0;          // um^2
  double leakage_mw = 0.0;
  bool sequential = false;    // ff or latch
  std::map<std::string, Pin> pins;
  std::map<std::string, std::vector<Arc>> arcs;       // by output pin
  std::map<std::string, std::vector<Energy>> energy;  // by pin
};

struct Library {
  std::string path;
  double voltage = 0.0;  // nom_voltage (V)
  std::map<std::string, Cell> cells;
  const Cell& cell(const std::string& name) const;  // throws amx::Error naming the library
};

// Reads a Liberty file; malformed text or units other than ns / pF / V
// throw amx::Error naming the file and line.
Library read(const std::string& path);

}  // namespace amx::synth::liberty
