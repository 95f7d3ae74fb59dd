// R x C output-stationary array of block_dot units with its controller
// (rtl/mac_array.v): a-blocks broadcast along rows, b-blocks along columns.
#pragma once

#include <memory>
#include <vector>

#include <systemc>

#include "amx/golden/dot.hpp"
#include "amx/model/block_dot.hpp"
#include "amx/model/config.hpp"
#include "amx/model/mac_ctrl.hpp"

namespace amx::model {

SC_MODULE(mac_array) {
  mac_array(sc_core::sc_module_name name, const ArrayConfig& cfg);

  // The numerics of one output tile: rows_a a-rows and cols_b b-rows (at most
  // II R and C) of nb blocks each, row r of a at a[r] (nb operands); c_out[r *
  // ldc + c] receives the binary32 results.  init (if not null): the
  // partial sums the units start from (preload), init[r * ldc + c].
  void compute_tile(const std::vector<const golden::BlockOperand*>& a, const std::vector<const golden::BlockOperand*>& b,
                    size_t nb, float* c_out, size_t ldc, const float* init = nullptr);
  void set_discipline(golden::Discipline d);

  mac_ctrl ctrl;
  const ArrayConfig cfg;

 private:
  std::vector<std::unique_ptr<block_dot>> units_;
};

}  // namespace amx::model
