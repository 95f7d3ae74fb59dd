// Switching activity of block_dot's input ports under a stimulus: the block
// pairs one unit consumes, one per cycle, in dot products of K elements.
#pragma once

#include <cstdint>
#include <string>
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

// Writes a stimulus for a gate-level simulation: `dots` dot products of K = k
// (row d of A with row d of B), one block per line as hex words (the port's
// bit order), into a_hex and b_hex; returns the cycles.  expected: the
// golden's result of each dot product (binary32 bits).
// The accuracy of the engine's arithmetic contract: SQNR (dB) of the GEMM of
// the LLM stimulus (rows x k activations, cols x k weights, as the power
// simulation's) quantized to the engine's formats and accumulated under its
// discipline by the golden, against FP64 on the unquantized operands.
double contract_sqnr(const Engine& e, uint64_t seed, size_t rows = 16, size_t cols = 16, size_t k = 4096);
// The same with given activations x (rows x k, row-major, finite) against the
// LLM stimulus's weights (cols x k) of the seed.
double contract_sqnr_on(const Engine& e, const std::vector<float>& x, size_t rows, size_t k, uint64_t seed,
                        size_t cols = 16);

size_t write_stimulus(const Engine& e, Stimulus s, uint64_t seed, size_t dots, size_t k, const std::string& a_hex,
                      const std::string& b_hex, std::vector<uint32_t>* expected = nullptr);

}  // namespace amx::synth
