// Technology files (amx sim --tech).
#include "amx/sim/tech.hpp"
#include "fuzz_target.hpp"

AMX_FUZZ_TARGET(text) { amx::sim::parse_tech(text, "fuzz.yaml"); }
