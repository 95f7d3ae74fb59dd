// Stimuli of the PPA flow: LLM-like and random operands quantized by the
// golden into the block pairs a unit consumes, and the SQNR of each
// engine's contract on them.
#include "amx/synth/activity.hpp"

#include "amx/golden/dot.hpp"
#include "amx/golden/error.hpp"

#include <cmath>
#include <random>

#include <fmt/format.h>

#include "amx/golden/quantizer.hpp"
#include "amx/golden/tensor_io.hpp"

namespace amx::synth {

const char* stimulus_name(Stimulus s) { return s == Stimulus::Llm ? "llm" : "random"; }

namespace {

// Counts toggles and ones of each bit of a port over the cycles.
struct BitCounter {
  std::vector<uint64_t> toggles, ones;
  std::vector<uint8_t> last;
  bool started = false;
  explicit BitCounter(size_t bits) : toggles(bits), ones(bits), last(bits) {}
  void cycle(const uint8_t* bytes) {
    for (size_t i = 0; i < last.size(); ++i) {
      const uint8_t b = (bytes[i / 8] >> (i % 8)) & 1;
      ones[i] += b;
      if (started) toggles[i] += b != last[i];
      last[i] = b;
    }
    started = true;
  }
  void emit(const std::string& port, uint64_t cycles, std::vector<Activity>& out) const {
    for (size_t i = 0; i < last.size(); ++i)
      out.push_back({last.size() == 1 ? port : fmt::format("{}[{}]", port, i),
                     cycles > 1 ? static_cast<double>(toggles[i]) / static_cast<double>(cycles - 1) : 0.0,
                     cycles ? static_cast<double>(ones[i]) / static_cast<double>(cycles) : 0.0});
  }
};

bool nan_scale(int scale_fmt, uint8_t c) {
  switch (scale_fmt) {
    case 0: return c == 0xFF;
    case 1: return (c & 0x7F) == 0x7F;
    default: return (c & 0x7C) == 0x7C;
  }
}

golden::PackedTensor random_tensor(golden::Format f, int n, int sfmt, int scale_bytes, size_t rows, size_t k,
                                   std::mt19937_64& g) {
  // Start from a quantized tensor (layout, strides), then overwrite the bytes.
  std::vector<float> zero(rows * k, 0.0f);
  golden::PackedTensor t = golden::quantize_tensor({f, n, golden::Rounding::Nearest}, zero.data(), {rows, k});
  const size_t bb = golden::block_bytes(f, n);
  for (size_t r = 0; r < rows; ++r)
    for (size_t j = 0; j < k / static_cast<size_t>(n); ++j) {
      uint8_t* p = t.data.data() + r * t.row_stride + j * bb;
      for (int s = 0; s < scale_bytes; ++s) {
        uint8_t c;
        do c = static_cast<uint8_t>(g()); while (nan_scale(sfmt, c));
        p[s] = c;
      }
      for (size_t i = static_cast<size_t>(scale_bytes); i < bb; ++i) p[i] = static_cast<uint8_t>(g());
    }
  return t;
}

}  // namespace

namespace {

// The operand tensors of a stimulus: rows x k of A, cols x k of B.
// The LLM stimulus before quantization: activations with per-channel
// magnitudes, outlier channels and a positive shift (asymmetric rows), and
// small zero-mean Gaussian weights.
void llm_floats(std::mt19937_64& g, size_t rows, size_t cols, size_t k, std::vector<float>& x, std::vector<float>& w) {
  std::normal_distribution<float> nd;
  std::vector<float> chan(k);
  x.resize(rows * k);
  w.resize(cols * k);
  for (auto& c : chan) c = std::exp(0.8f * nd(g)) * (std::bernoulli_distribution(0.01)(g) ? 20.0f : 1.0f);
  for (size_t i = 0; i < x.size(); ++i) x[i] = nd(g) * chan[i % k] + 0.3f;
  for (auto& v : w) v = 0.02f * nd(g);
}

void operands(const Engine& e, Stimulus s, uint64_t seed, size_t rows, size_t cols, size_t k,
              golden::PackedTensor& ta, golden::PackedTensor& tb) {
  std::mt19937_64 g(seed);
  if (s == Stimulus::Llm) {
    std::vector<float> x, w;
    llm_floats(g, rows, cols, k, x, w);
    ta = golden::quantize_tensor({e.fa, e.n, golden::Rounding::Nearest}, x.data(), {rows, k});
    tb = golden::quantize_tensor({e.fb, e.n, golden::Rounding::Nearest}, w.data(), {cols, k});
  } else {
    ta = random_tensor(e.fa, e.n, e.sfa, e.asym_a ? 2 : 1, rows, k, g);
    tb = random_tensor(e.fb, e.n, e.sfb, e.asym_b ? 2 : 1, cols, k, g);
  }
}

std::string hex_word(const uint8_t* bytes, size_t n) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (size_t i = n; i-- > 0;) {
    s += d[bytes[i] >> 4];
    s += d[bytes[i] & 15];
  }
  return s;
}

}  // namespace

size_t write_stimulus(const Engine& e, Stimulus s, uint64_t seed, size_t dots, size_t k, const std::string& a_hex,
                      const std::string& b_hex, std::vector<uint32_t>* expected) {
  // A cycle takes a group of `lanes` consecutive blocks: contiguous bytes of a row.
  const size_t n = static_cast<size_t>(e.n) * static_cast<size_t>(e.lanes);
  k = (k + n - 1) / n * n;
  golden::PackedTensor ta, tb;
  operands(e, s, seed, dots, dots, k, ta, tb);
  const size_t abytes = golden::block_bytes(e.fa, e.n) * static_cast<size_t>(e.lanes),
               bbytes = golden::block_bytes(e.fb, e.n) * static_cast<size_t>(e.lanes);
  std::string a, b;
  // Dot products of distinct rows and columns (r, r): neither operand repeats.
  // With two running sums (ACC_II = 2) dot products 2g and 2g + 1 alternate
  // block pair by block pair, and finish in that order.
  const size_t ii = static_cast<size_t>(e.acc_ii);
  if (dots % ii) throw Error(fmt::format("{}: {} dot products do not pair up for two running sums", e.name, dots));
  for (size_t g = 0; g < dots; g += ii)
    for (size_t j = 0; j < k / n; ++j)
      for (size_t d = g; d < g + ii; ++d) {
        a += hex_word(ta.row(d) + j * abytes, abytes) + "\n";
        b += hex_word(tb.row(d) + j * bbytes, bbytes) + "\n";
      }
  golden::write_file(a_hex, a);
  golden::write_file(b_hex, b);
  if (expected) {
    // The unit's results by the golden: its discipline, block by block
    // (NVFP4's tensor scale is applied after the array, not in the unit).
    expected->clear();
    const auto disc = static_cast<golden::Discipline>(e.disc);
    golden::DotUnit unit(disc, e.n, golden::unit_fused_params(e.n, e.lanes), e.lanes);
    const size_t ab = golden::block_bytes(e.fa, e.n), bb = golden::block_bytes(e.fb, e.n);
    std::vector<golden::BlockOperand> ga(static_cast<size_t>(e.lanes)), gb(ga.size());
    for (size_t d = 0; d < dots; ++d) {
      float acc = 0.0f;
      for (size_t j = 0; j < k / n; ++j) {
        for (size_t l = 0; l < ga.size(); ++l) {
          ga[l] = golden::block_operand(ta.params, ta.row(d) + j * abytes + l * ab, e.n);
          gb[l] = golden::block_operand(tb.params, tb.row(d) + j * bbytes + l * bb, e.n);
        }
        acc = unit.step_group(ga.data(), gb.data(), e.lanes, j == 0, j + 1 == k / n);
      }
      expected->push_back(golden::f32_bits(acc));
    }
  }
  return dots * (k / n);
}

UnitStimulus unit_activity(const Engine& e, Stimulus s, uint64_t seed, size_t rows, size_t cols, size_t k) {
  const size_t n = static_cast<size_t>(e.n) * static_cast<size_t>(e.lanes);  // elements per cycle
  k = (k + n - 1) / n * n;  // whole groups: the port always carries full blocks
  golden::PackedTensor ta, tb;
  operands(e, s, seed, rows, cols, k, ta, tb);
  // NVFP4 blocks carry their E4M3 scale the way the RTL port does: one byte.
  const size_t abytes = golden::block_bytes(e.fa, e.n) * static_cast<size_t>(e.lanes),
               bbytes = golden::block_bytes(e.fb, e.n) * static_cast<size_t>(e.lanes);
  const size_t nb = k / n;
  BitCounter a(abytes * 8), b(bbytes * 8), first(1), last(1), valid(1), clear(1), pre(1), init(32), slot(1);
  UnitStimulus u;
  const uint8_t one = 1, zero = 0, zero32[4] = {0, 0, 0, 0};
  // Dot products (r, c) in order; with two running sums (ACC_II = 2) each
  // pair of them interleaved block pair by block pair.
  const size_t ii = static_cast<size_t>(e.acc_ii), dots = rows * cols;
  for (size_t g = 0; g < dots; g += ii)
    for (size_t j = 0; j < nb; ++j)
      for (size_t d = g; d < std::min(dots, g + ii); ++d) {
        const size_t r = d / cols, c = d % cols;
        a.cycle(ta.row(r) + j * abytes);
        b.cycle(tb.row(c) + j * bbytes);
        first.cycle(j == 0 ? &one : &zero);
        last.cycle(j + 1 == nb ? &one : &zero);
        valid.cycle(&one);
        clear.cycle(&zero);
        pre.cycle(&zero);  // the unit's own figures: untiled dot products
        init.cycle(zero32);
        slot.cycle((d - g) % 2 ? &one : &zero);
        ++u.cycles;
      }
  a.emit("a_i", u.cycles, u.ports);
  b.emit("b_i", u.cycles, u.ports);
  first.emit("first_i", u.cycles, u.ports);
  last.emit("last_i", u.cycles, u.ports);
  valid.emit("valid_i", u.cycles, u.ports);
  clear.emit("clear_i", u.cycles, u.ports);
  pre.emit("pre_i", u.cycles, u.ports);
  init.emit("init_i", u.cycles, u.ports);
  slot.emit("slot_i", u.cycles, u.ports);
  double sum = 0.0;
  for (size_t i = 0; i < (abytes + bbytes) * 8; ++i) sum += u.ports[i].activity;
  u.mean_activity = sum / static_cast<double>((abytes + bbytes) * 8);
  u.k_blocks = static_cast<int>(nb);
  return u;
}

namespace {

// x (rows x k) against w (cols x k), each quantized to its side's format,
// accumulated under the engine's contract, against FP64 on x and w.
double gemm_sqnr(const Engine& e, const std::vector<float>& x, size_t rows, const std::vector<float>& w, size_t cols,
                 size_t k) {
  const golden::PackedTensor ta = golden::quantize_tensor({e.fa, e.n, golden::Rounding::Nearest}, x.data(), {rows, k});
  const golden::PackedTensor tb = golden::quantize_tensor({e.fb, e.n, golden::Rounding::Nearest}, w.data(), {cols, k});
  const std::vector<float> c = golden::gemm_ref(ta, tb, static_cast<golden::Discipline>(e.disc),
                                                 golden::unit_fused_params(e.n, e.lanes), e.lanes);
  return golden::gemm_error(x.data(), w.data(), rows, cols, k, c.data()).sqnr_db();
}

}  // namespace

double contract_sqnr_on(const Engine& e, const std::vector<float>& x, size_t rows, size_t k, uint64_t seed,
                        size_t cols) {
  if (rows == 0 || k == 0 || x.size() != rows * k) throw Error("the activations are not a rows x k matrix");
  std::mt19937_64 g(seed);
  std::vector<float> unused, w;
  llm_floats(g, 16, cols, k, unused, w);  // drawn after the LLM stimulus's 16 activation rows, as there
  return gemm_sqnr(e, x, rows, w, cols, k);
}

double contract_sqnr(const Engine& e, uint64_t seed, size_t rows, size_t cols, size_t k) {
  std::mt19937_64 g(seed);
  std::vector<float> x, w;
  llm_floats(g, rows, cols, k, x, w);
  return gemm_sqnr(e, x, rows, w, cols, k);
}

}  // namespace amx::synth
