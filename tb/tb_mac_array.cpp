// mac_array against the golden reference GEMM (gemm_ref): random output
// tiles of R x C results (ACC_II x R with two row groups interleaved pair by
// pair) with random K (tails included), streamed with random gaps, drained
// D rows per cycle (DRAIN_ROWS); one Verilated model per configuration
// (tb/CMakeLists.txt generates tb_mac_array_configs.hpp).  A unit of L lanes
// takes a group of L blocks per cycle: a tile streams ceil(nb / L) groups,
// checked against the golden GEMM of a unit of L lanes.  AMX_TB_BLOCKS
// sets the block pairs per configuration (default 10^6).
#include <gtest/gtest.h>

#include <deque>
#include <memory>

#include "bench.hpp"
#include "vl_ports.hpp"
#include "tb_mac_array_configs.hpp"

namespace amx::tb {
namespace {

template <class T>
class MacArray : public ::testing::Test {};
TYPED_TEST_SUITE(MacArray, AllMacArrayConfigs);

struct Tile {
  size_t k = 0;
  golden::PackedTensor a, b;  // R x K and C x K
  std::vector<float> c;       // golden R x C
};

TYPED_TEST(MacArray, RandomTilesMatchGemmRef) {
  const Config& cfg = TypeParam::cfg;
  constexpr int R = TypeParam::R, C = TypeParam::C, D = TypeParam::D;
  const int II = cfg.acc_ii;
  const size_t L = static_cast<size_t>(cfg.lanes);
  const size_t RR = static_cast<size_t>(II * R);  // rows of a tile
  auto ctx = std::make_unique<VerilatedContext>();
  typename TypeParam::Dut dut{ctx.get()};
  reset(dut, dut.in_valid_i);

  BlockGen gen(0xA77A + static_cast<uint64_t>(cfg.pipe), cfg.n);
  const size_t abytes = golden::block_bytes(cfg.a.format(), cfg.n), bbytes = golden::block_bytes(cfg.b.format(), cfg.n);
  std::vector<uint8_t> a_port(R * L * abytes), b_port(C * L * bbytes);
  std::deque<Tile> pending;  // tiles whose results have not all drained
  size_t drained_rows = 0, tiles_done = 0, mismatches = 0, stall_cycles = 0;
  uint64_t pairs = 0;
  const uint64_t total = random_blocks();

  // Drain side: called with the outputs of the current cycle.
  auto drain = [&] {
    if (!dut.out_valid_o) return;
    if (pending.empty()) {
      ADD_FAILURE() << cfg.name << ": out_valid_o with no tile outstanding";
      ++mismatches;
      return;
    }
    const Tile& t = pending.front();
    const size_t row0 = dut.out_row_o;
    if (row0 != drained_rows) {
      ADD_FAILURE() << cfg.name << ": drained row " << row0 << ", expected row " << drained_rows;
      ++mismatches;
    }
    for (size_t d = 0; d < static_cast<size_t>(D); ++d)
      for (int c = 0; c < C; ++c) {
        const size_t row = row0 + d;
        const uint32_t got = get_word(dut.out_data_o, d * static_cast<size_t>(C) + static_cast<size_t>(c));
        const uint32_t want = golden::f32_bits(t.c[row * C + static_cast<size_t>(c)]);
        if (got != want && ++mismatches <= 5) {
          std::ostringstream os;
          os << cfg.name << ": tile " << tiles_done << " (K = " << t.k << ") C[" << row << "][" << c << "]"
             << "\n  golden " << f32_str(want) << "\n  rtl    " << f32_str(got);
          const size_t nb = (t.k + static_cast<size_t>(cfg.n) - 1) / static_cast<size_t>(cfg.n);
          std::vector<uint8_t> blk(std::max(abytes, bbytes));
          for (size_t j = 0; j < std::min<size_t>(nb, 8); ++j) {
            put_block(t.a, cfg.a, cfg.n, row, j, blk.data());
            os << "\n  a block " << j << ": " << hex(Block(blk.begin(), blk.begin() + static_cast<long>(abytes)));
            put_block(t.b, cfg.b, cfg.n, static_cast<size_t>(c), j, blk.data());
            os << "\n  b block " << j << ": " << hex(Block(blk.begin(), blk.begin() + static_cast<long>(bbytes)));
          }
          ADD_FAILURE() << os.str();
        }
      }
    drained_rows += static_cast<size_t>(D);
    if (drained_rows == RR) {
      drained_rows = 0;
      ++tiles_done;
      pending.pop_front();
    }
  };

  while (pairs < total && mismatches == 0) {
    Tile t;
    const bool long_tile = gen.coin(0.1);
    const size_t nb = static_cast<size_t>(long_tile ? gen.uniform(17, 80) : gen.uniform(1, 16));
    t.k = (nb - 1) * static_cast<size_t>(cfg.n) + static_cast<size_t>(gen.uniform(1, cfg.n));
    const bool raw = gen.coin(0.3);
    t.a = random_operand(gen, cfg.a, cfg.n, RR, t.k, raw);
    t.b = random_operand(gen, cfg.b, cfg.n, C, t.k, raw);
    t.c = golden::gemm_ref(t.a, t.b, cfg.disc, golden::unit_fused_params(cfg.n, cfg.lanes), cfg.lanes);
    pending.push_back(t);
    const Tile& cur = pending.back();
    // Pair f: group f / II of row group f % II.
    const size_t ng = (nb + L - 1) / L;
    for (size_t f = 0; f < ng * static_cast<size_t>(II);) {
      const bool valid = !gen.coin(0.05);
      const size_t j = f / static_cast<size_t>(II), g = f % static_cast<size_t>(II);
      for (size_t r = 0; r < R; ++r)
        put_group(cur.a, cfg.a, cfg.n, cfg.lanes, g * R + r, j, a_port.data() + r * L * abytes);
      for (size_t c = 0; c < C; ++c) put_group(cur.b, cfg.b, cfg.n, cfg.lanes, c, j, b_port.data() + c * L * bbytes);
      set_port(dut.a_i, a_port.data(), a_port.size());
      set_port(dut.b_i, b_port.data(), b_port.size());
      dut.k_i = static_cast<uint32_t>(cur.k);
      dut.in_valid_i = valid;
      dut.clk_i = 0;
      dut.eval();
      drain();
      const bool fire = valid && dut.in_ready_o;
      stall_cycles += valid && !dut.in_ready_o;
      dut.clk_i = 1;
      dut.eval();
      if (fire) {
        ++f;
        pairs += static_cast<uint64_t>(R) * C * L;
      }
    }
  }
  dut.in_valid_i = 0;
  for (int i = 0; i < cfg.pipe + 2 + II * R + 2; ++i) {
    dut.clk_i = 0;
    dut.eval();
    drain();
    dut.clk_i = 1;
    dut.eval();
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_TRUE(pending.empty()) << pending.size() << " tiles not drained";
  std::printf("%s (%dx%d, %d rows drained per cycle): %llu block pairs in %zu tiles, %zu stall cycles\n", cfg.name, R, C, D,
              static_cast<unsigned long long>(pairs), tiles_done, stall_cycles);
  dut.final();
}

}  // namespace
}  // namespace amx::tb
