// A sweep point's sim.json read back (amx sweep --merge).
#include "amx/sim/readback.hpp"
#include "fuzz_target.hpp"

AMX_FUZZ_TARGET(text) {
  amx::sim::PointResult r;
  amx::sim::parse_point_result(text, "fuzz.json", r);
}
