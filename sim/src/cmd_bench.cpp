// amx bench quantize: single-core quantization throughput of every format,
// measured next to a plain read of the same data in the same run.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "amx/report/text.hpp"
#include "amx/golden/error.hpp"
#include "amx/golden/quantizer.hpp"
#include "amx/golden/tensor_io.hpp"
#include "commands.hpp"
#include "amx/sim/study.hpp"

namespace amx::cli {

namespace {

struct BenchArgs {
  size_t elements = size_t{64} << 20;
  int repeats = 3;
  std::vector<std::string> formats;
  std::string json;
};

template <typename F>
double best_seconds(int repeats, F&& f) {
  double best = INFINITY;
  for (int i = 0; i < repeats; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

void run_bench_quantize(const BenchArgs& a) {
  constexpr size_t kCols = 4096;
  if (a.elements < kCols || a.elements % kCols || a.elements > (size_t{1} << 30))
    throw Error("--elements must be a positive multiple of 4096, at most 2^30 (4 GiB of float32)");
  const size_t rows = a.elements / kCols;
  std::fprintf(stderr, "generating %zu LLM-like elements (%.0f MiB)...\n", a.elements, a.elements * 4.0 / (1 << 20));
  // Tile one synthetic 64-row slab: throughput does not depend on repetition.
  const study::Tensor slab = study::synthesize("student-t-outliers", 64, kCols, 7);
  std::vector<float> x(a.elements);
  for (size_t r = 0; r < rows; ++r) std::memcpy(&x[r * kCols], &slab.data[(r % 64) * kCols], kCols * 4);

  // The plain read: touch every element once, as the quantizer must.
  volatile uint32_t sink = 0;
  const double t_read = best_seconds(a.repeats, [&] {
    uint32_t acc = 0;
    const uint32_t* p = reinterpret_cast<const uint32_t*>(x.data());
    for (size_t i = 0; i < a.elements; ++i) acc += p[i];
    sink = acc;
  });
  const double read_eps = static_cast<double>(a.elements) / t_read;

  std::vector<golden::Format> formats;
  if (a.formats.empty()) formats = golden::all_formats();
  for (const auto& f : a.formats) formats.push_back(golden::parse_format(f));

  std::printf("| kernel | block | time (ms) | elements/s | input GB/s | vs read |\n|---|---:|---:|---:|---:|---:|\n");
  std::printf("| plain read | - | %.1f | %.3g | %.2f | 100%% |\n", t_read * 1e3, read_eps, read_eps * 4 / 1e9);
  nlohmann::json j = {{"elements", a.elements}, {"read_seconds", t_read}, {"read_elements_per_s", read_eps}};
  nlohmann::json fj = nlohmann::json::array();
  double amx_ratio = NAN;
  for (golden::Format f : formats) {
    const golden::QuantParams p{f, golden::format_info(f).default_block, golden::Rounding::Nearest};
    const size_t rb = golden::row_bytes(p, kCols);
    std::vector<uint8_t> out(rows * rb);
    const float ts = golden::tensor_scale(p, x.data(), x.size());
    const double t = best_seconds(a.repeats, [&] {
      for (size_t r = 0; r < rows; ++r) golden::quantize_row(p, &x[r * kCols], kCols, ts, &out[r * rb]);
    });
    const double eps = static_cast<double>(a.elements) / t;
    const double ratio = eps / read_eps;
    if (f == golden::Format::AMXFP4) amx_ratio = ratio;
    std::printf("| quantize %s | %d | %.1f | %.3g | %.2f | %.1f%% |\n", golden::format_info(f).name, p.block, t * 1e3,
                eps, eps * 4 / 1e9, ratio * 100);
    fj.push_back({{"format", golden::format_info(f).name}, {"block", p.block}, {"seconds", t},
                  {"elements_per_s", eps}, {"fraction_of_read", ratio}});
  }
  j["formats"] = fj;
  if (!std::isnan(amx_ratio))
    std::printf("\nAMXFP4 quantize runs at %.1f%% of the plain-read rate on one core (target >= 25%%: %s)\n",
                amx_ratio * 100, amx_ratio >= 0.25 ? "met" : "NOT met");
  if (!a.json.empty()) golden::write_file(a.json, report::json_text(j));
}

}  // namespace

void add_bench(CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "Benchmarks that print their figures");
  bench->require_subcommand(1);
  auto a = std::make_shared<BenchArgs>();
  auto* q = bench->add_subcommand("quantize", "Quantize throughput per format vs a plain read (one core)");
  q->add_option("--elements", a->elements, "Tensor size (multiple of 4096; default 64 Mi)");
  q->add_option("--repeats", a->repeats, "Timed repetitions; the best is reported")->check(CLI::Range(1, 100));
  add_list(q, "--formats", a->formats, "Formats (default: all)");
  q->add_option("--json", a->json, "Also write the figures as JSON");
  q->callback([a] { run_bench_quantize(*a); });
}

}  // namespace amx::cli
