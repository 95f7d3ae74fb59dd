// amx sim: an LLM workload's GEMMs on the SystemC model of the accelerator
// (timing through its TLM register interface, once per distinct GEMM and
// multiplied by its count), the numerical error of the quantized GEMMs
// against FP32 on synthetic LLM-like operands, energy from an `amx ppa`
// report, and the comparison with a second format (MXFP4 by default).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "amx/golden/dot.hpp"
#include "amx/golden/error.hpp"
#include "amx/golden/tensor_io.hpp"
#include "amx/golden/quantizer.hpp"
#include "amx/model/system.hpp"
#include "amx/synth/flow.hpp"
#include "commands.hpp"
#include "study.hpp"
#include "svg_plot.hpp"
#include "workload.hpp"

namespace amx::cli {

namespace {

struct SimArgs {
  std::string workload = "llama2-7b", mode = "prefill", array = "16x16", a_format = "amxfp4", b_format = "amxfp4",
              compare = "mxfp4", discipline = "block", numerics = "sample", out = "out/sim", ppa;
  uint64_t seq = 2048, batch = 1, seed = 1, sample = 32;
  int pipe = 1, latency = 100;
  double bandwidth = 64.0, clock_ghz = 0.0, mem_pj_per_byte = 0.0, max_memory_gib = 16.0;
  uint64_t buffer_kib = 512;
  bool bench = false;
};

struct ArrayFormats {
  std::string label;  // e.g. amxfp4 x amxfp4
  golden::Format fa, fb;
  int block;
  double energy_pj = NAN;  // per MAC, from the PPA report
  double idle_pj = 0.0, leakage_mw = 0.0;  // a unit's cycle without data (clock, registers), its leakage
  std::string ppa_config;
};

struct GemmResult {
  model::Stats st;   // one instance
  double sqnr_db = NAN, max_err = NAN;
};

struct ConfigRun {
  ArrayFormats f;
  std::vector<GemmResult> g;
  uint64_t cycles = 0, busy = 0, stall_mem = 0, stall_drain = 0, tail = 0, macs = 0;
  uint64_t bytes = 0;  // memory traffic: operands read, results written
  double signal = 0.0, noise = 0.0;  // summed over the sampled outputs, weighted by MACs
};

// The synthetic operand of a GEMM: LLM-like activations (outlier channels;
// post-SiLU for the down projection's input) or Gaussian weights.
std::vector<float> operand(const sim::Gemm& g, sim::Role role, size_t rows, size_t k, uint64_t seed) {
  std::string dist = "gaussian";
  if (role == sim::Role::Activations) {
    dist = "student-t-outliers";
    if (g.name.find("down") != std::string::npos || g.name.find("fc2") != std::string::npos) dist = "silu";
    if (g.name.find("context") != std::string::npos) dist = "shifted";
  }
  return study::synthesize(dist, rows, k, seed).data;
}

// The workload's .npy operands, read and checked before any simulation runs
// (an error thrown after SystemC has switched stacks trips ASan): shapes
// against every GEMM that names them, every element finite.
std::map<std::string, golden::NpyArray> load_user_operands(const sim::Workload& w) {
  std::map<std::string, golden::NpyArray> out;
  for (const sim::Gemm& g : w.gemms)
    for (auto [path, rows, side] : {std::tuple<const std::string&, uint64_t, const char*>{g.a_npy, g.m, "A"},
                                    {g.b_npy, g.n, "B"}}) {
      if (path.empty()) continue;
      if (!out.count(path)) {
        golden::NpyArray t = golden::read_npy(path);
        for (size_t i = 0; i < t.data.size(); ++i)
          if (!std::isfinite(t.data[i]))
            throw Error(fmt::format("{}: element ({}, {}) is {}: the numerics compare against a finite reference", path,
                                    t.shape.size() == 2 ? i / t.shape[1] : i, t.shape.size() == 2 ? i % t.shape[1] : 0,
                                    t.data[i]));
        out.emplace(path, std::move(t));
      }
      const golden::NpyArray& t = out.at(path);
      if (t.shape.size() != 2 || t.shape[0] != rows || t.shape[1] != g.k) {
        std::string shape;
        for (uint64_t d : t.shape) shape += (shape.empty() ? "" : " x ") + std::to_string(d);
        throw Error(fmt::format("{}: GEMM {} needs its {} operand as {} x {}, the file holds {}", path, g.name, side, rows,
                                g.k, shape.empty() ? "a scalar" : shape));
      }
    }
  return out;
}

// SQNR for people ("exact" when the quantized result has no error) and for
// JSON (which has no infinity: the string "exact").
std::string sqnr_text(double db) { return std::isinf(db) ? std::string("exact") : fmt::format("{:.2f}", db); }
nlohmann::json json_db(double db) { return std::isinf(db) ? nlohmann::json("exact") : nlohmann::json(db); }

void numerics(const sim::Gemm& g, const ArrayFormats& f, golden::Discipline disc, uint64_t sample, uint64_t seed,
              const std::map<std::string, golden::NpyArray>& user_data, GemmResult& r, double& signal, double& noise) {
  const size_t ms = static_cast<size_t>(sample ? std::min<uint64_t>(g.m, sample) : g.m);
  const size_t ns = static_cast<size_t>(sample ? std::min<uint64_t>(g.n, sample) : g.n);
  const size_t k = static_cast<size_t>(g.k);
  // User data (checked by load_user_operands): the first rows of the file.
  auto user = [&](const std::string& path, size_t take) {
    const golden::NpyArray& t = user_data.at(path);
    return std::vector<float>(t.data.begin(), t.data.begin() + static_cast<long>(take * k));
  };
  const std::vector<float> a = g.a_npy.empty() ? operand(g, g.a, ms, k, seed) : user(g.a_npy, ms);
  const std::vector<float> b = g.b_npy.empty() ? operand(g, g.b, ns, k, seed + 7919) : user(g.b_npy, ns);
  const golden::PackedTensor qa = golden::quantize_tensor({f.fa, f.block, golden::Rounding::Nearest}, a.data(), {ms, k});
  const golden::PackedTensor qb = golden::quantize_tensor({f.fb, f.block, golden::Rounding::Nearest}, b.data(), {ns, k});
  const std::vector<float> c = golden::gemm_ref(qa, qb, disc);
  const golden::GemmError ge = golden::gemm_error(a.data(), b.data(), ms, ns, k, c.data());
  r.sqnr_db = ge.sqnr_db();  // +Inf: no error at all, the quantized GEMM is exact
  r.max_err = ge.max_err / std::max(ge.max_ref, 1e-300);
  const double w = static_cast<double>(g.macs()) / static_cast<double>(ms * ns);
  signal += ge.signal * w;
  noise += ge.noise * w;
}

ArrayFormats formats(const std::string& fa, const std::string& fb, golden::Discipline disc,
                     const nlohmann::json* ppa) {
  ArrayFormats f;
  f.fa = golden::parse_format(fa);
  f.fb = golden::parse_format(fb);
  f.label = std::string(golden::format_info(f.fa).name) + " x " + golden::format_info(f.fb).name;
  f.block = golden::format_info(f.fa).default_block;
  if (golden::format_info(f.fb).default_block != f.block)
    throw Error(f.label + ": the two formats use different block sizes");
  if (!golden::format_info(f.fa).fp4_elements || !golden::format_info(f.fb).fp4_elements)
    throw Error(f.label + ": the array has FP4 MAC engines only");
  if (ppa) {
    for (const synth::Engine& e : synth::engines())
      if (e.fa == f.fa && e.fb == f.fb && e.disc == static_cast<int>(disc))
        for (const auto& c : (*ppa)["configurations"])  // an array (checked when read)
          if (c.is_object() && c.contains("name") && c["name"].is_string() && c["name"].get<std::string>() == e.name) {
            const nlohmann::json& u = c.contains("unit") ? c["unit"] : nlohmann::json();
            if (!u.is_object() || !u.contains("idle_pj_per_cycle") || !u.contains("leakage_mw"))
              throw Error("the PPA report's configuration " + e.name +
                          " has no unit idle_pj_per_cycle / leakage_mw (an older or foreign report): run amx ppa again");
            auto number = [&](const char* key) {
              if (!u.contains(key) || !u[key].is_number() || !std::isfinite(u[key].get<double>()) ||
                  u[key].get<double>() < 0.0)
                throw Error("the PPA report's configuration " + e.name + ": unit." + key +
                            " must be a non-negative number");
              return u[key].get<double>();
            };
            f.energy_pj = number("energy_pj_per_mac");
            f.idle_pj = number("idle_pj_per_cycle");
            f.leakage_mw = number("leakage_mw");
            f.ppa_config = e.name;
          }
  }
  return f;
}


// A GEMM of m x n x k in the formats, operands packed from address 0 (A,
// then B, then C, page aligned).
model::GemmJob job_for(const ArrayFormats& f, golden::Discipline disc, uint64_t m, uint64_t n, uint64_t k,
                       bool timing_only) {
  model::GemmJob job;
  job.fa = f.fa;
  job.fb = f.fb;
  job.disc = static_cast<int>(disc);
  job.m = static_cast<uint32_t>(m);
  job.n = static_cast<uint32_t>(n);
  job.k = static_cast<uint32_t>(k);
  job.addr_b = page_align(golden::row_bytes({f.fa, f.block, golden::Rounding::Nearest}, k) * m);
  job.addr_c = page_align(job.addr_b + golden::row_bytes({f.fb, f.block, golden::Rounding::Nearest}, k) * n);
  job.timing_only = timing_only;
  return job;
}

// The speed benchmark: every GEMM instance of the workload (no reuse of a
// distinct GEMM's cycles) through the model, timing only, and the bit-exact
// numerics rate of the model on one GEMM.
void bench_sim(const SimArgs& a, const sim::Workload& w, int rows, int cols, golden::Discipline disc) {
  const ArrayFormats f = formats(a.a_format, a.b_format, disc, nullptr);
  uint64_t mem = 0;
  for (const sim::Gemm& g : w.gemms) mem = std::max(mem, page_align(g.m * g.k + g.n * g.k + g.m * g.n * 4));
  const model::MemConfig mc{a.bandwidth, a.latency, a.buffer_kib * 1024, 1.0};
  model::System sys(model::ArrayConfig{rows, cols, f.block, a.pipe}, mc, mem);
  uint64_t instances = 0, cycles = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (const sim::Gemm& g : w.gemms)
    for (uint64_t i = 0; i < g.count; ++i) {
      const model::GemmJob job = job_for(f, disc, g.m, g.n, g.k, true);
      if (sys.run_status(job) & model::reg::STATUS_ERROR) {
        std::fprintf(stderr, "amx: error: the model refused %s: %s\n", g.name.c_str(), sys.accel.last_error().c_str());
        exit_status() = 1;
        return;
      }
      cycles += sys.accel.stats().cycles;
      ++instances;
    }
  const double t_timing = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // Bit-exact numerics: a 128 x 128 x 4096 GEMM through the model's data path.
  const uint32_t M = 128, N = 128, K = 4096;
  const golden::QuantParams pa{f.fa, f.block, golden::Rounding::Nearest}, pb{f.fb, f.block, golden::Rounding::Nearest};
  const std::vector<float> x = study::synthesize("student-t-outliers", M, K, 1).data;
  const std::vector<float> y = study::synthesize("gaussian", N, K, 2).data;
  const golden::PackedTensor ta = golden::quantize_tensor(pa, x.data(), {M, K}), tb = golden::quantize_tensor(pb, y.data(), {N, K});
  std::memcpy(sys.mem.data(), ta.data.data(), ta.data.size());
  const model::GemmJob job = job_for(f, disc, M, N, K, false);
  std::memcpy(sys.mem.data() + job.addr_b, tb.data.data(), tb.data.size());
  const auto t1 = std::chrono::steady_clock::now();
  const uint32_t st = sys.run_status(job);
  const double t_num = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  const double mac_rate = static_cast<double>(M) * N * K / t_num;
  std::printf("amx sim benchmark: %s on a %dx%d %s array (one core)\n", w.name.c_str(), rows, cols, f.label.c_str());
  std::printf("  timing only, every instance   %llu GEMMs, %.4g simulated cycles in %.2f s (target: under 10 s)\n",
              static_cast<unsigned long long>(instances), static_cast<double>(cycles), t_timing);
  std::printf("  bit-exact numerics            %.3g MAC/s on %ux%ux%u (target: 2e8 MAC/s)%s\n", mac_rate, M, N, K,
              (st & model::reg::STATUS_ERROR) ? " -- the GEMM failed" : "");
  if (st & model::reg::STATUS_ERROR) exit_status() = 1;
}

void run_sim(const SimArgs& a) {
  const auto t0 = std::chrono::steady_clock::now();
  sim::Workload w;
  auto ends = [&](const char* suf) {
    const std::string x(suf);
    return a.workload.size() > x.size() && a.workload.compare(a.workload.size() - x.size(), x.size(), x) == 0;
  };
  if (ends(".yaml") || ends(".yml") || ends(".json") || ends(".csv")) w = sim::load_workload(a.workload);
  else w = sim::preset(a.workload, {a.mode, a.seq, a.batch});
  const auto [rows, cols] = parse_array(a.array);
  const golden::Discipline disc = golden::parse_discipline(a.discipline);
  if (a.numerics != "sample" && a.numerics != "full" && a.numerics != "off")
    throw Error("--numerics must be sample, full or off, not '" + a.numerics + "'");
  if (!(a.mem_pj_per_byte >= 0.0) || !std::isfinite(a.mem_pj_per_byte))
    throw Error("--mem-pj-per-byte must be a non-negative number");
  if (!(a.bandwidth > 0.0) || !std::isfinite(a.bandwidth) || a.bandwidth > 1e6)
    throw Error("--bandwidth must be a number of bytes per cycle in (0, 1e6]");
  if (!std::isfinite(a.clock_ghz) || a.clock_ghz < 0.0 || a.clock_ghz > 100.0)
    throw Error("--clock-ghz must be a number in 0..100 (0: from --ppa, else 1 GHz)");
  if (a.latency < 0 || a.latency > 1000000) throw Error("--latency must be 0..1000000 cycles");
  if (a.pipe < 0 || a.pipe > 16) throw Error("--pipe must be 0..16");
  if (a.buffer_kib < 1 || a.buffer_kib > (uint64_t{1} << 20)) throw Error("--buffer-kib must be 1..1048576 (1 GiB)");
  if (a.sample < 1 || a.sample > 4096)
    throw Error("--sample must be 1..4096 rows and columns (--numerics full checks every output)");
  if (!std::isfinite(a.max_memory_gib) || !(a.max_memory_gib > 0.0) || a.max_memory_gib > 1024.0)
    throw Error("--max-memory-gib must be a number in (0, 1024]");
  nlohmann::json ppa;
  double clock_ghz = a.clock_ghz;
  if (!a.ppa.empty()) {
    std::ifstream f(a.ppa);
    if (!f) throw Error("cannot open the PPA report " + a.ppa);
    try {
      ppa = nlohmann::json::parse(golden::read_file(a.ppa, uint64_t{64} << 20));
    } catch (const nlohmann::json::exception& e) {
      throw Error(a.ppa + " is not an `amx ppa` JSON report: " + e.what());
    }
    if (!ppa.is_object() || !ppa.contains("configurations") || !ppa["configurations"].is_array() ||
        !ppa.contains("clock_ns") || !ppa["clock_ns"].is_number() || !(ppa["clock_ns"].get<double>() > 0.0) ||
        !std::isfinite(ppa["clock_ns"].get<double>()))
      throw Error(a.ppa + " is not an `amx ppa` JSON report (configurations must be a list, clock_ns a positive number)");
    if (clock_ghz == 0.0) clock_ghz = 1.0 / ppa["clock_ns"].get<double>();
  }
  if (clock_ghz == 0.0) clock_ghz = 1.0;

  std::vector<ConfigRun> runs;
  runs.push_back({formats(a.a_format, a.b_format, disc, a.ppa.empty() ? nullptr : &ppa), {}});
  if (a.compare != "none") runs.push_back({formats(a.compare, a.compare, disc, a.ppa.empty() ? nullptr : &ppa), {}});

  // Every GEMM must fit before the simulation starts (no errors after it).
  const uint64_t buf = a.buffer_kib * 1024;
  uint64_t mem_bytes = 0;
  for (const ConfigRun& r : runs)
    for (const sim::Gemm& g : w.gemms) {
      if (g.m > model::reg::MAX_DIM || g.n > model::reg::MAX_DIM || g.k > model::reg::MAX_DIM)
        throw Error(fmt::format("{}: M, N and K must be at most {}", g.name, model::reg::MAX_DIM));
      const golden::QuantParams pa{r.f.fa, r.f.block, golden::Rounding::Nearest};
      const golden::QuantParams pb{r.f.fb, r.f.block, golden::Rounding::Nearest};
      const uint64_t at = golden::row_bytes(pa, g.k) * static_cast<uint64_t>(rows);
      const uint64_t bt = golden::row_bytes(pb, g.k) * static_cast<uint64_t>(cols);
      if (std::max(at, bt) > buf)
        throw Error(fmt::format("{} (K = {}): tiles of {} bytes do not fit {} KiB buffers; raise --buffer-kib", g.name,
                                g.k, std::max(at, bt), a.buffer_kib));
      mem_bytes = std::max(mem_bytes, page_align(page_align(golden::row_bytes(pa, g.k) * g.m) + page_align(golden::row_bytes(pb, g.k) * g.n) +
                                            g.m * g.n * 4));
    }
  // Memory the run needs, estimated before anything is allocated: the model's
  // backing store, and for the numerics the operands and results of the
  // largest checked GEMM.
  {
    uint64_t need = mem_bytes;
    if (a.numerics != "off")
      for (const sim::Gemm& g : w.gemms) {
        const uint64_t ms = a.numerics == "full" ? g.m : std::min<uint64_t>(g.m, a.sample);
        const uint64_t ns = a.numerics == "full" ? g.n : std::min<uint64_t>(g.n, a.sample);
        need = std::max(need, mem_bytes + 3 * (ms + ns) * g.k * 4 + ms * ns * 8);
      }
    const double gib = static_cast<double>(need) / double(1 << 30);
    if (gib > a.max_memory_gib)
      throw Error(fmt::format("the run needs about {:.1f} GiB (largest GEMM's memory image{}), more than "
                              "--max-memory-gib {:g}; use smaller GEMMs, --numerics sample/off, or raise the cap",
                              gib, a.numerics == "full" ? " and full numerics" : "", a.max_memory_gib));
  }
  if (a.bench) {
    uint64_t instances = 0;
    for (const sim::Gemm& g : w.gemms) instances += g.count;
    if (instances > 10000000)
      throw Error(fmt::format("--bench runs every GEMM instance: {} is more than 10^7", instances));
    bench_sim(a, w, rows, cols, disc);
    return;
  }
  prepare_out_dir("--out", a.out);
  const std::map<std::string, golden::NpyArray> user_data =
      a.numerics == "off" ? std::map<std::string, golden::NpyArray>{} : load_user_operands(w);

  const model::MemConfig mc{a.bandwidth, a.latency, buf, clock_ghz};
  std::vector<std::unique_ptr<model::System>> systems;
  for (size_t i = 0; i < runs.size(); ++i)
    systems.push_back(std::make_unique<model::System>(model::ArrayConfig{rows, cols, runs[i].f.block, a.pipe}, mc,
                                                      mem_bytes, "sys" + std::to_string(i) + "_"));
  const bool tty = isatty(fileno(stderr));

  const size_t total = runs.size() * w.gemms.size();
  size_t step = 0;
  bool failed = false;
  std::string failure;
  for (size_t ri = 0; ri < runs.size() && !failed; ++ri) {
    ConfigRun& r = runs[ri];
    model::System& sys = *systems[ri];
    r.g.resize(w.gemms.size());
    for (size_t gi = 0; gi < w.gemms.size(); ++gi) {
      const sim::Gemm& g = w.gemms[gi];
      const model::GemmJob job = job_for(r.f, disc, g.m, g.n, g.k, true);
      const uint32_t status = sys.run_status(job);
      if (status & model::reg::STATUS_ERROR) {
        failed = true;
        failure = g.name + ": " + sys.accel.last_error();
        break;
      }
      GemmResult& gr = r.g[gi];
      gr.st = sys.accel.stats();
      r.cycles += gr.st.cycles * g.count;
      r.busy += gr.st.busy * g.count;
      r.stall_mem += gr.st.stall_mem * g.count;
      r.stall_drain += gr.st.stall_drain * g.count;
      r.bytes += (gr.st.bytes_read + gr.st.bytes_written) * g.count;
      r.tail += gr.st.tail * g.count;
      r.macs += g.macs();
      if (a.numerics != "off")
        numerics(g, r.f, disc, a.numerics == "full" ? 0 : a.sample, a.seed + gi, user_data, gr, r.signal, r.noise);
      ++step;
      if (tty) std::fprintf(stderr, "\r  [%zu/%zu] %-18s %-14s", step, total, r.f.label.c_str(), g.name.c_str());
    }
  }
  if (tty) std::fputc('\n', stderr);
  if (failed) {
    std::fprintf(stderr, "amx: error: the model refused %s\n", failure.c_str());
    exit_status() = 1;
    return;
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // ---- report ----------------------------------------------------------------
  const double peak = static_cast<double>(rows) * cols * runs[0].f.block;
  auto util = [&](const ConfigRun& r) {
    return static_cast<double>(r.macs) / (static_cast<double>(r.cycles) * rows * cols * r.f.block);
  };
  auto ms = [&](uint64_t cycles) { return static_cast<double>(cycles) / (clock_ghz * 1e6); };
  // Busy unit-cycles (one block pair each) cost the unit's energy per MAC;
  // every other unit-cycle of the run (stalls, tails, units an edge tile
  // leaves empty) costs its idle energy: clock and registers, and leakage.
  auto busy_idle_mj = [&](const ConfigRun& r, uint64_t macs, uint64_t cycles) {
    const double unit_cycles = static_cast<double>(cycles) * rows * cols;
    const double busy = static_cast<double>(macs) / r.f.block;
    const double idle_pj = r.f.idle_pj + r.f.leakage_mw / clock_ghz;  // mW x ns = pJ
    return std::make_pair(static_cast<double>(macs) * r.f.energy_pj * 1e-9,
                          std::max(0.0, unit_cycles - busy) * idle_pj * 1e-9);
  };
  auto energy_mj = [&](const ConfigRun& r, uint64_t macs, uint64_t cycles) {
    const auto [busy, idle] = busy_idle_mj(r, macs, cycles);
    return busy + idle;
  };
  auto idle_share = [&](const ConfigRun& r) {
    const auto [busy, idle] = busy_idle_mj(r, r.macs, r.cycles);
    return busy + idle > 0.0 ? idle / (busy + idle) : 0.0;
  };
  std::string md = fmt::format("# {} on a {}x{} MAC array\n\n{}\n\n", w.name, rows, cols, w.description);
  md += fmt::format(
      "Array: {}x{} block_dot units ({} discipline, PIPE = {}), memory {:.0f} B/cycle with {} cycles latency, "
      "{} KiB tile buffers, clock {:.3f} GHz{}. Cycles from the SystemC model (timing through its TLM register "
      "interface, co-simulated against the RTL by `amx equiv`), once per distinct GEMM times its count. Numerics: "
      "{}. Simulation wall time {:.2f} s.\n\n",
      rows, cols, golden::discipline_name(disc), a.pipe, a.bandwidth, a.latency, a.buffer_kib, clock_ghz,
      a.ppa.empty() ? "" : " (from " + a.ppa + ")",
      a.numerics == "off"    ? "off"
      : a.numerics == "full" ? "every output of each GEMM (one instance) against an FP64 reference"
                             : fmt::format("the first {} x {} outputs of each GEMM against an FP64 reference", a.sample, a.sample),
      wall);
  std::string user;
  for (const sim::Gemm& g : w.gemms)
    if (!g.a_npy.empty() || !g.b_npy.empty())
      user += fmt::format("{}{} ({} from .npy)", user.empty() ? "" : ", ", g.name,
                          !g.a_npy.empty() && !g.b_npy.empty() ? "A, B" : !g.a_npy.empty() ? "A" : "B");
  if (!user.empty() && a.numerics != "off")
    md += "User operands (the other operands synthetic): " + user + ".\n\n";
  const bool mem_energy = a.mem_pj_per_byte > 0.0;
  auto mem_mj = [&](uint64_t bytes) { return static_cast<double>(bytes) * a.mem_pj_per_byte * 1e-9; };
  md += "## Comparison\n\n| formats | cycles | time (ms) | utilisation | memory stalls | drain stalls | memory traffic "
        "(MB) | memory energy (mJ) | MAC array energy (mJ) | SQNR (dB) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const ConfigRun& r : runs)
    md += fmt::format("| {} | {} | {:.3f} | {:.1f}% | {:.1f}% | {:.1f}% | {:.1f} | {} | {} | {} |\n", r.f.label, r.cycles,
                      ms(r.cycles), 100.0 * util(r), 100.0 * r.stall_mem / r.cycles, 100.0 * r.stall_drain / r.cycles,
                      r.bytes * 1e-6, mem_energy ? fmt::format("{:.3f}", mem_mj(r.bytes)) : std::string("- (no --mem-pj-per-byte)"),
                      std::isnan(r.f.energy_pj) ? std::string("n/a (no --ppa)") : fmt::format("{:.3f} ({:.0f}% idle)", energy_mj(r, r.macs, r.cycles), 100.0 * idle_share(r)),
                      a.numerics == "off" ? std::string("-") : sqnr_text(10.0 * std::log10(r.signal / r.noise)));
  if (runs.size() == 2) {
    const ConfigRun &x = runs[0], &y = runs[1];
    md += fmt::format("\n{} vs {}: cycles {:+.2f}%, memory traffic {:+.2f}%", x.f.label, y.f.label,
                      100.0 * (static_cast<double>(x.cycles) / y.cycles - 1.0),
                      100.0 * (static_cast<double>(x.bytes) / y.bytes - 1.0));
    if (!std::isnan(x.f.energy_pj) && !std::isnan(y.f.energy_pj))
      md += fmt::format(", energy {:+.1f}%", 100.0 * (energy_mj(x, x.macs, x.cycles) / energy_mj(y, y.macs, y.cycles) - 1.0));
    if (a.numerics != "off")
      md += fmt::format(", SQNR {:+.2f} dB", 10.0 * std::log10(x.signal / x.noise) - 10.0 * std::log10(y.signal / y.noise));
    md += ". Memory traffic differs with the bits per element (scale bytes), which the cycles reflect.\n";
  }
  for (const ConfigRun& r : runs) {
    md += fmt::format("\n## {} per GEMM\n\n| GEMM | M | N | K | count | GMAC | cycles (all) | utilisation | MAC/cycle "
                      "(peak {:.0f}) | stalls mem / drain | time (ms) | energy (mJ) | SQNR (dB) | max error (of max ref) "
                      "|\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
                      r.f.label, peak);
    for (size_t gi = 0; gi < w.gemms.size(); ++gi) {
      const sim::Gemm& g = w.gemms[gi];
      const GemmResult& gr = r.g[gi];
      const uint64_t cyc = gr.st.cycles * g.count;
      md += fmt::format("| {} | {} | {} | {} | {} | {:.2f} | {} | {:.1f}% | {:.1f} | {:.1f}% / {:.1f}% | {:.3f} | {} | {} | {} |\n",
                        g.name, g.m, g.n, g.k, g.count, g.macs() * 1e-9, cyc, 100.0 * gr.st.utilization({rows, cols, r.f.block, a.pipe}),
                        static_cast<double>(g.macs()) / cyc, 100.0 * gr.st.stall_mem / gr.st.cycles,
                        100.0 * gr.st.stall_drain / gr.st.cycles, ms(cyc),
                        std::isnan(r.f.energy_pj) ? std::string("n/a") : fmt::format("{:.3f}", energy_mj(r, g.macs(), cyc)),
                        std::isnan(gr.sqnr_db) ? std::string("-") : sqnr_text(gr.sqnr_db),
                        std::isnan(gr.max_err) ? std::string("-") : fmt::format("{:.4f}", gr.max_err));
    }
  }
  md += "\nEnergy of the MAC array = MACs x the unit's energy per MAC from `amx ppa` (simulated LLM stimulus, "
        "dynamic and leakage) + every other unit-cycle (memory and drain stalls, tails, units an edge tile leaves "
        "empty) x the unit's idle energy (its clock net and registers' clock pins, from the same simulation, plus "
        "leakage at this clock); the controller is not included. Memory energy = the bytes moved between memory and "
        "the tile buffers (operands read, results written) x `--mem-pj-per-byte`.\n\n"
        "![cycles per GEMM](sim_cycles.svg)\n\n![SQNR per GEMM](sim_sqnr.svg)\n";
  golden::OutputSet outs;  // every report file, or none
  outs.stage(a.out + "/sim.md", md);

  nlohmann::json j;
  j["workload"] = w.name;
  j["array"] = {{"rows", rows}, {"cols", cols}, {"pipe", a.pipe}, {"discipline", golden::discipline_name(disc)},
                {"bandwidth", a.bandwidth}, {"latency", a.latency}, {"buffer_kib", a.buffer_kib}, {"clock_ghz", clock_ghz}};
  j["wall_seconds"] = wall;
  std::string csv = "formats,gemm,m,n,k,count,macs,cycles,busy,stall_mem,stall_drain,tail,sqnr_db,max_err,energy_mj\n";
  for (const ConfigRun& r : runs) {
    nlohmann::json c = {{"formats", r.f.label}, {"cycles", r.cycles}, {"macs", r.macs}, {"utilization", util(r)},
                        {"stall_mem", r.stall_mem}, {"stall_drain", r.stall_drain}, {"time_ms", ms(r.cycles)}};
    if (!std::isnan(r.f.energy_pj)) c["energy_mj"] = energy_mj(r, r.macs, r.cycles), c["energy_idle_share"] = idle_share(r);
    c["memory_bytes"] = r.bytes;
    if (mem_energy) c["memory_energy_mj"] = mem_mj(r.bytes);
    if (a.numerics != "off") c["sqnr_db"] = json_db(10.0 * std::log10(r.signal / r.noise));
    for (size_t gi = 0; gi < w.gemms.size(); ++gi) {
      const sim::Gemm& g = w.gemms[gi];
      const GemmResult& gr = r.g[gi];
      nlohmann::json e = {{"name", g.name}, {"m", g.m}, {"n", g.n}, {"k", g.k}, {"count", g.count},
                          {"cycles_each", gr.st.cycles}, {"stats_each", model::to_json(gr.st, {rows, cols, r.f.block, a.pipe}, mc)}};
      if (!std::isnan(gr.sqnr_db)) e["sqnr_db"] = json_db(gr.sqnr_db), e["max_err"] = gr.max_err;
      c["gemms"].push_back(e);
      csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", r.f.label, g.name, g.m, g.n, g.k, g.count,
                         g.macs(), gr.st.cycles * g.count, gr.st.busy * g.count, gr.st.stall_mem * g.count,
                         gr.st.stall_drain * g.count, gr.st.tail * g.count,
                         std::isnan(gr.sqnr_db) ? std::string() : fmt::format("{:.3f}", gr.sqnr_db),
                         std::isnan(gr.max_err) ? std::string() : fmt::format("{:.5f}", gr.max_err),
                         std::isnan(r.f.energy_pj) ? std::string() : fmt::format("{:.5f}", energy_mj(r, g.macs(), gr.st.cycles * g.count)));
    }
    j["configs"].push_back(c);
  }
  outs.stage(a.out + "/sim.json", j.dump(2) + "\n");
  outs.stage(a.out + "/sim.csv", csv);

  report::BarChart cyc;
  cyc.title = fmt::format("{}: cycles per GEMM (all instances), {}x{} array", w.name, rows, cols);
  cyc.x_label = "million cycles";
  for (const ConfigRun& r : runs)
    for (const sim::Gemm& g : w.gemms) cyc.rows.push_back(g.name + " (" + r.f.label + ")");
  const char* parts[] = {"computing", "memory stalls", "drain stalls", "fill, drain, stores"};
  for (int p = 0; p < 4; ++p) {
    report::Series s{parts[p], {}};
    for (const ConfigRun& r : runs)
      for (size_t gi = 0; gi < w.gemms.size(); ++gi) {
        const model::Stats& st = r.g[gi].st;
        const uint64_t v[] = {st.busy, st.stall_mem, st.stall_drain, st.tail};
        s.y.push_back(static_cast<double>(v[p] * w.gemms[gi].count) * 1e-6);
      }
    cyc.segments.push_back(s);
  }
  outs.stage(a.out + "/sim_cycles.svg", report::render_svg(cyc));
  if (a.numerics != "off") {
    report::BarChart q;
    q.title = "SQNR of each quantized GEMM against FP64 (higher is better)";
    q.x_label = "dB";
    report::Series s{"SQNR", {}};
    for (size_t gi = 0; gi < w.gemms.size(); ++gi)
      for (const ConfigRun& r : runs) {
        q.rows.push_back(w.gemms[gi].name + " (" + r.f.label + ")");
        s.y.push_back(std::isinf(r.g[gi].sqnr_db) ? 0.0 : std::max(0.0, r.g[gi].sqnr_db));
      }
    q.segments.push_back(s);
    outs.stage(a.out + "/sim_sqnr.svg", report::render_svg(q));
  }
  outs.commit();
  std::fputs(md.c_str(), stdout);
  std::fprintf(stderr, "amx sim: wrote %s/sim.md, sim.json, sim.csv and the plots in %.2f s\n", a.out.c_str(), wall);
}

}  // namespace

void add_sim(CLI::App& app) {
  auto args = std::make_shared<SimArgs>();
  CLI::App* c = app.add_subcommand("sim", "an LLM workload on the SystemC model: cycles, utilisation, energy, accuracy");
  std::string presets;
  for (const std::string& p : sim::preset_names()) presets += (presets.empty() ? "" : ", ") + p;
  c->add_option("--workload", args->workload, "preset (" + presets + "), a .yaml/.json workload file or a SCALE-Sim GEMM topology .csv")
      ->capture_default_str();
  c->add_option("--mode", args->mode, "prefill or decode (presets)")->capture_default_str();
  c->add_option("--seq", args->seq, "sequence length (prefill) or context length (decode)")->capture_default_str();
  c->add_option("--batch", args->batch, "sequences")->capture_default_str();
  c->add_option("--array", args->array, "array size RxC")->capture_default_str();
  c->add_option("--a-format", args->a_format, "format of A (activations)")->capture_default_str();
  c->add_option("--b-format", args->b_format, "format of B (weights)")->capture_default_str();
  c->add_option("--compare", args->compare, "a second format for both sides, or none")->capture_default_str();
  c->add_option("--discipline", args->discipline, "block, class-seq, window or fused")->capture_default_str();
  c->add_option("--pipe", args->pipe, "pipeline stages per unit")->capture_default_str();
  c->add_option("--bandwidth", args->bandwidth, "memory bytes per cycle")->capture_default_str();
  c->add_option("--latency", args->latency, "memory latency in cycles")->capture_default_str();
  c->add_option("--buffer-kib", args->buffer_kib, "each tile buffer")->capture_default_str();
  c->add_option("--clock-ghz", args->clock_ghz, "clock (0: from --ppa, else 1 GHz)")->capture_default_str();
  c->add_option("--mem-pj-per-byte", args->mem_pj_per_byte,
                "energy of a byte moved between memory and the tile buffers (0: traffic reported, not its energy)")
      ->capture_default_str();
  c->add_option("--ppa", args->ppa, "ppa.json of `amx ppa`: energy per MAC and clock");
  c->add_option("--numerics", args->numerics, "sample, full or off")->capture_default_str();
  c->add_option("--sample", args->sample, "rows and columns of each GEMM checked in sample mode (1..4096)")
      ->capture_default_str();
  c->add_option("--max-memory-gib", args->max_memory_gib,
                "refuse runs whose estimated memory exceeds this (model memory image, numerics operands)")
      ->capture_default_str();
  c->add_option("--seed", args->seed, "seed of the synthetic operands")->capture_default_str();
  c->add_option("--out", args->out, "report directory")->capture_default_str();
  c->add_flag("--bench", args->bench,
              "speed benchmark: every GEMM instance timing-only, and the bit-exact numerics rate; no report");
  c->callback([args] { run_sim(*args); });
}

}  // namespace amx::cli
