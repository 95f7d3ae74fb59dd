// Parsing of the technology file (amx/sim/yaml_load.hpp): every value with its
// unit and source, range-checked (a count or width a whole number), SRAM
// energies by bank size.
#include "amx/sim/tech.hpp"

#include <cmath>
#include <string>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "amx/golden/error.hpp"
#include "amx/golden/tensor_io.hpp"
#include "amx/sim/yaml_load.hpp"
#include "tech_default.hpp"  // generated from sim/tech/default.yaml

namespace amx::sim {

const std::string& default_tech_yaml() {
  static const std::string text(kDefaultTechYaml);
  return text;
}

std::vector<const TechValue*> Tech::all() const {
  return {&node_nm,  &sram_read_8kib, &sram_write_8kib, &sram_exponent,   &bank_width,       &cell_um2,
          &array_efficiency, &dram_pj, &ctrl_flops,  &ctrl_pj_per_flop, &ctrl_um2_per_flop};
}

double Tech::sram_read_pj(double bank_kib) const {
  return sram_read_8kib.value * std::pow(bank_kib / 8.0, sram_exponent.value);
}
double Tech::sram_write_pj(double bank_kib) const {
  return sram_write_8kib.value * std::pow(bank_kib / 8.0, sram_exponent.value);
}
double Tech::sram_area_um2(double bytes) const { return bytes * 8.0 * cell_um2.value / array_efficiency.value; }

namespace {

std::string at(const std::string& where, const YAML::Node& n) {
  return n.Mark().line >= 0 ? fmt::format("{}:{}", where, n.Mark().line + 1) : where;
}

enum class Kind { Real, Whole };  // a whole number: a width in bytes, a count of flip-flops

TechValue value(const YAML::Node& root, const std::string& where, const std::string& section, const std::string& key,
                double max, Kind kind = Kind::Real) {
  const std::string name = section.empty() ? key : section + "." + key;
  const YAML::Node parent = section.empty() ? root : root[section];
  if (!parent || !parent.IsMap()) throw Error(fmt::format("{}: the technology file has no '{}' section", where, section));
  const YAML::Node n = parent[key];
  if (!n) throw Error(fmt::format("{}: the technology file has no '{}'", at(where, parent), name));
  if (!n.IsMap() || !n["value"])
    throw Error(fmt::format("{}: '{}' must be a map with value, unit and source", at(where, n), name));
  if (!n["source"])
    throw Error(fmt::format("{}: '{}' has no source: every number of a technology file names where it comes from",
                            at(where, n), name));
  TechValue v;
  v.key = name;
  try {
    v.value = n["value"].as<double>();
  } catch (const YAML::Exception&) {
    throw Error(fmt::format("{}: '{}.value' is not a number", at(where, n["value"]), name));
  }
  if (!std::isfinite(v.value) || !(v.value > 0.0) || v.value > max)
    throw Error(fmt::format("{}: '{}.value' = {} must be a positive finite number up to {:g}", at(where, n["value"]),
                            name, v.value, max));
  if (kind == Kind::Whole && (v.value < 1.0 || v.value != std::floor(v.value)))
    throw Error(fmt::format("{}: '{}.value' = {} must be a whole number from 1 to {:g}", at(where, n["value"]), name,
                            v.value, max));
  if (!n["source"].IsScalar() || n["source"].as<std::string>().find_first_not_of(" \t") == std::string::npos)
    throw Error(fmt::format("{}: '{}' has no source: every number of a technology file names where it comes from",
                            at(where, n), name));
  v.source = n["source"].as<std::string>();
  if (n["unit"] && n["unit"].IsScalar()) v.unit = n["unit"].as<std::string>();
  return v;
}

}  // namespace

Tech parse_tech(const std::string& text, const std::string& where) {
  const YAML::Node root = load_yaml(text, where);  // duplicate keys, cycles and alias bombs refused
  if (!root.IsMap()) throw Error(where + ": a technology file is a YAML map (see sim/tech/default.yaml)");
  Tech t;
  t.path = where;
  t.name = root["name"] && root["name"].IsScalar() ? root["name"].as<std::string>() : where;
  t.node_nm = value(root, where, "", "node_nm", 1e5);
  t.sram_read_8kib = value(root, where, "sram", "read_pj_per_byte_8kib", 1e6);
  t.sram_write_8kib = value(root, where, "sram", "write_pj_per_byte_8kib", 1e6);
  t.sram_exponent = value(root, where, "sram", "capacity_exponent", 2.0);
  t.bank_width = value(root, where, "sram", "bank_width_bytes", 4096, Kind::Whole);
  t.cell_um2 = value(root, where, "sram", "cell_um2", 1e4);
  t.array_efficiency = value(root, where, "sram", "array_efficiency", 1.0);
  t.dram_pj = value(root, where, "dram", "pj_per_byte", 1e6);
  t.ctrl_flops = value(root, where, "controller", "flops", 1e9, Kind::Whole);
  t.ctrl_pj_per_flop = value(root, where, "controller", "pj_per_flop_cycle", 1e6);
  t.ctrl_um2_per_flop = value(root, where, "controller", "um2_per_flop", 1e6);
  return t;
}

Tech load_tech(const std::string& path) {
  if (path.empty()) {
    Tech t = parse_tech(default_tech_yaml(), "built-in sim/tech/default.yaml");
    t.path = "built-in (sim/tech/default.yaml)";
    return t;
  }
  return parse_tech(golden::read_file(path, uint64_t{1} << 20), path);
}

}  // namespace amx::sim
