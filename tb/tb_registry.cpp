// The engine registry (rtl/engines.txt) as the testbenches read it: the RTL
// parameters CMake derives from each engine's formats encode those formats
// (tb::Side, the port's view), the flow measures only engines the default
// suite verifies, and every co-simulation array is a distinct build target.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "amx/golden/formats.hpp"
#include "amx/synth/engines.hpp"
#include "engine_config.hpp"

namespace amx::tb {
namespace {

using synth::registry;

TEST(Registry, RtlParametersEncodeTheFormats) {
  ASSERT_GT(registry().size(), 20u);
  for (const synth::Engine& e : registry()) {
    // NVFP4's blocks are E4M3-scaled MX blocks of 16 at the port (its tensor
    // scale is applied outside the array).
    const golden::Format pa = e.fa == golden::Format::NVFP4 ? golden::Format::MXFP4_E4M3 : e.fa;
    const golden::Format pb = e.fb == golden::Format::NVFP4 ? golden::Format::MXFP4_E4M3 : e.fb;
    EXPECT_EQ((Side{e.sfa, e.asym_a != 0}.format()), pa) << e.name;
    EXPECT_EQ((Side{e.sfb, e.asym_b != 0}.format()), pb) << e.name;
    EXPECT_EQ(e.n, e.fa == golden::Format::NVFP4 ? 16 : 32) << e.name;
    EXPECT_TRUE(e.disc >= 0 && e.disc <= 3) << e.name;
    EXPECT_TRUE(e.acc_ii == 1 || e.acc_ii == 2) << e.name;
  }
}

TEST(Registry, EveryMeasuredEngineHasAUnitTestbenchInTheDefaultSuite) {
  int measured = 0;
  for (const synth::Engine& e : registry())
    if (e.ppa != synth::PpaRole::No) {
      ++measured;
      EXPECT_NE(e.unit, synth::Tier::Full) << e.name;
    }
  EXPECT_GT(measured, 10);
}

TEST(Registry, NamesAndArraysAreDistinct) {
  std::set<std::string> names, arrays;
  for (const synth::Engine& e : registry()) {
    EXPECT_TRUE(names.insert(e.name).second) << e.name;
    for (const synth::ArrayBuild& a : e.arrays)
      EXPECT_TRUE(arrays.insert(e.name + (a.kind == synth::ArrayKind::Cosim ? ":cosim:" : ":tb:") +
                                std::to_string(a.rows) + "x" + std::to_string(a.cols))
                      .second)
          << e.name;
  }
}

}  // namespace
}  // namespace amx::tb
