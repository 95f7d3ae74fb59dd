// Exact block dot products and the reference GEMM (docs/numerics.md §6-§7).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "amx/golden/exact.hpp"
#include "amx/golden/quantizer.hpp"

namespace amx::golden {

// How the exact block results are added to the binary32 accumulator.
//  Block:    acc <- RNE(acc + exact block result)              (default)
//  ClassSeq: each sign-class term, exactly representable in binary32 when it
//            is in the normal range, is rounded once and added with RNE in
//            the fixed class order (+,+), (+,-), (-,+), (-,-).
//  Window:   the class terms are summed in a fixed-point window whose LSB is
//            kWindowGuardBits below the quantum of the leading nonzero class
//            (bits below it dropped, floor), then acc <- RNE(acc + sum).
//  Fused:    the commercial tensor-core contract (docs/numerics.md §8): every
//            K step of 64 elements, the exact sub-block class sums times
//            their scale products and the accumulator are truncated at a
//            common alignment, summed, and rounded toward zero once.
enum class Discipline { Block, ClassSeq, Window, Fused };
inline constexpr int kWindowGuardBits = 16;
Discipline parse_discipline(const std::string& name);
const char* discipline_name(Discipline d);

// A scale as an exact dyadic mant * 2^exp (odd mant unless zero), or NaN,
// and its quantum: the exponent of one unit in the last place of the scale
// in its own format (docs/numerics.md §7, `window`).
struct ScaleExact {
  bool nan = false;
  int64_t mant = 0;
  int exp = 0;
  int quantum = 0;
  // `fused` alignment exponent: floor(log2 s), at least the format's
  // smallest normal exponent; -126 for a zero scale (docs/numerics.md §8).
  int align = -126;
};
ScaleExact scale_exact(float v, ScaleKind kind);

// One operand block as the MAC engine sees it: the codes and the stored
// scale(s).  NVFP4's tensor scale is not part of it (applied after the GEMM).
struct BlockOperand {
  const uint8_t* codes = nullptr;  // packed nibbles
  int n = 0;
  ScaleExact pos, neg;
  bool sign_selects = false;
};
BlockOperand block_operand(const QuantParams& p, const uint8_t* block, int n);

// Sign classes: index = 2 * class(a) + class(b), where class(x) is the code's
// sign bit when x's format picks its scale by sign, else 0.
struct ClassSums {
  int64_t p[4] = {0, 0, 0, 0};  // exact sums of products, in units of 1/4
  int classes_a = 1, classes_b = 1;
};
ClassSums class_sums(const BlockOperand& a, const BlockOperand& b);

// The class sums of the element pairs lo..hi-1 of two blocks (0 <= lo < hi <= n).
ClassSums class_sums_range(const BlockOperand& a, const BlockOperand& b, int lo, int hi);

// acc <- acc (+) block under a per-block discipline (block, class-seq,
// window); NaN results are the canonical quiet NaN 0x7FC00000.  `fused`
// spans several blocks: use DotUnit.
float accumulate(float acc, const BlockOperand& a, const BlockOperand& b, Discipline d);

// acc <- acc (+) a group of `count` block pairs a[i], b[i] in one accumulator
// update, as a unit of several lanes takes them (docs/numerics.md §7.2):
// `block` rounds the exact sum of every block result once, `window` places
// its window over the class terms of the whole group.  count = 1 is
// accumulate(); class-seq takes one block pair only.
float accumulate_group(float acc, const BlockOperand* a, const BlockOperand* b, int count, Discipline d);

// Parameters of the `fused` contract (docs/numerics.md §8).  The defaults are
// the FP4 path of the public tensor-core model: K step 64, sub-blocks of 16,
// 35 fractional bits below the alignment exponent.
struct FusedParams {
  int kstep = 64;
  int sub = 16;
  int frac = 35;
};
// The contract of a unit taking `lanes` blocks of `block` elements per cycle:
// K step max(64, block * lanes), so a step holds whole groups.
FusedParams unit_fused_params(int block, int lanes);
// Block pairs per cycle a unit may take.
inline constexpr int kMaxLanes = 16;
// The rule about a unit's lanes under a contract, written once: 1..kMaxLanes
// block pairs per cycle, and class-seq adds one at a time.  Empty if lanes
// may serve d, else why not (the golden, the model's registers and the
// command line give this reason).
std::string lanes_error(Discipline d, int lanes);
// Throws amx::Error unless 1 <= sub, kstep is a multiple of sub, 1 <= frac <= 60.
void validate(const FusedParams& p);

// One fused-sum term: mant * 2^lsb, aligned by its scales' exponent `align`.
struct FusedTerm {
  int64_t mant = 0;
  int lsb = 0;
  int align = 0;
};
// The fused sum of c and the terms: each truncated toward zero at
// 2^(E - frac), E the largest alignment exponent among c's and the terms',
// summed exactly, rounded toward zero to binary32 (±Inf past its range, +0
// for a zero sum).  c must be finite.
float fused_sum(float c, const FusedTerm* terms, size_t n, int frac);

// The accumulator of one MAC unit under any discipline: block pairs in K
// order, `first` starting a dot product from +0, `last` ending it.  Under
// `fused` the accumulator changes at the end of each K step (and at `last`);
// in between it holds the previous steps' value, as the RTL's acc_o does.
class DotUnit {
 public:
  // lanes: block pairs per cycle (a group); fused needs a K step holding
  // whole groups (unit_fused_params); class-seq takes one lane.
  explicit DotUnit(Discipline d = Discipline::Block, int block = 32, const FusedParams& fp = {}, int lanes = 1);
  // first starts the dot product from init: +0, or a K-tiled partial sum
  // loaded back (§7.1; exact when the K tile ends where the contract's
  // accumulator is binary32: any block under block/class-seq/window, a K
  // step under fused).
  float step(const BlockOperand& a, const BlockOperand& b, bool first, bool last, float init = 0.0f);
  // A group of 1..lanes block pairs in one accumulator update (§7.2).
  float step_group(const BlockOperand* a, const BlockOperand* b, int count, bool first, bool last, float init = 0.0f);
  float acc() const { return acc_; }
  int lanes() const { return lanes_; }
  Discipline discipline() const { return disc_; }

 private:
  void flush();
  Discipline disc_;
  int block_;
  int lanes_;
  FusedParams fp_;
  float acc_ = 0.0f;
  uint64_t k_ = 0;  // element index along K of the next block's first element
  bool nan_ = false;
  std::vector<FusedTerm> terms_;
};

// C[m][n] = sum over k of A[m][k] * B[n][k]: A is M x K and B is N x K, both
// quantized along K with the same block size.  For NVFP4 operands the result
// is multiplied once by RNE(tscale_A * tscale_B) at the end.
// lanes: the unit's block pairs per cycle, in groups along K (§7.2).
std::vector<float> gemm_ref(const PackedTensor& a, const PackedTensor& b, Discipline d,
                            const FusedParams& fp = {}, int lanes = 1);

// The error of a GEMM result c (M x N) against FP64 on the unquantized
// operands a (M x K) and b (N x K, one row per output column).
struct GemmError {
  double signal = 0.0, noise = 0.0;     // sums of ref^2 and (c - ref)^2
  double max_ref = 0.0, max_err = 0.0;  // largest |ref| and |c - ref|
  double sqnr_db() const;               // +Inf when c is exact
};
GemmError gemm_error(const float* a, const float* b, size_t m, size_t n, size_t k, const float* c);

}  // namespace amx::golden
