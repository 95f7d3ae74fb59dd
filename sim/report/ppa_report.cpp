// The PPA report: ppa.md for people, ppa.json and ppa.csv for tools, SVG
// charts, from the results of run_ppa.
#include "amx/report/ppa_report.hpp"
#include "amx/report/text.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "amx/golden/dot.hpp"
#include "amx/golden/error.hpp"
#include "amx/golden/tensor_io.hpp"
#include "amx/report/svg_plot.hpp"
#include "amx/synth/frontier.hpp"
#include "amx/synth/ppa.hpp"

namespace amx::report {

// The report reads the flow's results throughout.
using namespace amx::synth;

namespace {

std::string pct(double v, double base) {
  if (!(base > 0.0)) return "-";
  return fmt::format("{:+.1f}%", 100.0 * (v / base - 1.0));
}


bool is_mx(golden::Format f) { return f == golden::Format::MXFP4; }
bool is_amx(golden::Format f) { return f == golden::Format::AMXFP4 || f == golden::Format::AMXFP4_E4M3; }

// The three engine families the answer compares.
enum class Family { Mx, AmxAmx, AmxMx, Other };
Family family(const Engine& e) {
  if (is_mx(e.fa) && is_mx(e.fb)) return Family::Mx;
  if (is_amx(e.fa) && is_amx(e.fb)) return Family::AmxAmx;
  if (is_amx(e.fa) && is_mx(e.fb)) return Family::AmxMx;
  return Family::Other;
}

double area_per_mac(const ConfigResult& r) { return r.unit.area / r.e->macs_per_cycle(); }

// The best (smallest area per MAC, then energy) engine of a family under a
// contract (of `lanes` lanes; 0: any width), preferring those that meet the
// clock.  MXFP4's `window` is its `block` datapath (one class: nothing lies
// below the window).
const ConfigResult* best_of(const std::vector<ConfigResult>& res, Family f, golden::Discipline d, int lanes = 0) {
  const ConfigResult* best = nullptr;
  for (const ConfigResult& r : res) {
    const auto rd = static_cast<golden::Discipline>(r.e->disc);
    const bool contract = rd == d || (f == Family::Mx && d == golden::Discipline::Window && rd == golden::Discipline::Block);
    if (family(*r.e) != f || !contract || (lanes && r.e->lanes != lanes)) continue;
    auto key = [](const ConfigResult& x) { return std::make_tuple(!x.meets_clock, area_per_mac(x), x.energy_pj); };
    if (!best || key(r) < key(*best)) best = &r;
  }
  return best;
}

// The share of the timed simulation's dynamic energy that the zero-delay
// one does not have: glitches.
double glitch(const ConfigResult& r) {
  const double timed = r.gate_llm.power.dynamic_pj(), zero = r.gate_llm_zero.power.dynamic_pj();
  return timed > 0.0 ? 1.0 - zero / timed : 0.0;
}

// The hardware units of the designs, in order of first appearance.
std::vector<std::string> unit_names(const std::vector<const ConfigResult*>& res) {
  std::vector<std::string> units;
  for (const ConfigResult* r : res)
    for (const Part& p : r->unit.parts)
      if (std::find(units.begin(), units.end(), p.unit) == units.end()) units.push_back(p.unit);
  return units;
}

// Best against best: an engine is compared, per MAC, with the best MXFP4
// engine of its own accumulation contract and width (lanes): MXFP4's
// `window` is its `block` datapath; a unit of 4 lanes against MXFP4's of 4
// lanes, never against a narrower one (whose accumulator weighs more per
// MAC) nor a wider one.
struct Baselines {
  const std::vector<ConfigResult>& res;
  explicit Baselines(const std::vector<ConfigResult>& r) : res(r) {}
  const ConfigResult* of(const ConfigResult& r) const {
    const bool fused = r.e->disc == static_cast<int>(golden::Discipline::Fused);
    return best_of(res, Family::Mx, fused ? golden::Discipline::Fused : golden::Discipline::Window, r.e->lanes);
  }
  bool any() const {
    for (const ConfigResult& x : res)
      if (family(*x.e) == Family::Mx) return true;
    return false;
  }
};

// The paper's claim against the measured overhead of every AMXFP4 unit.
std::string claim(const ClockRun& run, const Baselines& bl) {
  const std::vector<ConfigResult>& res = run.configs;
  std::string md;
  md += "**The claim.** The paper behind AMXFP4 states that its MAC engine adds negligible hardware cost over "
        "MXFP4. **Our measurement** on this RTL is the overhead column below: ";
  if (bl.any()) {
    for (const ConfigResult& r : res)
      if (const ConfigResult* cb = bl.of(r); cb && &r != cb && r.e->name.find("amx") == 0)
        md += fmt::format("{}: area/MAC {}, energy/MAC {} ({} without glitches); ", r.e->label,
                          pct(area_per_mac(r), area_per_mac(*cb)), pct(r.energy_pj, cb->energy_pj),
                          pct(r.energy_zero_pj, cb->energy_zero_pj));
    md += "per MAC, relative to the best MXFP4 x MXFP4 unit under the same accumulation contract and of the same "
          "width (`fused` engines against MXFP4 `fused`, the others against MXFP4 `block` or `window`; lanes equal). "
          "Glitches of the block-dot logic between registers dominate the "
          "dynamic power of every unit and grow with its depth, so they widen AMXFP4's energy overhead; the "
          "zero-delay figure is the lower bound a glitch-free (e.g. more deeply pipelined) design would approach.\n\n";
  } else {
    md += "(no MXFP4 x MXFP4 baseline in --configs).\n\n";
  }
  return md;
}

// One row per unit: area, timing, power, energy, against its MXFP4 baseline.
std::string unit_table(const ClockRun& run, const Baselines& bl) {
  const std::vector<ConfigResult>& res = run.configs;
  const double clock = run.clock_ns;
  std::string md;
  md += "## One MAC unit (block_dot: lanes block pairs per cycle)\n\n";
  md += "| configuration | area (um^2) | NAND2 eq. | transistors (generic) | cells | flops | min period (ns) | fmax "
        "(MHz) | power LLM (mW) | power random (mW) | glitches (share of LLM dynamic power) | energy/MAC LLM (pJ) | "
        "energy/MAC without glitches (pJ) | area/MAC vs MXFP4 (same contract, lanes) | energy/MAC vs MXFP4 | without glitches |\n";
  md += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const ConfigResult& r : res)
    md += fmt::format(
        "| {} | {:.0f} | {:.0f} | {} | {} | {} | {:.2f} | {:.1f} | {:.3f} | {:.3f} | {:.1f}% | {:.3f} | {:.3f} | {} | {} | {} |\n",
        r.e->label, r.unit.area, r.unit.nand2, r.unit.transistors, r.unit.cells, r.unit.flops, r.timing.min_period_ns,
        1e3 / r.timing.min_period_ns, r.gate_llm.power.total_mw(clock), r.gate_random.power.total_mw(clock),
        100.0 * glitch(r), r.energy_pj, r.energy_zero_pj, bl.of(r) ? pct(area_per_mac(r), area_per_mac(*bl.of(r))) : "-",
        bl.of(r) ? pct(r.energy_pj, bl.of(r)->energy_pj) : "-",
        bl.of(r) ? pct(r.energy_zero_pj, bl.of(r)->energy_zero_pj) : "-");
  return md;
}

// How the power was measured, and each unit's mean activity.
std::string power_method(const ClockRun& run) {
  const std::vector<ConfigResult>& res = run.configs;
  std::string md;
  md += fmt::format(
      "\nPower from simulated switching: a gate-level simulation of each unit's netlist at the common clock (with several clocks, once, at the "
      "slowest one the unit is built for: its toggles per cycle are the same at every period it meets; Icarus "
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
  return md;
}

// The simulated power by kind, beside OpenSTA's propagated estimate.
std::string power_breakdown(const ClockRun& run) {
  const std::vector<ConfigResult>& res = run.configs;
  const double clock = run.clock_ns;
  std::string md;
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
  return md;
}

// Area by hardware unit, and its growth over the MXFP4 unit of the same contract.
std::string area_breakdown(const ClockRun& run, const Baselines& bl) {
  const std::vector<ConfigResult>& res = run.configs;
  std::string md;
  std::vector<const ConfigResult*> all;
  for (const ConfigResult& r : res) all.push_back(&r);
  const std::vector<std::string> units = unit_names(all);
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
  if (bl.any()) {
    // Against the MXFP4 engine of the same contract and width, as the unit
    // table, per MAC.
    auto is_base = [&](const ConfigResult& r) { return &r == bl.of(r); };
    md += "\nOverhead by hardware unit (um^2 per MAC more than MXFP4 x MXFP4 under the same contract, of the same "
          "width):\n\n| hardware unit |";
    for (const ConfigResult& r : res)
      if (!is_base(r) && bl.of(r)) md += " " + r.e->label + " |";
    md += "\n|---|";
    for (const ConfigResult& r : res)
      if (!is_base(r) && bl.of(r)) md += "---:|";
    md += "\n";
    auto part = [](const ConfigResult& r, const std::string& u) {
      for (const Part& p : r.unit.parts)
        if (p.unit == u) return p.area;
      return 0.0;
    };
    for (const std::string& u : units) {
      md += "| " + u + " |";
      for (const ConfigResult& r : res)
        if (!is_base(r) && bl.of(r))
          md += fmt::format(" {:+.0f} |", part(r, u) / r.e->macs_per_cycle() -
                                             part(*bl.of(r), u) / bl.of(r)->e->macs_per_cycle());
      md += "\n";
    }
  }
  return md;
}

// Each design's worst path in the RTL's names.
std::string critical_paths(const ClockRun& run) {
  const std::vector<ConfigResult>& res = run.configs;
  std::string md;
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
      md += fmt::format("| {} | {} controller + drain bank | {:.2f} | `{}` | `{}` | {} | {} |\n", r.e->label,
                        ar.shape().name(), ar.timing.min_period_ns, ar.timing.from, ar.timing.to, through(ar.timing),
                        ar.timing.cells);
  }
  return md;
}

// What a wider drain costs: each array of D > 1 rows drained per cycle
// against the same engine's R x C array draining one row per cycle.
std::string drain_width(const ClockRun& run, const std::vector<ArrayShape>& sizes) {
  std::string md;
  for (size_t k = 0; k < sizes.size(); ++k) {
    if (sizes[k].drain_rows == 1) continue;
    size_t k1 = sizes.size();
    for (size_t q = 0; q < sizes.size(); ++q)
      if (sizes[q] == ArrayShape{sizes[k].rows, sizes[k].cols, 1}) k1 = q;
    if (k1 == sizes.size()) continue;
    for (const ConfigResult& r : run.configs) {
      if (k >= r.arrays.size() || k1 >= r.arrays.size()) continue;
      const ArrayResult &w = r.arrays[k], &one = r.arrays[k1];
      if (md.empty())
        md += "\n**The drain's width.** An array that drains D rows per cycle (mac_array DRAIN_ROWS) against the "
              "same array draining one: the drain bank is the units' result register in both (RR x C binary32 "
              "results, loaded the cycle a tile's sums are ready), so what changes is its read multiplexer (RR / D "
              "groups of D rows instead of RR rows), the controller's counters and the output port, D rows of C "
              "results per cycle, which the on-chip buffer must take (`amx sim` sizes its banks for it).\n\n"
              "| configuration | array | controller + drain (um^2) | against 1 row/cycle | per unit (um^2) | of the "
              "unit's area | array energy/MAC (pJ) | against 1 row/cycle |\n|---|---|---:|---:|---:|---:|---:|---:|\n";
      const double units = static_cast<double>(w.rows * w.cols);
      const double d_area = w.glue.area - one.glue.area;
      md += fmt::format("| {} | {} | {:.0f} | {:+.0f} um^2 ({}) | {:+.1f} | {:+.2f}% | {:.3f} | {} |\n", r.e->label,
                        w.shape().name(), w.glue.area, d_area, pct(w.glue.area, one.glue.area), d_area / units,
                        100.0 * d_area / units / r.unit.area, w.energy_pj, pct(w.energy_pj, one.energy_pj));
    }
  }
  return md;
}

// The arrays: area, power and energy per MAC against MXFP4's array of the same contract.
std::string arrays(const ClockRun& run, const Baselines& bl, const std::vector<ArrayShape>& sizes) {
  const std::vector<ConfigResult>& res = run.configs;
  std::string md;
  if (!sizes.empty()) {
    md += "\n## Arrays\n\nArea = R x C units + the array's controller and drain bank (synthesized with the units as "
          "black boxes: the units share nothing but the broadcast operand wires). Power = R x C x the unit's simulated "
          "LLM power + the controller and drain bank's (OpenSTA, internal power halved as above; its activities propagated from the operand ports' counted "
          "activities and the units' results changing once per dot product). Minimum period = the slower of the unit and the array's own "
          "logic.\n\n| configuration | array | area (mm^2) | area/MAC vs MXFP4 (same contract, lanes) | power (mW) | energy/MAC (pJ) | energy/MAC vs "
          "MXFP4 | peak MAC/cycle | controller + drain share |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
    for (size_t k = 0; k < sizes.size(); ++k)
      for (const ConfigResult& r : res) {
        if (k >= r.arrays.size()) continue;  // a unit the array is not built with (ACC_II = 2)
        const ArrayResult& ar = r.arrays[k];
        const ConfigResult* cb = bl.of(r);  // best against best: MXFP4 under the same contract and width
        const bool b = cb && k < cb->arrays.size();
        md += fmt::format("| {} | {} | {:.3f} | {} | {:.2f} | {:.3f} | {} | {} | {:.1f}% |\n", r.e->label,
                          ar.shape().name(), ar.area * 1e-6,
                          b ? pct(ar.area / r.e->macs_per_cycle(), cb->arrays[k].area / cb->e->macs_per_cycle()) : "-",
                          ar.power_mw,
                          ar.energy_pj, b ? pct(ar.energy_pj, cb->arrays[k].energy_pj) : "-",
                          ar.rows * ar.cols * r.e->macs_per_cycle(), 100.0 * ar.glue.area / ar.area);
      }
    md += "\n**Scaling.** Every unit carries its own scale unit, class sums and accumulator, so AMXFP4's overhead "
          "per unit is paid R x C times; the shared controller and drain bank dilute it only slightly as the array "
          "grows (see the controller + drain share column).\n";
    md += drain_width(run, sizes);
  }
  return md;
}

// AMXFP4 x MXFP4 against AMXFP4 x AMXFP4, and `window` against `block`, per format pair.
std::string variants(const ClockRun& run, const Baselines& bl) {
  const std::vector<ConfigResult>& res = run.configs;
  std::string md;
  // AMXFP4 x AMXFP4 (E5M2) and AMXFP4 x MXFP4 under the exact block sum:
  // each the smallest unit measured.
  const ConfigResult *amx = nullptr, *amxmx = nullptr;
  for (const ConfigResult& r : res) {
    if (r.e->disc != static_cast<int>(golden::Discipline::Block) || r.e->fa != golden::Format::AMXFP4) continue;
    const ConfigResult** slot = r.e->fb == golden::Format::AMXFP4  ? &amx
                                : r.e->fb == golden::Format::MXFP4 ? &amxmx
                                                                   : nullptr;
    if (slot && (!*slot || r.unit.area < (*slot)->unit.area)) *slot = &r;
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
    if (w.e->disc != static_cast<int>(golden::Discipline::Window)) continue;
    for (const ConfigResult& b : res) {
      // Both widths equal (a wide unit has no `block` form): one MXFP4 reference.
      const ConfigResult* m = bl.of(b);
      if (b.e->disc == static_cast<int>(golden::Discipline::Block) && b.e->fa == w.e->fa && b.e->fb == w.e->fb &&
          b.e->lanes == w.e->lanes && m)
        disc += fmt::format("\n| {} | {} / {} | {} / {} | {} / {} | {:.1f} / {:.1f} |", b.e->label,
                            pct(area_per_mac(b), area_per_mac(*m)), pct(area_per_mac(w), area_per_mac(*m)),
                            pct(b.energy_pj, m->energy_pj), pct(w.energy_pj, m->energy_pj),
                            pct(b.energy_zero_pj, m->energy_zero_pj), pct(w.energy_zero_pj, m->energy_zero_pj),
                            1e3 / b.timing.min_period_ns, 1e3 / w.timing.min_period_ns);
    }
  }
  if (!disc.empty())
    md += "\n**Cheaper accumulation.** The `window` discipline (docs/numerics.md §7: the class terms summed in a "
          "fixed-point window 16 bits below the leading class, bits below it dropped) instead of the exact `block` "
          "sum, per format pair, per MAC relative to MXFP4 x MXFP4 of the same width (block / window):\n\n| format pair | area/MAC | energy/MAC | "
          "energy/MAC without glitches | fmax (MHz) |\n|---|---:|---:|---:|---:|" + disc + "\n";
  return md;
}

// One clock's measurements in detail: the claim against each contract's
// MXFP4 engine, the unit table, the power and area breakdowns, critical
// paths, arrays, and the cheaper datapaths beside their references.
std::string details(const ClockRun& run, const std::vector<ArrayShape>& sizes) {
  const Baselines bl(run.configs);
  return claim(run, bl) + unit_table(run, bl) + power_method(run) + power_breakdown(run) + area_breakdown(run, bl) +
         critical_paths(run) + arrays(run, bl, sizes) + variants(run, bl);
}

// One family's cell of the answer row: its best engine against MXFP4's, and
// (a target missed) the hardware units that make the difference into why.
std::string answer_cell(const ConfigResult* r, const ConfigResult* mx, golden::Discipline d, double clock_ns,
                        double area_target, double energy_target, const char* key, nlohmann::json& row,
                        std::string& why) {
  if (!r) return std::string("| - | - | - | - | - ");
  const double ax = area_per_mac(*r) / area_per_mac(*mx), ex = r->energy_pj / mx->energy_pj;
  const bool met = ax <= area_target && ex <= energy_target;
  row[key] = {{"name", r->e->name}, {"area_ratio", ax}, {"energy_ratio", ex}, {"sqnr_db", r->sqnr_db},
              {"meets_clock", r->meets_clock}, {"meets_target", met}};
  if (!met) {
    // Where a target is missed: the hardware units that make the difference.
    std::vector<std::pair<double, std::string>> dv;
    for (const Part& p : r->unit.parts) {
      double b = 0.0;
      for (const Part& q : mx->unit.parts)
        if (q.unit == p.unit) b = q.area;
      dv.push_back({(p.area - b) / r->e->macs_per_cycle(), p.unit});
    }
    std::sort(dv.rbegin(), dv.rend());
    why += fmt::format("- {} ({}, {:.1f} ns): the area per MAC grows by {:.0f} um^2, mostly in {} ({:+.0f}) and {} ({:+.0f}).\n",
                       r->e->label, golden::discipline_name(d), clock_ns, area_per_mac(*r) - area_per_mac(*mx),
                       dv.size() > 0 ? dv[0].second : "-", dv.size() > 0 ? dv[0].first : 0.0,
                       dv.size() > 1 ? dv[1].second : "-", dv.size() > 1 ? dv[1].first : 0.0);
  }
  return fmt::format("| {}{} | {:.2f}x | {:.2f}x | {:.2f} | {} ", r->e->label,
                     r->meets_clock ? "" : " (misses the clock)", ax, ex, r->sqnr_db, met ? "yes" : "**no**");
}

// The answer: per contract and clock, each family's best against MXFP4's
// best, as table rows, reasons, JSON and the area-accuracy plot.
struct Answer {
  std::string rows, why;
  nlohmann::json json = nlohmann::json::array();
  report::ScatterChart pareto;
};

Answer answer(const std::vector<ClockRun>& runs) {
  Answer out;
  nlohmann::json& answer = out.json;
  report::ScatterChart& pareto = out.pareto;
  pareto.title = "Area per MAC against accuracy (each contract's best MXFP4 = 1)";
  pareto.x_label = "area per MAC / best MXFP4 engine of the same contract and clock";
  pareto.y_label = "SQNR of the unit's GEMM on the LLM stimulus vs FP64 (dB)";
  pareto.x_refs = {{1.1, "paper (~1.1x)"}, {1.5, "target AMXFP4^2 1.5x"}, {2.0, "28 nm anchor 2.0x"}};
  std::string &rows = out.rows, &why = out.why;
  for (golden::Discipline d : {golden::Discipline::Block, golden::Discipline::Window, golden::Discipline::Fused,
                               golden::Discipline::ClassSeq})
    for (const ClockRun& run : runs) {
      const std::vector<ConfigResult>& res = run.configs;
      const ConfigResult* mx = best_of(res, Family::Mx, d);
      const ConfigResult* aa = best_of(res, Family::AmxAmx, d);
      const ConfigResult* am = best_of(res, Family::AmxMx, d);
      if (!mx || (!aa && !am)) continue;
      nlohmann::json row = {{"discipline", golden::discipline_name(d)},
                            {"clock_ns", run.clock_ns},
                            {"mxfp4", {{"name", mx->e->name}, {"area_um2_per_mac", area_per_mac(*mx)},
                                       {"energy_pj_per_mac", mx->energy_pj}, {"sqnr_db", mx->sqnr_db},
                                       {"meets_clock", mx->meets_clock}}}};
      rows += fmt::format("| {} | {:.1f} ns | {}{} {:.0f} um^2, {:.3f} pJ, {:.2f} dB ", golden::discipline_name(d),
                          run.clock_ns, mx->e->label, mx->meets_clock ? "" : " (misses the clock)", area_per_mac(*mx),
                          mx->energy_pj, mx->sqnr_db) +
              answer_cell(aa, mx, d, run.clock_ns, 1.5, 1.3, "amxfp4_amxfp4", row, why) +
              answer_cell(am, mx, d, run.clock_ns, 1.25, 1.15, "amxfp4_mxfp4", row, why) + "|\n";
      answer.push_back(row);
    }
  for (const ClockRun& run : runs)
    for (const ConfigResult& r : run.configs) {
      const golden::Discipline d = static_cast<golden::Discipline>(r.e->disc);
      const ConfigResult* mx = best_of(run.configs, Family::Mx, d);
      if (!mx || family(*r.e) == Family::Other) continue;
      pareto.points.push_back({r.e->name,
                               runs.size() == 1 ? std::string(golden::discipline_name(d))
                                                : fmt::format("{}, {:.1f} ns", golden::discipline_name(d), run.clock_ns),
                               area_per_mac(r) / area_per_mac(*mx), r.sqnr_db});
    }
  return out;
}

// The answer's section of ppa.md (empty when no family has a baseline).
std::string answer_section(const Answer& a, const std::string& clock_list) {
  const std::string& rows = a.rows;
  const std::string& why = a.why;
  std::string md;
  if (!rows.empty()) {
    md += fmt::format(
        "## The answer: what AMXFP4 costs, best against best, at {}\n\n"
        "Per accumulation contract and clock, the cheapest engine of each family (area per MAC, then energy; engines that "
        "meet the clock first) against the cheapest MXFP4 x MXFP4 engine of the same contract and clock. Ratios are per "
        "MAC at equal throughput (every unit: one block pair per cycle); energy per MAC from the timed gate-level "
        "simulation (glitches included); SQNR of the unit's GEMM on the LLM stimulus against FP64 (the contract's "
        "accuracy). Targets: AMXFP4 x AMXFP4 at most 1.5x area and 1.3x energy, AMXFP4 x MXFP4 at most 1.25x / "
        "1.15x.\n\n| contract | clock | best MXFP4 x MXFP4 (per MAC) | best AMXFP4 x AMXFP4 | area | energy | SQNR (dB) | "
        "target met | best AMXFP4 x MXFP4 | area | energy | SQNR (dB) | target met |\n"
        "|---|---|---|---|---:|---:|---:|---|---|---:|---:|---:|---|\n{}\n"
        "**Anchors.** An independent 28 nm design of the same four-class datapath (Design Compiler, SAIF power; "
        "4x4 array of 32-lane units, 512 MAC/cycle at 500 MHz) measured AMXFP4 x AMXFP4 at **2.0x the area and "
        "1.41x the power** of MXFP4 at equal throughput; the AMXFP4 paper (arXiv 2411.09909) calls its MAC "
        "engine's cost negligible (about 1.1x in summaries).\n\n![area against accuracy](ppa_pareto.svg)\n\n",
        clock_list, rows);
    if (!why.empty()) md += "**Where the targets are missed** (um^2 per MAC over the best MXFP4 unit):\n\n" + why + "\n";
  }
  return md;
}

// The fewest stages that meet each clock: the rungs each ladder tried.
std::string ladder_table(const std::vector<ClockRun>& runs) {
  std::string ladders;
  for (const ClockRun& run : runs)
    for (const ConfigResult& r : run.configs) {
      if (r.ladder.empty()) continue;
      std::string tried;
      for (const Rung& g : r.ladder)
        tried += fmt::format("{}{} ({} stages): {:.2f} ns, {:.0f} um^2", tried.empty() ? "" : " -> ", g.e->name,
                             stages(*g.e), g.min_period_ns, g.area_um2);
      ladders += fmt::format("| {:.1f} ns | {} | {} | {} | {} |\n", run.clock_ns, r.requested, tried, r.e->name,
                             r.meets_clock ? "yes" : "no: none of its rungs does (the fastest is built)");
    }
  std::string ladder_md;
  if (!ladders.empty())
    ladder_md = "**Fewest stages that meet each clock.** Each configuration asked for is the first rung of "
          "its datapath's ladder (more pipeline stages, then the two-cycle accumulator, then its running sums "
          "unpacked before their multiplexer); the flow "
          "synthesizes rung after rung until one meets the clock, or builds the fastest rung when none does "
          "(`--exact-configs`: no climbing). A rung is synthesized once for every clock.\n\n"
          "| clock | asked for | rungs tried (minimum period) | built | meets the clock |\n|---|---|---|---|---|\n" +
          ladders + "\n";
  return ladder_md;
}

// The engines that miss a given clock, each with its worst path.
std::string missed_clocks(const std::vector<ClockRun>& runs) {
  std::string md;
  for (const ClockRun& run : runs) {
    std::string miss;
    for (const ConfigResult& r : run.configs)
      if (!r.meets_clock) {
        std::string path;
        for (const std::string& h : r.timing.through) path += (path.empty() ? "" : " > ") + h;
        miss += fmt::format("- {} ({} stage{}): minimum period {:.2f} ns, worst path `{}` -> `{}` through {} ({} "
                            "cells)\n",
                            r.e->label, stages(*r.e), stages(*r.e) == 1 ? "" : "s", r.timing.min_period_ns,
                            r.timing.from, r.timing.to, path.empty() ? "-" : path, r.timing.cells);
      }
    md += miss.empty() ? fmt::format("Every engine meets the {:.1f} ns clock.\n\n", run.clock_ns)
                       : fmt::format("**Engines that miss the {:.1f} ns clock** (their power and energy are given "
                                     "at their own minimum period, rounded up to 0.1 ns: clocked faster a "
                                     "netlist computes wrong results, which the flow's golden check refuses):\n\n{}\n",
                                     run.clock_ns, miss);
  }
  return md;
}

// Every clock's details (one clock: at the top level).
std::string detail_sections(const std::vector<ClockRun>& runs, const std::vector<ArrayShape>& sizes) {
  std::string md;
  for (const ClockRun& run : runs) {
    if (runs.size() == 1) {
      md += details(run, sizes);
      continue;
    }
    // Each clock's sections one level below its own heading.
    md += fmt::format("## In detail at {:.1f} ns\n\n", run.clock_ns);
    std::istringstream in(details(run, sizes));
    for (std::string line; std::getline(in, line);) md += (line.rfind("#", 0) == 0 ? "#" : "") + line + "\n";
  }
  return md;
}

// One configuration in ppa.json.
nlohmann::json config_json(const ConfigResult& r, double clock) {
  nlohmann::json c;
  c["name"] = r.e->name;
  c["label"] = r.e->label;
  c["a_format"] = golden::format_info(r.e->fa).name;
  c["b_format"] = golden::format_info(r.e->fb).name;
  c["discipline"] = golden::discipline_name(static_cast<golden::Discipline>(r.e->disc));
  c["stages"] = stages(*r.e);
  c["pipe"] = r.e->pipe;
  c["acc_ii"] = r.e->acc_ii;
  c["requested"] = r.requested.empty() ? r.e->name : r.requested;
  c["ladder"] = nlohmann::json::array();
  for (const Rung& g : r.ladder)
    c["ladder"].push_back({{"name", g.e->name}, {"stages", stages(*g.e)}, {"min_period_ns", g.min_period_ns},
                           {"area_um2", g.area_um2},
                           {"worst_path", {{"from", g.from}, {"to", g.to}, {"cells", g.cells}}}});
  c["clock_ns"] = clock;
  c["meets_clock"] = r.meets_clock;
  c["sim_clock_ns"] = r.sim_clock_ns;
  c["gate_clock_ns"] = r.gate_clock_ns;
  c["unit"] = {{"area_um2", r.unit.area},
               {"macs_per_cycle", r.e->macs_per_cycle()},
               {"lanes", r.e->lanes},
               {"sqnr_db", std::isinf(r.sqnr_db) ? nlohmann::json("exact") : nlohmann::json(r.sqnr_db)},
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
  for (const ArrayResult& ar : r.arrays)
    c["arrays"].push_back({{"rows", ar.rows}, {"cols", ar.cols}, {"drain_rows", ar.drain_rows}, {"area_um2", ar.area},
                           {"controller_drain_area_um2", ar.glue.area}, {"power_mw", ar.power_mw},
                           {"energy_pj_per_mac", ar.energy_pj}, {"min_period_ns", ar.min_period_ns}});
  return c;
}

// One configuration's lines of ppa.csv: its unit, then its arrays.
std::string csv_lines(const ConfigResult& r, double clock) {
  std::string csv = fmt::format("{},{},unit,1,1,{:.1f},{},{},{},{:.3f},{:.4f},{:.4f},{:.4f},\n", r.e->name, clock,
                                r.unit.area, r.unit.cells, r.unit.flops, r.unit.transistors, r.timing.min_period_ns,
                                r.gate_llm.power.total_mw(clock), r.gate_random.power.total_mw(clock), r.energy_pj);
  for (const ArrayResult& ar : r.arrays)
    csv += fmt::format("{},{},array,{},{},{:.1f},,,,{:.3f},{:.4f},,{:.4f},{}\n", r.e->name, clock, ar.rows, ar.cols,
                       ar.area, ar.min_period_ns, ar.power_mw, ar.energy_pj, ar.drain_rows);
  return csv;
}

// Area by hardware unit, every engine once (its area does not depend on the clock).
std::string area_chart(const std::vector<ClockRun>& runs) {
  std::vector<const ConfigResult*> distinct;
  for (const ClockRun& run : runs)
    for (const ConfigResult& r : run.configs)
      if (std::none_of(distinct.begin(), distinct.end(), [&r](const ConfigResult* x) { return x->e == r.e; }))
        distinct.push_back(&r);
  report::BarChart chart;
  chart.title = fmt::format("MAC unit area by hardware unit (OSU 0.18 um)");
  chart.x_label = "um^2";
  for (const ConfigResult* r : distinct) chart.rows.push_back(r->e->label);
  for (const std::string& u : unit_names(distinct)) {
    report::Series s{u, {}};
    for (const ConfigResult* r : distinct) {
      double v = 0.0;
      for (const Part& p : r->unit.parts)
        if (p.unit == u) v = p.area;
      s.y.push_back(v);
    }
    chart.segments.push_back(s);
  }
  return report::render_svg(chart);
}

}  // namespace

std::string write_ppa_report(const PpaResult& result, const std::string& dir) {
  const std::vector<ClockRun>& runs = result.runs;
  if (runs.empty()) throw Error("the PPA result has no run to report");
  const double wall = result.wall_seconds;
  const Tools& tools = result.tools;
  const bool given = result.clock_given;
  golden::OutputSet outs;  // every report file, or none
  std::string clocks, clock_list;  // in the text, in the heading
  for (const ClockRun& run : runs) {
    clocks += fmt::format("{}**{:.1f} ns ({:.1f} MHz)**", clocks.empty() ? "" : ", ", run.clock_ns, 1e3 / run.clock_ns);
    clock_list += fmt::format("{}{:.1f} ns", clock_list.empty() ? "" : " and ", run.clock_ns);
  }
  std::string md = "# PPA: AMXFP4 vs MXFP4 MAC engines\n\n";
  md += fmt::format(
      "Yosys {} synthesis to the OSU 0.18 um standard cells (`{}`), OpenSTA timing, power from gate-level simulation. Power and energy at "
      "{} {}{}{}. A unit's stages are its PIPE pipeline registers plus its "
      "accumulator's (one, or two with a two-cycle accumulator); the contract is `block` unless named otherwise. Wall "
      "time of this run: {:.0f} s.\n\n",
      "0.23", tools.liberty, runs.size() == 1 ? "a common clock of" : "each of the common clocks", clocks,
      !given ? " (the slowest design's minimum period, so every design meets it)" : " (--clock-ns)",
      runs.size() == 1 ? ""
                       : ", each a run of its own: an engine built for several clocks is synthesized and simulated once "
                         "(its toggles per cycle, glitches included, are the same at every period its paths settle in)",
      wall);
  // The frontier (--frontier) opens the report, the answer follows, then the
  // ladders that led to it and the details.
  nlohmann::json frontier_json, widths_json;
  if (result.frontier) {
    if (runs.size() != 1) throw Error("the frontier is reported for one target clock");
    FrontierReport fr = frontier_report(runs.front());
    md += fr.md;
    frontier_json = std::move(fr.json);
    widths_json = std::move(fr.widths);
    outs.stage(dir + "/ppa_frontier_energy.svg", fr.energy_svg);
    outs.stage(dir + "/ppa_frontier_area.svg", fr.area_svg);
  }
  const Answer ans = answer(runs);
  md += answer_section(ans, clock_list) + ladder_table(runs);
  if (given) md += missed_clocks(runs);
  md += detail_sections(runs, result.arrays);
  md += "\n![area by hardware unit](ppa_area.svg)\n\nEach tool run's script and log: `work/<configuration>/`.\n";
  outs.stage(dir + "/ppa.md", md);

  nlohmann::json j;
  j["clock_ns"] = runs.front().clock_ns;  // the first (slowest) clock: what `amx sim --ppa` takes
  j["clocks_ns"] = nlohmann::json::array();
  for (const ClockRun& run : runs) j["clocks_ns"].push_back(run.clock_ns);
  j["answer"] = ans.json;
  if (result.frontier) j["frontier"] = frontier_json;
  if (result.frontier && !widths_json.is_null()) j["widths"] = widths_json;
  j["liberty"] = tools.liberty;
  j["wall_seconds"] = wall;
  std::string csv =
      "configuration,clock_ns,design,rows,cols,area_um2,cells,flops,transistors,min_period_ns,power_llm_mw,power_random_mw,"
      "energy_pj_per_mac,drain_rows\n";
  for (const ClockRun& run : runs)
    for (const ConfigResult& r : run.configs) {
      j["configurations"].push_back(config_json(r, run.clock_ns));
      csv += csv_lines(r, run.clock_ns);
    }
  outs.stage(dir + "/ppa.json", json_text(j));
  outs.stage(dir + "/ppa.csv", csv);
  outs.stage(dir + "/ppa_area.svg", area_chart(runs));
  outs.stage(dir + "/ppa_pareto.svg", report::render_svg(ans.pareto));
  outs.commit();
  return md;
}

}  // namespace amx::report
