// The engine simulation's report (amx sim): sim.md (returned, also printed by
// the command), sim.json, sim.csv and the plots into the run's out
// directory, all or none.
#pragma once

#include <string>
#include <vector>

#include "amx/sim/engine.hpp"

namespace amx::report {

std::string write_sim_report(const sim::SimResult& r);
// The files it writes, so that a command can claim them before the
// simulation runs (an output that is an input is refused before SystemC
// starts: an exception thrown after it confuses AddressSanitizer).
std::vector<std::string> sim_report_files(const sim::SimOptions& a);

}  // namespace amx::report
