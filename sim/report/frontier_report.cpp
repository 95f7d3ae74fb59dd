// The frontier section of ppa.md (amx ppa --frontier): the two plots, the
// table, and a sentence per format family saying whether it is on the
// frontier or which engine beats it and by how much.
#include "amx/report/ppa_report.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "amx/golden/dot.hpp"
#include "amx/golden/formats.hpp"
#include "amx/report/svg_plot.hpp"
#include "amx/synth/frontier.hpp"

namespace amx::report {

using synth::ClockRun;
using synth::Engine;
using synth::FrontierPoint;

namespace {

const char* contract(const Engine& e) { return golden::discipline_name(static_cast<golden::Discipline>(e.disc)); }

// The frontier's points joined in cost order (the plot's polyline).
std::vector<std::pair<double, double>> frontier_line(const std::vector<FrontierPoint>& pts,
                                                     double FrontierPoint::*cost, bool FrontierPoint::*on) {
  std::vector<std::pair<double, double>> l;
  for (const FrontierPoint& p : pts)
    if (p.*on) l.push_back({p.*cost, p.sqnr_db});
  std::sort(l.begin(), l.end());
  return l;
}

std::string chart(const std::vector<FrontierPoint>& pts, double clock, bool energy) {
  report::ScatterChart c;
  c.title = fmt::format("SQNR against {} per MAC at {:.1f} ns (non-dominated engines joined)",
                        energy ? "energy" : "area", clock);
  c.x_label = energy ? "energy per MAC (pJ, LLM stimulus, timed gate-level simulation)" : "area per MAC (um^2)";
  c.y_label = "SQNR of the unit's GEMM on the LLM stimulus vs FP64 (dB)";
  for (const FrontierPoint& p : pts)
    if (p.meets_clock && std::isfinite(p.sqnr_db))
      c.points.push_back({p.r->e->name, p.family, energy ? p.energy_pj_per_mac : p.area_um2_per_mac, p.sqnr_db});
  c.line = energy ? frontier_line(pts, &FrontierPoint::energy_pj_per_mac, &FrontierPoint::on_energy)
                  : frontier_line(pts, &FrontierPoint::area_um2_per_mac, &FrontierPoint::on_area);
  c.line_label = "frontier";
  return report::render_svg(c);
}

// One family's verdict on one cost axis.
std::string verdict(const std::vector<FrontierPoint>& pts, const std::string& fam, double FrontierPoint::*cost,
                    bool FrontierPoint::*on, const char* what, const char* unit) {
  auto cost_text = [&](const FrontierPoint& p) {
    return fmt::format(std::string(unit) == "pJ" ? "{:.2f} {}" : "{:.0f} {}", p.*cost, unit);
  };
  std::string on_list;
  const FrontierPoint* best = nullptr;  // its most accurate engine that meets the clock
  for (const FrontierPoint& p : pts) {
    if (p.family != fam || !p.meets_clock) continue;
    if (p.*on) on_list += fmt::format("{}{} ({}, {:.2f} dB at {})", on_list.empty() ? "" : ", ", p.r->e->name,
                                      contract(*p.r->e), p.sqnr_db, cost_text(p));
    if (!best || p.sqnr_db > best->sqnr_db || (p.sqnr_db == best->sqnr_db && p.*cost < best->*cost)) best = &p;
  }
  if (!best) return fmt::format("no engine meets the clock ({})", what);
  if (!on_list.empty()) return fmt::format("on the {} frontier with {}", what, on_list);
  const FrontierPoint* by = nullptr;  // the cheapest engine that beats its best
  for (const FrontierPoint& q : pts)
    if (synth::beats(q, *best, cost) && (!by || q.*cost < by->*cost)) by = &q;
  return fmt::format("dominated in {}: its most accurate engine {} ({}, {:.2f} dB, {}) is beaten by {} ({}, {}) "
                     "with {:+.2f} dB at {:+.1f}% {}",
                     what, best->r->e->name, contract(*best->r->e), best->sqnr_db, cost_text(*best), by->r->e->name,
                     by->family, contract(*by->r->e), by->sqnr_db - best->sqnr_db,
                     100.0 * (by->*cost / best->*cost - 1.0), what);
}

// How the registry verifies an engine: its unit testbench's tier and its
// arrays (co-simulated with the model and the golden, or C++ testbench).
std::string verification(const Engine& e, nlohmann::json& j) {
  std::string arrays;
  j = {{"unit_testbench_tier", synth::tier_name(e.unit)}, {"arrays", nlohmann::json::array()}};
  bool cosim = false;
  for (const synth::ArrayBuild& a : e.arrays) {
    const bool cs = a.kind == synth::ArrayKind::Cosim;
    cosim = cosim || cs;
    arrays += fmt::format("{}{} {} ({})", arrays.empty() ? "" : ", ", cs ? "co-simulated" : "C++ testbench", a.shape(),
                          synth::tier_name(a.tier));
    j["arrays"].push_back({{"kind", cs ? "cosim" : "tb"}, {"rows", a.rows}, {"cols", a.cols},
                           {"drain_rows", a.drain_rows}, {"tier", synth::tier_name(a.tier)}});
  }
  return fmt::format("unit testbench ({}); {}{}", synth::tier_name(e.unit), arrays.empty() ? "no array" : arrays,
                     cosim ? "" : " -- **not co-simulated as an array**");
}

}  // namespace

FrontierReport frontier_report(const ClockRun& run) {
  FrontierReport out;
  std::vector<FrontierPoint> pts = synth::frontier_points(run);
  std::sort(pts.begin(), pts.end(), [](const FrontierPoint& a, const FrontierPoint& b) {
    return a.energy_pj_per_mac < b.energy_pj_per_mac;
  });
  std::vector<std::string> sets;  // the further activation sets, in the run's order
  if (!run.configs.empty())
    for (const auto& s : run.configs.front().sqnr_on) sets.push_back(s.first);
  std::string head = "| engine | formats | contract | lanes | bits / element | area / MAC (um^2) | energy / MAC (pJ) | "
                     "SQNR LLM (dB)";
  std::string rule = "|---|---|---|---:|---:|---:|---:|---:";
  for (const std::string& s : sets) {
    head += " | " + s;
    rule += "|---:";
  }
  head += " | accumulator / scale unit / products + class sums | frontier (energy, area) |\n";
  rule += "|---|---|\n";
  std::string rows;
  out.json = nlohmann::json::array();
  for (const FrontierPoint& p : pts) {
    const Engine& e = *p.r->e;
    std::string cols;
    nlohmann::json dist = nlohmann::json::object();
    for (const auto& s : p.r->sqnr_on) {
      cols += fmt::format(" | {:.2f}", s.second);
      dist[s.first] = s.second;
    }
    rows += fmt::format("| {}{} | {} | {} | {} | {:.3f} | {:.0f} | {:.3f} | {:.2f}{} | {:.0f}% / {:.0f}% / {:.0f}% | {} |\n",
                        e.name, p.meets_clock ? "" : " (misses the clock)", p.family, contract(e), p.lanes,
                        p.bits_per_element, p.area_um2_per_mac, p.energy_pj_per_mac, p.sqnr_db, cols,
                        100.0 * p.acc_share, 100.0 * p.scale_share, 100.0 * p.products_share,
                        p.on_energy && p.on_area ? "**both**"
                        : p.on_energy            ? "**energy**"
                        : p.on_area              ? "**area**"
                                                 : "-");
    out.json.push_back({{"name", e.name},
                        {"a_format", golden::format_info(e.fa).name},
                        {"b_format", golden::format_info(e.fb).name},
                        {"discipline", contract(e)},
                        {"lanes", p.lanes},
                        {"sqnr_db", p.sqnr_db},
                        {"sqnr_db_by_activations", dist},
                        {"bits_per_element", p.bits_per_element},
                        {"area_um2_per_mac", p.area_um2_per_mac},
                        {"energy_pj_per_mac", p.energy_pj_per_mac},
                        {"clock_ns", p.clock_ns},
                        {"meets_clock", p.meets_clock},
                        {"area_shares", {{"accumulator", p.acc_share}, {"scale_unit", p.scale_share},
                                         {"products_class_sums", p.products_share}, {"class_term_sum", p.sum_share}}},
                        {"on_energy_frontier", p.on_energy},
                        {"on_area_frontier", p.on_area}});
  }
  // The frontier's engines as the registry verifies them (tiers: core and
  // default run in scripts/test.sh, full in scripts/test.sh --full).
  std::string verified;
  for (size_t i = 0; i < pts.size(); ++i) {
    const FrontierPoint& p = pts[i];
    nlohmann::json v;
    const std::string text = verification(*p.r->e, v);
    out.json[i]["verification"] = v;
    if (p.on_energy || p.on_area) verified += fmt::format("- {}: {}\n", p.r->e->name, text);
  }
  std::vector<std::string> families;
  for (const FrontierPoint& p : pts)
    if (std::find(families.begin(), families.end(), p.family) == families.end()) families.push_back(p.family);
  std::string said;
  for (const std::string& f : families)
    said += fmt::format("- **{}**: {}; {}.\n", f,
                        verdict(pts, f, &FrontierPoint::energy_pj_per_mac, &FrontierPoint::on_energy, "energy", "pJ"),
                        verdict(pts, f, &FrontierPoint::area_um2_per_mac, &FrontierPoint::on_area, "area", "um^2"));
  std::string sets_text;
  for (const std::string& s : sets) sets_text += (sets_text.empty() ? "" : ", ") + s;
  out.md = fmt::format(
      "## The frontier: which engine is cheapest for the accuracy it gives, at {:.1f} ns\n\n"
      "Every format family and accumulation contract, each engine the fewest stages that meet the clock, at equal "
      "throughput (lanes: block pairs per cycle). Accuracy: SQNR of the unit's GEMM (its formats quantized by the "
      "golden, accumulated under its contract) against FP64, on the LLM stimulus{}{}. An engine is on a frontier when "
      "no engine that meets the clock has at least its SQNR at no more cost and is better in one; the frontier "
      "engines are joined in the plots.\n\n"
      "![SQNR against energy per MAC](ppa_frontier_energy.svg)\n![SQNR against area per MAC](ppa_frontier_area.svg)\n\n"
      "{}{}{}\n",
      run.clock_ns, sets.empty() ? "" : " and on the activation sets ", sets_text, head, rule, rows);
  out.md += "**Per format family:**\n\n" + said + "\n";
  if (!verified.empty())
    out.md += "**How the frontier engines are verified** (rtl/engines.txt; tier default runs in scripts/test.sh, "
              "full in scripts/test.sh --full): bit for bit against the golden in the unit testbench, and as arrays "
              "against the golden and the SystemC model, cycle for cycle (amx equiv).\n\n" +
              verified + "\n";
  WidthReport w = width_report(pts);
  out.md += w.md;
  out.widths = std::move(w.json);
  out.energy_svg = chart(pts, run.clock_ns, true);
  out.area_svg = chart(pts, run.clock_ns, false);
  return out;
}

}  // namespace amx::report
