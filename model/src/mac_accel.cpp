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
  if (addr_a_ % 16 || addr_b_ % 16 || addr_c_ % 4) {
    code = reg::ALIGN;
    why = "misaligned address: ADDR_A and ADDR_B must be 16-byte aligned, ADDR_C 4-byte aligned";
    return false;
  }
  const golden::QuantParams pa{fa.format, array.cfg.block, golden::Rounding::Nearest};
  const golden::QuantParams pb{fb.format, array.cfg.block, golden::Rounding::Nearest};
  const LoopNest ln(pa, pb, disc_ == static_cast<uint32_t>(golden::Discipline::Fused), m_, n_, k_,
                    static_cast<uint64_t>(array.cfg.tile_rows()), static_cast<uint64_t>(array.cfg.cols), map_);
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
bool mac_accel::gemm() {
  const ArrayConfig& ac = array.cfg;
  const golden::Format fa = static_cast<golden::Format>(fmt_a_), fb = static_cast<golden::Format>(fmt_b_);
  const golden::QuantParams pa{fa, ac.block, golden::Rounding::Nearest};
  const golden::QuantParams pb{fb, ac.block, golden::Rounding::Nearest};
  const golden::Discipline disc = static_cast<golden::Discipline>(disc_);
  array.set_discipline(disc);
  array.ctrl.reset();
  tiles_.clear();
  // R: rows of an array tile (II row groups of the array's rows).
  const uint64_t R = static_cast<uint64_t>(ac.tile_rows()), C = static_cast<uint64_t>(ac.cols);
  const uint64_t II = static_cast<uint64_t>(ac.acc_ii);
  const LoopNest ln(pa, pb, disc == golden::Discipline::Fused, m_, n_, k_, R, C, map_);
  const bool numerics = !timing_only_;
  const bool post = golden::format_info(fa).tensor_scale || golden::format_info(fb).tensor_scale;
  float ta, tb;
  std::memcpy(&ta, &tscale_a_, 4);
  std::memcpy(&tb, &tscale_b_, 4);
  const float post_scale = ta * tb;

  Stats st;
  auto at = [&](uint64_t cycle) { return clock_ * static_cast<double>(cycle); };
  auto cycles_of = [&](const sc_core::sc_time& t) {
    return static_cast<uint64_t>(std::ceil(t / clock_ - 1e-9));
  };

  // Steps in loop-nest order.
  struct Step {
    uint64_t mt, nt, c;
  };
  std::vector<Step> steps;
  steps.reserve(ln.tiles_m * ln.tiles_n * ln.chunks);
  for (uint64_t o = 0; o < (ln.order ? ln.tiles_n : ln.tiles_m); ++o)
    for (uint64_t i = 0; i < (ln.order ? ln.tiles_m : ln.tiles_n); ++i)
      for (uint64_t c = 0; c < ln.chunks; ++c) steps.push_back(ln.order ? Step{i, o, c} : Step{o, i, c});

  // Panel slots: which panel each holds, when it is loaded, when it is free.
  struct Slot {
    uint64_t key = ~uint64_t{0};
    uint64_t ready = 0, free = 0;
    std::vector<uint8_t> data;
  };
  Slot aslot[2], bslot[2];
  uint64_t end = 0;
  int a_cur = 1, b_cur = 1;  // slot of the current panel
  // Result writes wait in issue order and go to the DRAM port before any
  // later-issued read: the port serves requests in the order they arrive.
  struct Write {
    uint64_t addr, rows, row_len, issue;
    std::vector<uint8_t> data;
  };
  std::deque<Write> writes;
  sc_core::sc_time done;
  auto flush_writes = [&](uint64_t before) {
    while (!writes.empty() && writes.front().issue <= before) {
      const Write& w = writes.front();
      if (!dma0.write_2d(w.addr, w.rows, w.row_len, n_ * 4, numerics ? w.data.data() : nullptr, at(w.issue), done))
        return false;
      end = std::max(end, cycles_of(done));
      writes.pop_front();
    }
    return true;
  };
  std::vector<int> a_of(steps.size()), b_of(steps.size());
  // Loads the panels of step s (unless resident) into the other slots, issued
  // when those are free.
  auto load = [&](size_t s) {
    const Step& p = steps[s];
    const uint64_t b0 = ln.chunk_first(p.c), b1 = ln.chunk_end(p.c);
    const uint64_t akey = p.mt * ln.chunks + p.c, bkey = p.nt * ln.chunks + p.c;
    auto fetch = [&](Slot* slot, int& cur, uint64_t key, uint64_t rows, uint64_t row_len, uint64_t row0, uint64_t stride,
                     uint64_t base, uint64_t offset) {
      if (slot[cur].key == key) return true;  // shared with the step before: stays
      cur ^= 1;
      Slot& sl = slot[cur];
      if (!flush_writes(sl.free)) return false;
      if (numerics) sl.data.resize(rows * row_len);
      if (!dma0.read_2d(base + row0 * stride + offset, rows, row_len, stride, numerics ? sl.data.data() : nullptr,
                        at(sl.free), done))
        return false;
      sl.key = key;
      sl.ready = cycles_of(done);
      st.bytes_read += rows * row_len;
      st.sram_written += rows * row_len;
      return true;
    };
    if (!fetch(aslot, a_cur, akey, ln.rows_of(p.mt), ln.a_bytes(b0, b1), p.mt * ln.tm, ln.a_row, addr_a_,
               ln.a_offset(b0)))
      return false;
    if (!fetch(bslot, b_cur, bkey, ln.cols_of(p.nt), ln.b_bytes(b0, b1), p.nt * ln.tn, ln.b_row, addr_b_,
               ln.b_offset(b0)))
      return false;
    a_of[s] = a_cur;
    b_of[s] = b_cur;
    return true;
  };

  std::vector<golden::BlockOperand> oa, ob;
  std::vector<const golden::BlockOperand*> pa_rows, pb_rows;
  std::vector<float> ctile(R * C);
  std::vector<float> psum;                 // the output tile's partial sums (numerics)
  std::vector<uint64_t> psum_rec;          // record index of each array tile's last partial sums
  std::vector<uint64_t> psum_drained;      // and the cycle they left the drain bank
  uint64_t ntiles = 0;
  std::vector<TileRecord> recs;            // this GEMM's array tiles (if record_)
  const uint64_t sub_m = (ln.tm + R - 1) / R, sub_n = (ln.tn + C - 1) / C;
  uint64_t prev_first = 0;
  if (!load(0)) return false;
  for (size_t s = 0; s < steps.size(); ++s) {
    const Step& p = steps[s];
    const uint64_t b0 = ln.chunk_first(p.c), b1 = ln.chunk_end(p.c), nbc = b1 - b0;
    const bool final = p.c + 1 == ln.chunks;
    if (p.c == 0) {
      psum_rec.assign(sub_m * sub_n, 0);
      psum_drained.assign(sub_m * sub_n, 0);
      if (numerics && ln.chunks > 1) psum.assign(ln.tm * ln.tn, 0.0f);
    }
    Slot& as = aslot[a_of[s]];
    Slot& bs = bslot[b_of[s]];
    const uint64_t panel_avail = std::max(as.ready, bs.ready);
    uint64_t step_last = 0;
    const uint64_t rows = ln.rows_of(p.mt), cols = ln.cols_of(p.nt);
    const uint64_t a_len = ln.a_bytes(b0, b1), b_len = ln.b_bytes(b0, b1);
    for (uint64_t mi = 0; mi * R < rows; ++mi)
      for (uint64_t ni = 0; ni * C < cols; ++ni) {
        const uint64_t ra = std::min(R, rows - mi * R), cb = std::min(C, cols - ni * C);
        TileRecord rec{p.mt * sub_m + mi, p.nt * sub_n + ni, panel_avail, {}, b0, nbc, p.c > 0, final, 0, 0};
        if (rec.pre) {
          rec.src = psum_rec[mi * sub_n + ni];
          // Row r of the bank is written the cycle after row r of the source
          // tile has left the drain bank, and not before the previous tile
          // has read the bank (the first pair of each of its row groups).
          const uint64_t from = std::max(prev_first + II, psum_drained[mi * sub_n + ni] + 2 - R);
          rec.preload_from = from;
          rec.avail = std::max(rec.avail, from + R);
        }
        const TileTiming tt = array.ctrl.schedule(nbc, rec.avail);
        rec.timing = tt;
        prev_first = tt.first;
        step_last = tt.last;
        st.busy += II * nbc;
        st.stall_mem += tt.stall_mem;
        st.stall_drain += tt.stall_drain;
        st.sram_read += ra * a_len + cb * b_len;  // the panels' blocks streamed into the array
        if (rec.pre) st.sram_read += ra * cb * 4, st.psum_bytes += ra * cb * 4;
        if (!final) st.sram_written += ra * cb * 4, st.psum_bytes += ra * cb * 4;
        if (numerics) {
          auto decode = [&](const std::vector<uint8_t>& buf, uint64_t r0, uint64_t nrows, uint64_t row_len,
                            const golden::QuantParams& q, std::vector<golden::BlockOperand>& ops,
                            std::vector<const golden::BlockOperand*>& row_ptrs) {
            ops.resize(nrows * nbc);
            row_ptrs.resize(nrows);
            for (uint64_t r = 0; r < nrows; ++r) {
              const uint8_t* x = buf.data() + (r0 + r) * row_len;
              for (uint64_t j = 0; j < nbc; ++j) {
                const int n = static_cast<int>(std::min<uint64_t>(ac.block, k_ - (b0 + j) * ac.block));
                ops[r * nbc + j] = golden::block_operand(q, x, n);
                x += golden::block_bytes(q.format, n);
              }
              row_ptrs[r] = &ops[r * nbc];
            }
          };
          decode(as.data, mi * R, ra, a_len, pa, oa, pa_rows);
          decode(bs.data, ni * C, cb, b_len, pb, ob, pb_rows);
          const float* init = rec.pre ? &psum[(mi * R) * ln.tn + ni * C] : nullptr;
          if (init) {
            // The bank holds the tile's rows at a stride of C.
            for (uint64_t r = 0; r < ra; ++r)
              for (uint64_t c = 0; c < cb; ++c) ctile[r * C + c] = init[r * ln.tn + c];
          }
          array.compute_tile(pa_rows, pb_rows, nbc, ctile.data(), C, init ? ctile.data() : nullptr);
          if (!final) {
            for (uint64_t r = 0; r < ra; ++r)
              for (uint64_t c = 0; c < cb; ++c) psum[(mi * R + r) * ln.tn + ni * C + c] = ctile[r * C + c];
          } else {
            for (uint64_t r = 0; r < ra; ++r)
              for (uint64_t c = 0; c < cb; ++c) {
                float& v = ctile[r * C + c];
                if (post) v = v * post_scale;
                if (std::isnan(v)) v = golden::f32_from_bits(golden::kCanonicalNaN);
              }
          }
        }
        if (final) {
          const uint64_t row0 = p.mt * ln.tm + mi * R, col0 = p.nt * ln.tn + ni * C;
          Write w{addr_c_ + (row0 * n_ + col0) * 4, ra, cb * 4, tt.drained + 1, {}};
          if (numerics) {
            w.data.resize(ra * cb * 4);
            for (uint64_t r = 0; r < ra; ++r) std::memcpy(&w.data[r * cb * 4], &ctile[r * C], cb * 4);
          }
          writes.push_back(std::move(w));
          st.bytes_written += ra * cb * 4;
        }
        end = std::max(end, tt.drained + 1);
        psum_rec[mi * sub_n + ni] = ntiles++;
        psum_drained[mi * sub_n + ni] = tt.drained;
        if (record_) recs.push_back(rec);  // what the co-simulation replays
      }
    // This step's slots are free once its last pair has entered; step s + 1
    // loads into the slots step s - 1 used.
    as.free = step_last + 1;
    bs.free = step_last + 1;
    if (s + 1 < steps.size() && !load(s + 1)) return false;
  }
  if (!flush_writes(~uint64_t{0})) return false;
  st.cycles = end;
  st.tiles = ntiles;
  st.block_pairs = st.busy;  // per unit: every array tile's pairs, over every chunk
  st.macs = static_cast<uint64_t>(m_) * n_ * k_;
  st.tail = st.cycles - st.busy - st.stall_mem - st.stall_drain;
  stats_ = st;
  if (record_) tiles_ = std::move(recs);
  sc_core::wait(at(end));
  return true;
}

}  // namespace amx::model
