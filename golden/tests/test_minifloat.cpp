#include <gtest/gtest.h>

#include <cmath>
#include <algorithm>
#include <limits>
#include <vector>

#include "amx/golden/error.hpp"
#include "amx/golden/minifloat.hpp"

using namespace amx::golden;

namespace {
const float kNaN = std::numeric_limits<float>::quiet_NaN();
uint32_t bits(float f) { return f32_bits(f); }
}  // namespace

TEST(E2M1, AllSixteenCodes) {
  const float expect[16] = {0, 0.5f, 1, 1.5f, 2, 3, 4, 6, -0.0f, -0.5f, -1, -1.5f, -2, -3, -4, -6};
  for (int c = 0; c < 16; ++c) {
    const float v = e2m1::decode(static_cast<uint8_t>(c));
    EXPECT_EQ(bits(v), bits(expect[c])) << "code " << c;
    EXPECT_EQ(e2m1::encode(v), c);
    EXPECT_EQ(e2m1::twice_value(static_cast<uint8_t>(c)), static_cast<int>(2 * expect[c]));
  }
  EXPECT_THROW(e2m1::encode(2.5f), amx::Error);
}

TEST(E4M3, AllCodes) {
  int nan_count = 0;
  for (int c = 0; c < 256; ++c) {
    const float v = e4m3::decode(static_cast<uint8_t>(c));
    if (std::isnan(v)) {
      ++nan_count;
      EXPECT_EQ(c & 0x7F, 0x7F);
      continue;
    }
    EXPECT_FALSE(std::isinf(v));
    EXPECT_EQ(e4m3::encode(v), c) << "code " << c;
    // Bias 7, 3 mantissa bits, subnormals m * 2^-9.
    const int e = (c >> 3) & 15, m = c & 7;
    const float mag = e ? std::ldexp(1.0f + m / 8.0f, e - 7) : std::ldexp(static_cast<float>(m), -9);
    EXPECT_EQ(v, (c & 0x80) ? -mag : mag);
  }
  EXPECT_EQ(nan_count, 2);
  EXPECT_EQ(e4m3::decode(0x7E), 448.0f);
  EXPECT_EQ(e4m3::decode(0x01), std::ldexp(1.0f, -9));
  EXPECT_EQ(e4m3::decode(0x38), 1.0f);
}

TEST(E5M2, AllCodes) {
  int nan_count = 0, inf_count = 0;
  for (int c = 0; c < 256; ++c) {
    const float v = e5m2::decode(static_cast<uint8_t>(c));
    const int e = (c >> 2) & 31, m = c & 3;
    if (e == 31) {
      if (m == 0) {
        ++inf_count;
        EXPECT_TRUE(std::isinf(v));
      } else {
        ++nan_count;
        EXPECT_TRUE(std::isnan(v));
      }
      continue;
    }
    EXPECT_EQ(e5m2::encode(v), c) << "code " << c;
    const float mag = e ? std::ldexp(1.0f + m / 4.0f, e - 15) : std::ldexp(static_cast<float>(m), -16);
    EXPECT_EQ(v, (c & 0x80) ? -mag : mag);
  }
  EXPECT_EQ(nan_count, 6);
  EXPECT_EQ(inf_count, 2);
  EXPECT_EQ(e5m2::decode(0x7B), 57344.0f);
  EXPECT_EQ(e5m2::decode(0x3C), 1.0f);
}

TEST(E8M0, AllCodes) {
  for (int c = 0; c < 255; ++c) EXPECT_EQ(e8m0::decode(static_cast<uint8_t>(c)), std::ldexp(1.0f, c - 127));
  EXPECT_TRUE(std::isnan(e8m0::decode(0xFF)));
  EXPECT_EQ(bits(e8m0::decode(0)), 0x00400000u);  // 2^-127 is a binary32 subnormal
  EXPECT_EQ(e8m0::encode_exponent(0), 0x7F);
  EXPECT_THROW(e8m0::encode_exponent(128), amx::Error);
}

TEST(FP16, Codes) {
  EXPECT_EQ(fp16::decode(0x3C00), 1.0f);
  EXPECT_EQ(fp16::decode(0x7BFF), 65504.0f);
  EXPECT_EQ(fp16::decode(0x0001), std::ldexp(1.0f, -24));
  for (uint32_t c = 0; c < 0x7C00; c += 7) EXPECT_EQ(fp16::encode(fp16::decode(static_cast<uint16_t>(c))), c);
}

struct Tie {
  float x, lower, upper, even;
};

// Every E2M1 tie, rounded by hand: nearest goes to the upper neighbour (away
// from zero), even to the neighbour with an even mantissa; either side of the
// tie goes to the nearer neighbour in both modes.
TEST(RefCast, E2M1EveryTie) {
  const Tie ties[] = {{0.25f, 0.0f, 0.5f, 0.0f}, {0.75f, 0.5f, 1.0f, 1.0f}, {1.25f, 1.0f, 1.5f, 1.0f},
                      {1.75f, 1.5f, 2.0f, 2.0f}, {2.5f, 2.0f, 3.0f, 2.0f},  {3.5f, 3.0f, 4.0f, 4.0f},
                      {5.0f, 4.0f, 6.0f, 4.0f}};
  for (const Tie& t : ties) {
    for (float s : {1.0f, -1.0f}) {
      EXPECT_EQ(ref_cast(s * t.x, kSpecE2M1, Rounding::Nearest), s * t.upper) << t.x;
      EXPECT_EQ(ref_cast(s * t.x, kSpecE2M1, Rounding::Even), s * t.even) << t.x;
      const float above = std::nextafter(t.x, 10.0f);
      // Two floats below: the one float below 0.25 is the reference artifact tested apart.
      const float below = std::nextafter(std::nextafter(t.x, 0.0f), 0.0f);
      for (Rounding r : {Rounding::Nearest, Rounding::Even}) {
        EXPECT_EQ(ref_cast(s * above, kSpecE2M1, r), s * t.upper) << t.x;
        EXPECT_EQ(ref_cast(s * below, kSpecE2M1, r), s * t.lower) << t.x;
      }
    }
  }
}

TEST(RefCast, E2M1SaturatesAndKeepsSpecials) {
  EXPECT_EQ(ref_cast(7.0f, kSpecE2M1, Rounding::Nearest), 6.0f);
  EXPECT_EQ(ref_cast(-1e30f, kSpecE2M1, Rounding::Even), -6.0f);
  EXPECT_EQ(ref_cast(std::numeric_limits<float>::max(), kSpecE2M1, Rounding::Nearest), 6.0f);
  EXPECT_TRUE(std::isnan(ref_cast(kNaN, kSpecE2M1, Rounding::Nearest)));
  EXPECT_EQ(ref_cast(INFINITY, kSpecE2M1, Rounding::Nearest), INFINITY);
  // A small negative rounds to -0 (torch.sign(-x) * 0); -0 itself gives +0.
  EXPECT_EQ(bits(ref_cast(-0.1f, kSpecE2M1, Rounding::Nearest)), 0x80000000u);
  EXPECT_EQ(bits(ref_cast(-0.0f, kSpecE2M1, Rounding::Nearest)), 0u);
  EXPECT_EQ(bits(ref_cast(std::ldexp(-1.0f, -140), kSpecE2M1, Rounding::Nearest)), 0x80000000u);
}

// The reference adds 0.5 in binary32 before the floor: 0.5 - 2^-25 + 0.5
// rounds to 1, so the one float just below the 0.25 tie (in units of the
// element) rounds up.  This is the reference's behaviour; we keep it.
TEST(RefCast, ReferenceBinary32AddArtifact) {
  const float just_below = std::nextafter(0.25f, 0.0f);  // 0.25 - 2^-26
  ASSERT_EQ(just_below, 0.25f - std::ldexp(1.0f, -26));
  EXPECT_EQ(ref_cast(just_below, kSpecE2M1, Rounding::Nearest), 0.5f);
  EXPECT_EQ(ref_cast(just_below, kSpecE2M1, Rounding::Even), 0.5f);
  const float two_below = std::nextafter(just_below, 0.0f);
  EXPECT_EQ(ref_cast(two_below, kSpecE2M1, Rounding::Nearest), 0.0f);
}

TEST(RefCast, FP8Ties) {
  // E4M3 around 1: step 1/8.  E5M2 around 1: step 1/4.
  EXPECT_EQ(ref_cast(1.0625f, kSpecE4M3, Rounding::Nearest), 1.125f);
  EXPECT_EQ(ref_cast(1.0625f, kSpecE4M3, Rounding::Even), 1.0f);
  EXPECT_EQ(ref_cast(1.125f, kSpecE5M2, Rounding::Nearest), 1.25f);
  EXPECT_EQ(ref_cast(1.125f, kSpecE5M2, Rounding::Even), 1.0f);
  EXPECT_EQ(ref_cast(1.375f, kSpecE5M2, Rounding::Even), 1.5f);
  // Subnormal ties: E4M3 step 2^-9, E5M2 step 2^-16.
  EXPECT_EQ(ref_cast(std::ldexp(0.5f, -9), kSpecE4M3, Rounding::Nearest), std::ldexp(1.0f, -9));
  EXPECT_EQ(ref_cast(std::ldexp(0.5f, -9), kSpecE4M3, Rounding::Even), 0.0f);
  EXPECT_EQ(ref_cast(std::ldexp(1.5f, -16), kSpecE5M2, Rounding::Even), std::ldexp(2.0f, -16));
  EXPECT_EQ(ref_cast(std::ldexp(0.49f, -16), kSpecE5M2, Rounding::Nearest), 0.0f);
  // Saturation instead of overflow: 464 is the 448/480 tie.
  EXPECT_EQ(ref_cast(464.0f, kSpecE4M3, Rounding::Nearest), 448.0f);
  EXPECT_EQ(ref_cast(1e6f, kSpecE4M3, Rounding::Nearest), 448.0f);
  EXPECT_EQ(ref_cast(61440.0f, kSpecE5M2, Rounding::Nearest), 57344.0f);
  EXPECT_EQ(ref_cast(-1e30f, kSpecE5M2, Rounding::Even), -57344.0f);
}

TEST(RefCast, IdempotentOnEveryCode) {
  for (Rounding r : {Rounding::Nearest, Rounding::Even}) {
    for (int c = 0; c < 16; ++c) {
      const float v = e2m1::decode(static_cast<uint8_t>(c));
      EXPECT_EQ(ref_cast(v, kSpecE2M1, r), v);
    }
    for (int c = 0; c < 256; ++c) {
      const float a = e4m3::decode(static_cast<uint8_t>(c)), b = e5m2::decode(static_cast<uint8_t>(c));
      if (std::isfinite(a)) {
        EXPECT_EQ(ref_cast(a, kSpecE4M3, r), a) << c;
      }
      if (std::isfinite(b)) {
        EXPECT_EQ(ref_cast(b, kSpecE5M2, r), b) << c;
      }
    }
  }
}

// Rounding picks one of the two neighbouring codes, the nearer one; at a tie
// the mode decides.  Checked over a dense sweep of E4M3 inputs.
TEST(RefCast, E4M3NearestNeighbour) {
  std::vector<float> grid;
  for (int c = 0; c < 0x7F; ++c) grid.push_back(e4m3::decode(static_cast<uint8_t>(c)));
  for (uint32_t b = 0x3A000000u; b < 0x44000000u; b += 997) {  // 2^-11 .. 512
    const float x = f32_from_bits(b);
    const float q = ref_cast(x, kSpecE4M3, Rounding::Even);
    if (x >= 448.0f) {
      EXPECT_EQ(q, 448.0f);
      continue;
    }
    auto hi = std::lower_bound(grid.begin(), grid.end(), x);
    const float up = *hi, down = hi == grid.begin() ? up : *(hi - 1);
    const float best = (x - down < up - x) ? down : (up - x < x - down ? up : q);
    EXPECT_EQ(q, best) << x;
    EXPECT_TRUE(q == up || q == down) << x;
  }
}

// The bit-pattern fast path equals the reference cast for scales.
TEST(RoundScale, EqualsRefCastOnNonNegativeFloats) {
  for (const ElemSpec* spec : {&kSpecE4M3, &kSpecE5M2, &kSpecFP16}) {
    for (Rounding r : {Rounding::Nearest, Rounding::Even}) {
      auto check = [&](uint32_t b) {
        const float v = f32_from_bits(b);
        ASSERT_EQ(f32_bits(round_scale(v, *spec, r)), f32_bits(ref_cast(v, *spec, r))) << std::hexfloat << v;
      };
      for (uint32_t b = 0; b <= 0x7F800000u; b += 4099) check(b);
      for (int e = -30; e < 128; ++e)  // every tie and carry around each binade edge
        for (int k = -70; k <= 70; ++k) check(f32_bits(std::ldexp(1.0f, e)) + static_cast<uint32_t>(k));
      check(0x7F800000u);
    }
  }
}
