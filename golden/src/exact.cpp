// A wide fixed-point accumulator in 64-bit limbs: any sum of dyadic terms is
// held without loss, so the only rounding is the final round-to-nearest-even.
#include "amx/golden/exact.hpp"

#include <cmath>
#include <cstring>

#include "amx/golden/error.hpp"

namespace amx::golden {

namespace {

__extension__ typedef unsigned __int128 u128;
using Limbs = std::array<uint64_t, ExactSum::kLimbs>;

// Adds (or subtracts) the unsigned magnitude m shifted left by pos bits.
void add_shifted(Limbs& w, uint64_t m, int pos, bool subtract) {
  const int limb = pos / 64, bit = pos % 64;
  const uint64_t lo = m << bit;
  const uint64_t hi = bit ? (m >> (64 - bit)) : 0;
  if (limb >= ExactSum::kLimbs || (hi != 0 && limb + 1 >= ExactSum::kLimbs)) throw Error("internal: exact sum out of range");
  if (!subtract) {
    u128 carry = 0;
    for (int i = limb; i < ExactSum::kLimbs; ++i) {
      const uint64_t addend = i == limb ? lo : (i == limb + 1 ? hi : 0);
      const u128 s = static_cast<u128>(w[i]) + addend + carry;
      w[i] = static_cast<uint64_t>(s);
      carry = s >> 64;
      if (i > limb + 1 && carry == 0) break;
    }
  } else {
    uint64_t borrow = 0;
    for (int i = limb; i < ExactSum::kLimbs; ++i) {
      const uint64_t sub = i == limb ? lo : (i == limb + 1 ? hi : 0);
      const uint64_t before = w[i];
      const uint64_t d1 = before - sub;
      const uint64_t b1 = before < sub ? 1u : 0u;
      const uint64_t d2 = d1 - borrow;
      const uint64_t b2 = d1 < borrow ? 1u : 0u;
      w[i] = d2;
      borrow = b1 | b2;
      if (i > limb + 1 && borrow == 0) break;
    }
  }
}

}  // namespace

void ExactSum::add(int64_t mant, int exp) {
  if (mant == 0) return;
  const int pos = exp + kFracBits;
  if (pos < 0) throw Error("internal: exact sum term below its LSB");
  const bool neg = mant < 0;
  const uint64_t m = neg ? static_cast<uint64_t>(0) - static_cast<uint64_t>(mant) : static_cast<uint64_t>(mant);
  add_shifted(w_, m, pos, neg);
}

void ExactSum::add_float(float f) {
  if (f == 0.0f) return;
  int e;
  const float fr = std::frexp(f, &e);                  // f = fr * 2^e, |fr| in [0.5, 1)
  const auto mant = static_cast<int64_t>(std::ldexp(fr, 24));  // exact: 24 significant bits
  add(mant, e - 24);
}

bool ExactSum::is_zero() const {
  for (uint64_t v : w_)
    if (v) return false;
  return true;
}

bool ExactSum::is_negative() const { return (w_[kLimbs - 1] >> 63) != 0; }

float ExactSum::to_float_rne() const {
  if (is_zero()) return 0.0f;
  const bool neg = is_negative();
  Limbs m = w_;
  if (neg) {  // magnitude = two's complement negation
    uint64_t carry = 1;
    for (auto& v : m) {
      v = ~v + carry;
      carry = (carry && v == 0) ? 1 : 0;
    }
  }
  int top = -1;
  for (int i = kLimbs - 1; i >= 0 && top < 0; --i)
    if (m[i]) top = i * 64 + 63 - __builtin_clzll(m[i]);
  auto bit = [&](int pos) -> uint64_t { return pos < 0 ? 0 : (m[pos / 64] >> (pos % 64)) & 1u; };
  const int e_top = top - kFracBits;                 // value in [2^e_top, 2^(e_top+1))
  if (e_top > 127) return neg ? -INFINITY : INFINITY;
  const int lsb_min = -149 + kFracBits;              // binary32 subnormal LSB
  const int lsb = top - 23 > lsb_min ? top - 23 : lsb_min;
  uint64_t mant = 0;
  for (int pos = top; pos >= lsb; --pos) mant = (mant << 1) | bit(pos);
  const uint64_t guard = bit(lsb - 1);
  bool sticky = false;
  for (int pos = lsb - 2; pos >= 0 && !sticky; --pos) {
    if (pos % 64 == 63 && m[pos / 64] == 0) {  // skip empty limbs
      pos -= 63;
      continue;
    }
    sticky = bit(pos) != 0;
  }
  if (guard && (sticky || (mant & 1u))) ++mant;
  const float mag = std::ldexp(static_cast<float>(mant), lsb - kFracBits);  // exact or overflows to Inf
  return neg ? -mag : mag;
}

namespace {

__extension__ typedef __int128 i128;

// RNE(v * 2^e) to binary32 for v != 0, |v| < 2^127.
float round_i128(i128 v, int e) {
  const bool neg = v < 0;
  const u128 mag = neg ? static_cast<u128>(0) - static_cast<u128>(v) : static_cast<u128>(v);
  const uint64_t hi = static_cast<uint64_t>(mag >> 64), lo = static_cast<uint64_t>(mag);
  const int top = hi ? 127 - __builtin_clzll(hi) : 63 - __builtin_clzll(lo);
  const int e_top = top + e;
  const uint32_t sign = neg ? 0x80000000u : 0u;
  uint32_t bits;
  if (e_top > 127) {
    bits = 0x7F800000u;
  } else {
    const int lsb = e_top - 23 > -149 ? e_top - 23 : -149;  // exponent of the result's LSB
    const int shift = lsb - e;                             // bits of mag below that LSB
    uint64_t mant;
    if (shift <= 0) {
      mant = static_cast<uint64_t>(mag) << -shift;  // exact: at most 24 bits
    } else if (shift > 128) {
      mant = 0;  // all below half an LSB: rounds to zero
    } else {
      const u128 half = static_cast<u128>(1) << (shift - 1);
      const u128 kept = shift == 128 ? 0 : mag >> shift;
      const u128 rest = shift == 128 ? mag : mag & ((half << 1) - 1);
      mant = static_cast<uint64_t>(kept);
      if (rest > half || (rest == half && (mant & 1u))) ++mant;
    }
    // mant <= 2^24: the biased exponent field plus the mantissa with its
    // hidden bit carries into the next binade or into Inf on its own, and is
    // a subnormal when lsb = -149 and mant < 2^23.
    bits = (static_cast<uint32_t>(lsb + 149) << 23) + static_cast<uint32_t>(mant);
    if (bits > 0x7F800000u) bits = 0x7F800000u;
  }
  bits |= sign;
  float out;
  std::memcpy(&out, &bits, sizeof out);
  return out;
}

}  // namespace

float sum_rne(float f, const int64_t* mant, const int* exp, int n) {
  // f as m * 2^x from its bits: 24-bit (or subnormal) integer significand.
  uint32_t fb;
  std::memcpy(&fb, &f, sizeof fb);
  const int fe = static_cast<int>((fb >> 23) & 0xFFu);
  int64_t fm = fe ? static_cast<int64_t>((fb & 0x7FFFFFu) | 0x800000u) : static_cast<int64_t>(fb & 0x7FFFFFu);
  if (fb >> 31) fm = -fm;
  const int fx = (fe ? fe : 1) - 150;

  int lo = 0, hi = 0;
  bool any = fm != 0;
  if (any) {
    lo = fx;
    hi = fx + 24;
  }
  for (int i = 0; i < n; ++i) {
    if (mant[i] == 0) continue;
    const uint64_t a = mant[i] < 0 ? static_cast<uint64_t>(0) - static_cast<uint64_t>(mant[i]) : static_cast<uint64_t>(mant[i]);
    const int top = exp[i] + 64 - __builtin_clzll(a);  // exclusive
    if (!any || exp[i] < lo) lo = exp[i];
    if (!any || top > hi) hi = top;
    any = true;
  }
  if (!any) return 0.0f;
  // n + 1 terms below 2^(hi - lo) each sum below 2^(hi - lo + 4) for n < 16.
  if (n < 16 && hi - lo <= 120) {
    i128 v = static_cast<i128>(fm) * (static_cast<i128>(1) << (fm ? fx - lo : 0));
    for (int i = 0; i < n; ++i)
      if (mant[i] != 0) v += static_cast<i128>(mant[i]) * (static_cast<i128>(1) << (exp[i] - lo));
    if (v == 0) return 0.0f;
    return round_i128(v, lo);
  }
  ExactSum s;
  for (int i = 0; i < n; ++i) s.add(mant[i], exp[i]);
  s.add_float(f);
  return s.to_float_rne();
}

}  // namespace amx::golden
