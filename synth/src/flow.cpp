// The PPA flow's tool runs: the registry's engines, their ladders, Yosys
// scripts, OpenSTA timing and power, and the SDF the timed simulation reads.
#include "amx/synth/flow.hpp"

#include "amx/golden/dot.hpp"
#include "amx/golden/tensor_io.hpp"
#include "amx/synth/fold.hpp"
#include "amx/synth/process.hpp"

#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <algorithm>
#include <tuple>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "amx/golden/error.hpp"

namespace amx::synth {

namespace {

const char* const kRtlFiles[] = {"scale_dec", "scale_mul",  "fp4_mul",  "class_reduce", "scale_unit",
                                 "term_align", "csa_tree", "term_window", "lead_one", "prefix_add", "fp32_round", "fp32_unpack", "fp32_add_front", "fp32_add_back", "fp32_add",
                                 "pipe_reg",  "acc_fp32",   "scale_align", "acc_fused", "block_dot",
                                 "mac_ctrl",  "mac_array"};
constexpr double kProbePeriodNs = 1000.0;  // timing runs at a period no design misses: slack gives the minimum
constexpr int kAbcDelayTargetPs = 10000;   // the same mapping target for every design (fair comparison)

// Scripts and constraints go through the one file writer (temp and rename).
using golden::write_file;

std::string which(const std::string& prog) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  std::string d;
  while (std::getline(dirs, d, ':')) {
    const std::string p = (d.empty() ? "." : d) + "/" + prog;
    if (access(p.c_str(), X_OK) == 0) return p;
  }
  return "";
}

std::string tail(const std::string& text, int lines) {
  size_t pos = text.size();
  for (int i = 0; i <= lines && pos > 0; ++i) pos = text.rfind('\n', pos - 1);
  return pos == std::string::npos ? text : text.substr(pos + 1);
}

double parse_double(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

std::string sta_header(const Tools& t, const Synthesis& s) {
  return fmt::format("read_liberty {{{}}}\nread_verilog {{{}}}\nlink_design {}\n", t.liberty, s.netlist, s.top);
}

// The tie ports hold constants: no timing through them, no switching.
std::string sta_ties(const Synthesis& s) {
  if (!s.ties) return "";
  return "set_false_path -from [get_ports {amx_tie0 amx_tie1}]\n"
         "set_power_activity -input_ports [get_ports amx_tie0] -activity 0 -duty 0\n"
         "set_power_activity -input_ports [get_ports amx_tie1] -activity 0 -duty 1\n";
}

std::string sta_constraints(double period) {
  return fmt::format(
      "create_clock -name clk -period {} [get_ports clk_i]\n"
      "set_input_delay 0 -clock clk [delete_from_list [all_inputs] [get_ports clk_i]]\n"
      "set_output_delay 0 -clock clk [all_outputs]\n"
      "set_driving_cell -lib_cell " + std::string(kInputDriver) + " [delete_from_list [all_inputs] [get_ports clk_i]]\n"
      "set_load {} [all_outputs]\n",
      period, kOutputLoadPf);
}

std::string unit_name(const std::string& base, const std::string& top) {
  static const std::map<std::string, std::string> names = {
      {"class_reduce", "FP4 products and sign-class sums"},
      {"scale_unit", "scale unit (scale products, class exponents)"},
      {"term_align", "class-term alignment (exact sum)"},
      {"term_window", "class-term window (bounded sum)"},
      {"fp32_round", "class-term rounding"},
      {"acc_fp32", "FP32 accumulator"},
      {"acc_fused", "fused accumulator (held terms, truncating aligner, RZ)"},
      {"scale_align", "scale alignment exponents (fused)"},
      {"pipe_reg", "pipeline registers"},
      {"mac_ctrl", "K-loop controller"}};
  if (base == top) return top == "mac_array" ? "drain bank and result mux" : "unit glue (operand split, control)";
  const auto it = names.find(base);
  return it == names.end() ? base : it->second;
}

}  // namespace

std::string read_text(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw Error("cannot read " + path);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

void run_tool(const std::string& what, const std::vector<std::string>& argv, const std::string& log,
              const char* error_prefix) {
  const int rc = run_process(argv, log);
  const std::string cmd = shell_command(argv);
  const std::string out = read_text(log);
  std::string errors;
  std::istringstream lines(out);
  for (std::string l; std::getline(lines, l);)
    if (l.rfind(error_prefix, 0) == 0) errors += "  " + l + "\n";
  if (rc != 0 || !errors.empty())
    throw Error(fmt::format("{} failed (exit status {}):\n{}  command: {}\n  log: {}", what, rc,
                            errors.empty() ? tail(out, 15) : errors, cmd, log));
}

void require_plain_path(const std::string& option, const std::string& path) {
  if (path.empty()) throw Error(option + " is empty");
  for (char c : path)
    if (!std::isalnum(static_cast<unsigned char>(c)) && std::string("/._-+,=@").find(c) == std::string::npos)
      throw Error(option + " '" + path + "': only letters, digits and / . _ - + , = @ are allowed in paths the " +
                  "synthesis and timing scripts name (found '" + std::string(1, c) + "')");
}

std::string default_rtl_dir() {
  if (const char* env = std::getenv("AMX_RTL_DIR"); env && *env) return env;
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const std::filesystem::path installed = exe.parent_path().parent_path() / "share" / "amx-mac" / "rtl";
    if (std::filesystem::exists(installed / "block_dot.v", ec)) return installed.string();
  }
  return AMX_RTL_DIR;
}

Tools find_tools(const std::string& rtl_dir, const std::string& liberty) {
  if (!liberty.empty()) require_plain_path("--liberty", liberty);
  require_plain_path("--rtl", rtl_dir);
  Tools t;
  t.yosys = which("yosys");
  t.sta = which("sta");
  t.iverilog = which("iverilog");
  t.vvp = which("vvp");
  std::string missing;
  if (t.yosys.empty()) missing += " yosys (Debian package yosys)";
  if (t.sta.empty()) missing += " sta (Debian package opensta)";
  if (t.iverilog.empty() || t.vvp.empty()) missing += " iverilog and vvp (Debian package iverilog)";
  t.liberty = liberty.empty() ? "/usr/share/qflow/tech/osu018/osu018_stdcells.lib" : liberty;
  if (access(t.liberty.c_str(), R_OK) != 0)
    missing += " " + t.liberty + (liberty.empty() ? " (Debian package qflow-tech-osu018)" : "");
  // The cell models for gate-level simulation sit beside the library.
  t.cell_models = t.liberty;
  if (t.cell_models.size() > 4 && t.cell_models.compare(t.cell_models.size() - 4, 4, ".lib") == 0)
    t.cell_models.resize(t.cell_models.size() - 4);
  t.cell_models += ".v";
  if (access(t.liberty.c_str(), R_OK) == 0 && access(t.cell_models.c_str(), R_OK) != 0)
    missing += " " + t.cell_models + " (the cells' Verilog models, beside the library)";
  if (!missing.empty()) throw Error("the PPA flow needs:" + missing + "; scripts/setup.sh installs them");
  t.rtl_dir = rtl_dir;
  for (const char* f : kRtlFiles)
    if (access((rtl_dir + "/" + f + ".v").c_str(), R_OK) != 0)
      throw Error("RTL source " + rtl_dir + "/" + f + ".v not found (--rtl DIR)");
  const std::string lib = read_text(t.liberty);
  const std::regex nand(R"(cell\s*\(\s*NAND2X1\s*\)\s*\{\s*area\s*:\s*([0-9.]+))");
  std::smatch m;
  if (!std::regex_search(lib, m, nand)) throw Error(t.liberty + " has no NAND2X1 cell with an area");
  t.nand2_area = parse_double(m[1]);
  return t;
}

const std::vector<Engine>& engines() {
  static const std::vector<Engine> e = [] {
    std::vector<Engine> v;
    for (const Engine& x : registry())
      if (x.ppa != PpaRole::No) v.push_back(x);
    return v;
  }();
  return e;
}

int stages(const Engine& e) { return e.pipe + e.acc_ii; }

bool same_datapath(const Engine& a, const Engine& b) {
  return a.n == b.n && a.sfa == b.sfa && a.asym_a == b.asym_a && a.sfb == b.sfb && a.asym_b == b.asym_b &&
         a.disc == b.disc && a.lanes == b.lanes;
}

// A rung below e on its ladder: fewer stages, or as many and earlier in the
// table (a `u` or `c` twin is above its cheaper form, never below).
namespace {
bool below(const Engine& x, const Engine& e) {
  return same_datapath(x, e) && (stages(x) < stages(e) || (stages(x) == stages(e) && &x < &e));
}
}  // namespace

std::vector<const Engine*> ladder(const Engine& e) {
  std::vector<const Engine*> out;
  // e and the rungs above it.
  for (const Engine& x : engines())
    if (same_datapath(x, e) && !below(x, e)) out.push_back(&x);
  // e first, then by stages (the table's order among equals).
  std::stable_sort(out.begin(), out.end(), [&e](const Engine* a, const Engine* b) {
    return std::make_tuple(a != &e, stages(*a)) < std::make_tuple(b != &e, stages(*b));
  });
  return out;
}

const Engine& first_rung(const Engine& e) {
  for (const Engine& x : engines())
    if (below(x, e)) return first_rung(x);
  return e;
}

namespace {
std::vector<std::string> engines_in_role(PpaRole role) {
  std::vector<std::string> v;
  for (const Engine& e : engines())
    if (e.ppa == role) v.push_back(e.name);
  return v;
}
}  // namespace

const std::vector<std::string>& default_engines() {
  static const std::vector<std::string> d = engines_in_role(PpaRole::Default);
  return d;
}

const std::vector<std::string>& main_engines() {
  static const std::vector<std::string> d = engines_in_role(PpaRole::Main);
  return d;
}

std::vector<std::string> frontier_engines(bool full_ladder) {
  std::vector<std::string> v;
  for (const Engine& e : engines()) {
    const auto d = static_cast<golden::Discipline>(e.disc);
    // One-class window at one lane is the block datapath (not a point of its own).
    if (d == golden::Discipline::ClassSeq || (d == golden::Discipline::Window && !e.asym_a && !e.asym_b && e.lanes == 1))
      continue;
    const Engine& bottom = first_rung(e);
    if (&bottom != &e) continue;  // one entry per datapath: its bottom rung stands for it
    // Without the full ladder it starts at its main rung, or (a format the
    // main job does not measure) at its first rung with the main rungs'
    // two-cycle accumulator, the depth the same contract meets 10 ns at.
    const Engine* start = &bottom;
    if (!full_ladder) {
      const std::vector<const Engine*> l = ladder(bottom);
      const auto main = std::find_if(l.begin(), l.end(), [](const Engine* r) { return r->ppa == PpaRole::Main; });
      const auto ii2 = std::find_if(l.begin(), l.end(), [](const Engine* r) { return r->acc_ii == 2; });
      start = main != l.end() ? *main : ii2 != l.end() ? *ii2 : &bottom;
    }
    v.push_back(start->name);
  }
  return v;
}

const Engine& find_engine(const std::string& name) {
  std::string known;
  for (const Engine& e : engines()) {
    if (e.name == name) return e;
    known += " " + e.name;
  }
  throw Error("unknown PPA configuration '" + name + "'; known:" + known);
}

std::string module_base(const std::string& yosys_name) {
  std::string s = yosys_name;
  if (!s.empty() && s[0] == '\\') s.erase(0, 1);
  if (s.rfind("$paramod", 0) == 0) {
    // $paramod\name\P=... or $paramod$hash\name
    const size_t b = s.find('\\');
    if (b == std::string::npos) return s;
    const size_t e = s.find('\\', b + 1);
    return s.substr(b + 1, e == std::string::npos ? std::string::npos : e - b - 1);
  }
  return s;
}

Synthesis parse_stat(const std::string& text, const std::string& top) {
  Synthesis s;
  s.top = top;
  std::map<std::string, StatModule> mods;  // full name (no leading backslash) -> own area, cells
  const std::regex section(R"(^=== (.+) ===$)");
  const std::regex cells(R"(^\s+Number of cells:\s+(\d+))");
  const std::regex area(R"(^\s+Chip area for module '\\?(.+)': ([0-9.eE+-]+))");
  const std::regex top_area(R"(^\s+Chip area for top module '\\?(.+)': ([0-9.eE+-]+))");
  const std::regex tree(R"(^(\s+)(\S+)\s+(\d+)$)");
  const std::regex cell_type(R"(^\s+(\S+)\s+(\d+)$)");
  std::istringstream in(text);
  std::string cur;
  bool in_tree = false, saw_top_area = false;
  uint64_t last_cells = 0;
  std::vector<std::pair<int, std::pair<std::string, uint64_t>>> entries;  // (depth, (name, count))
  std::map<std::string, uint64_t> types, top_types;
  for (std::string l; std::getline(in, l);) {
    std::smatch m;
    if (std::regex_match(l, m, section)) {
      cur = m[1];
      if (!cur.empty() && cur[0] == '\\') cur.erase(0, 1);
      in_tree = cur == "design hierarchy";
      types.clear();
      continue;
    }
    if (in_tree) {
      // The instance tree: indented "name count" lines up to the first blank line.
      if (l.find_first_not_of(' ') == std::string::npos) {
        if (!entries.empty()) in_tree = false;
        continue;
      }
      if (std::regex_match(l, m, tree)) {
        entries.push_back({static_cast<int>(m[1].length()), {m[2], std::stoull(m[3])}});
        continue;
      }
      in_tree = false;
    }
    if (std::regex_search(l, m, cells)) {
      last_cells = std::stoull(m[1]);
      continue;
    }
    if (std::regex_search(l, m, top_area)) {
      s.area = parse_double(m[2]);
      s.cells = last_cells;
      top_types = types;
      saw_top_area = true;
      continue;
    }
    if (std::regex_search(l, m, area)) {
      StatModule& sm = mods[m[1]];
      sm.name = module_base(m[1]);
      sm.area = parse_double(m[2]);
      sm.cells = last_cells;
      if (module_base(m[1]) == top) top_types = types;
      continue;
    }
    if (std::regex_match(l, m, cell_type) && l.find("Number of") == std::string::npos) types[m[1]] += std::stoull(m[2]);
  }
  if (!saw_top_area) {  // one module: no hierarchy section
    for (const auto& [name, sm] : mods)
      if (sm.name == top) {
        s.area = sm.area;
        s.cells = sm.cells;
      }
    entries.clear();
  }
  if (s.area <= 0.0) throw Error("no chip area for " + top + " in the Yosys statistics");
  for (const auto& [type, n] : top_types)
    if (type.rfind("DFF", 0) == 0 || type.rfind("LATCH", 0) == 0) s.flops += n;

  // Instances: multiplicity of each tree entry, summed per direct child of the top.
  auto own = [&](const std::string& name) -> const StatModule* {
    std::string n = name;
    if (!n.empty() && n[0] == '\\') n.erase(0, 1);
    const auto it = mods.find(n);
    return it == mods.end() ? nullptr : &it->second;
  };
  std::map<std::string, Part> parts;
  std::vector<std::string> order;
  auto add = [&](const std::string& unit, double a, uint64_t c) {
    if (!parts.count(unit)) order.push_back(unit);
    Part& p = parts[unit];
    p.unit = unit;
    p.area += a;
    p.cells += c;
  };
  if (const StatModule* t = own(top)) add(unit_name(top, top), t->area, t->cells);
  std::vector<std::pair<int, uint64_t>> stack;  // (indent, multiplicity)
  std::string group;
  for (size_t i = 1; i < entries.size(); ++i) {  // entries[0] is the top
    const int indent = entries[i].first;
    while (!stack.empty() && stack.back().first >= indent) stack.pop_back();
    const uint64_t mult = (stack.empty() ? 1 : stack.back().second) * entries[i].second.second;
    if (stack.empty()) group = unit_name(module_base(entries[i].second.first), top);
    stack.push_back({indent, mult});
    if (const StatModule* sm = own(entries[i].second.first))
      add(group, sm->area * static_cast<double>(mult), sm->cells * mult);
  }
  for (const std::string& u : order)
    if (parts[u].area > 0.0) s.parts.push_back(parts[u]);
  return s;
}

uint64_t parse_transistors(const std::string& text) {
  const std::regex re(R"(Estimated number of transistors:\s+(\d+))");
  uint64_t n = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it) n = std::stoull((*it)[1]);
  return n;
}

Timing parse_timing(const std::string& text) {
  // Path reports start at "Startpoint:"; the clock group's is the one we want.
  Timing t;
  size_t pos = 0;
  while ((pos = text.find("Startpoint: ", pos)) != std::string::npos) {
    const size_t next = text.find("Startpoint: ", pos + 1);
    const std::string block = text.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
    pos = next == std::string::npos ? text.size() : next;
    if (block.find("Path Group: clk") == std::string::npos) continue;
    std::smatch m;
    const std::regex sp(R"(Startpoint: (\S+))"), ep(R"(Endpoint: (\S+))"), slack(R"(([-0-9.]+)\s+slack \()");
    if (!std::regex_search(block, m, slack)) continue;
    const double s = parse_double(m[1]);
    t.min_period_ns = kProbePeriodNs - s;
    if (std::regex_search(block, m, sp)) t.startpoint = m[1];
    if (std::regex_search(block, m, ep)) t.endpoint = m[1];
    t.path = block;
    // Nets along the path (-fields nets): "<fanout> <cap> <name> (net)".
    const std::regex net(R"(\s(\S+) \(net\)\s*$)"), anon(R"(_\d+_)");
    std::istringstream in(block);
    std::vector<std::string> names;
    for (std::string l; std::getline(in, l);)
      if (std::regex_search(l, m, net)) names.push_back(m[1]);
    t.cells = static_cast<int>(names.size());
    t.from = names.empty() || std::regex_match(names.front(), anon) ? t.startpoint : names.front();
    if (t.startpoint.find('/') == std::string::npos && t.from != t.startpoint) t.from = t.startpoint;  // a port
    t.to = t.endpoint;
    for (const std::string& n : names) {
      if (std::regex_match(n, anon)) continue;
      // The instance path: up to the last '.' outside a bit select.
      int depth = 0;
      size_t dot = std::string::npos;
      for (size_t i = 0; i < n.size(); ++i) {
        depth += n[i] == '[' ? 1 : n[i] == ']' ? -1 : 0;
        if (n[i] == '.' && depth == 0) dot = i;
      }
      const std::string h = dot == std::string::npos ? "top" : n.substr(0, dot);
      if (t.through.empty() || t.through.back() != h) t.through.push_back(h);
    }
    return t;
  }
  throw Error("OpenSTA reported no path of clock clk");
}

Power parse_power(const std::string& text) {
  const std::regex re(R"(^Total\s+([-0-9.eE+]+)\s+([-0-9.eE+]+)\s+([-0-9.eE+]+)\s+([-0-9.eE+]+))");
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    std::smatch m;
    if (std::regex_search(l, m, re)) {
      Power p;
      p.internal_mw = parse_double(m[1]) * 1e3;
      p.switching_mw = parse_double(m[2]) * 1e3;
      p.leakage_mw = parse_double(m[3]) * 1e3;
      return p;
    }
  }
  throw Error("OpenSTA printed no power total");
}

Synthesis synthesize(const Tools& t, const Engine& e, const std::string& top, int rows, int cols,
                     const std::string& dir, int drain_rows) {
  if (top != "block_dot" && top != "mac_array") throw Error("cannot synthesize top " + top);
  std::filesystem::create_directories(dir);
  // Only the sources below the top.
  std::string files;
  for (const char* f : kRtlFiles)
    if (top == "mac_array" || (std::string(f) != "mac_ctrl" && std::string(f) != "mac_array"))
      files += " " + t.rtl_dir + "/" + f + ".v";
  std::string params = fmt::format("-set N {} -set SCALE_FMT_A {} -set ASYM_A {} -set SCALE_FMT_B {} -set ASYM_B {} "
                                   "-set DISC {} -set PIPE {} -set SPLIT {}",
                                   e.n, e.sfa, e.asym_a, e.sfb, e.asym_b, e.disc, e.pipe, e.split);
  if (top == "mac_array") params += fmt::format(" -set R {} -set C {}", rows, cols);
  if (top == "mac_array" && drain_rows != 1) params += fmt::format(" -set DRAIN_ROWS {}", drain_rows);
  if (e.acc_ii != 1) params += fmt::format(" -set ACC_II {}", e.acc_ii);
  if (e.lanes != 1) params += fmt::format(" -set LANES {}", e.lanes);
  const std::string constr = dir + "/abc.constr";
  write_file(constr, "set_driving_cell " + std::string(kInputDriver) + "\nset_load " + std::to_string(kOutputLoadPf) + "\n");
  const std::string map = fmt::format("dfflibmap -liberty {0}\nabc -D {1} -constr {2} -liberty {0}\nopt_clean -purge\n",
                                       t.liberty, kAbcDelayTargetPs, constr);
  std::string ys;
  ys += "read_verilog -sv -I" + t.rtl_dir + files + "\n";
  ys += "chparam " + params + " " + top + "\n";
  ys += "hierarchy -top " + top + "\n";
  // The array's units are the block_dot synthesized on its own: here they
  // are black boxes, so the array run maps only the controller and drain bank.
  if (top == "mac_array") ys += "blackbox *block_dot*\n";
  // Hierarchical synthesis: each hardware unit's area stays visible.
  ys += "synth -top " + top + "\n";
  ys += "tee -q -o " + dir + "/cmos.txt stat -tech cmos\n" + map;
  ys += "tee -q -o " + dir + "/stat_units.txt stat -liberty " + t.liberty + "\n";
  // One flat netlist for simulation, timing and power (constant cells are
  // folded out of it afterwards: fold_constants).
  // Cells get their names here, once: write_verilog numbers unnamed cells
  // afresh on every write, and the SDF written from netlist.v must name the
  // same cells in netlist_sim.v, which the timed simulation annotates.
  ys += "flatten\nopt_clean -purge\nrename -enumerate\n";
  ys += "write_verilog -noattr -noexpr " + dir + "/netlist_sim.v\n";
  // OpenSTA's reader takes no concatenations on the left of an assign.
  ys += "splitnets -ports\nopt_clean -purge\n";
  ys += "tee -q -o " + dir + "/stat.txt stat -liberty " + t.liberty + "\n";
  ys += "write_verilog -noattr -noexpr " + dir + "/netlist.v\n";
  write_file(dir + "/synth.ys", ys);
  const auto t0 = std::chrono::steady_clock::now();
  run_tool("yosys (" + e.name + " " + top + ")", {t.yosys, "-q", dir + "/synth.ys"}, dir + "/yosys.log",
           "ERROR:");
  Synthesis s = parse_stat(read_text(dir + "/stat.txt"), top);
  const Folded folded = fold_constants(dir + "/netlist.v", t.liberty, true);
  fold_constants(dir + "/netlist_sim.v", t.liberty, false);
  s.ties = folded.ties;
  s.area -= folded.area;
  s.cells -= folded.cells;
  s.folded_cells = folded.cells;
  // The units' shares from the hierarchical statistics, scaled to the total.
  const Synthesis units = parse_stat(read_text(dir + "/stat_units.txt"), top);
  s.hier_area = units.area;
  s.parts.clear();
  for (Part p : units.parts) {
    p.area *= s.area / units.area;
    s.parts.push_back(p);
  }
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  s.rows = rows;
  s.cols = cols;
  s.transistors = parse_transistors(read_text(dir + "/cmos.txt"));
  s.nand2 = s.area / t.nand2_area;
  s.netlist = dir + "/netlist.v";
  s.sim_netlist = dir + "/netlist_sim.v";
  return s;
}

Timing time_netlist(const Tools& t, const Synthesis& s, const std::string& dir) {
  const std::string tcl = dir + "/timing.tcl";
  write_file(tcl, sta_header(t, s) + sta_constraints(kProbePeriodNs) + sta_ties(s) +
                      "report_checks -path_delay max -group_count 1 -fields {fanout cap slew nets} -digits 3\n");
  run_tool("OpenSTA timing (" + s.top + ")", {t.sta, "-no_init", "-exit", tcl}, dir + "/timing.log",
           "Error:");
  Timing tm = parse_timing(read_text(dir + "/timing.log"));
  // Registers by the nets they hold; ports keep their names.
  const std::string text = read_text(s.netlist);
  if (const std::string q = register_name(text, tm.startpoint); !q.empty()) tm.from = q;
  if (const std::string q = register_name(text, tm.endpoint); !q.empty()) tm.to = q;
  return tm;
}

void write_sdf(const Tools& t, const Synthesis& s, double clock_ns, const std::string& sdf) {
  const std::string tcl = sdf + ".tcl";
  write_file(tcl, sta_header(t, s) + sta_constraints(clock_ns) + sta_ties(s) + "write_sdf -no_timestamp -no_version -digits 4 {" +
                      sdf + "}\n");
  run_tool("OpenSTA write_sdf (" + s.top + ")", {t.sta, "-no_init", "-exit", tcl}, sdf + ".log", "Error:");
  // OpenSTA writes (min::max); Icarus annotates the typical value, so every
  // triple becomes (max:max:max), the slow corner the clock was timed at.
  const std::string in = read_text(sdf);
  std::string out;
  out.reserve(in.size() + in.size() / 8);
  for (size_t i = 0; i < in.size();) {
    const size_t mid = in.find("::", i);
    if (mid == std::string::npos) {
      out.append(in, i, std::string::npos);
      break;
    }
    const size_t begin = in.find_last_of(" (", mid) + 1, close = in.find(')', mid);  // the min value's start
    if (begin == 0 || begin < i || in[begin - 1] != '(' || close == std::string::npos) {  // not a delay value
      out.append(in, i, mid + 2 - i);
      i = mid + 2;
      continue;
    }
    const std::string max = in.substr(mid + 2, close - mid - 2);
    out.append(in, i, begin - i);
    out += max + ":" + max + ":" + max + ")";
    i = close + 1;
  }
  write_file(sdf, drop_zero_interconnects(out));
}

std::string drop_zero_interconnects(const std::string& sdf) {
  // An unplaced netlist has no wires, so nearly every INTERCONNECT entry is
  // zero; Icarus looks each one up (half of a large unit's annotation time)
  // to add no delay.
  std::string out;
  out.reserve(sdf.size());
  std::istringstream in(sdf);
  for (std::string line; std::getline(in, line);) {
    const size_t at = line.find_first_not_of(' ');
    bool zero = at != std::string::npos && line.compare(at, 14, "(INTERCONNECT ") == 0;
    for (size_t p = line.find('(', at + 1); zero && p != std::string::npos; p = line.find('(', p + 1)) {
      const size_t end = line.find(')', p);
      for (size_t c = p + 1; c < end; ++c)
        if (line[c] != '0' && line[c] != '.' && line[c] != ':') zero = false;
    }
    if (!zero) out += line + "\n";
  }
  return out;
}

std::string register_name(const std::string& text, const std::string& instance) {
  for (const std::string& head : {" " + instance + " (\n", " \\" + instance + " (\n"}) {
    const size_t at = text.find(head);
    if (at == std::string::npos) continue;
    const size_t end = text.find(");", at);
    const size_t q = text.find(".Q(", at);
    if (q == std::string::npos || q > end) return "";
    std::string n = text.substr(q + 3, text.find(')', q + 3) - q - 3);
    n.erase(std::remove(n.begin(), n.end(), '\\'), n.end());
    n.erase(std::remove(n.begin(), n.end(), ' '), n.end());
    return n;
  }
  return "";
}

Power power(const Tools& t, const Synthesis& s, double clock_ns, const std::vector<Activity>& inputs,
            double default_activity, const std::string& dir, const std::string& tag) {
  if (!(clock_ns > 0.0)) throw Error("the power clock period must be positive");
  std::string tcl = sta_header(t, s) + sta_constraints(clock_ns);
  tcl += fmt::format("set_power_activity -input -activity {} -duty 0.5\n", default_activity);
  tcl += "set_power_activity -input_ports [get_ports rst_ni] -activity 0 -duty 1\n";
  for (const Activity& a : inputs)
    tcl += fmt::format("set_power_activity -input_ports [get_ports {{{}}}] -activity {:.6f} -duty {:.6f}\n", a.port,
                       a.activity, a.duty);
  tcl += sta_ties(s);
  tcl += "report_power -digits 6\n";
  const std::string file = dir + "/power_" + tag + ".tcl";
  write_file(file, tcl);
  run_tool("OpenSTA power (" + s.top + ", " + tag + ")", {t.sta, "-no_init", "-exit", file},
           dir + "/power_" + tag + ".log", "Error:");
  return parse_power(read_text(dir + "/power_" + tag + ".log"));
}

}  // namespace amx::synth
