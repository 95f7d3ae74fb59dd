// The engine registry (rtl/engines.txt) as the testbenches read it: the RTL
// parameters CMake derives from each engine's formats encode those formats
// (tb::Side, the port's view), the flow measures only engines the default
// suite verifies, every co-simulation array is a distinct build target, and
// the build's Verilated models are exactly the registry's, each verilated
// once.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
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
                                a.shape())
                      .second)
          << e.name;
  }
}

// The build's inventory of Verilated models (tb/CMakeLists.txt writes it
// from the models it defines): the block_dot of every engine in its unit
// tier, every array in its own tier, no model twice under the same top
// module, kind and parameters (the compile time of the models is most of a
// fresh build's); the count per tier is printed, so growth is visible.
TEST(Registry, VerilatedModelsAreTheRegistrysEachOnce) {
  struct Model {
    std::string tier, top, kind, flags;
  };
  std::map<std::string, Model> models;
  std::ifstream in(AMX_VL_INVENTORY);
  ASSERT_TRUE(in) << "cannot read " << AMX_VL_INVENTORY;
  std::set<std::string> configs;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    std::istringstream ls(line);
    std::string prefix;
    Model m;
    ls >> prefix >> m.tier >> m.top >> m.kind >> m.flags;
    ASSERT_FALSE(m.kind.empty()) << "malformed inventory line '" << line << "'";
    EXPECT_TRUE(configs.insert(m.top + " " + m.kind + " " + m.flags).second)
        << prefix << " verilates " << m.top << " (" << m.kind << ") with the same parameters as another model";
    EXPECT_TRUE(models.emplace(prefix, m).second) << prefix << " is defined twice";
  }
  std::map<std::string, std::map<std::string, int>> count;  // tier -> kind of model -> models
  std::set<std::string> expected;
  const auto expect = [&](const std::string& prefix, synth::Tier tier, const char* top, const char* kind,
                          const char* what) {
    expected.insert(prefix);
    const auto it = models.find(prefix);
    ASSERT_NE(it, models.end()) << prefix << " (" << what << ") is not in the build's inventory";
    EXPECT_EQ(it->second.tier, synth::tier_name(tier)) << prefix;
    EXPECT_EQ(it->second.top, top) << prefix;
    EXPECT_EQ(it->second.kind, kind) << prefix;
    ++count[it->second.tier][what];
  };
  for (const synth::Engine& e : registry()) {
    expect("Vbd_" + e.name, e.unit, "block_dot", "cc", "block_dot unit");
    for (const synth::ArrayBuild& a : e.arrays) {
      const std::string rc = a.shape();
      if (a.kind == synth::ArrayKind::Cosim) expect("Vcs_" + e.name + "_" + rc, a.tier, "mac_array", "sc", "co-simulation array");
      else expect("Varr_" + e.name + "_" + rc, a.tier, "mac_array", "cc", "tb_mac_array array");
    }
  }
  for (const auto& [prefix, m] : models)
    if (!expected.count(prefix)) {
      // Only the small unit testbenches' models are not an engine's.
      EXPECT_TRUE(m.top == "fp4_mul" || m.top == "scale_mul") << prefix << " is not a model of the registry";
      EXPECT_EQ(m.tier, "core") << prefix;
      ++count[m.tier]["small unit"];
    }
  std::printf("Verilated models per tier (%zu in all):\n", models.size());
  for (const auto& [tier, kinds] : count) {
    int n = 0;
    std::string parts;
    for (const auto& [kind, k] : kinds) {
      n += k;
      parts += (parts.empty() ? "" : ", ") + std::to_string(k) + " " + kind;
    }
    std::printf("  %-8s %3d  (%s)\n", tier.c_str(), n, parts.c_str());
    RecordProperty("models_" + tier, n);
  }
}

}  // namespace
}  // namespace amx::tb
