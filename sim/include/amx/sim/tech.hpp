// The technology file of `amx sim` (sim/tech/default.yaml, or --tech FILE):
// SRAM, DRAM and controller numbers, each with its unit and its source.
#pragma once

#include <string>
#include <vector>

namespace amx::sim {

struct TechValue {
  std::string key;  // e.g. "sram.cell_um2"
  double value = 0.0;
  std::string unit, source;
};

struct Tech {
  std::string name, path;  // path: "built-in" or the file
  TechValue node_nm, sram_read_8kib, sram_write_8kib, sram_exponent, bank_width, cell_um2, array_efficiency, dram_pj,
      ctrl_flops, ctrl_pj_per_flop, ctrl_um2_per_flop;
  std::vector<const TechValue*> all() const;

  // pJ per byte read / written in a bank of this many KiB.
  double sram_read_pj(double bank_kib) const;
  double sram_write_pj(double bank_kib) const;
  // Area of a buffer of this many bytes (bit cells over the array efficiency).
  double sram_area_um2(double bytes) const;
  double controller_pj_per_cycle() const { return ctrl_flops.value * ctrl_pj_per_flop.value; }
  double controller_area_um2() const { return ctrl_flops.value * ctrl_um2_per_flop.value; }
};

// The built-in file's text (sim/tech/default.yaml, compiled in).
const std::string& default_tech_yaml();
// Parses a technology file; "" loads the built-in one.  Throws amx::Error
// naming the file, line and key for a missing entry, a missing source, a
// value that is not a positive finite number, or malformed YAML.
Tech load_tech(const std::string& path);
Tech parse_tech(const std::string& text, const std::string& where);

}  // namespace amx::sim
