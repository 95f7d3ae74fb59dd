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

}  // namespace

PpaResult run_ppa(const PpaOptions& o) {
  PpaResult out;
  out.tools = find_tools(o.rtl, o.liberty);
  const Tools& tools = out.tools;
  std::vector<std::string> names;
  for (const std::string& c : o.configs.empty() ? default_engines() : o.configs)
    if (!c.empty()) names.push_back(c);
  if (names.empty()) throw Error("--configs names no configuration");
  std::vector<ConfigResult>& res = out.configs;
  res.resize(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    res[i].e = &find_engine(names[i]);
    res[i].requested = names[i];
  }
  const std::vector<std::pair<int, int>>& sizes = o.arrays;
  require_plain_path("the work directory", o.work_dir);
  const std::string work = o.work_dir;
  std::error_code ec;
  std::filesystem::create_directories(work, ec);
  if (ec) throw Error("cannot create the work directory " + work + ": " + ec.message());
  const auto t0 = std::chrono::steady_clock::now();

  std::vector<std::pair<std::string, std::function<void()>>> tasks;
  auto unit_task = [&tools, &work](ConfigResult& r) {
    const std::string dir = work + "/" + r.e->name;
    return std::make_pair(r.e->name + " unit", std::function<void()>([&r, &tools, dir] {
                            r.unit = synthesize(tools, *r.e, "block_dot", 1, 1, dir);
                            r.timing = time_netlist(tools, r.unit, dir);
                          }));
  };
  const bool fit = o.fit_clock && o.clock_ns > 0.0;
  if (fit) {
    // Fewest stages that meet the clock: each configuration climbs its
    // ladder, one synthesis round per rung, until its unit meets the clock
    // or the ladder ends (its fastest rung is then built, below).
    std::fprintf(stderr, "amx ppa: the fewest stages that meet %.2f ns for %zu configurations, %d jobs; tools' logs in %s\n",
                 o.clock_ns, res.size(), o.jobs, work.c_str());
    std::vector<std::vector<const Engine*>> ladders;
    std::vector<size_t> rung(res.size(), 0);
    std::vector<std::vector<std::pair<Synthesis, Timing>>> tried(res.size());
    for (ConfigResult& r : res) ladders.push_back(ladder(*r.e));
    for (;;) {
      tasks.clear();
      std::vector<size_t> open;
      for (size_t i = 0; i < res.size(); ++i) {
        if (!res[i].ladder.empty() && (res[i].ladder.back().min_period_ns <= o.clock_ns || rung[i] >= ladders[i].size()))
          continue;
        res[i].e = ladders[i][rung[i]++];
        tasks.push_back(unit_task(res[i]));
        open.push_back(i);
      }
      if (tasks.empty()) break;
      run_tasks(tasks, o.jobs);
      for (size_t i : open) {
        const Timing& t = res[i].timing;
        res[i].ladder.push_back({res[i].e, t.min_period_ns, res[i].unit.area, t.from, t.to, t.cells});
        tried[i].emplace_back(res[i].unit, t);
        std::fprintf(stderr, "  %s: %s %.2f ns%s\n", res[i].requested.c_str(), res[i].e->name.c_str(), t.min_period_ns,
                     t.min_period_ns <= o.clock_ns ? " meets the clock"
                     : rung[i] < ladders[i].size() ? ", one more stage" : ", the ladder's last rung: misses the clock");
      }
    }
    // A ladder that ends above the clock: its fastest rung is built (the
    // fewest stages among equals), the one that comes closest.
    for (size_t i = 0; i < res.size(); ++i) {
      const std::vector<Rung>& l = res[i].ladder;
      if (l.empty() || l.back().min_period_ns <= o.clock_ns) continue;
      size_t best = 0;
      for (size_t j = 1; j < l.size(); ++j)
        if (l[j].min_period_ns < l[best].min_period_ns) best = j;
      res[i].e = l[best].e;
      res[i].unit = std::move(tried[i][best].first);
      res[i].timing = std::move(tried[i][best].second);
    }
    // Configurations that climbed to the same engine are measured once.
    std::vector<ConfigResult> kept;
    for (ConfigResult& r : res)
      if (std::none_of(kept.begin(), kept.end(), [&r](const ConfigResult& k) { return k.e == r.e; }))
        kept.push_back(std::move(r));
    res = std::move(kept);
    tasks.clear();
  }
  // Synthesis and timing: one task per unit (unless fitted above) and per
  // array (controller and banks).
  std::fprintf(stderr, "amx ppa: %zu configurations x (unit + %zu arrays), %d jobs; tools' logs in %s\n",
               res.size(), sizes.size(), o.jobs, work.c_str());
  for (ConfigResult& r : res) {
    r.arrays.resize(sizes.size());
    const std::string dir = work + "/" + r.e->name;
    if (!fit) tasks.push_back(unit_task(r));
    for (size_t k = 0; k < r.arrays.size(); ++k) {
      ArrayResult& ar = r.arrays[k];
      ar.rows = sizes[k].first;
      ar.cols = sizes[k].second;
      const std::string adir = fmt::format("{}_{}x{}", dir, ar.rows, ar.cols);
      tasks.push_back({fmt::format("{} {}x{} array", r.e->name, ar.rows, ar.cols), [&ar, &r, &tools, adir] {
                         ar.glue = synthesize(tools, *r.e, "mac_array", ar.rows, ar.cols, adir);
                         ar.timing = time_netlist(tools, ar.glue, adir);
                       }});
    }
  }
  run_tasks(tasks, o.jobs);

  // The common clock: the slowest design's minimum period unless given.
  double clock = o.clock_ns;
  if (clock == 0.0) {
    for (const ConfigResult& r : res) {
      clock = std::max(clock, r.timing.min_period_ns);
      for (const ArrayResult& ar : r.arrays) clock = std::max(clock, ar.timing.min_period_ns);
    }
    clock = std::ceil(clock * 10.0) / 10.0;
  }
  // A unit that misses the clock is simulated at its own minimum period
  // (rounded up): clocked faster, its netlist computes wrong results, which
  // the gate-level check refuses.  Energy per operation hardly depends on
  // the period once every net settles within it.
  for (ConfigResult& r : res) {
    double p = r.timing.min_period_ns;
    for (const ArrayResult& ar : r.arrays) p = std::max(p, ar.timing.min_period_ns);
    r.sim_clock_ns = std::max(clock, std::ceil(p * 10.0) / 10.0);
  }

  // Power at the common clock from each stimulus's input activities.
  tasks.clear();
  for (ConfigResult& r : res) {
    r.llm = unit_activity(*r.e, Stimulus::Llm, o.seed);
    r.random = unit_activity(*r.e, Stimulus::Random, o.seed);
    const std::string dir = work + "/" + r.e->name;
    const uint64_t seed = o.seed;
    // Dot products of K = 4096 (128 blocks), or one shorter one.
    const size_t blocks = 4096 / static_cast<size_t>(r.e->n);
    // Two running sums (ACC_II = 2): an even number of interleaved dot products.
    const size_t ii = static_cast<size_t>(r.e->acc_ii);
    const size_t dots = (std::max<size_t>(ii, o.sim_cycles / blocks) + ii - 1) / ii * ii;
    const size_t k = std::min<size_t>(4096, o.sim_cycles * static_cast<size_t>(r.e->n) / dots);
    tasks.push_back({r.e->name + " unit gate-level simulation, LLM, timed", [&r, &tools, dir, seed, dots, k] {
                       r.gate_llm = simulate_activity(tools, r.unit, *r.e, Stimulus::Llm, seed, dir, dots, k, r.sim_clock_ns, true);
                     }});
    tasks.push_back({r.e->name + " unit gate-level simulation, random, timed", [&r, &tools, dir, seed, dots, k] {
                       r.gate_random =
                           simulate_activity(tools, r.unit, *r.e, Stimulus::Random, seed, dir, dots, k, r.sim_clock_ns, true);
                     }});
    tasks.push_back({r.e->name + " unit gate-level simulation, LLM, zero-delay; OpenSTA power",
                     [&r, &tools, dir, clock, seed, dots, k] {
                       r.gate_llm_zero =
                           simulate_activity(tools, r.unit, *r.e, Stimulus::Llm, seed, dir, dots, k, r.sim_clock_ns, false);
                       // OpenSTA's estimate at the common clock, as the report compares it.
                       r.llm_power = power(tools, r.unit, clock, r.llm.ports, 0.0, dir, "llm");
                       r.random_power = power(tools, r.unit, clock, r.random.ports, 0.0, dir, "random");
                     }});
    for (ArrayResult& ar : r.arrays) {
      const std::string adir = fmt::format("{}/{}_{}x{}", work, r.e->name, ar.rows, ar.cols);
      tasks.push_back({fmt::format("{} {}x{} array power", r.e->name, ar.rows, ar.cols), [&ar, &r, &tools, adir, clock] {
                         // The array's operand ports carry the unit's streams, row by row and
                         // column by column; the units' results (black boxes here) change
                         // once per dot product.
                         std::vector<Activity> in;
                         size_t abits = 0, bbits = 0;
                         for (const Activity& p : r.llm.ports) {
                           abits += p.port.rfind("a_i[", 0) == 0;
                           bbits += p.port.rfind("b_i[", 0) == 0;
                         }
                         for (int rr = 0; rr < ar.rows; ++rr)
                           for (size_t i = 0; i < abits; ++i)
                             in.push_back({fmt::format("a_i[{}]", rr * abits + i), r.llm.ports[i].activity,
                                           r.llm.ports[i].duty});
                         for (int c = 0; c < ar.cols; ++c)
                           for (size_t i = 0; i < bbits; ++i)
                             in.push_back({fmt::format("b_i[{}]", c * bbits + i), r.llm.ports[abits + i].activity,
                                           r.llm.ports[abits + i].duty});
                         in.push_back({"in_valid_i", 0.0, 1.0});
                         ar.glue_llm = power(tools, ar.glue, clock, in, 0.5 / r.llm.k_blocks, adir, "llm");
                       }});
    }
  }
  run_tasks(tasks, o.jobs);

  // Energy per MAC of a design doing macs_per_cycle at a clock period (mW x ns = pJ).
  auto pj_per_mac = [](double mw, double period_ns, double macs_per_cycle) { return mw * period_ns / macs_per_cycle; };
  for (ConfigResult& r : res) {
    r.energy_pj = pj_per_mac(r.gate_llm.power.total_mw(r.sim_clock_ns), r.sim_clock_ns, r.e->n);
    r.energy_zero_pj = pj_per_mac(r.gate_llm_zero.power.total_mw(r.sim_clock_ns), r.sim_clock_ns, r.e->n);
    for (ArrayResult& ar : r.arrays) {
      const double units = static_cast<double>(ar.rows * ar.cols);
      ar.area = units * r.unit.area + ar.glue.area;
      ar.power_mw = units * r.gate_llm.power.total_mw(clock) + ar.glue_llm.corrected_total_mw();
      ar.energy_pj = pj_per_mac(ar.power_mw, clock, units * r.e->n);
      ar.min_period_ns = std::max(r.timing.min_period_ns, ar.timing.min_period_ns);
    }
  }
  // The accuracy of each engine's contract on the LLM stimulus, and the clock target.
  for (ConfigResult& r : res) {
    r.sqnr_db = contract_sqnr(*r.e, o.seed);
    r.meets_clock = o.clock_ns == 0.0 || r.timing.min_period_ns <= o.clock_ns;
  }
  out.clock_ns = clock;
  out.clock_given = o.clock_ns != 0.0;
  out.arrays = sizes;
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace amx::synth
