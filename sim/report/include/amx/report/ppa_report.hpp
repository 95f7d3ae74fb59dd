// The PPA report (amx ppa): ppa.md for people, ppa.json and ppa.csv for
// tools, SVG charts, all from a run_ppa result; the frontier section when the
// run was amx ppa --frontier.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "amx/synth/frontier.hpp"
#include "amx/synth/ppa.hpp"

namespace amx::report {

// ppa.md (returned) and its companions into dir, all or none.
std::string write_ppa_report(const synth::PpaResult& r, const std::string& dir);

// The frontier's parts: the Markdown section (the plots' file names in it),
// the JSON list, the two plots (SQNR against energy and against area per MAC).
struct FrontierReport {
  std::string md;
  nlohmann::json json;
  nlohmann::json widths;  // the per-width breakdown and the width targets (width_report)
  std::string energy_svg, area_svg;
};
FrontierReport frontier_report(const synth::ClockRun& run);

// How the units' area and energy and AMXFP4's overheads change with the unit
// width (lanes): per format pair and contract, every width the run measured,
// the area shares, and the overheads against MXFP4 of the same contract and
// width; then the width targets (MXFP4's accumulator share at 4 lanes, the
// AMXFP4 overheads at 4 lanes against an independent 2.0x area / 1.41x
// power).  Markdown and JSON; empty when the run has one width only.
struct WidthReport {
  std::string md;
  nlohmann::json json;
};
WidthReport width_report(const std::vector<synth::FrontierPoint>& pts);

}  // namespace amx::report
