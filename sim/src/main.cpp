#include <cstdio>
#include <exception>

#include "amx/golden/error.hpp"
#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"amx: what AMXFP4 costs and buys in a 4-bit LLM accelerator, next to MXFP4"};
  app.require_subcommand(1);
  amx::cli::add_quantize(app);
  amx::cli::add_formats(app);
  amx::cli::add_study(app);
  amx::cli::add_bench(app);
  amx::cli::add_model(app);
  amx::cli::add_equiv(app);
  amx::cli::add_ppa(app);
  amx::cli::add_sim(app);
  amx::cli::add_sweep(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const amx::Error& e) {
    std::fprintf(stderr, "amx: error: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "amx: internal error: %s\n", e.what());
    return 3;
  }
  return amx::cli::exit_status();
}

int& amx::cli::exit_status() {
  static int status = 0;
  return status;
}
