// The array's units share one contract: setting it reaches every block_dot.
#include "amx/model/mac_array.hpp"

#include <algorithm>
#include <string>

#include "amx/golden/error.hpp"

namespace amx::model {

mac_array::mac_array(sc_core::sc_module_name name, const ArrayConfig& c)
    : sc_core::sc_module(name), ctrl("ctrl", c), cfg(c) {
  c.check();
  // A unit with ACC_II = 2 holds two running sums: one model per output.
  for (int r = 0; r < c.tile_rows(); ++r)
    for (int k = 0; k < c.cols; ++k)
      units_.push_back(std::make_unique<block_dot>(
          ("unit_" + std::to_string(r) + "_" + std::to_string(k)).c_str(), golden::Discipline::Block, c.block, c.lanes));
}

void mac_array::set_discipline(golden::Discipline d) {
  for (auto& u : units_) u->set_discipline(d);
}

void mac_array::compute_tile(const std::vector<const golden::BlockOperand*>& a,
                             const std::vector<const golden::BlockOperand*>& b, size_t nb, float* c_out, size_t ldc,
                             const float* init) {
  for (size_t r = 0; r < a.size(); ++r) {
    for (size_t k = 0; k < b.size(); ++k) {
      block_dot& u = *units_[r * static_cast<size_t>(cfg.cols) + k];
      const float c0 = init ? init[r * ldc + k] : 0.0f;
      // Groups of `lanes` block pairs, the last one shorter (its padding
      // lanes add nothing: docs/numerics.md 7.2).
      const size_t L = static_cast<size_t>(cfg.lanes);
      for (size_t j = 0; j < nb; j += L)
        u.step_group(&a[r][j], &b[k][j], static_cast<int>(std::min(L, nb - j)), j == 0, j + L >= nb, c0);
      c_out[r * ldc + k] = u.acc();
    }
  }
}

}  // namespace amx::model
