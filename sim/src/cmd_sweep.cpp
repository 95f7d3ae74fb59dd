// amx sweep: `amx sim` over workloads x array sizes x format pairs.  Runs
// the points in parallel on the local cores, or writes them as independent
// jobs (one command per line, for GNU parallel, plus a Slurm job-array
// script) and merges the points' sim.json into one report.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "amx/golden/error.hpp"
#include "amx/golden/formats.hpp"
#include "amx/golden/tensor_io.hpp"
#include "amx/sim/readback.hpp"
#include "amx/synth/process.hpp"
#include "commands.hpp"
#include "amx/report/svg_plot.hpp"
#include "amx/report/text.hpp"

namespace amx::cli {

namespace {

struct SweepArgs {
  // Comma lists (add_list).
  std::vector<std::string> workloads = {"llama2-7b"}, arrays = {"8x8", "16x16", "32x32"},
                           formats = {"amxfp4", "mxfp4", "amxfp4:mxfp4"};
  std::string mode = "prefill", numerics = "off", out = "out/sweep", emit, ppa;
  uint64_t seq = 2048, batch = 1;
  int jobs = 0;
  bool merge = false;
};

struct Point {
  std::string workload, array, fa, fb, dir;
  std::vector<std::string> argv;  // the point's `amx sim` (run without a shell)
};

constexpr int kMaxJobs = 256;

std::string self_exe() {
  char buf[4096];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) throw Error("cannot find the amx executable (/proc/self/exe)");
  return std::string(buf, static_cast<size_t>(n));
}

// A point's directory name: its text with every character but letters,
// digits, '.' and '-' made '_', and, where that lost anything, a hash of
// the text, so "w 1.yaml" and "w_1.yaml" get directories of their own.
std::string slug(const std::string& s) {
  std::string o;
  for (char c : s) o += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-') ? c : '_';
  if (o == s) return o;
  uint64_t h = 14695981039346656037ull;  // FNV-1a
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return fmt::format("{}-{:016x}", o, h);
}

std::vector<Point> points(const SweepArgs& a) {
  if (a.mode != "prefill" && a.mode != "decode") throw Error("--mode '" + a.mode + "' is neither prefill nor decode");
  if (a.numerics != "sample" && a.numerics != "full" && a.numerics != "off")
    throw Error("--numerics '" + a.numerics + "' is not sample, full or off");
  if (a.jobs < 0 || a.jobs > kMaxJobs)
    throw Error("--jobs " + std::to_string(a.jobs) + " is outside 0.." + std::to_string(kMaxJobs) + " (0: every core)");
  // The workload files and --ppa are the points' inputs, read by the
  // points' own processes: no output of the sweep (--emit) may replace one.
  for (const std::string& w : a.workloads) golden::note_input("--workloads", w);
  if (!a.ppa.empty()) golden::note_input("--ppa", a.ppa);
  const std::string exe = self_exe();
  std::vector<Point> ps;
  std::set<std::string> dirs;
  for (const std::string& w : a.workloads)
    for (const std::string& arr : a.arrays) {
      parse_array(arr);
      for (const std::string& f : a.formats) {
        Point p;
        p.workload = w;
        p.array = arr;
        const size_t colon = f.find(':');
        p.fa = f.substr(0, colon);
        p.fb = colon == std::string::npos ? p.fa : f.substr(colon + 1);
        golden::parse_format(p.fa);
        golden::parse_format(p.fb);
        p.dir = a.out + "/points/" + slug(fmt::format("{}_{}_{}_{}", w, arr, p.fa, p.fb));
        if (!dirs.insert(p.dir).second)
          throw Error(fmt::format("the sweep names the point {} {} {} x {} twice", w, arr, p.fa, p.fb));
        p.argv = {exe,           "sim",      "--workload",  w,       "--mode",       a.mode,
                  "--seq",       std::to_string(a.seq), "--batch", std::to_string(a.batch), "--array", arr,
                  "--a-format",  p.fa,       "--b-format",  p.fb,    "--compare",    "none",
                  "--numerics",  a.numerics, "--out",       p.dir};
        if (!a.ppa.empty()) {
          p.argv.push_back("--ppa");
          p.argv.push_back(a.ppa);
        }
        ps.push_back(p);
      }
    }
  if (ps.empty()) throw Error("the sweep has no points (--workloads, --arrays, --formats)");
  return ps;
}

void merge(const SweepArgs& a, const std::vector<Point>& ps) {
  std::string md = fmt::format("# Sweep: {} points\n\n| workload | array | formats | cycles | time (ms) | utilisation | "
                               "energy (mJ) | SQNR (dB) |\n|---|---|---|---:|---:|---:|---:|---:|\n",
                               ps.size());
  std::string csv = "workload,array,a_format,b_format,cycles,time_ms,utilization,energy_mj,sqnr_db\n";
  nlohmann::json j = nlohmann::json::array();
  report::BarChart chart;
  chart.title = "Cycles per sweep point";
  chart.x_label = "million cycles";
  report::Series cyc{"cycles", {}};
  size_t missing = 0;
  for (const Point& p : ps) {
    sim::PointResult r;
    std::string why;
    try {
      why = sim::parse_point_result(golden::read_file(p.dir + "/sim.json", uint64_t{64} << 20), p.dir + "/sim.json", r);
    } catch (const Error& e) {
      why = e.what();  // missing or unreadable
    }
    if (!why.empty()) {
      ++missing;
      md += fmt::format("| {} | {} | {} x {} | no valid result: {} (see {}/log) | | | | |\n", report::md_cell(p.workload),
                        p.array, p.fa, p.fb, report::md_cell(why), report::md_cell(p.dir));
      continue;
    }
    // An optional figure, or `absent` where the point has none.
    const auto opt = [](const std::optional<double>& v, const char* f, const char* absent) {
      return v ? fmt::format(fmt::runtime(f), *v) : std::string(absent);
    };
    md += fmt::format("| {} | {} | {} | {} | {:.3f} | {:.1f}% | {} | {} |\n",
                      report::md_cell(r.workload.empty() ? p.workload : r.workload), p.array, report::md_cell(r.formats),
                      r.cycles, r.time_ms, 100.0 * r.utilization, opt(r.energy_mj, "{:.3f}", "-"),
                      opt(r.sqnr_db, "{:.3f}", "-"));
    csv += fmt::format("{},{},{},{},{},{:.4f},{:.5f},{},{}\n", report::csv_field(p.workload), p.array, p.fa, p.fb,
                       r.cycles, r.time_ms, r.utilization, opt(r.energy_mj, "{:.5f}", ""), opt(r.sqnr_db, "{:.3f}", ""));
    j.push_back({{"workload", p.workload}, {"array", p.array}, {"a_format", p.fa}, {"b_format", p.fb}, {"result", r.config}});
    chart.rows.push_back(fmt::format("{} {} {} x {}", p.workload, p.array, p.fa, p.fb));
    cyc.y.push_back(static_cast<double>(r.cycles) * 1e-6);
  }
  chart.segments.push_back(cyc);
  md += "\n![cycles per point](sweep_cycles.svg)\n";
  golden::OutputSet outs;
  outs.stage(a.out + "/sweep.md", md);
  outs.stage(a.out + "/sweep.csv", csv);
  outs.stage(a.out + "/sweep.json", report::json_text(j));
  if (!chart.rows.empty()) outs.stage(a.out + "/sweep_cycles.svg", report::render_svg(chart));
  outs.commit();
  std::fputs(md.c_str(), stdout);
  if (missing) {
    std::fprintf(stderr, "amx: error: %zu of %zu sweep points have no result\n", missing, ps.size());
    exit_status() = 1;
  }
}

void run_sweep(const SweepArgs& a) {
  const std::vector<Point> ps = points(a);
  prepare_out_dir("--out", a.out);
  prepare_out_dir("--out", a.out + "/points");
  if (!a.emit.empty()) {
    std::string jobs;
    // One line per point for a POSIX shell: every word single-quoted, so a
    // value arrives verbatim as one argument.  A newline in a value would
    // split the line-per-job file: refuse it.
    for (const Point& p : ps) {
      for (const std::string& w : p.argv)
        if (w.find('\n') != std::string::npos || w.find('\r') != std::string::npos)
          throw Error("--emit: the sweep point's argument '" + w + "' holds a line break; job files are one line per job");
      jobs += fmt::format("mkdir -p -- {0} && {1} > {2} 2>&1\n", synth::shell_quote(p.dir),
                          synth::shell_command(p.argv), synth::shell_quote(p.dir + "/log"));
    }
    golden::write_file(a.emit, jobs);
    golden::write_file(a.emit + ".slurm",
                       fmt::format("#!/bin/sh\n# One sweep point per array task; then: amx sweep --merge with the "
                                   "same options.\n#SBATCH --array=1-{}\n#SBATCH --cpus-per-task=1\nsed -n "
                                   "\"${{SLURM_ARRAY_TASK_ID}}p\" {} | sh\n",
                                   ps.size(), synth::shell_quote(a.emit)));
    std::printf("wrote %zu jobs to %s (GNU parallel: parallel < %s) and a Slurm job-array script %s.slurm; merge "
                "with the same options and --merge\n",
                ps.size(), a.emit.c_str(), a.emit.c_str(), a.emit.c_str());
    return;
  }
  if (!a.merge) {
    const int jobs = a.jobs > 0 ? a.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::atomic<size_t> next{0}, done{0};
    std::mutex m;
    const auto t0 = std::chrono::steady_clock::now();
    auto worker = [&] {
      for (size_t i; (i = next++) < ps.size();) {
        const Point& p = ps[i];
        std::error_code ec;  // a point that cannot run shows as FAILED below
        std::filesystem::create_directories(p.dir, ec);
        int rc;
        try {
          rc = synth::run_process(p.argv, p.dir + "/log");
        } catch (const Error&) {
          rc = -1;  // cannot start or no log: FAILED below, missing in the merge
        }
        std::lock_guard<std::mutex> l(m);
        std::fprintf(stderr, "  [%zu/%zu] %-40s %s (%.0f s)\n", ++done, ps.size(),
                     fmt::format("{} {} {} x {}", p.workload, p.array, p.fa, p.fb).c_str(),
                     rc == 0 ? "done" : "FAILED", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      }
    };
    std::vector<std::thread> pool;
    try {
      for (int i = 0; i < jobs; ++i) pool.emplace_back(worker);
    } catch (const std::system_error& e) {
      // Threads that started finish the points; none are left joinable.
      if (pool.empty()) throw Error(std::string("cannot start a sweep worker thread: ") + e.what());
      std::fprintf(stderr, "amx: warning: only %zu of %d worker threads started (%s)\n", pool.size(), jobs, e.what());
    }
    for (auto& t : pool) t.join();
  }
  merge(a, ps);
}

}  // namespace

void add_sweep(CLI::App& app) {
  auto args = std::make_shared<SweepArgs>();
  CLI::App* c = app.add_subcommand("sweep", "amx sim over workloads x arrays x formats, in parallel or as batch jobs");
  add_list(c, "--workloads", args->workloads, "comma list of presets or workload files");
  add_list(c, "--arrays", args->arrays, "comma list of RxC");
  add_list(c, "--formats", args->formats, "comma list of F (both sides) or A:B pairs");
  c->add_option("--mode", args->mode, "prefill or decode")->capture_default_str();
  c->add_option("--seq", args->seq, "sequence length")->capture_default_str();
  c->add_option("--batch", args->batch, "sequences")->capture_default_str();
  c->add_option("--numerics", args->numerics, "sample, full or off")->capture_default_str();
  c->add_option("--ppa", args->ppa, "ppa.json for energy");
  c->add_option("--jobs", args->jobs, "points at once (0: every core)")->capture_default_str();
  c->add_option("--out", args->out, "sweep directory")->capture_default_str();
  c->add_option("--emit", args->emit, "write the points as jobs to this file instead of running them");
  c->add_flag("--merge", args->merge, "only merge the points' results (after --emit jobs ran)");
  c->callback([args] { run_sweep(*args); });
}

}  // namespace amx::cli
