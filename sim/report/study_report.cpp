// The format error study as tables, the mechanism read off them, the
// accumulation contracts, a CSV and JSON of every figure, and one plot.
#include "amx/report/study_report.hpp"
#include "amx/report/text.hpp"

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "amx/golden/tensor_io.hpp"
#include "amx/report/svg_plot.hpp"

namespace amx::report {

namespace {

using study::ContractRow;
using study::QuantRow;
using study::StudyResult;

std::string fixed(double v, int prec = 2) {
  if (std::isinf(v)) return "inf";
  return fmt::format("{:.{}f}", v, prec);
}

std::string first_format(const StudyResult& r) { return golden::format_info(r.options.formats.front()).name; }

// One table per tensor: SQNR of every format at every block size, the
// storage and worst error at 32, the groups' shape below.
std::string tensor_tables(const StudyResult& r) {
  const std::vector<std::string>& blocks = r.options.blocks;
  std::ostringstream md;
  for (const auto& t : r.tensors) {
    md << "## " << md_cell(t.name) << "\n\n" << md_cell(t.description) << "\n\n| format |";
    for (const auto& b : blocks) md << " SQNR @" << b << " |";
    md << " bits/elem @32 | max err @32 |\n|---|";
    for (size_t i = 0; i < blocks.size(); ++i) md << "---:|";
    md << "---:|---:|\n";
    for (golden::Format f : r.options.formats) {
      const std::string fn = golden::format_info(f).name;
      md << "| " << fn << " |";
      for (const auto& b : blocks) md << " " << fixed(r.find(t.name, fn, b)->err.sqnr_db) << " |";
      const QuantRow* r32 = r.find(t.name, fn, "32");
      md << " " << (r32 ? fixed(r32->bits, 3) : std::string("-")) << " | "
         << (r32 ? fmt::format("{:.4g}", r32->err.max_abs_err) : std::string("-")) << " |\n";
    }
    md << "| *group kurtosis* |";
    for (const auto& b : blocks) md << " " << fixed(r.find(t.name, first_format(r), b)->groups.mean_kurtosis) << " |";
    md << " | |\n| *group asymmetry* |";
    for (const auto& b : blocks)
      md << " " << fixed(r.find(t.name, first_format(r), b)->groups.mean_asymmetry, 3) << " |";
    md << " | |\n\n";
  }
  return md.str();
}

// Smaller blocks: lower kurtosis, higher asymmetry; and AMXFP4's gain.
std::string mechanism(const StudyResult& r, nlohmann::json& mech) {
  std::ostringstream md;
  mech = nlohmann::json::array();
  md << "## Mechanism\n\n";
  const std::string small = r.options.blocks.front(), large = r.options.blocks.back();
  const std::string f0 = first_format(r);
  md << fmt::format("| tensor | kurtosis @{} | kurtosis @{} | smaller blocks lower kurtosis | asymmetry @{} | "
                    "asymmetry @{} | smaller blocks raise asymmetry | AMXFP4 - MXFP4 SQNR @32 (dB) |\n",
                    small, large, small, large);
  md << "|---|---:|---:|---|---:|---:|---|---:|\n";
  for (const auto& t : r.tensors) {
    const QuantRow* s = r.find(t.name, f0, small);
    const QuantRow* l = r.find(t.name, f0, large);
    const QuantRow* amx = r.find(t.name, "amxfp4", "32");
    const QuantRow* mx = r.find(t.name, "mxfp4", "32");
    const bool k_ok = s->groups.mean_kurtosis < l->groups.mean_kurtosis;
    const bool a_ok = s->groups.mean_asymmetry > l->groups.mean_asymmetry;
    const double gain = (amx && mx) ? amx->err.sqnr_db - mx->err.sqnr_db : NAN;
    md << fmt::format("| {} | {:.2f} | {:.2f} | {} | {:.3f} | {:.3f} | {} | {} |\n", md_cell(t.name),
                      s->groups.mean_kurtosis, l->groups.mean_kurtosis, k_ok ? "yes" : "NO",
                      s->groups.mean_asymmetry, l->groups.mean_asymmetry, a_ok ? "yes" : "NO",
                      std::isnan(gain) ? std::string("-") : fmt::format("{:+.2f}", gain));
    mech.push_back({{"tensor", t.name},
                    {"kurtosis_small_block", s->groups.mean_kurtosis},
                    {"kurtosis_large_block", l->groups.mean_kurtosis},
                    {"smaller_blocks_lower_kurtosis", k_ok},
                    {"asymmetry_small_block", s->groups.mean_asymmetry},
                    {"asymmetry_large_block", l->groups.mean_asymmetry},
                    {"smaller_blocks_raise_asymmetry", a_ok},
                    {"amxfp4_minus_mxfp4_sqnr_db_at_32", std::isnan(gain) ? nlohmann::json() : nlohmann::json(gain)}});
  }
  md << "\nSmall blocks tame outliers (kurtosis falls) but each block's values become one-sided (asymmetry "
        "rises): a symmetric scale then wastes half its code points, which two sign-selected scales recover.\n";
  return md.str();
}

// Each contract's GEMM SQNR, and against the exact contract.
std::string contracts(const StudyResult& r, nlohmann::json& cj) {
  cj = nlohmann::json::array();
  const size_t nd = r.options.disciplines.size();
  if (r.contracts.empty()) return "";
  std::ostringstream md;
  md << "\n## Accumulation contracts\n\n"
        "Each tensor's first 16 rows (activations) times 16 Gaussian weight rows (sigma 0.02), both quantized "
        "along K, accumulated under each contract (docs/numerics.md §7-§8). **SQNR** against FP64 on the "
        "unquantized operands (quantization and accumulation error); **vs exact** the SQNR of the same GEMM "
        "against the exact `block` contract on the same quantized operands (accumulation error alone; `exact` "
        "when bit-identical).\n\n| tensor | formats |";
  for (golden::Discipline d : r.options.disciplines) md << " SQNR " << golden::discipline_name(d) << " |";
  for (golden::Discipline d : r.options.disciplines) md << " vs exact " << golden::discipline_name(d) << " |";
  md << "\n|---|---|";
  for (size_t i = 0; i < 2 * nd; ++i) md << "---:|";
  md << "\n";
  for (size_t i = 0; i < r.contracts.size(); i += nd) {
    md << "| " << md_cell(r.contracts[i].tensor) << " | " << r.contracts[i].formats << " |";
    for (size_t d = 0; d < nd; ++d) md << " " << fixed(r.contracts[i + d].sqnr_db) << " |";
    for (size_t d = 0; d < nd; ++d) {
      const double v = r.contracts[i + d].vs_exact.sqnr_db;
      md << " " << (std::isinf(v) ? std::string("exact") : fixed(v, 1)) << " |";
    }
    md << "\n";
  }
  for (const ContractRow& c : r.contracts)
    cj.push_back({{"tensor", c.tensor},
                  {"formats", c.formats},
                  {"discipline", c.discipline},
                  {"sqnr_db", std::isinf(c.sqnr_db) ? nlohmann::json() : nlohmann::json(c.sqnr_db)},
                  {"sqnr_vs_exact_db",
                   std::isinf(c.vs_exact.sqnr_db) ? nlohmann::json("exact") : nlohmann::json(c.vs_exact.sqnr_db)}});
  return md.str();
}

// Every quantization as a CSV line and a JSON object.
std::string results(const StudyResult& r, nlohmann::json& results) {
  std::ostringstream csv;
  csv << "tensor,format,block,block_size,bits_per_element,mse,sqnr_db,max_abs_err,mean_group_kurtosis,"
         "mean_group_asymmetry\n";
  results = nlohmann::json::array();
  for (const QuantRow& q : r.rows) {
    csv << fmt::format("{},{},{},{},{:.6g},{:.9g},{:.6g},{:.9g},{:.6g},{:.6g}\n", csv_field(q.tensor), q.format, q.block_label,
                       q.block, q.bits, q.err.mse, q.err.sqnr_db, q.err.max_abs_err, q.groups.mean_kurtosis,
                       q.groups.mean_asymmetry);
    results.push_back({{"tensor", q.tensor},
                       {"format", q.format},
                       {"block", q.block_label},
                       {"block_size", q.block},
                       {"bits_per_element", q.bits},
                       {"mse", q.err.mse},
                       {"sqnr_db", std::isinf(q.err.sqnr_db) ? nlohmann::json() : nlohmann::json(q.err.sqnr_db)},
                       {"max_abs_err", q.err.max_abs_err},
                       {"mean_group_kurtosis", q.groups.mean_kurtosis},
                       {"mean_group_asymmetry", q.groups.mean_asymmetry}});
  }
  return csv.str();
}

// SQNR against block size, one panel per tensor.
std::string sqnr_chart(const StudyResult& r) {
  LineChart chart;
  chart.title = "SQNR vs block size";
  chart.x_label = "block size";
  chart.y_label = "SQNR (dB)";
  chart.x_categories = r.options.blocks;
  for (const auto& t : r.tensors) {
    Panel p;
    p.title = t.name;
    for (golden::Format f : r.options.formats) {
      Series s;
      s.name = golden::format_info(f).name;
      for (const auto& b : r.options.blocks) s.y.push_back(r.find(t.name, s.name, b)->err.sqnr_db);
      p.series.push_back(std::move(s));
    }
    chart.panels.push_back(std::move(p));
  }
  return render_svg(chart);
}

}  // namespace

std::string write_study_report(const StudyResult& r, const std::string& dir_path) {
  const study::StudyOptions& o = r.options;
  std::string md = "# Format error study\n\n";
  md += fmt::format("Tensors of {} x {} (quantized along the last axis), seed {}, rounding {}. SQNR in dB "
                    "(higher is better); bits/element includes the shared scales.\n\n",
                    o.rows, o.cols, o.seed, o.rounding);
  nlohmann::json mech, cj, res;
  md += tensor_tables(r);
  md += mechanism(r, mech);
  md += contracts(r, cj);
  const std::string csv = results(r, res);
  const std::string dir = dir_path + "/";
  golden::OutputSet outs;
  outs.stage(dir + "study.md", md);
  outs.stage(dir + "study.csv", csv);
  const nlohmann::json j = {{"rows", o.rows},         {"cols", o.cols},       {"seed", o.seed},
                            {"rounding", o.rounding}, {"blocks", o.blocks},   {"results", res},
                            {"mechanism", mech},      {"accumulation_contracts", cj}};
  outs.stage(dir + "study.json", json_text(j));
  outs.stage(dir + "study_sqnr.svg", sqnr_chart(r));
  outs.commit();
  return md;
}

}  // namespace amx::report
