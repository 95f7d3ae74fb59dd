// K-loop controller of mac_array (rtl/mac_ctrl.v), as a timing model.
//
// The drain bank is the units' result register: a tile's results move in
// PIPE + 1 cycles after its final block pair and leave it D rows per cycle
// (DRAIN_ROWS) while the next tile accumulates.  The RTL accepts every block
// pair of a tile at once except the last, which it holds so that the tile's
// results arrive no sooner than the cycle the previous tile's last rows
// leave: with operands always available, tile i's final pair enters at
//   L_i = L_{i-1} + max(II nb_i, RR / D),   L_0 = II nb_0 - 1,
// (RR = II R rows per tile) and its last row leaves at L_i + PIPE + 1 + RR / D.
// When operands arrive late (avail), the first pair waits for them.  A tile
// of one block pair enters when that pair may (its first pair is its last).
//
// II = 2 (ACC_II): a tile is 2 nb pairs (block k of row group 0, then of
// group 1) and 2R rows; group 0's last pair is the held one, group 1's
// follows it as the tile's final pair.  So hold = RR / D and
// tail = PIPE + 1 + RR / D (ArrayConfig::drain_hold, drain_tail).
#pragma once

#include <cstdint>

#include <systemc>

#include "amx/model/config.hpp"

namespace amx::model {

struct TileTiming {
  uint64_t first = 0;       // cycle the first block pair enters
  uint64_t last = 0;        // cycle the last block pair enters
  uint64_t drained = 0;     // cycle the last result row leaves the drain bank
  uint64_t stall_mem = 0;   // cycles the array waited for this tile's operands
  uint64_t stall_drain = 0; // cycles the last pair was held for the drain bank
};

SC_MODULE(mac_ctrl) {
  mac_ctrl(sc_core::sc_module_name name, const ArrayConfig& a);

  // Schedules a tile of nb blocks (II nb block pairs) whose operands are in
  // the local buffers from cycle avail on; tiles are scheduled in order.
  // last: the tile's final pair.
  TileTiming schedule(uint64_t nb, uint64_t avail);
  void reset() { started_ = false; }

 private:
  uint64_t ii_;
  uint64_t hold_;  // PIPE + II + II R + 1: minimum distance between last pairs
  uint64_t tail_;  // PIPE + 1 + II R: last pair to last row out
  bool started_ = false;
  uint64_t last_ = 0;
};

}  // namespace amx::model
