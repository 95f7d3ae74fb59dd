// The format error study: synthetic LLM-like tensors, per-format error and
// per-group shape statistics (kurtosis, asymmetry).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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

}  // namespace amx::study
