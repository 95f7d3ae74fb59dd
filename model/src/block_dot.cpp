#include "amx/model/block_dot.hpp"

namespace amx::model {

block_dot::block_dot(sc_core::sc_module_name name, golden::Discipline disc)
    : sc_core::sc_module(name), disc_(disc) {}

}  // namespace amx::model
