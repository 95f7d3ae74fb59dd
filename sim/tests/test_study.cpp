#include <gtest/gtest.h>

#include <cmath>

#include "amx/golden/error.hpp"
#include "amx/report/text.hpp"
#include "amx/sim/study.hpp"

using namespace amx;

TEST(Study, SynthesisIsDeterministicAndShaped) {
  const study::Tensor a = study::synthesize("silu", 4, 64, 3), b = study::synthesize("silu", 4, 64, 3);
  EXPECT_EQ(a.data, b.data);
  EXPECT_EQ(a.data.size(), 256u);
  for (float v : a.data) EXPECT_GE(v, -0.2785f);  // SiLU's minimum is -0.2785
  EXPECT_NE(study::synthesize("silu", 4, 64, 4).data, a.data);
  EXPECT_THROW(study::synthesize("uniform", 4, 64, 1), amx::Error);
}

TEST(Study, GroupStatsByHand) {
  study::Tensor t;
  t.rows = 1;
  t.cols = 4;
  t.data = {1, 3, 1, 3};  // mean 2, std 1: kurtosis 1, asymmetry 2
  const study::GroupStats g = study::group_stats(t, 4);
  EXPECT_EQ(g.groups, 1u);
  EXPECT_DOUBLE_EQ(g.mean_kurtosis, 1.0);
  EXPECT_DOUBLE_EQ(g.mean_asymmetry, 2.0);
  const study::GroupStats g2 = study::group_stats(t, 2);  // {1,3} twice
  EXPECT_DOUBLE_EQ(g2.mean_asymmetry, 2.0);
  t.data = {5, 5, 5, 5};
  EXPECT_EQ(study::group_stats(t, 4).groups, 0u);  // zero variance skipped
}

TEST(Study, ErrorStatsByHand) {
  const study::ErrorStats e = study::error_stats({1, 2, 3, 4}, {1, 2, 3, 3});
  EXPECT_DOUBLE_EQ(e.mse, 0.25);
  EXPECT_DOUBLE_EQ(e.max_abs_err, 1.0);
  EXPECT_NEAR(e.sqnr_db, 10 * std::log10(30.0), 1e-12);
}

// The paper's mechanism on the built-in data: small blocks lower kurtosis and
// raise asymmetry; AMXFP4 beats MXFP4 where the data is one-sided.
TEST(Study, MechanismHoldsOnBuiltins) {
  const study::Tensor t = study::synthesize("student-t-outliers", 64, 1024, 1);
  EXPECT_LT(study::group_stats(t, 16).mean_kurtosis, study::group_stats(t, 1024).mean_kurtosis);
  EXPECT_GT(study::group_stats(t, 16).mean_asymmetry, study::group_stats(t, 1024).mean_asymmetry);
  for (const char* name : {"silu", "shifted"}) {
    const study::Tensor s = study::synthesize(name, 64, 1024, 1);
    auto sqnr = [&](golden::Format f) {
      const golden::PackedTensor p = golden::quantize_tensor({f, 32, golden::Rounding::Nearest}, s.data.data(), {64, 1024});
      return study::error_stats(s.data, golden::dequantize_tensor(p)).sqnr_db;
    };
    EXPECT_GT(sqnr(golden::Format::AMXFP4), sqnr(golden::Format::MXFP4) + 1.0) << name;
  }
}

// Names are data: each report format's escaping keeps any bytes of a name
// inside its field.
TEST(ReportText, EscapesEveryFormat) {
  const std::string name = std::string("a,\"b\"\n|c\\") + '\x01' + "\xff<&>";
  EXPECT_EQ(report::valid_utf8("ok \xc3\xa9 \xff \xed\xa0\x80"), "ok \xc3\xa9 \xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(report::csv_field("plain"), "plain");
  EXPECT_EQ(report::csv_field(name), "\"a,\"\"b\"\"\n|c\\\x01\xEF\xBF\xBD<&>\"");
  EXPECT_EQ(report::xml_text(name), "a,&quot;b&quot;\n|c\\\xEF\xBF\xBD\xEF\xBF\xBD&lt;&amp;&gt;");
  EXPECT_EQ(report::md_cell(name), "a,\"b\" \\|c\\\\\xEF\xBF\xBD\xEF\xBF\xBD<&>");
  const nlohmann::json j = {{"name", name}};
  const nlohmann::json back = nlohmann::json::parse(report::json_text(j));
  EXPECT_EQ(back["name"], "a,\"b\"\n|c\\\x01\xEF\xBF\xBD<&>");
}
