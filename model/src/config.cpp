// The model's statistics as JSON and as the text `amx model` prints.
#include "amx/model/config.hpp"

#include <fmt/format.h>

#include "amx/golden/dot.hpp"
#include "amx/golden/error.hpp"

namespace amx::model {

void ArrayConfig::check() const {
  if (rows < 1 || cols < 1 || rows > 256 || cols > 256)
    throw Error(fmt::format("array size {}x{} is outside 1x1..256x256", rows, cols));
  if (block < 1 || (block & (block - 1)) != 0 || block > 1024)
    throw Error(fmt::format("block size {} is not a power of two in 1..1024", block));
  if (pipe < 0 || pipe > 16) throw Error(fmt::format("pipeline depth {} is outside 0..16", pipe));
  if (acc_ii != 1 && acc_ii != 2) throw Error(fmt::format("ACC_II {} is not 1 or 2", acc_ii));
  if (lanes < 1 || lanes > golden::kMaxLanes || (lanes & (lanes - 1)) != 0)
    throw Error(fmt::format("lanes {} is not a power of two in 1..{}", lanes, golden::kMaxLanes));
  if (!drain_fits(rows, drain_rows))
    throw Error(fmt::format("drain rows per cycle (--drain-rows) must be a power of two dividing the array's rows ({}), "
                            "not {}",
                            rows, drain_rows));
}

uint64_t buffer_bytes_of_kib(uint64_t kib) {
  if (kib < 1 || kib > (uint64_t{1} << 20)) throw Error("--buffer-kib must be 1..1048576 (1 GiB), not " + std::to_string(kib));
  return kib * 1024;
}

nlohmann::json to_json(const Stats& s, const ArrayConfig& a, const MemConfig& m) {
  return {
      {"array", {{"rows", a.rows}, {"cols", a.cols}, {"block", a.block}, {"pipe", a.pipe}, {"acc_ii", a.acc_ii}, {"lanes", a.lanes},
                 {"drain_rows", a.drain_rows}}},
      {"memory",
       {{"bytes_per_cycle", m.bytes_per_cycle}, {"latency", m.latency}, {"buffer_bytes", m.buffer_bytes},
        {"clock_ghz", m.clock_ghz}}},
      {"cycles", s.cycles},
      {"busy_cycles", s.busy},
      {"stall_cycles", {{"memory", s.stall_mem}, {"drain", s.stall_drain}, {"fill_and_tail", s.tail}}},
      {"utilization", s.utilization(a)},
      {"macs", s.macs},
      {"macs_per_cycle", s.cycles ? static_cast<double>(s.macs) / static_cast<double>(s.cycles) : 0.0},
      {"peak_macs_per_cycle", a.rows * a.cols * a.block * a.lanes},
      {"bytes_read", s.bytes_read},
      {"bytes_written", s.bytes_written},
      {"sram_read", s.sram_read},
      {"sram_written", s.sram_written},
      {"psum_bytes", s.psum_bytes},
      {"block_pairs_per_unit", s.block_pairs},
      {"tiles", s.tiles},
      {"time_us", static_cast<double>(s.cycles) / (m.clock_ghz * 1e3)},
  };
}

std::string to_text(const Stats& s, const ArrayConfig& a, const MemConfig& m) {
  const double pct = s.cycles ? 100.0 / static_cast<double>(s.cycles) : 0.0;
  return fmt::format(
      "array {}x{} (block {}, pipe {}{}{}{}), memory {} B/cycle, latency {} cycles\n"
      "  cycles        {:>14}  ({:.3f} us at {} GHz)\n"
      "  busy          {:>14}  ({:.1f} %)\n"
      "  stall memory  {:>14}  ({:.1f} %)\n"
      "  stall drain   {:>14}  ({:.1f} %)\n"
      "  fill/tail     {:>14}  ({:.1f} %)\n"
      "  MACs          {:>14}  ({:.1f} of {} per cycle, utilization {:.1f} %)\n"
      "  bytes         {:>14} read, {} written (DRAM); {} tiles\n"
      "  buffer        {:>14} read, {} written ({} of partial sums)\n",
      a.rows, a.cols, a.block, a.pipe, a.acc_ii == 2 ? ", two-cycle accumulators" : "",
      a.lanes > 1 ? fmt::format(", {} lanes", a.lanes) : "",
      a.drain_rows > 1 ? fmt::format(", {} rows drained per cycle", a.drain_rows) : "", m.bytes_per_cycle, m.latency, s.cycles,
      static_cast<double>(s.cycles) / (m.clock_ghz * 1e3), m.clock_ghz, s.busy, s.busy * pct, s.stall_mem,
      s.stall_mem * pct, s.stall_drain, s.stall_drain * pct, s.tail, s.tail * pct, s.macs,
      s.cycles ? static_cast<double>(s.macs) / static_cast<double>(s.cycles) : 0.0, a.rows * a.cols * a.block * a.lanes,
      100.0 * s.utilization(a), s.bytes_read, s.bytes_written, s.tiles, s.sram_read, s.sram_written, s.psum_bytes);
}

}  // namespace amx::model
