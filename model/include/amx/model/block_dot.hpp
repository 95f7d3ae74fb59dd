// One block dot-product MAC unit (rtl/block_dot.v): its binary32 running sum
// and the accumulation of one block pair per call.  The arithmetic is the
// golden library's (docs/numerics.md §6-§7), linked, not re-implemented.
#pragma once

#include <systemc>

#include "amx/golden/dot.hpp"

namespace amx::model {

SC_MODULE(block_dot) {
  block_dot(sc_core::sc_module_name name, golden::Discipline disc);

  // One block pair; first starts a dot product from +0.  Returns the sum.
  float step(const golden::BlockOperand& a, const golden::BlockOperand& b, bool first) {
    acc_ = golden::accumulate(first ? 0.0f : acc_, a, b, disc_);
    return acc_;
  }
  float acc() const { return acc_; }
  void set_discipline(golden::Discipline d) { disc_ = d; }

 private:
  golden::Discipline disc_;
  float acc_ = 0.0f;
};

}  // namespace amx::model
