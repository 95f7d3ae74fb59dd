// Typed readers of what amx reads back from its own reports: a `amx ppa`
// ppa.json (--ppa of amx sim and amx sweep) and a sweep point's sim.json
// (amx sweep --merge).  Every field used is checked for presence, type and
// range here, once; a field that is wrong is an amx::Error (ppa.json) or an
// invalid point with its reason (a sweep point), never a number.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace amx::sim {

// One configuration of a ppa.json, at the report's clock.
struct PpaConfig {
  std::string name;
  // The unit's figures; unit_error says why they cannot be used (an older
  // or foreign report), raised when the configuration is used.
  double energy_pj_per_mac = 0, idle_pj_per_cycle = 0, leakage_mw = 0, area_um2 = 0;
  std::string unit_error;
  struct Array {
    int rows, cols;
    double area_um2;
    int drain_rows = 1;  // result rows drained per cycle (1 in reports that predate it)
  };
  std::vector<Array> arrays;
};

struct PpaSummary {
  std::string path;
  double clock_ns = 0;             // 0.01 .. 1e6
  std::vector<PpaConfig> configs;  // those at clock_ns
  const PpaConfig* find(const std::string& name) const;
};

PpaSummary parse_ppa(const std::string& text, const std::string& path);
PpaSummary read_ppa(const std::string& path);

// One sweep point's result (the first configuration of its sim.json).
struct PointResult {
  std::string workload, formats;
  uint64_t cycles = 0;
  double time_ms = 0, utilization = 0;
  std::optional<double> energy_mj, sqnr_db;
  nlohmann::json config;  // as read, for sweep.json
};

// The result, or the reason it is not one (empty when valid).
std::string parse_point_result(const std::string& text, const std::string& path, PointResult& r);

}  // namespace amx::sim
