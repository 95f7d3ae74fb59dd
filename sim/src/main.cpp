// The amx command line: one CLI11 subcommand per tool, errors printed with
// the culprit and a non-zero exit status, never an uncaught exception.
#include <cstdio>
#include <exception>
#include <filesystem>

#include "amx/golden/error.hpp"
#include "amx/golden/tensor_io.hpp"
#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"amx: what AMXFP4 costs and buys in a 4-bit LLM accelerator, next to MXFP4"};
  amx::cli::add_commands(app);
  // Exit status: 0 success, 1 bad input or a failed check (the message names
  // the input), 2 usage; 3 is an internal error (a bug).
  try {
    const amx::golden::InputGuard inputs;  // no output of the command replaces a file it read
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

