// Switching activity of block_dot's input ports under a stimulus: the block
// pairs one unit consumes, one per cycle, in dot products of K elements.
#pragma once

#include <cstdint>
#include <vector>

#include "amx/synth/flow.hpp"

namespace amx::synth {

enum class Stimulus {
  Llm,     // LLM-like activations (outlier channels) x Gaussian weights, quantized by the golden
  Random,  // uniformly random codes and (non-NaN) scale bytes: the contrast
};
const char* stimulus_name(Stimulus s);

struct UnitStimulus {
  std::vector<Activity> ports;  // every bit of a_i, b_i, first_i, last_i, valid_i, clear_i
  uint64_t cycles = 0;
  int k_blocks = 0;             // block pairs per dot product
  double mean_activity = 0.0;   // over the operand bits
};

// Activities of engine e's unit over rows x cols dot products of K = k
// elements (one block pair per cycle).
UnitStimulus unit_activity(const Engine& e, Stimulus s, uint64_t seed, size_t rows = 16, size_t cols = 16,
                           size_t k = 4096);

}  // namespace amx::synth
