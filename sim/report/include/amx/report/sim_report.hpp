// The engine simulation's report (amx sim): sim.md (returned, also printed by
// the command), sim.json, sim.csv and the plots into the run's out
// directory, all or none.
#pragma once

#include <string>

#include "amx/sim/engine.hpp"

namespace amx::report {

std::string write_sim_report(const sim::SimResult& r);

}  // namespace amx::report
