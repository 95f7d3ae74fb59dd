// The accelerator's register interface and its GEMM: tiles of A and B brought
// in by DMA under the mapping's loop nest, each tile's block pairs through
// the mac_array, the results written back, the cycles from mac_ctrl.
#include "amx/model/mac_accel.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>

#include <fmt/format.h>

#include "amx/golden/error.hpp"
#include "amx/golden/formats.hpp"
#include "amx/golden/quantizer.hpp"
#include "amx/model/loop_nest.hpp"

namespace amx::model {

namespace {

constexpr int kNumFormats = static_cast<int>(golden::Format::INT4_ASYM) + 1;

bool mac_format(uint32_t f) {
  return f < static_cast<uint32_t>(kNumFormats) && golden::format_info(static_cast<golden::Format>(f)).fp4_elements;
}

}  // namespace

mac_accel::mac_accel(sc_core::sc_module_name name, const ArrayConfig& a, const MemConfig& mem)
    : sc_core::sc_module(name),
      regs("regs"),
      dma0("dma"),
      array("array", a),
      mem_(mem),
      clock_(1.0 / mem.clock_ghz, sc_core::SC_NS) {
  regs.register_b_transport(this, &mac_accel::b_transport);
  SC_THREAD(run);
}

void mac_accel::b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay) {
  (void)delay;
  const uint64_t addr = t.get_address();
  if (addr % 4 != 0 || addr >= reg::END) {
    error_ = fmt::format("register access at {:#05x}: unmapped or not 4-byte aligned", addr);
    t.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  if (t.get_data_length() != 4 || t.get_byte_enable_ptr() != nullptr || t.get_streaming_width() != 4) {
    error_ = fmt::format("register access at {:#05x}: must be one 32-bit word", addr);
    t.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  uint32_t v;
  if (t.is_read()) {
    v = read_reg(addr);
    std::memcpy(t.get_data_ptr(), &v, 4);
    t.set_response_status(tlm::TLM_OK_RESPONSE);
  } else if (t.is_write()) {
    std::memcpy(&v, t.get_data_ptr(), 4);
    tlm::tlm_response_status st = tlm::TLM_OK_RESPONSE;
    write_reg(addr, v, st);
    t.set_response_status(st);
  } else {
    t.set_response_status(tlm::TLM_OK_RESPONSE);
  }
}

uint32_t mac_accel::read_reg(uint64_t addr) const {
  if (addr >= reg::COUNTERS && addr < reg::COUNTERS + 8 * reg::NCOUNTERS) {
    const uint64_t c[reg::NCOUNTERS] = {stats_.cycles,      stats_.busy,      stats_.stall_mem,     stats_.stall_drain,
                                        stats_.tail,        stats_.bytes_read, stats_.bytes_written, stats_.macs,
                                        stats_.block_pairs, stats_.tiles,      stats_.sram_read,    stats_.sram_written,
                                        stats_.psum_bytes};
    const uint64_t i = (addr - reg::COUNTERS) / 8;
    return (addr & 4) ? static_cast<uint32_t>(c[i] >> 32) : static_cast<uint32_t>(c[i]);
  }
  switch (addr) {
    case reg::ID: return reg::ID_VALUE;
    case reg::STATUS: return status_;
    case reg::FMT_A: return fmt_a_;
    case reg::FMT_B: return fmt_b_;
    case reg::DISC: return disc_;
    case reg::M: return m_;
    case reg::N: return n_;
    case reg::K: return k_;
    case reg::ADDR_A: return static_cast<uint32_t>(addr_a_);
    case reg::ADDR_A + 4: return static_cast<uint32_t>(addr_a_ >> 32);
    case reg::ADDR_B: return static_cast<uint32_t>(addr_b_);
    case reg::ADDR_B + 4: return static_cast<uint32_t>(addr_b_ >> 32);
    case reg::ADDR_C: return static_cast<uint32_t>(addr_c_);
    case reg::ADDR_C + 4: return static_cast<uint32_t>(addr_c_ >> 32);
    case reg::TSCALE_A: return tscale_a_;
    case reg::TSCALE_B: return tscale_b_;
    case reg::TILE_M: return map_.tile_m;
    case reg::TILE_N: return map_.tile_n;
    case reg::K_CHUNKS: return map_.k_chunks;
    case reg::ORDER: return map_.order;
    case reg::ROWS: return static_cast<uint32_t>(array.cfg.rows);
    case reg::COLS: return static_cast<uint32_t>(array.cfg.cols);
    case reg::BLOCK: return static_cast<uint32_t>(array.cfg.block);
    case reg::PIPE: return static_cast<uint32_t>(array.cfg.pipe);
    case reg::ACC_II: return static_cast<uint32_t>(array.cfg.acc_ii);
    case reg::LANES: return static_cast<uint32_t>(array.cfg.lanes);
    case reg::DRAIN_ROWS: return static_cast<uint32_t>(array.cfg.drain_rows);
    default: return 0;
  }
}

bool mac_accel::write_reg(uint64_t addr, uint32_t v, tlm::tlm_response_status& st) {
  auto fail = [&](tlm::tlm_response_status s, const std::string& why) {
    error_ = why;
    st = s;
    return false;
  };
  if ((status_ & reg::STATUS_BUSY) && addr != reg::STATUS)
    return fail(tlm::TLM_GENERIC_ERROR_RESPONSE, "register write while a GEMM is running");
  auto dim = [&](uint32_t& r, const char* name) {
    if (v == 0 || v > reg::MAX_DIM)
      return fail(tlm::TLM_GENERIC_ERROR_RESPONSE,
                  std::string(name) + " = " + std::to_string(v) + " is outside 1.." + std::to_string(reg::MAX_DIM));
    r = v;
    return true;
  };
  auto fmt = [&](uint32_t& r, const char* name) {
    if (!mac_format(v))
      return fail(tlm::TLM_GENERIC_ERROR_RESPONSE,
                  std::string(name) + " = " + std::to_string(v) + " is not a format with an FP4 MAC engine");
    r = v;
    return true;
  };
  switch (addr) {
    case reg::CTRL:
      if (!(v & reg::CTRL_START)) return true;
      {
        std::string why;
        uint32_t code = reg::OK;
        if (!check_start(why, code)) {
          status_ = reg::STATUS_ERROR | (code << 8);
          return fail(tlm::TLM_GENERIC_ERROR_RESPONSE, why);
        }
      }
      timing_only_ = (v & reg::CTRL_TIMING_ONLY) != 0;
      status_ = reg::STATUS_BUSY;
      start_.notify(sc_core::SC_ZERO_TIME);
      return true;
    case reg::FMT_A: return fmt(fmt_a_, "FMT_A");
    case reg::FMT_B: return fmt(fmt_b_, "FMT_B");
    case reg::DISC:
      if (v > 3)
        return fail(tlm::TLM_GENERIC_ERROR_RESPONSE, "DISC = " + std::to_string(v) + " is not 0, 1, 2 or 3");
      disc_ = v;
      return true;
    case reg::M: return dim(m_, "M");
    case reg::N: return dim(n_, "N");
    case reg::K: return dim(k_, "K");
    case reg::ADDR_A: addr_a_ = (addr_a_ & ~0xFFFFFFFFull) | v; return true;
    case reg::ADDR_A + 4: addr_a_ = (addr_a_ & 0xFFFFFFFFull) | (uint64_t{v} << 32); return true;
    case reg::ADDR_B: addr_b_ = (addr_b_ & ~0xFFFFFFFFull) | v; return true;
    case reg::ADDR_B + 4: addr_b_ = (addr_b_ & 0xFFFFFFFFull) | (uint64_t{v} << 32); return true;
    case reg::ADDR_C: addr_c_ = (addr_c_ & ~0xFFFFFFFFull) | v; return true;
    case reg::ADDR_C + 4: addr_c_ = (addr_c_ & 0xFFFFFFFFull) | (uint64_t{v} << 32); return true;
    case reg::TSCALE_A: tscale_a_ = v; return true;
    case reg::TSCALE_B: tscale_b_ = v; return true;
    case reg::TILE_M:
    case reg::TILE_N: {
      const uint32_t side = static_cast<uint32_t>(addr == reg::TILE_M ? array.cfg.tile_rows() : array.cfg.cols);
      if (v % side != 0 || v > reg::MAX_DIM)
        return fail(tlm::TLM_GENERIC_ERROR_RESPONSE,
                    fmt::format("{} = {} is not a multiple of the array's {} = {} up to {}",
                                addr == reg::TILE_M ? "TILE_M" : "TILE_N", v,
                                addr == reg::TILE_M ? (array.cfg.acc_ii == 2 ? "2R (tile rows)" : "R") : "C", side,
                                reg::MAX_DIM));
      (addr == reg::TILE_M ? map_.tile_m : map_.tile_n) = v;
      return true;
    }
    case reg::K_CHUNKS:
      if (v == 0 || v > reg::MAX_DIM)
        return fail(tlm::TLM_GENERIC_ERROR_RESPONSE, "K_CHUNKS = " + std::to_string(v) + " is outside 1.." +
                                                         std::to_string(reg::MAX_DIM));
      map_.k_chunks = v;
      return true;
    case reg::ORDER:
      if (v > 1) return fail(tlm::TLM_GENERIC_ERROR_RESPONSE, "ORDER = " + std::to_string(v) + " is not 0 or 1");
      map_.order = v;
      return true;
    default:
      return fail(tlm::TLM_COMMAND_ERROR_RESPONSE, fmt::format("register at {:#05x} is read-only", addr));
  }
}

bool mac_accel::check_start(std::string& why, uint32_t& code) const {
  const golden::FormatInfo& fa = golden::format_info(static_cast<golden::Format>(fmt_a_));
  const golden::FormatInfo& fb = golden::format_info(static_cast<golden::Format>(fmt_b_));
  if (fa.default_block != array.cfg.block || fb.default_block != array.cfg.block) {
    code = reg::FORMATS;
    why = std::string("formats ") + fa.name + " x " + fb.name + " use blocks of " + std::to_string(fa.default_block) +
          " and " + std::to_string(fb.default_block) + " elements; the array is built for " +
          std::to_string(array.cfg.block);
    return false;
  }
  if (const std::string e = golden::lanes_error(static_cast<golden::Discipline>(disc_), array.cfg.lanes); !e.empty()) {
    code = reg::CONTRACT;
    why = fmt::format("{}; the array's units take {} block pairs per cycle", e, array.cfg.lanes);
    return false;
  }
  if (addr_a_ % 16 || addr_b_ % 16 || addr_c_ % 4) {
    code = reg::ALIGN;
    why = "misaligned address: ADDR_A and ADDR_B must be 16-byte aligned, ADDR_C 4-byte aligned";
    return false;
  }
  const golden::QuantParams pa{fa.format, array.cfg.block, golden::Rounding::Nearest};
  const golden::QuantParams pb{fb.format, array.cfg.block, golden::Rounding::Nearest};
  const LoopNest ln(pa, pb, disc_ == static_cast<uint32_t>(golden::Discipline::Fused), m_, n_, k_,
                    static_cast<uint64_t>(array.cfg.tile_rows()), static_cast<uint64_t>(array.cfg.cols), map_,
                    static_cast<uint64_t>(array.cfg.lanes));
  if (ln.footprint() > mem_.buffer_bytes) {
    code = reg::BUFFERS;
    why = fmt::format("the mapping (tile {} x {}, {} K chunk{}) needs {} bytes of on-chip buffer (two A and two B "
                      "panels{}); the accelerator has {}",
                      ln.tm, ln.tn, ln.chunks, ln.chunks > 1 ? "s" : "", ln.footprint(),
                      ln.chunks > 1 ? ", the partial sums" : "", mem_.buffer_bytes);
    return false;
  }
  return true;
}

void mac_accel::run() {
  for (;;) {
    // A start written before the simulation began is already in STATUS.
    while (!(status_ & reg::STATUS_BUSY)) sc_core::wait(start_);
    // No exceptions inside a SystemC thread (see dma.hpp): gemm() reports.
    if (gemm()) {
      status_ = reg::STATUS_DONE;
    } else {
      error_ = dma0.error();
      status_ = reg::STATUS_DONE | reg::STATUS_ERROR | (reg::DMA << 8);
    }
    done_.notify(sc_core::SC_ZERO_TIME);
  }
}

// The loop nest of the Mapping (loop_nest.hpp): output tiles in ORDER, each
// over its K chunks; a step (output tile, chunk) needs the A panel and the B
// panel of its rows, columns and chunk in the buffer.  Panels are double
// buffered: the panels of step s + 1 load into the slots step s - 1 used,
// issued when that step's last block pair has entered the array; a panel
// the next step shares (one chunk only) is not loaded again.  The DMA
// serves requests in order on the DRAM port.  Inside a step the array's R x
// C tiles run row-major, each from the cycle its panels are in (and, with a
// preload, the bank holds its partial sums); the results of a chunk that is
// not the last stay in the buffer as partial sums, those of the last go to
// DRAM once drained.  The thread keeps its time as a cycle count from START
// and waits once, at the end (loosely timed, temporally decoupled).
struct mac_accel::GemmPass {
  struct Step {
    uint64_t mt, nt, c;
  };
  // A panel slot: which panel it holds, when it is loaded, when it is free.
  struct Slot {
    uint64_t key = ~uint64_t{0};
    uint64_t ready = 0, free = 0;
    std::vector<uint8_t> data;
  };
  // Result writes wait in issue order and go to the DRAM port before any
  // later-issued read: the port serves requests in the order they arrive.
  struct Write {
    uint64_t addr, rows, row_len, issue;
    std::vector<uint8_t> data;
  };

  GemmPass(const golden::QuantParams& qa, const golden::QuantParams& qb, const ArrayConfig& ac, bool fused, uint32_t m,
           uint32_t n, uint32_t k, const Mapping& map)
      : pa(qa),
        pb(qb),
        R(static_cast<uint64_t>(ac.tile_rows())),  // rows of an array tile (II row groups of the array's rows)
        C(static_cast<uint64_t>(ac.cols)),
        II(static_cast<uint64_t>(ac.acc_ii)),
        ln(qa, qb, fused, m, n, k, R, C, map, static_cast<uint64_t>(ac.lanes)),
        sub_m((ln.tm + R - 1) / R),
        sub_n((ln.tn + C - 1) / C) {
    steps.reserve(ln.tiles_m * ln.tiles_n * ln.chunks);
    for (uint64_t o = 0; o < (ln.order ? ln.tiles_n : ln.tiles_m); ++o)
      for (uint64_t i = 0; i < (ln.order ? ln.tiles_m : ln.tiles_n); ++i)
        for (uint64_t c = 0; c < ln.chunks; ++c) steps.push_back(ln.order ? Step{i, o, c} : Step{o, i, c});
    a_of.resize(steps.size());
    b_of.resize(steps.size());
    ctile.resize(R * C);
  }

  // Array tile (mi, ni) of step s: its K chunk (blocks b0 .. b0 + nbc - 1),
  // its rows and columns, and whether the chunk is the output's last.
  struct Span {
    uint64_t b0, nbc, ra, cb;
    bool final;
  };
  Span span(size_t s, uint64_t mi, uint64_t ni) const {
    const Step& p = steps[s];
    const uint64_t b0 = ln.chunk_first(p.c);
    return {b0, ln.chunk_end(p.c) - b0, std::min(R, ln.rows_of(p.mt) - mi * R), std::min(C, ln.cols_of(p.nt) - ni * C),
            p.c + 1 == ln.chunks};
  }

  const golden::QuantParams pa, pb;
  const uint64_t R, C, II;
  const LoopNest ln;
  const uint64_t sub_m, sub_n;  // array tiles per output tile
  bool numerics = true, post = false;
  float post_scale = 1.0f;
  Stats st;
  std::vector<Step> steps;  // in loop-nest order
  Slot aslot[2], bslot[2];
  int a_cur = 1, b_cur = 1;  // slot of the current panel
  std::vector<int> a_of, b_of;  // each step's slots
  std::deque<Write> writes;
  uint64_t end = 0;
  // Numerics: the blocks of the tile's rows and columns, its results, the
  // output tile's partial sums.
  std::vector<golden::BlockOperand> oa, ob;
  std::vector<const golden::BlockOperand*> pa_rows, pb_rows;
  std::vector<float> ctile, psum;
  std::vector<uint64_t> psum_rec;      // record index of each array tile's last partial sums
  std::vector<uint64_t> psum_drained;  // and the cycle they left the drain bank
  uint64_t ntiles = 0, prev_first = 0, step_last = 0;
  uint64_t pairs = 0;  // block pairs per unit (the groups' real blocks)
  std::vector<TileRecord> recs;  // this GEMM's array tiles (if record_)
};

namespace {

sc_core::sc_time at(const sc_core::sc_time& clock, uint64_t cycle) { return clock * static_cast<double>(cycle); }
uint64_t cycles_of(const sc_core::sc_time& clock, const sc_core::sc_time& t) {
  return static_cast<uint64_t>(std::ceil(t / clock - 1e-9));
}

// The blocks of rows r0 .. r0 + nrows - 1 of a panel, K blocks b0 .. b0 + nbc - 1.
void decode_panel(const std::vector<uint8_t>& buf, uint64_t r0, uint64_t nrows, uint64_t row_len, uint64_t nbc,
                  uint64_t b0, int block, uint32_t k, const golden::QuantParams& q,
                  std::vector<golden::BlockOperand>& ops, std::vector<const golden::BlockOperand*>& row_ptrs) {
  ops.resize(nrows * nbc);
  row_ptrs.resize(nrows);
  for (uint64_t r = 0; r < nrows; ++r) {
    const uint8_t* x = buf.data() + (r0 + r) * row_len;
    for (uint64_t j = 0; j < nbc; ++j) {
      const int n = static_cast<int>(std::min<uint64_t>(block, k - (b0 + j) * block));
      ops[r * nbc + j] = golden::block_operand(q, x, n);
      x += golden::block_bytes(q.format, n);
    }
    row_ptrs[r] = &ops[r * nbc];
  }
}

}  // namespace

// Writes issued up to cycle `before` go to the DRAM port.
bool mac_accel::drain(GemmPass& g, uint64_t before) {
  while (!g.writes.empty() && g.writes.front().issue <= before) {
    const GemmPass::Write& w = g.writes.front();
    sc_core::sc_time done;
    if (!dma0.write_2d(w.addr, w.rows, w.row_len, n_ * 4, g.numerics ? w.data.data() : nullptr, at(clock_, w.issue),
                       done))
      return false;
    g.end = std::max(g.end, cycles_of(clock_, done));
    g.writes.pop_front();
  }
  return true;
}

// Loads the panels of step s (unless resident) into the other slots, issued
// when those are free.
bool mac_accel::prefetch(GemmPass& g, size_t s) {
  const GemmPass::Step& p = g.steps[s];
  const LoopNest& ln = g.ln;
  const uint64_t b0 = ln.chunk_first(p.c), b1 = ln.chunk_end(p.c);
  const uint64_t akey = p.mt * ln.chunks + p.c, bkey = p.nt * ln.chunks + p.c;
  auto fetch = [&](GemmPass::Slot* slot, int& cur, uint64_t key, uint64_t rows, uint64_t row_len, uint64_t row0,
                   uint64_t stride, uint64_t base, uint64_t offset) {
    if (slot[cur].key == key) return true;  // shared with the step before: stays
    cur ^= 1;
    GemmPass::Slot& sl = slot[cur];
    if (!drain(g, sl.free)) return false;
    if (g.numerics) sl.data.resize(rows * row_len);
    sc_core::sc_time done;
    if (!dma0.read_2d(base + row0 * stride + offset, rows, row_len, stride, g.numerics ? sl.data.data() : nullptr,
                      at(clock_, sl.free), done))
      return false;
    sl.key = key;
    sl.ready = cycles_of(clock_, done);
    g.st.bytes_read += rows * row_len;
    g.st.sram_written += rows * row_len;
    return true;
  };
  if (!fetch(g.aslot, g.a_cur, akey, ln.rows_of(p.mt), ln.a_bytes(b0, b1), p.mt * ln.tm, ln.a_row, addr_a_,
             ln.a_offset(b0)))
    return false;
  if (!fetch(g.bslot, g.b_cur, bkey, ln.cols_of(p.nt), ln.b_bytes(b0, b1), p.nt * ln.tn, ln.b_row, addr_b_,
             ln.b_offset(b0)))
    return false;
  g.a_of[s] = g.a_cur;
  g.b_of[s] = g.b_cur;
  return true;
}

// The tile's results through the units (numerics): from +0 or its preloaded
// partial sums, kept as partial sums or finished (tensor scales, NaN).
void mac_accel::compute_tile(GemmPass& g, size_t s, uint64_t mi, uint64_t ni, bool pre) {
  const LoopNest& ln = g.ln;
  const uint64_t R = g.R, C = g.C;
  const auto [b0, nbc, ra, cb, final] = g.span(s, mi, ni);
  const uint64_t b1 = b0 + nbc;
  const int block = array.cfg.block;
  decode_panel(g.aslot[g.a_of[s]].data, mi * R, ra, ln.a_bytes(b0, b1), nbc, b0, block, k_, g.pa, g.oa, g.pa_rows);
  decode_panel(g.bslot[g.b_of[s]].data, ni * C, cb, ln.b_bytes(b0, b1), nbc, b0, block, k_, g.pb, g.ob, g.pb_rows);
  std::vector<float>& ctile = g.ctile;
  const float* init = pre ? &g.psum[(mi * R) * ln.tn + ni * C] : nullptr;
  if (init) {
    // The bank holds the tile's rows at a stride of C.
    for (uint64_t r = 0; r < ra; ++r)
      for (uint64_t c = 0; c < cb; ++c) ctile[r * C + c] = init[r * ln.tn + c];
  }
  array.compute_tile(g.pa_rows, g.pb_rows, nbc, ctile.data(), C, init ? ctile.data() : nullptr);
  if (!final) {
    for (uint64_t r = 0; r < ra; ++r)
      for (uint64_t c = 0; c < cb; ++c) g.psum[(mi * R + r) * ln.tn + ni * C + c] = ctile[r * C + c];
  } else {
    for (uint64_t r = 0; r < ra; ++r)
      for (uint64_t c = 0; c < cb; ++c) {
        float& v = ctile[r * C + c];
        if (g.post) v = v * g.post_scale;
        if (std::isnan(v)) v = golden::f32_from_bits(golden::kCanonicalNaN);
      }
  }
}

// Array tile (mi, ni) of step s: its schedule from mac_ctrl, its traffic in
// the buffer, its results (numerics), and its write to DRAM if final.
void mac_accel::issue_tile(GemmPass& g, size_t s, uint64_t mi, uint64_t ni) {
  const GemmPass::Step& p = g.steps[s];
  const LoopNest& ln = g.ln;
  const uint64_t R = g.R, C = g.C;
  const auto [b0, nbc, ra, cb, final] = g.span(s, mi, ni);
  const uint64_t b1 = b0 + nbc;
  const uint64_t panel_avail = std::max(g.aslot[g.a_of[s]].ready, g.bslot[g.b_of[s]].ready);
  TileRecord rec{p.mt * g.sub_m + mi, p.nt * g.sub_n + ni, panel_avail, {}, b0, nbc, p.c > 0, final, 0, 0};
  const size_t t = mi * g.sub_n + ni;
  if (rec.pre) {
    rec.src = g.psum_rec[t];
    const uint64_t from = array.cfg.preload_from(g.prev_first, g.psum_drained[t]);
    rec.preload_from = from;
    rec.avail = std::max(rec.avail, from + array.cfg.drain_cycles());
  }
  const uint64_t groups = array.cfg.groups(nbc);
  const TileTiming tt = array.ctrl.schedule(groups, rec.avail);
  rec.timing = tt;
  g.prev_first = tt.first;
  g.step_last = tt.last;
  Stats& st = g.st;
  st.busy += g.II * groups;
  g.pairs += g.II * nbc;
  st.stall_mem += tt.stall_mem;
  st.stall_drain += tt.stall_drain;
  st.sram_read += ra * ln.a_bytes(b0, b1) + cb * ln.b_bytes(b0, b1);  // the panels' blocks streamed into the array
  if (rec.pre) st.sram_read += ra * cb * 4, st.psum_bytes += ra * cb * 4;
  if (!final) st.sram_written += ra * cb * 4, st.psum_bytes += ra * cb * 4;
  if (g.numerics) compute_tile(g, s, mi, ni, rec.pre);
  if (final) {
    const uint64_t row0 = p.mt * ln.tm + mi * R, col0 = p.nt * ln.tn + ni * C;
    GemmPass::Write w{addr_c_ + (row0 * n_ + col0) * 4, ra, cb * 4, tt.drained + 1, {}};
    if (g.numerics) {
      w.data.resize(ra * cb * 4);
      for (uint64_t r = 0; r < ra; ++r) std::memcpy(&w.data[r * cb * 4], &g.ctile[r * C], cb * 4);
    }
    g.writes.push_back(std::move(w));
    st.bytes_written += ra * cb * 4;
  }
  g.end = std::max(g.end, tt.drained + 1);
  g.psum_rec[t] = g.ntiles++;
  g.psum_drained[t] = tt.drained;
  if (record_) g.recs.push_back(rec);  // what the co-simulation replays
}

bool mac_accel::gemm() {
  const ArrayConfig& ac = array.cfg;
  const golden::Format fa = static_cast<golden::Format>(fmt_a_), fb = static_cast<golden::Format>(fmt_b_);
  const golden::Discipline disc = static_cast<golden::Discipline>(disc_);
  array.set_discipline(disc);
  array.ctrl.reset();
  tiles_.clear();
  GemmPass g({fa, ac.block, golden::Rounding::Nearest}, {fb, ac.block, golden::Rounding::Nearest}, ac,
             disc == golden::Discipline::Fused, m_, n_, k_, map_);
  g.numerics = !timing_only_;
  g.post = golden::format_info(fa).tensor_scale || golden::format_info(fb).tensor_scale;
  float ta, tb;
  std::memcpy(&ta, &tscale_a_, 4);
  std::memcpy(&tb, &tscale_b_, 4);
  g.post_scale = ta * tb;
  const LoopNest& ln = g.ln;
  if (!prefetch(g, 0)) return false;
  for (size_t s = 0; s < g.steps.size(); ++s) {
    const GemmPass::Step& p = g.steps[s];
    if (p.c == 0) {
      g.psum_rec.assign(g.sub_m * g.sub_n, 0);
      g.psum_drained.assign(g.sub_m * g.sub_n, 0);
      if (g.numerics && ln.chunks > 1) g.psum.assign(ln.tm * ln.tn, 0.0f);
    }
    g.step_last = 0;
    for (uint64_t mi = 0; mi * g.R < ln.rows_of(p.mt); ++mi)
      for (uint64_t ni = 0; ni * g.C < ln.cols_of(p.nt); ++ni) issue_tile(g, s, mi, ni);
    // This step's slots are free once its last pair has entered; step s + 1
    // loads into the slots step s - 1 used.
    g.aslot[g.a_of[s]].free = g.step_last + 1;
    g.bslot[g.b_of[s]].free = g.step_last + 1;
    if (s + 1 < g.steps.size() && !prefetch(g, s + 1)) return false;
  }
  if (!drain(g, ~uint64_t{0})) return false;
  Stats& st = g.st;
  st.cycles = g.end;
  st.tiles = g.ntiles;
  st.block_pairs = g.pairs;  // per unit: every array tile's pairs, over every chunk
  st.macs = static_cast<uint64_t>(m_) * n_ * k_;
  st.tail = st.cycles - st.busy - st.stall_mem - st.stall_drain;
  stats_ = st;
  if (record_) tiles_ = std::move(g.recs);
  sc_core::wait(at(clock_, g.end));
  return true;
}

}  // namespace amx::model
