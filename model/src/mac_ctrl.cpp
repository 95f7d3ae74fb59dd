// The controller's tile schedule in closed form (see mac_ctrl.hpp for the
// derivation), so a long GEMM costs no per-cycle simulation.
#include "amx/model/mac_ctrl.hpp"

#include <algorithm>

namespace amx::model {

mac_ctrl::mac_ctrl(sc_core::sc_module_name name, const ArrayConfig& a)
    : sc_core::sc_module(name),
      ii_(static_cast<uint64_t>(a.acc_ii)),
      hold_(a.drain_hold()),
      tail_(a.drain_tail()) {}

TileTiming mac_ctrl::schedule(uint64_t nb, uint64_t avail) {
  if (nb == 0) nb = 1;  // as the RTL: K = 0 is treated as one block pair
  TileTiming t;
  const uint64_t ready = started_ ? last_ + 1 : 0;  // the array could take a pair
  t.first = std::max(ready, avail);
  t.stall_mem = t.first - ready;
  const uint64_t streamed = t.first + ii_ * nb - 1;
  const uint64_t held = started_ ? last_ + hold_ : 0;
  t.last = std::max(streamed, held);
  t.stall_drain = t.last - streamed;
  // A one-block tile's first pair is its held last: it too waits for the
  // drain bank.
  if (nb == 1) t.first = t.last - (ii_ - 1);
  t.drained = t.last + tail_;
  started_ = true;
  last_ = t.last;
  return t;
}

}  // namespace amx::model
