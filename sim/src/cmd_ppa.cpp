// amx ppa: parses the options of the PPA flow (synth/ppa.hpp: synthesis,
// timing and activity-based power of each engine's MAC unit and arrays) and
// prints the report it writes.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "amx/golden/error.hpp"
#include "amx/golden/tensor_io.hpp"
#include "amx/report/ppa_report.hpp"
#include "amx/sim/study.hpp"
#include "amx/synth/flow.hpp"
#include "amx/synth/ppa.hpp"
#include "commands.hpp"

namespace amx::cli {

namespace {

using namespace amx::synth;

struct PpaArgs {
  std::vector<std::string> configs, arrays = {"4x4", "8x8"};  // comma lists (add_list)
  std::string out = "out/ppa", rtl = default_rtl_dir(), liberty;
  std::vector<double> clocks;  // comma list
  int jobs = 2;
  uint64_t seed = 1;
  uint64_t sim_cycles = 256;  // gate-level simulation per stimulus
  bool exact = false, answer = false, full_ladder = false, frontier = false;
  std::vector<std::string> npy;  // further activation sets of the frontier
};

// The frontier's activation sets: the format study's built-in distributions
// (16 rows, K = 4096) and the user's .npy tensors (2-D, finite, at most 2^22
// elements).
std::vector<PpaOptions::Activations> frontier_activations(const PpaArgs& a) {
  std::vector<PpaOptions::Activations> v;
  for (const std::string& n : study::builtin_names()) {
    study::Tensor t = study::synthesize(n, 16, 4096, a.seed);
    v.push_back({n, t.rows, t.cols, std::move(t.data)});
  }
  for (const std::string& path : a.npy) {
    golden::NpyArray arr = golden::read_npy(path);
    if (arr.shape.size() != 2 || arr.shape[0] == 0 || arr.shape[1] == 0)
      throw Error("--npy " + path + ": the activations must be a 2-D (rows x K) tensor");
    if (arr.data.size() > (size_t{1} << 22)) throw Error("--npy " + path + ": at most 2^22 elements");
    for (float x : arr.data)
      if (!std::isfinite(x)) throw Error("--npy " + path + ": the tensor holds NaN or Inf");
    v.push_back({"npy:" + std::filesystem::path(path).filename().string(), arr.shape[0], arr.shape[1],
                 std::move(arr.data)});
  }
  return v;
}

// The main job's answer (--answer): best against best at 10 ns unless a
// clock is given, from the registry's main rungs (rtl/engines.txt, ppa
// main) or, with --full-ladder, from the bottom rung of each of their
// datapaths.
std::vector<std::string> answer_configs(bool full_ladder) {
  std::vector<std::string> v;
  for (const std::string& n : main_engines()) {
    const std::string& first = full_ladder ? first_rung(find_engine(n)).name : n;
    if (std::find(v.begin(), v.end(), first) == v.end()) v.push_back(first);
  }
  return v;
}

void run(const PpaArgs& a) {
  if (a.answer && a.frontier) throw Error("--answer and --frontier are two runs: give one");
  if ((a.answer || a.frontier) && (!a.configs.empty() || a.exact))
    throw Error(std::string(a.answer ? "--answer" : "--frontier") +
                " names its own configurations (the registry's rungs): leave out --configs and --exact-configs");
  if (a.full_ladder && !a.answer && !a.frontier) throw Error("--full-ladder goes with --answer or --frontier");
  if (!a.npy.empty() && !a.frontier) throw Error("--npy goes with --frontier");
  PpaOptions o;
  o.configs = a.answer ? answer_configs(a.full_ladder) : a.frontier ? frontier_engines(a.full_ladder) : a.configs;
  if (a.frontier) {
    o.frontier = true;
    o.accuracy = frontier_activations(a);
  }
  for (const std::string& s : a.arrays) {
    if (s.empty()) continue;  // --arrays "": units only
    const auto [rows, cols, drain] = parse_array_drain(s);
    if (rows * cols > 1024) throw Error("--arrays " + s + ": at most 1024 units");
    o.arrays.push_back({rows, cols, drain == 0 ? 1 : drain});
  }
  std::vector<double> clocks;
  for (double c : a.clocks) {
    if (!(c >= 0.0) || !std::isfinite(c) || c > 1e6)
      throw Error(fmt::format("--clock-ns {}: each clock must be a period in ns, 0..1e6 (0 alone: the slowest "
                              "design's minimum period)", c));
    if (c > 0.0) clocks.push_back(c);
  }
  if (clocks.size() != a.clocks.size() && a.clocks.size() > 1)
    throw Error("--clock-ns: 0 (the slowest design's minimum period) cannot be one of several clocks");
  if (clocks.size() > 8) throw Error("--clock-ns: at most 8 clocks");
  if ((a.answer || a.frontier) && a.clocks.empty()) clocks = {10.0};
  if ((a.answer || a.frontier) && clocks.empty())
    throw Error(std::string(a.answer ? "--answer" : "--frontier") + " needs a target clock: --clock-ns 0 picks none");
  if (a.frontier && clocks.size() != 1) throw Error("--frontier is drawn at one target clock: give one --clock-ns");
  if (a.jobs < 1 || a.jobs > 64) throw Error("--jobs must be 1..64");
  if (a.sim_cycles < 1 || a.sim_cycles > 1000000) throw Error("--sim-cycles must be 1..1000000");
  find_tools(a.rtl, a.liberty);  // missing tools are reported before anything is created
  for (const std::string& c : a.configs)
    if (!c.empty()) find_engine(c);
  // The directory's name is written into Yosys and OpenSTA (Tcl) scripts:
  // plain characters only, so no path can become a command there.
  require_plain_path("--out", a.out);
  prepare_out_dir("--out", a.out);
  o.work_dir = a.out + "/work";
  o.rtl = a.rtl;
  o.liberty = a.liberty;
  o.clocks = clocks;
  o.fit_clock = !a.exact;
  o.jobs = a.jobs;
  o.seed = a.seed;
  o.sim_cycles = a.sim_cycles;
  const PpaResult r = run_ppa(o);
  const std::string md = report::write_ppa_report(r, a.out);
  std::fputs(md.c_str(), stdout);
  std::fprintf(stderr, "amx ppa: wrote %s/ppa.md, ppa.json, ppa.csv, ppa_area.svg, ppa_pareto.svg%s in %.0f s\n",
               a.out.c_str(), a.frontier ? ", ppa_frontier_energy.svg, ppa_frontier_area.svg" : "", r.wall_seconds);
}

}  // namespace

void add_ppa(CLI::App& app) {
  auto args = std::make_shared<PpaArgs>();
  CLI::App* c = app.add_subcommand("ppa", "area, timing and power of the MAC engines (Yosys + OpenSTA, OSU 0.18 um)");
  std::string known;
  for (const Engine& e : engines()) known += (known.empty() ? "" : ",") + e.name;
  add_list(c, "--configs", args->configs,
           "comma list of configurations (default: one per format pair; known: " + known + ")");
  add_list(c, "--arrays", args->arrays,
           "array sizes RxC, or RxCdD with D result rows drained per cycle; comma list (empty: units only)");
  add_list(c, "--clock-ns", args->clocks,
           "target clocks in ns, comma list (e.g. 10,9): at each, every configuration gets the fewest stages "
           "that meet it, with power and energy at it (default: one run at the slowest design's minimum period)");
  c->add_flag("--exact-configs", args->exact, "with --clock-ns: build exactly the configurations named (no climbing)");
  c->add_flag("--answer", args->answer,
              "best against best: the cheapest MXFP4, AMXFP4^2 and AMXFP4 x MXFP4 engines of each contract that meet "
              "--clock-ns (default 10), climbing from the registry's known rungs");
  c->add_flag("--frontier", args->frontier,
              "the iso-accuracy frontier: every format family and contract, the fewest stages that meet --clock-ns "
              "(default 10), SQNR on the LLM stimulus and the study's distributions against area and energy per MAC");
  c->add_option("--npy", args->npy, "with --frontier: also measure SQNR on these 2-D float32 activation tensors")
      ->check(CLI::ExistingFile);
  c->add_flag("--full-ladder", args->full_ladder, "with --answer or --frontier: climb every ladder from its bottom rung");
  c->add_option("--out", args->out, "report directory")->capture_default_str();
  c->add_option("--jobs", args->jobs, "tool runs in parallel")->capture_default_str();
  c->add_option("--rtl", args->rtl, "RTL source directory")->capture_default_str();
  c->add_option("--liberty", args->liberty, "standard-cell library (default: qflow's OSU 0.18 um)");
  c->add_option("--seed", args->seed, "seed of the stimulus")->capture_default_str();
  c->add_option("--sim-cycles", args->sim_cycles, "cycles of gate-level simulation per unit and stimulus (a unit of L lanes: cycles / L, the same block pairs)")
      ->capture_default_str()
      ->check(CLI::Range(uint64_t{8}, uint64_t{1} << 20));
  c->callback([args] { run(*args); });
}

}  // namespace amx::cli
