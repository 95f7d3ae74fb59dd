// amx equiv: the three-way co-simulation (golden, SystemC model, Verilated
// RTL array) on random or .npy operands; exits non-zero on any mismatch of
// results or of tile cycles.
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <tuple>

#include <fmt/format.h>

#include "amx/report/text.hpp"
#include "amx/golden/error.hpp"
#include "amx/golden/tensor_io.hpp"
#include "commands.hpp"
#include "cosim.hpp"
#include "amx/sim/workload.hpp"

namespace amx::cli {

namespace {

struct EquivArgs {
  std::string array = "4x4", a_format = "amxfp4", b_format = "amxfp4", discipline = "block";
  std::string a_npy, b_npy, vcd, json, workload, engine;
  uint32_t m = 8, n = 8, k = 4096;
  uint64_t vectors = 4, seed = 1;
  int pipe = -1, acc_ii = 1;
  bool random_shapes = false;
  std::string inject = "none";
  double bandwidth = 64.0;
  int latency = 100;
  uint32_t tile_m = 0, tile_n = 0, k_chunks = 1, order = 0;
};

std::shared_ptr<const golden::PackedTensor> load(const std::string& path, golden::Format f, int block,
                                                 const char* what) {
  const golden::NpyArray x = golden::read_npy(path);
  if (x.shape.size() != 2)
    throw Error(fmt::format("{} {} must be a 2-D array ({} x K), not {}-D", what, path,
                            what[0] == 'A' ? "M" : "N", x.shape.size()));
  for (float v : x.data)
    if (!std::isfinite(v)) throw Error(fmt::format("{} {} holds NaN or Inf", what, path));
  return std::make_shared<const golden::PackedTensor>(
      golden::quantize_tensor({f, block, golden::Rounding::Nearest}, x.data.data(), x.shape));
}

void run_equiv(const EquivArgs& a) {
  const auto [rows, cols, drain] = parse_array_drain(a.array);
  // An engine named (the PPA flow's names) or one found by formats, contract and pipeline.
  const tb::CosimEntry& e =
      !a.engine.empty() ? tb::find_cosim(a.engine, rows, cols, drain)
                        : tb::find_cosim(golden::parse_format(a.a_format), golden::parse_format(a.b_format),
                                         golden::parse_discipline(a.discipline), rows, cols, a.pipe, a.acc_ii);
  const golden::Format fa = e.cfg.a.format(), fb = e.cfg.b.format();
  if (!(a.bandwidth > 0.0) || !std::isfinite(a.bandwidth) || a.bandwidth > 1e6 || a.latency < 0 || a.latency > 1000000)
    throw Error("--bandwidth must be in (0, 1e6] bytes per cycle and --latency in 0..1000000 cycles");
  if (a.vectors < 1 || a.vectors > 100000) throw Error("--vectors must be 1..100000");
  if (uint64_t{a.m} * a.n * 4 > (uint64_t{4} << 30) || uint64_t{a.m} * a.k + uint64_t{a.n} * a.k > (uint64_t{2} << 30))
    throw Error("--m, --n, --k: the co-simulated GEMM must hold at most 2^30 results and 2^31 operand elements");

  tb::EquivOptions o;
  o.m = a.m;
  o.n = a.n;
  o.k = a.k;
  o.vectors = a.vectors;
  o.seed = a.seed;
  o.random_shapes = a.random_shapes;
  o.mem.bytes_per_cycle = a.bandwidth;
  o.mem.latency = a.latency;
  o.map = {a.tile_m, a.tile_n, a.k_chunks, a.order};
  o.vcd = a.vcd;
  if (a.inject == "result") o.inject = tb::EquivOptions::Inject::Result;
  else if (a.inject == "cycle") o.inject = tb::EquivOptions::Inject::Cycle;
  else if (a.inject != "none") throw Error("--inject must be none, result or cycle, not '" + a.inject + "'");
  if (!a.workload.empty()) {
    // Each distinct GEMM of the workload once: the cycles amx sim reports
    // for it come from the same model schedule the RTL is checked against.
    for (const sim::Gemm& g : sim::load_workload(a.workload).gemms) o.shapes.push_back({g.m, g.n, g.k});
    o.vectors = o.shapes.size();
  }
  if (!a.a_npy.empty() || !a.b_npy.empty()) {
    if (a.a_npy.empty() || a.b_npy.empty()) throw Error("--a-npy and --b-npy go together");
    o.a = load(a.a_npy, fa, e.cfg.n, "A");
    o.b = load(a.b_npy, fb, e.cfg.n, "B");
    o.vectors = 1;
  }
  const bool tty = isatty(fileno(stderr));
  if (tty && o.vectors > 1)
    o.progress = [](uint64_t done, uint64_t total) {
      std::fprintf(stderr, "\r  vector %llu / %llu", static_cast<unsigned long long>(done),
                   static_cast<unsigned long long>(total));
      if (done == total) std::fputc('\n', stderr);
    };
  // Outputs are checked before the run and written after it: an existing
  // file is only replaced by a complete report.
  for (const std::string* out : {&a.json, &a.vcd}) {
    if (out->empty()) continue;
    const std::filesystem::path dir = std::filesystem::absolute(*out).parent_path();
    if (!std::filesystem::is_directory(dir) || access(dir.c_str(), W_OK) != 0)
      throw Error("cannot write " + *out + ": its directory does not exist or is not writable");
    if (std::filesystem::is_directory(*out)) throw Error("cannot write " + *out + ": it is a directory");
  }
  if (!a.json.empty() && !a.vcd.empty() && a.json == a.vcd) throw Error("--json and --vcd name the same file");

  // From here on the SystemC simulation has run: report, do not throw.
  const tb::EquivReport rep = tb::run_equiv(e, o);
  std::fputs(tb::to_text(rep).c_str(), stdout);
  if (!a.json.empty()) {
    try {
      golden::write_file(a.json, report::json_text(tb::to_json(rep)));
    } catch (const Error& err) {
      std::fprintf(stderr, "amx: error: %s\n", err.what());
      exit_status() = 1;
    }
  }
  if (!rep.ok()) {
    std::fprintf(stderr, "amx: error: %s\n", tb::failure(rep).c_str());
    exit_status() = 1;
  }
}

}  // namespace

void add_equiv(CLI::App& app) {
  auto args = std::make_shared<EquivArgs>();
  CLI::App* c = app.add_subcommand(
      "equiv", "co-simulate golden, SystemC model and Verilated RTL array; non-zero exit on any mismatch");
  c->add_option("--array", args->array,
                "array size RxC, or RxCdD: D result rows drained per cycle (built: see the error for a missing one)")
      ->capture_default_str();
  CLI::Option* engine = c->add_option(
      "--engine", args->engine,
      "the built array of this engine (amx ppa's names, e.g. amx_window_ii2) instead of --a-format, --b-format, "
      "--discipline, --pipe, --acc-ii")->check(kNotEmpty);
  CLI::Option* by_format[] = {
      c->add_option("--a-format", args->a_format, "format of A (activations)")->capture_default_str(),
      c->add_option("--b-format", args->b_format, "format of B (weights)")->capture_default_str(),
      c->add_option("--discipline", args->discipline, "block, class-seq, window or fused")->capture_default_str()};
  for (CLI::Option* o : by_format) engine->excludes(o);
  c->add_option("--m", args->m, "rows of A and C")->capture_default_str()->check(CLI::Range(1u, 1u << 20));
  c->add_option("--n", args->n, "rows of B, columns of C")->capture_default_str()->check(CLI::Range(1u, 1u << 20));
  c->add_option("--k", args->k, "reduction length")->capture_default_str()->check(CLI::Range(1u, 1u << 20));
  c->add_option("--vectors", args->vectors, "random GEMMs to run")->capture_default_str()->check(CLI::PositiveNumber);
  engine->excludes(c->add_option("--pipe", args->pipe, "pipeline depth of the built array (default: the first built)"));
  engine->excludes(c->add_option("--acc-ii", args->acc_ii,
                                 "1, or 2: the units' two-cycle accumulators, two row groups interleaved (ACC_II)")
                       ->capture_default_str()
                       ->check(CLI::Range(1, 2)));
  c->add_flag("--random-shapes", args->random_shapes,
              "after the first GEMM, draw M, N, K uniformly in 1..--m/--n/--k (edge tiles, K tails)");
  c->add_option("--seed", args->seed, "seed of the random operands")->capture_default_str();
  c->add_option("--workload", args->workload, "a workload file: each of its GEMMs once, on random operands");
  c->add_option("--a-npy", args->a_npy, "A as float32 .npy (M x K), quantized by the golden");
  c->add_option("--b-npy", args->b_npy, "B as float32 .npy (N x K)");
  c->add_option("--bandwidth", args->bandwidth, "model memory bytes per cycle")->capture_default_str();
  c->add_option("--latency", args->latency, "model memory latency in cycles")->capture_default_str();
  c->add_option("--tile-m", args->tile_m, "output tile rows of the loop nest (a multiple of R; 0: R)")
      ->capture_default_str()->check(CLI::Range(0u, 1u << 20));
  c->add_option("--tile-n", args->tile_n, "output tile columns (a multiple of C; 0: C)")
      ->capture_default_str()->check(CLI::Range(0u, 1u << 20));
  c->add_option("--k-chunks", args->k_chunks,
                "K chunks per output tile: partial sums kept and preloaded into the units (1: K whole)")
      ->capture_default_str()->check(CLI::Range(1u, 1u << 20));
  c->add_option("--order", args->order, "0: output tiles M outer, 1: N outer")->capture_default_str()->check(CLI::Range(0u, 1u));
  c->add_option("--vcd", args->vcd, "write a waveform of the RTL array here");
  c->add_option("--json", args->json, "write the report as JSON here");
  c->add_option("--inject", args->inject,
                "self-check of the scoreboard: corrupt one RTL result word (result) or delay one tile (cycle)")
      ->capture_default_str();
  c->callback([args] { run_equiv(*args); });
}

}  // namespace amx::cli
