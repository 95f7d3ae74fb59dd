// A flat mapped netlist regrouped into sub-modules, so that Icarus annotates
// its SDF in about N sqrt(N) name compares instead of N^2 (netlist_parts.hpp).
#include "amx/synth/netlist_parts.hpp"

#include <cmath>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "amx/golden/error.hpp"

namespace amx::synth {

namespace {

struct Cell {
  std::string type, name;
  std::vector<std::pair<std::string, std::string>> pins;  // pin, connection text (may be empty)
};

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return std::string();
  return s.substr(b, s.find_last_not_of(" \t\r") + 1 - b);
}

// A literal (1'h0) goes into the part as it is; a net becomes a port.
bool is_literal(const std::string& x) { return !x.empty() && x[0] >= '0' && x[0] <= '9'; }

}  // namespace

NetlistParts partition_netlist(const std::string& verilog, const liberty::Library& lib, size_t parts) {
  std::istringstream in(verilog);
  std::string top_text, tail;
  std::vector<Cell> cells;
  bool in_module = false, ended = false;
  size_t lineno = 0;
  auto fail = [&lineno](const std::string& what) {
    throw Error(fmt::format("netlist line {}: {} (expected Yosys write_verilog -noattr -noexpr of one module)", lineno,
                            what));
  };
  for (std::string line; std::getline(in, line);) {
    ++lineno;
    const std::string t = trim(line);
    if (ended) {
      if (!t.empty()) fail("text after the module's endmodule");
      continue;
    }
    if (!in_module) {
      top_text += line + "\n";
      if (t.rfind("module ", 0) == 0) in_module = true;
      continue;
    }
    if (t == "endmodule") {
      ended = true;
      tail = line + "\n";
      continue;
    }
    // A cell: "TYPE name (" then ".PIN(net)," lines and ");".
    if (!t.empty() && t.back() == '(' && t.rfind("assign", 0) != 0) {
      std::istringstream words(t);
      Cell c;
      std::string paren;
      words >> c.type >> c.name >> paren;
      if (paren != "(" || lib.cells.count(c.type) == 0) fail("'" + t + "' is not an instance of a library cell");
      for (std::string pl; std::getline(in, pl);) {
        ++lineno;
        const std::string p = trim(pl);
        if (p == ");") break;
        if (p.size() < 4 || p[0] != '.') fail("'" + p + "' is not a pin connection of " + c.name);
        const size_t open = p.find('('), close = p.rfind(')');
        if (open == std::string::npos || close == std::string::npos || close < open)
          fail("'" + p + "' is not a pin connection of " + c.name);
        const std::string pin = p.substr(1, open - 1);
        if (lib.cell(c.type).pins.count(pin) == 0) fail("cell " + c.type + " has no pin " + pin);
        c.pins.push_back({pin, trim(p.substr(open + 1, close - open - 1))});
      }
      cells.push_back(std::move(c));
      continue;
    }
    top_text += line + "\n";
  }
  if (!ended) fail("no endmodule");
  if (cells.empty()) fail("no cell instances");

  NetlistParts out;
  const size_t n = cells.size();
  const size_t want = parts == 0 ? static_cast<size_t>(std::ceil(std::sqrt(static_cast<double>(n)))) : parts;
  const size_t per = (n + want - 1) / want;
  out.parts = (n + per - 1) / per;
  std::string defs;
  for (size_t k = 0; k < out.parts; ++k) {
    const std::string mod = fmt::format("amx_part_{}", k), inst = fmt::format("u_part_{}", k);
    // One scalar port per net, except where a cell has two pins on one net:
    // Icarus merges a scalar port with the cell port it drives, so two pins
    // on one port would become one net and lose a path delay; the second pin
    // gets a port of its own on the same net.
    std::vector<std::string> port_expr;
    std::vector<bool> port_out;
    std::unordered_map<std::string, size_t> port_of;
    std::string body;
    for (size_t c = k * per; c < std::min(n, (k + 1) * per); ++c) {
      const Cell& cell = cells[c];
      out.part_of[cell.name] = inst;
      const liberty::Cell& lc = lib.cell(cell.type);
      std::unordered_map<std::string, size_t> mine;  // this cell's nets
      body += "  " + cell.type + " " + cell.name + " (";
      for (size_t i = 0; i < cell.pins.size(); ++i) {
        const auto& [pin, x] = cell.pins[i];
        std::string local = x;
        if (!x.empty() && !is_literal(x)) {
          const auto it = port_of.find(x);
          size_t np = 0;
          if (it != port_of.end() && mine.count(x) == 0) {
            np = it->second;
          } else {  // a new port; the first port of a net stays its shared one
            np = port_expr.size();
            port_expr.push_back(x);
            port_out.push_back(false);
            port_of.emplace(x, np);
          }
          mine.emplace(x, np);
          if (lc.pins.at(pin).output) port_out[np] = true;
          local = fmt::format("p{}", np);
        }
        body += fmt::format("{}.{}({})", i ? ", " : "", pin, local);
      }
      body += ");\n";
    }
    std::string ports, decls, conn;
    for (size_t i = 0; i < port_expr.size(); ++i) {
      ports += fmt::format("{}p{}", i ? ", " : "", i);
      decls += fmt::format("  {} p{};\n", port_out[i] ? "output" : "input", i);
      // An escaped identifier ends at white space: keep the one before ')'.
      conn += fmt::format("{}.p{}({} )", i ? ", " : "", i, port_expr[i]);
    }
    top_text += "  " + mod + " " + inst + " (" + conn + ");\n";
    defs += "module " + mod + "(" + ports + ");\n" + decls + body + "endmodule\n";
  }
  out.verilog = top_text + tail + defs;
  return out;
}

std::string sdf_into_parts(const std::string& sdf, const NetlistParts& p) {
  static const std::string key = "(INSTANCE ";
  std::string out;
  out.reserve(sdf.size() + sdf.size() / 16);
  size_t i = 0;
  for (size_t at; (at = sdf.find(key, i)) != std::string::npos;) {
    const size_t b = at + key.size(), e = sdf.find(')', b);
    if (e == std::string::npos) throw Error("SDF: an INSTANCE without ')'");
    out.append(sdf, i, b - i);
    const std::string name = sdf.substr(b, e - b);
    const auto it = p.part_of.find(name);
    if (it == p.part_of.end()) throw Error("SDF cell instance " + name + " is in no part of the simulation netlist");
    out += it->second + "/" + name;
    i = e;
  }
  out.append(sdf, i, std::string::npos);
  return out;
}

}  // namespace amx::synth
