// Tensor files: NumPy .npy (float32, C order) and the packed block container
// of docs/numerics.md §5.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "amx/golden/quantizer.hpp"

namespace amx::golden {

struct NpyArray {
  std::vector<uint64_t> shape;
  std::vector<float> data;
};

// Reads a little-endian float32 C-order .npy (format versions 1, 2, 3).
// Anything else is an amx::Error naming the file and the problem.
NpyArray read_npy(const std::string& path);
NpyArray parse_npy(const std::string& bytes, const std::string& what);
void write_npy(const std::string& path, const std::vector<uint64_t>& shape, const float* data);
std::string serialize_npy(const std::vector<uint64_t>& shape, const float* data);

void write_packed(const std::string& path, const PackedTensor& t);
PackedTensor read_packed(const std::string& path);

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& bytes);

}  // namespace amx::golden
