#include "amx/golden/dot.hpp"

#include <algorithm>
#include <cmath>

#include "amx/golden/error.hpp"

namespace amx::golden {

Discipline parse_discipline(const std::string& name) {
  if (name == "block") return Discipline::Block;
  if (name == "class-seq") return Discipline::ClassSeq;
  if (name == "window") return Discipline::Window;
  throw Error("unknown accumulation discipline '" + name + "' (expected: block, class-seq, window)");
}

const char* discipline_name(Discipline d) {
  switch (d) {
    case Discipline::Block: return "block";
    case Discipline::ClassSeq: return "class-seq";
    case Discipline::Window: return "window";
  }
  return "?";
}

ScaleExact scale_exact(float v, ScaleKind kind) {
  // Smallest normal exponent and mantissa bits of the scale format.
  int emin = 0, mbits = 0;
  switch (kind) {
    case ScaleKind::E8M0: emin = -127; mbits = 0; break;
    case ScaleKind::E4M3: emin = -6; mbits = 3; break;
    case ScaleKind::E5M2: emin = -14; mbits = 2; break;
    case ScaleKind::FP16: emin = -14; mbits = 10; break;
  }
  ScaleExact s;
  s.quantum = emin - mbits;
  if (!std::isfinite(v)) {
    s.nan = true;
    return s;
  }
  if (v == 0.0f) return s;
  int e;
  const float fr = std::frexp(v, &e);
  s.quantum = std::max(e - 1, emin) - mbits;
  int64_t m = static_cast<int64_t>(std::ldexp(fr, 24));
  int x = e - 24;
  while ((m & 1) == 0) {
    m /= 2;
    ++x;
  }
  s.mant = m;
  s.exp = x;
  return s;
}

BlockOperand block_operand(const QuantParams& p, const uint8_t* block, int n) {
  const FormatInfo& info = format_info(p.format);
  if (!info.fp4_elements)
    throw Error(std::string("format ") + info.name + " is an accuracy baseline and has no MAC engine");
  const BlockScales s = block_scales(p, block, 1.0f);
  BlockOperand op;
  op.codes = block + info.scale_bytes;
  op.n = n;
  op.pos = scale_exact(s.block_pos, info.scale);
  op.neg = scale_exact(s.block_neg, info.scale);
  op.sign_selects = info.sign_selects_scale;
  return op;
}

namespace {

// 2 * decode(a) * 2 * decode(b) for the byte (a << 4) | b of two E2M1 codes.
struct ProductTable {
  int16_t v[256];
  ProductTable() {
    for (int i = 0; i < 256; ++i)
      v[i] = static_cast<int16_t>(e2m1::twice_value(static_cast<uint8_t>(i >> 4)) *
                                  e2m1::twice_value(static_cast<uint8_t>(i & 15)));
  }
};
const ProductTable kProducts;

}  // namespace

ClassSums class_sums(const BlockOperand& a, const BlockOperand& b) {
  if (a.n != b.n) throw Error("block dot product of blocks of different lengths");
  ClassSums cs;
  cs.classes_a = a.sign_selects ? 2 : 1;
  cs.classes_b = b.sign_selects ? 2 : 1;
  // Class index 2 * sign(a) + sign(b) from the sign bits the formats use.
  const unsigned ma = a.sign_selects ? 8u : 0u, mb = b.sign_selects ? 8u : 0u;
  int32_t p[4] = {0, 0, 0, 0};
  auto add = [&](unsigned ca, unsigned cb) { p[((ca & ma) >> 2) | ((cb & mb) >> 3)] += kProducts.v[(ca << 4) | cb]; };
  const int pairs = a.n / 2;
  for (int i = 0; i < pairs; ++i) {
    const unsigned x = a.codes[i], y = b.codes[i];
    add(x & 15u, y & 15u);
    add(x >> 4, y >> 4);
  }
  if (a.n & 1) add(code_at(a.codes, a.n - 1), code_at(b.codes, b.n - 1));
  for (int c = 0; c < 4; ++c) cs.p[c] = p[c];
  return cs;
}

namespace {

__extension__ typedef __int128 i128;

bool any_nan(const BlockOperand& a, const BlockOperand& b) {
  return a.pos.nan || a.neg.nan || b.pos.nan || b.neg.nan;
}

// Class term P * sa * sb as mant * 2^exp.
void class_term(const ClassSums& cs, int c, const BlockOperand& a, const BlockOperand& b, int64_t& mant, int& exp) {
  const ScaleExact& sa = (c >> 1) ? a.neg : a.pos;
  const ScaleExact& sb = (c & 1) ? b.neg : b.pos;
  const i128 m = static_cast<i128>(cs.p[c]) * sa.mant * sb.mant;
  if (m > INT64_MAX || m < -INT64_MAX) throw Error("internal: class term exceeds 64 bits");
  mant = static_cast<int64_t>(m);
  exp = sa.exp + sb.exp - 2;  // products of E2M1 values are in units of 1/4
}

float canonical_nan() { return f32_from_bits(kCanonicalNaN); }

// floor(m * 2^s) for any shift s.
i128 floor_shift(i128 m, int s) {
  if (s > 60) throw Error("internal: window shift out of range");
  if (s >= 0) return m * (static_cast<i128>(1) << s);  // m may be negative
  if (s <= -100) return m < 0 ? -1 : 0;
  return m >> -s;  // arithmetic shift (GCC, and C++20): floor
}

// `window`: sum over classes of floor(T_c / 2^(e_hi - G)), where e_hi is the
// quantum exponent of the leading nonzero class (set in e_hi; any value
// when every term is zero, the sum then being 0).
int64_t window_sum(const ClassSums& cs, const BlockOperand& a, const BlockOperand& b, int& e_hi) {
  auto quantum = [&](int c) {
    return ((c >> 1) ? a.neg : a.pos).quantum + ((c & 1) ? b.neg : b.pos).quantum - 2;
  };
  int64_t mant[4] = {0, 0, 0, 0};
  int exp[4] = {0, 0, 0, 0};
  bool found = false;
  e_hi = 0;
  for (int c = 0; c < 4; ++c) {
    class_term(cs, c, a, b, mant[c], exp[c]);
    if (mant[c] != 0 && (!found || quantum(c) > e_hi)) {
      e_hi = quantum(c);
      found = true;
    }
  }
  i128 sum = 0;
  for (int c = 0; c < 4; ++c)
    if (mant[c] != 0) sum += floor_shift(mant[c], exp[c] - e_hi + kWindowGuardBits);
  if (sum > INT64_MAX || sum < -INT64_MAX) throw Error("internal: window sum exceeds 64 bits");
  return static_cast<int64_t>(sum);
}

}  // namespace

float accumulate(float acc, const BlockOperand& a, const BlockOperand& b, Discipline d) {
  if (any_nan(a, b) || std::isnan(acc)) return canonical_nan();
  const ClassSums cs = class_sums(a, b);
  if (d == Discipline::Block) {
    if (std::isinf(acc)) return acc;
    int64_t m[4];
    int e[4], n = 0;
    for (int c = 0; c < 4; ++c)
      if (cs.p[c] != 0) class_term(cs, c, a, b, m[n], e[n]), ++n;
    return sum_rne(acc, m, e, n);
  }
  if (d == Discipline::Window) {
    if (std::isinf(acc)) return acc;
    int e_hi;
    const int64_t w = window_sum(cs, a, b, e_hi);
    const int e = e_hi - kWindowGuardBits;
    return sum_rne(acc, &w, &e, 1);
  }
  for (int ka = 0; ka < cs.classes_a; ++ka) {
    for (int kb = 0; kb < cs.classes_b; ++kb) {
      const int c = 2 * ka + kb;
      int64_t m;
      int e;
      class_term(cs, c, a, b, m, e);
      acc = acc + sum_rne(0.0f, &m, &e, 1);  // the term rounded once, then a binary32 RNE add
    }
  }
  return std::isnan(acc) ? canonical_nan() : acc;
}

std::vector<float> gemm_ref(const PackedTensor& a, const PackedTensor& b, Discipline d) {
  if (a.cols != b.cols)
    throw Error("GEMM operands disagree on K: " + std::to_string(a.cols) + " vs " + std::to_string(b.cols));
  if (a.params.block != b.params.block)
    throw Error("GEMM operands disagree on block size: " + std::to_string(a.params.block) + " vs " +
                std::to_string(b.params.block));
  const size_t k = a.cols, blk = static_cast<size_t>(a.params.block);
  const size_t nb = (k + blk - 1) / blk;
  auto operands = [&](const PackedTensor& t) {
    std::vector<BlockOperand> ops(t.rows * nb);
    for (size_t r = 0; r < t.rows; ++r) {
      const uint8_t* p = t.row(r);
      for (size_t j = 0; j < nb; ++j) {
        const int n = static_cast<int>(std::min(blk, k - j * blk));
        ops[r * nb + j] = block_operand(t.params, p, n);
        p += block_bytes(t.params.format, n);
      }
    }
    return ops;
  };
  const std::vector<BlockOperand> oa = operands(a), ob = operands(b);
  const bool post = format_info(a.params.format).tensor_scale || format_info(b.params.format).tensor_scale;
  const float post_scale = a.tscale * b.tscale;
  std::vector<float> c(a.rows * b.rows);
  for (size_t m = 0; m < a.rows; ++m) {
    for (size_t n = 0; n < b.rows; ++n) {
      float acc = 0.0f;
      for (size_t j = 0; j < nb; ++j) acc = accumulate(acc, oa[m * nb + j], ob[n * nb + j], d);
      if (post) acc = acc * post_scale;
      c[m * b.rows + n] = std::isnan(acc) ? canonical_nan() : acc;
    }
  }
  return c;
}

}  // namespace amx::golden
