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
enum class Discipline { Block, ClassSeq, Window };
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

// acc <- acc (+) block under the discipline; NaN results are the canonical
// quiet NaN 0x7FC00000.
float accumulate(float acc, const BlockOperand& a, const BlockOperand& b, Discipline d);

// C[m][n] = sum over k of A[m][k] * B[n][k]: A is M x K and B is N x K, both
// quantized along K with the same block size.  For NVFP4 operands the result
// is multiplied once by RNE(tscale_A * tscale_B) at the end.
std::vector<float> gemm_ref(const PackedTensor& a, const PackedTensor& b, Discipline d);

}  // namespace amx::golden
