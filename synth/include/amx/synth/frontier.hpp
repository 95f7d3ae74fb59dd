// The iso-accuracy frontier (amx ppa --frontier) as data: every engine of a
// run as one point of accuracy against cost per MAC at the run's clock, and
// which points no other engine beats on both (amx/report/ppa_report.hpp
// draws it).
#pragma once

#include <string>
#include <vector>

#include "amx/synth/ppa.hpp"

namespace amx::synth {

struct FrontierPoint {
  const ConfigResult* r = nullptr;
  std::string family;  // the format pair: "mxfp4", "amxfp4 x mxfp4", ...
  int lanes = 1;       // block pairs per cycle
  double sqnr_db = 0.0, bits_per_element = 0.0, area_um2_per_mac = 0.0, energy_pj_per_mac = 0.0, clock_ns = 0.0;
  // Area shares of the unit: accumulator, scale unit (with the fused
  // alignment exponents), FP4 products and class sums, the class-term sum.
  double acc_share = 0.0, scale_share = 0.0, products_share = 0.0, sum_share = 0.0;
  bool meets_clock = true;
  bool on_energy = false, on_area = false;  // non-dominated (among the engines that meet the clock)
};

// Bits stored per element, the mean of the two operands' formats (scales
// included; NVFP4's per-tensor FP32 left out).
double bits_per_element(const Engine& e);

// One point per engine of the run; the frontier flags set.  A point is
// dominated when another that meets the clock has at least its SQNR at no
// more cost, and is better in one of the two.
std::vector<FrontierPoint> frontier_points(const ClockRun& run);

// q beats p on (SQNR, cost): no worse in both, better in one; q meets the
// clock.
bool beats(const FrontierPoint& q, const FrontierPoint& p, double FrontierPoint::*cost);

}  // namespace amx::synth
