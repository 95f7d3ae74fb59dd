// Block quantizers and the packed block layout (docs/numerics.md §4-§5).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "amx/golden/formats.hpp"
#include "amx/golden/minifloat.hpp"

namespace amx::golden {

struct QuantParams {
  Format format = Format::MXFP4;
  int block = 32;
  Rounding rounding = Rounding::Nearest;
};

// Throws amx::Error when the block size is not 1..65536.
void validate(const QuantParams& p);

// Bytes of one packed block holding n (<= block) elements: the shared scale
// bytes, then ceil(n/2) code bytes, element 2j in the low nibble of byte j.
size_t block_bytes(Format f, int n);
size_t row_bytes(const QuantParams& p, size_t cols);

// NVFP4's per-tensor FP32 scale amax/(6*448) over the finite elements
// (1 when that is 0); 1 for every other format.
float tensor_scale(const QuantParams& p, const float* x, size_t count);

// One block of n elements (1 <= n <= p.block) <-> its packed bytes.
void quantize_block(const QuantParams& p, const float* x, int n, float tscale, uint8_t* out);
void dequantize_block(const QuantParams& p, const uint8_t* in, int n, float tscale, float* y);

// A row of `cols` elements split into blocks of p.block, short tail allowed.
void quantize_row(const QuantParams& p, const float* x, size_t cols, float tscale, uint8_t* out);
void dequantize_row(const QuantParams& p, const uint8_t* in, size_t cols, float tscale, float* y);

// A tensor quantized along its last axis.
struct PackedTensor {
  QuantParams params;
  std::vector<uint64_t> shape;
  size_t rows = 0, cols = 0;
  float tscale = 1.0f;
  size_t row_stride = 0;  // bytes per packed row
  std::vector<uint8_t> data;

  const uint8_t* row(size_t r) const { return data.data() + r * row_stride; }
};

PackedTensor quantize_tensor(const QuantParams& p, const float* x, const std::vector<uint64_t>& shape);
std::vector<float> dequantize_tensor(const PackedTensor& t);

// The decoded shared scales of one packed block, as dequantization uses them:
// element value = decode(code) * (sign bit ? neg : pos).  For NVFP4 these
// include the tensor scale; `block_pos`/`block_neg` are the stored FP8 values.
struct BlockScales {
  float pos, neg;
  float block_pos, block_neg;
  uint8_t zero_point;  // INT4 asymmetric only
};
BlockScales block_scales(const QuantParams& p, const uint8_t* block, float tscale);

// Codes of a packed block, one per element (low 4 bits).
inline uint8_t code_at(const uint8_t* block_codes, int i) {
  const uint8_t b = block_codes[i >> 1];
  return static_cast<uint8_t>((i & 1) ? (b >> 4) : (b & 0x0F));
}

}  // namespace amx::golden
