#include "cosim.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "amx/golden/dot.hpp"
#include "amx/golden/error.hpp"
#include "amx/model/system.hpp"
#include "bench.hpp"
#include "rtl_mac_array.hpp"

namespace amx::tb {

namespace {

constexpr int kShownMismatches = 5;
const sc_core::sc_time kHalfCycle(5, sc_core::SC_NS);  // the RTL clock in the waveform: 10 ns

// What the RTL array did with one tile: the cycles of its first and last
// block pair and of its last result row.
struct RtlTile {
  uint64_t first = 0, last = 0, drained = 0;
};

SC_MODULE(cosim_top) {
  SC_HAS_PROCESS(cosim_top);
  cosim_top(const sc_core::sc_module_name& n, const CosimEntry& e, const EquivOptions& o, model::System& s,
            rtl_mac_array& r, EquivReport& rep)
      : sc_core::sc_module(n), entry_(e), opt_(o), sys_(s), rtl_(r), rep_(rep) {
    SC_THREAD(run);
  }

 private:
  // The simulation's one thread: never throws (SystemC stacks and the
  // sanitizers), failures go to rep_.error.
  void run();
  // Drives the RTL clock to level for half a cycle: inputs written before
  // the low half have settled (combinational outputs too) at its end.
  void half_cycle(bool level);
  bool rtl_gemm(const std::vector<model::mac_accel::TileRecord>& recs, uint64_t m, uint64_t n, uint32_t k,
                const golden::PackedTensor& ta, const golden::PackedTensor& tb, std::vector<RtlTile>& tiles,
                std::vector<uint32_t>& c);
  void compare(uint64_t v, uint32_t k, const golden::PackedTensor& ta, const golden::PackedTensor& tb,
               const std::vector<float>& gold, const float* model_c, const std::vector<uint32_t>& rtl_c);
  void compare_cycles(uint64_t v, const std::vector<model::mac_accel::TileRecord>& recs,
                      const std::vector<RtlTile>& tiles);
  std::string blocks_of(const golden::PackedTensor& ta, const golden::PackedTensor& tb, uint64_t row, uint64_t col,
                        uint32_t k) const;

  const CosimEntry& entry_;
  const EquivOptions& opt_;
  model::System& sys_;
  rtl_mac_array& rtl_;
  EquivReport& rep_;
};

void cosim_top::half_cycle(bool level) {
  rtl_.clk.write(level);
  sc_core::wait(kHalfCycle);
}

void cosim_top::run() {
  const Config& cfg = entry_.cfg;
  const golden::QuantParams pa{entry_.fa, cfg.n, golden::Rounding::Nearest};
  const golden::QuantParams pb{entry_.fb, cfg.n, golden::Rounding::Nearest};
  // Two cycles of reset, as the RTL testbenches.
  rtl_.rst_n.write(false);
  rtl_.in_valid.write(false);
  for (int i = 0; i < 2; ++i) {
    half_cycle(false);
    half_cycle(true);
  }
  rtl_.rst_n.write(true);

  BlockGen gen(opt_.seed, cfg.n);
  sys_.accel.record_tiles(true);
  for (uint64_t v = 0; v < opt_.vectors; ++v) {
    uint64_t m = opt_.m, n = opt_.n;
    uint32_t k = opt_.k;
    golden::PackedTensor ta, tb;
    if (opt_.a) {
      ta = *opt_.a;
      tb = *opt_.b;
      m = ta.rows;
      n = tb.rows;
      k = static_cast<uint32_t>(ta.cols);
    } else {
      if (!opt_.shapes.empty()) {
        m = opt_.shapes[v][0];
        n = opt_.shapes[v][1];
        k = static_cast<uint32_t>(opt_.shapes[v][2]);
      } else if (opt_.random_shapes && v > 0) {
        m = static_cast<uint64_t>(gen.uniform(1, static_cast<int>(opt_.m)));
        n = static_cast<uint64_t>(gen.uniform(1, static_cast<int>(opt_.n)));
        k = static_cast<uint32_t>(gen.uniform(1, static_cast<int>(opt_.k)));
      }
      const bool raw = gen.coin(0.3);
      ta = random_operand(gen, cfg.a, cfg.n, m, k, raw);
      tb = random_operand(gen, cfg.b, cfg.n, n, k, raw);
      ta.params.format = pa.format;  // the same bytes (NVFP4: an E4M3-scaled side, tensor scale 1)
      tb.params.format = pb.format;
    }
    const std::vector<float> gold =
        golden::gemm_ref(ta, tb, cfg.disc, golden::unit_fused_params(cfg.n, cfg.lanes), cfg.lanes);

    // The model: operands into its memory, the GEMM through the registers.
    const model::GemmLayout l = model::gemm_layout(pa, pb, m, n, k);
    std::memcpy(sys_.mem.data() + l.a, ta.data.data(), ta.data.size());
    std::memcpy(sys_.mem.data() + l.b, tb.data.data(), tb.data.size());
    model::GemmJob job;
    job.fa = pa.format;
    job.fb = pb.format;
    job.disc = static_cast<int>(cfg.disc);
    job.m = static_cast<uint32_t>(m);
    job.n = static_cast<uint32_t>(n);
    job.k = k;
    job.addr_a = l.a;
    job.addr_b = l.b;
    job.addr_c = l.c;
    job.map = opt_.map;
    std::string why;
    if (!sys_.start(job, why)) {
      rep_.error = "vector " + std::to_string(v) + ": the model refused the GEMM: " + why;
      return;
    }
    sc_core::wait(sys_.accel.done_event());
    if (sys_.cpu.read(model::reg::STATUS) & model::reg::STATUS_ERROR) {
      rep_.error = "vector " + std::to_string(v) + ": the model's GEMM failed: " + sys_.accel.last_error();
      return;
    }
    const std::vector<model::mac_accel::TileRecord> recs = sys_.accel.tiles();

    // The RTL array: the same tiles, in the same order, from the same cycles.
    std::vector<RtlTile> tiles;
    std::vector<uint32_t> rtl_c;
    if (!rtl_gemm(recs, m, n, k, ta, tb, tiles, rtl_c)) {
      rep_.error = "vector " + std::to_string(v) + " (M=" + std::to_string(m) + " N=" + std::to_string(n) +
                   " K=" + std::to_string(k) + "): " + rep_.error;
      return;
    }
    if (v == 0 && opt_.inject == EquivOptions::Inject::Result) rtl_c[0] ^= 1;
    compare(v, k, ta, tb, gold, reinterpret_cast<const float*>(sys_.mem.data() + l.c), rtl_c);
    compare_cycles(v, recs, tiles);
    const uint64_t nb = (k + static_cast<uint64_t>(cfg.n) - 1) / static_cast<uint64_t>(cfg.n);
    rep_.vectors = v + 1;
    rep_.results += m * n;
    rep_.block_pairs += m * n * nb;
    if (opt_.progress) opt_.progress(v + 1, opt_.vectors);
    // Idle cycles between GEMMs: each starts on an empty array.
    rtl_.in_valid.write(false);
    for (int i = 0; i < 2; ++i) {
      half_cycle(false);
      half_cycle(true);
    }
  }
}

bool cosim_top::rtl_gemm(const std::vector<model::mac_accel::TileRecord>& recs, uint64_t m, uint64_t n, uint32_t k,
                         const golden::PackedTensor& ta, const golden::PackedTensor& tb, std::vector<RtlTile>& tiles,
                         std::vector<uint32_t>& c) {
  const Config& cfg = entry_.cfg;
  // R: rows of an array tile, II row groups of the array's RA rows; pair f
  // of a tile carries group f / II (L blocks, L the units' lanes) of row
  // group f % II.  A K chunk starts at a group boundary (the model's loop
  // nest cuts K there), so a tile's groups are K's.
  const uint64_t RA = static_cast<uint64_t>(entry_.rows), II = static_cast<uint64_t>(cfg.acc_ii);
  const uint64_t L = static_cast<uint64_t>(cfg.lanes);
  const uint64_t R = II * RA, C = static_cast<uint64_t>(entry_.cols), D = static_cast<uint64_t>(entry_.drain_rows);
  const uint64_t block = static_cast<uint64_t>(cfg.n);
  const uint64_t nb_all = (k + block - 1) / block;
  // Every output's K is covered once, in order, by the records of its tile.
  {
    std::vector<uint64_t> next(((m + R - 1) / R) * ((n + C - 1) / C), 0);
    const uint64_t tiles_n = (n + C - 1) / C;
    for (const auto& r : recs) {
      if (r.mt * R >= m || r.nt * C >= n || r.nb == 0 || r.block0 % L != 0 || next[r.mt * tiles_n + r.nt] != r.block0 ||
          r.pre != (r.block0 > 0) || r.final != (r.block0 + r.nb == nb_all)) {
        rep_.error = fmt::format("the model's schedule does not cover K in order at array tile ({}, {}), blocks {}..{}",
                                 r.mt, r.nt, r.block0, r.block0 + r.nb);
        return false;
      }
      next[r.mt * tiles_n + r.nt] = r.block0 + r.nb;
    }
    for (uint64_t v : next)
      if (v != nb_all) {
        rep_.error = "the model's schedule leaves part of K out";
        return false;
      }
  }
  const size_t ntiles = recs.size();
  const size_t abytes = golden::block_bytes(cfg.a.format(), cfg.n), bbytes = golden::block_bytes(cfg.b.format(), cfg.n);
  std::vector<uint8_t> a_port(RA * L * abytes), b_port(C * L * bbytes);
  std::vector<uint32_t> bank_row(D * C);
  std::vector<std::vector<uint32_t>> partial(ntiles);  // the RTL's results of each record, R x C
  std::vector<uint64_t> rows_out(ntiles, 0);           // rows of each record drained so far
  tiles.assign(ntiles, RtlTile{});
  c.assign(m * n, 0);
  uint64_t limit = 0;
  for (const auto& r : recs) limit = std::max(limit, r.timing.drained);
  limit += 4 * (II * nb_all + R + static_cast<uint64_t>(cfg.pipe) + 8) + 64;
  size_t feed = 0, drain = 0;
  uint64_t j = 0, prepared = ~uint64_t{0}, next_row = 0;
  for (uint64_t cyc = 0; drain < ntiles; ++cyc) {
    if (cyc > limit) {
      rep_.error = fmt::format("the RTL array stalled: {} of {} tiles fed, {} drained after {} cycles", feed, ntiles,
                               drain, cyc);
      return false;
    }
    const uint64_t late = (feed == 0 && rep_.vectors == 0 && opt_.inject == EquivOptions::Inject::Cycle) ? 1 : 0;
    const bool valid = feed < ntiles && cyc >= recs[feed].avail + late;
    if (valid && prepared != feed * II * nb_all + j) {
      const auto& rec = recs[feed];
      const uint64_t mt = rec.mt, nt = rec.nt, row0 = mt * R + (j % II) * RA, grp = rec.block0 / L + j / II;
      std::fill(a_port.begin(), a_port.end(), 0);
      std::fill(b_port.begin(), b_port.end(), 0);
      for (uint64_t r = 0; r < RA && row0 + r < m; ++r)
        put_group(ta, cfg.a, cfg.n, cfg.lanes, row0 + r, grp, &a_port[r * L * abytes]);
      for (uint64_t q = 0; q < C && nt * C + q < n; ++q)
        put_group(tb, cfg.b, cfg.n, cfg.lanes, nt * C + q, grp, &b_port[q * L * bbytes]);
      const uint64_t k_chunk = std::min<uint64_t>(rec.nb * block, k - rec.block0 * block);
      rtl_.set_operands(static_cast<uint32_t>(k_chunk), a_port.data(), a_port.size(), b_port.data(), b_port.size());
      rtl_.set_pre(rec.pre);
      prepared = feed * II * nb_all + j;
    }
    // The preload bank: the R rows of the next preloaded tile's partial sums,
    // D per cycle from the cycle the model's schedule names.
    bool pl = false;
    for (size_t t = feed; t < ntiles && t <= feed + 1; ++t) {
      const auto& rec = recs[t];
      if (!rec.pre || cyc < rec.preload_from || cyc >= rec.preload_from + R / D) continue;
      const std::vector<uint32_t>& src = partial[rec.src];
      const uint64_t row = (cyc - rec.preload_from) * D;
      if (rows_out[rec.src] < row + D) {
        rep_.error = fmt::format("cycle {}: tile {} preloads row {} of tile {}'s partial sums, not yet drained", cyc,
                                 t, row + D - 1, rec.src);
        return false;
      }
      for (uint64_t q = 0; q < D * C; ++q) bank_row[q] = src[row * C + q];
      rtl_.set_preload_row(true, static_cast<unsigned>(row), bank_row.data(), D * C);
      pl = true;
    }
    if (!pl) rtl_.set_preload_row(false, 0, nullptr, 0);
    rtl_.in_valid.write(valid);
    half_cycle(false);
    if (rtl_.out_valid.read()) {
      // D rows at once: row0 .. row0 + D - 1, row0 a multiple of D.
      const unsigned row0 = rtl_.out_row();
      if (drain >= feed || row0 != next_row) {
        rep_.error = fmt::format("cycle {}: the RTL array presented result row {} (expected row {} of tile {}, {} "
                                 "tiles fed)",
                                 cyc, row0, next_row, drain, feed);
        return false;
      }
      const auto& rec = recs[drain];
      std::vector<uint32_t>& part = partial[drain];
      if (part.empty()) part.assign(R * C, 0);
      for (uint64_t d = 0; d < D; ++d) {
        const uint64_t row = row0 + d;
        for (uint64_t q = 0; q < C; ++q) part[row * C + q] = rtl_.out_word(static_cast<int>(d * C + q));
        if (rec.final && rec.mt * R + row < m)
          for (uint64_t q = 0; q < C && rec.nt * C + q < n; ++q)
            c[(rec.mt * R + row) * n + rec.nt * C + q] = part[row * C + q];
      }
      rows_out[drain] = row0 + D;
      next_row += D;
      if (next_row == R) {
        tiles[drain++].drained = cyc;
        next_row = 0;
      }
    }
    if (valid && rtl_.in_ready.read()) {
      if (j == 0) tiles[feed].first = cyc;
      if (++j == II * sys_.accel.array.cfg.groups(recs[feed].nb)) {
        tiles[feed++].last = cyc;
        j = 0;
      }
    }
    half_cycle(true);
  }
  rtl_.set_preload_row(false, 0, nullptr, 0);
  rtl_.set_pre(false);
  uint64_t rtl_end = 0, model_end = 0;
  for (size_t i = 0; i < ntiles; ++i) {
    rtl_end = std::max(rtl_end, tiles[i].drained + 1);
    model_end = std::max(model_end, recs[i].timing.drained + 1);
  }
  rep_.rtl_cycles += rtl_end;
  rep_.model_cycles += model_end;
  return true;
}

std::string cosim_top::blocks_of(const golden::PackedTensor& ta, const golden::PackedTensor& tb, uint64_t row,
                                 uint64_t col, uint32_t k) const {
  const Config& cfg = entry_.cfg;
  const uint64_t nb = (k + static_cast<uint64_t>(cfg.n) - 1) / static_cast<uint64_t>(cfg.n);
  const size_t abytes = golden::block_bytes(cfg.a.format(), cfg.n), bbytes = golden::block_bytes(cfg.b.format(), cfg.n);
  Block a(abytes), b(bbytes);
  std::ostringstream os;
  for (uint64_t j = 0; j < std::min<uint64_t>(nb, 4); ++j) {
    put_block(ta, cfg.a, cfg.n, row, j, a.data());
    put_block(tb, cfg.b, cfg.n, col, j, b.data());
    os << "\n    block " << j << ": a " << hex(a) << "\n             b " << hex(b);
  }
  if (nb > 4) os << "\n    (" << nb - 4 << " more block pairs)";
  return os.str();
}

void cosim_top::compare(uint64_t v, uint32_t k, const golden::PackedTensor& ta, const golden::PackedTensor& tb,
                        const std::vector<float>& gold, const float* model_c, const std::vector<uint32_t>& rtl_c) {
  const uint64_t n = tb.rows;
  for (size_t i = 0; i < gold.size(); ++i) {
    uint32_t mb;
    std::memcpy(&mb, model_c + i, 4);
    const uint32_t gb = golden::f32_bits(gold[i]), rb = rtl_c[i];
    rep_.model_vs_golden += mb != gb;
    rep_.rtl_vs_golden += rb != gb;
    rep_.rtl_vs_model += rb != mb;
    if ((mb != gb || rb != gb) && rep_.details.size() < kShownMismatches)
      rep_.details.push_back(fmt::format("vector {} C[{}][{}] (K = {}):\n    golden {}\n    model  {}\n    rtl    {}{}",
                                         v, i / n, i % n, k, f32_str(gb), f32_str(mb), f32_str(rb),
                                         blocks_of(ta, tb, i / n, i % n, k)));
  }
}

void cosim_top::compare_cycles(uint64_t v, const std::vector<model::mac_accel::TileRecord>& recs,
                               const std::vector<RtlTile>& tiles) {
  for (size_t i = 0; i < recs.size(); ++i) {
    const model::TileTiming& t = recs[i].timing;
    const RtlTile& r = tiles[i];
    ++rep_.tiles;
    rep_.compute_bound_tiles += t.stall_mem == 0;
    if (t.first == r.first && t.last == r.last && t.drained == r.drained) continue;
    ++rep_.cycle_mismatches;
    if (rep_.details.size() < kShownMismatches)
      rep_.details.push_back(fmt::format(
          "vector {} tile {} (row tile {}, column tile {}, operands from cycle {}): cycles first/last/drained\n"
          "    model {}/{}/{}\n    rtl   {}/{}/{}",
          v, i, recs[i].mt, recs[i].nt, recs[i].avail, t.first, t.last, t.drained, r.first, r.last, r.drained));
  }
}

std::string config_name(const CosimEntry& e) {
  return fmt::format("{}: {} x {}, {}, {}x{} array, PIPE={}{}{}{}", e.cfg.name, golden::format_info(e.fa).name,
                     golden::format_info(e.fb).name, golden::discipline_name(e.cfg.disc), e.rows, e.cols,
                     e.cfg.pipe, e.cfg.acc_ii == 1 ? "" : fmt::format(", ACC_II={}", e.cfg.acc_ii),
                     e.cfg.lanes == 1 ? "" : fmt::format(", {} lanes", e.cfg.lanes),
                     e.drain_rows == 1 ? "" : fmt::format(", DRAIN_ROWS={}", e.drain_rows));
}

// Every array of the registry, a line each (for the errors of find_cosim).
std::string registry_arrays() {
  std::string all;
  for (const CosimEntry& e : cosim_entries())
    all += fmt::format("\n  {} (tier {})", config_name(e), synth::tier_name(e.tier));
  return all;
}

}  // namespace

const std::vector<CosimEntry>& cosim_entries() {
  static const std::vector<CosimEntry> entries = [] {
    std::vector<CosimEntry> v;
    for (const synth::Engine& e : synth::registry())
      for (const synth::ArrayBuild& a : e.arrays)
        if (a.kind == synth::ArrayKind::Cosim)
          v.push_back({Config{e.name.c_str(), e.n, Side{e.sfa, e.asym_a != 0}, Side{e.sfb, e.asym_b != 0},
                              static_cast<golden::Discipline>(e.disc), e.pipe, e.acc_ii, e.lanes},
                       e.fa, e.fb, a.rows, a.cols, a.drain_rows, a.vcd, a.tier, "cosim_" + e.name + "_" + a.shape()});
    return v;
  }();
  return entries;
}

const CosimEntry& find_cosim(golden::Format fa, golden::Format fb, golden::Discipline disc, int rows, int cols,
                             int pipe, int acc_ii) {
  for (const CosimEntry& e : cosim_entries())
    if (e.fa == fa && e.fb == fb && e.cfg.disc == disc && e.rows == rows && e.cols == cols &&
        (pipe < 0 || e.cfg.pipe == pipe) && e.cfg.acc_ii == acc_ii && e.cfg.lanes == 1)
      return e;
  throw Error(fmt::format("no RTL array is built for {} x {}, {}, {}x{}{}{}; the registry's arrays (rtl/engines.txt):{}",
                          golden::format_info(fa).name, golden::format_info(fb).name, golden::discipline_name(disc),
                          rows, cols, pipe < 0 ? std::string() : fmt::format(", PIPE={}", pipe),
                          acc_ii == 1 ? std::string() : fmt::format(", ACC_II={}", acc_ii), registry_arrays()));
}

const CosimEntry& find_cosim(const std::string& name, int rows, int cols, int drain_rows) {
  for (const CosimEntry& e : cosim_entries())
    if (name == e.cfg.name && e.rows == rows && e.cols == cols && (drain_rows == 0 || e.drain_rows == drain_rows))
      return e;
  throw Error(fmt::format("no RTL array is built for the engine '{}' at {}x{}{}; the registry's arrays "
                          "(rtl/engines.txt):{}",
                          name, rows, cols, drain_rows == 0 ? "" : fmt::format(", {} rows drained per cycle", drain_rows),
                          registry_arrays()));
}

EquivReport run_equiv(const CosimEntry& e, const EquivOptions& opt) {
  const golden::QuantParams pa{e.fa, e.cfg.n, golden::Rounding::Nearest};
  const golden::QuantParams pb{e.fb, e.cfg.n, golden::Rounding::Nearest};
  uint64_t m = opt.m, n = opt.n, k = opt.k;
  if (opt.a || opt.b) {
    if (!opt.a || !opt.b) throw Error("user operands need both A and B");
    if (opt.a->params.format != pa.format || opt.b->params.format != pb.format || opt.a->params.block != e.cfg.n ||
        opt.b->params.block != e.cfg.n)
      throw Error("the operands are not packed in the array's formats");
    if (opt.a->cols != opt.b->cols)
      throw Error(fmt::format("A has K = {} columns, B has {}", opt.a->cols, opt.b->cols));
    if (opt.vectors != 1) throw Error("user operands make one vector");
    m = opt.a->rows;
    n = opt.b->rows;
    k = opt.a->cols;
  }
  if (!opt.shapes.empty()) {
    if (opt.a || opt.vectors != opt.shapes.size()) throw Error("shapes make one vector each, without user operands");
    m = n = k = 0;
    for (const auto& sh : opt.shapes) {
      if (sh[0] < 1 || sh[1] < 1 || sh[2] < 1) throw Error("M, N and K must be at least 1");
      m = std::max(m, sh[0]);
      n = std::max(n, sh[1]);
      k = std::max(k, sh[2]);
    }
  }
  if (m < 1 || n < 1 || k < 1 || m > model::reg::MAX_DIM || n > model::reg::MAX_DIM || k > model::reg::MAX_DIM)
    throw Error(fmt::format("M, N and K must be in 1..{}", model::reg::MAX_DIM));
  if (opt.vectors < 1) throw Error("--vectors must be at least 1");
  if (!opt.vcd.empty() && !std::ofstream(opt.vcd)) throw Error("cannot write the waveform " + opt.vcd);

  if (!opt.vcd.empty() && !e.trace)
    throw Error(fmt::format("{} is verilated without waveforms (tracing makes a model slow to compile): --vcd needs "
                            "an array marked +vcd in rtl/engines.txt", config_name(e)));
  std::unique_ptr<rtl_mac_array> rtl = make_rtl(e, !opt.vcd.empty());
  EquivReport rep;
  rep.engine = e.cfg.name;
  rep.config = config_name(e);
  rep.rows = e.rows;
  rep.cols = e.cols;
  rep.pipe = e.cfg.pipe;
  rep.acc_ii = e.cfg.acc_ii;
  rep.lanes = e.cfg.lanes;
  rep.drain_rows = e.drain_rows;
  rep.fa = pa.format;
  rep.fb = pb.format;
  rep.disc = e.cfg.disc;

  model::MemConfig mem = opt.mem;
  // The buffer holds any mapping of the largest GEMM: co-simulation is about
  // the array, not about refusing a mapping.
  {
    const uint64_t tr = static_cast<uint64_t>(e.rows * e.cfg.acc_ii);
    const uint64_t mr = (m + tr - 1) / tr * tr;
    const uint64_t nr = (n + static_cast<uint64_t>(e.cols) - 1) / static_cast<uint64_t>(e.cols) *
                        static_cast<uint64_t>(e.cols);
    mem.buffer_bytes = std::max<uint64_t>(
        mem.buffer_bytes, 2 * (mr * golden::row_bytes(pa, k) + nr * golden::row_bytes(pb, k)) + mr * nr * 4);
  }
  model::System sys(model::ArrayConfig{e.rows, e.cols, e.cfg.n, e.cfg.pipe, e.cfg.acc_ii, e.cfg.lanes, e.drain_rows}, mem, model::gemm_layout(pa, pb, m, n, k).bytes);
  cosim_top top("cosim", e, opt, sys, *rtl, rep);

  const auto t0 = std::chrono::steady_clock::now();
  if (!opt.vcd.empty()) {
    // Verilator connects the trace after the first evaluation.
    sc_core::sc_start(1, sc_core::SC_NS);
    rtl->open_vcd(opt.vcd.c_str());
  }
  sc_core::sc_start();
  if (!opt.vcd.empty()) rtl->close_vcd();
  rep.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

nlohmann::json to_json(const EquivReport& r) {
  return {{"engine", r.engine},
          {"config", r.config},
          {"a_format", golden::format_info(r.fa).name},
          {"b_format", golden::format_info(r.fb).name},
          {"discipline", golden::discipline_name(r.disc)},
          {"rows", r.rows},
          {"cols", r.cols},
          {"pipe", r.pipe},
          {"acc_ii", r.acc_ii},
          {"lanes", r.lanes},
          {"drain_rows", r.drain_rows},
          {"vectors", r.vectors},
          {"results", r.results},
          {"block_pairs", r.block_pairs},
          {"mismatches", {{"model_vs_golden", r.model_vs_golden},
                          {"rtl_vs_golden", r.rtl_vs_golden},
                          {"rtl_vs_model", r.rtl_vs_model}}},
          {"tiles", r.tiles},
          {"compute_bound_tiles", r.compute_bound_tiles},
          {"cycle_mismatches", r.cycle_mismatches},
          {"rtl_cycles", r.rtl_cycles},
          {"model_cycles", r.model_cycles},
          {"details", r.details},
          {"error", r.error},
          {"wall_seconds", r.wall_seconds},
          {"ok", r.ok()}};
}

std::string failure(const EquivReport& r) {
  if (r.ok()) return "";
  std::string s = fmt::format(
      "co-simulation mismatches: model vs golden {}, rtl vs golden {}, rtl vs model {}; tile cycles: {} differ "
      "between model and rtl",
      r.model_vs_golden, r.rtl_vs_golden, r.rtl_vs_model, r.cycle_mismatches);
  if (!r.error.empty()) s += "; stopped: " + r.error;
  return s;
}

std::string to_text(const EquivReport& r) {
  std::string s = fmt::format("co-simulation: {}\n", r.config);
  s += fmt::format("  vectors            {}\n", r.vectors);
  s += fmt::format("  results compared   {} words ({} block pairs)\n", r.results, r.block_pairs);
  s += "  mismatched words   model vs golden " + std::to_string(r.model_vs_golden) + ", rtl vs golden " +
       std::to_string(r.rtl_vs_golden) + ", rtl vs model " + std::to_string(r.rtl_vs_model) + "\n";
  s += fmt::format("  tile cycles        {} tiles ({} compute-bound), {} differ between model and rtl\n", r.tiles,
                   r.compute_bound_tiles, r.cycle_mismatches);
  s += fmt::format("  array cycles       model {}, rtl {}\n", r.model_cycles, r.rtl_cycles);
  s += fmt::format("  wall time          {:.2f} s\n", r.wall_seconds);
  for (const std::string& d : r.details) s += "  mismatch: " + d + "\n";
  if (!r.error.empty()) s += "  error: " + r.error + "\n";
  s += r.ok() ? "  result             PASS: the three views agree bit for bit and cycle for cycle\n"
              : "  result             FAIL\n";
  return s;
}

}  // namespace amx::tb
