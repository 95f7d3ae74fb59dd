// Long checks, not part of the default suite (cmake --build build --target long-tests):
// the fast kernels against the reference cast over (nearly) all binary32 inputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "amx/golden/quantizer.hpp"

using namespace amx::golden;

// Every binary32 y with |y| < 8, both signs, both roundings, through the
// element kernel (an MXFP4 block whose max is 4 has scale 1).
TEST(Exhaustive, ElementKernelEqualsRefCast) {
  for (Rounding r : {Rounding::Nearest, Rounding::Even}) {
    QuantParams p{Format::MXFP4, 32, r};
    float blk[32];
    uint8_t packed[17];
    uint64_t checked = 0;
    for (uint32_t sign : {0u, 0x80000000u}) {
      for (uint32_t b = 0; b < 0x41000000u; b += 31) {
        blk[0] = 4.0f;
        for (uint32_t j = 0; j < 31; ++j) blk[j + 1] = f32_from_bits(std::min(b + j, 0x40FFFFFFu) | sign);
        quantize_block(p, blk, 32, 1.0f, packed);
        for (int j = 0; j < 31; ++j) {
          const uint8_t want = e2m1::encode(ref_cast(blk[j + 1], kSpecE2M1, r));
          ASSERT_EQ(code_at(packed + 1, j + 1), want) << std::hexfloat << blk[j + 1];
        }
        checked += 31;
      }
    }
    std::printf("element kernel (%s): %llu inputs checked\n", rounding_name(r), static_cast<unsigned long long>(checked));
  }
}

// round_scale against ref_cast on every 5th non-negative binary32.
TEST(Exhaustive, RoundScaleEqualsRefCast) {
  for (const ElemSpec* spec : {&kSpecE4M3, &kSpecE5M2, &kSpecFP16}) {
    for (Rounding r : {Rounding::Nearest, Rounding::Even}) {
      for (uint32_t b = 0; b <= 0x7F800000u; b += 5) {
        const float v = f32_from_bits(b);
        ASSERT_EQ(f32_bits(round_scale(v, *spec, r)), f32_bits(ref_cast(v, *spec, r))) << std::hexfloat << v;
      }
    }
  }
}
