// The PPA flow run over engine configurations (the units and their R x C
// arrays: synthesis, timing, gate-level simulated power, the contract's
// accuracy), and the report of the results.  `amx ppa` parses its options
// into PpaOptions and calls these two.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "amx/synth/activity.hpp"
#include "amx/synth/flow.hpp"
#include "amx/synth/gate_sim.hpp"

namespace amx::synth {

struct PpaOptions {
  std::vector<std::string> configs;         // engine names (empty: default_engines())
  std::vector<ArrayShape> arrays;           // arrays measured besides the unit
  std::string work_dir;                     // the tools' scripts and logs (a plain path)
  std::string rtl = default_rtl_dir(), liberty;
  // Target clocks in ns, each a run of its own (empty: one run at the slowest
  // design's minimum period).  Units, arrays and gate-level simulations are
  // shared by the runs that build the same engine.
  std::vector<double> clocks;
  // With target clocks: each configuration is the first rung of its ladder
  // (flow.hpp) and the fewest stages that meet each clock are built (false:
  // exactly the configurations named).
  bool fit_clock = true;
  int jobs = 2;
  uint64_t seed = 1;
  uint64_t sim_cycles = 256;  // gate-level simulation per unit and stimulus
  // Further activation sets each engine's contract is measured on (SQNR of
  // its GEMM against the LLM stimulus's weights; the frontier's columns).
  struct Activations {
    std::string name;
    size_t rows = 0, k = 0;
    std::vector<float> x;  // rows x k, finite
  };
  std::vector<Activations> accuracy;
  bool frontier = false;  // the report opens with the iso-accuracy frontier
};

struct ArrayResult {
  int rows = 0, cols = 0, drain_rows = 1;
  ArrayShape shape() const { return {rows, cols, drain_rows}; }
  Synthesis glue;
  Timing timing;
  Power glue_llm;
  // Derived at the common clock.
  double area = 0.0, power_mw = 0.0, energy_pj = 0.0, min_period_ns = 0.0;
};

// One rung of a configuration's ladder tried against the target clock.
struct Rung {
  const Engine* e = nullptr;
  double min_period_ns = 0.0;
  double area_um2 = 0.0;
  std::string from, to;  // its worst path
  int cells = 0;
};

struct ConfigResult {
  const Engine* e = nullptr;
  std::string requested;     // the configuration asked for (e is the rung chosen)
  std::vector<Rung> ladder;  // the rungs tried, in order (empty: no target clock to fit)
  Synthesis unit;
  Timing timing;
  UnitStimulus llm, random;
  // Gate-level simulation: with the cells' delays (the reported power) and
  // zero-delay (no glitches; the reference for OpenSTA's propagation).
  GateActivity gate_llm, gate_random, gate_llm_zero;
  Power llm_power, random_power;
  double energy_pj = 0.0;       // per MAC, LLM stimulus, at the common clock (with the cells' delays)
  double energy_zero_pj = 0.0;  // the same from the zero-delay simulation (no glitches)
  double sqnr_db = 0.0;         // the contract's GEMM accuracy on the LLM stimulus (contract_sqnr)
  std::vector<std::pair<std::string, double>> sqnr_on;  // the same on each of PpaOptions::accuracy
  bool meets_clock = true;      // minimum period within the target clock
  double sim_clock_ns = 0.0;    // the clock its energy is given at: the common one, or its own if slower
  // The period of its gate-level simulations: the slowest clock it is built
  // for, or its own if slower.  The toggles per cycle, glitches included, do
  // not depend on the period once every path settles within it (every result
  // is checked against the golden), so one simulation serves every clock.
  double gate_clock_ns = 0.0;
  std::vector<ArrayResult> arrays;
};

// The configurations built for one target clock.
struct ClockRun {
  double clock_ns = 0.0;  // the common clock of power and energy
  std::vector<ConfigResult> configs;
};

struct PpaResult {
  Tools tools;
  bool clock_given = false;  // target clocks (--clock-ns) rather than the slowest design's period
  bool frontier = false;     // report the iso-accuracy frontier first (PpaOptions::frontier)
  double wall_seconds = 0.0;
  std::vector<ArrayShape> arrays;
  std::vector<ClockRun> runs;  // one per target clock, slowest first
};

// Throws amx::Error (tool failures name the command and log).
PpaResult run_ppa(const PpaOptions& o);  // amx/report/ppa_report.hpp writes its report

}  // namespace amx::synth
