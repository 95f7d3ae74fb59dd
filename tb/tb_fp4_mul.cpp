// fp4_mul against the golden E2M1 values: every one of the 256 code pairs
// (sign-magnitude product in quarters).
#include <gtest/gtest.h>

#include <memory>

#include "Vfp4_mul.h"
#include "amx/golden/minifloat.hpp"
#include "verilated.h"

TEST(Fp4Mul, EveryCodePairIsTheExactProductInQuarters) {
  auto ctx = std::make_unique<VerilatedContext>();
  Vfp4_mul dut{ctx.get()};
  int checked = 0;
  for (unsigned a = 0; a < 16; ++a) {
    for (unsigned b = 0; b < 16; ++b) {
      dut.a_i = static_cast<uint8_t>(a);
      dut.b_i = static_cast<uint8_t>(b);
      dut.eval();
      const int want = amx::golden::e2m1::twice_value(static_cast<uint8_t>(a)) *
                       amx::golden::e2m1::twice_value(static_cast<uint8_t>(b));
      const int got = dut.neg_o ? -static_cast<int>(dut.mag_o) : static_cast<int>(dut.mag_o);
      ASSERT_EQ(got, want) << "codes 0x" << std::hex << a << " x 0x" << b;
      if (want != 0) {
        ASSERT_EQ(static_cast<bool>(dut.neg_o), want < 0) << "codes 0x" << std::hex << a << " x 0x" << b;
      }
      // The same product as the golden values: decode(a) * decode(b) * 4.
      ASSERT_EQ(static_cast<float>(want), 4.0f * amx::golden::e2m1::decode(static_cast<uint8_t>(a)) *
                                              amx::golden::e2m1::decode(static_cast<uint8_t>(b)));
      ++checked;
    }
  }
  EXPECT_EQ(checked, 256);
  dut.final();
}
