// ppa.json read back (amx sim --ppa, amx sweep --ppa).
#include "amx/sim/readback.hpp"
#include "fuzz_target.hpp"

AMX_FUZZ_TARGET(text) { amx::sim::parse_ppa(text, "fuzz.json"); }
