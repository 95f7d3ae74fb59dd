// The format error study's report (amx study): study.md (returned),
// study.csv, study.json and study_sqnr.svg into a directory, all or none.
#pragma once

#include <string>

#include "amx/sim/study.hpp"

namespace amx::report {

std::string write_study_report(const study::StudyResult& r, const std::string& dir);

}  // namespace amx::report
