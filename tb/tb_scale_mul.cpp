// scale_mul against the golden scale decoders: every pair of scale codes for
// each pairing of scale formats an engine uses (5 x 65536 pairs).
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "Vscale_mul_e4m3_e4m3.h"
#include "Vscale_mul_e4m3_e8m0.h"
#include "Vscale_mul_e5m2_e5m2.h"
#include "Vscale_mul_e5m2_e8m0.h"
#include "Vscale_mul_e8m0_e8m0.h"
#include "amx/golden/minifloat.hpp"
#include "verilated.h"

namespace {

int sext10(unsigned v) { return (v & 0x200u) ? static_cast<int>(v) - 1024 : static_cast<int>(v); }

// E5M2 Inf scales are treated as NaN (the quantizers never produce them).
bool nan_scale(float v, bool inf_is_nan) { return std::isnan(v) || (inf_is_nan && std::isinf(v)); }

template <typename Dut, typename DecodeA, typename DecodeB>
void check_all_pairs(DecodeA decode_a, bool inf_nan_a, DecodeB decode_b, bool inf_nan_b) {
  auto ctx = std::make_unique<VerilatedContext>();
  Dut dut{ctx.get()};
  int checked = 0, nans = 0;
  for (unsigned a = 0; a < 256; ++a) {
    for (unsigned b = 0; b < 256; ++b) {
      dut.sa_i = static_cast<uint8_t>(a);
      dut.sb_i = static_cast<uint8_t>(b);
      dut.eval();
      const float va = decode_a(static_cast<uint8_t>(a)), vb = decode_b(static_cast<uint8_t>(b));
      const bool want_nan = nan_scale(va, inf_nan_a) || nan_scale(vb, inf_nan_b);
      ASSERT_EQ(static_cast<bool>(dut.nan_o), want_nan) << "codes " << a << ", " << b;
      ++checked;
      if (want_nan) {
        ++nans;
        continue;
      }
      // Exact in double: the factors have at most 4 significant bits.
      const double want = static_cast<double>(va) * static_cast<double>(vb);
      const double got = (dut.sign_o ? -1.0 : 1.0) * std::ldexp(static_cast<double>(dut.mant_o), sext10(dut.exp_o));
      ASSERT_EQ(got, want) << "codes " << a << ", " << b << ": mant " << int(dut.mant_o) << " exp "
                           << sext10(dut.exp_o);
      if (want == 0.0) {
        ASSERT_EQ(std::signbit(got), std::signbit(want)) << "codes " << a << ", " << b;
      }
    }
  }
  EXPECT_EQ(checked, 65536);
  EXPECT_GT(nans, 0);
  dut.final();
}

}  // namespace

namespace e4m3 = amx::golden::e4m3;
namespace e5m2 = amx::golden::e5m2;
namespace e8m0 = amx::golden::e8m0;
TEST(ScaleMul, E8M0xE8M0EveryPair) { check_all_pairs<Vscale_mul_e8m0_e8m0>(e8m0::decode, false, e8m0::decode, false); }
TEST(ScaleMul, E4M3xE4M3EveryPair) { check_all_pairs<Vscale_mul_e4m3_e4m3>(e4m3::decode, false, e4m3::decode, false); }
TEST(ScaleMul, E5M2xE5M2EveryPair) { check_all_pairs<Vscale_mul_e5m2_e5m2>(e5m2::decode, true, e5m2::decode, true); }
TEST(ScaleMul, E5M2xE8M0EveryPair) { check_all_pairs<Vscale_mul_e5m2_e8m0>(e5m2::decode, true, e8m0::decode, false); }
TEST(ScaleMul, E4M3xE8M0EveryPair) { check_all_pairs<Vscale_mul_e4m3_e8m0>(e4m3::decode, false, e8m0::decode, false); }
