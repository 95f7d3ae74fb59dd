// Shared stimulus and checking helpers of the RTL testbenches and the
// co-simulation: block generators for every operand format and the golden
// reference of one unit's running sum (no Verilator here: vl_ports.hpp).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "amx/golden/dot.hpp"
#include "amx/golden/minifloat.hpp"
#include "amx/golden/quantizer.hpp"
#include "engine_config.hpp"

namespace amx::tb {

using Block = std::vector<uint8_t>;  // packed layout: scale byte(s), then codes

inline std::string hex(const Block& b) {
  std::ostringstream os;
  for (size_t i = 0; i < b.size(); ++i) os << (i ? " " : "") << std::hex << (b[i] < 16 ? "0" : "") << int(b[i]);
  return os.str();
}

inline std::string f32_str(uint32_t bits) {
  std::ostringstream os;
  os << "0x" << std::hex << bits << " (" << golden::f32_from_bits(bits) << ")";
  return os.str();
}

inline bool is_nan_code(int scale_fmt, uint8_t c) {
  switch (scale_fmt) {
    case 0: return c == 0xFF;
    case 1: return (c & 0x7F) == 0x7F;
    default: return (c & 0x7C) == 0x7C;
  }
}

// Block generator: quantized realistic data, raw random codes and scales, and
// corner cases (extreme and subnormal scales, +-6, zeros), with a small rate
// of NaN scales.
class BlockGen {
 public:
  BlockGen(uint64_t seed, int n) : rng_(seed), n_(n) {}

  Block quantized(const Side& s) {
    std::vector<float> x(static_cast<size_t>(n_));
    const double sigma = std::ldexp(1.0, uniform(-24, 20));
    const double shift = coin(0.3) ? sigma * normal() : 0.0;
    const int sign_mode = uniform(0, 5);  // 0: all >= 0, 1: all <= 0, else mixed
    for (auto& v : x) {
      double t = sigma * normal() + shift;
      if (coin(0.02)) t *= 40.0;  // outliers
      if (sign_mode == 0) t = std::fabs(t);
      if (sign_mode == 1) t = -std::fabs(t);
      if (coin(0.05)) t = 0.0;
      v = static_cast<float>(t);
    }
    const golden::QuantParams p{s.format(), n_, coin(0.5) ? golden::Rounding::Even : golden::Rounding::Nearest};
    Block out(golden::block_bytes(p.format, n_));
    golden::quantize_block(p, x.data(), n_, 1.0f, out.data());
    return out;
  }

  Block raw(const Side& s, double nan_rate) {
    Block out(static_cast<size_t>(s.scale_bytes() + n_ / 2));
    for (int k = 0; k < s.scale_bytes(); ++k) out[k] = scale_code(s, nan_rate);
    for (size_t k = static_cast<size_t>(s.scale_bytes()); k < out.size(); ++k)
      out[k] = static_cast<uint8_t>(rng_());
    return out;
  }

  Block corner(const Side& s) {
    static const uint8_t kCodes[] = {0x0, 0x8, 0x7, 0xF, 0x1, 0x9, 0x6, 0xE};
    Block out(static_cast<size_t>(s.scale_bytes() + n_ / 2));
    for (int k = 0; k < s.scale_bytes(); ++k) out[k] = extreme_scale(s);
    const int pattern = uniform(0, 3);
    for (int i = 0; i < n_; ++i) {
      uint8_t c = kCodes[uniform(0, 7)];
      if (pattern == 0) c = 0x7;                  // all +6
      if (pattern == 1) c = static_cast<uint8_t>(c | 0x8);  // all negative
      set_code(out, s, i, c);
    }
    return out;
  }

  Block any(const Side& s) {
    const int m = uniform(0, 9);
    if (m < 5) return quantized(s);
    if (m < 8) return raw(s, 0.004);
    return corner(s);
  }

  static void set_code(Block& b, const Side& s, int i, uint8_t code) {
    uint8_t& byte = b[static_cast<size_t>(s.scale_bytes() + i / 2)];
    byte = (i & 1) ? static_cast<uint8_t>((byte & 0x0F) | (code << 4)) : static_cast<uint8_t>((byte & 0xF0) | code);
  }

  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool coin(double p) { return std::bernoulli_distribution(p)(rng_); }
  double normal() { return std::normal_distribution<double>(0.0, 1.0)(rng_); }
  std::mt19937_64& rng() { return rng_; }

 private:
  uint8_t scale_code(const Side& s, double nan_rate) {
    if (coin(nan_rate)) {
      static const uint8_t kNan[] = {0xFF, 0x7F, 0x7E};
      return kNan[s.scale_fmt];
    }
    for (;;) {
      const uint8_t c = static_cast<uint8_t>(rng_());
      if (!is_nan_code(s.scale_fmt, c)) return c;
    }
  }
  uint8_t extreme_scale(const Side& s) {
    static const uint8_t kE8M0[] = {0x00, 0x01, 0x7F, 0x80, 0xFD, 0xFE, 0x70, 0x90};
    static const uint8_t kE4M3[] = {0x00, 0x01, 0x07, 0x08, 0x7E, 0x38, 0x77, 0x81};
    static const uint8_t kE5M2[] = {0x00, 0x01, 0x03, 0x04, 0x7B, 0x3C, 0x7A, 0x83};
    const int k = uniform(0, 7);
    return s.scale_fmt == 0 ? kE8M0[k] : s.scale_fmt == 1 ? kE4M3[k] : kE5M2[k];
  }

  std::mt19937_64 rng_;
  int n_;
};

// The golden view of a packed block.
inline golden::BlockOperand operand(const Side& s, int n, const Block& b) {
  return golden::block_operand(golden::QuantParams{s.format(), n, golden::Rounding::Nearest}, b.data(), n);
}

// Random operands of a GEMM (rows x k): quantized Gaussian data with
// outliers at a random magnitude; with raw, about half the blocks replaced by
// raw random codes and scales (rarely NaN).
inline golden::PackedTensor random_operand(BlockGen& gen, const Side& s, int n, size_t rows, size_t k, bool raw) {
  std::vector<float> x(rows * k);
  const double sigma = std::ldexp(1.0, gen.uniform(-20, 16));
  for (auto& v : x) v = static_cast<float>(sigma * gen.normal() * (gen.coin(0.02) ? 30.0 : 1.0));
  golden::PackedTensor t = golden::quantize_tensor(
      golden::QuantParams{s.format(), n, golden::Rounding::Nearest}, x.data(), {rows, k});
  if (!raw) return t;
  const size_t nb = (k + n - 1) / n;
  for (size_t r = 0; r < rows; ++r) {
    uint8_t* p = t.data.data() + r * t.row_stride;
    for (size_t j = 0; j < nb; ++j) {
      const int len = static_cast<int>(std::min<size_t>(n, k - j * n));
      const size_t bytes = golden::block_bytes(s.format(), len);
      if (gen.coin(0.5)) {
        const Block rb = gen.raw(s, 0.002);
        std::copy(rb.begin(), rb.begin() + static_cast<long>(bytes), p);
        if (len % 2) p[bytes - 1] &= 0x0F;  // the unused high nibble stays 0
      }
      p += bytes;
    }
  }
  return t;
}

// The bytes of block j of row r padded to a full block (zero codes), as the
// array's operand loader presents them.
inline void put_block(const golden::PackedTensor& t, const Side& s, int n, size_t r, size_t j, uint8_t* out) {
  const size_t full = golden::block_bytes(s.format(), n);
  std::fill(out, out + full, 0);
  const int len = static_cast<int>(std::min<size_t>(n, t.cols - j * n));
  std::copy(t.row(r) + j * full, t.row(r) + j * full + golden::block_bytes(s.format(), len), out);
}

// Blocks j L .. j L + L - 1 of row r (a group of a unit of L lanes), side by
// side at out; blocks past the row's K are all-zero bytes (no term, the
// smallest scale: docs/numerics.md, 7.2).
inline void put_group(const golden::PackedTensor& t, const Side& s, int n, int lanes, size_t r, size_t j, uint8_t* out) {
  const size_t full = golden::block_bytes(s.format(), n), nb = (t.cols + static_cast<size_t>(n) - 1) / static_cast<size_t>(n);
  for (size_t l = 0; l < static_cast<size_t>(lanes); ++l) {
    const size_t blk = j * static_cast<size_t>(lanes) + l;
    if (blk < nb) put_block(t, s, n, r, blk, out + l * full);
    else std::fill(out + l * full, out + (l + 1) * full, 0);
  }
}

// Block pairs of a random run: AMX_TB_BLOCKS, default 10^6.
inline uint64_t random_blocks() {
  const char* env = std::getenv("AMX_TB_BLOCKS");
  return env ? std::strtoull(env, nullptr, 10) : 1000000;
}

}  // namespace amx::tb
