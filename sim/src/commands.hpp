// Subcommands of the amx driver.  Each adds itself to the CLI11 app; its
// callback throws amx::Error on bad input.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include <CLI/CLI.hpp>

namespace amx::cli {

void add_quantize(CLI::App& app);
void add_formats(CLI::App& app);
void add_study(CLI::App& app);
void add_bench(CLI::App& app);
void add_model(CLI::App& app);
void add_equiv(CLI::App& app);
void add_ppa(CLI::App& app);
void add_sim(CLI::App& app);
void add_sweep(CLI::App& app);
void add_gemm(CLI::App& app);

// The largest array side the model and the RTL are built for.
inline constexpr int kMaxArraySide = 256;
// "RxC" (e.g. 16x16) as rows and columns, each 1..kMaxArraySide; throws
// amx::Error otherwise.
std::pair<int, int> parse_array(const std::string& s);

// Creates a report directory (with its parents) and checks that files can
// be written in it, before any work: an amx::Error names the option.
void prepare_out_dir(const std::string& option, const std::string& dir);

// v rounded up to a 4 KiB page: operand placement in the model's memory.
inline uint64_t page_align(uint64_t v) { return (v + 4095) & ~uint64_t{4095}; }

// The process exit status of a command that finished its work but found a
// failure to report (after a SystemC simulation, where throwing is avoided).
int& exit_status();

}  // namespace amx::cli
