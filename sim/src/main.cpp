// The amx command line: one CLI11 subcommand per tool, errors printed with
// the culprit and a non-zero exit status, never an uncaught exception.
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <system_error>

#include "amx/golden/error.hpp"
#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"amx: what AMXFP4 costs and buys in a 4-bit LLM accelerator, next to MXFP4"};
  app.require_subcommand(1);
  amx::cli::add_quantize(app);
  amx::cli::add_gemm(app);
  amx::cli::add_formats(app);
  amx::cli::add_study(app);
  amx::cli::add_bench(app);
  amx::cli::add_model(app);
  amx::cli::add_equiv(app);
  amx::cli::add_ppa(app);
  amx::cli::add_sim(app);
  amx::cli::add_sweep(app);
  // Exit status: 0 success, 1 bad input or a failed check (the message names
  // the input), 2 usage; 3 is an internal error (a bug).
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  } catch (const amx::Error& e) {
    std::fprintf(stderr, "amx: error: %s\n", e.what());
    return 1;
  } catch (const std::filesystem::filesystem_error& e) {
    std::fprintf(stderr, "amx: error: %s\n", e.what());  // names the path
    return 1;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "amx: error: out of memory (the inputs are larger than this machine can hold)\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "amx: internal error: %s\n", e.what());
    return 3;
  }
  return amx::cli::exit_status();
}

void amx::cli::prepare_out_dir(const std::string& option, const std::string& dir) {
  if (dir.empty()) throw amx::Error(option + " is empty");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw amx::Error(option + " " + dir + ": cannot create the directory (" +
                     (ec ? ec.message() : std::string("a file is in the way")) + ")");
  if (access(dir.c_str(), W_OK | X_OK) != 0) throw amx::Error(option + " " + dir + ": the directory is not writable");
}

int& amx::cli::exit_status() {
  static int status = 0;
  return status;
}
