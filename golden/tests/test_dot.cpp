#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <climits>
#include <cstdio>
#include <cstring>
#include <cmath>
#include <random>
#include <vector>

#include "amx/golden/dot.hpp"
#include "amx/golden/error.hpp"

using namespace amx::golden;

namespace {

float exact_to_float(std::initializer_list<std::pair<int64_t, int>> terms) {
  ExactSum s;
  for (auto [m, e] : terms) s.add(m, e);
  return s.to_float_rne();
}

// A hand-made block: codes and raw scale bytes.
std::vector<uint8_t> make_block(Format f, std::vector<uint8_t> scale_bytes, const std::vector<uint8_t>& codes) {
  std::vector<uint8_t> b = std::move(scale_bytes);
  for (size_t i = 0; i < codes.size(); i += 2)
    b.push_back(static_cast<uint8_t>(codes[i] | ((i + 1 < codes.size() ? codes[i + 1] : 0) << 4)));
  EXPECT_EQ(b.size(), block_bytes(f, static_cast<int>(codes.size())));
  return b;
}

// Quantum (exponent of one ulp) of a scale in its format, from the tables of
// docs/numerics.md §3, independent of the golden's scale decoding.
int oracle_quantum(float s, Format f) {
  const ScaleKind k = format_info(f).scale;
  const int emin = k == ScaleKind::E8M0 ? -127 : k == ScaleKind::E4M3 ? -6 : -14;
  const int mbits = k == ScaleKind::E8M0 ? 0 : k == ScaleKind::E4M3 ? 3 : 2;
  if (s == 0.0f) return emin - mbits;
  int e;
  std::frexp(s, &e);
  return std::max(e - 1, emin) - mbits;
}

}  // namespace

TEST(ExactSum, RoundsOnceToNearestEven) {
  EXPECT_EQ(exact_to_float({{1, 0}, {1, -24}}), 1.0f);                          // tie -> even
  EXPECT_EQ(exact_to_float({{1, 0}, {3, -25}}), 1.0f + std::ldexp(1.0f, -23));  // above tie
  EXPECT_EQ(exact_to_float({{1, 0}, {1, -24}, {1, -300}}), 1.0f + std::ldexp(1.0f, -23));  // sticky
  EXPECT_EQ(exact_to_float({{3, 0}, {1, -23}}), 3.0f);                          // tie, even stays
  EXPECT_EQ(exact_to_float({{3 * (1 << 22) + 1, -22}, {1, -23}}), 3.0f + std::ldexp(1.0f, -21));  // tie, odd -> up
  EXPECT_EQ(exact_to_float({{1, -150}}), 0.0f);                                 // subnormal tie -> 0
  EXPECT_EQ(exact_to_float({{1, -150}, {1, -300}}), std::ldexp(1.0f, -149));
  EXPECT_EQ(exact_to_float({{3, -150}}), std::ldexp(1.0f, -148));              // 1.5 ulp -> 2 ulp
  EXPECT_EQ(f32_bits(exact_to_float({{-1, -151}})), 0x80000000u);              // keeps its sign
  EXPECT_EQ(f32_bits(exact_to_float({{5, 3}, {-5, 3}})), 0u);                  // exact zero is +0
  EXPECT_EQ(exact_to_float({{1, 128}}), INFINITY);
  EXPECT_EQ(exact_to_float({{-1, 200}}), -INFINITY);
  ExactSum s;
  s.add_float(FLT_MAX);
  s.add(1, 103);  // half an ulp of FLT_MAX, odd mantissa: rounds up, overflows
  EXPECT_EQ(s.to_float_rne(), INFINITY);
  ExactSum t;
  t.add_float(FLT_MAX);
  t.add(1, 102);
  EXPECT_EQ(t.to_float_rne(), FLT_MAX);
  ExactSum u;  // carries and borrows across limbs
  u.add(1, 200);
  u.add(-1, -250);
  EXPECT_EQ(u.to_float_rne(), INFINITY);
  ExactSum v;
  v.add(1, 100);
  v.add(-1, -250);
  EXPECT_EQ(v.to_float_rne(), std::ldexp(1.0f, 100));
  v.add(-1, 100);
  EXPECT_EQ(v.to_float_rne(), -0.0f);
  EXPECT_TRUE(v.is_negative());
}

// Every FP4 x FP4 code pair through a one-element block with unit scales.
// sum_rne, the 128-bit fast path, against ExactSum on terms built to hit its
// corners: ties at every binade, subnormal results, overflow, cancellation,
// spans at the edge of the 128-bit window and beyond it (the fallback).
TEST(ExactSum, FastSumEqualsExactSum) {
  std::mt19937_64 rng(7);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto bits = [](float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    return u;
  };
  int fast = 0, slow = 0;
  for (int it = 0; it < 400000; ++it) {
    const int n = pick(0, 5);
    int64_t m[5];
    int e[5];
    const int base = pick(-300, 150), span = pick(0, 3) == 0 ? pick(0, 160) : pick(0, 40);
    for (int i = 0; i < n; ++i) {
      const int width = pick(0, 4) == 0 ? pick(1, 62) : pick(1, 26);
      int64_t v = static_cast<int64_t>(rng() >> (64 - width));
      if (pick(0, 7) == 0) v = int64_t{1} << (width - 1);  // a power of two: exact ties
      m[i] = pick(0, 1) ? -v : v;
      e[i] = base + pick(0, span);
    }
    float f = 0.0f;
    switch (pick(0, 4)) {
      case 0: break;
      case 1: f = std::ldexp(static_cast<float>(pick(-(1 << 24), 1 << 24)), pick(-149, 104)); break;
      case 2: f = std::ldexp(static_cast<float>(pick(-(1 << 23), 1 << 23)), -149); break;  // subnormal
      case 3: f = -0.0f; break;
      default:  // minus a term: cancellation
        if (n > 0 && std::abs(m[0]) < (1 << 24) && e[0] >= -149 && e[0] <= 100)
          f = -std::ldexp(static_cast<float>(m[0]), e[0]);
    }
    ExactSum s;
    for (int i = 0; i < n; ++i) s.add(m[i], e[i]);
    s.add_float(f);
    const float want = s.to_float_rne(), got = sum_rne(f, m, e, n);
    ASSERT_EQ(bits(got), bits(want)) << "iteration " << it << " n=" << n << " f=" << f;
    (span + 62 > 120 ? slow : fast)++;
  }
  EXPECT_GT(fast, 100000);
  EXPECT_GT(slow, 10000);
  // Hand corners: halfway below the smallest subnormal, and the carry into Inf.
  const int64_t one = 1, fmax_up = (int64_t{1} << 25) - 1;
  const int em = -150, ei = 103;
  EXPECT_EQ(bits(sum_rne(0.0f, &one, &em, 1)), 0u);
  EXPECT_EQ(bits(sum_rne(0.0f, &fmax_up, &ei, 1)), 0x7F800000u);
  const int64_t neg = -1;
  EXPECT_EQ(bits(sum_rne(0.0f, &neg, &em, 1)), 0x80000000u);
}

// The product-table class sums against the definition, element by element.
TEST(BlockDot, ClassSumsEqualTheDefinition) {
  std::mt19937 rng(3);
  for (int it = 0; it < 20000; ++it) {
    const int n = 1 + static_cast<int>(rng() % 64);
    std::vector<uint8_t> ca((n + 1) / 2), cb((n + 1) / 2);
    for (auto& v : ca) v = static_cast<uint8_t>(rng());
    for (auto& v : cb) v = static_cast<uint8_t>(rng());
    BlockOperand a, b;
    a.codes = ca.data();
    b.codes = cb.data();
    a.n = b.n = n;
    a.sign_selects = rng() & 1;
    b.sign_selects = rng() & 1;
    int64_t want[4] = {0, 0, 0, 0};
    for (int i = 0; i < n; ++i) {
      const uint8_t x = code_at(a.codes, i), y = code_at(b.codes, i);
      const int k = 2 * (a.sign_selects ? x >> 3 : 0) + (b.sign_selects ? y >> 3 : 0);
      want[k] += e2m1::twice_value(x) * e2m1::twice_value(y);
    }
    const ClassSums cs = class_sums(a, b);
    for (int c = 0; c < 4; ++c) ASSERT_EQ(cs.p[c], want[c]) << "n=" << n << " class " << c;
  }
}

TEST(BlockDot, EveryCodePairExhaustive) {
  for (int a = 0; a < 16; ++a) {
    for (int b = 0; b < 16; ++b) {
      const auto ba = make_block(Format::MXFP4, {0x7F}, {static_cast<uint8_t>(a)});
      const auto bb = make_block(Format::MXFP4, {0x7F}, {static_cast<uint8_t>(b)});
      QuantParams p{Format::MXFP4, 1, Rounding::Nearest};
      const BlockOperand oa = block_operand(p, ba.data(), 1), ob = block_operand(p, bb.data(), 1);
      const float want = e2m1::decode(static_cast<uint8_t>(a)) * e2m1::decode(static_cast<uint8_t>(b));
      const float got = accumulate(0.0f, oa, ob, Discipline::Block);
      EXPECT_EQ(got, want) << a << " x " << b;
      EXPECT_EQ(accumulate(0.0f, oa, ob, Discipline::ClassSeq), want);
      EXPECT_EQ(accumulate(0.0f, oa, ob, Discipline::Window), want);
    }
  }
}

TEST(BlockDot, AsymmetricClassesByHand) {
  // a: codes +6 (class +) and -1 (class -), scales s+ = 0.5 (0x38), s- = 0.046875 (0x2A).
  // b: codes +1 and +2 under AMXFP4 scales s+ = 1 (0x3C), s- = 2 (0x40).
  // a.b = 6*0.5 * 1*1 + (-1*0.046875) * (2*1) = 3 - 0.09375 = 2.90625.
  QuantParams p{Format::AMXFP4, 2, Rounding::Nearest};
  const auto ba = make_block(Format::AMXFP4, {0x38, 0x2A}, {0x7, 0xA});
  const auto bb = make_block(Format::AMXFP4, {0x3C, 0x40}, {0x2, 0x4});
  const BlockOperand oa = block_operand(p, ba.data(), 2), ob = block_operand(p, bb.data(), 2);
  const ClassSums cs = class_sums(oa, ob);
  EXPECT_EQ(cs.classes_a, 2);
  EXPECT_EQ(cs.p[0], 12 * 2);   // (+,+): 6*1 in quarter units
  EXPECT_EQ(cs.p[2], -2 * 4);   // (-,+): -1*2 in quarter units
  EXPECT_EQ(cs.p[1] + cs.p[3], 0);
  EXPECT_EQ(accumulate(0.0f, oa, ob, Discipline::Block), 2.90625f);
  EXPECT_EQ(accumulate(0.0f, oa, ob, Discipline::ClassSeq), 2.90625f);
  // AMXFP4 x MXFP4: b's sign never selects a scale (2 classes).
  QuantParams q{Format::MXFP4, 2, Rounding::Nearest};
  const auto bm = make_block(Format::MXFP4, {0x80}, {0x2, 0xC});  // scale 2; values 1, -2
  const BlockOperand om = block_operand(q, bm.data(), 2);
  // 6*0.5*1*2 + (-1*0.046875)*(-2*2) = 6 + 0.1875
  EXPECT_EQ(accumulate(0.0f, oa, om, Discipline::Block), 6.1875f);
  EXPECT_EQ(class_sums(oa, om).classes_b, 1);
}

TEST(BlockDot, DisciplinesDifferWhereTheyShould) {
  // acc = 1, class terms 2^-24 in (+,+) and (-,-): one rounding of 1 + 2^-23
  // is exact; adding 2^-24 twice rounds to even (1) both times.
  QuantParams p{Format::AMXFP4, 1, Rounding::Nearest};
  // 0.5 * 0.5 * s * s = 2^-24 with s = 2^-11 (E5M2 0x10 = 2^-11).
  const auto pos = make_block(Format::AMXFP4, {0x10, 0x10}, {0x1});
  const auto neg = make_block(Format::AMXFP4, {0x10, 0x10}, {0x9});
  const BlockOperand a0 = block_operand(p, pos.data(), 1), a1 = block_operand(p, neg.data(), 1);
  // Two-element equivalent: use a block of 2 with one (+,+) and one (-,-) product.
  QuantParams p2{Format::AMXFP4, 2, Rounding::Nearest};
  const auto ab = make_block(Format::AMXFP4, {0x10, 0x10}, {0x1, 0x9});
  const BlockOperand oa = block_operand(p2, ab.data(), 2), ob = block_operand(p2, ab.data(), 2);
  EXPECT_EQ(accumulate(1.0f, oa, ob, Discipline::Block), 1.0f + std::ldexp(1.0f, -23));
  EXPECT_EQ(accumulate(1.0f, oa, ob, Discipline::ClassSeq), 1.0f);
  EXPECT_EQ(accumulate(0.0f, a0, a0, Discipline::Block), std::ldexp(1.0f, -24));
  EXPECT_EQ(accumulate(0.0f, a1, a1, Discipline::Block), std::ldexp(1.0f, -24));
}

TEST(BlockDot, WindowDropsBitsBelowTheLeadingClass) {
  // a: +0.5 under s+ = 2^15 (E5M2 0x78, quantum 2^13) and -0.5 under
  // s- = 2^-16 (0x01, quantum 2^-16); b: MXFP4, scale 1, codes 0.5, 0.5.
  // Class terms 2^13 (quantum 2^11, leading) and -2^-18: the window LSB is
  // 2^(11-16) = 2^-5, so -2^-18 floors to -2^-5.
  QuantParams pa{Format::AMXFP4, 2, Rounding::Nearest}, pb{Format::MXFP4, 2, Rounding::Nearest};
  const auto ba = make_block(Format::AMXFP4, {0x78, 0x01}, {0x1, 0x9});
  const auto bb = make_block(Format::MXFP4, {0x7F}, {0x1, 0x1});
  const BlockOperand oa = block_operand(pa, ba.data(), 2), ob = block_operand(pb, bb.data(), 2);
  EXPECT_EQ(kWindowGuardBits, 16);
  EXPECT_EQ(accumulate(0.0f, oa, ob, Discipline::Window), 8192.0f - 0.03125f);
  EXPECT_EQ(accumulate(0.0f, oa, ob, Discipline::Block), 8192.0f);  // 2^13 - 2^-18 rounds up
  // With no positive code the empty (+) class must not place the window: the
  // single remaining term is exact.
  const auto neg = make_block(Format::AMXFP4, {0x78, 0x01}, {0x9, 0x9});
  const BlockOperand on = block_operand(pa, neg.data(), 2);
  EXPECT_EQ(accumulate(0.0f, on, ob, Discipline::Window), -std::ldexp(1.0f, -17));
  EXPECT_EQ(discipline_name(parse_discipline("window")), std::string("window"));
}

TEST(BlockDot, SpecialValues) {
  QuantParams p{Format::MXFP4, 1, Rounding::Nearest};
  const auto one = make_block(Format::MXFP4, {0x7F}, {0x2});
  const auto nan = make_block(Format::MXFP4, {0xFF}, {0x2});
  const auto big = make_block(Format::MXFP4, {0xFE}, {0x7});  // 6 * 2^127
  const auto nbig = make_block(Format::MXFP4, {0xFE}, {0xF});
  const BlockOperand o1 = block_operand(p, one.data(), 1), on = block_operand(p, nan.data(), 1);
  const BlockOperand ob = block_operand(p, big.data(), 1), onb = block_operand(p, nbig.data(), 1);
  for (Discipline d : {Discipline::Block, Discipline::ClassSeq, Discipline::Window}) {
    EXPECT_EQ(f32_bits(accumulate(1.0f, o1, on, d)), kCanonicalNaN);
    EXPECT_EQ(f32_bits(accumulate(NAN, o1, o1, d)), kCanonicalNaN);
    const float inf = accumulate(0.0f, ob, o1, d);  // 6 * 2^127 overflows to +Inf
    EXPECT_EQ(inf, INFINITY);
    EXPECT_EQ(accumulate(inf, o1, o1, d), INFINITY);
    // Block: Inf absorbs the finite block -6*2^127.  Class-seq: that class
    // term itself rounds to -Inf in binary32, and Inf - Inf is NaN.
    EXPECT_EQ(f32_bits(accumulate(inf, onb, o1, d)),
              d == Discipline::ClassSeq ? kCanonicalNaN : f32_bits(INFINITY));
  }
  // Catastrophic cancellation: 6*2^127 - 6*2^127 + 0 in one block, added to 1, is exactly 1.
  QuantParams p3{Format::MXFP4, 3, Rounding::Nearest};
  const auto cancel = make_block(Format::MXFP4, {0xFE}, {0x7, 0xF, 0x0});
  const auto ones = make_block(Format::MXFP4, {0x7F}, {0x2, 0x2, 0x2});
  EXPECT_EQ(accumulate(1.0f, block_operand(p3, cancel.data(), 3), block_operand(p3, ones.data(), 3), Discipline::Block),
            1.0f);
  EXPECT_THROW(block_operand({Format::INT4, 32, Rounding::Nearest}, one.data(), 1), amx::Error);
}

// Random GEMMs against an independent oracle: the exact class terms summed in
// binary128 (113-bit significand), where that sum is provably exact.
TEST(Gemm, MatchesBinary128OracleOnRandomBlocks) {
  std::mt19937 g(99);
  std::normal_distribution<float> nd;
  const Format fmts[] = {Format::MXFP4, Format::AMXFP4, Format::AMXFP4_E4M3, Format::MXFP4_E5M2};
  size_t compared = 0, window_differs = 0;
  for (Format fa : fmts) {
    for (Format fb : fmts) {
      const size_t M = 4, N = 3, K = 32 * 24 + 5;
      std::vector<float> a(M * K), b(N * K);
      for (auto& v : a) v = nd(g) * std::exp(nd(g)) + 0.3f;
      // Odd rows: positives 2^20 times larger than negatives, so AMXFP4's two
      // scales are further apart than the window's guard bits.
      for (size_t i = K; i < 2 * K; ++i) a[i] = a[i] > 0 ? std::ldexp(a[i], 8) : std::ldexp(a[i], -12);
      for (size_t i = 3 * K; i < 4 * K; ++i) a[i] = a[i] > 0 ? std::ldexp(a[i], 8) : std::ldexp(a[i], -12);
      for (auto& v : b) v = nd(g) * 0.05f;
      const PackedTensor ta = quantize_tensor({fa, 32, Rounding::Nearest}, a.data(), {M, K});
      const PackedTensor tb = quantize_tensor({fb, 32, Rounding::Nearest}, b.data(), {N, K});
      const std::vector<float> c = gemm_ref(ta, tb, Discipline::Block);
      const std::vector<float> cs = gemm_ref(ta, tb, Discipline::ClassSeq);
      const std::vector<float> cw = gemm_ref(ta, tb, Discipline::Window);
      const std::vector<float> da = dequantize_tensor(ta), db = dequantize_tensor(tb);
      for (size_t m = 0; m < M; ++m) {
        for (size_t n = 0; n < N; ++n) {
          float acc = 0.0f, acc_seq = 0.0f, acc_win = 0.0f;
          for (size_t k0 = 0; k0 < K; k0 += 32) {
            const size_t j = k0 / 32;
            const BlockScales sa = block_scales(ta.params, ta.row(m) + j * block_bytes(fa, 32), 1.0f);
            const BlockScales sb = block_scales(tb.params, tb.row(n) + j * block_bytes(fb, 32), 1.0f);
            __float128 blk = 0;
            __float128 cls[4] = {0, 0, 0, 0};
            for (size_t k = k0; k < std::min(K, k0 + 32); ++k) {
              const __float128 prod = static_cast<__float128>(da[m * K + k]) * db[n * K + k];  // exact
              blk += prod;
              const int ka = format_info(fa).sign_selects_scale && std::signbit(da[m * K + k]) ? 1 : 0;
              const int kb = format_info(fb).sign_selects_scale && std::signbit(db[n * K + k]) ? 1 : 0;
              cls[2 * ka + kb] += prod;
            }
            // window: quanta of the class scales, leading nonzero class, floor.
            int e_hi = INT_MIN;
            int qc[4];
            for (int cl = 0; cl < 4; ++cl) {
              qc[cl] = oracle_quantum((cl >> 1) ? sa.block_neg : sa.block_pos, fa) +
                      oracle_quantum((cl & 1) ? sb.block_neg : sb.block_pos, fb) - 2;
              if (cls[cl] != 0) e_hi = std::max(e_hi, qc[cl]);
            }
            __float128 win = 0;
            for (int cl = 0; cl < 4; ++cl) {
              if (cls[cl] == 0) continue;
              const __float128 u = cls[cl] * static_cast<__float128>(std::ldexp(1.0, kWindowGuardBits - e_hi));
              __float128 f = static_cast<__float128>(static_cast<int64_t>(u));  // toward zero
              if (f > u) f -= 1;
              win += f;
            }
            acc_win = e_hi == INT_MIN ? acc_win + 0.0f
                                      : static_cast<float>(static_cast<__float128>(acc_win) +
                                                           win * static_cast<__float128>(
                                                                     std::ldexp(1.0, e_hi - kWindowGuardBits)));
            acc = static_cast<float>(static_cast<__float128>(acc) + blk);
            for (int ka = 0; ka < (format_info(fa).sign_selects_scale ? 2 : 1); ++ka)
              for (int kb = 0; kb < (format_info(fb).sign_selects_scale ? 2 : 1); ++kb)
                acc_seq = acc_seq + static_cast<float>(cls[2 * ka + kb]);
          }
          EXPECT_EQ(f32_bits(c[m * N + n]), f32_bits(acc)) << format_info(fa).name << " x " << format_info(fb).name;
          EXPECT_EQ(f32_bits(cs[m * N + n]), f32_bits(acc_seq));
          EXPECT_EQ(f32_bits(cw[m * N + n]), f32_bits(acc_win));
          window_differs += f32_bits(cw[m * N + n]) != f32_bits(c[m * N + n]);
          ++compared;
        }
      }
    }
  }
  EXPECT_EQ(compared, 16u * 12u);
  std::printf("window != block in %zu of %zu results\n", window_differs, compared);
  EXPECT_GT(window_differs, 0u);  // the window oracle is not vacuous
}

TEST(Gemm, RejectsMismatchedOperands) {
  std::vector<float> a(64, 1.0f);
  const PackedTensor t32 = quantize_tensor({Format::MXFP4, 32, Rounding::Nearest}, a.data(), {2, 32});
  const PackedTensor t16 = quantize_tensor({Format::MXFP4, 16, Rounding::Nearest}, a.data(), {2, 32});
  const PackedTensor k64 = quantize_tensor({Format::MXFP4, 32, Rounding::Nearest}, a.data(), {1, 64});
  EXPECT_THROW(gemm_ref(t32, t16, Discipline::Block), amx::Error);
  EXPECT_THROW(gemm_ref(t32, k64, Discipline::Block), amx::Error);
  EXPECT_THROW(parse_discipline("fast"), amx::Error);
}

// Units of several lanes (docs/numerics.md §7.2): a group of block pairs, one
// accumulator update.
TEST(Lanes, BlockRoundsTheGroupSumOnce) {
  // acc 1, block 0 adds 2^-24 (a tie alone), block 1 adds 2^-200: one block
  // pair at a time the tie goes to even (1) and the tiny term is lost; the
  // group's exact sum lies above the tie and rounds up.
  QuantParams p{Format::MXFP4, 2, Rounding::Nearest};
  const auto tie = make_block(Format::MXFP4, {static_cast<uint8_t>(127 - 23)}, {0x1, 0x0});   // 0.5 * 2^-23
  const auto tiny = make_block(Format::MXFP4, {static_cast<uint8_t>(127 - 100)}, {0x1, 0x0});  // 0.5 * 2^-100
  const auto one = make_block(Format::MXFP4, {127}, {0x2, 0x0});
  const auto b = make_block(Format::MXFP4, {127 - 100}, {0x2, 0x0});  // 2^-100 and 1
  const BlockOperand a[2] = {block_operand(p, tie.data(), 2), block_operand(p, tiny.data(), 2)};
  const BlockOperand bb[2] = {block_operand(p, one.data(), 2), block_operand(p, b.data(), 2)};
  EXPECT_EQ(accumulate(accumulate(1.0f, a[0], bb[0], Discipline::Block), a[1], bb[1], Discipline::Block), 1.0f);
  EXPECT_EQ(accumulate_group(1.0f, a, bb, 2, Discipline::Block), 1.0f + std::ldexp(1.0f, -23));
  EXPECT_EQ(accumulate_group(1.0f, a, bb, 1, Discipline::Block), accumulate(1.0f, a[0], bb[0], Discipline::Block));
  DotUnit unit(Discipline::Block, 2, {}, 2);
  EXPECT_EQ(unit.step_group(a, bb, 2, true, true, 1.0f), 1.0f + std::ldexp(1.0f, -23));
}

TEST(Lanes, WindowSpansTheGroupEvenForOneClass) {
  // MXFP4 block 0: 0.5 * 0.5 under 2^15 * 1, a term 2^13 of quantum 2^13;
  // block 1: -0.5 * 0.5 under 2^-16 * 1, -2^-18.  Over the group the window
  // LSB is 2^(13-16): the second term floors to -2^-3.  Alone each block is
  // exact (one class).
  QuantParams p{Format::MXFP4, 2, Rounding::Nearest};
  const auto a0 = make_block(Format::MXFP4, {127 + 15}, {0x1, 0x0});
  const auto a1 = make_block(Format::MXFP4, {127 - 16}, {0x9, 0x0});
  const auto b0 = make_block(Format::MXFP4, {127}, {0x1, 0x0});
  const BlockOperand a[2] = {block_operand(p, a0.data(), 2), block_operand(p, a1.data(), 2)};
  const BlockOperand b[2] = {block_operand(p, b0.data(), 2), block_operand(p, b0.data(), 2)};
  EXPECT_EQ(accumulate_group(0.0f, a, b, 2, Discipline::Window), 8192.0f - 0.125f);
  EXPECT_EQ(accumulate_group(0.0f, a, b, 2, Discipline::Block), 8192.0f);
  EXPECT_EQ(accumulate(accumulate(0.0f, a[0], b[0], Discipline::Window), a[1], b[1], Discipline::Window), 8192.0f);
  // Special values: a NaN scale in any lane, Inf absorbing.
  const auto nan = make_block(Format::MXFP4, {0xFF}, {0x1, 0x0});
  const BlockOperand an[2] = {a[0], block_operand(p, nan.data(), 2)};
  for (Discipline d : {Discipline::Block, Discipline::Window}) {
    EXPECT_EQ(f32_bits(accumulate_group(0.0f, an, b, 2, d)), kCanonicalNaN);
    EXPECT_EQ(accumulate_group(INFINITY, a, b, 2, d), INFINITY);
  }
}

TEST(Lanes, ContractsAndErrors) {
  EXPECT_EQ(unit_fused_params(32, 1).kstep, 64);
  EXPECT_EQ(unit_fused_params(32, 2).kstep, 64);
  EXPECT_EQ(unit_fused_params(32, 4).kstep, 128);
  EXPECT_EQ(unit_fused_params(16, 4).kstep, 64);
  EXPECT_THROW(DotUnit(Discipline::ClassSeq, 32, {}, 2), amx::Error);
  EXPECT_THROW(DotUnit(Discipline::Fused, 32, {}, 4), amx::Error);  // K step 64 splits a group of 128
  EXPECT_THROW(DotUnit(Discipline::Block, 32, {}, 0), amx::Error);
  EXPECT_THROW(DotUnit(Discipline::Block, 32, {}, kMaxLanes + 1), amx::Error);
  QuantParams p{Format::MXFP4, 2, Rounding::Nearest};
  const auto x = make_block(Format::MXFP4, {127}, {0x1, 0x0});
  const BlockOperand a[2] = {block_operand(p, x.data(), 2), block_operand(p, x.data(), 2)};
  EXPECT_THROW(accumulate_group(0.0f, a, a, 2, Discipline::ClassSeq), amx::Error);
  DotUnit unit(Discipline::Window, 2, {}, 2);
  EXPECT_THROW(unit.step_group(a, a, 3, true, true), amx::Error);
}

// Random GEMMs of every engine format pair with L = 2 and 4 lanes (K with a
// short last group and a short last block): `block` against an independent
// oracle (each group's exact products summed with the accumulator in an
// ExactSum, rounded once), `fused` against the one-lane unit with the same K
// step, and L = 1 against the per-block contract.
TEST(Lanes, GemmsOfGroupsMatchTheirOracles) {
  std::mt19937 g(2024);
  std::normal_distribution<float> nd;
  const Format fmts[] = {Format::MXFP4, Format::AMXFP4, Format::AMXFP4_E4M3, Format::MXFP4_E4M3};
  size_t compared = 0, differs = 0;
  for (Format fa : fmts)
    for (Format fb : {Format::MXFP4, Format::AMXFP4}) {
      const size_t M = 3, N = 2, K = 32 * 11 + 7;
      std::vector<float> a(M * K), b(N * K);
      for (size_t i = 0; i < a.size(); ++i) a[i] = std::ldexp(nd(g), static_cast<int>(i / 32 % 7) * 9 - 30) + 0.2f;
      for (auto& v : b) v = nd(g) * 0.05f;
      const PackedTensor ta = quantize_tensor({fa, 32, Rounding::Nearest}, a.data(), {M, K});
      const PackedTensor tb = quantize_tensor({fb, 32, Rounding::Nearest}, b.data(), {N, K});
      const std::vector<float> da = dequantize_tensor(ta), db = dequantize_tensor(tb);  // exact: no NVFP4
      const std::vector<float> one = gemm_ref(ta, tb, Discipline::Block);
      EXPECT_EQ(gemm_ref(ta, tb, Discipline::Block, {}, 1), one);
      for (int lanes : {2, 4}) {
        const std::vector<float> c = gemm_ref(ta, tb, Discipline::Block, {}, lanes);
        const size_t gk = 32 * static_cast<size_t>(lanes);
        for (size_t m = 0; m < M; ++m)
          for (size_t n = 0; n < N; ++n) {
            float acc = 0.0f;
            for (size_t k0 = 0; k0 < K; k0 += gk) {
              ExactSum s;
              s.add_float(acc);
              for (size_t k = k0; k < std::min(K, k0 + gk); ++k) {
                const double prod = static_cast<double>(da[m * K + k]) * db[n * K + k];  // exact
                int e;
                const double fr = std::frexp(prod, &e);
                s.add(static_cast<int64_t>(std::ldexp(fr, 53)), e - 53);
              }
              acc = s.to_float_rne();
            }
            ASSERT_EQ(f32_bits(c[m * N + n]), f32_bits(acc)) << "L " << lanes << " C[" << m << "][" << n << "]";
            ++compared;
            differs += c[m * N + n] != one[m * N + n];
          }
        const FusedParams fp = unit_fused_params(32, lanes);
        EXPECT_EQ(gemm_ref(ta, tb, Discipline::Fused, fp, lanes), gemm_ref(ta, tb, Discipline::Fused, fp));
        EXPECT_EQ(gemm_ref(ta, tb, Discipline::Window, {}, lanes).size(), M * N);
      }
    }
  EXPECT_EQ(compared, 4u * 2 * 2 * 3 * 2);
  EXPECT_GT(differs, 0u);  // one rounding per group is visible
}
