// Configuration and statistics of the SystemC model of the MAC accelerator.
#pragma once

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
};

// The memory behind the accelerator's DMA: one port, a transfer of n bytes
// occupies it ceil(n / bytes_per_cycle) cycles and completes latency cycles
// later.  Local tile buffers hold buffer_bytes each (A and B, double-buffered).
struct MemConfig {
  double bytes_per_cycle = 64.0;
  int latency = 100;
  uint64_t buffer_bytes = 256 * 1024;
  double clock_ghz = 1.0;  // for the time figures only
};

// Counters of one GEMM run (all in accelerator clock cycles).
struct Stats {
  uint64_t cycles = 0;        // START to the last result written
  uint64_t busy = 0;          // cycles in which block pairs entered the array
  uint64_t stall_mem = 0;     // array idle, waiting for operand tiles
  uint64_t stall_drain = 0;   // last block pair of a tile held for the drain bank
  uint64_t tail = 0;          // pipeline fill/drain and the final stores
  uint64_t bytes_read = 0, bytes_written = 0;
  uint64_t macs = 0;          // useful multiply-accumulates, M * N * K
  uint64_t block_pairs = 0;   // per unit (every unit takes the same stream)
  uint64_t tiles = 0;
  double utilization(const ArrayConfig& a) const {
    return cycles ? static_cast<double>(macs) / (static_cast<double>(cycles) * a.rows * a.cols * a.block) : 0.0;
  }
};

nlohmann::json to_json(const Stats& s, const ArrayConfig& a, const MemConfig& m);
std::string to_text(const Stats& s, const ArrayConfig& a, const MemConfig& m);

}  // namespace amx::model
