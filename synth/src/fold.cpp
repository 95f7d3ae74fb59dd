// Constant folding of a mapped, flattened netlist: cells whose inputs are
// all constants (left by hierarchical mapping, which does not propagate a
// parent's tie-offs into a child) are replaced by their constant outputs,
// until none is left.  Such cells would not survive a production flow, and
// OpenSTA 2.0.17's report_power crashes on them.
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "amx/golden/error.hpp"
#include "amx/golden/tensor_io.hpp"
#include "amx/synth/flow.hpp"

namespace amx::synth {

namespace {

// A Liberty boolean function: ! and ' (not), juxtaposition, & and * (and),
// ^ (xor), + and | (or), parentheses.
class Expr {
 public:
  Expr(const std::string& s, const std::map<std::string, bool>& in) : s_(s), in_(in) {}
  bool eval() {
    const bool v = parse_or();
    skip();
    if (i_ != s_.size()) throw Error("cannot parse the cell function \"" + s_ + "\"");
    return v;
  }

 private:
  void skip() {
    while (i_ < s_.size() && s_[i_] == ' ') ++i_;
  }
  bool parse_or() {
    bool v = parse_xor();
    for (skip(); i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '|'); skip()) {
      ++i_;
      v = parse_xor() || v;
    }
    return v;
  }
  bool parse_xor() {
    bool v = parse_and();
    for (skip(); i_ < s_.size() && s_[i_] == '^'; skip()) {
      ++i_;
      v = parse_and() != v;
    }
    return v;
  }
  bool parse_and() {
    bool v = parse_not();
    for (skip(); i_ < s_.size() && (s_[i_] == '&' || s_[i_] == '*' || s_[i_] == '(' || s_[i_] == '!' ||
                                    std::isalnum(static_cast<unsigned char>(s_[i_])));
         skip()) {
      if (s_[i_] == '&' || s_[i_] == '*') ++i_;
      v = parse_not() && v;
    }
    return v;
  }
  bool parse_not() {
    skip();
    if (i_ < s_.size() && s_[i_] == '!') {
      ++i_;
      return !parse_not();
    }
    bool v;
    if (i_ < s_.size() && s_[i_] == '(') {
      ++i_;
      v = parse_or();
      skip();
      if (i_ >= s_.size() || s_[i_] != ')') throw Error("unbalanced cell function \"" + s_ + "\"");
      ++i_;
    } else {
      const size_t b = i_;
      while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) ++i_;
      const std::string id = s_.substr(b, i_ - b);
      const auto it = in_.find(id);
      if (it == in_.end()) throw Error("cell function \"" + s_ + "\" names an unknown pin '" + id + "'");
      v = it->second;
    }
    while (i_ < s_.size() && s_[i_] == '\'') {
      ++i_;
      v = !v;
    }
    return v;
  }
  const std::string& s_;
  const std::map<std::string, bool>& in_;
  size_t i_ = 0;
};

struct LibCell {
  double area = 0.0;
  bool sequential = false;
  std::set<std::string> inputs;
  std::map<std::string, double> capacitance;  // input pin -> pF
  std::map<std::string, std::string> functions;  // output pin -> function
};

std::map<std::string, LibCell> read_cells(const std::string& liberty) {
  std::map<std::string, LibCell> cells;
  std::istringstream in(read_text(liberty));
  std::string cell, pin, dir;
  for (std::string l; std::getline(in, l);) {
    const size_t a = l.find_first_not_of(" \t");
    if (a == std::string::npos) continue;
    const std::string t = l.substr(a);
    auto arg = [&](const std::string& kw) {
      const size_t lp = t.find('(', kw.size()), rp = t.find(')');
      std::string v = t.substr(lp + 1, rp - lp - 1);
      v.erase(0, v.find_first_not_of(" \""));
      v.erase(v.find_last_not_of(" \"") + 1);
      return v;
    };
    if (t.rfind("cell", 0) == 0 && t.find('(') != std::string::npos && t.rfind("cell_", 0) != 0) {
      cell = arg("cell");
      pin.clear();
    } else if (!cell.empty() && t.rfind("area", 0) == 0 && pin.empty()) {
      cells[cell].area = std::strtod(t.substr(t.find(':') + 1).c_str(), nullptr);
    } else if (!cell.empty() && (t.rfind("ff", 0) == 0 || t.rfind("latch", 0) == 0) && t.find('(') != std::string::npos) {
      cells[cell].sequential = true;
    } else if (!cell.empty() && t.rfind("pin", 0) == 0 && t.find('(') != std::string::npos) {
      pin = arg("pin");
    } else if (!pin.empty() && t.rfind("direction", 0) == 0) {
      if (t.find("input") != std::string::npos) cells[cell].inputs.insert(pin);
    } else if (!pin.empty() && t.rfind("capacitance", 0) == 0) {
      cells[cell].capacitance[pin] = std::strtod(t.substr(t.find(':') + 1).c_str(), nullptr);
    } else if (!pin.empty() && t.rfind("function", 0) == 0) {
      const size_t q1 = t.find('"'), q2 = t.rfind('"');
      cells[cell].functions[pin] = t.substr(q1 + 1, q2 - q1 - 1);
    }
  }
  return cells;
}

bool is_const(const std::string& net) { return net == "1'h0" || net == "1'h1" || net == "1'b0" || net == "1'b1"; }

}  // namespace

std::map<std::string, std::map<std::string, double>> input_capacitances(const std::string& liberty) {
  std::map<std::string, std::map<std::string, double>> out;
  for (const auto& [name, c] : read_cells(liberty))
    for (const auto& [pin, cap] : c.capacitance)
      if (c.inputs.count(pin)) out[name][pin] = cap;
  return out;
}

Folded fold_constants(const std::string& netlist, const std::string& liberty, bool tie_ports) {
  const std::map<std::string, LibCell> lib = read_cells(liberty);
  std::vector<std::string> lines;
  {
    std::istringstream in(read_text(netlist));
    for (std::string l; std::getline(in, l);) lines.push_back(l);
  }
  struct Inst {
    size_t first, last;   // line range
    const LibCell* cell;
    std::vector<std::pair<std::string, std::string>> pins;  // pin, net
    std::vector<size_t> pin_line;
    bool removed = false;
  };
  std::vector<Inst> insts;
  std::map<std::string, std::string> consts;  // net -> literal
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (l.rfind("  assign ", 0) == 0) {
      const size_t eq = l.find(" = ");
      const std::string rhs = l.substr(eq + 3, l.size() - eq - 4);
      if (eq != std::string::npos && is_const(rhs)) consts[l.substr(9, eq - 9)] = rhs;
      continue;
    }
    if (l.size() < 4 || l[0] != ' ' || l[1] != ' ' || l[2] == ' ' || l.back() != '(') continue;
    const std::string type = l.substr(2, l.find(' ', 2) - 2);
    const auto c = lib.find(type);
    if (c == lib.end()) continue;
    Inst in{i, i, &c->second, {}, {}, false};
    for (size_t j = i + 1; j < lines.size() && lines[j] != "  );"; ++j) {
      const std::string& p = lines[j];
      const size_t lp = p.find('('), rp = p.rfind(')');
      if (p.rfind("    .", 0) != 0 || lp == std::string::npos) continue;
      in.pins.push_back({p.substr(5, lp - 5), p.substr(lp + 1, rp - lp - 1)});
      in.pin_line.push_back(j);
      in.last = j + 1;
    }
    insts.push_back(in);
  }
  Folded f;
  std::vector<std::string> assigns;
  for (bool changed = true; changed;) {
    changed = false;
    for (Inst& in : insts) {
      if (in.removed || in.cell->sequential || in.cell->functions.empty()) continue;
      std::map<std::string, bool> vals;
      bool all = true;
      for (auto& [pin, net] : in.pins) {
        if (!in.cell->inputs.count(pin)) continue;
        if (const auto k = consts.find(net); k != consts.end()) net = k->second;
        if (!is_const(net)) {
          all = false;
          break;
        }
        vals[pin] = net.back() == '1';
      }
      if (!all) continue;
      for (const auto& [pin, net] : in.pins) {
        const auto fn = in.cell->functions.find(pin);
        if (fn == in.cell->functions.end() || in.cell->inputs.count(pin)) continue;
        const std::string lit = Expr(fn->second, vals).eval() ? "1'h1" : "1'h0";
        consts[net] = lit;
        assigns.push_back(fmt::format("  assign {} = {};", net, lit));
      }
      in.removed = true;
      ++f.cells;
      f.area += in.cell->area;
      changed = true;
    }
  }
  // Rewrite: folded cells out, constant nets as literals on the remaining pins.
  std::vector<bool> drop(lines.size(), false);
  for (const Inst& in : insts) {
    if (in.removed) {
      for (size_t j = in.first; j <= in.last && j < lines.size(); ++j) drop[j] = true;
      continue;
    }
    for (size_t p = 0; p < in.pins.size(); ++p) {
      const auto k = consts.find(in.pins[p].second);
      if (k == consts.end() || !in.cell->inputs.count(in.pins[p].first)) continue;
      std::string& l = lines[in.pin_line[p]];
      const size_t lp = l.find('('), rp = l.rfind(')');
      l = l.substr(0, lp + 1) + k->second + l.substr(rp);
    }
  }
  // Tie ports: the remaining constants become two input ports (OpenSTA
  // 2.0.17's report_power also crashes on constant pins in some netlists).
  auto tie = [&](std::string l) {
    if (!tie_ports) return l;
    for (const char* c : {"1'h0", "1'b0", "1'h1", "1'b1"})
      for (size_t p; (p = l.find(c)) != std::string::npos;) {
        l.replace(p, 4, c[3] == '0' ? "amx_tie0" : "amx_tie1");
        f.ties = true;
      }
    return l;
  };
  std::string body;
  bool header = true;
  std::string head;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (drop[i]) continue;
    if (header) {
      head += lines[i] + "\n";
      if (lines[i].find(");") != std::string::npos && head.find("module ") != std::string::npos) header = false;
      continue;
    }
    if (lines[i] == "endmodule")
      for (const std::string& a : assigns) body += tie(a) + "\n";
    body += tie(lines[i]) + "\n";
  }
  if (f.ties) {
    const size_t lp = head.find('(', head.find("module "));
    head.insert(lp + 1, "amx_tie0, amx_tie1, ");
    head += "  input amx_tie0;\n  input amx_tie1;\n";
  }
  golden::write_file(netlist, head + body);
  return f;
}

}  // namespace amx::synth
