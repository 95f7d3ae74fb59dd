// Subcommands of the amx driver.  Each adds itself to the CLI11 app; its
// callback throws amx::Error on bad input.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

namespace amx::cli {

// Every subcommand below, on app (one of them required).
void add_commands(CLI::App& app);

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

// A value that may not be empty (--engine "" names no engine; without this
// check it would mean "the default").
inline const CLI::Validator kNotEmpty(
    [](std::string& v) { return v.empty() ? std::string("an empty value names nothing") : std::string(); }, "NOT EMPTY");

// A comma-list option, one argument split here.  CLI11's own delimiter
// drops empty items, and a list left empty then takes the next argument,
// even an option, as its value (`--workloads , --arrays 2x2` ran a sweep of
// the workload "--arrays").  An empty argument is an empty list; an empty
// item of a list, or a number that is not one, is a usage error naming the
// option.
CLI::Option* add_list(CLI::App* app, const std::string& name, std::vector<std::string>& items, const std::string& desc);
CLI::Option* add_list(CLI::App* app, const std::string& name, std::vector<double>& items, const std::string& desc);

// The largest array side the model and the RTL are built for.
inline constexpr int kMaxArraySide = 256;
// "RxC" (e.g. 16x16) as rows and columns, each 1..kMaxArraySide; throws
// amx::Error otherwise.
std::pair<int, int> parse_array(const std::string& s);
// "RxC" or "RxCdD" (D result rows drained per cycle, a power of two
// dividing R): rows, columns and D, D 0 when not given.
std::tuple<int, int, int> parse_array_drain(const std::string& s);

// Creates a report directory (with its parents) and checks that files can
// be written in it, before any work: an amx::Error names the option.
void prepare_out_dir(const std::string& option, const std::string& dir);

// v rounded up to a 4 KiB page: operand placement in the model's memory.

// The process exit status of a command that finished its work but found a
// failure to report (after a SystemC simulation, where throwing is avoided).
int& exit_status();

}  // namespace amx::cli
