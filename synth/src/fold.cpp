// Constant folding of a mapped, flattened netlist: cells whose inputs are
// all constants (left by hierarchical mapping, which does not propagate a
// parent's tie-offs into a child) are replaced by their constant outputs,
// until none is left.  Such cells would not survive a production flow, and
// OpenSTA 2.0.17's report_power crashes on them.
#include "amx/synth/fold.hpp"

#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "amx/golden/error.hpp"
#include "amx/golden/tensor_io.hpp"
#include "amx/synth/flow.hpp"
#include "amx/synth/liberty.hpp"

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

bool is_input(const liberty::Cell& c, const std::string& pin) {
  const auto p = c.pins.find(pin);
  return p != c.pins.end() && p->second.input;
}

// The Boolean function of an output pin; null for an input or a pin without one.
const std::string* function_of(const liberty::Cell& c, const std::string& pin) {
  const auto p = c.pins.find(pin);
  return p == c.pins.end() || p->second.input || p->second.function.empty() ? nullptr : &p->second.function;
}

bool combinational(const liberty::Cell& c) {
  if (c.sequential) return false;
  for (const auto& [name, pin] : c.pins)
    if (function_of(c, name)) return true;
  return false;
}

bool is_const(const std::string& net) { return net == "1'h0" || net == "1'h1" || net == "1'b0" || net == "1'b1"; }

}  // namespace

Folded fold_constants(const std::string& netlist, const std::string& liberty, bool tie_ports) {
  const liberty::Library lib = liberty::read(liberty);
  std::vector<std::string> lines;
  {
    std::istringstream in(read_text(netlist));
    for (std::string l; std::getline(in, l);) lines.push_back(l);
  }
  struct Inst {
    size_t first, last;   // line range
    const liberty::Cell* cell;
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
    const auto c = lib.cells.find(type);
    if (c == lib.cells.end()) continue;
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
      if (in.removed || !combinational(*in.cell)) continue;
      std::map<std::string, bool> vals;
      bool all = true;
      for (auto& [pin, net] : in.pins) {
        if (!is_input(*in.cell, pin)) continue;
        if (const auto k = consts.find(net); k != consts.end()) net = k->second;
        if (!is_const(net)) {
          all = false;
          break;
        }
        vals[pin] = net.back() == '1';
      }
      if (!all) continue;
      for (const auto& [pin, net] : in.pins) {
        const std::string* fn = function_of(*in.cell, pin);
        if (!fn) continue;
        const std::string lit = Expr(*fn, vals).eval() ? "1'h1" : "1'h0";
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
      if (k == consts.end() || !is_input(*in.cell, in.pins[p].first)) continue;
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
