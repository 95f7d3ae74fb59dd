// amx study: quantization error of every format across block sizes, on
// synthetic LLM-like tensors and user .npy tensors.
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "amx/golden/dot.hpp"
#include "amx/report/study_report.hpp"
#include "amx/sim/study.hpp"
#include "commands.hpp"

namespace amx::cli {

namespace {

struct StudyArgs {
  size_t rows = 128, cols = 4096;
  uint64_t seed = 1;
  std::vector<std::string> npy;
  std::vector<std::string> formats;
  std::vector<std::string> blocks = {"16", "32", "64", "128", "row"};
  std::string rounding = "nearest";
  std::string out = "amx-study";
  std::vector<std::string> disciplines = {"block", "class-seq", "window", "fused"};
  bool no_builtin = false;
};

void run_study(const StudyArgs& a) {
  study::StudyOptions o;
  o.rows = a.rows;
  o.cols = a.cols;
  o.seed = a.seed;
  for (const auto& f : a.formats) o.formats.push_back(golden::parse_format(f));
  o.blocks = a.blocks;
  o.rounding = a.rounding;
  if (!(a.disciplines.size() == 1 && a.disciplines[0] == "none"))
    for (const auto& d : a.disciplines) o.disciplines.push_back(golden::parse_discipline(d));
  o.builtin = !a.no_builtin;
  o.npy = a.npy;
  o.progress = [](const std::string& s) {
    std::fprintf(stderr, "\r%s", s.c_str());
    std::fflush(stderr);
  };
  const study::StudyResult r = study::run_study(std::move(o));
  std::fprintf(stderr, "\rstudy: %zu quantizations, %zu GEMMs in %.1f s%30s\n", r.rows.size(), r.contracts.size(),
               r.seconds, "");
  prepare_out_dir("--out", a.out);
  const std::string md = report::write_study_report(r, a.out);
  std::fwrite(md.data(), 1, md.size(), stdout);
  std::printf("\nWrote %s/study.md, study.csv, study.json, study_sqnr.svg\n", a.out.c_str());
}

}  // namespace

void add_study(CLI::App& app) {
  auto a = std::make_shared<StudyArgs>();
  auto* sub = app.add_subcommand("study", "Format error study: SQNR, MSE, kurtosis, asymmetry vs block size");
  sub->add_option("--rows", a->rows, "Rows of each synthetic tensor")->check(CLI::PositiveNumber);
  sub->add_option("--cols", a->cols, "Columns (the quantized axis) of each synthetic tensor")->check(CLI::PositiveNumber);
  sub->add_option("--seed", a->seed, "Random seed of the synthetic tensors");
  sub->add_option("--npy", a->npy, "Also study these float32 .npy tensors (repeatable)");
  add_list(sub, "--formats", a->formats, "Formats to compare (default: all)");
  add_list(sub, "--blocks", a->blocks, "Block sizes; 'row' = the whole row");
  sub->add_option("--rounding", a->rounding, "nearest or even");
  add_list(sub, "--disciplines", a->disciplines,
           "accumulation contracts compared on a GEMM per tensor (block, class-seq, window, fused; 'none')");
  sub->add_option("--out", a->out, "Output directory");
  sub->add_flag("--no-builtin", a->no_builtin, "Skip the built-in synthetic distributions");
  sub->callback([a] { run_study(*a); });
}

}  // namespace amx::cli
