// The PPA report (amx ppa) from results given as data, no tool run: the
// answer per contract and clock, the frontier, the fields ppa.json promises.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "amx/golden/tensor_io.hpp"
#include "amx/report/ppa_report.hpp"
#include "amx/synth/flow.hpp"
#include "amx/synth/frontier.hpp"
#include "amx/synth/ppa.hpp"

using namespace amx;
using namespace amx::synth;
using amx::report::write_ppa_report;

// The report from results given as data (no tool runs): two target clocks,
// the answer per contract and clock against that clock's best MXFP4 engine,
// and the fields ppa.json promises for every configuration.
TEST(Report, AnswerPerContractAndClockFromData) {
  auto config = [](const char* name, double area_per_mac, double pj_per_mac, double sqnr, double period, double clock) {
    ConfigResult r;
    r.e = &find_engine(name);
    r.requested = name;
    r.unit.area = area_per_mac * r.e->n;
    r.unit.parts = {{"class_reduce", 0.25 * r.unit.area, 1}, {"acc_fp32", 0.75 * r.unit.area, 1}};
    r.timing.min_period_ns = period;
    r.sim_clock_ns = r.gate_clock_ns = std::max(clock, period);
    r.gate_llm.power.internal_pj = pj_per_mac * r.e->n;  // per cycle, no leakage
    r.gate_llm_zero.power.internal_pj = 0.5 * pj_per_mac * r.e->n;
    r.energy_pj = pj_per_mac;
    r.energy_zero_pj = 0.5 * pj_per_mac;
    r.sqnr_db = sqnr;
    r.meets_clock = period <= clock;
    return r;
  };
  PpaResult res;
  res.tools.liberty = "cells.lib";
  res.clock_given = true;
  res.runs.push_back({10.0,
                      {config("mx_block_ii2", 8000, 20, 30.5, 8.5, 10), config("amx_block_ii2u", 24000, 50, 35.0, 9.6, 10),
                       config("amxmx_window_ii2", 14000, 36, 33.0, 9.0, 10)}});
  res.runs.push_back({9.0,
                      {config("mx_block_ii2", 8000, 20, 30.5, 8.5, 9), config("amx_block_ii2u", 24000, 50, 35.0, 9.6, 9),
                       config("amxmx_window_ii2", 14000, 36, 33.0, 9.0, 9)}});
  const std::string dir = ::testing::TempDir() + "amx_report_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string md = write_ppa_report(res, dir);
  EXPECT_NE(md.find("| block | 10.0 ns | MXFP4 x MXFP4, PIPE 2, 2-cycle accumulator 8000 um^2"), std::string::npos) << md;
  EXPECT_NE(md.find("| block | 9.0 ns | MXFP4 x MXFP4"), std::string::npos);
  EXPECT_NE(md.find("sums unpacked early (misses the clock) | 3.00x | 2.50x | 35.00 | **no**"), std::string::npos);
  EXPECT_NE(md.find("**Engines that miss the 9.0 ns clock**"), std::string::npos);
  EXPECT_NE(md.find("## In detail at 9.0 ns"), std::string::npos);
  EXPECT_NE(md.find("\n### One MAC unit"), std::string::npos);
  EXPECT_EQ(md.find("\n## One MAC unit"), std::string::npos);
  // Where the targets are missed: the accumulator's 75% of the growth comes first.
  EXPECT_NE(md.find("grows by 16000 um^2, mostly in acc_fp32 (+12000) and class_reduce (+4000)"), std::string::npos);

  const nlohmann::json j = nlohmann::json::parse(golden::read_file(dir + "/ppa.json"));
  EXPECT_EQ(j["clocks_ns"], nlohmann::json::array({10.0, 9.0}));
  EXPECT_EQ(j["clock_ns"], 10.0);
  ASSERT_EQ(j["configurations"].size(), 6u);
  for (const auto& c : j["configurations"]) {
    for (const char* k : {"name", "label", "a_format", "b_format", "discipline", "stages", "clock_ns", "meets_clock"})
      EXPECT_TRUE(c.contains(k)) << k;
    for (const char* k : {"area_um2", "macs_per_cycle", "energy_pj_per_mac", "min_period_ns", "sqnr_db"})
      EXPECT_TRUE(c["unit"].contains(k)) << k;
  }
  EXPECT_EQ(j["configurations"][4]["clock_ns"], 9.0);
  EXPECT_EQ(j["configurations"][4]["meets_clock"], false);
  EXPECT_EQ(j["configurations"][4]["name"], "amx_block_ii2u");
  // Block and window, each at both clocks; MXFP4's window engine is its block one.
  ASSERT_EQ(j["answer"].size(), 4u);
  for (const auto& row : j["answer"]) EXPECT_EQ(row["mxfp4"]["name"], "mx_block_ii2");
  EXPECT_NEAR(j["answer"][0]["amxfp4_amxfp4"]["area_ratio"].get<double>(), 3.0, 1e-12);
  EXPECT_NEAR(j["answer"][2]["amxfp4_mxfp4"]["energy_ratio"].get<double>(), 1.8, 1e-12);
  EXPECT_TRUE(golden::read_file(dir + "/ppa_pareto.svg").find("<svg") != std::string::npos);
}

TEST(Report, FrontierMarksTheEnginesNoOtherBeats) {
  auto config = [](const char* name, double area_per_mac, double pj_per_mac, double sqnr, double period) {
    ConfigResult r;
    r.e = &find_engine(name);
    r.requested = name;
    r.unit.area = area_per_mac * r.e->n;
    r.unit.parts = {{"FP4 products and sign-class sums", 0.25 * r.unit.area, 1},
                    {"FP32 accumulator", 0.5 * r.unit.area, 1},
                    {"scale unit (scale products, class exponents)", 0.25 * r.unit.area, 1}};
    r.timing.min_period_ns = period;
    r.sim_clock_ns = r.gate_clock_ns = std::max(10.0, period);
    r.gate_llm.power.internal_pj = pj_per_mac * r.e->n;
    r.gate_llm_zero.power.internal_pj = 0.5 * pj_per_mac * r.e->n;
    r.energy_pj = pj_per_mac;
    r.energy_zero_pj = 0.5 * pj_per_mac;
    r.sqnr_db = sqnr;
    r.sqnr_on = {{"gaussian", sqnr - 1.0}, {"npy:x.npy", sqnr - 2.0}};
    r.meets_clock = period <= 10.0;
    return r;
  };
  PpaResult res;
  res.tools.liberty = "cells.lib";
  res.clock_given = true;
  res.frontier = true;
  res.runs.push_back({10.0,
                      {config("mx_block_ii2", 8000, 20, 14.7, 8.5), config("nv_block_ii2", 9000, 22, 16.0, 9.0),
                       config("amx_block_ii2u", 24000, 50, 18.8, 9.6), config("amxmx_window_ii2", 14000, 60, 17.0, 9.0),
                       config("amx43_fused_ii2", 5000, 10, 30.0, 12.0)}});
  const std::vector<FrontierPoint> pts = frontier_points(res.runs.front());
  ASSERT_EQ(pts.size(), 5u);
  // mx, nv and amx_block climb in SQNR and energy: all three on the energy
  // frontier; amxmx_window costs more energy than amx_block for less SQNR,
  // but less area; the engine that misses the clock is on neither.
  const bool on_energy[] = {true, true, true, false, false}, on_area[] = {true, true, true, true, false};
  for (size_t i = 0; i < pts.size(); ++i) {
    EXPECT_EQ(pts[i].on_energy, on_energy[i]) << pts[i].r->e->name;
    EXPECT_EQ(pts[i].on_area, on_area[i]) << pts[i].r->e->name;
  }
  EXPECT_NEAR(pts[0].acc_share, 0.5, 1e-12);
  EXPECT_NEAR(pts[0].bits_per_element, 4.25, 1e-12);
  EXPECT_NEAR(pts[1].bits_per_element, 4.5, 1e-12);   // NVFP4: one E4M3 byte per 16 elements
  EXPECT_NEAR(pts[3].bits_per_element, 4.375, 1e-12);  // AMXFP4 (4.5) x MXFP4 (4.25)

  const std::string dir = ::testing::TempDir() + "amx_frontier_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string md = write_ppa_report(res, dir);
  EXPECT_LT(md.find("## The frontier"), md.find("## The answer")) << md;
  EXPECT_NE(md.find("- **mxfp4**: on the energy frontier with mx_block_ii2 (block, 14.70 dB at 20.00 pJ)"), std::string::npos)
      << md;
  EXPECT_NE(md.find("- **amxfp4 x mxfp4**: dominated in energy: its most accurate engine amxmx_window_ii2 (window, "
                    "17.00 dB, 60.00 pJ) is beaten by amx_block_ii2u (amxfp4, block) with +1.80 dB at -16.7% energy; "
                    "on the area frontier"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("amx43_fused_ii2 (misses the clock)"), std::string::npos);
  EXPECT_NE(md.find("| gaussian | npy:x.npy |"), std::string::npos);
  // Each frontier engine as the registry verifies it; one without a
  // co-simulated array is flagged.
  EXPECT_NE(md.find("- mx_block_ii2: unit testbench (default); co-simulated 2x2d2 (default), C++ testbench 4x4d2 (full)\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("- nv_block_ii2: unit testbench (default); no array -- **not co-simulated as an array**"),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("- amx43_fused_ii2: unit testbench"), std::string::npos) << "not on a frontier";
  const nlohmann::json j = nlohmann::json::parse(golden::read_file(dir + "/ppa.json"));
  ASSERT_EQ(j["frontier"].size(), 5u);
  for (const auto& f : j["frontier"])
    for (const char* k : {"name", "a_format", "b_format", "discipline", "lanes", "sqnr_db", "bits_per_element",
                          "area_um2_per_mac", "energy_pj_per_mac", "clock_ns"})
      EXPECT_TRUE(f.contains(k)) << k;
  EXPECT_EQ(j["frontier"][0]["name"], "amx43_fused_ii2");  // cheapest energy first
  EXPECT_EQ(j["frontier"][0]["on_energy_frontier"], false);
  EXPECT_EQ(j["frontier"][1]["name"], "mx_block_ii2");
  EXPECT_EQ(j["frontier"][1]["verification"]["arrays"][0]["kind"], "cosim");
  EXPECT_EQ(j["frontier"][1]["verification"]["arrays"][0]["tier"], "default");
  EXPECT_EQ(j["configurations"][0]["unit"]["lanes"], 1);
  for (const char* f : {"/ppa_frontier_energy.svg", "/ppa_frontier_area.svg"})
    EXPECT_NE(golden::read_file(dir + f).find("<polyline"), std::string::npos) << f;
}

// The unit-width section: per format pair, contract and width the area
// shares and the overheads over MXFP4 of the same contract and width, and
// the width targets, from the run's numbers.
TEST(Report, WidthSectionComparesEachWidthWithItsMxfp4Unit) {
  auto config = [](const char* name, double area_per_mac, double pj_per_mac, double acc_share) {
    ConfigResult r;
    r.e = &find_engine(name);
    r.requested = name;
    r.unit.area = area_per_mac * r.e->macs_per_cycle();
    r.unit.parts = {{"FP4 products and sign-class sums", (1.0 - acc_share) / 2 * r.unit.area, 1},
                    {"FP32 accumulator", acc_share * r.unit.area, 1},
                    {"scale unit (scale products, class exponents)", (1.0 - acc_share) / 2 * r.unit.area, 1}};
    r.timing.min_period_ns = 9.0;
    r.sim_clock_ns = r.gate_clock_ns = 10.0;
    r.energy_pj = pj_per_mac;
    r.sqnr_db = 15.0;
    return r;
  };
  ClockRun run{10.0,
               {config("mx_block_ii2", 250, 20, 0.40), config("amx_window_ii2", 600, 50, 0.30),
                config("mx_window_l4_ii2", 100, 10, 0.20), config("amx_window_l4_ii2", 180, 14, 0.10),
                config("mx_fused_l4_ii2", 120, 12, 0.30)}};
  EXPECT_EQ(find_engine("amx_window_l4_ii2").macs_per_cycle(), 128);
  const std::vector<FrontierPoint> pts = frontier_points(run);
  EXPECT_NEAR(pts[3].area_um2_per_mac, 180.0, 1e-9);  // area over 128 MACs per cycle
  const report::WidthReport w = report::width_report(pts);
  // amx_window at 1 lane against mx_block (the one-class window's datapath): 2.4x / 2.5x.
  EXPECT_NE(w.md.find("| amx_window_ii2 | 600 | 50.000 | 30% | 35% | 35% | 0% | 2.40x / 2.50x |"), std::string::npos) << w.md;
  EXPECT_NE(w.md.find("MXFP4 `window` at 4 lanes (mx_window_l4_ii2): accumulator 20% of the unit, target <= 25%: **met**"),
            std::string::npos)
      << w.md;
  EXPECT_NE(w.md.find("MXFP4 `fused` at 4 lanes (mx_fused_l4_ii2): accumulator 30% of the unit, target <= 25%: **not met**"),
            std::string::npos)
      << w.md;
  EXPECT_NE(w.md.find("amxfp4 `window`: 1.80x area, 1.40x energy per MAC over MXFP4 at 4 lanes (1 lane: 2.40x / 2.50x); "
                      "against the independent four-class datapath's 2.0x / 1.41x: **as cheap or cheaper**"),
            std::string::npos)
      << w.md;
  ASSERT_EQ(w.json["targets"].size(), 3u);
  EXPECT_EQ(w.json["targets"][2]["engine"], "amx_window_l4_ii2");
  EXPECT_NEAR(w.json["targets"][2]["area_vs_mxfp4"].get<double>(), 1.8, 1e-12);
  // The unit table and the claim compare per MAC with MXFP4 of the same
  // contract and width: the 1-lane AMXFP4 unit against mx_block_ii2 (+140%
  // area, +150% energy), not against the cheaper 4-lane MXFP4 unit; the
  // 4-lane one against mx_window_l4_ii2 (+80% / +40%).
  {
    PpaResult res;
    res.tools.liberty = "cells.lib";
    res.clock_given = true;
    res.runs.push_back(run);
    const std::string dir = ::testing::TempDir() + "amx_width_units_test";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string md = write_ppa_report(res, dir);
    auto row = [&](const char* name) {
      const std::string label = find_engine(name).label;
      const size_t at = md.find("\n| " + label + " | ", md.find("One MAC unit"));
      return at == std::string::npos ? std::string() : md.substr(at + 1, md.find('\n', at + 1) - at - 1);
    };
    EXPECT_NE(row("amx_window_ii2").find("| +140.0% | +150.0% |"), std::string::npos) << row("amx_window_ii2");
    EXPECT_NE(row("amx_window_l4_ii2").find("| +80.0% | +40.0% |"), std::string::npos) << row("amx_window_l4_ii2");
    EXPECT_NE(md.find(find_engine("amx_window_ii2").label + ": area/MAC +140.0%, energy/MAC +150.0%"), std::string::npos)
        << md;
  }
  // One width only: no section.
  ClockRun narrow{10.0, {config("mx_block_ii2", 250, 20, 0.4)}};
  EXPECT_TRUE(report::width_report(frontier_points(narrow)).md.empty());
}
