// amx ppa: synthesis (Yosys, OSU 0.18 um cells), timing (OpenSTA) and
// activity-based power of each engine's MAC unit and of its R x C arrays,
// and the AMXFP4-vs-MXFP4 overhead report (ppa.md, ppa.json, ppa.csv and an
// SVG of the area by hardware unit).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "amx/golden/dot.hpp"
#include "amx/golden/error.hpp"
#include "amx/golden/tensor_io.hpp"
#include "amx/synth/activity.hpp"
#include "amx/synth/flow.hpp"
#include "commands.hpp"
#include "svg_plot.hpp"

namespace amx::cli {

namespace {

using namespace amx::synth;

struct PpaArgs {
  std::vector<std::string> configs, arrays = {"4x4", "8x8"};  // comma lists (CLI11 delimiter)
  std::string out = "out/ppa", rtl = AMX_RTL_DIR, liberty;
  double clock_ns = 0.0;
  int jobs = 2;
  uint64_t seed = 1;
  uint64_t sim_cycles = 256;  // gate-level simulation per stimulus
};

struct ArrayResult {
  int rows = 0, cols = 0;
  Synthesis glue;
  Timing timing;
  Power glue_llm;
  // Derived at the common clock.
  double area = 0.0, power_mw = 0.0, energy_pj = 0.0, min_period_ns = 0.0;
};

struct ConfigResult {
  const Engine* e = nullptr;
  Synthesis unit;
  Timing timing;
  UnitStimulus llm, random;
  // Gate-level simulation: with the cells' delays (the reported power) and
  // zero-delay (no glitches; the reference for OpenSTA's propagation).
  GateActivity gate_llm, gate_random, gate_llm_zero;
  Power llm_power, random_power;
  double energy_pj = 0.0;       // per MAC, LLM stimulus, at the common clock (with the cells' delays)
  double energy_zero_pj = 0.0;  // the same from the zero-delay simulation (no glitches)
  std::vector<ArrayResult> arrays;
};

// Runs the tasks on `jobs` threads, printing progress; rethrows the first error.
void run_tasks(std::vector<std::pair<std::string, std::function<void()>>>& tasks, int jobs) {
  std::atomic<size_t> next{0}, done{0};
  std::mutex m;
  std::exception_ptr error;
  const auto t0 = std::chrono::steady_clock::now();
  auto worker = [&] {
    for (;;) {
      const size_t i = next++;
      if (i >= tasks.size()) return;
      {
        std::lock_guard<std::mutex> l(m);
        if (error) return;
      }
      const auto s = std::chrono::steady_clock::now();
      try {
        tasks[i].second();
      } catch (...) {
        std::lock_guard<std::mutex> l(m);
        if (!error) error = std::current_exception();
        return;
      }
      std::lock_guard<std::mutex> l(m);
      std::fprintf(stderr, "  [%zu/%zu] %-34s %6.1f s  (elapsed %.0f s)\n", ++done, tasks.size(),
                   tasks[i].first.c_str(), std::chrono::duration<double>(std::chrono::steady_clock::now() - s).count(),
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
  };
  std::vector<std::thread> pool;
  for (int j = 0; j < std::max(1, jobs); ++j) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

std::string pct(double v, double base) {
  if (!(base > 0.0)) return "-";
  return fmt::format("{:+.1f}%", 100.0 * (v / base - 1.0));
}


void run_ppa(const PpaArgs& a) {
  const Tools tools = find_tools(a.rtl, a.liberty);
  std::vector<std::string> names;
  for (const std::string& c : a.configs.empty() ? default_engines() : a.configs)
    if (!c.empty()) names.push_back(c);
  if (names.empty()) throw Error("--configs names no configuration");
  std::vector<ConfigResult> res(names.size());
  for (size_t i = 0; i < names.size(); ++i) res[i].e = &find_engine(names[i]);
  std::vector<std::pair<int, int>> sizes;
  for (const std::string& s : a.arrays) {
    if (s.empty()) continue;  // --arrays "": units only
    const auto rc = parse_array(s);
    if (rc.first * rc.second > 1024) throw Error("--arrays " + s + ": at most 1024 units");
    sizes.push_back(rc);
  }
  if (!(a.clock_ns >= 0.0) || !std::isfinite(a.clock_ns) || a.clock_ns > 1e6)
    throw Error("--clock-ns must be a period in ns, 0..1e6 (0: the slowest design's minimum period)");
  if (a.jobs < 1 || a.jobs > 64) throw Error("--jobs must be 1..64");
  if (a.sim_cycles < 1 || a.sim_cycles > 1000000) throw Error("--sim-cycles must be 1..1000000");
  // The directory's name is written into Yosys and OpenSTA (Tcl) scripts:
  // plain characters only, so no path can become a command there.
  require_plain_path("--out", a.out);
  prepare_out_dir("--out", a.out);
  const std::string work = a.out + "/work";
  std::filesystem::create_directories(work);
  const auto t0 = std::chrono::steady_clock::now();

  // Synthesis and timing: one task per unit and per array (controller and drain bank).
  std::fprintf(stderr, "amx ppa: %zu configurations x (unit + %zu arrays), %d jobs; tools' logs in %s\n",
               res.size(), sizes.size(), a.jobs, work.c_str());
  std::vector<std::pair<std::string, std::function<void()>>> tasks;
  for (ConfigResult& r : res) {
    r.arrays.resize(sizes.size());
    const std::string dir = work + "/" + r.e->name;
    tasks.push_back({r.e->name + " unit", [&r, &tools, dir] {
                       r.unit = synthesize(tools, *r.e, "block_dot", 1, 1, dir);
                       r.timing = time_netlist(tools, r.unit, dir);
                     }});
    for (size_t k = 0; k < sizes.size(); ++k) {
      ArrayResult& ar = r.arrays[k];
      ar.rows = sizes[k].first;
      ar.cols = sizes[k].second;
      const std::string adir = fmt::format("{}_{}x{}", dir, ar.rows, ar.cols);
      tasks.push_back({fmt::format("{} {}x{} array", r.e->name, ar.rows, ar.cols), [&ar, &r, &tools, adir] {
                         ar.glue = synthesize(tools, *r.e, "mac_array", ar.rows, ar.cols, adir);
                         ar.timing = time_netlist(tools, ar.glue, adir);
                       }});
    }
  }
  run_tasks(tasks, a.jobs);

  // The common clock: the slowest design's minimum period unless given.
  double clock = a.clock_ns;
  if (clock == 0.0) {
    for (const ConfigResult& r : res) {
      clock = std::max(clock, r.timing.min_period_ns);
      for (const ArrayResult& ar : r.arrays) clock = std::max(clock, ar.timing.min_period_ns);
    }
    clock = std::ceil(clock * 10.0) / 10.0;
  }
  const double f_hz = 1e9 / clock;

  // Power at the common clock from each stimulus's input activities.
  tasks.clear();
  for (ConfigResult& r : res) {
    r.llm = unit_activity(*r.e, Stimulus::Llm, a.seed);
    r.random = unit_activity(*r.e, Stimulus::Random, a.seed);
    const std::string dir = work + "/" + r.e->name;
    const uint64_t seed = a.seed;
    // Dot products of K = 4096 (128 blocks), or one shorter one.
    const size_t blocks = 4096 / static_cast<size_t>(r.e->n);
    const size_t dots = std::max<size_t>(1, a.sim_cycles / blocks);
    const size_t k = std::min<size_t>(4096, a.sim_cycles * static_cast<size_t>(r.e->n));
    tasks.push_back({r.e->name + " unit gate-level simulation, LLM, timed", [&r, &tools, dir, clock, seed, dots, k] {
                       r.gate_llm = simulate_activity(tools, r.unit, *r.e, Stimulus::Llm, seed, dir, dots, k, clock, true);
                     }});
    tasks.push_back({r.e->name + " unit gate-level simulation, random, timed", [&r, &tools, dir, clock, seed, dots, k] {
                       r.gate_random =
                           simulate_activity(tools, r.unit, *r.e, Stimulus::Random, seed, dir, dots, k, clock, true);
                     }});
    tasks.push_back({r.e->name + " unit gate-level simulation, LLM, zero-delay; OpenSTA power",
                     [&r, &tools, dir, clock, seed, dots, k] {
                       r.gate_llm_zero =
                           simulate_activity(tools, r.unit, *r.e, Stimulus::Llm, seed, dir, dots, k, clock, false);
                       r.llm_power = power(tools, r.unit, clock, r.llm.ports, 0.0, dir, "llm");
                       r.random_power = power(tools, r.unit, clock, r.random.ports, 0.0, dir, "random");
                     }});
    for (ArrayResult& ar : r.arrays) {
      const std::string adir = fmt::format("{}/{}_{}x{}", work, r.e->name, ar.rows, ar.cols);
      tasks.push_back({fmt::format("{} {}x{} array power", r.e->name, ar.rows, ar.cols), [&ar, &r, &tools, adir, clock] {
                         // The array's operand ports carry the unit's streams, row by row and
                         // column by column; the units' results (black boxes here) change
                         // once per dot product.
                         std::vector<Activity> in;
                         size_t abits = 0, bbits = 0;
                         for (const Activity& p : r.llm.ports) {
                           abits += p.port.rfind("a_i[", 0) == 0;
                           bbits += p.port.rfind("b_i[", 0) == 0;
                         }
                         for (int rr = 0; rr < ar.rows; ++rr)
                           for (size_t i = 0; i < abits; ++i)
                             in.push_back({fmt::format("a_i[{}]", rr * abits + i), r.llm.ports[i].activity,
                                           r.llm.ports[i].duty});
                         for (int c = 0; c < ar.cols; ++c)
                           for (size_t i = 0; i < bbits; ++i)
                             in.push_back({fmt::format("b_i[{}]", c * bbits + i), r.llm.ports[abits + i].activity,
                                           r.llm.ports[abits + i].duty});
                         in.push_back({"in_valid_i", 0.0, 1.0});
                         ar.glue_llm = power(tools, ar.glue, clock, in, 0.5 / r.llm.k_blocks, adir, "llm");
                       }});
    }
  }
  run_tasks(tasks, a.jobs);

  // Energy per MAC at the common clock of a design doing macs_per_cycle.
  auto pj_per_mac = [f_hz](double mw, double macs_per_cycle) { return mw * 1e-3 / (f_hz * macs_per_cycle) * 1e12; };
  for (ConfigResult& r : res) {
    r.energy_pj = pj_per_mac(r.gate_llm.power.total_mw(clock), r.e->n);
    r.energy_zero_pj = pj_per_mac(r.gate_llm_zero.power.total_mw(clock), r.e->n);
    for (ArrayResult& ar : r.arrays) {
      const double units = static_cast<double>(ar.rows * ar.cols);
      ar.area = units * r.unit.area + ar.glue.area;
      ar.power_mw = units * r.gate_llm.power.total_mw(clock) + ar.glue_llm.corrected_total_mw();
      ar.energy_pj = pj_per_mac(ar.power_mw, units * r.e->n);
      ar.min_period_ns = std::max(r.timing.min_period_ns, ar.timing.min_period_ns);
    }
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const ConfigResult* base = nullptr;
  for (const ConfigResult& r : res)
    if (r.e->name == "mx_block") base = &r;
  // Best against best: an engine is compared with the MXFP4 engine of its own
  // accumulation contract (MXFP4's `window` is its `block` datapath).
  auto contract_base = [&res, base](const ConfigResult& r) -> const ConfigResult* {
    if (r.e->disc != 3) return base;
    for (const ConfigResult& q : res)
      if (q.e->name == "mx_fused") return &q;
    return nullptr;
  };

  // ---- ppa.md ---------------------------------------------------------------
  std::string md = "# PPA: AMXFP4 vs MXFP4 MAC engines\n\n";
  md += fmt::format(
      "Yosys {} synthesis to the OSU 0.18 um standard cells (`{}`), OpenSTA timing, power from gate-level simulation. Power and energy at a "
      "common clock of **{:.1f} ns ({:.1f} MHz)**{}. Every unit has one pipeline register stage (PIPE = 1) and the "
      "`block` discipline unless named otherwise. Wall time of this run: {:.0f} s.\n\n",
      "0.23", tools.liberty, clock, 1e3 / clock,
      a.clock_ns == 0.0 ? " (the slowest design's minimum period, so every design meets it)" : " (--clock-ns)", wall);
  md += "**The claim.** The paper behind AMXFP4 states that its MAC engine adds negligible hardware cost over "
        "MXFP4. **Our measurement** on this RTL is the overhead column below: ";
  if (base) {
    for (const ConfigResult& r : res)
      if (const ConfigResult* cb = contract_base(r); cb && &r != cb && r.e->name.find("amx") == 0)
        md += fmt::format("{}: area {}, energy/MAC {} ({} without glitches); ", r.e->label,
                          pct(r.unit.area, cb->unit.area), pct(r.energy_pj, cb->energy_pj),
                          pct(r.energy_zero_pj, cb->energy_zero_pj));
    md += "per unit, relative to MXFP4 x MXFP4 under the same accumulation contract (`fused` engines against "
          "MXFP4 `fused`, the others against MXFP4 `block`). Glitches of the deep, unpipelined block-dot logic dominate the "
          "dynamic power of every unit and grow with its depth, so they widen AMXFP4's energy overhead; the "
          "zero-delay figure is the lower bound a glitch-free (e.g. more deeply pipelined) design would approach.\n\n";
  } else {
    md += "(no MXFP4 x MXFP4 baseline in --configs).\n\n";
  }
  md += "## One MAC unit (block_dot: one block pair per cycle)\n\n";
  md += "| configuration | area (um^2) | NAND2 eq. | transistors (generic) | cells | flops | min period (ns) | fmax "
        "(MHz) | power LLM (mW) | power random (mW) | glitches (share of LLM dynamic power) | energy/MAC LLM (pJ) | "
        "energy/MAC without glitches (pJ) | area vs MXFP4 (same contract) | energy/MAC vs MXFP4 | without glitches |\n";
  md += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  auto glitch = [](const ConfigResult& r) {
    const double timed = r.gate_llm.power.dynamic_pj(), zero = r.gate_llm_zero.power.dynamic_pj();
    return timed > 0.0 ? 1.0 - zero / timed : 0.0;
  };
  const auto cbase = contract_base;
  for (const ConfigResult& r : res)
    md += fmt::format(
        "| {} | {:.0f} | {:.0f} | {} | {} | {} | {:.2f} | {:.1f} | {:.3f} | {:.3f} | {:.1f}% | {:.3f} | {:.3f} | {} | {} | {} |\n",
        r.e->label, r.unit.area, r.unit.nand2, r.unit.transistors, r.unit.cells, r.unit.flops, r.timing.min_period_ns,
        1e3 / r.timing.min_period_ns, r.gate_llm.power.total_mw(clock), r.gate_random.power.total_mw(clock),
        100.0 * glitch(r), r.energy_pj, r.energy_zero_pj, cbase(r) ? pct(r.unit.area, cbase(r)->unit.area) : "-",
        cbase(r) ? pct(r.energy_pj, cbase(r)->energy_pj) : "-",
        cbase(r) ? pct(r.energy_zero_pj, cbase(r)->energy_zero_pj) : "-");
  md += fmt::format(
      "\nPower from simulated switching: a gate-level simulation of each unit's netlist at the common clock (Icarus "
      "Verilog with the library's cell models and their delays from OpenSTA's SDF, {} cycles per stimulus, one block "
      "pair per cycle; every dot product's result checked against the golden) counts the toggles of every net, "
      "glitches of unequal paths included (pulses shorter than a cell's delay are filtered). The glitch column "
      "compares with a zero-delay simulation of the same stimulus. The library's own tables turn the toggles into "
      "power (`synth/src/gate_power.cpp`): internal energy per "
      "toggle of every cell pin from its `internal_power` tables at the pin's load and input transition (an output "
      "toggle's energy shared among the related inputs by their toggles), C V^2 / 2 per toggle of every cell-driven "
      "net (C: its input-pin capacitances, 0.01 pF on output ports), the clock net's switching (ideal clock), and "
      "the cells' leakage. **LLM** = activations with outlier channels and a positive shift x Gaussian weights, "
      "quantized by the golden to each format; **random** = uniformly random codes and scales. Mean cell-output "
      "activity (transitions per cycle), LLM / random: ",
      res.front().gate_llm.cycles);
  for (const ConfigResult& r : res)
    md += fmt::format("{} {:.3f} / {:.3f}; ", r.e->label, r.gate_llm.mean_activity, r.gate_random.mean_activity);
  md += "\n\n### Power breakdown (LLM stimulus, mW) and OpenSTA's estimate\n\n"
        "| configuration | internal | switching | clock net | leakage | total | OpenSTA internal / 2 | OpenSTA "
        "switching | OpenSTA / simulated zero-delay (internal + switching) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const ConfigResult& r : res) {
    const GatePower& g = r.gate_llm.power;
    const GatePower& z = r.gate_llm_zero.power;  // OpenSTA's propagation has no glitches either
    const double sim = (z.internal_pj + z.switching_pj) / clock,
                 sta = r.llm_power.corrected_internal_mw() + r.llm_power.switching_mw;
    md += fmt::format("| {} | {:.3f} | {:.3f} | {:.3f} | {:.4f} | {:.3f} | {:.3f} | {:.3f} | {:.2f}x |\n", r.e->label,
                      g.internal_pj / clock, g.switching_pj / clock, g.clock_pj / clock, g.leakage_mw,
                      g.total_mw(clock), r.llm_power.corrected_internal_mw(), r.llm_power.switching_mw,
                      sim > 0.0 ? sta / sim : 0.0);
  }
  md += "\nOpenSTA's columns: `report_power` with only the input ports' activities (counted over 16 x 16 dot "
        "products of K = 4096) and its own propagation through the netlist, which treats signals as independent "
        "(OpenSTA 2.0.17 ignores activities set on internal pins, so the simulated ones cannot be handed to it). "
        "Its internal power is halved: 2.0.17 adds a group's rise and fall energies at every transition where the "
        "Liberty energies are per transition of each direction (later OpenSTA averages them; "
        "`synth.GatePower.MatchesOpenStaUpToItsDoubleCountedInternalEnergy` shows the factor on netlists whose "
        "propagation is exact). Where the last column is far from 1, correlated signals (sign bits, exponents shared "
        "by a block, the accumulator's carry chains) make the propagation wrong; the simulated figures are the ones "
        "used for energy.\n\n";

  // Breakdown.
  std::vector<std::string> units;
  for (const ConfigResult& r : res)
    for (const Part& p : r.unit.parts)
      if (std::find(units.begin(), units.end(), p.unit) == units.end()) units.push_back(p.unit);
  md += "## Where the area goes (um^2, share of the unit)\n\n| hardware unit |";
  for (const ConfigResult& r : res) md += " " + r.e->label + " |";
  md += "\n|---|";
  for (size_t i = 0; i < res.size(); ++i) md += "---:|";
  md += "\n";
  for (const std::string& u : units) {
    md += "| " + u + " |";
    for (const ConfigResult& r : res) {
      double v = 0.0;
      for (const Part& p : r.unit.parts)
        if (p.unit == u) v = p.area;
      md += v > 0.0 ? fmt::format(" {:.0f} ({:.1f}%) |", v, 100.0 * v / r.unit.area) : " - |";
    }
    md += "\n";
  }
  if (base) {
    // Against the MXFP4 engine of the same contract, as the unit table.
    auto is_base = [&](const ConfigResult& r) { return &r == contract_base(r); };
    md += "\nOverhead by hardware unit (um^2 more than MXFP4 x MXFP4 under the same contract):\n\n| hardware unit |";
    for (const ConfigResult& r : res)
      if (!is_base(r) && contract_base(r)) md += " " + r.e->label + " |";
    md += "\n|---|";
    for (const ConfigResult& r : res)
      if (!is_base(r) && contract_base(r)) md += "---:|";
    md += "\n";
    auto part = [](const ConfigResult& r, const std::string& u) {
      for (const Part& p : r.unit.parts)
        if (p.unit == u) return p.area;
      return 0.0;
    };
    for (const std::string& u : units) {
      md += "| " + u + " |";
      for (const ConfigResult& r : res)
        if (!is_base(r) && contract_base(r)) md += fmt::format(" {:+.0f} |", part(r, u) - part(*contract_base(r), u));
      md += "\n";
    }
  }

  md += "\n## Critical paths\n\nIn the RTL's names: the registers (by the nets they hold) or ports a path starts and "
        "ends at, the hierarchy its named nets pass through in order (`top` = the module's own logic), and its cells "
        "(OpenSTA's flat instance names are in `work/<configuration>/timing.log`).\n\n| configuration | design | min "
        "period (ns) | from | to | through | cells |\n|---|---|---:|---|---|---|---:|\n";
  auto through = [](const Timing& t) {
    std::string s;
    for (const std::string& h : t.through) s += (s.empty() ? "" : " > ") + h;
    return s.empty() ? std::string("-") : s;
  };
  for (const ConfigResult& r : res) {
    md += fmt::format("| {} | unit | {:.2f} | `{}` | `{}` | {} | {} |\n", r.e->label, r.timing.min_period_ns,
                      r.timing.from, r.timing.to, through(r.timing), r.timing.cells);
    for (const ArrayResult& ar : r.arrays)
      md += fmt::format("| {} | {}x{} controller + drain bank | {:.2f} | `{}` | `{}` | {} | {} |\n", r.e->label, ar.rows,
                        ar.cols, ar.timing.min_period_ns, ar.timing.from, ar.timing.to, through(ar.timing),
                        ar.timing.cells);
  }

  if (!sizes.empty()) {
    md += "\n## Arrays\n\nArea = R x C units + the array's controller and drain bank (synthesized with the units as "
          "black boxes: the units share nothing but the broadcast operand wires). Power = R x C x the unit's simulated "
          "LLM power + the controller and drain bank's (OpenSTA, internal power halved as above; its activities propagated from the operand ports' counted "
          "activities and the units' results changing once per dot product). Minimum period = the slower of the unit and the array's own "
          "logic.\n\n| configuration | array | area (mm^2) | area vs MXFP4 | power (mW) | energy/MAC (pJ) | energy/MAC vs "
          "MXFP4 | peak MAC/cycle | controller + drain share |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
    for (size_t k = 0; k < sizes.size(); ++k)
      for (const ConfigResult& r : res) {
        const ArrayResult& ar = r.arrays[k];
        md += fmt::format("| {} | {}x{} | {:.3f} | {} | {:.2f} | {:.3f} | {} | {} | {:.1f}% |\n", r.e->label, ar.rows,
                          ar.cols, ar.area * 1e-6, base ? pct(ar.area, base->arrays[k].area) : "-", ar.power_mw,
                          ar.energy_pj, base ? pct(ar.energy_pj, base->arrays[k].energy_pj) : "-",
                          ar.rows * ar.cols * r.e->n, 100.0 * ar.glue.area / ar.area);
      }
    md += "\n**Scaling.** Every unit carries its own scale unit, class sums and accumulator, so AMXFP4's overhead "
          "per unit is paid R x C times; the shared controller and drain bank dilute it only slightly as the array "
          "grows (see the controller + drain share column).\n";
  }
  const ConfigResult *amx = nullptr, *amxmx = nullptr;
  for (const ConfigResult& r : res) {
    if (r.e->name == "amx_block") amx = &r;
    if (r.e->name == "amxmx_block") amxmx = &r;
  }
  if (amx && amxmx)
    md += fmt::format(
        "\n**Asymmetric activations only.** AMXFP4 x MXFP4 (weights stay MXFP4) has {:.0f} um^2 per unit against "
        "{:.0f} um^2 for AMXFP4 x AMXFP4: {:.1f}% less area and {:.1f}% less energy per MAC, for two sign classes "
        "instead of four.\n",
        amxmx->unit.area, amx->unit.area, 100.0 * (1.0 - amxmx->unit.area / amx->unit.area),
        100.0 * (1.0 - amxmx->energy_pj / amx->energy_pj));
  // The same format pair with the exact block sum and with the window.
  std::string disc;
  for (const ConfigResult& w : res) {
    if (w.e->disc != static_cast<int>(golden::Discipline::Window) || !base) continue;
    for (const ConfigResult& b : res)
      if (b.e->disc == static_cast<int>(golden::Discipline::Block) && b.e->fa == w.e->fa && b.e->fb == w.e->fb)
        disc += fmt::format("\n| {} | {} / {} | {} / {} | {} / {} | {:.1f} / {:.1f} |", b.e->label,
                            pct(b.unit.area, base->unit.area), pct(w.unit.area, base->unit.area),
                            pct(b.energy_pj, base->energy_pj), pct(w.energy_pj, base->energy_pj),
                            pct(b.energy_zero_pj, base->energy_zero_pj), pct(w.energy_zero_pj, base->energy_zero_pj),
                            1e3 / b.timing.min_period_ns, 1e3 / w.timing.min_period_ns);
  }
  if (!disc.empty())
    md += "\n**Cheaper accumulation.** The `window` discipline (docs/numerics.md §7: the class terms summed in a "
          "fixed-point window 16 bits below the leading class, bits below it dropped) instead of the exact `block` "
          "sum, per format pair, relative to MXFP4 x MXFP4 (block / window):\n\n| format pair | area | energy/MAC | "
          "energy/MAC without glitches | fmax (MHz) |\n|---|---:|---:|---:|---:|" + disc + "\n";
  md += "\n![area by hardware unit](ppa_area.svg)\n\nEach tool run's script and log: `work/<configuration>/`.\n";
  golden::write_file(a.out + "/ppa.md", md);

  // ---- ppa.json, ppa.csv --------------------------------------------------
  nlohmann::json j;
  j["clock_ns"] = clock;
  j["liberty"] = tools.liberty;
  j["wall_seconds"] = wall;
  std::string csv =
      "configuration,design,rows,cols,area_um2,cells,flops,transistors,min_period_ns,power_llm_mw,power_random_mw,"
      "energy_pj_per_mac\n";
  for (const ConfigResult& r : res) {
    nlohmann::json c;
    c["name"] = r.e->name;
    c["label"] = r.e->label;
    c["unit"] = {{"area_um2", r.unit.area},
                 {"nand2_equivalent", r.unit.nand2},
                 {"transistors", r.unit.transistors},
                 {"cells", r.unit.cells},
                 {"flops", r.unit.flops},
                 {"min_period_ns", r.timing.min_period_ns},
                 {"critical_path",
                  {{"from", r.timing.from}, {"to", r.timing.to}, {"through", r.timing.through}, {"cells", r.timing.cells},
                   {"opensta_startpoint", r.timing.startpoint}, {"opensta_endpoint", r.timing.endpoint}}},
                 {"input_activity", {{"llm", r.llm.mean_activity}, {"random", r.random.mean_activity}}},
                 {"cell_output_activity", {{"llm", r.gate_llm.mean_activity}, {"random", r.gate_random.mean_activity}}},
                 {"power_llm_mw",
                  {{"internal", r.gate_llm.power.internal_pj / clock}, {"switching", r.gate_llm.power.switching_pj / clock},
                   {"clock_net", r.gate_llm.power.clock_pj / clock}, {"leakage", r.gate_llm.power.leakage_mw},
                   {"total", r.gate_llm.power.total_mw(clock)}}},
                 {"power_random_mw", r.gate_random.power.total_mw(clock)},
                 {"power_llm_zero_delay_mw", r.gate_llm_zero.power.total_mw(clock)},
                 {"glitch_share", glitch(r)},
                 {"results_checked_against_golden",
                  r.gate_llm.results_checked + r.gate_random.results_checked + r.gate_llm_zero.results_checked},
                 {"idle_pj_per_cycle", r.gate_llm.power.idle_pj()},
                 {"leakage_mw", r.gate_llm.power.leakage_mw},
                 {"opensta_propagated_mw",
                  {{"llm", {{"internal", r.llm_power.internal_mw}, {"switching", r.llm_power.switching_mw},
                            {"leakage", r.llm_power.leakage_mw}, {"total", r.llm_power.total_mw()}}},
                   {"random", r.random_power.total_mw()}}},
                 {"folded_constant_cells", r.unit.folded_cells},
                 {"energy_pj_per_mac", r.energy_pj},
                 {"energy_pj_per_mac_zero_delay", r.energy_zero_pj}};
    for (const Part& p : r.unit.parts) c["unit"]["parts"].push_back({{"unit", p.unit}, {"area_um2", p.area}, {"cells", p.cells}});
    csv += fmt::format("{},unit,1,1,{:.1f},{},{},{},{:.3f},{:.4f},{:.4f},{:.4f}\n", r.e->name, r.unit.area, r.unit.cells,
                       r.unit.flops, r.unit.transistors, r.timing.min_period_ns, r.gate_llm.power.total_mw(clock),
                       r.gate_random.power.total_mw(clock), r.energy_pj);
    for (const ArrayResult& ar : r.arrays) {
      c["arrays"].push_back({{"rows", ar.rows}, {"cols", ar.cols}, {"area_um2", ar.area},
                             {"controller_drain_area_um2", ar.glue.area}, {"power_mw", ar.power_mw},
                             {"energy_pj_per_mac", ar.energy_pj}, {"min_period_ns", ar.min_period_ns}});
      csv += fmt::format("{},array,{},{},{:.1f},,,,{:.3f},{:.4f},,{:.4f}\n", r.e->name, ar.rows, ar.cols, ar.area,
                         ar.min_period_ns, ar.power_mw, ar.energy_pj);
    }
    j["configurations"].push_back(c);
  }
  golden::write_file(a.out + "/ppa.json", j.dump(2) + "\n");
  golden::write_file(a.out + "/ppa.csv", csv);

  report::BarChart chart;
  chart.title = fmt::format("MAC unit area by hardware unit (OSU 0.18 um)");
  chart.x_label = "um^2";
  for (const ConfigResult& r : res) chart.rows.push_back(r.e->label);
  for (const std::string& u : units) {
    report::Series s{u, {}};
    for (const ConfigResult& r : res) {
      double v = 0.0;
      for (const Part& p : r.unit.parts)
        if (p.unit == u) v = p.area;
      s.y.push_back(v);
    }
    chart.segments.push_back(s);
  }
  golden::write_file(a.out + "/ppa_area.svg", report::render_svg(chart));
  std::fputs(md.c_str(), stdout);
  std::fprintf(stderr, "amx ppa: wrote %s/ppa.md, ppa.json, ppa.csv, ppa_area.svg in %.0f s\n", a.out.c_str(), wall);
}

}  // namespace

void add_ppa(CLI::App& app) {
  auto args = std::make_shared<PpaArgs>();
  CLI::App* c = app.add_subcommand("ppa", "area, timing and power of the MAC engines (Yosys + OpenSTA, OSU 0.18 um)");
  std::string known;
  for (const Engine& e : engines()) known += (known.empty() ? "" : ",") + e.name;
  c->add_option("--configs", args->configs, "comma list of configurations (default: one per format pair; known: " +
                                                known + ")")
      ->delimiter(',');
  c->add_option("--arrays", args->arrays, "array sizes RxC, comma list (empty: units only)")
      ->delimiter(',')
      ->capture_default_str();
  c->add_option("--clock-ns", args->clock_ns, "clock for power and energy (0: the slowest design's minimum period)")
      ->capture_default_str();
  c->add_option("--out", args->out, "report directory")->capture_default_str();
  c->add_option("--jobs", args->jobs, "tool runs in parallel")->capture_default_str();
  c->add_option("--rtl", args->rtl, "RTL source directory")->capture_default_str();
  c->add_option("--liberty", args->liberty, "standard-cell library (default: qflow's OSU 0.18 um)");
  c->add_option("--seed", args->seed, "seed of the stimulus")->capture_default_str();
  c->add_option("--sim-cycles", args->sim_cycles, "cycles of gate-level simulation per unit and stimulus")
      ->capture_default_str()
      ->check(CLI::Range(uint64_t{8}, uint64_t{1} << 20));
  c->callback([args] { run_ppa(*args); });
}

}  // namespace amx::cli
