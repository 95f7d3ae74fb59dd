// The PPA flow: report parsers on canned Yosys/OpenSTA output, stimulus
// activities, and the flow on the MXFP4 and AMXFP4 units end to end.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <tuple>
#include <sstream>
#include <string>

#include "amx/golden/error.hpp"
#include "amx/synth/activity.hpp"
#include "amx/synth/flow.hpp"
#include "amx/synth/fold.hpp"
#include "amx/synth/gate_power.hpp"
#include "amx/synth/gate_sim.hpp"
#include "amx/synth/netlist_parts.hpp"
#include "amx/synth/process.hpp"
#include "amx/synth/liberty.hpp"
#include "amx/synth/ppa.hpp"
#include "amx/golden/tensor_io.hpp"

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
                  0.060    0.173    0.173 v u_pipe/_723_/Q (DFFPOSX1)
    2    0.019                              u_acc.first_i (net)
                  0.079    0.132    0.305 v _26746_/Y (BUFX2)
    5    0.057                              _03294_ (net)
                  0.203    0.191    0.704 ^ _26806_/Y (NOR2X1)
    4    0.077                              u_acc.chain[28] (net)
    5    0.079                              u_acc.g_add[0].u_add.a_raw[23] (net)
    5    0.079                              u_acc.g_add[0].u_add.b[2] (net)
    1    0.009                              sum_q[3] (net)
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
  EXPECT_EQ(t.from, "u_acc.first_i");
  EXPECT_EQ(t.cells, 6);
  EXPECT_EQ(t.through, (std::vector<std::string>{"u_acc", "u_acc.g_add[0].u_add", "top"}));
  const std::string nl = "  DFFPOSX1 _37200_ (\n    .CLK(clk_i),\n    .D(_13088_),\n    .Q(\\u_acc.first_i )\n  );\n"
                         "  INVX1 _5_ (\n    .A(x),\n    .Y(y)\n  );\n"
                         "  DFFSR _7_ (\n    .CLK(clk_i),\n    .D(_1_),\n    .Q(\\acc_o[2] ),\n    .R(rst_ni),\n"
                         "    .S(amx_tie1)\n  );\n";
  EXPECT_EQ(register_name(nl, "_7_"), "acc_o[2]");
  EXPECT_EQ(register_name(nl, "_37200_"), "u_acc.first_i");
  EXPECT_EQ(register_name(nl, "_5_"), "");
  EXPECT_EQ(register_name(nl, "_6_"), "");
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
  ASSERT_EQ(r.ports.size(), 144u + 144u + 4u + 1u + 32u + 1u);
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

// What `amx ppa --clock-ns` climbs: the same datapath with more stages,
// fewest first, never fewer than asked for.
TEST(Flow, LadderClimbsTheSameDatapathByStages) {
  auto names = [](const std::string& e) {
    std::vector<std::string> v;
    for (const Engine* x : ladder(find_engine(e))) v.push_back(x->name);
    return v;
  };
  // Equal stages keep the table's order: the cheaper form before its `u` twin.
  EXPECT_EQ(names("mx_block"),
            (std::vector<std::string>{"mx_block", "mx_block_p2", "mx_block_ii2", "mx_block_ii2u"}));
  EXPECT_EQ(names("amx_block"),
            (std::vector<std::string>{"amx_block", "amx_block_p2", "amx_block_ii2", "amx_block_ii2u"}));
  EXPECT_EQ(names("amxmx_block_p2"),
            (std::vector<std::string>{"amxmx_block_p2", "amxmx_block_ii2", "amxmx_block_ii2u"}));
  EXPECT_EQ(names("amx_block_ii2u"), (std::vector<std::string>{"amx_block_ii2u"}));
  // A `c` twin (compound magnitude adder) is the fused ladder's last rung.
  EXPECT_EQ(names("amx_fused"),
            (std::vector<std::string>{"amx_fused", "amx_fused_p2", "amx_fused_ii2", "amx_fused_ii2c"}));
  EXPECT_EQ(first_rung(find_engine("mxe43_fused_ii2c")).name, "mxe43_fused_ii2");
  EXPECT_EQ(names("nv_block"), (std::vector<std::string>{"nv_block", "nv_block_ii2"}));
  EXPECT_EQ(names("amx_window"), (std::vector<std::string>{"amx_window", "amx_window_ii2", "amx_window_ii2u"}));
  EXPECT_EQ(stages(find_engine("mx_block")), 2);
  EXPECT_EQ(stages(find_engine("mx_block_ii2")), 4);
  EXPECT_EQ(stages(find_engine("amx_block_ii2")), 6);
  EXPECT_EQ(stages(find_engine("amx_block_ii2u")), 6);
}

// The frontier (amx ppa --frontier): one first rung per datapath the flow
// measures, each format family under each contract it has, starting where
// the main rungs sit (or, full ladder, at the bottom).
TEST(Flow, FrontierStartsOneRungPerDatapath) {
  const std::vector<std::string> f = frontier_engines(false);
  std::set<std::tuple<int, golden::Format, golden::Format, int>> got;
  for (const std::string& n : f) {
    const Engine& e = find_engine(n);
    EXPECT_TRUE(got.insert({e.disc, e.fa, e.fb, e.lanes}).second) << n << ": a datapath twice";
    EXPECT_NE(e.disc, 1) << n << ": class-seq is not measured";
    EXPECT_EQ(e.acc_ii, 2) << n;
    EXPECT_FALSE(e.disc == 2 && !e.asym_a && !e.asym_b && e.lanes == 1)
        << n << ": a one-class window at one lane is the block datapath";
  }
  // Wide units: MXFP4's window is a datapath of its own at 2 and 4 lanes.
  for (const char* n : {"mx_block_ii2", "amx_fused_ii2", "amxmx_window_ii2", "nv_block_ii2", "nv_fused_ii2",
                        "amx43_block_ii2", "amx43_window_ii2", "amx43_fused_ii2", "mx_window_l4_ii2",
                        "amx_window_l4_ii2", "amxmx_window_l4_ii2", "mx_fused_l4_ii2", "amx_fused_l4_ii2",
                        "amxmx_fused_l4_ii2", "mx_window_l2_ii2", "amx_fused_l2_ii2"})
    EXPECT_NE(std::find(f.begin(), f.end(), n), f.end()) << n;
  const std::vector<std::string> full = frontier_engines(true);
  ASSERT_EQ(full.size(), f.size());
  for (const std::string& n : full) EXPECT_EQ(first_rung(find_engine(n)).name, n);
}

// The main job's answer (amx ppa --answer): for each contract an MXFP4, an
// AMXFP4 x AMXFP4 and an AMXFP4 x MXFP4 rung, each the start of a ladder
// whose bottom (--full-ladder) is the one-stage engine of its datapath;
// testbench-only depths are not the flow's.
TEST(Flow, MainRungsCoverEveryContractAndFormatFamily) {
  std::set<std::tuple<int, golden::Format, golden::Format>> want;
  for (int disc : {0, 3})
    for (auto [fa, fb] : {std::pair{golden::Format::MXFP4, golden::Format::MXFP4},
                          std::pair{golden::Format::AMXFP4, golden::Format::AMXFP4},
                          std::pair{golden::Format::AMXFP4, golden::Format::MXFP4}})
      want.insert({disc, fa, fb});
  want.insert({2, golden::Format::AMXFP4, golden::Format::AMXFP4});  // window: MXFP4's is its block engine
  want.insert({2, golden::Format::AMXFP4, golden::Format::MXFP4});
  std::set<std::tuple<int, golden::Format, golden::Format>> got;
  for (const std::string& n : main_engines()) {
    const Engine& e = find_engine(n);
    got.insert({e.disc, e.fa, e.fb});
    EXPECT_EQ(first_rung(e).pipe, 1) << n;
    EXPECT_EQ(first_rung(e).acc_ii, 1) << n;
    EXPECT_TRUE(same_datapath(first_rung(e), e)) << n;
  }
  EXPECT_EQ(got, want);
  EXPECT_EQ(first_rung(find_engine("amx_block_ii2u")).name, "amx_block");
  EXPECT_THROW(find_engine("mx_block_p0"), Error);  // a testbench-only depth
}

// Both units through Yosys and OpenSTA: the numbers exist and are sane.
// AMXFP4 x MXFP4: the smaller of the AMXFP4 units keeps the test short.
TEST(Flow, MxfpAndAmxfpUnitsSynthesizeTimeAndPower) {
  const Tools t = find_tools(AMX_RTL_DIR);
  const std::string dir = ::testing::TempDir() + "amx_synth_test";
  std::filesystem::create_directories(dir);
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
  // The timing netlist (whose SDF the timed simulation annotates) and the
  // simulation netlist name the same cells: every instance, the same type.
  for (const Synthesis* s : {&smx, &samx}) {
    std::map<std::string, std::string> sim;
    for (const GateNetlist::Inst& i : read_gate_netlist(s->sim_netlist).insts) sim[i.name] = i.cell;
    const GateNetlist sta = read_gate_netlist(s->netlist);
    EXPECT_EQ(sta.insts.size(), sim.size());
    size_t differ = 0;
    for (const GateNetlist::Inst& i : sta.insts) differ += sim.count(i.name) == 0 || sim.at(i.name) != i.cell;
    EXPECT_EQ(differ, 0u) << s->netlist << " and " << s->sim_netlist;
  }

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
  EXPECT_EQ(g.results_checked, 1u);  // the one dot product equals the golden's
  EXPECT_GT(g.power.switching_pj, 0.0);
  EXPECT_GT(g.power.internal_pj, 0.0);
  EXPECT_GT(g.power.clock_pj, 0.0);
  // The same order as OpenSTA's propagated power (within 10x); leakage, which
  // no activity changes, the same.
  const Power pp = power(t, smx, 100.0, unit_activity(mx, Stimulus::Llm, 3).ports, 0.0, dir + "/mx", "check");
  const double sw_mw = g.power.switching_pj / 100.0, in_mw = g.power.internal_pj / 100.0;  // pJ per 100 ns -> mW
  EXPECT_GT(sw_mw, pp.switching_mw / 10.0);
  EXPECT_LT(sw_mw, pp.switching_mw * 10.0);
  EXPECT_GT(in_mw, pp.internal_mw / 10.0);
  EXPECT_LT(in_mw, pp.internal_mw * 10.0);
  EXPECT_NEAR(g.power.leakage_mw, pp.leakage_mw, 0.01 * pp.leakage_mw);

  // With the cells' delays at a clock the netlist meets: the same results,
  // more toggles (glitches), more power; at a third of the minimum period
  // the results are wrong and the check says so.
  const Timing tmx = time_netlist(t, smx, dir + "/mx");
  const GateActivity gt =
      simulate_activity(t, smx, mx, Stimulus::Llm, 3, dir + "/mx", 1, 16 * 32, 1.05 * tmx.min_period_ns, true);
  EXPECT_EQ(gt.results_checked, 1u);
  EXPECT_GT(gt.mean_activity, g.mean_activity);
  EXPECT_GT(gt.power.dynamic_pj(), g.power.dynamic_pj());
  // The netlist regrouped into parts (what makes the annotation fast) is the
  // flat one: every pin toggles exactly as often, so the power is the same.
  // Its time at 1 may move by a cell delay where two inputs of a cell change
  // at one instant: the simulator orders such events differently through a
  // port, and a path delay follows the input that changed last.
  const GateActivity flat =
      simulate_activity(t, smx, mx, Stimulus::Llm, 3, dir + "/mx", 1, 16 * 32, 1.05 * tmx.min_period_ns, true, false);
  ASSERT_EQ(flat.pins.size(), gt.pins.size());
  size_t differ = 0, moved = 0;
  for (size_t i = 0; i < flat.pins.size(); ++i) {
    differ += flat.pins[i].port != gt.pins[i].port || flat.pins[i].activity != gt.pins[i].activity;
    moved += std::abs(flat.pins[i].duty - gt.pins[i].duty) > 1e-3;
  }
  EXPECT_EQ(differ, 0u);
  EXPECT_EQ(moved, 0u);
  EXPECT_EQ(flat.power.dynamic_pj(), gt.power.dynamic_pj());
  try {
    simulate_activity(t, smx, mx, Stimulus::Llm, 3, dir + "/mx", 1, 16 * 32, tmx.min_period_ns / 3.0, true);
    ADD_FAILURE() << "a netlist clocked at a third of its minimum period passed the golden check";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("the golden as 0x"), std::string::npos) << e.what();
  }
}

// A netlist of four chains a_i[k] -> cells... -> y_o[k] (a flip-flop's D
// from the previous cell, its CLK from clk_i).
std::string chain_netlist(const std::vector<std::string>& cells) {
  std::string v = "module chain(clk_i, rst_ni, a_i, y_o);\n  input clk_i;\n  input rst_ni;\n  input [3:0] a_i;\n"
                  "  output [3:0] y_o;\n";
  for (size_t c = 0; c + 1 < cells.size(); ++c) v += "  wire [3:0] n" + std::to_string(c) + ";\n";
  for (int k = 0; k < 4; ++k) {
    const std::string b = "[" + std::to_string(k) + "]";
    for (size_t c = 0; c < cells.size(); ++c) {
      const std::string in = c == 0 ? "a_i" + b : "n" + std::to_string(c - 1) + b;
      const std::string out = c + 1 == cells.size() ? "y_o" + b : "n" + std::to_string(c) + b;
      const bool ff = cells[c].rfind("DFF", 0) == 0;
      v += "  " + cells[c] + " c" + std::to_string(c) + "_" + std::to_string(k) + " (\n" +
           (ff ? "    .CLK(clk_i),\n    .D(" + in + "),\n    .Q(" : "    .A(" + in + "),\n    .Y(") + out + ")\n  );\n";
    }
  }
  return v + "endmodule\n";
}

// OpenSTA's report_power and the library-table evaluation (gate_power) on
// one chain netlist at the same toggles: a_i[k] toggles act[k] per cycle,
// and so does every net of its chain (inverters, buffers and flip-flops pass
// it on unchanged, so OpenSTA's propagation is exact here).
std::pair<Power, GatePower> both_powers(const std::vector<std::string>& cells, const double act[4], const char* tag) {
  const Tools t = find_tools(AMX_RTL_DIR);
  const std::string dir = ::testing::TempDir() + "amx_gate_power";
  std::filesystem::create_directories(dir);
  Synthesis s;
  s.top = "chain";
  s.netlist = dir + "/" + tag + ".v";
  golden::write_file(s.netlist, chain_netlist(cells));
  std::vector<Activity> in;
  for (int k = 0; k < 4; ++k) in.push_back({"a_i[" + std::to_string(k) + "]", act[k], 0.5});
  const Power sta = power(t, s, 10.0, in, 0.0, dir, tag);
  const GateNetlist n = read_gate_netlist(s.netlist);
  EXPECT_EQ(n.insts.size(), 4 * cells.size());
  std::vector<double> tog(n.nets.size(), 0.0);
  for (size_t i = 0; i < n.nets.size(); ++i) {
    if (n.nets[i].name == "clk_i") tog[i] = 2.0;
    else if (n.nets[i].bit >= 0) tog[i] = act[n.nets[i].bit];
  }
  return {sta, gate_power(liberty::read(t.liberty), n, tog, "clk_i", kOutputLoadPf, kInputDriver)};
}

// Zero wire delays are dropped from the SDF, cell arcs and real wires stay.
TEST(Flow, ZeroInterconnectsLeaveTheSdfOthersStay) {
  const std::string in =
      "(DELAYFILE\n (CELL\n  (DELAY\n   (ABSOLUTE\n"
      "    (INTERCONNECT a_i[0] _1_/A (0.0000:0.0000:0.0000) (0.0000:0.0000:0.0000))\n"
      "    (INTERCONNECT a_i[1] _2_/A (0.4483:0.4483:0.4483) (0.0000:0.0000:0.0000))\n"
      "    (IOPATH A Y (0.0000:0.0000:0.0000) (0.0000:0.0000:0.0000))\n"
      "   )\n  )\n )\n)\n";
  const std::string out = drop_zero_interconnects(in);
  EXPECT_EQ(out.find("_1_/A"), std::string::npos);
  EXPECT_NE(out.find("(INTERCONNECT a_i[1] _2_/A (0.4483:0.4483:0.4483) (0.0000:0.0000:0.0000))"), std::string::npos);
  EXPECT_NE(out.find("(IOPATH A Y (0.0000:0.0000:0.0000)"), std::string::npos);  // a cell's own arc stays
  std::string expect = in;
  expect.erase(expect.find("    (INTERCONNECT a_i[0]"), expect.find("    (INTERCONNECT a_i[1]") - expect.find("    (INTERCONNECT a_i[0]"));
  EXPECT_EQ(out, expect);
}

// The netlist regrouped for SDF annotation: every cell in one part, every
// net still declared at the top, a cell's two pins on one net on two ports;
// the SDF's instances renamed into their parts; malformed input named.
TEST(Flow, NetlistRegroupsIntoPartsAndItsSdfFollows) {
  const liberty::Library lib = liberty::read(find_tools(AMX_RTL_DIR).liberty);
  const std::string v =
      "module top(a_i, y_o);\n  input [1:0] a_i;\n  output y_o;\n  wire _0_;\n  wire \\u.x ;\n"
      "  NAND2X1 _1_ (\n    .A(a_i[0]),\n    .B(a_i[0]),\n    .Y(_0_)\n  );\n"
      "  INVX1 _2_ (\n    .A(_0_),\n    .Y(\\u.x )\n  );\n"
      "  NAND2X1 _3_ (\n    .A(\\u.x ),\n    .B(1'h1),\n    .Y(y_o)\n  );\nendmodule\n";
  const NetlistParts p = partition_netlist(v, lib, 2);
  EXPECT_EQ(p.parts, 2u);
  EXPECT_EQ(p.part_of.at("_1_"), "u_part_0");
  EXPECT_EQ(p.part_of.at("_2_"), "u_part_0");
  EXPECT_EQ(p.part_of.at("_3_"), "u_part_1");
  EXPECT_NE(p.verilog.find("  wire \\u.x ;\n"), std::string::npos);  // nets stay at the top
  EXPECT_NE(p.verilog.find("NAND2X1 _1_ (.A(p0), .B(p1), .Y(p2));"), std::string::npos) << p.verilog;
  EXPECT_NE(p.verilog.find("u_part_0 (.p0(a_i[0] ), .p1(a_i[0] ), .p2(_0_ ), .p3(\\u.x ));"), std::string::npos)
      << p.verilog;
  EXPECT_NE(p.verilog.find("  output p2;\n"), std::string::npos);
  EXPECT_NE(p.verilog.find("NAND2X1 _3_ (.A(p0), .B(1'h1), .Y(p1));"), std::string::npos) << p.verilog;
  const std::string sdf = "(DELAYFILE (DIVIDER /) (CELL (CELLTYPE \"top\") (INSTANCE))"
                          " (CELL (CELLTYPE \"NAND2X1\") (INSTANCE _3_)))";
  EXPECT_EQ(sdf_into_parts(sdf, p), "(DELAYFILE (DIVIDER /) (CELL (CELLTYPE \"top\") (INSTANCE))"
                                    " (CELL (CELLTYPE \"NAND2X1\") (INSTANCE u_part_1/_3_)))");
  EXPECT_THROW(sdf_into_parts("(CELL (INSTANCE _9_))", p), Error);
  for (const std::string& bad : {std::string("module top(a);\n  FOO _1_ (\n  );\nendmodule\n"),
                                std::string("module top(a);\n  INVX1 _1_ (\n    A(a)\n  );\nendmodule\n"),
                                std::string("module top(a);\n  INVX1 _1_ (\n    .Q(a)\n  );\nendmodule\n"),
                                std::string("module top(a);\n  wire a;\n"), std::string("module top(a);\nendmodule\n")}) {
    try {
      partition_netlist(bad, lib);
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("netlist line"), std::string::npos) << e.what();
    }
  }
}

// OpenSTA 2.0.17 adds the rise and the fall energy of an internal-power
// group at every transition, where the Liberty energies are per transition
// of that direction (later OpenSTA averages them): its internal power is
// twice the tables'.  Switching and leakage it computes as we do.
TEST(GatePower, MatchesOpenStaUpToItsDoubleCountedInternalEnergy) {
  const double act[4] = {0.1, 0.3, 0.5, 0.9};
  const auto [sta, g] = both_powers({"INVX1", "BUFX2", "INVX4", "BUFX4", "INVX2"}, act, "comb");
  std::printf("gate_power vs OpenSTA (mW): internal %.5f / %.5f, switching %.5f / %.5f, leakage %.3g / %.3g\n",
              g.internal_pj / 10.0, sta.internal_mw, g.switching_pj / 10.0, sta.switching_mw, g.leakage_mw,
              sta.leakage_mw);
  EXPECT_NEAR(g.leakage_mw, sta.leakage_mw, 0.01 * sta.leakage_mw);
  EXPECT_NEAR(g.switching_pj / 10.0, sta.switching_mw, 0.01 * sta.switching_mw);
  EXPECT_NEAR(2.0 * g.internal_pj / 10.0, sta.internal_mw, 0.02 * sta.internal_mw);
  EXPECT_EQ(g.clock_pj, 0.0);

  // A quiet register: only its clock pin and its clock-related output arcs.
  const double quiet[4] = {0.0, 0.0, 0.0, 0.0};
  const auto [sta_q, g_q] = both_powers({"DFFPOSX1"}, quiet, "quiet_reg");
  EXPECT_GT(g_q.internal_pj, 0.0);
  EXPECT_NEAR(2.0 * g_q.internal_pj / 10.0, sta_q.internal_mw, 0.02 * sta_q.internal_mw);
  EXPECT_GT(g_q.clock_pj, 0.0);  // the clock net's own switching, which OpenSTA leaves out
  EXPECT_EQ(g_q.switching_pj, 0.0);
  EXPECT_DOUBLE_EQ(g_q.clock_pin_pj, g_q.internal_pj);  // a quiet register: all of it at the clock pins
  EXPECT_EQ(g.clock_pin_pj, 0.0);
}

TEST(Liberty, ReadsTablesAndRejectsMalformedText) {
  const liberty::Library lib = liberty::read(find_tools(AMX_RTL_DIR).liberty);
  const liberty::Cell& nand = lib.cell("NAND2X1");
  EXPECT_GT(nand.area, 0.0);
  EXPECT_GT(nand.pins.at("A").cap, 0.0);
  EXPECT_TRUE(nand.pins.at("Y").output);
  ASSERT_EQ(nand.energy.at("Y").size(), 2u);
  EXPECT_TRUE(lib.cell("DFFPOSX1").sequential);
  EXPECT_TRUE(lib.cell("DFFPOSX1").pins.at("CLK").clock);
  // Table lookup: exact at an index point, linear between neighbours and
  // beyond the last one.
  const liberty::Table& tr = nand.arcs.at("Y").at(0).rise;
  const double a = tr.at(tr.x1[1], tr.x2[1]), b = tr.at(tr.x1[2], tr.x2[1]);
  EXPECT_DOUBLE_EQ(a, tr.v[1 * tr.x2.size() + 1]);
  const double mid = tr.at(0.5 * (tr.x1[1] + tr.x1[2]), tr.x2[1]);
  EXPECT_NEAR(mid, 0.5 * (a + b), 1e-12);
  const size_t n1 = tr.x1.size();
  const double beyond = 2 * tr.x1[n1 - 1] - tr.x1[n1 - 2];
  EXPECT_NEAR(tr.at(beyond, tr.x2[1]), 2 * tr.v[(n1 - 1) * tr.x2.size() + 1] - tr.v[(n1 - 2) * tr.x2.size() + 1], 1e-12);
  EXPECT_THROW(lib.cell("NOSUCHCELL"), Error);

  const std::string bad = ::testing::TempDir() + "amx_bad.lib";
  golden::write_file(bad, "library(x) {\n  time_unit : \"1ns\";\n  cell (A) {\n    area : 1;\n");
  try {
    liberty::read(bad);
    ADD_FAILURE() << "an unclosed group was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("amx_bad.lib:3"), std::string::npos) << e.what();
  }
  golden::write_file(bad, "library(x) {\n  time_unit : \"1ps\";\n  nom_voltage : 1.8;\n  cell (A) { area : 1; }\n}\n");
  EXPECT_THROW(liberty::read(bad), Error);
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

// No shell between amx and the programs it runs: an argument full of shell
// syntax arrives verbatim as one argument, and shell_quote makes the same
// text one word for a POSIX shell (job files).  Nothing in it is executed.
TEST(Process, ArgumentsArriveVerbatimAndNothingRuns) {
  const std::string dir = ::testing::TempDir() + "amx_process_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string mark = dir + "/injected";
  const std::string nasty = "a; touch " + mark + "; $(touch " + mark + ") `touch " + mark + "` ' \" \\ \n| touch " +
                            mark + " && true #";
  const std::string log = dir + "/log";
  EXPECT_EQ(amx::synth::run_process({"printf", "%s", nasty}, log), 0);
  EXPECT_EQ(read_text(log), nasty);
  EXPECT_EQ(amx::synth::run_process({"sh", "-c", "printf %s " + amx::synth::shell_quote(nasty)}, log), 0);
  EXPECT_EQ(read_text(log), nasty);
  EXPECT_FALSE(std::filesystem::exists(mark));
  // Exit status and signals are reported; a missing program is an error.
  EXPECT_EQ(amx::synth::run_process({"sh", "-c", "exit 3"}, log), 3);
  EXPECT_EQ(amx::synth::run_process({"sh", "-c", "kill -9 $$"}, log), 128 + 9);
  EXPECT_THROW(amx::synth::run_process({"/nonexistent/tool"}, log), Error);
  EXPECT_THROW(amx::synth::run_process({"true"}, dir + "/no/such/dir/log"), Error);
}
