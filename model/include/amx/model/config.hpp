// Configuration and statistics of the SystemC model of the MAC accelerator.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace amx::model {

// What is fixed when the array is built (the RTL's elaboration parameters).
struct ArrayConfig {
  int rows = 4;     // R: a-blocks broadcast along rows
  int cols = 4;     // C: b-blocks broadcast along columns
  int block = 32;   // N: elements per block pair and unit cycle
  int pipe = 1;     // block_dot's PIPE register stages
  int acc_ii = 1;   // block_dot's ACC_II: 2 = each unit interleaves two dot
                    // products (two row groups of R), the tile is 2R x C
  int lanes = 1;    // block_dot's LANES: each unit takes a group of `lanes`
                    // block pairs per cycle (docs/numerics.md 7.2)
  int drain_rows = 1;  // mac_array's DRAIN_ROWS: result rows leaving the
                       // drain bank per cycle, a power of two dividing rows
  int tile_rows() const { return acc_ii * rows; }
  // Cycles a unit takes for a tile's blocks of one row group: groups of
  // `lanes` blocks, the last one padded.
  uint64_t groups(uint64_t blocks) const {
    const uint64_t l = static_cast<uint64_t>(lanes);
    return (blocks + l - 1) / l;
  }
  // mac_ctrl's constants (rtl/mac_ctrl.v): the cycles a tile's results take
  // to leave the drain bank; the minimum distance between two tiles' final
  // block pairs (the bank's hold: a tile's results move in as the previous
  // tile's last rows leave); and from a tile's final pair to its last row
  // drained (the results are in the bank PIPE + 1 cycles after it).
  uint64_t drain_cycles() const { return static_cast<uint64_t>(tile_rows() / drain_rows); }
  uint64_t drain_hold() const { return drain_cycles(); }
  uint64_t drain_tail() const { return static_cast<uint64_t>(pipe + 1) + drain_cycles(); }
  // The first cycle a K-tiled tile's preload may write its bank's first
  // rows: after the previous tile has read the bank (its first pair of each
  // row group) and the cycle after the source tile's first rows have left
  // the drain bank (rows r leave drain_cycles() - 1 - r / drain_rows cycles
  // before `src_drained`).  The bank fills drain_rows rows per cycle, the
  // drain's width, so its last rows are in drain_cycles() cycles later.
  uint64_t preload_from(uint64_t prev_first, uint64_t src_drained) const {
    return std::max(prev_first + static_cast<uint64_t>(acc_ii), src_drained + 2 - drain_cycles());
  }
  // So a tile that preloads its partial sums enters no sooner than this
  // after the previous tile's first pair (the bank's read, then its fill).
  uint64_t preload_pitch() const { return static_cast<uint64_t>(acc_ii) + drain_cycles(); }
  // The drain's rule: a power of two dividing the rows (mac_array DRAIN_ROWS).
  static bool drain_fits(int rows, int drain_rows) {
    return drain_rows >= 1 && (drain_rows & (drain_rows - 1)) == 0 && rows % drain_rows == 0;
  }
  // The array's shape rules (rows, columns, lanes, II, drain rows): an
  // amx::Error naming the first broken one.
  void check() const;
};

// The DRAM behind the accelerator's DMA: a transfer of n bytes occupies its
// port ceil(n / bytes_per_cycle) cycles and completes latency cycles later.
// Reads and writes share the one port (a DRAM bus) unless duplex.  The
// on-chip buffer (SRAM) holds buffer_bytes in all: the double-buffered A and
// B operand panels and, for K-tiled mappings, the binary32 partial sums.
// The on-chip buffer as the command line gives it, in KiB: its default, and
// its one check and conversion (1 KiB..1 GiB; an amx::Error names the
// option otherwise).
constexpr uint64_t kDefaultBufferKib = 512;
uint64_t buffer_bytes_of_kib(uint64_t kib);

struct MemConfig {
  double bytes_per_cycle = 64.0;
  int latency = 100;
  uint64_t buffer_bytes = kDefaultBufferKib * 1024;
  double clock_ghz = 1.0;  // for the time figures only
  bool duplex = false;     // separate read and write channels of bytes_per_cycle each
};

// How a GEMM is tiled over the on-chip buffer (the loop nest, outer to
// inner): output tiles of tile_m x tile_n (multiples of the array's R and C;
// 0: R or C) in the order given, each over k_chunks K chunks (balanced, cut
// where the contract's accumulator is binary32: any group of the units'
// lanes, or a K step of max(64, block x lanes) elements under `fused`); inside a chunk the array's R x C tiles run row-major.
// A chunk's partial sums stay in the buffer and are loaded back into the
// units (preload) for the next chunk.  With one chunk an operand panel that
// the next output tile shares stays in the buffer (no reload).
struct Mapping {
  uint32_t tile_m = 0, tile_n = 0;
  uint32_t k_chunks = 1;
  uint32_t order = 0;  // 0: M outer (output tiles row-major), 1: N outer
};

// Counters of one GEMM run (all in accelerator clock cycles).
struct Stats {
  uint64_t cycles = 0;        // START to the last result written
  uint64_t busy = 0;          // cycles in which block pairs entered the array
  uint64_t stall_mem = 0;     // array idle, waiting for operand tiles
  uint64_t stall_drain = 0;   // last block pair of a tile held for the drain bank
  uint64_t tail = 0;          // pipeline fill/drain and the final stores
  uint64_t bytes_read = 0, bytes_written = 0;  // DRAM
  uint64_t sram_read = 0, sram_written = 0;    // on-chip buffer: operands to the array, DRAM fills, partial sums
  uint64_t psum_bytes = 0;                     // of which partial sums (stored and loaded back)
  uint64_t macs = 0;          // useful multiply-accumulates, M * N * K
  uint64_t block_pairs = 0;   // per unit (every unit takes the same stream; busy x lanes but for the last groups' padding)
  uint64_t tiles = 0;
  double utilization(const ArrayConfig& a) const {
    return cycles ? static_cast<double>(macs) / (static_cast<double>(cycles) * a.rows * a.cols * a.block * a.lanes) : 0.0;
  }
};

nlohmann::json to_json(const Stats& s, const ArrayConfig& a, const MemConfig& m);
std::string to_text(const Stats& s, const ArrayConfig& a, const MemConfig& m);

}  // namespace amx::model
