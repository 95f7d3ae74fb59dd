// The unit-width section of the frontier report: how area, energy and the
// AMXFP4 overheads change from one block pair per cycle to several, and the
// two width targets of the wide units.
#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "amx/golden/dot.hpp"
#include "amx/report/ppa_report.hpp"

namespace amx::report {

using synth::FrontierPoint;

namespace {

// Reference measurements the width targets compare with.
constexpr double kMxAccShareTarget = 0.25;  // MXFP4 accumulator share at 4 lanes (published MX MACs: ~11%)
constexpr double kFourClassArea = 2.0;      // independent 28 nm four-class datapath: area
constexpr double kFourClassPower = 1.41;    //   and power, over its MXFP4 baseline
constexpr int kWideLanes = 4;

golden::Discipline disc_of(const FrontierPoint& p) { return static_cast<golden::Discipline>(p.r->e->disc); }

// One-class `window` at one lane is the `block` datapath: the MXFP4 baseline
// of a one-lane window engine is its block engine.
bool same_contract(const FrontierPoint& base, const FrontierPoint& p) {
  const golden::Discipline b = disc_of(base), d = disc_of(p);
  if (b == d) return true;
  return p.lanes == 1 && d == golden::Discipline::Window && b == golden::Discipline::Block;
}

// The MXFP4 engine of p's contract and width (the one that meets the clock,
// if any), or nullptr.
const FrontierPoint* mx_baseline(const std::vector<FrontierPoint>& pts, const FrontierPoint& p) {
  const FrontierPoint* best = nullptr;
  for (const FrontierPoint& q : pts) {
    if (q.family != "mxfp4" || q.lanes != p.lanes || !same_contract(q, p)) continue;
    if (!best || (q.meets_clock && !best->meets_clock) ||
        (q.meets_clock == best->meets_clock && q.area_um2_per_mac < best->area_um2_per_mac))
      best = &q;
  }
  return best;
}

std::string ratio(double x) { return std::isfinite(x) ? fmt::format("{:.2f}x", x) : "-"; }

struct Row {
  const FrontierPoint* p;
  const FrontierPoint* base;
  double area_x = NAN, energy_x = NAN;
};

std::vector<Row> rows_of(const std::vector<FrontierPoint>& pts) {
  std::vector<Row> rows;
  for (const FrontierPoint& p : pts) {
    Row r{&p, mx_baseline(pts, p)};
    if (r.base && r.base != &p) {
      r.area_x = p.area_um2_per_mac / r.base->area_um2_per_mac;
      r.energy_x = p.energy_pj_per_mac / r.base->energy_pj_per_mac;
    }
    rows.push_back(r);
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    const auto ka = std::make_tuple(a.p->family, a.p->r->e->disc, a.p->lanes);
    const auto kb = std::make_tuple(b.p->family, b.p->r->e->disc, b.p->lanes);
    return ka < kb;
  });
  return rows;
}

std::string table(const std::vector<Row>& rows, nlohmann::json& json) {
  std::string md =
      "| formats | contract | lanes | engine | area / MAC (um^2) | energy / MAC (pJ) | accumulator | scale unit | "
      "products + class sums | class-term sum | area / energy vs MXFP4 (same contract, lanes) |\n"
      "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---|\n";
  for (const Row& r : rows) {
    const FrontierPoint& p = *r.p;
    md += fmt::format("| {} | {} | {} | {}{} | {:.0f} | {:.3f} | {:.0f}% | {:.0f}% | {:.0f}% | {:.0f}% | {} |\n",
                      p.family, golden::discipline_name(disc_of(p)), p.lanes, p.r->e->name,
                      p.meets_clock ? "" : " (misses the clock)", p.area_um2_per_mac, p.energy_pj_per_mac,
                      100.0 * p.acc_share, 100.0 * p.scale_share, 100.0 * p.products_share, 100.0 * p.sum_share,
                      std::isfinite(r.area_x) ? ratio(r.area_x) + " / " + ratio(r.energy_x) : "-");
    json["units"].push_back({{"name", p.r->e->name},
                             {"formats", p.family},
                             {"discipline", golden::discipline_name(disc_of(p))},
                             {"lanes", p.lanes},
                             {"meets_clock", p.meets_clock},
                             {"area_um2_per_mac", p.area_um2_per_mac},
                             {"energy_pj_per_mac", p.energy_pj_per_mac},
                             {"area_shares", {{"accumulator", p.acc_share}, {"scale_unit", p.scale_share},
                                              {"products_class_sums", p.products_share}, {"class_term_sum", p.sum_share}}},
                             {"mxfp4_baseline", r.base && r.base != r.p ? nlohmann::json(r.base->r->e->name) : nlohmann::json()},
                             {"area_vs_mxfp4", std::isfinite(r.area_x) ? nlohmann::json(r.area_x) : nlohmann::json()},
                             {"energy_vs_mxfp4", std::isfinite(r.energy_x) ? nlohmann::json(r.energy_x) : nlohmann::json()}});
  }
  return md;
}

// The targets: MXFP4's accumulator share at 4 lanes; each AMXFP4 pair's
// overheads at 4 lanes beside 1 lane.
std::string targets(const std::vector<Row>& rows, nlohmann::json& json) {
  std::string md = "**Width targets** (printed, not asserted):\n\n";
  bool any = false;
  for (const Row& r : rows) {
    const FrontierPoint& p = *r.p;
    if (p.family != "mxfp4" || p.lanes != kWideLanes) continue;
    any = true;
    const bool met = p.acc_share <= kMxAccShareTarget;
    md += fmt::format("- MXFP4 `{}` at {} lanes ({}): accumulator {:.0f}% of the unit, target <= {:.0f}%: **{}**.\n",
                      golden::discipline_name(disc_of(p)), p.lanes, p.r->e->name, 100.0 * p.acc_share,
                      100.0 * kMxAccShareTarget, met ? "met" : "not met");
    json["targets"].push_back({{"target", "mxfp4_accumulator_share"}, {"engine", p.r->e->name}, {"lanes", p.lanes},
                               {"value", p.acc_share}, {"limit", kMxAccShareTarget}, {"met", met}});
  }
  for (const Row& r : rows) {
    const FrontierPoint& p = *r.p;
    if (p.family == "mxfp4" || p.lanes != kWideLanes || !std::isfinite(r.area_x)) continue;
    if (p.family.rfind("amxfp4", 0) != 0) continue;
    any = true;
    const Row* narrow = nullptr;
    for (const Row& q : rows)
      if (q.p->family == p.family && q.p->lanes == 1 && disc_of(*q.p) == disc_of(p) && std::isfinite(q.area_x))
        narrow = &q;
    const bool met = r.area_x <= kFourClassArea && r.energy_x <= kFourClassPower;
    md += fmt::format("- {} `{}`: {:.2f}x area, {:.2f}x energy per MAC over MXFP4 at {} lanes{}; against the "
                      "independent four-class datapath's {:.1f}x / {:.2f}x: **{}**.\n",
                      p.family, golden::discipline_name(disc_of(p)), r.area_x, r.energy_x, p.lanes,
                      narrow ? fmt::format(" (1 lane: {:.2f}x / {:.2f}x)", narrow->area_x, narrow->energy_x) : "",
                      kFourClassArea, kFourClassPower, met ? "as cheap or cheaper" : "dearer");
    json["targets"].push_back({{"target", "amxfp4_overhead"}, {"engine", p.r->e->name}, {"lanes", p.lanes},
                               {"area_vs_mxfp4", r.area_x}, {"energy_vs_mxfp4", r.energy_x},
                               {"one_lane_area_vs_mxfp4", narrow ? nlohmann::json(narrow->area_x) : nlohmann::json()},
                               {"one_lane_energy_vs_mxfp4", narrow ? nlohmann::json(narrow->energy_x) : nlohmann::json()},
                               {"reference_area", kFourClassArea}, {"reference_power", kFourClassPower}, {"met", met}});
  }
  return any ? md + "\n" : std::string();
}

}  // namespace

WidthReport width_report(const std::vector<FrontierPoint>& pts) {
  WidthReport out;
  const bool wide = std::any_of(pts.begin(), pts.end(), [](const FrontierPoint& p) { return p.lanes > 1; });
  if (!wide) return out;
  out.json = nlohmann::json::object();
  out.json["units"] = nlohmann::json::array();
  out.json["targets"] = nlohmann::json::array();
  const std::vector<Row> rows = rows_of(pts);
  out.md = "### Unit width: where the area goes as a unit takes more block pairs per cycle\n\n"
           "Lanes = block pairs summed before one accumulator update (docs/numerics.md §7.2); area and energy per "
           "MAC at the run's clock; shares of the unit's area by hardware unit. The overheads divide by the MXFP4 "
           "unit of the same contract and width (at one lane, `block` stands for MXFP4's `window`, the same "
           "datapath).\n\n" +
           table(rows, out.json) + "\n" + targets(rows, out.json);
  return out;
}

}  // namespace amx::report
