// The Verilated mac_array of one plugin behind the rtl_mac_array interface
// (compiled into the plugin only: Verilator's headers and runtime stay there).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <utility>

#include <systemc>

#include "rtl_mac_array.hpp"
#include "verilated_vcd_sc.h"

namespace amx::tb {

namespace detail {

// Port values are sc_bv<W> (W >= 2) or bool.
template <int W>
sc_dt::sc_bv<W> from_bytes(const uint8_t* bytes, size_t n, sc_dt::sc_bv<W>*) {
  sc_dt::sc_bv<W> v;
  for (int w = 0; w < (W + 31) / 32; ++w) {
    uint32_t word = 0;
    for (size_t k = 0; k < 4; ++k) {
      const size_t i = static_cast<size_t>(w) * 4 + k;
      if (i < n) word |= static_cast<uint32_t>(bytes[i]) << (8 * k);
    }
    v.set_word(w, word);
  }
  return v;
}
inline bool from_bytes(const uint8_t* bytes, size_t n, bool*) { return n && (bytes[0] & 1); }

template <int W>
uint32_t word(const sc_dt::sc_bv<W>& v, int i) {
  return static_cast<uint32_t>(v.get_word(i));
}
inline uint32_t word(bool v, int) { return v; }

template <class T>
T make(const uint8_t* bytes, size_t n) {
  return from_bytes(bytes, n, static_cast<T*>(nullptr));
}

template <class Port>
using value_t = typename std::remove_reference_t<Port>::data_type;

template <class D, class = void>
struct has_trace : std::false_type {};
template <class D>
struct has_trace<D, std::void_t<decltype(std::declval<D&>().trace(static_cast<VerilatedVcdC*>(nullptr), 0))>>
    : std::true_type {};

}  // namespace detail

template <class Dut>
class rtl_mac_array_of final : public rtl_mac_array {
  using KT = detail::value_t<decltype(std::declval<Dut&>().k_i)>;
  using AT = detail::value_t<decltype(std::declval<Dut&>().a_i)>;
  using BT = detail::value_t<decltype(std::declval<Dut&>().b_i)>;
  using RowT = detail::value_t<decltype(std::declval<Dut&>().out_row_o)>;
  using DataT = detail::value_t<decltype(std::declval<Dut&>().out_data_o)>;
  using PlRowT = detail::value_t<decltype(std::declval<Dut&>().pl_row_i)>;
  using PlDataT = detail::value_t<decltype(std::declval<Dut&>().pl_data_i)>;

 public:
  explicit rtl_mac_array_of(const sc_core::sc_module_name& n) : rtl_mac_array(n), dut_("dut") {
    dut_.clk_i(clk);
    dut_.rst_ni(rst_n);
    dut_.k_i(k_);
    dut_.in_valid_i(in_valid);
    dut_.in_ready_o(in_ready);
    dut_.a_i(a_);
    dut_.b_i(b_);
    dut_.out_valid_o(out_valid);
    dut_.out_row_o(row_);
    dut_.out_data_o(data_);
    dut_.pre_i(pre_);
    dut_.pl_valid_i(pl_valid_);
    dut_.pl_row_i(pl_row_);
    dut_.pl_data_i(pl_data_);
  }
  void set_pre(bool pre) override { pre_.write(pre); }
  void set_preload_row(bool valid, unsigned row, const uint32_t* words, size_t n_words) override {
    pl_valid_.write(valid);
    if (!valid) return;
    const uint8_t rb[4] = {static_cast<uint8_t>(row), static_cast<uint8_t>(row >> 8), static_cast<uint8_t>(row >> 16),
                           static_cast<uint8_t>(row >> 24)};
    pl_row_.write(detail::make<PlRowT>(rb, 4));
    pl_data_.write(detail::make<PlDataT>(reinterpret_cast<const uint8_t*>(words), sizeof(uint32_t) * n_words));
  }

  void set_operands(uint32_t k, const uint8_t* a, size_t a_bytes, const uint8_t* b, size_t b_bytes) override {
    const uint8_t kb[4] = {static_cast<uint8_t>(k), static_cast<uint8_t>(k >> 8), static_cast<uint8_t>(k >> 16),
                           static_cast<uint8_t>(k >> 24)};
    k_.write(detail::make<KT>(kb, 4));
    a_.write(detail::make<AT>(a, a_bytes));
    b_.write(detail::make<BT>(b, b_bytes));
  }
  unsigned out_row() const override { return detail::word(row_.read(), 0); }
  uint32_t out_word(int c) const override { return detail::word(data_.read(), c); }
  void open_vcd(const char* path) override {
    if constexpr (detail::has_trace<Dut>::value) {
      vcd_ = std::make_unique<VerilatedVcdSc>();
      dut_.trace(vcd_.get(), 99);
      vcd_->open(path);
    }
  }
  void close_vcd() override {
    if (vcd_) vcd_->close();
  }

 private:
  Dut dut_;
  sc_core::sc_signal<KT> k_{"k"};
  sc_core::sc_signal<AT> a_{"a"};
  sc_core::sc_signal<BT> b_{"b"};
  sc_core::sc_signal<RowT> row_{"row"};
  sc_core::sc_signal<DataT> data_{"data"};
  sc_core::sc_signal<bool> pre_{"pre"}, pl_valid_{"pl_valid"};
  sc_core::sc_signal<PlRowT> pl_row_{"pl_row"};
  sc_core::sc_signal<PlDataT> pl_data_{"pl_data"};
  std::unique_ptr<VerilatedVcdSc> vcd_;
};

}  // namespace amx::tb
