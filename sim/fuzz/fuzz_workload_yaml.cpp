// Workload files (amx sim --workload, YAML or JSON).
#include "amx/sim/workload.hpp"
#include "fuzz_target.hpp"

AMX_FUZZ_TARGET(text) { amx::sim::parse_workload(text, "fuzz.yaml"); }
