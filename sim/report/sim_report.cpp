// The engine report of `amx sim`: sim.md, sim.json, sim.csv and the plots
// (cycles, energy, roofline, SQNR), written all or none.
#include "amx/report/sim_report.hpp"
#include "amx/report/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "amx/golden/tensor_io.hpp"
#include "amx/report/svg_plot.hpp"
#include "amx/sim/engine.hpp"

namespace amx::report {

// The report reads the simulation's results throughout.
using namespace amx::sim;

namespace {

std::string sqnr_text(double db) { return std::isinf(db) ? std::string("exact") : fmt::format("{:.2f}", db); }
nlohmann::json json_db(double db) { return std::isinf(db) ? nlohmann::json("exact") : nlohmann::json(db); }
nlohmann::json json_num(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }
std::string mj(double v) { return std::isnan(v) ? std::string("n/a") : fmt::format("{:.3f}", v); }
std::string pct(double x, double y) { return fmt::format("{:+.1f}%", 100.0 * (x / y - 1.0)); }

double sqnr_of(const EngineRun& r) { return 10.0 * std::log10(r.signal / r.noise); }

// Cycles the roofline predicts for a GEMM instance from its DRAM bytes:
// max(compute at peak, bytes at the DRAM bandwidth).
double roofline_cycles(const SimResult& s, const EngineRun& r, const Gemm& g, const GemmRun& gr) {
  const double peak = static_cast<double>(s.rows) * s.cols * r.f.macs_per_unit();
  return std::max(static_cast<double>(g.m * g.n * g.k) / peak, static_cast<double>(gr.dram()) / s.opt.bandwidth);
}

nlohmann::json energy_json(const Energy& e) {
  return {{"mac_busy", json_num(e.mac_busy)}, {"mac_idle", json_num(e.mac_idle)}, {"controller", e.controller},
          {"sram", e.sram}, {"dram", e.dram}};
}

nlohmann::json mapping_json(const model::Mapping& m) {
  return {{"tile_m", m.tile_m}, {"tile_n", m.tile_n}, {"k_chunks", m.k_chunks}, {"order", m.order ? "n-outer" : "m-outer"}};
}

double ms(const SimResult& s, uint64_t cycles) { return static_cast<double>(cycles) / (s.clock_ghz * 1e6); }

// The title, the engine in one paragraph, the user operands.
std::string overview(const SimResult& s) {
  const SimOptions& a = s.opt;
  const int rows = s.rows, cols = s.cols;
  std::string md = fmt::format("# {} on a {}x{} MAC engine\n\n{}\n\n", md_cell(s.w.name), rows, cols, md_cell(s.w.description));
  // Each format pair's array has its PPA engine's pipeline depth.
  std::string pipes;
  for (const EngineRun& r : s.runs) {
    if (!pipes.empty()) pipes += ", ";
    pipes += std::to_string(r.f.pipe) + (s.runs.size() > 1 ? " for " + r.f.label : "");
  }
  md += fmt::format(
      "Engine: DRAM ({:g} B/cycle shared by reads and writes, {} cycles latency, {:.0f} pJ/B) -> {} KiB on-chip "
      "buffer -> {}x{} block_dot array ({} discipline, PIPE = {}{}{}; {} drained per cycle while the next tile "
      "accumulates), clock {:.3f} GHz{}. Every distinct GEMM gets its "
      "own mapping (output tile, K chunks, loop order) from an exhaustive search of a pruned space under the "
      "buffer's capacity (fewest cycles, then DRAM bytes, then energy); its cycles and traffic come from the SystemC "
      "model running that mapping (timing through its TLM register interface; the array co-simulated against the "
      "RTL by `amx equiv`, K-tiled partial sums included). Technology: {} ({}). Numerics: {}. Wall time {:.2f} s "
      "(mapping search {:.2f} s).\n\n",
      a.bandwidth, a.latency, s.dram_pj_per_byte, a.buffer_kib, rows, cols, golden::discipline_name(s.disc), pipes,
      a.acc_ii == 2 ? ", two-cycle accumulators: each unit interleaves two row groups, tiles of 2R rows" : "",
      a.lanes > 1 ? fmt::format(", {} lanes: each unit takes {} block pairs per cycle", a.lanes, a.lanes) : "",
      a.drain_rows == 1 ? std::string("one result row") : fmt::format("{} result rows", a.drain_rows), s.clock_ghz, a.ppa.empty() ? "" : " (from " + md_cell(a.ppa) + ")", md_cell(s.tech.name), md_cell(s.tech.path),
      a.numerics == "off"    ? "off"
      : a.numerics == "full" ? "every output of each GEMM (one instance) against an FP64 reference"
                             : fmt::format("the first {} x {} outputs of each GEMM against an FP64 reference", a.sample, a.sample),
      s.wall_seconds, s.search_seconds);
  std::string user;
  for (const Gemm& g : s.w.gemms)
    if (!g.a_npy.empty() || !g.b_npy.empty())
      user += fmt::format("{}{} ({} from .npy)", user.empty() ? "" : ", ", md_cell(g.name),
                          !g.a_npy.empty() && !g.b_npy.empty() ? "A, B" : !g.a_npy.empty() ? "A" : "B");
  if (!user.empty() && a.numerics != "off") md += "User operands (the other operands synthetic): " + user + ".\n\n";
  return md;
}

// The engine-level table, and the first engine against the second.
std::string comparison(const SimResult& s) {
  const SimOptions& a = s.opt;
  const int rows = s.rows, cols = s.cols;
  std::string md;
  md += "## Engine comparison\n\n| formats | cycles | time (ms) | utilisation | DRAM (MB) | DRAM / minimum | buffer "
        "traffic (MB) | energy (mJ) | energy per token (uJ) | area (mm^2): array + controller + buffer | SQNR (dB) "
        "|\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|\n";
  for (const EngineRun& r : s.runs) {
    const double e = r.energy.total();
    md += fmt::format("| {} | {} | {:.3f} | {:.1f}% | {:.1f} | {:.2f}x | {:.1f} | {} | {} | {} | {} |\n", r.f.label,
                      r.cycles, ms(s, r.cycles), 100.0 * r.utilization(rows, cols), r.dram * 1e-6,
                      static_cast<double>(r.dram) / static_cast<double>(r.dram_min), r.sram * 1e-6,
                      std::isnan(e) ? fmt::format("n/a (no --ppa; without the MAC array {:.3f})",
                                                  r.energy.controller + r.energy.sram + r.energy.dram)
                                    : fmt::format("{:.3f}", e),
                      std::isnan(e) || !s.tokens ? std::string("-") : fmt::format("{:.1f}", e * 1e3 / s.tokens),
                      std::isnan(r.area_array_um2)
                          ? fmt::format("n/a (no --ppa) + {:.2f} + {:.2f}", r.area_controller_um2 * 1e-6, r.area_sram_um2 * 1e-6)
                          : fmt::format("{:.2f} = {:.2f} + {:.2f} + {:.2f}", r.area_mm2(), r.area_array_um2 * 1e-6,
                                        r.area_controller_um2 * 1e-6, r.area_sram_um2 * 1e-6),
                      a.numerics == "off" ? std::string("-") : sqnr_text(sqnr_of(r)));
  }
  if (s.runs.size() == 2) {
    const EngineRun &x = s.runs[0], &y = s.runs[1];
    md += fmt::format("\n**{} against {} at the engine level:** cycles {}, DRAM traffic {}", x.f.label, y.f.label,
                      pct(static_cast<double>(x.cycles), static_cast<double>(y.cycles)),
                      pct(static_cast<double>(x.dram), static_cast<double>(y.dram)));
    if (!std::isnan(x.energy.total()) && !std::isnan(y.energy.total())) {
      md += fmt::format(", energy {}{}", pct(x.energy.total(), y.energy.total()),
                        s.tokens ? fmt::format(" ({:.1f} against {:.1f} uJ per token)", x.energy.total() * 1e3 / s.tokens,
                                               y.energy.total() * 1e3 / s.tokens)
                                 : std::string());
      md += fmt::format(", engine area {}", pct(x.area_mm2(), y.area_mm2()));
      md += fmt::format(". The MAC unit alone: area {}, energy per MAC {}; diluted by the buffer, controller and DRAM "
                        "to the figures above (MAC array share of the energy: {:.0f}% against {:.0f}%; of the area: "
                        "{:.0f}% against {:.0f}%)",
                        pct(x.f.unit_area_um2, y.f.unit_area_um2), pct(x.f.energy_pj, y.f.energy_pj),
                        100.0 * (x.energy.mac_busy + x.energy.mac_idle) / x.energy.total(),
                        100.0 * (y.energy.mac_busy + y.energy.mac_idle) / y.energy.total(),
                        100.0 * x.area_array_um2 / (x.area_mm2() * 1e6), 100.0 * y.area_array_um2 / (y.area_mm2() * 1e6));
    }
    if (a.numerics != "off") md += fmt::format("; SQNR {:+.2f} dB", sqnr_of(x) - sqnr_of(y));
    md += ".\n";
  }
  return md;
}

// Energy by part, and the buffer as built.
std::string energy_breakdown(const SimResult& s) {
  std::string md;
  md += "\n## Energy breakdown (mJ)\n\n| formats | MAC array busy | MAC array idle | controller | buffer (SRAM) | DRAM "
        "| total |\n|---|---:|---:|---:|---:|---:|---:|\n";
  for (const EngineRun& r : s.runs)
    md += fmt::format("| {} | {} | {} | {:.3f} | {:.3f} | {:.3f} | {} |\n", r.f.label, mj(r.energy.mac_busy),
                      mj(r.energy.mac_idle), r.energy.controller, r.energy.sram, r.energy.dram, mj(r.energy.total()));
  md += "\nMAC array busy = MACs x the unit's energy per MAC from `amx ppa` (simulated LLM stimulus, glitches "
        "included); idle = every other unit-cycle (stalls, tails, units an edge tile leaves empty) x the unit's idle "
        "energy and leakage; controller = cycles x the sequencer's energy per cycle; buffer = bytes read (operands "
        "streamed to the array, partial sums loaded back) and written (DRAM fills, partial sums) x the energy per "
        "byte of one bank; DRAM = bytes moved x its energy per byte.\n";
  md += "\n| formats | buffer banks | bank size (KiB) | bandwidth: operands to the array + drain to the buffer "
        "(B/cycle) | read / write (pJ/B) | array area from |\n|---|---:|---:|---:|---|---|\n";
  for (const EngineRun& r : s.runs)
    md += fmt::format("| {} | {} | {:.1f} | {} + {} | {:.1f} / {:.1f} | {} |\n", r.f.label, r.banks, r.bank_kib,
                      r.sram_bytes_per_cycle - r.sram_drain_bytes_per_cycle, r.sram_drain_bytes_per_cycle,
                      r.sram_read_pj, r.sram_write_pj,
                      r.f.array_area_from.empty() ? std::string("n/a (no --ppa)") : r.f.array_area_from);
  return md;
}

// Utilisation, DRAM traffic and roofline agreement against their targets.
std::string targets(const SimResult& s) {
  const int rows = s.rows, cols = s.cols;
  std::string md;
  md += "\n## Targets\n\n";
  for (const EngineRun& r : s.runs) {
    uint64_t lin_macs = 0, lin_cycles = 0;
    double roof = 0.0, cyc = 0.0;
    for (size_t gi = 0; gi < s.w.gemms.size(); ++gi) {
      const Gemm& g = s.w.gemms[gi];
      const GemmRun& gr = r.g[gi];
      if (linear_layer(g)) lin_macs += g.macs(), lin_cycles += gr.st.cycles * g.count;
      roof += roofline_cycles(s, r, g, gr) * static_cast<double>(g.count);
      cyc += static_cast<double>(gr.st.cycles * g.count);
    }
    const double lin_util = lin_cycles ? static_cast<double>(lin_macs) / (static_cast<double>(lin_cycles) * rows * cols * r.f.macs_per_unit()) : 0.0;
    const double ratio = static_cast<double>(r.dram) / static_cast<double>(r.dram_min);
    md += fmt::format("- {}: linear layers at **{:.1f}%** utilisation (prefill target >= 90%: {}); DRAM traffic **{:.2f}x** "
                      "the compulsory minimum (prefill target <= 3x: {}); cycles **{:+.1f}%** from the roofline's "
                      "prediction from each GEMM's DRAM bytes (decode target: within 5%: {}).\n",
                      r.f.label, 100.0 * lin_util, lin_util >= 0.9 ? "met" : "missed", ratio,
                      ratio <= 3.0 ? "met" : "missed", 100.0 * (cyc / roof - 1.0),
                      std::fabs(cyc / roof - 1.0) <= 0.05 ? "met" : "missed");
  }
  return md;
}

// Where the cycles above the array's peak go, the three largest GEMMs (first
// engine), each with its reason.
std::string cycles_lost(const SimResult& s) {
  const SimOptions& a = s.opt;
  const int rows = s.rows, cols = s.cols;
  std::string md;
  // Where the cycles above the array's peak go, per GEMM (first engine).
  {
    const EngineRun& r = s.runs[0];
    const double peak = static_cast<double>(rows) * cols * r.f.macs_per_unit();
    std::vector<std::pair<double, size_t>> lost;
    for (size_t gi = 0; gi < s.w.gemms.size(); ++gi) {
      const Gemm& g = s.w.gemms[gi];
      const double l = static_cast<double>(r.g[gi].st.cycles * g.count) - static_cast<double>(g.macs()) / peak;
      lost.push_back({l, gi});
    }
    std::sort(lost.rbegin(), lost.rend());
    double all = 0.0;
    for (const auto& l : lost) all += std::max(0.0, l.first);
    md += fmt::format("\nWhere {}'s cycles beyond the array's peak go ({:.3g} cycles in all):\n\n", r.f.label, all);
    for (size_t i = 0; i < std::min<size_t>(3, lost.size()) && lost[i].first > 0.0; ++i) {
      const Gemm& g = s.w.gemms[lost[i].second];
      const model::Stats& st = r.g[lost[i].second].st;
      const model::ArrayConfig array = array_config(a, r.f);
      const uint64_t nb = array.groups((g.k + static_cast<uint64_t>(r.f.block) - 1) / static_cast<uint64_t>(r.f.block));
      const uint64_t ii = static_cast<uint64_t>(a.acc_ii);
      const uint64_t hold = array.drain_hold();
      std::string why;
      if (st.stall_drain >= st.stall_mem && st.stall_drain >= st.tail)
        why = fmt::format("drain-bound: K = {} is {} {} per {}output tile, and the drain bank ({} of {} "
                          "results per cycle) takes {} = {} cycles per tile (--drain-rows widens it)",
                          g.k, ii * nb, a.lanes > 1 ? fmt::format("groups of {} block pairs", a.lanes) : std::string("block pairs"),
                          ii == 2 ? "two-row-group " : "",
                          a.drain_rows == 1 ? std::string("one row") : fmt::format("{} rows", a.drain_rows), cols,
                          ii == 2 ? (a.drain_rows == 1 ? "2R" : "2R / D") : (a.drain_rows == 1 ? "R" : "R / D"), hold);
      else if (st.stall_mem >= st.tail) {
        const double oi = static_cast<double>(g.m * g.n * g.k) / static_cast<double>(r.g[lost[i].second].dram());
        why = oi < peak / a.bandwidth
                  ? fmt::format("memory-bound: {:.1f} MAC per DRAM byte against the {:.0f} the array needs at {:g} "
                                "B/cycle",
                                oi, peak / a.bandwidth, a.bandwidth)
                  : fmt::format("memory stalls where panel loads and result writes bunch up (on average {:.1f} MAC "
                                "per DRAM byte, above the {:.0f} the array needs at {:g} B/cycle)",
                                oi, peak / a.bandwidth, a.bandwidth);
      }
      else
        why = "pipeline fill, drain and the final stores";
      md += fmt::format("- {}: {:.1f}% of them; {}.\n", md_cell(g.name), 100.0 * lost[i].first / all, why);
    }
  }
  return md;
}

// Every GEMM of every engine, and the technology file.
std::string per_gemm(const SimResult& s) {
  const SimOptions& a = s.opt;
  std::string md;
  for (const EngineRun& r : s.runs) {
    md += fmt::format("\n## {} per GEMM\n\n| GEMM | M | N | K | count | mapping | cycles (all) | utilisation | bound | "
                      "stalls mem / drain | DRAM per instance (MB) | minimum | I/O bound | buffer (MB) | energy (mJ) | "
                      "SQNR (dB) | max error (of max ref) |\n"
                      "|---|---:|---:|---:|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
                      r.f.label);
    for (size_t gi = 0; gi < s.w.gemms.size(); ++gi) {
      const Gemm& g = s.w.gemms[gi];
      const GemmRun& gr = r.g[gi];
      md += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {:.1f}% | {} | {:.1f}% / {:.1f}% | {:.3f} | {:.3f} | "
                        "{:.3f} | {:.3f} | {} | {} | {} |\n",
                        md_cell(g.name), g.m, g.n, g.k, g.count, to_string(gr.map), gr.st.cycles * g.count,
                        100.0 * gr.st.utilization(array_config(a, r.f)), gemm_bound(a, r.f, gr).kind,
                        100.0 * gr.st.stall_mem / gr.st.cycles, 100.0 * gr.st.stall_drain / gr.st.cycles,
                        gr.dram() * 1e-6, gr.dram_min * 1e-6, gr.io_bound * 1e-6, gr.sram() * 1e-6,
                        mj(gr.energy.total()), std::isnan(gr.sqnr_db) ? std::string("-") : sqnr_text(gr.sqnr_db),
                        std::isnan(gr.max_err) ? std::string("-") : fmt::format("{:.4f}", gr.max_err));
    }
  }
  md += "\nBound = the largest of the GEMM's compute cycles (block pairs entering the array), its DRAM time at the "
        "bandwidth and its drain time (array tiles x RR / D cycles in the drain bank). "
        "Minimum = each operand read once and each result written once; I/O bound = the blocked-GEMM bound with "
        "binary32 output tiles filling the whole buffer (every A row read N / tile times, every B row M / tile times). "
        "Mapping: output tile, K chunks (partial sums kept in the buffer and preloaded into the units), loop order.\n\n"
        "![cycles per GEMM](sim_cycles.svg)\n\n![energy breakdown](sim_energy.svg)\n\n![roofline](sim_roofline.svg)\n";
  if (a.numerics != "off") md += "\n![SQNR per GEMM](sim_sqnr.svg)\n";
  md += "\n## Technology (" + s.tech.path + ")\n\n| entry | value | unit | source |\n|---|---:|---|---|\n";
  for (const TechValue* v : s.tech.all())
    md += fmt::format("| {} | {:g} | {} | {} |\n", v->key, v->value, v->unit, v->source);
  if (a.mem_pj_per_byte > 0.0) md += fmt::format("\nDRAM energy overridden by --mem-pj-per-byte {:g}.\n", a.mem_pj_per_byte);
  return md;
}

nlohmann::json bound_json(const GemmBound& b) {
  return {{"kind", b.kind}, {"compute_cycles", b.compute}, {"memory_cycles", b.memory}, {"drain_cycles", b.drain}};
}

// sim.json (returned) and sim.csv (into csv).
nlohmann::json sim_json(const SimResult& s, std::string& csv) {
  const SimOptions& a = s.opt;
  const int rows = s.rows, cols = s.cols;
  nlohmann::json j;
  j["workload"] = s.w.name;
  j["array"] = {{"rows", rows}, {"cols", cols}, {"pipe", s.runs.front().f.pipe}, {"acc_ii", a.acc_ii}, {"lanes", a.lanes}, {"drain_rows", a.drain_rows}, {"discipline", golden::discipline_name(s.disc)},
                {"bandwidth", a.bandwidth}, {"latency", a.latency}, {"buffer_kib", a.buffer_kib}, {"clock_ghz", s.clock_ghz}};
  j["tokens"] = s.tokens;
  j["wall_seconds"] = s.wall_seconds;
  j["search_seconds"] = s.search_seconds;
  j["tech"] = {{"name", s.tech.name}, {"path", s.tech.path}};
  for (const TechValue* v : s.tech.all()) j["tech"]["values"][v->key] = {{"value", v->value}, {"unit", v->unit}, {"source", v->source}};
  csv = "formats,gemm,m,n,k,count,tile_m,tile_n,k_chunks,order,macs,cycles,utilization,dram_bytes,dram_bytes_min,"
                    "sram_bytes,sqnr_db,energy_mj,bound\n";
  for (const EngineRun& r : s.runs) {
    nlohmann::json c = {{"formats", r.f.label},
                         {"pipe", r.f.pipe},
                        {"cycles", r.cycles},
                        {"macs", r.macs},
                        {"utilization", r.utilization(rows, cols)},
                        {"stall_mem", r.stall_mem},
                        {"stall_drain", r.stall_drain},
                        {"time_ms", ms(s, r.cycles)},
                        {"dram_bytes", r.dram},
                        {"dram_bytes_min", r.dram_min},
                        {"sram_bytes", r.sram},
                        {"energy_mj", json_num(r.energy.total())},
                        {"energy_breakdown_mj", energy_json(r.energy)},
                        {"area_mm2", json_num(r.area_mm2())},
                        {"area_breakdown_mm2",
                         {{"array", json_num(r.area_array_um2 * 1e-6)},
                          {"controller", r.area_controller_um2 * 1e-6},
                          {"sram", r.area_sram_um2 * 1e-6}}},
                        {"buffer", {{"banks", r.banks}, {"bank_kib", r.bank_kib}, {"bytes_per_cycle", r.sram_bytes_per_cycle},
                                    {"drain_bytes_per_cycle", r.sram_drain_bytes_per_cycle},
                                    {"read_pj_per_byte", r.sram_read_pj}, {"write_pj_per_byte", r.sram_write_pj}}}};
    if (s.tokens) c["energy_uj_per_token"] = json_num(r.energy.total() * 1e3 / static_cast<double>(s.tokens));
    if (a.numerics != "off") c["sqnr_db"] = json_db(sqnr_of(r));
    for (size_t gi = 0; gi < s.w.gemms.size(); ++gi) {
      const Gemm& g = s.w.gemms[gi];
      const GemmRun& gr = r.g[gi];
      nlohmann::json e = {{"name", g.name},
                          {"m", g.m},
                          {"n", g.n},
                          {"k", g.k},
                          {"count", g.count},
                          {"mapping", mapping_json(gr.map)},
                          {"search", {{"candidates", gr.candidates}, {"costed", gr.costed}, {"predicted_cycles", gr.predicted.cycles}}},
                          {"cycles_each", gr.st.cycles},
                          {"utilization", gr.st.utilization(array_config(a, r.f))},
                          {"bound", bound_json(gemm_bound(a, r.f, gr))},
                          {"dram_bytes", gr.dram()},
                          {"dram_bytes_min", gr.dram_min},
                          {"dram_io_bound", gr.io_bound},
                          {"sram_bytes", gr.sram()},
                          {"psum_bytes", gr.st.psum_bytes},
                          {"roofline_cycles", roofline_cycles(s, r, g, gr)},
                          {"energy_mj", json_num(gr.energy.total())},
                          {"energy_breakdown_mj", energy_json(gr.energy)},
                          {"stats_each", model::to_json(gr.st, array_config(a, r.f), s.mem)}};
      if (!std::isnan(gr.sqnr_db)) e["sqnr_db"] = json_db(gr.sqnr_db), e["max_err"] = gr.max_err;
      c["gemms"].push_back(e);
      csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{:.5f},{},{},{},{},{},{}\n", csv_field(r.f.label), csv_field(g.name), g.m, g.n, g.k,
                         g.count, gr.map.tile_m, gr.map.tile_n, gr.map.k_chunks, gr.map.order ? "n-outer" : "m-outer",
                         g.macs(), gr.st.cycles * g.count, gr.st.utilization(array_config(a, r.f)),
                         gr.dram() * g.count, gr.dram_min * g.count, gr.sram() * g.count,
                         std::isnan(gr.sqnr_db) ? std::string() : fmt::format("{:.3f}", gr.sqnr_db),
                         std::isnan(gr.energy.total()) ? std::string() : fmt::format("{:.5f}", gr.energy.total()),
                         gemm_bound(a, r.f, gr).kind);
    }
    j["configs"].push_back(c);
  }
  return j;
}

std::string cycles_chart(const SimResult& s) {
  const int rows = s.rows, cols = s.cols;
  report::BarChart cyc;
  cyc.title = fmt::format("{}: cycles per GEMM (all instances), {}x{} array", s.w.name, rows, cols);
  cyc.x_label = "million cycles";
  for (const EngineRun& r : s.runs)
    for (const Gemm& g : s.w.gemms) cyc.rows.push_back(g.name + " (" + r.f.label + ")");
  const char* parts[] = {"computing", "memory stalls", "drain stalls", "fill, drain, stores"};
  for (int p = 0; p < 4; ++p) {
    report::Series ser{parts[p], {}};
    for (const EngineRun& r : s.runs)
      for (size_t gi = 0; gi < s.w.gemms.size(); ++gi) {
        const model::Stats& st = r.g[gi].st;
        const uint64_t v[] = {st.busy, st.stall_mem, st.stall_drain, st.tail};
        ser.y.push_back(static_cast<double>(v[p] * s.w.gemms[gi].count) * 1e-6);
      }
    cyc.segments.push_back(ser);
  }
  return report::render_svg(cyc);

}

std::string energy_chart(const SimResult& s) {
  report::BarChart en;
  en.title = fmt::format("{}: energy of the engine by part", s.w.name);
  en.x_label = "mJ";
  for (const EngineRun& r : s.runs) en.rows.push_back(r.f.label);
  const char* eparts[] = {"MAC array busy", "MAC array idle", "controller", "buffer (SRAM)", "DRAM"};
  for (int p = 0; p < 5; ++p) {
    report::Series ser{eparts[p], {}};
    for (const EngineRun& r : s.runs) {
      const double v[] = {r.energy.mac_busy, r.energy.mac_idle, r.energy.controller, r.energy.sram, r.energy.dram};
      ser.y.push_back(std::isnan(v[p]) ? 0.0 : v[p]);
    }
    en.segments.push_back(ser);
  }
  return report::render_svg(en);

}

std::string roofline_chart(const SimResult& s) {
  const SimOptions& a = s.opt;
  const int rows = s.rows, cols = s.cols;
  report::ScatterChart roof;
  roof.title = fmt::format("Roofline: {}x{} array, {:g} B/cycle DRAM", rows, cols, a.bandwidth);
  roof.x_label = "operational intensity (MAC per DRAM byte)";
  roof.y_label = "MAC per cycle";
  roof.log_axes = true;
  double oi_lo = INFINITY, oi_hi = 0.0;
  for (const EngineRun& r : s.runs)
    for (size_t gi = 0; gi < s.w.gemms.size(); ++gi) {
      const Gemm& g = s.w.gemms[gi];
      const GemmRun& gr = r.g[gi];
      const double oi = static_cast<double>(g.m * g.n * g.k) / static_cast<double>(gr.dram());
      oi_lo = std::min(oi_lo, oi), oi_hi = std::max(oi_hi, oi);
      roof.points.push_back({g.name, r.f.label, oi, static_cast<double>(g.m * g.n * g.k) / static_cast<double>(gr.st.cycles)});
    }
  const double peak = static_cast<double>(rows) * cols * s.runs[0].f.block;
  const double knee = peak / a.bandwidth;
  const double lo = std::min(oi_lo, knee) / 2.0, hi = std::max(oi_hi, knee) * 2.0;
  roof.line = {{lo, lo * a.bandwidth}, {knee, peak}, {hi, peak}};
  roof.line_label = fmt::format("peak {:g} MAC/cycle, {:g} B/cycle", peak, a.bandwidth);
  return report::render_svg(roof);

}

std::string sqnr_chart(const SimResult& s) {
  report::BarChart q;
  q.title = "SQNR of each quantized GEMM against FP64 (higher is better)";
  q.x_label = "dB";
  report::Series ser{"SQNR", {}};
  for (size_t gi = 0; gi < s.w.gemms.size(); ++gi)
    for (const EngineRun& r : s.runs) {
      q.rows.push_back(s.w.gemms[gi].name + " (" + r.f.label + ")");
      ser.y.push_back(std::isinf(r.g[gi].sqnr_db) ? 0.0 : std::max(0.0, r.g[gi].sqnr_db));
    }
  q.segments.push_back(ser);
  return report::render_svg(q);
}

}  // namespace

std::string write_sim_report(const SimResult& s) {
  const SimOptions& a = s.opt;
  const std::string md = overview(s) + comparison(s) + energy_breakdown(s) + targets(s) + cycles_lost(s) + per_gemm(s);
  std::string csv;
  const nlohmann::json j = sim_json(s, csv);
  std::vector<std::string> contents = {md, json_text(j), csv, cycles_chart(s), energy_chart(s), roofline_chart(s)};
  if (a.numerics != "off") contents.push_back(sqnr_chart(s));
  const std::vector<std::string> files = sim_report_files(a);
  golden::OutputSet outs;
  for (size_t i = 0; i < files.size(); ++i) outs.stage(files[i], contents.at(i));
  outs.commit();
  return md;
}

std::vector<std::string> sim_report_files(const SimOptions& a) {
  std::vector<std::string> f = {"sim.md", "sim.json", "sim.csv", "sim_cycles.svg", "sim_energy.svg", "sim_roofline.svg"};
  if (a.numerics != "off") f.push_back("sim_sqnr.svg");
  for (std::string& x : f) x = a.out + "/" + x;
  return f;
}

}  // namespace amx::report
