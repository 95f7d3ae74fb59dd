// Cycle driver of one block_dot unit with an in-order golden scoreboard: every
// block pair sent is checked when it reaches the accumulator (acc_o), and the
// last of a dot product also on res_o / res_valid_o.
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "bench.hpp"
#include "vl_ports.hpp"

namespace amx::tb {

template <class Dut>
class UnitTb {
 public:
  explicit UnitTb(const Config& cfg)
      : cfg_(cfg),
        ctx_(std::make_unique<VerilatedContext>()),
        dut_(ctx_.get()),
        unit_{golden::DotUnit(cfg.disc, cfg.n, golden::unit_fused_params(cfg.n, cfg.lanes), cfg.lanes),
              golden::DotUnit(cfg.disc, cfg.n, golden::unit_fused_params(cfg.n, cfg.lanes), cfg.lanes)},
        latency_(cfg.pipe + cfg.acc_ii - 1) {
    dut_.clear_i = 0;
    reset(dut_, dut_.valid_i);
  }
  ~UnitTb() { dut_.final(); }

  // One group of cfg.lanes block pairs (a and b: the lanes' packed blocks
  // side by side, as a row stores them); first starts a dot product from +0 (or, with init, from
  // a preloaded partial sum: pre_i), last ends it.  With ACC_II = 2 each dot
  // product takes the other running sum (slot) than the one before, unless
  // slot says which; a pair whose slot the previous cycle's pair used waits
  // a cycle (the accumulator's loop spans two).
  void send(const Block& a, const Block& b, bool first, bool last, std::optional<uint32_t> init = std::nullopt,
            std::optional<int> slot = std::nullopt) {
    const std::vector<golden::BlockOperand> oa = group_operands(cfg_.a, a), ob = group_operands(cfg_.b, b);
    if (cfg_.acc_ii == 2) {
      if (slot) slot_ = *slot;
      else if (first) slot_ ^= 1;
      if (prev_slot_ == slot_) idle();
    }
    float& acc = acc_[slot_];
    if (first) {
      acc = init ? golden::f32_from_bits(*init) : 0.0f;
      index_in_dot_[slot_] = 0;
    }
    Expect e{golden::f32_bits(acc), 0, last, sent_, index_in_dot_[slot_]++, a, b};
    acc = unit_[slot_].step_group(oa.data(), ob.data(), cfg_.lanes, first, last,
                                  init && first ? golden::f32_from_bits(*init) : 0.0f);
    dut_.slot_i = slot_;
    prev_slot_ = cfg_.acc_ii == 2 ? slot_ : -1;
    dut_.pre_i = init.has_value();
    // A changing init_i between first pairs must not matter (the pipeline
    // loads it on first pairs only): drive garbage otherwise.
    dut_.init_i = init ? *init : static_cast<uint32_t>(sent_ * 0x9E3779B9u);
    e.acc = golden::f32_bits(acc);
    set_port(dut_.a_i, a.data(), a.size());
    set_port(dut_.b_i, b.data(), b.size());
    dut_.valid_i = 1;
    dut_.first_i = first;
    dut_.last_i = last;
    ++sent_;
    step(e);
  }
  void idle() {
    prev_slot_ = -1;
    step(std::nullopt);
  }
  void flush() {
    for (int i = 0; i <= latency_; ++i) idle();
  }
  // Clears the running sum (clear_i) in an idle cycle; the golden follows
  // (the next block pair must start a dot product).
  void clear() {
    dut_.clear_i = 1;
    idle();
    dut_.clear_i = 0;
    acc_[0] = acc_[1] = 0.0f;
  }
  // A one-group dot product, checked, returning the RTL result.
  uint32_t one(const Block& a, const Block& b) {
    send(a, b, true, true);
    flush();
    return last_res_;
  }

  uint32_t acc_bits() const { return dut_.acc_o; }
  float golden_acc() const { return acc_[slot_]; }
  uint64_t sent() const { return sent_; }
  int mismatches() const { return mismatches_; }

 private:
  struct Expect {
    uint32_t before, acc;
    bool last;
    uint64_t index, index_in_dot;
    Block a, b;
  };

  std::vector<golden::BlockOperand> group_operands(const Side& s, const Block& g) const {
    const size_t bytes = golden::block_bytes(s.format(), cfg_.n);
    if (g.size() != bytes * static_cast<size_t>(cfg_.lanes)) throw std::logic_error("a group of the wrong size");
    std::vector<golden::BlockOperand> ops;
    for (int l = 0; l < cfg_.lanes; ++l) ops.push_back(golden::block_operand(
        golden::QuantParams{s.format(), cfg_.n, golden::Rounding::Nearest}, g.data() + bytes * static_cast<size_t>(l), cfg_.n));
    return ops;
  }

  void step(std::optional<Expect> e) {
    if (!e) dut_.valid_i = 0;
    line_.push_back(std::move(e));
    clock(dut_);
    dut_.valid_i = 0;
    if (static_cast<int>(line_.size()) <= latency_) return;
    std::optional<Expect> got = std::move(line_.front());
    line_.pop_front();
    const bool res_valid = dut_.res_valid_o;
    if (!got) {
      if (res_valid) report("res_valid_o without a last block pair", nullptr);
      return;
    }
    if (dut_.acc_o != got->acc) report("running sum (acc_o)", &*got);
    if (res_valid != got->last) report("res_valid_o", &*got);
    if (got->last) {
      last_res_ = dut_.res_o;
      if (dut_.res_o != got->acc) report("result (res_o)", &*got);
    }
  }

  void report(const char* what, const Expect* e) {
    ++mismatches_;
    if (mismatches_ > 10) return;  // the first ones tell the story
    std::ostringstream os;
    os << cfg_.name << ": " << what << " differs from the golden";
    if (e) {
      const golden::BlockOperand oa = operand(cfg_.a, cfg_.n, e->a), ob = operand(cfg_.b, cfg_.n, e->b);
      os << "\n  group #" << e->index << " (group " << e->index_in_dot << " of its dot product; lane 0's scales below)"
         << "\n  a: " << hex(e->a) << "\n     scales +" << (oa.pos.nan ? "NaN" : std::to_string(oa.pos.mant) + "*2^" + std::to_string(oa.pos.exp))
         << " -" << (oa.neg.nan ? "NaN" : std::to_string(oa.neg.mant) + "*2^" + std::to_string(oa.neg.exp))
         << "\n  b: " << hex(e->b) << "\n     scales +" << (ob.pos.nan ? "NaN" : std::to_string(ob.pos.mant) + "*2^" + std::to_string(ob.pos.exp))
         << " -" << (ob.neg.nan ? "NaN" : std::to_string(ob.neg.mant) + "*2^" + std::to_string(ob.neg.exp))
         << "\n  accumulator before: " << f32_str(e->before) << "\n  golden: " << f32_str(e->acc)
         << "\n  rtl acc_o: " << f32_str(dut_.acc_o) << "  res_o: " << f32_str(dut_.res_o)
         << " res_valid_o: " << int(dut_.res_valid_o);
    }
    ADD_FAILURE() << os.str();
  }

  Config cfg_;
  std::unique_ptr<VerilatedContext> ctx_;
  Dut dut_;
  golden::DotUnit unit_[2];  // one per running sum (ACC_II = 2), else the first
  int latency_;              // cycles from a block pair to its running sum on acc_o
  std::deque<std::optional<Expect>> line_;
  float acc_[2] = {0.0f, 0.0f};
  int slot_ = 0, prev_slot_ = -1;
  uint64_t sent_ = 0, index_in_dot_[2] = {0, 0};
  uint32_t last_res_ = 0;
  int mismatches_ = 0;
};

}  // namespace amx::tb
