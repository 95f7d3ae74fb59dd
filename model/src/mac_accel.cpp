#include "amx/model/mac_accel.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "amx/golden/error.hpp"
#include "amx/golden/formats.hpp"
#include "amx/golden/quantizer.hpp"

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
    const uint64_t c[reg::NCOUNTERS] = {stats_.cycles,    stats_.busy,     stats_.stall_mem,     stats_.stall_drain,
                                        stats_.tail,      stats_.bytes_read, stats_.bytes_written, stats_.macs,
                                        stats_.block_pairs, stats_.tiles};
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
    case reg::ROWS: return static_cast<uint32_t>(array.cfg.rows);
    case reg::COLS: return static_cast<uint32_t>(array.cfg.cols);
    case reg::BLOCK: return static_cast<uint32_t>(array.cfg.block);
    case reg::PIPE: return static_cast<uint32_t>(array.cfg.pipe);
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
  const uint64_t a_tile = golden::row_bytes(pa, k_) * static_cast<uint64_t>(array.cfg.rows);
  const uint64_t b_tile = golden::row_bytes(pb, k_) * static_cast<uint64_t>(array.cfg.cols);
  if (a_tile > mem_.buffer_bytes || b_tile > mem_.buffer_bytes) {
    code = reg::BUFFERS;
    why = "K = " + std::to_string(k_) + " needs tile buffers of " + std::to_string(std::max(a_tile, b_tile)) +
          " bytes; the accelerator has " + std::to_string(mem_.buffer_bytes);
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

// Tiles run in row-major order of the output (mt outer, nt inner), so an
// A tile serves a whole row of output tiles.  The DMA serves requests in
// order on each of its read and write channels: the prefetch of tile i + 1
// (into the buffers tile i - 1 has left) and the results of tile i once
// they are drained.  The thread keeps its
// time as a cycle count from START and waits once, at the end (loosely
// timed, temporally decoupled).
bool mac_accel::gemm() {
  const ArrayConfig& ac = array.cfg;
  const golden::Format fa = static_cast<golden::Format>(fmt_a_), fb = static_cast<golden::Format>(fmt_b_);
  const golden::QuantParams pa{fa, ac.block, golden::Rounding::Nearest};
  const golden::QuantParams pb{fb, ac.block, golden::Rounding::Nearest};
  array.set_discipline(static_cast<golden::Discipline>(disc_));
  array.ctrl.reset();
  tiles_.clear();
  const uint64_t R = static_cast<uint64_t>(ac.rows), C = static_cast<uint64_t>(ac.cols);
  const uint64_t nb = (k_ + static_cast<uint64_t>(ac.block) - 1) / static_cast<uint64_t>(ac.block);
  const uint64_t a_row = golden::row_bytes(pa, k_), b_row = golden::row_bytes(pb, k_);
  const uint64_t tiles_m = (m_ + R - 1) / R, tiles_n = (n_ + C - 1) / C, tiles = tiles_m * tiles_n;
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

  std::vector<uint8_t> abuf[2], bbuf[2];
  if (numerics)
    for (int i = 0; i < 2; ++i) {
      abuf[i].resize(a_row * R);
      bbuf[i].resize(b_row * C);
    }
  uint64_t a_ready[2] = {0, 0}, b_ready[2] = {0, 0};  // load completion per buffer
  uint64_t a_free[2] = {0, 0};                        // cycle the A buffer may be refilled
  std::vector<uint64_t> last_of_tile(tiles, 0);

  auto rows_a = [&](uint64_t mt) { return std::min(R, m_ - mt * R); };
  auto cols_b = [&](uint64_t nt) { return std::min(C, n_ - nt * C); };
  sc_core::sc_time done;
  auto load = [&](uint64_t i, uint64_t issue) {
    const uint64_t mt = i / tiles_n, nt = i % tiles_n;
    if (nt == 0) {
      const uint64_t len = a_row * rows_a(mt);
      const uint64_t when = std::max(issue, a_free[mt % 2]);
      if (!dma0.read(addr_a_ + mt * R * a_row, numerics ? abuf[mt % 2].data() : nullptr, len, at(when), done))
        return false;
      a_ready[mt % 2] = cycles_of(done);
      st.bytes_read += len;
    }
    const uint64_t len = b_row * cols_b(nt);
    if (!dma0.read(addr_b_ + nt * C * b_row, numerics ? bbuf[i % 2].data() : nullptr, len, at(issue), done))
      return false;
    b_ready[i % 2] = cycles_of(done);
    st.bytes_read += len;
    return true;
  };

  std::vector<golden::BlockOperand> oa, ob;
  std::vector<const golden::BlockOperand*> pa_rows, pb_rows;
  std::vector<float> ctile(R * C);
  uint64_t end = 0;
  if (!load(0, 0)) return false;
  for (uint64_t i = 0; i < tiles; ++i) {
    const uint64_t mt = i / tiles_n, nt = i % tiles_n;
    // Prefetch tile i + 1 into the buffers tile i - 1 has left.
    if (i + 1 < tiles && !load(i + 1, i >= 1 ? last_of_tile[i - 1] + 1 : 0)) return false;
    const uint64_t avail = std::max(a_ready[mt % 2], b_ready[i % 2]);
    const TileTiming tt = array.ctrl.schedule(nb, avail);
    if (record_) tiles_.push_back({mt, nt, avail, tt});
    last_of_tile[i] = tt.last;
    if (nt + 1 == tiles_n) a_free[mt % 2] = tt.last + 1;
    st.busy += nb;
    st.stall_mem += tt.stall_mem;
    st.stall_drain += tt.stall_drain;
    const uint64_t ra = rows_a(mt), cb = cols_b(nt);
    if (numerics) {
      // The block operands of a tile's rows, decoded from a local buffer.
      auto decode = [&](const std::vector<uint8_t>& buf, uint64_t rows, uint64_t row_bytes,
                        const golden::QuantParams& p, std::vector<golden::BlockOperand>& ops,
                        std::vector<const golden::BlockOperand*>& row_ptrs) {
        ops.resize(rows * nb);
        row_ptrs.resize(rows);
        for (uint64_t r = 0; r < rows; ++r) {
          const uint8_t* q = buf.data() + r * row_bytes;
          for (uint64_t j = 0; j < nb; ++j) {
            const int n = static_cast<int>(std::min<uint64_t>(ac.block, k_ - j * ac.block));
            ops[r * nb + j] = golden::block_operand(p, q, n);
            q += golden::block_bytes(p.format, n);
          }
          row_ptrs[r] = &ops[r * nb];
        }
      };
      decode(abuf[mt % 2], ra, a_row, pa, oa, pa_rows);
      decode(bbuf[i % 2], cb, b_row, pb, ob, pb_rows);
      array.compute_tile(pa_rows, pb_rows, nb, ctile.data(), C);
      for (uint64_t r = 0; r < ra; ++r)
        for (uint64_t c = 0; c < cb; ++c) {
          float& v = ctile[r * C + c];
          if (post) v = v * post_scale;
          if (std::isnan(v)) v = golden::f32_from_bits(golden::kCanonicalNaN);
        }
      for (uint64_t r = 0; r < ra; ++r) {
        const uint64_t addr = addr_c_ + ((mt * R + r) * n_ + nt * C) * 4;
        if (!dma0.write(addr, reinterpret_cast<const uint8_t*>(&ctile[r * C]), cb * 4, at(tt.drained + 1), done))
          return false;
        end = std::max(end, cycles_of(done));
      }
    } else {
      if (!dma0.write(addr_c_ + (mt * R * n_ + nt * C) * 4, nullptr, ra * cb * 4, at(tt.drained + 1), done))
        return false;
      end = std::max(end, cycles_of(done));
    }
    st.bytes_written += ra * cb * 4;
    end = std::max(end, tt.drained + 1);
  }
  st.cycles = end;
  st.tiles = tiles;
  st.block_pairs = tiles * nb;
  st.macs = static_cast<uint64_t>(m_) * n_ * k_;
  st.tail = st.cycles - st.busy - st.stall_mem - st.stall_drain;
  stats_ = st;
  sc_core::wait(at(end));
  return true;
}

}  // namespace amx::model
