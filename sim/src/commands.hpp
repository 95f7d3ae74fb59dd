// Subcommands of the amx driver.  Each adds itself to the CLI11 app; its
// callback throws amx::Error on bad input.
#pragma once

#include <CLI/CLI.hpp>

namespace amx::cli {

void add_quantize(CLI::App& app);
void add_formats(CLI::App& app);
void add_study(CLI::App& app);
void add_bench(CLI::App& app);
void add_model(CLI::App& app);

}  // namespace amx::cli
