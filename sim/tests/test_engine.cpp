// The engine library: the mapping search against the full space, its replay
// against the SystemC model, K-tiled GEMMs on the model against the golden,
// and the technology file.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

#include <fmt/format.h>

#include "amx/golden/dot.hpp"
#include "amx/golden/error.hpp"
#include "amx/golden/quantizer.hpp"
#include "amx/model/loop_nest.hpp"
#include "amx/model/system.hpp"
#include "amx/sim/engine.hpp"
#include "amx/sim/mapping.hpp"
#include "amx/sim/readback.hpp"
#include "amx/sim/tech.hpp"

namespace amx::sim {
namespace {

golden::QuantParams q(golden::Format f) { return {f, golden::format_info(f).default_block, golden::Rounding::Nearest}; }

EngineShape engine(int r, int c, uint64_t buffer, double bw, bool fused = false) {
  EngineShape e;
  e.array.rows = r;
  e.array.cols = c;
  e.buffer_bytes = buffer;
  e.dram_bytes_per_cycle = bw;
  e.dram_latency = 20;
  e.fused = fused;
  e.sram_read_pj = 3.0;
  e.sram_write_pj = 3.5;
  e.dram_pj = 100.0;
  return e;
}

// The pruned search (distinct tile counts and chunk widths, bounded) finds a
// mapping as good as the best of every mapping of the full space.
TEST(MappingSearch, PrunedFindsTheBestOfTheFullSpace) {
  struct Case {
    golden::Format fa, fb;
    uint64_t m, n, k;
    int r, c;
    uint64_t buffer;
    double bw;
    bool fused;
  };
  const Case cases[] = {
      {golden::Format::MXFP4, golden::Format::MXFP4, 40, 72, 1024, 4, 4, 16 * 1024, 8.0, false},
      {golden::Format::AMXFP4, golden::Format::AMXFP4, 64, 48, 2048, 4, 4, 24 * 1024, 16.0, false},
      {golden::Format::AMXFP4, golden::Format::MXFP4, 33, 100, 1536, 4, 4, 12 * 1024, 4.0, true},
      {golden::Format::AMXFP4, golden::Format::AMXFP4, 1, 256, 2048, 4, 4, 32 * 1024, 16.0, false},
      {golden::Format::NVFP4, golden::Format::NVFP4, 48, 48, 800, 2, 8, 8 * 1024, 32.0, false},
      {golden::Format::MXFP4, golden::Format::MXFP4, 96, 80, 4096, 8, 8, 48 * 1024, 24.0, true},
  };
  for (const Case& c : cases) {
    const GemmShape g{q(c.fa), q(c.fb), c.m, c.n, c.k};
    const EngineShape e = engine(c.r, c.c, c.buffer, c.bw, c.fused);
    const SearchResult pruned = search(g, e, Space::Pruned), full = search(g, e, Space::Full);
    SCOPED_TRACE(fmt::format("{}x{}x{} on {}x{}, buffer {}: pruned {} ({} cycles, {} B), full {} ({} cycles, {} B)",
                             c.m, c.n, c.k, c.r, c.c, c.buffer, to_string(pruned.best), pruned.cost.cycles,
                             pruned.cost.dram(), to_string(full.best), full.cost.cycles, full.cost.dram()));
    EXPECT_LT(pruned.costed, full.costed);
    EXPECT_GT(full.fitting, 10u);
    // The fastest mapping of the pruned space is within the search's cycle
    // tolerance of the full space's (it is the same mapping unless steps are
    // bound by their preload banks' fill, where a larger tile of the same
    // count can save a few cycles: 24 of 45143 in the third case), and the
    // choice within the tolerance is at least as good: no more DRAM bytes,
    // and no more energy (within the tolerance) at equal bytes.
    EXPECT_LE(static_cast<double>(pruned.fewest_cycles), full.fewest_cycles * (1.0 + kCycleTolerance));
    EXPECT_GE(pruned.fewest_cycles, full.fewest_cycles);
    EXPECT_LE(static_cast<double>(pruned.cost.cycles), full.fewest_cycles * (1.0 + kCycleTolerance));
    EXPECT_LE(pruned.cost.dram(), full.cost.dram());
    if (pruned.cost.dram() == full.cost.dram()) {
      EXPECT_LE(pruned.cost.energy_pj, full.cost.energy_pj * (1.0 + kCycleTolerance));
    }
    EXPECT_LE(pruned.cost.footprint, e.buffer_bytes);
  }
}

TEST(MappingSearch, RefusesAGemmNoMappingFits) {
  const GemmShape g{q(golden::Format::AMXFP4), q(golden::Format::AMXFP4), 64, 64, 4096};
  try {
    search(g, engine(16, 16, 1024, 64.0));
    FAIL() << "a 1 KiB buffer holds no mapping";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("fits 1024 bytes"), std::string::npos) << e.what();
  }
}

TEST(MappingSearch, BoundsOfTraffic) {
  const GemmShape g{q(golden::Format::MXFP4), q(golden::Format::MXFP4), 2048, 4096, 4096};
  const uint64_t min = dram_minimum(g), io = dram_io_bound(g, 512 * 1024);
  EXPECT_EQ(min, 2048 * golden::row_bytes(g.a, 4096) + 4096 * golden::row_bytes(g.b, 4096) + 2048ull * 4096 * 4);
  // With 512 KiB of binary32 output tile the blocked bound is about 2.9x.
  EXPECT_GT(static_cast<double>(io) / min, 2.5);
  EXPECT_LT(static_cast<double>(io) / min, 3.2);
  const SearchResult r = search(g, engine(16, 16, 512 * 1024, 64.0));
  EXPECT_GE(r.cost.dram(), min);
}

// The search's replay of a mapping against the SystemC model running it:
// DRAM and buffer bytes exactly, cycles closely (the replay merges a step's
// result writes into one); and K-tiled GEMMs with preloaded partial sums are
// bit-exact against the golden, which does not tile K.
namespace {

struct ModelCase {
  golden::Format fa, fb;
  golden::Discipline d;
  uint32_t m, n, k;
  model::Mapping map;
};

void replay_matches_the_model(const model::ArrayConfig& ac, const std::vector<ModelCase>& cases) {
  model::MemConfig mc{16.0, 20, 40 * 1024, 1.0};
  model::System sys(ac, mc, 4u << 20);
  std::mt19937_64 rng(7);
  const uint32_t TR = static_cast<uint32_t>(ac.tile_rows()), TC = static_cast<uint32_t>(ac.cols);
  for (const ModelCase& c : cases) {
    const golden::QuantParams pa = q(c.fa), pb = q(c.fb);
    std::student_t_distribution<float> t(3.0f);
    std::vector<float> x(size_t{c.m} * c.k), y(size_t{c.n} * c.k);
    for (float& v : x) v = t(rng);
    for (float& v : y) v = t(rng) * 0.1f;
    const golden::PackedTensor ta = golden::quantize_tensor(pa, x.data(), {c.m, c.k});
    const golden::PackedTensor tb = golden::quantize_tensor(pb, y.data(), {c.n, c.k});
    model::GemmJob job;
    job.fa = c.fa, job.fb = c.fb, job.disc = static_cast<int>(c.d), job.m = c.m, job.n = c.n, job.k = c.k;
    job.addr_a = 0;
    job.addr_b = (ta.data.size() + 4095) / 4096 * 4096;
    job.addr_c = job.addr_b + (tb.data.size() + 4095) / 4096 * 4096;
    job.map = c.map;
    std::memcpy(sys.mem.data(), ta.data.data(), ta.data.size());
    std::memcpy(sys.mem.data() + job.addr_b, tb.data.data(), tb.data.size());
    SCOPED_TRACE(fmt::format("{} x {} {} {}x{}x{} {}", golden::format_info(c.fa).name, golden::format_info(c.fb).name,
                             golden::discipline_name(c.d), c.m, c.n, c.k, to_string(c.map)));
    ASSERT_EQ(sys.run(job) & model::reg::STATUS_ERROR, 0u);
    const model::Stats st = sys.accel.stats();
    const std::vector<float> gold =
        golden::gemm_ref(ta, tb, c.d, golden::unit_fused_params(pa.block, ac.lanes), ac.lanes);
    uint64_t diff = 0;
    for (size_t i = 0; i < gold.size(); ++i) {
      uint32_t mb;
      std::memcpy(&mb, sys.mem.data() + job.addr_c + 4 * i, 4);
      diff += mb != golden::f32_bits(gold[i]);
    }
    EXPECT_EQ(diff, 0u);
    const model::LoopNest ln(pa, pb, c.d == golden::Discipline::Fused, c.m, c.n, c.k, TR, TC, c.map,
                             static_cast<uint64_t>(ac.lanes));
    EXPECT_EQ(st.psum_bytes > 0, ln.chunks > 1);
    // Every unit takes each array tile's pairs: ceil(M/R) x ceil(N/C) tiles
    // of K's blocks, each block once per row group.
    EXPECT_EQ(st.block_pairs, ((c.m + TR - 1) / TR) * ((c.n + TC - 1) / TC) * ln.nb * ac.acc_ii);

    EngineShape e = engine(ac.rows, ac.cols, mc.buffer_bytes, mc.bytes_per_cycle, c.d == golden::Discipline::Fused);
    e.dram_latency = mc.latency;
    e.array = ac;
    const MappingCost mcost = cost({pa, pb, c.m, c.n, c.k}, e, c.map);
    ASSERT_TRUE(mcost.fits);
    EXPECT_EQ(mcost.dram_read, st.bytes_read);
    EXPECT_EQ(mcost.dram_written, st.bytes_written);
    EXPECT_EQ(mcost.sram_read, st.sram_read);
    EXPECT_EQ(mcost.sram_written, st.sram_written);
    EXPECT_NEAR(static_cast<double>(mcost.cycles), static_cast<double>(st.cycles), 0.03 * st.cycles);
    EXPECT_GE(st.cycles, mcost.lower_bound);
  }
  // A mapping that does not fit is refused with the footprint.
  model::GemmJob big;
  big.m = 64, big.n = 64, big.k = 4096, big.timing_only = true, big.map = {64, 64, 1, 0};
  EXPECT_THROW(sys.run(big), Error);
}

}  // namespace

TEST(MappingModel, ReplayMatchesTheModelAndKTilingIsExact) {
  replay_matches_the_model({4, 4, 32, 1}, {
      {golden::Format::AMXFP4, golden::Format::AMXFP4, golden::Discipline::Block, 40, 24, 2000, {8, 12, 3, 0}},
      {golden::Format::AMXFP4, golden::Format::MXFP4, golden::Discipline::Fused, 17, 33, 1500, {8, 16, 4, 0}},
      {golden::Format::MXFP4, golden::Format::MXFP4, golden::Discipline::Window, 32, 32, 1024, {32, 4, 1, 1}},
      {golden::Format::AMXFP4, golden::Format::AMXFP4, golden::Discipline::ClassSeq, 8, 40, 3000, {4, 8, 5, 0}},
      {golden::Format::AMXFP4_E4M3, golden::Format::AMXFP4_E4M3, golden::Discipline::Fused, 12, 12, 640, {4, 4, 10, 1}},
      {golden::Format::MXFP4, golden::Format::MXFP4, golden::Discipline::Block, 64, 64, 512, {32, 32, 2, 0}},
  });
}

// Two-cycle accumulators: tiles of 2R rows, two row groups per unit.
TEST(MappingModel, ReplayMatchesTheModelWithTwoCycleAccumulators) {
  replay_matches_the_model(
      {2, 4, 32, 2, 2},
      {
          {golden::Format::MXFP4, golden::Format::MXFP4, golden::Discipline::Block, 40, 24, 2000, {8, 12, 3, 0}},
          {golden::Format::AMXFP4, golden::Format::AMXFP4, golden::Discipline::Block, 9, 33, 1500, {4, 16, 4, 1}},
          {golden::Format::AMXFP4, golden::Format::MXFP4, golden::Discipline::Window, 32, 32, 768, {32, 4, 1, 1}},
          {golden::Format::MXFP4, golden::Format::MXFP4, golden::Discipline::Block, 64, 64, 512, {32, 32, 2, 0}},
      });
}

// Results drained two rows per cycle (and preloaded as fast): short K chunks
// over steps of many array tiles, where each tile waits for its preload
// bank to fill (the replay once missed this: 21% short on a 256x256
// down_proj of 25 chunks).
TEST(MappingModel, ReplayMatchesTheModelWithAWideDrain) {
  replay_matches_the_model(
      {4, 4, 32, 1, 2, 1, 2},
      {
          {golden::Format::MXFP4, golden::Format::MXFP4, golden::Discipline::Block, 64, 64, 2048, {32, 32, 32, 0}},
          {golden::Format::AMXFP4, golden::Format::AMXFP4, golden::Discipline::Block, 40, 24, 2000, {16, 12, 5, 0}},
          {golden::Format::AMXFP4, golden::Format::MXFP4, golden::Discipline::Window, 64, 32, 128, {64, 32, 1, 0}},
          {golden::Format::MXFP4, golden::Format::MXFP4, golden::Discipline::Fused, 24, 20, 1000, {8, 8, 3, 1}},
      });
}

// What bounds a GEMM: the largest of its compute cycles, its DRAM time and
// its drain time, from the run's counters.
TEST(MappingModel, TheBoundOfAGemmIsItsLargestLowerBound) {
  SimOptions a;
  a.rows = a.cols = 16;
  a.acc_ii = 2;
  a.bandwidth = 64.0;
  EngineFormats f;
  GemmRun g;
  g.st.busy = 1000;
  g.st.tiles = 100;
  g.st.bytes_read = 6400;  // 100 cycles of DRAM
  a.drain_rows = 1;        // 100 tiles x 32 cycles
  EXPECT_STREQ(gemm_bound(a, f, g).kind, "drain");
  EXPECT_DOUBLE_EQ(gemm_bound(a, f, g).drain, 3200.0);
  a.drain_rows = 4;  // 100 x 8 cycles: compute-bound
  EXPECT_STREQ(gemm_bound(a, f, g).kind, "compute");
  g.st.bytes_written = 64 * 2000;
  EXPECT_STREQ(gemm_bound(a, f, g).kind, "memory");
  EXPECT_DOUBLE_EQ(gemm_bound(a, f, g).memory, 2100.0);
}

// Wide units (4 lanes): a tile streams ceil(blocks / 4) groups, K chunks
// end at group boundaries (fused: 128-element K steps), short last groups.
TEST(MappingModel, ReplayMatchesTheModelWithWideUnits) {
  replay_matches_the_model(
      {2, 4, 32, 2, 2, 4},
      {
          {golden::Format::MXFP4, golden::Format::MXFP4, golden::Discipline::Window, 40, 24, 2000, {8, 12, 3, 0}},
          {golden::Format::AMXFP4, golden::Format::AMXFP4, golden::Discipline::Window, 9, 33, 1500, {4, 16, 4, 1}},
          {golden::Format::AMXFP4, golden::Format::MXFP4, golden::Discipline::Fused, 32, 32, 1000, {32, 4, 2, 1}},
          {golden::Format::MXFP4, golden::Format::MXFP4, golden::Discipline::Fused, 64, 64, 512, {32, 32, 1, 0}},
      });
}

TEST(Tech, DefaultsNameTheirSources) {
  const Tech t = load_tech("");
  for (const TechValue* v : t.all()) {
    EXPECT_GT(v->value, 0.0) << v->key;
    EXPECT_GT(v->source.size(), 20u) << v->key;
    EXPECT_FALSE(v->unit.empty()) << v->key;
  }
  // Energy per byte grows with the bank, and a bigger buffer has more area.
  EXPECT_LT(t.sram_read_pj(8), t.sram_read_pj(64));
  EXPECT_NEAR(t.sram_read_pj(8), t.sram_read_8kib.value, 1e-9);
  EXPECT_NEAR(t.sram_area_um2(1024), 8192 * t.cell_um2.value / t.array_efficiency.value, 1e-6);
}

TEST(Tech, RefusesEntriesWithoutSourceOrValue) {
  std::string text = default_tech_yaml();
  auto expect_error = [](const std::string& yaml, const std::string& what) {
    try {
      parse_tech(yaml, "t.yaml");
      ADD_FAILURE() << "accepted: " << what;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  std::string no_source = text;
  const size_t p = no_source.find("source:", no_source.find("pj_per_byte:"));
  no_source.replace(p, 7, "origin:");
  expect_error(no_source, "dram.pj_per_byte");
  std::string negative = text;
  const size_t v = negative.find("value: 244");
  negative.replace(v, 10, "value: -244");
  expect_error(negative, "must be a positive finite number");
  std::string nan = text;
  nan.replace(nan.find("value: 244"), 10, "value: .nan");
  expect_error(nan, "must be a positive finite number");
  expect_error("sram: [1, 2]\n", "no 'node_nm'");
  expect_error("name: x\nnode_nm: {value: 180, unit: nm, source: here}\nsram: {a: [}\n", "not YAML");
}

// What amx reads back, typed: a sweep point's result and ppa.json, every
// field checked for presence, type and range.
TEST(Readback, PointResultsAreValidOrSayWhyNot) {
  const auto why = [](const std::string& config) {
    PointResult r;
    return parse_point_result("{\"configs\": [{" + config + "}]}", "p/sim.json", r);
  };
  EXPECT_EQ(why("\"cycles\": 7, \"time_ms\": 0.5, \"utilization\": 0.25, \"energy_mj\": null, \"sqnr_db\": \"exact\""), "");
  EXPECT_EQ(why("\"cycles\": -7, \"time_ms\": 0.5, \"utilization\": 0.25"), "p/sim.json: configs[0].cycles is not a positive integer");
  EXPECT_EQ(why("\"cycles\": 7, \"time_ms\": 0.5"), "p/sim.json: configs[0] has no 'utilization'");
  EXPECT_EQ(why("\"cycles\": 7, \"time_ms\": 0.5, \"utilization\": 1.5"), "p/sim.json: configs[0].utilization = 1.5 is outside 0..1");
  EXPECT_EQ(why("\"cycles\": 7, \"time_ms\": \"x\", \"utilization\": 1"), "p/sim.json: configs[0].time_ms is not a number");
  PointResult r;
  EXPECT_NE(parse_point_result("[1", "p/sim.json", r).find("is not JSON"), std::string::npos);
}

TEST(Readback, PpaReportsAreCheckedWhereUsed) {
  const PpaSummary s = parse_ppa(
      R"({"clock_ns": 10, "configurations": [{"name": "a", "unit": {"energy_pj_per_mac": 1, "idle_pj_per_cycle": 2,
          "leakage_mw": 0, "area_um2": 5}, "arrays": [{"rows": 4, "cols": 4, "area_um2": 99}]},
          {"name": "b", "unit": {"energy_pj_per_mac": -1, "idle_pj_per_cycle": 2, "leakage_mw": 0, "area_um2": 5}},
          {"name": "c", "clock_ns": 9}]})",
      "ppa.json");
  ASSERT_EQ(s.configs.size(), 2u);  // c is of another clock
  EXPECT_EQ(s.find("a")->unit_error, "");
  EXPECT_EQ(s.find("a")->arrays.at(0).area_um2, 99.0);
  EXPECT_EQ(s.find("b")->unit_error, "the PPA report's configuration b: unit.energy_pj_per_mac must be a non-negative number up to 1e+12");
  for (const char* clock : {"1e-300", "0", "-1", "1e7", "\"10\""})
    EXPECT_THROW(parse_ppa(std::string("{\"clock_ns\": ") + clock + ", \"configurations\": []}", "ppa.json"), Error)
        << clock;
}

}  // namespace
}  // namespace amx::sim

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
