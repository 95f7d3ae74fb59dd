// SCALE-Sim GEMM topologies (amx sim --workload FILE.csv).
#include "amx/sim/workload.hpp"
#include "fuzz_target.hpp"

AMX_FUZZ_TARGET(text) { amx::sim::parse_scalesim_csv(text, "fuzz.csv"); }
