#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "amx/golden/error.hpp"
#include "amx/golden/quantizer.hpp"

using namespace amx::golden;

namespace {

struct Result {
  std::vector<uint8_t> packed;
  std::vector<float> y;
};

Result roundtrip(Format f, const std::vector<float>& x, Rounding r = Rounding::Nearest, int block = 0,
                 float ts = 1.0f) {
  QuantParams p{f, block ? block : static_cast<int>(x.size()), r};
  Result res;
  res.packed.resize(row_bytes(p, x.size()));
  res.y.resize(x.size());
  quantize_row(p, x.data(), x.size(), ts, res.packed.data());
  dequantize_row(p, res.packed.data(), x.size(), ts, res.y.data());
  return res;
}

void expect_values(const std::vector<float>& got, const std::vector<float>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(f32_bits(got[i]), f32_bits(want[i])) << "element " << i << ": got " << got[i] << " want " << want[i];
  }
}

const float kE5M2Half = 0.5f;               // 0 01110 00
const float kE5M2_3_64 = 1.5f / 32.0f;      // 0 01010 10

}  // namespace

// ---- Hand-worked blocks (values derived in the comments).

TEST(MXFP4, ScaleOneBlock) {
  // max 6.5 has exponent 2, shared exponent 2 - 2 = 0: scale 1.
  // 6.5 -> 6 (saturate), -1.2 -> -1, 0.3 -> 0.5, 2.9 -> 3.
  const Result r = roundtrip(Format::MXFP4, {6.5f, -1.2f, 0.3f, 2.9f});
  expect_values(r.y, {6.0f, -1.0f, 0.5f, 3.0f});
  ASSERT_EQ(r.packed.size(), 3u);
  EXPECT_EQ(r.packed[0], 0x7F);  // E8M0 2^0
  EXPECT_EQ(r.packed[1], 0xA7);  // codes 0x7 (6), 0xA (-1)
  EXPECT_EQ(r.packed[2], 0x51);  // codes 0x1 (0.5), 0x5 (3)
}

TEST(MXFP4, ScaleSixteenAndTies) {
  // max 100 in [64,128): exponent 6, shared 4, scale 16.
  // 100/16 = 6.25 -> 6; -37/16 = -2.3125 -> -2; 20/16 = 1.25 is a tie
  // (nearest 1.5, even 1); 0.7/16 -> 0.
  expect_values(roundtrip(Format::MXFP4, {100.0f, -37.0f, 20.0f, 0.7f}).y, {96.0f, -32.0f, 24.0f, 0.0f});
  expect_values(roundtrip(Format::MXFP4, {100.0f, -37.0f, 20.0f, 0.7f}, Rounding::Even).y,
                {96.0f, -32.0f, 16.0f, 0.0f});
}

TEST(MXFP4, SubnormalInputsAndMinimumScale) {
  // max 2^-127 (a binary32 subnormal): exponent -127 - 2 clamps to -127.
  // 3*2^-130 / 2^-127 = 0.375 -> 0.5, so 2^-128; -2^-127 -> -1 * 2^-127.
  const float a = std::ldexp(3.0f, -130), b = -std::ldexp(1.0f, -127);
  const Result r = roundtrip(Format::MXFP4, {a, b});
  EXPECT_EQ(r.packed[0], 0x00);
  expect_values(r.y, {std::ldexp(1.0f, -128), b});
}

TEST(MXFP4, ZerosAndSignedZero) {
  const Result z = roundtrip(Format::MXFP4, {0.0f, -0.0f, 0.0f, 0.0f});
  EXPECT_EQ(z.packed[0], 0x00);  // max 0: exponent clamps to -127
  expect_values(z.y, {0.0f, 0.0f, 0.0f, 0.0f});  // -0 in, +0 out (torch.sign(-0) = 0)
  // A tiny negative next to a large value becomes -0.
  expect_values(roundtrip(Format::MXFP4, {4.0f, -1e-3f}).y, {4.0f, -0.0f});
}

TEST(MXFP4, MaxExponentAndNonFinite) {
  const float big = std::numeric_limits<float>::max();  // exponent 127, shared 125
  const Result r = roundtrip(Format::MXFP4, {big, 1.0f});
  EXPECT_EQ(r.packed[0], 125 + 127);
  expect_values(r.y, {std::ldexp(6.0f, 125), 0.0f});
  for (float bad : {std::numeric_limits<float>::quiet_NaN(), INFINITY, -INFINITY}) {
    const Result n = roundtrip(Format::MXFP4, {1.0f, bad, 2.0f});
    EXPECT_EQ(n.packed[0], 0xFF);
    for (float v : n.y) EXPECT_TRUE(std::isnan(v));
  }
}

TEST(AMXFP4, TwoScalesPickedBySign) {
  // s_pos = 3/6 = 0.5 (E5M2 exact).  s_neg = 0.3/6 = 0.05 = 1.6 * 2^-5,
  // E5M2 keeps 2 mantissa bits: 1.5 * 2^-5 = 0.046875.
  // 3/0.5 = 6; 0.9/0.5 = 1.8 -> 2 -> 1.0; -0.3/0.046875 = -6.4 -> -6 ->
  // -0.28125; -0.06/0.046875 = -1.28 -> -1.5 -> -0.0703125.
  const Result r = roundtrip(Format::AMXFP4, {3.0f, 0.9f, -0.3f, -0.06f});
  ASSERT_EQ(r.packed.size(), 4u);
  EXPECT_EQ(r.packed[0], 0x38);  // E5M2 0.5
  EXPECT_EQ(r.packed[1], 0x2A);  // E5M2 0.046875
  EXPECT_EQ(e5m2::decode(r.packed[0]), kE5M2Half);
  EXPECT_EQ(e5m2::decode(r.packed[1]), kE5M2_3_64);
  expect_values(r.y, {3.0f, 1.0f, -0.28125f, -0.0703125f});
  // MXFP4 on the same block (scale 0.5) loses the negative side.
  expect_values(roundtrip(Format::MXFP4, {3.0f, 0.9f, -0.3f, -0.06f}).y, {3.0f, 1.0f, -0.25f, -0.0f});
}

TEST(AMXFP4, AllPositiveBlockLargestSaturates) {
  // s_pos = 4/6 = 1.333 * 2^-1 -> E5M2 1.25 * 2^-1 = 0.625; s_neg = 1 (no negatives).
  // 1/0.625 = 1.6 -> 1.5; 2/0.625 = 3.2 -> 3; 3/0.625 = 4.8 -> 4; 4/0.625 = 6.4 -> 6.
  const Result r = roundtrip(Format::AMXFP4, {1.0f, 2.0f, 3.0f, 4.0f});
  EXPECT_EQ(e5m2::decode(r.packed[0]), 0.625f);
  EXPECT_EQ(e5m2::decode(r.packed[1]), 1.0f);
  expect_values(r.y, {0.9375f, 1.875f, 2.5f, 3.75f});
  const Result n = roundtrip(Format::AMXFP4, {-1.0f, -2.0f, -3.0f, -4.0f});
  EXPECT_EQ(e5m2::decode(n.packed[0]), 1.0f);
  EXPECT_EQ(e5m2::decode(n.packed[1]), 0.625f);
  expect_values(n.y, {-0.9375f, -1.875f, -2.5f, -3.75f});
}

TEST(AMXFP4, E4M3Scales) {
  // s_pos = 4/6 -> E4M3 (3 mantissa bits): 1.333 -> 1.375 * 2^-1 = 0.6875.
  // 1/0.6875 = 1.4545 -> 1.5; 4/0.6875 = 5.818 -> 6.
  const Result r = roundtrip(Format::AMXFP4_E4M3, {1.0f, 4.0f});
  EXPECT_EQ(e4m3::decode(r.packed[0]), 0.6875f);
  expect_values(r.y, {1.03125f, 4.125f});
}

TEST(AMXFP4, ScaleUnderflowZeroesThatSign) {
  // |min|/6 = 1.67e-7 is below half the smallest E5M2 subnormal (2^-17):
  // s_neg rounds to 0, the negative element is stored as -0.  s_pos = 0.5.
  const Result r = roundtrip(Format::AMXFP4, {3.0f, -1e-6f});
  EXPECT_EQ(r.packed[1], 0x00);
  expect_values(r.y, {3.0f, -0.0f});
  EXPECT_EQ(r.packed[2] >> 4, 0x8);  // code -0
}

TEST(AMXFP4, NonFiniteBlockIsNaN) {
  const Result r = roundtrip(Format::AMXFP4, {1.0f, INFINITY});
  EXPECT_EQ(r.packed[0], e5m2::kNaN);
  EXPECT_EQ(r.packed[1], e5m2::kNaN);
  for (float v : r.y) EXPECT_TRUE(std::isnan(v));
}

TEST(MXFP4FP8, ScaleOverflowSaturates) {
  // 1e4/6 = 1666.7 saturates to E4M3 448: 1e4/448 = 22.3 -> 6 -> 2688.
  const Result r = roundtrip(Format::MXFP4_E4M3, {1e4f, 448.0f});
  EXPECT_EQ(r.packed[0], 0x7E);
  expect_values(r.y, {2688.0f, 448.0f});
  // E5M2: 6/6 = 1; -1.2 -> -1.
  expect_values(roundtrip(Format::MXFP4_E5M2, {6.0f, -1.2f}).y, {6.0f, -1.0f});
  // All zero: scale replaced by 1.
  const Result z = roundtrip(Format::MXFP4_E5M2, {0.0f, 0.0f});
  EXPECT_EQ(e5m2::decode(z.packed[0]), 1.0f);
}

TEST(NVFP4, BlockScaleUnderTensorScale) {
  // amax 2688 = 6 * 448: tensor scale 1, block scale 448.
  // 1344/448 = 3; -700/448 = -1.5625 -> -1.5 -> -672; 10/448 -> 0.
  std::vector<float> x = {2688.0f, 1344.0f, -700.0f, 10.0f};
  QuantParams p{Format::NVFP4, 16, Rounding::Nearest};
  EXPECT_EQ(tensor_scale(p, x.data(), x.size()), 1.0f);
  const Result r = roundtrip(Format::NVFP4, x, Rounding::Nearest, 16, 1.0f);
  EXPECT_EQ(r.packed[0], 0x7E);
  expect_values(r.y, {2688.0f, 1344.0f, -672.0f, 0.0f});
  // amax 1: tensor scale 1/2688; block scale (1/6)/(1/2688) saturates at 448.
  std::vector<float> u = {1.0f, 0.5f};
  const float ts = tensor_scale(p, u.data(), u.size());
  EXPECT_EQ(ts, 1.0f / 2688.0f);
  const Result ru = roundtrip(Format::NVFP4, u, Rounding::Nearest, 16, ts);
  EXPECT_EQ(e4m3::decode(ru.packed[0]), 448.0f);
  const float eff = 448.0f * ts;
  EXPECT_EQ(ru.y[0], ref_cast(1.0f / eff, kSpecE2M1, Rounding::Nearest) * eff);
  EXPECT_EQ(ru.y[1], ref_cast(0.5f / eff, kSpecE2M1, Rounding::Nearest) * eff);
}

TEST(INT4, SymmetricAndAsymmetric) {
  // amax 7: FP16 scale 1.  2.5 is a tie: nearest 3, even 2.
  expect_values(roundtrip(Format::INT4, {7.0f, -2.5f, 1.2f, 0.0f}).y, {7.0f, -3.0f, 1.0f, 0.0f});
  expect_values(roundtrip(Format::INT4, {7.0f, -2.5f, 1.2f, 0.0f}, Rounding::Even).y, {7.0f, -2.0f, 1.0f, 0.0f});
  // lo -5, hi 10: scale 15/15 = 1, zero point 5.
  const Result a = roundtrip(Format::INT4_ASYM, {-5.0f, 10.0f, 0.4f});
  EXPECT_EQ(a.packed[2], 5);
  expect_values(a.y, {-5.0f, 10.0f, 0.0f});
}

TEST(Layout, TailBlocksAndBytes) {
  QuantParams p{Format::AMXFP4, 32, Rounding::Nearest};
  EXPECT_EQ(block_bytes(Format::AMXFP4, 32), 18u);  // 4.5 bits/element
  EXPECT_EQ(block_bytes(Format::MXFP4, 32), 17u);   // 4.25 bits/element
  EXPECT_EQ(row_bytes(p, 70), 18u + 18u + 2u + 3u);  // two full blocks, a tail of 6
  EXPECT_DOUBLE_EQ(bits_per_element(Format::AMXFP4, 32), 4.5);
  EXPECT_DOUBLE_EQ(bits_per_element(Format::MXFP4, 32), 4.25);
  EXPECT_THROW(validate({Format::MXFP4, 0, Rounding::Nearest}), amx::Error);
  EXPECT_THROW(parse_format("fp4"), amx::Error);
  EXPECT_EQ(parse_format("amxfp4-e5m2"), Format::AMXFP4);
}

// ---- The vectorised element kernel against the reference cast, on every
// float near every tie and power of two, in both rounding modes.
namespace {
void check_kernel_on(const std::vector<float>& ys, Rounding r) {
  // MXFP4 with a block whose max is 4 has scale 1, so codes are cast(y).
  QuantParams p{Format::MXFP4, 32, r};
  std::vector<float> blk(32, 0.0f);
  uint8_t packed[17];
  for (size_t i = 0; i < ys.size(); i += 31) {
    blk[0] = 4.0f;
    const size_t n = std::min<size_t>(31, ys.size() - i);
    for (size_t j = 0; j < 31; ++j) blk[j + 1] = j < n ? ys[i + j] : 0.0f;
    quantize_block(p, blk.data(), 32, 1.0f, packed);
    ASSERT_EQ(packed[0], 0x7F);
    // quantize_row runs the target clone picked for this CPU (AVX2 where
    // present), quantize_block the baseline build: both must agree.
    uint8_t packed_row[17];
    quantize_row(p, blk.data(), 32, 1.0f, packed_row);
    ASSERT_TRUE(std::equal(packed, packed + 17, packed_row));
    for (size_t j = 0; j < n; ++j) {
      const uint8_t code = code_at(packed + 1, static_cast<int>(j + 1));
      const uint8_t want = e2m1::encode(ref_cast(ys[i + j], kSpecE2M1, r));
      ASSERT_EQ(code, want) << "y = " << ys[i + j] << " (" << std::hexfloat << ys[i + j] << ")";
    }
  }
}
}  // namespace

TEST(Kernel, MatchesReferenceCastNearEveryBoundary) {
  std::vector<float> ys;
  std::vector<float> centres = {0.25f, 0.5f, 0.75f, 1.0f, 1.25f, 1.5f, 1.75f, 2.0f, 2.5f, 3.0f, 3.5f, 4.0f};
  for (float c : {0.125f, 5.0f, 6.0f, 7.0f, 8.0f}) centres.push_back(c);
  for (float c : centres) {
    float lo = c, hi = c;
    for (int k = 0; k < 3000; ++k) {
      lo = std::nextafter(lo, 0.0f);
      hi = std::nextafter(hi, 100.0f);
      for (float s : {1.0f, -1.0f}) {
        ys.push_back(s * lo);
        if (hi < 8.0f) ys.push_back(s * hi);  // |y| >= 8 would change the block's scale
      }
    }
    if (c < 8.0f) {
      ys.push_back(c);
      ys.push_back(-c);
    }
  }
  for (uint32_t b = 0; b < 0x3F000000u; b += 0x00012345u) ys.push_back(f32_from_bits(b));  // tiny .. 0.5
  ys.push_back(-0.0f);
  ys.push_back(0.0f);
  for (Rounding r : {Rounding::Nearest, Rounding::Even}) check_kernel_on(ys, r);
}

TEST(Kernel, MatchesReferenceCastOnRandomFloats) {
  std::mt19937 g(12345);
  std::uniform_int_distribution<uint32_t> u(0, 0x40FFFFFFu);  // |y| < 8
  std::vector<float> ys(200000);
  for (auto& y : ys) y = f32_from_bits(u(g) | (g() & 0x80000000u));
  for (Rounding r : {Rounding::Nearest, Rounding::Even}) check_kernel_on(ys, r);
}

// ---- Properties on random LLM-like blocks.
namespace {
std::vector<float> random_block(std::mt19937& g, int n) {
  std::student_t_distribution<float> t(4.0f);
  std::normal_distribution<float> shift(0.0f, 1.0f);
  const float mu = shift(g), sc = std::exp(shift(g) * 3.0f);
  std::vector<float> x(static_cast<size_t>(n));
  for (auto& v : x) v = (t(g) + mu) * sc;
  return x;
}
}  // namespace

TEST(Properties, ErrorWithinHalfAStepOfTheChosenScale) {
  std::mt19937 g(7);
  for (Format f : {Format::MXFP4, Format::MXFP4_E4M3, Format::MXFP4_E5M2, Format::AMXFP4, Format::AMXFP4_E4M3,
                   Format::NVFP4}) {
    for (Rounding r : {Rounding::Nearest, Rounding::Even}) {
      for (int trial = 0; trial < 2000; ++trial) {
        const std::vector<float> x = random_block(g, 32);
        QuantParams p{f, 32, r};
        uint8_t packed[40];
        quantize_block(p, x.data(), 32, 1.0f, packed);
        const BlockScales s = block_scales(p, packed, 1.0f);
        std::vector<float> y(32);
        dequantize_block(p, packed, 32, 1.0f, y.data());
        for (int i = 0; i < 32; ++i) {
          const float scale = x[i] > 0.0f ? s.pos : s.neg;
          const double v = std::fabs(static_cast<double>(x[i]) / scale);
          if (v > 6.0) {  // saturated: the code is the largest magnitude
            EXPECT_EQ(std::fabs(y[i]), 6.0f * scale);
            continue;
          }
          const double step = v < 2.0 ? 0.5 : (v < 4.0 ? 1.0 : 2.0);
          const double err = std::fabs(static_cast<double>(x[i]) - y[i]) / scale;
          EXPECT_LE(err, step / 2 * (1 + 1e-6)) << format_info(f).name << " x=" << x[i];
        }
      }
    }
  }
}

// Re-quantizing a quantized block reproduces it whenever its scales are
// normal numbers: then the largest element lands on code 6 (E8M0 always; FP8
// relative scale error <= 2^-4 keeps amax/s within [5.3, 6.9]).  A subnormal
// FP8 scale can be off by more than 1/6 and is excluded, and counted.
TEST(Properties, IdempotentOnQuantizedBlocks) {
  std::mt19937 g(11);
  for (Format f : {Format::MXFP4, Format::MXFP4_E4M3, Format::MXFP4_E5M2, Format::AMXFP4, Format::AMXFP4_E4M3}) {
    const FormatInfo& info = format_info(f);
    const float min_normal = info.scale == ScaleKind::E4M3 ? std::ldexp(1.0f, -6) : std::ldexp(1.0f, -14);
    int checked = 0;
    for (Rounding r : {Rounding::Nearest, Rounding::Even}) {
      for (int trial = 0; trial < 2000; ++trial) {
        const std::vector<float> x = random_block(g, 32);
        const Result once = roundtrip(f, x, r);
        if (info.scale != ScaleKind::E8M0) {
          const BlockScales s = block_scales({f, 32, r}, once.packed.data(), 1.0f);
          if (s.pos < min_normal || s.neg < min_normal) continue;
        }
        ++checked;
        const Result twice = roundtrip(f, once.y, r);
        // Same scales and values; only a -0 becomes +0 (the reference's sign(-0) = 0).
        EXPECT_TRUE(std::equal(once.packed.begin(), once.packed.begin() + info.scale_bytes, twice.packed.begin()))
            << info.name;
        for (size_t i = 0; i < x.size(); ++i) {
          EXPECT_EQ(twice.y[i], once.y[i]) << info.name;
          if (once.y[i] != 0.0f) EXPECT_EQ(f32_bits(twice.y[i]), f32_bits(once.y[i]));
          else EXPECT_EQ(f32_bits(twice.y[i]), 0u);
        }
      }
    }
    EXPECT_GT(checked, 3000) << info.name;
  }
}

TEST(Tensor, QuantizeAlongLastAxis) {
  std::vector<float> x(3 * 40);
  for (size_t i = 0; i < x.size(); ++i) x[i] = std::sin(static_cast<float>(i)) * static_cast<float>(i % 7);
  const PackedTensor t = quantize_tensor({Format::AMXFP4, 32, Rounding::Nearest}, x.data(), {3, 40});
  EXPECT_EQ(t.rows, 3u);
  EXPECT_EQ(t.cols, 40u);
  EXPECT_EQ(t.row_stride, 18u + 2u + 4u);
  const std::vector<float> y = dequantize_tensor(t);
  // Row 1 quantized alone gives the same values: blocks never cross rows.
  const Result r1 = roundtrip(Format::AMXFP4, std::vector<float>(x.begin() + 40, x.begin() + 80), Rounding::Nearest, 32);
  expect_values(std::vector<float>(y.begin() + 40, y.begin() + 80), r1.y);
  EXPECT_THROW(quantize_tensor({Format::MXFP4, 32, Rounding::Nearest}, x.data(), {0, 4}), amx::Error);
}

// quantize_row (the CPU's target clone, full blocks specialised) and
// quantize_block (baseline build) are separate compilations of one algorithm:
// they must write the same bytes for every format, block size and mode.
TEST(Properties, RowAndBlockPathsAgree) {
  std::mt19937 g(23);
  for (Format f : all_formats()) {
    for (int block : {16, 32, 7}) {
      for (Rounding r : {Rounding::Nearest, Rounding::Even}) {
        QuantParams p{f, block, r};
        std::vector<float> row;
        for (int b = 0; b < 40; ++b) {
          std::vector<float> x = random_block(g, block);
          if (b == 5) x[1] = -0.0f;
          if (b == 6) std::fill(x.begin(), x.end(), 0.0f);
          if (b == 7) x[2] = NAN;
          if (b == 8) for (auto& v : x) v = -std::fabs(v) * 1e-9f;  // tiny scales, underflow
          row.insert(row.end(), x.begin(), x.end());
        }
        row.resize(row.size() - 3);  // a short tail block
        const float ts = tensor_scale(p, row.data(), row.size());
        std::vector<uint8_t> by_row(row_bytes(p, row.size())), by_block(by_row.size());
        quantize_row(p, row.data(), row.size(), ts, by_row.data());
        uint8_t* out = by_block.data();
        for (size_t c = 0; c < row.size(); c += static_cast<size_t>(block)) {
          const int n = static_cast<int>(std::min<size_t>(static_cast<size_t>(block), row.size() - c));
          quantize_block(p, row.data() + c, n, ts, out);
          out += block_bytes(f, n);
        }
        ASSERT_EQ(by_row, by_block) << format_info(f).name << " block " << block;
      }
    }
  }
}
