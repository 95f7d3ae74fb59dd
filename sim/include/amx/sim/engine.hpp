// The whole engine on an LLM workload: DRAM -> on-chip buffer -> MAC array.
// For each format pair (the engine, and the one it is compared with) and each
// distinct GEMM: the mapping search (mapping.hpp), the GEMM on the SystemC
// model with that mapping (cycles, DRAM and buffer traffic through its TLM
// register interface), the numerical error of the quantized GEMM, and the
// energy and area of the MAC array (from `amx ppa`), the controller, the
// buffer and DRAM (technology file).  Results are data; sim_report.cpp
// writes them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "amx/golden/dot.hpp"
#include "amx/model/config.hpp"
#include "amx/sim/mapping.hpp"
#include "amx/sim/tech.hpp"
#include "amx/sim/workload.hpp"

namespace amx::sim {

struct SimOptions {
  std::string workload = "llama2-7b", mode = "prefill", array = "16x16", a_format = "amxfp4", b_format = "amxfp4",
              compare = "mxfp4", discipline = "block", numerics = "sample", out = "out/sim", ppa, tech;
  uint64_t seq = 2048, batch = 1, seed = 1, sample = 32;
  int pipe = 1, latency = 100, acc_ii = 1;
  int lanes = 1;  // block pairs per unit and cycle (wide units, docs/numerics.md 7.2)
  int drain_rows = 1;  // result rows leaving the array's drain bank per cycle (mac_array DRAIN_ROWS), a power of two dividing its rows
  double bandwidth = 64.0, clock_ghz = 0.0, mem_pj_per_byte = 0.0, max_memory_gib = 16.0;
  uint64_t buffer_kib = model::kDefaultBufferKib;
  uint64_t buffer_bytes() const { return model::buffer_bytes_of_kib(buffer_kib); }  // throws outside 1 KiB..1 GiB
  bool bench = false;
  int rows = 16, cols = 16;  // the array (parsed from `array` by the command)
};

struct Energy {  // mJ; NaN: unknown (the MAC array's without --ppa)
  double mac_busy = 0.0, mac_idle = 0.0, controller = 0.0, sram = 0.0, dram = 0.0;
  double total() const { return mac_busy + mac_idle + controller + sram + dram; }
  Energy& operator+=(const Energy& o);
};

struct EngineFormats {
  std::string label;  // e.g. amxfp4 x amxfp4
  golden::Format fa{}, fb{};
  int block = 32;
  int lanes = 1;  // block pairs per unit and cycle
  int macs_per_unit() const { return block * lanes; }  // per cycle
  int pipe = 1;  // the array's block_dot PIPE: the PPA report's engine's, else --pipe
  // From the PPA report (NaN without one): the unit's energy per MAC, its
  // idle energy per cycle and leakage, its area, the array's area.
  double energy_pj = NAN, idle_pj = 0.0, leakage_mw = 0.0, unit_area_um2 = NAN, array_area_um2 = NAN;
  std::string ppa_config, array_area_from;
};

struct GemmRun {
  model::Mapping map;
  MappingCost predicted;          // the search's replay of the chosen mapping
  uint64_t candidates = 0, costed = 0;
  model::Stats st;                // one instance, from the SystemC model
  uint64_t dram_min = 0, io_bound = 0;
  double sqnr_db = NAN, max_err = NAN;
  Energy energy;                  // all instances
  uint64_t dram() const { return st.bytes_read + st.bytes_written; }
  uint64_t sram() const { return st.sram_read + st.sram_written; }
};

struct EngineRun {
  EngineFormats f;
  std::vector<GemmRun> g;
  uint64_t cycles = 0, busy = 0, stall_mem = 0, stall_drain = 0, tail = 0, macs = 0;
  uint64_t dram = 0, dram_min = 0, sram = 0;
  Energy energy;
  double signal = 0.0, noise = 0.0;
  // The buffer as built: banks of the technology's width, enough for the
  // array's operand bandwidth and its drain's writes (of which).
  uint64_t sram_bytes_per_cycle = 0, sram_drain_bytes_per_cycle = 0, banks = 0;
  double bank_kib = 0.0, sram_read_pj = 0.0, sram_write_pj = 0.0;
  double area_array_um2 = NAN, area_controller_um2 = 0.0, area_sram_um2 = 0.0;
  double area_mm2() const { return (area_array_um2 + area_controller_um2 + area_sram_um2) * 1e-6; }
  double utilization(int rows, int cols) const;
};

struct SimResult {
  SimOptions opt;
  Workload w;
  int rows = 16, cols = 16;
  golden::Discipline disc{};
  model::MemConfig mem;
  Tech tech;
  double clock_ghz = 1.0, dram_pj_per_byte = 0.0;
  bool has_ppa = false;
  uint64_t tokens = 0;  // tokens the workload processes (presets), 0 if unknown
  std::vector<EngineRun> runs;
  double wall_seconds = 0.0, search_seconds = 0.0;
};

// The array an engine run simulates: the options' shape, drain and II, the
// formats' block, lanes and PIPE.
model::ArrayConfig array_config(const SimOptions& a, const EngineFormats& f);

// What bounds one GEMM instance on its array: the largest of three lower
// bounds on its cycles, each from the run's own counters: compute (the
// cycles block pairs entered the array), memory (its DRAM bytes at the
// options' bandwidth) and drain (its array tiles, each RR / D cycles in the
// drain bank).
struct GemmBound {
  const char* kind = "compute";  // "compute", "memory" or "drain"
  double compute = 0.0, memory = 0.0, drain = 0.0;  // cycles
};
GemmBound gemm_bound(const SimOptions& a, const EngineFormats& f, const GemmRun& g);

// Checks the options and the workload and runs everything; throws amx::Error
// for bad input before any simulation starts.
SimResult run_simulation(const SimOptions& o);
// The speed benchmark (--bench): every GEMM instance timing-only with the
// mapping search, and the bit-exact numerics rate; prints its figures.
// Returns false if the model refused a GEMM.
bool bench_simulation(const SimOptions& o);

// Transformer-block linear layers (a weight operand, not the LM head): the
// GEMMs of the utilisation target.
bool linear_layer(const Gemm& g);

}  // namespace amx::sim
