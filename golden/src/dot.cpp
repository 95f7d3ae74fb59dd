// The block dot products of every accumulation contract, computed exactly:
// class sums as integers, class terms as (mantissa, exponent) pairs, one
// rounding where docs/numerics.md puts it and nowhere else.
#include "amx/golden/dot.hpp"

#include <algorithm>
#include <cmath>

#include "amx/golden/error.hpp"

namespace amx::golden {

Discipline parse_discipline(const std::string& name) {
  if (name == "block") return Discipline::Block;
  if (name == "class-seq") return Discipline::ClassSeq;
  if (name == "window") return Discipline::Window;
  if (name == "fused") return Discipline::Fused;
  throw Error("unknown accumulation discipline '" + name + "' (expected: block, class-seq, window, fused)");
}

const char* discipline_name(Discipline d) {
  switch (d) {
    case Discipline::Block: return "block";
    case Discipline::ClassSeq: return "class-seq";
    case Discipline::Window: return "window";
    case Discipline::Fused: return "fused";
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
  if (v == 0.0f) return s;  // align stays -126
  int e;
  const float fr = std::frexp(v, &e);
  s.quantum = std::max(e - 1, emin) - mbits;
  s.align = std::max(e - 1, emin);
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

ClassSums class_sums_range(const BlockOperand& a, const BlockOperand& b, int lo, int hi) {
  if (lo < 0 || hi > a.n || hi > b.n || lo >= hi) throw Error("internal: class sums of an empty or outside range");
  if ((lo & 1) == 0) {
    BlockOperand sa = a, sb = b;
    sa.codes += lo / 2;
    sb.codes += lo / 2;
    sa.n = sb.n = hi - lo;
    return class_sums(sa, sb);
  }
  ClassSums cs;
  cs.classes_a = a.sign_selects ? 2 : 1;
  cs.classes_b = b.sign_selects ? 2 : 1;
  for (int i = lo; i < hi; ++i) {
    const uint8_t x = code_at(a.codes, i), y = code_at(b.codes, i);
    const int c = (a.sign_selects ? (x >> 3) * 2 : 0) + (b.sign_selects ? (y >> 3) : 0);
    cs.p[c] += e2m1::twice_value(x) * e2m1::twice_value(y);
  }
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

// One class term of a block pair and the quantum of its scale product.
struct WindowTerm {
  int64_t mant = 0;
  int exp = 0;
  int quantum = 0;
};

// Appends the class terms of a block pair (every class of the format pair).
void window_terms(const BlockOperand& a, const BlockOperand& b, std::vector<WindowTerm>& out) {
  const ClassSums cs = class_sums(a, b);
  for (int c = 0; c < 4; ++c) {
    WindowTerm t;
    class_term(cs, c, a, b, t.mant, t.exp);
    t.quantum = ((c >> 1) ? a.neg : a.pos).quantum + ((c & 1) ? b.neg : b.pos).quantum - 2;
    out.push_back(t);
  }
}

// `window`: sum over the terms of floor(T / 2^(e_hi - G)), where e_hi is the
// quantum exponent of the leading nonzero term (set in e_hi; any value when
// every term is zero, the sum then being 0).
int64_t window_sum(const std::vector<WindowTerm>& terms, int& e_hi) {
  bool found = false;
  e_hi = 0;
  for (const WindowTerm& t : terms)
    if (t.mant != 0 && (!found || t.quantum > e_hi)) {
      e_hi = t.quantum;
      found = true;
    }
  i128 sum = 0;
  for (const WindowTerm& t : terms)
    if (t.mant != 0) sum += floor_shift(t.mant, t.exp - e_hi + kWindowGuardBits);
  if (sum > INT64_MAX || sum < -INT64_MAX) throw Error("internal: window sum exceeds 64 bits");
  return static_cast<int64_t>(sum);
}

}  // namespace

float accumulate(float acc, const BlockOperand& a, const BlockOperand& b, Discipline d) {
  return accumulate_group(acc, &a, &b, 1, d);
}

float accumulate_group(float acc, const BlockOperand* a, const BlockOperand* b, int count, Discipline d) {
  if (d == Discipline::Fused) throw Error("internal: the fused discipline spans several blocks (use DotUnit)");
  if (count < 1) throw Error("internal: a group of no block pairs");
  if (const std::string why = lanes_error(d, count); !why.empty()) throw Error(why);
  bool nan = std::isnan(acc);
  for (int l = 0; l < count; ++l) nan = nan || any_nan(a[l], b[l]);
  if (nan) return canonical_nan();
  if (d == Discipline::Block) {
    if (std::isinf(acc)) return acc;
    std::vector<int64_t> m;
    std::vector<int> e;
    for (int l = 0; l < count; ++l) {
      const ClassSums cs = class_sums(a[l], b[l]);
      for (int c = 0; c < 4; ++c)
        if (cs.p[c] != 0) {
          m.emplace_back();
          e.emplace_back();
          class_term(cs, c, a[l], b[l], m.back(), e.back());
        }
    }
    return sum_rne(acc, m.data(), e.data(), static_cast<int>(m.size()));
  }
  if (d == Discipline::Window) {
    if (std::isinf(acc)) return acc;
    std::vector<WindowTerm> terms;
    for (int l = 0; l < count; ++l) window_terms(a[l], b[l], terms);
    int e_hi;
    const int64_t w = window_sum(terms, e_hi);
    const int e = e_hi - kWindowGuardBits;
    return sum_rne(acc, &w, &e, 1);
  }
  const ClassSums cs = class_sums(*a, *b);
  for (int ka = 0; ka < cs.classes_a; ++ka) {
    for (int kb = 0; kb < cs.classes_b; ++kb) {
      const int c = 2 * ka + kb;
      int64_t m;
      int e;
      class_term(cs, c, *a, *b, m, e);
      acc = acc + sum_rne(0.0f, &m, &e, 1);  // the term rounded once, then a binary32 RNE add
    }
  }
  return std::isnan(acc) ? canonical_nan() : acc;
}

FusedParams unit_fused_params(int block, int lanes) {
  FusedParams p;
  p.kstep = std::max(p.kstep, block * lanes);
  return p;
}

void validate(const FusedParams& p) {
  if (p.sub < 1 || p.kstep < p.sub || p.kstep % p.sub != 0 || p.kstep > (1 << 20))
    throw Error("fused K step " + std::to_string(p.kstep) + " is not a multiple of its sub-block " +
                std::to_string(p.sub) + " (both positive, K step at most 2^20)");
  if (p.frac < 1 || p.frac > 60)
    throw Error("fused fractional bits " + std::to_string(p.frac) + " are outside 1..60");
}

float fused_sum(float c, const FusedTerm* terms, size_t n, int frac) {
  // c as an integer significand times 2^lsb, and its alignment exponent
  // (binary32's: -126 for zero and subnormals).
  const uint32_t cb = f32_bits(c);
  const int cexp = static_cast<int>((cb >> 23) & 0xFF);
  const int64_t csig = static_cast<int64_t>((cb & 0x7FFFFF) | (cexp ? 0x800000u : 0u));
  const int clsb = (cexp ? cexp : 1) - 150;
  int e_max = (cexp ? cexp : 1) - 127;
  for (size_t i = 0; i < n; ++i) e_max = std::max(e_max, terms[i].align);
  const int grid = e_max - frac;  // exponent of the sum's LSB
  // trunc(m * 2^(lsb - grid)): toward zero, as a sign-magnitude shifter does.
  auto aligned = [grid](int64_t m, int lsb) -> i128 {
    if (m == 0) return 0;
    const int sh = lsb - grid;
    const bool neg = m < 0;
    const i128 mag = neg ? -static_cast<i128>(m) : static_cast<i128>(m);
    i128 v;
    if (sh >= 0) {
      if (sh > 62) throw Error("internal: fused term shift out of range");
      v = mag << sh;
    } else {
      v = sh <= -100 ? 0 : mag >> -sh;
    }
    return neg ? -v : v;
  };
  i128 sum = aligned((cb >> 31) ? -csig : csig, clsb);
  for (size_t i = 0; i < n; ++i) sum += aligned(terms[i].mant, terms[i].lsb);
  if (sum == 0) return 0.0f;
  const bool neg = sum < 0;
  __extension__ typedef unsigned __int128 u128;
  const u128 mag = static_cast<u128>(neg ? -sum : sum);
  int msb = 127;
  while (!((mag >> msb) & 1)) --msb;
  const int e = grid + msb;  // exponent of the leading bit
  if (e > 127) return neg ? -INFINITY : INFINITY;
  // Round toward zero: keep the bits at and above 2^max(e - 23, -149).
  const int keep_lsb = std::max(e - 23, -149);
  const int sh = keep_lsb - grid;
  const uint64_t r = static_cast<uint64_t>(sh >= 0 ? (sh > 127 ? 0 : mag >> sh) : mag << -sh);
  if (r == 0) return 0.0f;
  const float v = std::ldexp(static_cast<float>(r), keep_lsb);  // r < 2^24: exact
  return neg ? -v : v;
}

std::string lanes_error(Discipline d, int lanes) {
  if (lanes < 1 || lanes > kMaxLanes)
    return "a unit of " + std::to_string(lanes) + " lanes (1.." + std::to_string(kMaxLanes) + " block pairs per cycle)";
  if (lanes > 1 && d == Discipline::ClassSeq) return "class-seq adds one block pair at a time (no unit of several lanes)";
  return {};
}

DotUnit::DotUnit(Discipline d, int block, const FusedParams& fp, int lanes)
    : disc_(d), block_(block), lanes_(lanes), fp_(fp) {
  if (block < 1) throw Error("block size " + std::to_string(block) + " is not positive");
  if (const std::string why = lanes_error(d, lanes); !why.empty()) throw Error(why);
  validate(fp_);
  if (d == Discipline::Fused && fp_.kstep % (block * lanes) != 0)
    throw Error("fused K step " + std::to_string(fp_.kstep) + " does not hold whole groups of " + std::to_string(lanes) +
                " blocks of " + std::to_string(block));
}

float DotUnit::step_group(const BlockOperand* a, const BlockOperand* b, int count, bool first, bool last, float init) {
  if (count < 1 || count > lanes_)
    throw Error("a group of " + std::to_string(count) + " block pairs on a unit of " + std::to_string(lanes_) + " lanes");
  if (disc_ == Discipline::Fused) {
    // The group's blocks lie within one K step (its length holds whole
    // groups), so taking them one by one closes the step where the unit does.
    for (int l = 0; l < count; ++l) step(a[l], b[l], first && l == 0, last && l + 1 == count, init);
    return acc_;
  }
  if (first) acc_ = init;
  acc_ = accumulate_group(acc_, a, b, count, disc_);
  return acc_;
}

void DotUnit::flush() {
  if (nan_ || std::isnan(acc_)) acc_ = canonical_nan();
  else if (!std::isinf(acc_) && !terms_.empty()) acc_ = fused_sum(acc_, terms_.data(), terms_.size(), fp_.frac);
  terms_.clear();
  nan_ = false;
}

float DotUnit::step(const BlockOperand& a, const BlockOperand& b, bool first, bool last, float init) {
  if (first) {
    acc_ = init;
    k_ = 0;
    terms_.clear();
    nan_ = false;
  }
  if (disc_ != Discipline::Fused) {
    acc_ = accumulate(acc_, a, b, disc_);
    return acc_;
  }
  if (a.n != b.n) throw Error("block dot product of blocks of different lengths");
  nan_ = nan_ || any_nan(a, b);
  const int classes_a = a.sign_selects ? 2 : 1, classes_b = b.sign_selects ? 2 : 1;
  // Pieces: the block's elements within one sub-block of K; the K step ends
  // at a multiple of kstep (a multiple of sub, so at a piece's end).
  const uint64_t sub = static_cast<uint64_t>(fp_.sub), kstep = static_cast<uint64_t>(fp_.kstep);
  for (int lo = 0; lo < a.n;) {
    const uint64_t k_lo = k_ + static_cast<uint64_t>(lo);
    const int hi = static_cast<int>(std::min<uint64_t>(static_cast<uint64_t>(a.n), lo + (sub - k_lo % sub)));
    const ClassSums cs = class_sums_range(a, b, lo, hi);
    // Every class of the format pair is a term, empty or not: its alignment
    // comes from its scales alone (§8).
    for (int ka = 0; ka < classes_a; ++ka)
      for (int kb = 0; kb < classes_b; ++kb) {
        const int c = 2 * ka + kb;
        const ScaleExact& sa = ka ? a.neg : a.pos;
        const ScaleExact& sb = kb ? b.neg : b.pos;
        FusedTerm t;
        if (!nan_) class_term(cs, c, a, b, t.mant, t.lsb);
        t.align = sa.align + sb.align;
        terms_.push_back(t);
      }
    lo = hi;
    if ((k_ + static_cast<uint64_t>(lo)) % kstep == 0) flush();
  }
  k_ += static_cast<uint64_t>(block_);
  if (last && !terms_.empty()) flush();
  if (last) nan_ = false;
  return acc_;
}

std::vector<float> gemm_ref(const PackedTensor& a, const PackedTensor& b, Discipline d, const FusedParams& fp,
                            int lanes_of_unit) {
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
  const size_t lanes = static_cast<size_t>(lanes_of_unit);
  const bool post = format_info(a.params.format).tensor_scale || format_info(b.params.format).tensor_scale;
  const float post_scale = a.tscale * b.tscale;
  std::vector<float> c(a.rows * b.rows);
  DotUnit unit(d, a.params.block, fp, lanes_of_unit);
  for (size_t m = 0; m < a.rows; ++m) {
    for (size_t n = 0; n < b.rows; ++n) {
      float acc = 0.0f;
      if (d == Discipline::Fused || lanes > 1) {
        // Groups of `lanes` block pairs, the last one shorter.
        for (size_t j = 0; j < nb; j += lanes) {
          const int count = static_cast<int>(std::min(lanes, nb - j));
          acc = unit.step_group(&oa[m * nb + j], &ob[n * nb + j], count, j == 0, j + lanes >= nb);
        }
      } else {
        for (size_t j = 0; j < nb; ++j) acc = accumulate(acc, oa[m * nb + j], ob[n * nb + j], d);
      }
      if (post) acc = acc * post_scale;
      c[m * b.rows + n] = std::isnan(acc) ? canonical_nan() : acc;
    }
  }
  return c;
}

double GemmError::sqnr_db() const { return noise > 0.0 ? 10.0 * std::log10(signal / noise) : INFINITY; }

GemmError gemm_error(const float* a, const float* b, size_t m, size_t n, size_t k, const float* c) {
  GemmError e;
  for (size_t i = 0; i < m; ++i)
    for (size_t j = 0; j < n; ++j) {
      double ref = 0.0;
      for (size_t q = 0; q < k; ++q) ref += static_cast<double>(a[i * k + q]) * b[j * k + q];
      const double d = static_cast<double>(c[i * n + j]) - ref;
      e.signal += ref * ref;
      e.noise += d * d;
      e.max_ref = std::max(e.max_ref, std::fabs(ref));
      e.max_err = std::max(e.max_err, std::fabs(d));
    }
  return e;
}

}  // namespace amx::golden
