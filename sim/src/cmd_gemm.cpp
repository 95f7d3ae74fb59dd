// amx gemm: C = A x B^T of two float32 .npy operands quantized along K with
// the golden, under one accumulation discipline (docs/numerics.md §7-§8).
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "amx/golden/dot.hpp"
#include "amx/golden/error.hpp"
#include "amx/golden/tensor_io.hpp"
#include "commands.hpp"

namespace amx::cli {

namespace {

struct GemmArgs {
  std::string a, b, a_format = "mxfp4", b_format = "mxfp4", discipline = "block", rounding = "nearest", out;
  int block = 0;
  int frac = 35;
  int lanes = 1;
};

// The operand as a matrix of rows x K, every element finite.
golden::NpyArray operand(const std::string& path, const char* what) {
  golden::NpyArray x = golden::read_npy(path);
  if (x.shape.size() != 2)
    throw Error(fmt::format("{}: --{} must be a 2-D matrix ({} x K), the file has {} dimension(s)", path, what,
                            what[0] == 'a' ? "M" : "N", x.shape.size()));
  if (x.shape[0] == 0 || x.shape[1] == 0) throw Error(fmt::format("{}: --{} is empty", path, what));
  for (size_t i = 0; i < x.data.size(); ++i)
    if (!std::isfinite(x.data[i]))
      throw Error(fmt::format("{}: element ({}, {}) is {}; the GEMM needs finite operands", path, i / x.shape[1],
                              i % x.shape[1], std::isnan(x.data[i]) ? "NaN" : "infinite"));
  return x;
}

void run_gemm(const GemmArgs& g) {
  golden::QuantParams pa, pb;
  pa.format = golden::parse_format(g.a_format);
  pb.format = golden::parse_format(g.b_format);
  for (const golden::QuantParams* p : {&pa, &pb})
    if (!golden::format_info(p->format).fp4_elements)
      throw Error(fmt::format("format {} is an accuracy baseline without an FP4 MAC engine (use one of mxfp4, "
                              "mxfp4-e4m3, mxfp4-e5m2, amxfp4, amxfp4-e4m3, nvfp4)",
                              golden::format_info(p->format).name));
  const golden::Discipline disc = golden::parse_discipline(g.discipline);
  const int da = golden::format_info(pa.format).default_block, db = golden::format_info(pb.format).default_block;
  if (g.block == 0 && da != db)
    throw Error(fmt::format("{} and {} use blocks of {} and {}: give one --block for both", g.a_format, g.b_format,
                            da, db));
  pa.block = pb.block = g.block ? g.block : da;
  pa.rounding = pb.rounding = golden::parse_rounding(g.rounding);
  golden::validate(pa);
  if (const std::string why = golden::lanes_error(disc, g.lanes); !why.empty()) throw Error("--lanes: " + why);
  golden::FusedParams fp = golden::unit_fused_params(pa.block, g.lanes);
  fp.frac = g.frac;
  golden::validate(fp);
  golden::OutputSet outs;
  outs.input("--a", g.a);
  outs.input("--b", g.b);
  outs.claim("--out", g.out);

  const golden::NpyArray a = operand(g.a, "a"), b = operand(g.b, "b");
  if (a.shape[1] != b.shape[1])
    throw Error(fmt::format("K differs: {} is {} x {}, {} is {} x {} (B holds one row per output column, N x K)", g.a,
                            a.shape[0], a.shape[1], g.b, b.shape[0], b.shape[1]));
  const uint64_t m = a.shape[0], n = b.shape[0], k = a.shape[1];
  constexpr uint64_t kMaxOutputs = uint64_t{1} << 28;
  if (m > kMaxOutputs / n)
    throw Error(fmt::format("the output would be {} x {}, more than 2^28 elements (1 GiB)", m, n));
  const golden::PackedTensor ta = golden::quantize_tensor(pa, a.data.data(), a.shape);
  const golden::PackedTensor tb = golden::quantize_tensor(pb, b.data.data(), b.shape);
  const std::vector<float> c = golden::gemm_ref(ta, tb, disc, fp, g.lanes);

  // Accuracy of the quantized GEMM against FP64 on the unquantized operands.
  const golden::GemmError ge = golden::gemm_error(a.data.data(), b.data.data(), m, n, k, c.data());
  outs.stage(g.out, golden::serialize_npy({m, n}, c.data()));
  outs.commit();
  const std::string sqnr = ge.noise == 0 ? "exact" : fmt::format("{:.2f} dB", ge.sqnr_db());
  std::printf("C = A x B^T: %llu x %llu, K = %llu, %s x %s, block %d, discipline %s%s%s\n"
              "against FP64 on the unquantized operands: SQNR %s, max |error| %.6g\nwrote %s\n",
              static_cast<unsigned long long>(m), static_cast<unsigned long long>(n),
              static_cast<unsigned long long>(k), golden::format_info(pa.format).name,
              golden::format_info(pb.format).name, pa.block, golden::discipline_name(disc),
              disc == golden::Discipline::Fused ? fmt::format(" ({} fractional bits, K step {})", fp.frac, fp.kstep).c_str() : "",
              g.lanes > 1 ? fmt::format(", a unit of {} lanes", g.lanes).c_str() : "",
              sqnr.c_str(), ge.max_err, g.out.c_str());
}

}  // namespace

void add_gemm(CLI::App& app) {
  auto args = std::make_shared<GemmArgs>();
  CLI::App* c = app.add_subcommand("gemm", "C = A x B^T on the golden: quantize both operands along K, accumulate "
                                           "under a discipline, write C");
  c->add_option("--a", args->a, "A, M x K float32 .npy")->required();
  c->add_option("--b", args->b, "B, N x K float32 .npy (one row per output column)")->required();
  c->add_option("--a-format", args->a_format, "format of A")->capture_default_str();
  c->add_option("--b-format", args->b_format, "format of B")->capture_default_str();
  c->add_option("--discipline", args->discipline, "block, class-seq, window or fused")->capture_default_str();
  c->add_option("--block", args->block, "block size of both (default: the formats')")->check(CLI::PositiveNumber);
  c->add_option("--rounding", args->rounding, "nearest or even")->capture_default_str();
  c->add_option("--frac-bits", args->frac, "fused: fractional bits below the alignment (1..60)")->capture_default_str();
  c->add_option("--lanes", args->lanes,
                "block pairs per accumulator update: the contract of a unit of that many lanes (docs/numerics.md 7.2)")
      ->capture_default_str()
      ->check(CLI::Range(1, golden::kMaxLanes));
  c->add_option("--out", args->out, "C, M x N float32 .npy")->required();
  c->callback([args] { run_gemm(*args); });
}

}  // namespace amx::cli
