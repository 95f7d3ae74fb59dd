// The PPA report (amx ppa): ppa.md for people, ppa.json and ppa.csv for
// tools, SVG charts, all from a run_ppa result; the frontier section when the
// run was amx ppa --frontier.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "amx/synth/ppa.hpp"

namespace amx::report {

// ppa.md (returned) and its companions into dir, all or none.
std::string write_ppa_report(const synth::PpaResult& r, const std::string& dir);

// The frontier's parts: the Markdown section (the plots' file names in it),
// the JSON list, the two plots (SQNR against energy and against area per MAC).
struct FrontierReport {
  std::string md;
  nlohmann::json json;
  std::string energy_svg, area_svg;
};
FrontierReport frontier_report(const synth::ClockRun& run);

}  // namespace amx::report
