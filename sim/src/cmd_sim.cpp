// amx sim: an LLM workload on the whole engine (DRAM, on-chip buffer, MAC
// array): the simulation and its report live in the sim library
// (amx/sim/engine.hpp); this is the command's parser.
#include <cstdio>
#include <memory>
#include <string>
#include <tuple>

#include "amx/golden/tensor_io.hpp"
#include "amx/report/sim_report.hpp"
#include "amx/sim/engine.hpp"
#include "amx/sim/workload.hpp"
#include "commands.hpp"

namespace amx::cli {

namespace {

void run_sim(sim::SimOptions a) {
  std::tie(a.rows, a.cols) = parse_array(a.array);
  if (a.bench) {
    if (!sim::bench_simulation(a)) exit_status() = 1;
    return;
  }
  prepare_out_dir("--out", a.out);
  // The report's files against the inputs, before the simulation: none may
  // replace one.
  golden::note_input("--workload", a.workload);
  if (!a.tech.empty()) golden::note_input("--tech", a.tech);
  if (!a.ppa.empty()) golden::note_input("--ppa", a.ppa);
  golden::OutputSet outs;
  for (const std::string& f : report::sim_report_files(a)) outs.claim("--out", f);
  const sim::SimResult r = sim::run_simulation(a);
  const std::string md = report::write_sim_report(r);
  std::fputs(md.c_str(), stdout);
  std::fprintf(stderr, "amx sim: wrote %s/sim.md, sim.json, sim.csv and the plots in %.2f s\n", a.out.c_str(),
               r.wall_seconds);
}

}  // namespace

void add_sim(CLI::App& app) {
  auto args = std::make_shared<sim::SimOptions>();
  CLI::App* c = app.add_subcommand("sim", "an LLM workload on the SystemC model: cycles, utilisation, energy, accuracy");
  std::string presets;
  for (const std::string& p : sim::preset_names()) presets += (presets.empty() ? "" : ", ") + p;
  c->add_option("--workload", args->workload, "preset (" + presets + "), a .yaml/.json workload file or a SCALE-Sim GEMM topology .csv")
      ->capture_default_str();
  c->add_option("--mode", args->mode, "prefill or decode (presets)")->capture_default_str();
  c->add_option("--seq", args->seq, "sequence length (prefill) or context length (decode)")->capture_default_str();
  c->add_option("--batch", args->batch, "sequences")->capture_default_str();
  c->add_option("--array", args->array, "array size RxC")->capture_default_str();
  c->add_option("--a-format", args->a_format, "format of A (activations)")->capture_default_str();
  c->add_option("--b-format", args->b_format, "format of B (weights)")->capture_default_str();
  c->add_option("--compare", args->compare, "a second format for both sides, or none")->capture_default_str();
  c->add_option("--discipline", args->discipline, "block, class-seq, window or fused")->capture_default_str();
  c->add_option("--pipe", args->pipe, "pipeline stages per unit")->capture_default_str();
  c->add_option("--acc-ii", args->acc_ii,
                "2: two-cycle accumulators (the units' pipelined adders), two row groups interleaved per unit")
      ->capture_default_str();
  c->add_option("--lanes", args->lanes,
                "block pairs per unit and cycle, one accumulator update per group (wide units: 1, 2, 4, 8 or 16; "
                "docs/numerics.md 7.2); --ppa then takes the engine of that width")
      ->capture_default_str();
  c->add_option("--drain-rows", args->drain_rows,
                "result rows leaving the array's drain bank per cycle (a power of two dividing the array's rows; the buffer takes "
                "them at that width)")
      ->capture_default_str();
  c->add_option("--bandwidth", args->bandwidth, "DRAM bytes per cycle (reads and writes)")->capture_default_str();
  c->add_option("--latency", args->latency, "DRAM latency in cycles")->capture_default_str();
  c->add_option("--buffer-kib", args->buffer_kib,
                "on-chip buffer (SRAM) in all: double-buffered operand panels and K-tiled partial sums")
      ->capture_default_str();
  c->add_option("--tech", args->tech,
                "technology file (YAML: SRAM, DRAM, controller numbers with their sources; default: the built-in "
                "sim/tech/default.yaml)");
  c->add_option("--clock-ghz", args->clock_ghz, "clock (0: from --ppa, else 1 GHz)")->capture_default_str();
  c->add_option("--mem-pj-per-byte", args->mem_pj_per_byte,
                "energy of a DRAM byte, overriding the technology file's (0: the technology file's)")
      ->capture_default_str();
  c->add_option("--ppa", args->ppa, "ppa.json of `amx ppa`: energy per MAC and clock");
  c->add_option("--numerics", args->numerics, "sample, full or off")->capture_default_str();
  c->add_option("--sample", args->sample, "rows and columns of each GEMM checked in sample mode (1..4096)")
      ->capture_default_str();
  c->add_option("--max-memory-gib", args->max_memory_gib,
                "refuse runs whose estimated memory exceeds this (model memory image, numerics operands)")
      ->capture_default_str();
  c->add_option("--seed", args->seed, "seed of the synthetic operands")->capture_default_str();
  c->add_option("--out", args->out, "report directory")->capture_default_str();
  c->add_flag("--bench", args->bench,
              "speed benchmark: every GEMM instance timing-only with the mapping search, and the bit-exact numerics rate; no report");
  c->callback([args] { run_sim(*args); });
}

}  // namespace amx::cli
