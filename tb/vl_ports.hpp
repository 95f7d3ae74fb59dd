// Verilator port packing and clocking of the C++ testbenches' models.
#pragma once

#include <cstddef>
#include <cstdint>

#include "verilated.h"

namespace amx::tb {

// Copy bytes into a Verilator port, little-endian (byte k = bits 8k+7:8k).
template <std::size_t W>
void set_port(VlWide<W>& port, const uint8_t* bytes, size_t n) {
  for (std::size_t w = 0; w < W; ++w) port[w] = 0;
  for (size_t k = 0; k < n; ++k) port[k / 4] |= static_cast<uint32_t>(bytes[k]) << (8 * (k % 4));
}
inline void set_port(QData& port, const uint8_t* bytes, size_t n) {
  port = 0;
  for (size_t k = 0; k < n; ++k) port |= static_cast<QData>(bytes[k]) << (8 * k);
}
template <std::size_t W>
uint32_t get_word(const VlWide<W>& port, size_t w) { return port[w]; }
inline uint32_t get_word(const QData& port, size_t w) { return static_cast<uint32_t>(port >> (32 * w)); }
inline uint32_t get_word(IData port, size_t) { return port; }

// One clock cycle of a Verilated model with clk_i (inputs set beforehand).
template <class Dut>
void clock(Dut& dut) {
  dut.clk_i = 0;
  dut.eval();
  dut.clk_i = 1;
  dut.eval();
}

// Two cycles of active-low reset (rst_ni) with valid_i low.
template <class Dut, class Valid>
void reset(Dut& dut, Valid& valid) {
  dut.rst_ni = 0;
  dut.clk_i = 0;
  valid = 0;
  dut.eval();
  clock(dut);
  dut.rst_ni = 1;
  clock(dut);
}

}  // namespace amx::tb
