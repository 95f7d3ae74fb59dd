// block_dot against the golden accumulate(), one Verilated model per
// configuration (tb/CMakeLists.txt generates tb_block_dot_configs.hpp):
// exhaustive code pairs on every lane, every scale-code pair, directed
// corners, and a random stream of block pairs (AMX_TB_BLOCKS, default 10^6).

#include "tb_block_dot_configs.hpp"
#include "unit_tb.hpp"

namespace amx::tb {
namespace {

template <class T>
class BlockDot : public ::testing::Test {};
TYPED_TEST_SUITE(BlockDot, AllBlockDotConfigs);

// A unit of L lanes takes a group of L blocks per cycle: the blocks side by
// side, as a row stores them.  The helpers below build groups; with one
// lane a group is a block.
size_t block_size(const Config& cfg, const Side& s) { return static_cast<size_t>(s.scale_bytes() + cfg.n / 2); }

// The lanes' blocks made by f(lane), side by side.
template <class F>
Block group(const Config& cfg, F f) {
  Block g;
  for (int l = 0; l < cfg.lanes; ++l) {
    const Block b = f(l);
    g.insert(g.end(), b.begin(), b.end());
  }
  return g;
}
Block any_group(BlockGen& gen, const Config& cfg, const Side& s) {
  return group(cfg, [&](int) { return gen.any(s); });
}

// Element i of a group (lane i / n, element i % n).
void set_code(Block& g, const Config& cfg, const Side& s, int i, uint8_t c) {
  const int e = i % cfg.n;
  uint8_t& byte = g[block_size(cfg, s) * static_cast<size_t>(i / cfg.n) + static_cast<size_t>(s.scale_bytes() + e / 2)];
  byte = (e & 1) ? static_cast<uint8_t>((byte & 0x0F) | (c << 4)) : static_cast<uint8_t>((byte & 0xF0) | c);
}

// Scale byte k of every lane.
void set_scales(Block& g, const Config& cfg, const Side& s, int k, uint8_t v) {
  for (int l = 0; l < cfg.lanes; ++l) g[block_size(cfg, s) * static_cast<size_t>(l) + static_cast<size_t>(k)] = v;
}

// A group whose every element has code c, and scale bytes s (s- = s2 if asymmetric).
Block filled(const Config& cfg, const Side& s, uint8_t c, uint8_t s1, uint8_t s2) {
  return group(cfg, [&](int) {
    Block b(block_size(cfg, s), 0);
    b[0] = s1;
    if (s.asym) b[1] = s2;
    for (int i = 0; i < cfg.n; ++i) BlockGen::set_code(b, s, i, c);
    return b;
  });
}

int macs(const Config& cfg) { return cfg.n * cfg.lanes; }

// Scale codes of value 2^k (k small) for each format, so that every class
// scale of a test below is a distinct power of two.
uint8_t pow2_code(int scale_fmt, int k) {
  switch (scale_fmt) {
    case 0: return static_cast<uint8_t>(127 + k);
    case 1: return static_cast<uint8_t>((7 + k) << 3);
    default: return static_cast<uint8_t>((15 + k) << 2);
  }
}

TYPED_TEST(BlockDot, EveryCodePairOnEveryLane) {
  const Config& cfg = TypeParam::cfg;
  UnitTb<typename TypeParam::Dut> tb(cfg);
  // Distinct class scales: a wrong class routing changes the result.
  const uint8_t ap = pow2_code(cfg.a.scale_fmt, 0), an = pow2_code(cfg.a.scale_fmt, 3);
  const uint8_t bp = pow2_code(cfg.b.scale_fmt, 1), bn = pow2_code(cfg.b.scale_fmt, 5);
  for (int lane = 0; lane < macs(cfg); ++lane) {
    for (unsigned ca = 0; ca < 16; ++ca) {
      for (unsigned cb = 0; cb < 16; ++cb) {
        Block a = filled(cfg, cfg.a, 0, ap, an), b = filled(cfg, cfg.b, 0, bp, bn);
        set_code(a, cfg, cfg.a, lane, static_cast<uint8_t>(ca));
        set_code(b, cfg, cfg.b, lane, static_cast<uint8_t>(cb));
        tb.send(a, b, true, true);
      }
    }
  }
  // Every lane holding the same pair: all products land in one class.
  for (unsigned ca = 0; ca < 16; ++ca)
    for (unsigned cb = 0; cb < 16; ++cb)
      tb.send(filled(cfg, cfg.a, static_cast<uint8_t>(ca), ap, an), filled(cfg, cfg.b, static_cast<uint8_t>(cb), bp, bn),
              true, true);
  tb.flush();
  EXPECT_EQ(tb.sent(), static_cast<uint64_t>(macs(cfg)) * 256 + 256);
  EXPECT_EQ(tb.mismatches(), 0);
}

TYPED_TEST(BlockDot, EveryScaleCodePair) {
  const Config& cfg = TypeParam::cfg;
  UnitTb<typename TypeParam::Dut> tb(cfg);
  // Codes covering every class: lane i gets a-code i%16 and b-code (i/16 + 3i)%16.
  Block a = filled(cfg, cfg.a, 0, 0, 0), b = filled(cfg, cfg.b, 0, 0, 0);
  for (int i = 0; i < macs(cfg); ++i) {
    set_code(a, cfg, cfg.a, i, static_cast<uint8_t>(i % 16));
    set_code(b, cfg, cfg.b, i, static_cast<uint8_t>((i / 16 + 3 * i) % 16));
  }
  int nans = 0;
  for (unsigned x = 0; x < 256; ++x) {
    for (unsigned y = 0; y < 256; ++y) {
      // Every lane the same scales but the last, whose scales swap sides:
      // each lane's scales reach its own scale unit.
      set_scales(a, cfg, cfg.a, 0, static_cast<uint8_t>(x));
      set_scales(b, cfg, cfg.b, 0, static_cast<uint8_t>(y));
      if (cfg.a.asym) set_scales(a, cfg, cfg.a, 1, static_cast<uint8_t>(y ^ 0x5A));
      if (cfg.b.asym) set_scales(b, cfg, cfg.b, 1, static_cast<uint8_t>(x ^ 0x33));
      if (cfg.lanes > 1) {
        a[block_size(cfg, cfg.a) * static_cast<size_t>(cfg.lanes - 1)] = static_cast<uint8_t>(y);
        b[block_size(cfg, cfg.b) * static_cast<size_t>(cfg.lanes - 1)] = static_cast<uint8_t>(x);
      }
      tb.send(a, b, true, true);
      nans += std::isnan(tb.golden_acc());
    }
  }
  tb.flush();
  EXPECT_GT(nans, 0);
  EXPECT_EQ(tb.mismatches(), 0);
}

TYPED_TEST(BlockDot, DirectedCorners) {
  const Config& cfg = TypeParam::cfg;
  UnitTb<typename TypeParam::Dut> tb(cfg);
  const Side &sa = cfg.a, &sb = cfg.b;
  const uint8_t one_a = pow2_code(sa.scale_fmt, 0), one_b = pow2_code(sb.scale_fmt, 0);
  auto f = [](uint32_t bits) { return golden::f32_from_bits(bits); };

  // Zero blocks (+0 and -0 codes) give +0.
  EXPECT_EQ(tb.one(filled(cfg, sa, 0x0, one_a, one_a), filled(cfg, sb, 0x8, one_b, one_b)), 0u);
  EXPECT_EQ(tb.one(filled(cfg, sa, 0x8, one_a, one_a), filled(cfg, sb, 0x8, one_b, one_b)), 0u);
  // All +-6: n * lanes * 36 with the signs' product; all-positive and all-negative blocks.
  EXPECT_EQ(f(tb.one(filled(cfg, sa, 0x7, one_a, one_a), filled(cfg, sb, 0x7, one_b, one_b))), 36.0f * macs(cfg));
  EXPECT_EQ(f(tb.one(filled(cfg, sa, 0xF, one_a, one_a), filled(cfg, sb, 0x7, one_b, one_b))), -36.0f * macs(cfg));
  EXPECT_EQ(f(tb.one(filled(cfg, sa, 0xF, one_a, one_a), filled(cfg, sb, 0xF, one_b, one_b))), 36.0f * macs(cfg));
  // NaN in each scale position of each lane gives the canonical NaN.
  for (int lane = 0; lane < cfg.lanes; ++lane)
    for (int pos = 0; pos < sa.scale_bytes() + sb.scale_bytes(); ++pos) {
      Block a = filled(cfg, sa, 0x2, one_a, one_a), b = filled(cfg, sb, 0x3, one_b, one_b);
      const uint8_t nan_code[] = {0xFF, 0x7F, 0x7E};
      const size_t la = block_size(cfg, sa) * static_cast<size_t>(lane), lb = block_size(cfg, sb) * static_cast<size_t>(lane);
      if (pos < sa.scale_bytes()) a[la + static_cast<size_t>(pos)] = nan_code[sa.scale_fmt];
      else b[lb + static_cast<size_t>(pos - sa.scale_bytes())] = nan_code[sb.scale_fmt];
      EXPECT_EQ(tb.one(a, b), 0x7FC00000u) << "NaN scale at byte " << pos << " of lane " << lane;
    }
  // Smallest (subnormal or 2^-127) scales: the product may underflow binary32.
  for (uint8_t code : {0x1, 0x7, 0x9}) {
    tb.one(filled(cfg, sa, code, 0x01, 0x01), filled(cfg, sb, code, 0x01, 0x01));
    tb.one(filled(cfg, sa, code, 0x00, 0x01), filled(cfg, sb, code, 0x01, 0x00));
  }
  // Accumulator overflow to +-Inf.  Only an E8M0 side can get there: with
  // FP8 scales on both sides a block adds at most 36 * n * 57344^2 < 2^48,
  // so binary32 would need more than 2^80 block pairs.
  if (sa.scale_fmt == 0 || sb.scale_fmt == 0) {
    const uint8_t big_a = sa.scale_fmt == 0 ? 0xFE : sa.scale_fmt == 1 ? 0x7E : 0x7B;
    const uint8_t big_b = sb.scale_fmt == 0 ? 0xFE : sb.scale_fmt == 1 ? 0x7E : 0x7B;
    const uint8_t mid_a = sa.scale_fmt == 0 ? 0xF0 : big_a, mid_b = sb.scale_fmt == 0 ? 0xF0 : big_b;
    for (uint8_t sign : {0x0, 0x8}) {
      // 2^113 * 2^113-ish blocks: finite alone, Inf after a few accumulations
      const Block a = filled(cfg, sa, static_cast<uint8_t>(0x7 | sign), mid_a, mid_a);
      const Block b = filled(cfg, sb, 0x7, mid_b, mid_b);
      for (int k = 0; k < 64; ++k) {
        tb.send(a, b, k == 0, false);
        if (std::isinf(tb.golden_acc())) break;
      }
      tb.send(a, b, false, true);
      tb.flush();
      EXPECT_TRUE(std::isinf(tb.golden_acc()));
      tb.one(filled(cfg, sa, static_cast<uint8_t>(0x7 | sign), big_a, big_a), filled(cfg, sb, 0x7, big_b, big_b));
    }
    // Mixed signs under huge scales: class terms of both signs overflow
    // (class-seq: +Inf + -Inf = NaN; block: the exact sum decides).
    Block a = filled(cfg, sa, 0x7, big_a, big_a);
    for (int i = 0; i < macs(cfg); i += 2) set_code(a, cfg, sa, i, 0xF);
    tb.one(a, filled(cfg, sb, 0x7, big_b, big_b));
  }
  // Scales far apart: one small product under the largest scales leads, and
  // the other classes' terms (under the smallest) lie below the `window`
  // discipline's guard bits, where they are floored (a negative one to -1
  // window LSB, which a result this short keeps).
  {
    auto big = [](const Side& s) -> uint8_t { return s.scale_fmt == 0 ? 0x9F : s.scale_fmt == 1 ? 0x7E : 0x7B; };
    for (uint8_t tail : {0x9, 0xF, 0x1}) {
      Block a = filled(cfg, sa, tail, big(sa), 0x01);
      BlockGen::set_code(a, sa, 0, 0x1);
      tb.one(a, filled(cfg, sb, 0x1, big(sb), 0x01));
      tb.one(a, filled(cfg, sb, 0x9, big(sb), 0x01));
      // (+,-) leads under big x big and (-,+) trails under tiny x tiny: the
      // widest spread (58 binades for E5M2), past the window entirely.
      Block b = filled(cfg, sb, 0x1, 0x01, big(sb));
      BlockGen::set_code(b, sb, 0, 0x9);
      tb.one(a, b);
    }
  }
  // Catastrophic cancellation: x then -x gives exactly +0; x, -x, tiny gives tiny.
  {
    BlockGen gen(7, cfg.n);
    for (int k = 0; k < 200; ++k) {
      const Block a = group(cfg, [&](int) { return gen.quantized(sa); });
      const Block b = group(cfg, [&](int) { return gen.quantized(sb); });
      Block an = a;  // negate every a-code, and swap the AMX scales with it
      for (int l = 0; l < cfg.lanes; ++l) {
        const size_t at = block_size(cfg, sa) * static_cast<size_t>(l);
        for (int i = 0; i < cfg.n; ++i) {
          const uint8_t c = golden::code_at(a.data() + at + static_cast<size_t>(sa.scale_bytes()), i);
          set_code(an, cfg, sa, l * cfg.n + i, static_cast<uint8_t>(c ^ 0x8));
        }
        if (sa.asym) std::swap(an[at], an[at + 1]);
      }
      tb.send(a, b, true, false);
      tb.send(an, b, false, k % 2 == 1);
      if (k % 2 == 0)
        tb.send(group(cfg, [&](int) { return gen.raw(sa, 0.0); }), group(cfg, [&](int) { return gen.raw(sb, 0.0); }), false,
                true);
    }
    tb.flush();
  }
  // The largest E8M0 exponent on both sides (2^127 * 2^127).
  if (sa.scale_fmt == 0 && sb.scale_fmt == 0) {
    EXPECT_EQ(tb.one(filled(cfg, sa, 0x1, 0xFE, 0xFE), filled(cfg, sb, 0x1, 0xFE, 0xFE)), 0x7F800000u);
    EXPECT_EQ(tb.one(filled(cfg, sa, 0x1, 0xFE, 0xFE), filled(cfg, sb, 0x1, 0x00, 0x00)), golden::f32_bits(macs(cfg) * 0.25f));
  }
  // clear_i zeroes the running sum between dot products.
  tb.send(filled(cfg, sa, 0x7, one_a, one_a), filled(cfg, sb, 0x7, one_b, one_b), true, false);
  // `fused` changes the sum at the end of a K step (64 elements, or one group).
  if (cfg.disc == golden::Discipline::Fused)
    for (int i = 1; i < golden::unit_fused_params(cfg.n, cfg.lanes).kstep / macs(cfg); ++i)
      tb.send(filled(cfg, sa, 0x7, one_a, one_a), filled(cfg, sb, 0x7, one_b, one_b), false, false);
  tb.flush();
  EXPECT_NE(tb.acc_bits(), 0u);
  tb.clear();
  EXPECT_EQ(tb.acc_bits(), 0u);
  EXPECT_EQ(tb.mismatches(), 0);
}

TYPED_TEST(BlockDot, RandomStream) {
  const Config& cfg = TypeParam::cfg;
  UnitTb<typename TypeParam::Dut> tb(cfg);
  BlockGen gen(0xB10C + static_cast<uint64_t>(cfg.pipe) * 977 + static_cast<uint64_t>(cfg.disc) * 31, cfg.n);
  const uint64_t total = random_blocks() / static_cast<uint64_t>(cfg.lanes);  // as many block pairs whatever the lanes
  uint64_t infs = 0, nans = 0, dots = 0;
  while (tb.sent() < total && tb.mismatches() == 0) {
    const int len = gen.coin(0.05) ? gen.uniform(9, 64) : gen.uniform(1, 8);
    for (int k = 0; k < len; ++k) {
      if (gen.coin(0.05)) tb.idle();
      tb.send(any_group(gen, cfg, cfg.a), any_group(gen, cfg, cfg.b), k == 0, k + 1 == len);
    }
    ++dots;
    infs += std::isinf(tb.golden_acc());
    nans += std::isnan(tb.golden_acc());
  }
  tb.flush();
  EXPECT_EQ(tb.mismatches(), 0);
  this->RecordProperty("block_pairs", std::to_string(tb.sent()));
  std::printf("%s: %llu block pairs in %llu dot products (%llu Inf, %llu NaN results)\n", cfg.name,
              static_cast<unsigned long long>(tb.sent() * static_cast<uint64_t>(cfg.lanes)), static_cast<unsigned long long>(dots),
              static_cast<unsigned long long>(infs), static_cast<unsigned long long>(nans));
}


// K-tiled GEMMs: a dot product started from a preloaded binary32 partial sum
// (pre_i, init_i) instead of +0.  The partial sums are the unit's own earlier
// results (the round trip a K-tiled GEMM makes), random binary32 words of
// every class (normal, subnormal, zeros, Inf, NaN payloads) and values near
// the block results' magnitudes.
TYPED_TEST(BlockDot, PreloadedPartialSums) {
  const Config& cfg = TypeParam::cfg;
  UnitTb<typename TypeParam::Dut> tb(cfg);
  BlockGen gen(0x9E10AD + static_cast<uint64_t>(cfg.pipe) * 131 + static_cast<uint64_t>(cfg.disc) * 7, cfg.n);
  const uint64_t total = std::max<uint64_t>(random_blocks() / 10 / static_cast<uint64_t>(cfg.lanes), 20000);
  uint64_t preloaded = 0;
  uint32_t previous = 0;
  while (tb.sent() < total && tb.mismatches() == 0) {
    const int len = gen.uniform(1, 12);
    std::optional<uint32_t> init;
    switch (gen.uniform(0, 4)) {
      case 0: break;                       // from +0
      case 1: init = previous; break;      // the round trip of a K-tiled GEMM
      case 2: init = static_cast<uint32_t>(gen.uniform(0, 0xFFFF)) << 16 | static_cast<uint32_t>(gen.uniform(0, 0xFFFF)); break;
      case 3: init = gen.coin(0.5) ? 0x80000000u : static_cast<uint32_t>(gen.uniform(1, 0x7FFFFF)); break;  // -0, subnormal
      default: init = golden::f32_bits(static_cast<float>(std::ldexp(gen.coin(0.5) ? 1.5 : -1.25, gen.uniform(-40, 40))));
    }
    preloaded += init.has_value();
    for (int k = 0; k < len; ++k) {
      if (gen.coin(0.05)) tb.idle();
      tb.send(any_group(gen, cfg, cfg.a), any_group(gen, cfg, cfg.b), k == 0, k + 1 == len, k == 0 ? init : std::nullopt);
    }
    previous = golden::f32_bits(tb.golden_acc());
  }
  tb.flush();
  EXPECT_EQ(tb.mismatches(), 0);
  EXPECT_GT(preloaded, 0u);
}


// ACC_II = 2: two dot products interleaved block pair by block pair, each
// running sum's loop spanning two cycles, with bubbles, preloads and dot
// products of different lengths (the shorter one's slot idles).
TYPED_TEST(BlockDot, InterleavedDotProducts) {
  const Config& cfg = TypeParam::cfg;
  if (cfg.acc_ii != 2) GTEST_SKIP() << cfg.name << " has one running sum";
  UnitTb<typename TypeParam::Dut> tb(cfg);
  BlockGen gen(0x1A7E + static_cast<uint64_t>(cfg.pipe), cfg.n);
  const uint64_t total = std::max<uint64_t>(random_blocks() / 4 / static_cast<uint64_t>(cfg.lanes), 40000);
  while (tb.sent() < total && tb.mismatches() == 0) {
    const int len[2] = {gen.uniform(1, 12), gen.uniform(1, 12)};
    std::optional<uint32_t> init[2];
    for (auto& i : init)
      if (gen.coin(0.3)) i = golden::f32_bits(static_cast<float>(std::ldexp(gen.coin(0.5) ? 1.5 : -1.25, gen.uniform(-30, 30))));
    for (int k = 0; k < std::max(len[0], len[1]); ++k)
      for (int s = 0; s < 2; ++s) {
        if (k >= len[s]) continue;
        if (gen.coin(0.05)) tb.idle();
        tb.send(any_group(gen, cfg, cfg.a), any_group(gen, cfg, cfg.b), k == 0, k + 1 == len[s], k == 0 ? init[s] : std::nullopt, s);
      }
  }
  tb.flush();
  EXPECT_EQ(tb.mismatches(), 0);
}

}  // namespace
}  // namespace amx::tb
