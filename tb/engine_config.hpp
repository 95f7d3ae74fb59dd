// An engine configuration of the RTL (block_dot / mac_array parameters) as
// the testbenches and the co-simulation describe it; no Verilator here, so
// code outside the Verilated targets can include it.
#pragma once

#include "amx/golden/dot.hpp"
#include "amx/golden/formats.hpp"

namespace amx::tb {

using golden::Format;

// One side of a block_dot configuration, as its RTL parameters say.
struct Side {
  int scale_fmt;  // 0 E8M0, 1 E4M3, 2 E5M2
  bool asym;

  // The golden format whose packed blocks the RTL port takes.
  Format format() const {
    if (asym) return scale_fmt == 1 ? Format::AMXFP4_E4M3 : Format::AMXFP4;
    if (scale_fmt == 0) return Format::MXFP4;
    return scale_fmt == 1 ? Format::MXFP4_E4M3 : Format::MXFP4_E5M2;
  }
  int scale_bytes() const { return asym ? 2 : 1; }
};

struct Config {
  const char* name;
  int n;
  Side a, b;
  golden::Discipline disc;
  int pipe;
  int acc_ii = 1;  // block_dot ACC_II: 2 = two running sums, the accumulator's loop over two cycles
  int lanes = 1;   // block_dot LANES: block pairs per cycle (a group), one accumulator update per group
};

}  // namespace amx::tb
