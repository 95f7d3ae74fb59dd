// The format error study: synthetic LLM-like tensors, per-format error and
// per-group shape statistics (kurtosis, asymmetry).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "amx/golden/dot.hpp"
#include "amx/golden/quantizer.hpp"

namespace amx::study {

struct Tensor {
  std::string name;
  std::string description;
  size_t rows = 0, cols = 0;
  std::vector<float> data;
};

// Built-in distributions: gaussian, laplace, student-t-outliers, shifted, silu.
const std::vector<std::string>& builtin_names();
Tensor synthesize(const std::string& name, size_t rows, size_t cols, uint64_t seed);

struct ErrorStats {
  double mse = 0, sqnr_db = 0, max_abs_err = 0;
};
ErrorStats error_stats(const std::vector<float>& x, const std::vector<float>& y);

// Means over the blocks of `block` elements along each row (tail blocks
// included) of kurtosis m4/m2^2 and asymmetry |mean|/std; blocks with zero
// variance are skipped.
struct GroupStats {
  double mean_kurtosis = 0, mean_asymmetry = 0;
  size_t groups = 0;
};
GroupStats group_stats(const Tensor& t, size_t block);

// A user tensor from a float32 .npy: the last axis is the quantized one;
// empty or non-finite data is refused naming the file.
Tensor load_tensor(const std::string& npy_path);

// The whole study (amx study) as data.  Blocks are labels: a positive size
// or "row" (the whole row).
struct StudyOptions {
  size_t rows = 128, cols = 4096;  // of each synthetic tensor
  uint64_t seed = 1;
  std::vector<golden::Format> formats;
  std::vector<std::string> blocks = {"16", "32", "64", "128", "row"};
  std::string rounding = "nearest";
  std::vector<golden::Discipline> disciplines;  // accumulation contracts compared (none: empty)
  bool builtin = true;                          // the built-in distributions (rows x cols each)
  std::vector<std::string> npy;                 // user tensors (load_tensor)
  std::function<void(const std::string&)> progress;  // a one-line status, if set
};

// One format at one block size on one tensor.
struct QuantRow {
  std::string tensor, format, block_label;
  size_t block = 0;
  double bits = 0.0;
  ErrorStats err;
  GroupStats groups;
};

// The GEMM accuracy of one accumulation contract: the tensor's first 16 rows
// as activations against 16 Gaussian weight rows (sigma 0.02), both sides
// quantized by the golden.
struct ContractRow {
  std::string tensor, formats, discipline;
  double sqnr_db = 0.0;  // against FP64 of the unquantized operands
  ErrorStats vs_exact;   // against the exact `block` contract on the same quantized operands
};

struct StudyResult {
  StudyOptions options;
  std::vector<Tensor> tensors;           // the built-in, then the user tensors
  std::vector<QuantRow> rows;            // tensor-major, then block, then format
  std::vector<ContractRow> contracts;    // tensor-major, then format pair, then contract
  double seconds = 0.0;
  const QuantRow* find(const std::string& tensor, const std::string& format, const std::string& block) const;
};

// Throws amx::Error on bad options (block labels, tensor sizes).
StudyResult run_study(StudyOptions o);

}  // namespace amx::study
