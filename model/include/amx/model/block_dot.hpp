// One block dot-product MAC unit (rtl/block_dot.v): its binary32 running sum
// and the accumulation of one block pair per call.  The arithmetic is the
// golden library's (docs/numerics.md §6-§7), linked, not re-implemented.
#pragma once

#include <systemc>

#include "amx/golden/dot.hpp"

namespace amx::model {

SC_MODULE(block_dot) {
  block_dot(sc_core::sc_module_name name, golden::Discipline disc, int block, int lanes = 1);

  // One block pair; first starts a dot product from +0, last ends it (under
  // `fused` the sum changes at the end of each K step and at last).
  float step(const golden::BlockOperand& a, const golden::BlockOperand& b, bool first, bool last, float init = 0.0f) {
    return unit_.step(a, b, first, last, init);
  }
  // A group of 1..lanes block pairs (the unit's lanes), one accumulator update.
  float step_group(const golden::BlockOperand* a, const golden::BlockOperand* b, int count, bool first, bool last,
                   float init = 0.0f) {
    return unit_.step_group(a, b, count, first, last, init);
  }
  float acc() const { return unit_.acc(); }
  void set_discipline(golden::Discipline d) { unit_ = unit_of(d); }

 private:
  golden::DotUnit unit_of(golden::Discipline d) const {
    return golden::DotUnit(d, block_, golden::unit_fused_params(block_, lanes_), lanes_);
  }
  int block_, lanes_;
  golden::DotUnit unit_;
};

}  // namespace amx::model
