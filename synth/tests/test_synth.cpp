// The PPA flow: report parsers on canned Yosys/OpenSTA output, stimulus
// activities, and the flow on the MXFP4 and AMXFP4 units end to end.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "amx/golden/error.hpp"
#include "amx/synth/activity.hpp"
#include "amx/synth/flow.hpp"

using namespace amx;
using namespace amx::synth;

namespace {

const char* kStat = R"(
=== $paramod$13fc\scale_mul ===

   Number of wires:                 10
   Number of cells:                116
     AND2X2                         10
     NAND2X1                       106

   Chip area for module '$paramod$13fc\scale_mul': 3977.000000

=== $paramod$99\scale_unit ===

   Number of cells:                 20
     $paramod$13fc\scale_mul         4
     INVX1                          16

   Chip area for module '$paramod$99\scale_unit': 500.000000

=== block_dot ===

   Number of cells:                 13
     DFFPOSX1                        2
     DFFSR                           1
     NAND2X1                         9
     $paramod$99\scale_unit          1

   Chip area for module '\block_dot': 400.000000

=== design hierarchy ===

   block_dot                         1
     $paramod$99\scale_unit          1
       $paramod$13fc\scale_mul       4

   Number of wires:                 99
   Number of cells:                496
     DFFPOSX1                        2
     DFFSR                           1
     NAND2X1                       493

   Chip area for top module '\block_dot': 16808.000000
)";

const char* kTiming = R"(Startpoint: rst_ni (input port clocked by clk)
Endpoint: u_acc/_420_ (recovery check against rising-edge clock clk)
Path Group: **async_default**
        1000.117   slack (MET)

Startpoint: u_pipe/_723_ (rising edge-triggered flip-flop clocked by clk)
Endpoint: u_acc/_509_ (rising edge-triggered flip-flop clocked by clk)
Path Group: clk
Path Type: max
          977.102   slack (MET)
)";

const char* kPower = R"(Group                    Internal    Switching      Leakage        Total
------------------------------------------------------------------------
Sequential           5.534561e-03 4.526159e-04 3.389011e-08 5.987211e-03   2.2%
------------------------------------------------------------------------
Total                2.175687e-01 5.079620e-02 1.565157e-06 2.683665e-01 100.0%
)";

TEST(Parse, ModuleBaseNames) {
  EXPECT_EQ(module_base("$paramod$a6b5\\class_reduce"), "class_reduce");
  EXPECT_EQ(module_base("$paramod\\fp32_add\\YW=s32'0101"), "fp32_add");
  EXPECT_EQ(module_base("\\block_dot"), "block_dot");
  EXPECT_EQ(module_base("fp4_mul"), "fp4_mul");
}

TEST(Parse, StatTotalsFlopsAndPartsByUnit) {
  const Synthesis s = parse_stat(kStat, "block_dot");
  EXPECT_DOUBLE_EQ(s.area, 16808.0);
  EXPECT_EQ(s.cells, 496u);
  EXPECT_EQ(s.flops, 3u);
  ASSERT_EQ(s.parts.size(), 2u);
  EXPECT_EQ(s.parts[0].unit, "unit glue (operand split, control)");
  EXPECT_DOUBLE_EQ(s.parts[0].area, 400.0);
  // The scale unit's own cells plus four scale_mul instances below it.
  EXPECT_EQ(s.parts[1].unit, "scale unit (scale products, class exponents)");
  EXPECT_DOUBLE_EQ(s.parts[1].area, 500.0 + 4 * 3977.0);
  EXPECT_DOUBLE_EQ(s.parts[0].area + s.parts[1].area, s.area);
  EXPECT_THROW(parse_stat("nothing here", "block_dot"), Error);
}

TEST(Parse, TimingTakesTheClockGroup) {
  const Timing t = parse_timing(kTiming);
  EXPECT_NEAR(t.min_period_ns, 22.898, 1e-9);
  EXPECT_EQ(t.startpoint, "u_pipe/_723_");
  EXPECT_EQ(t.endpoint, "u_acc/_509_");
  EXPECT_THROW(parse_timing("Startpoint: x\nPath Group: **async_default**\n 1.0 slack (MET)\n"), Error);
}

TEST(Parse, PowerTotalInMilliwatts) {
  const Power p = parse_power(kPower);
  EXPECT_NEAR(p.internal_mw, 217.5687, 1e-3);
  EXPECT_NEAR(p.switching_mw, 50.7962, 1e-3);
  EXPECT_NEAR(p.total_mw(), 268.3665, 1e-3);
  EXPECT_THROW(parse_power("no table"), Error);
}

TEST(Activity, RandomOperandsToggleHalfTheTimeLlmDataLess) {
  const Engine& e = find_engine("amx_block");
  const UnitStimulus r = unit_activity(e, Stimulus::Random, 1, 4, 4, 1024);
  const UnitStimulus l = unit_activity(e, Stimulus::Llm, 1, 4, 4, 1024);
  EXPECT_EQ(r.cycles, 4u * 4 * 32);
  EXPECT_EQ(r.k_blocks, 32);
  EXPECT_NEAR(r.mean_activity, 0.5, 0.05);
  EXPECT_LT(l.mean_activity, r.mean_activity);
  EXPECT_GT(l.mean_activity, 0.05);
  // 144 + 144 operand bits, then first, last, valid, clear.
  ASSERT_EQ(r.ports.size(), 144u + 144u + 4u);
  EXPECT_EQ(r.ports[288].port, "first_i");
  EXPECT_NEAR(r.ports[288].duty, 1.0 / 32, 1e-12);
  EXPECT_EQ(r.ports[290].port, "valid_i");
  EXPECT_DOUBLE_EQ(r.ports[290].activity, 0.0);
  EXPECT_DOUBLE_EQ(r.ports[290].duty, 1.0);
}

TEST(Flow, MissingToolsAndConfigsAreNamed) {
  EXPECT_THROW(find_tools(AMX_RTL_DIR, "/nonexistent/cells.lib"), Error);
  EXPECT_THROW(find_tools("/nonexistent/rtl"), Error);
  EXPECT_THROW(find_engine("fp5_block"), Error);
}

// Both units through Yosys and OpenSTA: the numbers exist and are sane.
// AMXFP4 x MXFP4: the smaller of the AMXFP4 units keeps the test short.
TEST(Flow, MxfpAndAmxfpUnitsSynthesizeTimeAndPower) {
  const Tools t = find_tools(AMX_RTL_DIR);
  const std::string dir = ::testing::TempDir() + "amx_synth_test";
  std::system(("mkdir -p " + dir).c_str());
  const Engine& mx = find_engine("mx_block");
  const Engine& amx = find_engine("amxmx_block");
  const Synthesis smx = synthesize(t, mx, "block_dot", 1, 1, dir + "/mx");
  const Synthesis samx = synthesize(t, amx, "block_dot", 1, 1, dir + "/amx");
  for (const Synthesis* s : {&smx, &samx}) {
    EXPECT_GT(s->area, 1e4);
    EXPECT_GT(s->transistors, 1000u);
    EXPECT_GT(s->flops, 32u);  // at least the accumulator
    double sum = 0.0;
    for (const Part& p : s->parts) sum += p.area;
    EXPECT_NEAR(sum, s->area, 1e-6 * s->area);
    EXPECT_NEAR(s->nand2, s->area / t.nand2_area, 1e-9);
  }
  EXPECT_GT(samx.cells, smx.cells);
  EXPECT_GT(samx.area, smx.area);

  const Timing tm = time_netlist(t, samx, dir + "/amx");
  EXPECT_GT(tm.min_period_ns, 0.5);
  EXPECT_LT(tm.min_period_ns, 1000.0);
  EXPECT_FALSE(tm.startpoint.empty());

  const UnitStimulus llm = unit_activity(amx, Stimulus::Llm, 3);
  const UnitStimulus rnd = unit_activity(amx, Stimulus::Random, 3);
  const Power pl = power(t, samx, 100.0, llm.ports, 0.0, dir + "/amx", "llm");
  const Power pr = power(t, samx, 100.0, rnd.ports, 0.0, dir + "/amx", "random");
  const Power pl2 = power(t, samx, 50.0, llm.ports, 0.0, dir + "/amx", "llm_fast");
  EXPECT_GT(pl.total_mw(), 0.0);
  EXPECT_GT(pl.leakage_mw, 0.0);
  EXPECT_GT(pr.total_mw(), pl.total_mw());  // more toggling, more power
  EXPECT_NEAR(pl2.switching_mw, 2.0 * pl.switching_mw, 0.01 * pl.switching_mw);  // dynamic power scales with f

  // Gate-level activity of every cell output (a short simulation).
  const GateActivity g = simulate_activity(t, smx, mx, Stimulus::Llm, 3, dir + "/mx", 1, 16 * 32);
  EXPECT_EQ(g.cycles, 16u);
  EXPECT_GT(g.pins.size(), smx.cells / 2);
  EXPECT_GT(g.mean_activity, 0.01);
  EXPECT_LT(g.mean_activity, 1.0);
  EXPECT_GT(g.switching_pj_per_cycle, 0.0);
  // The same order as OpenSTA's propagated switching power (within 10x).
  const double sw_mw = g.switching_pj_per_cycle * 1e-3 / 100.0 * 1e3;  // pJ per 100 ns cycle -> mW
  const Power pp = power(t, smx, 100.0, unit_activity(mx, Stimulus::Llm, 3).ports, 0.0, dir + "/mx", "check");
  EXPECT_GT(sw_mw, pp.switching_mw / 10.0);
  EXPECT_LT(sw_mw, pp.switching_mw * 10.0);
}

TEST(Fold, ConstantCellsFoldAndTiePortsReplaceConstants) {
  const std::string path = ::testing::TempDir() + "amx_fold.v";
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("module top(a, y, z);\n  input a;\n  output y;\n  output z;\n  wire n1;\n"
             "  XOR2X1 _1_ (\n    .A(1'h1),\n    .B(1'h0),\n    .Y(n1)\n  );\n"
             "  INVX1 _2_ (\n    .A(n1),\n    .Y(z)\n  );\n"
             "  NAND2X1 _3_ (\n    .A(a),\n    .B(1'h1),\n    .Y(y)\n  );\nendmodule\n",
             f);
  std::fclose(f);
  const Folded r = fold_constants(path, find_tools(AMX_RTL_DIR).liberty, true);
  EXPECT_EQ(r.cells, 2u);  // the XOR (1 ^ 0 = 1) and then the inverter (z = 0)
  EXPECT_TRUE(r.ties);
  const std::string out = read_text(path);
  EXPECT_NE(out.find("assign z = amx_tie0;"), std::string::npos) << out;
  EXPECT_NE(out.find(".B(amx_tie1)"), std::string::npos) << out;
  EXPECT_NE(out.find("module top(amx_tie0, amx_tie1, a, y, z);"), std::string::npos) << out;
  EXPECT_EQ(out.find("XOR2X1"), std::string::npos) << out;
}

}  // namespace
