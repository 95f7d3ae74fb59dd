// Encoders and decoders of the scalar formats, by table where the format is a
// byte (every code decoded once) and by bit fields otherwise.
#include "amx/golden/minifloat.hpp"

#include <array>
#include <cmath>
#include <cstring>
#include <sstream>

#include "amx/golden/error.hpp"

namespace amx::golden {

Rounding parse_rounding(const std::string& name) {
  if (name == "nearest") return Rounding::Nearest;
  if (name == "even") return Rounding::Even;
  throw Error("unknown rounding mode '" + name + "' (expected: nearest, even)");
}

const char* rounding_name(Rounding r) { return r == Rounding::Nearest ? "nearest" : "even"; }

float ref_round_integer(float b, Rounding rounding) {
  const float a = std::fabs(b);
  float r = std::floor(a + 0.5f);  // binary32 add, as the reference
  if (rounding == Rounding::Even) {
    // The reference's tie mask: (|b| - 0.5) % 2 == 0 with Python's modulo.
    float mod = std::fmod(a - 0.5f, 2.0f);
    if (mod != 0.0f && mod < 0.0f) mod += 2.0f;
    if (mod == 0.0f) r -= 1.0f;
  }
  // torch.sign: +1, -1, or 0 for both zeros.
  return static_cast<float>((b > 0.0f) - (b < 0.0f)) * r;
}

float ref_cast(float a, const ElemSpec& spec, Rounding rounding) {
  if (std::isnan(a) || std::isinf(a)) return a;
  // floor(log2|a|), clipped below at the format's min normal exponent.  The
  // reference evaluates log2 in binary32; for the values where that rounds up
  // to the next integer (just below a power of two) the mantissa rounding
  // below also rounds up to the same power of two, so the exact exponent
  // gives the same result (numerics.md §2.1).
  int e = (a == 0.0f) ? 0 : std::ilogb(a);
  if (e < spec.min_exp()) e = spec.min_exp();
  const int m = spec.mbits - 2;
  const float out = std::ldexp(a, m - e);  // exact: power-of-two scaling in range
  float q = std::ldexp(ref_round_integer(out, rounding), e - m);
  if (q > spec.max_norm) q = spec.max_norm;
  if (q < -spec.max_norm) q = -spec.max_norm;
  return q;
}

namespace {

// A sign/exponent/mantissa minifloat with OCP-style special values.
struct Codec {
  int ebits;
  int mbits;       // stored mantissa bits
  int bias;
  bool ieee_special;  // all-ones exponent is Inf/NaN (E5M2, FP16)
  // E4M3: only S.1111.111 is NaN.

  float decode(uint32_t code) const {
    const uint32_t sign = (code >> (ebits + mbits)) & 1u;
    const uint32_t exp = (code >> mbits) & ((1u << ebits) - 1u);
    const uint32_t man = code & ((1u << mbits) - 1u);
    const uint32_t exp_all = (1u << ebits) - 1u;
    float v;
    if (ieee_special && exp == exp_all) {
      v = man == 0 ? INFINITY : NAN;
    } else if (!ieee_special && exp == exp_all && man == (1u << mbits) - 1u) {
      v = NAN;
    } else if (exp == 0) {
      v = std::ldexp(static_cast<float>(man), 1 - bias - mbits);
    } else {
      v = std::ldexp(static_cast<float>(man + (1u << mbits)), static_cast<int>(exp) - bias - mbits);
    }
    return sign ? -v : v;
  }

  uint32_t encode(float value, const char* name) const {
    const uint32_t sign = std::signbit(value) ? 1u : 0u;
    const uint32_t sbit = sign << (ebits + mbits);
    const float a = std::fabs(value);
    if (a == 0.0f) return sbit;
    if (ieee_special && std::isinf(a)) return sbit | (((1u << ebits) - 1u) << mbits);
    if (!std::isfinite(a)) {
      std::ostringstream os;
      os << name << ": cannot encode " << value;
      throw Error(os.str());
    }
    // Field extraction from the binary32 bit pattern; dropped mantissa bits,
    // an exponent beyond the format or a NaN/Inf pattern make it unrepresentable.
    const uint32_t fb = f32_bits(a);
    const int e = static_cast<int>(fb >> 23) - 127;
    const int emin = 1 - bias;
    uint32_t exp_field, man;
    bool exact;
    if (e >= emin) {
      exp_field = static_cast<uint32_t>(e + bias);
      man = (fb >> (23 - mbits)) & ((1u << mbits) - 1u);
      exact = (fb & ((1u << (23 - mbits)) - 1u)) == 0;
    } else {
      exp_field = 0;
      const float man_f = std::ldexp(a, mbits - emin);
      man = static_cast<uint32_t>(man_f);
      exact = static_cast<float>(man) == man_f;
    }
    const uint32_t exp_all = (1u << ebits) - 1u, man_all = (1u << mbits) - 1u;
    const bool special = ieee_special ? exp_field >= exp_all
                                      : exp_field > exp_all || (exp_field == exp_all && man == man_all);
    const uint32_t code = sbit | (exp_field << mbits) | man;
    if (!exact || special) {
      std::ostringstream os;
      os << name << ": value " << value << " is not representable";
      throw Error(os.str());
    }
    return code;
  }
};

constexpr Codec kE4M3{4, 3, 7, false};
constexpr Codec kE5M2{5, 2, 15, true};
constexpr Codec kFP16{5, 10, 15, true};

template <const Codec& C>
const std::array<float, 256>& table256() {
  static const std::array<float, 256> t = [] {
    std::array<float, 256> r{};
    for (uint32_t c = 0; c < 256; ++c) r[c] = C.decode(c);
    return r;
  }();
  return t;
}

constexpr float kE2M1Mag[8] = {0.0f, 0.5f, 1.0f, 1.5f, 2.0f, 3.0f, 4.0f, 6.0f};

}  // namespace

namespace e2m1 {
float decode(uint8_t code) {
  const float v = kE2M1Mag[code & 7u];
  return (code & 8u) ? -v : v;
}
int twice_value(uint8_t code) {
  static constexpr int kTwice[8] = {0, 1, 2, 3, 4, 6, 8, 12};
  const int v = kTwice[code & 7u];
  return (code & 8u) ? -v : v;
}
uint8_t encode(float value) {
  const float a = std::fabs(value);
  for (uint8_t i = 0; i < 8; ++i) {
    if (kE2M1Mag[i] == a) return static_cast<uint8_t>(i | (std::signbit(value) ? 8u : 0u));
  }
  std::ostringstream os;
  os << "E2M1: value " << value << " is not representable";
  throw Error(os.str());
}
}  // namespace e2m1

namespace e4m3 {
float decode(uint8_t code) { return table256<kE4M3>()[code]; }
uint8_t encode(float value) {
  if (std::isnan(value)) return kNaN;
  if (std::isinf(value)) throw Error("E4M3 has no infinity");
  return static_cast<uint8_t>(kE4M3.encode(value, "E4M3"));
}
}  // namespace e4m3

namespace e5m2 {
float decode(uint8_t code) { return table256<kE5M2>()[code]; }
uint8_t encode(float value) {
  if (std::isnan(value)) return kNaN;
  return static_cast<uint8_t>(kE5M2.encode(value, "E5M2"));
}
}  // namespace e5m2

namespace e8m0 {
float decode(uint8_t code) {
  if (code == kNaN) return NAN;
  return std::ldexp(1.0f, static_cast<int>(code) - 127);
}
uint8_t encode_exponent(int unbiased) {
  if (unbiased < -127 || unbiased > 127) throw Error("E8M0: exponent out of range");
  return static_cast<uint8_t>(unbiased + 127);
}
}  // namespace e8m0

namespace fp16 {
float decode(uint16_t code) { return kFP16.decode(code); }
uint16_t encode(float value) {
  if (std::isnan(value)) return kNaN;
  return static_cast<uint16_t>(kFP16.encode(value, "FP16"));
}
}  // namespace fp16

}  // namespace amx::golden
