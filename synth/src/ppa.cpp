// The PPA flow's driver: every configuration's unit and arrays through
// synthesis, timing, gate-level simulation and power, in parallel tasks.
#include "amx/synth/ppa.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <tuple>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "amx/golden/error.hpp"

namespace amx::synth {

namespace {

// Runs the tasks on `jobs` threads, printing progress; rethrows the first error.
void run_tasks(std::vector<std::pair<std::string, std::function<void()>>>& tasks, int jobs) {
  std::atomic<size_t> next{0}, done{0};
  std::mutex m;
  std::exception_ptr error;
  const auto t0 = std::chrono::steady_clock::now();
  auto worker = [&] {
    for (;;) {
      const size_t i = next++;
      if (i >= tasks.size()) return;
      {
        std::lock_guard<std::mutex> l(m);
        if (error) return;
      }
      const auto s = std::chrono::steady_clock::now();
      try {
        tasks[i].second();
      } catch (...) {
        std::lock_guard<std::mutex> l(m);
        if (!error) error = std::current_exception();
        return;
      }
      std::lock_guard<std::mutex> l(m);
      std::fprintf(stderr, "  [%zu/%zu] %-34s %6.1f s  (elapsed %.0f s)\n", ++done, tasks.size(),
                   tasks[i].first.c_str(), std::chrono::duration<double>(std::chrono::steady_clock::now() - s).count(),
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
  };
  std::vector<std::thread> pool;
  for (int j = 0; j < std::max(1, jobs); ++j) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

// One amx ppa run: the state its phases share (units, arrays, simulations
// per engine), the phases in the order run_ppa calls them.
class PpaRun {
 public:
  explicit PpaRun(const PpaOptions& o);
  void climb(size_t ci);   // the fewest stages that meet clocks[ci], per configuration
  void build();            // every chosen engine's unit and arrays
  void simulate();         // gate-level simulations and OpenSTA power
  void measure_accuracy();
  PpaResult result();
  size_t clock_count() const { return clocks.size(); }

 private:
  struct UnitRun {
    Synthesis syn;
    Timing timing;
  };
  // Gate-level simulations, once per engine: at the slowest clock it is
  // built for, or at its own minimum period (rounded up) if slower.  Clocked
  // faster than its minimum period a netlist computes wrong results, which
  // the simulation's golden check refuses; the toggles per cycle hold for
  // every longer period.
  struct EngineSim {
    UnitStimulus llm, random;
    GateActivity gate_llm, gate_random, gate_llm_zero;
    double gate_clock = 0.0, sqnr_db = 0.0;
    std::vector<std::pair<std::string, double>> sqnr_on;
    std::map<double, std::pair<Power, Power>> sta;    // OpenSTA's estimate (LLM, random) per clock
    std::map<double, std::vector<Power>> array_glue;  // the arrays' controller and banks per clock
  };
  using Tasks = std::vector<std::pair<std::string, std::function<void()>>>;

  void build_units(const std::vector<const Engine*>& want);
  void build_arrays();
  void unit_sim_tasks(const Engine* e, Tasks& tasks);
  void array_power_task(const Engine* e, double clock, const std::string& tag, size_t ai, Tasks& tasks);
  double own_period(const Engine* e) const;  // the unit's or its arrays', whichever is slower
  ConfigResult config_result(size_t ci, size_t i) const;
  static double round_up(double ns) { return std::ceil(ns * 10.0) / 10.0; }

  const PpaOptions& o;
  PpaResult out;
  std::vector<std::string> names;
  std::vector<const Engine*> asked;
  std::vector<double> clocks;
  bool given = false;
  std::string work;
  std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
  // Every engine's unit is synthesized and timed once, whichever clocks and
  // ladders need it.  Entries exist before their tasks run, so the tasks
  // write into a map that no thread resizes.
  std::map<const Engine*, UnitRun> units;
  // The engine built for each configuration at each clock, and the rungs
  // its ladder tried there (fewest stages that meet the clock).
  std::vector<std::vector<const Engine*>> chosen;
  std::vector<std::vector<std::vector<const Engine*>>> tried;
  std::vector<const Engine*> built;  // every engine built at some clock, once
  std::map<const Engine*, std::vector<ArrayResult>> arrays;
  std::map<const Engine*, EngineSim> sims;
};

PpaRun::PpaRun(const PpaOptions& opt) : o(opt) {
  out.tools = find_tools(o.rtl, o.liberty);
  for (const std::string& c : o.configs.empty() ? default_engines() : o.configs)
    if (!c.empty()) names.push_back(c);
  if (names.empty()) throw Error("--configs names no configuration");
  for (const std::string& n : names) asked.push_back(&find_engine(n));
  clocks = o.clocks;
  for (double c : clocks)
    if (!(c > 0.0) || !std::isfinite(c)) throw Error(fmt::format("a target clock must be a positive period in ns, not {}", c));
  std::sort(clocks.rbegin(), clocks.rend());
  clocks.erase(std::unique(clocks.begin(), clocks.end()), clocks.end());
  given = !clocks.empty();
  if (!given) clocks = {0.0};
  require_plain_path("the work directory", o.work_dir);
  work = o.work_dir;
  std::error_code ec;
  std::filesystem::create_directories(work, ec);
  if (ec) throw Error("cannot create the work directory " + work + ": " + ec.message());
  t0 = std::chrono::steady_clock::now();
  chosen.assign(clocks.size(), asked);
  tried.assign(clocks.size(), std::vector<std::vector<const Engine*>>(asked.size()));
}

void PpaRun::build_units(const std::vector<const Engine*>& want) {
  Tasks tasks;
  const Tools& tools = out.tools;
  for (const Engine* e : want) {
    if (units.count(e)) continue;
    UnitRun& u = units[e];
    const std::string dir = work + "/" + e->name;
    tasks.push_back({e->name + " unit", [&u, &tools, e, dir] {
                       u.syn = synthesize(tools, *e, "block_dot", 1, 1, dir);
                       u.timing = time_netlist(tools, u.syn, dir);
                     }});
  }
  run_tasks(tasks, o.jobs);
}

void PpaRun::climb(size_t ci) {
  if (!(o.fit_clock && given)) return;
  std::vector<std::vector<const Engine*>> ladders;
  for (const Engine* e : asked) ladders.push_back(ladder(*e));
  const double clock = clocks[ci];
  std::fprintf(stderr, "amx ppa: the fewest stages that meet %.2f ns for %zu configurations, %d jobs; tools' logs in %s\n",
               clock, asked.size(), o.jobs, work.c_str());
  std::vector<size_t> rung(asked.size(), 0);
  std::vector<bool> done(asked.size(), false);
  for (;;) {
    // Climb every ladder as far as the units already built allow, then
    // build the rungs the open ladders wait for.
    std::vector<const Engine*> want;
    for (bool progressed = true; progressed;) {
      progressed = false;
      want.clear();
      for (size_t i = 0; i < asked.size(); ++i) {
        if (done[i]) continue;
        const Engine* e = ladders[i][rung[i]];
        const auto it = units.find(e);
        if (it == units.end()) {
          if (std::find(want.begin(), want.end(), e) == want.end()) want.push_back(e);
          continue;
        }
        tried[ci][i].push_back(e);
        const double p = it->second.timing.min_period_ns;
        const bool last = rung[i] + 1 >= ladders[i].size();
        std::fprintf(stderr, "  %s at %.2f ns: %s %.2f ns%s\n", names[i].c_str(), clock, e->name.c_str(), p,
                     p <= clock ? " meets the clock"
                     : !last    ? ", one more stage"
                                : ", the ladder's last rung: misses the clock");
        if (p <= clock || last) done[i] = true;
        else ++rung[i];
        progressed = true;
      }
    }
    if (want.empty()) break;
    build_units(want);
  }
  // A ladder that ends above the clock: its fastest rung is built (the
  // fewest stages among equals), the one that comes closest.
  for (size_t i = 0; i < asked.size(); ++i) {
    const std::vector<const Engine*>& l = tried[ci][i];
    const Engine* best = l.front();
    for (const Engine* e : l)
      if (units.at(e).timing.min_period_ns < units.at(best).timing.min_period_ns) best = e;
    chosen[ci][i] = units.at(l.back()).timing.min_period_ns <= clock ? l.back() : best;
  }
}

void PpaRun::build() {
  for (const auto& c : chosen)
    for (const Engine* e : c)
      if (std::find(built.begin(), built.end(), e) == built.end()) built.push_back(e);
  std::fprintf(stderr, "amx ppa: %zu engines x (unit + %zu arrays) at %zu clock%s, %d jobs; tools' logs in %s\n",
               built.size(), o.arrays.size(), clocks.size(), clocks.size() == 1 ? "" : "s", o.jobs, work.c_str());
  build_units(built);
  build_arrays();
  // Without a target: the slowest design's minimum period.
  if (!given) {
    for (const Engine* e : built) clocks[0] = std::max(clocks[0], own_period(e));
    clocks[0] = round_up(clocks[0]);
  }
}

// With its units as black boxes an array's own logic (controller, preload
// and drain banks, operand wiring) depends on its size, the block, the
// operands' widths (ASYM) and ACC_II only (rtl/mac_array.v passes the rest
// to block_dot): engines that agree on those share one synthesis.
void PpaRun::build_arrays() {
  const Tools& tools = out.tools;
  const std::vector<ArrayShape>& sizes = o.arrays;
  using ArrayKey = std::tuple<int, int, int, int, int, int, int>;
  std::map<ArrayKey, ArrayResult*> first_of;
  std::vector<std::tuple<ArrayResult*, const ArrayResult*, std::string>> copies;  // with the copy's work directory
  Tasks tasks;
  for (const Engine* e : built) {
    std::vector<ArrayResult>& v = arrays[e];
    v.resize(sizes.size());
    for (size_t k = 0; k < sizes.size(); ++k) {
      ArrayResult& ar = v[k];
      ar.rows = sizes[k].rows;
      ar.cols = sizes[k].cols;
      ar.drain_rows = sizes[k].drain_rows;
      const std::string adir = fmt::format("{}/{}_{}", work, e->name, ar.shape().name());
      ArrayResult*& first = first_of[{ar.rows, ar.cols, ar.drain_rows, e->n, e->asym_a, e->asym_b, e->acc_ii}];
      if (first) {
        copies.push_back({&ar, first, adir});
        continue;
      }
      first = &ar;
      tasks.push_back({fmt::format("{} {} array", e->name, ar.shape().name()), [&ar, &tools, e, adir] {
                         ar.glue = synthesize(tools, *e, "mac_array", ar.rows, ar.cols, adir, ar.drain_rows);
                         ar.timing = time_netlist(tools, ar.glue, adir);
                       }});
    }
  }
  run_tasks(tasks, o.jobs);
  std::error_code ec;
  for (const auto& [to, from, adir] : copies) {
    to->glue = from->glue;
    to->timing = from->timing;
    std::filesystem::create_directories(adir, ec);  // its power runs write their scripts there
    if (ec) throw Error("cannot create " + adir + ": " + ec.message());
  }
}

double PpaRun::own_period(const Engine* e) const {
  double p = units.at(e).timing.min_period_ns;
  for (const ArrayResult& ar : arrays.at(e)) p = std::max(p, ar.timing.min_period_ns);
  return p;
}

// The unit's three gate-level simulations, and OpenSTA's estimate and the
// arrays' power at every clock the engine is built for.
void PpaRun::unit_sim_tasks(const Engine* e, Tasks& tasks) {
  const Tools& tools = out.tools;
  EngineSim& s = sims.at(e);
  s.gate_clock = std::max(s.gate_clock, round_up(own_period(e)));
  s.llm = unit_activity(*e, Stimulus::Llm, o.seed);
  s.random = unit_activity(*e, Stimulus::Random, o.seed);
  const Synthesis& unit = units.at(e).syn;
  const std::string dir = work + "/" + e->name;
  const uint64_t seed = o.seed;
  const double gclock = s.gate_clock;
  // Dot products of K = 4096 (128 blocks: 128 / lanes cycles), or one shorter one.
  const size_t per_cycle = static_cast<size_t>(e->macs_per_cycle());
  const size_t blocks = 4096 / per_cycle;
  // Two running sums (ACC_II = 2): an even number of interleaved dot products.
  // A unit of L lanes simulates sim_cycles / L cycles: the same block pairs
  // (and dot products) as a one-lane unit.
  const size_t ii = static_cast<size_t>(e->acc_ii);
  const size_t cycles = std::max<size_t>(8, o.sim_cycles / static_cast<size_t>(e->lanes));
  const size_t dots = (std::max<size_t>(ii, cycles / blocks) + ii - 1) / ii * ii;
  const size_t k = std::min<size_t>(4096, cycles * per_cycle / dots);
  tasks.push_back({e->name + " unit gate-level simulation, LLM, timed", [&s, &tools, &unit, e, dir, seed, dots, k, gclock] {
                     s.gate_llm = simulate_activity(tools, unit, *e, Stimulus::Llm, seed, dir, dots, k, gclock, true);
                   }});
  tasks.push_back({e->name + " unit gate-level simulation, random, timed", [&s, &tools, &unit, e, dir, seed, dots, k, gclock] {
                     s.gate_random = simulate_activity(tools, unit, *e, Stimulus::Random, seed, dir, dots, k, gclock, true);
                   }});
  tasks.push_back({e->name + " unit gate-level simulation, LLM, zero-delay", [&s, &tools, &unit, e, dir, seed, dots, k, gclock] {
                     s.gate_llm_zero = simulate_activity(tools, unit, *e, Stimulus::Llm, seed, dir, dots, k, gclock, false);
                   }});
  for (auto& kv : s.sta) {
    const double clock = kv.first;
    std::pair<Power, Power>& sta = kv.second;
    const std::string tag = clocks.size() == 1 ? "" : fmt::format("_{:g}ns", clock);
    // OpenSTA's estimate at each clock, as the report compares it.
    tasks.push_back({fmt::format("{} unit OpenSTA power at {:g} ns", e->name, clock), [&s, &sta, &tools, &unit, dir, tag, clock] {
                       sta.first = power(tools, unit, clock, s.llm.ports, 0.0, dir, "llm" + tag);
                       sta.second = power(tools, unit, clock, s.random.ports, 0.0, dir, "random" + tag);
                     }});
    for (size_t ai = 0; ai < o.arrays.size(); ++ai) array_power_task(e, clock, tag, ai, tasks);
  }
}

void PpaRun::array_power_task(const Engine* e, double clock, const std::string& tag, size_t ai, Tasks& tasks) {
  const Tools& tools = out.tools;
  EngineSim& s = sims.at(e);
  const ArrayResult& ar = arrays.at(e)[ai];
  Power& glue = s.array_glue.at(clock)[ai];
  const std::string adir = fmt::format("{}/{}_{}", work, e->name, ar.shape().name());
  tasks.push_back({fmt::format("{} {} array power at {:g} ns", e->name, ar.shape().name(), clock),
                   [&ar, &s, &glue, &tools, adir, tag, clock] {
                     // The array's operand ports carry the unit's streams, row by row and
                     // column by column; the units' results (black boxes here) change
                     // once per dot product.
                     std::vector<Activity> in;
                     size_t abits = 0, bbits = 0;
                     for (const Activity& p : s.llm.ports) {
                       abits += p.port.rfind("a_i[", 0) == 0;
                       bbits += p.port.rfind("b_i[", 0) == 0;
                     }
                     for (int rr = 0; rr < ar.rows; ++rr)
                       for (size_t i = 0; i < abits; ++i)
                         in.push_back({fmt::format("a_i[{}]", rr * abits + i), s.llm.ports[i].activity,
                                       s.llm.ports[i].duty});
                     for (int c = 0; c < ar.cols; ++c)
                       for (size_t i = 0; i < bbits; ++i)
                         in.push_back({fmt::format("b_i[{}]", c * bbits + i), s.llm.ports[abits + i].activity,
                                       s.llm.ports[abits + i].duty});
                     in.push_back({"in_valid_i", 0.0, 1.0});
                     glue = power(tools, ar.glue, clock, in, 0.5 / s.llm.k_blocks, adir, "llm" + tag);
                   }});
}

void PpaRun::simulate() {
  for (size_t ci = 0; ci < clocks.size(); ++ci)
    for (const Engine* e : chosen[ci]) {
      EngineSim& s = sims[e];
      s.gate_clock = std::max(s.gate_clock, clocks[ci]);
      s.sta[clocks[ci]];
      s.array_glue[clocks[ci]].resize(o.arrays.size());
    }
  Tasks tasks;
  for (const Engine* e : built) unit_sim_tasks(e, tasks);
  run_tasks(tasks, o.jobs);
}

// The accuracy of each engine's contract on the LLM stimulus and the further
// activation sets.
void PpaRun::measure_accuracy() {
  for (const Engine* e : built) {
    EngineSim& s = sims.at(e);
    s.sqnr_db = contract_sqnr(*e, o.seed);
    for (const PpaOptions::Activations& a : o.accuracy)
      s.sqnr_on.push_back({a.name, contract_sqnr_on(*e, a.x, a.rows, a.k, o.seed)});
  }
}

// Energy per MAC of a design doing macs_per_cycle at a clock period (mW x ns = pJ).
double pj_per_mac(double mw, double period_ns, double macs_per_cycle) { return mw * period_ns / macs_per_cycle; }

ConfigResult PpaRun::config_result(size_t ci, size_t i) const {
  const double clock = clocks[ci];
  const Engine* e = chosen[ci][i];
  const EngineSim& s = sims.at(e);
  ConfigResult r;
  r.e = e;
  r.requested = names[i];
  for (const Engine* g : tried[ci][i]) {
    const UnitRun& u = units.at(g);
    r.ladder.push_back({g, u.timing.min_period_ns, u.syn.area, u.timing.from, u.timing.to, u.timing.cells});
  }
  r.unit = units.at(e).syn;
  r.timing = units.at(e).timing;
  r.llm = s.llm;
  r.random = s.random;
  r.gate_llm = s.gate_llm;
  r.gate_random = s.gate_random;
  r.gate_llm_zero = s.gate_llm_zero;
  r.llm_power = s.sta.at(clock).first;
  r.random_power = s.sta.at(clock).second;
  r.sqnr_db = s.sqnr_db;
  r.sqnr_on = s.sqnr_on;
  r.meets_clock = !given || r.timing.min_period_ns <= clock;
  r.sim_clock_ns = std::max(clock, round_up(own_period(e)));
  r.gate_clock_ns = s.gate_clock;
  r.energy_pj = pj_per_mac(r.gate_llm.power.total_mw(r.sim_clock_ns), r.sim_clock_ns, e->macs_per_cycle());
  r.energy_zero_pj = pj_per_mac(r.gate_llm_zero.power.total_mw(r.sim_clock_ns), r.sim_clock_ns, e->macs_per_cycle());
  r.arrays = arrays.at(e);
  for (size_t ai = 0; ai < r.arrays.size(); ++ai) {
    ArrayResult& ar = r.arrays[ai];
    ar.glue_llm = s.array_glue.at(clock)[ai];
    const double n_units = static_cast<double>(ar.rows * ar.cols);
    ar.area = n_units * r.unit.area + ar.glue.area;
    ar.power_mw = n_units * r.gate_llm.power.total_mw(clock) + ar.glue_llm.corrected_total_mw();
    ar.energy_pj = pj_per_mac(ar.power_mw, clock, n_units * e->macs_per_cycle());
    ar.min_period_ns = std::max(r.timing.min_period_ns, ar.timing.min_period_ns);
  }
  return r;
}

PpaResult PpaRun::result() {
  for (size_t ci = 0; ci < clocks.size(); ++ci) {
    ClockRun run;
    run.clock_ns = clocks[ci];
    for (size_t i = 0; i < asked.size(); ++i) {
      const Engine* e = chosen[ci][i];
      // Configurations that climbed to the same engine are measured once.
      if (std::any_of(run.configs.begin(), run.configs.end(), [e](const ConfigResult& r) { return r.e == e; })) continue;
      run.configs.push_back(config_result(ci, i));
    }
    out.runs.push_back(std::move(run));
  }
  out.clock_given = given;
  out.frontier = o.frontier;
  out.arrays = o.arrays;
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return std::move(out);
}

}  // namespace

PpaResult run_ppa(const PpaOptions& o) {
  PpaRun run(o);
  for (size_t ci = 0; ci < run.clock_count(); ++ci) run.climb(ci);
  run.build();
  run.simulate();
  run.measure_accuracy();
  return run.result();
}

}  // namespace amx::synth
