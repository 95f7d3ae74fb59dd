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
std::string serialize_npy(const std::vector<uint64_t>& shape, const float* data);

void write_packed(const std::string& path, const PackedTensor& t);
std::string serialize_packed(const PackedTensor& t);
PackedTensor read_packed(const std::string& path);

// The most bytes any input file may have: 4 GiB, or AMX_MAX_INPUT_MIB.
uint64_t max_input_bytes();
// A regular file of at most max_bytes (a device, pipe or directory, or a
// larger file, is an amx::Error naming it).
std::string read_file(const std::string& path, uint64_t max_bytes = max_input_bytes());
// Writes beside the file and renames it into place: never half-written.
void write_file(const std::string& path, const std::string& bytes);

// The outputs of one command, all or nothing: each output path is claimed
// first (refused when it is an input's file or another output's), contents
// are staged beside their paths, and commit() renames them all into place
// only once the whole command has succeeded.  A command that fails leaves
// earlier files untouched and no new ones.
class OutputSet {
 public:
  OutputSet() = default;
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;
  ~OutputSet();  // removes what was staged and not committed
  void input(const std::string& option, const std::string& path);
  void claim(const std::string& option, const std::string& path);
  void stage(const std::string& path, const std::string& bytes);
  void commit();

 private:
  struct Claimed {
    std::string option, path;
    bool input, exists;
    uint64_t dev, ino;
  };
  std::vector<Claimed> claimed_;
  std::vector<std::pair<std::string, std::string>> staged_;  // final path, temporary file
};

}  // namespace amx::golden
