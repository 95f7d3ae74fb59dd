// Tensor files: NumPy .npy (float32, C order) and the packed block container
// of docs/numerics.md §5.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <istream>
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
PackedTensor parse_packed(const std::string& bytes, const std::string& what);

// Text rows of whitespace-separated numbers (amx quantize --in -): strtof's
// syntax (decimal, hex floats, nan, inf), each token used whole, at most
// kMaxTextNumbers numbers; an amx::Error names what and the line.
inline constexpr uint64_t kMaxTextNumbers = uint64_t{1} << 28;  // a 1 GiB float32 tensor
std::vector<std::vector<float>> parse_text_rows(std::istream& in, const std::string& what);

// The most bytes any input file may have: 4 GiB, or AMX_MAX_INPUT_MIB.
uint64_t max_input_bytes();
// A regular file of at most max_bytes (a device, pipe or directory, or a
// larger file, is an amx::Error naming it).
std::string read_file(const std::string& path, uint64_t max_bytes = max_input_bytes());
// Writes beside the file and renames it into place: never half-written.
void write_file(const std::string& path, const std::string& bytes);
// The inputs of the running command.  While an InputGuard lives, every
// file read_file reads, and every existing path note_input names, is an
// input, and no output written through OutputSet or write_file may replace
// that file, whatever name or link it is reached by.  amx's main holds one
// around the command it runs; a command notes the inputs it hands on
// unread (a sweep's workloads).  One at a time.
class InputGuard {
 public:
  InputGuard();
  ~InputGuard();
  InputGuard(const InputGuard&) = delete;
  InputGuard& operator=(const InputGuard&) = delete;
};
void note_input(const std::string& option, const std::string& path);

// The outputs of one command, all or nothing: each output path is claimed
// first (refused when it is an input's file or another output's), contents
// are staged beside their paths (a symbolic link's beside its target), and
// commit() renames them all into place only once the whole command has
// succeeded.  A command that fails leaves earlier files untouched and no
// new ones.  A file the command read (or noted as an input, InputGuard)
// is never staged over, whether or not it was claimed.
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
  struct Staged {
    std::string path;   // the file replaced (a link's target)
    std::string tmp;    // its staged contents beside it, or empty: a device written at commit
    std::string bytes;  // a device's contents
  };
  static void refuse_input(const std::string& what, const struct stat& st);
  std::vector<Claimed> claimed_;
  std::vector<Staged> staged_;
};

}  // namespace amx::golden
