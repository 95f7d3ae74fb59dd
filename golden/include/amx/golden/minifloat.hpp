// Scalar number formats of the numerics contract (docs/numerics.md §1):
// FP4 E2M1, FP8 E4M3 / E5M2, E8M0, binary16, and the reference element cast.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

namespace amx::golden {

enum class Rounding { Nearest, Even };

Rounding parse_rounding(const std::string& name);
const char* rounding_name(Rounding r);

// A target format as the reference emulation parameterises it: `mbits`
// counts the sign bit and the implicit one, so the stored mantissa has
// mbits - 2 bits.  min_exp is the exponent of the smallest normal.
struct ElemSpec {
  int ebits;
  int mbits;
  float max_norm;
  int min_exp() const { return 2 - (1 << (ebits - 1)); }
};

inline constexpr ElemSpec kSpecE2M1{2, 3, 6.0f};
inline constexpr ElemSpec kSpecE4M3{4, 5, 448.0f};
inline constexpr ElemSpec kSpecE5M2{5, 4, 57344.0f};
inline constexpr ElemSpec kSpecFP16{5, 12, 65504.0f};

// The reference's rounding of a binary32 value to an integer (numerics.md §2
// steps 4-5): sign(b) * floor(fl32(|b| + 0.5)), minus 1 at an even-mode tie;
// sign(+-0) = 0.
float ref_round_integer(float b, Rounding rounding);

// The reference element cast (numerics.md §2): every intermediate is an
// IEEE binary32 operation in the order the reference performs it, including
// the binary32 addition |A| + 0.5 that precedes the floor.  Saturating,
// subnormals kept.  NaN -> NaN, +-Inf -> +-Inf.
float ref_cast(float a, const ElemSpec& spec, Rounding rounding);

// ref_cast for a non-negative input (a scale), computed by rounding the
// binary32 bit pattern when the result is normal -- where the reference's
// binary32 steps are all exact -- and by ref_cast itself otherwise.  Equal to
// ref_cast for every non-negative input; the tests sweep it.
inline float round_scale(float v, const ElemSpec& spec, Rounding rounding);

// Bit-level codecs.  decode() is total (every code has a value or NaN);
// encode() takes a value that is exactly representable (a ref_cast result)
// and throws amx::Error otherwise.
namespace e2m1 {
float decode(uint8_t code);                // low 4 bits used
uint8_t encode(float value);               // value in {+-0, +-0.5, ..., +-6}
int twice_value(uint8_t code);             // 2 * decode(code) as an integer, -12..12
}  // namespace e2m1

namespace e4m3 {
inline constexpr uint8_t kNaN = 0x7F;
float decode(uint8_t code);
uint8_t encode(float value);
}  // namespace e4m3

namespace e5m2 {
inline constexpr uint8_t kNaN = 0x7F;
float decode(uint8_t code);
uint8_t encode(float value);
}  // namespace e5m2

namespace e8m0 {
inline constexpr uint8_t kNaN = 0xFF;
float decode(uint8_t code);                // 2^(code-127); 0xFF = NaN
uint8_t encode_exponent(int unbiased);     // -127..127
}  // namespace e8m0

namespace fp16 {
inline constexpr uint16_t kNaN = 0x7E00;
float decode(uint16_t code);
uint16_t encode(float value);
}  // namespace fp16

// Bit-exact helpers.
inline uint32_t f32_bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}
inline float f32_from_bits(uint32_t b) {
  float f;
  std::memcpy(&f, &b, sizeof f);
  return f;
}
inline constexpr uint32_t kCanonicalNaN = 0x7FC00000u;

// round_scale's core for a non-negative v whose result is normal (binary32
// exponent >= spec.min_exp()): A = v * 2^(m - e) is in [2^m, 2^(m+1)) with
// m >= 2, so the reference's |A| + 0.5 is exact or lands on the same floor,
// and its mantissa rounding at bit 23 - m is integer rounding of the bit
// pattern.  Saturates at spec.max_norm.
inline float round_scale_normal(float v, const ElemSpec& spec, Rounding rounding) {
  uint32_t b = f32_bits(v);
  const int shift = 23 - (spec.mbits - 2);
  const uint32_t half = 1u << (shift - 1);
  const uint32_t keep = ~((1u << shift) - 1u);
  b = rounding == Rounding::Nearest ? (b + half) & keep : (b + half - 1u + ((b >> shift) & 1u)) & keep;
  const float q = f32_from_bits(b);
  return q > spec.max_norm ? spec.max_norm : q;
}

inline float round_scale(float v, const ElemSpec& spec, Rounding rounding) {
  const int e = static_cast<int>(f32_bits(v) >> 23) - 127;
  if (e < spec.min_exp() || e > 127) return ref_cast(v, spec, rounding);  // subnormal result, Inf, NaN
  return round_scale_normal(v, spec, rounding);
}

}  // namespace amx::golden
