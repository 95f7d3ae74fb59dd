// The format error study's data: synthetic LLM-like tensors (outlier
// channels, Gaussian, shifted, SiLU-like) and their error statistics.
#include "amx/sim/study.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <utility>

#include <fmt/format.h>

#include "amx/golden/error.hpp"
#include "amx/golden/tensor_io.hpp"

namespace amx::study {

namespace {

// xoshiro256** seeded by splitmix64: the same stream on every platform, unlike
// the standard library's distributions.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (auto& s : s_) {
      seed += 0x9E3779B97F4A7C15ull;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      s = z ^ (z >> 31);
    }
  }
  uint64_t next() {
    const uint64_t r = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return r;
  }
  double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }  // (0, 1)
  double normal() {
    if (have_spare_) {
      have_spare_ = false;
      return spare_;
    }
    const double u = uniform(), v = uniform();
    const double r = std::sqrt(-2.0 * std::log(u));
    spare_ = r * std::sin(2.0 * M_PI * v);
    have_spare_ = true;
    return r * std::cos(2.0 * M_PI * v);
  }
  double laplace() {
    const double u = uniform() - 0.5;
    return -(u < 0 ? -1.0 : 1.0) * std::log(1.0 - 2.0 * std::fabs(u)) / std::sqrt(2.0);  // unit variance
  }
  double student_t(int nu) {
    double chi2 = 0;
    for (int i = 0; i < nu; ++i) {
      const double g = normal();
      chi2 += g * g;
    }
    return normal() / std::sqrt(chi2 / nu);
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
  double spare_ = 0;
  bool have_spare_ = false;
};

}  // namespace

const std::vector<std::string>& builtin_names() {
  static const std::vector<std::string> n = {"gaussian", "laplace", "student-t-outliers", "shifted", "silu"};
  return n;
}

Tensor synthesize(const std::string& name, size_t rows, size_t cols, uint64_t seed) {
  if (rows == 0 || cols == 0) throw Error("synthetic tensor needs non-zero rows and columns");
  Tensor t;
  t.name = name;
  t.rows = rows;
  t.cols = cols;
  t.data.resize(rows * cols);
  Rng rng(seed ^ std::hash<std::string>{}(name));
  std::vector<double> ch_scale(cols, 1.0), ch_shift(cols, 0.0);
  enum class Kind { Normal, Laplace, StudentT, Silu };
  Kind kind = Kind::Normal;
  if (name == "gaussian") {
    t.description = "N(0,1) i.i.d.";
  } else if (name == "laplace") {
    t.description = "Laplace, unit variance, i.i.d.";
    kind = Kind::Laplace;
  } else if (name == "student-t-outliers") {
    t.description = "Student-t (nu=4); 1% of channels scaled x20 (LLM outlier channels)";
    for (auto& s : ch_scale) s = rng.uniform() < 0.01 ? 20.0 : 1.0;
    kind = Kind::StudentT;
  } else if (name == "shifted") {
    t.description = "N(mu_c, 1) with per-channel offsets mu_c ~ N(0, 1.5^2)";
    for (auto& m : ch_shift) m = 1.5 * rng.normal();
  } else if (name == "silu") {
    t.description = "SiLU(2z), z ~ N(0,1): post-activation, min -0.28, long positive tail";
    kind = Kind::Silu;
  } else {
    throw Error("unknown built-in distribution '" + name + "'");
  }
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) {
      double v;
      switch (kind) {
        case Kind::Laplace: v = rng.laplace(); break;
        case Kind::StudentT: v = rng.student_t(4) * ch_scale[c]; break;
        case Kind::Silu: {
          const double z = 2.0 * rng.normal();
          v = z / (1.0 + std::exp(-z));
          break;
        }
        default: v = rng.normal() + ch_shift[c];
      }
      t.data[r * cols + c] = static_cast<float>(v);
    }
  }
  return t;
}

ErrorStats error_stats(const std::vector<float>& x, const std::vector<float>& y) {
  if (x.size() != y.size() || x.empty()) throw Error("error_stats: size mismatch");
  double se = 0, sx = 0, mx = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double e = static_cast<double>(x[i]) - static_cast<double>(y[i]);
    se += e * e;
    sx += static_cast<double>(x[i]) * x[i];
    mx = std::max(mx, std::fabs(e));
  }
  ErrorStats s;
  s.mse = se / static_cast<double>(x.size());
  s.sqnr_db = se == 0 ? INFINITY : 10.0 * std::log10(sx / se);
  s.max_abs_err = mx;
  return s;
}

GroupStats group_stats(const Tensor& t, size_t block) {
  GroupStats g;
  double ks = 0, as = 0;
  for (size_t r = 0; r < t.rows; ++r) {
    const float* row = t.data.data() + r * t.cols;
    for (size_t c = 0; c < t.cols; c += block) {
      const size_t n = std::min(block, t.cols - c);
      double mean = 0;
      for (size_t i = 0; i < n; ++i) mean += row[c + i];
      mean /= static_cast<double>(n);
      double m2 = 0, m4 = 0;
      for (size_t i = 0; i < n; ++i) {
        const double d = row[c + i] - mean;
        m2 += d * d;
        m4 += d * d * d * d;
      }
      m2 /= static_cast<double>(n);
      m4 /= static_cast<double>(n);
      if (m2 <= 0) continue;
      ks += m4 / (m2 * m2);
      as += std::fabs(mean) / std::sqrt(m2);
      ++g.groups;
    }
  }
  if (g.groups) {
    g.mean_kurtosis = ks / static_cast<double>(g.groups);
    g.mean_asymmetry = as / static_cast<double>(g.groups);
  }
  return g;
}

Tensor load_tensor(const std::string& npy_path) {
  golden::NpyArray arr = golden::read_npy(npy_path);
  Tensor t;
  t.name = std::filesystem::path(npy_path).stem().string();
  t.description = "user tensor " + npy_path;
  t.cols = arr.shape.empty() ? 1 : arr.shape.back();
  t.rows = t.cols ? arr.data.size() / t.cols : 0;
  if (arr.data.empty()) throw Error(npy_path + ": empty tensor");
  for (float v : arr.data)
    if (!std::isfinite(v)) throw Error(npy_path + ": the study needs finite data; the tensor holds NaN/Inf");
  t.data = std::move(arr.data);
  return t;
}

const QuantRow* StudyResult::find(const std::string& tensor, const std::string& format,
                                  const std::string& block) const {
  for (const QuantRow& r : rows)
    if (r.tensor == tensor && r.format == format && r.block_label == block) return &r;
  return nullptr;
}

namespace {

void check_blocks(const std::vector<std::string>& blocks) {
  for (const auto& b : blocks) {
    if (b == "row") continue;
    if (b.empty() || b.find_first_not_of("0123456789") != std::string::npos || b.find_first_not_of('0') == std::string::npos)
      throw Error("--blocks: '" + b + "' is neither a positive block size nor 'row'");
    if (b.size() > 5 || std::stoul(b) > 65536) throw Error("--blocks: block size " + b + " is outside 1..65536");
  }
}

std::vector<ContractRow> contract_rows(const Tensor& t, const std::vector<golden::Discipline>& discs, uint64_t seed) {
  using golden::Format;
  constexpr size_t kRows = 16, kCols = 16;
  const size_t m = std::min(kRows, t.rows), k = t.cols;
  const Tensor w = synthesize("gaussian", kCols, k, seed + 17);
  std::vector<float> wt(w.data.size());
  for (size_t i = 0; i < wt.size(); ++i) wt[i] = w.data[i] * 0.02f;
  const std::pair<Format, Format> pairs[] = {
      {Format::MXFP4, Format::MXFP4}, {Format::AMXFP4, Format::AMXFP4}, {Format::AMXFP4, Format::MXFP4},
      {Format::NVFP4, Format::NVFP4}};
  std::vector<ContractRow> out;
  for (const auto& [fa, fb] : pairs) {
    const int block = golden::format_info(fa).default_block;
    const golden::PackedTensor ta =
        golden::quantize_tensor({fa, block, golden::Rounding::Nearest}, t.data.data(), {m, k});
    const golden::PackedTensor tb = golden::quantize_tensor({fb, block, golden::Rounding::Nearest}, wt.data(), {kCols, k});
    const std::vector<float> exact = golden::gemm_ref(ta, tb, golden::Discipline::Block);
    for (golden::Discipline d : discs) {
      const std::vector<float> c = golden::gemm_ref(ta, tb, d);
      out.push_back({t.name, std::string(golden::format_info(fa).name) + " x " + golden::format_info(fb).name,
                     golden::discipline_name(d),
                     golden::gemm_error(t.data.data(), wt.data(), m, kCols, k, c.data()).sqnr_db(),
                     error_stats(exact, c)});
    }
  }
  return out;
}

}  // namespace

StudyResult run_study(StudyOptions o) {
  check_blocks(o.blocks);
  if (o.rows > 65536 || o.cols > (1u << 20) || o.rows * o.cols > (uint64_t{1} << 26))
    throw Error("--rows and --cols: at most 65536 rows, 2^20 columns and 2^26 elements per synthetic tensor");
  StudyResult res;
  if (o.builtin)
    for (const auto& n : builtin_names()) res.tensors.push_back(synthesize(n, o.rows, o.cols, o.seed));
  for (const auto& path : o.npy) res.tensors.push_back(load_tensor(path));
  if (res.tensors.empty()) throw Error("nothing to study: --no-builtin given and no --npy tensor");
  if (o.formats.empty()) o.formats = golden::all_formats();
  const golden::Rounding rounding = golden::parse_rounding(o.rounding);
  auto say = [&o](const std::string& s) {
    if (o.progress) o.progress(s);
  };
  const auto t0 = std::chrono::steady_clock::now();
  const size_t total = res.tensors.size() * o.blocks.size();
  size_t done = 0;
  for (const Tensor& t : res.tensors) {
    for (const auto& bl : o.blocks) {
      if (bl == "row" && t.cols > 65536)
        throw Error(t.name + ": --blocks row needs rows of at most 65536 elements (this one has " +
                    std::to_string(t.cols) + ")");
      const size_t block = bl == "row" ? t.cols : std::stoul(bl);
      say(fmt::format("[{}/{}] {:<20} block {:<6}", ++done, total, t.name, bl));
      const GroupStats gs = group_stats(t, block);
      for (golden::Format f : o.formats) {
        const golden::QuantParams p{f, static_cast<int>(block), rounding};
        const golden::PackedTensor pt = golden::quantize_tensor(p, t.data.data(), {t.rows, t.cols});
        const std::vector<float> y = golden::dequantize_tensor(pt);
        res.rows.push_back({t.name, golden::format_info(f).name, bl, block,
                            golden::bits_per_element(f, static_cast<int>(block)), error_stats(t.data, y), gs});
      }
    }
  }
  for (const Tensor& t : res.tensors) {
    if (o.disciplines.empty()) break;
    say(fmt::format("{:<60}", "accumulation contracts: " + t.name));
    for (ContractRow& r : contract_rows(t, o.disciplines, o.seed)) res.contracts.push_back(std::move(r));
  }
  res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  res.options = std::move(o);
  return res;
}

}  // namespace amx::study
