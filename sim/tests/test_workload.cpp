// Workload presets against hand-computed MAC totals, and the workload file
// parser's errors (file, line and field).
#include <gtest/gtest.h>

#include "amx/golden/error.hpp"
#include "amx/sim/workload.hpp"
#include "amx/sim/yaml_load.hpp"

using namespace amx;
using namespace amx::sim;

namespace {

std::string error_of(const std::string& text) {
  try {
    parse_workload(text, "w.yaml");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Workload, Llama2PrefillMacsMatchHandCount) {
  // Per layer: q, k, v, o 4 x 2048 x 4096 x 4096 = 137438953472; SwiGLU
  // 3 x 2048 x 11008 x 4096 = 277025390592; attention scores and context
  // 2 x 32 heads x 2048 x 2048 x 128 = 34359738368.  32 layers, then the
  // LM head on the last token: 32000 x 4096.
  const Workload w = preset("llama2-7b", {"prefill", 2048, 1});
  EXPECT_EQ(w.macs(), 14362501709824ull);
  EXPECT_EQ(w.gemms.size(), 10u);
}

TEST(Workload, Llama3DecodeWithGqaAndBatch) {
  // 4 sequences, context 1024 + the new token; KV projections 4096 -> 1024.
  const Workload w = preset("llama3-8b", {"decode", 1024, 4});
  EXPECT_EQ(w.macs(), 31093424128ull);
  for (const Gemm& g : w.gemms)
    if (g.name == "attn_scores") {
      EXPECT_EQ(g.m, 1u);
      EXPECT_EQ(g.n, 1025u);
      EXPECT_EQ(g.count, 32u * 32 * 4);
      EXPECT_EQ(g.b, Role::Activations);
    }
}

TEST(Workload, EveryPresetLoadsInBothModes) {
  for (const std::string& n : preset_names())
    for (const char* mode : {"prefill", "decode"}) {
      const Workload w = preset(n, {mode, 512, 2});
      EXPECT_GT(w.macs(), 0u) << n;
    }
  EXPECT_THROW(preset("gpt-9", {}), Error);
  EXPECT_THROW(preset("llama2-7b", {"train", 1, 1}), Error);
}

TEST(Workload, FileFormatDefaults) {
  const Workload w = parse_workload(
      "name: tiny\ngemms:\n  - {name: q, m: 4, n: 8, k: 64}\n  - {m: 2, n: 2, k: 32, count: 3, b: activations}\n", "w");
  ASSERT_EQ(w.gemms.size(), 2u);
  EXPECT_EQ(w.name, "tiny");
  EXPECT_EQ(w.gemms[0].count, 1u);
  EXPECT_EQ(w.gemms[0].b, Role::Weights);
  EXPECT_EQ(w.gemms[1].name, "gemm1");
  EXPECT_EQ(w.gemms[1].b, Role::Activations);
  EXPECT_EQ(w.macs(), 4u * 8 * 64 + 3 * 2 * 2 * 32);
  // JSON is YAML.
  EXPECT_EQ(parse_workload(R"({"gemms": [{"m": 1, "n": 1, "k": 1}]})", "w.json").macs(), 1u);
}

TEST(Workload, ErrorsNameLineAndField) {
  EXPECT_EQ(error_of("gemms:\n  - {m: 4, n: 8}\n"), "w.yaml:2: gemm 0 has no field 'k'");
  EXPECT_EQ(error_of("gemms:\n  - {m: 4, n: 8, k: 64}\n  - m: 4\n    n: -3\n    k: 1\n"),
            "w.yaml:4: gemm 1 field 'n': '-3' is not a positive integer");
  EXPECT_EQ(error_of("gemms:\n  - {m: 4, n: 8, k: x12}\n"), "w.yaml:2: gemm 0 field 'k': 'x12' is not a positive integer");
  EXPECT_EQ(error_of("gemms:\n  - {m: 4, n: 8, k: 64, kk: 3}\n"), "w.yaml:2: gemm 0 has an unknown field 'kk'");
  EXPECT_EQ(error_of("gemms:\n  - {m: 4, n: 8, k: 64, a: bias}\n"),
            "w.yaml:2: gemm 0 field 'a': 'bias' is neither activations nor weights");
  EXPECT_NE(error_of("gemms: [ {m: 4\n").find("w.yaml:"), std::string::npos);
  EXPECT_NE(error_of("gemms: []\n").find("'gemms' must be a non-empty list"), std::string::npos);
  EXPECT_NE(error_of("- 1\n- 2\n").find("a workload is a map"), std::string::npos);
}

// SCALE-Sim GEMM topologies: header, rows with or without a trailing
// comma, blank lines; errors name the line.
TEST(Workload, ScaleSimCsv) {
  const Workload w = parse_scalesim_csv("Layer, M, N, K,\nqkv,128,384,64,\n\nffn, 128, 512, 128\n", "t.csv");
  ASSERT_EQ(w.gemms.size(), 2u);
  EXPECT_EQ(w.gemms[1].name, "ffn");
  EXPECT_EQ(w.gemms[1].m, 128u);
  EXPECT_EQ(w.gemms[1].n, 512u);
  EXPECT_EQ(w.gemms[1].k, 128u);
  EXPECT_EQ(w.gemms[0].a, Role::Activations);
  EXPECT_EQ(w.gemms[0].b, Role::Weights);
  EXPECT_EQ(w.macs(), 128u * 384 * 64 + 128u * 512 * 128);
  auto err = [](const std::string& text) {
    try {
      parse_scalesim_csv(text, "t.csv");
    } catch (const amx::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(err("M,N,K\n1,2,3\n"), "t.csv:1: a SCALE-Sim GEMM topology starts with the header 'Layer,M,N,K'");
  EXPECT_EQ(err("Layer,M,N,K\nx,1,2\n"), "t.csv:2: expected 4 fields (layer name, M, N, K), found 3");
  EXPECT_EQ(err("Layer,M,N,K\nx,1,-2,3\n"), "t.csv:2: N '-2' is not a positive integer up to 2^40");
  EXPECT_EQ(err("Layer,M,N,K\nx,1099511627776,1099511627776,4\n"),
            "t.csv:2: the workload has more than 2^62 multiply-accumulates");
  EXPECT_EQ(err("Layer,M,N,K\n"), "t.csv: no GEMM (a 'Layer,M,N,K' header and one line per layer)");
}

}  // namespace

// The YAML loader every user YAML goes through: duplicate keys (with where
// they are), cycles, alias bombs and deep nesting refused before any walk;
// plain aliases kept.
TEST(YamlLoad, RefusesWhatAWalkCouldNotSurvive) {
  const auto error = [](const std::string& text) {
    try {
      load_yaml(text, "y.yaml");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(error("gemms:\n  - {name: a, m: 4, m: 8}\n"), "y.yaml:2: key 'm' given twice (in gemms[0])");
  EXPECT_EQ(error("a: 1\nb: {c: 2}\na: 3\n"), "y.yaml:3: key 'a' given twice");
  EXPECT_EQ(error("x: &x [*x]\n"), "y.yaml:1: an alias refers to the node that contains it (a cycle)");
  EXPECT_EQ(error("x: &x {y: *x}\n"), "y.yaml:1: an alias refers to the node that contains it (a cycle)");
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 7; ++i) {
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) bomb += (j ? ", *a" : "*a") + std::to_string(i - 1);
    bomb += "]\n";
  }
  EXPECT_NE(error(bomb).find("more than 1048576 nodes with its aliases expanded"), std::string::npos) << error(bomb);
  EXPECT_NE(error(std::string(100, '[') + std::string(100, ']')).find("nested deeper than 64 levels"), std::string::npos);
  std::string many = "a: &a 1\nb: [";
  for (int i = 0; i < 1001; ++i) many += "*a, ";
  many += "1]\n";
  EXPECT_NE(error(many).find("more than 1000 aliases"), std::string::npos);
  EXPECT_EQ(error("a: [1, 2\n"), "y.yaml:2: not YAML (nor JSON): end of sequence flow not found");
  // Shared nodes are fine: their size counts each time they are used.
  const YAML::Node ok = load_yaml("g: &g {m: 4}\nall: [*g, *g]\n", "y.yaml");
  EXPECT_EQ(ok["all"][1]["m"].as<int>(), 4);
}
