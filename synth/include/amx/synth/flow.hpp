// The PPA flow: Yosys synthesis of the RTL engines to the OSU 0.18 um
// standard cells of Debian's qflow, OpenSTA static timing, and OpenSTA power
// from switching activities of a stimulus.  Every figure comes from a tool
// run whose script and log stay in the work directory.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "amx/golden/dot.hpp"
#include "amx/golden/formats.hpp"
#include "amx/synth/engines.hpp"

namespace amx::synth {

// The environment every design is measured in: inputs driven by this cell,
// this load on every output port.
inline constexpr const char* kInputDriver = "BUFX2";
inline constexpr double kOutputLoadPf = 0.01;  // about two gate inputs

// The tools and the cell library; find_tools throws amx::Error naming what
// is missing.
struct Tools {
  std::string yosys, sta, iverilog, vvp, liberty, cell_models, rtl_dir;
  double nand2_area = 0.0;  // um^2 of NAND2X1, the gate-equivalent unit
};
Tools find_tools(const std::string& rtl_dir, const std::string& liberty = "");
// The RTL the flow synthesizes when --rtl is not given: $AMX_RTL_DIR, else
// share/amx-mac/rtl beside an installed binary (cmake --install), else the
// source tree the binary was built from.
std::string default_rtl_dir();

// Paths written into the tools' scripts (Yosys commands, OpenSTA's Tcl) must
// be plain: letters, digits and / . _ - + , = @ only, so that no path can
// become a command there.  Throws amx::Error naming the option otherwise.
void require_plain_path(const std::string& option, const std::string& path);

const std::vector<Engine>& engines();                // the registry's engines the flow measures (ppa not no)
// Register stages from the operands to the running sum: PIPE, plus the
// accumulator's (two with ACC_II = 2).
int stages(const Engine& e);
// The engines of e's datapath (formats, block, contract) with at least e's
// stages, fewest first: what `amx ppa --clock-ns` climbs to meet a clock.
std::vector<const Engine*> ladder(const Engine& e);
bool same_datapath(const Engine& a, const Engine& b);  // formats, block and contract
const Engine& first_rung(const Engine& e);             // the bottom of e's ladder (fewest stages, first in the table)
const std::vector<std::string>& default_engines();   // the report's: one per format pair (ppa default)
const std::vector<std::string>& main_engines();      // the main job's first rungs at 10 ns (ppa main)
// The frontier's first rungs (amx ppa --frontier): one per datapath of the
// measured engines (format pair, block, contract; not class-seq, and no
// `window` for one-class pairs, where it is the block datapath), its main
// rung where it has one, else its first rung with a two-cycle accumulator
// (the main rungs' depth); with full_ladder its bottom rung.
std::vector<std::string> frontier_engines(bool full_ladder);
const Engine& find_engine(const std::string& name);  // throws amx::Error listing the known ones

// Area of one hardware unit of the design, summed over its instances.
struct Part {
  std::string unit;
  double area = 0.0;
  uint64_t cells = 0;
};

struct Synthesis {
  std::string top;      // block_dot, or mac_array (its control and drain bank; units black boxes)
  int rows = 1, cols = 1;
  double area = 0.0;    // um^2 of the mapped cells
  uint64_t cells = 0, flops = 0;
  uint64_t transistors = 0;  // Yosys `stat -tech cmos` of the generic gate netlist
  double nand2 = 0.0;   // area / NAND2X1 area
  double hier_area = 0.0;   // before constant folding
  size_t folded_cells = 0;  // cells with all-constant inputs folded away
  bool ties = false;        // the netlist has the tie ports amx_tie0/1
  // Area by hardware unit (hierarchical statistics, scaled to the total).
  std::vector<Part> parts;
  std::string netlist;      // mapped Verilog, ports split to bits (OpenSTA)
  std::string sim_netlist;  // the same netlist with bus ports (simulation)
  double seconds = 0.0;
};

// Synthesizes engine e: top "block_dot" (one unit) or "mac_array" (R x C;
// the block_dot units as black boxes, synthesized once as the unit;
// drain_rows result rows leave its drain bank per cycle).  The units are
// synthesized and mapped hierarchically (the breakdown); the measured
// netlist is that one flattened, with constant cells folded.
Synthesis synthesize(const Tools& t, const Engine& e, const std::string& top, int rows, int cols,
                     const std::string& dir, int drain_rows = 1);

struct Timing {
  double min_period_ns = 0.0;  // arrival + setup of the worst register-to-register or I/O path
  std::string startpoint, endpoint;  // OpenSTA's names (flat cell instances or ports)
  // The same path in the RTL's names: the registers (their Q nets) or ports
  // it starts and ends at, the hierarchy it passes through in order (named
  // nets' instance paths; "top" for block_dot's own), and its cells.
  std::string from, to;
  std::vector<std::string> through;
  int cells = 0;
  std::string path;  // OpenSTA's report of that path
};
Timing time_netlist(const Tools& t, const Synthesis& s, const std::string& dir);

// Switching activity of one input port bit: transitions per clock cycle and
// the fraction of cycles it is 1.
struct Activity {
  std::string port;  // e.g. a_i[3]
  double activity = 0.0, duty = 0.0;
};

struct Power {
  double internal_mw = 0.0, switching_mw = 0.0, leakage_mw = 0.0;
  double total_mw() const { return internal_mw + switching_mw + leakage_mw; }
  // OpenSTA 2.0.17 adds the rise and fall energies of an internal-power group
  // at every transition, twice the Liberty per-transition energy: the total
  // with its internal power halved (tests: GatePower.*).
  double corrected_internal_mw() const { return internal_mw / 2.0; }
  double corrected_total_mw() const { return corrected_internal_mw() + switching_mw + leakage_mw; }
};
// OpenSTA report_power at clock_ns with the given input activities (other
// inputs: default_activity), which OpenSTA propagates through the netlist.
// (OpenSTA 2.0.17 ignores activities set on internal pins, so a gate-level
// simulation's toggles cannot be handed to it: see GateActivity.)
Power power(const Tools& t, const Synthesis& s, double clock_ns, const std::vector<Activity>& inputs,
            double default_activity, const std::string& dir, const std::string& tag);

// Runs a tool (an argument vector, no shell: run_process) with its output in
// log; a non-zero exit or a line of the log starting with error_prefix
// throws amx::Error with the tool's message, the command and the log's path.
void run_tool(const std::string& what, const std::vector<std::string>& argv, const std::string& log,
              const char* error_prefix);
std::string read_text(const std::string& path);


// Parsers of the tools' reports (exposed for the tests).
struct StatModule {
  std::string name;  // module base name (fp32_add, block_dot, ...)
  double area = 0.0;
  uint64_t cells = 0;
};
// Yosys `stat -liberty` text: per-unit parts of the top (instances of each
// direct child of the top, with everything below them), the totals.
Synthesis parse_stat(const std::string& text, const std::string& top);
uint64_t parse_transistors(const std::string& text);
Timing parse_timing(const std::string& text);
// The netlist's cell delays at clock_ns as SDF (OpenSTA write_sdf), every
// min::max triple rewritten as max:max:max for Icarus's $sdf_annotate.
void write_sdf(const Tools& t, const Synthesis& s, double clock_ns, const std::string& sdf);
// The SDF text without its INTERCONNECT entries whose every delay is zero.
std::string drop_zero_interconnects(const std::string& sdf);
// The net on a cell instance's Q pin in a netlist (empty when none), for
// naming a flip-flop after the register it holds.
std::string register_name(const std::string& netlist_text, const std::string& instance);
Power parse_power(const std::string& text);
std::string module_base(const std::string& yosys_name);

}  // namespace amx::synth
