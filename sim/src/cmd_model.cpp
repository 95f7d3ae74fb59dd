// amx model: one GEMM on the SystemC/TLM model of the accelerator, with the
// cycle statistics, and (unless --timing-only) its results checked bit for
// bit against the golden reference GEMM.  Prints the wall time, so it is
// also the model's speed benchmark.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "amx/report/text.hpp"
#include "amx/golden/dot.hpp"
#include "amx/golden/error.hpp"
#include "amx/golden/tensor_io.hpp"
#include "amx/golden/quantizer.hpp"
#include "amx/model/system.hpp"
#include "commands.hpp"

// SystemC's library calls sc_main from its own main(), which amx replaces;
// the symbol must exist but is never reached.
int sc_main(int, char**) { return 1; }

namespace amx::cli {

namespace {

struct ModelArgs {
  std::string array = "16x16", a_format = "amxfp4", b_format = "amxfp4", discipline = "block", json;
  int pipe = 1, acc_ii = 1, lanes = 1, drain_rows = 1;
  uint32_t m = 256, n = 256, k = 4096;
  uint32_t tile_m = 0, tile_n = 0, k_chunks = 1, order = 0;
  double bandwidth = 64.0, clock_ghz = 1.0;
  int latency = 100;
  uint64_t buffer_kib = model::kDefaultBufferKib;
  bool timing_only = false;
  uint64_t seed = 1;
};

void run_model(const ModelArgs& a) {
  const auto [rows, cols] = parse_array(a.array);
  const golden::Format fa = golden::parse_format(a.a_format), fb = golden::parse_format(a.b_format);
  const golden::Discipline disc = golden::parse_discipline(a.discipline);
  const int block = golden::format_info(fa).default_block;
  if (!(a.bandwidth > 0.0) || !std::isfinite(a.bandwidth) || a.bandwidth > 1e6 || a.latency < 0 ||
      a.latency > 1000000 || !(a.clock_ghz > 0.0) || !std::isfinite(a.clock_ghz) || a.clock_ghz > 100.0)
    throw Error("--bandwidth must be in (0, 1e6] bytes per cycle, --clock-ghz in (0, 100], --latency 0..1000000 cycles");
  const uint64_t buffer_bytes = model::buffer_bytes_of_kib(a.buffer_kib);
  const golden::QuantParams pa{fa, block, golden::Rounding::Nearest}, pb{fb, block, golden::Rounding::Nearest};
  golden::validate(pa);
  const model::GemmLayout lay = model::gemm_layout(pa, pb, a.m, a.n, a.k);
  const uint64_t addr_a = lay.a, addr_b = lay.b, addr_c = lay.c, bytes = lay.bytes;
  constexpr uint64_t kMaxImage = uint64_t{16} << 30;
  if (bytes > kMaxImage)
    throw Error(fmt::format("the GEMM's memory image (A, B and C) is {:.1f} GiB, more than the model's 16 GiB: use "
                            "smaller --m, --n or --k",
                            static_cast<double>(bytes) / double(1 << 30)));

  model::ArrayConfig ac{rows, cols, block, a.pipe, a.acc_ii, a.lanes, a.drain_rows};
  ac.check();
  model::MemConfig mc{a.bandwidth, a.latency, buffer_bytes, a.clock_ghz};
  model::System sys(ac, mc, bytes);

  golden::PackedTensor ta, tb;
  model::GemmJob job;
  job.fa = fa;
  job.fb = fb;
  job.disc = static_cast<int>(disc);
  job.m = a.m;
  job.n = a.n;
  job.k = a.k;
  job.addr_a = addr_a;
  job.addr_b = addr_b;
  job.addr_c = addr_c;
  job.map = {a.tile_m, a.tile_n, a.k_chunks, a.order};
  job.timing_only = a.timing_only;
  if (!a.timing_only) {
    // LLM-like operands: activations with outlier channels, Gaussian weights.
    std::mt19937_64 g(a.seed);
    std::normal_distribution<float> nd;
    std::vector<float> x(uint64_t{a.m} * a.k), w(uint64_t{a.n} * a.k);
    std::vector<float> chan(a.k);
    for (auto& s : chan) s = std::exp(0.8f * nd(g));
    for (size_t i = 0; i < x.size(); ++i) x[i] = nd(g) * chan[i % a.k] + 0.1f;
    for (auto& v : w) v = 0.02f * nd(g);
    ta = golden::quantize_tensor(pa, x.data(), {a.m, a.k});
    tb = golden::quantize_tensor(pb, w.data(), {a.n, a.k});
    std::memcpy(sys.mem.data() + addr_a, ta.data.data(), ta.data.size());
    std::memcpy(sys.mem.data() + addr_b, tb.data.data(), tb.data.size());
    job.tscale_a = ta.tscale;
    job.tscale_b = tb.tscale;
  }
  const auto t0 = std::chrono::steady_clock::now();
  sys.run(job);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const model::Stats& st = sys.accel.stats();

  nlohmann::json j = model::to_json(st, ac, mc);
  j["gemm"] = {{"m", a.m}, {"n", a.n}, {"k", a.k}, {"a_format", golden::format_info(fa).name},
               {"b_format", golden::format_info(fb).name}, {"discipline", golden::discipline_name(disc)},
               {"timing_only", a.timing_only}};
  j["wall_seconds"] = wall;
  std::printf("%s x %s, %s, M=%u N=%u K=%u\n", golden::format_info(fa).name, golden::format_info(fb).name,
              golden::discipline_name(disc), a.m, a.n, a.k);
  std::fputs(model::to_text(st, ac, mc).c_str(), stdout);
  size_t mismatches = 0;
  if (!a.timing_only) {
    const std::vector<float> want = golden::gemm_ref(ta, tb, disc, golden::unit_fused_params(block, a.lanes), a.lanes);
    for (size_t i = 0; i < want.size(); ++i) {
      float got;
      std::memcpy(&got, sys.mem.data() + addr_c + 4 * i, 4);
      if (golden::f32_bits(got) != golden::f32_bits(want[i]) && ++mismatches <= 5)
        std::fprintf(stderr, "mismatch at C[%zu][%zu]: model 0x%08x, golden 0x%08x\n", i / a.n, i % a.n,
                     golden::f32_bits(got), golden::f32_bits(want[i]));
    }
    std::printf("  numerics      %zu results, %zu mismatches against the golden GEMM\n", want.size(), mismatches);
    j["mismatches"] = mismatches;
  }
  std::printf("  wall time     %.3f s (%.3g simulated MAC/s)\n", wall, static_cast<double>(st.macs) / wall);
  if (!a.json.empty()) {
    golden::write_file(a.json, report::json_text(j));
  }
  if (mismatches) throw Error(std::to_string(mismatches) + " results differ from the golden GEMM");
}

}  // namespace

std::pair<int, int> parse_array(const std::string& s) {
  // Digits only (no sign, no spaces), each side 1..kMaxArraySide: never an
  // overflowing conversion, and rows * cols always fits.
  const size_t x = s.find_first_of("xX");
  auto side = [&](const std::string& d) {
    if (d.empty() || d.size() > 6 || d.find_first_not_of("0123456789") != std::string::npos) return -1L;
    return std::stol(d);
  };
  const long r = x == std::string::npos ? -1 : side(s.substr(0, x));
  const long c = x == std::string::npos ? -1 : side(s.substr(x + 1));
  if (r < 0 || c < 0) throw Error("--array '" + s + "' is not RxC (e.g. 16x16)");
  if (r < 1 || c < 1 || r > kMaxArraySide || c > kMaxArraySide)
    throw Error("--array '" + s + "': rows and columns must each be 1.." + std::to_string(kMaxArraySide));
  return {static_cast<int>(r), static_cast<int>(c)};
}

std::tuple<int, int, int> parse_array_drain(const std::string& s) {
  const size_t d = s.find_first_of("dD");
  int drain = 0;
  if (d != std::string::npos) {
    const std::string digits = s.substr(d + 1);
    const bool number = !digits.empty() && digits.size() <= 3 && digits.find_first_not_of("0123456789") == std::string::npos;
    drain = number ? std::stoi(digits) : 0;
    if (drain < 1 || drain > kMaxArraySide)
      throw Error(fmt::format("--array '{}': the drain rows after 'd' must be 1..{}", s, kMaxArraySide));
  }
  const auto [rows, cols] = parse_array(s.substr(0, d));
  if (drain > 0 && !model::ArrayConfig::drain_fits(rows, drain))
    throw Error(fmt::format("--array '{}': the drain rows per cycle must be a power of two dividing the rows ({})", s, rows));
  return {rows, cols, drain};
}

void add_model(CLI::App& app) {
  auto args = std::make_shared<ModelArgs>();
  CLI::App* c = app.add_subcommand("model", "run one GEMM on the SystemC/TLM model of the MAC array");
  c->add_option("--array", args->array, "array size RxC")->capture_default_str();
  c->add_option("--a-format", args->a_format, "format of A (activations)")->capture_default_str();
  c->add_option("--b-format", args->b_format, "format of B (weights)")->capture_default_str();
  c->add_option("--discipline", args->discipline, "block, class-seq, window or fused")->capture_default_str();
  c->add_option("--pipe", args->pipe, "pipeline stages of each unit")->capture_default_str()->check(CLI::Range(0, 16));
  c->add_option("--acc-ii", args->acc_ii, "2: two-cycle accumulators, each unit interleaves two row groups (tiles of 2R rows)")
      ->capture_default_str()
      ->check(CLI::Range(1, 2));
  c->add_option("--lanes", args->lanes,
                "block pairs per unit and cycle, one accumulator update per group (1, 2, 4, 8 or 16; docs/numerics.md 7.2)")
      ->capture_default_str()
      ->check(CLI::IsMember({1, 2, 4, 8, 16}));
  c->add_option("--drain-rows", args->drain_rows, "result rows leaving the drain bank per cycle (a power of two dividing R)")
      ->capture_default_str();
  c->add_option("--m", args->m, "rows of A and C")->capture_default_str()->check(CLI::Range(1u, 1u << 20));
  c->add_option("--n", args->n, "rows of B, columns of C")->capture_default_str()->check(CLI::Range(1u, 1u << 20));
  c->add_option("--k", args->k, "reduction length")->capture_default_str()->check(CLI::Range(1u, 1u << 20));
  c->add_option("--tile-m", args->tile_m, "output tile rows of the loop nest (a multiple of R; 0: R)")
      ->capture_default_str()->check(CLI::Range(0u, 1u << 20));
  c->add_option("--tile-n", args->tile_n, "output tile columns (a multiple of C; 0: C)")
      ->capture_default_str()->check(CLI::Range(0u, 1u << 20));
  c->add_option("--k-chunks", args->k_chunks, "K chunks per output tile (partial sums kept and preloaded)")
      ->capture_default_str()->check(CLI::Range(1u, 1u << 20));
  c->add_option("--order", args->order, "0: output tiles M outer, 1: N outer")->capture_default_str()->check(CLI::Range(0u, 1u));
  c->add_option("--bandwidth", args->bandwidth, "DRAM bytes per cycle (reads and writes share it)")
      ->capture_default_str();
  c->add_option("--latency", args->latency, "memory latency in cycles")->capture_default_str();
  c->add_option("--buffer-kib", args->buffer_kib, "on-chip buffer in all (operand panels, partial sums)")->capture_default_str();
  c->add_option("--clock-ghz", args->clock_ghz, "clock for the time figures")->capture_default_str();
  c->add_flag("--timing-only", args->timing_only, "cycles only: no data, no numerics");
  c->add_option("--seed", args->seed, "seed of the synthetic operands")->capture_default_str();
  c->add_option("--json", args->json, "write the statistics as JSON here");
  c->callback([args] { run_model(*args); });
}

}  // namespace amx::cli
