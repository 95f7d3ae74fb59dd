// Three-way co-simulation of the MAC array: the golden reference GEMM, the
// SystemC/TLM model (through its register map, DMA and memory) and the
// Verilated RTL mac_array, in one SystemC elaboration.  The model runs each
// GEMM; the RTL array is then driven with the same tiles in the same order,
// each tile's block pairs offered from the cycle the model's DMA delivered
// its operands, so the RTL's per-tile cycles must equal the model's
// mac_ctrl schedule exactly.  Every result word of the model and of the RTL
// is compared with the golden GEMM and with each other.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "amx/golden/formats.hpp"
#include "amx/golden/quantizer.hpp"
#include "amx/model/config.hpp"
#include "amx/synth/engines.hpp"
#include "engine_config.hpp"

namespace amx::tb {

class rtl_mac_array;  // rtl_mac_array.hpp

// One co-simulation array of the engine registry (rtl/engines.txt): a
// Verilated SystemC model in a plugin of its own.
struct CosimEntry {
  Config cfg;
  // The engine's formats: cfg's sides name the RTL's scale parameters only
  // (NVFP4 is an E4M3-scaled side at N = 16; the model and the golden take
  // it as NVFP4, its tensor scales 1: the array has no tensor-scale stage).
  golden::Format fa, fb;
  int rows, cols;
  int drain_rows;       // mac_array DRAIN_ROWS: result rows out per cycle
  bool trace;           // verilated with --trace: --vcd works
  synth::Tier tier;     // which build makes it
  std::string target;   // its plugin's build target and file stem: cosim_<engine>_<R>x<C>[d<D>]
};
const std::vector<CosimEntry>& cosim_entries();  // every co-simulation array of the registry

// Where the plugins are: $AMX_COSIM_DIR, else lib/amx beside the directory
// of the running binary (build/bin/amx: build/lib/amx).
std::string cosim_plugin_dir();
// Opens e's plugin and makes its array (trace: Verilator's tracing on);
// throws amx::Error naming the build target when the plugin is not built.
std::unique_ptr<rtl_mac_array> make_rtl(const CosimEntry& e, bool trace);

// The registry's array for these formats, discipline and array size;
// throws amx::Error naming the registry's arrays when there is none.
// pipe < 0: the first with any pipeline depth; acc_ii: block_dot's
// ACC_II (2: two row groups interleaved per unit).  Units of one lane only:
// a wide unit's array is named by its engine.
const CosimEntry& find_cosim(golden::Format fa, golden::Format fb, golden::Discipline disc, int rows, int cols,
                             int pipe = -1, int acc_ii = 1);
// The array of the engine called name (the registry's, amx ppa's names)
// at rows x cols with drain_rows rows drained per cycle (0: any); throws
// amx::Error listing the registry's arrays.
const CosimEntry& find_cosim(const std::string& name, int rows, int cols, int drain_rows = 0);

struct EquivOptions {
  uint32_t m = 8, n = 8, k = 4096;
  uint64_t vectors = 1;
  uint64_t seed = 1;
  bool random_shapes = false;  // vectors after the first draw M, N, K in [1, m/n/k]
  // Given shapes (M, N, K) instead: one vector each, in order (a workload's GEMMs).
  std::vector<std::array<uint64_t, 3>> shapes;
  model::MemConfig mem;
  model::Mapping map;          // the loop nest (K chunks: preloaded partial sums)
  std::string vcd;             // waveform of the RTL array, if set
  // User operands (float32 M x K and N x K, quantized by the golden): one vector.
  std::shared_ptr<const golden::PackedTensor> a, b;
  std::function<void(uint64_t done, uint64_t total)> progress;
  // Self-check of the scoreboard: corrupt one RTL result word, or offer the
  // first tile's operands one cycle late, in the first vector.
  enum class Inject { None, Result, Cycle } inject = Inject::None;
};

struct EquivReport {
  std::string engine;  // the engine's name (rtl/engines.txt, the PPA flow's)
  std::string config;
  int rows = 0, cols = 0, pipe = 0, acc_ii = 1, lanes = 1, drain_rows = 1;
  golden::Format fa{}, fb{};
  golden::Discipline disc{};
  uint64_t vectors = 0, results = 0, block_pairs = 0;
  uint64_t model_vs_golden = 0, rtl_vs_golden = 0, rtl_vs_model = 0;  // result words that differ
  uint64_t tiles = 0, compute_bound_tiles = 0, cycle_mismatches = 0;
  uint64_t rtl_cycles = 0, model_cycles = 0;  // array cycles (first pair to last row drained), summed over vectors
  std::vector<std::string> details;           // the first mismatches, in full
  std::string error;                          // a failure that stopped the run
  double wall_seconds = 0.0;
  bool ok() const {
    return error.empty() && !model_vs_golden && !rtl_vs_golden && !rtl_vs_model && !cycle_mismatches;
  }
};

// Runs the co-simulation (one per process: one SystemC elaboration).  Never
// throws once the simulation has started; failures are in the report.
EquivReport run_equiv(const CosimEntry& entry, const EquivOptions& opt);

nlohmann::json to_json(const EquivReport& r);
std::string to_text(const EquivReport& r);
// One line saying what failed (empty when ok()).
std::string failure(const EquivReport& r);

}  // namespace amx::tb
