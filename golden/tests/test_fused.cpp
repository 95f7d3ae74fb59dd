// The `fused` accumulation contract (docs/numerics.md §8): hand-worked cases,
// and random GEMMs against an independent evaluation written from the public
// tensor-core model's published algorithm (floating-point significands and
// exponents, not the golden's integer terms).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "amx/golden/dot.hpp"
#include "amx/golden/error.hpp"

using namespace amx::golden;

namespace {

std::vector<uint8_t> block(std::vector<uint8_t> scales, const std::vector<uint8_t>& codes) {
  std::vector<uint8_t> b = std::move(scales);
  for (size_t i = 0; i < codes.size(); i += 2)
    b.push_back(static_cast<uint8_t>(codes[i] | ((i + 1 < codes.size() ? codes[i + 1] : 0) << 4)));
  return b;
}

// MXFP4 block of 32: E8M0 scale code, the given leading codes, then zeros.
std::vector<uint8_t> mx(uint8_t scale, std::vector<uint8_t> codes) {
  codes.resize(32, 0);
  return block({scale}, codes);
}

const QuantParams kMx{Format::MXFP4, 32, Rounding::Nearest};

// Runs blocks through one unit as one dot product.
float dot(const std::vector<std::vector<uint8_t>>& a, const std::vector<std::vector<uint8_t>>& b,
          const QuantParams& pa = kMx, const QuantParams& pb = kMx, FusedParams fp = {}) {
  DotUnit u(Discipline::Fused, pa.block, fp);
  float r = 0;
  for (size_t j = 0; j < a.size(); ++j)
    r = u.step(block_operand(pa, a[j].data(), pa.block), block_operand(pb, b[j].data(), pb.block), j == 0,
               j + 1 == a.size());
  return r;
}

float exact_block(const std::vector<std::vector<uint8_t>>& a, const std::vector<std::vector<uint8_t>>& b) {
  float acc = 0;
  for (size_t j = 0; j < a.size(); ++j)
    acc = accumulate(acc, block_operand(kMx, a[j].data(), 32), block_operand(kMx, b[j].data(), 32), Discipline::Block);
  return acc;
}

}  // namespace

// E2M1 codes: 0x1 0.5, 0x2 1, 0x3 1.5, 0x4 2, 0x5 3, 0x6 4, 0x7 6; bit 3 sign.

TEST(Fused, ZeroSubBlockSumStillSetsTheAlignment) {
  // Block 0: scale 2^20, every product zero; block 1: scale 2^-20, one
  // product 0.25: the term 2^-22 lies 42 bits below 2^20, past the 35
  // fractional bits, and is truncated away.
  const auto one = mx(127, {0x1});
  const std::vector<std::vector<uint8_t>> a = {mx(147, {}), mx(107, {0x1})}, b = {one, one};
  EXPECT_EQ(f32_bits(dot(a, b)), 0u);
  EXPECT_EQ(exact_block(a, b), std::ldexp(1.0f, -22));
  // With block 0's scale at 2^0 the alignment is 2^0 and the term survives.
  EXPECT_EQ(dot({mx(127, {}), mx(107, {0x1})}, b), std::ldexp(1.0f, -22));
  // The same term with 13 fractional bits (Hopper's FP8 path) is lost at 2^0 too.
  EXPECT_EQ(dot({mx(127, {}), mx(107, {0x1})}, b, kMx, kMx, {64, 16, 13}), 0.0f);
}

TEST(Fused, AccumulatorFarAboveTheTermsAndRoundingTowardZero) {
  // Step 1 (blocks 0, 1): 4 * 1 * 2^28 = 2^30.  Step 2: 36*3 + 16 + 3 = 127,
  // exact at the alignment 2^30 (grid 2^-5); 2^30 + 127 rounds toward zero to
  // 2^30, where the exact `block` discipline rounds to nearest, 2^30 + 128.
  const auto one = mx(127, {0x2, 0x2, 0x2, 0x2, 0x2});
  const std::vector<std::vector<uint8_t>> a = {mx(155, {0x6}), mx(127, {}), mx(127, {0x7, 0x7, 0x7, 0x6, 0x3}),
                                               mx(127, {})};
  const std::vector<std::vector<uint8_t>> b = {one, one, mx(127, {0x7, 0x7, 0x7, 0x6, 0x4}), one};
  EXPECT_EQ(dot(a, b), std::ldexp(1.0f, 30));
  EXPECT_EQ(exact_block(a, b), std::ldexp(1.0f, 30) + 128.0f);
}

TEST(Fused, AccumulatorFarBelowIsTruncatedBeforeTheSum) {
  // Step 1: c = -0.25 * 2^-35 = -2^-37.  Step 2: +1.  At alignment 2^0 the
  // grid is 2^-35: c truncates toward zero to 0 and the result is exactly 1
  // (kept exactly, 1 - 2^-37 would round toward zero to 1 - 2^-24).
  const auto one = mx(127, {0x2});
  const std::vector<std::vector<uint8_t>> a = {mx(127 - 35, {0x9}), mx(127 - 35, {}), mx(127, {0x2}), mx(127, {})};
  const std::vector<std::vector<uint8_t>> b = {mx(127, {0x1}), one, one, one};
  EXPECT_EQ(dot(a, b), 1.0f);
  EXPECT_EQ(dot({a[0], a[1]}, {b[0], b[1]}), -std::ldexp(1.0f, -37));
}

TEST(Fused, AccumulatorChangesOnlyAtTheEndOfAKStep) {
  DotUnit u(Discipline::Fused, 32);
  const auto two = mx(127, {0x4}), one = mx(127, {0x2});
  const BlockOperand o2 = block_operand(kMx, two.data(), 32), o1 = block_operand(kMx, one.data(), 32);
  EXPECT_EQ(u.step(o2, o1, true, false), 0.0f);   // block 0 of step 1: pending
  EXPECT_EQ(u.step(o2, o1, false, false), 4.0f);  // end of step 1
  EXPECT_EQ(u.step(o2, o1, false, false), 4.0f);  // pending
  EXPECT_EQ(u.step(o2, o1, false, true), 8.0f);   // step 2
  EXPECT_EQ(u.step(o1, o1, true, true), 1.0f);    // a new dot product of one block: flushed at last
}

TEST(Fused, SpecialValues) {
  const auto one = mx(127, {0x2});
  // 36 * 2^127 * 2^0 overflows: +Inf, and stays Inf on finite terms.
  EXPECT_EQ(dot({mx(254, {0x7}), mx(127, {})}, {mx(127, {0x7}), one}), INFINITY);
  EXPECT_EQ(dot({mx(254, {0xF}), mx(127, {}), mx(127, {0x2}), mx(127, {})}, {mx(127, {0x7}), one, one, one}),
            -INFINITY);
  // A NaN scale anywhere in the K step makes the result the canonical NaN.
  EXPECT_EQ(f32_bits(dot({mx(127, {0x2}), mx(255, {})}, {one, one})), kCanonicalNaN);
  // Cancellation to zero is +0; a subnormal result is kept, below it +0.
  EXPECT_EQ(f32_bits(dot({mx(127, {0x2, 0xA}), mx(127, {})}, {mx(127, {0x2, 0x2}), one})), 0u);
  EXPECT_EQ(dot({mx(0, {0x1}), mx(0, {})}, {mx(107, {0x1}), one}), std::ldexp(1.0f, -149));
  EXPECT_EQ(f32_bits(dot({mx(0, {0x9}), mx(0, {})}, {mx(106, {0x1}), one})), 0u);  // -2^-150 -> +0
  // Round toward zero at the subnormal grid: 3 * 2^-150 -> 2^-149.
  EXPECT_EQ(dot({mx(0, {0x3}), mx(0, {})}, {mx(106, {0x1}), one}), std::ldexp(1.0f, -149));
  EXPECT_THROW(validate(FusedParams{64, 24, 35}), amx::Error);
  EXPECT_THROW(validate(FusedParams{64, 16, 0}), amx::Error);
  EXPECT_THROW(accumulate(0.0f, block_operand(kMx, one.data(), 32), block_operand(kMx, one.data(), 32),
                          Discipline::Fused),
               amx::Error);
}

TEST(Fused, EmptyAmxClassStillPlacesTheAlignment) {
  // AMXFP4 (E5M2 scales) x MXFP4, 25 fractional bits: a's block is all
  // positive, 1.5 * 1.5 with s+ = 2^-16 and b's scale 2^-100, a term of
  // 9 * 2^-118 aligned by 2^(-14 - 100) (E5M2's subnormal s+ counts as
  // 2^-14).  The (-, +) class is empty, yet its stored s- places its
  // alignment: with s- = 1 at 2^-100 (grid 2^-125) the term is exact; with
  // s- = 2^15 at 2^-85 (grid 2^-110) it is truncated to zero.
  const QuantParams amx{Format::AMXFP4, 32, Rounding::Nearest};
  std::vector<uint8_t> codes(32, 0);
  codes[0] = 0x3;
  const auto a_lo = block({0x01, 0x3C}, codes);  // s+ = 2^-16, s- = 1
  const auto a_hi = block({0x01, 0x78}, codes);  // s+ = 2^-16, s- = 2^15
  const auto b = mx(127 - 100, {0x3});
  EXPECT_EQ(dot({a_lo}, {b}, amx, kMx, {64, 16, 25}), 9.0f * std::ldexp(1.0f, -118));
  EXPECT_EQ(dot({a_hi}, {b}, amx, kMx, {64, 16, 25}), 0.0f);
  // 35 bits span E5M2's whole exponent range: nothing is lost.
  EXPECT_EQ(dot({a_hi}, {b}, amx, kMx), 9.0f * std::ldexp(1.0f, -118));
}

namespace {

// The published algorithm, written independently of the golden: values as
// doubles, (significand, exponent) pairs as the model extracts them.
struct SigExp {
  double s;
  int e;
};
SigExp extract(double x, int min_exp) {
  int e;
  double s = std::frexp(x, &e);
  s *= 2;
  e -= 1;
  if (e < min_exp) {
    s *= std::ldexp(1.0, e - min_exp);
    e = min_exp;
  }
  if (s == 0.0) e = -126;
  return {s, e};
}

int scale_min_exp(Format f) {
  switch (format_info(f).scale) {
    case ScaleKind::E8M0: return -127;
    case ScaleKind::E4M3: return -6;
    default: return -14;
  }
}

double e2m1(uint8_t code) { return e2m1::twice_value(code) / 2.0; }

float oracle_dot(const PackedTensor& ta, const PackedTensor& tb, size_t m, size_t n, int frac) {
  const size_t K = ta.cols, B = static_cast<size_t>(ta.params.block);
  const FormatInfo& ia = format_info(ta.params.format);
  const FormatInfo& ib = format_info(tb.params.format);
  auto blk = [&](const PackedTensor& t, size_t r, size_t j) {
    return t.row(r) + j * block_bytes(t.params.format, static_cast<int>(B));
  };
  float c = 0.0f;
  for (size_t k0 = 0; k0 < K; k0 += 64) {
    std::vector<SigExp> terms = {extract(c, -126)};
    bool nan = false;
    for (size_t k = k0; k < std::min(K, k0 + 64); k += 16) {
      const size_t j = k / B;
      const BlockScales sa = block_scales(ta.params, blk(ta, m, j), 1.0f);
      const BlockScales sb = block_scales(tb.params, blk(tb, n, j), 1.0f);
      const uint8_t* ca = blk(ta, m, j) + ia.scale_bytes;
      const uint8_t* cb = blk(tb, n, j) + ib.scale_bytes;
      for (int ka = 0; ka < (ia.sign_selects_scale ? 2 : 1); ++ka)
        for (int kb = 0; kb < (ib.sign_selects_scale ? 2 : 1); ++kb) {
          const double s0v = ka ? sa.block_neg : sa.block_pos, s1v = kb ? sb.block_neg : sb.block_pos;
          if (!std::isfinite(s0v) || !std::isfinite(s1v)) nan = true;
          double s = 0;
          for (size_t i = k; i < std::min({K, k + 16, (j + 1) * B}); ++i) {
            const uint8_t x = code_at(ca, static_cast<int>(i - j * B)), y = code_at(cb, static_cast<int>(i - j * B));
            const int cx = ia.sign_selects_scale ? x >> 3 : 0, cy = ib.sign_selects_scale ? y >> 3 : 0;
            if (cx == ka && cy == kb) s += e2m1(x) * e2m1(y);
          }
          const SigExp e0 = extract(s0v, scale_min_exp(ta.params.format));
          const SigExp e1 = extract(s1v, scale_min_exp(tb.params.format));
          terms.push_back({s * e0.s * e1.s, e0.e + e1.e});
        }
    }
    if (nan || std::isnan(c)) return NAN;
    if (std::isinf(c)) continue;
    int emax = terms[0].e;
    for (const SigExp& t : terms) emax = std::max(emax, t.e);
    double sum = 0;
    for (const SigExp& t : terms) sum += std::trunc(std::ldexp(t.s, frac + t.e - emax)) * std::ldexp(1.0, -frac);
    const SigExp r = extract(std::ldexp(sum, emax), -126);
    const double v = std::ldexp(std::trunc(std::ldexp(r.s, 23)), r.e - 23);
    c = std::fabs(v) >= std::ldexp(1.0, 128) ? static_cast<float>(v > 0 ? INFINITY : -INFINITY)
                                              : static_cast<float>(v);
    if (c == 0) c = 0.0f;
  }
  return c;
}

}  // namespace

TEST(Fused, MatchesThePublishedAlgorithmOnRandomGemms) {
  std::mt19937 g(2026);
  std::normal_distribution<float> nd;
  struct Pair {
    Format a, b;
    int block;
  };
  const Pair pairs[] = {{Format::MXFP4, Format::MXFP4, 32},        {Format::NVFP4, Format::NVFP4, 16},
                        {Format::AMXFP4, Format::AMXFP4, 32},      {Format::AMXFP4_E4M3, Format::AMXFP4_E4M3, 32},
                        {Format::AMXFP4, Format::MXFP4, 32},       {Format::MXFP4_E4M3, Format::MXFP4, 32}};
  size_t compared = 0, differs_from_block = 0;
  for (const Pair& pr : pairs)
    for (int frac : {35, 25, 13})
      for (size_t K : {size_t{64}, size_t{512}, size_t{64 * 5 + 37}}) {
        const size_t M = 5, N = 4;
        std::vector<float> a(M * K), b(N * K);
        for (size_t i = 0; i < a.size(); ++i) {
          // Rows of mixed magnitudes: wide spreads between blocks and signs,
          // an all-zero row, a row far below the others.
          const size_t r = i / K;
          a[i] = nd(g) * std::exp(2.0f * nd(g));
          if (r == 1) a[i] = a[i] > 0 ? std::ldexp(a[i], 12) : std::ldexp(a[i], -14);
          if (r == 2) a[i] = 0.0f;
          if (r == 3) a[i] = std::ldexp(a[i], -60);
        }
        for (auto& v : b) v = nd(g) * 0.03f;
        const PackedTensor ta = quantize_tensor({pr.a, pr.block, Rounding::Nearest}, a.data(), {M, K});
        const PackedTensor tb = quantize_tensor({pr.b, pr.block, Rounding::Nearest}, b.data(), {N, K});
        const FusedParams fp{64, 16, frac};
        const std::vector<float> got = gemm_ref(ta, tb, Discipline::Fused, fp);
        const std::vector<float> exact = gemm_ref(ta, tb, Discipline::Block);
        const float post = format_info(pr.a).tensor_scale ? ta.tscale * tb.tscale : 1.0f;
        for (size_t m = 0; m < M; ++m)
          for (size_t n = 0; n < N; ++n) {
            float want = oracle_dot(ta, tb, m, n, frac);
            if (format_info(pr.a).tensor_scale) want = want * post;
            ASSERT_EQ(f32_bits(got[m * N + n]), f32_bits(want))
                << format_info(pr.a).name << " x " << format_info(pr.b).name << " frac " << frac << " K " << K
                << " C[" << m << "][" << n << "]: " << got[m * N + n] << " vs " << want;
            ++compared;
            differs_from_block += got[m * N + n] != exact[m * N + n];
          }
      }
  EXPECT_EQ(compared, 6u * 3 * 3 * 5 * 4);
  // Truncation and round-toward-zero are visible against the exact contract.
  EXPECT_GT(differs_from_block, compared / 20);
}
