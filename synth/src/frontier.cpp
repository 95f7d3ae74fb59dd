// The iso-accuracy frontier as data: accuracy against area and energy per
// MAC, one point per engine, and which points no other engine beats.
#include "amx/synth/frontier.hpp"

#include <algorithm>
#include <string>

#include "amx/golden/dot.hpp"
#include "amx/golden/formats.hpp"

namespace amx::synth {

namespace {

std::string family_of(const Engine& e) {
  const std::string a = golden::format_info(e.fa).name, b = golden::format_info(e.fb).name;
  return a == b ? a : a + " x " + b;
}

}  // namespace

bool beats(const FrontierPoint& q, const FrontierPoint& p, double FrontierPoint::*cost) {
  return q.meets_clock && q.sqnr_db >= p.sqnr_db && q.*cost <= p.*cost && (q.sqnr_db > p.sqnr_db || q.*cost < p.*cost);
}

double bits_per_element(const Engine& e) {
  return (golden::bits_per_element(e.fa, e.n) + golden::bits_per_element(e.fb, e.n)) / 2.0;
}

std::vector<FrontierPoint> frontier_points(const ClockRun& run) {
  std::vector<FrontierPoint> pts;
  for (const ConfigResult& r : run.configs) {
    FrontierPoint p;
    p.r = &r;
    p.family = family_of(*r.e);
    p.lanes = r.e->lanes;
    p.sqnr_db = r.sqnr_db;
    p.bits_per_element = bits_per_element(*r.e);
    p.area_um2_per_mac = r.unit.area / r.e->macs_per_cycle();
    p.energy_pj_per_mac = r.energy_pj;
    p.clock_ns = run.clock_ns;
    p.meets_clock = r.meets_clock;
    for (const Part& part : r.unit.parts) {
      const double s = r.unit.area > 0.0 ? part.area / r.unit.area : 0.0;
      if (part.unit.find("accumulator") != std::string::npos) p.acc_share += s;
      else if (part.unit.rfind("scale", 0) == 0) p.scale_share += s;
      else if (part.unit.rfind("FP4 products", 0) == 0) p.products_share += s;
      else if (part.unit.rfind("class-term", 0) == 0 || part.unit == "lead_one") p.sum_share += s;
    }
    pts.push_back(p);
  }
  for (FrontierPoint& p : pts) {
    if (!p.meets_clock) continue;
    p.on_energy = std::none_of(pts.begin(), pts.end(), [&p](const FrontierPoint& q) {
      return beats(q, p, &FrontierPoint::energy_pj_per_mac);
    });
    p.on_area = std::none_of(pts.begin(), pts.end(), [&p](const FrontierPoint& q) {
      return beats(q, p, &FrontierPoint::area_um2_per_mac);
    });
  }
  return pts;
}

}  // namespace amx::synth
