// Gate-level power from toggles: each cell's Liberty energy tables looked up
// at its load and input slew, summed per net toggle; leakage from the cells.
#include "amx/synth/gate_power.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <sstream>

#include "amx/golden/error.hpp"
#include "amx/synth/flow.hpp"

namespace amx::synth {

int GateNetlist::find(int x) const {
  while (parent[static_cast<size_t>(x)] != x) x = parent[static_cast<size_t>(x)];
  return x;
}

int GateNetlist::net(const std::string& name, int bit) const {
  const auto key = std::make_pair(name, bit);
  const auto it = std::lower_bound(index.begin(), index.end(), std::make_pair(key, -1));
  return it != index.end() && it->first == key ? it->second : -1;
}

namespace {

// Reader of the subset of Verilog Yosys writes for a flat mapped netlist.
class NetlistReader {
 public:
  NetlistReader(const std::string& path) : path_(path) {}

  GateNetlist read() {
    std::istringstream in(read_text(path_));
    std::vector<std::string> assigns;
    std::string stmt;
    GateNetlist::Inst* cur = nullptr;
    for (std::string l; std::getline(in, l);) {
      ++line_;
      const size_t a = l.find_first_not_of(' ');
      if (a == std::string::npos) continue;
      const std::string t = l.substr(a);
      if (t.rfind("wire ", 0) == 0 || t.rfind("reg ", 0) == 0 || t.rfind("input ", 0) == 0 ||
          t.rfind("output ", 0) == 0 || t.rfind("inout ", 0) == 0) {
        declare(t);
      } else if (t.rfind("assign ", 0) == 0) {
        assigns.push_back(t.substr(7));
      } else if (cur && t.rfind(".", 0) == 0) {
        const size_t lp = t.find('('), rp = t.rfind(')');
        if (lp == std::string::npos || rp == std::string::npos) fail("malformed pin connection");
        const std::vector<int> bits = expr(t.substr(lp + 1, rp - lp - 1));
        if (bits.size() != 1) fail("a cell pin connected to " + std::to_string(bits.size()) + " bits");
        cur->pins.push_back({t.substr(1, lp - 1), bits[0]});
      } else if (t == ");") {
        cur = nullptr;
      } else if (!t.empty() && t.back() == '(' && t.rfind("module ", 0) != 0) {
        std::istringstream is(t);
        GateNetlist::Inst inst;
        is >> inst.cell;
        std::string rest;
        std::getline(is, rest);
        rest = rest.substr(0, rest.size() - 1);
        rest.erase(0, rest.find_first_not_of(" \\"));
        rest.erase(rest.find_last_not_of(' ') + 1);
        inst.name = rest;
        n_.insts.push_back(inst);
        cur = &n_.insts.back();
      }
    }
    n_.parent.resize(n_.nets.size());
    for (size_t i = 0; i < n_.parent.size(); ++i) n_.parent[i] = static_cast<int>(i);
    for (const std::string& s : assigns) {
      const size_t eq = s.find(" = ");
      if (eq == std::string::npos || s.back() != ';') fail("malformed assign: " + s);
      const std::vector<int> lhs = expr(s.substr(0, eq)), rhs = expr(s.substr(eq + 3, s.size() - eq - 4));
      // Aligned at the LSB, as Verilog does.
      for (size_t i = 0; i < lhs.size() && i < rhs.size(); ++i) {
        const int l = lhs[lhs.size() - 1 - i], r = rhs[rhs.size() - 1 - i];
        if (l < 0 || r < 0) continue;  // a constant drives it: no toggles
        const int rl = n_.find(l), rr = n_.find(r);
        if (rl != rr) n_.parent[static_cast<size_t>(rl)] = rr;
      }
    }
    for (const auto& [name, id] : names_) n_.index.push_back({name, id});
    return std::move(n_);
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw Error(path_ + ":" + std::to_string(line_) + ": " + what);
  }

  int add(const std::string& name, int bit) {
    const auto it = names_.find({name, bit});
    if (it != names_.end()) return it->second;
    const int id = static_cast<int>(n_.nets.size());
    n_.nets.push_back({name, bit});
    names_[{name, bit}] = id;
    return id;
  }

  // "[m:l] name;" after the keyword.
  void declare(const std::string& t) {
    const std::string kw = t.substr(0, t.find(' '));
    std::string rest = t.substr(kw.size() + 1);
    int msb = 0, lsb = 0;
    bool vec = false;
    if (!rest.empty() && rest[0] == '[') {
      const size_t c = rest.find(':'), e = rest.find(']');
      if (c == std::string::npos || e == std::string::npos) fail("malformed range in: " + t);
      msb = std::stoi(rest.substr(1, c - 1));
      lsb = std::stoi(rest.substr(c + 1, e - c - 1));
      vec = true;
      rest = rest.substr(e + 1);
    }
    rest.erase(0, rest.find_first_not_of(" \\"));
    const size_t end = rest.find_first_of(" ;");
    const std::string name = rest.substr(0, end);
    if (name.empty()) fail("declaration without a name: " + t);
    ranges_[name] = {msb, lsb, vec};
    std::vector<int> ids;
    for (int b = msb;; b += msb >= lsb ? -1 : 1) {
      ids.push_back(add(name, vec ? b : -1));
      if (b == lsb) break;
    }
    if (kw == "input") n_.inputs.insert(n_.inputs.end(), ids.begin(), ids.end());
    if (kw == "output") n_.outputs.insert(n_.outputs.end(), ids.begin(), ids.end());
  }

  // The bits of an expression, MSB first; -1 for a constant bit.
  std::vector<int> expr(const std::string& s) {
    std::vector<int> out;
    size_t i = 0;
    auto skip = [&] {
      while (i < s.size() && (s[i] == ' ' || s[i] == ',' || s[i] == '{' || s[i] == '}')) ++i;
    };
    for (skip(); i < s.size(); skip()) {
      if (std::isdigit(static_cast<unsigned char>(s[i]))) {  // sized constant, e.g. 8'h00
        const size_t q = s.find('\'', i);
        if (q == std::string::npos) fail("unsized constant in: " + s);
        const int w = std::stoi(s.substr(i, q - i));
        out.insert(out.end(), static_cast<size_t>(w), -1);
        i = q + 2;
        while (i < s.size() && std::isxdigit(static_cast<unsigned char>(s[i]))) ++i;
        continue;
      }
      std::string name;
      if (s[i] == '\\') {
        const size_t e = s.find(' ', i);
        name = s.substr(i + 1, e == std::string::npos ? std::string::npos : e - i - 1);
        i = e == std::string::npos ? s.size() : e;
        while (i < s.size() && s[i] == ' ') ++i;
      } else {
        const size_t b = i;
        while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '$')) ++i;
        name = s.substr(b, i - b);
        if (name.empty()) fail("cannot read the expression: " + s);
      }
      const auto r = ranges_.find(name);
      if (r == ranges_.end()) fail("undeclared net " + name);
      int msb = r->second.msb, lsb = r->second.lsb;
      if (i < s.size() && s[i] == '[') {
        const size_t e = s.find(']', i), c = s.find(':', i);
        if (e == std::string::npos) fail("unclosed bit select in: " + s);
        if (c != std::string::npos && c < e) {
          msb = std::stoi(s.substr(i + 1, c - i - 1));
          lsb = std::stoi(s.substr(c + 1, e - c - 1));
        } else {
          msb = lsb = std::stoi(s.substr(i + 1, e - i - 1));
        }
        i = e + 1;
      }
      for (int b = msb;; b += msb >= lsb ? -1 : 1) {
        const auto id = names_.find({name, r->second.vec ? b : -1});
        if (id == names_.end()) fail("bit " + std::to_string(b) + " of " + name + " is outside its range");
        out.push_back(id->second);
        if (b == lsb) break;
      }
    }
    return out;
  }

  struct Range {
    int msb, lsb;
    bool vec;
  };
  std::string path_;
  int line_ = 0;
  GateNetlist n_;
  std::map<std::pair<std::string, int>, int> names_;
  std::map<std::string, Range> ranges_;
};

double mean(double a, double b) { return 0.5 * (a + b); }

// Mean of a rise and a fall table at (load, slew); one alone if the other is missing.
double rise_fall(const liberty::Table& r, const liberty::Table& f, double load, double slew) {
  if (r.empty()) return f.at(load, slew);
  if (f.empty()) return r.at(load, slew);
  return mean(r.at(load, slew), f.at(load, slew));
}

// The electrical net on an instance's pin; -1 for a constant or no such pin.
int net_on(const GateNetlist& n, const GateNetlist::Inst& inst, const std::string& pin) {
  for (const auto& [p, net] : inst.pins)
    if (p == pin) return net < 0 ? -1 : n.find(net);
  return -1;
}

}  // namespace

GateNetlist read_gate_netlist(const std::string& path) { return NetlistReader(path).read(); }

GatePower gate_power(const liberty::Library& lib, const GateNetlist& n, const std::vector<double>& toggles,
                     const std::string& clock_port, double output_load_pf, const std::string& input_driver) {
  const size_t nn = n.nets.size();
  if (toggles.size() != nn) throw Error("gate_power: one toggle rate per net is needed");
  const int clock = n.net(clock_port) >= 0 ? n.find(n.net(clock_port)) : -1;
  // Per electrical net: its load, its toggles, its driver (instance, pin).
  std::vector<double> load(nn, 0.0), tog(nn, 0.0);
  std::vector<std::pair<int, const std::string*>> driver(nn, {-1, nullptr});
  std::vector<bool> is_input(nn, false);
  for (size_t i = 0; i < nn; ++i) {
    const size_t r = static_cast<size_t>(n.find(static_cast<int>(i)));
    tog[r] = std::max(tog[r], toggles[i]);
  }
  for (int o : n.outputs) load[static_cast<size_t>(n.find(o))] += output_load_pf;
  for (int in : n.inputs) is_input[static_cast<size_t>(n.find(in))] = true;
  std::vector<const liberty::Cell*> cells;
  for (size_t k = 0; k < n.insts.size(); ++k) {
    const GateNetlist::Inst& inst = n.insts[k];
    const liberty::Cell& c = lib.cell(inst.cell);
    cells.push_back(&c);
    for (const auto& [pin, net] : inst.pins) {
      if (net < 0) continue;
      const auto p = c.pins.find(pin);
      if (p == c.pins.end()) throw Error("cell " + inst.cell + " of instance " + inst.name + " has no pin " + pin);
      const size_t r = static_cast<size_t>(n.find(net));
      if (p->second.input) load[r] += p->second.cap;
      if (p->second.output) driver[r] = {static_cast<int>(k), &p->first};
    }
  }
  // Transition of every net, from its driver's tables in dependency order.
  const liberty::Cell& drv = lib.cell(input_driver);
  std::vector<double> slew(nn, -1.0);
  std::vector<char> busy(nn, 0);
  std::function<double(size_t)> slew_of = [&](size_t r) -> double {
    if (slew[r] >= 0.0) return slew[r];
    if (busy[r] || static_cast<int>(r) == clock) return 0.0;  // a loop through a latch; the ideal clock
    busy[r] = 1;
    double s = 0.0;
    if (driver[r].first >= 0) {
      const GateNetlist::Inst& inst = n.insts[static_cast<size_t>(driver[r].first)];
      const liberty::Cell& c = *cells[static_cast<size_t>(driver[r].first)];
      const auto arcs = c.arcs.find(*driver[r].second);
      if (arcs != c.arcs.end())
        for (const liberty::Arc& a : arcs->second) {
          const int from = net_on(n, inst, a.from);
          const double in_slew = from >= 0 ? slew_of(static_cast<size_t>(from)) : 0.0;
          s = std::max(s, rise_fall(a.rise, a.fall, load[r], in_slew));
        }
    } else if (is_input[r]) {
      for (const auto& [out, arcs] : drv.arcs)
        for (const liberty::Arc& a : arcs) s = std::max(s, rise_fall(a.rise, a.fall, load[r], 0.0));
    }
    busy[r] = 0;
    return slew[r] = s;
  };

  GatePower p;
  const double v2 = lib.voltage * lib.voltage;
  for (size_t r = 0; r < nn; ++r) {
    if (n.find(static_cast<int>(r)) != static_cast<int>(r)) continue;
    if (static_cast<int>(r) == clock) p.clock_pj += 0.5 * load[r] * v2 * tog[r];
    else if (driver[r].first >= 0) p.switching_pj += 0.5 * load[r] * v2 * tog[r];
  }
  for (size_t k = 0; k < n.insts.size(); ++k) {
    const GateNetlist::Inst& inst = n.insts[k];
    const liberty::Cell& c = *cells[k];
    p.leakage_mw += c.leakage_mw;
    auto net_of = [&](const std::string& pin) { return net_on(n, inst, pin); };
    for (const auto& [pin, groups] : c.energy) {
      const int r = net_of(pin);
      if (r < 0 || groups.empty()) continue;
      const size_t ur = static_cast<size_t>(r);
      if (tog[ur] == 0.0) continue;
      if (c.pins.at(pin).output) {
        // Which input caused an output toggle is not recorded: each related
        // input's energy is weighted by its share of the related toggles.
        // Groups of one related pin differing in `when` are averaged.
        std::map<int, std::pair<double, int>> by_input;  // related net -> energy sum, groups
        double e_free = 0.0, related = 0.0, e_rel = 0.0;
        int free = 0;
        for (const liberty::Energy& e : groups) {
          const int rn = e.related.empty() ? -1 : net_of(e.related);
          if (e.related.empty()) {
            e_free += rise_fall(e.rise, e.fall, load[ur], 0.0);
            ++free;
          } else if (rn >= 0) {
            auto& [sum, count] = by_input[rn];
            sum += rise_fall(e.rise, e.fall, load[ur], slew_of(static_cast<size_t>(rn)));
            ++count;
          }
        }
        for (const auto& [rn, e] : by_input) related += tog[static_cast<size_t>(rn)];
        if (related > 0.0)
          for (const auto& [rn, e] : by_input) e_rel += tog[static_cast<size_t>(rn)] / related * e.first / e.second;
        p.internal_pj += tog[ur] * (e_rel + (free ? e_free / free : 0.0));
      } else {
        double e_in = 0.0;
        for (const liberty::Energy& e : groups) e_in += rise_fall(e.rise, e.fall, 0.0, slew_of(ur));
        const double pj = tog[ur] * e_in / static_cast<double>(groups.size());
        p.internal_pj += pj;
        if (r == clock) p.clock_pin_pj += pj;
      }
    }
  }
  return p;
}

}  // namespace amx::synth
