// The block quantizers: block statistics, scale selection (E8M0 or the two
// FP8 sign-class scales), the E2M1 casts and the packed block writer.  The
// casts are branch-light loops the compiler vectorizes; the zero-scale
// fix-up stores a signed zero where a scale underflowed to 0.
#include "amx/golden/quantizer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "amx/golden/error.hpp"

#define AMX_INLINE inline __attribute__((always_inline))

namespace amx::golden {

namespace {

constexpr int kMaxBlock = 65536;
constexpr int kChunk = 256;  // elements cast per step of a block
constexpr uint32_t kAbsMask = 0x7FFFFFFFu;
constexpr uint32_t kInfBits = 0x7F800000u;

const ElemSpec& scale_spec(ScaleKind k) {
  switch (k) {
    case ScaleKind::E4M3: return kSpecE4M3;
    case ScaleKind::E5M2: return kSpecE5M2;
    case ScaleKind::FP16: return kSpecFP16;
    case ScaleKind::E8M0: break;
  }
  throw Error("internal: E8M0 has no element spec");
}

uint8_t encode_fp8(float v, ScaleKind k) {
  return k == ScaleKind::E4M3 ? e4m3::encode(v) : e5m2::encode(v);
}

float decode_fp8(uint8_t c, ScaleKind k) {
  return k == ScaleKind::E4M3 ? e4m3::decode(c) : e5m2::decode(c);
}

// The amax/6 (or max/6, |min|/6) scale rounded to an FP8 format.  A zero
// scale is replaced by 1 before rounding; FP8 underflow to 0 is kept.
// This branch-free form rounds in the normal range only and sets `slow`
// when the result is FP8-subnormal, so that a loop over blocks vectorises.
AMX_INLINE float fp8_scale_normal(float extreme, const ElemSpec& spec, Rounding r, int& slow) {
  const float v = extreme / 6.0f;
  const int e = static_cast<int>(f32_bits(v) >> 23) - 127;
  slow |= static_cast<int>(e < spec.min_exp()) & static_cast<int>(extreme != 0.0f);
  const float q = round_scale_normal(v, spec, r);
  return extreme == 0.0f ? 1.0f : q;
}

AMX_INLINE float fp8_scale(float extreme, ScaleKind k, Rounding r) {
  const ElemSpec& spec = scale_spec(k);
  int slow = 0;
  const float q = fp8_scale_normal(extreme, spec, r, slow);
  return slow ? ref_cast(extreme / 6.0f, spec, r) : q;
}

// The E2M1 element cast of x / s (numerics.md §2) written as bit selects so
// that the compiler vectorises it; an AVX2 clone is picked at run time.  It
// computes exactly what ref_cast(x / s, E2M1) computes for finite s > 0: the
// exponent clip at 0 and above 2 and the binary32 |A| + 0.5 are the
// reference's, |y| >= 8 saturates to code 7 whichever exponent is used, and
// the sign bit is set for y < 0 only (y = -0 gives code +0, as torch.sign).
// The tests check it against ref_cast near every boundary.
template <bool kAsym, bool kEven>
AMX_INLINE void cast_e2m1(const float* __restrict x, int n, float sp, float sn, uint8_t* __restrict codes) {
  for (int i = 0; i < n; ++i) {
    const float xi = x[i];
    const float s = kAsym ? (xi > 0.0f ? sp : sn) : sp;
    const float y = xi / s;
    uint32_t yb;
    std::memcpy(&yb, &y, sizeof yb);
    uint32_t ab = yb & kAbsMask;
    ab = ab < 0x41000000u ? ab : 0x41000000u;  // min(|y|, 8)
    float a;
    std::memcpy(&a, &ab, sizeof a);
    int e = static_cast<int>(ab >> 23) - 127;
    e = e < 0 ? 0 : e;
    e = e > 2 ? 2 : e;
    const uint32_t fb = static_cast<uint32_t>(128 - e) << 23;  // 2^(1-e)
    float f;
    std::memcpy(&f, &fb, sizeof f);
    const float out = a * f;
    int r = static_cast<int>(out + 0.5f);
    if (kEven) {
      const float d = out - 0.5f;
      const int di = static_cast<int>(d);
      r -= static_cast<int>((d >= 0.0f) & (static_cast<float>(di) == d) & ((di & 1) == 0));
    }
    int c = r + 2 * e;
    c = c < 7 ? c : 7;
    const int neg = static_cast<int>(yb >> 31) & static_cast<int>(ab != 0);
    codes[i] = static_cast<uint8_t>(c | (neg << 3));
  }
}

// Block statistics in the integer domain, where they vectorise: the largest
// |x| bit pattern (>= Inf bits means a NaN/Inf is present), and max/min of x
// through the order-preserving map of binary32 onto int32.  That map orders
// -0 below +0; both give a zero scale, so the results do not depend on it.
struct BlockStats {
  uint32_t amax_bits;
  float mx, mn;
};

inline int32_t ordered(uint32_t b) {
  return static_cast<int32_t>(b ^ ((static_cast<uint32_t>(static_cast<int32_t>(b) >> 31)) & kAbsMask));
}

AMX_INLINE BlockStats block_stats(const float* __restrict x, int n) {
  uint32_t amax = 0;
  int32_t hi = INT32_MIN, lo = INT32_MAX;
  for (int i = 0; i < n; ++i) {
    uint32_t b;
    std::memcpy(&b, &x[i], sizeof b);
    const uint32_t ab = b & kAbsMask;
    amax = ab > amax ? ab : amax;
    const int32_t k = ordered(b);
    hi = k > hi ? k : hi;
    lo = k < lo ? k : lo;
  }
  auto unmap = [](int32_t k) {
    const auto u = static_cast<uint32_t>(k);
    return f32_from_bits(u ^ ((static_cast<uint32_t>(k >> 31)) & kAbsMask));
  };
  return {amax, unmap(hi), unmap(lo)};
}

// The values the FP8 scales derive from: max(0, max x) and |min(0, min x)|
// for sign-selected scales (AMXFP4), amax for both otherwise.
AMX_INLINE void scale_extremes(const FormatInfo& info, const BlockStats& st, float& hi, float& lo) {
  const float amax = f32_from_bits(st.amax_bits);
  hi = info.sign_selects_scale ? std::max(0.0f, st.mx) : amax;
  lo = info.sign_selects_scale ? std::fabs(std::min(0.0f, st.mn)) : amax;
}

AMX_INLINE void cast_e2m1_dispatch(bool asym, Rounding r, const float* x, int n, float sp, float sn, uint8_t* codes) {
  if (asym) {
    if (r == Rounding::Even) cast_e2m1<true, true>(x, n, sp, sn, codes);
    else cast_e2m1<true, false>(x, n, sp, sn, codes);
  } else {
    if (r == Rounding::Even) cast_e2m1<false, true>(x, n, sp, sp, codes);
    else cast_e2m1<false, false>(x, n, sp, sp, codes);
  }
}

// Elements whose scale is 0 (FP8 underflow) are stored as a zero that keeps
// the sign of x, whatever x / 0 would give.
void zero_scale_fixup(bool asym, const float* x, int n, float sp, float sn, uint8_t* codes) {
  for (int i = 0; i < n; ++i) {
    const float s = asym ? (x[i] > 0.0f ? sp : sn) : sp;
    if (s == 0.0f) codes[i] = x[i] < 0.0f ? 8 : 0;
  }
}

int clampi(float v, int lo, int hi) {
  if (v < static_cast<float>(lo)) return lo;
  if (v > static_cast<float>(hi)) return hi;
  return static_cast<int>(v);
}

AMX_INLINE void pack_codes(const uint8_t* __restrict codes, int n, uint8_t* __restrict out) {
  for (int j = 0; j < n / 2; ++j) out[j] = static_cast<uint8_t>(codes[2 * j] | (codes[2 * j + 1] << 4));
  if (n & 1) out[n / 2] = codes[n - 1];
}

// The FP8 code of a round_scale result, inline for the per-block hot path
// (the checked out-of-line encoder costs AMXFP4 quantize 20-40% of its time).
// A normal value's fields are its binary32 exponent and top mantissa bits;
// zero and subnormals take the checked encoder.
AMX_INLINE uint8_t fp8_code(float v, ScaleKind k) {
  const uint32_t b = f32_bits(v);
  const int mb = k == ScaleKind::E4M3 ? 3 : 2, bias = k == ScaleKind::E4M3 ? 7 : 15;
  const int e = static_cast<int>(b >> 23) - 127;
  if (e >= 1 - bias && !(b >> 31))
    return static_cast<uint8_t>(((e + bias) << mb) | static_cast<int>((b >> (23 - mb)) & ((1u << mb) - 1u)));
  return encode_fp8(v, k);
}

void put_fp16(uint8_t* out, float v) {
  const uint16_t c = fp16::encode(v);
  out[0] = static_cast<uint8_t>(c & 0xFF);
  out[1] = static_cast<uint8_t>(c >> 8);
}

float get_fp16(const uint8_t* in) {
  return fp16::decode(static_cast<uint16_t>(in[0] | (in[1] << 8)));
}

void put_code(uint8_t* packed, int i, int code) {
  uint8_t& byte = packed[i >> 1];
  byte = (i & 1) ? static_cast<uint8_t>(byte | (code << 4)) : static_cast<uint8_t>(code);
}

// Writes the shared bytes to out and the packed codes to out + scale_bytes.
void quantize_int4(const QuantParams& p, const float* x, int n, bool finite, float mx, float mn,
                   float amax, uint8_t* out) {
  uint8_t* codes = out + format_info(p.format).scale_bytes;
  const bool asym = p.format == Format::INT4_ASYM;
  if (!finite) {
    put_fp16(out, NAN);
    if (asym) out[2] = 0;
    std::memset(codes, 0, static_cast<size_t>((n + 1) / 2));
    return;
  }
  if (!asym) {
    const float s = round_scale(amax == 0.0f ? 1.0f : amax / 7.0f, kSpecFP16, p.rounding);
    put_fp16(out, s);
    for (int i = 0; i < n; ++i) {
      const int q = s > 0.0f ? clampi(ref_round_integer(x[i] / s, p.rounding), -7, 7) : 0;
      put_code(codes, i, q & 0xF);
    }
    return;
  }
  const float lo = std::min(0.0f, mn), hi = std::max(0.0f, mx);
  const float range = hi - lo;
  float s = round_scale(range == 0.0f ? 1.0f : range / 15.0f, kSpecFP16, p.rounding);
  s = std::min(s, kSpecFP16.max_norm);  // a range that overflows binary32 saturates
  put_fp16(out, s);
  int z = 0;
  if (s > 0.0f) z = clampi(ref_round_integer(-lo / s, p.rounding), 0, 15);
  out[2] = static_cast<uint8_t>(z);
  for (int i = 0; i < n; ++i) {
    const int q = s > 0.0f ? clampi(ref_round_integer(x[i] / s, p.rounding) + static_cast<float>(z), 0, 15) : 0;
    put_code(codes, i, q);
  }
}

}  // namespace

void validate(const QuantParams& p) {
  if (p.block < 1 || p.block > kMaxBlock)
    throw Error("block size " + std::to_string(p.block) + " is out of range (1.." + std::to_string(kMaxBlock) + ")");
}

size_t block_bytes(Format f, int n) {
  return static_cast<size_t>(format_info(f).scale_bytes) + static_cast<size_t>((n + 1) / 2);
}

size_t row_bytes(const QuantParams& p, size_t cols) {
  const size_t full = cols / static_cast<size_t>(p.block);
  const int tail = static_cast<int>(cols % static_cast<size_t>(p.block));
  return full * block_bytes(p.format, p.block) + (tail ? block_bytes(p.format, tail) : 0);
}

float tensor_scale(const QuantParams& p, const float* x, size_t count) {
  if (!format_info(p.format).tensor_scale) return 1.0f;
  float amax = 0.0f;
  for (size_t i = 0; i < count; ++i) {
    const float a = std::fabs(x[i]);
    if (a > amax && std::isfinite(a)) amax = a;
  }
  const float ts = amax / (6.0f * 448.0f);
  return ts == 0.0f ? 1.0f : ts;
}

namespace {

// The whole block quantizer, inlined into quantize_block and into each
// target clone of quantize_row (numerics.md §4).
AMX_INLINE void quantize_block_impl(const QuantParams& p, const float* x, int n, float tscale, uint8_t* out) {
  const FormatInfo& info = format_info(p.format);
  const BlockStats st = block_stats(x, n);
  const uint32_t amax_bits = st.amax_bits;
  const float mx = st.mx, mn = st.mn;
  const bool finite = amax_bits < kInfBits;
  const float amax = f32_from_bits(amax_bits);
  uint8_t* code_out = out + info.scale_bytes;

  if (!info.fp4_elements) {
    quantize_int4(p, x, n, finite, mx, mn, amax, out);
    return;
  }
  uint8_t codes[kChunk];
  if (!finite) {  // NaN/Inf anywhere: NaN scale(s), the whole block decodes to NaN
    const uint8_t nan = info.scale == ScaleKind::E8M0 ? e8m0::kNaN : e4m3::kNaN;  // E4M3/E5M2 NaN are both 0x7F
    for (int k = 0; k < info.scale_bytes; ++k) out[k] = nan;
    std::memset(code_out, 0, static_cast<size_t>((n + 1) / 2));
    return;
  }

  float sp = 1.0f, sn = 1.0f;  // scales the elements are divided by
  switch (p.format) {
    case Format::MXFP4: {
      int e = static_cast<int>(amax_bits >> 23) - 127 - 2;  // E2M1 emax = 2
      e = std::max(e, -127);
      out[0] = e8m0::encode_exponent(e);
      sp = sn = std::ldexp(1.0f, e);
      break;
    }
    case Format::MXFP4_E4M3:
    case Format::MXFP4_E5M2:
    case Format::AMXFP4:
    case Format::AMXFP4_E4M3: {
      float hi, lo;
      scale_extremes(info, st, hi, lo);
      sp = fp8_scale(hi, info.scale, p.rounding);
      sn = fp8_scale(lo, info.scale, p.rounding);
      out[0] = fp8_code(sp, info.scale);
      if (info.scales_per_block == 2) out[1] = fp8_code(sn, info.scale);
      break;
    }
    case Format::NVFP4: {
      const float s = amax == 0.0f ? 1.0f : round_scale(amax / 6.0f / tscale, kSpecE4M3, p.rounding);
      out[0] = e4m3::encode(s);
      sp = sn = s * tscale;
      break;
    }
    default:
      throw Error("internal: unhandled format");
  }
  const bool asym = info.sign_selects_scale;
  const float div_p = sp == 0.0f ? 1.0f : sp, div_n = sn == 0.0f ? 1.0f : sn;
  for (int off = 0; off < n; off += kChunk) {  // kChunk is even: chunks pack to whole bytes
    const int m = std::min(kChunk, n - off);
    cast_e2m1_dispatch(asym, p.rounding, x + off, m, div_p, div_n, codes);
    if (sp == 0.0f || sn == 0.0f) zero_scale_fixup(asym, x + off, m, sp, sn, codes);
    pack_codes(codes, m, code_out + off / 2);
  }
}

}  // namespace

void quantize_block(const QuantParams& p, const float* x, int n, float tscale, uint8_t* out) {
  if (n < 1 || n > p.block) throw Error("internal: block of " + std::to_string(n) + " elements");
  quantize_block_impl(p, x, n, tscale, out);
}

BlockScales block_scales(const QuantParams& p, const uint8_t* block, float tscale) {
  const FormatInfo& info = format_info(p.format);
  BlockScales s{};
  switch (info.scale) {
    case ScaleKind::E8M0:
      s.pos = s.neg = s.block_pos = s.block_neg = e8m0::decode(block[0]);
      break;
    case ScaleKind::E4M3:
    case ScaleKind::E5M2:
      s.block_pos = decode_fp8(block[0], info.scale);
      s.block_neg = info.scales_per_block == 2 ? decode_fp8(block[1], info.scale) : s.block_pos;
      s.pos = info.tensor_scale ? s.block_pos * tscale : s.block_pos;
      s.neg = info.tensor_scale ? s.block_neg * tscale : s.block_neg;
      break;
    case ScaleKind::FP16:
      s.pos = s.neg = s.block_pos = s.block_neg = get_fp16(block);
      if (info.zero_point) s.zero_point = block[2];
      break;
  }
  return s;
}

void dequantize_block(const QuantParams& p, const uint8_t* in, int n, float tscale, float* y) {
  const FormatInfo& info = format_info(p.format);
  const BlockScales s = block_scales(p, in, tscale);
  const uint8_t* codes = in + info.scale_bytes;
  for (int i = 0; i < n; ++i) {
    const uint8_t c = code_at(codes, i);
    if (info.fp4_elements) {
      y[i] = e2m1::decode(c) * ((c & 8) ? s.neg : s.pos);
    } else if (info.zero_point) {
      y[i] = static_cast<float>(static_cast<int>(c) - static_cast<int>(s.zero_point)) * s.pos;
    } else {
      const int q = (c & 8) ? static_cast<int>(c) - 16 : static_cast<int>(c);
      y[i] = static_cast<float>(q) * s.pos;
    }
  }
}

__attribute__((target_clones("avx2", "default")))
void quantize_row(const QuantParams& p, const float* x, size_t cols, float tscale, uint8_t* out) {
  const FormatInfo& info = format_info(p.format);
  size_t start = 0;
  // FP8-scaled formats at block 32: the scales of 64 blocks are computed in
  // one pass, so the per-block chain reduce -> divide -> round -> divide does
  // not serialise the row.  Same results as quantize_block_impl (tested).
  if (p.block == 32 && info.fp4_elements && !info.tensor_scale && info.scale != ScaleKind::E8M0) {
    constexpr size_t kGroup = 64;
    const ElemSpec& spec = scale_spec(info.scale);
    const size_t nfull = cols / 32, bb = block_bytes(p.format, 32);
    float hi[kGroup], lo[kGroup], sp[kGroup], sn[kGroup];
    int slow[kGroup];
    uint8_t codes[32];
    for (size_t g0 = 0; g0 < nfull; g0 += kGroup) {
      const size_t gn = std::min(kGroup, nfull - g0);
      for (size_t j = 0; j < gn; ++j) {
        const BlockStats st = block_stats(x + (g0 + j) * 32, 32);
        slow[j] = st.amax_bits >= kInfBits;
        scale_extremes(info, st, hi[j], lo[j]);
      }
      for (size_t j = 0; j < gn; ++j) {
        sp[j] = fp8_scale_normal(hi[j], spec, p.rounding, slow[j]);
        sn[j] = fp8_scale_normal(lo[j], spec, p.rounding, slow[j]);
      }
      for (size_t j = 0; j < gn; ++j, out += bb) {
        const float* xb = x + (g0 + j) * 32;
        if (slow[j]) {
          quantize_block_impl(p, xb, 32, tscale, out);
          continue;
        }
        out[0] = fp8_code(sp[j], info.scale);
        if (info.scales_per_block == 2) out[1] = fp8_code(sn[j], info.scale);
        cast_e2m1_dispatch(info.sign_selects_scale, p.rounding, xb, 32, sp[j], sn[j], codes);
        pack_codes(codes, 32, out + info.scale_bytes);
      }
    }
    start = nfull * 32;
  }
  for (size_t c = start; c < cols; c += static_cast<size_t>(p.block)) {
    const int n = static_cast<int>(std::min<size_t>(static_cast<size_t>(p.block), cols - c));
    // A constant 32 lets the compiler unroll the common full block.
    if (n == 32) quantize_block_impl(p, x + c, 32, tscale, out);
    else quantize_block_impl(p, x + c, n, tscale, out);
    out += block_bytes(p.format, n);
  }
}

void dequantize_row(const QuantParams& p, const uint8_t* in, size_t cols, float tscale, float* y) {
  for (size_t c = 0; c < cols; c += static_cast<size_t>(p.block)) {
    const int n = static_cast<int>(std::min<size_t>(static_cast<size_t>(p.block), cols - c));
    dequantize_block(p, in, n, tscale, y + c);
    in += block_bytes(p.format, n);
  }
}

PackedTensor quantize_tensor(const QuantParams& p, const float* x, const std::vector<uint64_t>& shape) {
  validate(p);
  PackedTensor t;
  t.params = p;
  t.shape = shape;
  t.cols = shape.empty() ? 1 : static_cast<size_t>(shape.back());
  t.rows = 1;
  for (size_t i = 0; i + 1 < shape.size(); ++i) t.rows *= static_cast<size_t>(shape[i]);
  if (t.rows == 0 || t.cols == 0) throw Error("cannot quantize an empty tensor");
  t.tscale = tensor_scale(p, x, t.rows * t.cols);
  t.row_stride = row_bytes(p, t.cols);
  t.data.resize(t.rows * t.row_stride);
  for (size_t r = 0; r < t.rows; ++r) quantize_row(p, x + r * t.cols, t.cols, t.tscale, t.data.data() + r * t.row_stride);
  return t;
}

std::vector<float> dequantize_tensor(const PackedTensor& t) {
  std::vector<float> y(t.rows * t.cols);
  for (size_t r = 0; r < t.rows; ++r) dequantize_row(t.params, t.row(r), t.cols, t.tscale, y.data() + r * t.cols);
  return y;
}

}  // namespace amx::golden
