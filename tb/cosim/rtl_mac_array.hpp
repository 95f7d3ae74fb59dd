// The Verilated mac_array (SystemC, --pins-bv 2) behind one interface the
// co-simulation drives: signals for the handshake and the clock, the wide
// operand and result ports as bytes and words.  Each array is a plugin of
// its own (tb/cosim/rtl_plugin.cpp, a shared object per registry array):
// no Verilator header or runtime is seen from here, so the amx binary
// carries none and builds without any model.
#pragma once

#include <cstddef>
#include <cstdint>

#include <systemc>

namespace amx::tb {

class rtl_mac_array : public sc_core::sc_module {
 public:
  sc_core::sc_signal<bool> clk{"clk"}, rst_n{"rst_n"}, in_valid{"in_valid"}, in_ready{"in_ready"},
      out_valid{"out_valid"};

  // Operand ports: row r's block at a + r * block_bytes (likewise b).
  virtual void set_operands(uint32_t k, const uint8_t* a, size_t a_bytes, const uint8_t* b, size_t b_bytes) = 0;
  // pre_i for the block pairs offered next; preload bank rows written at
  // the next rising edge (DRAIN_ROWS rows of C binary32 words from row
  // `row`, a multiple of DRAIN_ROWS), or none.
  virtual void set_pre(bool pre) = 0;
  virtual void set_preload_row(bool valid, unsigned row, const uint32_t* words, size_t n_words) = 0;
  virtual unsigned out_row() const = 0;
  // Word i of the DRAIN_ROWS rows presented: C[out_row + i / C][i % C] as
  // binary32 bits.
  virtual uint32_t out_word(int i) const = 0;
  // Waveforms (only for a model verilated with --trace, CosimEntry::trace):
  // from the current time into path, until close_vcd().
  virtual void open_vcd(const char* path) = 0;
  virtual void close_vcd() = 0;

 protected:
  explicit rtl_mac_array(const sc_core::sc_module_name& n) : sc_core::sc_module(n) {}
};

// What a co-simulation plugin exports: extern "C" const RtlPlugin*
// amx_cosim_plugin().  make() returns a new array (the caller owns it);
// trace = true turns Verilator's tracing on first (before the model exists).
inline constexpr int kRtlPluginAbi = 1;
struct RtlPlugin {
  int abi;             // kRtlPluginAbi of the tree it was built from
  const char* prefix;  // its Verilated model: Vcs_<engine>_<R>x<C>
  rtl_mac_array* (*make)(const char* name, bool trace);
};
inline constexpr const char* kRtlPluginSymbol = "amx_cosim_plugin";

}  // namespace amx::tb
