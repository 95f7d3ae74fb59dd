// The mapping search: for one GEMM on one engine, the loop nest (output tile,
// K chunks, order: model::Mapping) that fits the on-chip buffer and
// minimises cycles, then DRAM traffic, then buffer and DRAM energy.  Each
// candidate is costed by a step-level replay of the model's loop nest
// (double-buffered panels, one shared DRAM port, the array's one block pair
// per cycle and its drain hold), fast enough for every distinct GEMM of a
// model; the chosen mapping is then run on the SystemC model.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "amx/golden/quantizer.hpp"
#include "amx/model/config.hpp"

namespace amx::sim {

struct EngineShape {
  // The array whose loop nest is searched: its shape, II (tiles of II x
  // rows), lanes (a tile streams ceil(blocks / lanes) groups) and drain,
  // the one description the model runs too.
  model::ArrayConfig array{16, 16, 32, 1};
  double dram_bytes_per_cycle = 64.0;
  int dram_latency = 100;
  uint64_t buffer_bytes = 512 * 1024;
  bool fused = false;  // K chunks cut at K steps of max(64, block x lanes) elements (else at groups of lanes)
  // Energy weights of the tie-break (pJ per byte), from the technology file.
  double sram_read_pj = 1.0, sram_write_pj = 1.0, dram_pj = 10.0;
};

struct GemmShape {
  golden::QuantParams a, b;
  uint64_t m = 1, n = 1, k = 1;
};

// The most cycles one GEMM instance may take: the SystemC model's time (64
// bits of picoseconds) holds about 1.8e16 cycles of 1 ns; a run beyond this
// is refused (naming the GEMM and --bandwidth), never reported saturated.
inline constexpr uint64_t kMaxCycles = uint64_t{1} << 50;

struct MappingCost {
  bool fits = false;
  uint64_t footprint = 0;      // buffer bytes
  uint64_t cycles = 0;         // predicted
  uint64_t lower_bound = 0;    // max(compute, DRAM time): no mapping of this tiling does better
  uint64_t dram_read = 0, dram_written = 0;
  uint64_t sram_read = 0, sram_written = 0;
  double energy_pj = 0.0;      // buffer and DRAM only (the tie-break)
  uint64_t dram() const { return dram_read + dram_written; }
};

MappingCost cost(const GemmShape& g, const EngineShape& e, const model::Mapping& map);

// DRAM bytes no mapping can avoid: each operand read once, each result written once.
uint64_t dram_minimum(const GemmShape& g);

// The I/O lower bound of a blocked GEMM whose binary32 output tile lives in
// a buffer of the given bytes (Hong-Kung style, for the report): with an
// output tile of x by y (4xy <= buffer) every A row is read N/y times and
// every B row M/x times; the best square tile gives the bound.
uint64_t dram_io_bound(const GemmShape& g, uint64_t buffer_bytes);

enum class Space {
  Pruned,  // tile sizes with distinct tile counts, chunk counts with distinct widths; bound-pruned
  Full     // every multiple of R and C, every chunk count: for tests on small GEMMs
};

struct SearchResult {
  model::Mapping best;
  MappingCost cost;
  uint64_t candidates = 0, fitting = 0, costed = 0;
  uint64_t fewest_cycles = 0;  // of every mapping costed (the objective's window starts here)
};

// Cycles within this fraction of the fewest count as equal (then DRAM bytes
// decide, then energy, equal within the same fraction).
constexpr double kCycleTolerance = 0.005;

// Throws amx::Error when no mapping fits the buffer (naming the smallest need).
SearchResult search(const GemmShape& g, const EngineShape& e, Space space = Space::Pruned);

std::string to_string(const model::Mapping& m);

}  // namespace amx::sim
