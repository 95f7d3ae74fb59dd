// Exact dyadic arithmetic for the reference dot products (numerics.md §6).
#pragma once

#include <array>
#include <cstdint>

namespace amx::golden {

// A signed fixed-point number wide enough to hold, without rounding, any sum
// of a binary32 value and the block products of the supported formats:
// LSB 2^-kFracBits, magnitude below 2^(64*kLimbs - kFracBits - 1).
class ExactSum {
 public:
  static constexpr int kLimbs = 11;
  static constexpr int kFracBits = 320;

  // Adds mant * 2^exp exactly.  Requires exp >= -kFracBits and the result in range.
  void add(int64_t mant, int exp);
  // Adds a finite binary32 exactly.
  void add_float(float f);

  bool is_zero() const;
  bool is_negative() const;
  // The one round-to-nearest-even of the exact value to binary32, with
  // subnormals, overflow to +-Inf, and a nonzero value that rounds to zero
  // keeping its sign.  An exact zero gives +0.
  float to_float_rne() const;

 private:
  std::array<uint64_t, kLimbs> w_{};  // two's complement, little-endian limbs
};

// RNE(f + sum of mant[i] * 2^exp[i]) to binary32, for a finite f: the value an
// ExactSum holding the same terms rounds to.  When the terms lie within a
// 120-bit window (every block of the supported formats does) the sum is
// formed in a 128-bit integer; otherwise it falls back to ExactSum.  This is
// the hot path of every bit-exact GEMM, hence the two implementations; the
// tests hold them equal.
float sum_rne(float f, const int64_t* mant, const int* exp, int n);

}  // namespace amx::golden
