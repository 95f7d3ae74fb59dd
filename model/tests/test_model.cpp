// Tests of the SystemC model: mac_ctrl timing, bit-exact GEMMs through the
// TLM register interface and DMA, timing under memory limits, and the
// register map's error responses.  Each test elaborates its own model (one
// per process; ctest runs each test in its own process).
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <random>

#include "amx/golden/dot.hpp"
#include "amx/golden/quantizer.hpp"
#include "amx/golden/error.hpp"
#include "amx/model/system.hpp"

using namespace amx;
using namespace amx::model;

namespace {

// The model system, with the GEMM's register values checked one by one.
struct Bench : System {
  Bench(const ArrayConfig& a, const MemConfig& m, uint64_t mem_bytes = 1 << 24) : System(a, m, mem_bytes) {}
  uint32_t run(golden::Format fa, golden::Format fb, int disc, uint32_t M, uint32_t N, uint32_t K, uint64_t a,
               uint64_t b, uint64_t c, bool timing_only = false, const Mapping& map = {}) {
    GemmJob j;
    j.fa = fa;
    j.fb = fb;
    j.disc = disc;
    j.m = M;
    j.n = N;
    j.k = K;
    j.addr_a = a;
    j.addr_b = b;
    j.addr_c = c;
    j.timing_only = timing_only;
    j.map = map;
    float ta, tb;
    const uint32_t rta = cpu.read(reg::TSCALE_A), rtb = cpu.read(reg::TSCALE_B);
    std::memcpy(&ta, &rta, 4);
    std::memcpy(&tb, &rtb, 4);
    j.tscale_a = ta;
    j.tscale_b = tb;
    // Exceptions after sc_start confuse AddressSanitizer's stack tracking
    // (SystemC switches stacks), so the status is checked instead.
    const uint32_t st = System::run_status(j);
    EXPECT_EQ(st & reg::STATUS_ERROR, 0u) << accel.last_error();
    return st;
  }
};

std::vector<float> llm_like(size_t n, std::mt19937& g, float outlier_rate) {
  std::normal_distribution<float> nd;
  std::uniform_real_distribution<float> u(0, 1);
  std::vector<float> v(n);
  for (auto& x : v) x = nd(g) * (u(g) < outlier_rate ? 20.0f : 1.0f) + 0.2f;
  return v;
}

// Quantizes rows x k values into memory at addr; returns the packed tensor.
golden::PackedTensor place(Bench& b, golden::Format f, int block, const std::vector<float>& x, size_t rows, size_t k,
                           uint64_t addr) {
  golden::PackedTensor t = golden::quantize_tensor({f, block, golden::Rounding::Nearest}, x.data(), {rows, k});
  std::memcpy(b.mem.data() + addr, t.data.data(), t.data.size());
  return t;
}

// An M x N x K GEMM of LLM-like operands through the model: the result words
// that differ from gemm_ref's (the run must finish).
size_t mismatches_against_gemm_ref(Bench& b, std::mt19937& g, golden::Format fa, golden::Format fb, int disc,
                                   size_t M, size_t N, size_t K, const Mapping& map = {}) {
  const auto xa = llm_like(M * K, g, 0.02f), xb = llm_like(N * K, g, 0.0f);
  const golden::PackedTensor ta = place(b, fa, 32, xa, M, K, 0x1000);
  const golden::PackedTensor tb = place(b, fb, 32, xb, N, K, 0x40000);
  const uint32_t st = b.run(fa, fb, disc, static_cast<uint32_t>(M), static_cast<uint32_t>(N),
                            static_cast<uint32_t>(K), 0x1000, 0x40000, 0x80000, false, map);
  EXPECT_EQ(st, reg::STATUS_DONE) << b.accel.last_error();
  if (st != reg::STATUS_DONE) return M * N;
  // The contract of the array's units: groups of their lanes (numerics.md 7.2).
  const int lanes = b.accel.array.cfg.lanes;
  const std::vector<float> want = golden::gemm_ref(ta, tb, static_cast<golden::Discipline>(disc),
                                                   golden::unit_fused_params(32, lanes), lanes);
  size_t bad = 0;
  for (size_t i = 0; i < M * N; ++i) {
    float got;
    std::memcpy(&got, b.mem.data() + 0x80000 + 4 * i, 4);
    bad += golden::f32_bits(got) != golden::f32_bits(want[i]);
  }
  return bad;
}

}  // namespace

TEST(MacCtrl, FollowsTheRtlHoldRule) {
  // The drain bank's hold: final pairs at least RR / D = 4 cycles apart;
  // the last row leaves PIPE + 1 + 4 = 6 cycles after the final pair.
  mac_ctrl c("ctrl", ArrayConfig{4, 4, 32, 1});
  TileTiming t = c.schedule(10, 0);
  EXPECT_EQ(t.first, 0u);
  EXPECT_EQ(t.last, 9u);
  EXPECT_EQ(t.drained, 15u);
  t = c.schedule(10, 0);  // long tiles stream back to back
  EXPECT_EQ(t.first, 10u);
  EXPECT_EQ(t.last, 19u);
  EXPECT_EQ(t.stall_drain, 0u);
  t = c.schedule(3, 0);  // a short tile's last pair waits for the drain bank
  EXPECT_EQ(t.first, 20u);
  EXPECT_EQ(t.last, 23u);
  EXPECT_EQ(t.stall_drain, 1u);
  t = c.schedule(4, 0);  // four pairs: exactly the hold, no stall
  EXPECT_EQ(t.first, 24u);
  EXPECT_EQ(t.last, 27u);
  EXPECT_EQ(t.stall_drain, 0u);
  t = c.schedule(3, 40);  // operands late: the first pair waits for them
  EXPECT_EQ(t.first, 40u);
  EXPECT_EQ(t.stall_mem, 12u);
  EXPECT_EQ(t.last, 42u);
  t = c.schedule(0, 0);  // K = 0 counts as one block pair
  EXPECT_EQ(t.last, 46u);
  EXPECT_EQ(t.first, 46u);  // a one-pair tile's only pair waits for the drain bank (found by amx equiv)
  EXPECT_EQ(t.stall_drain, 3u);
  t = c.schedule(1, 48);
  EXPECT_EQ(t.first, 50u);
  EXPECT_EQ(t.stall_mem, 1u);
  EXPECT_EQ(t.stall_drain, 2u);
  EXPECT_EQ(t.drained, 56u);
}

// Two rows drained per cycle: the hold and the tail shrink by the drain's
// width.
TEST(MacCtrl, WiderDrainShortensTheHold) {
  ArrayConfig a{4, 4, 32, 1};
  a.drain_rows = 2;
  EXPECT_EQ(a.drain_cycles(), 2u);
  mac_ctrl c("ctrl", a);
  TileTiming t = c.schedule(1, 0);
  EXPECT_EQ(t.drained, 4u);
  t = c.schedule(1, 0);
  EXPECT_EQ(t.first, 2u);  // ready at 1, held to 0 + 2
  EXPECT_EQ(t.stall_drain, 1u);
  t = c.schedule(2, 0);  // two pairs: no hold
  EXPECT_EQ(t.first, 3u);
  EXPECT_EQ(t.last, 4u);
  EXPECT_EQ(t.stall_drain, 0u);
  EXPECT_EQ(t.drained, 8u);
  a.drain_rows = 3;
  EXPECT_THROW(a.check(), Error);  // 3 does not divide 4 rows
  a.rows = 6;
  EXPECT_THROW(a.check(), Error);  // 3 divides 6 but is no power of two
  a.drain_rows = 2;
  EXPECT_NO_THROW(a.check());
}

// ACC_II = 2: tiles of 2 nb pairs and 2R rows; the hold applies to row
// group 0's last pair, the tile's final pair follows it.
TEST(MacCtrl, InterleavedRowGroupsFollowTheRtlHoldRule) {
  mac_ctrl c("ctrl", ArrayConfig{4, 4, 32, 2, 2});  // hold = 2R = 8, tail = PIPE + 1 + 2R = 11
  TileTiming t = c.schedule(10, 0);
  EXPECT_EQ(t.first, 0u);
  EXPECT_EQ(t.last, 19u);  // 20 pairs
  EXPECT_EQ(t.drained, 30u);
  t = c.schedule(7, 0);  // 14 pairs >= 8: back to back
  EXPECT_EQ(t.first, 20u);
  EXPECT_EQ(t.last, 33u);
  EXPECT_EQ(t.stall_drain, 0u);
  t = c.schedule(3, 0);  // 6 pairs: the held pair waits 2 cycles
  EXPECT_EQ(t.first, 34u);
  EXPECT_EQ(t.last, 41u);
  EXPECT_EQ(t.stall_drain, 2u);
  t = c.schedule(1, 0);  // one block: its first pair is the held one
  EXPECT_EQ(t.last, 49u);
  EXPECT_EQ(t.first, 48u);
  EXPECT_EQ(t.drained, 60u);
}

// Every format pair and discipline of the RTL engines, with ragged tiles
// and a K tail, bit for bit against gemm_ref.
TEST(Gemm, BitExactAgainstGoldenForEveryFormatPair) {
  ArrayConfig a{4, 4, 32, 2};
  MemConfig m{16.0, 20, 64 * 1024, 1.0};
  Bench b(a, m);
  std::mt19937 g(5);
  const size_t M = 9, N = 7, K = 32 * 5 + 11;
  using F = golden::Format;
  const struct {
    F fa, fb;
    int disc;
  } runs[] = {{F::MXFP4, F::MXFP4, 0},     {F::AMXFP4, F::AMXFP4, 0}, {F::AMXFP4, F::AMXFP4, 1},
              {F::AMXFP4, F::AMXFP4, 2},   {F::AMXFP4_E4M3, F::AMXFP4_E4M3, 2}, {F::AMXFP4, F::MXFP4, 1},
              {F::AMXFP4, F::MXFP4, 2},    {F::MXFP4, F::MXFP4, 1},             {F::MXFP4, F::MXFP4, 3},
              {F::AMXFP4, F::AMXFP4, 3},   {F::AMXFP4_E4M3, F::AMXFP4_E4M3, 3}, {F::AMXFP4, F::MXFP4, 3}};
  for (const auto& r : runs) {
    EXPECT_EQ(mismatches_against_gemm_ref(b, g, r.fa, r.fb, r.disc, M, N, K), 0u) << golden::format_info(r.fa).name << " x " << golden::format_info(r.fb).name << " disc "
                       << r.disc;
    EXPECT_EQ(b.accel.stats().macs, M * N * K);
  }
}

// ACC_II = 2: tiles of 2R rows (two row groups per unit), ragged edges (M =
// 9: the second tile's group 1 is empty), bit for bit against gemm_ref; each
// unit takes 2 nb pairs per tile and the tile count halves along M.
TEST(Gemm, TwoCycleAccumulatorsBitExact) {
  ArrayConfig a{2, 4, 32, 2, 2};
  MemConfig m{16.0, 20, 64 * 1024, 1.0};
  Bench b(a, m);
  EXPECT_EQ(b.cpu.read(reg::ACC_II), 2u);
  std::mt19937 g(6);
  const size_t M = 9, N = 7, K = 32 * 5 + 11;
  using F = golden::Format;
  const struct {
    F fa, fb;
    int disc;
  } runs[] = {{F::MXFP4, F::MXFP4, 0}, {F::AMXFP4, F::AMXFP4, 0}, {F::AMXFP4, F::MXFP4, 2}};
  for (const auto& r : runs) {
    EXPECT_EQ(mismatches_against_gemm_ref(b, g, r.fa, r.fb, r.disc, M, N, K), 0u)
        << golden::format_info(r.fa).name << " x " << golden::format_info(r.fb).name;
    EXPECT_EQ(b.accel.stats().tiles, 3u * 2u);       // ceil(9 / 4) x ceil(7 / 4)
    EXPECT_EQ(b.accel.stats().busy, 6u * 2u * 6u);   // 2 x 6 blocks per tile
  }
}

// Units of 4 lanes (docs/numerics.md 7.2): a group of 4 block pairs per unit
// and cycle, the last group of K short (K = 32 x 13 + 7: 14 blocks, groups
// of 4, 4, 4, 2), K cut into chunks at group boundaries (the partial sums
// preloaded), bit for bit against gemm_ref of a unit of 4 lanes; each unit
// takes ceil(14 / 4) groups per tile and row group.
TEST(Gemm, WideUnitsTakeGroupsOfBlockPairsBitExact) {
  ArrayConfig a{2, 2, 32, 2, 2, 4};
  MemConfig m{16.0, 20, 64 * 1024, 1.0};
  Bench b(a, m);
  EXPECT_EQ(b.cpu.read(reg::LANES), 4u);
  std::mt19937 g(9);
  const size_t M = 7, N = 5, K = 32 * 13 + 7;
  using F = golden::Format;
  const struct {
    F fa, fb;
    int disc;
    uint32_t chunks;
  } runs[] = {{F::MXFP4, F::MXFP4, 2, 1},   {F::MXFP4, F::MXFP4, 3, 1},         {F::AMXFP4, F::AMXFP4, 2, 2},
              {F::AMXFP4, F::MXFP4, 3, 2},  {F::MXFP4_E4M3, F::MXFP4_E4M3, 2, 3}, {F::AMXFP4, F::AMXFP4, 0, 1}};
  for (const auto& r : runs) {
    Mapping map;
    map.k_chunks = r.chunks;
    EXPECT_EQ(mismatches_against_gemm_ref(b, g, r.fa, r.fb, r.disc, M, N, K, map), 0u)
        << golden::format_info(r.fa).name << " x " << golden::format_info(r.fb).name << " disc " << r.disc << ", "
        << r.chunks << " K chunks";
    const Stats& s = b.accel.stats();
    EXPECT_EQ(s.tiles, 2u * 3u * r.chunks);  // ceil(7 / 4) x ceil(5 / 2) output tiles, each K chunk a tile
    if (r.chunks == 1) {
      EXPECT_EQ(s.busy, 6u * 2u * 4u);          // 2 row groups x 4 groups per tile
      EXPECT_EQ(s.block_pairs, 6u * 2u * 14u);  // the groups' real block pairs
    }
  }
}

// class-seq adds one block pair at a time: an array of wide units refuses it.
TEST(Gemm, WideUnitsRefuseClassSeq) {
  Bench b({2, 2, 32, 1, 1, 2}, {});
  GemmJob j;
  j.disc = 1;
  EXPECT_THROW(b.System::run_status(j), Error);
}

TEST(Gemm, NvFp4AppliesTheTensorScalesOnce) {
  Bench b({2, 2, 16, 1}, {});
  std::mt19937 g(8);
  const size_t M = 3, N = 2, K = 40;
  const auto xa = llm_like(M * K, g, 0.05f), xb = llm_like(N * K, g, 0.0f);
  const auto ta = place(b, golden::Format::NVFP4, 16, xa, M, K, 0x0);
  const auto tb = place(b, golden::Format::NVFP4, 16, xb, N, K, 0x1000);
  uint32_t s;
  std::memcpy(&s, &ta.tscale, 4);
  b.cpu.write(reg::TSCALE_A, s);
  std::memcpy(&s, &tb.tscale, 4);
  b.cpu.write(reg::TSCALE_B, s);
  ASSERT_EQ(b.run(golden::Format::NVFP4, golden::Format::NVFP4, 0, M, N, K, 0x0, 0x1000, 0x2000), reg::STATUS_DONE);
  const auto want = golden::gemm_ref(ta, tb, golden::Discipline::Block);
  for (size_t i = 0; i < M * N; ++i) {
    float got;
    std::memcpy(&got, b.mem.data() + 0x2000 + 4 * i, 4);
    EXPECT_EQ(golden::f32_bits(got), golden::f32_bits(want[i])) << i;
  }
}

// With memory that is never the bottleneck the cycles are the array's: the
// mac_ctrl recurrence, plus the first load and the last store.
TEST(Timing, ComputeBoundMatchesTheArrayRecurrence) {
  const ArrayConfig a{4, 4, 32, 1};
  MemConfig m{1e6, 0, 1 << 20, 1.0};
  Bench b(a, m, 1 << 26);
  const uint32_t M = 16, N = 12, K = 32 * 40;
  ASSERT_EQ(b.run(golden::Format::AMXFP4, golden::Format::AMXFP4, 0, M, N, K, 0, 1 << 22, 1 << 24, true),
            reg::STATUS_DONE);
  const Stats& s = b.accel.stats();
  const uint64_t tiles = 4 * 3, nb = 40;
  // The first A and B tiles load in one beat each, one after the other; then
  // the tiles stream back to back (nb >= PIPE + R + 2), the last drains
  // PIPE + R + 1 cycles after its last pair, and its store, issued the cycle
  // after, takes one beat.
  const uint64_t last = 2 + tiles * nb - 1;
  EXPECT_EQ(s.tiles, tiles);
  EXPECT_EQ(s.busy, tiles * nb);
  EXPECT_EQ(s.stall_drain, 0u);
  EXPECT_EQ(s.stall_mem, 2u);
  EXPECT_EQ(s.cycles, last + (1 + 4 + 1) + 2);
  EXPECT_EQ(b.cpu.read64(reg::COUNTERS + 8 * reg::CYCLES), s.cycles);
  EXPECT_EQ(b.cpu.read64(reg::COUNTERS + 8 * reg::MACS), uint64_t{M} * N * K);
}

// Tiles shorter than PIPE + R + 2 block pairs: each last pair waits for the
// previous tile's drain, as in the RTL.
TEST(Timing, ShortTilesWaitForTheDrainBank) {
  Bench b({4, 4, 32, 1}, {1e6, 0, 1 << 20, 1.0}, 1 << 26);
  ASSERT_EQ(b.run(golden::Format::AMXFP4, golden::Format::AMXFP4, 0, 16, 16, 64, 0, 1 << 22, 1 << 24, true),
            reg::STATUS_DONE);
  const Stats& s = b.accel.stats();
  // 16 tiles of 2 pairs; first operands at cycle 2, L_0 = 3, then L_i =
  // L_{i-1} + R = 4 (the drain bank's hold); the last drains PIPE + 1 + R =
  // 6 cycles later and is stored in one beat.
  EXPECT_EQ(s.stall_mem, 2u);
  EXPECT_EQ(s.stall_drain, 15u * 2u);
  EXPECT_EQ(s.cycles, 3u + 15u * 4u + 6u + 2u);
}

// Two rows drained per cycle: the same tiles stream back to back.
TEST(Timing, AWiderDrainRemovesTheDrainStalls) {
  ArrayConfig a{4, 4, 32, 1};
  a.drain_rows = 2;
  Bench b(a, {1e6, 0, 1 << 20, 1.0}, 1 << 26);
  ASSERT_EQ(b.run(golden::Format::AMXFP4, golden::Format::AMXFP4, 0, 16, 16, 64, 0, 1 << 22, 1 << 24, true),
            reg::STATUS_DONE);
  const Stats& s = b.accel.stats();
  EXPECT_EQ(s.stall_drain, 0u);
  // Tiles now as short as their operand panels' loads: what the drain no
  // longer costs, the panel slots may (stall_mem beyond the first 2 cycles).
  EXPECT_EQ(s.cycles, 3u + 15u * 2u + 4u + 2u + (s.stall_mem - 2u));
  EXPECT_LT(s.cycles, 3u + 15u * 4u + 6u + 2u);
}

TEST(Timing, LowBandwidthIsMemoryBound) {
  const ArrayConfig a{4, 4, 32, 1};
  const MemConfig m{2.0, 50, 1 << 20, 1.0};
  Bench b(a, m, 1 << 26);
  ASSERT_EQ(b.run(golden::Format::AMXFP4, golden::Format::MXFP4, 0, 64, 64, 1024, 0, 1 << 22, 1 << 24, true),
            reg::STATUS_DONE);
  const Stats& s = b.accel.stats();
  EXPECT_GT(s.stall_mem, s.busy);
  // The read port moves 2 bytes per cycle: the run cannot be shorter.
  EXPECT_GE(s.cycles, s.bytes_read / 2);
  EXPECT_LT(s.utilization(a), 0.1);
  EXPECT_EQ(s.cycles, s.busy + s.stall_mem + s.stall_drain + s.tail);
}

TEST(Timing, LargeGemmTimingOnly) {
  Bench b({16, 16, 32, 1}, {256.0, 100, 1 << 20, 1.0}, 1ull << 27);
  ASSERT_EQ(b.run(golden::Format::AMXFP4, golden::Format::AMXFP4, 0, 4096, 4096, 4096, 0, 1 << 24, 1 << 25, true),
            reg::STATUS_DONE);
  const Stats& s = b.accel.stats();
  EXPECT_EQ(s.macs, 4096ull * 4096 * 4096);
  EXPECT_EQ(s.tiles, 256u * 256u);
  EXPECT_GE(s.cycles, s.macs / (16 * 16 * 32));
}

TEST(Registers, ErrorsGetTlmErrorResponsesAndAMessage) {
  Bench b({2, 2, 32, 1}, {});
  host& c = b.cpu;
  EXPECT_EQ(c.read(reg::ID), reg::ID_VALUE);
  EXPECT_EQ(c.read(reg::ROWS), 2u);
  EXPECT_EQ(c.write(reg::FMT_A, 99), tlm::TLM_GENERIC_ERROR_RESPONSE);
  EXPECT_NE(b.accel.last_error().find("FMT_A = 99"), std::string::npos);
  EXPECT_EQ(c.write(reg::FMT_A, static_cast<uint32_t>(golden::Format::INT4)), tlm::TLM_GENERIC_ERROR_RESPONSE);
  EXPECT_EQ(c.write(reg::M, 0), tlm::TLM_GENERIC_ERROR_RESPONSE);
  EXPECT_EQ(c.write(reg::K, reg::MAX_DIM + 1), tlm::TLM_GENERIC_ERROR_RESPONSE);
  EXPECT_EQ(c.write(reg::DISC, 3), tlm::TLM_OK_RESPONSE);  // fused
  EXPECT_EQ(c.write(reg::DISC, 4), tlm::TLM_GENERIC_ERROR_RESPONSE);
  EXPECT_EQ(c.write(reg::ID, 1), tlm::TLM_COMMAND_ERROR_RESPONSE);
  EXPECT_EQ(c.write(reg::M + 2, 1), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(c.write(0x1000, 1), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_NE(b.accel.last_error().find("at 0x1000"), std::string::npos) << b.accel.last_error();
  uint32_t v = 1;
  EXPECT_EQ(c.access(tlm::TLM_WRITE_COMMAND, reg::M, v, 8), tlm::TLM_BURST_ERROR_RESPONSE);
  // Misaligned operand address: START is refused, STATUS says why.
  EXPECT_EQ(c.write(reg::ADDR_A, 0x1004), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(c.write(reg::CTRL, reg::CTRL_START), tlm::TLM_GENERIC_ERROR_RESPONSE);
  EXPECT_EQ(c.read(reg::STATUS), reg::STATUS_ERROR | (reg::ALIGN << 8));
  EXPECT_NE(b.accel.last_error().find("aligned"), std::string::npos);
  // K too large for the local buffers.
  EXPECT_EQ(c.write(reg::ADDR_A, 0x1000), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(c.write(reg::K, reg::MAX_DIM), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(c.write(reg::CTRL, reg::CTRL_START), tlm::TLM_GENERIC_ERROR_RESPONSE);
  EXPECT_EQ(c.read(reg::STATUS), reg::STATUS_ERROR | (reg::BUFFERS << 8));
  // NVFP4 blocks (16) on an array built for 32.
  EXPECT_EQ(c.write(reg::K, 64), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(c.write(reg::FMT_A, static_cast<uint32_t>(golden::Format::NVFP4)), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(c.write(reg::CTRL, reg::CTRL_START), tlm::TLM_GENERIC_ERROR_RESPONSE);
  EXPECT_EQ(c.read(reg::STATUS), reg::STATUS_ERROR | (reg::FORMATS << 8));
}

TEST(Registers, DmaOutsideMemoryEndsWithAnError) {
  Bench b({2, 2, 32, 1}, {}, 1 << 16);
  GemmJob j;
  j.fa = j.fb = golden::Format::MXFP4;
  j.m = j.n = 64;
  j.k = 256;
  j.addr_b = 1 << 20;
  j.timing_only = true;
  EXPECT_EQ(b.run_status(j), reg::STATUS_DONE | reg::STATUS_ERROR | (reg::DMA << 8));
  EXPECT_NE(b.accel.last_error().find("DMA read"), std::string::npos) << b.accel.last_error();
}

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
