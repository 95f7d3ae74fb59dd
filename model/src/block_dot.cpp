// block_dot is header-only apart from its SystemC kind: the arithmetic is the
// golden library's.
#include "amx/model/block_dot.hpp"

namespace amx::model {

block_dot::block_dot(sc_core::sc_module_name name, golden::Discipline disc, int block, int lanes)
    : sc_core::sc_module(name),
      block_(block),
      lanes_(lanes),
      unit_(unit_of(disc)) {}

}  // namespace amx::model
