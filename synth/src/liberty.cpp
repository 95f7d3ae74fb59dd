// A Liberty reader: a generic group/attribute parser, then the cells'
// pins, functions, transition and internal-power tables.
#include "amx/synth/liberty.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "amx/golden/error.hpp"
#include "amx/synth/flow.hpp"

namespace amx::synth::liberty {

namespace {

struct Token {
  enum Kind { Word, String, Punct, End } kind = End;
  std::string text;
  int line = 0;
};

class Lexer {
 public:
  Lexer(const std::string& text, const std::string& path) : s_(text), path_(path) {}

  Token next() {
    skip();
    Token t;
    t.line = line_;
    if (i_ >= s_.size()) return t;
    const char c = s_[i_];
    if (c == '"') {
      const size_t b = ++i_;
      while (i_ < s_.size() && s_[i_] != '"') {
        if (s_[i_] == '\\' && i_ + 1 < s_.size()) ++i_;
        if (s_[i_] == '\n') ++line_;
        ++i_;
      }
      if (i_ >= s_.size()) fail(t.line, "unterminated string");
      t.kind = Token::String;
      t.text = s_.substr(b, i_ - b);
      // A quoted value may itself be continued across lines.
      t.text.erase(std::remove(t.text.begin(), t.text.end(), '\\'), t.text.end());
      ++i_;
      return t;
    }
    if (std::string("(){}:;,").find(c) != std::string::npos) {
      t.kind = Token::Punct;
      t.text = std::string(1, c);
      ++i_;
      return t;
    }
    const size_t b = i_;
    while (i_ < s_.size() && !std::isspace(static_cast<unsigned char>(s_[i_])) &&
           std::string("(){}:;,\"").find(s_[i_]) == std::string::npos && s_.compare(i_, 2, "/*") != 0)
      ++i_;
    t.kind = Token::Word;
    t.text = s_.substr(b, i_ - b);
    return t;
  }

  [[noreturn]] void fail(int line, const std::string& what) const {
    throw Error(path_ + ":" + std::to_string(line) + ": " + what);
  }

 private:
  void skip() {
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == '\n') {
        ++line_;
        ++i_;
      } else if (std::isspace(static_cast<unsigned char>(c)) || (c == '\\' && i_ + 1 < s_.size() &&
                                                                 (s_[i_ + 1] == '\n' || s_[i_ + 1] == '\r'))) {
        ++i_;
      } else if (s_.compare(i_, 2, "/*") == 0) {
        const size_t e = s_.find("*/", i_ + 2);
        if (e == std::string::npos) fail(line_, "unterminated comment");
        line_ += static_cast<int>(std::count(s_.begin() + static_cast<long>(i_), s_.begin() + static_cast<long>(e), '\n'));
        i_ = e + 2;
      } else if (s_.compare(i_, 2, "//") == 0) {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
      } else {
        break;
      }
    }
  }
  const std::string& s_;
  const std::string& path_;
  size_t i_ = 0;
  int line_ = 1;
};

struct Group {
  std::string type;
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> simple;
  std::vector<std::pair<std::string, std::vector<std::string>>> complex;
  std::vector<Group> groups;
  int line = 0;

  const std::string* attr(const std::string& name) const {
    for (const auto& [k, v] : simple)
      if (k == name) return &v;
    return nullptr;
  }
  const std::vector<std::string>* cattr(const std::string& name) const {
    for (const auto& [k, v] : complex)
      if (k == name) return &v;
    return nullptr;
  }
};

class Parser {
 public:
  Parser(const std::string& text, const std::string& path) : lex_(text, path) { tok_ = lex_.next(); }

  Group library() {
    Group g;
    statement(g);
    if (g.groups.size() != 1 || g.groups[0].type != "library") lex_.fail(1, "no library group");
    if (tok_.kind != Token::End) lex_.fail(tok_.line, "text after the library group");
    return g.groups[0];
  }

 private:
  Token take() {
    Token t = tok_;
    tok_ = lex_.next();
    return t;
  }
  bool is(const char* p) const { return tok_.kind == Token::Punct && tok_.text == p; }
  void expect(const char* p) {
    if (!is(p)) lex_.fail(tok_.line, std::string("expected '") + p + "', found '" + tok_.text + "'");
    take();
  }

  // One statement into parent: a simple attribute, a complex one, or a group.
  void statement(Group& parent) {
    if (tok_.kind != Token::Word) lex_.fail(tok_.line, "expected a name, found '" + tok_.text + "'");
    const Token name = take();
    if (is(":")) {
      take();
      std::string v;
      while (tok_.kind != Token::End && !is(";") && !is("}") && tok_.line == name.line) v += (v.empty() ? "" : " ") + take().text;
      if (v.empty()) lex_.fail(name.line, "attribute '" + name.text + "' has no value");
      if (is(";")) take();
      parent.simple.push_back({name.text, v});
      return;
    }
    expect("(");
    std::vector<std::string> args;
    while (!is(")")) {
      if (tok_.kind == Token::End) lex_.fail(name.line, "unbalanced '(' after '" + name.text + "'");
      if (is(",")) {
        take();
        continue;
      }
      args.push_back(take().text);
    }
    take();
    if (is("{")) {
      take();
      Group g;
      g.type = name.text;
      g.args = args;
      g.line = name.line;
      while (!is("}")) {
        if (tok_.kind == Token::End) lex_.fail(name.line, "group '" + name.text + "' is not closed");
        statement(g);
      }
      take();
      parent.groups.push_back(std::move(g));
      return;
    }
    if (is(";")) take();
    parent.complex.push_back({name.text, args});
  }

  Lexer lex_;
  Token tok_;
};

std::vector<double> numbers(const std::vector<std::string>& args, const std::string& path, int line) {
  std::vector<double> out;
  for (const std::string& a : args) {
    const char* p = a.c_str();
    while (*p) {
      while (*p == ' ' || *p == ',' || *p == '\t') ++p;
      if (!*p) break;
      char* end;
      const double v = std::strtod(p, &end);
      if (end == p) throw Error(path + ":" + std::to_string(line) + ": '" + a + "' is not a list of numbers");
      out.push_back(v);
      p = end;
    }
  }
  return out;
}

Table::Var variable(const std::string& v) {
  if (v == "total_output_net_capacitance") return Table::Var::Load;
  if (v == "input_net_transition" || v == "input_transition_time") return Table::Var::Slew;
  return Table::Var::None;
}

struct Template {
  Table::Var var1 = Table::Var::None, var2 = Table::Var::None;
  std::vector<double> x1, x2;
};

Table table(const Group& g, const std::map<std::string, Template>& templates, const std::string& path) {
  Table t;
  const auto tp = g.args.empty() ? templates.end() : templates.find(g.args[0]);
  if (tp == templates.end())
    throw Error(path + ":" + std::to_string(g.line) + ": table '" + g.type + "' names no known template");
  t.var1 = tp->second.var1;
  t.var2 = tp->second.var2;
  t.x1 = tp->second.x1;
  t.x2 = tp->second.x2;
  if (const auto* i1 = g.cattr("index_1")) t.x1 = numbers(*i1, path, g.line);
  if (const auto* i2 = g.cattr("index_2")) t.x2 = numbers(*i2, path, g.line);
  const auto* vals = g.cattr("values");
  if (!vals) throw Error(path + ":" + std::to_string(g.line) + ": table '" + g.type + "' has no values");
  t.v = numbers(*vals, path, g.line);
  const size_t n1 = t.var1 == Table::Var::None ? 1 : t.x1.size(), n2 = t.var2 == Table::Var::None ? 1 : t.x2.size();
  if (t.v.size() != n1 * n2 || n1 == 0 || n2 == 0)
    throw Error(path + ":" + std::to_string(g.line) + ": table '" + g.type + "' has " + std::to_string(t.v.size()) +
                " values for " + std::to_string(n1) + " x " + std::to_string(n2) + " indices");
  if (t.var1 == Table::Var::None) t.x1.assign(1, 0.0);
  if (t.var2 == Table::Var::None) t.x2.assign(1, 0.0);
  return t;
}

// Position of x in the index: the lower point of its segment and the weight
// of the upper one; outside the index the end segment, extended (< 0, > 1).
void locate(const std::vector<double>& xs, double x, size_t& i, double& w) {
  if (xs.size() == 1) {
    i = 0;
    w = 0.0;
    return;
  }
  const size_t hi = static_cast<size_t>(std::upper_bound(xs.begin(), xs.end(), x) - xs.begin());
  i = std::min(hi == 0 ? 0 : hi - 1, xs.size() - 2);
  w = (x - xs[i]) / (xs[i + 1] - xs[i]);
}

double unit_scale(const std::string& v, const std::string& unit, const std::string& path) {
  std::string s = v;
  s.erase(std::remove(s.begin(), s.end(), '"'), s.end());
  char* end;
  const double n = std::strtod(s.c_str(), &end);
  std::string u(end);
  u.erase(0, u.find_first_not_of(' '));
  std::transform(u.begin(), u.end(), u.begin(), [](unsigned char c) { return std::tolower(c); });
  static const std::map<std::string, double> prefix = {{"", 1.0}, {"m", 1e-3}, {"u", 1e-6}, {"n", 1e-9}, {"p", 1e-12}, {"f", 1e-15}};
  if (u.size() < unit.size() || u.compare(u.size() - unit.size(), unit.size(), unit) != 0)
    throw Error(path + ": unit '" + v + "' is not in " + unit);
  const auto p = prefix.find(u.substr(0, u.size() - unit.size()));
  if (p == prefix.end()) throw Error(path + ": unit '" + v + "' has an unknown prefix");
  return n * p->second;
}

}  // namespace

double Table::at(double load_pf, double slew_ns) const {
  auto coord = [&](Var var) { return var == Var::Load ? load_pf : slew_ns; };
  size_t i, j;
  double wi, wj;
  locate(x1, coord(var1), i, wi);
  locate(x2, coord(var2), j, wj);
  const size_t n2 = x2.size();
  auto val = [&](size_t a, size_t b) { return v[std::min(a, x1.size() - 1) * n2 + std::min(b, n2 - 1)]; };
  return (1 - wi) * ((1 - wj) * val(i, j) + wj * val(i, j + 1)) + wi * ((1 - wj) * val(i + 1, j) + wj * val(i + 1, j + 1));
}

const Cell& Library::cell(const std::string& name) const {
  const auto it = cells.find(name);
  if (it == cells.end()) throw Error("cell " + name + " is not in the library " + path);
  return it->second;
}

Library read(const std::string& path) {
  const std::string text = read_text(path);
  const Group lib = Parser(text, path).library();
  Library out;
  out.path = path;
  // Units the tables are read in: ns, pF, V (energy pJ); leakage scaled to mW.
  if (const auto* t = lib.attr("time_unit"); t && unit_scale(*t, "s", path) != 1e-9)
    throw Error(path + ": time_unit " + *t + " (the flow reads tables in ns)");
  if (const auto* v = lib.attr("voltage_unit"); v && unit_scale(*v, "v", path) != 1.0)
    throw Error(path + ": voltage_unit " + *v + " (the flow reads V)");
  if (const auto* c = lib.cattr("capacitive_load_unit");
      c && !(c->size() == 2 && std::strtod((*c)[0].c_str(), nullptr) == 1.0 && ((*c)[1] == "pf" || (*c)[1] == "pF")))
    throw Error(path + ": capacitive_load_unit is not (1, pf)");
  double leak_to_mw = 0.0;  // 0: no unit given, and then no cell may give leakage
  if (const auto* l = lib.attr("leakage_power_unit")) leak_to_mw = unit_scale(*l, "w", path) * 1e3;
  if (const auto* v = lib.attr("nom_voltage")) out.voltage = std::strtod(v->c_str(), nullptr);
  if (!(out.voltage > 0.0)) throw Error(path + " has no nom_voltage");

  std::map<std::string, Template> templates;
  for (const Group& g : lib.groups) {
    if ((g.type != "lu_table_template" && g.type != "power_lut_template") || g.args.empty()) continue;
    Template t;
    if (const auto* v = g.attr("variable_1")) t.var1 = variable(*v);
    if (const auto* v = g.attr("variable_2")) t.var2 = variable(*v);
    if (const auto* i = g.cattr("index_1")) t.x1 = numbers(*i, path, g.line);
    if (const auto* i = g.cattr("index_2")) t.x2 = numbers(*i, path, g.line);
    templates[g.args[0]] = t;
  }
  for (const Group& g : lib.groups) {
    if (g.type != "cell" || g.args.empty()) continue;
    Cell c;
    if (const auto* a = g.attr("area")) c.area = std::strtod(a->c_str(), nullptr);
    if (const auto* l = g.attr("cell_leakage_power")) {
      if (leak_to_mw == 0.0) throw Error(path + ":" + std::to_string(g.line) + ": leakage without a leakage_power_unit");
      c.leakage_mw = std::strtod(l->c_str(), nullptr) * leak_to_mw;
    }
    for (const Group& p : g.groups) {
      if (p.type == "ff" || p.type == "latch") c.sequential = true;
      if (p.type != "pin" || p.args.empty()) continue;
      Pin pin;
      if (const auto* d = p.attr("direction")) {
        pin.input = *d == "input" || *d == "inout";
        pin.output = *d == "output" || *d == "inout";
      }
      if (const auto* cap = p.attr("capacitance")) pin.cap = std::strtod(cap->c_str(), nullptr);
      if (const auto* ck = p.attr("clock")) pin.clock = *ck == "true";
      if (const auto* f = p.attr("function")) pin.function = *f;
      const std::string& name = p.args[0];
      for (const Group& s : p.groups) {
        const std::string* rel = s.attr("related_pin");
        if (s.type == "timing") {
          const std::string* type = s.attr("timing_type");
          if (type && type->find("setup") != std::string::npos) continue;
          if (type && (type->find("hold") != std::string::npos || type->find("recovery") != std::string::npos ||
                       type->find("removal") != std::string::npos || type->find("width") != std::string::npos))
            continue;
          Arc arc;
          arc.from = rel ? *rel : "";
          for (const Group& t : s.groups) {
            if (t.type == "rise_transition") arc.rise = table(t, templates, path);
            if (t.type == "fall_transition") arc.fall = table(t, templates, path);
          }
          if (!arc.rise.empty() || !arc.fall.empty()) c.arcs[name].push_back(std::move(arc));
        } else if (s.type == "internal_power") {
          Energy e;
          e.related = rel ? *rel : "";
          for (const Group& t : s.groups) {
            if (t.type == "rise_power") e.rise = table(t, templates, path);
            if (t.type == "fall_power") e.fall = table(t, templates, path);
            if (t.type == "power") e.rise = e.fall = table(t, templates, path);
          }
          if (!e.rise.empty() || !e.fall.empty()) c.energy[name].push_back(std::move(e));
        }
      }
      c.pins[name] = pin;
    }
    out.cells[g.args[0]] = std::move(c);
  }
  if (out.cells.empty()) throw Error(path + " defines no cells");
  return out;
}

}  // namespace amx::synth::liberty
