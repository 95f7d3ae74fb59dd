// Typed readers of ppa.json and sweep point results (amx/sim/readback.hpp).
#include "amx/sim/readback.hpp"

#include <cmath>
#include <tuple>

#include <fmt/format.h>

#include "amx/golden/error.hpp"
#include "amx/golden/tensor_io.hpp"

namespace amx::sim {

namespace {

nlohmann::json parse_json(const std::string& text, const std::string& path, const char* what) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("{} is not {}: {}", path, what, e.what()));
  }
}

// A number o[key] in 0..max, or the reason it is not.  The bounds keep
// every energy and area the simulation derives from them finite.
std::string non_negative(const nlohmann::json& o, const char* key, const std::string& where, double& out,
                         double max = 1e12) {
  if (!o.contains(key) || !o[key].is_number() || !std::isfinite(o[key].get<double>()) || o[key].get<double>() < 0.0 ||
      o[key].get<double>() > max)
    return fmt::format("{}{} must be a non-negative number up to {:g}", where, key, max);
  out = o[key].get<double>();
  return "";
}

}  // namespace

const PpaConfig* PpaSummary::find(const std::string& name) const {
  for (const PpaConfig& c : configs)
    if (c.name == name) return &c;
  return nullptr;
}

PpaSummary parse_ppa(const std::string& text, const std::string& path) {
  const nlohmann::json j = parse_json(text, path, "an `amx ppa` JSON report");
  if (!j.is_object() || !j.contains("configurations") || !j["configurations"].is_array() || !j.contains("clock_ns") ||
      !j["clock_ns"].is_number())
    throw Error(path + " is not an `amx ppa` JSON report (configurations must be a list, clock_ns a number)");
  PpaSummary s;
  s.path = path;
  // The period amx ppa accepts (--clock-ns), and a clock --clock-ghz could give.
  s.clock_ns = j["clock_ns"].get<double>();
  if (!std::isfinite(s.clock_ns) || s.clock_ns < 0.01 || s.clock_ns > 1e6)
    throw Error(fmt::format("{}: clock_ns = {} is not a clock period in 0.01..1e6 ns", path, s.clock_ns));
  for (const nlohmann::json& c : j["configurations"]) {
    if (!c.is_object() || !c.contains("name") || !c["name"].is_string()) continue;  // not a configuration amx names
    // A report of several clocks: the configurations of its first (the report's clock_ns).
    if (c.contains("clock_ns") && c["clock_ns"] != j["clock_ns"]) continue;
    PpaConfig p;
    p.name = c["name"].get<std::string>();
    const std::string where = "the PPA report's configuration " + p.name + ": unit.";
    const nlohmann::json& u = c.contains("unit") ? c["unit"] : nlohmann::json();
    if (!u.is_object() || !u.contains("idle_pj_per_cycle") || !u.contains("leakage_mw")) {
      p.unit_error = "the PPA report's configuration " + p.name +
                     " has no unit idle_pj_per_cycle / leakage_mw (an older or foreign report): run amx ppa again";
    } else {
      for (auto [key, dst] : {std::pair<const char*, double*>{"energy_pj_per_mac", &p.energy_pj_per_mac},
                              {"idle_pj_per_cycle", &p.idle_pj_per_cycle},
                              {"leakage_mw", &p.leakage_mw},
                              {"area_um2", &p.area_um2}})
        if (p.unit_error.empty()) p.unit_error = non_negative(u, key, where, *dst);
    }
    if (c.contains("arrays") && c["arrays"].is_array())
      for (const nlohmann::json& ar : c["arrays"]) {
        if (!ar.is_object() || !ar.contains("rows") || !ar.contains("cols") || !ar["rows"].is_number_integer() ||
            !ar["cols"].is_number_integer())
          continue;
        const int64_t r = ar["rows"].get<int64_t>(), k = ar["cols"].get<int64_t>();
        if (r < 1 || k < 1 || r > 4096 || k > 4096) continue;
        int64_t d = 1;
        if (ar.contains("drain_rows")) {
          if (!ar["drain_rows"].is_number_integer()) continue;
          d = ar["drain_rows"].get<int64_t>();
          if (d < 1 || d > r || r % d != 0 || (d & (d - 1)) != 0) continue;
        }
        PpaConfig::Array a{static_cast<int>(r), static_cast<int>(k), 0.0, static_cast<int>(d)};
        const std::string why = non_negative(ar, "area_um2", fmt::format("the PPA report's configuration {}: arrays[{}x{}].", p.name, r, k), a.area_um2);
        if (!why.empty()) throw Error(why);
        p.arrays.push_back(a);
      }
    s.configs.push_back(std::move(p));
  }
  return s;
}

PpaSummary read_ppa(const std::string& path) { return parse_ppa(golden::read_file(path, uint64_t{64} << 20), path); }

std::string parse_point_result(const std::string& text, const std::string& path, PointResult& r) {
  nlohmann::json s;
  try {
    s = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    return path + " is not JSON: " + e.what();
  }
  if (!s.is_object() || !s.contains("configs") || !s["configs"].is_array() || s["configs"].empty() ||
      !s["configs"][0].is_object())
    return path + " has no 'configs' list of results";
  if (s.contains("workload")) {
    if (!s["workload"].is_string()) return path + ": 'workload' is not a string";
    r.workload = s["workload"].get<std::string>();
  }
  const nlohmann::json& c = s["configs"][0];
  const auto number = [&](const char* k, double lo, double hi, double& out) -> std::string {
    if (!c.contains(k)) return fmt::format("{}: configs[0] has no '{}'", path, k);
    if (!c[k].is_number()) return fmt::format("{}: configs[0].{} is not a number", path, k);
    out = c[k].get<double>();
    if (!std::isfinite(out) || out < lo || out > hi)
      return fmt::format("{}: configs[0].{} = {} is outside {:g}..{:g}", path, k, out, lo, hi);
    return "";
  };
  if (!c.contains("cycles") || !c["cycles"].is_number_unsigned() || c["cycles"].get<uint64_t>() == 0)
    return path + ": configs[0].cycles is not a positive integer";
  r.cycles = c["cycles"].get<uint64_t>();
  for (const std::string& why : {number("time_ms", 0, 1e300, r.time_ms), number("utilization", 0, 1, r.utilization)})
    if (!why.empty()) return why;
  if (c.contains("formats")) {
    if (!c["formats"].is_string()) return path + ": configs[0].formats is not a string";
    r.formats = c["formats"].get<std::string>();
  }
  // Optional: absent or null where the point has no energy (no --ppa) or no
  // numerics; "exact" an SQNR without error.
  for (auto [k, dst, lo] : {std::tuple<const char*, std::optional<double>*, double>{"energy_mj", &r.energy_mj, 0.0},
                            {"sqnr_db", &r.sqnr_db, -1e300}}) {
    if (!c.contains(k) || c[k].is_null() || (c[k].is_string() && c[k] == "exact")) continue;
    double v;
    if (const std::string why = number(k, lo, 1e300, v); !why.empty()) return why;
    *dst = v;
  }
  r.config = c;
  return "";
}

}  // namespace amx::sim
