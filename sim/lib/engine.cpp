// The engine simulation of `amx sim`: checks the options once, loads the
// workload and `amx ppa`'s energies, maps and runs each distinct GEMM on the
// SystemC model, and prices cycles, traffic and area with the technology file.
#include "amx/sim/engine.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "amx/golden/error.hpp"
#include "amx/golden/tensor_io.hpp"
#include "amx/model/system.hpp"
#include "amx/synth/flow.hpp"
#include "amx/sim/readback.hpp"
#include "amx/sim/study.hpp"

namespace amx::sim {

Energy& Energy::operator+=(const Energy& o) {
  mac_busy += o.mac_busy;
  mac_idle += o.mac_idle;
  controller += o.controller;
  sram += o.sram;
  dram += o.dram;
  return *this;
}

double EngineRun::utilization(int rows, int cols) const {
  return cycles ? static_cast<double>(macs) / (static_cast<double>(cycles) * rows * cols * f.macs_per_unit()) : 0.0;
}

bool linear_layer(const Gemm& g) {
  return g.b == Role::Weights && g.a == Role::Activations && g.name.find("lm_head") == std::string::npos;
}

namespace {

// The synthetic operand of a GEMM: LLM-like activations (outlier channels;
// post-SiLU for the down projection's input) or Gaussian weights.
std::vector<float> operand(const Gemm& g, Role role, size_t rows, size_t k, uint64_t seed) {
  std::string dist = "gaussian";
  if (role == Role::Activations) {
    dist = "student-t-outliers";
    if (g.name.find("down") != std::string::npos || g.name.find("fc2") != std::string::npos) dist = "silu";
    if (g.name.find("context") != std::string::npos) dist = "shifted";
  }
  return study::synthesize(dist, rows, k, seed).data;
}

// The workload's .npy operands, read and checked before any simulation runs
// (an error thrown after SystemC has switched stacks trips ASan): shapes
// against every GEMM that names them, every element finite.
std::map<std::string, golden::NpyArray> load_user_operands(const Workload& w) {
  std::map<std::string, golden::NpyArray> out;
  for (const Gemm& g : w.gemms)
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

void numerics(const Gemm& g, const EngineFormats& f, golden::Discipline disc, uint64_t sample, uint64_t seed,
              const std::map<std::string, golden::NpyArray>& user_data, GemmRun& r, double& signal, double& noise) {
  const size_t ms = static_cast<size_t>(sample ? std::min<uint64_t>(g.m, sample) : g.m);
  const size_t ns = static_cast<size_t>(sample ? std::min<uint64_t>(g.n, sample) : g.n);
  const size_t k = static_cast<size_t>(g.k);
  auto user = [&](const std::string& path, size_t take) {
    const golden::NpyArray& t = user_data.at(path);
    return std::vector<float>(t.data.begin(), t.data.begin() + static_cast<long>(take * k));
  };
  const std::vector<float> a = g.a_npy.empty() ? operand(g, g.a, ms, k, seed) : user(g.a_npy, ms);
  const std::vector<float> b = g.b_npy.empty() ? operand(g, g.b, ns, k, seed + 7919) : user(g.b_npy, ns);
  const golden::PackedTensor qa = golden::quantize_tensor({f.fa, f.block, golden::Rounding::Nearest}, a.data(), {ms, k});
  const golden::PackedTensor qb = golden::quantize_tensor({f.fb, f.block, golden::Rounding::Nearest}, b.data(), {ns, k});
  const std::vector<float> c = golden::gemm_ref(qa, qb, disc, golden::unit_fused_params(f.block, f.lanes), f.lanes);
  const golden::GemmError ge = golden::gemm_error(a.data(), b.data(), ms, ns, k, c.data());
  r.sqnr_db = ge.sqnr_db();
  r.max_err = ge.max_err / std::max(ge.max_ref, 1e-300);
  const double wgt = static_cast<double>(g.macs()) / static_cast<double>(ms * ns);
  signal += ge.signal * wgt;
  noise += ge.noise * wgt;
}

// The energy and area of an engine of the PPA report with these formats,
// contract, accumulator (ACC_II) and lanes (the simulated array's), if it
// has one.
EngineFormats formats(const std::string& fa, const std::string& fb, golden::Discipline disc, int pipe, int acc_ii,
                      int lanes, const PpaSummary* ppa, int rows, int cols, int drain_rows) {
  EngineFormats f;
  f.pipe = pipe;
  f.lanes = lanes;
  f.fa = golden::parse_format(fa);
  f.fb = golden::parse_format(fb);
  f.label = std::string(golden::format_info(f.fa).name) + " x " + golden::format_info(f.fb).name;
  f.block = golden::format_info(f.fa).default_block;
  if (golden::format_info(f.fb).default_block != f.block)
    throw Error(f.label + ": the two formats use different block sizes");
  if (!golden::format_info(f.fa).fp4_elements || !golden::format_info(f.fb).fp4_elements)
    throw Error(f.label + ": the array has FP4 MAC engines only");
  if (!ppa) return f;
  for (const synth::Engine& e : synth::engines())
    if (e.fa == f.fa && e.fb == f.fb && e.disc == static_cast<int>(disc) && e.acc_ii == acc_ii && e.lanes == lanes)
      if (const PpaConfig* c = ppa->find(e.name)) {
        if (!c->unit_error.empty()) throw Error(c->unit_error);
        f.energy_pj = c->energy_pj_per_mac;
        f.idle_pj = c->idle_pj_per_cycle;
        f.leakage_mw = c->leakage_mw;
        f.unit_area_um2 = c->area_um2;
        f.ppa_config = e.name;
        f.pipe = e.pipe;  // the hardware whose energy this is
        f.array_area_um2 = f.unit_area_um2 * rows * cols;
        f.array_area_from = fmt::format("{} units x {:.0f} um^2 (unit area; the array's controller and drain bank not measured at this size)", rows * cols, f.unit_area_um2);
        for (const PpaConfig::Array& ar : c->arrays)
          if (ar.rows == rows && ar.cols == cols && ar.drain_rows == drain_rows) {
            f.array_area_um2 = ar.area_um2;
            f.array_area_from = fmt::format("the synthesized {}x{} array (units, mac_ctrl, drain bank of {} row{} per "
                                            "cycle)",
                                            rows, cols, drain_rows, drain_rows == 1 ? "" : "s");
          }
      }
  return f;
}

model::GemmJob job_for(const EngineFormats& f, golden::Discipline disc, uint64_t m, uint64_t n, uint64_t k,
                       const model::Mapping& map, bool timing_only) {
  model::GemmJob job;
  job.fa = f.fa;
  job.fb = f.fb;
  job.disc = static_cast<int>(disc);
  job.m = static_cast<uint32_t>(m);
  job.n = static_cast<uint32_t>(n);
  job.k = static_cast<uint32_t>(k);
  const model::GemmLayout l = model::gemm_layout({f.fa, f.block, golden::Rounding::Nearest},
                                                 {f.fb, f.block, golden::Rounding::Nearest}, m, n, k);
  job.addr_a = l.a;
  job.addr_b = l.b;
  job.addr_c = l.c;
  job.map = map;
  job.timing_only = timing_only;
  return job;
}

Workload load(const SimOptions& a) {
  auto ends = [&](const char* suf) {
    const std::string x(suf);
    return a.workload.size() > x.size() && a.workload.compare(a.workload.size() - x.size(), x.size(), x) == 0;
  };
  if (ends(".yaml") || ends(".yml") || ends(".json") || ends(".csv")) return load_workload(a.workload);
  return preset(a.workload, {a.mode, a.seq, a.batch});
}

bool is_preset(const SimOptions& a) {
  for (const std::string& p : preset_names())
    if (p == a.workload) return true;
  return false;
}

void check(const SimOptions& a) {
  if (a.numerics != "sample" && a.numerics != "full" && a.numerics != "off")
    throw Error("--numerics must be sample, full or off, not '" + a.numerics + "'");
  if (!(a.mem_pj_per_byte >= 0.0) || !std::isfinite(a.mem_pj_per_byte) || a.mem_pj_per_byte > 1e6)
    throw Error("--mem-pj-per-byte must be a non-negative number of pJ up to 1e6 (0: the technology file's)");
  if (!(a.bandwidth > 0.0) || !std::isfinite(a.bandwidth) || a.bandwidth > 1e6)
    throw Error("--bandwidth must be a number of bytes per cycle in (0, 1e6]");
  if (!std::isfinite(a.clock_ghz) || a.clock_ghz < 0.0 || a.clock_ghz > 100.0)
    throw Error("--clock-ghz must be a number in 0..100 (0: from --ppa, else 1 GHz)");
  if (a.latency < 0 || a.latency > 1000000) throw Error("--latency must be 0..1000000 cycles");
  if (a.pipe < 0 || a.pipe > 16) throw Error("--pipe must be 0..16");
  if (a.acc_ii != 1 && a.acc_ii != 2) throw Error("--acc-ii must be 1 or 2");
  if (a.lanes < 1 || a.lanes > golden::kMaxLanes || (a.lanes & (a.lanes - 1)) != 0)
    throw Error(fmt::format("--lanes must be a power of two in 1..{}", golden::kMaxLanes));
  if (const std::string why = golden::lanes_error(golden::parse_discipline(a.discipline), a.lanes); !why.empty())
    throw Error("--lanes: " + why);
  model::ArrayConfig{a.rows, a.cols, 32, a.pipe, a.acc_ii, a.lanes, a.drain_rows}.check();
  a.buffer_bytes();  // throws if out of range
  if (a.sample < 1 || a.sample > 4096)
    throw Error("--sample must be 1..4096 rows and columns (--numerics full checks every output)");
  if (!std::isfinite(a.max_memory_gib) || !(a.max_memory_gib > 0.0) || a.max_memory_gib > 1024.0)
    throw Error("--max-memory-gib must be a number in (0, 1024]");
}

}  // namespace

model::ArrayConfig array_config(const SimOptions& a, const EngineFormats& f) {
  return {a.rows, a.cols, f.block, f.pipe, a.acc_ii, f.lanes, a.drain_rows};
}

GemmBound gemm_bound(const SimOptions& a, const EngineFormats& f, const GemmRun& g) {
  GemmBound b;
  b.compute = static_cast<double>(g.st.busy);
  b.memory = static_cast<double>(g.dram()) / a.bandwidth;
  b.drain = static_cast<double>(g.st.tiles * array_config(a, f).drain_cycles());
  if (b.memory > b.compute && b.memory >= b.drain) b.kind = "memory";
  else if (b.drain > b.compute) b.kind = "drain";
  return b;
}

namespace {

// DRAM energy per byte: --mem-pj-per-byte, else the technology file's.
double dram_pj_per_byte(const SimOptions& a, const Tech& tech) {
  return a.mem_pj_per_byte > 0.0 ? a.mem_pj_per_byte : tech.dram_pj.value;
}

// The engine the mapping search costs: the array, DRAM and buffer of the
// options, the buffer's energies as sized for r (size_buffer).
EngineShape shape_of(const SimOptions& a, const EngineRun& r, golden::Discipline disc, double dram_pj) {
  EngineShape e;
  e.array = array_config(a, r.f);
  e.dram_bytes_per_cycle = a.bandwidth;
  e.dram_latency = a.latency;
  e.buffer_bytes = a.buffer_bytes();
  e.fused = disc == golden::Discipline::Fused;
  e.sram_read_pj = r.sram_read_pj;
  e.sram_write_pj = r.sram_write_pj;
  e.dram_pj = dram_pj;
  return e;
}

GemmShape gemm_of(const EngineFormats& f, const Gemm& g) {
  return {{f.fa, f.block, golden::Rounding::Nearest}, {f.fb, f.block, golden::Rounding::Nearest}, g.m, g.n, g.k};
}

// The buffer as built for these formats: banks of the technology's width,
// as many as one cycle's traffic needs: the operands read (R A-groups, C
// B-groups of lanes blocks) and the drain bank's rows written (D rows of C
// binary32 results: a wider drain is charged its write port here).
void size_buffer(EngineRun& r, const SimOptions& a, const Tech& tech) {
  r.sram_drain_bytes_per_cycle = static_cast<uint64_t>(a.drain_rows) * static_cast<uint64_t>(a.cols) * 4;
  r.sram_bytes_per_cycle = static_cast<uint64_t>(a.lanes) *
                               (static_cast<uint64_t>(a.rows) * golden::block_bytes(r.f.fa, r.f.block) +
                                static_cast<uint64_t>(a.cols) * golden::block_bytes(r.f.fb, r.f.block)) +
                           r.sram_drain_bytes_per_cycle;
  const uint64_t width = static_cast<uint64_t>(tech.bank_width.value);
  r.banks = std::max<uint64_t>(1, (r.sram_bytes_per_cycle + width - 1) / width);
  r.bank_kib = static_cast<double>(a.buffer_kib) / static_cast<double>(r.banks);
  r.sram_read_pj = tech.sram_read_pj(r.bank_kib);
  r.sram_write_pj = tech.sram_write_pj(r.bank_kib);
  r.area_sram_um2 = tech.sram_area_um2(static_cast<double>(a.buffer_bytes()));
  r.area_controller_um2 = tech.controller_area_um2();
  r.area_array_um2 = r.f.array_area_um2;
}

// The model's memory image of the largest GEMM (A, B, C, page aligned), and
// what the run needs with the numerics' operands; refused above the cap
// before anything is allocated or searched.
uint64_t memory_image(const SimOptions& a, const Workload& w, const std::vector<EngineFormats>& fs) {
  uint64_t mem_bytes = 0;
  for (const EngineFormats& f : fs)
    for (const Gemm& g : w.gemms) {
      const golden::QuantParams pa{f.fa, f.block, golden::Rounding::Nearest}, pb{f.fb, f.block, golden::Rounding::Nearest};
      mem_bytes = std::max(mem_bytes, model::gemm_layout(pa, pb, g.m, g.n, g.k).bytes);
    }
  uint64_t need = mem_bytes;
  if (a.numerics != "off" && !a.bench)
    for (const Gemm& g : w.gemms) {
      const uint64_t ms = a.numerics == "full" ? g.m : std::min<uint64_t>(g.m, a.sample);
      const uint64_t ns = a.numerics == "full" ? g.n : std::min<uint64_t>(g.n, a.sample);
      need = std::max(need, mem_bytes + 3 * (ms + ns) * g.k * 4 + ms * ns * 8);
    }
  const double gib = static_cast<double>(need) / double(1 << 30);
  if (gib > a.max_memory_gib)
    throw Error(fmt::format("the run needs about {:.1f} GiB (largest GEMM's memory image{}), more than "
                            "--max-memory-gib {:g}; use smaller GEMMs, --numerics sample/off, or raise the cap",
                            gib, a.numerics == "full" && !a.bench ? " and full numerics" : "", a.max_memory_gib));
  return mem_bytes;
}

// The mapping of every distinct GEMM of every engine, before anything is
// simulated (a GEMM that fits no mapping is an error now, not after SystemC
// has started).
void map_gemms(SimResult& res, const SimOptions& a) {
  for (EngineRun& r : res.runs) {
    size_buffer(r, a, res.tech);
    const EngineShape es = shape_of(a, r, res.disc, res.dram_pj_per_byte);
    std::map<std::tuple<uint64_t, uint64_t, uint64_t>, size_t> seen;
    r.g.resize(res.w.gemms.size());
    double predicted_total = 0;
    for (size_t gi = 0; gi < res.w.gemms.size(); ++gi) {
      const Gemm& g = res.w.gemms[gi];
      GemmRun& gr = r.g[gi];
      const GemmShape gs = gemm_of(r.f, g);
      const auto key = std::make_tuple(g.m, g.n, g.k);
      if (seen.count(key)) {
        const GemmRun& o = r.g[seen[key]];
        gr.map = o.map, gr.predicted = o.predicted, gr.candidates = o.candidates, gr.costed = o.costed;
      } else {
        SearchResult sr;
        try {
          sr = search(gs, es);
        } catch (const Error& e) {
          throw Error(fmt::format("{} ({}): {}", g.name, r.f.label, e.what()));
        }
        gr.map = sr.best, gr.predicted = sr.cost, gr.candidates = sr.candidates, gr.costed = sr.costed;
        seen[key] = gi;
      }
      if (gr.predicted.cycles >= kMaxCycles)
        throw Error(fmt::format("{} ({}): one instance would take more than 2^50 cycles (at --bandwidth {:g} bytes per "
                                "cycle), beyond what the model's clock counts: raise --bandwidth or give a smaller GEMM",
                                g.name, r.f.label, a.bandwidth));
      // The run's totals, from the predictions (the model's cycles are the
      // replay's), refused now rather than after SystemC has run.
      predicted_total += static_cast<double>(gr.predicted.cycles) * static_cast<double>(g.count);
      if (predicted_total >= 0x1p60)
        throw Error(fmt::format("{} ({}): the run's cycles over every instance (count {}) would exceed 2^60: use a "
                                "smaller count or workload", g.name, r.f.label, g.count));
      gr.dram_min = dram_minimum(gs);
      gr.io_bound = dram_io_bound(gs, a.buffer_bytes());
    }
  }
}

// One GEMM's cycles, traffic and energy (mJ) added to its engine's totals.
// Energy: busy unit-cycles at the unit's energy per MAC; every other
// unit-cycle (stalls, tails, units an edge tile leaves empty) at its idle
// energy and leakage; the controller every cycle; the buffer per byte read
// and written; DRAM per byte moved.
void account(const SimResult& res, const Gemm& g, GemmRun& gr, EngineRun& r) {
  const SimOptions& a = res.opt;
  const double cnt = static_cast<double>(g.count);
  // (The totals fit: map_gemms refused runs of 2^60 predicted cycles.)
  r.cycles += gr.st.cycles * g.count;
  r.busy += gr.st.busy * g.count;
  r.stall_mem += gr.st.stall_mem * g.count;
  r.stall_drain += gr.st.stall_drain * g.count;
  r.tail += gr.st.tail * g.count;
  r.macs += g.macs();
  r.dram += gr.dram() * g.count;
  r.dram_min += gr.dram_min * g.count;
  r.sram += gr.sram() * g.count;
  Energy& e = gr.energy;
  const double cyc = static_cast<double>(gr.st.cycles) * cnt;
  if (res.has_ppa && !std::isnan(r.f.energy_pj)) {
    const double unit_cycles = cyc * a.rows * a.cols;
    const double busy = static_cast<double>(g.macs()) / r.f.macs_per_unit();
    e.mac_busy = static_cast<double>(g.macs()) * r.f.energy_pj * 1e-9;
    e.mac_idle = std::max(0.0, unit_cycles - busy) * (r.f.idle_pj + r.f.leakage_mw / res.clock_ghz) * 1e-9;
  } else {
    e.mac_busy = e.mac_idle = NAN;
  }
  e.controller = cyc * res.tech.controller_pj_per_cycle() * 1e-9;
  e.sram = (static_cast<double>(gr.st.sram_read) * r.sram_read_pj + static_cast<double>(gr.st.sram_written) * r.sram_write_pj) *
           cnt * 1e-9;
  e.dram = static_cast<double>(gr.dram()) * cnt * res.dram_pj_per_byte * 1e-9;
  r.energy += e;
}

}  // namespace

SimResult run_simulation(const SimOptions& a) {
  const auto t0 = std::chrono::steady_clock::now();
  check(a);
  SimResult res;
  res.opt = a;
  res.w = load(a);
  res.rows = a.rows;
  res.cols = a.cols;
  res.disc = golden::parse_discipline(a.discipline);
  res.tech = load_tech(a.tech);
  if (is_preset(a)) res.tokens = a.mode == "prefill" ? a.seq * a.batch : a.batch;
  PpaSummary ppa;
  res.clock_ghz = a.clock_ghz;
  res.has_ppa = !a.ppa.empty();
  if (res.has_ppa) {
    ppa = read_ppa(a.ppa);
    if (res.clock_ghz == 0.0) res.clock_ghz = 1.0 / ppa.clock_ns;
  }
  if (res.clock_ghz == 0.0) res.clock_ghz = 1.0;
  res.dram_pj_per_byte = dram_pj_per_byte(a, res.tech);

  res.runs.push_back({});
  res.runs.back().f =
      formats(a.a_format, a.b_format, res.disc, a.pipe, a.acc_ii, a.lanes, res.has_ppa ? &ppa : nullptr, a.rows, a.cols, a.drain_rows);
  if (a.compare != "none") {
    res.runs.push_back({});
    res.runs.back().f =
        formats(a.compare, a.compare, res.disc, a.pipe, a.acc_ii, a.lanes, res.has_ppa ? &ppa : nullptr, a.rows, a.cols, a.drain_rows);
  }
  for (const Gemm& g : res.w.gemms)
    if (g.m > model::reg::MAX_DIM || g.n > model::reg::MAX_DIM || g.k > model::reg::MAX_DIM)
      throw Error(fmt::format("{}: M, N and K must be at most {}", g.name, model::reg::MAX_DIM));

  std::vector<EngineFormats> fs;
  for (const EngineRun& r : res.runs) fs.push_back(r.f);
  const uint64_t mem_bytes = memory_image(a, res.w, fs);
  const auto ts = std::chrono::steady_clock::now();
  map_gemms(res, a);
  res.search_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - ts).count();
  const std::map<std::string, golden::NpyArray> user_data =
      a.numerics == "off" ? std::map<std::string, golden::NpyArray>{} : load_user_operands(res.w);

  res.mem = model::MemConfig{a.bandwidth, a.latency, a.buffer_bytes(), res.clock_ghz};
  std::vector<std::unique_ptr<model::System>> systems;
  for (size_t i = 0; i < res.runs.size(); ++i)
    systems.push_back(std::make_unique<model::System>(array_config(a, res.runs[i].f),
                                                      res.mem, mem_bytes, "sys" + std::to_string(i) + "_"));
  const bool tty = isatty(fileno(stderr));
  const size_t total = res.runs.size() * res.w.gemms.size();
  size_t step = 0;
  for (size_t ri = 0; ri < res.runs.size(); ++ri) {
    EngineRun& r = res.runs[ri];
    model::System& sys = *systems[ri];
    std::map<std::tuple<uint64_t, uint64_t, uint64_t>, model::Stats> done;
    for (size_t gi = 0; gi < res.w.gemms.size(); ++gi) {
      const Gemm& g = res.w.gemms[gi];
      GemmRun& gr = r.g[gi];
      const auto key = std::make_tuple(g.m, g.n, g.k);
      if (done.count(key)) {
        gr.st = done[key];
      } else {
        const uint32_t status = sys.run_status(job_for(r.f, res.disc, g.m, g.n, g.k, gr.map, true));
        // The search checked the buffer; any refusal now is the model's.
        if (status & model::reg::STATUS_ERROR)
          throw Error(fmt::format("the model refused {} with mapping {}: {}", g.name, to_string(gr.map),
                                  sys.accel.last_error()));
        gr.st = sys.accel.stats();
        done[key] = gr.st;
      }
      account(res, g, gr, r);
      if (a.numerics != "off")
        numerics(g, r.f, res.disc, a.numerics == "full" ? 0 : a.sample, a.seed + gi, user_data, gr, r.signal, r.noise);
      ++step;
      if (tty) std::fprintf(stderr, "\r  [%zu/%zu] %-18s %-14s", step, total, r.f.label.c_str(), g.name.c_str());
    }
  }
  if (tty) std::fputc('\n', stderr);
  res.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

bool bench_simulation(const SimOptions& a) {
  check(a);
  const Workload w = load(a);
  const golden::Discipline disc = golden::parse_discipline(a.discipline);
  const Tech tech = load_tech(a.tech);
  EngineRun r;
  r.f = formats(a.a_format, a.b_format, disc, a.pipe, a.acc_ii, a.lanes, nullptr, a.rows, a.cols, a.drain_rows);
  size_buffer(r, a, tech);
  const EngineShape es = shape_of(a, r, disc, dram_pj_per_byte(a, tech));
  uint64_t instances = 0;
  for (const Gemm& g : w.gemms) instances += g.count;
  if (instances > 10000000) throw Error(fmt::format("--bench runs every GEMM instance: {} is more than 10^7", instances));
  // The numerics GEMM below (128 x 128 x 4096) needs its image too.
  const uint64_t mem = std::max<uint64_t>(memory_image(a, w, {r.f}), 3 << 20);
  const model::MemConfig mc{a.bandwidth, a.latency, a.buffer_bytes(), 1.0};
  model::System sys(array_config(a, r.f), mc, mem);
  uint64_t cycles = 0, searches = 0;
  const auto t0 = std::chrono::steady_clock::now();
  std::map<std::tuple<uint64_t, uint64_t, uint64_t>, model::Mapping> maps;
  for (const Gemm& g : w.gemms) {
    const auto key = std::make_tuple(g.m, g.n, g.k);
    if (!maps.count(key)) {
      maps[key] = search(gemm_of(r.f, g), es).best;
      ++searches;
    }
    for (uint64_t i = 0; i < g.count; ++i) {
      if (sys.run_status(job_for(r.f, disc, g.m, g.n, g.k, maps[key], true)) & model::reg::STATUS_ERROR) {
        std::fprintf(stderr, "amx: error: the model refused %s: %s\n", g.name.c_str(), sys.accel.last_error().c_str());
        return false;
      }
      cycles += sys.accel.stats().cycles;
    }
  }
  const double t_timing = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // Bit-exact numerics: a 128 x 128 x 4096 GEMM through the model's data
  // path, K cut in 4 chunks (partial sums preloaded).
  const uint32_t M = 128, N = 128, K = 4096;
  const golden::QuantParams pa{r.f.fa, r.f.block, golden::Rounding::Nearest}, pb{r.f.fb, r.f.block, golden::Rounding::Nearest};
  const std::vector<float> x = study::synthesize("student-t-outliers", M, K, 1).data;
  const std::vector<float> y = study::synthesize("gaussian", N, K, 2).data;
  const golden::PackedTensor ta = golden::quantize_tensor(pa, x.data(), {M, K}), tb = golden::quantize_tensor(pb, y.data(), {N, K});
  std::memcpy(sys.mem.data(), ta.data.data(), ta.data.size());
  const model::GemmJob job = job_for(r.f, disc, M, N, K,
                                     {static_cast<uint32_t>(a.rows) * 4, static_cast<uint32_t>(a.cols) * 4, 4, 0}, false);
  std::memcpy(sys.mem.data() + job.addr_b, tb.data.data(), tb.data.size());
  const auto t1 = std::chrono::steady_clock::now();
  const uint32_t st = sys.run_status(job);
  const double t_num = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  const double mac_rate = static_cast<double>(M) * N * K / t_num;
  std::printf("amx sim benchmark: %s on a %dx%d %s array (one core)\n", w.name.c_str(), a.rows, a.cols, r.f.label.c_str());
  std::printf("  timing only, every instance   %llu GEMMs (%llu mapping searches), %.4g simulated cycles in %.2f s "
              "(target: under 10 s)\n",
              static_cast<unsigned long long>(instances), static_cast<unsigned long long>(searches),
              static_cast<double>(cycles), t_timing);
  std::printf("  bit-exact numerics            %.3g MAC/s on %ux%ux%u, 4 K chunks (target: 2e8 MAC/s)%s\n", mac_rate, M,
              N, K, (st & model::reg::STATUS_ERROR) ? " -- the GEMM failed" : "");
  return !(st & model::reg::STATUS_ERROR);
}

}  // namespace amx::sim
