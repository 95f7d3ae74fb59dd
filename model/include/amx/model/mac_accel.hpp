// The MAC accelerator: a TLM-2.0 target holding the register map below, the
// R x C mac_array, local A/B tile buffers (double-buffered) and C results,
// and a DMA initiator to the memory.  Writing CTRL.start runs one GEMM
//   C[M x N] (binary32, row-major) = A[M x K] . B[N x K]^T
// with A and B in the packed row layout (docs/numerics.md §5) of FMT_A and
// FMT_B, K along the rows.  Cycle-approximate: the array's cycles follow
// mac_ctrl (equal to the RTL for compute-bound tiles), tile loads and result
// stores go through the memory port; nothing is evaluated per cycle.
//
// Register map (32-bit registers, 4-byte aligned single-word accesses):
//   0x000 ID          RO  0x414D5831 ("AMX1")
//   0x004 CTRL        WO  bit 0 start, bit 1 timing only (no data, no numerics)
//   0x008 STATUS      RO  bit 0 busy, bit 1 done, bit 2 error; bits 15:8 error code
//   0x00C FMT_A       RW  golden Format index (MAC formats only)
//   0x010 FMT_B       RW
//   0x014 DISC        RW  0 block, 1 class-seq, 2 window
//   0x018 M, 0x01C N, 0x020 K   RW  1 .. 2^20
//   0x028 ADDR_A, 0x030 ADDR_B, 0x038 ADDR_C   RW 64-bit (low word first); A, B
//         16-byte aligned, C 4-byte aligned
//   0x040 TSCALE_A, 0x044 TSCALE_B  RW  binary32 tensor scales (NVFP4)
//   0x048 TILE_M, 0x04C TILE_N  RW  output tile of the loop nest (multiples
//         of R and C; 0: R, C), 0x050 K_CHUNKS RW (1 .. 2^20), 0x054 ORDER RW
//         (0 M outer, 1 N outer): the Mapping (config.hpp)
//   0x080.. 64-bit counters, RO: CYCLES, BUSY, STALL_MEM, STALL_DRAIN, TAIL,
//         BYTES_RD, BYTES_WR (DRAM), MACS, BLOCK_PAIRS, TILES, SRAM_RD,
//         SRAM_WR, PSUM_BYTES (8 bytes apart)
//   0x100 ROWS, 0x104 COLS, 0x108 BLOCK, 0x10C PIPE, 0x110 ACC_II,
//         0x114 LANES, 0x118 DRAIN_ROWS  RO  the array built (ACC_II 2:
//         tiles of 2 ROWS rows; TILE_M a multiple of them; LANES: block
//         pairs per unit and cycle; DRAIN_ROWS: result rows out per cycle)
// A bad access gets a TLM error response (address error: unmapped or
// misaligned; burst error: not one 32-bit word; command error: write to a
// read-only register; generic error: a bad value or a start that cannot
// run) and last_error() says why.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "amx/golden/dot.hpp"
#include "amx/model/config.hpp"
#include "amx/model/dma.hpp"
#include "amx/model/mac_array.hpp"

namespace amx::model {

namespace reg {
constexpr uint64_t ID = 0x000, CTRL = 0x004, STATUS = 0x008, FMT_A = 0x00C, FMT_B = 0x010, DISC = 0x014, M = 0x018,
                   N = 0x01C, K = 0x020, ADDR_A = 0x028, ADDR_B = 0x030, ADDR_C = 0x038, TSCALE_A = 0x040,
                   TSCALE_B = 0x044, TILE_M = 0x048, TILE_N = 0x04C, K_CHUNKS = 0x050, ORDER = 0x054,
                   COUNTERS = 0x080, ROWS = 0x100, COLS = 0x104, BLOCK = 0x108, PIPE = 0x10C,
                   ACC_II = 0x110, LANES = 0x114, DRAIN_ROWS = 0x118, END = 0x11C;
constexpr uint32_t ID_VALUE = 0x414D5831;
constexpr uint32_t CTRL_START = 1, CTRL_TIMING_ONLY = 2;
constexpr uint32_t STATUS_BUSY = 1, STATUS_DONE = 2, STATUS_ERROR = 4;
enum Counter {
  CYCLES, BUSY, STALL_MEM, STALL_DRAIN, TAIL, BYTES_RD, BYTES_WR, MACS, BLOCK_PAIRS, TILES, SRAM_RD, SRAM_WR,
  PSUM_BYTES, NCOUNTERS
};
// STATUS error codes (bits 15:8)
enum ErrorCode : uint32_t { OK = 0, BAD_DIMS = 1, BUFFERS = 2, ALIGN = 3, FORMATS = 4, DMA = 5, CONTRACT = 6 };
constexpr uint32_t MAX_DIM = 1u << 20;
}  // namespace reg

SC_MODULE(mac_accel) {
  tlm_utils::simple_target_socket<mac_accel> regs;

  SC_HAS_PROCESS(mac_accel);
  mac_accel(sc_core::sc_module_name name, const ArrayConfig& array, const MemConfig& mem);

  dma dma0;
  mac_array array;

  const Stats& stats() const { return stats_; }
  // Per-tile schedule of the last GEMM, kept when record_tiles(true): what
  // the co-simulation replays on the RTL array.  A tile is R x C outputs
  // over one K chunk.
  struct TileRecord {
    uint64_t mt, nt;     // array tile coordinates (rows mt*R.., columns nt*C..)
    uint64_t avail;      // first cycle its block pairs may enter (operands in the buffer, preload bank written)
    TileTiming timing;   // mac_ctrl's schedule of the tile
    uint64_t block0 = 0, nb = 0;  // its K chunk: blocks block0 .. block0 + nb - 1
    bool pre = false;             // starts from the partial sums of tile src (preload)
    bool final = true;            // its results are the GEMM's (else partial sums kept in the buffer)
    uint64_t src = 0;             // with pre: the record whose results it loads back
    uint64_t preload_from = 0;    // with pre: the cycle the preload bank's first row is written (R rows, one per cycle)
  };
  void record_tiles(bool on) { record_ = on; }
  const std::vector<TileRecord>& tiles() const { return tiles_; }
  const std::string& last_error() const { return error_; }
  sc_core::sc_event& done_event() { return done_; }

 private:
  void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay);
  bool write_reg(uint64_t addr, uint32_t v, tlm::tlm_response_status& st);
  uint32_t read_reg(uint64_t addr) const;
  bool check_start(std::string& why, uint32_t& code) const;
  void run();
  // One GEMM along its loop nest (mac_accel.cpp): prefetch (a step's panels
  // into the buffer), issue (an array tile through mac_ctrl and, with
  // numerics, the units), drain (the results' writes to DRAM, in order).
  struct GemmPass;
  bool gemm();  // false on a DMA error
  bool prefetch(GemmPass& g, size_t s);
  void issue_tile(GemmPass& g, size_t s, uint64_t mi, uint64_t ni);
  void compute_tile(GemmPass& g, size_t s, uint64_t mi, uint64_t ni, bool pre);
  bool drain(GemmPass& g, uint64_t before);

  MemConfig mem_;
  sc_core::sc_time clock_;
  uint32_t fmt_a_ = 3, fmt_b_ = 3, disc_ = 0, m_ = 1, n_ = 1, k_ = 32;
  uint64_t addr_a_ = 0, addr_b_ = 0, addr_c_ = 0;
  uint32_t tscale_a_ = 0x3F800000, tscale_b_ = 0x3F800000;
  Mapping map_;
  uint32_t status_ = 0;
  bool timing_only_ = false;
  Stats stats_;
  bool record_ = false;
  std::vector<TileRecord> tiles_;
  std::string error_;
  sc_core::sc_event start_, done_;
};

}  // namespace amx::model
