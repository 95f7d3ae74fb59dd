// The registry's table, generated from rtl/engines.txt at configure time.
#include "amx/synth/engines.hpp"

namespace amx::synth {

const char* tier_name(Tier t) {
  switch (t) {
    case Tier::Core: return "core";
    case Tier::Default: return "default";
    case Tier::Full: return "full";
  }
  return "?";
}

const std::vector<Engine>& registry() {
  static const std::vector<Engine> r = {
#include "amx/engines.inc"
  };
  return r;
}

}  // namespace amx::synth
